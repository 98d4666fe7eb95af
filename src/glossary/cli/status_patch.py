"""A kept status report patched instead of made whole.

After a commit or an edit, only the rows the change may have moved are judged again
(``glossary.status_patching.rejudge``) and written again; every other row is copied, as bytes, from the
report the last run kept. Piped text and JSON only, the two reports that list every row, and
only when every row is listed. A patch writes the very bytes a whole report would: the summary,
the commits and the order are made again from the rows; where a patch could not tell (the
columns of the piped list change width, no translation is outdated any more), the report is
made whole.

``whole`` renders a report and says where each row lies in it (its ``layout``, kept in the basis);
``patched`` makes the next report from the last one.
"""

from __future__ import annotations

import zlib
from bisect import bisect
from collections import Counter
from collections.abc import Callable, Mapping
from itertools import accumulate
from typing import TYPE_CHECKING, Any

from glossary.formats import ReportFormat

if TYPE_CHECKING:
    from glossary.cli.output import Output
    from glossary.status.basis import Basis
    from glossary.status.report import ArticleStatus, StatusReport
    from glossary.status_patching import Rejudged
    from glossary.status_request import StatusRequest

PATCHED = (ReportFormat.JSON, ReportFormat.TEXT)


def whole(
    report: StatusReport, out: Output, fmt: ReportFormat, names: Mapping[str, str], label: str | None, command: str
) -> tuple[str, dict[str, Any] | None]:
    """The report as JSON or piped text, and where each of its rows lies (None when it lists none)."""
    from glossary.cli.output import json_split
    from glossary.status_formats import most_behind_first, status_json

    if fmt is ReportFormat.JSON:
        data = status_json(report, label)
        ascii_only = out.json_ascii()
        split = json_split(data, ascii_only, "articles")
        assert split is not None
        head, lines, tail = split
        text = head + ",\n".join(lines) + tail + "\n"
        if not _utf8(text):
            return out.json_text(data, rows="articles"), None
        if not lines:
            return text, None
        rows = [len(line.encode("utf-8")) for line in lines]
        layout = {"format": "json", "ascii": ascii_only, "head": len(head.encode("utf-8")), "rows": rows}
        listed = data["commits"]
        assert isinstance(listed, dict)
        return text, {**layout, "commits": _commit_texts(listed, ascii_only)}
    from glossary.views import status_text

    heading = f"Docs version {label}\n\n" if label is not None else ""
    head, blocks, tail = status_text.status_text_parts(report, names, out.width, command=command)
    text = heading + head + "\n".join(blocks) + tail
    if not blocks or not _utf8(text):
        return text, None
    numbers = {(status.lang, status.slug): number for number, status in enumerate(report.articles)}
    late = sorted((status for status in report.articles if _late(status)), key=most_behind_first)
    return text, {
        "format": "text",
        "width": out.width,
        "head": len((heading + head).encode("utf-8")),
        "tail": len(tail.encode("utf-8")),
        "blocks": [len(block.encode("utf-8")) for block in blocks],
        "order": [numbers[status.lang, status.slug] for status in late],
        "keys": [most_behind_first(status) for status in late],
        "langs": dict(Counter(len(names.get(status.lang, status.lang)) for status in late)),
        "slugs": dict(Counter(len(status.slug) for status in late)),
    }


