"""What ``status`` keeps of its last run over a set of roots, beside the kept histories
(``glossary.status.store``): the verdicts and what each depends on, and the reports it printed.

A file is known between runs by its ``FileStat``; one changed less than ``SETTLED`` ago vouches for
nothing, so nothing made from it is kept. Each kept file is keyed by the cache stamp, and one that
cannot be read, or is of another shape, is as good as none.
"""

from __future__ import annotations

import marshal
import os
import zlib
from functools import cached_property
from pathlib import Path
from typing import Any, BinaryIO

from glossary.status.store import write_atomically

KEPT_SHAPE = 5

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


Output = tuple[int, list[str], memoryview]
"""A kept report: its exit code, its warnings, and its text as it was written (UTF-8)."""


def _rest_of(file: BinaryIO) -> memoryview:
    """The rest of an open file, mapped into memory rather than copied (tens of megabytes: a copy took
    0.06-0.08 s while git ran beside it); read when it cannot be mapped. A kept file is never written
    in place (``write_atomically`` renames a new one over it), so what is mapped does not change."""
    import mmap

    start = file.tell()
    try:
        size = os.fstat(file.fileno()).st_size
        if size - start >= 1 << 20:
            mapped = mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ)
            return memoryview(mapped)[start:]
    except (OSError, ValueError):
        pass
    return memoryview(file.read())


def kept_output(kept: Path, key: str, fingerprint: str | None, checksum: int | None = None) -> Output | None:
    """The report rendered for the options ``key`` when it was made from what ``fingerprint`` digests
    (None: from whatever it was made from; a patch then names the ``checksum`` its basis was kept with).

    The file holds the length of a header, the header (what the report was made for, the length and
    checksum of the text, the exit code and the warnings) and the text as it was written: tens of
    megabytes at a hundred thousand articles, read only when the header says it is the one asked
    for, and not copied. A file of another shape, cut short or damaged is no kept report."""
    try:
        with _output_file(kept, key).open("rb") as file:
            size = int.from_bytes(file.read(4), "little")
            made_for, length, check, code, warnings = marshal.loads(file.read(size))
            if fingerprint is not None and made_for != f"{fingerprint}:{key}":
                return None
            if checksum is not None and check != checksum:
                return None
            text = _rest_of(file)
        valid = isinstance(code, int) and isinstance(warnings, list) and all(isinstance(w, str) for w in warnings)
    except (OSError, EOFError, ValueError, TypeError):
        return None
    if not isinstance(made_for, str) or not made_for.endswith(f":{key}"):
        return None
    if length != len(text) or not valid or check != zlib.crc32(text):
        return None
    return code, warnings, text


def keep_output(
    kept: Path,
    key: str,
    fingerprint: str,
    output: tuple[int, list[str], bytes],
    stats: dict[str, FileStat],
    checksum: int | None = None,
) -> None:
    """Keep a rendered report in the file of its options (over the one made from other files). When a
    file it was made from has not settled, no later run takes it as it is (a patch still may: its
    basis counts that file as changed). ``checksum``: the text's ``zlib.crc32`` when it is known."""
    if len(settled(stats)) != len(stats):
        fingerprint = "unsettled"
    code, warnings, text = output
    check = zlib.crc32(text) if checksum is None else checksum
    header = marshal.dumps((f"{fingerprint}:{key}", len(text), check, code, warnings))
    write_atomically(_output_file(kept, key), len(header).to_bytes(4, "little") + header, text)


class Kept:
    """What the last ``status`` run over a set of roots concluded, for the next run to reuse what still holds.

    ``heads``: each repository's HEAD then; ``stats``: the ``FileStat`` of each article file then,
    and ``markers`` the marker each translation named; ``worktrees``: each repository's index then,
    with what ``git status`` said of the glossary's files; ``verdicts``: the kept form of each verdict
    (see ``glossary.status.run.Stored``). Rendered reports are kept beside it, a file each
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
        # Each repository's index file then, and the glossary's files git status called untracked and edited.
        self.worktrees: dict[str, tuple[str, tuple[bytes, ...], tuple[bytes, ...]]] = data.get("worktrees", {})
        self.new_heads: dict[str, str | None] = {}
        self.new_stats: dict[str, FileStat] = {}
        self._touched: dict[str, set[bytes]] = {}
        # Each pair judged in this run: the paths git knows its translation and source by.
        self.git_paths: dict[tuple[str, str], tuple[bytes, bytes]] = {}
        self._read = (dict(self.heads), dict(self.stats), dict(self.verdicts), len(self.commits), dict(self.worktrees))

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

    @cached_property
    def unchanged(self) -> set[str]:
        """The article files whose ``FileStat`` is the one kept (of those walked in this run), found in one pass."""
        stats = self.stats
        return {path for path, stat in self.new_stats.items() if stats.get(path) == stat}

    def marker_of(self, path: str, read: Any) -> str | None:
        """The marker of the translation at ``path``: kept while its file is unchanged, else ``read(path)``."""
        if path in self.markers and self._same(path):
            return self.markers[path]
        marker = read(path)
        self.markers[path] = marker
        return marker

    def same_stat(self, file: Any) -> bool:
        return self._same(os.fspath(file.path))

    def _same(self, path: str) -> bool:
        if path in self.unchanged:
            return True
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
            since = touched_since(place.history, self.heads.get(place.top))
            found = self._touched[place.top] = _Everything() if since is None else since
        return found

    def save(self) -> None:
        """Keep this run's results (the verdicts set on ``verdicts``); written only when they changed."""
        if self.path is None:
            return
        heads = {**self.heads, **self.new_heads}
        stats = settled(self.new_stats)
        markers = {path: marker for path, marker in self.markers.items() if path in stats}
        if (heads, stats, self.verdicts, len(self.commits), self.worktrees) == self._read:
            return
        data = {
            "heads": heads, "stats": stats, "markers": markers, "verdicts": self.verdicts, "commits": self.commits,
            "worktrees": self.worktrees,
        }  # fmt: skip
        write_atomically(self.path, marshal.dumps((KEPT_SHAPE, self.stamp, data)))


def touched_since(history: Any, old_head: str | None) -> set[bytes] | None:
    """Every path the commits since ``old_head`` touched; None when HEAD no longer reaches it (a
    rewritten history: everything may have changed)."""
    old, tip = history.id_of(old_head or ""), history.id_of(history.head or "")
    if old is None or tip is None:
        return None
    found: set[bytes] = set()
    for commit in history.since(old, tip):
        for change in history.changes[commit]:
            found.update((change.old, change.new))
    return found


class _Everything(set[bytes]):
    """Every path: what a rewritten history touched."""

    def isdisjoint(self, other: Any) -> bool:
        return False


def kept_file(scope: str, folder: Path) -> Path:
    data = scope.encode("utf-8", "surrogateescape")
    return folder / f"status-{zlib.crc32(data):08x}{zlib.adler32(data):08x}.marshal"
