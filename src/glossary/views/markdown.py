"""Article text as Rich's Markdown draws it, without loading a Markdown parser for plain prose.

Importing ``rich.markdown`` (markdown-it, Pygments, tables) costs about 50 ms, more than the rest
of ``show``. Most reader text is only paragraphs, ``- `` lists and ``> `` quotes of plain words
once links are reduced to their text; such text is drawn here, segment for segment as Rich's
Markdown draws it (a property test holds the two equal). Anything else, any character Markdown
might read as syntax, goes to Rich's Markdown.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.segment import Segment
from rich.text import Text

from glossary.patterns import lazy

if TYPE_CHECKING:
    from rich.markdown import Markdown
    from rich.style import Style
    from rich.text import JustifyMethod

# Characters that may be Markdown syntax anywhere in a line (emphasis, code, links, images,
# entities, escapes, HTML, tables, strikethrough), and whitespace other than spaces and newlines.
_SYNTAX = lazy(
    r"[\\&<`*_\[\]|~#\x00-\x09\x0b-\x1f\x7f-\x9f\u00a0\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\u3000\ufeff]"
)
# What may not start a line of prose: block markers, setext underlines, ordered-list numbers.
_BLOCK_START = lazy(r"[-+=>\s]|\d+[.)]")
_BLANK_LINES = lazy(r"\n{2,}")

PARAGRAPH, BULLETS, QUOTE = "paragraph", "bullets", "quote"


def markdown_view(text: str, *, hyperlinks: bool = True) -> RenderableType:
    """``text`` drawn as Markdown: here when it is plain prose, else by Rich's Markdown."""
    blocks = prose_blocks(text)
    if blocks is not None:
        return PlainMarkdown(blocks)
    return fitting(text, lambda: _rich_markdown(text, hyperlinks))


def fitting(text: str, markdown: Callable[[], RenderableType]) -> RenderableType:
    """``markdown()``, drawn from ``text``; or, where ``text`` is nested too deep for the width,
    ``text`` as it is (see ``DeepText``). Nested deeper than any width allows (``DEEPEST``
    levels), it is text without being parsed."""
    if nesting_levels(text) > DEEPEST:
        return Text(text.strip("\n"))
    depth = nesting_columns(text)
    return DeepText(text, markdown(), depth) if depth else markdown()


# Markdown-it stops reading at 20 levels of nesting (Rich's parser leaves its default), and what is
# deeper vanishes with everything after it: a list nested ten deep loses the paragraph after it.
# Parsed with room for DEEPEST levels; text nested deeper is drawn as text.
DEEPEST = 100
_NESTING = 2 * DEEPEST + 20  # a list level is two of markdown-it's (list and item)
_LEADING_MARKS = lazy(r"^(?:[ \t]|>|[-*+](?=[ \t])|\d{1,9}[.)](?=[ \t]))+", re.MULTILINE)


