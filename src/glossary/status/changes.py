"""What each commit of a history changed, as ``status`` keeps it: the files of each commit
(``Changes``) and the commits of each path (``Touching``), read back from the cache a piece at a
time, when first asked for.
"""

from __future__ import annotations

import marshal
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

NO_BLOB = b"0" * 40


@dataclass(frozen=True, slots=True)
class Change:
    """One file changed by a commit: ``status`` is git's letter (A, M, D, R, C, T), ``old`` is the path
    before a rename or copy (else the same path), blobs before and after (``NO_BLOB`` where none)."""

    status: str
    old: bytes
    new: bytes
    old_blob: bytes
    new_blob: bytes


RawChange = tuple[str, bytes, bytes, bytes, bytes]


class Changes:
    """The files each commit changed, by commit number. Kept as they are stored (a marshal blob a
    commit, or plain tuples for commits added since) until a commit's are asked for: a history read
    back from the cache holds tens of thousands, and a run looks at a few."""

    def __init__(self, raw: list[tuple[RawChange, ...] | bytes] | None = None) -> None:
        self.raw = raw if raw is not None else []
        self._made: dict[int, tuple[Change, ...]] = {}

    def __getitem__(self, commit: int) -> tuple[Change, ...]:
        made = self._made.get(commit)
        if made is None:
            raw = self.raw[commit]
            changes = marshal.loads(raw) if isinstance(raw, bytes) else raw
            made = self._made[commit] = tuple(Change(*change) for change in changes)
        return made

    def __len__(self) -> int:
        return len(self.raw)

    def append(self, changes: Iterable[Change]) -> None:
        made = tuple(changes)
        self._made[len(self.raw)] = made
        self.raw.append(tuple((c.status, c.old, c.new, c.old_blob, c.new_blob) for c in made))

    def blobs(self) -> list[bytes]:
        """Every commit's changes as a marshal blob, as they are stored."""
        return [raw if isinstance(raw, bytes) else marshal.dumps(raw) for raw in self.raw]


TOUCHING_BUCKETS = 256
"""How many pieces the paths of a stored history are kept in (``Touching``)."""


class Touching:
    """The commits that touched each path (its new or its old name), oldest first, by path.

    A stored history keeps them in ``TOUCHING_BUCKETS`` marshal blobs, the paths apart by a checksum
    of their name; a blob is read when a path of it is first asked for. A run that judges a few rows
    again reads a few of them, not the 50,000 paths of a large glossary's history.
    """

    def __init__(self, paths: dict[bytes, list[int]] | None = None, buckets: list[bytes] | None = None) -> None:
        self._paths: dict[bytes, list[int]] = paths if paths is not None else {}
        self._unread: list[bytes | None] | None = list(buckets) if buckets else None
        self._left = len(buckets) if buckets else 0

    def get(self, path: bytes, default: Sequence[int] = ()) -> Sequence[int]:
        found = self._paths.get(path)
        if found is None and self._unread is not None:
            self._read(path)
            found = self._paths.get(path)
        return default if found is None else found

    def setdefault(self, path: bytes, default: list[int]) -> list[int]:
        self._read(path)
        return self._paths.setdefault(path, default)

    def _read(self, path: bytes) -> None:
        """Read the blob ``path`` is kept in, when it is not read yet."""
        unread = self._unread
        if unread is None:
            return
        number = zlib.crc32(path) % len(unread)
        blob = unread[number]
        if blob is None:
            return
        unread[number] = None
        self._paths.update(marshal.loads(blob))
        self._left -= 1
        if not self._left:
            self._unread = None

    def buckets(self) -> list[bytes]:
        """Every path as it is stored: ``TOUCHING_BUCKETS`` blobs (those never read kept as they were)."""
        unread = self._unread
        if unread is not None and len(unread) != TOUCHING_BUCKETS:
            for blob in unread:
                if blob is not None:
                    self._paths.update(marshal.loads(blob))
            self._unread, unread = None, None
        pieces: list[dict[bytes, list[int]]] = [{} for _ in range(TOUCHING_BUCKETS)]
        for path, commits in self._paths.items():
            pieces[zlib.crc32(path) % TOUCHING_BUCKETS][path] = commits
        return [
            kept if unread is not None and (kept := unread[number]) is not None else marshal.dumps(piece)
            for number, piece in enumerate(pieces)
        ]