def patched(
    request: StatusRequest,
    key: str,
    out: Output,
    fmt: ReportFormat,
    language_name: Callable[[str], str],
    label: str | None,
) -> tuple[int, list[str], bytes] | None:
    """The report the last run kept for ``key``, patched: exit code, warnings and text; None when it
    cannot be (no report or basis kept, other files walked, too much changed). ``language_name``
    names a language as the reports do."""
    from glossary.errors import ExitStatus
    from glossary.status.basis import load_basis
    from glossary.status.kept import kept_output
    from glossary.status_patching import rejudge, start_rejudging

    basis = load_basis(request.kept_path, key, list(request.stats))
    if basis is None or not basis.layout or basis.layout.get("format") != fmt.value:
        return None
    start_rejudging(request, basis)  # git works while the kept report is read
    kept = kept_output(request.kept_path, key, None, basis.layout["crc"])
    if kept is None:
        return None
    rejudged = rejudge(request, basis)
    if rejudged is None:
        return None
    report = _frame(basis)
    names = {key: language_name(key) for key in [basis.source, *basis.languages]}
    if fmt is ReportFormat.JSON:
        text = _patched_json(basis, rejudged, report, kept[2], out, label)
    else:
        text = _patched_text(basis, rejudged, report, kept[2], out, names, label)
    if text is None:
        return None
    basis.layout["crc"] = zlib.crc32(text)
    counts = report.summary.values()
    failing = any(count.get("outdated", 0) or count.get("missing", 0) for count in counts)
    code = int(ExitStatus.NOT_FOUND if failing else ExitStatus.OK)
    warnings = [*basis.warnings, *(str(problem) for problem in report.marker_problems)]
    request.keep_output(key, (code, warnings, text), basis)
    return code, warnings, text


def _frame(basis: Basis) -> StatusReport:
    """The report of a basis without its rows: what the summary and the JSON's head are made from."""
    from glossary.status.report import MarkerProblem, StatusReport

    found = [MarkerProblem(value, uses, reason) for (value, reason), uses in basis.problems().items()]
    found.sort(key=lambda problem: (-problem.uses, problem.value))
    return StatusReport(basis.source, basis.languages, [], basis.summary(), found, sources=basis.sources)


def _patched_json(
    basis: Basis, rejudged: Rejudged, report: StatusReport, old: memoryview, out: Output, label: str | None
) -> bytes | None:
    from glossary.cli.output import RawJSON, json_line, json_split
    from glossary.status_formats import Dates, article_object, commit_object, status_json_frame

    layout = basis.layout
    ascii_only = out.json_ascii()
    if layout["ascii"] != ascii_only:
        return None
    basis.commits = basis.commits_in_order()
    written: dict[str, str] = layout.get("commits", {})
    new = {sha: commit_object(*basis.commits[sha]) for sha in basis.commits if sha not in written}
    texts = {**written, **_commit_texts(new, ascii_only)}
    layout["commits"] = {sha: texts[sha] for sha in basis.commits}
    commits = {sha: RawJSON(text) for sha, text in layout["commits"].items()}
    split = json_split(status_json_frame(report, label, commits, [{}]), ascii_only, "articles")
    assert split is not None
    head, _, tail = split
    line, when = json_line(ascii_only), Dates()
    fresh = {
        row: "    " + line(article_object(status, when))
        for row, status in zip(rejudged.rows, rejudged.statuses, strict=True)
    }
    if not all(_utf8(text) for text in (head, tail, *fresh.values())):
        return None
    lengths: list[int] = layout["rows"]
    starts = list(accumulate((length + 2 for length in lengths), initial=layout["head"]))
    pieces: list[bytes | memoryview] = []
    done = 0  # the rows before it are in ``pieces``
    for row in sorted(fresh):
        if row > done:  # the unchanged rows since the last one written again, as one piece
            pieces.append(old[starts[done] : starts[row] - 2])
        piece = fresh[row].encode("utf-8")
        pieces.append(piece)
        lengths[row] = len(piece)
        done = row + 1
    if done < len(lengths):
        pieces.append(old[starts[done] : starts[-1] - 2])
    if not pieces:
        return None
    head_bytes = head.encode("utf-8")
    layout["head"] = len(head_bytes)
    joined: list[bytes | memoryview] = [head_bytes]
    for part in pieces:
        joined += (part, b",\n")
    joined[-1] = tail.encode("utf-8") + b"\n"
    return b"".join(joined)


