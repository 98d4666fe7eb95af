"""glossary.analysis: words, stems, CJK runs; the same analysis for indexing and for queries."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from glossary.analysis import Analyzer, cjk_terms, has_cjk, is_cjk, reader_words, split_cjk, term_words, wraps_anywhere

# --- words -----------------------------------------------------------------------------------------


def test_reader_words_keep_apostrophes_and_underscores() -> None:
    assert reader_words("client-centric, isn't it") == ["client", "centric", "isn't", "it"]
    assert reader_words("kube_proxy") == ["kube_proxy"]


def test_term_words_are_letters_and_digits_only() -> None:
    assert term_words("client-centric, isn't it") == ["client", "centric", "isn", "t", "it"]
    assert term_words("kube_proxy 1.5") == ["kube", "proxy", "1", "5"]


# --- Chinese, Japanese and Korean ------------------------------------------------------------------


def test_has_cjk() -> None:
    assert has_cjk("ノード") and has_cjk("节点") and has_cjk("노드")
    assert has_cjk("\U00020000") and has_cjk("a\U0002a6d6b")  # extension B and beyond
    assert not has_cjk("Klientsentrert") and not has_cjk("") and not has_cjk("。")


def test_split_cjk() -> None:
    assert split_cjk("kubernetesのノード") == ["kubernetes", "のノード"]
    assert is_cjk("のノード") and not is_cjk("kubernetesのノード")
    assert split_cjk("plain") == ["plain"]


def test_lines_of_chinese_and_japanese_wrap_anywhere_but_korean_does_not() -> None:
    assert wraps_anywhere("节") and wraps_anywhere("ノ") and wraps_anywhere("。") and wraps_anywhere("（")
    assert wraps_anywhere("\U00020000")
    assert not wraps_anywhere("노") and not wraps_anywhere("a") and not wraps_anywhere(" ")


# --- full-text terms ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "text", "terms"),
    [
        ("fi", "Asiakkaan", ["asiak"]),
        ("no", "Høydepunkter", ["hoydepunkt"]),
        ("no", "hoydepunkter", ["hoydepunkt"]),
        ("en", "Machines, WORKERS!", ["machin", "worker"]),
        ("ja", "ワーカーマシン", cjk_terms("わーかーましん")),  # katakana folded to hiragana
        ("ja", "Kubernetesのノード", ["kubernetes"] + cjk_terms("ののーど")),
        ("de", "kube_proxy", ["kub", "proxy"]),
    ],
)
def test_terms(lang: str, text: str, terms: list[str]) -> None:
    assert Analyzer(lang).column(text).split() == terms


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.one_of(st.text(max_size=8), st.sampled_from(list(".,;:!?()\"' ") + ["ノード", "é", "\u0301", "≠"])),
        max_size=12,
    )
)
def test_column_is_each_piece_analysed_alone(parts: list[str]) -> None:
    text = "".join(parts)
    analyzer, reference = Analyzer("fi"), Analyzer("fi")
    expected = [term for chunk in text.split() for term in reference.chunk_terms(chunk)]
    assert analyzer.column(text).split() == expected
    assert analyzer.column(text + " " + text).split() == expected + expected  # from the cache too


def test_cjk_pairs() -> None:
    assert cjk_terms("ノード") == ["ノー", "ード", "ド"]
    assert cjk_terms("ノ") == ["ノ"]
