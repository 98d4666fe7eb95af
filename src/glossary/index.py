"""The persistent index: what every article is called and links to, kept fresh by size and mtime.

One SQLite file per set of roots, in the user cache folder. Opening it stats every article once
(the price of never showing stale results) and re-parses only files whose size or mtime changed,
or that appeared; rows of vanished files are dropped. Each language folder keeps a fingerprint of
its listing, so an unchanged folder costs its ``stat`` calls and nothing more.

Failure is never fatal: a damaged or foreign file is rebuilt, an unwritable cache folder means the
index lives in memory for this run. ``Index.notices`` says what happened, once, for the caller.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from glossary.articles import Article, UnreadableArticle, parse_bytes
from glossary.corpus import Corpus, LangFolder
from glossary.terms import article_shape
from glossary.text import fold, numbers

FORMAT_VERSION = 2

Progress = Callable[[int, int], None]

_SCHEMA = """
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
    id INTEGER PRIMARY KEY,
    folder INTEGER NOT NULL,
    name TEXT NOT NULL,
    slug TEXT NOT NULL,
    langkey TEXT NOT NULL,
    priority INTEGER NOT NULL,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    title TEXT,
    description TEXT,
    aka TEXT,
    headings TEXT,
    links TEXT,
    numbers TEXT,
    shape TEXT,
    problem TEXT,
    UNIQUE (folder, name)
);
CREATE INDEX articles_slug ON articles (slug, langkey);
CREATE TABLE names (article INTEGER NOT NULL, folded TEXT NOT NULL, kind TEXT NOT NULL);
CREATE INDEX names_folded ON names (folded);
CREATE INDEX names_article ON names (article);
"""

# Articles that no higher-priority root replaces, and that could be parsed.
_VISIBLE = """
    SELECT a.* FROM articles a
    WHERE a.problem IS NULL AND a.priority = (
        SELECT max(b.priority) FROM articles b
        WHERE b.slug = a.slug AND b.langkey = a.langkey AND b.problem IS NULL)
"""


@dataclass(frozen=True)
class Entry:
    """What the index knows of one article without reading it."""

    slug: str
    lang: str
    key: str
    path: str
    title: str
    description: str
    aka: list[str]
    headings: list[str]
    links: list[tuple[str, str, int]]  # (text, target slug, line)
    numbers: list[str]


@dataclass(frozen=True)
class Outline:
    """An article as whole-glossary reports (``check``, ``export``) see it, from the index alone."""

    slug: str
    lang: str
    key: str
    path: str
    title: str
    description: str
    aka: list[str]
    sections: int  # number of ``##`` sections
    links: list[tuple[str, str, int]]  # (text, target slug, line)
    shape: dict  # what ``terms.article_shape`` recorded: title source, empty sections, problems


@dataclass(frozen=True)
class Skipped:
    """A file that could not be used as an article, and why."""

    path: str
    reason: str


def cache_dir(environ: Mapping[str, str] | None = None) -> Path:
    """``GLOSSARY_CACHE_DIR``, else the platform's user cache folder (``XDG_CACHE_HOME`` on Linux)."""
    environ = os.environ if environ is None else environ
    if environ.get("GLOSSARY_CACHE_DIR"):
        return Path(environ["GLOSSARY_CACHE_DIR"]).expanduser()
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("glossary", appauthor=False))


def index_path(corpus: Corpus, environ: Mapping[str, str] | None = None) -> Path:
    """One index file per ordered set of roots."""
    key = "\0".join(f"{root.origin}={root.path.resolve()}" for root in corpus.roots)
    digest = hashlib.sha256(key.encode("utf-8", "surrogateescape")).hexdigest()[:16]
    return cache_dir(environ) / f"index-v{FORMAT_VERSION}-{digest}.sqlite3"


