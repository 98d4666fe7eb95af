"""Finding a language's terms in text: inflected forms, compounds, languages without spaces.

``TermFinder`` holds the terms of one language (each a ``Term``: words, concept, TBX status) and
finds them in a text as ``Hit``s. Words of languages written with spaces are matched by Snowball
stems (a light plural rule for English, whose stemmer would make ``contains`` a ``container``),
a stem with a short ending left, stems a vowel apart, and in languages that join words, compound
heads; a term of several words may be written as one word or with a hyphen. Chinese, Japanese and
Korean are matched character by character without the spaces, middle dots, hyphens and long-vowel
marks between, a Latin term as a whole word, a Korean term at the start of a word (its particles
follow it). Where terms overlap, the one of more words wins, then the later one.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from glossary.text import fold as _fold_text
from glossary.text import simplified_chinese

ACCEPTED = ("preferred", "admitted")  # statuses of a term a text may use
AVOIDED = ("deprecated", "superseded")


@dataclass(frozen=True)
class Term:
    """One name of a concept in one language, with its TBX status."""

    text: str
    slug: str
    status: str


@dataclass(frozen=True)
class Hit:
    """Where a term occurs in a text (character offsets)."""

    start: int
    end: int
    term: Term
    size: int = 1  # words (characters in languages without spaces): the more, the surer the match


fold = functools.lru_cache(maxsize=1 << 17)(_fold_text)  # the same words are folded again and again

_UNSPACED = ("ja", "zh", "ko")
_COMPOUNDING = ("de", "nl", "sv", "da", "no", "nb", "nn", "is", "fi")  # words are joined into compounds
WORD = re.compile(r"[^\W_]+")
# A word of a language written with spaces: letters and digits, not those of Chinese, Japanese or Korean, so
# that a name kept in English inside Japanese text (Persistent Volumeコントローラー) is a word of its own.
_SPACED_WORD = re.compile(r"[^\W_\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\uff9f]+")
# Dropped before matching in unspaced languages: spaces, middle dots, hyphens, slashes, the long-vowel mark.
_DROPPED = frozenset(" \t\n\u3000\u30fb\uff65\u00b7\u2027-\u2010\u2011\u30fc\uff70/")
_JOINS = re.compile(r"\s+|\s*[-\u2010\u2011\u2013]\s*|['\u2019./]")  # what may stand between a term's words
_INNER_HYPHEN = re.compile(r"(?<=\w)-(?=\w)")
_VOWELS = frozenset("aeiouyąęóаеёиоуыэюяії")
_VERSION = re.compile(r"v?\d+")
_VERSION_END = re.compile(r"(?<=[a-z])\d+$")  # POP3, HTTP2
_JOINING_PARTICLES = {"ja": frozenset("の"), "zh": frozenset("的")}
# A Latin note in brackets between two CJK letters: 边车（sidecar）容器.
_CJK_LETTER = "[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]"
_INNER_NOTE = re.compile(rf"(?<={_CJK_LETTER})[(（][a-z0-9 .,'\-]+[)）](?={_CJK_LETTER})")
_LATIN = re.compile(r"[a-z0-9]")


def _english_plural(word: str) -> str:
    """A light English stem: plurals and possessives only (Snowball's would make ``contains`` a
    ``container``)."""
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "xes", "ches", "shes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 3:
        return word[:-1]
    return word


def _common_prefix(a: str, b: str) -> int:
    size = min(len(a), len(b))
    for index in range(size):
        if a[index] != b[index]:
            return index
    return size


class TermFinder:
    """Finds the terms of one language in its texts, inflected forms and spelling variants included."""

    def __init__(self, langkey: str, terms: Iterable[Term] = ()) -> None:
        self.langkey = langkey
        primary = langkey.split("-")[0].lower()
        self.unspaced = primary in _UNSPACED
        self.word_start = primary == "ko"  # Korean particles follow a word: a term starts one
        self.inflects = primary in ("ja", "ko")  # written without spaces, with endings
        self.compounds = primary in _COMPOUNDING  # a word may end with a term: its head
        self._dropped = _DROPPED | _JOINING_PARTICLES.get(primary, frozenset())
        self._stem: Callable[[str], str] | None = None
        if primary == "en":
            self._stem = _english_plural
        elif not self.unspaced:
            from glossary.analysis import stemmer_name

            algorithm = stemmer_name(primary)
            if algorithm:
                import snowballstemmer

                self._stem = snowballstemmer.stemmer(algorithm).stemWord
        self._keys: dict[str, str] = {}
        # Languages with spaces: terms by their first word; each word of a text, once, the term words it is a form of.
        self._spaced: dict[str, list[tuple[tuple[str, ...], Term]]] = defaultdict(list)
        self._term_words: set[str] = set()
        self._by_exact: dict[str, set[str]] = defaultdict(set)  # term words by folded word and folded stem
        self._by_bucket: dict[str, list[str]] = defaultdict(list)  # by the first four letters of the stem
        self._by_tail: dict[str, list[str]] = defaultdict(list)  # languages that join words: by a stem's end
        self._matches: dict[str, frozenset[str]] = {}
        self._compact: dict[str, list[tuple[str, Term]]] = defaultdict(list)
        self.terms: list[Term] = []
        self._found: dict[str, list[Hit]] = {}  # texts are searched by several checks
        for term in terms:
            self.add(term)

    # --- words -----------------------------------------------------------------------------------

    def _key(self, folded: str) -> str:
        key = self._keys.get(folded)
        if key is None:
            key = self._keys[folded] = self._stem(folded) if self._stem else folded
        return key

    def same_word(self, term_word: str, text_word: str) -> bool:
        """Whether a folded word of a text is a form of a folded word of a term."""
        if (
            term_word == text_word
            or fold(term_word) == fold(text_word)
            or text_word in (term_word + "s", term_word + "es")
        ):
            return True  # the same, accents aside, or a plural in s as loanwords take it (Codecs)
        term_key, text_key = self._key(term_word), self._key(text_word)
        if term_key == text_key or fold(term_key) == fold(text_key):
            return True
        term_key, text_key = fold(term_key), fold(text_key)
        if self._stem is not None and self._stem is not _english_plural:
            # A stem with an ending the stemmer left (kompiliert of kompili), or stems a vowel apart, as
            # a declension drops it (Polish klaster/klastr).
            shorter, longer = sorted((term_key, text_key), key=len)
            if len(shorter) >= 5 and longer.startswith(shorter) and len(longer) - len(shorter) <= 3:
                return True
            if len(shorter) < 5 or len(longer) != len(shorter) + 1:
                return False
            cut = _common_prefix(shorter, longer)
            return longer[cut] in _VOWELS and longer[cut + 1 :] == shorter[cut:]
        if self._stem is _english_plural:
            return False
        # No stemmer: a word that starts with the term's word and adds an ending of three letters at most.
        return len(term_word) >= 4 and text_word.startswith(term_word) and len(text_word) - len(term_word) <= 3

    def compact(self, text: str) -> str:
        """Folded ``text`` as unspaced matching sees it."""
        folded, _ = _folded_with_offsets(text)
        return "".join(folded[index] for index in self._kept(folded))

    def _kept(self, folded: str) -> list[int]:
        """Offsets of the characters unspaced matching reads: spaces, middle dots, the long-vowel mark,
        a Latin note in brackets inside a word (边车（sidecar）容器) and the particle that may join the
        words of a term (ノードの圧迫, 托管的服务) left out."""
        dropped = self._dropped
        if ("(" in folded or "（" in folded) and _has_letters(folded):
            notes = {i for match in _INNER_NOTE.finditer(folded) for i in range(match.start(), match.end())}
            return [index for index, char in enumerate(folded) if char not in dropped and index not in notes]
        return [index for index, char in enumerate(folded) if char not in dropped]

    # --- terms -------------------------------------------------------------------------------------

    def add(self, term: Term) -> None:
        self.terms.append(term)
        self._found.clear()
        if self.unspaced:
            compact = self.compact(term.text)
            if compact:
                self._compact[compact[:2]].append((compact, term))
            return
        words = tuple(_SPACED_WORD.findall(lower(term.text)))
        if not words:
            return
        forms = [words]
        if len(words) > 1:  # a compound written as one word: Containerlaufzeit, control-plane
            forms.append(("".join(words),))
        for form in forms:
            self._spaced[form[0]].append((form, term))
            for word in form:
                if word not in self._term_words:
                    self._term_words.add(word)
                    self._by_exact[fold(word)].add(word)
                    self._by_exact[fold(self._key(word))].add(word)
                    self._by_bucket[fold(self._key(word))[:4]].append(word)
                    if self.compounds and len(self._key(word)) >= 4:
                        self._by_tail[self._key(word)[-4:]].append(word)
                    self._matches.clear()

    def within(self, words: str, term: str) -> bool:
        """Whether ``words`` are a part of ``term`` (``Web`` of ``World Wide Web``, ``POP`` of ``POP3``),
        inflection allowed: in a language without spaces, words that differ from the term only in
        their last character, a kana or Hangul ending, after two or more the same (안전한 of 안전함,
        クロール of クローラー; not in Chinese, whose last character names the thing: 控制器 is no 控制面)."""
        if self.unspaced:
            part, whole = self.compact(words), self.compact(term)
            if self.inflects and len(part) == len(whole) >= 3 and part[:-1] == whole[:-1]:
                return _is_ending(part[-1]) and _is_ending(whole[-1])
            return bool(part) and part in whole
        mine = [word for word in WORD.findall(lower(words)) if not _VERSION.fullmatch(word)]  # Explorer 3.0
        theirs = [_VERSION_END.sub("", word) or word for word in WORD.findall(lower(term))]
        return bool(mine) and any(
            all(self.same_word(theirs[start + offset], word) for offset, word in enumerate(mine))
            for start in range(len(theirs) - len(mine) + 1)
        )

    # --- finding -----------------------------------------------------------------------------------

    def find(self, text: str, *, overlapping: bool = False) -> list[Hit]:
        """Terms in ``text``, by position. Without ``overlapping``, terms that overlap give way to the one
        of more words (``container runtime`` hides ``container``), and of as many to the later one, as
        the last word of a name is its head (``Kubernetes API server`` is an API server)."""
        hits = self._found.get(text)
        if hits is None:
            hits = self._find_unspaced(text) if self.unspaced else self._find_spaced(text)
            hits = sorted(set(hits), key=lambda hit: (hit.start, hit.start - hit.end, hit.term.slug, hit.term.text))
            if len(self._found) > 10_000:
                self._found.clear()
            self._found[text] = hits
        if overlapping:
            return hits
        kept: list[Hit] = []
        spans: set[tuple[int, int]] = set()
        taken = bytearray(len(text) + 1)
        for hit in sorted(hits, key=lambda hit: (-hit.size, -hit.end, hit.start)):
            if (hit.start, hit.end) in spans:
                kept.append(hit)  # the same words, a term of several concepts
            elif not any(taken[hit.start : hit.end]):
                kept.append(hit)
                spans.add((hit.start, hit.end))
                taken[hit.start : hit.end] = b"\x01" * (hit.end - hit.start)
        return sorted(kept, key=lambda hit: (hit.start, hit.start - hit.end, hit.term.slug, hit.term.text))

    def _forms_of(self, written: str) -> frozenset[str]:
        """The term words a word of a text, as written, is a form of."""
        found = self._matches.get(written)
        if found is None:
            word = lower(written)
            key = fold(self._key(word))
            # Equal folded, or of equal stems, or a plural in s; then the looser rules of ``same_word``,
            # which need the first four letters of the stems equal.
            forms = set(self._by_exact.get(fold(word), ())) | self._by_exact.get(key, set())
            for plural in ("s", "es"):
                if word.endswith(plural):
                    forms.update(self._by_exact.get(fold(word[: -len(plural)]), ()))
            forms.update(term for term in self._by_bucket.get(key[:4], ()) if self.same_word(term, word))
            if self.compounds and len(word) >= 7:  # Instanzmethode is a Methode
                key = self._key(word)
                forms.update(
                    term
                    for term in self._by_tail.get(key[-4:], ())
                    if len(key) - len(self._key(term)) >= 3 and key.endswith(self._key(term))
                )
            found = self._matches[written] = frozenset(forms)
        return found

    def _find_spaced(self, text: str) -> list[Hit]:
        tokens = list(_SPACED_WORD.finditer(text))
        forms_of = self._forms_of
        written = list(map(re.Match.group, tokens))
        known = self._matches
        forms = [known[word] if word in known else forms_of(word) for word in written]
        hits: list[Hit] = []
        if "-" in text:  # a word written with a hyphen: Scroll-Grenze for Scrollgrenze
            after = {token.end(): index for index, token in enumerate(tokens)}
            for hyphen in _INNER_HYPHEN.finditer(text):
                index = after.get(hyphen.start(), -1)
                if index < 0 or index + 1 >= len(tokens) or tokens[index + 1].start() != hyphen.end():
                    continue
                joined = written[index] + written[index + 1]
                for term_words, term in (pair for first in forms_of(joined) for pair in self._spaced[first]):
                    if len(term_words) == 1:
                        hits.append(Hit(tokens[index].start(), tokens[index + 1].end(), term, 2))
        for index, matched in enumerate(forms):
            if not matched:
                continue
            for first in matched:
                for term_words, term in self._spaced[first]:
                    size = len(term_words)
                    if index + size > len(tokens) or any(
                        term_words[offset] not in forms[index + offset] for offset in range(1, size)
                    ):
                        continue
                    if size == 1 or all(
                        _JOINS.fullmatch(text, tokens[index + offset].end(), tokens[index + offset + 1].start())
                        for offset in range(size - 1)
                    ):
                        hits.append(Hit(tokens[index].start(), tokens[index + size - 1].end(), term, size))
        return hits

    def _find_unspaced(self, text: str) -> list[Hit]:
        folded, offsets = _folded_with_offsets(text)
        kept = self._kept(folded)
        compact = "".join(folded[index] for index in kept)
        if not compact:
            return []
        pairs = {compact[index : index + 2] for index in range(len(compact))}
        pairs.update(compact)  # terms of one character
        hits: list[Hit] = []
        for pair in pairs:
            for term_compact, term in self._compact.get(pair, ()):
                start = compact.find(term_compact)
                while start != -1:
                    end = start + len(term_compact)
                    if self._bounded(folded, kept[start], kept[end - 1] + 1, term_compact):
                        hits.append(Hit(offsets[kept[start]], offsets[kept[end - 1] + 1], term, end - start))
                    start = compact.find(term_compact, start + 1)
        return hits

    def _bounded(self, folded: str, start: int, end: int, term: str) -> bool:
        """Whether a match in unspaced text stands on its own: a Latin term is a whole word (a plural
        ``s`` allowed), a Korean term starts a word."""
        before = folded[start - 1] if start else " "
        if _LATIN.match(term[0]) and _LATIN.match(before):
            return False
        if _LATIN.match(term[-1]):
            after = folded[end : end + 3]
            rest = after[1:] if after[:1] == "s" else after
            if rest[:1] and _LATIN.match(rest[0]):
                return False
        return not (self.word_start and _is_hangul(term[0]) and _is_hangul(before))


def lower(text: str) -> str:
    """Text in lower case, its accents kept: what a stemmer reads (``kontenerów``)."""
    return unicodedata.normalize("NFKC", text).casefold()


def _is_ending(char: str) -> bool:
    """A kana or a Hangul syllable: what an ending of Japanese or Korean is written with."""
    return "\u3040" <= char <= "\u30ff" or _is_hangul(char)


def _has_letters(text: str) -> bool:
    return any("a" <= char <= "z" for char in text)


def _is_hangul(char: str) -> bool:
    return "\uac00" <= char <= "\ud7af"


def _folded_with_offsets(text: str) -> tuple[str, list[int]]:
    """``text`` folded (NFKC, case, Traditional Chinese as Simplified) for unspaced matching, with the
    offset in ``text`` of each folded character and one past the end. Kana stay as they are: の between
    two words is a particle the matching allows, ノ in a word is not."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    if len(folded) == len(text):
        offsets = list(range(len(text) + 1))
    else:
        chars: list[str] = []
        offsets = []
        for index, char in enumerate(text):
            for piece in unicodedata.normalize("NFKC", char).casefold():
                chars.append(piece)
                offsets.append(index)
        offsets.append(len(text))
        folded = "".join(chars)
    if folded and max(folded) >= "\u3041":
        scripts = simplified_chinese(folded)
        if len(scripts) == len(folded):  # a character for a character: the offsets hold
            folded = scripts
        else:
            folded = "".join(simplified_chinese(char)[:1] or char for char in folded)
    return folded, offsets
