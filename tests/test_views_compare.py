"""views/compare.py: the comparison of two languages keeps slugs whole at any width."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from conftest import K8S, write_article
from glossary.compare import compare_index
from glossary.corpus import load_corpus
from glossary.index import open_index
from glossary.views.compare import _fit_widths, language_comparison_view

LONG = ("cloud-controller-manager", "container-runtime-interface", "horizontal-pod-autoscaler")


@pytest.fixture(params=["k8s", "long slugs"])
def en_ja(request: pytest.FixtureRequest, glossary_dir):
    """Kubernetes in English and Japanese, or a glossary whose slugs are longer than a third of 60."""
    root = K8S
    if request.param == "long slugs":
        root = glossary_dir
        for slug in LONG:
            write_article(
                root, "en", slug, f"---\ntitle: {slug.replace('-', ' ').title()} of some length\n---\nText.\n"
            )
            write_article(root, "ja", slug, "---\ntitle: クラウドコントローラーマネージャー\n---\n本文。\n")
        write_article(root, "en", "pod", "---\ntitle: Pod\n---\nText.\n")
    index = open_index(load_corpus([root]))
    return compare_index(index, "en", "ja", "en", "ja")


def slugs_in(lines: list[str], slugs: set[str]) -> set[str]:
    """The slugs that begin some line, whole (the first column)."""
    return {line.split(" ", 1)[0] for line in lines if line and not line.startswith(" ")} & slugs


@pytest.mark.parametrize("width", [40, 60, 100, 160])
def test_piped_comparison_never_splits_a_slug(en_ja, width: int) -> None:
    slugs = {row.slug for row in en_ja.rows}
    lines = language_comparison_view(en_ja).plain(width).splitlines()
    assert slugs_in(lines, slugs) == slugs
    # Every line of the table starting in the first column starts with a whole slug.
    for line in lines[1 : lines.index("")]:
        assert line.startswith(" ") or line.split(" ", 1)[0] in slugs, line


@pytest.mark.parametrize("width", [40, 60, 160])
def test_comparison_on_a_terminal_keeps_slugs_whole(en_ja, width: int) -> None:
    console = Console(file=io.StringIO(), width=width, color_system="standard", force_terminal=True)
    with console.capture() as capture:
        console.print(language_comparison_view(en_ja))
    from rich.text import Text

    lines = [Text.from_ansi(line).plain for line in capture.get().splitlines()]
    slugs = {row.slug for row in en_ja.rows}
    assert slugs_in(lines, slugs) == slugs


def test_a_long_slug_takes_a_line_of_its_own(en_ja) -> None:
    lines = language_comparison_view(en_ja).plain(60).splitlines()
    for slug in LONG if "cloud-controller-manager" in {row.slug for row in en_ja.rows} else ():
        at = lines.index(slug)
        assert lines[at + 1].startswith(" ") and lines[at + 1].rstrip().endswith("both")
        assert lines[at + 1].lstrip().startswith("Cloud" if slug.startswith("cloud") else ("Container", "Horizontal"))
    assert all(len(line) <= 60 for line in lines if line.split(" ", 1)[0] not in LONG)


def test_the_first_column_gives_way_only_to_its_floor() -> None:
    assert _fit_widths([30, 40, 40, 6], 60, first=18) == [18, 18, 18, 6]
    assert _fit_widths([10, 40, 40, 6], 60, first=18) == [10, 22, 22, 6]
    assert sum(_fit_widths([30, 40, 40, 6], 200, first=18)) == 116
