"""search.py: what matches, in what order, with which passage (the core, without the CLI); and the
snippets the search view fits from those passages."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import K8S, write_article
from glossary.corpus import load_corpus
from glossary.errors import NotFound, UsageError
from glossary.index import open_index
from glossary.search.engine import search
from glossary.search.query import parse_query
from glossary.text import is_blank
from glossary.views.search import fitted, search_data


def article(title: str, body: str, extra: str = "") -> str:
    return f"---\ntitle: {title}\n{extra}---\n\n# {title}\n\n{body}\n"


def hits(index, query: str, **options) -> list[tuple[str, str]]:
    try:
        return [(hit.slug, hit.lang) for hit in search(index, query, **options)]
    except NotFound:
        return []


@pytest.fixture(scope="module")
def bundled(tmp_path_factory):
    """The bundled glossary's index, built once for the module."""
    cache = {"GLOSSARY_CACHE_DIR": str(tmp_path_factory.mktemp("bundled-cache"))}
    return open_index(load_corpus([], environ={}), environ=cache)


@pytest.fixture(scope="module")
def k8s_index(tmp_path_factory):
    """The Kubernetes subset's index, built once for the module."""
    cache = {"GLOSSARY_CACHE_DIR": str(tmp_path_factory.mktemp("k8s-cache"))}
    return open_index(load_corpus([K8S], environ={}), environ=cache)


# --- what matches -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("asiakas", ("client-centric", "fi")),  # also inside asiakaskeskeinen, asiakkaan
        ("ASIAKAS", ("client-centric", "fi")),
        ("asiakkaiden", ("client-centric", "fi")),
        ("hoydepunkter", ("client-centric", "no")),  # Høydepunkter
        ("Høydepunkter", ("client-centric", "no")),
        ("kunde", ("client-centric", "no")),  # kundesentrert
        ("asiakss", ("client-centric", "fi")),  # a typo
        ("klientsentrrt", ("client-centric", "no")),  # a typo
        ("KLIENTSENTRERT", ("client-centric", "no")),
    ],
)
def test_bundled_matches(bundled, query: str, expected: tuple[str, str]) -> None:
    assert hits(bundled, query)[0] == expected


def test_asiakas_finds_inflected_and_compound_forms_only(glossary_dir: Path) -> None:
    write_article(glossary_dir, "fi", "only-genitive", article("Palvelu", "Hyvä palvelu pitää asiakkaan tyytyväisenä."))
    write_article(glossary_dir, "fi", "only-compound", article("Malli", "Asiakaskeskeinen malli."))
    write_article(glossary_dir, "fi", "unrelated", article("Asia", "Tämä asia on toinen."))
    write_article(glossary_dir, "no", "only-compound", article("Modell", "En kundesentrert modell."))
    index = open_index(load_corpus([glossary_dir]))
    found = hits(index, "asiakas", lang="fi", limit=None)
    assert ("only-genitive", "fi") in found and ("only-compound", "fi") in found
    assert ("unrelated", "fi") not in found
    assert ("only-compound", "no") in hits(index, "kunde", lang="no")


def test_exact_matches_rank_above_typo_corrected_ones(bundled) -> None:
    found = search(bundled, "asiakas klientsentrrt")
    assert [(hit.slug, hit.lang) for hit in found] == [("client-centric", "fi"), ("client-centric", "no")]
    assert found[0].score > found[1].score


def test_cjk_by_any_run_of_characters(k8s_index) -> None:
    assert hits(k8s_index, "ワーカーマシン")[0] == ("node", "ja")
    assert ("node", "ja") in hits(k8s_index, "マシン", limit=None)
    assert ("node", "ja") in hits(k8s_index, "ノ", limit=None)
    assert hits(k8s_index, "工作机器")[0] == ("node", "zh-cn")


def test_worker_machines_ranks_node_first(k8s_index) -> None:
    assert hits(k8s_index, "worker machines")[0] == ("node", "en")
    assert hits(k8s_index, '"worker machines"')[0] == ("node", "en")


