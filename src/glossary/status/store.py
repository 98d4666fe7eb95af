"""What ``status`` keeps between runs: each repository's commit graph, in a file of its own.

A file per repository (named by a digest of its top folder) in the user cache folder holds the
``History`` read at some HEAD, as ``marshal`` data (values only, never code). A later run reads
only ``OLD..HEAD`` when the kept HEAD is an ancestor of the new one, and the whole history again
when it is not (a rebase, a reset, another branch). A file that cannot be read, or is of another
shape or version, is read again from git once and written over; a folder that cannot be written
leaves the command working, only slower.
"""

from __future__ import annotations

import marshal
import os
import zlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from glossary import __version__
from glossary.status import git
from glossary.status.history import Change, History, read_log

if TYPE_CHECKING:
    from glossary.corpus import Corpus
    from glossary.status.report import Places

SHAPE = 1
"""The layout of a history file; a file of another layout (or another version of glossary) is read again."""


def history_file(top: Path, folder: Path) -> Path:
    data = os.fsencode(os.path.realpath(top))
    return folder / f"history-{zlib.crc32(data):08x}{zlib.adler32(data):08x}.marshal"


def encode(history: History) -> bytes:
    changes = [tuple(tuple(vars_of(change)) for change in commit) for commit in history.changes]
    fields = (history.head, history.shas, history.parents, history.times, history.subjects, changes)
    return marshal.dumps((SHAPE, __version__, fields))


def vars_of(change: Change) -> tuple[str, bytes, bytes, bytes, bytes]:
    return change.status, change.old, change.new, change.old_blob, change.new_blob


def decode(data: bytes) -> History | None:
    """The history in ``data``, None when it is not one this version wrote."""
    try:
        shape, version, fields = marshal.loads(data)
        if shape != SHAPE or version != __version__:
            return None
        head, shas, parents, times, subjects, changes = fields
        history = History(head)
        records = (
            (sha, [shas[p] for p in parents[n]], times[n], subjects[n], [Change(*c) for c in changes[n]])
            for n, sha in enumerate(shas)
        )
        history.append(records)
        if len(history.shas) != len(shas):
            return None
        return history
    except (EOFError, ValueError, TypeError, IndexError, KeyError):
        return None


def load_history(repository: git.Repository, folder: Path | None) -> History:
    """The history of ``repository`` at its HEAD: what was kept, brought up to date, else read whole."""
    path = history_file(repository.top, folder) if folder is not None else None
    kept: History | None = None
    if path is not None:
        try:
            kept = decode(path.read_bytes())
        except OSError:
            kept = None
    if kept is not None and kept.head == repository.head:
        return kept
    if kept is not None and kept.head and repository.head and _is_ancestor(repository, kept.head):
        kept.append(read_log(repository, since=kept.head))
        kept.head = repository.head
        history = kept
    else:
        history = History(repository.head)
        history.append(read_log(repository))
    if path is not None:
        _write(path, encode(history))
    return history


def _is_ancestor(repository: git.Repository, commit: str) -> bool:
    try:
        git.output(["merge-base", "--is-ancestor", commit, repository.head or "HEAD"], repository.top)
    except git.GitFailed:
        return False
    return True


def _write(path: Path, data: bytes) -> None:
    """Write atomically (a temporary file, then a rename); a folder that cannot be written is no error."""
    import tempfile

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as file:
                file.write(data)
            os.replace(temporary, path)
        except BaseException:
            os.unlink(temporary)
            raise
    except OSError:
        pass


def stored_places(corpus: Corpus | None = None, folder: Path | None = None) -> Places:
    """``Places`` whose histories come from the cache folder (``folder``, else the user's cache folder)."""
    from glossary.status.report import Places

    if folder is None:
        from glossary.index.storage import cache_dir

        folder = cache_dir()

    def load(repository: git.Repository) -> History:
        return load_history(repository, folder)

    return Places(load)


__all__: list[Any] = ["history_file", "load_history", "stored_places"]
