"""``glossary translate``: the words another language uses for a term, from titles, synonyms and link words."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from glossary.errors import NotFound, UsageError
from glossary.search.lookup import MatchKind, echo, name_forms
from glossary.text import LONGEST_TERM, fold, is_blank, too_long_to_type, typed_text

if TYPE_CHECKING:
    from glossary.corpus import Corpus
    from glossary.index import Index, Outline


@dataclass(frozen=True)
class LinkWord:
    """Words that link to a concept in one language, as written, and how often they were seen."""

    text: str  # the most common spelling
    seen: int  # links using these words
    articles: list[str]  # slugs of the articles the links are in


@dataclass(frozen=True)
class Candidate:
    """A concept the word may name, and what it is called in the target language."""

    slug: str
    how: MatchKind  # how the word led here
    score: float  # 100 for exact names and links; the similarity for "fuzzy"
    lang: str | None  # the language whose title, synonym or link text matched
    seen: int  # links whose text is the word and whose target is this concept
    title: str | None  # the concept's title in the target language; None: no article there
    aka: list[str]  # its synonyms there
    link_words: list[LinkWord]  # words linking to the concept in the target language, most seen first
    languages: list[str]  # languages the concept has an article in

    @property
    def found(self) -> bool:
        return self.title is not None or bool(self.link_words)


@dataclass
class Translation:
    word: str
    source: str | None  # language name, or None for any
    target: str
    candidates: list[Candidate]

    @property
    def best(self) -> str | None:
        """The term to use: the first candidate's title, else its most seen link words."""
        for candidate in self.candidates:
            if candidate.title is not None:
                return candidate.title
            if candidate.link_words:
                return candidate.link_words[0].text
        return None


def translate(word: str, corpus: Corpus, index: Index, *, target: str, source: str | None = None) -> Translation:
    """What ``word`` (in the language key ``source``, or any) is called in the language key ``target``.

    The word is looked up as ``show`` does: an exact slug, then a title, synonym or slug equal after
    folding case and accents. Links count as evidence too: ``[asiakas](/customer)`` says that
    ``asiakas`` names ``customer``, and the words that link to ``customer`` in the target language
    name it there. Only when neither finds anything is a close (fuzzy) match taken. Raises
    ``NotFound`` saying what was tried.
    """
    word = _translatable(word, source, target)
    names = corpus.languages
    matches = _named(word, corpus, index, source)
    links = _linked(fold(word), index, source)
    suggestions: list[str] = []
    if not matches and not links.seen:
        matches, suggestions = _close(word, index, source)
    order = _order(matches, links)
    if not order:
        tried = _tried(word, names.get(source) if source else None)
        raise NotFound(
            f'no translation of "{echo(word)}" into {names.get(target, target)}: {tried}'
            + ("" if suggestions else "; nothing close"),
            suggestions=suggestions,
        )
    candidates = _candidates(order, matches, links, index, target, names)
    result = Translation(word, names.get(source, source) if source else None, names.get(target, target), candidates)
    if result.best is None:
        target_name = names.get(target, target)
        described = "; ".join(
            f"{c.slug} ({_how(c)}) is " + (f"in {', '.join(c.languages)}" if c.languages else "not in this glossary")
            for c in candidates
        )
        raise NotFound(
            f'no translation of "{echo(word)}" into {target_name}: {described}, '
            f"and no link text in {target_name} names it"
        )
    return result


@dataclass(frozen=True)
class _Named:
    """How the word names a concept (not through links), how closely, and in which language's name."""

    how: MatchKind
    score: float
    lang: str | None  # language key; None for a slug (no language) or a name in several


@dataclass
class _Links:
    """Links whose text is the word: how many point at each concept, from articles in which languages."""

    seen: Counter[str] = field(default_factory=Counter)
    languages: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))


def _translatable(word: str, source: str | None, target: str) -> str:
    """The word, stripped; ``UsageError`` when it is empty or the two languages are one."""
    word = typed_text(word).strip()
    if is_blank(word):
        raise UsageError(
            "the word is empty; give a title, synonym or slug, e.g. glossary translate asiakaskeskeinen --to no"
        )
    if too_long_to_type(word):
        raise UsageError(
            f'the word "{echo(word)}" is {len(word):,} characters long, '
            f"too long to be a title (at most {LONGEST_TERM:,})"
        )
    if source is not None and source == target:
        raise UsageError("--from and --to are the same language; give two different ones")
    return word