def test_language_filter(k8s_index) -> None:
    found = hits(k8s_index, "kubelet", lang="de", limit=None)
    assert found and {lang for _, lang in found} == {"de"}
    assert found[0] == ("kubelet", "de")


def test_hidden_markup_and_link_targets_are_not_searched(glossary_dir: Path) -> None:
    body = (
        "Visible words here.\n\n<!-- secretcomment -->\n\n{{< note >}}shortcodeinner{{< /note >}}\n\n"
        "See [the other](/targetslug) and [docs](https://example.com/urlword/page) "
        '{{< glossary_tooltip text="tipword" term_id="tooltiptarget" >}}.'
    )
    write_article(glossary_dir, "en", "markup", article("Markup", body))
    index = open_index(load_corpus([glossary_dir]))
    for hidden in ("secretcomment", "note", "targetslug", "urlword", "example", "tooltiptarget", "glossary_tooltip"):
        assert ("markup", "en") not in hits(index, hidden, limit=None), hidden
    for shown in ("visible", "other", "docs", "tipword", "shortcodeinner"):
        assert ("markup", "en") in hits(index, shown, limit=None), shown


def test_titles_and_descriptions_weigh_more_than_body(glossary_dir: Path) -> None:
    write_article(
        glossary_dir,
        "en",
        "in-body",
        article("Something", "Orchard orchard orchard and more text here.", "description: Nothing to see.\n"),
    )
    write_article(glossary_dir, "en", "in-title", article("Orchard", "A place with trees and other text here."))
    write_article(
        glossary_dir, "en", "in-description", article("Other", "Plain text here.", "description: An orchard.\n")
    )
    index = open_index(load_corpus([glossary_dir]))
    found = hits(index, "orchard")
    assert found[0] == ("in-title", "en")
    assert found.index(("in-description", "en")) < found.index(("in-body", "en"))


def test_all_words_rank_above_some(glossary_dir: Path) -> None:
    write_article(glossary_dir, "en", "one-word", article("Alpha", "Alpha alpha alpha alpha."))
    write_article(glossary_dir, "en", "both", article("Text", "Some alpha and some beta in a long sentence."))
    index = open_index(load_corpus([glossary_dir]))
    assert hits(index, "alpha beta")[0] == ("both", "en")


def test_a_quoted_phrase_ranks_higher_when_adjacent(glossary_dir: Path) -> None:
    write_article(glossary_dir, "en", "apart", article("Apart", "Machine work for a worker."))
    write_article(
        glossary_dir, "en", "adjacent", article("Adjacent", "The worker machine of a long, long, long text body.")
    )
    index = open_index(load_corpus([glossary_dir]))
    assert hits(index, '"worker machine"')[0] == ("adjacent", "en")
    scores = {hit.slug: hit.score for hit in search(index, '"worker machine"')}
    assert scores["adjacent"] > scores["apart"]


def test_titles_only(bundled, glossary_dir: Path) -> None:
    assert hits(bundled, "asiakaskeskeinen", titles_only=True) == [("client-centric", "fi")]
    assert hits(bundled, "pizzakauppa", titles_only=True) == []
    assert hits(bundled, "pizzakauppa") == [("client-centric", "fi")]


def test_limit(k8s_index) -> None:
    assert len(search(k8s_index, "kubernetes", limit=3)) == 3
    assert len(search(k8s_index, "kubernetes", limit=None)) > 3


# --- hits: section and snippet -------------------------------------------------------------------------


def test_hit_has_section_and_highlighted_snippet(bundled) -> None:
    hit = search(bundled, "hoydepunkter")[0]
    assert hit.section == "Høydepunkter"
    hit = search(bundled, "pizzakauppa")[0]
    assert hit.section == "Asiakaskeskeisen lähestymistavan edut"
    passage = hit.passage
    assert "pizzakauppa" in passage.text.casefold()
    marked = [passage.text[start:end] for start, end in passage.highlights]
    assert marked and all(word.casefold().startswith("pizzakauppa") for word in marked)
    assert "\n" not in passage.text and len(passage.text) <= 2 * 160
    snippet, highlights = fitted(passage, 160)
    assert [snippet[start:end] for start, end in highlights] == marked[: len(highlights)] and highlights
    assert "\n" not in snippet and len(snippet) <= 160


