"""A Hugo site with nested folders, built from the Kubernetes glossary (tests/data/k8s-glossary): slugs keep their path,
``_index.md`` is its folder's page, partials, templates and pages that are not content are no
articles, and every command takes a nested slug, its last part, its file path and its old
``-``-joined form."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import DATA
from glossary.corpus import load_corpus

K8S_GLOSSARY = DATA / "k8s-glossary"
LANGS = ("en", "ko", "zh-cn")
# Where some of the glossary's terms are put, as a site keeps concept pages in nested sections.
NESTED = {
    "pod": "docs/concepts/workloads/pods/pod",
    "node": "docs/concepts/architecture/node",
    "container": "docs/concepts/containers/container",
}


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def hugo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """website/content/<lang>/docs/...: the glossary under docs/reference/glossary/, three terms as
    concept pages deeper in docs/concepts/, section pages, a template, partials and Hugo's
    machinery pages (a search page, a headless bundle, a page never rendered)."""
    site = tmp_path_factory.mktemp("site") / "website"
    content = site / "content"
    for lang in LANGS:
        base = content / lang
        for source in sorted((K8S_GLOSSARY / lang).glob("*.md")):
            slug = source.stem
            target = NESTED.get(slug, f"docs/reference/glossary/{slug}")
            (base / target).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, base / f"{target}.md")
        write(base / "_index.md", "---\ntitle: Kubernetes\n---\nHome.\n")
        write(base / "docs" / "concepts" / "_index.md", "---\ntitle: Concepts\n---\nThe concepts.\n")
        write(base / "docs" / "reference" / "glossary" / "_TEMPLATE.md", "---\ntitle: TERM\n---\n")
        write(base / "docs" / "_includes" / "note.md", "---\ntitle: Included\n---\nA partial.\n")
        write(base / "search.md", "---\ntitle: Search\nlayout: search\n---\n")
        write(base / "docs" / "reference" / "glossary" / "index.md", "---\ntitle: Glossary\nheadless: true\n---\n")
        write(base / "docs" / "hidden.md", "---\ntitle: Hidden\n_build:\n  render: never\n  list: never\n---\n")
    write(content / "en" / "docs" / "tasks" / "node.md", "---\ntitle: Working with nodes\n---\nTasks on nodes.\n")
    write(site / "hugo.toml", 'baseURL = "https://example.org/"\n')
    return site


def glossary_files(lang: str) -> int:
    return len(list((K8S_GLOSSARY / lang).glob("*.md")))


def test_every_page_of_a_nested_site_is_read_with_its_path(hugo: Path) -> None:
    corpus = load_corpus([hugo / "content"], environ={})
    refs = corpus.refs()
    en = {slug for key, slug in refs if key == "en"}
    assert len(en) == glossary_files("en") + 2  # the section page docs/concepts and docs/tasks/node
    assert {"docs/concepts/workloads/pods/pod", "docs/concepts", "docs/reference/glossary/kubelet"} <= en
    assert not {slug for slug in en if "_" in slug.rsplit("/", 1)[-1][:1] or slug.endswith(("search", "hidden"))}
    assert "docs/reference/glossary" not in en  # a headless bundle
    ko = {slug for key, slug in refs if key == "ko"}
    assert len(ko) == glossary_files("ko") + 1


def test_without_a_hugo_config_an_index_page_at_the_top_says_it_is_hugo(hugo: Path, tmp_path: Path) -> None:
    """Front matter is looked at in a Hugo site's folders only: found by its config above the root,
    else by the _index.md at the top of a language folder."""
    copy = tmp_path / "website"
    shutil.copytree(hugo, copy)
    (copy / "hugo.toml").unlink()
    assert "search" not in {slug for _, slug in load_corpus([copy / "content"], environ={}).refs()}
    for lang in LANGS:
        (copy / "content" / lang / "_index.md").unlink()
    assert "search" in {slug for _, slug in load_corpus([copy / "content"], environ={}).refs()}


def test_lang_deeper_in_the_path_sees_every_nested_page(hugo: Path) -> None:
    """-d 'content/{lang}/docs' on a Hugo site once saw the one page directly in docs/."""
    corpus = load_corpus([str(hugo / "content" / "{lang}" / "docs")], environ={})
    en = {slug for key, slug in corpus.refs() if key == "en"}
    assert len(en) == glossary_files("en") + 2
    assert "concepts/workloads/pods/pod" in en and "concepts" in en


def test_a_section_page_and_a_page_are_found_by_slug(hugo: Path) -> None:
    corpus = load_corpus([hugo / "content"], environ={})
    assert [ref.path.name for ref in corpus.find("docs/concepts")] == ["_index.md"] * 3
    assert corpus.find("docs/concepts/_index") == corpus.find("docs/concepts")
    assert corpus.find("search") == [] and corpus.find("docs/hidden") == []
    assert corpus.find("docs/reference/glossary/_TEMPLATE") == []
    assert corpus.find("docs/_includes/note") == []


@pytest.mark.parametrize(
    "typed",
    [
        "docs/concepts/workloads/pods/pod",
        "pod",  # the last part, when no other page ends so
        "docs-concepts-workloads-pods-pod",  # the -joined form nested slugs once had
        "docs/concepts/workloads/pods/pod.md",  # its path below the language folder
    ],
)
def test_show_finds_a_nested_page(cli, hugo: Path, typed: str) -> None:
    result = cli("-d", str(hugo / "content"), "show", typed, "--lang", "en", "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["slug"] == "docs/concepts/workloads/pods/pod"
    assert data["title"] == "Pod"


def test_show_by_the_path_of_a_file_shows_that_language(cli, hugo: Path) -> None:
    path = hugo / "content" / "ko" / "docs" / "concepts" / "workloads" / "pods" / "pod.md"
    result = cli("-d", str(hugo / "content"), "show", str(path), "--json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["lang"] == "ko"


def test_a_last_part_two_pages_share_is_ambiguous(cli, hugo: Path) -> None:
    result = cli("-d", str(hugo / "content"), "show", "node")
    assert result.exit_code == 1
    assert "docs/concepts/architecture/node" in result.stderr and "docs/tasks/node" in result.stderr


def test_search_list_and_completion_show_the_whole_slug(cli, hugo: Path) -> None:
    root = str(hugo / "content")
    hits = json.loads(cli("-d", root, "search", "smallest deployable", "--json").stdout)
    assert hits and hits[0]["slug"] == "docs/concepts/workloads/pods/pod"
    listed = cli("-d", root, "list", "--lang", "en").stdout
    assert "docs/concepts/workloads/pods/pod" in listed and "docs/reference/glossary/kubelet" in listed
    from glossary.cli.completion import complete_term

    class Root:
        params = {"data_dir": [root]}

    class Context:
        def find_root(self):
            return Root()

    assert complete_term(Context(), "docs/concepts/w") == ["docs/concepts/workloads/pods/pod"]  # type: ignore[arg-type]


def test_compare_check_and_export_take_nested_slugs(cli, hugo: Path, tmp_path: Path) -> None:
    root = str(hugo / "content")
    compared = json.loads(cli("-d", root, "compare", "en", "ko", "docs-concepts-architecture-node", "--json").stdout)
    assert compared["slug"] == "docs/concepts/architecture/node"
    summary = json.loads(cli("-d", root, "compare", "en", "ko", "--json").stdout)
    slugs = {concept["slug"] for concept in summary["concepts"]}
    assert "docs/concepts/containers/container" in slugs and "docs/tasks/node" in slugs
    checked = json.loads(cli("-d", root, "check", "--json").stdout)
    assert "docs/concepts/workloads/pods/pod" in checked["coverage"]
    assert not any("_TEMPLATE" in (problem["path"] or "") for problem in checked["problems"])
    out = tmp_path / "export.csv"
    exported = cli("-d", root, "export", "--format", "csv", "--output", str(out))
    assert exported.exit_code == 0, exported.stderr
    assert "docs/concepts/workloads/pods/pod," in out.read_text(encoding="utf-8")


def test_a_link_to_a_nested_page_by_its_joined_name_is_not_broken(cli, tmp_path: Path) -> None:
    """MDN writes {{Glossary("Engine/Rendering")}}: read as engine-rendering, it leads to the page
    engine/rendering."""
    files = tmp_path / "files"
    write(files / "en-us" / "engine" / "rendering" / "index.md", "---\ntitle: Rendering engine\n---\nPaints.\n")
    linking = '---\ntitle: Browser\n---\nHas a {{Glossary("Engine/Rendering")}}.\n'
    write(files / "en-us" / "browser" / "index.md", linking)
    checked = json.loads(cli("-d", str(files), "check", "--json").stdout)
    assert not [problem for problem in checked["problems"] if problem["kind"] == "broken-link"]
    links = json.loads(cli("-d", str(files), "links", "engine-rendering", "--json").stdout)
    assert [backlink["slug"] for backlink in links["backlinks"]] == ["browser"]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=st.sampled_from("docs/-_.concept\\ \x00é"), max_size=60))
def test_any_typed_slug_is_looked_up_without_error(hugo: Path, typed: str) -> None:
    corpus = load_corpus([hugo / "content"], environ={})
    for ref in corpus.find(typed):
        assert ref.path.is_file() and ref.slug in {slug for _, slug in corpus.refs()}
