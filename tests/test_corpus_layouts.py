"""Glossaries laid out as real sites lay them out: {lang} deeper in the path, page bundles, the
language in the file name, and glossary.toml saying which."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from glossary.corpus import EmptyRoot, load_corpus
from glossary.index import open_index
from glossary.search.engine import search


def article(title: str, body: str = "Some text.") -> str:
    return f"---\ntitle: {title}\n---\n{body}\n"


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def hugo_site(tmp_path: Path) -> Path:
    """website/content/<lang>/docs/reference/glossary/<slug>.md, as the Kubernetes website keeps it."""
    base = tmp_path / "website" / "content"
    for lang, title in (("en", "Pod"), ("ja", "ポッド"), ("zh-cn", "节点（Node）")):
        write(base / lang / "docs" / "reference" / "glossary" / "pod.md", article(title))
        write(base / lang / "docs" / "reference" / "glossary" / "_index.md", article("Glossary"))
        write(base / lang / "docs" / "reference" / "glossary" / "index.md", article("Glossary"))
    write(base / "en" / "docs" / "concepts" / "other.md", article("Not a term"))
    return tmp_path / "website"


def test_lang_in_the_path_says_where_the_language_folders_are(hugo_site: Path) -> None:
    corpus = load_corpus([str(hugo_site / "content" / "{lang}" / "docs" / "reference" / "glossary")], environ={})
    assert sorted(corpus.languages) == ["en", "ja", "zh-cn"]
    assert sorted((key, slug) for key, slug in corpus.refs()) == [("en", "pod"), ("ja", "pod"), ("zh-cn", "pod")]
    assert [ref.key for ref in corpus.find("pod")] == ["en", "ja", "zh-cn"]
    assert corpus.find("_index") == [] and corpus.find("index") == []


def test_a_config_layout_reads_the_same_site(hugo_site: Path) -> None:
    write(hugo_site / "content" / "glossary.toml", 'layout = "{lang}/docs/reference/glossary/{slug}.md"\n')
    corpus = load_corpus([hugo_site / "content"], environ={})
    assert sorted(corpus.refs()) == [("en", "pod"), ("ja", "pod"), ("zh-cn", "pod")]


def test_page_bundles_with_nested_slugs(tmp_path: Path, monkeypatch) -> None:
    """files/<lang>/glossary/<a>/<b>/index.md, as MDN keeps it: the slug is engine/rendering, and
    engine-rendering, as such slugs were once written, still finds it."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    files = tmp_path / "files"
    write(files / "en-us" / "glossary" / "cors" / "index.md", article("CORS", "Cross-origin sharing."))
    write(files / "en-us" / "glossary" / "engine" / "rendering" / "index.md", article("Rendering engine"))
    write(files / "en-us" / "glossary" / "engine" / "index.md", article("Engine"))
    write(files / "de" / "glossary" / "cors" / "index.md", article("CORS", "Ressourcen teilen."))
    corpus = load_corpus([str(files / "{lang}" / "glossary")], environ={})
    assert sorted(corpus.refs()) == [
        ("de", "cors"),
        ("en-us", "cors"),
        ("en-us", "engine"),
        ("en-us", "engine/rendering"),
    ]
    for typed in ("engine-rendering", "engine/rendering"):
        found = corpus.find(typed)
        assert [ref.path.relative_to(files).as_posix() for ref in found] == ["en-us/glossary/engine/rendering/index.md"]
        assert [ref.slug for ref in found] == ["engine/rendering"]
    index = open_index(corpus)
    assert {entry.slug for entry in index.entries("en-us")} == {"cors", "engine", "engine/rendering"}
    assert [hit.slug for hit in search(index, "Ressourcen")] == ["cors"]
    write(files / "en-us" / "glossary" / "engine" / "rendering" / "index.md", article("Rendering engine", "Paints."))
    index = open_index(load_corpus([str(files / "{lang}" / "glossary")], environ={}))
    assert [hit.slug for hit in search(index, "paints")] == ["engine/rendering"]


