"""The fast reader of simple front matter agrees with PyYAML wherever it answers."""

from __future__ import annotations

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from glossary.articles import _simple_front_matter, parse_article

keys = st.from_regex(r"[A-Za-z_][\w-]{0,8}", fullmatch=True)
values = st.text(alphabet=st.characters(codec="utf-8", exclude_characters="\n\r"), max_size=24)


@settings(max_examples=500)
@given(st.lists(st.tuples(keys, values), max_size=6))
def test_simple_reader_equals_yaml_base_loader(items: list[tuple[str, str]]) -> None:
    front = "\n".join(f"{key}: {value}" for key, value in items)
    fast = _simple_front_matter(front)
    if fast is not None:
        assert fast == (yaml.load(front, Loader=yaml.BaseLoader) or {})


def test_simple_reader_takes_the_seed_front_matter() -> None:
    front = "keywords: Business,Business Essentials\ntitle: Klientsentrert\ndescription: Klientsentrert, også kjent.\n"
    assert _simple_front_matter(front) == {
        "keywords": "Business,Business Essentials",
        "title": "Klientsentrert",
        "description": "Klientsentrert, også kjent.",
    }


def test_anything_else_goes_to_yaml() -> None:
    for front in ("tags:\n- a\n- 'b'", "title: 'quoted'", "title: >\n  folded", "a: b: c", "# comment\ntitle: x", "t: x\nt: y"):
        assert _simple_front_matter(front) is None
    article = parse_article("---\ntitle: 'Quoted: yes'\ntags:\n- a\n---\nBody\n", slug="s", lang="en")
    assert article.title == "Quoted: yes"
    assert article.tags == ["a"]


def test_values_are_never_typed() -> None:
    article = parse_article("---\nlang: no\ndate: 2024-01-02\ntime: 1:30\nflag: on\n---\nBody\n", slug="s", lang="en")
    assert article.metadata == {"lang": "no", "date": "2024-01-02", "time": "1:30", "flag": "on"}


plain_lists = st.lists(values, min_size=0, max_size=4)


@settings(max_examples=500)
@given(st.lists(st.tuples(keys, st.one_of(values, plain_lists), st.sampled_from(["", " ", "  "])), max_size=6))
def test_simple_reader_with_lists_equals_yaml_base_loader(items) -> None:
    lines = []
    for key, value, spaces in items:
        if isinstance(value, list):
            lines.append(f"{key}:{spaces}")
            lines.extend(f"-{spaces or ' '}{item}{spaces}" for item in value)
        else:
            lines.append(f"{key}: {value}")
    front = "\n".join(lines)
    fast = _simple_front_matter(front)
    if fast is not None:
        assert fast == (yaml.load(front, Loader=yaml.BaseLoader) or {})


@settings(max_examples=300)
@given(st.lists(st.sampled_from(["a:", "b: x", "- y", "-", "- ", "-  z ", "- - w", "  - v", "c:  ", "- a: b", "--- x"]), max_size=6))
def test_simple_reader_on_list_fragments_equals_yaml_base_loader(lines: list[str]) -> None:
    front = "\n".join(lines)
    fast = _simple_front_matter(front)
    if fast is not None:
        assert fast == (yaml.load(front, Loader=yaml.BaseLoader) or {})


def test_simple_reader_takes_plain_lists() -> None:
    front = "title: Poläätit\nkeywords: Economics,Insurance\naka:\n- Tonukusilaineninsa tilin\n- Vasakalla pörssija\n"
    assert _simple_front_matter(front) == {
        "title": "Poläätit",
        "keywords": "Economics,Insurance",
        "aka": ["Tonukusilaineninsa tilin", "Vasakalla pörssija"],
    }
    for front in ("- a", "a: b\n- c", "a:\n- 'q'", "a:\n- b: c", "a:\n  - b", "a:\n-"):
        assert _simple_front_matter(front) is None