def test_data_fields(bundled) -> None:
    [data] = search_data(search(bundled, "asiakas")[:1])
    assert list(data) == ["slug", "lang", "title", "section", "snippet", "score"]
    assert isinstance(data["score"], float)


def test_cjk_snippet_highlights_the_run(k8s_index) -> None:
    passage = search(k8s_index, "ワーカーマシン")[0].passage
    assert [passage.text[start:end] for start, end in passage.highlights][0] == "ワーカーマシン"


@pytest.mark.parametrize("chars", [40, 60, 160])
def test_snippets_fit_the_cells_they_have(k8s_index, chars: int) -> None:
    """CJK characters take two cells; an ellipsis marks text cut on either side."""
    from rich.cells import cell_len

    for query in ("ワーカーマシン", "kubernetes", "노드"):
        for hit in search(k8s_index, query, snippet_chars=chars, limit=5):
            snippet, highlights = fitted(hit.passage, chars)
            assert cell_len(snippet) <= chars
            assert snippet.startswith("…") == hit.passage.cut_before
            assert all(0 <= start < end <= len(snippet) for start, end in highlights)


# --- errors ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("query", ["", "   ", "\t\n"])
def test_empty_query_is_a_usage_error(bundled, query: str) -> None:
    with pytest.raises(UsageError):
        search(bundled, query)


def test_no_hits_suggests_close_words(bundled) -> None:
    with pytest.raises(NotFound) as caught:
        search(bundled, "asiakkxxs")
    assert str(caught.value).startswith('no matches for "asiakkxxs"; did you mean ')
    assert "asiakas" in caught.value.suggestions


FI, NO = ("client-centric", "fi"), ("client-centric", "no")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # Nothing but operators and punctuation: no word to look for.
        ('"', None),
        ("*", None),
        ("(", None),
        (")", None),
        (":", None),
        ("^", None),
        ("'", None),
        ("\x00 ^", None),
        # Operators are words like any other (and these are in no article).
        ("AND", None),
        ("OR", None),
        ("NOT", None),
        ("NEAR", None),
        ("-x", None),
        ('"unbalanced', None),
        ("{title}: x", None),
        # Around words, the syntax changes nothing: the words are found.
        ("asiakas*", [FI]),
        ('asiakas"', [FI]),
        ("^asiakas", [FI]),
        ("(asiakas OR kunde)", [FI, NO]),
        ("NEAR(asiakas kunde)", [FI, NO]),
        ("NEAR(a b)", [NO]),
        ("a:b", [NO]),
        ("[a-z]+", [NO]),
    ],
)
def test_query_syntax_is_text(bundled, query: str, expected: list[tuple[str, str]] | None) -> None:
    """Full-text query syntax is searched as text: never an error from the index, and the hits of
    the words in it."""
    if expected is None:
        with pytest.raises(NotFound) as caught:
            search(bundled, query)
        assert str(caught.value).startswith(f'no matches for "{" ".join(query.split())}"')
    else:
        assert [(hit.slug, hit.lang) for hit in search(bundled, query)] == expected


def test_parse_query_phrases() -> None:
    query = parse_query('"worker machines" kube-proxy plain')
    assert [word.text for word in query.words] == ["worker", "machines", "kube", "proxy", "plain"]
    assert [[word.text for word in phrase.words] for phrase in query.phrases] == [
        ["worker", "machines"],
        ["kube", "proxy"],
    ]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=40))
def test_any_query_gives_hits_or_not_found(bundled, query: str) -> None:
    try:
        found = search(bundled, query)
    except NotFound:
        return
    except UsageError:
        assert is_blank(query)  # white space or control characters only
        return
    for hit in found:
        assert all(0 <= start < end <= len(hit.passage.text) for start, end in hit.passage.highlights)
        snippet, highlights = fitted(hit.passage, 40)
        assert all(0 <= start < end <= len(snippet) for start, end in highlights)


# --- known-item search: who types a name wants that article first ----------------------------------


