"""The ``glossary`` command line: parse options, call the core, choose a view, map errors to exits.

This is the only module that knows about exit codes; how output reaches stdout and stderr is
``glossary.output``'s. Command functions stay short: resolve, call, render. Modules that cost time
to import (the index, fuzzy matching, Markdown) are imported inside the commands that need them.

Why this module is long: it declares every command with its options and help (ten commands, a
third of the file), next to the one place that turns outcomes into exit codes.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache, cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import typer
from typer.core import TyperCommand, TyperGroup

from glossary import __version__
from glossary.errors import BadData, ExitStatus, GlossaryError
from glossary.output import (
    Output,
    ReaderGone,
    error_line,
    first_line,
    flush_stdout,
    protect_encoding,
    silence_stdout,
)

if TYPE_CHECKING:
    from glossary.articles import Article
    from glossary.corpus import ArticleRef, Corpus
    from glossary.index import Index
    from glossary.terms import Report


class GlossaryGroup(TyperGroup):
    """The command group, with one place that turns every outcome into an exit code.

    Errors the core raises, usage errors, Ctrl-C and a closed pipe each end with one line on
    stderr (or none) and the documented exit code; ``typer.testing.CliRunner`` sees the same.
    """

    def main(  # noqa: D102
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        status = self._run(args, prog_name or "glossary", complete_var, extra)
        if standalone_mode:
            sys.exit(status)
        return status

    def _run(self, args, prog_name, complete_var, extra) -> int:
        protect_encoding()
        session = extra.setdefault("obj", Session(data_dirs=[]))
        try:
            result = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
            status = result if isinstance(result, int) else ExitStatus.OK
        except GlossaryError as exc:
            _finish(session)
            error_line(str(exc))
            return _exit(exc.exit_status)
        except ReaderGone:
            status = ExitStatus.OK
        except typer.TyperException as exc:  # Click's errors: Typer's copy of Click derives them from it
            return self._click_error(exc, args, prog_name)
        except (KeyboardInterrupt, typer.Abort):
            sys.stderr.write("\n")
            return _exit(ExitStatus.INTERRUPTED)
        except BrokenPipeError:
            silence_stdout()
            return _exit(ExitStatus.OK)
        except OSError as exc:  # stdout on a full disk, an I/O error: written by Rich or Typer as well as by us
            silence_stdout()
            error_line(f"cannot write the output: {exc.strerror or exc}")
            return _exit(ExitStatus.NOT_FOUND)
        except SystemExit as exc:
            # Rich and Typer exit with 1 when the reader of --help or --version went away.
            if not isinstance(exc.__context__, BrokenPipeError):
                raise
            silence_stdout()
            return _exit(ExitStatus.OK)
        _finish(session)
        return _exit(status)

    def _click_error(self, exc: typer.TyperException, args, prog_name: str) -> int:
        """One line for an error Click raised: a usage error points at the command's help.

        ``glossary`` alone raises "no arguments is help" after printing the help: that is no error.
        Typer vendors Click and keeps its exception classes private, so they are told apart by what
        they carry, as Typer itself does: a usage error has the context it happened in.
        """
        if type(exc).__name__ == "NoArgsIsHelpError":
            return _exit(ExitStatus.OK)
        if hasattr(exc, "ctx"):
            context = exc.ctx
            where = context.command_path if context else self._command_path(args, prog_name)
            error_line(f"{first_line(exc.format_message())} (see {where} --help)")
            return _exit(ExitStatus.USAGE)
        error_line(first_line(exc.format_message()))
        return _exit(exc.exit_code)

    def _command_path(self, args, prog_name: str) -> str:
        """``glossary show`` for an error Click raised before the command's context existed (an
        option without its value): the first word of the command line that names a command."""
        words = sys.argv[1:] if args is None else list(args)
        command = next((word for word in words if word in self.commands), None)
        return f"{prog_name} {command}" if command else prog_name


class GlossaryCommand(TyperCommand):
    """A command whose usage line names its arguments as its help does: ``TERM``, ``A B``, not
    ``{term}`` (Typer puts required arguments in braces)."""

    def collect_usage_pieces(self, ctx: Any) -> list[str]:  # noqa: D102
        pieces = super().collect_usage_pieces(ctx)
        return [piece[1:-1] if piece.startswith("{") and piece.endswith("}") else piece for piece in pieces]


app = typer.Typer(
    name="glossary",
    cls=GlossaryGroup,
    help="Read, search and compare a multilingual glossary of Markdown articles.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


# --- what every command shares ---------------------------------------------------------------------


@dataclass
class Session:
    """Per-run state: the options of ``glossary`` itself, the corpus, the index, the notices to
    say at the end, and where output goes."""

    data_dirs: list[Path] = field(default_factory=list)
    source: str | None = None
    bundled: bool = False
    out: Output = field(default_factory=Output)
    notices: list[str] = field(default_factory=list)

    @cached_property
    def corpus(self) -> Corpus:
        from glossary.corpus import load_corpus

        return load_corpus(self.data_dirs, source=self.source, bundled=self.bundled)

    def index(self, *, rebuild: bool = False) -> Index:
        """The fresh index; built on first use (with a progress bar on a terminal), or built again
        from every file with ``rebuild``."""
        if "_index" not in self.__dict__:
            from glossary.index import open_index

            with self.out.progress() as progress:
                index = open_index(self.corpus, progress=progress, rebuild=rebuild)
            self.notices.extend(index.notices)
            index.notices = self.notices  # what the index finds later (a damaged file) is said too
            self.__dict__["_index"] = index
        return self.__dict__["_index"]

    def read(self, ref: ArticleRef) -> Article:
        """Read an article found on disk; an unusable file is bad data, its problems are warnings."""
        from glossary.articles import UnreadableArticle

        try:
            article = ref.read()
        except UnreadableArticle as exc:
            raise BadData(f"cannot use {exc.path}: {exc.reason}") from None
        for problem in article.problems:
            self.warn(f"{article.path}: {problem}")
        return article

    def warn(self, message: str) -> None:
        self.notices.append(message)

    def flush_notices(self) -> None:
        """Print each warning once, on stderr."""
        seen = self.corpus.warnings + self.notices if "corpus" in self.__dict__ else self.notices
        for message in dict.fromkeys(seen):
            error_line(f"warning: {message}")
        self.notices.clear()
        if "corpus" in self.__dict__:
            self.corpus.warnings.clear()


def _session(ctx: typer.Context) -> Session:
    """The run's session; ``main`` passes one in, a test runner calling the app directly may not."""
    return ctx.find_root().ensure_object(Session)


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"glossary {__version__}\n")
        raise typer.Exit()