def _named(word: str, corpus: Corpus, index: Index, source: str | None) -> dict[str, _Named]:
    """Concepts the word is the slug of, then those it is a title, synonym or slug of after folding
    (titles first, then synonyms, then slugs; by language within each)."""
    matches: dict[str, _Named] = {}
    if corpus.find(word, source):
        matches[word] = _Named(MatchKind.SLUG, 100.0, None)
    kind_order: dict[str, int] = {MatchKind.TITLE: 0, MatchKind.AKA: 1, MatchKind.SLUG: 2}
    named = sorted(index.names_equal_to(name_forms(word)), key=lambda name: (kind_order.get(name.kind, 3), name.lang))
    named = [name for name in named if source is None or name.lang == source]
    for _, kind, slug, key in named:
        if slug not in matches:
            # A name several languages share is the source language's, or no one language's.
            shared = {name.lang for name in named if name.slug == slug and name.kind == kind}
            lang = key if len(shared) == 1 else (corpus.source if corpus.source in shared else None)
            matches[slug] = _Named(MatchKind(kind), 100.0, None if kind == MatchKind.SLUG else lang)
    return matches


def _linked(folded: str, index: Index, source: str | None) -> _Links:
    """The links (in ``source``, or any language) whose text folds to ``folded``."""
    links = _Links()
    for o in index.outlines(source) if source is not None else index.outlines():
        for text, link_target, _ in o.links:
            if fold(text) == folded:
                links.seen[link_target] += 1
                links.languages[link_target].add(o.lang)
    return links


def _close(word: str, index: Index, source: str | None) -> tuple[dict[str, _Named], list[str]]:
    """The concepts whose names are closest to the word when one is close enough (all those as
    close as the best); else none, and the slugs to suggest."""
    from glossary.search import lookup

    pool = [name for name in index.names() if source is None or name.lang == source]
    close = lookup.fuzzy_names(word, pool, limit=20)
    if not close or close[0][1] < lookup.FUZZY_ACCEPT:
        return {}, [slug for slug, score, _ in close if score >= lookup.FUZZY_SUGGEST][:5]
    top = close[0][1]
    near = {slug: _Named(MatchKind.FUZZY, score, key) for slug, score, key in close if score >= top - lookup.FUZZY_TIE}
    return near, []


def _order(matches: dict[str, _Named], links: _Links) -> list[str]:
    """Exact names first, then concepts the word links to (most links first), then close names."""
    by_links = sorted(links.seen.items(), key=lambda item: (-item[1], item[0]))
    linked = [slug for slug, _ in by_links if slug not in matches]
    exact = [slug for slug, found in matches.items() if found.how != MatchKind.FUZZY]
    fuzzy = [slug for slug, found in matches.items() if found.how == MatchKind.FUZZY]
    return exact + linked + fuzzy


def _candidates(
    order: list[str], matches: dict[str, _Named], links: _Links, index: Index, target: str, names: dict[str, str]
) -> list[Candidate]:
    """Each concept, with what it is called in ``target``: its title and synonyms there, and the
    words that link to it there."""
    in_target = {o.slug: o for o in index.outlines(target)}
    words = _link_words(in_target.values(), set(order))
    languages: dict[str, list[str]] = defaultdict(list)
    for entry in index.entries_for(order):
        languages[entry.slug].append(entry.lang)
    candidates = []
    for slug in order:
        found = matches.get(slug)
        matched: str | None
        if found is None:
            how, score, matched = MatchKind.LINKS, 100.0, ", ".join(sorted(links.languages[slug]))
        else:
            how, score = found.how, found.score
            matched = names.get(found.lang, found.lang) if found.lang else None
        article = in_target.get(slug)
        candidates.append(
            Candidate(
                slug=slug,
                how=how,
                score=round(score, 1),
                lang=matched,
                seen=links.seen.get(slug, 0),
                title=article.title if article else None,
                aka=list(article.aka) if article else [],
                link_words=words.get(slug, []),
                languages=languages.get(slug, []),
            )
        )
    return candidates


def _tried(word: str, source: str | None) -> str:
    where = f" in {source}" if source else ""
    return f'no slug, title or synonym "{echo(word)}"{where}, no link text "{echo(word)}"{where}'


def _how(candidate: Candidate) -> str:
    if candidate.how == "links":
        return f"the words of {candidate.seen} link{'s' * (candidate.seen != 1)}"
    if candidate.how == "fuzzy":
        return f"close match, {candidate.score:.0f}%"
    return f"{candidate.how} match"


def _link_words(outlines: Iterable[Outline], slugs: set[str]) -> dict[str, list[LinkWord]]:
    """For each of ``slugs``, the words linking to it in these articles, grouped after folding."""
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    spellings: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    places: dict[tuple[str, str], list[str]] = defaultdict(list)
    for o in outlines:
        for text, target, _ in o.links:
            if target in slugs and text.strip():
                key = fold(text)
                counts[target][key] += 1
                spellings[(target, key)][text] += 1
                if o.slug not in places[(target, key)]:
                    places[(target, key)].append(o.slug)
    return {
        target: [
            LinkWord(spellings[(target, key)].most_common(1)[0][0], number, places[(target, key)])
            for key, number in counter.most_common()
        ]
        for target, counter in counts.items()
    }
