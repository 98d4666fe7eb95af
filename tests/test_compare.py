"""compare.py: flags, blocks, section alignment and the two comparisons, as plain data."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from glossary.analysis import reader_words as words
from glossary.articles import Article, parse_article, read_article
from glossary.compare import (
    BOTH,
    LINKS,
    NUMBERS,
    ONLY_A,
    ONLY_B,
    SECTIONS,
    Flag,
    align,
    compare_articles,
    compare_languages,
    shape_flags,
    split_blocks,
)
from glossary.corpus import bundled_root
from glossary.errors import NotFound
from glossary.index import Entry


def bundled(lang: str) -> Article:
    return read_article(bundled_root() / lang / "client-centric.md", slug="client-centric", lang=lang)


def without_section(article: Article, number: int) -> Article:
    """The same article with its ``number``-th ``##`` section (and all its text) removed."""
    text = (bundled_root() / article.lang / "client-centric.md").read_text(encoding="utf-8")
    parts = re.split(r"(?m)^(?=## )", text)
    del parts[number]
    return parse_article("".join(parts), slug=article.slug, lang=article.lang, path=article.path)


def entry(slug: str, lang: str, title: str, *, headings=(), links=(), numbers=()) -> Entry:
    return Entry(
        slug=slug,
        lang=lang,
        key=lang,
        path=f"/g/{lang}/{slug}.md",
        title=title,
        description="",
        aka=[],
        sections=len(headings),
        links=[(target, target, 1) for target in links],
        numbers=list(numbers),
    )


# --- flags -----------------------------------------------------------------------------------------


def test_no_flags_when_shapes_match() -> None:
    assert shape_flags((4, 4), (["a", "b"], ["b", "a", "a"]), (["8%"], ["8%"])) == []


def test_each_kind_of_difference_is_flagged() -> None:
    flags = shape_flags((4, 3), (["customer", "market"], ["customer", "ideas"]), (["2019", "8%"], ["8%"]))
    assert flags == [
        Flag(SECTIONS, count_a=4, count_b=3),
        Flag(LINKS, only_a=("market",), only_b=("ideas",)),
        Flag(NUMBERS, only_a=("2019",)),
    ]


@pytest.mark.parametrize(
    ("a", "b"),
    [("8 %", "8%"), ("1,5", "1.5"), ("15 000", "15,000"), ("15.000", "15 000"), ("1.234,5", "1,234.5")],
)
def test_numbers_written_the_local_way_are_the_same(a: str, b: str) -> None:
    from glossary.text import numbers

    assert shape_flags((1, 1), ([], []), (numbers(f"Se on {a}."), numbers(f"Det er {b}."))) == []


def test_numbered_list_markers_are_not_numbers() -> None:
    a = parse_article("## S\n\n1. eka\n2. toka\n", slug="x", lang="fi")
    b = parse_article("## S\n\n- en\n- to\n", slug="x", lang="no")
    assert compare_articles(a, b).flags == []


# --- a whole glossary ------------------------------------------------------------------------------


def test_languages_line_up_by_slug_with_status_and_counts() -> None:
    result = compare_languages(
        [entry("a", "fi", "Aa"), entry("b", "fi", "Bee", headings=["x", "y"])],
        [entry("b", "no", "Be", headings=["x"]), entry("c", "no", "Ce")],
        "fi",
        "no",
    )
    assert [(row.slug, row.status) for row in result.rows] == [("a", ONLY_A), ("b", BOTH), ("c", ONLY_B)]
    assert (result.concepts, result.count_a, result.count_b, result.both, result.flagged) == (3, 2, 2, 1, 1)
    assert [row.slug for row in result.missing()] == ["a"]
    assert result.rows[1].flags == (Flag(SECTIONS, count_a=2, count_b=1),)


@pytest.mark.parametrize(("a", "b"), [("en", "ja"), ("de", "zh-cn"), ("ko", "fr")])
def test_languages_from_the_index_are_those_of_its_entries(k8s, a: str, b: str) -> None:
    from glossary.compare import compare_index
    from glossary.corpus import load_corpus
    from glossary.index import open_index

    corpus = load_corpus([k8s])
    index = open_index(corpus, in_memory=True)
    names = corpus.language_name(a), corpus.language_name(b)
    fast = compare_index(index, a, b, *names)
    full = compare_languages(index.entries(a), index.entries(b), *names)

    def seen(result):
        return [
            (
                row.slug,
                row.status,
                row.flags,
                *[(side.lang, side.title, side.path) if side else None for side in (row.a, row.b)],
            )
            for row in result.rows
        ]

    assert seen(fast) == seen(full) and fast.flagged == full.flagged and fast.rows


