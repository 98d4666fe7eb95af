"""Terminology checks: does a language say each concept the way its glossary does?

A concept's *terms* in a language come from its article there: the title is the preferred term,
synonyms (``aka``), a source term a translated title keeps in brackets (``名字空间（Namespace）``)
and a title without its abbreviation are admitted, and the front matter may declare more under
``terms`` with TBX's statuses (see ``articles.term_statuses``), deprecated and superseded ones too.

Four checks, each a kind of ``Finding``:

``link-text``
    A link or tooltip whose words are not a term of the concept it links to, inflection allowed.
``missing-term``
    A concept whose source-language term the source article uses, while the translation uses none
    of the concept's terms in its language (nor links to it). Reported with the source sentence.
``deprecated-term``
    A deprecated or superseded term used anywhere, with the preferred one.
``renderings``
    The different words one language uses for one concept, most frequent first.

Words are matched as ``TermFinder`` says: Snowball stems (a light plural rule for English) and a
prefix rule in languages written with spaces; in Chinese, Japanese and Korean, characters without
the spaces and middle dots between them, a trailing long-vowel mark optional, and a Korean term
starting a word (its particles follow it). Text is what a reader sees: comments, code and
link targets are no text.
"""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from glossary.errors import BadData, UsageError
from glossary.text import fold as _fold_text

if TYPE_CHECKING:
    from glossary.conventions import Link
    from glossary.corpus import Corpus

KINDS = ("link-text", "missing-term", "deprecated-term", "renderings")  # report order; part of --json
ACCEPTED = ("preferred", "admitted")  # statuses a text may use
AVOIDED = ("deprecated", "superseded")


# --- what a language calls its concepts --------------------------------------------------------------


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
_WORD = re.compile(r"[^\W_]+")
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
        words = tuple(_SPACED_WORD.findall(_lower(term.text)))
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
        mine = [word for word in _WORD.findall(_lower(words)) if not _VERSION.fullmatch(word)]  # Explorer 3.0
        theirs = [_VERSION_END.sub("", word) or word for word in _WORD.findall(_lower(term))]
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
            word = _lower(written)
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


