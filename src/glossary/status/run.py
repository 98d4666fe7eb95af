"""One run of ``status``: the rule applied to every translation that has a source, reusing what still holds.

A translation's verdict is kept with what it depends on: its file and its source's (path, size and
time), its marker, and every name either file had in git. It still holds when HEAD has not moved
and neither file changed, or when the new commits touched none of those names and neither file is
edited. What does not hold is judged again: bases first, then the ancestors of every base in one
pass over the history, then the verdicts; the texts the rule compares are read in a few batches.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from glossary.status import git, rule
from glossary.status.places import Place, Places
from glossary.status.rule import Evidence, Source, State, Verdict
from glossary.status.texts import MissingTexts, Texts, article_text
from glossary.text import sanitize

if TYPE_CHECKING:
    from glossary.status.kept import Kept
    from glossary.status.report import ArticleFile

NARROW_MOST = 500
"""Pairs judged again up to which git is asked about their files only, not about the whole glossary."""

Stored = tuple[Any, ...]
"""A kept verdict: (translation path, source path, marker, state, evidence, base, commits, edited,
translation top, its names, source top, its names, volatile, marker problem, base's time, commits not
counted by message, by list and for changing no text); commits by hash (``Kept.commits`` has their
time and subject). A path is the file git knows the article by (``ArticleFile.in_git``)."""


@dataclass
class Pair:
    """One translation and its source, located; then judged."""

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
    problem: str | None = None
    names: list[bytes] = field(default_factory=list)  # every name the translation had
    kept: Stored | None = None


class Run:
    """Judges pairs: ``judge`` returns the kept form of each verdict, new or reused."""

    def __init__(self, places: Places, kept: Kept | None) -> None:
        self.places = places
        self.kept = kept
        self.reused = 0
        self.commits: dict[str, tuple[int, str]] = kept.commits if kept is not None else {}
        self._names: dict[tuple[str, bytes], list[bytes]] = {}  # every name of a source, by its place and path
        self._sources: dict[tuple[str, bytes], Source] = {}  # what the rule reads of a source, by the same
        self._heads_moved: dict[str, bool] = {}
        self._index_changes: dict[str, set[bytes]] = {}

    def source_names(self, place: Place, path: bytes) -> list[bytes]:
        """Every name the source at ``path`` had (``rule.source_paths``), worked out once a run."""
        found = self._names.get((place.top, path))
        if found is None:
            found = self._names[place.top, path] = rule.source_paths(place.history, path, place.heads.get(path))
        return found

    def judge(self, pairs: list[Pair], *, narrow: bool = False) -> list[Stored]:
        """The kept form of each pair's verdict; ``narrow``: ask git about these pairs' files only
        (when they are few), as when kept verdicts cover the rest."""
        for pair in pairs:
            repository, pair.s_path = self.places.where(pair.source.in_git)
            t_repository, pair.t_path = self.places.where(pair.translation.in_git)
            pair.s_place, pair.t_place = self.places.place(repository), self.places.place(t_repository)
        if self.kept is not None:
            for pair in pairs:  # the HEADs this run judges at, kept for the next run
                for place in (pair.s_place, pair.t_place):
                    if place is not None:
                        self.kept.new_heads[place.top] = place.repository.head
        fresh = [pair for pair in pairs if not self._still_holds(pair)]
        self.reused = len(pairs) - len(fresh)
        if (self.reused or narrow) and len(fresh) <= NARROW_MOST:
            self._narrow(fresh)
        _in_passes(fresh, self._base)
        masks = self._masks(fresh)
        _in_passes([pair for pair in fresh if pair.verdict is None], lambda pair: self._verdict(pair, masks))
        self._keep_worktrees(pairs)
        return [pair.kept if pair.kept is not None else self._stored(pair) for pair in pairs]

    def _keep_worktrees(self, pairs: list[Pair]) -> None:
        """Keep what ``git status`` said of the whole glossary in each repository, with its index, when
        this run asked it (for ``_restaged`` next time)."""
        if self.kept is None:
            return
        for place in {id(place): place for pair in pairs for place in (pair.s_place, pair.t_place) if place}.values():
            if "worktree" in place.__dict__ and place.worktree_whole and place.index_state is not None:
                worktree = place.worktree
                state = (place.index_state, tuple(sorted(worktree.untracked)), tuple(sorted(worktree.edited)))
                self.kept.worktrees[place.top] = state
            elif self.kept.worktrees.get(place.top, ("",))[0] != place.index_state:
                self.kept.worktrees.pop(place.top, None)  # what was kept no longer says what git says

    def _narrow(self, fresh: list[Pair]) -> None:
        """Ask git about the files of the pairs judged again only, when they are few."""
        paths: dict[str, tuple[Place, set[bytes]]] = {}
        for pair in fresh:
            for place, path in ((pair.s_place, pair.s_path), (pair.t_place, pair.t_path)):
                assert place is not None
                paths.setdefault(place.top, (place, set()))[1].add(path)
        for place, wanted in paths.values():
            place.narrow(wanted)

    def _still_holds(self, pair: Pair) -> bool:
        """Whether the kept verdict of ``pair`` holds (then ``pair.kept`` is it)."""
        kept = self.kept
        stored = kept.verdicts.get((pair.lang, pair.slug)) if kept is not None else None
        if kept is None or stored is None:
            return False
        t_place, s_place = pair.t_place, pair.s_place
        assert t_place is not None and s_place is not None
        translation, source = pair.translation, pair.source
        same_files = (
            stored[0] == os.fspath(translation.in_git)
            and stored[1] == os.fspath(source.in_git)
            and stored[2] == translation.marker
            and kept.same_stat(translation)
            and kept.same_stat(source)
        )
        if not same_files or pair.t_path in self._restaged(t_place) or pair.s_path in self._restaged(s_place):
            return False
        t_moved, s_moved = self._moved(t_place), self._moved(s_place)
        if t_moved or s_moved:
            if stored[12]:  # judged from the work tree, which a commit may have changed
                return False
            assert kept is not None
            if t_moved and not kept.touched(t_place).isdisjoint(stored[9]):
                return False
            if s_moved and not kept.touched(s_place).isdisjoint(stored[11]):
                return False
        pair.kept = stored
        return True

    def _restaged(self, place: Place) -> set[bytes] | _All:
        """The files whose state in git's index changed since the kept verdicts were judged (``git rm
        --cached``, ``git add`` of an untracked file, ``update-index``): asked of ``git status`` once a
        run, when the index file itself changed; every file when nothing tells."""
        found = self._index_changes.get(place.top)
        if found is None:
            assert self.kept is not None
            kept, now = self.kept.worktrees.get(place.top), place.index_state
            if kept is not None and now is not None and kept[0] == now:
                found = set()
            else:
                worktree = place.worktree  # the whole glossary: asked before any narrowing
                if kept is None or now is None:
                    found = _All()
                else:
                    found = (set(kept[1]) ^ worktree.untracked) | (set(kept[2]) ^ worktree.edited)
            self._index_changes[place.top] = found
        return found

    def _moved(self, place: Place) -> bool:
        """Whether ``place``'s HEAD is not the one the kept verdicts were judged at (asked once a run)."""
        found = self._heads_moved.get(place.top)
        if found is None:
            assert self.kept is not None
            found = self._heads_moved[place.top] = self.kept.moved(place)
        return found

    def _base(self, pair: Pair) -> None:
        """The base of a translation and what gave it; a verdict already when no base applies."""
        s_place, t_place = pair.s_place, pair.t_place
        assert s_place is not None and t_place is not None
        if pair.s_path not in s_place.heads:
            pair.verdict = Verdict(State.UNTRACKED, Evidence.WORKTREE)
            return
        marker = pair.translation.marker
        if marker and not pair.marker_read:
            pair.marker_read = True
            pair.base, pair.problem = _marker_commit(s_place, marker)
            if pair.base is not None:
                pair.evidence = Evidence.MARKER
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
            pair.names = []
            pair.base = rule.translation_base(t_place.history, t_place.texts, pair.t_path, blob, pair.names)
            if pair.base is None:
                pair.base = _last_commit(t_place, pair.t_path)
            if pair.base is None:
                pair.verdict = Verdict(State.UNTRACKED, Evidence.GIT)

    def _masks(self, pairs: list[Pair]) -> dict[tuple[str, int], int]:
        """The ancestors of each base, per repository, in one pass each."""
        bases: dict[str, tuple[Place, set[int]]] = {}
        for pair in pairs:
            if pair.verdict is None and pair.base is not None and pair.s_place is not None:
                bases.setdefault(pair.s_place.top, (pair.s_place, set()))[1].add(pair.base)
        masks: dict[tuple[str, int], int] = {}
        for top, (place, commits) in bases.items():
            for commit, mask in place.history.ancestors(commits).items():
                masks[top, commit] = mask
        return masks

    def _source(self, pair: Pair) -> Source:
        """The source of ``pair`` as the rule reads it: one for all its translations."""
        place = pair.s_place
        assert place is not None
        found = self._sources.get((place.top, pair.s_path))
        if found is None:
            found = self._sources[place.top, pair.s_path] = self._read_source(place, pair)
        return found

    def _read_source(self, place: Place, pair: Pair) -> Source:
        blob = place.heads[pair.s_path]
        paths = self.source_names(place, pair.s_path)
        edited = None
        if pair.s_path in place.worktree.edited:
            try:
                edited = article_text(Path(pair.source.path).read_bytes(), place.settings.text_keys)
            except OSError:
                edited = ("", "")  # deleted in the work tree: a change as large as it gets
        return Source(place.history, place.texts, paths, blob, edited)

    def _verdict(self, pair: Pair, masks: dict[tuple[str, int], int]) -> None:
        place = pair.s_place
        assert place is not None and pair.base is not None
        mask = masks[place.top, pair.base]
        pair.verdict = rule.judge(self._source(pair), pair.base, pair.evidence, mask, ignored=place.ignored)

    def _stored(self, pair: Pair) -> Stored:
        """The kept form of a verdict judged in this run."""
        verdict, s_place, t_place = pair.verdict, pair.s_place, pair.t_place
        assert verdict is not None and s_place is not None and t_place is not None
        history = s_place.history if verdict.commits or verdict.base is not None else None
        commits = tuple(history.shas[c] for c in verdict.commits) if history else ()
        if history is not None:
            for c in verdict.commits:
                self.commits[history.shas[c]] = (history.times[c], sanitize(history.subjects[c]))
        base = history.shas[verdict.base] if history is not None and verdict.base is not None else None
        volatile = verdict.evidence is Evidence.WORKTREE or verdict.state is State.UNTRACKED or verdict.edited
        source_names = tuple(self.source_names(s_place, pair.s_path))
        return (
            os.fspath(pair.translation.in_git),
            os.fspath(pair.source.in_git),
            pair.translation.marker,
            verdict.state.value,
            verdict.evidence.value,
            base,
            commits,
            verdict.edited,
            t_place.top,
            tuple(pair.names) or (pair.t_path,),
            s_place.top,
            source_names,
            volatile,
            pair.problem,
            history.times[verdict.base] if history is not None and verdict.base is not None else None,
            verdict.ignored,
        )


