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
from glob import escape as glob_escape
from pathlib import Path
from typing import TYPE_CHECKING

from glossary.status import git
from glossary.status.changes import Change, Changes, RawChange, Touching
from glossary.status.history import History, Record, commits_saying, read_log

if TYPE_CHECKING:
    from glossary.status.places import Places, Settings

SHAPE = 4
"""The layout of a history file; a file of another layout (or made by other code) is read again."""


def history_file(top: Path, folder: Path) -> Path:
    data = os.fsencode(os.path.realpath(top))
    return folder / f"history-{zlib.crc32(data):08x}{zlib.adler32(data):08x}.marshal"


def encode(history: History, stamp: str) -> bytes:
    """The history as it is stored: each commit's changes and the paths' commits in blobs read when
    first asked for (``Changes``, ``Touching``), the whole under a checksum, since a blob is trusted
    when it is read."""
    fields = (
        history.head, history.shas, history.parents, history.times, history.subjects, history.changes.blobs(),
        history.touching.buckets(), history.message_matches,
    )  # fmt: skip
    payload = marshal.dumps(fields)
    return marshal.dumps((SHAPE, stamp, zlib.crc32(payload), payload))


def decode(data: bytes, stamp: str) -> History | None:
    """The history in ``data``, None when it is not one this code (``stamp``) wrote, or is damaged.
    Nothing is rebuilt: the lists are read as they were kept, the blobs when they are first needed."""
    try:
        shape, version, check, payload = marshal.loads(data)
        if shape != SHAPE or version != stamp or not isinstance(payload, bytes) or zlib.crc32(payload) != check:
            return None
        head, shas, parents, times, subjects, changes, buckets, matches = marshal.loads(payload)
        if not len(shas) == len(parents) == len(times) == len(subjects) == len(changes):
            return None
        if not all(isinstance(blob, bytes) for blob in (*changes, *buckets)):
            return None
        history = History(head, shas, parents, times, subjects, Changes(changes), Touching(buckets=buckets))
        history.message_matches = matches
        return history
    except (EOFError, ValueError, TypeError):
        return None


def load_history(repository: git.Repository, folder: Path | None, ignore: tuple[str, ...] = ()) -> History:
    """The history of ``repository`` at its HEAD: what was kept, brought up to date, else read whole.

    The commits whose message holds one of ``ignore`` are found with it (``History.message_matches``),
    those of new commits only when the kept history had them. The file is keyed by the code's stamp
    (``glossary.stamp.code_stamp``): another version of the code reads the history again. New
    commits are kept in a small file of their own beside it (``newer_file``), so that one more commit
    does not write the whole history again; past ``NEWER_MOST`` of them it is written whole.
    """
    from glossary.stamp import code_stamp

    stamp = code_stamp()
    path = history_file(repository.top, folder) if folder is not None else None
    known = (path, repository.head, stamp, ignore, _stat(path), _stat(newer_file(path)) if path else None)
    if path is not None and known in _LOADED:  # each version of a site's docs asks for the same history
        return _LOADED[known]
    kept, base, newer = _read_kept(path, stamp) if path is not None else (None, None, [])
    matched = kept.message_matches if kept is not None else None
    if kept is not None and kept.head == repository.head:
        history = kept
        if matched is not None and matched[0] == ignore:
            if path is not None:
                _LOADED[known] = kept
            return kept
        found = commits_saying(repository, ignore)
    elif (
        kept is not None and kept.head and repository.head and (newly := _since(repository, kept.head, ignore, matched))
    ):
        records, found = newly
        reuse = matched is not None and matched[0] == ignore
        kept.append(records)
        kept.head = repository.head
        newer += [_raw(record) for record in records]
        history = kept
        if matched is not None and reuse:
            found += [history.shas[number] for number in matched[1]]
    else:
        history = History(repository.head)
        records, found = _read_and_search(repository, ignore, None, None)
        history.append(records)
        base, newer = None, []
    history.message_matches = (ignore, frozenset(n for sha in found if (n := history.id_of(sha)) is not None))
    if path is not None:
        _keep(path, history, stamp, base, newer)
        _LOADED[(path, repository.head, stamp, ignore, _stat(path), _stat(newer_file(path)))] = history
    return history


NEWER_MOST = 2000
"""New commits kept beside a history file before it is written whole again."""

RawRecord = tuple[str, list[str], int, str, tuple[RawChange, ...]]


def newer_file(path: Path) -> Path:
    """Where the commits added since the history file was written are kept."""
    return path.with_name(path.stem + "-newer.marshal")


