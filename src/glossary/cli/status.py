"""``glossary status``: which translations are outdated or missing, from the git history of the glossary.

The command, its options, and its body (``run``). Output goes through the run's ``Output`` like
every other command's; git's errors are ``GlossaryError``s (one line, exit 1) raised from
``glossary.status.git``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

import typer

from glossary.cli.app import GlossaryCommand, app, pager_option
from glossary.cli.formats import chosen_format, format_option, json_alias
from glossary.cli.session import session_of
from glossary.cli.status_tasks import changed_since_report, language_key, mark_reviewed, show_diff
from glossary.collector import collector_paused
from glossary.errors import ExitStatus, UsageError
from glossary.formats import ReportFormat

if TYPE_CHECKING:
    from glossary.cli.output import Output
    from glossary.cli.session import Session
    from glossary.corpus import Corpus
    from glossary.status.kept import Output as KeptOutput
    from glossary.status.report import StatusReport
    from glossary.status_request import StatusRequest


STATUS_FORMATS = (ReportFormat.TEXT, ReportFormat.JSON, ReportFormat.GITHUB, ReportFormat.MARKDOWN)


HELP = (
    "Which translations are outdated or missing, from git history: `glossary status no`.\n\n"
    "A translation is outdated when the text of its source article differs from the source at its base: the "
    "source commit its front matter names, else its own last change. Exit 0 when everything asked for is "
    "current, 1 when something is outdated or missing."
)

LANGS: Any = typer.Argument(None, metavar="LANG...", help="Only these languages (default: every translation).")
OUTDATED: Any = typer.Option(False, "--outdated", help="Only outdated translations (and exit 1 only for them).")
MISSING: Any = typer.Option(False, "--missing", help="Only missing translations (and list them).")
JSON: Any = json_alias()
ALL: Any = typer.Option(
    False, "--all", help="On a terminal, every outdated translation (else the 20 most behind in each language)."
)
FORMAT: Any = format_option(STATUS_FORMATS)
DIFF: Any = typer.Option(
    None,
    "--diff",
    metavar="SLUG",
    help="What changed in the source of SLUG since it was translated (with one LANG, or when only one "
    "translation of SLUG is outdated).",
)


CHANGED_SINCE: Any = typer.Option(
    None,
    "--changed-since",
    metavar="REF",
    help="Only the translations whose state this change moves (HEAD and the work tree against the merge base "
    "of REF, as origin/main for a pull request), and how; exit 1 when one becomes outdated, missing or orphan.",
)
REVIEWED: Any = typer.Option(
    None,
    "--mark-reviewed",
    metavar="LANG/SLUG",
    help="Say that a translation matches its source as committed now: its front matter gets the glossary's "
    "marker key with the source's last commit (nothing else in the file changes).",
)


class Asked(NamedTuple):
    """The options of one ``glossary status``."""

    outdated: bool = False
    missing: bool = False
    as_json: bool = False
    output_format: str | None = None
    diff: str | None = None
    all: bool = False
    reviewed: list[str] | None = None
    changed_since: str | None = None
    pager: bool = True


def run(
    corpus: Corpus,
    out: Output,
    langs: Sequence[str] | None,
    asked: Asked,
    *,
    warn: Callable[[str], None] | None = None,
    prefix: Sequence[str] = ("glossary",),
) -> int:
    """Run ``glossary status`` and return its exit status; ``warn`` takes what is said on stderr at the end;
    ``prefix`` is how the command was called up to ``status`` (for the commands a report suggests)."""
    from glossary import tracking

    fmt = chosen_format("status", STATUS_FORMATS, asked.output_format, as_json=asked.as_json)
    if asked.diff is not None and fmt is not ReportFormat.TEXT:
        raise UsageError("--diff shows changes as text: use it without --json and --format")
    versions = tracking.versions_to_judge(corpus)
    for value in asked.reviewed or []:
        if "/" not in value.strip("/"):  # ``--mark-reviewed uk faq``: the slug given apart
            meant = f"; did you mean --mark-reviewed {value}/{langs[0]}?" if langs else ""
            raise UsageError(f"--mark-reviewed takes LANG/SLUG, as in ja/pod, not {value!r}{meant}")
    for lang in langs or []:
        if asked.reviewed and "/" in lang:  # a second LANG/SLUG given without its option
            raise UsageError(
                f"--mark-reviewed takes one LANG/SLUG: repeat it, as in --mark-reviewed {asked.reviewed[-1]} "
                f"--mark-reviewed {lang}"
            )
    keys = [language_key(lang, [judged for _, judged in versions] or [corpus]) for lang in langs or []] or None
    if keys and corpus.source in keys:
        raise UsageError(f"{corpus.source} is the source language; status judges its translations")
    if keys:
        versions = [(label, judged) for label, judged in versions if set(keys) & set(judged.languages)] or versions[:1]
    if asked.reviewed:
        return mark_reviewed([judged for _, judged in versions], out, asked.reviewed)
    if asked.diff is not None:
        return show_diff(versions, out, keys, asked.diff, pager=asked.pager)
    try:
        return _reported(versions, out, keys, asked, fmt, warn, prefix)
    except BaseException:
        from glossary.status import git

        git.stop_running()  # what a thread still reads from git (a history read ahead) ends with the run
        raise


def _reported(
    versions: list[tuple[str | None, Corpus]],
    out: Output,
    keys: list[str] | None,
    asked: Asked,
    fmt: ReportFormat,
    warn: Callable[[str], None] | None,
    prefix: Sequence[str],
) -> int:
    """The reports of every version asked for, written; the exit status."""
    waited: list[StatusRequest] = []
    try:
        return _written(_made(versions, out, keys, asked, fmt, prefix, waited), out, asked, fmt, warn)
    finally:
        for request in waited:  # what each report keeps for the next run, written while the reports were printed
            request.wait_kept()


def _made(
    versions: list[tuple[str | None, Corpus]],
    out: Output,
    keys: list[str] | None,
    asked: Asked,
    fmt: ReportFormat,
    prefix: Sequence[str],
    waited: list[StatusRequest],
) -> list[tuple[int, list[str], str | memoryview | OnScreen | None]]:
    """The report of every version asked for: exit code, warnings, and the text (on a terminal, what to draw).
    ``waited`` gets what each report is made from."""
    results: list[tuple[int, list[str], str | memoryview | OnScreen | None]] = []
    if asked.changed_since is not None:
        for label, judged in versions:
            results.append(changed_since_report(judged, out, keys, asked, fmt, label, _command(prefix, label)))
    else:
        asks = [_Ask(judged, label, *_requested(judged, out, keys, asked, fmt, label)) for label, judged in versions]
        waited += [ask.request for ask in asks]
        made = {id(ask): _patched(ask, out, asked, fmt) for ask in asks if ask.kept is None}
        for number, ask in enumerate(asks):
            if ask.kept is None and made[id(ask)] is None and ask.request.places.all():  # a patch began: anew
                asks[number] = _Ask(ask.corpus, ask.label, *_requested(ask.corpus, out, keys, asked, fmt, ask.label))
                waited.append(asks[number].request)
        _read_ahead([ask.request for ask in asks if ask.kept is None and made.get(id(ask)) is None])
        for ask in asks:
            ready = ask.kept or made.get(id(ask))
            results.append(ready or _one_version(ask, out, asked, fmt, _command(prefix, ask.label)))
    return results


def _written(
    results: list[tuple[int, list[str], str | memoryview | OnScreen | None]],
    out: Output,
    asked: Asked,
    fmt: ReportFormat,
    warn: Callable[[str], None] | None,
) -> int:
    """The reports written out, the warnings said; the exit status."""
    for _, warnings, _ in results:
        for warning in warnings:
            if warn is not None:
                warn(warning)
    drawn = [(text.label, text.renderable) for _, _, text in results if isinstance(text, OnScreen)]
    if drawn:  # a terminal: every version in one drawing, paged as one
        from glossary.views import status as views

        out.print(views.versions_view(drawn), pager=asked.pager, crop=False)
    found = [text for _, _, text in results if isinstance(text, (str, memoryview))]
    if len(found) == 1 and isinstance(found[0], memoryview) and _writes_utf8():
        out.write_bytes([found[0]])  # a kept report, as it was written
        return max((code for code, _, _ in results), default=int(ExitStatus.OK))
    texts = [text if isinstance(text, str) else str(text, "utf-8", "surrogateescape") for text in found]
    if len(texts) > 1 and fmt is ReportFormat.JSON:
        inner = ",\n".join("    " + text.strip().replace("\n", "\n    ") for text in texts)
        out.write('{\n  "versions": [\n' + inner + "\n  ]\n}\n")
    elif fmt is ReportFormat.GITHUB:  # annotations, a line each: nothing at all when there is none
        out.write("".join(texts))
    elif texts:
        out.write("\n".join(text for text in texts if text) if fmt is not ReportFormat.JSON else texts[0])
    return max((code for code, _, _ in results), default=int(ExitStatus.OK))


def _writes_utf8() -> bool:
    """Whether standard output encodes text as UTF-8 (then kept bytes are what it would write)."""
    import codecs
    import sys

    try:
        return codecs.lookup(getattr(sys.stdout, "encoding", None) or "ascii").name == "utf-8"
    except LookupError:
        return False


def _command(prefix: Sequence[str], label: str | None) -> str:
    """``glossary -d site --docs-version 3 status``: the start of a command a report suggests, quoted for a shell."""
    import shlex

    words = [*prefix, *(["--docs-version", label] if label is not None else []), "status"]
    return shlex.join(words)


class OnScreen(NamedTuple):
    """The report of one version as a terminal shows it (``views.status.versions_view`` draws them all)."""

    label: str | None
    renderable: Any


class _Ask(NamedTuple):
    """The report asked of one version of the docs (or of a glossary without versions): its request, the
    key of its output's options, and the output kept from the last run when nothing changed since."""

    corpus: Corpus
    label: str | None
    request: StatusRequest
    key: str
    kept: KeptOutput | None


