"""Which translations are outdated, missing or orphaned, from the git history of the glossary.

Input is plain data: the source language and every article file (``ArticleFile``), with the
source commit a translation names in its front matter when it names one (``source_commit`` reads
it). Output is a ``StatusReport``: one ``ArticleStatus`` per concept and target language.

A translation is outdated when its source article changed after the translation was made. The
evidence, in this order:

1. ``marker``: the translation names the source commit it was made from. It is outdated when the
   source file has commits after that one (later commit time). A marker that names no known commit
   or is no commit hash at all is reported (``ArticleStatus.marker_problem``) and the next rule used.
2. ``git``: the last commit touching the source is newer (commit time) than the last commit
   touching the translation.
3. ``worktree``: edits not committed yet count as made now: an edited source outdates its
   translations; an edited translation is as new as it gets (unless a marker says otherwise).

Each file's own repository answers for it, so the source may live in another repository than its
translations. No article text is read.
"""

from __future__ import annotations

import os
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any, NamedTuple

from glossary.errors import ExitStatus, NotFound
from glossary.history import (
    Commit,
    HistoryCache,
    Repository,
    RepositoryFinder,
    Runner,
    Touch,
    Worktree,
    read_history,
    read_worktree,
    resolve_commits,
    run_git,
    source_changes_text,
)

__all__ = [
    "ArticleFile",
    "ArticleStatus",
    "Evidence",
    "HistoryCache",
    "State",
    "StatusReport",
    "exit_status",
    "github_annotations",
    "source_commit",
    "source_diff",
    "to_json",
    "translation_status",
]

MARKER_KEYS = ("l10n.sourceCommit", "default_lang_commit", "source_commit")
"""Front-matter keys that name the source commit of a translation (MDN, OpenTelemetry, generic)."""

_COMMIT_HASH = frozenset("0123456789abcdef")
UNCOMMITTED = "uncommitted changes"


class State(StrEnum):
    CURRENT = "current"
    OUTDATED = "outdated"
    MISSING = "missing"  # the source has the concept, the language does not
    ORPHAN = "orphan"  # a translation without a source article
    UNTRACKED = "untracked"  # the translation is not committed yet


class Evidence(StrEnum):
    MARKER = "marker"
    GIT = "git"
    WORKTREE = "worktree"


@dataclass(frozen=True, slots=True)
class ArticleFile:
    """One article file: its language, its concept's slug, its path, and the source commit it names, if any."""

    lang: str
    slug: str
    path: Path
    marker: str | None = None


class ArticleStatus(NamedTuple):
    """Where one translation stands against its source article.

    ``changes`` are the source commits after the translation, newest first (an entry with an empty
    ``sha`` stands for uncommitted edits); ``behind`` counts them. ``since`` is the source commit
    the translation was made from, when known: ``source_diff`` shows what changed after it.
    (A named tuple rather than a dataclass: a report makes one per concept and language.)
    """

    slug: str
    lang: str
    state: State
    behind: int = 0
    path: Path | None = None
    source_path: Path | None = None
    translated: datetime | None = None
    source_changed: datetime | None = None
    evidence: Evidence | None = None
    changes: tuple[Touch, ...] = ()
    since: str | None = None
    marker_problem: str | None = None


@dataclass
class StatusReport:
    """The status of every translation asked for, sorted by language then slug, and counts per language.

    ``summary`` counts every state of the languages asked for, even when ``articles`` keeps only
    some states.
    """

    source: str
    languages: list[str]
    articles: list[ArticleStatus]
    summary: dict[str, dict[str, int]] = field(default_factory=dict)

    @property
    def marker_problems(self) -> list[str]:
        """One line per translation whose marker could not be used."""
        return [f"{a.lang}/{a.slug}: {a.marker_problem}" for a in self.articles if a.marker_problem]