def _in_passes(pairs: list[Pair], step: Callable[[Pair], None]) -> None:
    """Apply ``step`` to every pair; the texts a step lacks are gathered, read all at once, and the steps
    that lacked them run again, until none lacks any."""
    every = {id(p.texts): p.texts for pair in pairs for p in (pair.s_place, pair.t_place) if p is not None}
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


def _marker_commit(place: Place, marker: str) -> tuple[int | None, str | None]:
    """The commit a marker names in the source's history, or None and why not."""
    value = marker.strip().lower()
    history = place.history
    is_hash = 4 <= len(value) <= 64 and all(char in "0123456789abcdef" for char in value)
    if not is_hash:
        return None, "is not a commit hash"
    found = [n for n, sha in enumerate(history.shas) if sha.startswith(value)] if len(value) < 40 else []
    commit = history.id_of(value) if len(value) == 40 else (found[0] if len(found) == 1 else None)
    if commit is not None and (history.limit is None or history.limit >> commit & 1):
        return commit, None
    if git.resolve_commits(place.repository.top, [value]).get(value) is None:
        return None, "names no commit of this repository"
    return None, "HEAD cannot reach (a branch that was rebased or not merged)"


def _last_commit(place: Place, path: bytes) -> int | None:
    """``git log -1 -- PATH``: for content no single commit wrote (a merge that resolved a conflict in it)."""
    try:
        head = place.repository.head or "HEAD"
        raw = git.output(["log", "-1", "--format=%H", head, "--", os.fsdecode(path)], place.repository.top)
    except git.GitFailed:
        return None
    return place.history.id_of(raw.decode("ascii").strip())


def problems(stored: list[Stored]) -> Counter[tuple[str, str]]:
    """How many translations carry each marker that could not be used, with why."""
    return Counter((kept[2], kept[13]) for kept in stored if kept[13])


class _All(set[bytes]):
    """Every path: what changed when nothing tells what did."""

    def __contains__(self, path: object) -> bool:
        return True
