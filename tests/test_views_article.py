"""Article views: renderables checked in a fixed-width, no-colour console; JSON data shapes."""

from __future__ import annotations

import io
import json

import pytest
from rich.console import Console

from glossary.articles import parse_article, read_article
from glossary.corpus import bundled_root
from glossary.views import article as views


def render(renderable, width: int = 80) -> str:
    console = Console(
        file=io.StringIO(),
        width=width,
        color_system=None,
        force_terminal=False,
        emoji=False,
        markup=False,
        highlight=False,
        legacy_windows=False,
    )
    console.print(renderable, crop=False)  # as the command line prints
    return console.file.getvalue()


def bundled(lang: str):
    return read_article(bundled_root() / lang / "client-centric.md", slug="client-centric", lang=lang)


def related_for(article, present: dict[str, list[str]] | None = None):
    present = present or {}
    return [
        views.Related(slug, [link.text for link in article.links if link.target == slug], present.get(slug, []))
        for slug in article.linked_slugs()
    ]


def show(article, width: int = 80, **kwargs) -> str:
    kwargs.setdefault("languages", [article.lang])
    kwargs.setdefault("related", related_for(article))
    return render(views.article_view(article, hyperlinks=False, **kwargs), width)


def test_article_view_of_the_norwegian_seed() -> None:
    article = bundled("no")
    out = show(article, languages=["fi", "no"])
    lines = out.splitlines()
    assert lines[0] == "Klientsentrert  client-centric · no · also in fi"
    for number, heading in enumerate(
        [
            "Hva er klientsentrisk?",
            "Forstå klientsentrisk",
            "Fordelene med en klientsentrert tilnærming",
            "Høydepunkter",
        ],
        1,
    ):
        assert f"{number}. {heading}" in lines
    assert "](/" not in out and "[kunden]" not in out
    assert "Kundesentrerte virksomheter sikrer at" in out


def test_all_three_norwegian_highlights_are_list_items() -> None:
    out = show(bundled("no"), width=200)
    bullets = [line.strip() for line in out.splitlines() if line.strip().startswith("•")]
    assert bullets == [
        "• En klientsentrisk tilnærming teoretiserer at å betjene kundens behov skaper lojale kunder.",
        "• Å opprettholde en eksisterende kundebase er rimeligere enn å skaffe nye kunder, "
        "som vanligvis er mindre lojale.",
        "• Å ha en klientsentrisk tilnærming betyr å legge stor vekt på å tilfredsstille kundens behov.",
    ]
    assert "– " not in out


def test_finnish_unmarked_highlight_is_a_list_item() -> None:
    out = show(bundled("fi"), width=200)
    bullets = [line.strip() for line in out.splitlines() if line.strip().startswith("•")]
    assert len(bullets) == 3
    assert bullets[1].startswith("• asiakaskunnan ylläpitäminen on halvempaa")


def test_related_line_names_each_linked_concept() -> None:
    article = bundled("fi")
    out = show(article, width=300, related=related_for(article, {"customer": ["en", "fi"]}))
    related = [line for line in out.splitlines() if line.startswith("Related: ")]
    assert len(related) == 1
    line = related[0]
    for slug in ("customer", "market-orientation", "onestopshop", "promotion-expense", "client-base"):
        assert slug in line
    assert "asiakas, ideoiden → customer (en, fi)" in line
    assert "keskiössä → market-orientation (not in this glossary)" in line
    assert line.count("not in this glossary") == 4


def test_no_related_line_without_links() -> None:
    article = parse_article("# Plain\n\nNo links.\n", slug="plain", lang="en")
    assert "Related" not in show(article)


def test_one_section_only() -> None:
    article = bundled("fi")
    out = show(article, section=article.sections[2])
    assert out.startswith("Asiakaskeskeinen  client-centric · fi\n")
    assert "3. Asiakaskeskeisen lähestymistavan edut" in out
    assert "Kohokohdat" not in out and "Asiakaskeskeisyys, joka tunnetaan" not in out
    assert "Related" not in out


def test_description_is_not_repeated_when_the_lead_starts_with_it(k8s) -> None:
    article = read_article(k8s / "en" / "node.md", slug="node", lang="en")
    out = show(article)
    assert out.count("A node is a worker machine in Kubernetes.") == 1


@pytest.mark.parametrize("width", [60, 100, 160])
def test_lines_fit_the_width_and_long_words_fold(width: int) -> None:
    word = "x" * 5000
    text = (
        f"---\ntitle: Long {'y' * 300}\n---\nLead {word} end.\n\n## {'z' * 400}\n\n- item {word}\n\n"
        f"| a | b |\n|---|---|\n| {word} | c |\n\n```\n{word}\n```\n\n> {word}\n"
    )
    article = parse_article(text, slug="long", lang="en")
    out = show(article, width=width)
    assert max(len(line) for line in out.splitlines()) <= width
    assert out.count("x") == 5 * 5000  # folded, never cut
    assert out.count("z") == 400
    assert "…" not in out


