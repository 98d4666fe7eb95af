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
translations. No article text is read. A ``HistoryCache`` keeps the results too: a later run judges
again only the articles whose files a new commit or the work tree touched.
"""

from __future__ import annotations

import bisect
import marshal
import os
from array import array
from collections import Counter
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from itertools import groupby, repeat
from operator import attrgetter, getitem, itemgetter
from pathlib import Path
from typing import Any, NamedTuple, Self

from glossary.errors import ExitStatus, NotFound
from glossary.history import (
    Commit,
    Folders,
    HistoryCache,
    RepositoryFinder,
    Runner,
    Touch,
    Worktree,
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


class ArticleFile(NamedTuple):
    """One article file: its language, its concept's slug, its path (a ``Path``, or the text a listing gave), and
    the source commit it names, if any. (A named tuple: a glossary lists one per concept and language.)"""

    lang: str
    slug: str
    path: Path | str
    marker: str | None = None

    @classmethod
    def listing(cls, lang: str, slugs: list[str], paths: list[Any], markers: list[Any] | None = None) -> list[Self]:
        """The files of one language at once, without a Python call per file; ``markers`` in the same order."""
        count = len(slugs)
        rows = zip(repeat(lang, count), slugs, paths, repeat(None, count) if markers is None else markers, strict=True)
        return list(map(tuple.__new__, repeat(cls, count), rows))


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
    path: Path | str | None = None
    source_path: Path | str | None = None
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


@dataclass(frozen=True, slots=True)
class _Source:
    """What is known of one source article: its commits (newest first) and whether it has uncommitted edits."""

    path: Path | str
    touches: list[Touch]
    edited: bool
    uncommitted: bool
    changed: int | None  # the newest commit time


_STATES = tuple(State)
_EVIDENCE: tuple[Evidence | None, ...] = (None, *Evidence)
_JUDGE_AGAIN = -1  # a stored state for a row that depends on the work tree, or on a marker git did not know
_FORMAT = 4
_NONE = -(1 << 63)  # no time, in a stored column of times


class _Columns(NamedTuple):
    """The stored results of one target language, a row per concept sorted by slug, a column per field.

    ``sig`` digests the language's files (``_Stored.source_sig`` the source's). Then numbers: the
    translation's and source's index among the files (-1: none), state, behind, times (``_NONE``:
    none), evidence and how many of the source's stored commits (newest first) are changes; then
    ``since``. A marker problem follows from the marker: markers git does not know are judged again.
    """

    sig: bytes
    slugs: list[str]
    translation: array[int]
    source: array[int]
    state: array[int]
    behind: array[int]
    translated: array[int]
    changed: array[int]
    evidence: array[int]
    changes: array[int]
    since: list[str | None]

    @classmethod
    def empty(cls, sig: bytes) -> _Columns:
        return cls._make((sig, [], *(array("q") for _ in range(8)), []))

    def judged(self) -> list[Any]:
        """The columns a ``_Row`` gives the values of, in its order."""
        return [self.state, self.behind, self.translated, self.changed, self.evidence, self.changes, self.since]


_Row = tuple[int, int, int, int, int, int, str | None]


class _Stored(NamedTuple):
    """Results judged at ``heads`` (per repository root), with the commits of each source article."""

    heads: dict[str, str | None]
    source_sig: bytes
    sources: dict[str, tuple[tuple[str, int, str], ...]]
    langs: dict[str, _Columns]

    def encode(self) -> bytes:
        langs = {lang: (*c[:2], b"".join(n.tobytes() for n in c[2:-1]), c.since) for lang, c in self.langs.items()}
        return marshal.dumps((_FORMAT, self.heads, self.source_sig, self.sources, langs))

    @classmethod
    def decode(cls, data: bytes | None) -> _Stored | None:
        try:
            version, heads, source_sig, sources, stored = marshal.loads(data or marshal.dumps((None,) * 5))
            langs = {}
            for lang, (sig, slugs, raw, since) in stored.items() if version == _FORMAT else ():
                numbers, count = array("q", raw), len(slugs)
                if len(numbers) != 8 * count or len(since) != count:
                    return None
                parts = (numbers[at * count : (at + 1) * count] for at in range(8))
                langs[lang] = _Columns._make((sig, slugs, *parts, since))
        except (EOFError, ValueError, TypeError):
            return None
        return cls(heads, source_sig, sources, langs) if version == _FORMAT else None


def _signature(files: list[ArticleFile], absolute: list[str]) -> bytes:
    """A digest of the slugs, paths and markers of ``files`` (``absolute`` their paths as ``place`` made them)."""
    import hashlib

    markers = list(map(itemgetter(3), files))
    parts = ("\0".join(map(itemgetter(1), files)), "\0".join(absolute), repr(markers) if any(markers) else "")
    return hashlib.blake2b("\1".join(parts).encode("utf-8", "surrogateescape"), digest_size=16).digest()


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
    keeps what git said between runs, and the results judged from it: a later run judges again only
    the articles whose files a new commit or the work tree touched. Raises a ``HistoryError`` when
    git cannot answer.
    """
    import gc

    by_lang: dict[str, list[ArticleFile]] = {}
    for lang, group in groupby(articles, itemgetter(0)):  # a listing gives a language's files together
        by_lang.setdefault(lang, []).extend(group)
    targets = sorted(languages if languages is not None else by_lang.keys() - {source})
    targets = [lang for lang in targets if lang != source]
    involved = {lang: by_lang[lang] for lang in [source, *targets] if by_lang.get(lang)}
    repositories = Folders(runner, cache, RepositoryFinder(runner))
    collecting = gc.isenabled()
    gc.disable()  # a report is many small objects without cycles: collecting while they are made only costs
    try:
        repositories.place({lang: list(map(itemgetter(2), files)) for lang, files in involved.items()})
        repositories.read()
        clock = int((now or datetime.now(UTC)).timestamp())
        statuses, summary = _Run(repositories, source, involved, targets, clock).report(states)
    finally:
        repositories.close()
        if collecting:
            gc.enable()
    return StatusReport(source, targets, statuses, summary)


