"""Real sites' markup read the same way by every command: small samples of the Kubernetes
(Hugo) and MDN glossaries, copied unchanged into tests/data (see their SOURCE.md)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from glossary.articles import read_article
from glossary.conventions import Link, reader_numbers, reader_text

DATA = Path(__file__).parent / "data"
K8S_FULL = DATA / "k8s-full"
MDN = DATA / "mdn-glossary"


def test_a_translated_title_keeps_its_source_term_as_a_note(cli) -> None:
    article = read_article(K8S_FULL / "ko" / "node.md", slug="node", lang="ko")
    assert (article.title, article.title_note) == ("노드", "원문, Node")
    shown = json.loads(cli("-d", str(K8S_FULL), "show", "node", "--lang", "ko", "--json").stdout)
    assert (shown["title"], shown["title_note"]) == ("노드", "원문, Node")
    out = cli("-d", str(K8S_FULL), "show", "node", "--lang", "zh-cn", env={"COLUMNS": "160"}).stdout
    assert out.startswith("节点 (Node)  node · zh-cn")


def test_the_note_word_still_finds_the_translation(cli) -> None:
    found = json.loads(cli("-d", str(K8S_FULL), "search", "Node", "--lang", "ko", "--json").stdout)
    assert [hit["slug"] for hit in found] == ["node"]


def test_a_description_differing_from_the_lead_only_in_markup_is_shown_once(cli) -> None:
    out = cli("-d", str(K8S_FULL), "show", "kops", "--lang", "en", env={"COLUMNS": "400"}).stdout
    assert out.count("will not only help you create") == 1


@pytest.mark.parametrize("width", [60, 160])
def test_hugo_notes_are_drawn_as_marked_quotes(cli, width: int) -> None:
    out = cli("-d", str(K8S_FULL), "show", "kops", "--lang", "en", env={"COLUMNS": str(width)}).stdout
    assert "▌ Note: AWS" in out and "{{" not in out
    assert max(len(line) for line in out.splitlines()) <= width


def test_mdn_macros_are_not_searchable_words(cli) -> None:
    found = cli("-d", str(MDN), "search", "glossary", "--lang", "en-us", "--json")
    assert found.exit_code == 1 and "no matches" in found.stderr
    linked = json.loads(cli("-d", str(MDN), "search", "unicode", "--lang", "en-us", "--json").stdout)
    assert "utf-16" in [hit["slug"] for hit in linked]


def test_mdn_article_reads_as_its_page_shows_it() -> None:
    article = read_article(MDN / "en-us" / "utf-16.md", slug="utf-16", lang="en-us")
    assert "2¹⁶" in article.text and "216" not in article.text
    assert "{{" not in article.text and "{{" not in article.description
    assert {"character_encoding", "unicode", "code_point", "code_unit"} <= set(article.linked_slugs())
    assert "16" in reader_numbers(article.text)
    assert "Plane_" not in " ".join(reader_numbers(article.text))


def test_mdn_alerts_inside_list_items_are_marked_notes() -> None:
    article = read_article(MDN / "de" / "bcp_47_language_tag.md", slug="bcp_47_language_tag", lang="de")
    assert "[!NOTE]" not in article.text and "> **Note:**" in article.text


def test_numbers_are_those_a_reader_reads() -> None:
    article = read_article(K8S_FULL / "en" / "priority-class.md", slug="priority-class", lang="en")
    assert "1000000000" in reader_numbers(article.text)
    assert "1000000000" in reader_numbers("優先度の値の範囲は、-2147483648から1000000000までです。")


@pytest.mark.parametrize("path", sorted(DATA.glob("[km]*-*/*/*.md")), ids=lambda path: path.name)
def test_no_macro_or_entity_is_left_in_reader_text(path: Path) -> None:
    links: list[Link] = []
    shown = reader_text(path.read_text(encoding="utf-8"), 1, links)
    assert "{{" not in shown and "&#58;" not in shown and "[!NOTE]" not in shown
