"""terms.py: links and backlinks, the health check, and translating a word between languages."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import K8S, write_article
from glossary import terms
from glossary.corpus import BUNDLED, COMMAND_LINE, Corpus, Root, bundled_root, load_corpus
from glossary.errors import GlossaryError, LanguageError, NotFound, UsageError
from glossary.index import open_index

FIVE = ["client-base", "customer", "market-orientation", "onestopshop", "promotion-expense"]
BUNDLED_FI = str(bundled_root() / "fi" / "client-centric.md")


def index_of(*folders: Path, bundled: bool = False, environ: dict[str, str] | None = None):
    """An index of exactly these glossary folders (and the bundled one if asked)."""
    roots = [Root(bundled_root(), BUNDLED)] if bundled else []
    roots += [Root(Path(folder), COMMAND_LINE) for folder in folders]
    return open_index(Corpus(roots), environ=environ)


def line_of(path: Path, needle: str) -> int:
    """The 1-based line of ``path`` that contains ``needle``."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path}")


# --- links and backlinks -----------------------------------------------------------------------------


def test_links_of_the_bundled_article() -> None:
    index = index_of(bundled=True)
    result = terms.concept_links(index, "client-centric")
    assert result.languages == ["fi", "no"]
    assert [a.lang for a in result.outgoing] == ["fi", "no"]
    fi = result.outgoing[0]
    assert [(link.text, link.target) for link in fi.links][:3] == [
        ("asiakas", "customer"),
        ("ideoiden", "customer"),
        ("keskiössä", "market-orientation"),
    ]
    assert all(link.title is None and link.languages == [] for link in fi.links)
    assert sorted({link.target for link in fi.links}) == FIVE
    assert result.backlinks == []


def test_backlinks_of_a_concept_without_an_article() -> None:
    index = index_of(bundled=True)
    result = terms.concept_links(index, "customer")
    assert result.languages == [] and result.outgoing == []
    assert [(b.slug, b.lang, b.text, b.line) for b in result.backlinks] == [
        ("client-centric", "fi", "asiakas", 10),
        ("client-centric", "fi", "ideoiden", 10),
        ("client-centric", "no", "Kundesentrerte", 10),
        ("client-centric", "no", "kunden", 10),
    ]
    assert result.backlinks[0].path == BUNDLED_FI


def test_which_kubernetes_concepts_link_to_node() -> None:
    index = index_of(K8S)
    result = terms.concept_links(index, "node")
    linking = {}
    for backlink in result.backlinks:
        linking.setdefault(backlink.slug, set()).add(backlink.lang)
    assert linking == {
        "cluster": {"de", "en", "ja"},
        "deployment": {"de", "ko", "zh-cn"},
        "kube-proxy": {"de", "en", "ja", "ko"},
        "kubelet": {"zh-cn"},
    }
    words = {(b.lang, b.slug): b.text for b in result.backlinks}
    assert words[("de", "cluster")] == "Knoten"
    assert words[("ja", "cluster")] == "ノード"
    assert words[("zh-cn", "kubelet")] == "节点（node）"
    # Outgoing links know the target's title in the article's language, or that it is missing.
    ja = next(a for a in result.outgoing if a.lang == "ja")
    pod = next(link for link in ja.links if link.target == "pod")
    assert pod.title == "Pod" and pod.text == "Pod"
    cri = next(link for link in ja.links if link.target == "cri")
    assert cri.title is None and cri.languages == []


def test_links_in_one_language() -> None:
    index = index_of(K8S)
    result = terms.concept_links(index, "node", lang="de")
    assert [a.lang for a in result.outgoing] == ["de"]
    assert {b.lang for b in result.backlinks} == {"de"}
    assert {b.slug for b in result.backlinks} == {"cluster", "deployment", "kube-proxy"}