def test_markup_lookalikes_are_shown_as_written() -> None:
    text = (
        '---\ntitle: "[bold red]T[/]"\ndescription: ":thumbs_up: [link=http://x]y[/link]"\n---\n'
        "Lead [bold red]x[/] and [/customer] and :thumbs_up:.\n\n## H [i]i[/i]\n\n- item [b]b[/b]\n"
    )
    article = parse_article(text, slug="t", lang="en")
    out = show(article)
    assert out.startswith("[bold red]T[/]  t · en")
    assert ":thumbs_up: [link=http://x]y[/link]" in out
    assert "Lead [bold red]x[/] and [/customer] and :thumbs_up:." in out
    assert "1. H [i]i[/i]" in out
    assert "item [b]b[/b]" in out
    assert "👍" not in out


def test_external_links_keep_their_url_when_not_hyperlinked() -> None:
    article = parse_article("See [the site](https://example.com/page).\n", slug="t", lang="en")
    assert "the site (https://example.com/page)" in show(article)


def test_toc_view() -> None:
    out = render(views.toc_view(bundled("no")))
    lines = out.splitlines()
    assert lines[0].startswith("Klientsentrert  client-centric · no")
    assert [line.split(None, 1) for line in lines[1:]] == [
        ["1", "Hva er klientsentrisk?"],
        ["2", "Forstå klientsentrisk"],
        ["3", "Fordelene med en klientsentrert tilnærming"],
        ["4", "Høydepunkter"],
    ]


def test_toc_view_without_sections() -> None:
    article = parse_article("Just a lead.\n", slug="t", lang="en")
    assert "No sections." in render(views.toc_view(article))


def test_article_data_shape() -> None:
    article = bundled("fi")
    related = related_for(article)
    data = views.article_data(article, languages=["fi", "no"], related=related)
    required = {
        "slug",
        "lang",
        "title",
        "description",
        "keywords",
        "sections",
        "lead",
        "links",
        "path",
        "languages",
        "metadata",
    }
    assert required <= set(data)
    assert data["slug"] == "client-centric" and data["lang"] == "fi"
    assert data["languages"] == ["fi", "no"]
    assert data["sections"][2] == {
        "number": 3,
        "heading": "Asiakaskeskeisen lähestymistavan edut",
        "text": article.sections[2].text,
    }
    assert data["links"][0] == {"text": "asiakas", "target": "customer", "line": 10}
    assert data["metadata"]["keywords"] == "Business,Business Essentials"
    json.dumps(data)  # plain data only


def test_concepts_view() -> None:
    rows = [("client-centric", [("fi", "Asiakaskeskeinen"), ("no", "Klientsentrert")]), ("x", [("fi", "[b]X[/b]")])]
    out = render(views.concepts_view(rows, one_language=False), 200)
    assert out.splitlines() == ["client-centric  fi Asiakaskeskeinen · no Klientsentrert", "x  fi [b]X[/b]"]
    out = render(views.concepts_view([("client-centric", [("no", "Klientsentrert")])], one_language=True))
    assert out.splitlines() == ["client-centric  Klientsentrert"]


def test_languages_view_keeps_long_paths_whole() -> None:
    long_root = "/very/" + "long" * 40 + "/glossary/fi"
    rows = [("fi", 12, [("--data-dir", long_root)]), ("no", 3, [("bundled", "/x/no")])]
    out = render(views.languages_view(rows), 60)
    lines = out.splitlines()
    assert f"  {long_root}" in lines and lines[lines.index(f"  {long_root}") - 1].split() == ["fi", "12", "--data-dir"]
    assert all(len(line) <= 60 for line in lines if line != f"  {long_root}")
    assert "/x/no" not in out  # the bundled folder is named, not shown


def test_whole_words_keeps_a_slug_whole_in_its_colour_and_folds_other_words() -> None:
    from rich.console import Console

    from glossary.views import title_line, whole_words

    console = Console(file=io.StringIO(), width=20, color_system="standard", force_terminal=True)
    console.print(whole_words(title_line("Title " + "y" * 30, "a/very/long/slug/name/here", "en")), crop=False)
    out = console.file.getvalue()
    assert "\x1b[36ma/very/long/slug/name/here\x1b[0m\n" in out  # whole, on a line of its own, cyan
    assert "y" * 20 + "\x1b[0m\n" in out and "y" * 21 not in out  # a word of the title folds


def test_a_cjk_description_spaced_unlike_the_lead_is_not_repeated(k8s) -> None:
    """The Japanese Pod's description has spaces around Kubernetes and the lead has none: in writing
    without spaces between words, that is the same text."""
    article = read_article(k8s / "ja" / "pod.md", slug="pod", lang="ja")
    assert " Kubernetes " in article.description and "なKubernetesの" in article.lead
    out = show(article, width=400)
    assert out.count("一番小さく一番シンプル") == 1
