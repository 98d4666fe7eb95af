"""Resolve what a user typed to a concept, a language and a section.

Order of resolution: an exact slug (no index needed: a ``stat`` per language folder), then a title,
synonym or slug equal after folding case and accents (any language), then a fuzzy match over the
same names. Lookup returns data; the caller decides what to say.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from glossary.articles import Article, Section
from glossary.conventions import printed_title, split_title_note
from glossary.corpus import ArticleRef, Corpus
from glossary.errors import Ambiguous, BadData, LanguageError, NotFound, UsageError
from glossary.languages import extending, lang_key, locale_tag, match_language
from glossary.text import LONGEST_TERM, fold, is_blank, sanitize, too_long_to_type, typed_text

if TYPE_CHECKING:
    from glossary.index import Index

# Fuzzy scores are 0-100 (rapidfuzz WRatio). Below SUGGEST a name is not worth mentioning; from
# ACCEPT up the best name is taken; names within TIE of the best are too close to choose between.
FUZZY_ACCEPT = 86.0
FUZZY_SUGGEST = 60.0
FUZZY_TIE = 2.0
# A fuzzy match shares this many characters with the term, in order (all of a shorter term's); a
# term of FUZZY_SHORT characters or fewer is scored against whole names only, never found in part
# of a longer name (three letters are part of many names).
FUZZY_MIN_SHARED = 3
# A name below FUZZY_ACCEPT is suggested only when this close to the term as a whole, or one of its
# words this close to one of the term's (rapidfuzz ratio).
SUGGEST_WHOLE = 70.0
SUGGEST_WORD = 75.0
FUZZY_SHORT = 4

# What the user typed is said back (in errors and views) cut to this many characters.
ECHO_CHARS = 60


def echo(typed: str, limit: int = ECHO_CHARS) -> str:
    """What the user typed as it can be said back: without terminal control sequences, bytes that
    are not UTF-8 as U+FFFD, runs of white space as one space, and cut to ``limit`` characters
    (the last one an ellipsis)."""
    text = " ".join(sanitize(typed_text(typed[: limit * 8])).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


class MatchKind(StrEnum):
    """How what the user typed led to a concept (the views word it; ``translate --json`` gives the value)."""

    SLUG = "slug"  # it is the concept's slug
    TITLE = "title"  # it is a title, after folding case and accents
    AKA = "aka"  # it is a synonym, after folding
    FUZZY = "fuzzy"  # it is close to a name
    LINKS = "links"  # links with it as their text point at the concept


@dataclass(frozen=True)
class Match:
    """The concept a term names: its slug, how it was found, and the language whose name matched."""

    slug: str
    how: MatchKind
    lang: str | None = None
    score: float = 100.0


def checked_term(term: str) -> str:
    """The term as it can be looked up (``typed_text``, stripped); ``UsageError`` when it is empty
    or too long to be a term (``LONGEST_TERM`` characters)."""
    term = typed_text(term).strip()
    if is_blank(term):
        raise UsageError("the term is empty; give a slug or a title, e.g. glossary show client-centric")
    if too_long_to_type(term):
        raise UsageError(
            f'the term "{echo(term)}" is {len(term):,} characters long, too long to be a title or a slug '
            f"(at most {LONGEST_TERM:,}); give a slug or a title"
        )
    return term


def resolve(term: str, corpus: Corpus, open_index: Callable[[], Index]) -> Match:
    """Find the concept ``term`` names. Raises ``NotFound`` or ``Ambiguous``.

    ``open_index`` is called only when the exact slug does not exist, so that the common case
    (``show client-centric``) never touches the index.
    """
    term = checked_term(term)
    found = corpus.find(term)
    if found:  # the slug as its files spell it: engine-rendering is engine/rendering
        return Match(found[0].slug, MatchKind.SLUG)
    by_path = _by_path(term, corpus)
    if by_path is not None:
        return by_path
    index = open_index()
    exact = _by_name(term, index)
    if exact is not None:
        return exact
    return _by_fuzzy(term, index)


def _by_path(term: str, corpus: Corpus) -> Match | None:
    """The concept a file path names: the path of an existing file (whose language is then the one
    shown first), or a page's path below its language folder (``docs/topics/charts.mdx``)."""
    from glossary.pages import WITH_MDX, stem_of

    if not term.endswith(WITH_MDX):
        return None
    if os.path.isfile(term):
        ref = corpus.ref_of_path(term)
        if ref is not None:
            return Match(ref.slug, MatchKind.SLUG, ref.key)
    found = corpus.find(stem_of(term, WITH_MDX))
    return Match(found[0].slug, MatchKind.SLUG) if found else None