@app.callback()
def options(
    ctx: typer.Context,
    data_dir: list[Path] | None = typer.Option(
        None,
        "--data-dir",
        "-d",
        metavar="DIR",
        help="A glossary folder (<lang>/<slug>.md; {lang} in the path for a site's own layout), layered over "
        "GLOSSARY_PATH. Repeatable.",
    ),
    source: str | None = typer.Option(
        None,
        "--source",
        metavar="LANG",
        help="The language the glossary is written in (default: its glossary.toml, "
        "else the language with the most articles).",
    ),
    bundled: bool = typer.Option(False, "--bundled", help="Layer the bundled glossary under your own."),
    no_color: bool = typer.Option(False, "--no-color", help="No colour, even on a terminal (NO_COLOR works too)."),
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version and exit."
    ),
) -> None:
    """Read, search and compare a multilingual glossary of Markdown articles.

    Articles come from the folders in GLOSSARY_PATH and each --data-dir; without any, from the
    bundled glossary.
    """
    session = _session(ctx)
    session.data_dirs = list(data_dir or [])
    session.source = source
    session.bundled = bundled
    session.out.no_color = no_color


# --- completion (never prints, never raises) -------------------------------------------------------


def _completion_corpus(ctx: Any):
    from glossary.corpus import load_corpus

    root = ctx.find_root() if ctx is not None else None
    params = root.params if root is not None else {}
    return load_corpus(params.get("data_dir") or [], bundled=bool(params.get("bundled")))


