"""The status of every translation of a glossary: the rule applied to each article file, per repository.

Input is plain data: the source language and every article file (``ArticleFile``), with the source
commit a translation's front matter names. Output is a ``StatusReport``: an ``ArticleStatus`` per
concept and target language. Each file's own repository answers for it, so two roots in two
repositories each answer from their own history, and a source in another repository than its
translation is judged by the translation's marker alone.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, NamedTuple

from glossary.status import git, rule
from glossary.status.history import History
from glossary.status.rule import Evidence, Source, State, Verdict
from glossary.status.texts import MissingTexts, Texts, article_text

MARKER_KEYS = ("l10n.sourceCommit", "default_lang_commit", "outdated_since", "source_commit")
"""Front-matter keys that name the source commit of a translation (MDN, Hugo sites, generic)."""

UNCOMMITTED = "uncommitted changes"
MARKER_SHOWN = 80
"""Characters of a marker's value a problem report shows at most."""


class ArticleFile(NamedTuple):
    """One article file: its language, its concept's slug, its path, and the source commit it names, if any."""

    lang: str
    slug: str
    path: Path | str
    marker: str | None = None


class Touch(NamedTuple):
    """One source commit a translation is behind. An empty ``sha`` stands for edits not committed yet."""

    sha: str
    time: int  # committer time, seconds since the epoch
    subject: str


