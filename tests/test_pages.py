"""Which files are pages and which slug a path gives: the rules of glossary.pages, as tables and
as properties over any text."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from glossary.corpus import LangFolder, Root, is_valid_slug
from glossary.pages import WITH_MDX, is_content, is_partial, link_key, says_not_content, slug_of_stem


@pytest.mark.parametrize(
    ("front", "not_content"),
    [
        ("title: Pod", False),
        ("headless: true", True),
        ("headless: True", True),
        ('headless: "true"', True),
        ("headless: false", False),
        ("layout: search", True),
        ("layout: docs", False),
        ("_build:\n  render: never\n  list: never", True),
        ("build:\n  render: never", True),
        ("_build:\n  render: always", False),
        ("_build:\n  list: never", False),
        ("_build: {render: never, list: never}", True),
        ("cascade:\n  render: never", False),
        ("title: headless in a title\nlayout: searching", False),
    ],
)
def test_front_matter_that_says_a_page_is_not_content(front: str, not_content: bool) -> None:
    assert says_not_content(f"---\n{front}\n---\nBody.\n") is not_content


def test_toml_front_matter_and_crlf_and_bom() -> None:
    assert says_not_content("+++\nheadless = true\n+++\n")
    assert says_not_content("\ufeff---\r\nheadless: true\r\n---\r\n")
    assert not says_not_content("headless: true\n")  # not front matter


def test_a_file_that_cannot_be_read_counts_as_content(tmp_path: Path) -> None:
    assert is_content(str(tmp_path / "missing.md"))
    page = tmp_path / "search.md"
    page.write_bytes(b"---\nlayout: search\n---\n")
    assert not is_content(str(page))


@pytest.mark.parametrize(
    ("stem", "slug"),
    [
        ("docs/concepts/signals/traces", "docs/concepts/signals/traces"),
        ("docs/concepts/_index", "docs/concepts"),
        ("chart_template_guide/index", "chart_template_guide"),
        ("_index", ""),
        ("index", ""),
        ("indexes", "indexes"),
    ],
)
def test_a_folders_own_page_is_the_folders(stem: str, slug: str) -> None:
    assert slug_of_stem(stem) == slug


def test_partials_templates_and_link_keys() -> None:
    assert is_partial("_TEMPLATE.md") and is_partial("_includes") and is_partial("_install.mdx", WITH_MDX)
    assert not is_partial("_index.md") and not is_partial("_index.mdx", WITH_MDX) and not is_partial("pod.md")
    assert link_key("Engine/Rendering") == link_key("engine-rendering") == "engine-rendering"


_PART = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=12).filter(
    lambda part: is_valid_slug(part) and "/" not in part and not part.startswith("_") and part not in ("index",)
)


@given(st.lists(_PART, min_size=1, max_size=4))
def test_a_slug_is_found_where_its_file_is(parts: list[str]) -> None:
    slug = "/".join(parts)
    folder = LangFolder(Root(Path("/g"), "--data-dir"), 0, "en", "en", Path("/g/en"), extensions=WITH_MDX)
    for name in folder.names_of(slug):
        assert folder.slug_of(name) == slug


@given(st.text(max_size=300))
def test_any_front_matter_is_judged_without_error(text: str) -> None:
    assert says_not_content("---\n" + text + "\n---\n") in (True, False)
    assert says_not_content(text) in (True, False)


def _valid_by_parts(slug: str) -> bool:
    """The slug rule said plainly, part by part: what the one regular expression must agree with."""
    control = any(c in "\\\0" or ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F or 0xD800 <= ord(c) <= 0xDFFF for c in slug)
    return bool(slug) and not control and all(p and not p.startswith(".") and p == p.strip() for p in slug.split("/"))


@pytest.mark.parametrize(
    "slug",
    ["a", "a/b", "", "/a", "a/", "a//b", ".a", "a/.b", " a", "a /b", "a/b ", "a\u3000", "a\\b", "a\x1bb", "a\udcffb"]
    + ["a.b/c d"],
)
def test_a_slug_is_valid_by_the_plain_rule(slug: str) -> None:
    assert is_valid_slug(slug) == _valid_by_parts(slug)


@given(st.text(alphabet=st.sampled_from("ab./ \t\u3000\\\x00\x1b\x85\udcff"), max_size=12) | st.text(max_size=20))
def test_any_text_is_a_valid_slug_by_the_plain_rule(slug: str) -> None:
    assert is_valid_slug(slug) == _valid_by_parts(slug)
