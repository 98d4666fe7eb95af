"""The fast reader of simple front matter agrees with PyYAML wherever it answers, and answers for
the simple front matter most articles have."""

from __future__ import annotations

import yaml
from hypothesis import event, given, settings
from hypothesis import strategies as st

from glossary.articles import _simple_front_matter, parse_article

keys = st.from_regex(r"[A-Za-z_][\w-]{0,8}", fullmatch=True)
values = st.text(alphabet=st.characters(codec="utf-8", exclude_characters="\n\r"), max_size=24)

# Characters that mean something at the start of a YAML plain scalar.
YAML_INDICATORS = "-?:,[]{}#&*!|>'\"%@`"
# Letters, marks, numbers, punctuation and symbols: printable, and allowed anywhere in YAML.
visible = st.characters(codec="utf-8", categories=["L", "M", "N", "P", "S"])
# Values YAML would type or treat specially if it could, and text as articles have it.
familiar_values = st.sampled_from(
    [
        "no", "on", "yes", "~", "null", "true", "2024-01-02", "1:30", "1e3", "0x1F", ".inf", "a:b", "a#b",
        "http://example.com/a?b=c#d", "Klientsentrert, også kjent som kundesentrert.", "Business,Business Essentials",
        "it's", 'say "hi"', "50 %", "a - b", "ワーカーマシン", "C++", "...",
    ]
)  # fmt: skip


def _is_plain(value: str) -> bool:
    return ": " not in value and " #" not in value and not value.endswith(":")


# One-line plain scalars: text YAML reads as itself whatever surrounds it.
plain_values = st.one_of(
    familiar_values,
    st.builds(
        lambda first, rest: (first + rest).rstrip(),
        st.characters(codec="utf-8", categories=["L", "M", "N", "P", "S"], exclude_characters=YAML_INDICATORS),
        st.text(st.one_of(visible, st.just(" ")), max_size=20),
    ).filter(_is_plain),
)
spaces = st.sampled_from(["", " ", "  "])


def simple_lines(key: str, value: str | list[str], pad: str, blank_before: bool) -> list[str]:
    """``key: value``, or ``key:`` and its ``- item`` lines, with spaces where YAML ignores them."""
    lines = [""] if blank_before else []
    if isinstance(value, list):
        lines.append(f"{key}:{pad}")
        lines.extend(f"-{pad or ' '}{item}{pad}" for item in value)
    else:
        lines.append(f"{key}: {pad}{value}{pad}")
    return lines


simple_entries = st.tuples(
    keys, st.one_of(plain_values, st.just(""), st.lists(plain_values, max_size=4)), spaces, st.booleans()
)


@settings(max_examples=500)
@given(st.lists(simple_entries, max_size=6, unique_by=lambda entry: entry[0]))
def test_simple_reader_takes_simple_front_matter_as_yaml_reads_it(entries) -> None:
    front = "\n".join(line for entry in entries for line in simple_lines(*entry))
    fast = _simple_front_matter(front)
    # Simple front matter must take the fast path: that is the point of the fast reader.
    assert fast is not None, front
    assert fast == (yaml.load(front, Loader=yaml.BaseLoader) or {})
    compared = sum(1 for _, value, _, _ in entries for item in (value if isinstance(value, list) else [value]) if item)
    event("non-empty values compared: " + ("none" if not compared else "1-3" if compared < 4 else "4 or more"))
    event("with a list" if any(isinstance(value, list) for _, value, _, _ in entries) else "no list")


@settings(max_examples=500)
@given(st.lists(st.tuples(keys, st.one_of(values, st.lists(values, max_size=4)), spaces, st.booleans()), max_size=6))
def test_simple_reader_equals_yaml_base_loader_on_any_text(entries) -> None:
    front = "\n".join(line for entry in entries for line in simple_lines(*entry))
    fast = _simple_front_matter(front)
    event("fast reader answers" if fast is not None else "fast reader declines")
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
    for front in (
        "tags:\n- a\n- 'b'",
        "title: 'quoted'",
        "title: >\n  folded",
        "a: b: c",
        "# comment\ntitle: x",
        "t: x\nt: y",
    ):
        assert _simple_front_matter(front) is None
    article = parse_article("---\ntitle: 'Quoted: yes'\ntags:\n- a\n---\nBody\n", slug="s", lang="en")
    assert article.title == "Quoted: yes"
    assert article.tags == ["a"]


def test_values_are_never_typed() -> None:
    article = parse_article("---\nlang: no\ndate: 2024-01-02\ntime: 1:30\nflag: on\n---\nBody\n", slug="s", lang="en")
    assert article.metadata == {"lang": "no", "date": "2024-01-02", "time": "1:30", "flag": "on"}


list_fragments = ["a:", "b: x", "- y", "-", "- ", "-  z ", "- - w", "  - v", "c:  ", "- a: b", "--- x"]


@settings(max_examples=300)
@given(st.lists(st.sampled_from(list_fragments), max_size=6))
def test_simple_reader_on_list_fragments_equals_yaml_base_loader(lines: list[str]) -> None:
    front = "\n".join(lines)
    fast = _simple_front_matter(front)
    event("fast reader answers" if fast is not None else "fast reader declines")
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
