"""Terminology tools: links between concepts, the health of a glossary, words across languages.

Everything here works from the index (what each article is called, its sections and its links), so a
whole-glossary report costs one query, not a parse of every file. Results are plain dataclasses;
nothing here prints.

Words used below: a *concept* is a slug; an *article* is one language's file about it; a *link* is
a link as ``glossary.conventions`` reads it, kept in the index as ``(text, target, line)``.

Why this module is long: links, ``check`` and ``translate`` share how a link is resolved (by slug
without case, falling back to the source language) and the names of concepts; ``check`` is the
next part to move into a module of its own.
"""

from __future__ import annotations

import json
import os
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import TYPE_CHECKING

from glossary.articles import TITLE_FROM_FRONT_MATTER, TITLE_FROM_HEADING, TITLE_FROM_SLUG
from glossary.errors import LanguageError, NotFound, UsageError
from glossary.languages import lang_key, match_language
from glossary.lookup import MatchKind, echo, name_forms
from glossary.pages import link_key
from glossary.text import LONGEST_TERM, fold, shown_slug, too_long_to_type, typed_text

if TYPE_CHECKING:
    from glossary.corpus import Corpus
    from glossary.index import Entry, Index, Outline
    from glossary.lookup import Match


# --- links and backlinks ---------------------------------------------------------------------------


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
    from glossary import lookup

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


# --- check -----------------------------------------------------------------------------------------

# Kinds of problem, in the order a report lists them (stable: part of the --json output).
KINDS = (
    "unreadable", "front-matter", "case-clash", "broken-link", "untranslated-link", "missing-language",
    "not-in-source", "no-title", "no-description", "duplicate-title", "section-count", "link-count", "empty-section",
    "invisible-character",
)  # fmt: skip


@dataclass(frozen=True)
class Problem:
    """One thing a maintainer should look at; ``path`` and ``line`` when there is a file."""

    kind: str
    message: str
    slug: str | None = None
    lang: str | None = None
    path: str | None = None
    line: int | None = None
    target: str | None = None  # the slug a link names (broken-link, untranslated-link)


@dataclass
class Report:
    """The health of a glossary (or of one language of it)."""

    languages: list[str]  # every language with articles, by key
    lang: str | None  # the language checked, or None for all
    articles: int  # articles checked
    coverage: dict[str, list[str]]  # every concept -> the languages it has an article in
    unresolved: dict[str, int]  # link targets with no article in any language -> links to them
    problems: list[Problem] = field(default_factory=list)
    roots: list[str] = field(default_factory=list)  # the glossary folders whose articles were checked
    source: str | None = None  # the source language (name): what translations are measured against

    @property
    def ok(self) -> bool:
        return not self.problems

    def counts(self) -> dict[str, int]:
        """Problems per kind, in report order, kinds with none left out."""
        counter = Counter(problem.kind for problem in self.problems)
        return {kind: counter[kind] for kind in KINDS if counter[kind]}


_LINE = re.compile(r"line (\d+): (.*)", re.DOTALL)
_NO_TITLE = 'no title: no "title" in the front matter and no "# " heading, so the slug is shown'
_NO_DESCRIPTION = 'no description: no "description" in the front matter and no lead paragraph'


def check(index: Index, *, lang: str | None = None) -> Report:
    """Check every article (or those of one language key) against the rest of the glossary.

    The report is kept in the index until an article changes, so that checking an unchanged
    glossary costs opening the index and reading one row.
    """
    from glossary.index.memo import kept_text

    computed: list[Report] = []

    def compute() -> str:
        report = _check(index, lang=lang)
        computed.append(report)
        data = {name: getattr(report, name) for name in report.__dataclass_fields__}
        data["problems"] = [vars(problem) for problem in report.problems]
        return json.dumps(data, ensure_ascii=False)

    text = kept_text(index, ":".join(["check", *report_scope(index.corpus, lang)]), compute)
    if computed:
        return computed[0]
    data = json.loads(text)
    data["problems"] = [Problem(**problem) for problem in data["problems"]]
    return Report(**data)