def name_forms(term: str) -> list[str]:
    """What ``term`` may equal among the folded names: itself, and a title with a note as ``show``
    prints it (``节点（Node）`` is typed as the file writes it, ``节点 (Node)`` as a header shows it)."""
    title, note = split_title_note(term)
    return list(dict.fromkeys([fold(term), fold(printed_title(title, note))]))


def _by_name(term: str, index: Index) -> Match | None:
    names = index.names_equal_to(name_forms(term))
    if not names:
        return None
    slugs = list(dict.fromkeys(name.slug for name in names))
    if len(slugs) > 1:
        raise Ambiguous(f'"{echo(term)}" names several concepts; say which one', slugs[:10])
    kind_order = {"title": 0, "aka": 1, "slug": 2}
    _, kind, slug, lang = min(names, key=lambda name: (kind_order.get(name.kind, 3), name.lang))
    # A name shared by several languages (``Pod``, ``Kubelet``) does not pick one of them.
    langs = {name.lang for name in names if name.kind == kind}
    return Match(slug, MatchKind(kind), None if kind == MatchKind.SLUG or len(langs) > 1 else lang)


def _by_fuzzy(term: str, index: Index) -> Match:
    # First the names that share a word with the term (stemmed, as a prefix, or one typo away),
    # found through the full-text index: a few names to score instead of all of them. Only when
    # none of those is close enough are all names scored, for the best suggestions.
    from glossary.search.engine import names_matching

    best = fuzzy_names(term, names_matching(index, term), limit=20)
    if not best or best[0][1] < FUZZY_ACCEPT:
        best = fuzzy_names(term, index.names_close_to(fold(term)), limit=20)
    if not best or best[0][1] < FUZZY_ACCEPT:
        suggestions = [slug for slug, score, _ in best if score >= FUZZY_SUGGEST][:5]
        raise NotFound(f'no article matches "{echo(term)}"', suggestions=suggestions)
    top = best[0][1]
    close = [slug for slug, score, _ in best if score >= top - FUZZY_TIE]
    if len(close) > 1:
        raise Ambiguous(f'"{echo(term)}" is close to several concepts; say which one', close[:10])
    slug, score, lang = best[0]
    return Match(slug, MatchKind.FUZZY, lang, score)


def fuzzy_names(
    term: str, names: Sequence[tuple[str, str, str, str]], limit: int = 5
) -> list[tuple[str, float, str | None]]:
    """Best fuzzy matches of ``term`` among ``(folded name, kind, slug, lang)``: ``(slug, score, lang)``.

    One result per slug (its best-scoring name), best first. The evidence asked for grows with the
    term: a name must share at least ``FUZZY_MIN_SHARED`` characters with it, in order (all of a
    shorter term's), and a term of up to ``FUZZY_SHORT`` characters is compared with whole names
    only, never found inside a longer one (``e`` is in most names, ``ab`` in ``label``, ``nod`` in
    ``node-pressure-eviction``).
    """
    from rapidfuzz import fuzz, process, utils
    from rapidfuzz.distance import Indel

    query = utils.default_process(fold(term))
    short = len(query.replace(" ", "")) <= FUZZY_SHORT
    choices = [name for name, _, _, _ in names]
    results = process.extract(
        query,
        choices,
        scorer=fuzz.ratio if short else fuzz.WRatio,
        processor=utils.default_process,
        limit=limit * 8,
        score_cutoff=FUZZY_SUGGEST,
    )
    needed = min(FUZZY_MIN_SHARED, len(query))
    best: dict[str, tuple[float, str | None]] = {}
    for choice, score, position in results:
        name = utils.default_process(choice)
        if (len(query) + len(name) - Indel.distance(query, name)) // 2 < needed and not swapped(query, name):
            continue  # too few characters in common, and not two letters swapped (pdo for pod)
        if len(name) * 2 < len(query):  # a name found inside a much longer term: a suggestion at most
            score = min(score, FUZZY_ACCEPT - 1)
        if score < FUZZY_ACCEPT and not worth_suggesting(query, name):
            continue
        _, kind, slug, lang = names[position]
        name_lang = None if kind == "slug" else lang
        if slug not in best or score > best[slug][0]:
            best[slug] = (score, name_lang)
        elif score == best[slug][0] and best[slug][1] != name_lang:
            best[slug] = (score, None)  # equally close in several languages: none of them wins
    ranked = sorted(best.items(), key=lambda item: (-item[1][0], item[0]))
    return [(slug, score, lang) for slug, (score, lang) in ranked[:limit]]