def test_links_in_a_language_without_the_concept(glossary_dir: Path) -> None:
    write_article(glossary_dir, "en", "alpha", "# Alpha\n\nSee [beta](/beta).\n")
    write_article(glossary_dir, "de", "beta", "# Beta\n\nText.\n")
    index = index_of(glossary_dir)
    with pytest.raises(LanguageError, match="alpha is not in de; it is in en"):
        terms.concept_links(index, "alpha", lang="de")
    # beta is not in en, but an English article links to it: that is worth showing.
    result = terms.concept_links(index, "beta", lang="en")
    assert result.outgoing == [] and [b.slug for b in result.backlinks] == ["alpha"]
    with pytest.raises(NotFound, match="nothing in de links to gamma"):
        terms.concept_links(index, "gamma", lang="de")


def test_resolve_concept_accepts_link_targets() -> None:
    corpus = load_corpus()
    assert terms.resolve_concept("customer", corpus, lambda: open_index(corpus)).how == "links"
    assert terms.resolve_concept("Klientsentrert", corpus, lambda: open_index(corpus)).slug == "client-centric"
    with pytest.raises(NotFound):
        terms.resolve_concept("zzzqqq", corpus, lambda: open_index(corpus))


# --- check -------------------------------------------------------------------------------------------


def test_check_bundled_reports_the_five_linked_concepts() -> None:
    report = terms.check(index_of(bundled=True))
    assert not report.ok
    assert list(report.unresolved) == FIVE
    assert report.unresolved == {
        "client-base": 2,
        "customer": 4,
        "market-orientation": 2,
        "onestopshop": 4,
        "promotion-expense": 2,
    }
    assert report.counts() == {"broken-link": 14}
    assert report.languages == ["fi", "no"] and report.articles == 2
    assert report.coverage == {"client-centric": ["fi", "no"]}
    first = report.problems[0]
    assert (first.path, first.line, first.lang, first.slug) == (BUNDLED_FI, 10, "fi", "client-centric")
    assert first.message == 'link "asiakas" to customer: no article "customer" in any language'
    assert all(p.path and p.line for p in report.problems)


@pytest.fixture
def flawed(glossary_dir: Path) -> Path:
    """A glossary with one of every problem check knows."""
    write_article(
        glossary_dir,
        "en",
        "alpha",
        "---\ntitle: Alpha\ndescription: The first.\n---\n# Alpha\n\n## One\n\n"
        "See [Beta](/beta), [Gamma](/gamma) and [the void](/nowhere).\n\n## Two\n\n<!-- to do -->\n",
    )
    write_article(
        glossary_dir,
        "de",
        "alpha",
        "---\ntitle: Alpha (de)\ndescription: Das erste.\n---\n## Eins\n\nSiehe [Beta](/beta).\n",
    )
    write_article(glossary_dir, "en", "beta", "---\ntitle: Beta\ndescription: The second.\n---\nBody.\n")
    write_article(glossary_dir, "en", "gamma", "## Only\n\nA section and nothing else.\n")
    write_article(glossary_dir, "en", "delta", "---\ntitle: ALPHA\ndescription: A clash.\n---\nBody.\n")
    write_article(glossary_dir, "de", "unreadable", b"\xff\xfe\x00not utf-8")
    write_article(glossary_dir, "en", "yaml", "---\ntitle: [unclosed\ndescription: x\n---\n# Yaml\n\nBody.\n")
    return glossary_dir


