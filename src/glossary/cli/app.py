"""The Typer app: its command class, the options of ``glossary`` itself, and the options and
arguments the commands share."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import typer
from typer.core import TyperCommand

from glossary import __version__
from glossary.cli.completion import complete_lang, complete_term
from glossary.cli.examples import print_examples, split_example
from glossary.cli.exits import GlossaryGroup
from glossary.cli.session import session_of


class GlossaryCommand(TyperCommand):
    """A command whose usage line names its arguments as its help does: ``TERM``, ``A B``, not
    ``{term}`` (Typer puts required arguments in braces), and whose example is printed whole on a
    line of its own (``glossary.cli.examples``)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.examples: list[str] = []
        if self.help:
            self.help, self.examples = split_example(self.help)

    def format_help(self, ctx: Any, formatter: Any) -> None:  # noqa: D102
        super().format_help(ctx, formatter)
        print_examples(self.examples)

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
    docs_version: str | None = typer.Option(
        None,
        "--docs-version",
        metavar="N",
        help="Read this version of a versioned site (Docusaurus: current, 3, ...). Default: for each "
        "language the current docs, else the newest version that has it.",
    ),
    no_color: bool = typer.Option(False, "--no-color", help="No colour, even on a terminal (NO_COLOR works too)."),
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version and exit."
    ),
) -> None:
    """Read, search and compare a multilingual glossary of Markdown articles.

    Articles come from the folders in GLOSSARY_PATH and each --data-dir; without any, from the
    bundled glossary.
    """
    session = session_of(ctx)
    session.data_dirs = list(data_dir or [])
    session.source = source
    session.bundled = bundled
    session.docs_version = docs_version
    session.out.no_color = no_color


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