def _requested(
    corpus: Corpus, out: Output, keys: list[str] | None, asked: Asked, fmt: ReportFormat, label: str | None
) -> tuple[StatusRequest, str, KeptOutput | None]:
    """What one version's report is made from (one walk over its files), and the report kept for it when
    nothing changed since (UTF-8 bytes; never for a terminal, which draws it)."""
    from glossary import tracking
    from glossary.status import State

    wanted = ((State.OUTDATED, asked.outdated), (State.MISSING, asked.missing))
    request = tracking.status_request(corpus, keys, {state for state, on in wanted if on} or None)
    width = "" if fmt is ReportFormat.JSON else out.width  # JSON is the same at any width
    key = f"{fmt.value}:{out.json_shape()}:{width}:{asked.outdated}:{asked.missing}:{asked.all}:{label}"
    return request, key, None if out.is_terminal else request.kept_output(key)


def _patched(ask: _Ask, out: Output, asked: Asked, fmt: ReportFormat) -> KeptOutput | None:
    """The report of one version patched from the one the last run kept (``cli.status_patch``), when it
    can be: JSON or piped text listing every row."""
    from glossary.cli import status_patch

    if out.is_terminal or fmt not in status_patch.PATCHED or ask.request.states is not None:
        return None
    found = status_patch.patched(ask.request, ask.key, out, fmt, ask.corpus.language_name, ask.label)
    return None if found is None else (found[0], found[1], memoryview(found[2]))