def worth_suggesting(query: str, name: str) -> bool:
    """Whether a name not close enough to take is close enough to suggest: close as a whole, or a
    word of the query close to a word of it or to the start of one (``loda`` to ``loader``,
    ``klient`` to ``klientsentrert``), or two of its letters swapped (``pdo`` for ``pod``). Not a name
    that merely shares letters (``docker`` for ``worker``)."""
    from rapidfuzz import fuzz

    if fuzz.ratio(query, name) >= SUGGEST_WHOLE or name.startswith(query) or swapped(query, name):
        return True
    words = [word for word in re.split(r"[\W_]+", name) if len(word) >= FUZZY_MIN_SHARED]
    typed = [word for word in re.split(r"[\W_]+", query) if len(word) >= FUZZY_MIN_SHARED]
    return any(
        fuzz.ratio(mine, theirs) >= SUGGEST_WORD or fuzz.ratio(mine, theirs[: len(mine)]) >= SUGGEST_WORD
        for mine in typed
        for theirs in words
    )


def swapped(query: str, name: str) -> bool:
    """Whether ``name`` is ``query`` with two neighbouring letters swapped (``pdo``, ``pod``): a typo that
    scores low by the ratio, which counts it as two letters changed."""
    if len(query) != len(name) or len(query) < FUZZY_MIN_SHARED or query == name:
        return False
    different = [at for at in range(len(query)) if query[at] != name[at]]
    return (
        len(different) == 2
        and different[1] == different[0] + 1
        and query[different[0]] == name[different[1]]
        and query[different[1]] == name[different[0]]
    )


# --- language --------------------------------------------------------------------------------------


def language_key(wanted: str, corpus: Corpus) -> str:
    """The key of a language the user named (``--lang``, ``compare A B``, ``translate --to``).

    Strict: the tag itself (``zh-CN`` = ``zh-cn``), or a bare language's only regional folder
    (``en`` finds ``en-us``). Two regional folders (``zh`` with ``zh-cn`` and ``zh-tw``) or none is a
    ``LanguageError`` (exit 2) naming them, or naming the languages there are.
    """
    languages = corpus.languages
    key = match_language(wanted, languages, strict=True)
    if key is not None:
        return key
    longer = extending(lang_key(wanted), languages)
    if len(longer) > 1:
        names = [corpus.language_name(k) for k in longer]
        raise LanguageError(f'"{echo(wanted)}" is several languages here; say which: {", ".join(names)}')
    if not languages:  # no language at all: the folders are what is wrong, not the language
        raise corpus.no_articles()
    have = ", ".join(languages.values())
    close = match_language(wanted, languages)
    hint = f" (did you mean {corpus.language_name(close)}?)" if close is not None else ""
    raise LanguageError(f'no articles in language "{echo(wanted)}"{hint}; languages: {have}')


def check_language(lang: str | None, corpus: Corpus) -> str | None:
    """``language_key`` of an optional ``--lang``: None when none was given."""
    return None if lang is None else language_key(lang, corpus)


