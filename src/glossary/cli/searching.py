"""Searching: ``search`` and ``index``."""

from __future__ import annotations

from typing import Any

import typer

from glossary.cli.app import GlossaryCommand, app, json_option, lang_option
from glossary.cli.session import session_of
from glossary.patterns import lazy

# --- search and index ------------------------------------------------------------------------------

# What may follow a short option in the same word: ``-n5``, ``-lfi``, ``-lzh-cn``.
_ATTACHED = {"integer": lazy(r"\d+"), "text": lazy(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*")}


class SearchCommand(GlossaryCommand):
    """``search QUERY...``: the words of a query are searched and options are options. A word that
    starts with ``-`` is searched only after ``--``; before it, one that is no option of ``search``
    is a usage error naming the closest option (``--jsn``: ``--json``), never words to search for."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:  # noqa: D102
        unknown = _unknown_option(self, ctx, args)
        if unknown is not None:
            from glossary.errors import UsageError

            raise UsageError(unknown)
        return super().parse_args(ctx, args)


def _unknown_option(command: Any, ctx: Any, args: list[str]) -> str | None:
    """The error for the first word before ``--`` that starts with ``-`` and is no option of the
    command (nor a short option with its value attached); None when there is none."""
    takes: dict[str, str | None] = {}  # option name: the kind of value it takes, None for a flag
    for param in command.get_params(ctx):
        if getattr(param, "param_type_name", "") == "option":
            kind = None if param.is_flag or param.count else "integer" if "int" in param.type.name else "text"
            takes.update(dict.fromkeys([*param.opts, *param.secondary_opts], kind))
    words = iter(args)
    for word in words:
        if word == "--":
            return None
        if not word.startswith("-") or word == "-":
            continue
        name = word.split("=", 1)[0] if word.startswith("--") else word
        if name in takes:
            if takes[name] is not None and "=" not in word:
                next(words, None)
            continue
        kind = takes.get(word[:2]) if not word.startswith("--") else None
        if kind is not None and _ATTACHED[kind].fullmatch(word[2:]):
            continue
        return _no_such_option(word, list(takes), ctx.command_path)
    return None


def _no_such_option(word: str, names: list[str], where: str) -> str:
    import difflib

    from glossary.search.lookup import echo

    typed = echo(word.split("=", 1)[0] if word.startswith("--") else word, 40)
    close = difflib.get_close_matches(typed, [name for name in names if name.startswith("--")], n=1, cutoff=0.6)
    said = f"no such option {typed}" + (f"; did you mean {close[0]}?" if close else "")
    if not word.startswith("--") or not close:
        words = f"to search for a word that starts with -, put it after --: {where} -- {typed}"
        said += f" Or, {words}" if close else f"; {words}"
    return f"{said} (see {where} --help)"


@app.command(cls=SearchCommand)
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
    """Search every article, best first: `glossary search asiakas`.

    A word that starts with - is searched after --: `glossary search -- -node`.
    """
    from glossary.search import lookup
    from glossary.search.engine import search as find
    from glossary.search.query import require_query
    from glossary.views import search as views

    session = session_of(ctx)
    text = " ".join(query)
    require_query(text)
    key = lookup.check_language(lang, session.corpus)
    width = None if as_json else session.out.width
    chars = views.snippet_chars(width)
    index = session.index()
    prefer = () if key else lookup.preferred_languages(session.corpus, index.language_counts)
    hits = find(index, text, lang=key, limit=limit or None, titles_only=titles_only, snippet_chars=chars, prefer=prefer)
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

    session = session_of(ctx)
    index = session.index(rebuild=rebuild)
    details = index.info()
    if as_json:
        session.out.print_json({**details, "parsed": index.parsed})
    elif info:
        session.out.print(views.index_info_view(details))
    else:
        session.out.print(views.index_summary(details, index.parsed))
