"""Text analysis: words, Snowball stems, Chinese, Japanese and Korean runs; one definition of each.

Full-text terms: text is folded (case, accents, ``ø`` -> ``o``), split into words and each word
stemmed with its article's language's Snowball stemmer; Chinese, Japanese and Korean runs become
overlapping character pairs, so that any run of characters can be found as a phrase of pairs.
Indexing and queries go through the same ``Analyzer``.

Two kinds of words, on purpose: ``term_words`` are what full-text terms are made of (runs of
letters and digits; an apostrophe or ``_`` separates), ``reader_words`` are words as a reader counts
them (``isn't`` and ``snake_case`` are one word each), for comparing texts with each other.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

from glossary.patterns import lazy
from glossary.text import fold

# Snowball stemmers by primary language subtag.
STEMMERS = {
    "ar": "arabic", "hy": "armenian", "eu": "basque", "ca": "catalan", "cs": "czech", "da": "danish",
    "nl": "dutch", "en": "english", "eo": "esperanto", "et": "estonian", "fi": "finnish",
    "fr": "french", "de": "german", "el": "greek", "hi": "hindi", "hu": "hungarian",
    "id": "indonesian", "ga": "irish", "it": "italian", "lt": "lithuanian", "ne": "nepali",
    "no": "norwegian", "nb": "norwegian", "nn": "norwegian", "fa": "persian", "pl": "polish",
    "pt": "portuguese", "ro": "romanian", "ru": "russian", "sr": "serbian", "es": "spanish",
    "sv": "swedish", "ta": "tamil", "tr": "turkish", "yi": "yiddish",
}  # fmt: skip

# --- words -----------------------------------------------------------------------------------------

_TERM_WORD = lazy(r"[^\W_]+")
_READER_WORD = lazy(r"\w+(?:['’]\w+)*")
_LONGEST_WORD = 64  # longer "words" (hashes, base64) are cut: they are never typed


def term_words(folded: str) -> list[str]:
    """The words full-text search sees in folded text: runs of letters and digits (``_`` and
    apostrophes separate, as they do in the index's terms)."""
    return _TERM_WORD.findall(folded)


def reader_words(text: str) -> list[str]:
    """Words of folded or unfolded ``text`` as a reader counts them: runs of letters, digits and
    ``_``, an apostrophe inside one kept (``isn't``)."""
    return _READER_WORD.findall(text)


def joined_name(folded: str) -> str:
    """A folded name's letters and digits, its words joined: how a name typed with its words
    joined or split (``callbackfunction``, ``컨테이너런타임``) is found."""
    return "".join(_TERM_WORD.findall(folded))


def near_grams(word: str) -> list[str]:
    """The overlapping triples of characters of ``^word$``: words sharing most of them are close."""
    marked = f"^{word}$"
    return list(dict.fromkeys(marked[i : i + 3] for i in range(len(marked) - 2)))


@functools.cache
def lang_term(langkey: str) -> str:
    """The single term under which an article's language is indexed (``zh-cn`` -> ``zhcn``)."""
    return re.sub(r"[^a-z0-9]", "", langkey.lower()) or "x"


# --- Chinese, Japanese and Korean ------------------------------------------------------------------

# Scripts written without spaces between words (and Hangul, whose words carry particles).
_CJK_LETTERS = (
    "\u3040-\u30ff"  # Hiragana, Katakana
    "\u31f0-\u31ff"  # Katakana extensions
    "\u3400-\u4dbf"  # CJK extension A
    "\u4e00-\u9fff"  # CJK unified ideographs
    "\uac00-\ud7af"  # Hangul syllables
    "\uf900-\ufaff"  # CJK compatibility ideographs
    "\uff66-\uff9f"  # half-width Katakana
    "\U00020000-\U0003134f"  # CJK extensions B to G
)
_FIRST_CJK = "\u3040"  # no CJK letter comes before this one

# Where a line of Chinese or Japanese may break: between any two of their letters, CJK punctuation
# and full-width forms. Not Hangul: Korean puts spaces between its words.
WRAP_ANYWHERE = (
    "\u3000-\u30ff"  # CJK punctuation, Hiragana, Katakana
    "\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
    "\uff00-\uffef"  # full-width and half-width forms
    "\U00020000-\U0003134f"
)
_WRAP_RANGES = (
    (0x3000, 0x30FF), (0x31F0, 0x31FF), (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0xFF00, 0xFFEF),
    (0x20000, 0x3134F),
)  # fmt: skip


@functools.cache
def _cjk_split() -> re.Pattern[str]:
    """Compiled on first use: the character ranges cost milliseconds to compile, and most text
    (any whose characters all come before U+3040) never needs them."""
    return re.compile(f"([{_CJK_LETTERS}]+)")


def has_cjk(text: str) -> bool:
    """Whether ``text`` holds Chinese, Japanese or Korean letters (words without spaces between)."""
    return bool(text) and max(text) >= _FIRST_CJK and _cjk_split().search(text) is not None


def is_cjk(text: str) -> bool:
    """Whether ``text`` is one run of CJK letters."""
    return bool(text) and text >= _FIRST_CJK and _cjk_split().fullmatch(text) is not None


def wraps_anywhere(char: str) -> bool:
    """Whether a line may break before or after ``char``: Han, kana, CJK and full-width punctuation."""
    code = ord(char)
    return code >= 0x3000 and any(low <= code <= high for low, high in _WRAP_RANGES)


def split_cjk(word: str) -> list[str]:
    """A folded word cut into its CJK runs and the rest."""
    if not has_cjk(word):
        return [word]
    return [part for part in _cjk_split().split(word) if part]


def cjk_terms(run: str) -> list[str]:
    """Overlapping pairs of a CJK run, then its last character: any part of it is a phrase of these."""
    if len(run) == 1:
        return [run]
    return [run[i : i + 2] for i in range(len(run) - 1)] + [run[-1]]


# --- stems -----------------------------------------------------------------------------------------


def stemmer_name(langkey: str) -> str | None:
    """The Snowball algorithm for a language key (``fi``, ``nb``, ``pt-br``), or None."""
    return STEMMERS.get(langkey.split("-")[0])


def stemmer_version() -> str:
    """Which stemming and script-folding code this process uses (OpenCC's tables of characters
    change with its version); an index built with other code is rebuilt."""
    from importlib.metadata import version

    try:
        import Stemmer  # noqa: F401  (snowballstemmer uses PyStemmer when it is installed)
    except ImportError:
        stems = f"snowballstemmer {version('snowballstemmer')}"
    else:
        stems = f"pystemmer {version('PyStemmer')}"
    return f"{stems}; opencc {version('OpenCC')}"


_EDGE_MARKS = ".,;:!?()\"'"


class _Chunks(dict[str, str]):
    """Whitespace-separated piece of text -> its terms, computed once per distinct piece."""

    def __init__(self, analyzer: Analyzer) -> None:
        super().__init__()
        self.analyzer = analyzer

    def __missing__(self, chunk: str) -> str:
        if len(self) > 2_000_000:  # a huge corpus of unique strings must not fill the memory
            self.clear()
        # "word," and "(word" have the terms of "word": analysed once (these marks are never part
        # of a word, and neither folding nor stemming joins them to a neighbour).
        bare = chunk.strip(_EDGE_MARKS)
        terms = " ".join(self.analyzer.chunk_terms(chunk)) if bare == chunk else self[bare] if bare else ""
        self[chunk] = terms
        return terms


_QUERY_ANALYZERS: dict[str, Analyzer] = {}


class Analyzer:
    """Turns text of one language into full-text terms; the same for indexing and for queries.

    Text is split at white space first and each distinct piece analysed once (folded, cut into
    words, stemmed): articles repeat their words, so most of the work is a dictionary look-up.
    ``words`` collects the folded words met, for the vocabulary.
    """

    def __init__(self, langkey: str) -> None:
        self.algorithm = stemmer_name(langkey)
        self._stem: Callable[[str], str] | None = None
        if self.algorithm:
            import snowballstemmer

            self._stem = snowballstemmer.stemmer(self.algorithm).stemWord
        self.stems: dict[str, str] = {}
        self.chunks = _Chunks(self)
        self.words: set[str] = set()

    @classmethod
    def for_query(cls, langkey: str) -> Analyzer:
        """A shared analyzer for query words (never used for indexing, so its ``words`` is unused)."""
        if langkey not in _QUERY_ANALYZERS:
            _QUERY_ANALYZERS[langkey] = cls(langkey)
        return _QUERY_ANALYZERS[langkey]

    def term(self, word: str) -> str:
        """The term of one folded word without CJK characters: its stem."""
        term = self.stems.get(word)
        if term is None:
            # An unstemmed word is itself, cut to ``_LONGEST_WORD`` (a cut changes only longer ones).
            term = word[:_LONGEST_WORD] if len(word) > _LONGEST_WORD or self._stem is None else self._stem(word)
            self.stems[word] = term
        return term

    def chunk_terms(self, chunk: str) -> list[str]:
        """Terms of a piece of text: folded words stemmed, CJK runs as character pairs."""
        terms: list[str] = []
        for word in _TERM_WORD.findall(fold(chunk)):
            if word.isascii() or not has_cjk(word):
                terms.append(self.term(word))
                self.words.add(word)
                continue
            for part in _cjk_split().split(word):
                if not part:
                    continue
                if is_cjk(part):
                    terms.extend(cjk_terms(part))
                else:
                    terms.append(self.term(part))
                    self.words.add(part)
        return terms

    def column(self, text: str) -> str:
        """The terms of ``text`` as one string, as the full-text table stores them."""
        return " ".join(map(self.chunks.__getitem__, text.split()))


# --- a description said again ----------------------------------------------------------------------

_SAME_TEXT = 20  # characters of CJK text that, read at a lead's start, are its description repeated


def repeats_description(lead: str, description: str, *, whole: bool = False) -> bool:
    """Whether ``lead`` starts with ``description`` (with ``whole``: says exactly it, no more), word
    for word as a reader reads them: markup, links and case aside (the Kubernetes glossary repeats
    its description as the lead's first paragraph, MDN's has it in bold). Chinese and Japanese put
    no space between words, so there the words are compared joined (``な Kubernetes の`` is
    ``なKubernetesの``), and the description must end where one of the lead's words or sentences
    ends, or be too long to be a mere prefix."""
    import itertools

    from glossary.conventions import plain_text

    said = reader_words(fold(plain_text(description)))
    # The lead's words as far as the description could reach: a long lead is not read whole.
    opening = reader_words(fold(plain_text(lead if whole else lead[: 4 * len(description) + 200])))
    if not said:
        return False
    if has_cjk(description):
        joined, read = "".join(said), "".join(opening)
        if whole:
            return joined == read
        ends = set(itertools.accumulate(map(len, opening)))
        return read.startswith(joined) and (len(joined) >= _SAME_TEXT or len(joined) in ends)
    return opening == said if whole else opening[: len(said)] == said
