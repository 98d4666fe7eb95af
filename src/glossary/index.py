"""The persistent index: what every article is called, links to and says, kept fresh by size and mtime.

One SQLite file per set of roots, in the user cache folder. It holds a catalogue of the articles
(titles, synonyms, headings, links, numbers), the names ``show`` looks terms up by, the vocabulary
of every language (for typos and did-you-mean) and an FTS5 full-text table of what a reader sees.

Freshness: opening the index stats every article once (the price of never showing stale results)
and nothing more when nothing changed: each language folder keeps a fingerprint of its listing
(names, sizes, mtimes). Only in a folder whose fingerprint changed are files compared one by one,
and only files whose size or mtime changed, or that appeared, are parsed again.

Full-text terms: text is folded (case, accents, ``ø`` -> ``o``), split into words and each word
stemmed with its article's language's Snowball stemmer; Chinese, Japanese and Korean runs become
overlapping character pairs, so that any run of characters can be found as a phrase of pairs.
Queries go through the same ``Analyzer``; ``glossary.search`` builds and ranks them.

Failure is never fatal: a damaged file is rebuilt, an unwritable cache folder means the index lives
in memory for this run, two processes take turns through SQLite's locks, and a process killed in
the middle of a build leaves the last committed state behind. ``Index.notices`` says what happened,
once, for the caller. Nothing is pickled into the cache: it is data, not code.
"""

from __future__ import annotations

import functools
import json
import os
import re
import sqlite3
import sys
import time
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from glossary.articles import Article, UnreadableArticle, parse_bytes
from glossary.corpus import MISNAMED, Corpus, LangFolder, is_valid_slug
from glossary.text import fold, numbers, printable_path

FORMAT_VERSION = 3

Progress = Callable[[int, int], None]

# bm25 weights of the full-text columns: what names the concept weighs most, then its summary.
COLUMNS = ("title", "aka", "slug", "description", "headings", "body", "lang")
WEIGHTS = (10.0, 8.0, 3.0, 5.0, 2.0, 1.0, 0.0)
NAME_COLUMNS = ("title", "aka", "slug")

# Parsing goes to a pool of processes when there are at least this many files to read.
PARALLEL_MIN = 2000
# The stat pass is shared out between processes when the index knows at least this many files.
PARALLEL_SCAN_MIN = 20_000
_SCAN_PROCESSES = 4
_BATCH = 250
# Seconds to wait for a batch from the pool (a few tenths are usual) before parsing the rest here.
_POOL_PATIENCE = 60.0

# Deleted articles leave their full-text rows behind (SQLite before 3.43 cannot delete from a
# contentless FTS5 table); once they outnumber the live ones the index is rebuilt from scratch.
_DEAD_LIMIT = 1000

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
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    folder INTEGER NOT NULL,
    name TEXT NOT NULL,
    slug TEXT NOT NULL,
    langkey TEXT NOT NULL,
    priority INTEGER NOT NULL,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    visible INTEGER NOT NULL DEFAULT 0,
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
CREATE TABLE vocabulary (langkey TEXT NOT NULL, word TEXT NOT NULL, PRIMARY KEY (langkey, word)) WITHOUT ROWID;
"""

# Terms FTS5 gathers in memory before writing them out as a segment (its default is 1 MB): fewer,
# larger segments to merge make a first build at 100,000 articles several seconds faster.
_FULLTEXT_PENDING = 32 * 1024 * 1024

_FULLTEXT = f"""
CREATE VIRTUAL TABLE fulltext USING fts5({", ".join(COLUMNS)}, tokenize = 'ascii', content = '', detail = full)
"""
_CACHE_KB, _BUILD_CACHE_KB = 32 * 1024, 8 * 1024  # SQLite's page cache: queries, a first build
_NO_MERGE, _AUTOMERGE = 0, 4  # FTS5's "automerge" setting: off while building, then its default
_FULLTEXT_CONFIG = f"INSERT INTO fulltext (fulltext, rank) VALUES ('hashsize', {_FULLTEXT_PENDING})"

_ARTICLE_COLUMNS = (
    "id, folder, name, slug, langkey, priority, size, mtime_ns, visible, title, description, "
    "aka, headings, links, numbers, problem"
)


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
    links: list[list]  # [text, target slug, line]
    shape: dict  # what ``terms.article_shape`` recorded: title source, empty sections, problems


@dataclass(frozen=True)
class Skipped:
    """A file that could not be used as an article, and why."""

    path: str
    reason: str


@dataclass(frozen=True)
class Hit:
    """A visible article a full-text query matched, with its bm25 rank (lower is better)."""

    id: int
    rank: float


# --- terms ---------------------------------------------------------------------------------------

# Snowball stemmers by primary language subtag.
STEMMERS = {
    "ar": "arabic", "hy": "armenian", "eu": "basque", "ca": "catalan", "cs": "czech", "da": "danish",
    "nl": "dutch", "en": "english", "eo": "esperanto", "et": "estonian", "fi": "finnish",
    "fr": "french", "de": "german", "el": "greek", "hi": "hindi", "hu": "hungarian",
    "id": "indonesian", "ga": "irish", "it": "italian", "lt": "lithuanian", "ne": "nepali",
    "no": "norwegian", "nb": "norwegian", "nn": "norwegian", "fa": "persian", "pl": "polish",
    "pt": "portuguese", "ro": "romanian", "ru": "russian", "sr": "serbian", "es": "spanish",
    "sv": "swedish", "ta": "tamil", "tr": "turkish", "yi": "yiddish",
}

_TOKEN = re.compile(r"[^\W_]+")
# Scripts written without spaces between words (and Hangul, whose words carry particles).
_CJK_CHARS = (
    "\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\uff66-\uff9f"
    "\U00020000-\U0003134f"
)
_FIRST_CJK = "\u3040"  # no CJK character comes before this one


@functools.cache
def _cjk_split() -> re.Pattern[str]:
    """Compiled on first use: the character ranges cost milliseconds to compile, and most text
    (any whose characters all come before U+3040) never needs them."""
    return re.compile(f"([{_CJK_CHARS}]+)")


def has_cjk(word: str) -> bool:
    return bool(word) and max(word) >= _FIRST_CJK and _cjk_split().search(word) is not None
_LONGEST_WORD = 64  # longer "words" (hashes, base64) are cut: they are never typed


def stemmer_name(langkey: str) -> str | None:
    """The Snowball algorithm for a language key (``fi``, ``nb``, ``pt-br``), or None."""
    return STEMMERS.get(langkey.split("-")[0])


def stemmer_version() -> str:
    """Which stemming code this process uses; an index built with another one is rebuilt."""
    try:
        import Stemmer  # noqa: F401  (snowballstemmer uses PyStemmer when it is installed)
    except ImportError:
        from importlib.metadata import version

        return f"snowballstemmer {version('snowballstemmer')}"
    from importlib.metadata import version

    return f"pystemmer {version('PyStemmer')}"


class _Chunks(dict):
    """Whitespace-separated piece of text -> its terms, computed once per distinct piece."""

    def __init__(self, analyzer: "Analyzer") -> None:
        super().__init__()
        self.analyzer = analyzer

    def __missing__(self, chunk: str) -> str:
        if len(self) > 2_000_000:  # a huge corpus of unique strings must not fill the memory
            self.clear()
        # "word," and "(word" have the terms of "word": analysed once (these marks are never part
        # of a word, and neither folding nor stemming joins them to a neighbour).
        bare = chunk.strip(_EDGE_MARKS)
        if bare != chunk:
            terms = self[bare] if bare else ""
        else:
            terms = " ".join(self.analyzer.chunk_terms(chunk))
        self[chunk] = terms
        return terms


_EDGE_MARKS = ".,;:!?()\"'"


_QUERY_ANALYZERS: dict[str, "Analyzer"] = {}


class Analyzer:
    """Turns text of one language into full-text terms; the same for indexing and for queries.

    Text is split at white space first and each distinct piece analysed once (folded, cut into
    words, stemmed): articles repeat their words, so most of the work is a dictionary look-up.
    ``words`` collects the folded words met, for the vocabulary.
    """

    def __init__(self, langkey: str) -> None:
        self.algorithm = stemmer_name(langkey)
        self._stem: Callable[[str], str] | None = None
        if self.algorithm:
            import snowballstemmer

            self._stem = snowballstemmer.stemmer(self.algorithm).stemWord
        self.stems: dict[str, str] = {}
        self.chunks = _Chunks(self)
        self.words: set[str] = set()

    @classmethod
    def for_query(cls, langkey: str) -> "Analyzer":
        """A shared analyzer for query words (never used for indexing, so its ``words`` is unused)."""
        if langkey not in _QUERY_ANALYZERS:
            _QUERY_ANALYZERS[langkey] = cls(langkey)
        return _QUERY_ANALYZERS[langkey]

    def term(self, word: str) -> str:
        """The term of one folded word without CJK characters: its stem."""
        term = self.stems.get(word)
        if term is None:
            if len(word) > _LONGEST_WORD:
                term = word[:_LONGEST_WORD]
            else:
                term = self._stem(word) if self._stem else word
            self.stems[word] = term
        return term

    def chunk_terms(self, chunk: str) -> list[str]:
        """Terms of a piece of text: folded words stemmed, CJK runs as character pairs."""
        terms: list[str] = []
        for word in _TOKEN.findall(fold(chunk)):
            if word.isascii() or not has_cjk(word):
                terms.append(self.term(word))
                self.words.add(word)
                continue
            for part in _cjk_split().split(word):
                if not part:
                    continue
                if is_cjk(part):
                    terms.extend(cjk_terms(part))
                else:
                    terms.append(self.term(part))
                    self.words.add(part)
        return terms

    def column(self, text: str) -> str:
        """The terms of ``text`` as one string, as the full-text table stores them."""
        return " ".join(map(self.chunks.__getitem__, text.split()))


def cjk_terms(run: str) -> list[str]:
    """Overlapping pairs of a CJK run, then its last character: any part of it is a phrase of these."""
    if len(run) == 1:
        return [run]
    return [run[i : i + 2] for i in range(len(run) - 1)] + [run[-1]]


def is_cjk(text: str) -> bool:
    """Whether ``text`` is one run of CJK characters."""
    return bool(text) and text >= _FIRST_CJK and _cjk_split().fullmatch(text) is not None


def split_cjk(word: str) -> list[str]:
    """A folded word cut into its CJK runs and the rest."""
    if not has_cjk(word):
        return [word]
    return [part for part in _cjk_split().split(word) if part]


def words(folded: str) -> list[str]:
    """The words full-text search sees in folded text (letters and digits, ``_`` separates)."""
    return _TOKEN.findall(folded)


def lang_term(langkey: str) -> str:
    """The single term under which an article's language is indexed (``zh-cn`` -> ``zhcn``)."""
    return re.sub(r"[^a-z0-9]", "", langkey.lower()) or "x"


