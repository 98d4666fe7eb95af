"""Views of translation status: a summary per language with a bar, the outdated articles, the source diff."""

from __future__ import annotations

import shlex
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.measure import Measurement
from rich.segment import Segment
from rich.style import Style
from rich.table import Table
from rich.text import Text

from glossary.status.rule import State
from glossary.status_formats import behind_text, most_behind_first
from glossary.text import sanitize
from glossary.views import DIM, HEADING, LANG, SLUG, OwnBlankLine, spaced

if TYPE_CHECKING:
    from glossary.status.report import ArticleStatus, StatusReport

CURRENT, OUTDATED, MISSING = "green", "yellow", "red"
BAR_PARTS = (("current", "█", CURRENT), ("outdated", "▓", OUTDATED), ("missing", "░", MISSING))
"""The states a bar shows, in its order, each with its character (told apart without colour) and colour."""
OTHER_STATES = ("untracked", "unknown", "orphan")
SUBJECTS = 5
"""Source commits listed under an outdated article at most; ``--json`` and ``--diff`` have them all."""


TERMINAL_ROWS = 20
"""Outdated translations a terminal shows per language at most (``--all`` shows them all; piped text always does)."""


def status_view(
    report: StatusReport,
    names: Mapping[str, str] | None = None,
    *,
    outdated: bool = True,
    missing: bool = False,
    limit: int | None = None,
    command: str = "glossary status",
) -> RenderableType:
    """The summary per language, then the outdated articles (most behind first, at most ``limit`` a
    language) and, with ``missing``, the concepts each language lacks. ``names`` spells the language keys."""
    names = names or {}
    parts: list[RenderableType | OwnBlankLine] = [summary_view(report, names)]
    articles = report.articles
    late = sorted(
        (a for a in articles if a.state is State.OUTDATED),
        key=most_behind_first,
    )
    if outdated and late:
        shown, hidden = _at_most(late, limit)
        parts.append(outdated_view(shown, names, total=len(late), command=command))
        if hidden:
            more = ", ".join(f"{count} in {lang}" for lang, count in hidden.items())
            parts.append(Text(f"… and {more}, which this lists:", style=DIM))
            langs = " ".join(shlex.quote(lang) for lang in hidden)
            parts.append(OwnBlankLine(CommandLine(f"{command} {langs} --all")))
    orphans = [a for a in articles if a.state is State.ORPHAN]
    if outdated and orphans:
        parts.append(missing_view(orphans, names, ORPHANS))
    absent = [a for a in articles if a.state is State.MISSING]
    if missing and absent:
        parts.append(missing_view(absent, names))
    if outdated and not late and not (missing and absent):
        said, then = nothing_to_do(report, missing=missing, command=command)
        parts.append(Group(Text(said, style=DIM), *([CommandLine(then)] if then else [])))
    return Group(*spaced(parts))


ORPHANS = "Orphan translations, whose source article is gone"


def _at_most(statuses: list[ArticleStatus], limit: int | None) -> tuple[list[ArticleStatus], dict[str, int]]:
    """The first ``limit`` statuses of each language, and how many of each language are left out."""
    if limit is None:
        return statuses, {}
    seen: Counter[str] = Counter()
    shown = []
    for status in statuses:
        seen[status.lang] += 1
        if seen[status.lang] <= limit:
            shown.append(status)
    return shown, {lang: count - limit for lang, count in seen.items() if count > limit}


def nothing_to_do(report: StatusReport, *, missing: bool, command: str = "glossary status") -> tuple[str, str | None]:
    """What to say when no translation is outdated, and the command that lists what is missing (if any is)."""

    def count(state: str) -> int:
        return sum(counts.get(state, 0) for counts in report.summary.values())

    absent, untracked, unknown, current = count("missing"), count("untracked"), count("unknown"), count("current")
    notes = [f"{count('orphan')} orphan"] if count("orphan") else []
    if untracked:
        notes.append(f"{untracked} not committed yet")
    if unknown:
        notes.append(f"{unknown} unknown (their source is in another repository and they name no source commit)")
    if absent and not missing:
        notes.append(f"{absent} missing, which this lists:")
    if not notes:
        return "Every translation is current." if current else "No translation to judge.", None
    ending = "" if notes[-1].endswith(":") else "."
    return f"No translation is outdated; {'; '.join(notes)}{ending}", f"{command} --missing" if ending == "" else None