def complete_term(ctx: typer.Context, incomplete: str) -> list[str]:
    try:
        from glossary.index import open_index
        from glossary.text import fold

        index = open_index(_completion_corpus(ctx))
        prefix = fold(incomplete)
        slugs = sorted({entry.slug for entry in index.entries()})
        return [slug for slug in slugs if fold(slug).startswith(prefix)][:200]
    except Exception:  # completion must never disturb the shell
        return []


def complete_lang(ctx: typer.Context, incomplete: str) -> list[str]:
    try:
        languages = _completion_corpus(ctx).languages.values()
        return [lang for lang in languages if lang.lower().startswith(incomplete.lower())]
    except Exception:  # completion must never disturb the shell
        return []


LANG_HELP = (
    "Language (BCP 47 folder name, e.g. fi, zh-cn; en finds a lone en-us). Default: GLOSSARY_LANG, the language "
    "of the title you typed, your locale, the source language."
)


def lang_option(help: str = LANG_HELP) -> Any:
    """``--lang``/``-l``, completed from the glossary's languages."""
    return typer.Option(None, "--lang", "-l", help=help, autocompletion=complete_lang)


def term_argument(help: str, default: Any = ...) -> Any:
    """``TERM``: a concept, completed from the slugs of the glossary."""
    return typer.Argument(default, metavar="TERM", help=help, autocompletion=complete_term)


def lang_argument(metavar: str, help: str, default: Any = ...) -> Any:
    return typer.Argument(default, metavar=metavar, help=help, autocompletion=complete_lang)


def json_option(help: str) -> Any:
    return typer.Option(False, "--json", help=help)


def pager_option(help: str = "Page long output on a terminal.") -> Any:
    return typer.Option(True, "--pager/--no-pager", help=help)


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
    raw: bool = typer.Option(False, "--raw", help="Print the Markdown body exactly as in the file."),
    pager: bool = pager_option("Page long articles on a terminal."),
) -> None:
    """Show one article: `glossary show client-centric --lang no`."""
    from glossary import lookup
    from glossary.views import article as views

    session = _session(ctx)
    out = session.out
    article, languages, chosen = lookup.article_to_show(
        term, session.corpus, session.index, session.read, lang=lang, section=section
    )
    if raw:
        out.print_text(chosen.source if chosen else article.body)
    elif toc and as_json:
        out.print_json(views.toc_data(article))
    elif toc:
        out.print(views.toc_view(article))
    else:
        related = lookup.related_concepts(article, lambda slug: [ref.lang for ref in session.corpus.find(slug)])
        if as_json:
            out.print_json(views.article_data(article, languages=languages, related=related, section=chosen))
        else:
            view = views.article_view(
                article, languages=languages, related=related, section=chosen, hyperlinks=out.is_terminal
            )
            out.print(view, pager=pager)


# --- list and langs --------------------------------------------------------------------------------


@app.command("list", cls=GlossaryCommand)
def list_concepts(
    ctx: typer.Context,
    lang: str | None = lang_option("Only concepts in this language, with their title in it."),
    as_json: bool = json_option("Print a JSON list."),
) -> None:
    """List every concept: its slug and its title in each language: `glossary list --lang fi`."""
    from glossary import lookup
    from glossary.views import article as views

    session = _session(ctx)
    key = lookup.check_language(lang, session.corpus)
    concepts: dict[str, list[tuple[str, str]]] = {}
    for entry in session.index().entries(key):
        concepts.setdefault(entry.slug, []).append((entry.lang, entry.title))
    if not concepts:
        raise BadData("no articles found; see glossary langs for the folders searched")
    if as_json:
        session.out.print_json([{"slug": slug, "titles": dict(titles)} for slug, titles in concepts.items()])
    elif not session.out.is_terminal:
        session.out.print_text(views.concepts_plain(list(concepts.items()), one_language=key is not None))
    else:
        session.out.print(views.concepts_view(list(concepts.items()), one_language=key is not None))


@app.command(cls=GlossaryCommand)
def langs(
    ctx: typer.Context,
    as_json: bool = json_option("Print a JSON list."),
) -> None:
    """List the languages, how many articles each has, and the folders they come from: `glossary langs`."""
    from glossary.views import article as views

    session = _session(ctx)
    rows = _language_rows(session)
    if as_json:
        session.out.print_json(views.languages_data(rows))
    elif rows:
        session.out.print(views.languages_view(rows))
    else:
        raise BadData("no articles found in any glossary folder")


