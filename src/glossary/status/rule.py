"""The rule that decides whether a translation is current: the whole definition, in one place.

For a translation ``L/slug`` of the source article ``S/slug``:

* Its **text** is its title and body (``texts``): other front matter is not text, and a pure rename
  changes no text.
* Its **base** is the source commit its translator worked from: the commit its marker names
  (``l10n.sourceCommit``, ``default_lang_commit``...) when that commit is in the history of HEAD;
  otherwise the last commit that changed the translation's text, following its renames: the commit
  that wrote that content (never a merge that only brought it in), passing over commits that only
  renamed it or only changed front matter that is not text.
* It is **outdated** when the source's text at HEAD differs from the source's text at the base, white
  space aside, following the source's renames. Content decides, not commit counts: a change that is
  reverted later leaves the translation current.
* **behind** counts the commits that are not merges, reachable from HEAD and not from the base, that
  changed the source's text (under any of its names): the commits of ``git rev-list --no-merges
  BASE..HEAD -- PATHS`` less those that changed no text (a rename, white space, other front matter)
  and those a team ignores (``Ignored``). **since** is the committer date of the oldest of them. A
  source whose text changed only through ignored commits leaves its translations current.
* Uncommitted edits: a source edited in the work tree outdates its translations by that edit (it
  counts as one more commit behind); a valid marker still decides for an edited translation;
  otherwise an edited translation is current only if its source has no uncommitted edit.
* When the source lies in another repository than the translation, only a marker can give the base;
  without one the state is unknown.

Ancestry decides, never commit times.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from glossary.status.changes import NO_BLOB
from glossary.status.history import History
from glossary.status.texts import Text, Texts, comparable


class State(StrEnum):
    CURRENT = "current"
    OUTDATED = "outdated"
    MISSING = "missing"  # the source has the concept, the language does not
    ORPHAN = "orphan"  # a translation without a source article
    UNTRACKED = "untracked"  # the translation is not committed yet, and names no base
    UNKNOWN = "unknown"  # the source lies in another repository and the translation names no base


class Evidence(StrEnum):
    MARKER = "marker"
    GIT = "git"
    WORKTREE = "worktree"
    UNKNOWN = "unknown"


def translation_base(
    history: History, texts: Texts, path: bytes, blob: bytes, names: list[bytes] | None = None
) -> int | None:
    """The last commit that changed the text of the file now at ``path`` with contents ``blob``.

    ``git log -1 -- PATH`` from HEAD finds the commit that wrote that content; when it only renamed
    the file or changed no text, the walk goes on from its parent under the old name, and so on.
    None when no commit of the history has the file. ``names`` gets every name the walk went through.
    """
    at = history.id_of(history.head or "")
    while at is not None:
        if names is not None and path not in names:
            names.append(path)
        writer = history.last_change(path, blob, at)
        if writer is None or history.is_merge(writer):
            return writer
        change = history.change_of(writer, path)
        if change is None or change.old_blob == NO_BLOB or change.status not in ("R", "M", "T"):
            return writer
        if change.old_blob != change.new_blob:
            texts.need(change.old_blob, change.new_blob)
            if texts.of(change.old_blob) != texts.of(change.new_blob):
                return writer
        path, blob = change.old, change.old_blob
        at = history.parents[writer][0] if history.parents[writer] else None
    return None


def source_paths(history: History, path: bytes, blob: bytes | None) -> list[bytes]:
    """Every name the source had, newest first: ``path`` and the names it was renamed from (``git log --follow``)."""
    names = [path]
    at = history.id_of(history.head or "")
    while at is not None and blob is not None:
        writer = history.last_change(path, blob, at)
        if writer is None or history.is_merge(writer):
            break
        change = history.change_of(writer, path)
        if change is None or change.old_blob == NO_BLOB:
            break
        if change.old != path and change.old not in names:
            names.append(change.old)
        path, blob = change.old, change.old_blob
        at = history.parents[writer][0] if history.parents[writer] else None
    return names


def source_blob_at(history: History, commit: int, paths: list[bytes]) -> bytes | None:
    """The source's blob at ``commit``: under the newest of its names that exists there."""
    for path in paths:
        blob = history.blob_at(commit, path)
        if blob is not None:
            return blob
    return None


def same_source(before: Text | None, after: Text | None) -> bool:
    """Whether two texts of a source say the same, white space aside (a missing text is the same only as another)."""
    if before is None or after is None:
        return before is after
    return before == after or comparable(before) == comparable(after)


@dataclass(frozen=True)
class Verdict:
    """What the rule says of one translation: its state, what decided it, its base and the commits it is behind.

    ``commits`` are the counted source commits, newest first; ``edited`` is True when an uncommitted
    edit of the source counts as one more.
    """

    state: State
    evidence: Evidence
    base: int | None = None
    commits: tuple[int, ...] = ()
    edited: bool = False
    ignored: tuple[int, int, int] = (0, 0, 0)  # commits not counted: by message, by list, changing no text

    @property
    def behind(self) -> int:
        return len(self.commits) + self.edited if self.state is State.OUTDATED else 0


