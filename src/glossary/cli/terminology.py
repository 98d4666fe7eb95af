"""Terminology: ``links``, ``check``, ``check-terms``, ``translate`` and ``export``."""

from __future__ import annotations

from enum import StrEnum
from functools import cache
from typing import cast

import typer

from glossary.cli.app import (
    GlossaryCommand,
    app,
    json_option,
    lang_option,
    pager_option,
    term_argument,
)
from glossary.cli.completion import complete_lang
from glossary.cli.formats import Drawings, chosen_format, format_option, json_alias, write_report
from glossary.cli.output import error_line
from glossary.cli.session import session_of
from glossary.errors import ExitStatus
from glossary.formats import ReportFormat

# --- terminology: links, check, translate, export --------------------------------------------------

CHECK_FORMATS = (ReportFormat.TEXT, ReportFormat.JSON, ReportFormat.GITHUB)
CHECK_TERMS_FORMATS = (ReportFormat.TEXT, ReportFormat.JSON, ReportFormat.GITHUB)


class ExportFormat(StrEnum):
    tbx = "tbx"
    tbx3 = "tbx3"
    csv = "csv"
    jsonl = "jsonl"


@app.command(cls=GlossaryCommand)
def links(
    ctx: typer.Context,
    term: str = term_argument("A concept: slug, title or synonym in any language, or a slug articles link to."),
    lang: str | None = lang_option("Only links in articles of this language."),
    as_json: bool = json_option("Print the links as one JSON object."),
    pager: bool = pager_option(),
) -> None:
    """Links from a concept's articles, and every article that links to it: `glossary links client-centric`."""
    from glossary import terms
    from glossary.search import lookup
    from glossary.views import terms as views

    session = session_of(ctx)
    key = lookup.check_language(lang, session.corpus)
    match = terms.resolve_concept(term, session.corpus, session.index)
    result = terms.concept_links(session.index(), match.slug, lang=key)
    if as_json:
        session.out.print_json(views.links_data(result))
    else:
        session.out.print(views.links_view(result), pager=pager)


@app.command(cls=GlossaryCommand)
def check(
    ctx: typer.Context,
    lang: str | None = lang_option("Only problems in articles of this language."),
    as_json: bool = json_alias(),
    output_format: str | None = format_option(CHECK_FORMATS),
    pager: bool = pager_option(),
) -> int:
    """Check the glossary: broken links, missing languages, titles, sections: `glossary check --lang fi`.

    Exit 1 if anything is found.
    """
    from glossary import terms
    from glossary.search import lookup
    from glossary.views import terms as views

    fmt = chosen_format("check", CHECK_FORMATS, output_format, as_json=as_json)
    session = session_of(ctx)
    if not session.corpus.languages:  # "no problems in 0 articles" would pass a glossary that is not there
        raise session.corpus.no_articles()
    key = lookup.check_language(lang, session.corpus)
    index = session.index()
    report = cache(lambda: terms.check(index, lang=key))  # piped, only when no kept text answers
    drawings = Drawings(
        text=lambda: views.check_view(report()),
        plain=lambda console: views.check_plain(report(), console),
        json=lambda: views.check_data(report()),
        github=lambda: views.check_github(report()),
    )
    # Kept in the index while no article changes: checking an unchanged glossary costs the stat pass.
    write_report(session, fmt, drawings, pager=pager, keep=["check-output", *terms.report_scope(index.corpus, key)])
    return ExitStatus.OK if terms.check_passed(index, report, lang=key) else ExitStatus.PROBLEMS_FOUND


