"""views/terms.py: the links and check views on a terminal, and the piped check text."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from rich.cells import cell_len
from rich.console import Console

from conftest import K8S, write_article


def test_terminal_styles_stay_where_they_belong() -> None:
    """Line numbers are dim, the message after them is not; slugs are coloured, words around them not."""
    from rich.console import Console

    from glossary import terms
    from glossary.corpus import load_corpus
    from glossary.index import open_index
    from glossary.views import terms as views

    index = open_index(load_corpus())
    console = Console(
        force_terminal=True, color_system="standard", width=200, highlight=False, emoji=False, markup=False
    )
    with console.capture() as capture:
        console.print(views.check_view(terms.check(index)))
    out = capture.get()
    assert '\x1b[2mline 10  \x1b[0mlink "asiakas" to customer' in out
    assert "\x1b[1;36mBroken links (14)\x1b[0m" in out
    with console.capture() as capture:
        console.print(views.links_view(terms.concept_links(index, "customer")))
    out = capture.get()
    assert out.startswith("\x1b[36mcustomer\x1b[0m\x1b[2m · \x1b[0m\x1b[33mno article in this glossary\x1b[0m")


@pytest.mark.parametrize("width", [12, 24, 40, 60, 100, 160])
def test_piped_check_text_is_what_rich_draws(broken: Path, width: int) -> None:
    """The same text as Rich draws it (uncropped, as the command line prints): a path or word
    longer than a line is kept whole, and wrapped lines hang."""
    from glossary import terms
    from glossary.corpus import load_corpus
    from glossary.index import open_index
    from glossary.views.terms import check_plain, check_view, shown_path

    write_article(
        broken,
        "fi",
        "gamma",
        "---\ntitle: Gamma \x1b[31mred\x1b[0m\n---\n"
        "Katso [日本語のとても長いリンクテキスト](/nowhere-at-all-and-further).\n",
    )
    for roots in ([broken], [K8S]):
        report = terms.check(open_index(load_corpus(roots)))
        console = Console(file=io.StringIO(), width=width, color_system=None)
        with console.capture() as capture:
            console.print(check_view(report), crop=False)
        drawn = capture.get()
        piped = check_plain(report, console)
        assert piped == "\n".join(line.rstrip() for line in drawn.split("\n"))
        for problem in report.problems:
            if problem.path:
                assert f"\n  {shown_path(problem.path)}\n" in piped
        for line in piped.splitlines():
            assert cell_len(line) <= width or " " not in line.strip(), line


def test_piped_check_wraps_with_a_hanging_indent(broken: Path) -> None:
    from glossary import terms
    from glossary.corpus import load_corpus
    from glossary.index import open_index
    from glossary.views.terms import check_plain

    report = terms.check(open_index(load_corpus([broken])))
    console = Console(file=io.StringIO(), width=40, color_system=None)
    lines = check_plain(report, console).splitlines()
    at = next(number for number, line in enumerate(lines) if line.startswith("    line "))
    assert lines[at + 1].startswith("      ") and not lines[at + 1].startswith("       ")