def source_commit(metadata: Mapping[str, Any], keys: Sequence[str] = MARKER_KEYS) -> str | None:
    """The first value found under ``keys`` in a front-matter dict, as text; dotted keys read nested dicts.

    ``l10n.sourceCommit`` finds ``{"l10n": {"sourceCommit": ...}}`` (and a literal key of that name).
    A number is turned into text (YAML reads a hash of digits only as one); the value is checked later.
    """
    for key in keys:
        value: Any = metadata.get(key)
        if value is None and "." in key:
            value = metadata
            for part in key.split("."):
                value = value.get(part) if isinstance(value, Mapping) else None
        if value is not None and value != "":
            return value.strip() if isinstance(value, str) else str(value)
    return None


@dataclass
class _Repositories:
    """Per repository: its history, its work tree and the markers it resolves; per file: where it lives."""

    runner: Runner
    cache: HistoryCache | None
    finder: RepositoryFinder
    folders: dict[str, tuple[Repository, str, str]] = field(default_factory=dict)
    histories: dict[Path, dict[bytes, list[Touch]]] = field(default_factory=dict)
    worktrees: dict[Path, Worktree] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    absolute: dict[str, list[str]] = field(default_factory=dict)

    def place(self, lang_files: Mapping[str, list[ArticleFile]]) -> None:
        """Find the repository of each language's folder (the common folder of its articles)."""
        for lang, files in lang_files.items():
            self.absolute[lang] = absolute = [_absolute(file.path) for file in files]
            folder = os.path.commonpath(sorted({os.path.dirname(path) for path in absolute}))
            self.folders[lang] = (*self.finder.find(Path(folder)), folder)
            self.counts[lang] = len(files)

    def read(self) -> None:
        """One history and one work-tree status per repository, over its languages' folders."""
        pathspecs: dict[Path, set[str]] = {}
        repositories: dict[Path, Repository] = {}
        files: dict[Path, int] = {}
        for lang, (repository, folder, _) in self.folders.items():
            repositories[repository.root] = repository
            pathspecs.setdefault(repository.root, set()).add(folder or ".")
            files[repository.root] = files.get(repository.root, 0) + self.counts[lang]
        for root, repository in repositories.items():
            specs = sorted(pathspecs[root])
            history = read_history(repository, specs, self.runner, self.cache, files=files[root])
            self.histories[root] = history.touches
            self.worktrees[root] = read_worktree(repository, specs, self.runner)

    def keys(self, lang: str, files: Iterable[ArticleFile]) -> dict[str, tuple[Path, bytes]]:
        """Each file's repository and path inside it, by slug."""
        repository, inside, folder = self.folders[lang]
        cut = len(folder.rstrip(os.sep)) + 1
        prefix = inside + "/" if inside else ""
        return {
            file.slug: (repository.root, os.fsencode(prefix + path[cut:].replace(os.sep, "/")))
            for file, path in zip(files, self.absolute[lang], strict=True)
        }

    def repository(self, lang: str) -> Repository:
        return self.folders[lang][0]

    def judge(self, root: Path, markers: dict[str, Commit], clock: int) -> _Judge:
        return _Judge(self.histories[root], self.worktrees[root], markers, clock)


def _absolute(path: Path) -> str:
    text = os.fspath(path)
    return text if os.path.isabs(text) else os.path.abspath(text)


@dataclass(frozen=True, slots=True)
class _Source:
    """What is known of one source article: its commits (newest first) and whether it has uncommitted edits."""

    path: Path
    touches: list[Touch]
    edited: bool
    uncommitted: bool
    changed: int | None  # the newest commit time