def check_passed(index: Index, report: Callable[[], Report], *, lang: str | None = None) -> bool:
    """Whether ``check`` finds nothing, kept in the index beside the report: a check whose
    output was kept needs its outcome, not the report (megabytes at 100,000 articles)."""
    from glossary.index.memo import kept_text

    key = ":".join(["check-passed", *report_scope(index.corpus, lang)])
    outcome = kept_text(index, key, lambda: "yes" if report().ok else "no")
    return outcome in ("yes", b"yes")


def report_scope(corpus: Corpus, lang: str | None) -> list[str]:
    """What a check report depends on besides the articles, the code and the configuration: the
    language asked for ("" for all) and the source language named (see ``_said_source``); part of
    the key of a report, or of a drawing of it, kept in the index."""
    return [lang or "", _said_source(corpus)]


def _said_source(corpus: Corpus) -> str:
    """The source language as the user or a ``glossary.toml`` names it ("" when none does, and the
    language with the most articles is the source): what a kept report depends on besides the
    articles, found without listing them."""
    return corpus.wanted_source or next((root.source for root in reversed(corpus.roots) if root.source), "")


def _source_language(corpus: Corpus, outlines: Sequence[Outline]) -> str | None:
    """``corpus.source``, counting the articles of each language in ``outlines`` when no one names
    it (as ``Corpus.source`` would, without listing every folder again)."""
    if _said_source(corpus) or not corpus.languages:
        return corpus.source
    counts = Counter(o.key for o in outlines)
    english = match_language("en", corpus.languages, strict=True)
    return max(corpus.languages, key=lambda key: (counts.get(key, 0), key == english, [-ord(c) for c in key]))


def _check(index: Index, *, lang: str | None = None) -> Report:
    """Check every article (or those of one language key) against the rest of the glossary.

    When glossary folders of the user's own are in use (``--data-dir``, ``GLOSSARY_PATH``), their
    articles are checked and the bundled glossary serves only as link targets: a maintainer's CI
    should not fail over files it does not own. With the bundled glossary alone, it is checked.
    """
    from glossary.corpus import BUNDLED

    outlines = index.outlines(synonyms=False)
    corpus = index.corpus
    names = corpus.languages
    bundled = tuple(str(root.path) + os.sep for root in corpus.roots if root.origin == BUNDLED)
    own = [o for o in outlines if not o.path.startswith(bundled)]
    checked = own or outlines
    roots = [str(root.path) for root in corpus.roots if (root.origin == BUNDLED) != bool(own) and root.path.is_dir()]
    keys = sorted({o.key for o in checked})
    everything: dict[str, list[Outline]] = defaultdict(list)
    for outline in outlines:
        everything[outline.slug].append(outline)
    by_slug: dict[str, list[Outline]] = defaultdict(list)
    for outline in checked:
        by_slug[outline.slug].append(outline)
    coverage = {slug: [o.lang for o in group] for slug, group in by_slug.items()}
    mine = [o for o in checked if lang is None or o.key == lang]

    problems: list[Problem] = []
    for skipped in index.skipped():
        folder = PurePath(skipped.path).parent.name
        if (lang is None or lang_key(folder) == lang) and not (own and skipped.path.startswith(bundled)):
            problems.append(
                Problem("unreadable", f"skipped: {skipped.reason}", PurePath(skipped.path).stem, folder, skipped.path)
            )
    unresolved: Counter[str] = Counter()
    source = _source_language(corpus, outlines)
    problems.extend(_article_problems(mine, everything, unresolved, source))
    problems.extend(_case_clashes(mine, checked))
    problems.extend(_invisible_characters(mine))
    problems.extend(_missing_languages(by_slug, keys, names, lang, source))
    problems.extend(_duplicate_titles(mine, checked))
    problems.extend(_count_differences(by_slug, lang, source))
    order = {kind: position for position, kind in enumerate(KINDS)}
    problems.sort(key=lambda p: (order[p.kind], p.path or "", p.slug or "", p.lang or "", p.line or 0))
    return Report(
        languages=[names.get(key, key) for key in keys],
        lang=names.get(lang, lang) if lang else None,
        articles=len(mine),
        coverage=coverage,
        unresolved=dict(sorted(unresolved.items())),
        problems=problems,
        roots=roots,
        source=names.get(source, source) if source else None,
    )


