"""Where the index lives and how it is opened: schema, cache location, damage.

One SQLite file per set of roots and cache stamp (``glossary.stamp``), in the user cache folder:
an index built by other code or under another configuration is never opened, and is removed when
its successor is made. Failure is never fatal: a file that
proves damaged (``is_damage``) is removed and built again; anything else (a locked or read-only
file, a full disk) means working in memory for this run. Nothing is pickled into the cache: it
is data, not code.
"""

from __future__ import annotations

import os
import sqlite3
import zlib
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import TypeVar

from glossary.analysis import stemmer_version
from glossary.corpus import Corpus
from glossary.stamp import cache_dir

# bm25 weights of the full-text columns: what names the concept weighs most, then its summary.
# The body comes first: FTS5 marks every entry of a column other than the first with two bytes,
# and most entries (a term in an article) are the body's; first, it costs 2 bytes less each.
COLUMNS = ("body", "title", "aka", "slug", "description", "headings", "lang")
WEIGHTS = (1.0, 10.0, 8.0, 3.0, 5.0, 2.0, 0.0)
NAME_COLUMNS = ("title", "aka", "slug")

SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE folders (
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL UNIQUE,
    lang TEXT NOT NULL,
    langkey TEXT NOT NULL,
    priority INTEGER NOT NULL,
    fingerprint TEXT NOT NULL DEFAULT ''
);
CREATE TABLE articles (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    folder INTEGER NOT NULL,
    name TEXT NOT NULL,
    slug TEXT NOT NULL,
    langkey TEXT NOT NULL,
    priority INTEGER NOT NULL,
    size INTEGER NOT NULL,
    stamp INTEGER NOT NULL,  -- scan.file_stamp: mtime, ctime and inode
    visible INTEGER NOT NULL DEFAULT 0,
    title TEXT,
    description TEXT,
    aka TEXT,
    sections INTEGER,
    links TEXT,
    numbers TEXT,
    shape TEXT,
    problem TEXT,
    UNIQUE (folder, name)
);
CREATE INDEX articles_slug ON articles (slug, langkey);
CREATE TABLE names (article INTEGER NOT NULL, folded TEXT NOT NULL, kind TEXT NOT NULL, joined TEXT NOT NULL);
CREATE TABLE vocabulary (id INTEGER PRIMARY KEY, langkey TEXT NOT NULL, word TEXT NOT NULL, UNIQUE (langkey, word));
"""
# ``names.joined``: the name's letters and digits without the spaces and marks between its words
# (``callback function`` -> ``callbackfunction``), so that a name typed joined or split is found.
# ``near``: the words of the vocabulary as overlapping triples of characters, ``^`` and ``$`` marking
# where each begins and ends: the words close to a misspelt one are those sharing most triples,
# found without reading the whole vocabulary. A trigger fills it as words are added to an index;
# a first build goes without it and fills ``near`` once at the end (``build._fill_empty``).
# ``articles.shape`` holds ``articles.check_facts`` (the column keeps its name: same file format).

# Terms FTS5 gathers in memory before writing them out as a segment (its default is 1 MB): fewer,
# larger segments to merge make a first build at 100,000 articles several seconds faster.
_FULLTEXT_PENDING = 32 * 1024 * 1024

FULLTEXT = f"""
CREATE VIRTUAL TABLE fulltext USING fts5({", ".join(COLUMNS)}, tokenize = 'ascii', content = '', detail = full)
"""
NEAR = "CREATE VIRTUAL TABLE near USING fts5(word, tokenize = 'trigram', content = '')"
# Indexes of the names; a first build makes them once at the end, sorting every name in one go,
# which costs half what keeping them up to date row by row does.
# A name is looked up by its joined form (``names_equal_to`` then compares the folded one): an
# index of the folded names as well would cost a twentieth of the file for no query it speeds up.
NAME_INDEXES = {
    "names_joined": "CREATE INDEX names_joined ON names (joined)",
    "names_article": "CREATE INDEX names_article ON names (article)",
}
NEAR_TRIGGER = """
CREATE TRIGGER vocabulary_near AFTER INSERT ON vocabulary BEGIN
    INSERT INTO near (rowid, word) VALUES (new.id, '^' || new.word || '$');
