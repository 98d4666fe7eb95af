"""The one place that turns every outcome of a command into an exit code.

How output reaches stdout and stderr is ``glossary.cli.output``'s; which error means which code is
``glossary.errors``'s.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Any

import typer
from typer.core import TyperGroup

from glossary.cli.output import ReaderGone, error_line, first_line, flush_stdout, protect_encoding, silence_stdout
from glossary.cli.session import Session
from glossary.errors import ExitStatus, GlossaryError


class GlossaryGroup(TyperGroup):
    """The command group, with one place that turns every outcome into an exit code.

    Errors the core raises, usage errors, Ctrl-C and a closed pipe each end with one line on
    stderr (or none) and the documented exit code; ``typer.testing.CliRunner`` sees the same.
    """

    def format_help(self, ctx: Any, formatter: Any) -> None:  # noqa: D102
        from glossary.cli.examples import print_examples

        super().format_help(ctx, formatter)
        commands = [self.get_command(ctx, name) for name in self.list_commands(ctx)]
        print_examples([examples[0] for command in commands if (examples := getattr(command, "examples", None))])

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

    def _run(self, args: Any, prog_name: Any, complete_var: Any, extra: Any) -> int:
        try:
            return self._outcome(args, prog_name, complete_var, extra)
        except KeyboardInterrupt:  # Ctrl-C while the outcome itself was being written out
            return int(ExitStatus.INTERRUPTED)

    def _outcome(self, args: Any, prog_name: Any, complete_var: Any, extra: Any) -> int:
        protect_encoding()
        session = extra.setdefault("obj", Session(data_dirs=[]))
        try:
            result = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
            status = result if isinstance(result, int) else ExitStatus.OK
        except GlossaryError as exc:
            finish(session)
            error_line(str(exc))
            return exit_with(exc.exit_status)
        except ReaderGone:
            status = ExitStatus.OK
        except typer.TyperException as exc:  # Click's errors: Typer's copy of Click derives them from it
            return self._click_error(exc, args, prog_name)
        except (KeyboardInterrupt, typer.Abort):
            sys.stderr.write("\n")
            return exit_with(ExitStatus.INTERRUPTED)
        except BrokenPipeError:
            silence_stdout()
            return exit_with(ExitStatus.OK)
        except OSError as exc:  # stdout on a full disk, an I/O error: written by Rich or Typer as well as by us
            silence_stdout()
            error_line(f"cannot write the output: {exc.strerror or exc}")
            return exit_with(ExitStatus.WRITE_FAILED)
        except SystemExit as exc:
            # Rich and Typer exit with 1 when the reader of --help or --version went away.
            if not isinstance(exc.__context__, BrokenPipeError):
                raise
            silence_stdout()
            return exit_with(ExitStatus.OK)
        finish(session)
        return exit_with(status)

    def _click_error(self, exc: typer.TyperException, args: Any, prog_name: str) -> int:
        """One line for an error Click raised: a usage error points at the command's help.

        ``glossary`` alone raises "no arguments is help" after printing the help: that is no error.
        Typer vendors Click and keeps its exception classes private, so they are told apart by what
        they carry, as Typer itself does: a usage error has the context it happened in.
        """
        if type(exc).__name__ == "NoArgsIsHelpError":
            return exit_with(ExitStatus.OK)
        if hasattr(exc, "ctx"):
            context = exc.ctx
            where = context.command_path if context else self._command_path(args, prog_name)
            error_line(f"{first_line(exc.format_message())} (see {where} --help)")
            return exit_with(ExitStatus.USAGE_ERROR)
        error_line(first_line(exc.format_message()))
        return exit_with(exc.exit_code)

    def _command_path(self, args: Any, prog_name: str) -> str:
        """``glossary show`` for an error Click raised before the command's context existed (an
        option without its value): the first word of the command line that names a command."""
        words = sys.argv[1:] if args is None else list(args)
        command = next((word for word in words if word in self.commands), None)
        return f"{prog_name} {command}" if command else prog_name


def finish(session: Session) -> None:
    try:
        session.flush_notices()
    except BrokenPipeError:
        silence_stdout()


def exit_with(status: int) -> int:
    failed = flush_stdout()
    if failed is not None:
        error_line(str(failed))
        return int(failed.exit_status)
    return int(status)
