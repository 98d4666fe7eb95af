"""lookup.py: what a user typed -> a concept, a language and a section (core and through `show`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import K8S, write_article
from glossary.articles import read_article
from glossary.corpus import bundled_root, load_corpus
from glossary.errors import Ambiguous, ExitStatus, LanguageError, NotFound, UsageError
from glossary.index import open_index
from glossary.search import lookup
from glossary.search.lookup import (
    article_with_section,
    check_language,
    check_language_pair,
    choose_language,
    find_section,
    language_key,
    language_order,
    resolve,
)


def resolver(data_dirs=()):
    corpus = load_corpus(data_dirs)
    opened = []

    def open_it():
        opened.append(True)
        return open_index(corpus)

    return corpus, opened, lambda term: resolve(term, corpus, open_it)


def titled(title: str, body: str = "Body.", extra: str = "") -> str:
    return f"---\ntitle: {title}\n{extra}---\n{body}\n"


@pytest.fixture
def market(glossary_dir: Path) -> Path:
    """Concepts with near-equal names, and one title shared by two concepts."""
    for slug, title in [
        ("market-orientation", "Market orientation"),
        ("market-segmentation", "Market segmentation"),
        ("market-penetration", "Market penetration"),
        ("load-balancer", "Load balancer"),
        ("load-shedding", "Load shedding"),
        ("loader", "Loader"),
        ("download", "Download"),
        ("overload", "Overload"),
        ("payload", "Payload"),
        ("upload", "Upload"),
        ("workload", "Workload"),
    ]:
        write_article(glossary_dir, "en", slug, titled(title))
    write_article(glossary_dir, "en", "gift-present", titled("Gift"))
    write_article(glossary_dir, "de", "gift-poison", titled("Gift"))
    write_article(glossary_dir, "de", "load-balancer", titled("Lastverteiler", extra="aka: [Lastausgleich]\n"))
    return glossary_dir


# --- resolving a term -------------------------------------------------------------------------------


def test_exact_slug_needs_no_index() -> None:
    _, opened, find = resolver()
    match = find("client-centric")
    assert (match.slug, match.how, match.lang) == ("client-centric", "slug", None)
    assert opened == []


@pytest.mark.parametrize(
    ("term", "how", "lang"),
    [
        ("klientsentrert", "title", "no"),
        ("Klientsentrert", "title", "no"),
        ("KLIENTSENTRERT", "title", "no"),
        ("Asiakaskeskeinen", "title", "fi"),
        ("asiakaskeskeinen", "title", "fi"),
        ("  Asiakaskeskeinen ", "title", "fi"),
        ("client centric", "slug", None),
        ("Client-Centric", "fuzzy", None),
        ("client centrik", "fuzzy", None),
        ("klientsentret", "fuzzy", "no"),
        ("asiakaskeskeinan", "fuzzy", "fi"),
    ],
)
def test_titles_in_any_language_and_fuzzy(term: str, how: str, lang: str | None) -> None:
    match = resolver()[2](term)
    assert (match.slug, match.how, match.lang) == ("client-centric", how, lang)


def test_diacritics_do_not_matter(glossary_dir: Path) -> None:
    write_article(glossary_dir, "no", "highlights", titled("Høydepunkter"))
    write_article(glossary_dir, "fi", "benefit", titled("Lähestymistavan edut"))
    find = resolver([glossary_dir])[2]
    assert find("hoydepunkter").slug == "highlights"
    assert find("HØYDEPUNKTER").slug == "highlights"
    assert find("lahestymistavan edut").slug == "benefit"


def test_aka_finds_its_concept(market: Path) -> None:
    match = resolver([market])[2]("lastausgleich")
    assert (match.slug, match.how, match.lang) == ("load-balancer", "aka", "de")


def test_japanese_title(k8s: Path) -> None:
    match = resolver([k8s])[2]("ノード")
    assert (match.slug, match.how, match.lang) == ("node", "title", "ja")
    assert resolver([k8s])[2]("节点（Node）").slug == "node"


def test_title_shared_by_languages_picks_none_of_them(k8s: Path) -> None:
    # "Kubelet" is the title in de, en, fr, ja, ko and zh-cn: the locale decides, not the alphabet.
    match = resolver([k8s])[2]("Kubelet")
    assert (match.slug, match.lang) == ("kubelet", None)


def test_a_miss_suggests_up_to_five(market: Path) -> None:
    with pytest.raises(NotFound) as caught:
        resolver([market])[2]("loda")
    assert caught.value.exit_status == ExitStatus.NOT_FOUND
    assert 1 <= len(caught.value.suggestions) <= 5
    assert set(caught.value.suggestions) <= {
        "load-balancer",
        "load-shedding",
        "loader",
        "download",
        "overload",
        "payload",
        "upload",
        "workload",
    }
    assert "did you mean" in str(caught.value)


def test_a_miss_with_nothing_close() -> None:
    with pytest.raises(NotFound) as caught:
        resolver()[2]("xqzzv")
    assert caught.value.suggestions == []
    assert str(caught.value) == 'no article matches "xqzzv"'


@pytest.mark.parametrize("term", ["market", "Gift"])
def test_several_near_equal_matches_list_the_candidates(market: Path, term: str) -> None:
    with pytest.raises(Ambiguous) as caught:
        resolver([market])[2](term)
    expected = {
        "market": ["market-orientation", "market-penetration", "market-segmentation"],
        "Gift": ["gift-poison", "gift-present"],
    }[term]
    assert sorted(caught.value.candidates) == expected
    assert all(slug in str(caught.value) for slug in expected)


@pytest.mark.parametrize("term", ["", "   "])
def test_empty_term_is_a_usage_error(term: str) -> None:
    with pytest.raises(UsageError):
        resolver()[2](term)


@pytest.mark.parametrize("term", ["../../etc/passwd", "/etc/passwd", "..", "../../../../../../etc/shadow"])
def test_paths_are_just_terms(term: str) -> None:
    with pytest.raises(NotFound):
        resolver()[2](term)


# --- choosing the language --------------------------------------------------------------------------


@pytest.fixture
def kube(glossary_dir: Path) -> Path:
    """English the source (most articles); pod in en, de, ja, zh-cn; only-de in de and fr."""
    for lang, title in [("en", "Pod"), ("de", "Pod"), ("ja", "ポッド"), ("zh-cn", "容器组")]:
        write_article(glossary_dir, lang, "pod", titled(title))
    write_article(glossary_dir, "en", "node", titled("Node"))
    write_article(glossary_dir, "en", "cluster", titled("Cluster"))
    for lang in ("de", "fr"):
        write_article(glossary_dir, lang, "only-de", titled(f"Nur {lang}"))
    return glossary_dir


@pytest.fixture
def mdn(glossary_dir: Path) -> Path:
    """Folders as MDN names them: the source in en-us, Chinese in two regional folders."""
    for lang in ("en-us", "de", "zh-cn", "zh-tw"):
        write_article(glossary_dir, lang, "cors", titled(f"CORS {lang}"))
    write_article(glossary_dir, "en-us", "http", titled("HTTP"))
    return glossary_dir


def pick(root: Path, slug: str = "pod", *, explicit=None, matched=None, source=None, **environ: str) -> str:
    corpus = load_corpus([root], source=source)
    return choose_language(corpus.find(slug), slug, corpus, explicit=explicit, matched=matched, environ=environ).key


@pytest.mark.parametrize(
    ("options", "environ", "lang"),
    [
        ({}, {}, "en"),  # nothing asked: the source language
        ({}, {"LANG": "C.UTF-8"}, "en"),  # a locale without a language
        ({}, {"LANG": "zh_CN.UTF-8"}, "zh-cn"),  # the locale, region kept
        ({}, {"LANG": "de_AT.UTF-8"}, "de"),  # the locale, region cut
        ({}, {"LANG": "fr_FR.UTF-8"}, "en"),  # the locale lacks the article: the source
        ({}, {"LC_ALL": "ja_JP.UTF-8", "LANG": "de_DE.UTF-8"}, "ja"),  # LC_ALL before LANG
        ({"matched": "ja"}, {"LANG": "de_DE.UTF-8"}, "ja"),  # the title typed beats the locale
        ({"matched": "ja"}, {"GLOSSARY_LANG": "de"}, "de"),  # GLOSSARY_LANG beats the title
        ({}, {"GLOSSARY_LANG": "de_CH", "LANG": "ja_JP.UTF-8"}, "de"),  # GLOSSARY_LANG, region cut
        ({}, {"GLOSSARY_LANG": "fr", "LANG": "ja_JP.UTF-8"}, "ja"),  # GLOSSARY_LANG lacks it: next
        ({"source": "de"}, {}, "de"),  # --source
        ({"explicit": "JA"}, {"GLOSSARY_LANG": "de"}, "ja"),  # --lang first, any case
        ({"explicit": "zh"}, {}, "zh-cn"),  # a bare language: its only regional folder
        ({"explicit": "zh_CN"}, {}, "zh-cn"),
    ],
)
def test_language_choice(kube: Path, options: dict, environ: dict[str, str], lang: str) -> None:
    assert pick(kube, **options, **environ) == lang


def test_without_the_source_the_first_language_that_has_it(kube: Path) -> None:
    assert pick(kube, "only-de") == "de"
    assert pick(kube, "only-de", LANG="fr_FR.UTF-8") == "fr"


@pytest.mark.parametrize(
    ("explicit", "message"),
    [
        ("fr", "pod is not in fr; it is in de, en, ja, zh-cn"),  # no such article: where it is
        ("sv", 'no articles in language "sv"; languages: de, en, fr, ja, zh-cn'),
        ("en-GB", 'no articles in language "en-GB" (did you mean en?); languages: de, en, fr, ja, zh-cn'),  # strict
    ],
)
def test_explicit_language_is_strict(kube: Path, explicit: str, message: str) -> None:
    with pytest.raises(LanguageError) as caught:
        pick(kube, explicit=explicit, LANG="en_GB.UTF-8")
    assert caught.value.exit_status == ExitStatus.USAGE_ERROR
    assert str(caught.value) == message


@pytest.mark.parametrize(
    ("options", "environ", "lang"),
    [
        ({}, {}, "en-us"),  # the source, by number of articles
        ({"explicit": "en"}, {}, "en-us"),  # --lang en finds the only English folder
        ({"explicit": "EN-us"}, {}, "en-us"),
        ({}, {"LANG": "en_US.UTF-8"}, "en-us"),
        ({}, {"LANG": "en_GB.UTF-8"}, "en-us"),  # cut to en, then its only regional folder
        ({}, {"LANG": "de_DE.UTF-8"}, "de"),
        ({}, {"LANG": "zh_TW.UTF-8"}, "zh-tw"),
        ({}, {"GLOSSARY_LANG": "zh-tw"}, "zh-tw"),
        ({"explicit": "zh-TW"}, {"LANG": "zh_CN.UTF-8"}, "zh-tw"),
    ],
)
def test_language_choice_with_regional_folders(mdn: Path, options: dict, environ: dict[str, str], lang: str) -> None:
    assert pick(mdn, "cors", **options, **environ) == lang


def test_a_bare_language_with_two_regional_folders_is_a_usage_error(mdn: Path) -> None:
    with pytest.raises(LanguageError) as caught:
        pick(mdn, "cors", explicit="zh")
    assert caught.value.exit_status == ExitStatus.USAGE_ERROR
    assert str(caught.value) == '"zh" is several languages here; say which: zh-cn, zh-tw'


def test_every_language_argument_is_resolved_alike(mdn: Path) -> None:
    corpus = load_corpus([mdn])
    assert language_key("en", corpus) == "en-us"
    assert check_language(None, corpus) is None and check_language("ZH-tw", corpus) == "zh-tw"
    assert check_language_pair("de", None, corpus) == ("en-us", "de")  # one language: with the source
    assert check_language_pair("zh-cn", "en", corpus) == ("zh-cn", "en-us")
    for pair in [("en", None), ("en", "en-US"), ("zh", "de")]:
        with pytest.raises(LanguageError):
            check_language_pair(*pair, corpus)


def test_a_section_is_looked_for_in_the_next_language(mdn: Path) -> None:
    write_article(mdn, "en-us", "cors", titled("CORS", "Lead.\n\n## See also\n\n- HTTP\n"))
    write_article(mdn, "de", "cors", titled("CORS", "Vorwort.\n\n## Siehe auch\n\n- HTTP\n"))
    corpus = load_corpus([mdn])
    refs = corpus.find("cors")

    def best(section: str, **environ: str) -> tuple[str, str]:
        order = language_order(refs, corpus, environ=environ)
        article, found = article_with_section(order, section, lambda ref: ref.read())
        return article.lang, found.heading

    assert best("see", LANG="de_DE.UTF-8") == ("en-us", "See also")
    assert best("siehe") == ("de", "Siehe auch")
    assert best("1", LANG="de_DE.UTF-8") == ("de", "Siehe auch")
    with pytest.raises(NotFound, match=r"cors \(de\)"):
        best("nothing", LANG="de_DE.UTF-8")  # the best language's error


@pytest.mark.parametrize(
    ("args", "env", "title"),
    [
        (["client-centric"], {}, "Asiakaskeskeinen"),  # no preference: the first language
        (["client-centric"], {"LANG": "nb_NO.UTF-8"}, "Klientsentrert"),  # the locale
        (["client-centric"], {"LANG": "sv_SE.UTF-8"}, "Asiakaskeskeinen"),  # locale missing: first
        (["klientsentrert"], {}, "Klientsentrert"),  # the language whose title matched
        (["Asiakaskeskeinen"], {"LANG": "nb_NO.UTF-8"}, "Asiakaskeskeinen"),  # title beats locale
        (["klientsentrert"], {"GLOSSARY_LANG": "fi"}, "Asiakaskeskeinen"),  # GLOSSARY_LANG beats title
        (["klientsentrert"], {"GLOSSARY_LANG": "sv"}, "Klientsentrert"),  # GLOSSARY_LANG missing: next
        (["klientsentrert", "--lang", "fi"], {"GLOSSARY_LANG": "no"}, "Asiakaskeskeinen"),  # --lang first
        (["Asiakaskeskeinen", "--lang", "nb"], {}, "Klientsentrert"),
        (["client-centric", "-l", "NO"], {}, "Klientsentrert"),
    ],
)
def test_language_choice_order_in_show(cli, args: list[str], env: dict[str, str], title: str) -> None:
    result = cli("show", *args, env=env)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[0].startswith(title)


def test_title_in_several_languages_follows_the_locale(cli, k8s: Path) -> None:
    for locale, lang in [("fr_FR.UTF-8", "fr"), ("en_US.UTF-8", "en"), ("ko_KR.UTF-8", "ko")]:
        result = cli("--data-dir", str(k8s), "show", "Kubelet", "--json", env={"LANG": locale})
        assert result.exit_code == 0, result.stderr
        assert f'"lang": "{lang}"' in result.stdout


def test_explicit_language_lacking_the_article(cli, glossary_dir: Path) -> None:
    write_article(glossary_dir, "en", "only-english", titled("Only English"))
    result = cli("--data-dir", str(glossary_dir), "show", "only-english", "--lang", "fi")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("glossary: ") and "en" in result.stderr and "fi" in result.stderr


def test_unknown_language_names_the_ones_there_are(cli) -> None:
    result = cli("show", "client-centric", "--lang", "sv")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("glossary: ")
    assert '"sv"' in result.stderr and "fi, no" in result.stderr


@pytest.mark.parametrize(
    ("args", "env", "first"),
    [
        (["show", "deployment"], {"LANG": "zh_CN.UTF-8"}, "Deployment  deployment · zh-cn"),  # the locale
        (["show", "Pod"], {"LANG": "C.UTF-8"}, "Pod  pod · en"),  # a title in six languages: the source
        (["show", "Pod"], {"LANG": "ko_KR.UTF-8"}, "pod · ko"),
        (["show", "deployment"], {"GLOSSARY_LANG": "fr", "LANG": "ja_JP.UTF-8"}, "Déploiement  deployment · fr"),
        (["show", "Déploiement"], {"LANG": "ja_JP.UTF-8"}, "Déploiement  deployment · fr"),  # the title typed
        (["--source", "ja", "show", "deployment"], {}, "Deployment  deployment · ja"),
        (["show", "pod", "--lang", "ZH"], {}, "Pod  pod · zh-cn"),  # zh: the one Chinese folder
    ],
)
def test_show_language_on_the_kubernetes_sample(cli, k8s: Path, args: list[str], env: dict, first: str) -> None:
    result = cli("--data-dir", str(k8s), *args, env=env)
    assert result.exit_code == 0, result.stderr
    assert first in result.stdout.splitlines()[0]


def test_show_language_with_regional_folders(cli, mdn: Path) -> None:
    write_article(mdn, "en-us", "cors", titled("CORS", "Lead.\n\n## See also\n\n- HTTP\n"))
    write_article(mdn, "de", "cors", titled("CORS", "Vorwort.\n\n## Siehe auch\n\n- HTTP\n"))

    def show(*args: str, **env: str):
        return cli("--data-dir", str(mdn), "show", "cors", *args, env=env)

    assert show(LANG="en_US.UTF-8").stdout.startswith("CORS  cors · en-us")
    assert show(LANG="de_DE.UTF-8").stdout.startswith("CORS  cors · de")
    assert show("--lang", "en").stdout.startswith("CORS  cors · en-us")
    # A section asked for by its words is looked for in the languages in order of preference.
    shown = show("--section", "see", LANG="de_DE.UTF-8")
    assert shown.exit_code == 0 and shown.stdout.startswith("CORS  cors · en-us") and "See also" in shown.stdout
    assert "Siehe auch" in show("--section", "siehe").stdout
    missing = show("--section", "see", "--lang", "de")
    assert missing.exit_code == 1 and "no section" in missing.stderr
    ambiguous = show("--lang", "zh")
    assert (ambiguous.exit_code, ambiguous.stdout) == (2, "")
    assert ambiguous.stderr == 'glossary: "zh" is several languages here; say which: zh-cn, zh-tw\n'


@pytest.mark.parametrize(
    "args",
    [
        ["list", "--lang", "zh"],
        ["search", "cors", "--lang", "zh"],
        ["links", "cors", "--lang", "zh"],
        ["check", "--lang", "zh"],
        ["translate", "cors", "--to", "zh"],
        ["translate", "cors", "--from", "zh", "--to", "de"],
        ["compare", "zh", "de"],
        ["compare", "zh"],
        ["export", "--format", "csv", "--lang", "zh"],
    ],
)
def test_every_command_resolves_languages_alike(cli, mdn: Path, args: list[str]) -> None:
    result = cli("--data-dir", str(mdn), *args)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == 'glossary: "zh" is several languages here; say which: zh-cn, zh-tw\n'
    bare = cli("--data-dir", str(mdn), *[("en" if arg == "zh" else arg) for arg in args])
    assert bare.exit_code != 2 or "the source language" in bare.stderr, bare.stderr


# --- lookups through show -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("term", "first_line"),
    [
        ("client-centric", "Asiakaskeskeinen"),
        ("klientsentrert", "Klientsentrert"),
        ("KLIENTSENTRERT", "Klientsentrert"),
        ("Asiakaskeskeinen", "Asiakaskeskeinen"),
        ("client centrik", "Asiakaskeskeinen"),
    ],
)
def test_show_finds_the_bundled_article(cli, term: str, first_line: str) -> None:
    result = cli("show", term)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[0].startswith(first_line)
    assert "client-centric" in result.stdout.splitlines()[0]


def test_show_japanese_title(cli, k8s: Path) -> None:
    result = cli("--data-dir", str(k8s), "show", "ノード")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("ノード  node · ja")
    assert "ノードはKubernetesのワーカーマシンです。" in result.stdout


def test_show_miss_exits_1_with_suggestions(cli, market: Path) -> None:
    result = cli("--data-dir", str(market), "show", "loda")
    assert result.exit_code == 1
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith('glossary: no article matches "loda"; did you mean ')
    suggested = lines[0].split("did you mean ", 1)[1].rstrip("?").replace(" or ", ", ").split(", ")
    assert 1 <= len(suggested) <= 5


def test_show_ambiguous_lists_the_candidates(cli, market: Path) -> None:
    result = cli("--data-dir", str(market), "show", "market")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    for slug in ("market-orientation", "market-penetration", "market-segmentation"):
        assert slug in result.stderr


# --- sections -----------------------------------------------------------------------------------------


def bundled(lang: str):
    return read_article(bundled_root() / lang / "client-centric.md", slug="client-centric", lang=lang)


@pytest.mark.parametrize(
    ("wanted", "number"),
    [
        ("3", 3),
        (" 1 ", 1),
        ("edut", 3),
        ("EDUT", 3),
        ("Asiakaskeskeisen lähestymistavan edut", 3),
        ("asiakaskeskeisen lahestymistavan edut", 3),
        ("kohokohdat", 4),
        ("ymmärtäminen", 2),
        ("kohokohda", 4),
    ],
)
def test_find_section(wanted: str, number: int) -> None:
    assert find_section(bundled("fi"), wanted).number == number


@pytest.mark.parametrize("wanted", ["0", "5", "99", "nothing like it"])
def test_find_section_miss_lists_the_sections(wanted: str) -> None:
    with pytest.raises(NotFound) as caught:
        find_section(bundled("fi"), wanted)
    assert "Kohokohdat" in str(caught.value)


def test_find_section_ambiguous_words() -> None:
    with pytest.raises(Ambiguous):
        find_section(bundled("no"), "klientsentrisk")


def test_find_section_in_an_article_without_sections(k8s: Path) -> None:
    article = read_article(k8s / "en" / "node.md", slug="node", lang="en")
    with pytest.raises(NotFound, match="no sections"):
        find_section(article, "1")


def test_show_section_by_number_and_words(cli) -> None:
    for wanted in ("3", "edut"):
        result = cli("show", "client-centric", "--lang", "fi", "--section", wanted)
        assert result.exit_code == 0, result.stderr
        assert "3. Asiakaskeskeisen lähestymistavan edut" in result.stdout
        assert "Yritykset valitsevat asiakaslähtöisen lähestymistavan" in result.stdout
        # Only that section: no other heading, no lead, no description.
        assert "Kohokohdat" not in result.stdout and "Mikä on asiakaslähtöisyys?" not in result.stdout
        assert "Asiakaskeskeisyys, joka tunnetaan" not in result.stdout


def test_show_section_json_and_raw(cli) -> None:
    import json

    data = json.loads(cli("show", "client-centric", "--lang", "fi", "--section", "edut", "--json").stdout)
    assert [s["number"] for s in data["sections"]] == [3]
    raw = cli("show", "client-centric", "--lang", "fi", "--section", "3", "--raw").stdout
    assert raw.startswith("## Asiakaskeskeisen lähestymistavan edut\n")
    assert "## Kohokohdat" not in raw


def test_show_missing_section(cli) -> None:
    result = cli("show", "client-centric", "--lang", "no", "--section", "9")
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1 and "Høydepunkter" in result.stderr


def test_show_toc(cli) -> None:
    result = cli("show", "client-centric", "--lang", "fi", "--toc")
    assert result.exit_code == 0
    lines = [line.strip() for line in result.stdout.splitlines()]
    assert "1  Mikä on asiakaslähtöisyys?" in lines
    assert "3  Asiakaskeskeisen lähestymistavan edut" in lines
    assert "4  Kohokohdat" in lines
    assert "Yritykset valitsevat" not in result.stdout


def test_show_toc_json(cli) -> None:
    import json

    data = json.loads(cli("show", "client-centric", "--lang", "no", "--toc", "--json").stdout)
    assert data == [
        {"number": 1, "heading": "Hva er klientsentrisk?"},
        {"number": 2, "heading": "Forstå klientsentrisk"},
        {"number": 3, "heading": "Fordelene med en klientsentrert tilnærming"},
        {"number": 4, "heading": "Høydepunkter"},
    ]


# --- properties ------------------------------------------------------------------------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from glossary.errors import GlossaryError  # noqa: E402


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=30))
def test_any_section_request_is_a_section_or_a_glossary_error(wanted: str) -> None:
    try:
        section = find_section(bundled("fi"), wanted)
    except GlossaryError:
        return
    assert 1 <= section.number <= 4


def test_section_numbers_in_other_scripts() -> None:
    article = bundled("fi")
    assert find_section(article, "３").number == 3  # full-width digit
    for wanted in ("²", "①", "三"):
        with pytest.raises(GlossaryError):
            find_section(article, wanted)


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=20))
def test_any_term_resolves_or_is_a_glossary_error(term: str) -> None:
    corpus = load_corpus()
    try:
        match = resolve(term, corpus, lambda: open_index(corpus))
    except GlossaryError:
        return
    assert corpus.find(match.slug)


# --- how much a fuzzy match needs --------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["translate", "e", "--to", "fr"],
        ["translate", "ù", "--to", "en"],
        ["show", "ab"],
        ["show", "e"],
        ["links", "ab"],
        ["compare", "en", "fr", "ab"],
    ],
)
def test_a_very_short_term_gets_no_confident_fuzzy_answer(cli, args: list[str]) -> None:
    result = cli("--data-dir", str(K8S), *args)
    assert result.exit_code == 1 and result.stdout == ""
    assert "matches" in result.stderr or "nothing close" in result.stderr


def test_a_short_term_is_still_suggested_and_a_longer_one_found(cli) -> None:
    assert "did you mean node?\n" in cli("--data-dir", str(K8S), "show", "nod").stderr
    assert cli("--data-dir", str(K8S), "show", "kubelt").stdout.startswith("Kubelet  kubelet")
    assert cli("--data-dir", str(K8S), "show", "nodes").stdout.startswith("Node  node")


def test_fuzzy_names_ask_for_shared_characters() -> None:
    names = [("label", "title", "label", "en"), ("approver", "title", "approver", "en"), ("no", "title", "node", "pt")]
    assert lookup.fuzzy_names("ab", names) == []
    assert lookup.fuzzy_names("e", names) == []
    assert lookup.fuzzy_names("nod", names) == []
    assert [slug for slug, _, _ in lookup.fuzzy_names("labl", names)] == ["label"]


def test_a_short_name_inside_a_long_term_is_only_a_suggestion(cli, tmp_path) -> None:
    """``show 'Cross-Origin Resource Sharing'`` must not quietly show the article ``origin``."""
    from conftest import write_article

    root = tmp_path / "g"
    write_article(root, "en", "origin", "---\ntitle: Origin\n---\nWhere content comes from.\n")
    write_article(root, "en", "cors", "---\ntitle: CORS\n---\nCross-Origin Resource Sharing.\n")
    result = cli("-d", str(root), "show", "Cross-Origin Resource Sharing")
    assert result.exit_code == 1
    assert result.stderr.startswith('glossary: no article matches "Cross-Origin Resource Sharing"; did you mean')
    assert "origin" in result.stderr


@given(st.text(min_size=3, max_size=12), st.integers(min_value=0, max_value=10))
def test_two_neighbouring_letters_swapped_are_told(word: str, at: int) -> None:
    from glossary.search.lookup import swapped

    at = at % (len(word) - 1)
    other = word[:at] + word[at + 1] + word[at] + word[at + 2 :]
    assert swapped(word, other) == (word[at] != word[at + 1])
    assert not swapped(word, word)
    reverse = word[::-1]
    differ = [n for n in range(len(word)) if word[n] != reverse[n]]
    one_swap = len(differ) == 2 and differ[1] == differ[0] + 1  # the reverse is itself one neighbour swap
    assert swapped(word, reverse) == one_swap