def _read_ahead(requests: list[StatusRequest]) -> None:
    """Before the first report is judged: its histories read in a thread, and meanwhile the articles of
    every version listed, their markers read and ``git status`` asked (git works while Python lists;
    the versions of a site share one history, read once and kept)."""
    if len(requests) > 1:
        requests[0].start_reading()
        for request in requests:
            request.start_worktrees()


def _one_version(
    ask: _Ask, out: Output, asked: Asked, fmt: ReportFormat, command: str = "glossary status"
) -> tuple[int, list[str], str | OnScreen | None]:
    """The report of one version of the docs, made now: exit code, warnings, and the text; on a
    terminal, what to draw. The text is kept for the next run."""
    import zlib

    from glossary.cli import status_patch
    from glossary.status import exit_failing
    from glossary.status_patching import basis_of

    corpus, request = ask.corpus, ask.request
    report = request.report()
    # What listing the files found (a file left out for its name): said again when the output is kept.
    warnings = [*corpus.warnings, *(str(problem) for problem in report.marker_problems)]
    code = int(ExitStatus.NOT_FOUND if exit_failing(report) else ExitStatus.OK)
    layout = None
    if not out.is_terminal and fmt in status_patch.PATCHED and request.states is None:
        names = {key: corpus.language_name(key) for key in [report.source, *report.languages]}
        text: str | OnScreen = ""
        text, layout = status_patch.whole(report, out, fmt, names, ask.label, command)
    else:
        text = _rendered(corpus, out, report, asked, fmt.value, ask.label, command)
    if isinstance(text, str):
        data = text.encode("utf-8", "surrogateescape")
        basis = basis_of(request, report) if layout is not None else None
        if basis is not None and layout is not None:
            basis.layout = {**layout, "crc": zlib.crc32(data)}
        request.keep_output(ask.key, (code, warnings, data), basis)
    request.save()
    return code, warnings, text