def summary_view(report: StatusReport, names: Mapping[str, str]) -> RenderableType:
    """A row per language: the count of each state and a bar of current, outdated and missing."""
    extra = [state for state in OTHER_STATES if any(c.get(state) for c in report.summary.values())]
    table = Table(box=None, pad_edge=False, padding=(0, 1), show_edge=False, header_style=DIM)
    widest = max((len(names.get(lang, lang)) for lang in report.languages), default=4)
    table.add_column("lang", style=LANG, no_wrap=True, min_width=max(4, widest))
    for state, _, colour in BAR_PARTS:
        table.add_column(state, justify="right", no_wrap=True, style=colour, min_width=len(state))
    for state in extra:
        table.add_column(state, justify="right", no_wrap=True, style=DIM, min_width=len(state))
    table.add_column("")  # the bar: what is left, 10 to 40 cells
    for lang in report.languages:
        counts = report.summary.get(lang, {})
        cells = [str(counts.get(state, 0)) for state, _, _ in BAR_PARTS] + [str(counts.get(s, 0)) for s in extra]
        table.add_row(names.get(lang, lang), *cells, Bar([counts.get(state, 0) for state, _, _ in BAR_PARTS]))
    total = report.sources or max(
        (
            sum(counts.get(state, 0) for state in ("current", "outdated", "missing", "untracked", "unknown"))
            for counts in report.summary.values()
        ),
        default=0,
    )
    heading = Text()
    heading.append("Translations of ", style=HEADING)
    heading.append(names.get(report.source, report.source), style=LANG)
    shown = sum(n for counts in report.summary.values() for state, n in counts.items() if state != "missing")
    heading.append(f"  {total} source article{'s' if total != 1 else ''}", style=DIM)
    heading.append(f", {shown} translation{'s' if shown != 1 else ''}", style=DIM)
    if not report.languages:
        return Group(heading, Text("No other language to compare with the source.", style=DIM))
    return Group(heading, table)


class Bar:
    """A bar of counts as wide as its column allows (10 to 40 cells), each count at least one cell."""

    def __init__(self, counts: Sequence[int], *, minimum: int = 10, maximum: int = 40) -> None:
        self.counts = list(counts)
        self.minimum, self.maximum = minimum, maximum

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(min(self.minimum, options.max_width), min(self.maximum, options.max_width))

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = max(1, min(self.maximum, options.max_width))
        for cells, (_, char, colour) in zip(bar_cells(self.counts, width), BAR_PARTS, strict=True):
            if cells:
                yield Segment(char * cells, Style(color=colour))


def bar_cells(counts: Sequence[int], width: int) -> list[int]:
    """How many of ``width`` cells each count gets: in proportion (largest remainders first), at least one
    for a count above zero when there is room."""
    total = sum(counts)
    if total <= 0 or width <= 0:
        return [0] * len(counts)
    exact = [count * width / total for count in counts]
    cells = [int(share) for share in exact]
    by_remainder = sorted(range(len(counts)), key=lambda i: (exact[i] - cells[i], counts[i]), reverse=True)
    for i in by_remainder[: width - sum(cells)]:
        cells[i] += 1
    for i, count in enumerate(counts):
        if count and not cells[i]:
            donor = max(range(len(cells)), key=lambda j: cells[j])
            if cells[donor] > 1:
                cells[donor] -= 1
                cells[i] = 1
    return cells


def outdated_view(
    statuses: Sequence[ArticleStatus],
    names: Mapping[str, str],
    *,
    total: int | None = None,
    command: str = "glossary status",
) -> RenderableType:
    """Each outdated translation: how many source commits it is behind since when, and their subject lines.

    A grid keeps each part in its column: on a narrow terminal a long part wraps between words within
    its column, and a command to type is never split."""
    from rich.padding import Padding

    count = total if total is not None else len(statuses)
    lang_width = max(len(names.get(status.lang, status.lang)) for status in statuses)
    slug_width = max(len(status.slug) for status in statuses)
    rows: list[RenderableType] = [Text(f"Outdated translations ({count}), most behind first", style=HEADING)]
    for status in statuses:
        name = names.get(status.lang, status.lang).ljust(lang_width)
        rows.append(_Heading(name, status.slug.ljust(slug_width), behind_text(status)))
        listed = Table.grid(padding=(0, 2))
        listed.add_column(style=DIM, no_wrap=True)
        listed.add_column()
        for touch in status.changes[:SUBJECTS]:
            listed.add_row(date_of(touch.time) if touch.sha else "now", sanitize(touch.subject))
        if len(status.changes) > SUBJECTS:
            more = len(status.changes) - SUBJECTS
            listed.add_row("", Text(f"… and {more} more:", style=DIM))
        rows.append(Padding(listed, (0, 0, 0, 4)))
        if len(status.changes) > SUBJECTS:
            rows.append(CommandLine(f"{command} {shlex.quote(status.lang)} --diff {shlex.quote(status.slug)}", 4))
    return Group(*rows)


