"""Exit codes and the errors the core raises.

Every error a user can cause is a ``GlossaryError``: it carries the one line the user sees and the
exit code the command ends with. Only the command line (``glossary.cli.exits``) turns them into
output and an exit code.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import IntEnum


class ExitStatus(IntEnum):
    """How a command ended, named by outcome (as httpie names its exit codes).

    Several outcomes share the documented code 1, so that a script tells success from failure
    by the code and a person reads which failure on stderr.
    """

    OK = 0
    NOT_FOUND = 1  # nothing matched what was asked for
    BAD_DATA = 1  # the data cannot be used: no readable article, an unreadable file asked for
    PROBLEMS_FOUND = 1  # check found problems; status found outdated or missing translations
    WRITE_FAILED = 1  # stdout or an output file could not be written
    USAGE_ERROR = 2  # unknown option, language or value
    USAGE = 2  # the former name of USAGE_ERROR
    INTERRUPTED = 130  # Ctrl-C


class GlossaryError(Exception):
    """An error with a message for the user and an exit code."""

    exit_status: ExitStatus = ExitStatus.NOT_FOUND

    def __init__(self, message: str, *, suggestions: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.suggestions = list(suggestions)

    def __str__(self) -> str:
        if not self.suggestions:
            return self.message
        return f"{self.message}; did you mean {_or_list(self.suggestions)}?"


class NotFound(GlossaryError):
    """Nothing matched what the user asked for."""


class Ambiguous(GlossaryError):
    """Several articles match about equally well; the user should pick one."""

    def __init__(self, message: str, candidates: Sequence[str]) -> None:
        super().__init__(message)
        self.candidates = list(candidates)

    def __str__(self) -> str:
        return f"{self.message}: {', '.join(self.candidates)}"


class UsageError(GlossaryError):
    """The request itself is wrong: an unknown language, an empty query, a bad value."""

    exit_status = ExitStatus.USAGE_ERROR


class LanguageError(UsageError):
    """A language that has no articles (at all, or for this concept)."""


class BadData(GlossaryError):
    """The data cannot be used (no readable article at all, an unreadable file asked for)."""

    exit_status = ExitStatus.BAD_DATA


def _or_list(items: Sequence[str]) -> str:
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + " or " + items[-1]