def _read_kept(path: Path, stamp: str) -> tuple[History | None, str | None, list[RawRecord]]:
    """The kept history (the file, then the commits kept beside it), the HEAD of the file alone,
    and the commits added since (none when the file beside it is missing or of another history)."""
    try:
        history = decode(path.read_bytes(), stamp)
    except OSError:
        return None, None, []
    if history is None:
        return None, None, []
    base = history.head
    try:
        shape, version, check, payload = marshal.loads(newer_file(path).read_bytes())
        if shape != SHAPE or version != stamp or not isinstance(payload, bytes) or zlib.crc32(payload) != check:
            return history, base, []
        after, head, records, matches = marshal.loads(payload)
    except (OSError, EOFError, ValueError, TypeError):
        return history, base, []
    if after != base:
        return history, base, []
    try:
        history.append((sha, parents, time, subject, [Change(*change) for change in changes])
                       for sha, parents, time, subject, changes in records)  # fmt: skip
    except (ValueError, TypeError, KeyError):  # damaged: the history file alone
        try:
            return decode(path.read_bytes(), stamp), base, []
        except OSError:
            return None, None, []
    history.head, history.message_matches = head, matches
    return history, base, list(records)


def _raw(record: Record) -> RawRecord:
    sha, parents, time, subject, changes = record
    return sha, parents, time, subject, tuple((c.status, c.old, c.new, c.old_blob, c.new_blob) for c in changes)


def _keep(path: Path, history: History, stamp: str, base: str | None, newer: list[RawRecord]) -> None:
    """Keep ``history``: the commits since ``base`` (the HEAD of the history file) beside the file,
    else the whole history in it."""
    if base is not None and len(newer) <= NEWER_MOST:
        payload = marshal.dumps((base, history.head, newer, history.message_matches))
        write_atomically(newer_file(path), marshal.dumps((SHAPE, stamp, zlib.crc32(payload), payload)))
        return
    write_atomically(path, encode(history, stamp))
    try:
        newer_file(path).unlink(missing_ok=True)
    except OSError:
        pass


def _read_and_search(
    repository: git.Repository, ignore: tuple[str, ...], since: str | None, search_since: str | None
) -> tuple[list[Record], list[str]]:
    """``read_log`` from ``since`` and, side by side, ``commits_saying`` from ``search_since``."""
    from threading import Thread

    found: list[str] = []
    failure: list[BaseException] = []

    def search() -> None:
        try:
            found.extend(commits_saying(repository, ignore, search_since))
        except BaseException as error:  # handed to the main thread
            failure.append(error)

    searcher = Thread(target=search, daemon=True)
    searcher.start()
    records = read_log(repository, since=since)
    searcher.join()
    if failure:
        raise failure[0]
    return records, found


def _stat(path: Path | None) -> tuple[int, int] | None:
    try:
        info = os.stat(path) if path is not None else None
    except OSError:
        return None
    return None if info is None else (info.st_size, info.st_mtime_ns)


_LOADED: dict[tuple[object, ...], History] = {}
"""The histories this process has loaded, by file (and its size and time), HEAD and code: read once
however many times they are asked for."""


def _since(
    repository: git.Repository,
    head: str,
    ignore: tuple[str, ...],
    matched: tuple[tuple[str, ...], frozenset[int]] | None,
) -> tuple[list[Record], list[str]] | None:
    """The commits of ``head..HEAD`` and those of them that say not to count them, when ``head`` is
    an ancestor of HEAD; None when it is not (a rebase, a reset, another branch), and the whole
    history must be read. ``head`` is an ancestor exactly when one of the commits read has it for a
    parent: that spares asking git first."""
    reuse = matched is not None and matched[0] == ignore
    try:
        records, found = _read_and_search(repository, ignore, head, head if reuse else None)
    except git.GitFailed:  # a commit git no longer has
        return None
    if not any(head in parents for _, parents, _, _, _ in records):
        return None
    return records, found


def write_atomically(path: Path, *data: bytes | memoryview) -> None:
    """Write ``data``, one piece after another, atomically (a temporary file, then a rename); a folder
    that cannot be written is no error."""
    import tempfile

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        _remove_stale(path)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as file:
                for piece in data:
                    file.write(piece)
            os.replace(temporary, path)
        except BaseException:
            os.unlink(temporary)
            raise
    except OSError:
        pass


STALE = 600
"""Seconds after which a temporary file left beside a kept one is taken for a write cut off."""


def _remove_stale(path: Path) -> None:
    """Remove the temporary files of writes of ``path`` cut off long ago (a process killed while it
    wrote): nothing else would, and a kept report's is tens of megabytes. A write going on now is
    younger than ``STALE``."""
    import time

    now = time.time()
    for left in path.parent.glob(f"{glob_escape(path.name)}*.tmp"):
        try:
            if now - left.stat().st_mtime > STALE:
                left.unlink()
        except OSError:
            pass


def stored_places(folder: Path | None, settings: Settings | None = None) -> Places:
    """``Places`` whose histories are kept in ``folder`` (none kept when None)."""
    from glossary.status.places import Places

    def load(repository: git.Repository) -> History:
        return load_history(repository, folder, settings.ignore_commits if settings is not None else ())

    return Places(load, settings)