def _lower(text: str) -> str:
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
    """``text`` folded (NFKC, case) for unspaced matching, with the offset in ``text`` of each
    folded character and one past the end."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    if len(folded) == len(text):
        return folded, list(range(len(text) + 1))
    chars: list[str] = []
    offsets: list[int] = []
    for index, char in enumerate(text):
        for piece in unicodedata.normalize("NFKC", char).casefold():
            chars.append(piece)
            offsets.append(index)
    offsets.append(len(text))
    return "".join(chars), offsets


# --- pages: a text as the checks read it -----------------------------------------------------------


@dataclass
class Page:
    """One Markdown file as the checks read it: its names, declared terms, links and prose.

    ``text`` keeps the file's lines from ``first_line`` on (comments, code and link targets blanked),
    so that an offset in it has a line in the file.
    """

    slug: str | None
    key: str
    path: str
    title: str
    title_note: str
    aka: list[str]
    declared: dict[str, list[str]]
    text: str
    first_line: int
    links: list[Link]
    _line_starts: list[int] = field(default_factory=list, repr=False)
    _terms: list[Term] | None = field(default=None, repr=False)
    # Links whose words the site fills in with the concept's title (a Hugo tooltip without text).
    named_by_site: Counter[tuple[int, str]] = field(default_factory=Counter, repr=False)

    def own_words(self) -> list[Link]:
        """The links whose words the page itself writes."""
        if not self.named_by_site:
            return self.links
        left, own = Counter(self.named_by_site), []
        for link in self.links:
            place = (link.line, link.target)
            if left[place] and concept_words(link.text) == link.target:
                left[place] -= 1  # words as the reader of the file sees them: the concept's slug
            else:
                own.append(link)
        return own

    def line_at(self, offset: int) -> int:
        if not self._line_starts:
            self._line_starts = [0] + [match.end() for match in re.finditer("\n", self.text)]
        return self.first_line + bisect.bisect_right(self._line_starts, offset) - 1

    def terms(self) -> list[Term]:
        """The concept's terms in this page's language, preferred first."""
        if self._terms is None:
            self._terms = self._named_terms()
        return self._terms

    def _named_terms(self) -> list[Term]:
        from glossary.conventions import title_without_abbreviation

        slug = self.slug or ""
        preferred = self.declared.get("preferred") or [self.title]
        admitted = [self.title, *self.aka, *self.declared.get("admitted", [])]
        if self.title_note:
            admitted.append(self.title_note.rsplit(",", 1)[-1].strip())
        admitted.append(title_without_abbreviation(self.title))
        for name in [*preferred, self.title, *self.aka]:
            admitted.extend(name_variants(name))
        named: dict[str, Term] = {}
        for status, names in (("preferred", preferred), ("admitted", admitted), *self.declared.items()):
            for name in names:
                if name.strip() and fold(name) not in named:
                    named[fold(name)] = Term(name.strip(), slug, status)
        return list(named.values())

    def sentence_at(self, start: int, end: int) -> str:
        """The sentence around ``text[start:end]``, as one line."""
        line_start = self.text.rfind("\n\n", 0, start) + 1
        line_end = self.text.find("\n\n", end)
        line = self.text[line_start : line_end if line_end != -1 else len(self.text)]
        before, after = line[: start - line_start], line[end - line_start :]
        cut = max((match.end() for match in _SENTENCE_END.finditer(before)), default=0)
        stop = _SENTENCE_END.search(after)
        sentence = before[cut:] + line[start - line_start : end - line_start] + after[: stop.end() if stop else None]
        sentence = " ".join(sentence.replace("**", "").replace("[", "").replace("]", "").split()).strip(" -*>#")
        return sentence if len(sentence) <= 300 else sentence[:299] + "…"


_LIST_SEPARATOR = re.compile(r"\s*[;；,，、]\s*")


def name_variants(name: str) -> list[str]:
    """Other names a name with a bracket at its end holds: ``资源（基础设施）`` is ``资源`` with a
    qualifier; ``API Group (API 组)`` and ``控制组（cgroup；control group）`` name the concept in two
    scripts; ``Container Runtime Interface (CRI)`` holds its abbreviation. A qualifier
    (``Selector (CSS)``, ``Baseline (Typografie)``) is no name of its own."""
    name = name.strip()
    if not name.endswith((")", "）")):
        return []
    depth, opening = 0, -1
    for index in range(len(name) - 1, -1, -1):
        depth += name[index] in ")）"
        depth -= name[index] in "(（"
        if depth == 0:
            opening = index
            break
    outer, inner = name[:opening].strip(), name[opening + 1 : -1].strip()
    if opening <= 0 or not outer or not inner:
        return []
    names = [outer, *name_variants(outer)]
    if _is_initials(inner, outer) or _script(inner) != _script(outer):
        for part in _LIST_SEPARATOR.split(inner):
            names.append(part)
            names.extend(variant for variant in name_variants(part)[:1])  # セレクター of セレクター (CSS)
    return [item for item in names if item]


def _script(text: str) -> str:
    from glossary.analysis import has_cjk

    return "cjk" if has_cjk(text) else "latin" if re.search("[A-Za-z]", text) else "other"


def _is_initials(short: str, name: str) -> bool:
    initials = "".join(word[0] for word in _WORD.findall(name)).casefold()
    return short.isupper() and initials.startswith(short.casefold()[:2]) and len(short) <= len(initials) + 1


_SENTENCE_END = re.compile(r"[.!?](?=\s)|[。！？]")
_CODE_SPAN = re.compile(r"(`+)(?!`).*?(?<!`)\1(?!`)", re.DOTALL)
_LINK_URL = re.compile(r"(!?\[[^\[\]\n]*\])(\((?:<[^<>\n]*>|(?:[^()\s]|\([^()\s]*\))*)(?:\s+\"[^\"\n]*\")?\s*\))")
_URL = re.compile(r"\b[a-z][a-z0-9+.-]*://[^\s<>]*", re.IGNORECASE)
_TAG = re.compile(r"</?[A-Za-z][^<>\n]*>")


def _blank(match: re.Match[str]) -> str:
    return re.sub(r"[^\n]", " ", match.group())


def prose(body: str, first_line: int, links: list[Link]) -> str:
    """What a reader sees of a Markdown body, line for line: code, tags and link targets blanked."""
    from glossary.articles import FENCE
    from glossary.conventions import reader_text

    text = reader_text(body, first_line, links)
    if "```" in text or "~~~" in text:
        lines, fence = text.split("\n"), None
        for number, line in enumerate(lines):
            opening = FENCE.match(line)
            if fence is not None or opening:
                if fence is None and opening:
                    fence = opening.group(1)
                elif opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence or ""):  # type: ignore[index]
                    fence = None
                lines[number] = ""
        text = "\n".join(lines)
    if "`" in text:
        text = _CODE_SPAN.sub(_blank, text)
    if "](" in text:
        text = _LINK_URL.sub(lambda match: match.group(1) + " " * len(match.group(2)), text)
    if "<" in text:
        text = _TAG.sub(_blank, text)
    if "://" in text:
        text = _URL.sub(_blank, text)
    return text


def read_page(path: str | Path, *, key: str, slug: str | None = None) -> Page:
    """Read a Markdown file as a ``Page``; raise ``BadData`` when it cannot be read as text."""
    from glossary.articles import load_front_matter, split_body, split_front_matter, term_statuses
    from glossary.conventions import reader_line, split_title_note
    from glossary.text import sanitize

    try:
        raw = Path(path).read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise BadData(f"cannot read {path}: {exc.strerror or 'error'}") from None
    except UnicodeDecodeError as exc:
        raise BadData(f"cannot use {path}: not UTF-8 (byte {exc.start})") from None
    text = sanitize(raw)
    front, body, body_line = split_front_matter(text)
    metadata = load_front_matter(_keys_read(front), []) if front is not None else {}
    title_value = metadata.get("title")
    title = reader_line(title_value) if isinstance(title_value, str) else ""
    if not title:
        title = reader_line(split_body(body)[0])
    title, note = split_title_note(title or slug or "")  # as the glossary shows it: else the slug
    aka = metadata.get("aka")
    synonyms = [" ".join(name.split()) for name in (aka if isinstance(aka, list) else []) if isinstance(name, str)]
    if isinstance(aka, str) and aka.strip():
        synonyms = [" ".join(name.split()) for name in aka.split(",") if name.strip()]
    links: list[Link] = []
    shown = prose(body, body_line, links)
    page = Page(slug, key, str(path), title, note, synonyms, term_statuses(metadata), shown, body_line, links)
    if "glossary_tooltip" in body:
        page.named_by_site = _tooltips_without_words(body, body_line)
    return page


_TOP_KEY = re.compile(r"^([A-Za-z_][\w-]*)\s*:", re.MULTILINE)
_KEYS_READ = frozenset(("title", "aka", "terms"))


def _keys_read(front: str) -> str:
    """The front matter's blocks of the keys the checks read (title, aka, terms), so that the YAML
    reader is spared the rest (MDN's nested ``l10n`` would need it)."""
    starts = [(match.start(), match.group(1)) for match in _TOP_KEY.finditer(front)]
    kept = [
        front[start : starts[number + 1][0] if number + 1 < len(starts) else len(front)]
        for number, (start, key) in enumerate(starts)
        if key in _KEYS_READ
    ]
    return "".join(part if part.endswith("\n") else part + "\n" for part in kept)


_TOOLTIP = re.compile(r"\{\{<\s*glossary_tooltip\b([^>]*)>\}\}")
_TERM_ID = re.compile(r"\bterm_id\s*=\s*[\"']([^\"']*)[\"']")


def concept_words(text: str) -> str:
    from glossary.conventions import concept_slug

    return concept_slug(text)


def _tooltips_without_words(body: str, first_line: int) -> Counter[tuple[int, str]]:
    """``(line, concept)`` of each Hugo tooltip without ``text``: the site shows the concept's own title
    in the page's language, so its words are the glossary's."""
    from glossary.conventions import concept_slug

    found: Counter[tuple[int, str]] = Counter()
    for match in _TOOLTIP.finditer(body):
        term = _TERM_ID.search(match.group(1))
        if term and not re.search(r"\btext\s*=", match.group(1)):
            found[(first_line + body.count("\n", 0, match.start()), concept_slug(term.group(1)))] += 1
    return found


# --- findings and the report ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    """One place where a language does not say a concept as its glossary does."""

    kind: str
    lang: str
    path: str
    slug: str | None  # the article (None: a page outside the glossary)
    line: int | None
    concept: str  # the concept's slug
    found: str  # the words the text uses ("" for a missing term)
    expected: tuple[str, ...]  # the concept's accepted terms in the language, preferred first
    message: str
    source_sentence: str = ""  # missing-term: where the source uses the concept
    source_term: str = ""
    renderings: tuple[tuple[str, int], ...] = ()  # renderings: (words, times), most frequent first


@dataclass
class LanguageCheck:
    """What was checked in one language and how check 2 chose its articles."""

    lang: str
    articles: int
    history: str  # "git": missing terms only in translations status calls current; "none": no history; "given"
    not_current: list[str] = field(default_factory=list)  # translations left out of missing-term


@dataclass
class TermsReport:
    source: str | None
    languages: list[LanguageCheck]
    findings: list[Finding]
    unreadable: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.findings

    def counts(self) -> dict[str, int]:
        counter = Counter(finding.kind for finding in self.findings)
        return {kind: counter[kind] for kind in KINDS if counter[kind]}

    @property
    def notes(self) -> list[str]:
        """What a reader must know to judge the findings: where missing terms come from."""
        notes = []
        for checked in self.languages:
            if checked.history == "none" and checked.lang != self.source:
                notes.append(
                    f"{checked.lang}: no git history, so every translation was checked for missing terms; "
                    "some may be translations of an older source"
                )
            elif checked.not_current:
                count = len(checked.not_current)
                notes.append(f"{checked.lang}: {count} translation(s) not current, not checked for missing terms")
        return notes


# --- the checks ------------------------------------------------------------------------------------


class Glossary:
    """The pages of the source language and of one other, with each language's term finder."""

    def __init__(
        self, source: str, lang: str, pages: dict[str, dict[str, Page]], finders: dict[str, TermFinder] | None = None
    ) -> None:
        self.source, self.lang = source, lang
        self.pages = pages  # language key -> slug (case folded) -> page
        self.finders = finders if finders is not None else {}  # shared between languages: the source's is made once
        for key in pages:
            if key not in self.finders:
                self.finders[key] = TermFinder(key, (t for page in pages[key].values() for t in page.terms()))

        self._accepted: dict[str, tuple[str, ...]] = {}
        self._said: dict[tuple[str, str], bool] = {}

    def accepted(self, slug: str) -> tuple[str, ...]:
        """The concept's preferred and admitted terms in the language; none when it has no article there."""
        found = self._accepted.get(slug)
        if found is None:
            page = self.pages[self.lang].get(slug.casefold())
            found = tuple(t.text for t in page.terms() if t.status in ACCEPTED) if page else ()
            self._accepted[slug] = found
        return found

    def says(self, words: str, concept: str) -> bool:
        """Whether link words name ``concept`` in the language (see ``_says``), remembered."""
        key = (words, concept)
        if key not in self._said:
            self._said[key] = _says(self.finders[self.lang], words, concept, self.accepted(concept))
        return self._said[key]

    def preferred(self, slug: str) -> str:
        accepted = self.accepted(slug)
        return accepted[0] if accepted else ""


def _link_findings(glossary: Glossary, page: Page) -> Iterable[Finding]:
    for link in page.own_words():
        words = " ".join(link.text.split())
        concept = link.target.casefold()
        expected = glossary.accepted(concept)
        if not words or not expected or glossary.says(words, concept):
            continue
        terms = " or ".join(f'"{term}"' for term in expected[:3])
        yield Finding(
            "link-text", glossary.lang, page.path, page.slug, link.line, concept, words, expected,
            f'"{words}" links to {concept}, called {terms} in {glossary.lang}',
        )  # fmt: skip


def _says(finder: TermFinder, words: str, concept: str, accepted: Sequence[str]) -> bool:
    """Whether link words name ``concept``: they hold one of its terms, or are part of one and no
    other concept's term."""
    hits = finder.find(words, overlapping=True)
    mine = [hit for hit in hits if hit.term.slug == concept]
    if any(hit.term.status in ACCEPTED for hit in mine):
        return True
    if mine:
        return True  # a deprecated term: the deprecated-term check reports it
    whole = [hit for hit in hits if hit.start == 0 and hit.end >= len(words) and hit.term.status == "preferred"]
    if whole:
        return False
    if any(_expands(words, term) for term in accepted):
        return True
    return any(finder.within(words, term) for term in accepted)


def _expands(words: str, abbreviation: str) -> bool:
    """Whether ``words`` spell out an abbreviation: ``programmation orientée objet`` is ``POO``."""
    if not (2 <= len(abbreviation) <= 6 and abbreviation.isupper() and abbreviation.isalpha()):
        return False
    initials = "".join(word[0] for word in _WORD.findall(words) if len(word) > 3 or word[0].isupper())
    return initials.casefold() == abbreviation.casefold()


def _missing_findings(glossary: Glossary, page: Page, source: Page, *, aligned: bool = False) -> Iterable[Finding]:
    """Concepts the source article names that the translation does not.

    With ``aligned`` (no history tells whether the translation is current), only where the
    translation seems to translate the source paragraph at hand (see ``_Alignment``).
    """
    source_finder, finder = glossary.finders[glossary.source], glossary.finders[glossary.lang]
    own = (page.slug or "").casefold()
    mine = _concepts_in(page, finder)
    present = {concept for _, concept in mine} | {own}
    named: list[tuple[int, str]] = []  # where the source names each concept
    first: dict[str, Hit] = {}
    for hit in source_finder.find(source.text):
        if _names_concept(source.text, hit):
            named.append((hit.start, hit.term.slug))
            first.setdefault(hit.term.slug, hit)
    for link in source.links:  # a link counts even when its words are not the concept's term
        concept, offset = link.target.casefold(), _offset_of_line(source, link.line)
        named.append((offset, concept))
        first.setdefault(concept, Hit(offset, offset, Term(link.text, concept, "admitted")))
    if not set(first) <= present:  # names kept in the source language, looked for only when needed
        kept = [(hit.start, hit.term.slug) for hit in source_finder.find(page.text, overlapping=True)]
        mine += kept
        present.update(concept for _, concept in kept)
    alignment = _Alignment(source, page, named, mine) if aligned else None
    for concept, hit in first.items():
        if concept in present:
            continue
        if alignment is not None and not alignment.translates(hit.start, concept, own):
            continue
        expected = glossary.accepted(concept)
        if not expected:
            continue
        said = source.text[hit.start : hit.end] or hit.term.text
        yield Finding(
            "missing-term", glossary.lang, page.path, page.slug, None, concept, "", expected,
            f'{glossary.source} says "{said}" ({concept}): expected "{expected[0]}" here',
            source_sentence=source.sentence_at(hit.start, max(hit.start, hit.end)), source_term=said,
        )  # fmt: skip


def _concepts_in(page: Page, finder: TermFinder) -> list[tuple[int, str]]:
    """``(offset, concept)`` of every concept a page names by a term of its language or by a link.
    (A name kept in the source language, Google Chrome or Deployment, counts too: see the caller.)"""
    found = [(hit.start, hit.term.slug) for hit in finder.find(page.text, overlapping=True)]
    found += [(_offset_of_line(page, link.line), link.target.casefold()) for link in page.links]
    return found


class _Alignment:
    """Whether a translation, its history unknown, translates a given paragraph of its source.

    It is taken to when it has as many paragraphs as the source, the paragraph at the same place
    has at least as many sentences, and it names at least half of the other concepts the source
    paragraph names: a translation of an older source rarely does all three.
    """

    def __init__(self, source: Page, page: Page, named: list[tuple[int, str]], mine: list[tuple[int, str]]) -> None:
        self.source, self.page = source, page
        self.theirs, self.ours = _paragraphs(source.text), _paragraphs(page.text)
        self.named, self.mine = named, mine

    def translates(self, offset: int, concept: str, own: str) -> bool:
        if len(self.theirs) != len(self.ours):
            return False
        index = max(0, bisect.bisect_right([start for start, _ in self.theirs], offset) - 1)
        (start, end), (other_start, other_end) = self.theirs[index], self.ours[index]
        if _sentences(self.page.text[other_start:other_end]) < _sentences(self.source.text[start:end]):
            return False
        others = {c for at, c in self.named if start <= at <= end} - {concept, own}
        kept = {c for at, c in self.mine if other_start <= at <= other_end}
        return len(others & kept) * 2 >= len(others)


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each block of ``text`` between blank lines that holds a word."""
    blocks, start = [], 0
    for match in [*_BLANK_LINES.finditer(text), None]:
        end = match.start() if match else len(text)
        if _WORD.search(text, start, end):
            blocks.append((start, end))
        start = match.end() if match else len(text)
    return blocks


def _sentences(text: str) -> int:
    return len(_SENTENCE_END.findall(text + " ")) + len(_ITEM_LINE.findall(text)) or 1


_BLANK_LINES = re.compile(r"\n[ \t]*\n\s*")
_ITEM_LINE = re.compile(r"^[ \t]*(?:[-*+]|\d{1,3}[.)])[ \t]", re.MULTILINE)


def _names_concept(text: str, hit: Hit) -> bool:
    """Whether a term found in a source text surely names the glossary's concept rather than a word
    in its everyday sense (``a better job``, ``resources`` of a machine).

    A term of several words does; so does a name spelled as its title is: an acronym or a name
    with capitals inside (``HTTP``, ``PersistentVolume``) in that case, a lower-case name
    (``kubectl``), and a capitalised word (``Deployment``) capitalised where no sentence starts.
    Scripts without case count as written. A link to the concept counts apart from this.
    """
    term, said = hit.term.text, text[hit.start : hit.end]
    if _CODE_NEIGHBOUR.match(text, hit.end) or (hit.start and text[hit.start - 1] == "."):
        return False  # Object.create, Node.js: code or another name
    words = _WORD.findall(term)
    if len(words) > 1 or not any(char.isupper() or char.islower() for char in term):
        return True
    word = words[0] if words else term
    if word.islower():
        return True
    if any(char.isupper() for char in word[1:]):
        return said.startswith(word)
    if not said[:1].isupper() or said[1:2].isupper():
        return False
    if _CAPITALISED_BEFORE.search(text, 0, hit.start) or _CAPITALISED_AFTER.match(text, hit.end):
        return False  # a word of a longer name: Amazon Web Services
    gap = text[: hit.start]
    before = gap.rstrip(" \t\n*_\"'“‘(>#`[")
    return (
        bool(before) and before[-1] not in ".!?:。" and "\n\n" not in gap[len(before) :] and not _ITEM_START.search(gap)
    )


_CODE_NEIGHBOUR = re.compile(r"[.(][\w(]")
_CAPITALISED_BEFORE = re.compile(r"[A-Z][\w'-]* $")
_CAPITALISED_AFTER = re.compile(r" [A-Z]")
_ITEM_START = re.compile(r"\n[ \t]*(?:[-*+]|\d{1,3}[.)])[ \t]*[*_\"'“(\[]*$")


def _offset_of_line(page: Page, line: int) -> int:
    offset = 0
    for _ in range(max(0, line - page.first_line)):
        offset = page.text.find("\n", offset) + 1
    return offset


def _avoided_findings(glossary: Glossary, page: Page) -> Iterable[Finding]:
    finder = glossary.finders[glossary.lang]
    for hit in finder.find(page.text):
        term = hit.term
        if term.status not in AVOIDED or term.slug == (page.slug or "").casefold():
            continue
        preferred = glossary.preferred(term.slug)
        said = page.text[hit.start : hit.end]
        yield Finding(
            "deprecated-term", glossary.lang, page.path, page.slug, page.line_at(hit.start), term.slug, said,
            glossary.accepted(term.slug), f'"{said}" is {term.status} for {term.slug}: use "{preferred}"',
        )  # fmt: skip


def _rendering_findings(glossary: Glossary, pages: Sequence[Page]) -> Iterable[Finding]:
    finder = glossary.finders[glossary.lang]
    said: dict[str, Counter[str]] = defaultdict(Counter)
    shown: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    statuses: dict[tuple[str, str], str] = {}
    for page in pages:
        for hit in finder.find(page.text):
            concept = hit.term.slug
            if hit.term.status in AVOIDED and concept == (page.slug or "").casefold():
                continue  # the article that declares a term deprecated may say so
            said[concept][hit.term.text] += 1
            statuses[(concept, hit.term.text)] = hit.term.status
        for link in page.own_words():
            concept, words = link.target.casefold(), " ".join(link.text.split())
            if not words or not glossary.accepted(concept) or glossary.says(words, concept):
                continue
            key = _rendering_key(finder, words)
            said[concept][key] += 1
            shown[(concept, key)][words] += 1
            statuses[(concept, key)] = "other"
    for concept in sorted(said):
        counts = said[concept]
        if len(counts) < 2 or all(statuses[(concept, words)] in ACCEPTED for words in counts):
            continue
        own = glossary.pages[glossary.lang].get(concept)
        if own is None:
            continue
        ranked = tuple(
            (shown[(concept, key)].most_common(1)[0][0] if (concept, key) in shown else key, times)
            for key, times in counts.most_common()
        )
        listed = ", ".join(f'"{words}" {times}' for words, times in ranked)
        yield Finding(
            "renderings", glossary.lang, own.path, own.slug, None, concept, ranked[0][0], glossary.accepted(concept),
            f"{concept} is said {len(ranked)} ways in {glossary.lang}: {listed}", renderings=ranked,
        )  # fmt: skip


def _rendering_key(finder: TermFinder, words: str) -> str:
    if finder.unspaced:
        return "\u2063" + finder.compact(words)  # an invisible mark: a key, never a term's words
    return "\u2063" + " ".join(fold(finder._key(word)) for word in _WORD.findall(_lower(words)))


# --- running them ------------------------------------------------------------------------------------


def load_pages(corpus: Corpus, keys: Collection[str], unreadable: list[str]) -> dict[str, dict[str, Page]]:
    """Every article of the language ``keys`` as a page, by key then case-folded slug."""
    pages: dict[str, dict[str, Page]] = {key: {} for key in keys}
    for (key, slug), ref in sorted(corpus.refs().items()):
        if key in pages:
            try:
                pages[key][slug.casefold()] = read_page(ref.path, key=key, slug=slug)
            except BadData as exc:
                unreadable.append(str(exc))
    return pages


def check_terms(
    corpus: Corpus,
    languages: Sequence[str] | None = None,
    *,
    statuses: Callable[[Corpus, str], Mapping[str, object] | None] | None = None,
) -> TermsReport:
    """Run the four checks on the glossary's articles in ``languages`` (default: every translation).

    ``statuses(corpus, lang)`` gives each translation's status by slug (as
    ``tracking.language_status``), or None without history: then every translation is checked
    for missing terms, and the report says so.
    """
    source = corpus.source
    if source is None:
        raise BadData("no articles found; see glossary langs for the folders searched")
    wanted = list(languages) if languages else [key for key in corpus.languages if key != source]
    unreadable: list[str] = []
    all_pages = load_pages(corpus, {source, *wanted}, unreadable)
    findings: list[Finding] = []
    checked: list[LanguageCheck] = []
    finders: dict[str, TermFinder] = {}
    for lang in wanted:
        glossary = Glossary(source, lang, {source: all_pages[source], lang: all_pages[lang]}, finders)
        pages = list(all_pages[lang].values())
        state = statuses(corpus, lang) if statuses and lang != source else None
        current = None if state is None else {slug.casefold() for slug, status in state.items() if _is_current(status)}
        check = LanguageCheck(lang, len(pages), "none" if state is None else "git")
        findings.extend(_findings(glossary, pages, current, check))
        checked.append(check)
    return TermsReport(source, checked, _ordered(findings), unreadable)


def _is_current(status: object) -> bool:
    """Current, or not committed yet: a translation being written is made from today's source."""
    return str(getattr(status, "state", "")) in ("current", "untracked")


