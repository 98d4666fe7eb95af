"""Turn core results into Rich renderables and JSON-ready data. No business logic, no I/O.

One module per kind of result: ``article`` (show, list, langs), ``search``, ``compare`` and
``terms`` (links, check, translate), so a command imports only the views it renders. This module
holds what they share: the styles and the spacing of parts.

Article text always goes into ``Text`` objects or ``Markdown`` (which builds ``Text``), never
through console markup, so brackets and ``:emoji:`` codes reach the screen as written.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import RenderableType
from rich.text import Text

from glossary.text import shown_slug

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


def title_line(title: str, slug: str, lang: str) -> Text:
    """``Klientsentrert  client-centric · no``: how an article is named wherever it is listed."""
    line = Text()
    line.append(title, style=TITLE)
    line.append("  ")
    line.append(shown_slug(slug), style=SLUG)
    line.append(" · ", style=DIM)
    line.append(lang, style=LANG)
    return line
