"""A kept ``status`` report brought up to date instead of made again: its basis (each row with what
it was judged from, ``glossary.status.basis``), made after a whole report, and the rows a change
since may have moved, judged again (``rejudge``). ``glossary.cli.status_patch`` writes the report.
"""

from __future__ import annotations

import os
from datetime import datetime
from typing import TYPE_CHECKING, NamedTuple

from glossary.status import ArticleFile, ArticleStatus, StatusReport
from glossary.status_request import marker_keys, marker_of

if TYPE_CHECKING:
    from glossary.status.basis import Basis, Dependencies
    from glossary.status.places import Place
    from glossary.status_request import StatusRequest


def basis_of(request: StatusRequest, report: StatusReport) -> Basis | None:
    """The rows of ``report`` with what each was judged from, for the next run to patch the report;
    None when it could not be patched: only some states listed, a file that is a symbolic link,
    roots that name markers by other keys."""
    from glossary.corpus import BUNDLED
    from glossary.status.basis import Basis, dependencies

    kept, corpus = request.kept, request.corpus
    roots = [root for root in corpus.roots if root.origin != BUNDLED]
    keys = {marker_keys(root) for root in roots}
    if request.states is not None or len(keys) != 1 or corpus.linked():
        return None
    numbers = {path: number for number, path in enumerate(request.stats)}
    places = {place.top: place for place in request.places.all()}
    rows_files: list[tuple[int, int]] = []
    depends: list[Dependencies | None] = []
    shas = []
    commits: dict[str, tuple[int, str]] = {}
    directories: dict[str, str] = {}
    for status in report.articles:
        files = []
        for path in (status.path, status.source_path):
            number = -1 if path is None else numbers.get(os.fspath(path), -2)
            if number == -2:
                return None
            files.append(number)
            if path is not None:
                directories.setdefault(os.path.dirname(os.fspath(path)), os.fspath(path))
        rows_files.append((files[0], files[1]))
        found = kept.verdicts.get((status.lang, status.slug))
        git_paths = kept.git_paths.get((status.lang, status.slug))
        if status.path is not None and status.source_path is not None:
            if found is None or git_paths is None:
                return None
            depends.append(dependencies(found, *git_paths))
        else:
            depends.append(None)
        listed = tuple(touch.sha for touch in status.changes if touch.sha)
        shas.append(listed)
        for touch in status.changes:
            if touch.sha:
                commits.setdefault(touch.sha, (touch.time, touch.subject))
    worktrees = {}
    for top, place in places.items():
        state = kept.worktrees.get(top)
        if state is not None and state[0] == place.index_state:
            worktrees[top] = state
    from glossary.status.kept import settled

    fresh = settled(request.stats)
    stats = [stat if path in fresh else (-1, -1, -1, -1) for path, stat in request.stats.items()]
    pages = tuple(os.path.join(folder.path, "") for folder in corpus.folders if folder.hugo_pages)
    return Basis(
        request.frame, report.source, list(report.languages), report.sources, list(corpus.warnings),
        list(request.stats), stats, {top: place.repository.head for top, place in places.items()}, worktrees,
        pages, keys.pop(), list(directories.values()),
        [(status.lang, status.slug) for status in report.articles],
        [status.state.value for status in report.articles], rows_files, depends, shas, commits,
    )  # fmt: skip


def _places_of(request: StatusRequest, basis: Basis) -> dict[str, Place]:
    """The repositories of the rows of ``basis``, by top."""
    tops: dict[str, Place] = {}
    for path in basis.directories:
        repository, _ = request.places.where(path)
        place = request.places.place(repository)
        tops[place.top] = place
    return tops