def _article_problems(
    mine: Sequence[Outline], by_slug: dict[str, list[Outline]], unresolved: Counter[str], source: str | None
) -> Iterable[Problem]:
    """What is wrong inside single articles: front matter, links, title, description, sections.

    Link targets match slugs without case. A link to a concept missing in the article's language
    but present in the source language is an untranslated link (a site shows the source's article
    in its place); missing in both, it is broken."""
    present = {(o.slug, o.key) for group in by_slug.values() for o in group}
    folded: dict[str, list[Outline]] = defaultdict(list)  # slug without case -> its articles
    for slug, group in by_slug.items():
        folded[link_key(slug)].extend(group)
    present_folded = {(slug, o.key) for slug, group in folded.items() for o in group}
    plain = {"title": TITLE_FROM_FRONT_MATTER}  # the facts of most articles: nothing to report
    for o in mine:
        facts = o.check_facts
        broken = [link for link in o.links if (link[1], o.key) not in present]
        broken = [link for link in broken if (link_key(link[1]), o.key) not in present_folded]
        if (
            not broken
            and o.description
            and (facts == plain or facts.get("title") == TITLE_FROM_HEADING and len(facts) == 1)
        ):
            continue
        where = {"slug": o.slug, "lang": o.lang, "path": o.path}
        for problem in facts.get("problems", ()):
            match = _LINE.match(problem)
            yield Problem(
                "front-matter",
                match.group(2) if match else problem,
                line=int(match.group(1)) if match else None,
                **where,
            )
        for text, target, line in broken:
            others = folded.get(link_key(target))
            if others is None:
                unresolved[target] += 1
                message = f'no article "{target}" in any language'
            elif any(other.key == source for other in others):
                fallback = next(other.lang for other in others if other.key == source)
                message = f"{target} is not translated into {o.lang} yet; it is in {fallback}, the source language"
                yield Problem(
                    "untranslated-link", f'link "{text}" to {target}: {message}', line=line, target=target, **where
                )
                continue
            else:
                message = f"{target} is not in {o.lang}; it is in {', '.join(other.lang for other in others)}"
            yield Problem("broken-link", f'link "{text}" to {target}: {message}', line=line, target=target, **where)
        if facts.get("title") == TITLE_FROM_SLUG:
            yield Problem("no-title", _NO_TITLE, line=1, **where)
        if not o.description.strip():
            yield Problem("no-description", _NO_DESCRIPTION, line=1, **where)
        for number, line, heading in facts.get("empty", ()):
            yield Problem("empty-section", f'section {number} "{heading}" is empty', line=line, **where)


def _invisible_characters(mine: Sequence[Outline]) -> Iterable[Problem]:
    """Slugs holding characters no one sees (zero-width spaces, direction controls such as
    U+202E, other spaces): ``pod`` and ``pod`` with a zero-width space after it look the same, and
    no one types the second. Shown escaped everywhere; reported here."""
    import unicodedata

    for o in mine:
        if o.slug.isprintable():
            continue
        hidden = dict.fromkeys(
            f"U+{ord(c):04X} {unicodedata.name(c, '')}".strip() for c in o.slug if not c.isprintable()
        )
        visible = "".join(c for c in o.slug if c.isprintable())
        yield Problem(
            "invisible-character",
            f"the slug {shown_slug(o.slug)} holds characters no one sees ({', '.join(hidden)}); "
            f'it reads as "{visible}": rename the file',
            o.slug,
            o.lang,
            o.path,
        )


