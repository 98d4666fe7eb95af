"""Views of search hits and of the index."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.console import Group, RenderableType
from rich.text import Text

from glossary.views import DIM, HEADING, spaced, title_line

MATCH = "bold yellow"


def search_view(hits: Sequence[Any]) -> RenderableType:
    """Each hit: title, slug, language and section; then one line around the match, matched words
    highlighted (only colour and weight mark them, so piped output is the plain text)."""
    parts: list[RenderableType] = []
    for hit in hits:
        header = title_line(hit.title, hit.slug, hit.lang)
        if hit.section:
            header.append(" · ", style=DIM)
            header.append(hit.section, style=HEADING)
        snippet = Text("  " + hit.snippet, no_wrap=True, overflow="ellipsis")
        for start, end in hit.highlights:
            snippet.stylize(MATCH, start + 2, end + 2)
        parts.append(Group(header, snippet))
    return Group(*spaced(parts))


def _size(size: int) -> str:
    value = float(size)
    for unit in ("bytes", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "bytes" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{size} bytes"


def index_info_view(info: dict[str, Any]) -> RenderableType:
    """Where the index is, what it holds, its size and when it was built."""
    rows = [
        ("path", info.get("path") or "(in memory: the cache folder cannot be written)"),
        ("articles", str(info.get("articles", 0))),
        ("languages", str(info.get("languages", 0))),
        ("skipped files", str(info.get("skipped", 0))),
        ("size", _size(int(info.get("size_bytes") or 0))),
        ("built", info.get("built") or "-"),
        ("updated", info.get("updated") or "-"),
        ("format", str(info.get("format"))),
    ]
    lines = []
    for label, value in rows:
        line = Text(f"{label:<14}", style=DIM)
        line.append(str(value))
        lines.append(line)
    return Group(*lines)


def index_summary(info: dict[str, Any], parsed: int) -> Text:
    """``index up to date: 74 articles in 8 languages (parsed 3 files)``"""
    line = Text("index up to date: ", style="bold")
    line.append(f"{info.get('articles', 0)} articles in {info.get('languages', 0)} languages")
    line.append(f" (parsed {parsed} file{'s' if parsed != 1 else ''})", style=DIM)
    if info.get("path"):
        line.append("\n")
        line.append(str(info["path"]), style=DIM)
    return line
