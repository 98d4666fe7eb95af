"""glossary.formats: the report formats and the one writer of GitHub Actions annotations."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from glossary.formats import ReportFormat, github_annotation, listed


def test_an_annotation_with_every_property() -> None:
    line = github_annotation("link to x", file="fi/a.md", line=7, title="glossary broken-link")
    assert line == "::warning file=fi/a.md,line=7,title=glossary broken-link::link to x"


def test_properties_left_out_are_not_written() -> None:
    assert github_annotation("m", file="a.md", line=1) == "::warning file=a.md,line=1::m"
    assert github_annotation("m", level="error") == "::error::m"


def test_data_and_properties_are_escaped() -> None:
    line = github_annotation("100% sure\r\nnext: a, b", file="x:y,z%.md", title="t:1,2")
    assert line == "::warning file=x%3Ay%2Cz%25.md,title=t%3A1%2C2::100%25 sure%0D%0Anext: a, b"


@given(message=st.text(), file=st.text(), title=st.text())
def test_any_text_stays_one_annotation_and_can_be_read_back(message: str, file: str, title: str) -> None:
    line = github_annotation(message, file=file, line=3, title=title)
    assert "\n" not in line and "\r" not in line
    match = re.fullmatch(r"::warning file=([^,:]*),line=3,title=([^,:]*)::(.*)", line, re.DOTALL)
    assert match is not None

    def unescape(text: str) -> str:
        for escaped, plain in (("%3A", ":"), ("%2C", ","), ("%0D", "\r"), ("%0A", "\n"), ("%25", "%")):
            text = text.replace(escaped, plain)
        return text

    assert (unescape(match.group(1)), unescape(match.group(2)), unescape(match.group(3))) == (file, title, message)


def test_formats_are_listed_as_a_sentence_says_them() -> None:
    assert listed([ReportFormat.TEXT]) == "text"
    assert listed([ReportFormat.TEXT, ReportFormat.JSON, ReportFormat.GITHUB]) == "text, json or github"
    assert [fmt.value for fmt in ReportFormat] == ["text", "json", "github", "markdown"]