def nesting_levels(text: str) -> int:
    """At most how many lists and quotes a line of ``text`` opens: its ``>`` and list markers and
    its indentation (two spaces a level) before its words."""
    if len(text) < 2 * DEEPEST:
        return 0
    deepest = 0
    for match in _LEADING_MARKS.finditer(text):
        prefix = match.group()
        if len(prefix) > DEEPEST:
            marks = len(re.findall(r"[>*+-]|\d{1,9}[.)]", prefix))
            deepest = max(deepest, marks + (prefix.count(" ") + 4 * prefix.count("\t")) // 2)
    return deepest


@functools.cache
def deep_markdown() -> type[Markdown]:
    """Rich's ``Markdown`` parsed with room for ``DEEPEST`` levels of lists and quotes."""
    from markdown_it import MarkdownIt
    from rich.markdown import Markdown

    parser = MarkdownIt("commonmark", {"maxNesting": _NESTING}).enable("strikethrough").enable("table")

    class DeepMarkdown(Markdown):
        def __init__(self, markup: str, **options: Any) -> None:
            super().__init__("", **options)
            self.markup = markup
            self.parsed = parser.parse(markup)

    return DeepMarkdown


_DEEP_LINE = lazy(r"^[ \t>]{16,}", re.MULTILINE)
_ROOM = 20  # columns Markdown nesting must leave for the words


def nesting_columns(text: str) -> int:
    """Roughly how many columns the deepest quote or list nesting of ``text`` takes when drawn
    (each ``>`` a bar and a space, each column of indentation about one and a half); 0 when no
    line starts with 16 or more of those characters."""
    deepest = 0
    for match in _DEEP_LINE.finditer(text):
        prefix = match.group()
        columns = 2 * prefix.count(">") + (3 * (len(prefix) - prefix.count(">") + 3 * prefix.count("\t"))) // 2
        deepest = max(deepest, columns)
    return deepest


class DeepText:
    """Markdown nested so deep that, at the width there is, its words would have no room left
    (Rich's Markdown then draws nothing of them): drawn as the plain text it is instead."""

    def __init__(self, text: str, markdown: RenderableType, columns: int) -> None:
        self.text, self.markdown, self.columns = text, markdown, columns

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        if self.columns + _ROOM > options.max_width:
            yield Text(self.text.strip("\n"))
        else:
            yield self.markdown


def prose_blocks(text: str) -> list[tuple[str, list[str]]] | None:
    """``text`` as ``(kind, lines)`` blocks (paragraphs, tight ``- `` lists, one-paragraph
    ``> `` quotes), the markers taken off; None when it holds anything else."""
    if _SYNTAX.search(text):
        return None
    blocks: list[tuple[str, list[str]]] = []
    for block in _BLANK_LINES.split(text.strip("\n")):
        lines = block.split("\n")
        if all(line.startswith("- ") for line in lines):
            kind = BULLETS
        elif all(line.startswith("> ") for line in lines):
            kind = QUOTE
        else:
            kind = PARAGRAPH
        # Markdown ignores up to three spaces before a paragraph's lines.
        words = [line[2:] for line in lines] if kind != PARAGRAPH else [_unindented(line) for line in lines]
        if not all(_is_prose_line(line) for line in words):
            return None
        if kind == BULLETS and blocks and blocks[-1][0] == BULLETS:
            return None  # two lists a blank line apart are one loose list in Markdown
        if words != lines and kind == PARAGRAPH and any(kind == BULLETS for kind, _ in blocks):
            return None  # indented text after a list may belong to its last item
        blocks.append((kind, words))
    return blocks


def _unindented(line: str) -> str:
    stripped = line.lstrip(" ")
    return stripped if len(line) - len(stripped) <= 3 else line


def _is_prose_line(line: str) -> bool:
    return bool(line) and not _BLOCK_START.match(line) and not line[-1].isspace()


class PlainMarkdown:
    """Prose blocks drawn as ``rich.markdown.Markdown`` draws the same Markdown: a blank line
    between blocks (and above a first list or quote), `` • `` bullets, ``▌ `` quote bars, the
    theme's ``markdown.*`` styles."""

    def __init__(self, blocks: list[tuple[str, list[str]]]) -> None:
        self.blocks = blocks

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        options = options.update(height=None)
        get = console.get_style
        base = get("none")
        paragraph = get("markdown.paragraph", default="none")
        newline = Segment.line()
        for number, (kind, lines) in enumerate(self.blocks):
            if number or kind != PARAGRAPH:
                yield newline
            if kind == PARAGRAPH:
                yield _paragraph(lines, base + paragraph)
            elif kind == QUOTE:
                style = base + get("markdown.block_quote", default="none")
                rendered = console.render_lines(
                    _paragraph(lines, style + paragraph), options.update(width=options.max_width - 4), style=style
                )
                bar = Segment("▌ ", style)
                for line in rendered:
                    yield bar
                    yield from line
                    yield newline
            else:
                style = base + get("markdown.item", default="none")
                bullet_style = get("markdown.item.bullet", default="none")
                bullet, padding = Segment(" • ", bullet_style), Segment("   ", bullet_style)
                item_options = options.update(width=options.max_width - 3)
                for item in lines:
                    rendered = console.render_lines(_paragraph([item], style + paragraph), item_options, style=style)
                    for position, line in enumerate(rendered):
                        yield padding if position else bullet
                        yield from line
                        yield newline


def _paragraph(lines: list[str], style: Style) -> Text:
    """A paragraph's lines joined as Markdown joins them (a soft break is a space), in the same
    pieces as Rich's Markdown, so that even the escape codes are the same."""
    text = Text(justify="left")
    for number, line in enumerate(lines):
        if number:
            text.append(" ", style)
        text.append(line, style)
    return text


def _rich_markdown(text: str, hyperlinks: bool) -> RenderableType:
    from rich.markdown import Markdown, TableDataElement

    class FoldingCell(TableDataElement):
        """A Markdown table cell whose long words fold onto the next line instead of being cut."""

        def __init__(self, justify: JustifyMethod) -> None:
            super().__init__(justify)
            self.content.overflow = "fold"

    class ArticleMarkdown(deep_markdown()):  # type: ignore[misc]
        elements = {**Markdown.elements, "td_open": FoldingCell, "th_open": FoldingCell}

    return ArticleMarkdown(text, hyperlinks=hyperlinks)
