"""The status report as piped text: the summary as a terminal shows it, then a block of plain lines
for each outdated translation (every commit it is behind), the orphans and what is missing. No table
to lay out, however many rows there are; ``glossary.cli.status_patch`` patches it block by block.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING

from rich.console import Console

from glossary.status.rule import State
from glossary.status_formats import behind_text, most_behind_first
from glossary.text import sanitize
from glossary.views.status import ORPHANS, date_of, nothing_to_do, summary_view

if TYPE_CHECKING:
    from glossary.status.report import ArticleStatus, StatusReport


def outdated_heading(count: int) -> str:
    return f"Outdated translations ({count}), most behind first"


def outdated_widths(statuses: Iterable[ArticleStatus], names: Mapping[str, str]) -> tuple[int, int]:
    """How wide the language and slug columns of the piped outdated list are: its widest of each."""
    lang_width = slug_width = 0
    for status in statuses:
        lang_width = max(lang_width, len(names.get(status.lang, status.lang)))
        slug_width = max(slug_width, len(status.slug))
    return lang_width, slug_width


def outdated_block(status: ArticleStatus, names: Mapping[str, str], widths: tuple[int, int]) -> str:
    """One outdated translation as piped text: a line, then a line per commit it is behind."""
    lang = names.get(status.lang, status.lang).ljust(widths[0])
    lines = [f"{lang}  {status.slug.ljust(widths[1])}  {behind_text(status)}"]
    for touch in status.changes:
        lines.append(f"    {date_of(touch.time) if touch.sha else 'now       '}  {sanitize(touch.subject)}")
    return "\n".join(lines)


def listed_lines(statuses: Sequence[ArticleStatus], names: Mapping[str, str], heading: str) -> Iterator[str]:
    """Translations of one state as plain lines, one each (``ja  label``): what piped text shows."""
    yield f"{heading} ({len(statuses)})"
    lang_width = max((len(names.get(status.lang, status.lang)) for status in statuses), default=0)
    for status in statuses:
        yield f"{names.get(status.lang, status.lang).ljust(lang_width)}  {status.slug}"


def status_text(
    report: StatusReport,
    names: Mapping[str, str],
    width: int,
    *,
    outdated: bool = True,
    missing: bool = False,
    command: str = "glossary status",
) -> str:
    """The report as piped text: the summary as on a terminal, then every outdated translation with every
    commit, the orphans and what is missing, a line each (no table to lay out, however many there are)."""
    head, blocks, tail = status_text_parts(report, names, width, outdated=outdated, missing=missing, command=command)
    return head + "\n".join(blocks) + tail


def summary_text(report: StatusReport, names: Mapping[str, str], width: int) -> str:
    """The summary as piped text shows it."""
    console = Console(width=width, no_color=True, color_system=None, highlight=False, emoji=False, markup=False)
    with console.capture() as capture:
        console.print(summary_view(report, names))
    return "\n".join(line.rstrip() for line in capture.get().rstrip("\n").split("\n"))


def status_text_parts(
    report: StatusReport,
    names: Mapping[str, str],
    width: int,
    *,
    outdated: bool = True,
    missing: bool = False,
    command: str = "glossary status",
) -> tuple[str, list[str], str]:
    """``status_text`` in three parts: what comes before the outdated translations, a block for each
    (most behind first), and what comes after; the blocks joined by newlines between the two are the text."""
    late = [a for a in report.articles if a.state is State.OUTDATED]
    absent = [a for a in report.articles if a.state is State.MISSING]
    orphans = [a for a in report.articles if a.state is State.ORPHAN]
    after = []
    if outdated and orphans:
        after.append("\n".join(listed_lines(orphans, names, ORPHANS)))
    if missing and absent:
        after.append("\n".join(listed_lines(absent, names, "Missing translations")))
    if outdated and not late and not (missing and absent):
        said, then = nothing_to_do(report, missing=missing, command=command)
        after.append(said if then is None else f"{said}\n{then}")
    tail = "".join("\n\n" + part for part in after) + "\n"
    summary = summary_text(report, names, width)
    if not (outdated and late):
        return summary + tail, [], ""
    widths = outdated_widths(late, names)
    blocks = [outdated_block(status, names, widths) for status in sorted(late, key=most_behind_first)]
    return f"{summary}\n\n{outdated_heading(len(late))}\n", blocks, tail
