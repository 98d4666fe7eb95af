"""``--format`` for the commands that report: one option, one check of what is asked, one writer.

A reporting command declares the formats it offers once (a tuple of ``ReportFormat``) and uses
that tuple for its option and for its check; it then hands ``write_report`` one drawing per format
it offers, each called only if that format is asked for::

    STATUS_FORMATS = (ReportFormat.TEXT, ReportFormat.JSON, ReportFormat.GITHUB)

    @app.command()
    def status(
        ctx: typer.Context,
        as_json: bool = json_alias(),
        output_format: str | None = format_option(STATUS_FORMATS),
    ) -> int:
        fmt = chosen_format("status", STATUS_FORMATS, output_format, as_json=as_json)  # exit 2 if not offered
        report = ...
        write_report(
            session_of(ctx),
            fmt,
            Drawings(
                text=lambda: views.status_view(report),      # a renderable; piped, its plain lines
                json=lambda: views.status_data(report),      # JSON-ready data
                github=lambda: views.status_github(report),  # lines made by formats.github_annotation
            ),
        )
        return ...

``keep`` (the family and question of a whole-glossary report, see ``Session.print_kept``) keeps
what is written in the index, so that an unchanged glossary is reported by reading one row.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import typer

from glossary.errors import UsageError
from glossary.formats import FORMAT_HELP, ReportFormat, listed

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

    from glossary.cli.session import Session


def format_option(offered: Sequence[ReportFormat], help: str = "How to write the report") -> Any:
    """``--format FORMAT``: one of ``offered``, listed in the help and completed by the shell."""
    choices = [str(fmt) for fmt in offered]

    def complete(incomplete: str) -> list[str]:
        return [choice for choice in choices if choice.startswith(incomplete)]

    described = listed([FORMAT_HELP[fmt] for fmt in offered])
    return typer.Option(None, "--format", metavar="FORMAT", help=f"{help}: {described}.", autocompletion=complete)


def json_alias(help: str = "Print the report as one JSON object (as --format json).") -> Any:
    """``--json``, the alias of ``--format json``."""
    return typer.Option(False, "--json", help=help)


def chosen_format(command: str, offered: Sequence[ReportFormat], given: str | None, *, as_json: bool) -> ReportFormat:
    """The format asked for (``text`` when none is); a format the command does not offer, or
    ``--json`` with another format, is a usage error naming what it offers."""
    if given is None:
        return ReportFormat.JSON if as_json else ReportFormat.TEXT
    wanted = given.strip().lower()
    fmt = next((fmt for fmt in offered if fmt.value == wanted), None)
    if fmt is None:
        known = wanted in {fmt.value for fmt in ReportFormat}
        said = f"{command} cannot write {wanted}" if known else f'unknown format "{given}"'
        raise UsageError(f"{said}; {command} --format takes {listed(offered)}")
    if as_json and fmt is not ReportFormat.JSON:
        raise UsageError(f"use --json or --format {fmt}, not both")
    return fmt


@dataclass(frozen=True)
class Drawings:
    """How one report is drawn in each format its command offers; each is called only when needed.

    ``text``: a renderable for a terminal; piped, its plain lines (``Output.plain``), or ``plain``'s
    when given (a faster drawing of the same text, for large reports). ``json``: JSON-ready data.
    ``github`` and ``markdown``: the text itself.
    """

    text: Callable[[], RenderableType] | None = None
    plain: Callable[[Console], str] | None = None
    json: Callable[[], Any] | None = None
    github: Callable[[], str] | None = None
    markdown: Callable[[], str] | None = None


def write_report(
    session: Session,
    fmt: ReportFormat,
    drawings: Drawings,
    *,
    pager: bool = False,
    keep: Sequence[str] | None = None,
) -> None:
    """Write a report in ``fmt``: styled (and paged, with ``pager``) on a terminal as text, else as
    plain text, JSON or annotations; kept in the index under ``keep`` when given."""
    out = session.out
    if fmt is ReportFormat.TEXT and out.is_terminal:
        out.print(_drawing(drawings.text, fmt)(), pager=pager)
        return

    def draw() -> str:
        if fmt is ReportFormat.JSON:
            return out.json_text(_drawing(drawings.json, fmt)())
        if fmt is ReportFormat.TEXT:
            plain = drawings.plain
            return plain(out.console) if plain is not None else out.plain(_drawing(drawings.text, fmt)())
        return _drawing(drawings.github if fmt is ReportFormat.GITHUB else drawings.markdown, fmt)()

    if keep is None:
        out.print_text(draw())
    else:
        session.print_kept(keep[0], [*keep[1:], str(fmt)], draw, json=fmt is ReportFormat.JSON)


def _drawing(drawing: Callable[[], Any] | None, fmt: ReportFormat) -> Callable[[], Any]:
    if drawing is None:  # a command wrote a format into its offer without drawing it
        raise TypeError(f"no drawing for --format {fmt}")
    return drawing