_Verdict = tuple["ArticleStatus", "_Row | None", int, int]  # and what to store (None: nothing), the files' indexes
_Judged = dict[str, dict[str, _Verdict]]  # by language and slug
_Files = dict[str, list["ArticleFile"]]  # by language
_Statuses = dict[str, list["ArticleStatus"]]  # by language


class _Run:
    """One status run: the stored results that still hold are reused, the rest judged (and stored)."""

    def __init__(self, repositories: Folders, source: str, involved: _Files, targets: list[str], clock: int) -> None:
        self.repositories, self.source, self.involved = repositories, source, involved
        self.targets, self.clock = targets, clock
        self.source_files = involved.get(source, [])
        self.source_sig = _signature(self.source_files, repositories.absolute.get(source, []))
        self.heads = {os.fspath(root): changes.head for root, changes in repositories.changes.items()}
        self.scope = "\0".join([source, *targets, *sorted(self.heads)]).encode("utf-8", "surrogateescape")
        self.stored, self.touched = self._stored()
        self.slugs: list[str] | None = None  # the source's, sorted: stored once for the languages that have them all
        self.worktree: set[str] = set()  # the files with uncommitted edits, once git status answered
        self.touch_lists: dict[str, tuple[Touch, ...]] = {}
        self.new_sources: dict[str, tuple[tuple[str, int, str], ...]] = {}

    def _stored(self) -> tuple[_Stored | None, set[str]]:
        """The stored results if they still hold, and the files committed to since they were judged."""
        cache = self.repositories.cache
        stored = _Stored.decode(cache.load_results(self.scope)) if cache is not None else None
        if stored is None or stored.source_sig != self.source_sig:
            return None, set()
        touched: set[str] = set()
        for root, changes in self.repositories.changes.items():
            head = stored.heads.get(os.fspath(root), "\0")
            if head == changes.head:
                continue
            if changes.since is None or head != changes.since:
                return None, set()
            touched |= self.repositories.names(root, {*changes.touches, *changes.renamed, *changes.renamed.values()})
        return stored, touched

    def report(self, states: Collection[State] | None) -> tuple[list[ArticleStatus], dict[str, dict[str, int]]]:
        plans: dict[str, _Columns | None] = {}
        units: dict[str, dict[str, tuple[int, int]]] = {}
        touched_sources = self._hit(self.source, self.touched)
        for lang in self.targets:
            files = self.involved.get(lang, [])
            columns = self.stored.langs.get(lang) if self.stored is not None else None
            if columns is None or columns.sig != _signature(files, self.repositories.absolute.get(lang, [])):
                plans[lang], units[lang] = None, self._every_unit(lang, files)
            else:
                plans[lang] = columns
                units[lang] = self._units(lang, columns, self.touched, touched_sources, again=True)
        # Made while git status runs (in its thread): every stored status, those judged again replaced below.
        built = {lang: self._stored_statuses(lang, columns) for lang, columns in plans.items() if columns is not None}
        for root, worktree in self.repositories.worktrees.items():
            self.worktree |= self.repositories.names(root, worktree.edited | worktree.uncommitted)
        edited_sources = self._hit(self.source, self.worktree)
        for lang, columns in plans.items():
            if columns is not None and self.worktree:
                units[lang].update(self._units(lang, columns, self.worktree, edited_sources, again=False))
        return self._assemble(plans, built, self._judge(units), states)

    def _hit(self, lang: str, names: set[str]) -> set[str]:
        """The slugs of ``lang`` whose file is one of ``names``."""
        if not names:
            return set()
        files = self.involved.get(lang, [])
        return {files[i].slug for i, path in enumerate(self.repositories.absolute.get(lang, [])) if path in names}

    def _units(
        self, lang: str, columns: _Columns, names: set[str], sources: set[str], *, again: bool
    ) -> dict[str, tuple[int, int]]:
        """Rows of ``lang`` to judge again: of a file in ``names``, of a slug in ``sources``, stored so (``again``)."""
        found: dict[str, tuple[int, int]] = {}
        for slug in self._hit(lang, names) | sources:
            at = bisect.bisect_left(columns.slugs, slug)
            if at < len(columns.slugs) and columns.slugs[at] == slug:
                found[slug] = (columns.translation[at], columns.source[at])
        if again and _JUDGE_AGAIN in columns.state:
            for at, state in enumerate(columns.state):
                if state == _JUDGE_AGAIN:
                    found[columns.slugs[at]] = (columns.translation[at], columns.source[at])
        return found

    def _every_unit(self, lang: str, files: list[ArticleFile]) -> dict[str, tuple[int, int]]:
        translations = {file.slug: index for index, file in enumerate(files)}
        sources = {file.slug: index for index, file in enumerate(self.source_files)}
        slugs = sorted(translations.keys() | sources.keys())
        return {slug: (translations.get(slug, -1), sources.get(slug, -1)) for slug in slugs}

    def _assemble(
        self, plans: dict[str, _Columns | None], built: _Statuses, judged: _Judged, states: Collection[State] | None
    ) -> tuple[list[ArticleStatus], dict[str, dict[str, int]]]:
        """The statuses of the states asked for and the summary; the results stored when they changed."""
        statuses: list[ArticleStatus] = []
        summary: dict[str, dict[str, int]] = {}
        langs: dict[str, _Columns] = {}
        dirty = self.stored is None or self.stored.heads != self.heads
        for lang in self.targets:
            mine = judged.get(lang, {})
            columns, changed = self._columns(lang, plans[lang], mine)
            dirty, langs[lang] = dirty or changed, columns
            found = built.get(lang)
            if found is None:
                found = [status for status, _, _, _ in mine.values()]
            else:
                for slug, (status, _, _, _) in mine.items():
                    found[bisect.bisect_left(columns.slugs, slug)] = status
            counts = Counter(map(attrgetter("state"), found))
            summary[lang] = {state.value: counts[state] for state in State}
            statuses += found if states is None else [status for status in found if status.state in states]
        cache = self.repositories.cache
        if dirty and cache is not None:
            reused = self.stored is not None and any(plan is not None for plan in plans.values())
            sources = dict(self.stored.sources) if reused and self.stored is not None else {}
            sources.update(self.new_sources)
            cache.store_results(self.scope, _Stored(self.heads, self.source_sig, sources, langs).encode())
        return statuses, summary

    def _judge(self, units: dict[str, dict[str, tuple[int, int]]]) -> _Judged:
        """Judge these articles from their files' commits, read from the cache only for them when few."""
        judged: _Judged = {}
        flat = [(lang, slug, t, s) for lang, rows in units.items() for slug, (t, s) in rows.items()]
        if not flat:
            return judged
        r = self.repositories
        keys: dict[tuple[str, int], tuple[Path, bytes]] = {}
        wanted: dict[Path, set[bytes]] = {}
        for lang, _, t, s in flat:
            for owner, index in ((lang, t), (self.source, s)) if t >= 0 and s >= 0 else ():
                if (owner, index) not in keys:
                    keys[owner, index] = where = r.key(owner, r.absolute[owner][index])
                    wanted.setdefault(where[0], set()).add(where[1])
        everything = len(keys) > 500 and len(keys) * 2 > sum(map(len, r.absolute.values()))
        histories = r.histories(wanted, everything=everything)
        markers = self._markers(flat)
        judges = {root: _Judge(touches, r.worktrees[root], markers, self.clock) for root, touches in histories.items()}
        sources: dict[int, _Source] = {}
        for lang, slug, t, s in flat:
            row: _Row | None
            if t < 0:
                status = ArticleStatus(slug, lang, State.MISSING, source_path=self.source_files[s].path)
                row = (_STATE_INDEX[State.MISSING], 0, _NONE, _NONE, 0, 0, None)
            elif s < 0:
                status = ArticleStatus(slug, lang, State.ORPHAN, path=self.involved[lang][t].path)
                row = (_STATE_INDEX[State.ORPHAN], 0, _NONE, _NONE, 0, 0, None)
            else:
                source = sources.get(s)
                if source is None:
                    source = sources[s] = self._source(s, keys[self.source, s], histories)
                file = self.involved[lang][t]
                root, key = keys[lang, t]
                status = judges[root].status(file, key, source)
                volatile = r.absolute[lang][t] in self.worktree or r.absolute[self.source][s] in self.worktree
                marker = file.marker or ""
                unknown = bool(marker) and marker.lower() not in markers and _looks_like_hash(marker)
                row = None if volatile or unknown else _row(status, source)
            judged.setdefault(lang, {})[slug] = (status, row, t, s)
        return judged

    def _source(
        self, index: int, where: tuple[Path, bytes], histories: dict[Path, dict[bytes, list[Touch]]]
    ) -> _Source:
        root, key = where
        worktree = self.repositories.worktrees[root]
        touches = histories[root].get(key, [])
        changed = max(touch.time for touch in touches) if touches else None
        file = self.source_files[index]
        if touches:
            self.new_sources[file.slug] = tuple(map(tuple, touches))  # type: ignore[arg-type]
        return _Source(file.path, touches, key in worktree.edited, key in worktree.uncommitted, changed)

    def _markers(self, units: list[tuple[str, str, int, int]]) -> dict[str, Commit]:
        """The commits the markers of these translations name, resolved in the source's repository in one call."""
        names = set()
        for lang, _, t, s in units:
            marker = self.involved[lang][t].marker if t >= 0 and s >= 0 else None
            if marker and _looks_like_hash(marker):
                names.add(marker.lower())
        if not names or not self.source_files:
            return {}
        r = self.repositories
        return resolve_commits(r.folders[self.source][0], names, r.runner, r.cache)

    def _columns(self, lang: str, columns: _Columns | None, mine: dict[str, _Verdict]) -> tuple[_Columns, bool]:
        """The results of ``lang`` to store: the stored ones with what was judged again (or only what was judged)."""
        if columns is None:
            columns = _Columns.empty(_signature(self.involved.get(lang, []), self.repositories.absolute.get(lang, [])))
            for slug, (_, row, t, s) in mine.items():
                columns.slugs.append(slug)
                columns.translation.append(t)
                columns.source.append(s)
                for values, value in zip(columns.judged(), row or _AGAIN, strict=True):
                    values.append(value)
            if self.slugs is None:
                self.slugs = sorted(map(itemgetter(1), self.source_files))
            if columns.slugs == self.slugs:  # stored once for the languages that have every concept
                columns = columns._replace(slugs=self.slugs)
            return columns, True
        changed = False
        for slug, (_, row, _, _) in mine.items():
            at = bisect.bisect_left(columns.slugs, slug)
            for values, value in zip(columns.judged(), row or _AGAIN, strict=True):
                if values[at] != value:
                    values[at], changed = value, True
        return columns, changed

    def _stored_statuses(self, lang: str, columns: _Columns) -> list[ArticleStatus]:
        """The status of each stored row of ``lang`` (rows stored as to judge again come out wrong, to be replaced).

        Made column by column with ``map``, and the named tuples from ``zip``: no Python call per row.
        """
        files = self.involved.get(lang, [])
        paths = [*map(itemgetter(2), files), None]  # index -1 (no such file) finds the None
        source_paths = [*map(itemgetter(2), self.source_files), None]
        slugs, count = columns.slugs, len(columns.slugs)
        problems: Iterable[str | None] = repeat(None, count)
        if any(map(itemgetter(3), files)):
            markers = [file.marker for file in files] + [None]
            problems = list(map(_problem_of, map(markers.__getitem__, columns.translation), columns.state))
        touches = self._touch_lists()
        rows = zip(
            slugs,
            repeat(lang, count),
            map(_STATES.__getitem__, columns.state),
            columns.behind,
            map(paths.__getitem__, columns.translation),
            map(source_paths.__getitem__, columns.source),
            map(_WHEN.__getitem__, columns.translated),
            map(_WHEN.__getitem__, columns.changed),
            map(_EVIDENCE.__getitem__, columns.evidence),
            map(getitem, map(touches.get, slugs, repeat(())), map(slice, columns.changes)),
            columns.since,
            problems,
            strict=True,
        )
        return list(map(_new, repeat(ArticleStatus, count), rows))

    def _touch_lists(self) -> dict[str, tuple[Touch, ...]]:
        """The stored commits of every source, newest first."""
        if not self.touch_lists and self.stored is not None:
            self.touch_lists = {slug: tuple(map(_new, repeat(Touch), raw)) for slug, raw in self.stored.sources.items()}
        return self.touch_lists