class ArticleStatus(NamedTuple):
    """Where one translation stands against its source article.

    ``base`` is the source commit the translation was made from (its marker's, or its last text
    change); ``changes`` the source commits since, newest first, that ``behind`` counts; ``since``
    the committer date of the oldest of them. ``translated`` is the base's date.
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
    base: str | None = None
    since: datetime | None = None


class MarkerProblem(NamedTuple):
    """A marker value that names no commit HEAD can reach: shown once, with how many translations carry it."""

    value: str
    uses: int
    reason: str

    def __str__(self) -> str:
        shown = self.value if len(self.value) <= MARKER_SHOWN else self.value[: MARKER_SHOWN - 1] + "…"
        many = f"{self.uses} translations name" if self.uses != 1 else "1 translation names"
        return f"{many} the source commit {shown!r}, which {self.reason}; judged by git history instead"


@dataclass
class StatusReport:
    """The status of every translation asked for, by language then slug, and counts per language.

    ``summary`` counts every state of the languages asked for, even when ``articles`` keeps only some.
    """

    source: str
    languages: list[str]
    articles: list[ArticleStatus]
    summary: dict[str, dict[str, int]] = field(default_factory=dict)
    marker_problems: list[MarkerProblem] = field(default_factory=list)


def source_commit(metadata: Mapping[str, Any], keys: Sequence[str] = MARKER_KEYS) -> str | None:
    """The first value found under ``keys`` in a front-matter dict, as text; dotted keys read nested dicts."""
    for key in keys:
        value: Any = metadata.get(key)
        if value is None and "." in key:
            value = metadata
            for part in key.split("."):
                value = value.get(part) if isinstance(value, Mapping) else None
        if value is not None and value != "" and not isinstance(value, (Mapping, list)):
            return value.strip() if isinstance(value, str) else str(value)
    return None


@dataclass
class Place:
    """A repository as one run sees it: its history, its blobs at HEAD, its work tree, its texts."""

    repository: git.Repository
    history: History
    heads: dict[bytes, bytes]
    worktree: git.Worktree
    objects: git.Objects
    texts: Texts


class Places:
    """Finds the repository of each file, and reads each repository once."""

    def __init__(self, load_history: Any = None) -> None:
        self._tops: list[tuple[str, git.Repository]] = []
        self._folders: dict[str, tuple[git.Repository, str]] = {}
        self._places: dict[Path, Place] = {}
        self._wanted: dict[Path, set[str]] = {}
        self._load_history = load_history

    def where(self, path: Path | str) -> tuple[git.Repository, bytes]:
        """The repository of the file at ``path`` and its path inside, as git names it."""
        absolute = os.path.abspath(path)
        folder, name = os.path.split(absolute)
        found = self._folders.get(folder)
        if found is None:
            found = self._folders[folder] = self._find(folder)
        repository, inside = found
        self._wanted.setdefault(repository.top, set()).add(inside or ".")
        return repository, os.fsencode(f"{inside}/{name}" if inside else name)

    def _find(self, folder: str) -> tuple[git.Repository, str]:
        real = os.path.realpath(folder)
        for top, repository in self._tops:
            inside = _inside(real, top)
            if inside is not None:
                return repository, inside
        repository = git.locate(Path(_existing(real)))
        top = os.path.realpath(repository.top)
        self._tops.append((top, repository))
        return repository, _inside(real, top, nested=False) or ""

    def place(self, repository: git.Repository) -> Place:
        """What the repository says: read once per run."""
        place = self._places.get(repository.top)
        if place is None:
            pathspecs = sorted(self._wanted.get(repository.top, {"."}))
            history = self._load_history(repository) if self._load_history else _full_history(repository)
            objects = git.Objects(repository.top)
            place = Place(
                repository,
                history,
                git.head_blobs(repository, pathspecs),
                git.worktree(repository, pathspecs),
                objects,
                Texts(objects.read, objects.read_many),
            )
            self._places[repository.top] = place
        return place

    def close(self) -> None:
        for place in self._places.values():
            place.objects.close()


def _full_history(repository: git.Repository) -> History:
    from glossary.status.history import read_log

    history = History(repository.head)
    history.append(read_log(repository))
    return history


def _existing(folder: str) -> str:
    while not os.path.isdir(folder) and os.path.dirname(folder) != folder:
        folder = os.path.dirname(folder)
    return folder


def _inside(real: str, top: str, *, nested: bool = True) -> str | None:
    """``real`` relative to ``top`` (``/`` apart) when it lies in that work tree, else None."""
    if real == top:
        return ""
    prefix = top.rstrip(os.sep) + os.sep
    if not real.startswith(prefix):
        return None
    relative = real[len(prefix) :]
    if nested:
        parts = relative.split(os.sep)
        for depth in range(1, len(parts) + 1):
            if os.path.lexists(os.path.join(top, *parts[:depth], ".git")):
                return None
    return relative.replace(os.sep, "/")


@dataclass
class _Pair:
    """One translation and its source, located."""

    slug: str
    lang: str
    translation: ArticleFile
    source: ArticleFile
    t_place: Place | None = None
    t_path: bytes = b""
    s_place: Place | None = None
    s_path: bytes = b""
    base: int | None = None
    evidence: Evidence = Evidence.GIT
    verdict: Verdict | None = None
    marker_read: bool = False


def translation_status(
    source: str,
    articles: Iterable[ArticleFile],
    *,
    languages: Collection[str] | None = None,
    states: Collection[State] | None = None,
    places: Places | None = None,
    now: datetime | None = None,
) -> StatusReport:
    """The status of every translation of the ``source`` language's articles.

    ``languages`` limits the target languages (default: every language with articles but the
    source); ``states`` limits the articles listed (the summary still counts every state). Raises a
    ``HistoryError`` when git cannot answer.
    """
    by_lang: dict[str, dict[str, ArticleFile]] = {}
    for file in articles:
        by_lang.setdefault(file.lang, {})[file.slug] = file
    targets = sorted(languages if languages is not None else by_lang.keys() - {source})
    targets = [lang for lang in targets if lang != source]
    sources = by_lang.get(source, {})
    places = places or Places()
    clock = int((now or datetime.now(UTC)).timestamp())
    try:
        statuses, problems = _Run(places, clock).judge(sources, {lang: by_lang.get(lang, {}) for lang in targets})
    finally:
        places.close()
    summary: dict[str, dict[str, int]] = {}
    listed: list[ArticleStatus] = []
    for lang in targets:
        mine = statuses.get(lang, [])
        counts = Counter(status.state for status in mine)
        summary[lang] = {state.value: counts[state] for state in State}
        listed += mine if states is None else [status for status in mine if status.state in states]
    return StatusReport(source, targets, listed, summary, problems)


class _Run:
    """One status run over located pairs: bases first, then the ancestors of every base in one pass, then verdicts."""

    def __init__(self, places: Places, clock: int) -> None:
        self.places = places
        self.clock = clock
        self.marker_uses: Counter[tuple[str, str]] = Counter()

    def judge(
        self, sources: dict[str, ArticleFile], targets: dict[str, dict[str, ArticleFile]]
    ) -> tuple[dict[str, list[ArticleStatus]], list[MarkerProblem]]:
        statuses: dict[str, list[ArticleStatus]] = {}
        pairs: list[_Pair] = []
        for lang, files in targets.items():
            mine = statuses.setdefault(lang, [])
            for slug in sorted(files.keys() | sources.keys()):
                translation, original = files.get(slug), sources.get(slug)
                if translation is None and original is not None:
                    mine.append(ArticleStatus(slug, lang, State.MISSING, source_path=original.path))
                elif original is None and translation is not None:
                    mine.append(ArticleStatus(slug, lang, State.ORPHAN, path=translation.path))
                elif translation is not None and original is not None:
                    pairs.append(_Pair(slug, lang, translation, original))
        located = [
            (pair, *self.places.where(pair.source.path), *self.places.where(pair.translation.path)) for pair in pairs
        ]
        for pair, repository, s_path, t_repository, t_path in located:
            pair.s_path, pair.t_path = s_path, t_path
            pair.s_place, pair.t_place = self.places.place(repository), self.places.place(t_repository)
        _in_passes(pairs, self._base)
        masks = self._masks(pairs)
        _in_passes([pair for pair in pairs if pair.verdict is None], lambda pair: self._verdict(pair, masks))
        for pair in pairs:
            statuses[pair.lang].append(self._status(pair))
        for mine in statuses.values():
            mine.sort(key=lambda status: status.slug)
        problems = [MarkerProblem(value, count, reason) for (value, reason), count in self.marker_uses.items()]
        return statuses, sorted(problems, key=lambda problem: (-problem.uses, problem.value))

    def _base(self, pair: _Pair) -> None:
        """The base of a translation and what gave it; a verdict already when no base applies."""
        s_place, t_place = pair.s_place, pair.t_place
        assert s_place is not None and t_place is not None
        if pair.s_path not in s_place.heads:
            pair.verdict = Verdict(State.UNTRACKED, Evidence.WORKTREE)
            return
        marker = pair.translation.marker
        if marker and not pair.marker_read:
            pair.marker_read = True
            commit = self._marker_commit(s_place, marker)
            if commit is not None:
                pair.base, pair.evidence = commit, Evidence.MARKER
        if pair.evidence is Evidence.MARKER:
            return
        if pair.t_path not in t_place.heads or pair.t_path in t_place.worktree.untracked:
            pair.verdict = Verdict(State.UNTRACKED, Evidence.WORKTREE)
        elif t_place is not s_place:
            pair.verdict = Verdict(State.UNKNOWN, Evidence.UNKNOWN)
        elif pair.t_path in t_place.worktree.edited:
            pair.verdict = rule.edited_translation(self._source(pair))
        else:
            blob = t_place.heads[pair.t_path]
            pair.base = rule.translation_base(t_place.history, t_place.texts, pair.t_path, blob)
            if pair.base is None:
                pair.base = _last_commit(t_place, pair.t_path)
            if pair.base is None:
                pair.verdict = Verdict(State.UNTRACKED, Evidence.GIT)

    def _marker_commit(self, place: Place, marker: str) -> int | None:
        """The commit a marker names in the source's history, or None with the reason counted."""
        value = marker.strip().lower()
        history = place.history
        commit: int | None = None
        if 4 <= len(value) <= 64 and all(char in "0123456789abcdef" for char in value):
            commit = history.id_of(value) if len(value) == 40 else _by_prefix(history, value)
        if commit is not None:
            return commit
        self.marker_uses[marker, _marker_reason(place, value)] += 1
        return None

    def _masks(self, pairs: list[_Pair]) -> dict[tuple[Path, int], int]:
        """The ancestors of each base, per repository, in one pass each."""
        bases: dict[Path, tuple[History, set[int]]] = {}
        for pair in pairs:
            if pair.verdict is None and pair.base is not None and pair.s_place is not None:
                top = pair.s_place.repository.top
                bases.setdefault(top, (pair.s_place.history, set()))[1].add(pair.base)
        masks: dict[tuple[Path, int], int] = {}
        for top, (history, commits) in bases.items():
            for commit, mask in history.ancestors(commits).items():
                masks[top, commit] = mask
        return masks

    def _source(self, pair: _Pair) -> Source:
        place = pair.s_place
        assert place is not None
        blob = place.heads[pair.s_path]
        paths = rule.source_paths(place.history, pair.s_path, blob)
        edited = None
        if pair.s_path in place.worktree.edited:
            try:
                edited = article_text(Path(pair.source.path).read_bytes())
            except OSError:
                edited = ("", "")  # deleted in the work tree: a change as large as it gets
        return Source(place.history, place.texts, paths, blob, edited)

    def _verdict(self, pair: _Pair, masks: dict[tuple[Path, int], int]) -> None:
        place = pair.s_place
        assert place is not None and pair.base is not None
        mask = masks[place.repository.top, pair.base]
        pair.verdict = rule.judge(self._source(pair), pair.base, pair.evidence, mask)

    def _status(self, pair: _Pair) -> ArticleStatus:
        verdict = pair.verdict
        place = pair.s_place
        assert place is not None and verdict is not None
        history = place.history
        changes = [Touch(history.shas[c], history.times[c], history.subjects[c]) for c in verdict.commits]
        if verdict.edited and verdict.state is State.OUTDATED:
            changes.insert(0, Touch("", self.clock, UNCOMMITTED))
        base = verdict.base
        translated = _when(history.times[base]) if base is not None else None
        since = _when(min(touch.time for touch in changes)) if changes else None
        changed = _when(max(touch.time for touch in changes)) if changes else None
        return ArticleStatus(
            pair.slug,
            pair.lang,
            verdict.state,
            verdict.behind,
            pair.translation.path,
            pair.source.path,
            translated,
            changed,
            verdict.evidence,
            tuple(changes),
            history.shas[base] if base is not None else None,
            since,
        )


