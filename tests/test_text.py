"""text.py: sanitising, folding, words and language keys."""

from __future__ import annotations

import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from glossary.text import fold, sanitize

CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")

# Text rich in the pieces that escape sequences are made of, so hypothesis finds the odd cases.
PIECES = st.sampled_from(
    [
        "\x1b",
        "\x1b[",
        "\x1b]",
        "\x1b\\",
        "\x07",
        "\x9b",
        "\x9c",
        "\x9d",
        "\x90",
        "\x00",
        "\x7f",
        "\r",
        "\r\n",
        "\n",
        "\t",
        "[",
        "]",
        "0",
        ";",
        "m",
        "a",
        " ",
        "ä",
        "ノ",
    ]
)
CONTROL_RICH = st.one_of(st.text(), st.lists(PIECES, max_size=40).map("".join))


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("a\x1b[31mred\x1b[0m b", "ared b"),  # CSI leaves nothing behind, not "[31m"
        ("\x1b[1;38;5;196mx", "x"),
        ("a\x1b]8;;http://evil\x07link\x1b]8;;\x07 b", "alink b"),  # OSC ended by BEL
        ("a\x1b]0;title\x1b\\ b", "a b"),  # OSC ended by ST
        ("a\x9b31mb", "ab"),  # 8-bit CSI
        ("a\x9d0;title\x9cb", "ab"),  # 8-bit OSC ended by 8-bit ST
        ("a\x00b\x01c\x08d\x0be\x0cf\x7fg\x85h", "abcdefgh"),
        ("tab\tand\nnewline", "tab\tand\nnewline"),
        ("crlf\r\nline\rend", "crlf\nline\nend"),
        ("[bold red]x[/] :thumbs_up:", "[bold red]x[/] :thumbs_up:"),
        ("Høydepunkter ノード 节点", "Høydepunkter ノード 节点"),
    ],
)
def test_sanitize(raw: str, clean: str) -> None:
    assert sanitize(raw) == clean


def test_sanitize_unterminated_string_loses_only_its_introducer() -> None:
    # A stray ESC ] (or a C1 string introducer from mis-decoded text) must not swallow the rest
    # of the article.
    cleaned = sanitize("one \x1b]0;oops\ntwo\nthree\n")
    assert "two\nthree\n" in cleaned
    assert "\x1b" not in cleaned
    cleaned = sanitize("He said \x9dyes and left.\nSecond line.\n")
    assert cleaned == "He said yes and left.\nSecond line.\n"


@settings(max_examples=300)
@given(CONTROL_RICH)
def test_sanitize_leaves_no_control_characters(text: str) -> None:
    assert not CONTROL.search(sanitize(text))


@settings(max_examples=200)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cc",)) | st.sampled_from("\t\n")))
def test_sanitize_keeps_text_without_controls(text: str) -> None:
    assert sanitize(text) == text


@settings(max_examples=300)
@example("Ǣ")  # Æ with a macron: the accent goes, then Æ folds as æ does
@given(st.text())
def test_fold_is_idempotent(text: str) -> None:
    assert fold(fold(text)) == fold(text)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Høydepunkter", "hoydepunkter"),
        ("KLIENTSENTRERT", "klientsentrert"),
        ("Asiakaskeskeinen", "asiakaskeskeinen"),
        ("lähestymistavan", "lahestymistavan"),
        ("Straße", "strasse"),
        ("ＡＢＣ", "abc"),  # full-width Latin
    ],
)
def test_fold_matches(a: str, b: str) -> None:
    assert fold(a) == fold(b)


def test_fold_keeps_japanese_voicing_marks() -> None:
    assert fold("ノード") != fold("ノート")
    assert fold("ノード") == fold("のーど") == "のーど"  # one syllabary, the voicing mark kept


# --- numbers ---------------------------------------------------------------------------------------

_LIST_MARKER = re.compile(r"^[ \t]*\d{1,9}[.)](?=[ \t]|$)", re.MULTILINE)


def numbers_by_regex(text: str) -> list[str]:
    """What ``numbers`` means, written the slow and obvious way: list markers removed, then every
    match of the number pattern."""
    from glossary.text import _NUMBER, normalise_number

    return sorted({normalise_number(number) for number in _NUMBER.findall(_LIST_MARKER.sub("", text))})


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Se on 8 % ja 2019.", ["2019", "8%"]),
        ("1. eka\n2) toka\n  3.\n", []),
        ("1.5 ja 1,5 ja 15 000 ja 15\u00a0000,5", ["1.5", "15000", "15000.5"]),
        ("    4. sisennetty\n10. kymmenes\n1234567890. pitkä", ["1234567890"]),
        ("x1 a.5 ,7 9", ["9"]),
        ("٣ أشياء و 12", ["12", "٣"]),  # digits of other scripts are numbers too
        ("１２３ と\n٣. x", ["１２３"]),  # ... and list markers
    ],
)
def test_numbers_found(text: str, expected: list[str]) -> None:
    from glossary.text import numbers

    assert numbers(text) == expected
    assert numbers_by_regex(text) == expected


_NUMBERISH = st.text(alphabet=st.sampled_from(list("0123456789 .,%)\n\t\u00a0\u202fxé٣１")), max_size=80)


@settings(max_examples=500, deadline=None)
@given(st.one_of(_NUMBERISH, st.text(max_size=80)))
def test_numbers_are_the_matches_of_the_pattern(text: str) -> None:
    from glossary.text import numbers

    assert numbers(text) == numbers_by_regex(text)


def test_every_digit_that_is_not_ascii_starts_with_a_known_byte() -> None:
    """``numbers`` skips the slow look for other scripts' digits when none of these bytes is there."""
    import sys

    from glossary.text import OTHER_DIGIT_LEADS

    digit = re.compile(r"\d")
    leads = {
        chr(code).encode("utf-8")[0]
        for code in range(0x80, sys.maxunicode + 1)
        if not 0xD800 <= code <= 0xDFFF and digit.match(chr(code))
    }
    assert leads <= set(OTHER_DIGIT_LEADS)
    from glossary.text import numbers

    for digit in "٣۳߃๓၃꘣３𝟑":  # one of each first byte
        assert numbers(f"Ein Wort, {digit} über") == numbers_by_regex(f"Ein Wort, {digit} über") != []
