"""``glossary status``: which translations are outdated or missing, from the git history of the glossary.

The command, its options, and its body (``run``). Output goes through the run's ``Output`` like
every other command's; git's errors are ``GlossaryError``s (one line, exit 1) raised from
``glossary.status.git``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple, cast

import typer

from glossary.cli.app import GlossaryCommand, app
from glossary.cli.formats import chosen_format, format_option, json_alias
from glossary.cli.session import session_of
from glossary.errors import ExitStatus, UsageError
from glossary.views.formats import ReportFormat

if TYPE_CHECKING:
    from glossary.corpus import Corpus
    from glossary.output import Output
    from glossary.status.report import StatusReport


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
    "of REF, as origin/main for a pull request), and how; exit 1 when one becomes outdated or missing.",
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


def run(
    corpus: Corpus,
    out: Output,
    langs: Sequence[str] | None,
    asked: Asked,
    *,
    warn: Callable[[str], None] | None = None,
) -> int:
    """Run ``glossary status`` and return its exit status; ``warn`` takes what is said on stderr at the end."""
    from glossary import lookup, tracking
    from glossary.status import State, exit_failing

    fmt = chosen_format("status", STATUS_FORMATS, asked.output_format, as_json=asked.as_json)
    if asked.diff is not None and fmt is not ReportFormat.TEXT:
        raise UsageError("--diff shows changes as text: use it without --json and --format")
    keys = [cast(str, lookup.check_language(lang, corpus)) for lang in langs or []] or None
    if asked.reviewed:
        return _mark_reviewed(corpus, out, asked.reviewed)
    if asked.diff is not None:
        return _show_diff(corpus, out, keys, asked.diff)
    if asked.changed_since is not None:
        return _changed_since(corpus, out, keys, asked, fmt)
    wanted = ((State.OUTDATED, asked.outdated), (State.MISSING, asked.missing))
    request = tracking.status_request(corpus, keys, {state for state, on in wanted if on} or None)
    form = fmt.value
    key = f"{form}:{out.json_shape()}:{out.width}:{asked.outdated}:{asked.missing}:{asked.all}"
    kept = None if out.is_terminal else request.kept_output(key)
    if kept is not None:
        import marshal

        code, warnings, text = marshal.loads(kept)
    else:
        report = request.report()
        warnings = [str(problem) for problem in report.marker_problems]
        text = _rendered(corpus, out, report, asked, form)
        code = int(ExitStatus.NOT_FOUND if exit_failing(report) else ExitStatus.OK)
        if text is not None:
            import marshal

            request.keep_output(key, marshal.dumps((code, warnings, text)))
    request.save()
    for warning in warnings:
        if warn is not None:
            warn(warning)
    if text is not None:
        out.write(text)
    return code


def _rendered(corpus: Corpus, out: Output, report: StatusReport, asked: Asked, form: str) -> str | None:
    """The report as the text to write; None on a terminal, where it is printed (styled, paged) instead."""
    from glossary import tracking
    from glossary.views import status as views
    from glossary.views import status_data

    if form == "json":
        return out.json_text(status_data.status_json(report), rows="articles")
    if form == "github":
        top = tracking.repository_top(report)
        lines = status_data.github_annotations(report, str(top) if top is not None else None)
        return "".join(line + "\n" for line in lines)
    names = {key: corpus.language_name(key) for key in [report.source, *report.languages]}
    if form == "markdown":
        web, head = tracking.web_address(report)
        return status_data.status_markdown(report, names, web, head)
    outdated = asked.outdated or not asked.missing
    if not out.is_terminal:
        return views.status_text(report, names, out.width, outdated=outdated, missing=asked.missing)
    limit = None if asked.all else views.TERMINAL_ROWS
    out.print(views.status_view(report, names, outdated=outdated, missing=asked.missing, limit=limit))
    return None


def _changed_since(corpus: Corpus, out: Output, keys: list[str] | None, asked: Asked, fmt: ReportFormat) -> int:
    from glossary import tracking
    from glossary.views import status_data

    assert asked.changed_since is not None
    change = tracking.changed_since(corpus, asked.changed_since, keys)
    names = {key: corpus.language_name(key) for key in [change.after.source, *change.after.languages]}
    moved = status_data.change_report(change)
    if fmt is ReportFormat.JSON:
        out.write(out.json_text(status_data.change_json(change), rows="articles"))
    elif fmt is ReportFormat.GITHUB:
        top = tracking.repository_top(change.after)
        lines = status_data.github_annotations(moved, str(top) if top is not None else None)
        out.write("".join(line + "\n" for line in lines))
    elif fmt is ReportFormat.MARKDOWN:
        web, head = tracking.web_address(change.after)
        out.write(status_data.status_markdown(moved, names, web, head))
    else:
        out.write(status_data.change_text(change, names))
    return int(ExitStatus.NOT_FOUND if change.failing else ExitStatus.OK)


def _mark_reviewed(corpus: Corpus, out: Output, targets: list[str]) -> int:
    from glossary import lookup, tracking
    from glossary.text import sanitize

    for target in targets:
        lang, _, slug = target.strip().partition("/")
        if not lang or not slug:
            raise UsageError(f"--mark-reviewed takes LANG/SLUG, as in ja/pod, not {target!r}")
        key = cast(str, lookup.check_language(lang, corpus))
        path, marker, commit = tracking.mark_reviewed(corpus, key, slug.strip("/"))
        out.print_text(f"{sanitize(str(path))}: {marker}: {commit}")
    return int(ExitStatus.OK)


def _show_diff(corpus: Corpus, out: Output, keys: list[str] | None, slug: str) -> int:
    from glossary import tracking
    from glossary.index.storage import cache_dir
    from glossary.status.report import source_diff

    report = tracking.corpus_status(corpus, keys)
    target = tracking.diff_target(report, slug, keys)
    if target.status is None:
        out.print_text(target.note)
        return int(ExitStatus.OK)
    out.print_lines(source_diff(target.status, cache_dir()), pager=True, diff=True)
    return int(ExitStatus.NOT_FOUND)


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
) -> int:
    session = session_of(ctx)
    asked = Asked(outdated, missing, as_json, output_format, diff, every, reviewed, changed_since)
    return run(session.corpus, session.out, langs, asked, warn=session.warn)