def check_language_pair(first: str, second: str | None, corpus: Corpus) -> tuple[str, str]:
    """The keys of two different languages the user named (``language_key``); ``LanguageError`` otherwise.

    One language alone (``compare ja``) is compared with the source language. ``no`` and ``nb`` are
    one language, so comparing them is comparing a language with itself.
    """
    if second is None:
        key = language_key(first, corpus)
        source = corpus.source
        if source is None or source == key:
            others = ", ".join(name for k, name in corpus.languages.items() if k != key) or "none"
            raise LanguageError(
                f"{corpus.language_name(key)} is the source language; compare it with one of {others}: "
                f"glossary compare {corpus.language_name(key)} LANG"
            )
        return source, key
    key_a, key_b = language_key(first, corpus), language_key(second, corpus)
    if key_a == key_b:
        a, b = echo(first), echo(second)
        same = f'"{a}" and "{b}" are' if first != second else f'"{a}" is given twice, it is'
        raise LanguageError(f"{same} the same language; compare two of {', '.join(corpus.languages.values())}")
    return key_a, key_b


def choose_language(
    refs: Sequence[ArticleRef],
    slug: str,
    corpus: Corpus,
    *,
    explicit: str | None,
    matched: str | None = None,
    environ: Mapping[str, str] | None = None,
) -> ArticleRef:
    """The article of a concept to show: in the language asked for, else the best one there is.

    An explicit language (``--lang``) is resolved by ``language_key`` and must have the article
    (``LanguageError`` naming the languages that do); else the first of ``language_order``.
    """
    if explicit is None:
        return next(language_order(refs, corpus, matched=matched, environ=environ))
    key = language_key(explicit, corpus)
    found = next((ref for ref in refs if ref.key == key), None)
    if found is None:
        have = ", ".join(ref.lang for ref in refs)
        elsewhere = corpus.versions_having(slug, key) if corpus.versions else []
        name = corpus.language_name(key)
        hint = (
            f"; version {elsewhere[0]} has it in {name} (glossary --docs-version {elsewhere[0]})" if elsewhere else ""
        )
        raise LanguageError(f"{slug} is not in {corpus.language_name(key)}; it is in {have}{hint}")
    return found


def language_order(
    refs: Sequence[ArticleRef],
    corpus: Corpus,
    *,
    matched: str | None = None,
    environ: Mapping[str, str] | None = None,
) -> Iterator[ArticleRef]:
    """A concept's articles, the one to show first when no language was asked for.

    ``GLOSSARY_LANG``, then ``matched`` (the language whose title or synonym the user typed), then
    the locale's language, then the source language; the rest after them in order. ``GLOSSARY_LANG``
    and the locale are preferences, matched loosely (``en-US`` finds ``en``, ``en`` finds ``en-us``)
    and skipped when the concept is not in them. Lazy: the source language (a listing of every
    folder when no one names it) is found only when the preferences are not enough.
    """
    environ = os.environ if environ is None else environ
    by_key = {ref.key: ref for ref in refs}
    given = list(refs)
    for tag in (environ.get("GLOSSARY_LANG"), matched, locale_tag(environ)):
        key = match_language(tag, by_key) if tag else None
        if key is not None and by_key[key] in given:
            given.remove(by_key[key])
            yield by_key[key]
    if len(given) > 1 and corpus.source in by_key and by_key[corpus.source] in given:
        given.remove(by_key[corpus.source])
        yield by_key[corpus.source]
    yield from given


def preferred_languages(
    corpus: Corpus, counts: Callable[[], Mapping[str, int]], environ: Mapping[str, str] | None = None
) -> list[str]:
    """The reader's languages, best first, for ranking hits when no language was asked for:
    ``GLOSSARY_LANG``, the locale's language (both matched loosely), then the source language."""
    environ = os.environ if environ is None else environ
    keys = corpus.languages
    found = [match_language(tag, keys) for tag in (environ.get("GLOSSARY_LANG"), locale_tag(environ)) if tag]
    found.append(corpus.source_given(counts))
    return list(dict.fromkeys(key for key in found if key))


