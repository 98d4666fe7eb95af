"""views/markdown.py: plain prose is drawn exactly as Rich's Markdown draws it; the rest goes to Rich."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from conftest import K8S
from hypothesis import example, given, settings
from hypothesis import strategies as st
from rich.console import Console

from glossary.articles import read_article
from glossary.corpus import bundled_root
from glossary.views.markdown import (
    PlainMarkdown,
    _rich_markdown,
    markdown_view,
    prose_blocks,
)


def drawn(renderable, width: int, *, styled: bool) -> str:
    out = io.StringIO()
    console = Console(file=out, width=width, force_terminal=styled, color_system="truecolor" if styled else None, legacy_windows=False)
    console.print(renderable)
    return out.getvalue()


def same_as_rich(text: str, width: int) -> None:
    mine = markdown_view(text)
    assert isinstance(mine, PlainMarkdown), text
    rich = _rich_markdown(text, True)
    for styled in (False, True):
        assert drawn(mine, width, styled=styled) == drawn(rich, width, styled=styled), (text, width)


WORD = st.text(alphabet="abcdefghåäöøéŋ日本語,.;:!?%()/'\"$=+-–•>0123456789", min_size=1, max_size=12)
LINE = st.lists(WORD, min_size=1, max_size=12).map(" ".join)
INDENT = st.sampled_from(["", "", "", " ", "   ", "    "])
BLOCK = st.one_of(
    st.lists(st.tuples(INDENT, LINE).map("".join), min_size=1, max_size=3).map("\n".join),
    st.lists(LINE, min_size=1, max_size=4).map(lambda lines: "\n".join("- " + line for line in lines)),
    st.lists(LINE, min_size=1, max_size=3).map(lambda lines: "\n".join("> " + line for line in lines)),
)
DOCUMENT = st.lists(BLOCK, min_size=1, max_size=5).map("\n\n".join)


@settings(max_examples=300, deadline=None)
@given(DOCUMENT, st.integers(min_value=8, max_value=120))
@example("- one\n- two\n\nAfter the list.\n\n> A quote.", 40)
@example("> Quoted first.\n\nThen prose.", 30)
def test_prose_is_drawn_as_rich_draws_it(text: str, width: int) -> None:
    if prose_blocks(text) is None:  # something Markdown may read as syntax: Rich draws it
        assert not isinstance(markdown_view(text), PlainMarkdown)
        return
    same_as_rich(text, width)


@pytest.mark.parametrize(
    "text",
    [
        "Some *emphasis*.", "Some `code`.", "A [link](https://example.com).", "Tom &amp; Jerry",
        "Line one\n---", "Line one\n===", "1. first\n2. second", "- item\n\n- loose item",
        "- item\ncontinued lazily", "Text\n- list right after", ">no space", "> > nested",
        "    indented code", "A | B\n--|--\n1 | 2", "Hard  \nbreak", "<b>html</b>", "Tab\tinside",
        "\x1b[31mred\x1b[0m", "Keep\u00a0together", "# Heading", "- - -", "+ plus item", "~~gone~~",
        "- item\n\n  more of the item",
    ],
)
def test_anything_else_goes_to_rich(text: str) -> None:
    assert prose_blocks(text) is None
    assert not isinstance(markdown_view(text), PlainMarkdown)


def texts_of(path: Path) -> list[str]:
    article = read_article(path, slug=path.stem, lang=path.parent.name)
    return [article.lead] + [section.text for section in article.sections]


def real_texts() -> list[str]:
    paths = sorted(bundled_root().glob("*/*.md")) + sorted(Path(K8S).glob("*/*.md"))
    return [text for path in paths for text in texts_of(path) if text]


@pytest.mark.parametrize("width", [40, 80, 133])
def test_real_articles_are_drawn_as_rich_draws_them(width: int) -> None:
    texts = real_texts()
    plain = [text for text in texts if prose_blocks(text) is not None]
    assert len(plain) > len(texts) // 2  # most real text takes the fast way
    for text in plain:
        same_as_rich(text, width)