def translation_status(
    source: str,
    articles: Iterable[ArticleFile],
    *,
    languages: Collection[str] | None = None,
    states: Collection[State] | None = None,
    cache: HistoryCache | None = None,
    runner: Runner = run_git,
    now: datetime | None = None,
) -> StatusReport:
    """The status of every translation of the ``source`` language's articles.

    ``languages`` limits the target languages (default: every language with articles but the
    source); ``states`` limits the articles listed (the summary still counts every state). ``cache``
    keeps what git said between runs. Raises a ``HistoryError`` when git cannot answer.
    """
    by_lang: dict[str, list[ArticleFile]] = {}
    for article in articles:
        by_lang.setdefault(article.lang, []).append(article)
    targets = sorted(languages if languages is not None else by_lang.keys() - {source})
    targets = [lang for lang in targets if lang != source]
    involved = {lang: by_lang[lang] for lang in [source, *targets] if by_lang.get(lang)}
    repositories = _Repositories(runner, cache, RepositoryFinder(runner))
    repositories.place(involved)
    repositories.read()
    clock = int((now or datetime.now(UTC)).timestamp())
    sources = _sources(repositories, by_lang.get(source, []), source) if source in involved else {}
    markers = _resolve_markers(repositories, source, involved, targets)

    judges = {root: repositories.judge(root, markers, clock) for root in repositories.histories}
    statuses: list[ArticleStatus] = []
    for lang in targets:
        files = by_lang.get(lang, [])
        keys = repositories.keys(lang, files) if files else {}
        translations = {file.slug: file for file in files}
        for slug in sorted(translations.keys() | sources.keys()):
            file, known = translations.get(slug), sources.get(slug)
            if file is None:
                assert known is not None
                statuses.append(ArticleStatus(slug, lang, State.MISSING, source_path=known.path))
            elif known is None:
                statuses.append(ArticleStatus(slug, lang, State.ORPHAN, path=file.path))
            else:
                root, key = keys[slug]
                statuses.append(judges[root].status(file, key, known))
    summary = _summarize(targets, statuses)
    if states is not None:
        statuses = [status for status in statuses if status.state in states]
    return StatusReport(source, targets, statuses, summary)


def _sources(repositories: _Repositories, files: list[ArticleFile], source: str) -> dict[str, _Source]:
    found: dict[str, _Source] = {}
    keys = repositories.keys(source, files)
    for file in files:
        root, key = keys[file.slug]
        worktree = repositories.worktrees[root]
        touches = repositories.histories[root].get(key, [])
        changed = max(touch.time for touch in touches) if touches else None
        found[file.slug] = _Source(file.path, touches, key in worktree.edited, key in worktree.uncommitted, changed)
    return found


def _resolve_markers(
    repositories: _Repositories, source: str, involved: Mapping[str, list[ArticleFile]], targets: list[str]
) -> dict[str, Commit]:
    """The commits the translations' markers name, resolved in the source's repository in one call."""
    names = {
        file.marker.lower()
        for lang in targets
        for file in involved.get(lang, [])
        if file.marker and _looks_like_hash(file.marker)
    }
    if not names or source not in involved:
        return {}
    return resolve_commits(repositories.repository(source), names, repositories.runner, repositories.cache)


def _looks_like_hash(marker: str) -> bool:
    return 7 <= len(marker) <= 64 and set(marker.lower()) <= _COMMIT_HASH


@dataclass
class _Judge:
    """Decides the state of one translation from its repository's history, work tree and the markers."""

    history: dict[bytes, list[Touch]]
    worktree: Worktree
    markers: dict[str, Commit]
    clock: int

    def status(self, file: ArticleFile, key: bytes, source: _Source) -> ArticleStatus:
        touches = self.history.get(key)
        if key in self.worktree.uncommitted or not touches:
            changed = _when(source.changed)
            return ArticleStatus(file.slug, file.lang, State.UNTRACKED, 0, file.path, source.path, None, changed)
        problem = None
        if file.marker:
            commit = self.markers.get(file.marker.lower())
            if commit is not None:
                return self._judged(file, source, commit.time, Evidence.MARKER, commit.sha, None)
            problem = _marker_problem(file.marker)
        if key in self.worktree.edited:
            translated, evidence = self.clock, Evidence.WORKTREE
        else:
            translated, evidence = max(touch.time for touch in touches), Evidence.GIT
        since = next((touch.sha for touch in source.touches if touch.time <= translated), None)
        return self._judged(file, source, translated, evidence, since, problem)

    def _judged(
        self,
        file: ArticleFile,
        source: _Source,
        translated: int,
        evidence: Evidence,
        since: str | None,
        problem: str | None,
    ) -> ArticleStatus:
        changes = [touch for touch in source.touches if touch.time > translated and touch.sha != since]
        changed = source.changed
        if source.edited or source.uncommitted:
            changes.insert(0, Touch("", self.clock, UNCOMMITTED))
            changed, evidence = self.clock, Evidence.WORKTREE
        if evidence is Evidence.WORKTREE and translated == self.clock and not changes[1:]:
            changes = []  # both edited now and nothing committed in between: nothing to say
        state = State.OUTDATED if changes else State.CURRENT
        return ArticleStatus(
            file.slug,
            file.lang,
            state,
            len(changes),
            file.path,
            source.path,
            _when(translated),
            _when(changed),
            evidence,
            tuple(changes),
            since,
            problem,
        )


