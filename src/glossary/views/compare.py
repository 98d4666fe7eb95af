"""Views of a comparison: two languages of a glossary, or two articles of one concept side by side."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from functools import cache
from typing import TYPE_CHECKING, Any

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.text import Text

from glossary.analysis import WRAP_ANYWHERE, has_cjk, wraps_anywhere
from glossary.articles import Section
from glossary.text import printable_path, shown_slug
from glossary.views import DIM, HEADING, LANG, SLUG, TITLE, append_whole, spaced, whole_words
from glossary.views.article import section_data

if TYPE_CHECKING:
    from rich.markdown import Markdown
    from rich.segment import Segment
    from rich.style import Style

    from glossary.compare import ArticleComparison, Flag, LanguageComparison, Side
    from glossary.status import ArticleStatus

FLAG = "yellow"
GAP = "dim italic"
COMPARE_WIDE = 80  # below this many columns an article comparison stacks A above B
COMPARE_COLUMN = 30  # and also when a column would get fewer cells than this
FLAG_ITEMS = 5  # link targets or numbers listed in a flag line before "and N more"


def flag_text(flag: Flag, lang_a: str, lang_b: str) -> str:
    """``sections: fi 4, no 3`` / ``links only in fi: customer; only in no: ideas``."""
    if flag.kind == "sections":
        return f"sections: {lang_a} {flag.count_a}, {lang_b} {flag.count_b}"
    parts = []
    for lang, items in ((lang_a, flag.only_a), (lang_b, flag.only_b)):
        if items:
            shown = ", ".join(items[:FLAG_ITEMS])
            if len(items) > FLAG_ITEMS:
                shown += f" and {len(items) - FLAG_ITEMS} more"
            parts.append(f"only in {lang}: {shown}")
    return f"{flag.kind} " + "; ".join(parts)


def flags_data(flags: Sequence[Flag], lang_a: str, lang_b: str) -> list[dict[str, Any]]:
    """``{"kind": "sections", "fi": 4, "no": 3}``, ``{"kind": "links", "fi": [...], "no": [...]}``."""
    data = []
    for flag in flags:
        if flag.kind == "sections":
            data.append({"kind": flag.kind, lang_a: flag.count_a, lang_b: flag.count_b})
        else:
            data.append({"kind": flag.kind, lang_a: list(flag.only_a), lang_b: list(flag.only_b)})
    return data


def coverage_text(result: LanguageComparison, *, missing_only: bool = False) -> str:
    """``fi 1 of 1, no 1 of 1, both 1`` (plus flagged and missing counts when there are any)."""
    total = result.concepts
    line = (
        f"{result.lang_a} {result.count_a} of {total}, {result.lang_b} {result.count_b} of {total}, both {result.both}"
    )
    if result.flagged:
        line += f", {result.flagged} differ in shape"
    if missing_only:
        line += f"; {len(result.missing())} missing in {result.lang_b}"
    return line


def _status_text(status: str, lang_a: str, lang_b: str) -> str:
    return {"both": "both", "only_a": f"only {lang_a}", "only_b": f"only {lang_b}"}[status]


def language_comparison_view(
    result: LanguageComparison, *, missing_only: bool = False, statuses: Mapping[str, ArticleStatus] | None = None
) -> LanguageComparisonView:
    """One line per concept (slug, title in A, title in B, status), its flags below; then coverage.

    ``statuses`` (by slug, of whichever language is a translation) adds a ``translation`` column:
    ``current``, ``outdated 3`` or ``missing``."""
    return LanguageComparisonView(result, missing_only=missing_only, statuses=statuses)


def _translation_cell(statuses: Mapping[str, ArticleStatus], slug: str) -> str:
    from glossary.views.status import status_cell

    return status_cell(statuses.get(slug)).plain


class LanguageComparisonView:
    """The whole-glossary comparison: a renderable, and plain text for a pipe.

    At 100,000 articles the table has tens of thousands of lines; ``plain`` writes them without
    going through Rich's console at all, which is most of the time a pipe would otherwise cost.
    """

    def __init__(
        self,
        result: LanguageComparison,
        *,
        missing_only: bool = False,
        statuses: Mapping[str, ArticleStatus] | None = None,
    ) -> None:
        self.result = result
        self.missing_only = missing_only
        a, b = result.lang_a, result.lang_b
        self.summary = coverage_text(result, missing_only=missing_only)
        rows = result.missing() if missing_only else result.rows
        self.message = ""
        if not rows:
            self.message = (
                f"Nothing missing: every {a} concept is in {b}." if missing_only else f"No articles in {a} or {b}."
            )
        tracked = ("translation",) if statuses is not None else ()
        self.grid = _Grid(("concept", a, b, "status", *tracked), (SLUG, None, None, DIM, *[None] * len(tracked)))
        for row in rows:
            notes = "; ".join(flag_text(flag, a, b) for flag in row.flags)
            cells = [row.slug, row.a.title if row.a else "—", row.b.title if row.b else "—"]
            cells.append(_status_text(row.status, a, b))
            if statuses is not None:
                cells.append(_translation_cell(statuses, row.slug))
            self.grid.add_row(cells, note=f"differs: {notes}" if notes else "")

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        if self.message:
            yield Text(self.message)
        else:
            yield self.grid
            yield Text()
        yield Text(self.summary, style=DIM)

    def plain(self, width: int) -> str:
        """The same view as plain text lines of at most ``width`` cells."""
        lines = [self.message] if self.message else [*self.grid.plain_lines(width), ""]
        lines.extend(_wrap_plain(self.summary, max(width, 1)))
        return "\n".join(lines) + "\n"


def language_comparison_data(
    result: LanguageComparison, *, missing_only: bool = False, statuses: Mapping[str, ArticleStatus] | None = None
) -> dict[str, Any]:
    """The stable ``compare A B --json`` object (documented in docs/json.md); with ``statuses``, each concept
    has ``translation: {state, behind}`` (``null`` for a concept the status does not cover)."""
    a, b = result.lang_a, result.lang_b
    rows = result.missing() if missing_only else result.rows

    def side(entry: Side | None) -> dict[str, str] | None:
        return {"title": entry.title, "path": printable_path(entry.path)} if entry is not None else None

    def tracked(slug: str) -> dict[str, Any]:
        if statuses is None:
            return {}
        status = statuses.get(slug)
        return {"translation": {"state": status.state.value, "behind": status.behind} if status else None}

    return {
        "langs": [a, b],
        "summary": {
            "concepts": result.concepts,
            a: result.count_a,
            b: result.count_b,
            "both": result.both,
            "missing": len(result.missing()),
            "flagged": result.flagged,
        },
        "concepts": [
            {
                "slug": row.slug,
                a: side(row.a),
                b: side(row.b),
                "status": _status_text(row.status, a, b),
                "flags": flags_data(row.flags, a, b),
                **tracked(row.slug),
            }
            for row in rows
        ],
    }


def article_comparison_data(result: ArticleComparison) -> dict[str, Any]:
    """The stable ``compare A B TERM --json`` object: one key per language wherever text differs."""
    a, b = result.a.lang, result.b.lang

    def side(section: Section | None) -> dict[str, Any] | None:
        return section_data(section) if section is not None else None

    return {
        "slug": result.slug,
        "langs": [a, b],
        "title": {a: result.a.title, b: result.b.title},
        "description": {a: result.a.description, b: result.b.description},
        "lead": {a: result.a.lead, b: result.b.lead},
        "sections": [{"number": pair.number, a: side(pair.a), b: side(pair.b)} for pair in result.sections],
        "paths": {a: result.a.path, b: result.b.path},
        "flags": flags_data(result.flags, a, b),
    }


class ArticleComparisonView:
    """Two articles of one concept aligned by section, in two columns or stacked.

    The layout is chosen when rendered, from the width available: two columns (A left, B right)
    from ``COMPARE_WIDE`` cells up, else each piece of A's text above its counterpart in B's.
    """

    def __init__(self, result: ArticleComparison, *, hyperlinks: bool = False, layout: str = "auto") -> None:
        self.result = result
        self.hyperlinks = hyperlinks
        self.layout = layout

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width
        columns = self.layout == "columns" or (
            self.layout == "auto" and width >= COMPARE_WIDE and (width - 3) // 2 >= COMPARE_COLUMN
        )
        yield self._header()
        yield Text()
        yield self._columns() if columns else self._stacked()

    # --- pieces ------------------------------------------------------------------------------

    def _header(self) -> RenderableType:
        result = self.result
        header = append_whole(Text(), shown_slug(result.slug), SLUG)
        header.append(" · ", style=DIM)
        header.append(result.a.lang, style=LANG)
        header.append(" ↔ ", style=DIM)
        header.append(result.b.lang, style=LANG)
        lines = [whole_words(header)]
        for flag in result.flags:
            lines.append(Text(f"differs: {flag_text(flag, result.a.lang, result.b.lang)}", style=FLAG))
        return Group(*lines)

    def _block(self, block: str) -> RenderableType:
        from glossary.views.markdown import fitting

        return fitting(block, lambda: _Trimmed(_cjk_markdown()(_join_cjk_lines(block), hyperlinks=self.hyperlinks)))

    def _blocks(self, blocks: Sequence[str]) -> RenderableType:
        return Group(*spaced([self._block(block) for block in blocks])) if blocks else Text()

    def _heading(self, section: Section | None, lang: str) -> RenderableType:
        if section is None:
            return Text(f"— missing in {lang} —", style=GAP)
        return _breakable(f"{section.number}. {section.heading}", HEADING)

    def _units(self) -> Iterator[tuple[str, Any, Any]]:
        """The comparison as a sequence of ``(kind, a, b)`` units, in reading order.

        ``kind`` is "title", "description", "heading" (a, b: sections or None) or "blocks"
        (a, b: tuples of blocks), or "break" between groups.
        """
        result = self.result
        yield "title", result.a.title, result.b.title
        if not result.narrowed:
            desc_a, desc_b = result.a.description, result.b.description
            if desc_a or desc_b:
                yield "description", desc_a, desc_b
            for row in result.lead:
                yield "break", None, None
                yield "blocks", row.a, row.b
        for pair in result.sections:
            yield "break", None, None
            yield "heading", pair.a, pair.b
            for row in pair.rows:
                if row.a or row.b:
                    yield "break", None, None
                    yield "blocks", row.a, row.b

    def _columns(self) -> RenderableType:
        a, b = self.result.a.lang, self.result.b.lang
        rows: list[tuple[RenderableType, RenderableType]] = []
        for kind, left, right in self._units():
            if kind == "title":
                rows.append((_breakable(left, TITLE), _breakable(right, TITLE)))
            elif kind == "description":
                rows.append((_breakable(left, "italic"), _breakable(right, "italic")))
            elif kind == "heading":
                rows.append((self._heading(left, a), self._heading(right, b)))
            elif kind == "blocks":
                rows.append((self._blocks(left), self._blocks(right)))
            else:
                rows.append((Text(), Text()))
        return _SideBySide(Text(a, style=LANG), Text(b, style=LANG), rows)

    def _stacked(self) -> RenderableType:
        from rich.table import Table

        a, b = self.result.a.lang, self.result.b.lang
        table = Table(box=None, show_header=False, show_edge=False, pad_edge=False, expand=True, padding=(0, 1))
        table.add_column(style=LANG, no_wrap=True)
        table.add_column(ratio=1, overflow="fold")
        for kind, left, right in self._units():
            if kind == "title":
                table.add_row(a, _breakable(left, TITLE))
                table.add_row(b, _breakable(right, TITLE))
            elif kind == "description":
                table.add_row("", Text())
                table.add_row(a, _breakable(left, "italic"))
                table.add_row(b, _breakable(right, "italic"))
            elif kind == "heading":
                table.add_row(a, self._heading(left, a))
                table.add_row(b, self._heading(right, b))
            elif kind == "blocks":
                if len(left) == len(right) == 1 or not left or not right:
                    table.add_row(a, self._blocks(left))
                    table.add_row(b, self._blocks(right))
                else:
                    table.add_row(a, self._blocks(left))
                    table.add_row("", Text())
                    table.add_row(b, self._blocks(right))
            else:
                table.add_row("", Text())
        return table


@cache
def _cjk_markdown() -> type[Markdown]:
    """Rich's ``Markdown`` whose paragraphs break Chinese and Japanese lines between characters.

    Rich wraps at spaces only, so a line of Japanese is one long "word" folded wherever the column
    ends, even inside ``docker`` or before a ``。``. These paragraphs break between CJK characters,
    keep Latin words whole and never start a line with closing punctuation.
    """
    from rich.markdown import Markdown, Paragraph

    from glossary.views.markdown import deep_markdown

    class CJKParagraph(Paragraph):
        def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
            if not has_cjk(self.text.plain):
                yield from super().__rich_console__(console, options)
                return
            yield _Breakable(self.text)

    class CJKMarkdown(deep_markdown()):  # type: ignore[misc]
        elements = {**Markdown.elements, "paragraph_open": CJKParagraph}

    return CJKMarkdown


def _breakable(text: str, style: str) -> RenderableType:
    return _Breakable(Text(text, style=style))


class _Breakable:
    """Text that breaks Chinese and Japanese lines between characters (Rich breaks at spaces)."""

    def __init__(self, text: Text) -> None:
        self.text = text

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        if not has_cjk(self.text.plain):
            yield self.text
            return
        for part in self.text.split("\n", allow_blank=True):
            for line in part.divide(_line_breaks(part.plain, options.max_width)):
                line.rstrip()
                line.justify = "left"
                line.no_wrap = True
                line.overflow = "fold"
                yield line


_JOINED_BREAK = re.compile(f"(?<=[{WRAP_ANYWHERE}])\n(?=[{WRAP_ANYWHERE}])")


def _join_cjk_lines(block: str) -> str:
    """A line break between two Chinese or Japanese characters joins them without a space."""
    return _JOINED_BREAK.sub("", block) if has_cjk(block) else block


def _is_breakable(char: str) -> bool:
    """A character a line may break before or after: Han, kana, CJK and full-width punctuation."""
    return wraps_anywhere(char)


_NO_LINE_START = set(")]}、。，．・：；？！）］｝」』】〕〉》”’ーァィゥェォッャュョヮヵヶぁぃぅぇぉっゃゅょゎ々〻…‥〜")
_NO_LINE_END = set("([{（［｛「『【〔〈《“‘")


def _ascii_breaks(text: str, width: int) -> list[int]:
    """``_line_breaks`` for ASCII text (a character is a cell): one ``rfind`` per line, not per word."""
    breaks: list[int] = []
    start, length = 0, len(text)
    while length - start > width:
        cut = text.rfind(" ", start + 1, start + width + 1)
        if cut == -1:
            following = start + width  # no space within reach: fold the word
        else:
            following = cut + 1
            while following < length and text[following] == " ":
                following += 1
        if following >= length:
            break
        breaks.append(following)
        start = following
    return breaks


_WORD_UNIT = re.compile(r"\s*\S+\s*")


def _line_breaks(text: str, width: int) -> list[int]:
    """Offsets at which to break ``text`` so no line is wider than ``width`` cells.

    Units that stay together: a Han or kana character, a run of other letters (a Latin or Hangul
    word), each with the closing punctuation and spaces after it; an opening bracket joins what
    follows. A unit wider than a line is folded.
    """
    from rich.cells import cell_len, chop_cells

    width = max(width, 2)
    if text.isascii() and "\t" not in text:
        return _ascii_breaks(text, width)
    units: list[tuple[int, int]] = []
    position, length = 0, len(text)
    if not has_cjk(text):
        units = [match.span() for match in _WORD_UNIT.finditer(text)]
        position = length
    while position < length:
        end = position + 1
        if not _is_breakable(text[position]) and not text[position].isspace():
            while end < length and not text[end].isspace() and not _is_breakable(text[end]):
                end += 1
        while end < length and text[end] in _NO_LINE_START:
            end += 1
        while end < length and text[end].isspace():
            end += 1
        if units and text[units[-1][1] - 1] in _NO_LINE_END:
            units[-1] = (units[-1][0], end)
        else:
            units.append((position, end))
        position = end
    measure = len if text.isascii() else cell_len
    breaks: list[int] = []
    used = 0
    for start, end in units:
        unit = text[start:end]
        needed = measure(unit.rstrip())
        if used + needed <= width:
            used += measure(unit)
            continue
        if used and start:
            breaks.append(start)
        if needed <= width:
            used = measure(unit)
            continue
        pieces = chop_cells(unit, width)
        offset = start
        for index, piece in enumerate(pieces):
            if index and offset:
                breaks.append(offset)
            offset += len(piece)
        used = cell_len(pieces[-1])
    return breaks


class _SideBySide:
    """Two columns of equal width with a rule between them, each row as tall as its taller side.

    Rich's ``Table`` would measure every cell before rendering it; these columns always share the
    width equally, so each cell is rendered once, at its column's width.
    """

    def __init__(self, head_a: Text, head_b: Text, rows: Sequence[tuple[RenderableType, RenderableType]]) -> None:
        self.head_a, self.head_b = head_a, head_b
        self.rows = rows

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        from rich.segment import Segment

        width = max(options.max_width, 7)
        right = (width - 3) // 2
        left = width - 3 - right
        rule = console.get_style(DIM)
        separator = Segment(" │ ", rule)
        left_options = options.update(width=left, height=None)
        right_options = options.update(width=right, height=None)

        def side_by_side(a: RenderableType, b: RenderableType) -> Iterator[Segment]:
            lines_a = console.render_lines(a, left_options, pad=True)
            lines_b = console.render_lines(b, right_options, pad=False)
            blank = [Segment(" " * left)]
            for index in range(max(len(lines_a), len(lines_b), 1)):
                yield from lines_a[index] if index < len(lines_a) else blank
                yield separator
                if index < len(lines_b):
                    yield from lines_b[index]
                yield Segment.line()

        yield from side_by_side(self.head_a, self.head_b)
        yield Segment("─" * (left + 1) + "┼" + "─" * (right + 1), rule)
        yield Segment.line()
        for a, b in self.rows:
            yield from side_by_side(a, b)


class _Trimmed:
    """A renderable without the blank lines Markdown puts before a list or a quote."""

    def __init__(self, renderable: RenderableType) -> None:
        self.renderable = renderable

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        from rich.segment import Segment

        lines = console.render_lines(self.renderable, options, pad=False)
        blank = [not "".join(segment.text for segment in line).strip() for line in lines]
        start = blank.index(False) if False in blank else len(lines)
        end = len(lines) - blank[::-1].index(False) if False in blank else start
        for line in lines[start:end]:
            yield from line
            yield Segment.line()


class _Grid:
    """A light table for thousands of rows of plain strings: a row per line, a note line below.

    Rich's ``Table`` lays out every cell through the full renderable machinery, which takes
    seconds at 10,000 rows. Here widths are measured once with ``cell_len`` (display cells, so
    CJK counts double), the widest columns give way when the terminal is narrow, and only cells
    that do not fit are wrapped (folding words longer than the column). The first column holds
    slugs, which are never split: it keeps up to a third of the width, and a longer slug takes a
    line of its own above the rest of its row.
    """

    SPACING = 2

    def __init__(self, headers: Sequence[str], styles: Sequence[str | None]) -> None:
        self.headers = list(headers)
        self.styles = list(styles)
        self.rows: list[tuple[Sequence[str], str]] = []

    def add_row(self, cells: Sequence[str], *, note: str = "") -> None:
        self.rows.append((cells, note))

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        from rich.cells import cell_len
        from rich.segment import Segment
        from rich.style import Style

        width = max(options.max_width, 1)
        count = len(self.headers)
        plain = console.color_system is None  # piped: one segment per line is all it takes
        if plain:
            yield from (Segment(line + "\n") for line in self.plain_lines(width))
            return
        widths = self.widths(width)
        styles = [console.get_style(style) if style else Style.null() for style in self.styles]
        header_style = console.get_style("bold")
        note_style = console.get_style(FLAG)
        last = count - 1

        def lines(cells: Sequence[str], cell_styles: Sequence[Style]) -> Iterator[Segment]:
            wrapped = [_wrap_plain(cell, widths[position]) for position, cell in enumerate(cells)]
            for row in range(max(len(cell_lines) for cell_lines in wrapped)):
                parts = []
                for position, cell_lines in enumerate(wrapped):
                    text = cell_lines[row] if row < len(cell_lines) else ""
                    pad = "" if position == last else " " * (widths[position] - cell_len(text) + self.SPACING)
                    parts.append((text, cell_styles[position], pad))
                for text, style, pad in parts:
                    yield Segment(text, style)
                    if pad:
                        yield Segment(pad)
                yield Segment.line()

        yield from lines(self.headers, [header_style] * count)
        for cells, note in self.rows:
            if len(cells[0]) > widths[0] and cell_len(cells[0]) > widths[0]:
                yield from (Segment(cells[0], styles[0]), Segment.line())
                cells = ["", *cells[1:]]
            yield from lines(cells, styles)
            if note:
                for text in _wrap_plain(note, max(width - 2, 1)):
                    yield Segment("  ")
                    yield Segment(text, note_style)
                    yield Segment.line()

    def widths(self, width: int) -> list[int]:
        from rich.cells import cell_len

        sizes: list[list[int]] = [[] for _ in self.headers]
        for cells, _ in self.rows:
            for position, cell in enumerate(cells):
                sizes[position].append(len(cell) if cell.isascii() else cell_len(cell))
        natural = [max(cell_len(header), _typical(column)) for header, column in zip(self.headers, sizes, strict=True)]
        available = width - self.SPACING * (len(self.headers) - 1)
        return _fit_widths(natural, available, first=min(natural[0], max(available // 3, 1)))

    def plain_lines(self, width: int) -> Iterator[str]:
        """The grid as lines of text, no trailing spaces."""
        from rich.cells import cell_len

        width = max(width, 1)
        widths = self.widths(width)
        last = len(widths) - 1
        spacing = self.SPACING
        for cells, note in [(self.headers, ""), *self.rows]:
            if len(cells[0]) > widths[0] and cell_len(cells[0]) > widths[0]:  # a slug is never split
                yield cells[0]
                cells = ["", *cells[1:]]
            wrapped = [_wrap_plain(cell, widths[position]) for position, cell in enumerate(cells)]
            if all(len(cell_lines) == 1 for cell_lines in wrapped):
                parts = [cell_lines[0] for cell_lines in wrapped]
                yield "".join(
                    text
                    if position == last
                    else text + " " * (widths[position] - (len(text) if text.isascii() else cell_len(text)) + spacing)
                    for position, text in enumerate(parts)
                ).rstrip()
            else:
                for row in range(max(len(cell_lines) for cell_lines in wrapped)):
                    line = ""
                    for position, cell_lines in enumerate(wrapped):
                        text = cell_lines[row] if row < len(cell_lines) else ""
                        line += text if position == last else text + " " * (widths[position] - cell_len(text) + spacing)
                    yield line.rstrip()
            if note:
                for text in _wrap_plain(note, max(width - 2, 1)):
                    yield f"  {text}"


TYPICAL = 0.9  # the share of a column's cells that set its width (with some room to spare)


def _typical(sizes: list[int]) -> int:
    """The width of a column whose cells have these sizes: the longest, unless a few are much
    longer than the rest (nine in ten fit in half of it), so that one long title does not widen a
    column of short ones. A longer cell wraps; a slug longer than its column takes a line of its own."""
    if not sizes:
        return 0
    ordered = sorted(sizes)
    typical = ordered[min(len(ordered) - 1, int(TYPICAL * len(ordered)))]
    return min(ordered[-1], max(typical * 3 // 2, typical + 8))


def _fit_widths(natural: Sequence[int], available: int, *, first: int = 1) -> list[int]:
    """Column widths that fit ``available`` cells: the widest column gives up a cell at a time, the
    first column no further than ``first`` cells."""
    widths = [max(width, 1) for width in natural]
    floors = [max(first, 1), *[1] * (len(widths) - 1)]
    excess = sum(widths) - max(available, len(widths))
    while excess > 0:
        # The widest column above its floor (a column at its floor has nothing to give).
        widest = max(range(len(widths)), key=lambda at: widths[at] if widths[at] > floors[at] else 0)
        if widths[widest] <= floors[widest]:
            break
        widths[widest] -= 1
        excess -= 1
    return widths


def _wrap_plain(text: str, width: int) -> list[str]:
    """``text`` as lines of at most ``width`` cells: broken at spaces (and between CJK characters),
    words longer than a line folded."""
    from rich.cells import cell_len

    if "\n" not in text and (len(text) <= width if text.isascii() else cell_len(text) <= width):
        return [text]
    lines: list[str] = []
    for part in text.split("\n"):
        breaks = _line_breaks(part, width)
        lines.extend(part[start:end].rstrip() for start, end in zip([0, *breaks], [*breaks, len(part)], strict=True))
    return lines or [""]