class Index:
    """An open, fresh index of a corpus."""

    def __init__(self, conn: sqlite3.Connection, corpus: Corpus, location: Path | None, notices: list[str]):
        self.conn = conn
        self.corpus = corpus
        self.location = location  # None when the index lives in memory
        self.notices = notices
        self.parsed = 0  # files parsed by the last refresh

    # --- queries ---------------------------------------------------------------------------------

    def entries(self, lang: str | None = None) -> list[Entry]:
        """Every visible article (optionally of one language key), sorted by slug then language."""
        sql = f"SELECT * FROM ({_VISIBLE}) v"
        params: tuple[str, ...] = ()
        if lang:
            sql += " WHERE v.langkey = ?"
            params = (lang,)
        return [self._entry(row) for row in self.conn.execute(sql + " ORDER BY v.slug, v.langkey", params)]

    def entries_for(self, slugs: Iterable[str]) -> list[Entry]:
        """Visible articles of these slugs, in every language."""
        wanted = list(dict.fromkeys(slugs))
        found: list[Entry] = []
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            marks = ",".join("?" * len(chunk))
            sql = f"SELECT * FROM ({_VISIBLE}) v WHERE v.slug IN ({marks}) ORDER BY v.slug, v.langkey"
            found.extend(self._entry(row) for row in self.conn.execute(sql, chunk))
        return found

    def names(self) -> list[tuple[str, str, str, str]]:
        """``(folded name, kind, slug, language key)`` for every title, synonym and slug."""
        sql = f"""SELECT n.folded, n.kind, v.slug, v.langkey FROM names n
                  JOIN ({_VISIBLE}) v ON v.id = n.article"""
        return [tuple(row) for row in self.conn.execute(sql)]

    def named(self, folded: str) -> list[tuple[str, str, str]]:
        """``(slug, language key, kind)`` of articles with a title, synonym or slug equal to ``folded``."""
        sql = f"""SELECT v.slug, v.langkey, n.kind FROM names n
                  JOIN ({_VISIBLE}) v ON v.id = n.article WHERE n.folded = ?"""
        return [tuple(row) for row in self.conn.execute(sql, (folded,))]

    def skipped(self) -> list[Skipped]:
        rows = self.conn.execute(
            "SELECT f.path, a.name, a.problem FROM articles a JOIN folders f ON f.id = a.folder "
            "WHERE a.problem IS NOT NULL ORDER BY f.path, a.name"
        )
        return [Skipped(str(Path(folder) / name), problem) for folder, name, problem in rows]

    def info(self) -> dict[str, object]:
        """Where the index is, what it holds, how big it is and when it was built."""
        count, langs = self.conn.execute(f"SELECT count(*), count(DISTINCT langkey) FROM ({_VISIBLE})").fetchone()
        built = self.conn.execute("SELECT value FROM meta WHERE key = 'built'").fetchone()
        size = self.location.stat().st_size if self.location and self.location.exists() else 0
        return {
            "path": str(self.location) if self.location else None,
            "articles": count,
            "languages": langs,
            "skipped": len(self.skipped()),
            "size_bytes": size,
            "built": built[0] if built else None,
            "format": FORMAT_VERSION,
        }

    def _entry(self, row: sqlite3.Row) -> Entry:
        return Entry(
            slug=row["slug"],
            lang=self.corpus.language_name(row["langkey"]),
            key=row["langkey"],
            path=str(Path(self._folder_path(row["folder"])) / row["name"]),
            title=row["title"],
            description=row["description"],
            aka=json.loads(row["aka"]),
            headings=json.loads(row["headings"]),
            links=[tuple(link) for link in json.loads(row["links"])],
            numbers=json.loads(row["numbers"]),
        )

    def _folder_path(self, folder_id: int) -> str:
        cache = self.__dict__.setdefault("_folders", {})
        if folder_id not in cache:
            cache.update(self.conn.execute("SELECT id, path FROM folders"))
        return cache[folder_id]

    # --- keeping it fresh ------------------------------------------------------------------------

    def refresh(self, progress: Progress | None = None, *, force: bool = False) -> list[Skipped]:
        """Bring the index up to date with the files; return files newly found unusable.

        Looking costs one ``stat`` per file and no lock. Only when something changed is the write
        lock taken, and the files looked at again under it, so two processes refreshing at once
        never apply the same change twice.
        """
        if not self._changes(force):
            return []
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            skipped = self._apply(self._changes(force), progress, force)
            self.conn.execute(
                "INSERT OR REPLACE INTO meta (key, value) VALUES ('built', ?)",
                (time.strftime("%Y-%m-%dT%H:%M:%S%z"),),
            )
            self.conn.commit()
        except BaseException:
            self.conn.rollback()
            raise
        return skipped

    def _changes(self, force: bool) -> list[tuple[LangFolder | None, str, list[tuple[str, int, int]]]]:
        """Folders whose listing differs from the index: ``(folder, fingerprint, listing)``.

        A folder that disappeared comes back as ``(None, path, [])``.
        """
        stored = {path: fingerprint for path, fingerprint in self.conn.execute("SELECT path, fingerprint FROM folders")}
        changes: list[tuple[LangFolder | None, str, list[tuple[str, int, int]]]] = []
        for folder, dir_entries in self.corpus.scan():
            listing = _listing(dir_entries)
            fingerprint = _fingerprint(folder, listing)
            if force or stored.pop(str(folder.path), None) != fingerprint:
                changes.append((folder, fingerprint, listing))
            stored.pop(str(folder.path), None)
        changes.extend((None, path, []) for path in stored)
        return changes

    def _apply(self, changes, progress: Progress | None, force: bool) -> list[Skipped]:
        conn = self.conn
        work: list[tuple[int, LangFolder, str, int, int, int | None]] = []
        for folder, fingerprint, listing in changes:
            if folder is None:
                row = conn.execute("SELECT id FROM folders WHERE path = ?", (fingerprint,)).fetchone()
                self._delete(conn.execute("SELECT id FROM articles WHERE folder = ?", (row[0],)).fetchall())
                conn.execute("DELETE FROM folders WHERE id = ?", (row[0],))
                continue
            folder_id = conn.execute(
                "INSERT INTO folders (path, lang, langkey, priority, fingerprint) VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT (path) DO UPDATE SET lang = excluded.lang, langkey = excluded.langkey, "
                "priority = excluded.priority, fingerprint = excluded.fingerprint RETURNING id",
                (str(folder.path), folder.name, folder.key, folder.priority, fingerprint),
            ).fetchone()[0]
            known = {
                name: (article_id, size, mtime)
                for article_id, name, size, mtime in conn.execute(
                    "SELECT id, name, size, mtime_ns FROM articles WHERE folder = ?", (folder_id,)
                )
            }
            names = {name for name, _, _ in listing}
            self._delete([(article_id,) for name, (article_id, _, _) in known.items() if name not in names])
            for name, size, mtime in listing:
                old = known.get(name)
                if old is None or old[1:] != (size, mtime) or force:
                    work.append((folder_id, folder, name, size, mtime, old[0] if old else None))
        skipped: list[Skipped] = []
        for done, (folder_id, folder, name, size, mtime, old_id) in enumerate(work, start=1):
            if old_id is not None:
                self._delete([(old_id,)])
            problem = self._add(folder_id, folder, name, size, mtime)
            if problem:
                skipped.append(Skipped(str(folder.path / name), problem))
            if progress:
                progress(done, len(work))
        self.parsed = len(work)
        return skipped

    def _add(self, folder_id: int, folder: LangFolder, name: str, size: int, mtime: int) -> str | None:
        """Parse one file and store it; return why it is unusable, or None."""
        slug = name[:-3]
        path = folder.path / name
        try:
            article = parse_bytes(path.read_bytes(), slug=slug, lang=folder.name, path=str(path))
        except UnreadableArticle as exc:
            problem = exc.reason
        except OSError as exc:
            problem = exc.strerror or "cannot be read"
        else:
            article_id = self._insert(folder_id, folder, name, size, mtime, article)
            self._insert_names(article_id, article)
            return None
        self.conn.execute(
            "INSERT INTO articles (folder, name, slug, langkey, priority, size, mtime_ns, problem) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (folder_id, name, slug, folder.key, folder.priority, size, mtime, problem),
        )
        return problem

    def _insert(self, folder_id, folder: LangFolder, name: str, size: int, mtime: int, article: Article) -> int:
        cursor = self.conn.execute(
            "INSERT INTO articles (folder, name, slug, langkey, priority, size, mtime_ns, title, description, "
            "aka, headings, links, numbers, shape) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                folder_id, name, article.slug, folder.key, folder.priority, size, mtime,
                article.title, article.description,
                json.dumps(article.aka, ensure_ascii=False),
                json.dumps([s.heading for s in article.sections], ensure_ascii=False),
                json.dumps([[l.text, l.target, l.line] for l in article.links], ensure_ascii=False),
                json.dumps(numbers(article.text), ensure_ascii=False),
                json.dumps(article_shape(article), ensure_ascii=False),
            ),
        )
        return cursor.lastrowid

    def _insert_names(self, article_id: int, article: Article) -> None:
        names = {(fold(article.title), "title"), (fold(article.slug.replace("-", " ")), "slug")}
        names.update((fold(alias), "aka") for alias in article.aka)
        self.conn.executemany(
            "INSERT INTO names (article, folded, kind) VALUES (?, ?, ?)",
            [(article_id, folded, kind) for folded, kind in names if folded],
        )

    def _delete(self, rows: list[tuple[int]]) -> None:
        if rows:
            self.conn.executemany("DELETE FROM names WHERE article = ?", rows)
            self.conn.executemany("DELETE FROM articles WHERE id = ?", rows)

    # --- terminology queries (links, check, translate, export) -----------------------------------

    def linking_to(self, slug: str) -> list[Entry]:
        """Visible articles, in any language, with an internal link to ``slug``."""
        needle = json.dumps(slug, ensure_ascii=False)
        sql = f"SELECT * FROM ({_VISIBLE}) v WHERE instr(v.links, ?) > 0 ORDER BY v.slug, v.langkey"
        found = (self._entry(row) for row in self.conn.execute(sql, (needle,)))
        return [entry for entry in found if any(target == slug for _, target, _ in entry.links)]

    def outlines(self, lang: str | None = None) -> list[Outline]:
        """Every visible article (optionally of one language key) as an ``Outline``, sorted by slug
        then language: what whole-glossary reports need, cheaper to load than ``entries``."""
        sql = (
            "SELECT v.slug, v.langkey, v.folder, v.name, v.title, v.description, v.aka, "
            f"json_array_length(v.headings), v.links, v.shape FROM ({_VISIBLE}) v"
        )
        params: tuple[str, ...] = ()
        if lang:
            sql += " WHERE v.langkey = ?"
            params = (lang,)
        folders = dict(self.conn.execute("SELECT id, path FROM folders"))
        names = self.corpus.languages
        loads = json.loads
        return [
            Outline(
                slug, names.get(key, key), key, os.path.join(folders[folder], name), title, description,
                loads(aka), sections, [tuple(link) for link in loads(links)], loads(shape) if shape else {},
            )
            for slug, key, folder, name, title, description, aka, sections, links, shape in self.conn.execute(
                sql + " ORDER BY v.slug, v.langkey", params
            )
        ]