END
"""
CACHE_KB, BUILD_CACHE_KB = 32 * 1024, 8 * 1024  # SQLite's page cache: queries, a first build
FULLTEXT_CONFIG = f"INSERT INTO fulltext (fulltext, rank) VALUES ('hashsize', {_FULLTEXT_PENDING})"


# --- where the cache lives -----------------------------------------------------------------------


def index_path(corpus: Corpus, environ: Mapping[str, str] | None = None, *, stamp: str | None = None) -> Path:
    """One index file per ordered set of roots and cache stamp (``glossary.stamp.cache_stamp``):
    ``index-<stamp>-<roots>.sqlite3``. A layout typed in a root's path (``site/{lang}/docs``) is
    part of which roots these are: two such readings of one folder keep an index each, as do two
    versions of a versioned site."""
    if stamp is None:
        from glossary.stamp import cache_stamp

        stamp = cache_stamp(corpus)
    key = "\0".join(
        f"{root.origin}={root.path.resolve()}"
        + ("" if root.layout_given or "{lang}" not in root.display else root.layout)
        for root in corpus.roots
    )
    if corpus.docs_version is not None:  # one version of a versioned site
        key += f"\0version={corpus.docs_version}"
    data = key.encode("utf-8", "surrogateescape")
    digest = f"{zlib.crc32(data):08x}{zlib.adler32(data):08x}"  # zlib: hashlib costs more to import
    return cache_dir(environ) / f"index-{stamp[:16]}-{digest}.sqlite3"


def remove_predecessors(location: Path) -> None:
    """Remove the index files of the same roots made under another stamp (by other code, or under
    another configuration): they are never opened again."""
    roots = location.name.rsplit("-", 1)[-1]
    try:
        others = [path for path in location.parent.glob(f"index-*-{roots}") if path.name != location.name]
    except OSError:
        return
    for path in others:
        remove(path)


# --- paths as stored -----------------------------------------------------------------------------


def stored_path(path: str) -> str:
    """A path or file name as the index stores it. SQLite text is UTF-8, and a path need not be
    (on Linux, a name is bytes; Python holds bytes that are not UTF-8 as surrogates): such a path
    is stored as a NUL, which no path holds, and its bytes in hex."""
    if path.isascii():
        return path
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        return "\0" + os.fsencode(path).hex()
    return path


def real_path(stored: str) -> str:
    """The path ``stored_path`` stored."""
    return os.fsdecode(bytes.fromhex(stored[1:])) if stored.startswith("\0") else stored


T = TypeVar("T")

IN_CHUNK = 500  # values per ``IN (...)``: well under SQLite's limit on parameters


def in_chunks(values: Sequence[T]) -> Iterator[tuple[str, list[T]]]:
    """``(marks, chunk)``: ``values`` in chunks small enough for one ``IN (...)``, each with its
    ``?, ?, ...`` to put between the brackets."""
    for start in range(0, len(values), IN_CHUNK):
        chunk = list(values[start : start + IN_CHUNK])
        yield ",".join("?" * len(chunk)), chunk


# --- opening and damage --------------------------------------------------------------------------


def create_file(location: Path) -> None:
    """Create an index file with its schema, unless one exists.

    The schema is written in a private file then linked into place: no process ever opens a file
    without it, and a file some process has open is never replaced under it.
    """
    if location.exists():
        return
    location.parent.mkdir(parents=True, exist_ok=True)
    temporary = location.with_name(f"{location.name}.{os.getpid()}.tmp")
    remove(temporary)
    try:
        connect(str(temporary), create=True).close()
        try:
            os.link(temporary, location)
        except FileExistsError:
            return  # another process was first: use its file
    finally:
        remove(temporary)
    remove_predecessors(location)


def check_length(location: Path) -> None:
    """A file cut short (a copy interrupted, a full disk) is damaged: SQLite would notice only later."""
    try:
        with open(location, "rb") as handle:
            header = handle.read(100)
            size = os.fstat(handle.fileno()).st_size
    except FileNotFoundError:
        return
    if len(header) < 100 or not header.startswith(b"SQLite format 3\0"):
        raise _damage("not a database")
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    counter, valid_for = header[24:28], header[92:96]
    if counter == valid_for and pages and size < pages * page_size:
        raise _damage("the file is cut short")


def _damage(reason: str) -> sqlite3.DatabaseError:
    exc = sqlite3.DatabaseError(reason)
    exc.sqlite_errorname = "SQLITE_CORRUPT"
    return exc


def connect(target: str, *, create: bool) -> sqlite3.Connection:
    """Open an index database, creating its schema when asked. Raises sqlite3.DatabaseError."""
    conn = sqlite3.connect(target, timeout=120, isolation_level=None, check_same_thread=False)
    conn.row_factory = sqlite3.Row
    try:
        if create:
            conn.executescript(
                ";".join([NEAR, SCHEMA, *NAME_INDEXES.values(), NEAR_TRIGGER, FULLTEXT, FULLTEXT_CONFIG]) + ";"
            )
            write_fresh_meta(conn)
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute(f"PRAGMA cache_size = -{CACHE_KB}")
    except BaseException:
        conn.close()
        raise
    return conn


def write_fresh_meta(conn: sqlite3.Connection) -> None:
    """What an empty index records: the stemming code it is built with, no dead full-text rows."""
    conn.executemany("INSERT INTO meta (key, value) VALUES (?, ?)", [("stemmer", stemmer_version()), ("dead", "0")])


def is_damage(exc: sqlite3.DatabaseError) -> bool:
    """A file that is not (or no longer) a usable index, as opposed to a locked or read-only one."""
    name = getattr(exc, "sqlite_errorname", "") or ""
    if name.startswith("SQLITE_CORRUPT") or name in ("SQLITE_NOTADB", "SQLITE_FORMAT"):
        return True
    message = str(exc)
    return "no such table" in message or "no such column" in message or "malformed" in message


def folder_path(stored: str) -> str:
    """The folder of a stored folder key (``scan.folder_key``): its path, without a language."""
    return real_path(stored).split("\0", 1)[0]


def is_full_disk(exc: BaseException) -> bool:
    """The disk (or the user's quota) is full: what was written of the index is worth nothing."""
    import errno

    if isinstance(exc, sqlite3.DatabaseError):
        return getattr(exc, "sqlite_errorname", "") == "SQLITE_FULL" or "disk is full" in str(exc)
    return isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)


def is_query_error(exc: sqlite3.DatabaseError) -> bool:
    """A mistake in a query (a bug to report), not a reason to rebuild anything."""
    if isinstance(exc, (sqlite3.ProgrammingError, sqlite3.InterfaceError)):
        return True
    return str(exc).startswith(("fts5:", "unknown special query", "no such fts5"))


def close(conn: sqlite3.Connection) -> None:
    try:
        conn.close()
    except sqlite3.Error:
        pass


def remove(path: Path) -> None:
    """Remove an index file and what SQLite keeps beside it; whatever is not there is fine."""
    for candidate in (path, Path(f"{path}-journal"), Path(f"{path}-wal"), Path(f"{path}-shm")):
        try:
            candidate.unlink()
        except OSError:
            pass


def reason(exc: BaseException) -> str:
    """Why, in a few words, for a notice."""
    return getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