def test_check_finds_every_kind_of_problem(flawed: Path) -> None:
    report = terms.check(index_of(flawed))
    by_kind: dict[str, list[terms.Problem]] = {}
    for problem in report.problems:
        by_kind.setdefault(problem.kind, []).append(problem)
    en_alpha, de_alpha = flawed / "en" / "alpha.md", flawed / "de" / "alpha.md"

    assert [(p.path, p.message) for p in by_kind["unreadable"]] == [
        (str(flawed / "de" / "unreadable.md"), "skipped: not UTF-8 (byte 0)")
    ]
    assert [p.path for p in by_kind["front-matter"]] == [str(flawed / "en" / "yaml.md")]
    assert by_kind["front-matter"][0].line is not None

    broken = {(p.path, p.line, p.message) for p in by_kind["broken-link"]}
    assert broken == {
        (
            str(en_alpha),
            line_of(en_alpha, "/nowhere"),
            'link "the void" to nowhere: no article "nowhere" in any language',
        ),
    }
    # beta is in the source language (en, the one with the most articles): a site shows that article.
    assert [(p.path, p.line, p.message) for p in by_kind["untranslated-link"]] == [
        (
            str(de_alpha),
            line_of(de_alpha, "/beta"),
            'link "Beta" to beta: beta is not translated into de yet; it is in en, the source language',
        )
    ]
    assert report.unresolved == {"nowhere": 1}
    assert report.source == "en"

    missing = {p.slug: p.message for p in by_kind["missing-language"]}
    assert set(missing) == {"beta", "gamma", "delta", "yaml"}
    assert missing["beta"] == "beta is missing in de (it is in en)"
    assert all(p.path is None for p in by_kind["missing-language"])

    assert [(p.slug, p.path, p.line) for p in by_kind["no-title"]] == [("gamma", str(flawed / "en" / "gamma.md"), 1)]
    assert [p.slug for p in by_kind["no-description"]] == ["gamma"]
    assert sorted((p.slug, p.message) for p in by_kind["duplicate-title"]) == [
        ("alpha", 'title "Alpha" is also the title of delta in en'),
        ("delta", 'title "ALPHA" is also the title of alpha in en'),
    ]
    assert [(p.path, p.message) for p in by_kind["section-count"]] == [
        (str(de_alpha), "1 section, while alpha has 2 in en, the source language")
    ]
    assert [(p.path, p.message) for p in by_kind["link-count"]] == [
        (str(de_alpha), "1 linked concept, while alpha has 3 in en, the source language")
    ]
    assert [(p.path, p.line, p.message) for p in by_kind["empty-section"]] == [
        (str(en_alpha), line_of(en_alpha, "## Two"), 'section 2 "Two" is empty')
    ]
    # Reported in a fixed order of kinds.
    kinds = [p.kind for p in report.problems]
    assert kinds == sorted(kinds, key=terms.KINDS.index)


def test_check_one_language(flawed: Path) -> None:
    report = terms.check(index_of(flawed), lang="de")
    assert report.lang == "de" and report.articles == 1
    assert {p.kind for p in report.problems} == {
        "unreadable",
        "untranslated-link",
        "missing-language",
        "section-count",
        "link-count",
    }
    assert all(p.lang == "de" for p in report.problems)


def test_check_clean_glossary(glossary_dir: Path) -> None:
    for lang, title, other in [("en", "Alpha", "Beta"), ("fi", "Alfa", "Beeta")]:
        write_article(
            glossary_dir, lang, "alpha", f"---\ntitle: {title}\ndescription: d\n---\n## S\n\nSee [{other}](/beta).\n"
        )
        write_article(
            glossary_dir, lang, "beta", f"---\ntitle: {other}\ndescription: d\n---\n## S\n\nSee [{title}](/alpha).\n"
        )
    report = terms.check(index_of(glossary_dir))
    assert report.ok and report.problems == [] and report.counts() == {}
    assert report.coverage == {"alpha": ["en", "fi"], "beta": ["en", "fi"]}


def article(title: str, sections: int = 1, links: str = "") -> str:
    """An article with ``sections`` sections, the first holding ``links``."""
    body = "".join(f"## S{number}\n\nText {links if number == 1 else ''}\n\n" for number in range(1, sections + 1))
    return f"---\ntitle: {title}\ndescription: d\n---\n{body}"


def counts_glossary(root: Path) -> Path:
    """alpha: 1 section in en, 2 in de and fr (the majority); en has the most articles."""
    write_article(root, "en", "alpha", article("Alpha", 1))
    write_article(root, "de", "alpha", article("Alpha", 2))
    write_article(root, "fr", "alpha", article("Alpha", 2))
    write_article(root, "en", "beta", article("Beta"))
    write_article(root, "de", "beta", article("Beta"))
    write_article(root, "fr", "beta", article("Beta"))
    write_article(root, "en", "gamma", article("Gamma"))
    return root


def test_counts_are_measured_against_the_source_language(glossary_dir: Path) -> None:
    """Translations that agree with each other but not with the source are the ones reported."""
    report = terms.check(index_of(counts_glossary(glossary_dir)))
    assert report.source == "en"
    assert sorted((p.lang, p.message) for p in report.problems if p.kind == "section-count") == [
        ("de", "2 sections, while alpha has 1 in en, the source language"),
        ("fr", "2 sections, while alpha has 1 in en, the source language"),
    ]


