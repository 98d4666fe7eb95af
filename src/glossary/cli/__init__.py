"""The ``glossary`` command line: parse options, call the core, choose a view, map errors to exits.

``exits`` is the only module that knows about exit codes; how output reaches stdout and stderr is
``glossary.output``'s. ``app`` holds the Typer app, the options of ``glossary`` itself and the
options the commands share; ``session`` the per-run state; ``completion`` shell completion. The
commands: ``reading`` (show, list, langs, compare), ``terminology`` (links, check, translate,
export), ``status`` and ``searching`` (search, index). Command functions stay short: resolve, call,
render. Modules that cost time to import (the index, fuzzy matching, Markdown) are imported inside
the commands that need them.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

import typer

from glossary.cli import reading, searching, status, terminology
from glossary.cli.app import app
from glossary.cli.completion import complete_lang, complete_term

__all__ = ["app", "complete_lang", "complete_term", "main"]

_COMMANDS = (reading, terminology, status, searching)  # each registers its commands with the app on import


def main(argv: Sequence[str] | None = None) -> int:
    """The console script: run the app and return its exit code."""
    command = typer.main.get_command(app)
    return command.main(args=list(sys.argv[1:] if argv is None else argv), prog_name="glossary", standalone_mode=False)