# --- where the cache lives -----------------------------------------------------------------------


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
    data = key.encode("utf-8", "surrogateescape")
    digest = f"{zlib.crc32(data):08x}{zlib.adler32(data):08x}"  # zlib: hashlib costs more to import
    return cache_dir(environ) / f"index-v{FORMAT_VERSION}-{digest}.sqlite3"


# --- the index -----------------------------------------------------------------------------------


class Index:
    """An open, fresh index of a corpus."""

    def __init__(self, conn: sqlite3.Connection, corpus: Corpus, location: Path | None, notices: list[str]):
        self.conn = conn
        self.corpus = corpus
        self.location = location  # None when the index lives in memory
        self.notices = notices
        self.parsed = 0  # files parsed by the last refresh
        self._folders: dict[int, str] = {}

    # --- queries ---------------------------------------------------------------------------------

    def _rows(self, sql: str, params: Sequence[object] = ()) -> list[sqlite3.Row]:
        """Run a read query. If the file proves damaged or unreadable only now, the index is rebuilt
        (in memory if the file cannot be used) and the query run again: never a wrong answer."""
        try:
            return self.conn.execute(sql, params).fetchall()
        except sqlite3.DatabaseError as exc:
            if _is_query_error(exc):
                raise
            self._recover(exc)
            return self.conn.execute(sql, params).fetchall()

    def _recover(self, exc: sqlite3.DatabaseError) -> None:
        _close(self.conn)
        if self.location is not None and _is_damage(exc):
            self.notices.append(f"the index cache was damaged ({_reason(exc)}); rebuilding it")
            _remove(self.location)
            fresh = open_index(self.corpus, location=self.location)
        else:
            where = self.location or "in memory"
            self.notices.append(f"cannot use the index cache {where} ({_reason(exc)}); working without it")
            fresh = open_index(self.corpus, in_memory=True)
        self.notices.extend(note for note in fresh.notices if note not in self.notices)
        self.conn, self.location, self._folders = fresh.conn, fresh.location, {}

    def entries(self, lang: str | None = None) -> list[Entry]:
        """Every visible article (optionally of one language key), sorted by slug then language."""
        sql = f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE visible"
        params: tuple[str, ...] = ()
        if lang:
            sql += " AND langkey = ?"
            params = (lang,)
        return [self._entry(row) for row in self._rows(sql + " ORDER BY slug, langkey", params)]

    def entries_for(self, slugs: Iterable[str]) -> list[Entry]:
        """Visible articles of these slugs, in every language."""
        wanted = list(dict.fromkeys(slugs))
        found: list[Entry] = []
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            marks = ",".join("?" * len(chunk))
            sql = f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE visible AND slug IN ({marks}) ORDER BY slug, langkey"
            found.extend(self._entry(row) for row in self._rows(sql, chunk))
        return found

    def entries_by_id(self, ids: Sequence[int]) -> dict[int, Entry]:
        """Visible articles by their index id (as full-text hits give them)."""
        found: dict[int, Entry] = {}
        for start in range(0, len(ids), 500):
            chunk = list(ids[start : start + 500])
            marks = ",".join("?" * len(chunk))
            sql = f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE visible AND id IN ({marks})"
            found.update((row["id"], self._entry(row)) for row in self._rows(sql, chunk))
        return found

    def names(self) -> list[tuple[str, str, str, str]]:
        """``(folded name, kind, slug, language key)`` for every title, synonym and slug."""
        sql = """SELECT n.folded, n.kind, a.slug, a.langkey FROM names n
                 JOIN articles a ON a.id = n.article WHERE a.visible"""
        return [tuple(row) for row in self._rows(sql)]

    def distinct_names(self) -> list[str]:
        """Every folded title, synonym and slug of a visible article, once each."""
        sql = "SELECT DISTINCT n.folded FROM names n JOIN articles a ON a.id = n.article WHERE a.visible"
        return [row[0] for row in self._rows(sql)]

    def named_any(self, folded_names: Sequence[str]) -> list[tuple[str, str, str, str]]:
        """``(folded name, kind, slug, language key)`` of visible articles with one of these names."""
        found: list[tuple[str, str, str, str]] = []
        wanted = list(dict.fromkeys(folded_names))
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            marks = ",".join("?" * len(chunk))
            sql = f"""SELECT n.folded, n.kind, a.slug, a.langkey FROM names n
                      JOIN articles a ON a.id = n.article WHERE a.visible AND n.folded IN ({marks})"""
            found.extend(tuple(row) for row in self._rows(sql, chunk))
        return found

    def names_of(self, ids: Iterable[int]) -> list[tuple[str, str, str, str]]:
        """``(folded name, kind, slug, language key)`` of these visible articles."""
        wanted = list(ids)
        found: list[tuple[str, str, str, str]] = []
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            marks = ",".join("?" * len(chunk))
            sql = f"""SELECT n.folded, n.kind, a.slug, a.langkey FROM names n
                      JOIN articles a ON a.id = n.article WHERE a.visible AND n.article IN ({marks})"""
            found.extend(tuple(row) for row in self._rows(sql, chunk))
        return found

    def names_like(self, folded: str, limit: int = 200) -> list[tuple[str, str, str, str]]:
        """``(folded name, kind, slug, language key)`` of the ``limit`` names closest to ``folded``
        (rapidfuzz WRatio over every distinct name: the thorough, slower way)."""
        from rapidfuzz import fuzz, process, utils

        names = [row[0] for row in self._rows("SELECT DISTINCT folded FROM names")]
        close = process.extract(folded, names, scorer=fuzz.WRatio, processor=utils.default_process, limit=limit)
        return self.named_any([name for name, _, _ in close])

    def named(self, folded: str) -> list[tuple[str, str, str]]:
        """``(slug, language key, kind)`` of articles with a title, synonym or slug equal to ``folded``."""
        sql = """SELECT a.slug, a.langkey, n.kind FROM names n
                 JOIN articles a ON a.id = n.article WHERE a.visible AND n.folded = ?"""
        return [tuple(row) for row in self._rows(sql, (folded,))]

    def languages(self) -> list[str]:
        """Language keys that have visible articles."""
        return [row[0] for row in self._rows("SELECT DISTINCT langkey FROM articles WHERE visible ORDER BY langkey")]

    def match(self, expression: str, lang: str | None = None) -> list[Hit]:
        """Visible articles matching an FTS5 ``expression``, best first (``glossary.search`` builds it)."""
        sql = (
            f"SELECT a.id, bm25(fulltext, {', '.join(map(str, WEIGHTS))}) AS rank FROM fulltext "
            "JOIN articles a ON a.id = fulltext.rowid WHERE fulltext MATCH ? AND a.visible"
        )
        params: list[object] = [expression]
        if lang:
            sql += " AND a.langkey = ?"
            params.append(lang)
        return [Hit(row[0], row[1]) for row in self._rows(sql + " ORDER BY rank", params)]

    def ranks(self, expression: str, ids: Sequence[int] | None, lang: str | None = None) -> dict[int, float]:
        """bm25 rank (lower is better) of the visible articles matching ``expression``; only of
        ``ids`` when given (bm25 is computed for those alone)."""
        weights = ", ".join(map(str, WEIGHTS))
        sql = (
            f"SELECT a.id, bm25(fulltext, {weights}) FROM fulltext "
            "JOIN articles a ON a.id = fulltext.rowid WHERE fulltext MATCH ? AND a.visible"
        )
        params: list[object] = [expression]
        if lang:
            sql += " AND a.langkey = ?"
            params.append(lang)
        if ids is not None:
            # "+" keeps the list away from FTS5, which would run the query once per id: SQLite
            # filters the matches against the list instead, before computing bm25.
            sql += " AND +fulltext.rowid IN (SELECT value FROM json_each(?))"
            params.append(json.dumps(list(ids)))
        return {row[0]: row[1] for row in self._rows(sql, params)}

    def match_ids(self, expression: str, lang: str | None = None) -> set[int]:
        """Ids of the visible articles matching an FTS5 ``expression`` (no ranking: cheaper)."""
        sql = "SELECT a.id FROM fulltext JOIN articles a ON a.id = fulltext.rowid WHERE fulltext MATCH ? AND a.visible"
        params: list[object] = [expression]
        if lang:
            sql += " AND a.langkey = ?"
            params.append(lang)
        return {row[0] for row in self._rows(sql, params)}

    def vocabulary(self, lang: str | None = None, *, shortest: int = 1, longest: int = 1_000) -> list[str]:
        """Folded words of the articles (of one language key), for typo matching; may hold words of
        articles since deleted, so what it suggests must be checked with ``match``."""
        if lang:
            sql = "SELECT word FROM vocabulary WHERE langkey = ? AND length(word) BETWEEN ? AND ?"
            return [row[0] for row in self._rows(sql, (lang, shortest, longest))]
        sql = "SELECT DISTINCT word FROM vocabulary WHERE length(word) BETWEEN ? AND ?"
        return [row[0] for row in self._rows(sql, (shortest, longest))]

    def skipped(self) -> list[Skipped]:
        rows = self._rows(
            "SELECT f.path, a.name, a.problem FROM articles a JOIN folders f ON f.id = a.folder "
            "WHERE a.problem IS NOT NULL ORDER BY f.path, a.name"
        )
        return [Skipped(str(Path(_real_path(folder)) / _real_path(name)), problem) for folder, name, problem in rows]

    def info(self) -> dict[str, object]:
        """Where the index is, what it holds, how big it is and when it was built."""
        count, langs = self._rows("SELECT count(*), count(DISTINCT langkey) FROM articles WHERE visible")[0]
        meta = dict(self._rows("SELECT key, value FROM meta"))
        size = 0
        if self.location is not None:
            try:
                size = self.location.stat().st_size
            except OSError:
                size = 0
        return {
            "path": str(self.location) if self.location else None,
            "articles": count,
            "languages": langs,
            "skipped": len(self.skipped()),
            "size_bytes": size,
            "built": meta.get("built"),
            "updated": meta.get("updated"),
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
        if folder_id not in self._folders:
            self._folders.update((row[0], _real_path(row[1])) for row in self._rows("SELECT id, path FROM folders"))
        return self._folders[folder_id]

    # --- keeping it fresh ------------------------------------------------------------------------

    def refresh(self, progress: Progress | None = None, *, force: bool = False) -> list[Skipped]:
        """Bring the index up to date with the files; return files newly found unusable.

        Looking costs one ``stat`` per file and no lock. Only when something changed is the write
        lock taken; under it the stored fingerprints are read again, so two processes refreshing
        at once never apply the same change twice. ``force`` rebuilds everything.
        """
        scan = self._scan()
        if not force and not self._stale(scan):
            return []
        conn = self.conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            rebuild = force or self._needs_rebuild()
            if rebuild:
                self._reset()
            first = conn.execute("SELECT 1 FROM folders LIMIT 1").fetchone() is None
            if first:
                skipped = self._build(scan, progress)
            else:
                skipped = self._apply(scan, progress) if self._stale(scan) else []
                if self._too_many_dead():
                    self._reset()
                    first = True
                    skipped = self._build(scan, progress)
            stamp = time.strftime("%Y-%m-%dT%H:%M:%S%z")
            conn.executemany(
                "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
                [("updated", stamp)] + ([("built", stamp)] if first else []),
            )
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        return skipped

    def _build(self, scan: Mapping[str, tuple[LangFolder, str]], progress: Progress | None) -> list[Skipped]:
        """Fill an empty index. FTS5 merges its segments as it goes by default, so that an index
        written to bit by bit stays quick to search; a build writes everything at once, and
        merging only at the end of it is more than a second quicker at 100,000 articles."""
        conn = self.conn
        conn.execute(f"INSERT INTO fulltext (fulltext, rank) VALUES ('automerge', {_NO_MERGE})")
        # Written once and not read back, the pages of a build gain nothing from a large cache:
        # a small one keeps the memory of a build at 100,000 articles under 200 MB.
        conn.execute(f"PRAGMA cache_size = -{_BUILD_CACHE_KB}")
        try:
            skipped = self._apply(scan, progress)
        finally:
            conn.execute(f"PRAGMA cache_size = -{_CACHE_KB}")
        conn.execute(f"INSERT INTO fulltext (fulltext, rank) VALUES ('automerge', {_AUTOMERGE})")
        return skipped

    def _scan(self) -> dict[str, tuple[LangFolder, str]]:
        """Each language folder's fingerprint (see ``fingerprint``), or ``"unreadable"``.

        This is the one pass over the files every command needing the index pays: one ``stat``
        per ``*.md`` file and a checksum per folder, nothing that grows faster. When the index
        already knows many files in several folders, the folders are shared out between this
        process and forked ones: system calls in separate processes run side by side, so the
        pass takes about half as long on two CPUs (threads would not: each ``stat`` takes the
        interpreter lock back).
        """
        folders = self.corpus.folders
        groups = _scan_groups(folders, self._known_counts())
        fingerprints = _fingerprints_forked(groups) if len(groups) > 1 else _fingerprints(folders)
        found: dict[str, tuple[LangFolder, str]] = {}
        for folder in folders:
            result = fingerprints[str(folder.path)]
            if result.startswith("\0"):  # the folder could not be read: why
                note = f"cannot read {folder.path} ({result[1:]}); it is skipped"
                if note not in self.notices:
                    self.notices.append(note)
                result = "unreadable"
            found[_stored_path(str(folder.path))] = (folder, result)
        return found

    def _known_counts(self) -> dict[str, int]:
        """How many article files each folder had when last seen (from its stored fingerprint)."""
        counts = {}
        try:
            rows = self.conn.execute("SELECT path, fingerprint FROM folders").fetchall()
        except sqlite3.DatabaseError:
            return {}
        for path, fingerprint in rows:
            parts = fingerprint.rsplit(":", 4)
            if len(parts) == 5 and parts[1].isdigit():
                counts[_real_path(path)] = int(parts[1])
        return counts

    def _stale(self, scan: Mapping[str, tuple[LangFolder, str]]) -> bool:
        stored = dict(self.conn.execute("SELECT path, fingerprint FROM folders").fetchall())
        if stored.keys() != scan.keys():
            return True
        return any(stored[path] != fingerprint for path, (_, fingerprint) in scan.items())

    def _needs_rebuild(self) -> bool:
        """Whether the index should be built from scratch: another stemmer, or too many dead rows."""
        meta = dict(self.conn.execute("SELECT key, value FROM meta").fetchall())
        return meta.get("stemmer") != stemmer_version() or self._too_many_dead()

    def _too_many_dead(self) -> bool:
        row = self.conn.execute("SELECT value FROM meta WHERE key = 'dead'").fetchone()
        dead = int(row[0]) if row else 0
        if dead <= _DEAD_LIMIT:
            return False
        live = self.conn.execute("SELECT count(*) FROM articles WHERE problem IS NULL").fetchone()[0]
        return dead > live

    def _reset(self) -> None:
        conn = self.conn
        for table in ("articles", "names", "vocabulary", "folders", "meta"):
            conn.execute(f"DELETE FROM {table}")
        conn.execute("DROP TABLE IF EXISTS fulltext")
        conn.execute(_FULLTEXT)
        conn.execute(_FULLTEXT_CONFIG)
        conn.executemany(
            "INSERT INTO meta (key, value) VALUES (?, ?)", [("stemmer", stemmer_version()), ("dead", "0")]
        )
        self._folders = {}

    def _apply(self, scan: Mapping[str, tuple[LangFolder, str]], progress: Progress | None) -> list[Skipped]:
        """Under the write lock: compare changed folders file by file, parse what changed, store it."""
        conn = self.conn
        stored = {path: (folder_id, fingerprint) for folder_id, path, fingerprint in conn.execute(
            "SELECT id, path, fingerprint FROM folders")}
        doomed: list[int] = []
        affected: set[tuple[str, str]] = set()
        for path, (folder_id, _) in list(stored.items()):
            if path not in scan:  # a folder that is gone, or no longer part of the corpus
                rows = conn.execute("SELECT id, slug, langkey FROM articles WHERE folder = ?", (folder_id,)).fetchall()
                doomed.extend(row[0] for row in rows)
                affected.update((row[1], row[2]) for row in rows)
                conn.execute("DELETE FROM folders WHERE id = ?", (folder_id,))
        changed = {path for path, (_, fingerprint) in scan.items() if stored.get(path, (0, ""))[1] != fingerprint}
        only = {scan[path][0].path for path in changed}
        listings = {str(folder.path): _listing(entries) for folder, entries in self.corpus.scan(only, misnamed=True)}
        work: list[tuple[int, LangFolder, str, int, int]] = []
        for path in changed:
            folder, fingerprint = scan[path]
            folder_id = conn.execute(
                "INSERT INTO folders (path, lang, langkey, priority, fingerprint) VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT (path) DO UPDATE SET lang = excluded.lang, langkey = excluded.langkey, "
                "priority = excluded.priority, fingerprint = excluded.fingerprint RETURNING id",
                (path, folder.name, folder.key, folder.priority, fingerprint),
            ).fetchone()[0]
            known = {
                _real_path(name): (article_id, size, mtime, slug, key, priority)
                for article_id, name, size, mtime, slug, key, priority in conn.execute(
                    "SELECT id, name, size, mtime_ns, slug, langkey, priority FROM articles WHERE folder = ?",
                    (folder_id,),
                )
            }
            listing = listings.get(str(folder.path), [])  # an unreadable folder lists nothing
            current = {name: (size, mtime) for name, size, mtime in listing}
            gone: set[str] = set()
            for name, (article_id, size, mtime, slug, key, priority) in known.items():
                if current.get(name) != (size, mtime) or (key, priority) != (folder.key, folder.priority):
                    doomed.append(article_id)
                    affected.add((slug, key))
                    gone.add(name)
            work.extend(
                (folder_id, folder, name, size, mtime)
                for name, size, mtime in listing
                if name not in known or name in gone
            )
        self._delete(doomed)
        skipped = self._add(work, affected, progress)
        self._update_visibility(affected)
        self.parsed = len(work)
        return skipped

    def _add(self, work, affected: set[tuple[str, str]], progress: Progress | None) -> list[Skipped]:
        conn = self.conn
        next_id = (conn.execute("SELECT seq FROM sqlite_sequence WHERE name = 'articles'").fetchone() or (0,))[0]
        known_words: dict[str, set[str]] = {}
        skipped: list[Skipped] = []
        done = 0
        for results, vocabulary in _analysed(work):
            article_rows, name_rows, text_rows = [], [], []
            for (folder_id, folder, name, size, mtime), result in results:
                next_id += 1
                slug = name[:-3]
                if isinstance(result, str):  # unusable, and why; a name that is not UTF-8 kept as its bytes
                    slug = _stored_path(slug)
                    affected.add((slug, folder.key))
                    article_rows.append((next_id, folder_id, _stored_path(name), slug, folder.key, folder.priority,
                                         size, mtime, None, None, None, None, None, None, None, result))
                    skipped.append(Skipped(str(folder.path / name), result))
                    continue
                affected.add((slug, folder.key))
                fields, names, text = result
                article_rows.append((next_id, folder_id, name, slug, folder.key, folder.priority, size, mtime,
                                     *fields, None))
                name_rows.extend((next_id, folded, kind) for folded, kind in names)
                text_rows.append((next_id, *text, lang_term(folder.key)))
            word_rows = []
            for langkey, found in vocabulary.items():
                seen = known_words.setdefault(langkey, set())
                fresh = found - seen
                seen |= fresh
                word_rows.extend((langkey, word) for word in fresh if len(word) > 1 and not word.isdigit())
            conn.executemany(
                "INSERT INTO articles (id, folder, name, slug, langkey, priority, size, mtime_ns, title, "
                "description, aka, headings, links, numbers, shape, problem) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                article_rows,
            )
            conn.executemany("INSERT INTO names (article, folded, kind) VALUES (?, ?, ?)", name_rows)
            conn.executemany(
                f"INSERT INTO fulltext (rowid, {', '.join(COLUMNS)}) VALUES (?, {', '.join('?' * len(COLUMNS))})",
                text_rows,
            )
            conn.executemany("INSERT OR IGNORE INTO vocabulary (langkey, word) VALUES (?, ?)", word_rows)
            done += len(results)
            if progress:
                progress(done, len(work))
        return skipped

    def _delete(self, ids: list[int]) -> None:
        if not ids:
            return
        conn = self.conn
        rows = [(article_id,) for article_id in dict.fromkeys(ids)]
        dead = 0
        for start in range(0, len(rows), 500):
            chunk = [row[0] for row in rows[start : start + 500]]
            marks = ",".join("?" * len(chunk))
            dead += conn.execute(
                f"SELECT count(*) FROM articles WHERE problem IS NULL AND id IN ({marks})", chunk
            ).fetchone()[0]
        conn.executemany("DELETE FROM names WHERE article = ?", rows)
        conn.executemany("DELETE FROM articles WHERE id = ?", rows)
        conn.execute(
            "INSERT INTO meta (key, value) VALUES ('dead', ?) "
            "ON CONFLICT (key) DO UPDATE SET value = CAST(value AS INTEGER) + excluded.value",
            (dead,),
        )

    def _update_visibility(self, affected: set[tuple[str, str]]) -> None:
        """An article is visible when it could be parsed and no higher-priority root replaces it."""
        rule = (
            "UPDATE articles SET visible = (problem IS NULL AND priority = (SELECT max(b.priority) FROM articles b "
            "WHERE b.slug = articles.slug AND b.langkey = articles.langkey AND b.problem IS NULL))"
        )
        if len(affected) > 20_000:
            self.conn.execute(rule)
        else:
            self.conn.executemany(rule + " WHERE slug = ? AND langkey = ?", sorted(affected))

    # --- terminology queries (links, check, translate, export) -----------------------------------

    def linking_to(self, slug: str) -> list[Entry]:
        """Visible articles, in any language, with an internal link to ``slug``."""
        needle = json.dumps(slug, ensure_ascii=False)
        sql = f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE visible AND instr(links, ?) > 0 ORDER BY slug, langkey"
        found = (self._entry(row) for row in self._rows(sql, (needle,)))
        return [entry for entry in found if any(target == slug for _, target, _ in entry.links)]

    def outlines(self, lang: str | None = None, *, synonyms: bool = True) -> list[Outline]:
        """Every visible article (optionally of one language key) as an ``Outline``, sorted by slug
        then language: what whole-glossary reports need, cheaper to load than ``entries``.
        ``synonyms=False`` leaves ``aka`` empty, for reports that do not need it."""
        sql = (
            f"SELECT slug, langkey, folder, name, title, description, {'aka' if synonyms else chr(39) + '[]' + chr(39)}, "
            "json_array_length(headings), links, shape FROM articles WHERE visible"
        )
        params: tuple[str, ...] = ()
        if lang:
            sql += " AND langkey = ?"
            params = (lang,)
        folders = {row[0]: _real_path(row[1]) + os.sep for row in self._rows("SELECT id, path FROM folders")}
        names = self.corpus.languages
        loads = json.loads
        # Most articles share their (empty) synonyms and their shape: decode each distinct value once.
        # The decoded lists and dicts are shared between outlines; treat them as read-only.
        decoded: dict[str, object] = {"[]": [], "": {}}

        def shared(raw: str | None):
            value = decoded.get(raw or "")
            if value is None:
                value = decoded[raw] = loads(raw)
            return value

        return [
            Outline(
                slug, names.get(key, key), key, folders[folder] + name, title, description, shared(aka), sections,
                loads(links) if links != "[]" else [], shared(shape),
            )
            for slug, key, folder, name, title, description, aka, sections, links, shape in self._rows(
                sql + " ORDER BY slug, langkey", params
            )
        ]

    def memo(self, name: str, version: str, compute: Callable[[], str]) -> str:
        """A text computed from the whole index (a ``check`` report), kept in the index file until
        any article changes: while every folder's fingerprint, and so every article, is what it was
        when the text was stored, the stored text is returned and ``compute`` is not called.
        ``version`` names the code that computes it. Storing is best effort: an index in memory, or
        a file that is locked or read-only, means the text is computed again next time.
        """
        state = self._memo_state(version)
        try:
            row = self.conn.execute("SELECT state, value FROM memos WHERE name = ?", (name,)).fetchone()
        except (sqlite3.DatabaseError, UnicodeEncodeError):  # no memos yet (or no readable ones): compute
            row = None
        if row is not None and row[0] == state:
            return row[1]
        value = compute()
        if self.location is not None and self._memo_state(version) == state:
            timeout = self.conn.execute("PRAGMA busy_timeout").fetchone()[0]
            try:
                self.conn.execute("PRAGMA busy_timeout = 200")  # never wait long on a writer for this
                self.conn.execute(
                    "CREATE TABLE IF NOT EXISTS memos (name TEXT PRIMARY KEY, state TEXT NOT NULL, value TEXT NOT NULL)"
                )
                self.conn.execute(
                    "INSERT INTO memos (name, state, value) VALUES (?, ?, ?) "
                    "ON CONFLICT (name) DO UPDATE SET state = excluded.state, value = excluded.value",
                    (name, state, value),
                )
            except (sqlite3.DatabaseError, UnicodeEncodeError):  # UnicodeEncodeError: a path that is not UTF-8
                pass
            finally:
                self.conn.execute(f"PRAGMA busy_timeout = {int(timeout)}")
        return value

    def _memo_state(self, version: str) -> str:
        """What the index holds, in a few bytes: its format, the folders and their fingerprints."""
        import hashlib

        digest = hashlib.blake2b(digest_size=16)
        digest.update(f"{FORMAT_VERSION}\0{version}\n".encode())
        for row in self.conn.execute("SELECT path, langkey, priority, fingerprint FROM folders ORDER BY path"):
            digest.update("\0".join(str(value) for value in row).encode("utf-8", "surrogateescape") + b"\n")
        return digest.hexdigest()

    def comparable(self, langs: Sequence[str]) -> list[tuple[str, str, str, str, int, list[str], list[str]]]:
        """``(slug, langkey, path, title, number of sections, link target slugs, numbers)`` of every
        visible article of the language keys, sorted by slug then language: what comparing two
        languages needs, without the rest of an ``Entry`` (well under half the time of ``entries``)."""
        loads = json.loads
        marks = ", ".join("?" * len(langs))
        rows = self._rows(
            "SELECT slug, langkey, folder, name, title, json_array_length(headings), links, numbers FROM articles "
            f"WHERE visible AND langkey IN ({marks}) ORDER BY slug, langkey",
            tuple(langs),
        )
        prefixes: dict[int, str] = {}
        found = []
        for slug, key, folder, name, title, sections, links, figures in rows:
            prefix = prefixes.get(folder)
            if prefix is None:
                prefix = prefixes[folder] = os.path.join(self._folder_path(folder), "")
            found.append(
                (
                    slug, key, prefix + name, title, sections or 0,
                    [link[1] for link in loads(links)] if links and links != "[]" else [],
                    loads(figures) if figures and figures != "[]" else [],
                )
            )
        return found

    def memo_bytes(self, name: str, version: str) -> bytes | None:
        """The text ``memo`` keeps under ``name`` for ``version``, as UTF-8 bytes, while it is still
        current (else None): a large text written straight out, never decoded and encoded again."""
        try:
            row = self.conn.execute("SELECT state, CAST(value AS BLOB) FROM memos WHERE name = ?", (name,)).fetchone()
        except (sqlite3.DatabaseError, UnicodeEncodeError):
            return None
        if row is None or row[0] != self._memo_state(version):
            return None
        return row[1]

    def forget_memos(self, prefix: str, keep: int, *, also: str = "") -> None:
        """Forget the memos whose names start with ``prefix`` but the ``keep`` stored last, and the
        memo named ``also`` (so that, stored again, it is the newest). Best effort, never waiting
        long: a file that is locked or read-only keeps them for now."""
        if self.location is None:
            return
        timeout = self.conn.execute("PRAGMA busy_timeout").fetchone()[0]
        try:
            self.conn.execute("PRAGMA busy_timeout = 200")
            self.conn.execute("DELETE FROM memos WHERE name = ?", (also,))
            self.conn.execute(
                "DELETE FROM memos WHERE substr(name, 1, ?) = ? AND rowid NOT IN "
                "(SELECT rowid FROM memos WHERE substr(name, 1, ?) = ? ORDER BY rowid DESC LIMIT ?)",
                (len(prefix), prefix, len(prefix), prefix, keep),
            )
        except (sqlite3.DatabaseError, UnicodeEncodeError):
            pass
        finally:
            self.conn.execute(f"PRAGMA busy_timeout = {int(timeout)}")


def _stored_path(path: str) -> str:
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


def _real_path(stored: str) -> str:
    """The path ``_stored_path`` stored."""
    return os.fsdecode(bytes.fromhex(stored[1:])) if stored.startswith("\0") else stored


def _listing(entries: list[os.DirEntry[str]]) -> list[tuple[str, int, int]]:
    """``(name, size, mtime_ns)`` of each article file."""
    listing = []
    for entry in entries:
        try:
            stat = entry.stat()
        except OSError:
            continue
        listing.append((entry.name, stat.st_size, stat.st_mtime_ns))
    listing.sort()
    return listing


def fingerprint(folder: LangFolder) -> str:
    """A folder's article files in a few bytes, or ``"\\0"`` and why the folder cannot be read.

    The sums of sizes and of mtimes (nanoseconds) show an in-place edit; the count and a checksum
    of the names, in listing order, show a file added, removed or renamed (a listing that merely
    comes back in another order costs a closer look, never a missed change).
    """
    try:
        with os.scandir(folder.path) as listing:
            names = []
            size = mtime = 0
            for entry in listing:
                name = entry.name
                if name.endswith(".md"):
                    try:
                        stat = entry.stat()
                    except OSError:
                        continue
                    names.append(name)
                    size += stat.st_size
                    mtime += stat.st_mtime_ns
    except OSError as exc:
        return "\0" + (exc.strerror or "cannot be read")
    listed = "\0".join(names).encode("utf-8", "surrogateescape")
    return (
        f"{folder.name}:{folder.priority}:{len(names)}:{size}:{mtime}:"
        f"{zlib.crc32(listed):08x}{zlib.adler32(listed):08x}"
    )


def _fingerprints(folders: Iterable[LangFolder]) -> dict[str, str]:
    return {str(folder.path): fingerprint(folder) for folder in folders}


def _scan_groups(folders: Sequence[LangFolder], known: Mapping[str, int]) -> list[list[LangFolder]]:
    """Folders shared out for scanning side by side, about the same number of files in each
    group; one group when a single process does better (few files, one CPU, no ``fork``)."""
    if sum(known.values()) < PARALLEL_SCAN_MIN or len(folders) < 2 or not sys.platform.startswith("linux"):
        return [list(folders)]
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    count = min(cpus, _SCAN_PROCESSES, len(folders))
    if count < 2:
        return [list(folders)]
    groups: list[list[LangFolder]] = [[] for _ in range(count)]
    loads = [0] * count
    for folder in sorted(folders, key=lambda folder: -known.get(str(folder.path), 0)):
        lightest = loads.index(min(loads))
        groups[lightest].append(folder)
        loads[lightest] += known.get(str(folder.path), 0) + 1
    return [group for group in groups if group]


def _fingerprints_forked(groups: list[list[LangFolder]]) -> dict[str, str]:
    """``_fingerprints`` of the first group here and of each other group in a forked process.
    A process that cannot be started, fails or answers nonsense has its folders scanned here."""
    children: list[tuple[int, int, list[LangFolder]]] = []
    found: dict[str, str] = {}
    try:
        for group in groups[1:]:
            try:
                read_end, write_end = os.pipe()
            except OSError:
                found.update(_fingerprints(group))
                continue
            try:
                pid = os.fork()
            except OSError:
                os.close(read_end)
                os.close(write_end)
                found.update(_fingerprints(group))
                continue
            if pid == 0:  # the child: scan, answer, and leave without running any cleanup
                status = 1
                try:
                    os.close(read_end)
                    answer = json.dumps(_fingerprints(group)).encode("utf-8", "surrogateescape")
                    with open(write_end, "wb", closefd=True) as pipe:
                        pipe.write(answer)
                    status = 0
                finally:
                    os._exit(status)
            os.close(write_end)
            children.append((pid, read_end, group))
        found.update(_fingerprints(groups[0]))
    except BaseException:  # interrupted: no more scanning, but no child left unreaped either
        for pid, read_end, _ in children:
            _answer(pid, read_end)
        raise
    for pid, read_end, group in children:
        answer = _answer(pid, read_end)
        if answer is None or answer.keys() != {str(folder.path) for folder in group}:
            answer = _fingerprints(group)
        found.update(answer)
    return found


def _answer(pid: int, read_end: int) -> dict[str, str] | None:
    """What a scanning child wrote to its pipe, once it has exited; None when it failed."""
    chunks = []
    try:
        with open(read_end, "rb", closefd=True) as pipe:
            chunks.append(pipe.read())
    except OSError:
        pass
    try:
        _, status = os.waitpid(pid, 0)
    except OSError:  # already reaped, or interrupted
        return None
    if status != 0:
        return None
    try:
        answer = json.loads(b"".join(chunks).decode("utf-8", "surrogateescape"))
    except ValueError:
        return None
    if not isinstance(answer, dict) or not all(isinstance(value, str) for value in answer.values()):
        return None
    return answer


# --- parsing files into rows ---------------------------------------------------------------------


def analyse_file(path: str, slug: str, lang: str, analyzer: Analyzer):
    """Read and parse one file into what the index stores; a string says why it cannot be used.

    Returns ``(fields, names, text)``: catalogue fields, ``(folded name, kind)`` pairs and the
    full-text columns (term strings). The words met go to ``analyzer.words``.
    """
    if not is_valid_slug(slug):
        return MISNAMED
    try:
        with open(path, "rb") as handle:
            data = handle.read()
        article = parse_bytes(data, slug=slug, lang=lang, path=path)
    except UnreadableArticle as exc:
        return exc.reason
    except OSError as exc:
        return exc.strerror or "cannot be read"
    return rows_of(article, analyzer)


_LINK = re.compile(r"\[([^\[\]]*)\]\((?:[^()\s]|\([^()\s]*\))*(?:\s+(?:\"[^\"]*\"|'[^']*'))?\s*\)")


def without_link_targets(text: str) -> str:
    """Reader text with Markdown links reduced to their words: a URL is not text to search."""
    return _LINK.sub(r"\1", text) if "](" in text else text


# ``json.dumps`` with options makes a new encoder at each call: one, made once, serves every article.
_JSON = json.JSONEncoder(ensure_ascii=False)


def rows_of(article: Article, analyzer: Analyzer):
    headings = [section.heading for section in article.sections]
    body = "\n\n".join([article.lead] + [section.text for section in article.sections])
    column = analyzer.column
    text = (
        column(article.title),
        column("\n".join(article.aka)),
        column(article.slug.replace("-", " ")),
        column(without_link_targets(article.description)),
        column("\n".join(headings)),
        column(without_link_targets(body)),
    )
    encode = _JSON.encode
    fields = (
        article.title,
        article.description,
        encode(article.aka),
        encode(headings),
        encode([[link.text, link.target, link.line] for link in article.links]),
        encode(numbers(article.text)),
        encode(_article_shape()(article)),
    )
    names = {(fold(article.title), "title"), (fold(article.slug.replace("-", " ")), "slug")}
    names.update((fold(alias), "aka") for alias in article.aka)
    return fields, sorted((name, kind) for name, kind in names if name), text


@functools.cache
def _article_shape():
    """``terms.article_shape``, imported when an article is first indexed (searching needs none of it)."""
    from glossary.terms import article_shape

    return article_shape


# Analyzers of the build in progress, per process: their caches and their vocabulary belong to one
# build (a fresh index must get every word, whatever an earlier build in this process saw).
_BUILD: dict[str, object] = {"id": None, "analyzers": {}}


def _analyse_batch(build: str, batch: list[tuple[str, str, str, str]]):
    """Parse a batch of files; return the results and the words met since the last batch."""
    if _BUILD["id"] != build:
        _BUILD["id"], _BUILD["analyzers"] = build, {}
    analyzers: dict[str, Analyzer] = _BUILD["analyzers"]  # type: ignore[assignment]
    results = []
    for path, slug, lang, langkey in batch:
        analyzer = analyzers.get(langkey)
        if analyzer is None:
            analyzer = analyzers[langkey] = Analyzer(langkey)
        results.append(analyse_file(path, slug, lang, analyzer))
    vocabulary = {}
    for langkey, analyzer in analyzers.items():
        if analyzer.words:
            vocabulary[langkey], analyzer.words = analyzer.words, set()
    return results, vocabulary


def _analysed(work: list[tuple[int, LangFolder, str, int, int]]) -> Iterator[tuple[list, dict[str, set[str]]]]:
    """``([(work item, result), ...], words by language)`` in batches; in a pool of processes
    when there is much to do. Should the pool fail (a worker killed, an error, no answer for a
    long time), what it has not delivered is parsed in this process: never an error for it."""
    tasks = [(os.path.join(folder.path, name), name[:-3], folder.name, folder.key) for _, folder, name, _, _ in work]
    batches = [(work[i : i + _BATCH], tasks[i : i + _BATCH]) for i in range(0, len(work), _BATCH)]
    done = 0
    pool = _pool(len(work))
    if pool is not None:
        with pool:
            from functools import partial

            results = pool.imap(partial(_analyse_batch, os.urandom(8).hex()), [batch for _, batch in batches])
            for items, _ in batches:
                try:
                    result, vocabulary = results.next(_POOL_PATIENCE)
                except Exception:
                    break
                done += 1
                yield list(zip(items, result)), vocabulary
    if done < len(batches):
        build = os.urandom(8).hex()
        try:
            for items, batch in batches[done:]:
                result, vocabulary = _analyse_batch(build, batch)
                yield list(zip(items, result)), vocabulary
        finally:
            _BUILD["id"], _BUILD["analyzers"] = None, {}


def _pool(work: int):
    """A process pool for parsing, or None when there is little to parse or one CPU."""
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    if work < PARALLEL_MIN or cpus < 2:
        return None
    import multiprocessing

    try:
        context = multiprocessing.get_context("fork")
    except ValueError:  # no fork on this platform: starting fresh interpreters costs more than it saves
        return None
    try:
        return context.Pool(min(cpus, 8))
    except OSError:
        return None


# --- opening -------------------------------------------------------------------------------------


def open_index(
    corpus: Corpus,
    *,
    environ: Mapping[str, str] | None = None,
    progress: Progress | None = None,
    rebuild: bool = False,
    location: Path | None = None,
    in_memory: bool = False,
) -> Index:
    """Open (or build) the index of ``corpus`` and bring it up to date.

    Never raises for cache trouble: a damaged file is replaced; if the cache folder cannot be
    written the index is built in memory and ``notices`` says so.
    """
    notices: list[str] = []
    location = location or index_path(corpus, environ)
    index: Index | None = None
    skipped: list[Skipped] = []
    for attempt in range(2):
        if in_memory:
            break
        try:
            index = _open_file(location, corpus, notices)
            skipped = index.refresh(progress, force=rebuild)
            break
        except sqlite3.DatabaseError as exc:
            if index is not None:
                _close(index.conn)
            index = None
            if _is_query_error(exc):
                raise
            if attempt == 0 and _is_damage(exc):
                notices.append(f"the index cache was damaged ({_reason(exc)}); rebuilding it")
                _remove(location)
                continue
            notices.append(f"cannot use the index cache {location} ({_reason(exc)}); working without it")
            break
        except OSError as exc:
            if index is not None:
                _close(index.conn)
            index = None
            notices.append(f"cannot write the index cache in {location.parent} ({_reason(exc)}); working without it")
            break
    if index is None:
        index = Index(_connect(":memory:", create=True), corpus, None, notices)
        skipped = index.refresh(progress, force=True)
    notices.extend(f"skipped {printable_path(s.path)}: {s.reason}" for s in skipped)
    return index


def _is_damage(exc: sqlite3.DatabaseError) -> bool:
    """A file that is not (or no longer) a usable index, as opposed to a locked or read-only one."""
    name = getattr(exc, "sqlite_errorname", "") or ""
    if name.startswith("SQLITE_CORRUPT") or name in ("SQLITE_NOTADB", "SQLITE_FORMAT"):
        return True
    message = str(exc)
    return "no such table" in message or "no such column" in message or "malformed" in message


def _is_query_error(exc: sqlite3.DatabaseError) -> bool:
    """A mistake in a query (a bug to report), not a reason to rebuild anything."""
    if isinstance(exc, (sqlite3.ProgrammingError, sqlite3.InterfaceError)):
        return True
    return str(exc).startswith(("fts5:", "unknown special query", "no such fts5"))


def _open_file(location: Path, corpus: Corpus, notices: list[str]) -> Index:
    if not location.exists():
        location.parent.mkdir(parents=True, exist_ok=True)
        # Create the schema in a private file and link it into place: no process ever opens a file
        # without it, and a file some process has open is never replaced under it.
        temporary = location.with_name(f"{location.name}.{os.getpid()}.tmp")
        _remove(temporary)
        try:
            _connect(str(temporary), create=True).close()
            try:
                os.link(temporary, location)
            except FileExistsError:
                pass  # another process was first: use its file
        finally:
            _remove(temporary)
    _check_length(location)
    return Index(_connect(str(location), create=False), corpus, location, notices)


def _check_length(location: Path) -> None:
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


def _connect(target: str, *, create: bool) -> sqlite3.Connection:
    """Open an index database; check its format unless creating it. Raises sqlite3.DatabaseError."""
    conn = sqlite3.connect(target, timeout=120, isolation_level=None, check_same_thread=False)
    conn.row_factory = sqlite3.Row
    try:
        if create:
            conn.executescript(_SCHEMA + _FULLTEXT + ";" + _FULLTEXT_CONFIG + ";")
            conn.executemany(
                "INSERT INTO meta (key, value) VALUES (?, ?)", [("stemmer", stemmer_version()), ("dead", "0")]
            )
            conn.execute(f"PRAGMA user_version = {FORMAT_VERSION}")
        else:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version != FORMAT_VERSION:
                raise _damage(f"format {version}, expected {FORMAT_VERSION}")
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute(f"PRAGMA cache_size = -{_CACHE_KB}")
    except BaseException:
        conn.close()
        raise
    return conn


def _close(conn: sqlite3.Connection) -> None:
    try:
        conn.close()
    except sqlite3.Error:
        pass


def _remove(path: Path) -> None:
    for candidate in (path, Path(f"{path}-journal"), Path(f"{path}-wal"), Path(f"{path}-shm")):
        try:
            candidate.unlink()
        except OSError:
            pass


def _reason(exc: BaseException) -> str:
    return getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