# --- blocks ----------------------------------------------------------------------------------------


def test_blocks_are_paragraphs_and_list_items() -> None:
    text = "First para\nstill first.\n\n- one\n- two\n  - nested\n\n> quote\n\n```\ncode\n\nmore code\n```\n\nLast."
    assert split_blocks(text) == [
        "First para\nstill first.",
        "- one",
        "- two\n  - nested",
        "> quote",
        "```\ncode\n\nmore code\n```",
        "Last.",
    ]


@given(st.text())
def test_blocks_keep_every_word(text: str) -> None:
    assert words(" ".join(split_blocks(text))) == words(text)


# --- two articles ----------------------------------------------------------------------------------


def test_bundled_articles_align_section_by_section() -> None:
    result = compare_articles(bundled("fi"), bundled("no"))
    assert [(p.a.heading, p.b.heading) for p in result.sections] == [
        ("Mikä on asiakaslähtöisyys?", "Hva er klientsentrisk?"),
        ("Asiakaslähtöisyyden ymmärtäminen", "Forstå klientsentrisk"),
        ("Asiakaskeskeisen lähestymistavan edut", "Fordelene med en klientsentrert tilnærming"),
        ("Kohokohdat", "Høydepunkter"),
    ]
    assert all(pair.paired for pair in result.sections)
    assert [len(pair.rows) for pair in result.sections] == [1, 2, 6, 3]
    assert result.flags == []


@pytest.mark.parametrize("number", [1, 2, 3, 4])
def test_a_section_missing_from_b_is_a_gap(number: int) -> None:
    a, b = bundled("fi"), without_section(bundled("no"), number)
    result = compare_articles(a, b)
    assert [(p.a.number if p.a else None, p.b.number if p.b else None) for p in result.sections] == [
        (n, None if n == number else n - (n > number)) for n in range(1, 5)
    ]
    assert [pair.a.number for pair in result.missing()] == [number]
    assert Flag(SECTIONS, count_a=4, count_b=3) in result.flags


@pytest.mark.parametrize("number", [1, 2, 3, 4])
def test_a_section_missing_from_a_is_a_gap(number: int) -> None:
    result = compare_articles(without_section(bundled("fi"), number), bundled("no"))
    gaps = [pair.b.number for pair in result.sections if pair.a is None]
    assert gaps == [number]
    assert all(
        pair.a.heading == bundled("fi").sections[pair.b.number - 1].heading for pair in result.sections if pair.a
    )


def test_blocks_pair_one_to_one_only_when_counts_match() -> None:
    a = parse_article("## S\n\nOne.\n\nTwo.\n", slug="x", lang="fi")
    b = parse_article("## S\n\nYksi ja kaksi.\n", slug="x", lang="no")
    (pair,) = compare_articles(a, b).sections
    assert not pair.paired
    assert [(row.a, row.b) for row in pair.rows] == [(("One.", "Two."), ("Yksi ja kaksi.",))]


def test_a_lead_that_repeats_the_description_is_not_shown_twice(k8s) -> None:
    en = read_article(k8s / "en" / "node.md", slug="node", lang="en")
    ja = read_article(k8s / "ja" / "node.md", slug="node", lang="ja")
    result = compare_articles(en, ja)
    shown = " ".join(block for row in result.lead for block in row.a)
    assert "worker node may be" in shown and "A node is a worker machine" not in shown


def test_a_lead_that_repeats_the_description_in_bold_or_with_links_is_not_shown_twice() -> None:
    """MDN writes the description again as the lead's first paragraph, its term in bold and linked."""
    text = (
        "---\ndescription: CORS is a system of HTTP headers.\n---\n\n"
        "**CORS** is a system of [HTTP](/http) headers.\n\nMore about it.\n"
    )
    a, b = parse_article(text, slug="cors", lang="en"), parse_article(text, slug="cors", lang="de")
    shown = [block for row in compare_articles(a, b).lead for block in row.a]
    assert shown == ["More about it."]


