"""Where a line of Chinese or Japanese text may break: Rich wraps only at white space.

Chinese and Japanese put no space between words, so Rich takes a whole sentence for one word: it
breaks early at the last space before it (``Pod`` alone at a line's end) and then folds it at the
width, wherever that falls, even before a full stop (``。`` alone at a line's start). Here a line
may also break between two characters of those scripts, except before a closing mark (``。、」``,
small kana, the prolonged sound mark) and after an opening one (``「（``): the rules of kinsoku
shori, as far as a terminal needs them. Korean is left as Rich wraps it: it spaces its words. A
term in ASCII double quotes, as the reports quote terms (``"属性" 2``), breaks only at its spaces.

``install`` puts ``line_breaks`` in place of Rich's ``divide_line`` for text that holds such
characters; any other text is wrapped by Rich's own, unchanged.
"""

from __future__ import annotations

from collections.abc import Callable

# Marks that may not start a line, even after a space: the closing marks of Chinese and Japanese,
# small kana, iteration and prolonged sound marks (JIS X 4051).
NO_START = frozenset(
    "、。，．！？：；）］｝」』】〉》〕〗〙〛’”»"
    "ゝゞーァィゥェォッャュョヮヵヶぁぃぅぇぉっゃゅょゎゕゖㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ々〻‐゠–〜～・"
)
# Latin marks that stay with the character before them (``属性",``); after a space a line may
# start with one, as in Latin text (``!important``).
NO_START_UNSPACED = frozenset(",.!?:;)]}\"'")
# Characters that may not end a line: opening brackets and quotes.
NO_END = frozenset("(（[［{｛「『【〈《〔〖〘〚‘“«\"'")


def breaks_between(char: str) -> bool:
    """Whether a line may break before or after ``char`` without a space: a Chinese or Japanese
    character or mark (Han, kana, CJK punctuation, fullwidth forms), not Hangul."""
    code = ord(char)
    return (
        0x2E80 <= code <= 0x9FFF  # radicals, CJK punctuation, kana, Han
        or 0xF900 <= code <= 0xFAFF  # compatibility ideographs
        or 0xFE30 <= code <= 0xFE4F  # vertical forms
        or 0xFF00 <= code <= 0xFFEF  # fullwidth forms
        or 0x20000 <= code <= 0x3FFFF  # Han beyond the first plane
    ) and not 0xA000 <= code <= 0xABFF  # Yi and others between: spaced scripts


def _joins(char: str) -> bool:
    """Whether ``char`` belongs to the character before it: a combining mark (``か`` and U+3099), a
    variation selector or a zero-width joiner."""
    import unicodedata

    code = ord(char)
    return (
        unicodedata.combining(char) != 0
        or 0xFE00 <= code <= 0xFE0F
        or 0xE0100 <= code <= 0xE01EF
        or code in (0x200D, 0x3099, 0x309A)
    )


def _is_hangul(char: str) -> bool:
    code = ord(char)
    return 0x1100 <= code <= 0x11FF or 0x3130 <= code <= 0x318F or 0xAC00 <= code <= 0xD7AF


def _may_break_before(text: str, at: int, quoted: bool) -> bool:
    before, char = text[at - 1], text[at]
    if char.isspace() or char in NO_START or _joins(char) or before == "\u200d":
        return False  # a closing mark stays with what it closes, a space between or not
    if before.isspace():
        return True
    if quoted or char in NO_START_UNSPACED or before in NO_END or _is_hangul(before) or _is_hangul(char):
        return False
    return breaks_between(before) or breaks_between(char)


def line_breaks(text: str, width: int, fold: bool = True) -> list[int]:
    """Offsets at which to break ``text`` so that each line takes at most ``width`` cells, as Rich's
    ``divide_line`` gives them (a line starts at its first character after the spaces it breaks at):
    at spaces, and between Chinese or Japanese characters where ``NO_START`` and ``NO_END`` allow.
    A run with no break in it longer than a line folds at the width when ``fold``, else runs on."""
    from rich.cells import get_character_cell_size

    breaks: list[int] = []
    start = used = 0  # where the line starts, and its cells so far (not counting spaces it starts with)
    last = 0  # the last place the line may break, after ``start`` (0: none yet)
    at, length = 0, len(text)
    quoted = False  # inside "...": a term a report quotes (``"属性" 2``) breaks only at its spaces
    while at < length:
        char = text[at]
        if at > start and _may_break_before(text, at, quoted):
            last = at
        size = get_character_cell_size(char)
        if used + size > width and not char.isspace() and used:
            if last > start:
                breaks.append(last)
                start, last = last, 0
                used = sum(get_character_cell_size(c) for c in text[start:at].lstrip())
                continue
            if fold:
                # A fold too keeps a closing mark, a combining mark, with the character before it,
                # and an opening mark with the one after it.
                cut = at
                while cut - 1 > start and (text[cut] in NO_START or _joins(text[cut]) or text[cut - 1] in NO_END):
                    cut -= 1
                if cut < at and not (text[cut] in NO_START or _joins(text[cut]) or text[cut - 1] in NO_END):
                    breaks.append(cut)
                    start, last = cut, 0
                    used = sum(get_character_cell_size(c) for c in text[start:at])
                    continue
                breaks.append(at)
                start, last, used = at, 0, 0
        if used or not char.isspace() or at == 0:
            used += size
        if char == '"':
            quoted = not quoted
        at += 1
    return breaks


def _with_line_breaks(rich_divide: Callable[[str, int, bool], list[int]]) -> Callable[[str, int, bool], list[int]]:
    def divide_line(text: str, width: int, fold: bool = True) -> list[int]:
        if not text.isascii() and max(text) >= "\u2e80" and any(breaks_between(c) for c in text if c >= "\u2e80"):
            return line_breaks(text, width, fold)
        return rich_divide(text, width, fold)

    divide_line.rich_divide = rich_divide  # type: ignore[attr-defined]
    return divide_line


def install() -> None:
    """Wrap Chinese and Japanese text with ``line_breaks``: Rich's ``Text.wrap`` calls the
    ``divide_line`` of its module, which is replaced once a process (a Rich without it keeps its own)."""
    import rich.text

    current = getattr(rich.text, "divide_line", None)
    if current is not None and not hasattr(current, "rich_divide"):
        rich.text.divide_line = _with_line_breaks(current)  # type: ignore[assignment]
