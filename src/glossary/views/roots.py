"""How each glossary root was read (``glossary langs --verbose``): as text and as JSON."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from glossary.roots import RootLayout
from glossary.text import printable_path
from glossary.views import unbroken


def roots_data(layouts: Sequence[RootLayout]) -> list[dict[str, Any]]:
    """The ``roots`` of ``langs --json --verbose`` (documented in docs/layouts.md)."""
    return [
        {
            "path": layout.path,
            "origin": layout.origin,
            "layout": layout.layout,
            "found_by": layout.found_by,
            "source": layout.source,
            "source_by": layout.source_by,
            "versions": [{"name": name, "langs": langs} for name, langs in layout.versions],
            "reading": layout.reading,
            "marker_keys": list(layout.marker_keys),
        }
        for layout in layouts
    ]


def roots_view(layouts: Sequence[RootLayout]) -> RenderableType:
    """For each root a few labelled lines: layout, source language, versions, marker keys."""
    blocks: list[RenderableType] = []
    for layout in layouts:
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold", no_wrap=True)
        table.add_column(overflow="fold")
        table.add_row("layout", Text(f"{layout.layout} ({layout.found_by})"))
        table.add_row("source", Text(f"{layout.source or 'none'} ({layout.source_by})"))
        if layout.versions:
            said = "; ".join(f"{name}: {' '.join(langs)}" for name, langs in layout.versions)
            table.add_row("versions", Text(said))
        if layout.reading:
            table.add_row("reading", Text(layout.reading))
        table.add_row("markers", Text(", ".join(layout.marker_keys)))
        heading = unbroken(f"{printable_path(layout.path)} ({layout.origin})", "bold")  # never folded
        blocks.extend([Text(), heading, table])
    return Group(*blocks)
