"""Docusaurus sites read as they are laid out (tests/data/helm-docs-site, a few pages of the Helm
docs): source in docs/ and versioned_docs/, translations in i18n/<lang>/, versions, the source
language from the config, other plugins left out, and glossary.toml saying it all instead."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import DATA
from glossary.corpus import load_corpus
from glossary.errors import UsageError

HELM = DATA / "helm-docs-site"


@pytest.fixture
def helm(tmp_path: Path) -> Path:
    target = tmp_path / "helm-docs"
    shutil.copytree(HELM, target)
    return target


def keys(corpus) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for key, slug in sorted(corpus.refs()):
        found.setdefault(key, []).append(slug)
    return found


def test_a_docusaurus_site_is_found_from_its_folders(helm: Path) -> None:
    corpus = load_corpus([helm], environ={})
    assert corpus.versions == ["current", "3", "2"]
    assert corpus.source == "en"
    # Each language from the current docs, else the newest version that has it.
    assert {folder.key: folder.version for folder in corpus.folders} == {"en": "current", "ko": "current", "ja": "3"}
    assert keys(corpus) == {
        "en": ["chart_best_practices/conventions", "chart_template_guide", "index", "overview", "plugins/user"],
        "ja": ["chart_best_practices/conventions", "chart_template_guide", "index"],
        "ko": ["index", "overview"],
    }


def test_a_corpus_for_one_version(helm: Path) -> None:
    corpus = load_corpus([helm], environ={})
    three = corpus.for_version("3")
    assert keys(three) == {
        "en": ["chart_best_practices/conventions", "chart_template_guide", "index"],  # sdk/_install is a partial
        "ja": ["chart_best_practices/conventions", "chart_template_guide", "index"],
        "ko": ["chart_best_practices/conventions", "index"],
    }
    ref = three.refs()[("ko", "chart_best_practices/conventions")]
    assert ref.path == helm / "i18n/ko/docusaurus-plugin-content-docs/version-3/chart_best_practices/conventions.md"
    assert keys(corpus.for_version("2")) == {"en": ["glossary", "index"]}
    assert keys(corpus.for_version("current")) == {"en": keys(corpus)["en"], "ko": keys(corpus)["ko"]}
    with pytest.raises(UsageError, match='no docs version "9"; versions: current, 3, 2'):
        corpus.for_version("9")


def test_other_plugins_are_left_out(helm: Path) -> None:
    corpus = load_corpus([helm], environ={})
    for version in corpus.versions:
        paths = [str(ref.path) for ref in corpus.for_version(version).refs().values()]
        assert not [path for path in paths if "community" in path or "blog" in path]


def test_the_source_language_is_the_configs_default_locale(helm: Path) -> None:
    config = helm / "docusaurus.config.js"
    config.write_text(config.read_text(encoding="utf-8").replace('defaultLocale: "en"', 'defaultLocale: "ko"'))
    corpus = load_corpus([helm], environ={})
    assert corpus.source == "ko"
    # docs/ holds the source language's pages; i18n/ko is not read as a translation of itself.
    assert {folder.key for folder in corpus.folders if folder.path == helm / "docs"} == {"ko"}


def test_sidebar_label_is_a_synonym_and_the_title_when_there_is_no_other(helm: Path) -> None:
    corpus = load_corpus([helm], environ={}).for_version("2")
    article = corpus.find("glossary")[0].read()
    assert article.title == "Helm Glossary" and "Glossary" in article.aka  # the # heading, the sidebar's name
    page = helm / "docs" / "labelled.md"
    page.write_text("---\nsidebar_label: Only a label\n---\nText.\n", encoding="utf-8")
    assert load_corpus([helm], environ={}).find("labelled")[0].read().title == "Only a label"


def test_glossary_toml_says_the_versions(helm: Path) -> None:
    (helm / "glossary.toml").write_text(
        "[[versions]]\n"
        'name = "community"\n'
        'source = "docs"\n'
        'translations = "i18n/{lang}/docusaurus-plugin-content-docs-community/current"\n',
        encoding="utf-8",
    )
    corpus = load_corpus([helm], environ={})
    assert corpus.versions == ["community"]
    assert keys(corpus)["ko"] == ["related"]


def test_show_and_search_read_the_newest_version_of_each_language(cli, helm: Path) -> None:
    shown = json.loads(cli("-d", str(helm), "show", "chart_best_practices/conventions", "--json").stdout)
    assert shown["lang"] == "en" and sorted(shown["languages"]) == ["en", "ja"]
    # ko has current docs, which lack the page; version 3 has it.
    missing = cli("-d", str(helm), "show", "chart_best_practices/conventions", "--lang", "ko")
    assert missing.exit_code == 2
    assert "it is in en, ja; version 3 has it in ko (glossary --docs-version 3)" in missing.stderr
    three = cli("-d", str(helm), "--docs-version", "3", "show", "conventions", "--lang", "ko", "--json")
    assert three.exit_code == 0, three.stderr
    assert json.loads(three.stdout)["path"].endswith("version-3/chart_best_practices/conventions.md")
    bad = cli("-d", str(helm), "--docs-version", "9", "show", "index")
    assert bad.exit_code == 2 and bad.stderr.startswith('glossary: no docs version "9"')


def test_langs_verbose_says_how_each_root_was_read(cli, helm: Path) -> None:
    text = cli("-d", str(helm), "langs", "--verbose").stdout
    assert "docusaurus (found from the folders of a Docusaurus site)" in text
    assert "current: en ko; 3: en ja ko; 2: en" in text
    assert "en (i18n.defaultLocale in docusaurus.config.js)" in text
    assert "l10n.sourceCommit, default_lang_commit" in text
    data = json.loads(cli("-d", str(helm), "langs", "--verbose", "--json").stdout)
    assert [lang["lang"] for lang in data["languages"]] == ["en", "ja", "ko"]
    (root,) = data["roots"]
    assert root["layout"] == "docusaurus" and root["source"] == "en"
    assert root["versions"][1] == {"name": "3", "langs": ["en", "ja", "ko"]}
    assert root["marker_keys"] == ["l10n.sourceCommit", "default_lang_commit"]


def test_langs_verbose_on_a_root_with_no_article_says_what_it_expected(cli, tmp_path: Path) -> None:
    (tmp_path / "g" / "notes").mkdir(parents=True)
    result = cli("-d", str(tmp_path / "g"), "langs", "--verbose")
    assert result.exit_code != 0
    assert "expected language folders" in result.stderr
    assert "{lang}/{slug}.md (the default)" in result.stdout


def test_completion_offers_the_slugs_of_the_version_asked_for(helm: Path) -> None:
    from glossary.cli.completion import complete_term

    def context(**params):
        class Root:
            pass

        root = Root()
        root.params = {"data_dir": [str(helm)], **params}  # type: ignore[attr-defined]

        class Context:
            def find_root(self):
                return root

        return Context()

    assert complete_term(context(), "gl") == []  # type: ignore[arg-type]
    assert complete_term(context(docs_version="2"), "gl") == ["glossary"]  # type: ignore[arg-type]
    assert complete_term(context(docs_version="9"), "ov") == ["overview"]  # type: ignore[arg-type]