@dataclass(frozen=True)
class Source:
    """The source article as the rule needs it: its repository's history, its names, its blob at HEAD,
    and its text in the work tree when it is edited there."""

    history: History
    texts: Texts
    paths: list[bytes]
    head: bytes
    worktree: Text | None = None
    # What the rule works out once for every translation of this source: the commits that touched it
    # (under "mask"), and whether each of them changed its text (under the commit's number).
    known: dict[object, object] = field(default_factory=dict, compare=False, repr=False)

    def touched(self) -> int:
        """The commits that are not merges and touched the source under one of its names, as a bit mask."""
        mask = self.known.get("mask")
        if mask is None:
            mask = self.known["mask"] = self.history.mask_of(self.paths)
        assert isinstance(mask, int)
        return mask

    def changes_text(self, commit: int) -> bool:
        """Whether ``commit`` changed the source's text (``changes_text``), worked out once."""
        found = self.known.get(commit)
        if found is None:
            found = self.known[commit] = changes_text(self.history, self.texts, commit, self.paths)
        return bool(found)


def changes_text(history: History, texts: Texts, commit: int, paths: list[bytes]) -> bool:
    """Whether ``commit`` changed the text of the file it touched under one of ``paths`` (white space aside)."""
    for change in history.changes[commit]:
        if change.new in paths or change.old in paths:
            if change.old_blob == change.new_blob:
                continue  # a pure rename
            before = None if change.old_blob == NO_BLOB else texts.of(change.old_blob)
            after = None if change.status == "D" else texts.of(change.new_blob)
            if not same_source(before, after):
                return True
    return False


def _blobs(history: History, commits: list[int], paths: list[bytes]) -> list[bytes]:
    return [
        blob
        for commit in commits
        for change in history.changes[commit]
        if change.new in paths or change.old in paths
        for blob in (change.old_blob, change.new_blob)
        if blob != NO_BLOB
    ]


@dataclass(frozen=True)
class Ignored:
    """The source commits a team does not count: by their message (``[skip l10n]``; for a merge, every
    commit it brought in) and by an ignore-revs file, each a bit mask over commit numbers."""

    by_message: int = 0
    by_list: int = 0


def outdated_since(
    source: Source, base: int, base_mask: int, ignored: Ignored = Ignored()
) -> tuple[bool, tuple[int, ...], bool, tuple[int, int, int]]:
    """Whether the source changed since ``base``, the counted commits (newest first), whether its
    uncommitted edit counts, and how many commits were not counted: by message, by list, for changing
    no text (a rename, white space, other front matter). ``base_mask`` holds the base's ancestors.

    A source whose text changed only through commits the team ignores is not outdated."""
    history, texts = source.history, source.texts
    at_base = source_blob_at(history, base, source.paths)
    edited = source.worktree is not None
    if at_base == source.head and not edited:
        return False, (), False, (0, 0, 0)
    texts.need(*(blob for blob in (at_base, source.head) if blob is not None))
    before = texts.of(at_base) if at_base is not None else None
    head = texts.of(source.head)
    if same_source(before, source.worktree if edited else head):
        return False, (), False, (0, 0, 0)
    touched = source.touched() & ~base_mask
    by_message = touched & ignored.by_message
    by_list = touched & ignored.by_list & ~by_message
    candidates = history.commits_in(touched & ~by_message & ~by_list)
    texts.need(*_blobs(history, [c for c in candidates if c not in source.known], source.paths))
    commits = tuple(c for c in candidates if source.changes_text(c))
    counts = (by_message.bit_count(), by_list.bit_count(), len(candidates) - len(commits))
    uncommitted = edited and not same_source(head, source.worktree)
    if not commits and not uncommitted and (counts[0] or counts[1]):
        return False, (), False, counts
    return True, commits, uncommitted, counts


def judge(
    source: Source,
    base: int | None,
    evidence: Evidence,
    base_mask: int,
    *,
    ignored: Ignored = Ignored(),
) -> Verdict:
    """The verdict for a translation whose base (and what gave it) is known; None base: see ``Evidence``."""
    if base is None:
        return Verdict(State.UNKNOWN, Evidence.UNKNOWN)
    outdated, commits, edited, counts = outdated_since(source, base, base_mask, ignored)
    if not outdated:
        return Verdict(State.CURRENT, evidence, base, ignored=counts)
    if edited and not commits and evidence is Evidence.GIT:
        evidence = Evidence.WORKTREE
    return Verdict(State.OUTDATED, evidence, base, commits, edited, counts)


def edited_translation(source: Source) -> Verdict:
    """An edited translation without a valid marker: current unless its source has an uncommitted edit too."""
    source.texts.need(source.head)
    if source.worktree is not None and not same_source(source.texts.of(source.head), source.worktree):
        return Verdict(State.OUTDATED, Evidence.WORKTREE, None, (), True)
    return Verdict(State.CURRENT, Evidence.WORKTREE)
