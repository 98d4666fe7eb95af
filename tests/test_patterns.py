"""glossary.patterns: a pattern compiled on first use behaves as the compiled pattern."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from glossary.patterns import lazy

PATTERNS = [(r"(\w+)-(\d+)", 0), (r"^ {0,3}#[ \t]+\S", re.MULTILINE), (r"<!--.*?-->", re.DOTALL)]


@given(st.text(alphabet="ab-1 #\n<!>", max_size=40))
def test_every_method_answers_as_the_compiled_pattern(text: str) -> None:
    for source, flags in PATTERNS:
        compiled, deferred = re.compile(source, flags), lazy(source, flags)
        assert [m.span() for m in deferred.finditer(text)] == [m.span() for m in compiled.finditer(text)]
        assert deferred.findall(text) == compiled.findall(text)
        assert deferred.sub("x", text) == compiled.sub("x", text)
        assert deferred.split(text) == compiled.split(text)
        for method in ("match", "fullmatch", "search"):
            found, expected = getattr(deferred, method)(text), getattr(compiled, method)(text)
            assert (found and found.span()) == (expected and expected.span())


def test_nothing_is_compiled_before_the_first_use(monkeypatch) -> None:
    compiled: list[str] = []
    real = re.compile
    monkeypatch.setattr(re, "compile", lambda source, flags=0: compiled.append(source) or real(source, flags))
    pattern = lazy(r"never-used-\d")
    assert compiled == []
    assert pattern.search("never-used-7") is not None
    assert compiled == [r"never-used-\d"]
    assert pattern.pattern == r"never-used-\d" and pattern.groups == 0


def test_bytes_patterns() -> None:
    assert lazy(rb"\xc2[\x80-\x9f]").sub(b"", b"a\xc2\x85b") == b"ab"