_new = tuple.__new__  # a named tuple from a tuple of its fields: ``_make`` without its check, for stored rows

_STATE_INDEX = {state: index for index, state in enumerate(_STATES)}
_EVIDENCE_INDEX = {evidence: index for index, evidence in enumerate(_EVIDENCE)}
_AGAIN: _Row = (_JUDGE_AGAIN, 0, _NONE, _NONE, 0, 0, None)


def _row(status: ArticleStatus, source: _Source) -> _Row | None:
    """What to store of a judged status; None (judge it again) when its changes are not the source's newest commits."""
    if tuple(source.touches[: len(status.changes)]) != status.changes:  # commit times out of order: rare
        return None
    translated, changed = status.translated, status.source_changed
    return (
        _STATE_INDEX[status.state],
        status.behind,
        _NONE if translated is None else int(translated.timestamp()),
        _NONE if changed is None else int(changed.timestamp()),
        _EVIDENCE_INDEX[status.evidence],
        len(status.changes),
        status.since,
    )


def _problem_of(marker: str | None, state: int) -> str | None:
    """The problem of a marker a stored row was judged with: one that is no hash has one, when git history judged."""
    judged = _STATES[state] in (State.CURRENT, State.OUTDATED)  # not untracked, orphaned or missing
    return None if not marker or not judged or _looks_like_hash(marker) else _marker_problem(marker)