def articles_in(slug: str, keys: Sequence[str], corpus: Corpus) -> list[ArticleRef]:
    """The articles of ``slug`` in each of these languages; ``NotFound`` naming those that lack it."""
    refs = {ref.key: ref for ref in corpus.find(slug)}
    lacking = [corpus.language_name(key) for key in keys if key not in refs]
    if lacking:
        have = ", ".join(ref.lang for ref in refs.values())
        where = f"in neither {lacking[0]} nor {lacking[1]}" if len(lacking) == 2 else f"not in {', '.join(lacking)}"
        raise NotFound(f"{slug} is {where}; it is in {have}")
    return [refs[key] for key in keys]


# --- sections --------------------------------------------------------------------------------------


def find_section(article: Article, wanted: str) -> Section:
    """The section ``wanted`` names: a number (1 = first ``##``) or words of its heading."""
    sections = article.sections
    where = f"{article.slug} ({article.lang})"
    if not sections:
        raise NotFound(f"{where} has no sections")
    listing = "; ".join(f"{s.number} {s.heading}" for s in sections)
    wanted = wanted.strip()
    if wanted.isdecimal():  # not isdigit(): "²" is a digit that int() refuses
        number = int(wanted)
        if 1 <= number <= len(sections):
            return sections[number - 1]
        raise NotFound(f"{where} has sections 1 to {len(sections)}: {listing}")
    query = fold(wanted)
    if not query:
        raise UsageError("the section is empty; give a number or words of its heading")
    exact = [s for s in sections if fold(s.heading) == query]
    if exact:
        return exact[0]
    words = query.split()
    containing = [s for s in sections if all(word in fold(s.heading) for word in words)]
    if len(containing) == 1:
        return containing[0]
    if len(containing) > 1:
        raise Ambiguous(
            f'"{echo(wanted)}" is in several headings of {where}', [f"{s.number} {s.heading}" for s in containing]
        )
    from rapidfuzz import fuzz

    scored = sorted(((fuzz.partial_ratio(query, fold(s.heading)), s.number) for s in sections), reverse=True)
    if scored[0][0] >= 80 and (len(scored) == 1 or scored[1][0] < scored[0][0]):
        return sections[scored[0][1] - 1]
    raise NotFound(f'no section "{echo(wanted)}" in {where}; sections: {listing}')


def article_to_show(
    term: str,
    corpus: Corpus,
    open_index: Callable[[], Index],
    read: Callable[[ArticleRef], Article],
    *,
    lang: str | None,
    section: str | None,
) -> tuple[Article, list[str], Section | None]:
    """What ``show`` shows: the article ``term`` names in the language asked for (or the best one,
    see ``choose_language``), the languages of its concept, and the section asked for. With a section
    and no language asked for, the best language whose article has that section."""
    match = resolve(term, corpus, open_index)
    refs = corpus.find(match.slug)
    languages = [ref.lang for ref in refs]
    if lang is not None or section is None:
        article = read(choose_language(refs, match.slug, corpus, explicit=lang, matched=match.lang))
        return article, languages, find_section(article, section) if section is not None else None
    article, chosen = article_with_section(language_order(refs, corpus, matched=match.lang), section, read)
    return article, languages, chosen


def article_with_section(
    refs: Iterable[ArticleRef], wanted: str, read: Callable[[ArticleRef], Article]
) -> tuple[Article, Section]:
    """The first of ``refs`` (best language first) whose article has the section ``wanted``: the
    words of a heading are in one language. When none has it, the first one's error."""
    refs = iter(refs)
    article = read(next(refs))
    try:
        return article, find_section(article, wanted)
    except NotFound as missing:
        for ref in refs:
            try:
                other = read(ref)
                return other, find_section(other, wanted)
            except (NotFound, BadData):
                continue
        raise missing from None


# --- related concepts ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Related:
    """A concept an article links to: the words that link to it, and the languages it exists in."""

    slug: str
    texts: list[str]
    languages: list[str]


def related_concepts(article: Article, languages_of: Callable[[str], Sequence[str]]) -> list[Related]:
    """The concepts ``article`` links to, in the order of their first link, each with the texts of
    its links and ``languages_of(slug)``: the languages that have it (from the corpus for one
    article, from the index for many)."""
    return [
        Related(slug, [link.text for link in article.links if link.target == slug], list(languages_of(slug)))
        for slug in article.linked_slugs()
    ]
