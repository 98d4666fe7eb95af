"""Terminology checks: does a language say each concept the way its glossary does?

Four checks, each a kind of ``Finding``:

``link-text``
    A link or tooltip whose words are not a term of the concept it links to, inflection allowed.
``missing-term``
    A concept the source article names, while the translation uses none of the concept's terms
    in its language (nor links to it). Reported with the source sentence.
``deprecated-term``
    A deprecated or superseded term used anywhere, with the preferred one.
``renderings``
    The different words one language uses for one concept, most frequent first.

Terms are a page's (``glossary.termpages``), found in text as ``glossary.termfinder`` says.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from glossary.errors import BadData, NotFound, UsageError
from glossary.termfinder import ACCEPTED, AVOIDED, WORD, Hit, Term, TermFinder, fold, lower
from glossary.termpages import SENTENCE_END, Page, read_page

if TYPE_CHECKING:
    from glossary.corpus import Corpus

KINDS = ("link-text", "missing-term", "deprecated-term", "renderings")  # report order; part of --json

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
    """What was checked in one language, and which translations the missing-term check read."""

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
    initials = "".join(word[0] for word in WORD.findall(words) if len(word) > 3 or word[0].isupper())
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
        if WORD.search(text, start, end):
            blocks.append((start, end))
        start = match.end() if match else len(text)
    return blocks


def _sentences(text: str) -> int:
    return len(SENTENCE_END.findall(text + " ")) + len(_ITEM_LINE.findall(text)) or 1


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
    words = WORD.findall(term)
    if len(words) > 1 or not any(char.isupper() or char.islower() for char in term):
        return True
    word = words[0] if words else term
    if word.islower():
        return True
    if any(char.isupper() for char in word[1:]):
        return said.startswith(word)
    if not said[:1].isupper() or said[1:2].isupper():
        return False
    previous = _CAPITALISED_BEFORE.search(text, 0, hit.start)
    if (previous and not _starts_sentence(text, previous.start())) or _CAPITALISED_AFTER.match(text, hit.end):
        return False  # a word of a longer name: Amazon Web Services (not: The Deployment)
    return not _starts_sentence(text, hit.start)


def _starts_sentence(text: str, offset: int) -> bool:
    """Whether a sentence, a paragraph or a list item starts at ``offset`` (marks of emphasis aside)."""
    gap = text[:offset]
    before = gap.rstrip(" \t\n*_\"'“‘(>#`[")
    return not before or before[-1] in ".!?:。" or "\n\n" in gap[len(before) :] or bool(_ITEM_START.search(gap))


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
    return "\u2063" + " ".join(fold(finder._key(word)) for word in WORD.findall(lower(words)))


# --- running them ------------------------------------------------------------------------------------


def load_pages(corpus: Corpus, keys: Collection[str], unreadable: list[str]) -> dict[str, dict[str, Page]]:
    """Every article of the language ``keys`` as a page, by key then case-folded slug (layering
    applied: a later root's article replaces an earlier one). Only those languages' folders are listed."""
    paths: dict[tuple[str, str], str] = {}
    for folder, entries in corpus.scan(only=[folder for folder in corpus.folders if folder.key in keys]):
        for name, entry in entries:
            paths[(folder.key, folder.slug_of(name))] = entry.path
    pages: dict[str, dict[str, Page]] = {key: {} for key in keys}
    for (key, slug), path in sorted(paths.items()):
        try:
            pages[key][slug.casefold()] = read_page(path, key=key, slug=slug)
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
        raise corpus.no_articles()
    wanted = list(languages) if languages else [key for key in corpus.languages if key != source]
    if not wanted:
        raise NotFound(f"no translations to check: the glossary is only in {source}")
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
        raise corpus.no_articles()
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