def _patched_text(
    basis: Basis,
    rejudged: Rejudged,
    report: StatusReport,
    old: memoryview,
    out: Output,
    names: Mapping[str, str],
    label: str | None,
) -> bytes | None:
    from glossary.status_formats import most_behind_first
    from glossary.views import status_text

    layout = basis.layout
    if layout["width"] != out.width:
        return None
    order: list[int] = layout["order"]
    keys: list[Any] = layout["keys"]
    blocks: list[int] = layout["blocks"]
    langs, slugs = Counter(layout["langs"]), Counter(layout["slugs"])
    widths = (max(langs), max(slugs))
    leaving = sorted(
        order.index(row) for row, state in zip(rejudged.rows, rejudged.before, strict=True) if state == "outdated"
    )
    for number in leaving:
        langs[len(names.get(keys[number][2], keys[number][2]))] -= 1
        slugs[len(keys[number][3])] -= 1
    arriving = [(row, status) for row, status in zip(rejudged.rows, rejudged.statuses, strict=True) if _late(status)]
    for _, status in arriving:
        langs[len(names.get(status.lang, status.lang))] += 1
        slugs[len(status.slug)] += 1
    langs, slugs = +langs, +slugs
    if not langs or (max(langs), max(slugs)) != widths:
        return None
    # Where the blocks arriving go among the old ones (after any old block of the same row, which leaves).
    placed = sorted(
        (bisect(keys, key), key, row, status_text.outdated_block(status, names, widths).encode("utf-8"))
        for row, status in arriving
        for key in [most_behind_first(status)]
    )
    starts = list(accumulate((length + 1 for length in blocks), initial=layout["head"]))
    cuts = sorted({*leaving, *(number + 1 for number in leaving), *(where for where, *_ in placed), 0, len(blocks)})
    new_order: list[int] = []
    new_keys: list[Any] = []
    new_blocks: list[int] = []
    pieces: list[bytes | memoryview] = []
    removed, arrivals = set(leaving), iter(placed)
    coming = next(arrivals, None)
    for begin, end in zip(cuts, cuts[1:], strict=False):
        while coming is not None and coming[0] == begin:
            _, key, row, block = coming
            _arrive(pieces, (new_order, new_keys, new_blocks), (row, key, block))
            coming = next(arrivals, None)
        if begin in removed or begin == end:
            continue
        pieces.append(old[starts[begin] : starts[end] - 1])
        new_order += order[begin:end]
        new_keys += keys[begin:end]
        new_blocks += blocks[begin:end]
    while coming is not None:  # after the last old block
        _, key, row, block = coming
        _arrive(pieces, (new_order, new_keys, new_blocks), (row, key, block))
        coming = next(arrivals, None)
    heading = f"Docs version {label}\n\n" if label is not None else ""
    summary = status_text.summary_text(report, names, out.width)
    head = f"{heading}{summary}\n\n{status_text.outdated_heading(len(new_order))}\n".encode()
    tail = old[len(old) - layout["tail"] :]
    layout.update(
        head=len(head), blocks=new_blocks, order=new_order, keys=new_keys, langs=dict(langs), slugs=dict(slugs)
    )
    return b"".join((head, b"\n".join(pieces), tail))


def _arrive(pieces: list[bytes | memoryview], lists: tuple[list[Any], ...], block: tuple[int, Any, bytes]) -> None:
    """A block written again joins the text and the layout's lists (order, keys, lengths)."""
    row, key, text = block
    pieces.append(text)
    for found, value in zip(lists, (row, key, len(text)), strict=True):
        found.append(value)


def _commit_texts(commits: Mapping[str, object], ascii_only: bool) -> dict[str, str]:
    """The text of each commit's object under ``commits`` in the JSON report, kept in the layout: a
    patch puts the texts of the commits already listed in as they were written."""
    from glossary.cli.output import json_indented, json_line

    line = json_line(ascii_only)
    return {sha: json_indented(value, line, "    ") for sha, value in commits.items()}


def _late(status: ArticleStatus) -> bool:
    from glossary.status import State

    return status.state is State.OUTDATED


def _utf8(text: str) -> bool:
    """Whether ``text`` can be written as UTF-8 (a path that is not UTF-8 holds lone surrogates)."""
    if text.isascii():
        return True
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
