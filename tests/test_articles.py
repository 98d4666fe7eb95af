"""articles.py: one file into an Article (front matter, title, lead, sections, links)."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from glossary.articles import Article, UnreadableArticle, check_facts, parse_article, parse_bytes, read_article
from glossary.corpus import bundled_root

CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def parse(text: str, slug: str = "term") -> Article:
    return parse_article(text, slug=slug, lang="fi", path=f"fi/{slug}.md")


def bundled(lang: str) -> Article:
    return read_article(bundled_root() / lang / "client-centric.md", slug="client-centric", lang=lang)


# --- the bundled data -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "digest"),
    [
        ("fi", "cea09c3896c572b0cf7f3a84cdfd8ff04a8f89dcfcf7efe126a789af801bfcc4"),
        ("no", "2c83190b2a130da06cbbfed3212e5e3b692a8cd4f23e5773d32a553e365885ab"),
    ],
)
def test_bundled_articles_are_the_seeds_byte_for_byte(lang: str, digest: str) -> None:
    path = bundled_root() / lang / "client-centric.md"
    assert hashlib.sha256(path.read_bytes()).hexdigest() == digest


def test_bundled_root_holds_only_the_two_articles() -> None:
    found = sorted(p.relative_to(bundled_root()).as_posix() for p in bundled_root().rglob("*.md"))
    assert found == ["fi/client-centric.md", "no/client-centric.md"]


def test_bundled_finnish_article() -> None:
    article = bundled("fi")
    assert article.title == "Asiakaskeskeinen"
    assert article.description.startswith("Asiakaskeskeisyys, joka tunnetaan")
    assert article.keywords == ["Business", "Business Essentials"]
    assert [(s.number, s.heading) for s in article.sections] == [
        (1, "Mikä on asiakaslähtöisyys?"),
        (2, "Asiakaslähtöisyyden ymmärtäminen"),
        (3, "Asiakaskeskeisen lähestymistavan edut"),
        (4, "Kohokohdat"),
    ]
    assert article.linked_slugs() == [
        "customer",
        "market-orientation",
        "onestopshop",
        "promotion-expense",
        "client-base",
    ]
    assert article.problems == []


def test_bundled_norwegian_highlights_are_all_list_items() -> None:
    # The seed writes the first bullet as "- " and the other two as "– " (an en dash).
    highlights = bundled("no").sections[-1]
    assert highlights.heading == "Høydepunkter"
    items = [line for line in highlights.text.split("\n") if line.strip()]
    assert len(items) == 3
    assert all(item.startswith("- ") for item in items), items
    expected = (
        "- Å opprettholde en eksisterende kundebase er rimeligere enn å skaffe nye kunder, som vanligvis er mindre"
    )
    assert items[1] == expected + " lojale."


def test_bundled_finnish_unmarked_highlight_is_a_list_item() -> None:
    # The middle highlight has no marker at all (it starts with a link).
    items = [line for line in bundled("fi").sections[-1].text.split("\n") if line.strip()]
    assert len(items) == 3
    assert all(item.startswith("- ") for item in items), items
    assert items[1].startswith("- asiakaskunnan ylläpitäminen")


def test_bundled_article_links_read_as_their_words() -> None:
    article = bundled("no")
    assert "](/" not in article.text
    assert "[Kundesentrerte]" not in article.text
    assert "Kundesentrerte virksomheter sikrer at kunden er i sentrum" in article.text
    first = article.links[0]
    assert (first.text, first.target, first.line) == ("Kundesentrerte", "customer", 10)


# --- front matter ---------------------------------------------------------------------------------


def test_front_matter_is_optional() -> None:
    article = parse("# Otsikko\n\nJohdanto.\n\n## Osa\n\nTeksti.\n")
    assert article.metadata == {}
    assert article.title == "Otsikko"
    assert article.lead == "Johdanto."
    assert [s.heading for s in article.sections] == ["Osa"]
    assert article.problems == []


def test_bom_and_crlf() -> None:
    data = "\ufeff---\r\ntitle: Otsikko\r\n---\r\n# Otsikko\r\n\r\nJohdanto.\r\n\r\n## Osa\r\n\r\nTeksti.\r\n".encode()
    article = parse_bytes(data, slug="term", lang="fi")
    assert article.metadata == {"title": "Otsikko"}
    assert article.lead == "Johdanto."
    assert article.sections[0].heading == "Osa"
    assert article.sections[0].text == "Teksti."
    assert "\r" not in article.body and "\ufeff" not in article.body


def test_yaml_values_stay_strings() -> None:
    article = parse(
        "---\nlang: no\nflag: on\nenabled: yes\ndate: 2024-01-02\ntime: 1:30\ncount: 12\n"
        "ratio: 1.5\nempty: null\nlist: [no, 1]\nnested:\n  off: off\n---\nBody.\n"
    )
    assert article.metadata == {
        "lang": "no",
        "flag": "on",
        "enabled": "yes",
        "date": "2024-01-02",
        "time": "1:30",
        "count": "12",
        "ratio": "1.5",
        "empty": "null",
        "list": ["no", "1"],
        "nested": {"off": "off"},
    }
    assert article.lang == "fi"  # the language comes from the path, never from front matter


def test_front_matter_that_is_not_a_mapping_is_reported_and_the_body_used() -> None:
    article = parse("---\n- a\n- b\n---\n# Otsikko\n\nJohdanto.\n")
    assert article.metadata == {}
    assert article.title == "Otsikko"
    assert article.lead == "Johdanto."
    assert len(article.problems) == 1
    assert "line 2" in article.problems[0] and "mapping" in article.problems[0]


def test_front_matter_that_fails_to_parse_is_reported_with_its_line() -> None:
    article = parse("---\ntitle: ok\ndescription: [unclosed\nother: x\n---\n# Otsikko\n\nJohdanto.\n")
    assert article.metadata == {}
    assert article.title == "Otsikko"
    assert article.lead == "Johdanto."
    assert len(article.problems) == 1
    assert re.match(r"line [345]: front matter is not valid YAML", article.problems[0]), article.problems


def test_bad_yaml_line_is_the_line_in_the_file() -> None:
    article = parse("---\ntitle: x\n  bad: : [\n---\nBody.\n")
    assert article.problems and article.problems[0].startswith("line 3:")


def test_yaml_alias_bomb_is_reported_not_expanded() -> None:
    lines = ["---", "title: Laughs", "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    article = parse("\n".join(lines + ["---", "Body.", ""]))
    assert article.metadata == {}
    assert len(article.problems) == 1
    assert article.lead == "Body."


def test_small_yaml_aliases_still_work() -> None:
    article = parse("---\nbase: &b [x, y]\nkeywords: *b\n---\nBody.\n")
    assert article.keywords == ["x", "y"]
    assert article.problems == []


def test_empty_front_matter() -> None:
    article = parse("---\n---\n# Otsikko\n\nJohdanto.\n")
    assert article.metadata == {}
    assert article.problems == []
    assert article.title == "Otsikko"


def test_front_matter_without_closing_line_is_body() -> None:
    article = parse("---\ntitle: T\nBody.\n")
    assert article.metadata == {}
    assert article.title == "term"
    assert "title: T" in article.lead


def test_horizontal_rule_after_front_matter_is_not_more_front_matter() -> None:
    article = parse("---\ntitle: Otsikko\n---\nJohdanto.\n\n---\n\nLisää.\n\n## Osa\n\nx\n")
    assert article.metadata == {"title": "Otsikko"}
    assert article.lead == "Johdanto.\n\n---\n\nLisää."
    assert article.problems == []


def test_unknown_keys_are_kept() -> None:
    article = parse("---\nid: node\nfull_link: /docs/x\n---\nBody.\n")
    assert article.metadata == {"id": "node", "full_link": "/docs/x"}


# --- title, description, keywords, aka --------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("---\ntitle: From metadata\n---\n# From heading\n\nBody.\n", "From metadata"),
        ("---\ntitle: ''\n---\n# From heading\n\nBody.\n", "From heading"),
        ("# From heading\n\nBody.\n", "From heading"),
        ("Lead.\n\n## Section\n\nText.\n", "term"),
        ("---\ntitre: Node\n---\nBody.\n", "term"),
        ("## Section\n\n# Not a title, it is inside a section\n", "term"),
    ],
)
def test_title_fallback(text: str, title: str) -> None:
    assert parse(text).title == title


@pytest.mark.parametrize(
    ("text", "description"),
    [
        ("---\ndescription: The description.\nshort_description: Short.\n---\nLead.\n", "The description."),
        ("---\nshort_description: >\n  Short one.\n\n---\nLead.\n", "Short one."),
        ("# Title\n\nThe lead\nparagraph.\n\nSecond paragraph.\n\n## Section\n\nText.\n", "The lead paragraph."),
        ("# Title\n\n## Section\n\nText.\n", ""),
    ],
)
def test_description_fallback(text: str, description: str) -> None:
    assert parse(text).description == description


@pytest.mark.parametrize(
    ("front", "keywords"),
    [
        ("keywords: Business,Business Essentials", ["Business", "Business Essentials"]),
        ("keywords: a , b,  ,c", ["a", "b", "c"]),
        ("keywords: [a, b c]", ["a", "b c"]),
        ("keywords:\n- one\n- two", ["one", "two"]),
        ("keywords:", []),
        ("keywords: {a: b}", []),
    ],
)
def test_keywords_string_or_list(front: str, keywords: list[str]) -> None:
    assert parse(f"---\n{front}\n---\nBody.\n").keywords == keywords


def test_aka_and_tags() -> None:
    article = parse("---\naka:\n- Kundesentrert\n- klientorientert\ntags: [a, b]\n---\nBody.\n")
    assert article.aka == ["Kundesentrert", "klientorientert"]
    assert article.tags == ["a", "b"]
    assert parse("---\naka: \n---\nBody.\n").aka == []


# --- lead and sections ------------------------------------------------------------------------------


def test_lead_and_numbered_sections() -> None:
    text = "# T\n\nLead one.\n\nLead two.\n\n## First\n\nOne.\n\n### Deeper\n\nStill first.\n\n## Second ##\n\nTwo.\n"
    article = parse(text)
    assert article.lead == "Lead one.\n\nLead two."
    assert [(s.number, s.heading) for s in article.sections] == [(1, "First"), (2, "Second")]
    assert article.sections[0].text == "One.\n\n### Deeper\n\nStill first."
    assert article.sections[1].text == "Two."
    assert [s.line for s in article.sections] == [7, 15]


def test_heading_inside_fenced_code_is_not_a_section() -> None:
    text = "Lead.\n\n## Code\n\n```markdown\n## not a heading\n```\n\n~~~\n## nor this\n~~~\n\n## Real\n\nx\n"
    article = parse(text)
    assert [s.heading for s in article.sections] == ["Code", "Real"]
    assert "## not a heading" in article.sections[0].text


def test_unclosed_fence_swallows_later_headings() -> None:
    article = parse("Lead.\n\n```\n## inside\n")
    assert article.sections == []


def test_section_sources_rebuild_the_body() -> None:
    article = bundled("fi")
    assert article.lead_source + "".join(s.source for s in article.sections) == article.body
    assert article.sections[2].source.startswith("## Asiakaskeskeisen lähestymistavan edut\n")


# --- links, shortcodes, comments -----------------------------------------------------------------------


def test_internal_markdown_links() -> None:
    article = parse(
        "See [the customer](/customer), [a market](/market-orientation/), [part](/pod#uses), "
        "[docs](/docs/concepts/) and [site](https://example.com).\n"
    )
    assert [(link.text, link.target) for link in article.links] == [
        ("the customer", "customer"),
        ("a market", "market-orientation"),
        ("part", "pod"),
    ]
    # A deeper site path or an external URL is not a concept: it stays a Markdown link.
    assert article.lead == (
        "See the customer, a market, part, [docs](/docs/concepts/) and [site](https://example.com)."
    )


def test_glossary_tooltip_with_and_without_text() -> None:
    article = parse(
        'Runs {{< glossary_tooltip text="Pods" term_id="pod" >}} via '
        '{{< glossary_tooltip term_id=\'docker\' >}} and {{< glossary_tooltip text="CRI" term_id="cri" >}}.\n'
    )
    assert article.lead == "Runs Pods via docker and CRI."
    assert sorted((link.text, link.target) for link in article.links) == [
        ("CRI", "cri"),
        ("Pods", "pod"),
        ("docker", "docker"),
    ]


def test_other_shortcodes_and_html_comments_are_hidden() -> None:
    article = parse(
        "Visible.\n\n<!--\nEnglish original that must not show.\n-->\n\n<!--more-->\n\n"
        '{{< note >}}A note.{{< /note >}} {{% include "x.md" %}}\n'
    )
    assert "English original" not in article.text
    assert "<!--" not in article.text
    assert "{{" not in article.text and "}}" not in article.text
    assert "Visible." in article.text and "A note." in article.text


def test_link_lines_count_from_the_file() -> None:
    article = parse("---\ntitle: T\n---\nLead.\n\n## S\n\nSee [x](/y).\n")
    assert [(link.target, link.line) for link in article.links] == [("y", 8)]


def test_markup_lookalikes_are_text() -> None:
    article = parse("Text [bold red]x[/] and [/customer] and :thumbs_up:.\n")
    assert article.lead == "Text [bold red]x[/] and [/customer] and :thumbs_up:."
    assert article.links == []


# --- control sequences ------------------------------------------------------------------------------


def test_control_sequences_are_removed_everywhere() -> None:
    text = (
        "---\ntitle: Ti\x1b[31mtle\x1b[0m\ndescription: D\x9b1mesc\n---\n"
        "Lead \x1b]8;;http://evil\x07link\x1b]8;;\x07 and \x1b]0;pwned\x1b\\ bell\x07 nul\x00 del\x7f.\n\n"
        "## Hea\x1b[2Jding\n\nTab\tkept.\n"
    )
    article = parse(text)
    assert article.title == "Title"
    assert article.description == "Desc"
    assert article.lead == "Lead link and  bell nul del."
    assert article.sections[0].heading == "Heading"
    assert article.sections[0].text == "Tab\tkept."
    for value in (article.body, article.lead, article.title, article.sections[0].source):
        assert not CONTROL.search(value)


# --- files that cannot be used ------------------------------------------------------------------------


@pytest.mark.parametrize("data", [b"", b"   \n\n", "\ufeff".encode(), "\ufeff \n".encode()])
def test_empty_files_are_unreadable(data: bytes) -> None:
    with pytest.raises(UnreadableArticle, match="empty"):
        parse_bytes(data, slug="x", lang="fi", path="fi/x.md")


@pytest.mark.parametrize("data", [b"\xff\xfe\x00a", "Hyvä".encode("latin-1"), b"ok\n\x80\n"])
def test_non_utf8_files_are_unreadable(data: bytes) -> None:
    with pytest.raises(UnreadableArticle, match="not UTF-8") as caught:
        parse_bytes(data, slug="x", lang="fi", path="fi/x.md")
    assert caught.value.path == "fi/x.md"


def test_missing_file_is_unreadable(tmp_path: Path) -> None:
    with pytest.raises(UnreadableArticle):
        read_article(tmp_path / "nope.md", slug="nope", lang="fi")


def test_a_file_of_only_front_matter_is_an_article() -> None:
    article = parse("---\ntitle: Only\n---\n")
    assert article.title == "Only"
    assert article.lead == "" and article.sections == []


# --- properties -------------------------------------------------------------------------------------

MARKDOWNISH = st.lists(
    st.sampled_from(
        [
            "---\n",
            "# ",
            "## ",
            "### ",
            "```\n",
            "~~~\n",
            "\n",
            "\r\n",
            "text ",
            "– ",
            "- ",
            "> ",
            "[a](/b)",
            "](/",
            "[",
            "]",
            "<!--",
            "-->",
            "{{< ",
            " >}}",
            "glossary_tooltip ",
            'text="x" ',
            "term_id=y ",
            "title: x\n",
            "- a\n",
            ": [",
            "\x1b[31m",
            "\x1b]",
            "\x07",
            "\x9b",
            "\ufeff",
            "ä",
            "ノード",
            "\t",
        ]
    )
    | st.text(max_size=5),
    max_size=40,
).map("".join)


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(), MARKDOWNISH))
def test_any_text_parses_and_every_character_lands_in_a_section(text: str) -> None:
    article = parse(text)
    assert article.lead_source + "".join(s.source for s in article.sections) == article.body
    assert [s.number for s in article.sections] == list(range(1, len(article.sections) + 1))
    assert article.title
    for value in [article.title, article.description, article.lead, article.body]:
        assert not CONTROL.search(value)
    for section in article.sections:
        assert not CONTROL.search(section.heading + section.text + section.source)


@settings(max_examples=200)
@given(st.binary(max_size=200))
def test_any_bytes_parse_or_are_unreadable(data: bytes) -> None:
    try:
        article = parse_bytes(data, slug="x", lang="fi")
    except UnreadableArticle:
        return
    assert article.lead_source + "".join(s.source for s in article.sections) == article.body


def test_front_matter_title_and_description_are_cleaned_like_the_body() -> None:
    article = parse(
        '---\ntitle: "A [customer](/customer) <!-- note --> '
        '{{< glossary_tooltip text=\\"pod\\" term_id=\\"pod\\" >}}"\n'
        'short_description: >\n  Runs {{< glossary_tooltip text="Pods" term_id="pod" >}} '
        "for a [buyer](/customer).\n---\nBody.\n"
    )
    assert article.title == "A customer pod"
    assert article.description == "Runs Pods for a buyer."
    assert article.links == []  # links are collected from the body only


@pytest.mark.parametrize(
    "front",
    ["x: " + "[" * 50000 + "]" * 50000, "".join(" " * i + "k:\n" for i in range(2000)), "x: &a [*a]"],
)
def test_pathological_front_matter_is_reported_not_fatal(front: str) -> None:
    article = parse(f"---\n{front}\n---\n# Otsikko\n\nJohdanto.\n")
    assert article.metadata == {}
    assert len(article.problems) == 1
    assert article.title == "Otsikko" and article.lead == "Johdanto."


# --- what the index keeps for check -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("---\ntitle: Alpha\n---\nLead.\n", "front matter"),
        ("# Alpha\n\nLead.\n", "heading"),
        ("# alpha\n\nLead.\n", "heading"),  # a heading that happens to equal the slug is still a title
        ("---\ntitle: alpha\n---\nLead.\n", "front matter"),
        ("Lead without any title.\n", "slug"),
        ("---\ntitre: Alpha\n---\nLead.\n", "slug"),  # the Kubernetes French node.md has this
        ("---\ntitle: '   '\n---\nLead.\n", "slug"),
    ],
)
def test_check_facts_says_where_the_title_comes_from(text: str, source: str) -> None:
    assert check_facts(parse_article(text, slug="alpha", lang="en"))["title"] == source


def test_check_facts_lists_empty_sections_with_their_lines() -> None:
    text = "# T\n\n## One\n\nText.\n\n## Two\n\n<!-- only a comment -->\n\n## Three\n## Four\n\nMore.\n"
    facts = check_facts(parse_article(text, slug="t", lang="en"))
    assert facts["empty"] == [[2, 7, "Two"], [3, 11, "Three"]]


def test_check_facts_keeps_parser_problems() -> None:
    facts = check_facts(parse_article("---\n- a list\n---\nBody.\n", slug="t", lang="en"))
    assert facts["problems"] and "line" in facts["problems"][0]


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(st.text())
def test_check_facts_of_any_text_is_json(text: str) -> None:
    article = parse_article(text, slug="s", lang="en")
    facts = check_facts(article)
    assert facts["title"] in ("front matter", "heading", "slug")
    assert json.loads(json.dumps(facts)) == facts
    assert all(1 <= number <= len(article.sections) for number, _, _ in facts.get("empty", []))


# An ATX heading as a regular expression, the reference ``heading_of`` follows; but where it reads a
# closing run alone as the words (``# #``), CommonMark reads an empty heading, as ``heading_of`` does.
_ATX_HEADING = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?([ \t]+#+)?[ \t]*$")


@settings(max_examples=500)
@example("# # #")
@example("### ###")
@example("# ## #")
@given(st.text(alphabet=st.sampled_from(" \t#a\u00a0\u2028\n"), max_size=14) | st.text(max_size=20))
def test_heading_lines_are_read_as_the_commonmark_pattern_reads_them(line: str) -> None:
    from glossary.articles import heading_of

    line = line.split("\n", 1)[0]
    expected = _ATX_HEADING.match(line)
    found = heading_of(line + "\n")
    if expected is None:
        assert found is None
    else:
        assert found is not None
        # A run of "#" the pattern took for words when no closing run was found is the closing
        # run ("### ###" is a heading of nothing); after a closing run it is words ("# # #" is <h1>#</h1>).
        words = (expected.group(2) or "").strip(" \t")
        words = "" if expected.group(3) is None and not words.strip("#") else words.strip()
        assert (found[0], found[1].strip()) == (len(expected.group(1)), words)


@pytest.mark.parametrize(
    ("line", "heading"),
    [
        ("## Pod ##\n", (2, "Pod")),
        ("## Pod#\n", (2, "Pod#")),
        ("## #\n", (2, "")),
        ("# #\n", (1, "")),
        ("   # Pod\n", (1, "Pod")),
        ("    # Pod\n", None),
        ("####### Pod\n", None),
        ("#Pod\n", None),
        ("\t# Pod\n", None),
    ],
)
def test_heading_lines(line: str, heading: tuple[int, str] | None) -> None:
    from glossary.articles import heading_of

    assert heading_of(line) == heading


def test_an_empty_title_line_is_the_title_line() -> None:
    """``# #`` is an empty heading: the title falls back to the slug, and the next ``#`` line stays
    in the lead, shown once."""
    article = parse_article("# #\n\n# Second\n\nText.\n", slug="pod", lang="en")
    assert article.title == "pod"
    assert article.lead.count("Second") == 1


@pytest.mark.parametrize(
    ("slug", "path", "targets"),
    [
        ("index", "/site/docs/index.mdx", ["topics/charts", "topics/values"]),  # the top page of the docs
        ("topics", "/site/docs/topics/index.md", ["topics/topics/charts", "topics/topics/values"]),
        ("topics/intro", "/site/docs/topics/intro.md", ["topics/topics/charts", "topics/topics/values"]),
    ],
)
def test_links_to_markdown_files_are_read_from_the_page_folder(slug: str, path: str, targets: list[str]) -> None:
    text = "---\ntitle: T\n---\n[charts](./topics/charts.md) and [values](topics/values.mdx).\n"
    article = parse_article(text, slug=slug, lang="en", path=path)
    assert [link.target for link in article.links] == targets
