"""Text helpers shared by parsing, lookup and search.

Different jobs live here, and they must not be confused:

* ``sanitize`` makes file text safe to show: it removes terminal control sequences and nothing else.
* ``fold`` makes text comparable: case, accents and letter variants are folded away. Folded text
  is only ever used for matching, never shown.
* ``numbers`` finds the numbers written in text, normalised for comparison.

Cutting text into words (and CJK detection) is ``glossary.analysis``.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable

from glossary.patterns import lazy

# ESC-introduced sequences: CSI (ESC [ ... final byte), OSC/DCS/SOS/PM/APC strings (ESC ] ... BEL
# or ST), and two-byte escapes. C1 controls (U+0080-U+009F) are the 8-bit forms of the same.
# A string's payload is dropped only up to its terminator on the same line: an introducer with no
# terminator loses just itself, never the rest of the file.
_ESCAPE_SEQUENCE = lazy(
    r"""
    \x1b\[[0-?]*[ -/]*[@-~]?                  # CSI
  | \x1b[\]PX^_][^\x07\x1b\x9c\n]*(?:\x07|\x1b\\|\x9c)     # OSC, DCS, SOS, PM, APC up to BEL or ST
  | \x9b[0-?]*[ -/]*[@-~]?                    # 8-bit CSI
  | [\x90\x9d\x98\x9e\x9f][^\x07\x1b\x9c\n]*(?:\x07|\x1b\\|\x9c)  # 8-bit string introducers
  | \x1b[ -/]*[0-~]?                          # other escapes (and a lone ESC)
    """,
    re.VERBOSE,
)
_CONTROL = lazy(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def sanitize(text: str) -> str:
    """Return ``text`` with terminal control sequences and control characters removed.

    Line ends are normalised to ``\\n`` first (``\\r\\n`` and lone ``\\r``), then escape sequences are
    dropped whole (so ``ESC[31m`` leaves nothing behind, not ``[31m``), then any other C0 or C1
    control character but tab and newline. Everything else is kept exactly.
    """
    if text.isprintable():  # no control character at all (nor a line end): most names, paths and subjects
        return text
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not _needs_cleaning(text):
        return text
    text = _ESCAPE_SEQUENCE.sub("", text)
    return _CONTROL.sub("", text)


# The longest term or query looked for, in characters: the longest title of the Kubernetes and MDN
# glossaries has 87. Anything longer is refused at once rather than compared with every name.
LONGEST_TERM = 1000
_SURROGATE = lazy("[\ud800-\udfff]")


def is_blank(text: str) -> bool:
    """Whether typed ``text`` says nothing: white space, control characters and terminal escape
    sequences only (``$'\\e]0;x\\a'`` is as empty as ``""``)."""
    return not sanitize(text).strip()


def typed_text(text: str) -> str:
    """What a user typed as text to look for: bytes of the command line that are not UTF-8 (which
    Python holds as lone surrogates, and which neither SQLite nor a file can take) as U+FFFD."""
    return _SURROGATE.sub("\ufffd", text)


def too_long_to_type(text: str) -> bool:
    """Whether ``text`` is longer than any term or query is looked for (``LONGEST_TERM``)."""
    return len(text) > LONGEST_TERM


def printable_path(path: str) -> str:
    """A path as it can be printed: control characters, and bytes of a name that is not UTF-8
    (which Python holds as surrogates), written as ``\\x..`` escapes; anything else as it is."""
    if path.isprintable():
        return path
    return "".join(ch if ch.isprintable() else _escape(ch) for ch in path)


def shown_slug(slug: str) -> str:
    """A slug as it is shown: invisible characters (zero-width spaces, direction controls such as
    U+202E, which would turn the line around) written as escapes, so that ``pod`` and ``pod\\u200b``
    look different. Slugs come from file names, which may hold anything."""
    return printable_path(slug)


def _escape(ch: str) -> str:
    code = ord(ch)
    if 0xDC80 <= code <= 0xDCFF:  # a byte that is not UTF-8, as os.fsdecode holds it
        return f"\\x{code - 0xDC00:02x}"
    return ascii(ch)[1:-1]


# What ``_CONTROL`` matches, as bytes of UTF-8: C0 controls but tab and newline, DEL, and the
# two-byte forms of the C1 controls.
_C0_BYTES = bytes([*range(0x09), *range(0x0B, 0x20), 0x7F])
_C1_UTF8 = lazy(rb"\xc2[\x80-\x9f]")


def _needs_cleaning(text: str) -> bool:
    """Whether ``text`` holds a control character. Every article goes through here, and a regular
    expression looking at each character costs a tenth of reading the article; its bytes are
    looked at in C instead (the C1 search only runs for text that is not ASCII)."""
    data = text.encode("utf-8", "surrogatepass")
    if len(data.translate(None, _C0_BYTES)) != len(data):
        return True
    return not text.isascii() and _C1_UTF8.search(data) is not None


# Letters that Unicode does not decompose into a base letter plus accent, but that readers of these
# languages type without the accent (``hoydepunkter`` for ``Høydepunkter``).
_LETTER_FOLDS = str.maketrans(
    {
        "ø": "o",
        "Ø": "o",
        "æ": "ae",
        "Æ": "ae",
        "œ": "oe",
        "Œ": "oe",
        "ß": "ss",
        "ẞ": "ss",
        "ł": "l",
        "Ł": "l",
        "đ": "d",
        "Đ": "d",
        "ð": "d",
        "Ð": "d",
        "þ": "th",
        "Þ": "th",
        "ı": "i",
        "’": "'",
        "‘": "'",
        "–": "-",
        "—": "-",
    }
)

_LETTER_FOLD_CHARS = lazy("[" + "".join(map(chr, _LETTER_FOLDS)) + "]")
_COMBINING_ACCENTS = lazy("[\u0300-\u036f]")


def fold(text: str) -> str:
    """Fold ``text`` for matching: NFKC, letter variants, accents, case and scripts removed.

    ``fold("Høydepunkter") == fold("hoydepunkter")``; NFKC turns full-width Latin into ASCII, which
    is what a user typing it means. Only Latin, Greek and Cyrillic accents are removed: a Japanese
    voicing mark changes the word (ノード is not ノート). Chinese and Japanese written in two scripts
    fold to one (``fold_scripts``): 節點 is 节点, ノード is のーど.
    """
    text = unicodedata.normalize("NFKC", text)
    if not text.isascii():
        # Regular expressions rather than str.translate and a loop over characters: this runs over
        # every article when the search index is built, and is five times faster this way.
        # Accents first: a letter with an accent on a letter variant (Ǣ is Æ and a macron) is then
        # folded as that variant is.
        text = _COMBINING_ACCENTS.sub("", unicodedata.normalize("NFD", text))
        text = unicodedata.normalize("NFC", text)
        text = _LETTER_FOLD_CHARS.sub(lambda match: _LETTER_FOLDS[ord(match.group())], text)
        if text and max(text) >= _FIRST_KANA:
            text = fold_scripts(text)
    return text.casefold()


_FIRST_KANA = "\u3041"  # no kana or Han character comes before it
# Katakana and hiragana are one syllabary in two shapes, 0x60 apart in Unicode (ァ-ヶ, ヽヾ).
_KATAKANA_AS_HIRAGANA = {code: code - 0x60 for code in (*range(0x30A1, 0x30F7), 0x30FD, 0x30FE)}
_HAN = lazy("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")


def fold_scripts(text: str) -> str:
    """Traditional Chinese characters as Simplified ones (OpenCC's ``t2s``), katakana as hiragana:
    a zh-cn title typed in Traditional characters, a zh-tw one in Simplified or a Japanese word
    typed in hiragana is the same word to match."""
    return simplified_chinese(text.translate(_KATAKANA_AS_HIRAGANA))


def simplified_chinese(text: str) -> str:
    """Traditional Chinese characters as Simplified ones (OpenCC's ``t2s``); everything else as it is."""
    return _simplified()(text) if _HAN.search(text) else text


@functools.cache
def _simplified() -> Callable[[str], str]:
    """OpenCC's Traditional-to-Simplified conversion, loaded on first use (a few milliseconds)."""
    import opencc

    return opencc.OpenCC("t2s").convert


# The pattern starts with the first digit (checking what precedes it by looking back) so that it
# can be tried at each digit alone (see ``_numbers_written``). A number may follow a letter of a
# script written without spaces (から1000まで) and a version's ``v`` (v1.23), not a Latin, Greek or
# Cyrillic letter (x1, IPv6, HTML5) nor a digit or separator.
_LETTERS = r"A-UW-Za-uw-z_\u00c0-\u024f\u0370-\u052f"  # Latin, Greek, Cyrillic; v aside
_GLUED = rf"\d.,{_LETTERS}"  # what a number may not follow
_NUMBER = lazy(
    rf"""\d(?<![{_GLUED}]\d)(?<![\w.,][vV]\d)
    (?:(?<![\d.,][ \u00a0\u202f]\d)                          # not in a row of numbers: rgb(137 33 242)
        \d{{0,2}}(?:[ \u00a0\u202f]\d{{3}})+(?!\d|[ \u00a0\u202f]\d)(?:[.,]\d+)?
                                                           # 15 000, 1 000 000,5: grouped by spaces
      |\d*(?:[.,]\d+)*)                                      # 2019, 1,5, 1.000, 1,234.5
    (?:[ \u00a0\u202f]?%)?""",
    re.VERBOSE,
)
# In code a comma or a space separates numbers (f(3,1), rgb(1 2 3)); a point is a decimal one.
# A duration (1m30s) is numbers with their units.
_CODE_NUMBER = lazy(rf"\d(?:(?<![\d{_LETTERS}vV]\d)|(?<=\d[A-Za-z]\d))\d*(?:\.\d+)*%?")


def numbers(text: str, *, code: bool = False) -> list[str]:
    """The numbers written in ``text`` (``8 %``, ``2019``, ``1,5``), normalised for comparison.

    Spaces before ``%`` are dropped, a decimal comma reads as a point and thousands separators go,
    so ``8 %`` and ``8%``, ``1,5`` and ``1.5``, ``15 000``, ``15,000`` and ``15.000`` are the same
    number. The markers of a numbered list (``1. item``) are not numbers. Sorted, unique.
    ``text`` is what a reader reads, not Markdown: link URLs and entities are no text
    (``glossary.conventions.reader_numbers`` gives it that). With ``code``, ``text`` is code: a
    comma or a space only separates numbers there.
    """
    if code:
        return sorted({match.group() for match in _CODE_NUMBER.finditer(text)})
    found = {_normalised(number) for number in _numbers_written(text) if number}
    return sorted(found)


def _numbers_written(text: str) -> list[str]:
    """What ``_NUMBER.findall`` finds in ``text``, list markers as ``""``.

    Indexing runs this over every article, and a regular expression that has to look at each
    character costs more than the rest of the work on an article. Numbers start with a digit, so
    when the only digits are ASCII ones, ``str.find`` (which scans memory, not characters) finds
    each digit and the pattern is only tried there: the same matches, in the same order.
    """
    if _may_hold_other_digits(text) and _OTHER_DIGIT.search(_beyond_ascii(text)):
        return [
            "" if len(match.group()) == 1 and _is_word_digit(text, match.end()) else _marker_or_number(text, match)
            for match in _NUMBER.finditer(text)
        ]
    starts = []
    for digit in "0123456789":
        at = text.find(digit)
        while at >= 0:
            starts.append(at)
            at = text.find(digit, at + 1)
    starts.sort()
    written = []
    end = 0
    for at in starts:
        if at < end:
            continue
        match = _NUMBER.match(text, at)
        if match:  # no match when the digit follows a letter or a separator and a digit
            end = match.end()
            if end - at == 1 and _is_word_digit(text, end):
                written.append("")
                continue
            # Only a number followed by "." or ")" (or nothing) can be a list marker.
            written.append(match.group() if text[end : end + 1] not in ".)" else _marker_or_number(text, match))
    return written


# A digit counting things in Chinese, Japanese or Korean (1つ以上, 5 种, 4種類, 2개): English writes
# these as words (one or more, five kinds), so they are no numbers to compare. The same for a
# digit with an English ordinal's ending (a 3rd party is a third party).
_COUNTERS = frozenset("つ個个种種类類件回人名项項条條组組台개명번가")
_ORDINAL = lazy(r"(?:st|nd|rd|th)\b")


def _is_word_digit(text: str, end: int) -> bool:
    """Whether the one digit ending at ``end`` stands for a word: a counter or an ordinal follows."""
    at = end + 1 if text[end : end + 1] == " " else end
    after = text[at : at + 1]
    if at == end and after and after in "snrt":
        return _ORDINAL.match(text, end) is not None
    return bool(after) and after in _COUNTERS and (after != "가" or text[at : at + 2] == "가지")


def _marker_or_number(text: str, match: re.Match[str]) -> str:
    """The number matched, or ``""`` when it is the marker of a numbered list item (``1.``, ``2)``)."""
    start, end = match.span()
    if end - start > 9 or text[end : end + 1] not in (".", ")") or text[end + 1 : end + 2] not in ("", " ", "\t", "\n"):
        return match.group()
    line_start = text.rfind("\n", 0, start) + 1
    indent = text[line_start:start]
    if indent.strip(" \t") or not match.group().isdigit():  # indented deeper: an item of a nested list
        return match.group()
    return ""


def _beyond_ascii(text: str) -> str:
    """The characters of ``text`` that are not ASCII, in order (dropping bytes is quicker than
    looking at characters: a UTF-8 sequence for a non-ASCII character has no ASCII byte)."""
    return text.encode("utf-8", "surrogatepass").translate(None, _ASCII).decode("utf-8", "surrogatepass")


_ASCII = bytes(range(128))
_OTHER_DIGIT = lazy(r"\d")  # run over non-ASCII characters only
# The first bytes of the UTF-8 forms of every decimal digit that is not ASCII (Arabic-Indic,
# Devanagari, Thai, fullwidth...); a test checks them against the whole of Unicode.
OTHER_DIGIT_LEADS = b"\xd9\xdb\xdf\xe0\xe1\xea\xef\xf0"
_NOT_OTHER_DIGIT_LEADS = bytes(b for b in range(256) if b not in OTHER_DIGIT_LEADS)


def _may_hold_other_digits(text: str) -> bool:
    """False when ``text`` surely holds no digit but ASCII ones: most text of European languages,
    told apart by its bytes in a few microseconds (``_beyond_ascii`` takes several times that)."""
    if text.isascii():
        return False
    return bool(text.encode("utf-8", "surrogatepass").translate(None, _NOT_OTHER_DIGIT_LEADS))


_normalised = functools.lru_cache(maxsize=100_000)(lambda number: normalise_number(number))


_NUMBER_SPACE = lazy(r"[ \u00a0\u202f]")
_GROUPED = lazy(r"[1-9]\d{0,2}(?:([.,])\d{3})(?:\1\d{3})*")


def normalise_number(number: str) -> str:
    """One number as ``numbers`` writes it: no spaces, no thousands separators, a decimal point.

    ``1.000`` and ``1,000`` are read as a thousand (a group of three digits after a first group
    that is not 0); with both separators the last is the decimal one (``1.234,5``, ``1,234.5``).
    Idempotent: a normalised number stays as it is.
    """
    number = _NUMBER_SPACE.sub("", number)
    percent = number.endswith("%")
    digits = number.rstrip("%")
    if "," in digits and "." in digits:
        decimal = max(digits.rfind(","), digits.rfind("."))
        digits = digits[:decimal].replace(",", "").replace(".", "") + "." + digits[decimal + 1 :]
    elif _GROUPED.fullmatch(digits):
        digits = digits.replace(",", "").replace(".", "")
    else:
        digits = digits.replace(",", ".")
    return digits + ("%" if percent else "")