def _findings(
    glossary: Glossary, pages: Sequence[Page], current: set[str] | None, check: LanguageCheck
) -> list[Finding]:
    findings: list[Finding] = []
    sources = glossary.pages[glossary.source]
    for page in pages:
        findings.extend(_link_findings(glossary, page))
        findings.extend(_avoided_findings(glossary, page))
        source = sources.get((page.slug or "").casefold())
        if source is None or glossary.lang == glossary.source:
            continue
        if current is not None and (page.slug or "").casefold() not in current:
            check.not_current.append(page.slug or page.path)
            continue
        findings.extend(_missing_findings(glossary, page, source, aligned=current is None))
    findings.extend(_rendering_findings(glossary, pages))
    return findings


def check_page(corpus: Corpus, lang: str, path: str | Path, source_path: str | Path | None) -> TermsReport:
    """Check one translated Markdown file (and its source, when given) against the glossary's terms:
    link words, deprecated terms, and the terms its source says that it should say too."""
    source = corpus.source
    if source is None:
        raise BadData("no articles found; see glossary langs for the folders searched")
    if lang == source and source_path is not None:
        raise UsageError(f"{lang} is the source language; --lang names the language of the translated file")
    unreadable: list[str] = []
    pages = load_pages(corpus, {source, lang}, unreadable)
    glossary = Glossary(source, lang, pages)
    page = read_page(path, key=lang)
    findings = list(_link_findings(glossary, page)) + list(_avoided_findings(glossary, page))
    if source_path is not None:
        findings.extend(_missing_findings(glossary, page, read_page(source_path, key=source)))
    return TermsReport(source, [LanguageCheck(lang, 1, "given")], _ordered(findings), unreadable)


def _ordered(findings: list[Finding]) -> list[Finding]:
    """Grouped by file, then by line (findings without a line last), then by kind."""
    return sorted(findings, key=lambda f: (f.path, f.line is None, f.line or 0, KINDS.index(f.kind), f.concept))
