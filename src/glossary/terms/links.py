"""Links between concepts: what an article links to, and what links to it (``glossary links``)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from glossary.errors import LanguageError, NotFound
from glossary.pages import link_key
from glossary.search.lookup import MatchKind
from glossary.text import fold

if TYPE_CHECKING:
    from glossary.corpus import Corpus
    from glossary.index import Entry, Index
    from glossary.search.lookup import Match


@dataclass(frozen=True)
class Outgoing:
    """One internal link of an article, with what it leads to."""

    text: str
    target: str
    line: int
    title: str | None  # the target's title in the article's language; None when not in it
    languages: list[str]  # languages the target has an article in; empty: not in this glossary
    fallback: tuple[str, str] | None = None  # not in the article's language: (source language, title there)


@dataclass(frozen=True)
class ArticleLinks:
    """The outgoing links of one language's article about a concept."""

    lang: str
    path: str
    title: str
    links: list[Outgoing]


@dataclass(frozen=True)
class Backlink:
    """A link to the concept from some article: which one, where, and with what words."""

    slug: str
    lang: str
    path: str
    title: str
    text: str
    line: int


@dataclass(frozen=True)
class ConceptLinks:
    slug: str
    languages: list[str]  # languages the concept has an article in (empty: only linked to)
    outgoing: list[ArticleLinks]
    backlinks: list[Backlink]


def resolve_concept(term: str, corpus: Corpus, open_index: Callable[[], Index]) -> Match:
    """The concept ``term`` names, like ``lookup.resolve``, but a slug that articles link to counts
    too, even without an article of its own (``customer`` in the bundled glossary)."""
    from glossary.search import lookup

    slug = lookup.checked_term(term)
    if not corpus.find(slug):
        index = open_index()
        if not index.names_equal_to([fold(slug)]) and index.linking_to(slug):
            return lookup.Match(slug, MatchKind.LINKS)
    return lookup.resolve(term, corpus, open_index)


def concept_links(index: Index, slug: str, *, lang: str | None = None) -> ConceptLinks:
    """Outgoing links of each article about ``slug`` and every link to it, optionally in one
    language key only. Raises ``LanguageError`` when there is nothing to show in that language.

    Link targets match slugs without case (``pod`` leads to ``Pod.md``); a target missing in an
    article's language but present in the source language is shown as the source's article."""
    own = index.entries_for([slug])
    languages = [entry.lang for entry in own]
    shown = [entry for entry in own if lang is None or entry.key == lang]
    targets = {target for entry in shown for _, target, _ in entry.links}
    titles: dict[tuple[str, str], str] = {}
    target_languages: dict[str, list[str]] = defaultdict(list)
    for entry in index.entries_for(_spellings(index, targets)):  # the lower-case slug wins, as links write it
        key = link_key(entry.slug)
        if entry.slug == entry.slug.casefold() or (key, entry.key) not in titles:
            titles[(key, entry.key)] = entry.title
        if entry.lang not in target_languages[key]:
            target_languages[key].append(entry.lang)
    source = index.corpus.source

    def outgoing_link(text: str, target: str, line: int, key: str) -> Outgoing:
        folded = link_key(target)
        title, fallback = titles.get((folded, key)), titles.get((folded, source or ""))
        fallback_in = (index.corpus.language_name(source or ""), fallback) if fallback and title is None else None
        return Outgoing(text, target, line, title, target_languages.get(folded, []), fallback_in)

    outgoing = [
        ArticleLinks(entry.lang, entry.path, entry.title, [outgoing_link(*link, entry.key) for link in entry.links])
        for entry in shown
    ]
    backlinks = [
        Backlink(entry.slug, entry.lang, entry.path, entry.title, text, line)
        for entry in _linking_to(index, slug)
        if lang is None or entry.key == lang
        for text, target, line in entry.links
        if link_key(target) == link_key(slug)
    ]
    if lang is not None and not outgoing and not backlinks:
        if languages:
            raise LanguageError(f"{slug} is not in {index.corpus.language_name(lang)}; it is in {', '.join(languages)}")
        raise NotFound(f"nothing in {index.corpus.language_name(lang)} links to {slug}")
    return ConceptLinks(slug, languages, outgoing, backlinks)


def _spellings(index: Index, targets: Iterable[str]) -> list[str]:
    """The slugs of articles that link targets name, spelled as their files are (``Pod`` for a
    link to ``pod``): slugs match without case."""
    wanted, found = {link_key(target) for target in targets}, set(targets)
    for name in index.names_equal_to(fold(target.replace("-", " ")) for target in wanted):  # as slugs are named
        if name.kind == MatchKind.SLUG and link_key(name.slug) in wanted:
            found.add(name.slug)
    return sorted(found)


def _linking_to(index: Index, slug: str) -> list[Entry]:
    """Articles with a link to ``slug`` as its file spells it or in lower case (as Hugo's
    ``term_id`` and MDN's macros are read); links in other cases are not looked for."""
    found: dict[str, Entry] = {}
    for spelling in dict.fromkeys((slug, slug.lower(), link_key(slug))):
        for entry in index.linking_to(spelling):
            found.setdefault(entry.path, entry)
    return sorted(found.values(), key=lambda entry: (entry.slug, entry.key))