def _listing(entries: list[os.DirEntry[str]]) -> list[tuple[str, int, int]]:
    """``(name, size, mtime_ns)`` of each article file: the one ``stat`` per file freshness costs."""
    listing = []
    for entry in entries:
        try:
            stat = entry.stat()
        except OSError:
            continue
        listing.append((entry.name, stat.st_size, stat.st_mtime_ns))
    listing.sort()
    return listing


def _fingerprint(folder: LangFolder, listing: list[tuple[str, int, int]]) -> str:
    digest = hashlib.blake2b(digest_size=16)
    digest.update(f"{folder.name}\0{folder.priority}\n".encode("utf-8", "surrogateescape"))
    digest.update("\n".join(f"{n}\0{s}\0{m}" for n, s, m in listing).encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


# --- opening -------------------------------------------------------------------------------------


def open_index(
    corpus: Corpus,
    *,
    environ: Mapping[str, str] | None = None,
    progress: Progress | None = None,
    rebuild: bool = False,
) -> Index:
    """Open (or build) the index of ``corpus`` and bring it up to date.

    Never raises for cache trouble: a damaged or out-of-date file is replaced; if the cache folder
    cannot be written the index is built in memory and ``notices`` says so.
    """
    notices: list[str] = []
    location = index_path(corpus, environ)
    if rebuild:
        _remove(location)
    index = None
    for attempt in range(2):
        try:
            index = _open_file(location, corpus, notices)
            skipped = index.refresh(progress)
            break
        except sqlite3.DatabaseError as exc:
            if index is not None:
                index.conn.close()
            index = None
            if attempt == 0 and not _is_busy(exc):
                notices.append(f"the index cache was damaged ({_reason(exc)}); rebuilding it")
                _remove(location)
                continue
            notices.append(f"cannot use the index cache {location} ({_reason(exc)}); working without it")
        except OSError as exc:
            notices.append(f"cannot write the index cache in {location.parent} ({_reason(exc)}); working without it")
            break
    if index is None:
        index = Index(_connect(":memory:", create=True), corpus, None, notices)
        skipped = index.refresh(progress)
    notices.extend(f"skipped {s.path}: {s.reason}" for s in skipped)
    return index


def _is_busy(exc: sqlite3.DatabaseError) -> bool:
    return isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc)