def start_rejudging(request: StatusRequest, basis: Basis) -> None:
    """Start what ``rejudge`` waits for, in threads: each history whose HEAD moved since ``basis``, and
    ``git status`` where the index changed. Called early, git works while the run reads its kept report."""
    if basis.frame != request.frame:
        return
    for top, place in _places_of(request, basis).items():
        if top not in basis.heads:
            continue
        if basis.heads[top] != place.repository.head:
            place.start_reading()
        kept = basis.worktrees.get(top)
        if kept is None or kept[0] != place.index_state:
            place.start_worktree()


def rejudge(request: StatusRequest, basis: Basis, now: datetime | None = None) -> Rejudged | None:
    """Judge again the rows of ``basis`` a change since may have moved, and bring the basis up to
    date; None when the files walked are not those it was made from, or too much changed to patch."""
    from glossary.status.basis import changed_files, rows_to_judge

    if basis.frame != request.frame:
        return None
    changed = changed_files(basis, request.stats)
    if changed is None:
        return None
    tops = _places_of(request, basis)
    if tops.keys() != basis.heads.keys():
        return None
    start_rejudging(request, basis)
    moved = {top: basis.heads[top] != place.repository.head for top, place in tops.items()}
    restaged: dict[str, set[bytes]] = {}
    for top, place in tops.items():
        kept, index = basis.worktrees.get(top), place.index_state
        if kept is not None and index is not None and kept[0] == index:
            restaged[top] = set()
            continue
        if kept is None or index is None:
            return None
        worktree = place.worktree
        restaged[top] = (set(kept[1]) ^ worktree.untracked) | (set(kept[2]) ^ worktree.edited)
        basis.worktrees[top] = (index, tuple(sorted(worktree.untracked)), tuple(sorted(worktree.edited)))
    touched = {}
    for top, place in tops.items():
        if moved[top]:
            from glossary.status.kept import touched_since

            since = touched_since(place.history, basis.heads[top])
            if since is None:
                return None
            touched[top] = since
    rows = rows_to_judge(basis, changed, moved, touched, restaged)
    if rows is None:
        return None
    return _judged_again(request, basis, rows, set(changed), now)


def _judged_again(
    request: StatusRequest, basis: Basis, rows: list[int], changed: set[str], now: datetime | None
) -> Rejudged:
    from datetime import UTC

    from glossary.status.basis import dependencies
    from glossary.status.kept import settled
    from glossary.status.report import article_status
    from glossary.status.run import Pair, Run

    pairs = []
    for row in rows:
        lang, slug = basis.keys[row]
        translation, original = (basis.paths[number] for number in basis.files[row])
        depends = basis.depends[row]
        assert depends is not None
        marker = marker_of(translation, basis.marker_keys) if translation in changed else depends[7]
        source = ArticleFile(basis.source, slug, original)
        pairs.append(Pair(slug, lang, ArticleFile(lang, slug, translation, marker), source))
    run = Run(request.places, None)
    try:
        stored = run.judge(pairs, narrow=True)
    finally:
        request.places.close()
    clock = int((now or datetime.now(UTC)).timestamp())
    before = [basis.states[row] for row in rows]
    statuses = []
    for row, pair, verdict in zip(rows, pairs, stored, strict=True):
        status = article_status(pair, verdict, clock, run.commits)
        statuses.append(status)
        basis.states[row] = status.state.value
        basis.depends[row] = dependencies(verdict, pair.t_path, pair.s_path)
        basis.shas[row] = tuple(touch.sha for touch in status.changes if touch.sha)
        for touch in status.changes:
            if touch.sha:
                basis.commits.setdefault(touch.sha, (touch.time, touch.subject))
    fresh = settled(request.stats)
    basis.stats = [stat if path in fresh else (-1, -1, -1, -1) for path, stat in request.stats.items()]
    basis.heads = {place.top: place.repository.head for place in request.places.all() if place.top in basis.heads}
    return Rejudged(rows, before, statuses)


class Rejudged(NamedTuple):
    """The rows of a basis judged again: their numbers, their states before, and their status now."""

    rows: list[int]
    before: list[str]
    statuses: list[ArticleStatus]