def _language_rows(session: Session) -> list[tuple[str, int, list[tuple[str, str]]]]:
    """``(language, articles, [(origin, folder)])`` for each language that has articles."""
    corpus = session.corpus
    counts: dict[str, int] = {}
    for entry in session.index().entries():
        counts[entry.key] = counts.get(entry.key, 0) + 1
    sources: dict[str, list[tuple[str, str]]] = {}
    for folder in reversed(corpus.folders):
        sources.setdefault(folder.key, []).append((folder.root.origin, str(folder.path)))
    return [(corpus.language_name(key), counts[key], sources.get(key, [])) for key in sorted(counts)]


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
    """Compare two languages: every concept (`glossary compare fi no`; `glossary compare no`: the source
    language with no) or one article side by side (`glossary compare fi no client-centric`)."""
    from glossary import lookup
    from glossary.errors import UsageError

    session = _session(ctx)
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
    drawn without Rich) are kept in the index, so an unchanged glossary is compared once."""
    from glossary import compare as comparing
    from glossary.index.memo import remembered
    from glossary.views import compare as views

    index = session.index()
    names = session.corpus.language_name(key_a), session.corpus.language_name(key_b)
    if session.out.is_terminal and not as_json:
        result = comparing.compare_index(index, key_a, key_b, *names)
        session.out.print(views.language_comparison_view(result, missing_only=missing), pager=pager)
        return
    width = session.out.width

    def draw() -> str:
        result = comparing.compare_index(index, key_a, key_b, *names)
        if as_json:
            return session.out.json_text(views.language_comparison_data(result, missing_only=missing))
        return views.language_comparison_view(result, missing_only=missing).plain(width)

    kind, shape = ("json", session.out.json_shape()) if as_json else ("plain", str(width))
    question = f"compare:{key_a}:{key_b}:{kind}{':missing' if missing else ''}:{names[0]}:{names[1]}:{shape}"
    sources = (comparing.__file__, *views.drawn_by())
    session.out.print_text(remembered(index, f"{question}:v{comparing.LANGUAGES_VERSION}", sources, draw))


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
    from glossary import lookup
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


# --- terminology: links, check, translate, export --------------------------------------------------


class CheckFormat(StrEnum):
    text = "text"
    github = "github"


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
    from glossary import lookup, terms
    from glossary.views import terms as views

    session = _session(ctx)
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
    as_json: bool = json_option("Print the report as one JSON object."),
    output_format: CheckFormat = typer.Option(
        CheckFormat.text, "--format", help="text, or github: GitHub Actions ::warning annotations."
    ),
    pager: bool = pager_option(),
) -> int:
    """Check the glossary: broken links, missing languages, titles, sections: `glossary check --lang fi`.

    Exit 1 if anything is found.
    """
    from glossary import lookup, terms
    from glossary.errors import UsageError
    from glossary.views import terms as views

    if as_json and output_format is CheckFormat.github:
        raise UsageError("use --json or --format github, not both")
    session = _session(ctx)
    key = lookup.check_language(lang, session.corpus)
    index = session.index()
    if session.out.is_terminal and not as_json and output_format is CheckFormat.text:
        report = terms.check(index, lang=key)
        session.out.print(views.check_view(report), pager=pager)
        return ExitStatus.OK if report.ok else ExitStatus.NOT_FOUND
    report_once = cache(lambda: terms.check(index, lang=key))  # only when no kept text answers
    _print_kept_check(session, index, key, "json" if as_json else output_format.value, report_once)
    return ExitStatus.OK if terms.check_passed(index, report_once, lang=key) else ExitStatus.NOT_FOUND


def _print_kept_check(session: Session, index: Index, key: str | None, kind: str, report: Callable[[], Report]) -> None:
    """A check report as JSON, annotations or piped text: kept in the index while no article
    changes, so that checking an unchanged glossary of any size costs the stat pass."""
    from glossary import terms
    from glossary.index.memo import remembered
    from glossary.views import terms as views

    def draw() -> str:
        if kind == "json":
            return session.out.json_text(views.check_data(report()))
        if kind == "github":
            return views.check_github(report())
        return views.check_plain(report(), session.out.console)

    # Text shows paths relative to the current folder, its lines wrapped to the width.
    shape = session.out.json_shape() if kind == "json" else f"{session.out.width}:{views.current_folder()}"
    question = f"check-output:{key or ''}:{kind}:{shape}:v{terms.CHECK_VERSION}"
    session.out.print_text(remembered(index, question, views.drawn_by(), draw))


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
    from glossary import lookup, terms
    from glossary.views import terms as views

    session = _session(ctx)
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
    output: Path | None = typer.Option(
        None,
        "--output",
        "-o",
        metavar="FILE",
        help="Write to FILE (replaced whole, or left untouched on error) instead of stdout.",
    ),
) -> None:
    """Export the glossary for translation tools: `glossary export --format tbx -o glossary.tbx`."""
    from glossary import export as exporting
    from glossary import lookup
    from glossary.views import article as views

    session = _session(ctx)
    keys = [cast(str, lookup.check_language(lang, session.corpus)) for lang in langs or []]
    warnings: list[str] = []
    chunks = exporting.export(
        session.index(), output_format.value, langs=keys, article_json=views.article_json, warnings=warnings
    )
    if output is None or str(output) == "-":
        session.out.write_bytes(exporting.encode(chunks))
    else:
        size = exporting.write_atomic(output, chunks)
        if session.out.errors.is_terminal:
            error_line(f"wrote {output} ({size:,} bytes)")
    session.notices.extend(warnings)


# --- search and index ------------------------------------------------------------------------------


@app.command(cls=GlossaryCommand, context_settings={"ignore_unknown_options": True})
def search(
    ctx: typer.Context,
    query: list[str] = typer.Argument(
        ..., metavar="QUERY...", help='Words in any language, inflected or misspelt; "quote a phrase".'
    ),
    lang: str | None = lang_option("Only articles in this language."),
    limit: int = typer.Option(10, "--limit", "-n", min=0, metavar="N", help="At most N hits (0: all of them)."),
    as_json: bool = json_option("Print a JSON list of hits."),
    titles_only: bool = typer.Option(False, "--titles-only", help="Match titles, synonyms and slugs only."),
) -> None:
    """Search every article, best first: `glossary search asiakas`."""
    from glossary import lookup
    from glossary.search import require_query
    from glossary.search import search as find
    from glossary.views import search as views

    session = _session(ctx)
    text = " ".join(query)
    require_query(text)
    key = lookup.check_language(lang, session.corpus)
    width = None if as_json else session.out.width
    chars = views.snippet_chars(width)
    hits = find(session.index(), text, lang=key, limit=limit or None, titles_only=titles_only, snippet_chars=chars)
    if width is None:
        session.out.print_json(views.search_data(hits))
    else:
        session.out.print(views.search_view(hits, width))


@app.command("index", cls=GlossaryCommand)
def index_command(
    ctx: typer.Context,
    rebuild: bool = typer.Option(False, "--rebuild", help="Build the index again from every file."),
    info: bool = typer.Option(False, "--info", help="Show where the index is, what it holds, its size and age."),
    as_json: bool = json_option("Print what --info shows as one JSON object."),
) -> None:
    """Build or refresh the search index (any command that needs it does so by itself): `glossary index --info`."""
    from glossary.views import search as views

    session = _session(ctx)
    index = session.index(rebuild=rebuild)
    details = index.info()
    if as_json:
        session.out.print_json({**details, "parsed": index.parsed})
    elif info:
        session.out.print(views.index_info_view(details))
    else:
        session.out.print(views.index_summary(details, index.parsed))


# --- entry point -----------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    """The console script: run the app and return its exit code."""
    command = typer.main.get_command(app)
    return command.main(args=list(sys.argv[1:] if argv is None else argv), prog_name="glossary", standalone_mode=False)


def _finish(session: Session) -> None:
    try:
        session.flush_notices()
    except BrokenPipeError:
        silence_stdout()


def _exit(status: int) -> int:
    failed = flush_stdout()
    if failed is not None:
        error_line(str(failed))
        return int(failed.exit_status)
    return int(status)