@pytest.fixture(scope="module")
def named(tmp_path_factory):
    """Titles as the Kubernetes and MDN glossaries have them: a short name and longer ones that
    begin with it, CJK titles, compounds, inflected words."""
    root = tmp_path_factory.mktemp("named")
    articles = {
        "en": {
            "cluster": ("Cluster", "A set of worker machines."),
            "cluster-architect": ("Cluster Architect", "Designs a cluster. The cluster architect plans clusters."),
            "cluster-operator": ("Cluster Operator", "Runs a cluster: cluster upgrades, cluster backups."),
            "node": ("Node", "A worker machine."),
            "node-pressure-eviction": ("Node-pressure eviction", "The kubelet evicts pods from a node."),
            "callback-function": ("Callback function", "A function passed to another function."),
        },
        "ko": {
            "container-runtime": ("컨테이너 런타임", "컨테이너를 실행하는 소프트웨어."),
            "container-runtime-interface": ("컨테이너 런타임 인터페이스", "컨테이너 런타임과 kubelet 사이."),
        },
        "zh-cn": {
            "addons": ("附加组件", "扩展 Kubernetes 功能的资源。"),
            "cluster": ("集群", "一组工作机器。"),
            "cluster-architect": ("集群架构师", "设计集群的人。"),
        },
        "ru": {
            "node": ("Узел", "Рабочая машина в Kubernetes."),
            "cluster": ("Кластер", "Набор узлов. Каждый кластер имеет хотя бы один рабочий узел, ни одного узла без."),
            "kube-proxy": ("kube-proxy", "Сетевой прокси на каждом узле кластера; правила узла."),
        },
        "pl": {
            "cluster": ("Klaster", "Zestaw maszyn roboczych."),
            "etcd": ("etcd", "Magazyn danych klastra. W klastrze działa etcd."),
        },
        "fr": {
            "container": ("Container", "Une image légère. Les conteneurs découplent les applications."),
            "cri": ("Interface du Runtime de Conteneur", "Le protocole entre kubelet et le runtime de conteneur."),
            "init-container": ("Init Container", "Un conteneur qui démarre avant les autres conteneurs."),
            "pod": ("Pod", "Un groupe de conteneurs."),
        },
    }
    for lang, by_slug in articles.items():
        for slug, (title, body) in by_slug.items():
            write_article(root, lang, slug, article(title, body))
    for lang in ("de", "es", "ja"):
        write_article(root, lang, "pod", article("Pod", "Pod pod pod."))
        write_article(root, lang, "pod-priority", article("Pod Priority", "Pod priority of a pod."))
    return open_index(load_corpus([root]), location=root / "index.sqlite3")


@pytest.mark.parametrize(
    ("query", "lang", "first"),
    [
        ("Cluster", "en", "cluster"),
        ("Node", "en", "node"),
        ("集群", "zh-cn", "cluster"),
        ("Cluster Operator", "en", "cluster-operator"),
    ],
)
def test_an_exact_title_ranks_above_titles_that_begin_with_it(named, query: str, lang: str, first: str) -> None:
    assert hits(named, query, lang=lang)[0] == (first, lang)


def test_a_name_in_any_language_ranks_first_without_a_language(named) -> None:
    found = hits(named, "pod")
    assert {slug for slug, _ in found[:4]} == {"pod"}  # every Pod before any Pod Priority


@pytest.mark.parametrize(
    ("query", "lang", "first"),
    [
        ("Clustr", "en", "cluster"),  # a letter left out
        ("附加件", "zh-cn", "addons"),  # a character left out of a CJK title
        ("컨테이너런타임", "ko", "container-runtime"),  # words joined
        ("Callbackfunction", "en", "callback-function"),
        ("call back function", "en", "callback-function"),  # a word split
    ],
)
def test_typos_and_joined_or_split_names_find_the_article_first(named, query: str, lang: str, first: str) -> None:
    assert hits(named, query, lang=lang)[0] == (first, lang)