def test_another_source_language_changes_what_is_expected(glossary_dir: Path) -> None:
    """--source de: en is now the one that differs (and a report kept for en is not reused)."""
    counts_glossary(glossary_dir)
    terms.check(index_of(glossary_dir))
    index = open_index(load_corpus([glossary_dir], source="de"))
    report = terms.check(index)
    assert report.source == "de"
    assert [(p.lang, p.message) for p in report.problems if p.kind == "section-count"] == [
        ("en", "1 section, while alpha has 2 in de, the source language")
    ]


def test_counts_without_a_source_article_keep_the_majority(glossary_dir: Path) -> None:
    """A concept the source language lacks: the most common number is expected."""
    for lang, sections in [("en", 1), ("de", 1), ("fr", 1), ("it", 2)]:
        write_article(glossary_dir, lang, "beta", article("Beta", sections))
    for lang, sections in [("de", 2), ("fr", 2), ("it", 1)]:
        write_article(glossary_dir, lang, "delta", article("Delta", sections))
    write_article(glossary_dir, "en", "gamma", article("Gamma"))
    report = terms.check(index_of(glossary_dir))
    assert report.source == "en"
    assert sorted((p.slug, p.lang, p.message) for p in report.problems if p.kind == "section-count") == [
        ("beta", "it", "2 sections, while beta has 1 in en, the source language"),
        ("delta", "it", "1 section, while delta has 2 in de, fr"),
    ]


def test_links_to_a_concept_only_the_source_has_are_untranslated(glossary_dir: Path) -> None:
    """A link whose target is in the source language is a missing translation (a site falls back
    to the source's article); a target in some other language only is still broken."""
    write_article(glossary_dir, "en", "node", article("Node"))
    write_article(glossary_dir, "en", "pod", article("Pod"))
    write_article(glossary_dir, "de", "kanal", article("Kanal"))
    write_article(glossary_dir, "fi", "pod", article("Podi", links="[solmu](/node), [kanava](/kanal), [x](/none)"))
    report = terms.check(index_of(glossary_dir))
    found = sorted((p.kind, p.message) for p in report.problems if p.kind.endswith("-link"))
    assert found == [
        ("broken-link", 'link "kanava" to kanal: kanal is not in fi; it is in de'),
        ("broken-link", 'link "x" to none: no article "none" in any language'),
        (
            "untranslated-link",
            'link "solmu" to node: node is not translated into fi yet; it is in en, the source language',
        ),
    ]
    assert report.unresolved == {"none": 1}
    assert terms.check(index_of(glossary_dir), lang="fi").counts()["untranslated-link"] == 1


def test_link_targets_match_slugs_without_case(glossary_dir: Path) -> None:
    """``Pod.md`` is what a link to ``pod`` (or ``POD``) means: no broken link, and links shows it."""
    write_article(glossary_dir, "en", "Pod", article("Pod", links="[node](/node)"))
    write_article(glossary_dir, "en", "node", article("Node", links="[pods](/pod) and [PODS](/POD)"))
    write_article(glossary_dir, "fi", "node", article("Solmu", links="[podit](/pod)"))
    index = index_of(glossary_dir)
    report = terms.check(index)
    assert not [p for p in report.problems if p.kind in ("broken-link", "case-clash")], report.problems
    assert [(p.kind, p.lang) for p in report.problems if p.kind == "untranslated-link"] == [("untranslated-link", "fi")]
    links = terms.concept_links(index, "node")
    en = next(a for a in links.outgoing if a.lang == "en")
    assert [(link.target, link.title, link.languages) for link in en.links] == [
        ("pod", "Pod", ["en"]),
        ("POD", "Pod", ["en"]),
    ]
    fi = next(a for a in links.outgoing if a.lang == "fi")
    assert (fi.links[0].title, fi.links[0].fallback) == (None, ("en", "Pod"))
    backlinks = terms.concept_links(index, "Pod").backlinks
    assert sorted((b.slug, b.lang, b.text) for b in backlinks) == [
        ("node", "en", "PODS"),
        ("node", "en", "pods"),
        ("node", "fi", "podit"),
    ]


