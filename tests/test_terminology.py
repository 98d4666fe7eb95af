"""The terminology checks' core: finding terms in text (inflection, languages without spaces),
each of the four checks, declared term statuses, and history deciding which translations are
checked for missing terms."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import write_article
from glossary.articles import parse_article, term_statuses
from glossary.corpus import load_corpus
from glossary.termfinder import Term, TermFinder
from glossary.terminology import check_page, check_terms
from glossary.termpages import name_variants


def found(lang: str, terms: dict[str, str], text: str) -> list[tuple[str, str]]:
    """``(concept, words in the text)`` of each term found, in order."""
    finder = TermFinder(lang, [Term(words, slug, "preferred") for slug, words in terms.items()])
    return [(hit.term.slug, text[hit.start : hit.end]) for hit in finder.find(text)]


# --- inflection and languages without spaces --------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "term", "text", "said"),
    [
        ("fr", "Conteneur", "Un Pod regroupe des conteneurs.", "conteneurs"),
        ("fr", "Nœud", "les nœuds du cluster", "nœuds"),
        (
            "fr",
            "Conteneur d'initialisation",
            "Les conteneurs d'initialisation démarrent",
            "conteneurs d'initialisation",
        ),
        ("de", "Knoten", "die Ressourcen des Knotens", "Knotens"),
        ("de", "Methode", "jede Instanzmethode der Klasse", "Instanzmethode"),
        ("de", "Container Runtime", "eine Container-Runtime", "Container-Runtime"),
        ("de", "Container Runtime", "eine Containerruntime", "Containerruntime"),
        ("ru", "Кластер", "узлы кластера", "кластера"),
        ("ru", "Кластер", "несколько кластеров", "кластеров"),
        ("pl", "Klaster", "węzły klastra", "klastra"),
        ("pl", "Kontener", "grupa kontenerów", "kontenerów"),
        ("en", "Pod", "Pods run containers", "Pods"),
        ("en", "Policy", "network policies", "policies"),
        ("ja", "コンテナー", "コンテナを実行する", "コンテナ"),
        ("ja", "コントロールプレーン", "コントロール・プレーンのコンポーネント", "コントロール・プレーン"),
        ("ja", "Pod", "PodはKubernetesの", "Pod"),
        ("ja", "Pod", "複数のPodsを", "Pod"),
        ("zh-cn", "名字空间", "同一名字空间内的资源", "名字空间"),
        ("zh-cn", "API 资源", "一组API资源", "API资源"),
        ("ko", "노드", "노드를 추가한다", "노드"),
        ("ko", "컨테이너 런타임", "컨테이너런타임은", "컨테이너런타임"),
        ("ja", "ノード圧迫による退避", "ノードの圧迫による退避", "ノードの圧迫による退避"),  # words joined by の
        ("zh-cn", "托管服务", "以及托管的服务", "托管的服务"),
        ("zh-cn", "边车容器", "可选的边车（sidecar）容器", "边车（sidecar）容器"),  # a note inside the word
        ("de", "Scrollgrenze", "an der Scroll-Grenze", "Scroll-Grenze"),
        ("de", "Kompilieren", "der kompilierte Code", "kompilierte"),
    ],
)
def test_inflected_and_unspaced_forms_are_found(lang: str, term: str, text: str, said: str) -> None:
    assert found(lang, {"c": term}, text) == [("c", said)]


@pytest.mark.parametrize(
    ("lang", "term", "text"),
    [
        ("en", "Container", "It contains a file."),  # Snowball's English stem would make this a container
        ("en", "Spec", "special interest groups"),
        ("fr", "Conteneur", "le contenu"),
        ("de", "Methode", "ein Methodenaufruf"),  # a compound whose head is another word
        ("ja", "Pod", "Podcastを聞く"),  # a Latin term is a whole word
        ("ja", "ノード", "ノートを取る"),  # a voicing mark changes the word
        ("zh-cn", "名字空间", "命名空间"),
        ("ko", "노드", "슈퍼노드를"),  # a Korean term starts a word
        ("en", "Kubernetes Operations", "core to Kubernetes' operations"),  # words of a term are not split by marks
    ],
)
def test_other_words_are_not_the_term(lang: str, term: str, text: str) -> None:
    assert found(lang, {"c": term}, text) == []


def test_the_longest_term_wins() -> None:
    terms = {"container": "Container", "container-runtime": "Container Runtime"}
    assert found("en", terms, "a container runtime runs a container") == [
        ("container-runtime", "container runtime"),
        ("container", "container"),
    ]


@settings(max_examples=200, deadline=None)
@given(st.text(), st.sampled_from(["en", "de", "ja", "ko", "zh-cn", "ru"]))
def test_any_text_is_searched_without_error(text: str, lang: str) -> None:
    finder = TermFinder(lang, [Term("Pod", "pod", "preferred"), Term("ノード", "node", "preferred")])
    for hit in finder.find(text, overlapping=True):
        assert 0 <= hit.start <= hit.end <= len(text)


@pytest.mark.parametrize(
    ("name", "variants"),
    [
        ("资源（基础设施）", ["资源"]),  # a qualifier is no name of its own
        ("Baseline (Typografie)", ["Baseline"]),
        ("API Group (API 组)", ["API Group", "API 组"]),  # a name in two scripts
        ("控制组（cgroup；control group）", ["控制组", "cgroup", "control group"]),
        ("Container Runtime Interface (CRI)", ["Container Runtime Interface", "CRI"]),
        ("Selector (セレクター (CSS) )", ["Selector", "セレクター (CSS)", "セレクター"]),
        ("Pod", []),
    ],
)
def test_name_variants(name: str, variants: list[str]) -> None:
    assert name_variants(name) == variants


# --- declared statuses ---------------------------------------------------------------------------


def test_front_matter_declares_statuses_by_short_or_tbx_name() -> None:
    article = parse_article(
        "---\ntitle: 名字空间\nterms:\n  deprecated: [命名空间, 名称空间]\n  supersededTerm-admn-sts: 命名區\n"
        "  admitted: ns\n  unknown: x\n---\nText.\n",
        slug="namespace",
        lang="zh-cn",
    )
    assert term_statuses(article.metadata) == {
        "admitted": ["ns"],
        "deprecated": ["命名空间", "名称空间"],
        "superseded": ["命名區"],
    }
    assert term_statuses({"terms": "not a mapping"}) == {}
    assert term_statuses({"terms": {"deprecated": [1, None]}}) == {}


# --- the checks on a small glossary ----------------------------------------------------------------


def small_glossary(root: Path) -> Path:
    write_article(root, "en", "namespace", "---\ntitle: Namespace\n---\nA way to isolate resources in a cluster.\n")
    write_article(root, "en", "cluster", "---\ntitle: Cluster\n---\nA set of Nodes.\n")
    write_article(root, "en", "node", "---\ntitle: Node\n---\nA machine of a Cluster.\n")
    write_article(
        root,
        "en",
        "pod",
        "---\ntitle: Pod\n---\nThe smallest object, in one [namespace](/namespace).\n\n"
        "Each Pod runs on a Node of the Cluster.\n",
    )
    write_article(
        root,
        "zh-cn",
        "namespace",
        "---\ntitle: 名字空间（Namespace）\nterms:\n  deprecated: 命名空间\n---\n在一个集群中隔离资源的方法。\n"
        "在一些文档里名字空间也称为命名空间。\n",
    )
    write_article(root, "zh-cn", "cluster", "---\ntitle: 集群\n---\n一组节点。\n")
    write_article(root, "zh-cn", "node", "---\ntitle: 节点\n---\n集群中的一台机器。\n")
    write_article(
        root,
        "zh-cn",
        "pod",
        "---\ntitle: Pod\n---\n最小的对象，属于一个[命名空间](/namespace)。\n\n"
        "每个 Pod 运行在[机群](/cluster)的一台机器上。\n",
    )
    return root


def test_each_check_on_a_small_glossary(tmp_path: Path) -> None:
    report = check_terms(load_corpus([small_glossary(tmp_path)]), ["zh-cn"])
    by_kind = {(f.kind, f.slug, f.concept): f for f in report.findings}
    assert set(by_kind) == {
        ("link-text", "pod", "cluster"),
        ("deprecated-term", "pod", "namespace"),  # a link's words too: reported once, as deprecated
        ("missing-term", "pod", "node"),
        ("renderings", "namespace", "namespace"),
        ("renderings", "cluster", "cluster"),
    }
    link = by_kind[("link-text", "pod", "cluster")]
    assert (link.found, link.line, link.expected) == ("机群", 6, ("集群",))
    assert link.message == '"机群" links to cluster, called "集群" in zh-cn'
    deprecated = by_kind[("deprecated-term", "pod", "namespace")]
    assert (deprecated.found, deprecated.line) == ("命名空间", 4)
    assert deprecated.message == '"命名空间" is deprecated for namespace: use "名字空间"'
    missing = by_kind[("missing-term", "pod", "node")]
    assert missing.source_sentence == "Each Pod runs on a Node of the Cluster."
    assert missing.source_term == "Node"
    renderings = by_kind[("renderings", "namespace", "namespace")]
    assert renderings.renderings == (("名字空间", 1), ("命名空间", 1))
    # The article that declares a deprecated term may name it (in一些文档里…也称为命名空间).
    assert not any(f.kind == "deprecated-term" and f.slug == "namespace" for f in report.findings)
    assert report.notes == [
        "zh-cn: no git history, so every translation was checked for missing terms; "
        "some may be translations of an older source"
    ]


def test_a_correct_translation_has_no_findings(tmp_path: Path) -> None:
    root = small_glossary(tmp_path)
    write_article(
        root,
        "zh-cn",
        "pod",
        "---\ntitle: Pod\n---\n最小的对象，属于一个[名字空间](/namespace)。\n\n每个 Pod 运行在集群的一个节点上。\n",
    )
    report = check_terms(load_corpus([root]), ["zh-cn"])
    assert [f for f in report.findings if f.slug == "pod"] == []


def test_link_words_that_are_part_of_a_term_or_spell_out_an_abbreviation_pass(tmp_path: Path) -> None:
    write_article(tmp_path, "en", "www", "---\ntitle: World Wide Web\n---\nThe web.\n")
    write_article(tmp_path, "en", "oop", "---\ntitle: OOP\n---\nObjects.\n")
    write_article(tmp_path, "en", "page", "---\ntitle: Page\n---\nOn the web, with objects.\n")
    write_article(tmp_path, "fr", "www", "---\ntitle: World Wide Web\n---\nLe Web.\n")
    write_article(tmp_path, "fr", "oop", "---\ntitle: POO\n---\nObjets.\n")
    write_article(
        tmp_path,
        "fr",
        "page",
        "---\ntitle: Page\n---\nSur le [Web](/www), en [programmation orientée objet](/oop), "
        "en [programmation](/oop).\n",
    )
    report = check_terms(load_corpus([tmp_path]), ["fr"])
    assert [(f.kind, f.found) for f in report.findings if f.kind == "link-text"] == [("link-text", "programmation")]


def test_outdated_translations_are_not_checked_for_missing_terms(tmp_path: Path) -> None:
    corpus = load_corpus([small_glossary(tmp_path)])

    def statuses(corpus: object, lang: str) -> dict[str, object]:
        class Status:
            def __init__(self, state: str) -> None:
                self.state = state

        return {
            "pod": Status("outdated"),
            "namespace": Status("current"),
            "node": Status("untracked"),
            "cluster": Status("current"),
        }

    report = check_terms(corpus, ["zh-cn"], statuses=statuses)
    assert not any(f.kind == "missing-term" for f in report.findings)
    assert report.languages[0].history == "git" and report.languages[0].not_current == ["pod"]
    assert report.notes == ["zh-cn: 1 translation(s) not current, not checked for missing terms"]


def test_without_history_a_translation_of_another_shape_is_not_checked_for_missing_terms(tmp_path: Path) -> None:
    root = small_glossary(tmp_path)
    write_article(root, "zh-cn", "pod", "---\ntitle: Pod\n---\n最小的对象，属于一个[名字空间](/namespace)。\n")
    report = check_terms(load_corpus([root]), ["zh-cn"])
    assert not any(f.kind == "missing-term" for f in report.findings)


def test_a_page_against_its_source(tmp_path: Path) -> None:
    corpus = load_corpus([small_glossary(tmp_path / "glossary")])
    page = tmp_path / "docs" / "zh-cn" / "page.md"
    source = tmp_path / "docs" / "en" / "page.md"
    page.parent.mkdir(parents=True)
    source.parent.mkdir(parents=True)
    source.write_text("# Scheduling\n\nThe scheduler picks a Node for each Pod.\n", encoding="utf-8")
    page.write_text("# 调度\n\n调度器为每个 Pod 选择一台机器，不在命名空间之外。\n", encoding="utf-8")
    report = check_page(corpus, "zh-cn", page, source)
    assert [(f.kind, f.concept, f.line) for f in report.findings] == [
        ("deprecated-term", "namespace", 3),
        ("missing-term", "node", None),
    ]
    assert report.findings[1].source_sentence == "The scheduler picks a Node for each Pod."
    assert report.notes == []


def test_overlapping_terms_give_way_to_the_head() -> None:
    terms = {"kubernetes-api": "Kubernetes API", "kube-apiserver": "API server"}
    assert found("en", terms, "the Kubernetes API server") == [("kube-apiserver", "API server")]


def test_a_name_kept_in_english_inside_japanese_is_a_word() -> None:
    assert found("en", {"pv": "Persistent Volume"}, "Persistent Volumeコントローラー") == [("pv", "Persistent Volume")]


@pytest.mark.parametrize(
    ("lang", "words", "term", "within"),
    [
        ("ko", "안전한", "안전함", True),  # an adjective's ending
        ("ko", "원시적", "원시 값", True),
        ("ja", "クロール", "クローラー", True),
        ("zh-cn", "控制面", "控制平面", False),  # Chinese: the last character names the thing
        ("zh-cn", "控制器", "控制面", False),
        ("ja", "サービス", "セレクター", False),
        ("en", "Internet Explorer 3.0", "Microsoft Internet Explorer", True),  # a version
        ("de", "POP", "POP3", True),
        ("en", "Web", "World Wide Web", True),
        ("fr", "programmation", "POO", False),
    ],
)
def test_link_words_within_a_term(lang: str, words: str, term: str, within: bool) -> None:
    assert TermFinder(lang).within(words, term) is within


def test_a_tooltip_without_words_shows_the_concepts_own_title(tmp_path: Path) -> None:
    write_article(tmp_path, "en", "node", "---\ntitle: Node\n---\nA machine.\n")
    write_article(tmp_path, "en", "pod", "---\ntitle: Pod\n---\nRuns on a Node.\n")
    write_article(tmp_path, "ja", "node", "---\ntitle: ノード\n---\nマシン。\n")
    write_article(
        tmp_path,
        "ja",
        "pod",
        '---\ntitle: Pod\n---\n{{< glossary_tooltip term_id="node" >}}で動作し、'
        '{{< glossary_tooltip text="node" term_id="node" >}}で動作する。\n',
    )
    report = check_terms(load_corpus([tmp_path]), ["ja"])
    assert [(f.kind, f.line, f.found) for f in report.findings if f.kind == "link-text"] == [("link-text", 4, "node")]


PIECES = [*"ab 名字\n-#`[]()<>{}!*_:\"='/", "<!--", "-->", "```", "{{<", ">}}", "](/x)", "glossary_tooltip", "---\n"]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(PIECES)).map("".join))
def test_any_page_is_read_with_its_lines(tmp_path_factory: pytest.TempPathFactory, body: str) -> None:
    from glossary.termpages import read_page

    path = tmp_path_factory.mktemp("page") / "page.md"
    path.write_text(body, encoding="utf-8")
    page = read_page(path, key="zh-cn")
    lines = body.replace("\r\n", "\n").count("\n") + 1
    assert all(1 <= link.line <= lines for link in page.links)
    assert page.line_at(len(page.text)) <= page.first_line + lines


@pytest.mark.parametrize(
    ("source", "named"),
    [
        ("A Node runs Pods.", True),  # after a capitalised first word of a sentence
        ("The Deployment controller runs.", True),
        ("It runs on a Node.", True),
        ("Node failures happen.", False),  # a sentence starts with it
        ("Use Amazon Web Services here.", False),  # a word of a longer name
        ("Each node runs.", False),  # not capitalised: the everyday word
        ("Call Node.js or Node(x).", False),  # code or another name
    ],
)
def test_which_source_words_name_a_concept(tmp_path: Path, source: str, named: bool) -> None:
    glossary = small_glossary(tmp_path / "glossary")
    write_article(glossary, "en", "deployment", "---\ntitle: Deployment\n---\nA workload.\n")
    write_article(glossary, "zh-cn", "deployment", "---\ntitle: Deployment\n---\n工作负载。\n")
    write_article(glossary, "en", "service", "---\ntitle: Services\n---\nAn abstraction.\n")
    write_article(glossary, "zh-cn", "service", "---\ntitle: 服务\n---\n抽象。\n")
    (tmp_path / "en.md").write_text(source + "\n", encoding="utf-8")
    (tmp_path / "zh.md").write_text("一台机器。\n", encoding="utf-8")
    report = check_page(load_corpus([glossary]), "zh-cn", tmp_path / "zh.md", tmp_path / "en.md")
    concepts = {f.concept for f in report.findings if f.kind == "missing-term"}
    assert bool(concepts & {"node", "deployment", "service"}) is named, concepts


def test_a_quoted_sentence_has_no_space_where_a_link_target_was(tmp_path: Path) -> None:
    from glossary.termpages import read_page

    path = tmp_path / "api-eviction.md"
    path.write_text(
        "---\ntitle: API-initiated eviction\n---\n"
        "API eviction is not [node-pressure eviction](/docs/concepts/node-pressure/). See `kubectl`.\n",
        encoding="utf-8",
    )
    page = read_page(path, key="en")
    start = page.text.index("node-pressure")
    assert page.sentence_at(start, start + len("node-pressure")) == "API eviction is not node-pressure eviction."


def test_a_quoted_sentence_keeps_the_places_of_code(tmp_path: Path) -> None:
    from glossary.termpages import read_page

    path = tmp_path / "headers.md"
    path.write_text("---\ntitle: Headers\n---\nThe headers: `A`, `B`, and a node.\n", encoding="utf-8")
    page = read_page(path, key="en")
    start = page.text.index("node")
    assert page.sentence_at(start, start + 4) == "The headers: , , and a node."


def test_a_page_reads_its_links_to_markdown_files_from_its_folder(tmp_path: Path) -> None:
    from glossary.termpages import read_page

    path = tmp_path / "ja" / "guide" / "values.md"
    path.parent.mkdir(parents=True)
    path.write_text("---\ntitle: 値\n---\n[ノード](./pod.md)と[ノード2](/ja/pod.md)。\n", encoding="utf-8")
    page = read_page(path, key="ja", slug="guide/values")
    assert [link.target for link in page.links] == ["guide/pod", "pod"]