def _rendered(
    corpus: Corpus,
    out: Output,
    report: StatusReport,
    asked: Asked,
    form: str,
    label: str | None,
    command: str = "glossary status",
) -> str | OnScreen:
    """The report as the text to write; on a terminal, what to draw (styled, paged) instead."""
    from glossary import status_formats, tracking
    from glossary.views import status as views
    from glossary.views import status_text

    if form == "json":
        return out.json_text(status_formats.status_json(report, label), rows="articles")
    if form == "github":
        top = tracking.repository_top(report)
        lines = status_formats.github_annotations(report, str(top) if top is not None else None)
        return "".join(line + "\n" for line in lines)
    names = {key: corpus.language_name(key) for key in [report.source, *report.languages]}
    if form == "markdown":
        web, head = tracking.web_address(report)
        return status_formats.status_markdown(report, names, web, head, label, command=command)
    outdated = asked.outdated or not asked.missing
    heading = f"Docs version {label}\n\n" if label is not None else ""
    if not out.is_terminal:
        text = status_text.status_text(
            report, names, out.width, outdated=outdated, missing=asked.missing, command=command
        )
        return heading + text
    limit = None if asked.all else views.TERMINAL_ROWS
    view = views.status_view(report, names, outdated=outdated, missing=asked.missing, limit=limit, command=command)
    return OnScreen(label, view)


@app.command("status", cls=GlossaryCommand, help=HELP)
def status(
    ctx: typer.Context,
    langs: list[str] | None = LANGS,
    outdated: bool = OUTDATED,
    missing: bool = MISSING,
    as_json: bool = JSON,
    output_format: str | None = FORMAT,
    diff: str | None = DIFF,
    every: bool = ALL,
    reviewed: list[str] | None = REVIEWED,
    changed_since: str | None = CHANGED_SINCE,
    pager: bool = pager_option("Page a long report or --diff on a terminal."),
) -> int:
    session = session_of(ctx)
    asked = Asked(outdated, missing, as_json, output_format, diff, every, reviewed, changed_since, pager)
    with collector_paused():
        return run(session.corpus, session.out, langs, asked, warn=session.warn, prefix=_prefix(session))


def _prefix(session: Session) -> list[str]:
    """The options before ``status`` a suggested command needs to find the same glossary."""
    words = ["glossary"]
    for folder in session.data_dirs:
        words += ["-d", str(folder)]
    if session.bundled:
        words.append("--bundled")
    if session.source:
        words += ["--source", session.source]
    return words
