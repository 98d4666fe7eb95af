"""Turn core results into Rich renderables and JSON-ready data. No business logic, no I/O.

One module per kind of result: ``article`` (show, list, langs), ``search``, ``compare`` and
``terms`` (links, check, translate), so a command imports only the views it renders. This module
holds what they share: the styles, the spacing of parts, and how a path is kept whole.

Article text always goes into ``Text`` objects or ``Markdown`` (which builds ``Text``), never
through console markup, so brackets and ``:emoji:`` codes reach the screen as written.

A path, a slug or a command a user may copy is never broken across lines: when it does not fit,
it goes on a line of its own and runs past the width (``whole_words``, ``ThenPath``), and the
command line prints without cropping lines (``glossary.cli.output``). Piped, the line is there to
copy or ``grep``; on a terminal, the terminal wraps it softly and copies it as one line. Prose
still wraps at spaces (Chinese and Japanese between characters too: ``linebreaks``), and folds
only inside table cells.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.style import Style
from rich.text import Text

from glossary.text import shown_slug
from glossary.views import linebreaks

linebreaks.install()  # Chinese and Japanese text breaks between characters, not only at spaces

if TYPE_CHECKING:
    from rich.measure import Measurement
    from rich.segment import Segment

TITLE = "bold"
SLUG = "cyan"
LANG = "magenta"
DIM = "dim"
HEADING = "bold cyan"


class OwnBlankLine:
    """Marks a part that brings its own blank line above it (Rich puts one before a list)."""

    def __init__(self, renderable: RenderableType) -> None:
        self.renderable = renderable


def spaced(parts: Sequence[RenderableType | OwnBlankLine]) -> list[RenderableType]:
    """Parts separated by one blank line."""
    spaced: list[RenderableType] = []
    for part in parts:
        if isinstance(part, OwnBlankLine):
            part = part.renderable
        elif spaced:
            spaced.append(Text())
        spaced.append(part)
    return spaced


def word_breaks(text: str, first: int, rest: int) -> list[int]:
    """Offsets at which to break ``text`` at spaces so that its first line takes at most ``first``
    cells and the others ``rest``; a word wider than a line gets a line of its own, whole."""
    from rich.cells import cell_len

    breaks: list[int] = []
    available, used, position = max(first, 1), 0, 0
    for word in text.split(" "):
        size = cell_len(word)
        if used and used + 1 + size > available:
            breaks.append(position)
            available, used = max(rest, 1), size
        else:
            used += (1 if used or position else 0) + size
        position += len(word) + 1
    return breaks


KEPT_WHOLE = Style(meta={"kept_whole": True})  # marks a slug or a path that is never folded


def append_whole(line: Text, text: str, style: str) -> Text:
    """Append a slug or a path that ``whole_words`` will never fold."""
    start = len(line)
    line.append(text, style=style)
    line.stylize(KEPT_WHOLE, start, len(line))
    return line


class WholeWords(Text):
    """Text wrapped at spaces; a word marked by ``append_whole`` is never folded (see ``whole_words``).

    Drawn by ``_WholeWordsDrawing``: a console joins the ``Text`` objects it is given into one
    plain ``Text`` before drawing them, which would lose this class's own drawing."""

    def __rich__(self) -> _WholeWordsDrawing:
        return _WholeWordsDrawing(self)


class _WholeWordsDrawing:
    def __init__(self, text: Text) -> None:
        self.text = text

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return self.text.__rich_measure__(console, options)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterable[Segment]:
        from rich.segment import Segment

        text = self.text
        kept = [(span.start, span.end) for span in text.spans if span.style == KEPT_WHOLE]
        width = options.max_width
        at = 0
        for paragraph in text.split("\n", allow_blank=True):
            offsets = word_breaks(paragraph.plain, width, width)
            for start, line in zip([0, *offsets], paragraph.divide(offsets), strict=False):
                if start:  # a line after a break starts at its word, not at the spaces before it
                    lead = len(line.plain) - len(line.plain.lstrip(" "))
                    line, start = line[lead:], start + lead
                line.rstrip()
                keep = any(first < at + start + len(line) and last > at + start for first, last in kept)
                for piece in [line] if keep or line.cell_len <= width else line.wrap(console, width, overflow="fold"):
                    segments = piece.render(console, end="")
                    if piece.style and not piece.spans:  # rendered without its own style: apply it
                        segments = Segment.apply_style(segments, console.get_style(piece.style))
                    yield from segments
                    yield Segment.line()
            at += len(paragraph) + 1


def whole_words(text: Text) -> Text:
    """``text`` wrapped at spaces, where a slug or a path added by ``append_whole`` is never folded:
    longer than a line, it gets a line of its own and runs past the width; other words longer than
    a line fold. Made last: a ``Text`` built from it (``append`` aside) wraps as any other."""
    whole = WholeWords(text.plain, style=text.style, justify=text.justify, end=text.end)
    whole.spans = list(text.spans)
    return whole


def unbroken(text: str, style: str = "") -> Text:
    """``text`` never wrapped: a path that may hold spaces, or a command, on one line however long."""
    return Text(text, style=style, no_wrap=True, overflow="ignore")


class ThenPath:
    """A line that ends in a path: the path stays at its end when the line fits the width, else on
    a terminal it goes on a line of its own below, ``indent`` cells in, whole (spaces in it
    included). Piped, the line is never broken: one line a record, for ``grep`` and ``cut``."""

    def __init__(self, head: Text, path: str, *, style: str = DIM, indent: int = 2, gap: str = "  ") -> None:
        self.head, self.path, self.style, self.indent, self.gap = head, path, style, indent, gap

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        from rich.cells import cell_len

        head = self.head.copy()
        fits = self.head.cell_len + cell_len(self.gap + self.path) <= options.max_width
        if fits or not options.is_terminal:
            head.append(self.gap)
            head.append(self.path, style=self.style)
            yield _no_wrap(head)
            return
        yield whole_words(head)
        yield unbroken(" " * self.indent + self.path, self.style)


def _no_wrap(text: Text) -> Text:
    text.no_wrap, text.overflow = True, "ignore"
    return text


def title_line(title: str, slug: str, lang: str) -> Text:
    """``Klientsentrert  client-centric · no``: how an article is named wherever it is listed
    (wrapped at spaces; a slug is never folded: pass it through ``whole_words`` when done)."""
    line = Text()
    line.append(title, style=TITLE)
    line.append("  ")
    append_whole(line, shown_slug(slug), SLUG)
    line.append(" · ", style=DIM)
    line.append(lang, style=LANG)
    return line