def _open_file(location: Path, corpus: Corpus, notices: list[str]) -> Index:
    if not location.exists():
        location.parent.mkdir(parents=True, exist_ok=True)
        # Create the schema in a private file and move it into place, so that no other process
        # ever opens a file without it.
        temporary = location.with_name(f"{location.name}.{os.getpid()}.tmp")
        _remove(temporary)
        _connect(str(temporary), create=True).close()
        os.replace(temporary, location)
    return Index(_connect(str(location), create=False), corpus, location, notices)


def _connect(target: str, *, create: bool) -> sqlite3.Connection:
    """Open an index database; check its format unless creating it. Raises sqlite3.DatabaseError."""
    conn = sqlite3.connect(target, timeout=30, isolation_level=None)
    conn.row_factory = sqlite3.Row
    try:
        if create:
            conn.executescript(_SCHEMA)
            conn.execute(f"PRAGMA user_version = {FORMAT_VERSION}")
            conn.commit()
        else:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version != FORMAT_VERSION:
                raise sqlite3.DatabaseError(f"format {version}, expected {FORMAT_VERSION}")
        conn.execute("PRAGMA synchronous = NORMAL")
    except BaseException:
        conn.close()
        raise
    return conn


def _remove(path: Path) -> None:
    for candidate in (path, Path(f"{path}-journal"), Path(f"{path}-wal"), Path(f"{path}-shm")):
        try:
            candidate.unlink()
        except FileNotFoundError:
            pass
        except OSError:
            pass


def _reason(exc: BaseException) -> str:
    return getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
