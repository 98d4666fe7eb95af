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

from glossary.status import git
from glossary.status.history import Change, Changes, History, RawChange, Record, commits_saying, read_log

if TYPE_CHECKING:
    from glossary.status.places import Places, Settings

SHAPE = 3
"""The layout of a history file; a file of another layout (or made by other code) is read again."""


def history_file(top: Path, folder: Path) -> Path:
    data = os.fsencode(os.path.realpath(top))
    return folder / f"history-{zlib.crc32(data):08x}{zlib.adler32(data):08x}.marshal"


def encode(history: History, stamp: str) -> bytes:
    fields = (
        history.head, history.shas, history.parents, history.times, history.subjects, history.changes.raw,
        history.touching, history.message_matches,
    )  # fmt: skip
    return marshal.dumps((SHAPE, stamp, fields))


def decode(data: bytes, stamp: str) -> History | None:
    """The history in ``data``, None when it is not one this code (``stamp``) wrote. Nothing is
    rebuilt: the lists and the index of paths are read as they were kept."""
    try:
        shape, version, fields = marshal.loads(data)
        if shape != SHAPE or version != stamp:
            return None
        head, shas, parents, times, subjects, changes, touching, matches = fields
        if not len(shas) == len(parents) == len(times) == len(subjects) == len(changes):
            return None
        history = History(head, shas, parents, times, subjects, Changes(changes), touching)
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
        shape, version, (after, head, records, matches) = marshal.loads(newer_file(path).read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return history, base, []
    if shape != SHAPE or version != stamp or after != base:
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
        _write(newer_file(path), marshal.dumps((SHAPE, stamp, (base, history.head, newer, history.message_matches))))
        return
    _write(path, encode(history, stamp))
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


def stored_places(folder: Path | None, settings: Settings | None = None) -> Places:
    """``Places`` whose histories are kept in ``folder`` (none kept when None)."""
    from glossary.status.places import Places

    def load(repository: git.Repository) -> History:
        return load_history(repository, folder, settings.ignore_commits if settings is not None else ())

    return Places(load, settings)


KEPT_SHAPE = 4

SETTLED = 2_000_000_000
"""Nanoseconds: a file modified less long ago than this is not vouched for by its size and time (an
edit in the same clock tick keeps both), so no verdict, marker or output made from it is kept."""


FileStat = tuple[int, int, int, int]
"""What tells a file's content apart between runs: size, modification and change times (ns), inode.
A tool that keeps the modification time (``cp -p``, ``rsync -t``) cannot keep the change time, and a
file replaced (a link pointed elsewhere, a rename over it) has another inode."""


def file_stat(info: os.stat_result) -> FileStat:
    return info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino


def settled(stats: dict[str, FileStat]) -> dict[str, FileStat]:
    """The stats of the files that changed long enough ago to be recognised by them next time."""
    import time

    recent = time.time_ns() - SETTLED
    return {path: stat for path, stat in stats.items() if stat[1] < recent}


def _output_file(kept: Path, key: str) -> Path:
    digest = zlib.crc32(key.encode("utf-8", "surrogateescape"))
    return kept.parent / f"{kept.stem}-output-{digest:08x}.marshal"


def kept_output(kept: Path, key: str, fingerprint: str) -> memoryview | None:
    """The report rendered for the options ``key`` when it was made from what ``fingerprint`` digests.

    The file holds the length of a header, the header (what the report was made for) and the report
    as it was written: tens of megabytes at a hundred thousand articles, read once and not copied."""
    try:
        data = memoryview(_output_file(kept, key).read_bytes())
        size = int.from_bytes(data[:4], "little")
        made_for = marshal.loads(data[4 : 4 + size])
    except (OSError, EOFError, ValueError, TypeError):
        return None
    return data[4 + size :] if made_for == f"{fingerprint}:{key}" else None


def keep_output(kept: Path, key: str, fingerprint: str, data: bytes, stats: dict[str, FileStat]) -> None:
    """Keep a rendered report in the file of its options (over the one made from other files), when
    every file it was made from has settled."""
    if len(settled(stats)) == len(stats):
        header = marshal.dumps(f"{fingerprint}:{key}")
        _write(_output_file(kept, key), len(header).to_bytes(4, "little") + header + data)


class Kept:
    """What the last ``status`` run over a set of roots concluded, for the next run to reuse what still holds.

    ``heads``: each repository's HEAD then; ``stats``: (size, modification time) of each article file
    then, and ``markers`` the marker each translation named; ``verdicts``: the kept form of each
    verdict (see ``glossary.status.run.Stored``). Rendered reports are kept beside it, a file each
    (``keep_output``).
    """

    def __init__(self, path: Path | None, data: dict[str, Any] | None = None, stamp: str = "") -> None:
        self.path = path
        self.stamp = stamp
        data = data or {}
        self.heads: dict[str, str | None] = data.get("heads", {})
        self.stats: dict[str, FileStat] = data.get("stats", {})
        self.markers: dict[str, str | None] = data.get("markers", {})
        self.verdicts: dict[tuple[str, str], tuple[Any, ...]] = data.get("verdicts", {})
        self.commits: dict[str, tuple[int, str]] = data.get("commits", {})  # hash -> (time, subject)
        self.new_heads: dict[str, str | None] = {}
        self.new_stats: dict[str, FileStat] = {}
        self._touched: dict[str, set[bytes]] = {}
        self._read = (dict(self.heads), dict(self.stats), dict(self.verdicts), len(self.commits))

    @classmethod
    def open(cls, path: Path | None, stamp: str) -> Kept:
        """The kept results in ``path``; empty ones when there are none, or another ``stamp`` (code or
        configuration: ``glossary.stamp.cache_stamp``) made them."""
        if path is None:
            return cls(None, stamp=stamp)
        try:
            shape, made_by, data = marshal.loads(path.read_bytes())
            if shape == KEPT_SHAPE and made_by == stamp and isinstance(data, dict):
                return cls(path, data, stamp)
        except (OSError, EOFError, ValueError, TypeError):
            pass
        return cls(path, stamp=stamp)

    def stat_of(self, path: str) -> FileStat | None:
        """The ``FileStat`` of an article file now, remembered for the next run."""
        try:
            info = os.stat(path)
        except OSError:
            return None
        found = self.new_stats[path] = file_stat(info)
        return found

    def marker_of(self, path: str, read: Any) -> str | None:
        """The marker of the translation at ``path``: kept while its file is unchanged, else ``read(path)``."""
        now = self.new_stats.get(path) or self.stat_of(path)
        if now is not None and self.stats.get(path) == now and path in self.markers:
            return self.markers[path]
        marker = read(path)
        self.markers[path] = marker
        return marker

    def same_stat(self, file: Any) -> bool:
        path = os.fspath(file.path)
        now = self.new_stats.get(path) or self.stat_of(path)
        return now is not None and self.stats.get(path) == now

    def moved(self, place: Any) -> bool:
        """Whether the repository's HEAD is not the one the kept results were judged at."""
        self.new_heads[place.top] = place.repository.head
        return self.heads.get(place.top, "\0") != place.repository.head

    def touched(self, place: Any) -> set[bytes]:
        """Every path the commits since the kept HEAD touched (all of them after a rewritten history)."""
        found = self._touched.get(place.top)
        if found is None:
            history = place.history
            old = history.id_of(self.heads.get(place.top) or "")
            found = set()
            if old is None:
                found.add(b"\0everything")
            else:
                before = history.ancestors([old])[old]
                for commit in range(len(history.shas)):
                    if not before >> commit & 1:
                        for change in history.changes[commit]:
                            found.update((change.old, change.new))
            self._touched[place.top] = found
        if b"\0everything" in found:
            return _Everything()
        return found

    def save(self) -> None:
        """Keep this run's results (the verdicts set on ``verdicts``); written only when they changed."""
        if self.path is None:
            return
        heads = {**self.heads, **self.new_heads}
        stats = settled(self.new_stats)
        markers = {path: marker for path, marker in self.markers.items() if path in stats}
        if (heads, stats, self.verdicts, len(self.commits)) == self._read:
            return
        data = {
            "heads": heads, "stats": stats, "markers": markers, "verdicts": self.verdicts, "commits": self.commits,
        }  # fmt: skip
        _write(self.path, marshal.dumps((KEPT_SHAPE, self.stamp, data)))


class _Everything(set[bytes]):
    """Every path: what a rewritten history touched."""

    def isdisjoint(self, other: Any) -> bool:
        return False


def kept_file(scope: str, folder: Path) -> Path:
    data = scope.encode("utf-8", "surrogateescape")
    return folder / f"status-{zlib.crc32(data):08x}{zlib.adler32(data):08x}.marshal"