@app.command("check-terms", cls=GlossaryCommand)
def check_terms(
    ctx: typer.Context,
    file: str | None = typer.Argument(
        None, metavar="[FILE]", help="A translated Markdown page to check instead of the glossary (needs --lang)."
    ),
    lang: str | None = lang_option("The language to check (default: every translation); the language of FILE."),
    source_file: str | None = typer.Option(
        None, "--source", metavar="FILE", help="The page FILE is translated from: the terms it names must be in FILE."
    ),
    as_json: bool = json_alias(),
    output_format: str | None = format_option(CHECK_TERMS_FORMATS),
    pager: bool = pager_option(),
) -> int:
    """Check that translations use the glossary's terms: `glossary check-terms --lang no`.

    Reports link words that are not the linked concept's term, terms the source names that the
    translation lacks, deprecated terms, and concepts said several ways. Exit 1 if anything is found.
    """
    from glossary import terminology, tracking
    from glossary.errors import UsageError
    from glossary.search import lookup
    from glossary.views import terminology as views

    fmt = chosen_format("check-terms", CHECK_TERMS_FORMATS, output_format, as_json=as_json)
    if source_file is not None and file is None:
        raise UsageError("--source names the source of a FILE: give the translated FILE too")
    if file is not None and lang is None:
        raise UsageError(f"name the language of {file} with --lang")
    session = session_of(ctx)
    key = lookup.check_language(lang, session.corpus)
    if file is not None:
        report = terminology.check_page(session.corpus, cast(str, key), file, source_file)
    else:
        report = terminology.check_terms(session.corpus, [key] if key else None, statuses=tracking.language_status)
    session.notices.extend(report.unreadable)
    drawings = Drawings(
        text=lambda: views.terms_view(report),
        json=lambda: views.terms_data(report),
        github=lambda: views.terms_github(report),
    )
    write_report(session, fmt, drawings, pager=pager)
    return ExitStatus.OK if report.ok else ExitStatus.PROBLEMS_FOUND


@app.command(cls=GlossaryCommand)
def translate(
    ctx: typer.Context,
    word: str = typer.Argument(
        ..., metavar="WORD", help="A word in one language: a title, synonym, slug or link text."
    ),
    source: str | None = typer.Option(
        None, "--from", help="The language of WORD (default: any).", autocompletion=complete_lang
    ),
    target: str = typer.Option(..., "--to", help="The language to translate into.", autocompletion=complete_lang),
    as_json: bool = json_option("Print the candidates as one JSON object."),
) -> None:
    """What a word is called in another language: `glossary translate asiakaskeskeinen --to no`."""
    from glossary import terms
    from glossary.search import lookup
    from glossary.views import terms as views

    session = session_of(ctx)
    corpus = session.corpus
    source_key, target_key = lookup.check_language(source, corpus), cast(str, lookup.check_language(target, corpus))
    result = terms.translate(word, corpus, session.index(), source=source_key, target=target_key)
    if as_json:
        session.out.print_json(views.translation_data(result))
    else:
        session.out.print(views.translation_view(result))


@app.command("export", cls=GlossaryCommand)
def export_glossary(
    ctx: typer.Context,
    output_format: ExportFormat = typer.Option(
        ..., "--format", "-f", help="tbx (TBX-Basic), tbx3 (TBX v3, ISO 30042:2019), csv or jsonl."
    ),
    langs: list[str] | None = lang_option("Only this language; repeat for several. The first is the source language."),
    output: str | None = typer.Option(
        None,
        "--output",
        "-o",
        metavar="FILE",
        help="Write to FILE instead of stdout: replaced whole, or left untouched on error (a symlink's target "
        "likewise); a pipe or a device is written as it is; a read-only file is an error.",
    ),
) -> None:
    """Export the glossary for translation tools: `glossary export --format tbx -o glossary.tbx`."""
    from glossary import export as exporting
    from glossary.search import lookup
    from glossary.views import article as views

    session = session_of(ctx)
    keys = [cast(str, lookup.check_language(lang, session.corpus)) for lang in langs or []]
    warnings: list[str] = []
    if output_format is ExportFormat.jsonl:
        chunks = views.article_lines(exporting.exported_articles(session.index(), langs=keys, warnings=warnings))
    else:
        chunks = exporting.export(session.index(), output_format.value, langs=keys, warnings=warnings)
    if output is None or output == "-":
        session.out.write_bytes(exporting.encode(chunks))
    else:
        size = exporting.write_atomic(output, chunks)
        if session.out.errors.is_terminal:
            error_line(f"wrote {output} ({size:,} bytes)")
    session.notices.extend(warnings)