@pytest.mark.parametrize(
    ("query", "lang", "slug"),
    [
        ("узла", "ru", "node"),  # Russian genitive: the stem loses its vowel (узел, узла)
        ("klastrze", "pl", "cluster"),  # Polish locative: klaster, klastrze (the stemmer keeps them apart)
        ("conteneur", "fr", "container"),  # the French word; the French article keeps the English title
    ],
)
def test_inflected_names_rank_their_concept_in_the_first_three(named, query: str, lang: str, slug: str) -> None:
    assert (slug, lang) in hits(named, query, lang=lang)[:3]


def test_equal_scores_come_in_the_same_order_on_every_build(tmp_path: Path) -> None:
    orders = []
    for attempt, slugs in enumerate((["bravo", "alpha", "charlie"], ["charlie", "bravo", "alpha"])):
        root = tmp_path / f"build-{attempt}"
        for slug in slugs:  # written (and so indexed) in another order each time
            write_article(root, "en", slug, article("Thing", "Same words."))
        index = open_index(load_corpus([root]), location=root / "index.sqlite3")
        orders.append(hits(index, "thing", limit=2))
    assert orders[0] == orders[1] == [("alpha", "en"), ("bravo", "en")]


def test_near_words_come_from_the_index_not_the_whole_vocabulary(named) -> None:
    assert "cluster" in named.near_words("clustr", "en")
    assert "cluster" not in named.near_words("clustr", "fr")


def test_without_a_language_the_readers_languages_go_first_among_alike_hits(tmp_path, monkeypatch) -> None:
    """The same title in three languages: the locale's first, then the source language."""
    from conftest import write_article
    from glossary.corpus import load_corpus
    from glossary.index import open_index
    from glossary.search.engine import search
    from glossary.search.lookup import preferred_languages

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    root = tmp_path / "g"
    for lang, text in (("de", "Ressourcen teilen."), ("en", "Sharing resources."), ("ko", "리소스 공유.")):
        write_article(root, lang, "cors", f"---\ntitle: CORS\n---\n{text}\n")
    write_article(root, "en", "http", "---\ntitle: HTTP\n---\nA protocol.\n")
    corpus = load_corpus([root], environ={})
    index = open_index(corpus)
    for environ, first in (
        ({"LANG": "C.UTF-8"}, "en"),
        ({"LANG": "ko_KR.UTF-8"}, "ko"),
        ({"GLOSSARY_LANG": "de"}, "de"),
    ):
        prefer = preferred_languages(corpus, index.language_counts, environ)
        hits = search(index, "cors", prefer=prefer)
        assert [hit.slug for hit in hits] == ["cors"] * 3
        assert hits[0].lang == first
    assert search(index, "cors", lang="ko")[0].lang == "ko"


def test_an_abbreviation_in_brackets_tells_two_titles_apart(tmp_path, monkeypatch) -> None:
    """Two Hindi titles alike but for their brackets: each typed title finds its own concept first,
    and the title without its abbreviation still finds the concept when no other is called that."""
    from conftest import write_article
    from glossary.corpus import load_corpus
    from glossary.index import open_index
    from glossary.search.engine import search as find
    from glossary.search.lookup import resolve

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    root = tmp_path / "g"
    for slug, title in (
        ("cri", "कंटेनर रनटाइम इंटरफ़ेस (CRI)"),
        ("container-runtime-interface", "कंटेनर रनटाइम इंटरफ़ेस (Container Runtime Interface)"),
        ("block-css", "區塊 (CSS)"),
    ):
        write_article(root, "hi", slug, f"---\ntitle: {title}\n---\nकंटेनर रनटाइम 區塊\n")
        write_article(root, "en", slug, f"---\ntitle: {slug}\n---\nText.\n")
    index = open_index(load_corpus([root], environ={}))
    assert find(index, "कंटेनर रनटाइम इंटरफ़ेस (CRI)", lang="hi")[0].slug == "cri"
    assert find(index, "कंटेनर रनटाइम इंटरफ़ेस", lang="hi")[0].slug == "container-runtime-interface"
    assert find(index, "कंटेनर रनटाइम इंटरफ़ेस", lang="hi")[0].title == "कंटेनर रनटाइम इंटरफ़ेस"
    assert find(index, "區塊", lang="hi")[0].title == "區塊 (CSS)"
    assert resolve("區塊", index.corpus, lambda: index).slug == "block-css"