def _marker_problem(marker: str) -> str:
    if _looks_like_hash(marker):
        return f"the source commit {marker} is unknown in the source repository; judged by git history"
    return f"the source commit marker {marker!r} is not a commit hash; judged by git history"


_WHEN: dict[int, datetime] = {}


def _when(timestamp: int | None) -> datetime | None:
    """A commit time as an aware UTC datetime (memoized: many files share few commit times)."""
    if timestamp is None:
        return None
    moment = _WHEN.get(timestamp)
    if moment is None:
        moment = _WHEN[timestamp] = datetime.fromtimestamp(timestamp, UTC)
    return moment


def _summarize(languages: list[str], statuses: list[ArticleStatus]) -> dict[str, dict[str, int]]:
    summary = {lang: dict.fromkeys((state.value for state in State), 0) for lang in languages}
    for status in statuses:
        summary[status.lang][status.state.value] += 1
    return summary


def exit_status(report: StatusReport) -> ExitStatus:
    """0 when every article listed is current (or untracked, or orphaned), 1 when one is outdated or missing."""
    failing = (State.OUTDATED, State.MISSING)
    return ExitStatus.NOT_FOUND if any(a.state in failing for a in report.articles) else ExitStatus.OK


def to_json(report: StatusReport) -> dict[str, Any]:
    """The report as JSON-ready data: ISO 8601 dates (null where unknown), articles by language then slug."""
    return {
        "source": report.source,
        "summary": {lang: dict(counts) for lang, counts in report.summary.items()},
        "articles": [
            {
                "slug": a.slug,
                "lang": a.lang,
                "state": a.state.value,
                "behind": a.behind,
                "path": _text(a.path),
                "source_path": _text(a.source_path),
                "translated": a.translated.isoformat() if a.translated else None,
                "source_changed": a.source_changed.isoformat() if a.source_changed else None,
                "evidence": a.evidence.value if a.evidence else None,
            }
            for a in sorted(report.articles, key=lambda a: (a.lang, a.slug))
        ],
    }


def _text(path: Path | None) -> str | None:
    return None if path is None else os.fspath(path)


def github_annotations(report: StatusReport, root: Path | None = None) -> list[str]:
    """One GitHub Actions ``::warning`` line per outdated or missing article (a missing one points at its source).

    Paths are shown relative to ``root`` (the repository's top, for GitHub to place them) when given.
    """
    lines = []
    for a in report.articles:
        if a.state is State.OUTDATED and a.path is not None:
            target, since = a.path, f" since {a.translated:%Y-%m-%d}" if a.translated else ""
            message = f"{a.lang} translation of {a.slug} is outdated: {a.behind} source change(s){since}"
        elif a.state is State.MISSING and a.source_path is not None:
            target, message = a.source_path, f"{a.slug} has no {a.lang} translation"
        else:
            continue
        shown = os.path.relpath(target, root) if root is not None else os.fspath(target)
        lines.append(f"::warning file={_escape_property(shown)},line=1::{_escape_data(message)}")
    return lines


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def source_diff(status: ArticleStatus, runner: Runner = run_git) -> str:
    """What changed in the source article since the translation was made: commits with patches, then uncommitted edits.

    Without a known starting commit (a missing translation, or one older than the source), the
    source's whole history is shown.
    """
    if status.source_path is None:
        raise NotFound(f"{status.lang}/{status.slug} has no source article, so no changes to show")
    return source_changes_text(status.source_path, status.since, runner)