def _in_passes(pairs: list[_Pair], step: Callable[[_Pair], None]) -> None:
    """Apply ``step`` to every pair; the texts a step lacks are gathered, read all at once, and the steps
    that lacked them run again, until none lacks any."""
    every = {
        id(texts): texts for pair in pairs for place in (pair.s_place, pair.t_place) if place for texts in [place.texts]
    }
    todo = pairs
    for texts in every.values():
        texts.gathering = True
    try:
        while todo:
            wanted: dict[int, tuple[Texts, set[bytes]]] = {}
            retry = []
            for pair in todo:
                try:
                    step(pair)
                except MissingTexts as missing:
                    retry.append(pair)
                    wanted.setdefault(id(missing.texts), (missing.texts, set()))[1].update(missing.names)
            for texts, names in wanted.values():
                texts.gathering = False
                texts.prefetch(names)
                texts.gathering = True
            todo = retry
    finally:
        for texts in every.values():
            texts.gathering = False


def _by_prefix(history: History, prefix: str) -> int | None:
    found = [number for number, sha in enumerate(history.shas) if sha.startswith(prefix)]
    return found[0] if len(found) == 1 else None


def _marker_reason(place: Place, value: str) -> str:
    if not (4 <= len(value) <= 64 and all(char in "0123456789abcdef" for char in value)):
        return "is not a commit hash"
    found = git.resolve_commits(place.repository.top, [value]).get(value)
    if found is None:
        return "names no commit of this repository"
    return "HEAD cannot reach (a branch that was rebased or not merged)"