def test_slugs_that_differ_only_in_case_clash(glossary_dir: Path) -> None:
    write_article(glossary_dir, "en", "Pod", article("Pod"))
    write_article(glossary_dir, "en", "pod", article("A pod"))
    write_article(glossary_dir, "fi", "pod", article("Podi"))
    report = terms.check(index_of(glossary_dir))
    assert sorted((p.kind, p.slug, p.lang, Path(p.path or "").name, p.message) for p in report.problems)[:2] == [
        ("case-clash", "Pod", "en", "Pod.md", "Pod differs only in case from pod.md: links cannot tell them apart"),
        ("case-clash", "pod", "en", "pod.md", "pod differs only in case from Pod.md: links cannot tell them apart"),
    ]
    assert terms.check(index_of(glossary_dir), lang="fi").counts().get("case-clash") is None


def test_check_leaves_the_bundled_glossary_out_when_the_user_has_one(glossary_dir: Path) -> None:
    """A maintainer's CI checks the maintainer's files; bundled articles only answer links."""
    write_article(
        glossary_dir, "en", "alpha", "---\ntitle: Alpha\ndescription: d\n---\nSee [the bundled one](/client-centric).\n"
    )
    report = terms.check(index_of(glossary_dir, bundled=True))
    assert report.languages == ["en"] and report.articles == 1
    assert report.roots == [str(glossary_dir)]
    assert [p.message for p in report.problems] == [
        'link "the bundled one" to client-centric: client-centric is not in en; it is in fi, no'
    ]


def test_check_kubernetes_subset() -> None:
    report = terms.check(index_of(K8S))
    assert report.languages == ["de", "en", "fr", "ja", "ko", "zh-cn"] and report.articles == 72
    assert "missing-language" not in report.counts()
    # fr/node.md spells its title key "titre": the slug would be shown.
    assert [(p.slug, p.lang) for p in report.problems if p.kind == "no-title"] == [("node", "fr")]
    assert {"cri", "docker", "control-plane", "kube-apiserver"} <= set(report.unresolved)


# --- translate -----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def bundled_index(tmp_path_factory: pytest.TempPathFactory):
    """Shared by the tests below; its cache is private (module fixtures run before the autouse one)."""
    return index_of(bundled=True, environ={"GLOSSARY_CACHE_DIR": str(tmp_path_factory.mktemp("terms-cache"))})


def test_translate_title(bundled_index) -> None:
    corpus = bundled_index.corpus
    result = terms.translate("asiakaskeskeinen", corpus, bundled_index, target="no")
    assert result.best == "Klientsentrert"
    [candidate] = result.candidates
    assert (candidate.slug, candidate.how, candidate.lang, candidate.title) == (
        "client-centric",
        "title",
        "fi",
        "Klientsentrert",
    )
    assert terms.translate("Klientsentrert", corpus, bundled_index, target="fi").best == "Asiakaskeskeinen"
    assert terms.translate("client-centric", corpus, bundled_index, target="no").candidates[0].how == "slug"


def test_translate_from_link_text(bundled_index) -> None:
    result = terms.translate("asiakas", bundled_index.corpus, bundled_index, target="no")
    [candidate] = result.candidates
    assert (candidate.slug, candidate.how, candidate.seen, candidate.lang, candidate.title) == (
        "customer",
        "links",
        1,
        "fi",
        None,
    )
    assert [(w.text, w.seen, w.articles) for w in candidate.link_words] == [
        ("Kundesentrerte", 1, ["client-centric"]),
        ("kunden", 1, ["client-centric"]),
    ]
    assert result.best == "Kundesentrerte"
    # The other way round, and folded: "KUNDEN" is the same words.
    back = terms.translate("KUNDEN", bundled_index.corpus, bundled_index, source="no", target="fi")
    assert back.candidates[0].slug == "customer"
    assert {w.text for w in back.candidates[0].link_words} == {"asiakas", "ideoiden"}