def _case_clashes(mine: Sequence[Outline], outlines: Sequence[Outline]) -> Iterable[Problem]:
    """Two files in one language whose slugs differ only in case (``Pod.md``, ``pod.md``): a site
    with lower-case addresses serves one of them, and links match either."""
    wanted = {o.key for o in mine}
    groups: dict[tuple[str, str], list[Outline]] = defaultdict(list)
    for o in outlines:
        if o.key in wanted:
            groups[(o.key, o.slug.casefold())].append(o)
    for group in groups.values():
        if len(group) > 1:
            for o in group:
                others = ", ".join(PurePath(other.path).name for other in group if other is not o)
                yield Problem(
                    "case-clash",
                    f"{o.slug} differs only in case from {others}: links cannot tell them apart",
                    o.slug,
                    o.lang,
                    o.path,
                )


def _missing_languages(
    by_slug: dict[str, list[Outline]],
    keys: Sequence[str],
    names: dict[str, str],
    lang: str | None,
    source: str | None,
) -> Iterable[Problem]:
    """Concepts of the source language without an article in some other language (that has
    articles). A concept the source language does not have is no translation to ask for: it is
    reported once as only in translations (``not-in-source``), for whoever keeps the source."""
    for slug, group in by_slug.items():
        have = {o.key for o in group}
        if source is not None and source not in have:
            if lang is None or lang in have:
                found = ", ".join(o.lang for o in group)
                yield Problem(
                    "not-in-source",
                    f"{slug} is only in translations ({found}), "
                    f"not in {names.get(source, source)}, the source language",
                    slug=slug,
                    lang=names.get(lang, lang) if lang else None,
                )
            continue
        missing = [key for key in keys if key not in have and (lang is None or key == lang)]
        if missing:
            where = ", ".join(names.get(key, key) for key in missing)
            found = ", ".join(o.lang for o in group)
            yield Problem(
                "missing-language",
                f"{slug} is missing in {where} (it is in {found})",
                slug=slug,
                lang=where if lang else None,
            )


def _duplicate_titles(mine: Sequence[Outline], outlines: Sequence[Outline]) -> Iterable[Problem]:
    """Two concepts with the same title (case aside) in one language. Accents count: ``Pâte`` and
    ``Pate`` are different words."""
    wanted = {o.key for o in mine}
    groups: dict[tuple[str, str], list[Outline]] = defaultdict(list)
    for o in outlines:
        if o.key in wanted and o.check_facts.get("title") != TITLE_FROM_SLUG:
            groups[(o.key, o.title.casefold())].append(o)
    for group in groups.values():
        if len(group) > 1:
            for o in group:
                others = ", ".join(shown_slug(other.slug) for other in group if other is not o)
                yield Problem(
                    "duplicate-title",
                    f'title "{o.title}" is also the title of {others} in {o.lang}',
                    o.slug,
                    o.lang,
                    o.path,
                    1,
                )


def _count_differences(by_slug: dict[str, list[Outline]], lang: str | None, source: str | None) -> Iterable[Problem]:
    """Articles whose number of sections or of concepts linked to differs from the other languages
    of the concept. Concepts, not links: a translation that links a term at each mention links the
    same concepts as a source that links it once.

    The expected number is the source language's, when the concept has an article in it; else the
    most common one among the concept's languages (the larger on a tie). Each article with another
    number is reported, naming the languages that have the expected one.
    """
    for slug, group in by_slug.items():
        if len(group) < 2:
            continue
        original = next((o for o in group if o.key == source), None)
        for kind, noun, count in (
            ("section-count", "sections", lambda o: o.sections),
            ("link-count", "linked concepts", lambda o: len({target.casefold() for _, target, _ in o.links})),
        ):
            counts = [count(o) for o in group]
            if len(set(counts)) < 2:
                continue
            tally = Counter(counts)
            expected = count(original) if original else max(tally, key=lambda n: (tally[n], n))
            having = ", ".join(o.lang for o, n in zip(group, counts, strict=True) if n == expected)
            if original:
                having = f"{original.lang}, the source language"
            for o, n in zip(group, counts, strict=True):
                if n != expected and (lang is None or o.key == lang):
                    yield Problem(
                        kind,
                        f"{n} {noun if n != 1 else noun[:-1]}, while {slug} has {expected} in {having}",
                        o.slug,
                        o.lang,
                        o.path,
                    )


# --- translate -------------------------------------------------------------------------------------


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
    if not word:
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
    from glossary import lookup

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