def test_the_language_in_the_file_name(tmp_path: Path, monkeypatch) -> None:
    """pod.md, pod.ja.md, pod.fr.md in one folder (Hugo, mkdocs-static-i18n): pod.md is the source's."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    folder = tmp_path / "glossary"
    write(folder / "pod.md", article("Pod", "The smallest unit."))
    write(folder / "pod.ja.md", article("ポッド", "最小の単位。"))
    write(folder / "node.fr.md", article("Nœud", "Une machine."))
    corpus = load_corpus([folder], environ={})
    assert sorted(corpus.languages) == ["en", "fr", "ja"]
    assert sorted(corpus.refs()) == [("en", "pod"), ("fr", "node"), ("ja", "pod")]
    assert [ref.key for ref in corpus.find("pod")] == ["en", "ja"]
    index = open_index(corpus)
    assert [hit.slug for hit in search(index, "machine")] == ["node"]
    write(folder / "node.fr.md", article("Nœud", "Un ordinateur."))
    index = open_index(load_corpus([folder], environ={}))
    assert [hit.slug for hit in search(index, "ordinateur")] == ["node"]
    assert index.parsed == 1


def test_files_without_a_language_belong_to_the_configured_source(tmp_path: Path) -> None:
    folder = tmp_path / "glossary"
    write(folder / "glossary.toml", 'layout = "{slug}.{lang}.md"\nsource = "de"\n')
    write(folder / "pod.md", article("Pod"))
    write(folder / "pod.ja.md", article("ポッド"))
    assert sorted(load_corpus([folder], environ={}).refs()) == [("de", "pod"), ("ja", "pod")]


def test_exclude_leaves_out_slugs(tmp_path: Path) -> None:
    root = tmp_path / "g"
    write(root / "glossary.toml", 'exclude = ["draft-*"]\n')
    write(root / "en" / "pod.md", article("Pod"))
    write(root / "en" / "draft-node.md", article("Node"))
    corpus = load_corpus([root], environ={})
    assert sorted(corpus.refs()) == [("en", "pod")]
    assert corpus.find("draft-node") == []


def test_a_folder_with_no_glossary_says_what_it_found(tmp_path: Path) -> None:
    write(tmp_path / "en" / "pod.md", article("Pod"))
    with pytest.raises(EmptyRoot, match="is it a language folder"):
        _ = load_corpus([tmp_path / "en"], environ={}).folders


def test_the_cli_reads_a_site_as_it_is(cli, hugo_site: Path) -> None:
    root = str(hugo_site / "content" / "{lang}" / "docs" / "reference" / "glossary")
    shown = cli("-d", root, "show", "pod", "--lang", "ja")
    assert shown.exit_code == 0 and "ポッド" in shown.stdout
    listed = cli("-d", root, "list", "--json")
    assert [concept["slug"] for concept in json.loads(listed.stdout)] == ["pod"]


def test_mkdocs_folder_mode(tmp_path: Path) -> None:
    """mkdocs-static-i18n folder mode: docs/<lang>/, nested pages, index.md the home page."""
    docs = tmp_path / "docs"
    for lang, title in (("en", "Setup"), ("fr", "Installation")):
        write(docs / lang / "index.md", article("Home"))
        write(docs / lang / "guide" / "setup.md", article(title))
    write(docs / "en" / "guide" / "index.md", article("Guide"))
    corpus = load_corpus([docs], environ={})
    assert sorted(corpus.refs()) == [("en", "guide"), ("en", "guide/setup"), ("fr", "guide/setup")]


def test_mkdocs_suffix_mode(tmp_path: Path) -> None:
    """mkdocs-static-i18n suffix mode: docs/page.<lang>.md beside docs/page.md, nested folders too."""
    docs = tmp_path / "docs"
    write(docs / "index.md", article("Home"))
    write(docs / "index.fr.md", article("Accueil"))
    write(docs / "guide" / "setup.md", article("Setup"))
    write(docs / "guide" / "setup.fr.md", article("Installation"))
    write(docs / "guide" / "only.md", article("Only English"))
    corpus = load_corpus([docs], environ={})
    assert sorted(corpus.refs()) == [("en", "guide/only"), ("en", "guide/setup"), ("fr", "guide/setup")]
    assert [ref.path.name for ref in corpus.find("guide/setup")] == ["setup.md", "setup.fr.md"]