def _looks_like_hash(marker: str) -> bool:
    return 7 <= len(marker) <= 64 and set(marker.lower()) <= _COMMIT_HASH


_How = tuple[Evidence, str | None, str | None]


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
            changed = _WHEN[source.changed]
            return ArticleStatus(file.slug, file.lang, State.UNTRACKED, 0, file.path, source.path, None, changed)
        problem = None
        if file.marker:
            commit = self.markers.get(file.marker.lower())
            if commit is not None:
                return self._judged(file, source, commit.time, (Evidence.MARKER, commit.sha, None))
            problem = _marker_problem(file.marker)
        if key in self.worktree.edited:
            translated, evidence = self.clock, Evidence.WORKTREE
        else:
            translated, evidence = max(touch.time for touch in touches), Evidence.GIT
        since = next((touch.sha for touch in source.touches if touch.time <= translated), None)
        return self._judged(file, source, translated, (evidence, since, problem))

    def _judged(self, file: ArticleFile, source: _Source, translated: int, how: _How) -> ArticleStatus:
        """The status from the time the translation was made, by the evidence, ``since`` and problem ``how`` says."""
        evidence, since, problem = how
        changes = [touch for touch in source.touches if touch.time > translated and touch.sha != since]
        changed = source.changed
        if source.edited or source.uncommitted:
            changes.insert(0, Touch("", self.clock, UNCOMMITTED))
            changed, evidence = self.clock, Evidence.WORKTREE
        if evidence is Evidence.WORKTREE and translated == self.clock and not changes[1:]:
            changes = []  # both edited now and nothing committed in between: nothing to say
        state = State.OUTDATED if changes else State.CURRENT
        article = (file.slug, file.lang, state, len(changes), file.path, source.path, _WHEN[translated], _WHEN[changed])
        return ArticleStatus(*article, evidence, tuple(changes), since, problem)


def _marker_problem(marker: str) -> str:
    if _looks_like_hash(marker):
        return f"the source commit {marker} is unknown in the source repository; judged by git history"
    return f"the source commit marker {marker!r} is not a commit hash; judged by git history"


class _Moments(dict[int | None, datetime | None]):
    """Commit times as aware UTC datetimes, made once each: many files share few commit times."""

    def __missing__(self, timestamp: int) -> datetime:
        moment = self[timestamp] = datetime.fromtimestamp(timestamp, UTC)
        return moment


_WHEN = _Moments({None: None, _NONE: None})


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


def _text(path: Path | str | None) -> str | None:
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
    return source_changes_text(Path(status.source_path), status.since, runner)
