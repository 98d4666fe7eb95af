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
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from glossary.status import git, rule
from glossary.status.rule import Evidence, State

if TYPE_CHECKING:
    from glossary.status.kept import Kept
    from glossary.status.places import Places

MARKER_KEYS = ("l10n.sourceCommit", "default_lang_commit", "outdated_since", "source_commit")
"""Front-matter keys that name the source commit of a translation (MDN, Hugo sites, generic)."""

UNCOMMITTED = "uncommitted changes"
MARKER_SHOWN = 80
"""Characters of a marker's value a problem report shows at most."""


class ArticleFile(NamedTuple):
    """One article file: its language, its concept's slug, its path, and the source commit it names, if any.

    ``real`` is set for a symbolic link: the file it leads to, whose history judges it.
    """

    lang: str
    slug: str
    path: Path | str
    marker: str | None = None
    real: str | None = None

    @property
    def in_git(self) -> Path | str:
        """The file git knows the article's text by: the file a symbolic link leads to, else its own."""
        return self.path if self.real is None else self.real


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
    ignored: tuple[int, int, int] = (0, 0, 0)  # source commits not counted: by message, by list, no text changed


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
    reused: bool = False
    sources: int = 0  # source articles  # every verdict was the kept one of the last run


def source_commit(metadata: Mapping[str, Any], keys: Sequence[str] = MARKER_KEYS) -> str | None:
    """The first value found under ``keys`` in a front-matter dict, as text; dotted keys read nested dicts."""
    for key in keys:
        value: Any = metadata.get(key)
        if value is None and "." in key:
            value = metadata
            for part in key.split("."):
                value = value.get(part) if isinstance(value, Mapping) else None
        if isinstance(value, Mapping):  # a block of other keys (l10n: {...}): the dotted key is read above
            continue
        if value is not None and value != "":
            return value.strip() if isinstance(value, str) else str(value)
    return None


def translation_status(
    source: str,
    articles: Iterable[ArticleFile],
    *,
    languages: Collection[str] | None = None,
    states: Collection[State] | None = None,
    places: Places | None = None,
    kept: Kept | None = None,
    now: datetime | None = None,
) -> StatusReport:
    """The status of every translation of the ``source`` language's articles.

    ``languages`` limits the target languages (default: every language with articles but the
    source); ``states`` limits the articles listed (the summary still counts every state). ``kept``
    holds the verdicts of the last run: those that still hold are reused, and this run's are kept.
    Raises a ``HistoryError`` when git cannot answer.
    """
    from glossary.status.places import Places
    from glossary.status.run import Pair, Run, problems

    by_lang: dict[str, dict[str, ArticleFile]] = {}
    for file in articles:
        by_lang.setdefault(file.lang, {})[file.slug] = file
    targets = sorted(languages if languages is not None else by_lang.keys() - {source})
    targets = [lang for lang in targets if lang != source]
    sources = by_lang.get(source, {})
    clock = int((now or datetime.now(UTC)).timestamp())
    statuses: dict[str, list[ArticleStatus]] = {lang: [] for lang in targets}
    pairs: list[Pair] = []
    for lang in targets:
        files = by_lang.get(lang, {})
        for slug in sorted(files.keys() | sources.keys()):
            translation, original = files.get(slug), sources.get(slug)
            if translation is None and original is not None:
                statuses[lang].append(ArticleStatus(slug, lang, State.MISSING, source_path=original.path))
            elif original is None and translation is not None:
                statuses[lang].append(ArticleStatus(slug, lang, State.ORPHAN, path=translation.path))
            elif translation is not None and original is not None:
                pairs.append(Pair(slug, lang, translation, original))
    places = places or Places()
    run = Run(places, kept)
    try:
        stored = run.judge(pairs)
    finally:
        places.close()
    table = kept.commits if kept is not None else run.commits
    for pair, verdict in zip(pairs, stored, strict=True):
        statuses[pair.lang].append(article_status(pair, verdict, clock, table))
    if kept is not None:
        kept.verdicts = {(pair.lang, pair.slug): verdict for pair, verdict in zip(pairs, stored, strict=True)}
        kept.git_paths = {(pair.lang, pair.slug): (pair.t_path, pair.s_path) for pair in pairs}
        used = {sha for verdict in stored for sha in verdict[6]}
        kept.commits = {sha: found for sha, found in kept.commits.items() if sha in used}
    summary: dict[str, dict[str, int]] = {}
    listed: list[ArticleStatus] = []
    for lang in targets:
        mine = sorted(statuses[lang], key=lambda status: status.slug)
        counts = Counter(status.state for status in mine)
        summary[lang] = {state.value: counts[state] for state in State}
        listed += mine if states is None else [status for status in mine if status.state in states]
    found = [MarkerProblem(value, uses, reason) for (value, reason), uses in problems(stored).items()]
    found.sort(key=lambda problem: (-problem.uses, problem.value))
    return StatusReport(source, targets, listed, summary, found, reused=run.reused == len(pairs), sources=len(sources))


def article_status(pair: Any, kept: tuple[Any, ...], clock: int, table: dict[str, tuple[int, str]]) -> ArticleStatus:
    """An article's status from the kept form of its verdict; ``table`` has each commit's time and subject."""
    state, evidence, base, commits, edited = _STATES[kept[3]], _EVIDENCE[kept[4]], kept[5], kept[6], kept[7]
    changes = [Touch(sha, *table[sha]) for sha in commits] if commits else []
    if edited and state is State.OUTDATED:  # dated when the source file was saved (else now)
        changes.insert(0, Touch("", _saved(pair.source.path, clock), UNCOMMITTED))
    behind = len(changes) if state is State.OUTDATED else 0
    times = [touch.time for touch in changes]
    return ArticleStatus(
        pair.slug,
        pair.lang,
        state,
        behind,
        pair.translation.path,
        pair.source.path,
        _when(kept[14]) if kept[14] is not None else None,
        _when(max(times)) if times else None,
        evidence,
        tuple(changes),
        base,
        _when(min(times)) if times else None,
        tuple(kept[15]),
    )


_STATES = {state.value: state for state in State}
_EVIDENCE = {evidence.value: evidence for evidence in Evidence}


def _saved(path: Any, otherwise: int) -> int:
    """When the file at ``path`` was last written, in seconds since the epoch."""
    try:
        return int(os.stat(path).st_mtime)
    except OSError:
        return otherwise


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
    source = os.path.realpath(status.source_path)  # a symbolic link: the file it leads to, as status judged
    repository = git.locate(Path(source).parent)
    from glossary.status.places import Places

    _, inside = Places().find(os.path.dirname(source))
    name = os.path.basename(source)
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
