"""``status``: its options and body are in ``glossary.status_command``."""

from __future__ import annotations

import typer

from glossary import status_command
from glossary.cli.app import GlossaryCommand, app
from glossary.cli.session import session_of


@app.command("status", cls=GlossaryCommand, help=status_command.HELP)
def status(
    ctx: typer.Context,
    langs: list[str] | None = status_command.LANGS,
    outdated: bool = status_command.OUTDATED,
    missing: bool = status_command.MISSING,
    as_json: bool = status_command.JSON,
    output_format: status_command.StatusFormat = status_command.FORMAT,
    diff: str | None = status_command.DIFF,
    every: bool = status_command.ALL,
) -> int:
    session = session_of(ctx)
    asked = status_command.Asked(outdated, missing, as_json, output_format, diff, every)
    return status_command.run(session.corpus, session.out, langs, asked, warn=session.warn)
