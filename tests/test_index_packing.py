"""How the articles table keeps lists and facts: every value reads back as it was written."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from glossary.cli import main
from glossary.index.packing import (
    AS_JSON,
    COMMON_FACTS,
    link_targets,
    pack_facts,
    pack_links,
    pack_texts,
    unpack_facts,
    unpack_links,
    unpack_texts,
)

# Any text, separators included (a value that does not come from an article may hold them).
TEXT = st.text(alphabet=st.characters(codec="utf-8") | st.sampled_from("\x1d\x1e\x1f"))
LINK = st.tuples(TEXT, TEXT, st.integers(min_value=0, max_value=10**9))


@given(st.lists(TEXT))
def test_texts_read_back_as_written(items: list[str]) -> None:
    assert unpack_texts(pack_texts(items)) == items


@given(st.lists(LINK))
def test_links_read_back_as_written(links: list[tuple[str, str, int]]) -> None:
    packed = pack_links(links)
    assert unpack_links(packed) == links
    assert link_targets(packed) == [target for _, target, _ in links]


def test_article_text_is_joined_without_json() -> None:
    assert pack_texts(["1 000", "25%"]) == "1 000\x1f25%"
    assert pack_links([("[asiakas]", "customer", 3), ("", "x", 9)]) == "[asiakas]\x1fcustomer\x1f3\x1e\x1fx\x1f9"
    assert pack_texts([]) is None and pack_links([]) is None
    assert unpack_texts("") == [""]


def test_a_separator_in_a_value_keeps_the_list_as_json() -> None:
    packed = pack_texts(["a\x1fb", "c"])
    assert packed.startswith(AS_JSON)
    assert unpack_texts(packed) == ["a\x1fb", "c"]
    assert unpack_links(pack_links([("a", "b\x1ec", 1)])) == [("a", "b\x1ec", 1)]


@given(
    st.dictionaries(
        st.sampled_from(["title", "terms", "empty", "problems"]),
        st.text() | st.lists(st.text()) | st.lists(st.tuples(st.integers(), st.integers(), st.text())),
    )
)
def test_facts_read_back_as_written(facts: dict) -> None:
    expected = {key: [list(item) if isinstance(item, tuple) else item for item in value] if isinstance(value, list)
                else value for key, value in facts.items()}  # fmt: skip
    assert unpack_facts(pack_facts(facts)) == expected


def test_the_usual_facts_take_no_room() -> None:
    assert pack_facts(dict(COMMON_FACTS)) is None
    assert unpack_facts(None) == COMMON_FACTS
    assert unpack_facts(None) is not unpack_facts(None)  # a caller may change what it gets


def test_links_read_from_the_index_are_those_of_the_files(tmp_path, monkeypatch, capsys) -> None:
    for lang, text in (("fi", "Katso [asiakas](/customer) ja [tili](/account): 1 000 ja 25 %.\n"),
                       ("no", "Se [kunde](/customer): 1 000.\n")):  # fmt: skip
        folder = tmp_path / lang
        folder.mkdir()
        (folder / "client.md").write_text(f"---\ntitle: Client {lang}\n---\n{text}", encoding="utf-8")
    monkeypatch.setenv("GLOSSARY_CACHE_DIR", str(tmp_path / "cache"))
    assert main(["-d", str(tmp_path), "links", "client", "--lang", "fi", "--json"]) == 0
    shown = capsys.readouterr().out
    assert '"customer"' in shown and '"account"' in shown
