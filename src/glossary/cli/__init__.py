"""The ``glossary`` command line: parse options, call the core, choose a view, map errors to exits.

``exits`` is the only module that knows about exit codes; how output reaches stdout and stderr is
``glossary.cli.output``'s. ``app`` holds the Typer app, the options of ``glossary`` itself and the
options the commands share; ``session`` the per-run state; ``completion`` shell completion. The
commands: ``reading`` (show, list, langs, compare), ``terminology`` (links, check, translate,
export), ``status`` and ``searching`` (search, index). Command functions stay short: resolve, call,
render. Modules that cost time to import (the index, fuzzy matching, Markdown) are imported inside
the commands that need them.
"""

from __future__ import annotations

import copy
import os
import sys
from collections.abc import Sequence

import typer
from typer.models import CommandInfo

from glossary.cli import reading, searching, status, terminology
from glossary.cli.app import app
from glossary.cli.completion import complete_lang, complete_term
from glossary.cli.session import Session

__all__ = ["app", "complete_lang", "complete_term", "main"]

_COMMANDS = (reading, terminology, status, searching)  # each registers its commands with the app on import


def main(argv: Sequence[str] | None = None) -> int:
    """The console script: run the app and return its exit code (run from the command line, end the
    process with it: ``_end``)."""

    args = list(sys.argv[1:] if argv is None else argv)
    command = typer.main.get_command(_app_for(args))
    session = Session(data_dirs=[])
    status: int = command.main(args=args, prog_name="glossary", standalone_mode=False, obj=session)
    if argv is None and sys.getprofile() is None and sys.gettrace() is None:  # no profiler or debugger to report
        _end(status, session)
    return status


def _end(status: int, session: Session) -> None:
    """End the process at once, its output written: the interpreter's own ending would free every
    object one by one, 65 ms after a ``status`` of 45,000 translations and 25 ms after a ``search``
    of 100,000 articles. The index is closed first, as SQLite expects, and functions registered with
    ``atexit`` run; not when the output cannot be written (the usual ending reports that)."""
    import atexit

    index = session.__dict__.get("_index")
    if index is not None:
        from glossary.index.storage import close

        close(index.conn)
    atexit._run_exitfuncs()  # what was registered to run at the end still runs
    try:
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:  # None when the stream was closed before the command ran (2>&-)
                stream.flush()
    except (OSError, ValueError):
        return
    os._exit(status)


def _app_for(args: Sequence[str]) -> typer.Typer:
    """The app with only the commands named on this command line, when it names any.

    Typer makes a Click command of every command of an app, reading each function's signature and
    annotations: milliseconds for all of them, on every run. A command line that names a command
    needs only that one (every word that is a command's name is kept, as an option's value may be
    one). With none named (``glossary --help``, a misspelt command, shell completion, which needs
    them all), the whole app.
    """
    if any(name.startswith("_") and name.endswith("_COMPLETE") for name in os.environ):
        return app
    words = set(args)
    named = [info for info in app.registered_commands if _command_name(info) in words]
    if not named:
        return app
    partial = copy.copy(app)
    partial.registered_commands = named
    return partial


def _command_name(info: CommandInfo) -> str:
    """A command's name as Typer gives it: the one declared, else its function's."""
    if info.name:
        return info.name
    return getattr(info.callback, "__name__", "").lower().replace("_", "-")
