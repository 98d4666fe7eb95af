"""Views of search hits and of the index."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.console import Group, RenderableType
from rich.text import Text

from glossary.search.engine import SNIPPET_CHARS, Passage, SearchHit
from glossary.views import DIM, HEADING, ThenPath, spaced, title_line, unbroken, whole_words

MATCH = "bold yellow"
INDENT = 2  # a snippet's indent under its header line


def snippet_chars(width: int | None) -> int:
    """How many characters a snippet may take: a terminal line of ``width`` less the indent and a
    margin (never under 20), or ``SNIPPET_CHARS`` when there is no terminal (``None``, JSON)."""
    return SNIPPET_CHARS if width is None else max(20, width - INDENT - 1)


def fitted(passage: Passage, chars: int) -> tuple[str, list[tuple[int, int]]]:
    """The snippet of ``passage`` in ``chars`` terminal cells (CJK characters take two): cut at a
    word when one ends close enough, an ellipsis wherever the text goes on; the highlights in it."""
    line = passage.text
    fits = _fitting(line, chars - 2)  # room for the two ellipses
    cut = passage.more_after
    if fits < len(line):
        cut_at = line.rfind(" ", 0, fits)
        line = line[: cut_at if cut_at > fits - 16 else fits]
        cut = True
    prefix = "…" if passage.cut_before else ""
    highlights = [(start + len(prefix), end + len(prefix)) for start, end in passage.highlights if end <= len(line)]
    return prefix + line + ("…" if cut else ""), highlights


def _fitting(text: str, cells: int) -> int:
    """How many characters of ``text`` fit in ``cells`` terminal cells (CJK characters take two)."""
    import unicodedata

    used = 0
    for index, char in enumerate(text):
        used += 2 if unicodedata.east_asian_width(char) in "WF" else 1
        if used > cells:
            return index
    return len(text)


def search_view(hits: Sequence[SearchHit], width: int) -> RenderableType:
    """Each hit: title, slug, language and section; then one line around the match, fitted to
    ``width``, matched words highlighted (only colour and weight mark them, so piped output is the
    plain text)."""
    chars = snippet_chars(width)
    parts: list[RenderableType] = []
    for hit in hits:
        header = title_line(hit.title, hit.slug, hit.lang)
        if hit.section:
            header.append(" · ", style=DIM)
            header.append(hit.section, style=HEADING)
        text, highlights = fitted(hit.passage, chars)
        snippet = Text(" " * INDENT + text, no_wrap=True, overflow="ellipsis")
        for start, end in highlights:
            snippet.stylize(MATCH, start + INDENT, end + INDENT)
        parts.append(Group(whole_words(header), snippet))
    return Group(*spaced(parts))


def search_data(hits: Sequence[SearchHit]) -> list[dict[str, object]]:
    """The stable ``search --json`` list: a snippet of ``SNIPPET_CHARS`` for each hit."""
    return [
        {
            "slug": hit.slug,
            "lang": hit.lang,
            "title": hit.title,
            "section": hit.section,
            "snippet": fitted(hit.passage, SNIPPET_CHARS)[0],
            "score": hit.score,
        }
        for hit in hits
    ]


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
        ("stamp", str(info.get("stamp"))),
    ]
    lines: list[RenderableType] = []
    for label, value in rows:
        line = Text(f"{label:<14}", style=DIM)
        if label == "path" and info.get("path"):
            lines.append(ThenPath(line, str(value), style="", indent=0, gap=""))
            continue
        line.append(str(value))
        lines.append(line)
    return Group(*lines)


def index_summary(info: dict[str, Any], parsed: int) -> RenderableType:
    """``index up to date: 74 articles in 8 languages (parsed 3 files)``, then the index's path."""
    line = Text("index up to date: ", style="bold")
    line.append(f"{info.get('articles', 0)} articles in {info.get('languages', 0)} languages")
    line.append(f" (parsed {parsed} file{'s' if parsed != 1 else ''})", style=DIM)
    if info.get("path"):
        return Group(line, unbroken(str(info["path"]), DIM))
    return line