class CommandLine:
    """A command to type, on lines of its own: on one when it fits the width, else broken between its
    words with a shell's line continuation (`` \\`` at a line's end, the next lines indented two more
    cells), so that no word is cut and a copy still runs as it is. A word wider than the screen runs
    on past it (printed without cropping, ``Output.print(crop=False)``)."""

    def __init__(self, command: str, indent: int = 0) -> None:
        self.command, self.indent = command, indent

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        for line in command_lines(self.command, options.max_width, self.indent):
            yield Text(line, style=DIM, no_wrap=True, overflow="ignore")


def command_lines(command: str, width: int, indent: int = 0) -> list[str]:
    """``command`` as ``CommandLine`` lays it out at ``width`` cells."""
    from rich.cells import cell_len

    first = " " * indent
    if cell_len(first + command) <= width:
        return [first + command]
    try:
        words = shlex.split(command)
    except ValueError:  # not a command a shell would read: shown as it is
        return [first + command]
    lines: list[str] = []
    line = first + shlex.quote(words[0])
    for word in map(shlex.quote, words[1:]):
        if cell_len(line) + 1 + cell_len(word) + 2 <= width:  # room for the word and a continuation after it
            line += " " + word
        else:
            lines.append(line + " \\")
            line = " " * (indent + 2) + word
    return [*lines, line]


class _Heading:
    """``ja  pod  2 commits behind since 2026-05-21`` on one line when it fits, else the count under the slug:
    a slug or a date is never cut."""

    def __init__(self, lang: str, slug: str, behind: str) -> None:
        self.lang, self.slug, self.behind = lang, slug, behind

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        line = Text()
        line.append(self.lang, style=LANG)
        line.append("  ")
        line.append(self.slug, style=SLUG)
        if len(self.lang) + len(self.slug) + len(self.behind) + 4 <= options.max_width:
            line.append(f"  {self.behind}", style=OUTDATED)
            yield line
            return
        line.overflow = "fold"
        yield line
        yield Text(" " * (len(self.lang) + 2) + self.behind.strip(), style=OUTDATED)


def missing_view(
    statuses: Sequence[ArticleStatus], names: Mapping[str, str], heading: str = "Missing translations"
) -> RenderableType:
    """The concepts each language lacks (or the translations of another state), a line per language with its slugs."""
    lines: list[RenderableType] = [Text(f"{heading} ({len(statuses)})", style=HEADING)]
    by_lang: dict[str, list[str]] = {}
    for status in statuses:
        by_lang.setdefault(status.lang, []).append(status.slug)
    for lang, slugs in by_lang.items():
        line = Text()
        line.append(names.get(lang, lang), style=LANG)
        line.append(f" ({len(slugs)})  ", style=DIM)
        line.append(", ".join(slugs), style=SLUG)
        lines.append(line)
    return Group(*lines)


def date_of(timestamp: int) -> str:
    from datetime import UTC, datetime

    return datetime.fromtimestamp(timestamp, UTC).strftime("%Y-%m-%d")


def status_cell(status: ArticleStatus | None) -> Text:
    """``current`` or ``outdated 3``: a translation's state in a few letters, for a table column."""
    if status is None:
        return Text("")
    if status.state is State.OUTDATED:
        return Text(f"outdated {status.behind}", style=OUTDATED)
    return Text(status.state.value, style=CURRENT if status.state is State.CURRENT else DIM)


def behind_line(status: ArticleStatus, source: str) -> Text | None:
    """``behind en by 3 commits since 2026-10-02`` for an outdated translation, dim; None otherwise."""
    if status.state is not State.OUTDATED:
        return None
    commits = f"{status.behind} commit{'s' if status.behind != 1 else ''}"
    since = f" since {status.since:%Y-%m-%d}" if status.since is not None else ""
    return Text(f"behind {source} by {commits}{since}", style=DIM)


def version_heading(label: str) -> RenderableType:
    """``Docs version 3``: above the report of one version of a versioned site."""
    return Text(f"Docs version {label}", style=HEADING)


def versions_view(versions: Sequence[tuple[str | None, RenderableType]]) -> RenderableType:
    """The reports of the versions of a site as one drawing, each under its heading (none without versions)."""
    parts: list[RenderableType] = []
    for label, view in versions:
        if parts:
            parts.append(Text(""))
        if label is not None:
            parts += [version_heading(label), Text("")]
        parts.append(view)
    return parts[0] if len(parts) == 1 else Group(*parts)
