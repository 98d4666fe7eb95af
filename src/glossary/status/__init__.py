"""Which translations are outdated, missing or orphaned, from the git history of the glossary.

``rule`` is the definition (base, outdated, behind), ``texts`` what counts as an article's text,
``history`` the commit graph of one ``git log`` pass, ``git`` the git processes, ``store`` the cache
between runs, and ``report`` applies the rule to every article file.
"""

from glossary.status.git import HistoryError
from glossary.status.report import (
    MARKER_KEYS,
    ArticleFile,
    ArticleStatus,
    MarkerProblem,
    StatusReport,
    Touch,
    exit_failing,
    source_commit,
    translation_status,
)
from glossary.status.rule import Evidence, State

__all__ = [
    "MARKER_KEYS",
    "ArticleFile",
    "ArticleStatus",
    "Evidence",
    "HistoryError",
    "MarkerProblem",
    "State",
    "StatusReport",
    "Touch",
    "exit_failing",
    "source_commit",
    "translation_status",
]
