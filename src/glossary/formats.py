"""The formats a report is written in, and the one writer of GitHub Actions annotations.

A reporting command (``check``, ``status``) offers some of ``ReportFormat``; the command line
(``glossary.cli.formats``) checks the one asked for and writes it. This module knows what each
format looks like, not which command offers it.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum


class ReportFormat(StrEnum):
    """What ``--format`` may ask a report to be written as."""

    TEXT = "text"  # for a person: styled on a terminal, plain lines in a pipe
    JSON = "json"  # one JSON object, stable and documented (``--json`` is its alias)
    GITHUB = "github"  # GitHub Actions workflow commands: one ``::warning`` line per finding
    MARKDOWN = "markdown"  # a Markdown document, for a pull request or a wiki page


FORMAT_HELP = {
    ReportFormat.TEXT: "text",
    ReportFormat.JSON: "json (as --json)",
    ReportFormat.GITHUB: "github (GitHub Actions ::warning annotations)",
    ReportFormat.MARKDOWN: "markdown",
}


def listed(names: Sequence[str], *, word: str = "or") -> str:
    """``text, json or github``."""
    names = [str(name) for name in names]
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} {word} {names[-1]}"


def github_annotation(
    message: str,
    *,
    level: str = "warning",
    file: str | None = None,
    line: int | None = None,
    title: str | None = None,
) -> str:
    """One GitHub Actions workflow command: ``::warning file=a.md,line=3,title=t::message``.

    The message is data (``%``, CR and LF escaped), each property value too, and also ``:`` and
    ``,``, which would end a property: whatever a file name or an article holds, the line stays one
    annotation. Properties left out (None) are not written.
    """
    properties = []
    if file is not None:
        properties.append(f"file={github_property(file)}")
    if line is not None:
        properties.append(f"line={line}")
    if title is not None:
        properties.append(f"title={github_property(title)}")
    said = f" {','.join(properties)}" if properties else ""
    return f"::{level}{said}::{github_data(message)}"


def github_data(text: str) -> str:
    """Text as the message of a workflow command."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def github_property(text: str) -> str:
    """Text as the value of a property of a workflow command."""
    return github_data(text).replace(":", "%3A").replace(",", "%2C")