def test_section_is_found_by_number_or_by_words_of_either_heading() -> None:
    result = compare_articles(bundled("fi"), bundled("no"))
    assert result.find("4").b.heading == "Høydepunkter"
    assert result.find("hoydepunkter").a.heading == "Kohokohdat"
    assert result.find("ymmärtäminen").number == 2
    with pytest.raises(NotFound):
        result.find("9")


def test_equal_counts_pair_by_position_whatever_the_scores() -> None:
    from glossary.compare import align_sections

    a = parse_article("## A\n\nx\n\n## B\n\ny\n", slug="s", lang="fi")
    b = parse_article("## C\n\nyyyyyyyyyyyy [l](/l)\n\n## D\n\nx\n", slug="s", lang="no")
    assert align_sections(a, b) == [(0, 0), (1, 1)]


def test_alignment_leaves_the_gap_where_the_scores_say() -> None:
    scores = [[1.5, 0.5], [0.5, 0.6], [0.5, 1.5]]  # A's middle item has no good partner
    assert align(3, 2, scores) == [(0, 0), (1, None), (2, 1)]
    assert align(2, 3, [list(row) for row in zip(*scores, strict=True)]) == [(0, 0), (None, 1), (1, 2)]


sections_text = st.lists(
    st.tuples(st.text(alphabet="abc ÅØ日本", min_size=1, max_size=8), st.text(max_size=60)), max_size=6
)


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(sections_text, sections_text)
def test_any_two_articles_align_every_section_once_in_order(one, other) -> None:
    def article(sections, lang):
        body = "".join(f"## {heading}\n\n{text}\n\n" for heading, text in sections)
        return parse_article("# T\n\n" + body, slug="s", lang=lang)

    a, b = article(one, "fi"), article(other, "no")
    result = compare_articles(a, b)
    assert [p.a.number for p in result.sections if p.a] == [s.number for s in a.sections]
    assert [p.b.number for p in result.sections if p.b] == [s.number for s in b.sections]
    assert len(result.sections) >= max(len(a.sections), len(b.sections))


# --- rendering helpers (views) -------------------------------------------------------------------


@given(
    st.one_of(
        st.text(alphabet=st.sampled_from(list("ab 、。「」（）日本語カナ한국\tx-")), max_size=80),
        st.text(" abcdé-", max_size=120),
    ),
    st.integers(2, 30),
)
def test_cjk_line_breaks_fit_the_width_and_lose_nothing(text: str, width: int) -> None:
    from rich.cells import cell_len

    from glossary.views.compare import _line_breaks

    breaks = _line_breaks(text, width)
    assert breaks == sorted(set(breaks)) and all(0 < offset < len(text) for offset in breaks)
    lines = [text[start:end] for start, end in zip([0, *breaks], [*breaks, len(text)], strict=True)]
    assert "".join(lines) == text
    assert all(cell_len(line.rstrip()) <= width for line in lines)


def test_cjk_lines_keep_latin_words_whole_and_punctuation_attached() -> None:
    from glossary.views.compare import _line_breaks

    text = "ノード上のデーモンには、kubelet、およびdockerなどのCRIを実装する。"
    lines = [text[s:e] for s, e in zip([0, *_line_breaks(text, 14)], [*_line_breaks(text, 14), len(text)], strict=True)]
    assert all(not line.startswith(("、", "。")) for line in lines)
    assert any("docker" in line for line in lines) and any("kubelet" in line for line in lines)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=300), st.text(max_size=300), st.sampled_from([30, 60, 79, 100, 160]))
def test_any_text_renders_within_the_width(body_a: str, body_b: str, width: int) -> None:
    import io

    from rich.console import Console

    from glossary.views.compare import ArticleComparisonView

    a = parse_article("# A\n\n## One\n\n" + body_a, slug="s", lang="fi")
    b = parse_article("# B\n\n" + body_b, slug="s", lang="no")
    console = Console(file=io.StringIO(), width=width, color_system=None, markup=False, emoji=False, highlight=False)
    with console.capture() as capture:
        console.print(ArticleComparisonView(compare_articles(a, b)))
    from rich.cells import cell_len

    assert all(cell_len(line) <= width for line in capture.get().split("\n"))
