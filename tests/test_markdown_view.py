"""views/markdown.py: plain prose is drawn exactly as Rich's Markdown draws it; the rest goes to Rich."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from rich.console import Console
from rich.text import Text

from conftest import K8S
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
    console = Console(
        file=out, width=width, force_terminal=styled, color_system="truecolor" if styled else None, legacy_windows=False
    )
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
        "Some *emphasis*.",
        "Some `code`.",
        "A [link](https://example.com).",
        "Tom &amp; Jerry",
        "Line one\n---",
        "Line one\n===",
        "1. first\n2. second",
        "- item\n\n- loose item",
        "- item\ncontinued lazily",
        "Text\n- list right after",
        ">no space",
        "> > nested",
        "    indented code",
        "A | B\n--|--\n1 | 2",
        "Hard  \nbreak",
        "<b>html</b>",
        "Tab\tinside",
        "\x1b[31mred\x1b[0m",
        "Keep\u00a0together",
        "# Heading",
        "- - -",
        "+ plus item",
        "~~gone~~",
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


# --- what we rely on in Rich ---------------------------------------------------------------------------
# views/markdown.py and views/compare.py replace elements of Rich's Markdown (table cells that fold
# long words, paragraphs that break CJK lines) and views/markdown.py draws plain prose itself, as
# Rich's Markdown draws it. Rich is capped in pyproject.toml; these tests say what changed when a
# new Rich breaks what we rely on.


def rich_changed(what: str) -> str:
    import rich

    version = getattr(rich, "__version__", None)
    if version is None:
        from importlib.metadata import version as installed

        version = installed("rich")
    return (
        f"Rich {version} changed {what}. views/markdown.py and views/compare.py rely on it: adapt them "
        "(or keep the cap on Rich in pyproject.toml)."
    )


def test_the_markdown_elements_we_replace_are_still_there() -> None:
    import inspect

    from rich import markdown

    elements = getattr(markdown.Markdown, "elements", None)
    assert isinstance(elements, dict), rich_changed("Markdown.elements (no longer a dict of token names to classes)")
    for token, name in (
        ("paragraph_open", "Paragraph"),
        ("td_open", "TableDataElement"),
        ("th_open", "TableDataElement"),
    ):
        expected = getattr(markdown, name, None)
        assert expected is not None, rich_changed(f"rich.markdown.{name} (gone)")
        assert elements.get(token) is expected, rich_changed(f'Markdown.elements["{token}"] (no longer {name})')
    parameters = list(inspect.signature(markdown.TableDataElement.__init__).parameters)
    assert parameters == ["self", "justify"], rich_changed(f"TableDataElement.__init__ (now takes {parameters})")
    cell = markdown.TableDataElement("left")
    assert isinstance(getattr(cell, "content", None), Text), rich_changed("TableDataElement.content (no longer a Text)")
    assert "__rich_console__" in vars(markdown.Paragraph) or hasattr(markdown.Paragraph, "__rich_console__"), (
        rich_changed("Paragraph (no longer renders itself)")
    )


def test_the_replaced_elements_do_their_work() -> None:
    from glossary.views.compare import _cjk_markdown

    table = "| term | note |\n|--|--|\n| x | " + "averyveryverylongwordthatcannotfit" * 2 + " |"
    out = drawn(_rich_markdown(table, False), 30, styled=False)
    assert "averyvery" in out and "cannotfit" in out.replace("\n", "").replace(" ", "").replace("│", ""), rich_changed(
        "the drawing of table cells (a long word in a cell is no longer folded)"
    )
    cjk = "日本語の文章はスペースなしで書かれるので、行は文字の間で折り返されるべきです。" * 2
    lines = [line.rstrip() for line in drawn(_cjk_markdown()(cjk), 24, styled=False).splitlines() if line.strip()]
    assert "".join(lines) == cjk and len(lines) > 1, rich_changed("Markdown paragraphs (the CJK paragraph is not used)")


PROSE_SAMPLES = [
    "A paragraph of plain words, long enough to be wrapped at a narrow width, twice over at least.",
    "First paragraph.\n\nSecond paragraph,\nwith a soft break.",
    "- one item\n- another item that is long enough to wrap onto a second line at forty columns",
    "> A quote that is long enough to wrap onto a second line at forty columns.\n\nThen prose.",
    "Ääkköset, 日本語 and emoji 🐟 in prose.",
]


@pytest.mark.parametrize("text", PROSE_SAMPLES)
def test_the_fast_prose_path_still_draws_as_rich_does(text: str) -> None:
    mine = markdown_view(text)
    assert isinstance(mine, PlainMarkdown), text
    for width in (20, 40, 100):
        for styled in (False, True):
            ours, theirs = drawn(mine, width, styled=styled), drawn(_rich_markdown(text, True), width, styled=styled)
            assert ours == theirs, rich_changed(
                f"how Markdown draws plain prose ({'styled' if styled else 'plain'}, {width} columns): "
                f"PlainMarkdown in views/markdown.py no longer draws the same.\nRich: {theirs!r}\nours: {ours!r}"
            )