def test_translate_restricted_to_the_source_language(bundled_index) -> None:
    corpus = bundled_index.corpus
    assert terms.translate("Klientsentrert", corpus, bundled_index, source="no", target="fi").best == "Asiakaskeskeinen"
    with pytest.raises(NotFound) as error:
        terms.translate("Klientsentrert", corpus, bundled_index, source="fi", target="no")
    assert 'no slug, title or synonym "Klientsentrert" in fi' in str(error.value)
    with pytest.raises(NotFound, match='no link text "kunden" in fi'):
        terms.translate("kunden", corpus, bundled_index, source="fi", target="no")


def test_translate_fuzzy_only_when_nothing_exact(bundled_index) -> None:
    result = terms.translate("asiakaskeskinen", bundled_index.corpus, bundled_index, target="no")
    assert result.candidates[0].how == "fuzzy" and result.best == "Klientsentrert"


def test_translate_says_what_was_tried(bundled_index) -> None:
    with pytest.raises(NotFound) as error:
        terms.translate("zzzqqq", bundled_index.corpus, bundled_index, target="no")
    assert str(error.value).startswith(
        'no translation of "zzzqqq" into no: no slug, title or synonym "zzzqqq", no link text "zzzqqq"'
    )
    with pytest.raises(UsageError):
        terms.translate("   ", bundled_index.corpus, bundled_index, target="no")
    with pytest.raises(UsageError, match="same language"):
        terms.translate("asiakas", bundled_index.corpus, bundled_index, source="no", target="no")


def test_translate_concept_missing_in_the_target(glossary_dir: Path) -> None:
    write_article(glossary_dir, "en", "alpha", "# Alpha\n\nText.\n")
    write_article(glossary_dir, "de", "beta", "# Beta\n\nText.\n")
    index = index_of(glossary_dir)
    with pytest.raises(NotFound) as error:
        terms.translate("Alpha", index.corpus, index, target="de")
    assert (
        str(error.value)
        == 'no translation of "Alpha" into de: alpha (title match) is in en, and no link text in de names it'
    )
    # A link in German is evidence enough.
    write_article(glossary_dir, "de", "beta", "# Beta\n\nSiehe [Alfa](/alpha).\n")
    index = index_of(glossary_dir)
    result = terms.translate("Alpha", index.corpus, index, target="de")
    assert result.best == "Alfa" and result.candidates[0].title is None


def test_translate_kubernetes() -> None:
    index = index_of(K8S)
    corpus = index.corpus
    assert terms.translate("ノード", corpus, index, target="en").best == "Node"
    assert terms.translate("Node", corpus, index, source="en", target="zh-cn").best == "节点"
    pods = terms.translate("Pods", corpus, index, source="en", target="de")
    assert pods.candidates[0].slug == "pod" and pods.candidates[0].how == "links"
    assert pods.best == "Pod"


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)
@given(st.text(max_size=30))
def test_translate_any_word(bundled_index, word: str) -> None:
    try:
        result = terms.translate(word, bundled_index.corpus, bundled_index, target="no")
    except GlossaryError:
        return
    assert result.best is not None


# --- the report kept in the index ----------------------------------------------------------------------


def test_check_report_follows_edits(glossary_dir: Path) -> None:
    write_article(glossary_dir, "en", "a", "---\ntitle: A\ndescription: d\n---\nText.\n")
    first = terms.check(index_of(glossary_dir))
    again = terms.check(index_of(glossary_dir))
    assert first.ok and again == first
    write_article(glossary_dir, "en", "a", "---\ntitle: A\ndescription: d\n---\nSee [b](/b).\n")
    report = terms.check(index_of(glossary_dir))
    assert [p.kind for p in report.problems] == ["broken-link"]
    assert terms.check(index_of(glossary_dir)) == report  # read back from the index: the same report


def test_check_without_a_writable_cache(glossary_dir: Path, tmp_path: Path) -> None:
    write_article(glossary_dir, "en", "a", "# A\n\nSee [b](/b).\n")
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("", encoding="utf-8")
    index = open_index(Corpus([Root(glossary_dir, COMMAND_LINE)]), environ={"GLOSSARY_CACHE_DIR": str(blocked)})
    assert index.location is None
    assert [p.kind for p in terms.check(index).problems] == ["broken-link"]
    assert [p.kind for p in terms.check(index).problems] == ["broken-link"]
