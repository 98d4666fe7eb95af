"""Texts drawn from the whole glossary, kept in the index until any article changes.

A comparison of two languages or a check report at 100,000 articles is megabytes of text that
takes seconds to draw. Piped or as JSON it is the same text every time the glossary is unchanged,
so it is stored in the index file and written straight out when asked for again: the price of
asking is then the stat pass that proves nothing changed, plus reading one row.

A kept text is current while every folder's fingerprint (and so every article) and the cache
stamp (``glossary.stamp``: the package version, its source files and the configuration) are what
they were when it was stored. Storing is best effort and never waits long: an index in memory, a file that is locked or
read-only, or a key that is not UTF-8 (a path in it) means the text is drawn again next time.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from glossary.collector import collector_paused
from glossary.index.queries import Index

KEPT = 8  # texts kept per family (``compare``, ``check-output``); each view of each question is one
_PATIENCE_MS = 200  # how long storing or forgetting a text may wait for another process's lock


def kept_text(index: Index, key: str, draw: Callable[[], str]) -> str | bytes:
    """The text ``draw`` draws, or the one kept from before while nothing it depends on changed.

    ``key`` says which text: its family, a colon, then everything the text depends on besides the
    articles, the code and the configuration (``compare:fi:no:plain:100``). A kept text comes as
    its UTF-8 bytes, ready to write, a drawn one as ``str``. Only the ``KEPT`` texts of a family
    stored last are kept. Python's cyclic garbage collector is paused while drawing.
    """
    version = index.stamp
    stored = _stored_bytes(index, key, version)
    if stored is not None:
        return stored
    drawn: list[str] = []

    def draw_once() -> str:
        with collector_paused():
            drawn.append(draw())
        _forget_older(index, key.split(":", 1)[0] + ":", KEPT - 1, also=key)
        return drawn[0]

    try:
        return _remember(index, key, version, draw_once)
    except UnicodeEncodeError:  # a key that is not UTF-8 cannot be stored: just the text
        if drawn:
            return drawn[0]
        with collector_paused():
            return draw()


def _state(index: Index, version: str) -> str:
    """What the index holds, in a few bytes: its cache stamp, the folders and their fingerprints."""
    from glossary.stamp import blake2b

    digest = blake2b()
    digest.update(f"{version}\n".encode())
    for row in index.conn.execute("SELECT path, langkey, priority, fingerprint FROM folders ORDER BY path"):
        digest.update("\0".join(str(value) for value in row).encode("utf-8", "surrogateescape") + b"\n")
    return digest.hexdigest()


def _stored_bytes(index: Index, key: str, version: str) -> bytes | None:
    """The text stored under ``key`` for ``version``, as UTF-8 bytes, while it is still current
    (else None): a large text written straight out, never decoded and encoded again."""
    try:
        row = index.conn.execute("SELECT state, CAST(value AS BLOB) FROM memos WHERE name = ?", (key,)).fetchone()
    except (sqlite3.DatabaseError, UnicodeEncodeError):
        return None
    if row is None or row[0] != _state(index, version):
        return None
    return row[1]


def _remember(index: Index, key: str, version: str, draw: Callable[[], str]) -> str:
    """The text stored under ``key`` while current, else drawn and stored."""
    state = _state(index, version)
    try:
        row = index.conn.execute("SELECT state, value FROM memos WHERE name = ?", (key,)).fetchone()
    except (sqlite3.DatabaseError, UnicodeEncodeError):  # no memos yet (or no readable ones): draw
        row = None
    if row is not None and row[0] == state:
        return row[1]
    value = draw()
    if index.location is None or _state(index, version) != state:
        return value
    with _impatient(index.conn):
        index.conn.execute(
            "CREATE TABLE IF NOT EXISTS memos (name TEXT PRIMARY KEY, state TEXT NOT NULL, value TEXT NOT NULL)"
        )
        index.conn.execute(
            "INSERT INTO memos (name, state, value) VALUES (?, ?, ?) "
            "ON CONFLICT (name) DO UPDATE SET state = excluded.state, value = excluded.value",
            (key, state, value),
        )
    return value


def _forget_older(index: Index, family: str, keep: int, *, also: str) -> None:
    """Forget the texts of ``family`` but the ``keep`` stored last, and the one under ``also``
    (so that, stored again, it is the newest)."""
    if index.location is None:
        return
    with _impatient(index.conn):
        index.conn.execute("DELETE FROM memos WHERE name = ?", (also,))
        index.conn.execute(
            "DELETE FROM memos WHERE substr(name, 1, ?) = ? AND rowid NOT IN "
            "(SELECT rowid FROM memos WHERE substr(name, 1, ?) = ? ORDER BY rowid DESC LIMIT ?)",
            (len(family), family, len(family), family, keep),
        )


@contextmanager
def _impatient(conn: sqlite3.Connection) -> Iterator[None]:
    """Statements that wait at most ``_PATIENCE_MS`` for a lock and give up quietly: a file that
    is locked or read-only keeps what it holds for now (UnicodeEncodeError: a key not UTF-8)."""
    timeout = conn.execute("PRAGMA busy_timeout").fetchone()[0]
    try:
        conn.execute(f"PRAGMA busy_timeout = {_PATIENCE_MS}")
        yield
    except (sqlite3.DatabaseError, UnicodeEncodeError):
        pass
    finally:
        conn.execute(f"PRAGMA busy_timeout = {int(timeout)}")
