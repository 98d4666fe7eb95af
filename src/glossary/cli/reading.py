"""Reading the glossary: ``show``, ``list``, ``langs`` and ``compare``."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Any

import typer

from glossary.cli.app import (
    GlossaryCommand,
    app,
    json_option,
    lang_argument,
    lang_option,
    pager_option,
    term_argument,
)
from glossary.cli.session import Session, session_of
from glossary.errors import BadData

if TYPE_CHECKING:
    from rich.text import Text

    from glossary.status import ArticleStatus

# --- show ------------------------------------------------------------------------------------------


@app.command(cls=GlossaryCommand)
def show(
    ctx: typer.Context,
    term: str = term_argument("A slug, a title or synonym in any language, or something close."),
    lang: str | None = lang_option(),
    section: str | None = typer.Option(
        None, "--section", "-s", help="Only this section: its number or words of its heading."
    ),
    toc: bool = typer.Option(False, "--toc", help="List the numbered section headings."),
    as_json: bool = json_option("Print the article as one JSON object."),
    raw: bool = typer.Option(
        False, "--raw", help="Print the Markdown body exactly as in the file (not with --json or --toc)."
    ),
    pager: bool = pager_option("Page long articles on a terminal."),
) -> None:
    """Show one article: `glossary show client-centric --lang no`."""
    from glossary.search import lookup
    from glossary.views import article as views

    if raw and (as_json or toc):
        from glossary.errors import UsageError

        raise UsageError(f"use --raw or {'--json' if as_json else '--toc'}, not both")
    session = session_of(ctx)
    out = session.out
    article, languages, chosen = lookup.article_to_show(
        term, session.corpus, session.index, session.read, lang=lang, section=section
    )
    if raw:
        out.print_text(chosen.source if chosen else article.body)
    elif toc and as_json:
        out.print_json(views.toc_data(article, chosen))
    elif toc:
        out.print(views.toc_view(article, chosen))
    else:
        related = lookup.related_concepts(article, lambda slug: [ref.lang for ref in session.corpus.find(slug)])
        if as_json:
            out.print_json(views.article_data(article, languages=languages, related=related, section=chosen))
        else:
            view = views.article_view(
                article,
                languages=languages,
                related=related,
                section=chosen,
                hyperlinks=out.is_terminal,
                behind=_behind_source(session, article.lang, article.slug) if lang is not None else None,
            )
            out.print(view, pager=pager)


def _behind_source(session: Session, lang: str, slug: str) -> Text | None:
    """``behind en by 3 commits since 2026-10-02`` when this translation is outdated and lies in git;
    None otherwise (outside git, without starting git)."""
    from glossary.corpus import in_git_work_tree
    from glossary.languages import lang_key

    corpus, key = session.corpus, lang_key(lang)  # pt-BR is the language pt-br
    # The status and its views cost milliseconds to import: only for a folder that git may know.
    if not in_git_work_tree(corpus, (key,)):
        return None
    from glossary import tracking

    statuses = tracking.language_status(tracking.read_from_version(corpus, key, slug), key, [slug])
    status = statuses.get(slug) if statuses is not None else None
    source = corpus.source
    if status is None or source is None:
        return None
    from glossary.views.status import behind_line

    return behind_line(status, corpus.language_name(source))


# --- list and langs --------------------------------------------------------------------------------


@app.command("list", cls=GlossaryCommand)
def list_concepts(
    ctx: typer.Context,
    lang: str | None = lang_option("Only concepts in this language, with their title in it."),
    as_json: bool = json_option("Print a JSON list."),
) -> None:
    """List every concept: its slug and its title in each language: `glossary list --lang fi`."""
    from glossary.search import lookup
    from glossary.views import article as views

    session = session_of(ctx)
    key = lookup.check_language(lang, session.corpus)
    concepts: dict[str, list[tuple[str, str]]] = {}
    for entry in session.index().entries(key):
        concepts.setdefault(entry.slug, []).append((entry.lang, entry.title))
    _say_misnamed(session)
    if not concepts:
        raise session.corpus.no_articles()
    if as_json:
        session.out.print_json([{"slug": slug, "titles": dict(titles)} for slug, titles in concepts.items()])
    elif not session.out.is_terminal:
        session.out.print_text(views.concepts_plain(list(concepts.items()), one_language=key is not None))
    else:
        session.out.print(views.concepts_view(list(concepts.items()), one_language=key is not None))


@app.command(cls=GlossaryCommand)
def langs(
    ctx: typer.Context,
    as_json: bool = json_option("Print a JSON list (with --verbose: an object of languages and roots)."),
    verbose: bool = typer.Option(
        False, "--verbose", "-v", help="Say for each folder its layout, versions, source language and markers."
    ),
) -> None:
    """List the languages, how many articles each has, and the folders they come from: `glossary langs`."""
    from glossary.views import article as views

    session = session_of(ctx)
    if verbose:
        _langs_verbose(session, as_json=as_json)
        return
    rows = _language_rows(session)
    if as_json:
        session.out.print_json(views.languages_data(rows))
    elif rows:
        session.out.print(views.languages_view(rows))
    else:
        raise session.corpus.no_articles()


def _langs_verbose(session: Session, *, as_json: bool) -> None:
    """The languages when there are any, then how each root was read: said even when no article is found."""
    from glossary.corpus import EmptyRoot
    from glossary.roots import describe_roots
    from glossary.views import article as views
    from glossary.views.roots import roots_data, roots_view

    try:
        rows = _language_rows(session)
    except EmptyRoot as empty:
        rows, why = [], str(empty)
    else:
        why = "" if rows else str(session.corpus.no_articles())
    layouts = describe_roots(session.corpus)
    if as_json:
        session.out.print_json({"languages": views.languages_data(rows), "roots": roots_data(layouts)})
    else:
        if rows:
            session.out.print(views.languages_view(rows))
        session.out.print(roots_view(layouts))
    if why:
        raise BadData(why)


def _language_rows(session: Session) -> list[tuple[str, int, list[tuple[str, str]]]]:
    """``(language, articles, [(origin, folder)])`` for each language that has articles."""
    corpus = session.corpus
    counts: dict[str, int] = {}
    for entry in session.index().entries():
        counts[entry.key] = counts.get(entry.key, 0) + 1
    _say_misnamed(session)
    sources: dict[str, list[tuple[str, str]]] = {}
    for folder in reversed(corpus.folders):
        sources.setdefault(folder.key, []).append((folder.root.origin, str(folder.path)))
    return [(corpus.language_name(key), counts[key], sources.get(key, [])) for key in sorted(counts)]


def _say_misnamed(session: Session) -> None:
    """Say again, as the index said when it found them, the files left out for their names: a listing
    that counts the articles says what it did not count (files unusable for other reasons are said
    once, when found, and by ``check``)."""
    from glossary.corpus import MISNAMED, misnamed_notice

    for skipped in session.index().skipped():
        if skipped.reason == MISNAMED:
            session.warn(misnamed_notice(skipped.path))


# --- compare ---------------------------------------------------------------------------------------


Pair = tuple[str, str]  # two language keys


class Layout(StrEnum):
    auto = "auto"
    columns = "columns"
    stacked = "stacked"


class CompareCommand(GlossaryCommand):
    """``compare A [B] [TERM]``: A may be left out only to be told it is needed."""

    def collect_usage_pieces(self, ctx: Any) -> list[str]:  # noqa: D102
        return ["A" if piece == "[A]" else piece for piece in super().collect_usage_pieces(ctx)]


@app.command(cls=CompareCommand)
def compare(
    ctx: typer.Context,
    lang_a: str | None = lang_argument(
        "A", "The language to compare from, e.g. fi; alone, the one the source language is compared with.", None
    ),
    lang_b: str | None = lang_argument("B", "The language to compare with, e.g. no.", None),
    term: str | None = term_argument("One concept to compare side by side (slug, title or synonym).", None),
    missing: bool = typer.Option(
        False, "--missing", help="Only what A has and B lacks (concepts, or sections with TERM)."
    ),
    section: str | None = typer.Option(
        None, "--section", "-s", help="With TERM: only this section, by number or words of its heading."
    ),
    as_json: bool = json_option("Print the comparison as one JSON object."),
    layout: Layout = typer.Option(
        Layout.auto, "--layout", help="With TERM: two columns, stacked, or by terminal width."
    ),
    pager: bool = pager_option(),
) -> None:
    """Compare two languages, every concept or one article side by side: `glossary compare fi no`.

    One language alone is compared with the source language (`glossary compare no`); with a
    concept, only its articles are (`glossary compare fi no client-centric`).
    """
    from glossary.errors import UsageError
    from glossary.search import lookup

    session = session_of(ctx)
    if lang_a is None:
        raise UsageError("compare needs a language: compare LANG (the source language with LANG) or compare A B")
    key_a, key_b = lookup.check_language_pair(lang_a, lang_b, session.corpus)
    if section is not None and term is None:
        raise UsageError("--section needs a TERM: glossary compare A B TERM --section S")
    if section is not None and missing:
        raise UsageError("use --section or --missing, not both")
    if term is None:
        _compare_glossary(session, key_a, key_b, as_json=as_json, missing=missing, pager=pager)
    else:
        _compare_article(session, term, (key_a, key_b), section, missing, as_json=as_json, layout=layout, pager=pager)


def _compare_glossary(session: Session, key_a: str, key_b: str, *, as_json: bool, missing: bool, pager: bool) -> None:
    """Every concept of two languages. JSON and piped text (tens of thousands of plain lines,
    drawn without Rich) are kept in the index, so an unchanged glossary is compared once.

    When one of the two is a translation of the source language and its folders lie in git, the
    translations' status is shown too (and is part of what a kept text depends on)."""
    from glossary import compare as comparing
    from glossary import tracking
    from glossary.views import compare as views

    index = session.index()
    names = session.corpus.language_name(key_a), session.corpus.language_name(key_b)
    statuses = _translation_status(session, key_a, key_b)
    if session.out.is_terminal and not as_json:
        result = comparing.compare_index(index, key_a, key_b, *names)
        view = views.language_comparison_view(result, missing_only=missing, statuses=statuses)
        session.out.print(view, pager=pager)
        return
    width = session.out.width

    def draw() -> str:
        result = comparing.compare_index(index, key_a, key_b, *names)
        if as_json:
            data = views.language_comparison_data(result, missing_only=missing, statuses=statuses)
            return session.out.json_text(data)
        return views.language_comparison_view(result, missing_only=missing, statuses=statuses).plain(width)

    question = [key_a, key_b, "json" if as_json else "plain", "missing" if missing else "all", *names]
    session.print_kept("compare", [*question, tracking.status_digest(statuses)], draw, json=as_json)


