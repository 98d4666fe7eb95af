"""The table of link and markup conventions: each rule, line numbers, code left alone, any text."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from glossary.conventions import (
    CONVENTIONS,
    Link,
    concept_slug,
    file_link_slug,
    link_target,
    reader_text,
    split_title_note,
)

DATA = Path(__file__).parent / "data"


@pytest.mark.parametrize("rule", CONVENTIONS, ids=lambda rule: f"{rule.site}: {rule.name}")
def test_each_convention_reads_as_its_example_says(rule):
    links: list[Link] = []
    assert reader_text(rule.written, 1, links) == rule.seen
    assert tuple(file_link_slug(link.target, "", "en") for link in links) == rule.links


@pytest.mark.parametrize(
    ("url", "concept"),
    [
        ("/customer", "customer"),
        ("/customer/", "customer"),
        ("/customer#history", "customer"),
        ("/ja/service/", "service"),
        ("/zh-cn/service/", "service"),
        ("../service/", "service"),
        ("./service", "service"),
        ("service.md", "service"),
        ("/docs/reference/glossary/?all=true#term-pod", "pod"),
        ("/ja/docs/reference/glossary/?fundamental=true#term-Pod", "pod"),
        ("/en-US/docs/Glossary/CORS", "cors"),
        ("/de/docs/Glossary/Engine/Rendering", "engine-rendering"),
        ("/en-US/docs/Glossary/Symmetric-key_cryptography#x", "symmetric-key_cryptography"),
        ("https://example.com/customer", None),
        ("mailto:someone@example.com", None),
        ("/docs/concepts/workloads/pods/", None),
        ("/en-US/docs/Web/HTTP/Headers", None),
        ("#anchor", None),
        ("example.com", None),
        ("", None),
    ],
)
def test_which_urls_name_a_concept(url, concept):
    target = link_target(url)
    assert (file_link_slug(target, "", "en") if target else target) == concept


@pytest.mark.parametrize(
    ("url", "page", "lang", "concept"),
    [
        (
            "/chart_template_guide/subcharts_and_globals.md",
            "topics",
            "de",
            "chart_template_guide/subcharts_and_globals",
        ),
        ("./subcharts_and_globals.md", "chart_template_guide", "de", "chart_template_guide/subcharts_and_globals"),
        ("subcharts_and_globals.md#x", "chart_template_guide", "de", "chart_template_guide/subcharts_and_globals"),
        ("../topics/charts.md", "chart_template_guide", "en", "topics/charts"),
        ("../../../charts.md", "a", "en", None),  # out of the docs
        ("../../CONTRIBUTING.md", "", "en", None),
        ("/_index.md", "", "en", None),  # a site's home page
        ("./_index.md", "guide", "en", "guide"),
        ("/index.md", "", "en", "index"),  # Docusaurus's top page of the docs
        ("/sdk/index.mdx", "plugins/developer", "en", "sdk"),
        ("/sdk/examples.mdx", "plugins", "en", "sdk/examples"),
        ("/bn/cluster.md", "", "bn", "cluster"),  # the page's own language
        ("/bn/cluster.md", "", "en", "bn/cluster"),
        ("/zh-cn/pod.md", "", "zh-CN", "pod"),
        ("index.md", "guide", "en", "guide"),  # a folder's page
        ("a%20b.md", "", "en", "a b"),
    ],
)
def test_a_link_to_a_markdown_file_leads_where_its_page_says(url, page, lang, concept):
    target = link_target(url)
    assert target is not None
    assert file_link_slug(target, page, lang) == concept


@pytest.mark.parametrize(
    "url",
    [
        "%1B[31mRED%1B[0m.md",  # a terminal escape
        "a%0Ab.md",  # a line break
        "%E2%80%AEevil.md",  # a right-to-left override
        "a%2Fb.md",  # a slash in a part
        "%2E%2E/x.md",  # a folder up, escaped
        "//example.com/guide.md",  # another site
    ],
)
def test_a_file_link_that_names_no_page_is_no_concept_link(url):
    assert link_target(url) is None


@given(st.text(max_size=20))
def test_a_link_target_holds_no_control_character(path: str) -> None:
    import unicodedata
    from urllib.parse import quote

    target = link_target(quote(path) + ".md")
    assert target is None or not any(unicodedata.category(char) in ("Cc", "Cf", "Cs", "Zl", "Zp") for char in target)


@pytest.mark.parametrize(
    ("written", "slug"),
    [("HTTP", "http"), ("Code point", "code_point"), ("Engine/Rendering", "engine-rendering"), (" CORS ", "cors")],
)
def test_concept_names_are_slugs_without_case(written, slug):
    assert concept_slug(written) == slug


@pytest.mark.parametrize(
    ("title", "term", "note"),
    [
        ("노드 (원문, Node)", "노드", "원문, Node"),
        ("节点（Node）", "节点", "Node"),
        ("ポッド(Pod)", "ポッド", "Pod"),
        ("Узел (Node)", "Узел", "Node"),
        ("Container Runtime Interface (CRI)", "Container Runtime Interface (CRI)", ""),
        ("Propriété (CSS)", "Propriété (CSS)", ""),
        ("Nœud (DOM)", "Nœud (DOM)", ""),
        ("Property (プロパティ) (CSS)", "Property (プロパティ) (CSS)", ""),
        ("कंटेनर रनटाइम इंटरफ़ेस (CRI)", "कंटेनर रनटाइम इंटरफ़ेस (CRI)", ""),
        ("Блок (CSS)", "Блок (CSS)", ""),
        ("コンテナランタイムインターフェース（CRI）", "コンテナランタイムインターフェース（CRI）", ""),
        ("कंटेनर रनटाइम इंटरफ़ेस (Container Runtime Interface)", "कंटेनर रनटाइम इंटरफ़ेस", "Container Runtime Interface"),
        ("ウェブ (Web)", "ウェブ", "Web"),
        ("노드 (원문, CRI)", "노드", "원문, CRI"),
        ("Pod", "Pod", ""),
        ("节点（节点）", "节点（节点）", ""),
        ("(Node)", "(Node)", ""),
    ],
)
def test_a_source_term_in_brackets_is_a_note_of_the_title(title, term, note):
    assert split_title_note(title) == (term, note)


def test_links_carry_the_line_they_are_written_on():
    source = 'one [a](/a)\ntwo\n{{< glossary_tooltip text="b" term_id="B" >}}\n\nfour {{Glossary("C")}} [d](/d)\n'
    links: list[Link] = []
    reader_text(source, 10, links)
    assert [(link.target, link.line) for link in links] == [("b", 12), ("c", 14), ("a", 10), ("d", 14)]


def test_code_is_shown_as_written():
    source = 'Use `<a>` and `{{< note >}}`.\n\n```html\n<sup>2</sup> {{Glossary("X")}} [x](/x)\n```\n'
    links: list[Link] = []
    assert reader_text(source, 1, links) == source
    assert links == []


def test_a_macro_alone_in_a_code_span_is_still_read():
    assert reader_text('- `{{HTMLElement("button#formaction", "formaction")}}`: overrides') == (
        "- `formaction`: overrides"
    )


def test_hugo_note_keeps_its_text_inside_the_quote():
    source = "Before.\n\n{{< note >}}\nFirst line\nsecond line.\n{{< /note >}}\n\nAfter."
    assert reader_text(source) == "Before.\n\n\n> **Note:**\n> First line\n> second line.\n\n\nAfter."


def _best_of_three(text: str) -> float:
    """The least CPU time of three readings: the time this thread ran, which other processes on a
    busy machine (the test runner's other workers) do not lengthen as they do the clock's."""
    timings = []
    for _ in range(3):
        started = time.thread_time()
        reader_text(text, 1, [])
        timings.append(time.thread_time() - started)
    return min(timings)


def test_reading_grows_linearly_with_the_number_of_links():
    """Twice the links in twice the text cost twice the time, not four times (as counting lines
    from the start of the text for every link did: 28,000 links took seconds)."""

    def links_text(count: int) -> str:
        return "\n".join(
            f'Line {i} links to [term {i}](/term-{i}) and {{{{Glossary("T{i}")}}}} in its text.' for i in range(count)
        )

    links: list[Link] = []
    reader_text(links_text(14000), 1, links)
    assert len(links) == 28000 and links[-1].line == 14000
    assert _best_of_three(links_text(14000)) < 3 * _best_of_three(links_text(7000))


@given(st.text())
def test_any_text_is_read_without_error(text):
    links: list[Link] = []
    assert isinstance(reader_text(text, 1, links), str)
    assert all(link.line >= 1 for link in links)


@given(st.text(alphabet=st.characters(blacklist_characters="{}<>[]()`~!-*:#\\&")))
def test_text_with_no_markup_is_shown_as_written(text):
    assert reader_text(text) == text


def test_real_articles_leave_no_macro_or_shortcode_outside_code():
    linking = 0
    paths = sorted((DATA / "k8s-glossary").glob("*/*.md"))
    for path in paths:
        links: list[Link] = []
        shown = reader_text(path.read_text(encoding="utf-8"), 1, links)
        assert "{{" not in shown, path
        linking += bool(links)
    assert linking > len(paths) / 2  # most of these articles link to other concepts with a tooltip


@pytest.mark.parametrize(
    ("written", "seen"),
    [
        ("a&#58; b &copy; c&nbsp;d &lt;e&gt; &amp;", "a: b © c\u00a0d &lt;e&gt; &amp;"),
        ("  > [!WARNING]\n  > Mind it.", "  > **Warning:**\n  > Mind it."),
        ('x\n<section id="Quick_links">\n<ol><li>{{Glossary("A")}}</li></ol>\n</section>\ny', "x\n\n\n\ny"),
        ("{{optional_inline}} part", " part"),
    ],
)
def test_more_of_what_real_sites_write(written, seen):
    links: list[Link] = []
    assert reader_text(written, 1, links) == seen
    assert links == []


def test_a_line_keeps_tags_that_only_markdown_draws():
    from glossary.conventions import reader_line

    assert reader_line('Fish <b>bold</b> 2<sup>16</sup> {{Glossary("HTTP")}}') == "Fish <b>bold</b> 2¹⁶ HTTP"


def test_plain_text_drops_urls_and_note_labels():
    from glossary.conventions import plain_text

    text = "> **Note:** see [the page](https://x.org/a%20b/2010) and [![logo](a/9.png)](https://x.org/7)"
    assert plain_text(text) == "> see the page and logo"


@pytest.mark.parametrize(
    ("text", "numbers"),
    [
        ("[RFC](https://x.org/rfc%2F9110) 17", ["17"]),
        ("Two [RFC](https://x.org/rfc%2F9110) 2 and 12", ["12"]),  # a small whole number in prose is no number to keep
        ("`repeat(3,1fr)` and `rgb(137 33 242)`", ["1", "137", "242", "3", "33"]),
        ("`1,5` is 1.5", ["1.5"]),
        ("v1.23 and IPv6", ["1.23"]),
        ("から1000000000まで, 1つ以上, 5 种, a 3rd party", ["1000000000"]),
        ("```\n1m30s\n```\n", ["1", "30"]),
    ],
)
def test_reader_numbers(text, numbers):
    from glossary.conventions import reader_numbers

    assert reader_numbers(text) == numbers


@pytest.mark.parametrize(
    ("line", "plain"),
    [
        ("**Abstraction** in computer programming", "Abstraction in computer programming"),
        ("A `<div>` and __this__ and [a link](https://x.org)", "A <div> and this and a link"),
        ("2 ** 3 is not strong", "2 ** 3 is not strong"),
        ("L'_abstraction_ dans la programmation", "L'abstraction dans la programmation"),
        ("an *emphasis* and 2 * 3 * 4", "an emphasis and 2 * 3 * 4"),
        ("snake_case and my_var_name stay", "snake_case and my_var_name stay"),
        ("a \\[bracket\\] and \\*star\\*", "a [bracket] and *star*"),
        ("一個 HTML _`<canvas>`_ 元素", "一個 HTML <canvas> 元素"),
        ("*網頁瀏覽器*是種程式", "網頁瀏覽器是種程式"),
    ],
)
def test_a_summary_line_is_plain_words(line: str, plain: str) -> None:
    from glossary.conventions import plain_line

    assert plain_line(line) == plain


@pytest.mark.parametrize("line", ["```js hidden ]", "~~~ hidden !", "```hidden {"])
def test_one_line_that_looks_like_a_hidden_fence_is_kept(line: str) -> None:
    assert reader_text(line) == line


@given(st.text(max_size=80))
def test_a_summary_line_of_any_text_loses_only_marks(line: str) -> None:
    """Taking marks off never adds a character nor loses a letter or digit of what a reader reads."""
    from glossary.conventions import plain_line, plain_text

    plain = plain_line(line)
    assert len(plain) <= len(plain_text(line))
    assert [c for c in plain if c.isalnum()] == [c for c in plain_text(line) if c.isalnum()]
