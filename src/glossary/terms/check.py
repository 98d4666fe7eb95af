"""``glossary check``: the health of a glossary, from the index (links, titles, languages, counts)."""

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
from glossary.languages import lang_key, match_language
from glossary.pages import link_key
from glossary.text import shown_slug

if TYPE_CHECKING:
    from glossary.corpus import Corpus
    from glossary.index import Index, Outline


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