def _translation_status(session: Session, key_a: str, key_b: str) -> dict[str, ArticleStatus] | None:
    """The status of the translation among two languages by slug, when the other is the source language
    and their folders lie in git; None otherwise (outside git, without starting git)."""
    from glossary import tracking

    corpus = session.corpus
    if not tracking.tracked(corpus, (key_a, key_b)):
        return None
    source = corpus.source
    if source not in (key_a, key_b):
        return None
    return tracking.language_status(corpus, key_a if key_b == source else key_b)


def _compare_article(
    session: Session,
    term: str,
    keys: Pair,
    section: str | None,
    missing: bool,
    as_json: bool,
    layout: Layout,
    pager: bool,
) -> None:
    """One concept's two articles, aligned section by section."""
    from glossary import compare as comparing
    from glossary.search import lookup
    from glossary.views import compare as views

    match = lookup.resolve(term, session.corpus, session.index)
    refs = lookup.articles_in(match.slug, keys, session.corpus)
    article_a, article_b = (session.read(ref) for ref in refs)
    result = comparing.compare_articles(article_a, article_b)
    if section is not None:
        result = result.only([result.find(section)])
    elif missing:
        result = result.only(result.missing())
    if as_json:
        session.out.print_json(views.article_comparison_data(result))
    elif missing and not result.sections:
        session.out.print_text(
            f"Nothing missing: every section of {article_a.lang} has a counterpart in {article_b.lang}."
        )
    else:
        session.out.print(
            views.ArticleComparisonView(result, hyperlinks=session.out.is_terminal, layout=layout.value), pager=pager
        )