def _last_commit(place: Place, path: bytes) -> int | None:
    """``git log -1 -- PATH``: for content no single commit wrote (a merge that resolved a conflict in it)."""
    try:
        raw = git.output(["log", "-1", "--format=%H", "HEAD", "--", os.fsdecode(path)], place.repository.top)
    except git.GitFailed:
        return None
    return place.history.id_of(raw.decode("ascii").strip())


class _Moments(dict[int, datetime]):
    """Commit times as aware UTC datetimes, made once each."""

    def __missing__(self, timestamp: int) -> datetime:
        moment = self[timestamp] = datetime.fromtimestamp(timestamp, UTC)
        return moment


_MOMENTS = _Moments()


def _when(timestamp: int) -> datetime:
    return _MOMENTS[timestamp]


def exit_failing(report: StatusReport) -> bool:
    """Whether a translation listed is outdated or missing (what makes ``status`` exit 1)."""
    return any(status.state in (State.OUTDATED, State.MISSING) for status in report.articles)


def source_diff(status: ArticleStatus, cache: Path | None = None) -> Iterator[bytes]:
    """What changed in the source of an outdated translation since its base, as git prints it, in chunks:
    the commits ``behind`` counts (newest first), then ``git diff BASE HEAD`` over every name the source
    had, then the edits not committed yet."""
    from glossary.status.store import load_history

    if status.source_path is None or status.base is None:
        return
    repository = git.locate(Path(os.path.abspath(status.source_path)).parent)
    _, inside = Places()._find(os.path.dirname(os.path.abspath(status.source_path)))
    name = os.path.basename(status.source_path)
    path = os.fsencode(f"{inside}/{name}" if inside else name)
    history = load_history(repository, cache)
    blob = git.head_blobs(repository, [os.fsdecode(path)]).get(path)
    names = [os.fsdecode(name) for name in rule.source_paths(history, path, blob)]
    for touch in status.changes:
        date = _when(touch.time).strftime("%Y-%m-%d")
        label = touch.sha[:12] if touch.sha else "uncommitted "
        yield f"{label}  {date}  {touch.subject}\n".encode("utf-8", "replace")
    yield b"\n"
    options = ["--no-color", "--no-ext-diff", "-M", "--ignore-all-space", "--ignore-blank-lines"]
    yield from git.stream(["diff", *options, status.base, repository.head or "HEAD", "--", *names], repository.top)
    if status.changes and not status.changes[0].sha:
        yield from git.stream(["diff", *options, "HEAD", "--", names[0]], repository.top)
