"""The ``Index``: an open, fresh index of a corpus, and every read query on it.

It holds a catalogue of the articles (titles, synonyms, headings, links, numbers), the names
``show`` looks terms up by, the vocabulary of every language (for typos and did-you-mean) and an
FTS5 full-text table of what a reader sees (``glossary.search.engine`` builds and ranks its queries).

A file that proves damaged or unreadable only while being queried is rebuilt (in memory if the
file cannot be used) and the query run again: never a wrong answer. ``Index.notices`` says what
happened, once, for the caller.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from glossary.analysis import joined_name, near_grams
from glossary.corpus import NOT_CONTENT, Corpus
from glossary.index import build
from glossary.index.build import Progress, Skipped
from glossary.index.packing import link_targets, unpack_facts, unpack_links, unpack_texts
from glossary.index.storage import (
    WEIGHTS,
    check_length,
    close,
    connect,
    create_file,
    folder_path,
    in_chunks,
    index_path,
    is_damage,
    is_full_disk,
    is_query_error,
    real_path,
    reason,
    remove,
)  # fmt: skip
from glossary.text import printable_path

_ARTICLE_COLUMNS = (
    "id, folder, name, slug, langkey, priority, size, stamp, visible, title, description, "
    "aka, sections, links, numbers, problem"
)
NEAR_WORDS = 200  # words ``near_words`` gives at most, for a finer measure to choose from
_NAME_COLUMNS = "n.folded, n.kind, a.slug, a.langkey FROM names n JOIN articles a ON a.id = n.article WHERE a.visible"


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
    sections: int  # number of ``##`` sections
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
    check_facts: dict  # what ``articles.check_facts`` recorded: title source, empty sections, problems


@dataclass(frozen=True, slots=True)
class ComparedArticle:
    """An article as comparing two languages needs it: what is compared, no text."""

    slug: str
    key: str
    path: str
    title: str
    sections: int  # number of ``##`` sections
    links: list[str]  # link target slugs
    numbers: list[str]


class Name(NamedTuple):
    """One name of a visible article: its title, a synonym (``aka``) or its slug, folded."""

    folded: str
    kind: str  # "title", "aka" or "slug"
    slug: str
    lang: str  # the article's language key


@dataclass(frozen=True)
class Hit:
    """A visible article a full-text query matched, with its bm25 rank (lower is better)."""

    id: int
    rank: float


class Index:
    """An open, fresh index of a corpus.

    ``stamp`` is the cache stamp (``glossary.stamp.cache_stamp``) it was built under: what is kept
    in it (``glossary.index.memo``) is keyed by it too.
    """

    def __init__(
        self,
        conn: sqlite3.Connection,
        corpus: Corpus,
        location: Path | None,
        notices: list[str],
        *,
        stamp: str | None = None,
    ) -> None:
        self.conn = conn
        self.corpus = corpus
        self.location = location  # None when the index lives in memory
        self.notices = notices
        self.parsed = 0  # files parsed by the last refresh
        self.folder_paths: dict[int, str] = {}  # folder id -> its path, read on first need
        self._stamp = stamp

    @property
    def stamp(self) -> str:
        if self._stamp is None:
            from glossary.stamp import cache_stamp

            self._stamp = cache_stamp(self.corpus)
        return self._stamp

    def refresh(self, progress: Progress | None = None, *, force: bool = False) -> list[Skipped]:
        """Bring the index up to date with the files (see ``build.refresh``); ``force`` rebuilds it."""
        return build.refresh(self, progress, force=force)

    # --- running queries -------------------------------------------------------------------------

    def _rows(self, sql: str, params: Sequence[object] = ()) -> list[sqlite3.Row]:
        """Run a read query. If the file proves damaged or unreadable only now, the index is rebuilt
        (in memory if the file cannot be used) and the query run again: never a wrong answer."""
        try:
            return self.conn.execute(sql, params).fetchall()
        except sqlite3.DatabaseError as exc:
            if is_query_error(exc):
                raise
            self._recover(exc)
            return self.conn.execute(sql, params).fetchall()

    def _rows_in(self, sql: str, values: Iterable[object]) -> Iterator[sqlite3.Row]:
        """Rows of ``sql`` (which has ``IN ({marks})``) for each value, once each, however many."""
        for marks, chunk in in_chunks(list(dict.fromkeys(values))):
            yield from self._rows(sql.format(marks=marks), chunk)

    def _recover(self, exc: sqlite3.DatabaseError) -> None:
        close(self.conn)
        if self.location is not None and is_damage(exc):
            self.notices.append(f"the index cache was damaged ({reason(exc)}); rebuilding it")
            remove(self.location)
            fresh = open_index(self.corpus, location=self.location, stamp=self.stamp)
        else:
            where = self.location or "in memory"
            self.notices.append(f"cannot use the index cache {where} ({reason(exc)}); working without it")
            fresh = open_index(self.corpus, in_memory=True, stamp=self.stamp)
        self.notices.extend(note for note in fresh.notices if note not in self.notices)
        self.conn, self.location, self.folder_paths = fresh.conn, fresh.location, {}

    # --- articles --------------------------------------------------------------------------------

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
        sql = f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE visible AND slug IN ({{marks}}) ORDER BY slug, langkey"
        return [self._entry(row) for row in self._rows_in(sql, slugs)]

    def entries_by_id(self, ids: Sequence[int]) -> dict[int, Entry]:
        """Visible articles by their index id (as full-text hits give them)."""
        sql = f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE visible AND id IN ({{marks}})"
        return {row["id"]: self._entry(row) for row in self._rows_in(sql, ids)}

    def linking_to(self, slug: str) -> list[Entry]:
        """Visible articles, in any language, with an internal link to ``slug``."""
        needle = slug  # a first sieve: the exact test follows
        sql = f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE visible AND instr(links, ?) > 0 ORDER BY slug, langkey"
        found = (self._entry(row) for row in self._rows(sql, (needle,)))
        return [entry for entry in found if any(target == slug for _, target, _ in entry.links)]

    def languages(self) -> list[str]:
        """Language keys that have visible articles."""
        return [row[0] for row in self._rows("SELECT DISTINCT langkey FROM articles WHERE visible ORDER BY langkey")]

    def language_counts(self) -> dict[str, int]:
        """How many article files each language key has, read from the folders' fingerprints: a row
        a folder, where counting the articles would read them all (files that cannot be used and
        articles a later root replaces are counted too; enough to tell which language has most)."""
        counts: dict[str, int] = {}
        for langkey, fingerprint in self._rows("SELECT langkey, fingerprint FROM folders"):
            parts = fingerprint.rsplit(":", 4)
            if len(parts) == 5 and parts[1].isdigit():
                counts[langkey] = counts.get(langkey, 0) + int(parts[1])
        return counts

    def skipped(self) -> list[Skipped]:
        """Files that could not be used as articles, and why."""
        rows = self._rows(
            "SELECT f.path, a.name, a.problem FROM articles a JOIN folders f ON f.id = a.folder "
            "WHERE a.problem IS NOT NULL AND a.problem != ? ORDER BY f.path, a.name",
            (NOT_CONTENT,),
        )
        return [Skipped(str(Path(real_path(folder)) / real_path(name)), problem) for folder, name, problem in rows]

    def _entry(self, row: sqlite3.Row) -> Entry:
        return Entry(
            slug=row["slug"],
            lang=self.corpus.language_name(row["langkey"]),
            key=row["langkey"],
            path=str(Path(self._folder_path(row["folder"])) / row["name"]),
            title=row["title"],
            description=row["description"],
            aka=unpack_texts(row["aka"]),
            sections=row["sections"] or 0,
            links=unpack_links(row["links"]),
            numbers=unpack_texts(row["numbers"]),
        )

    def _folder_path(self, folder_id: int) -> str:
        if folder_id not in self.folder_paths:
            rows = self._rows("SELECT id, path FROM folders")
            self.folder_paths.update((row[0], folder_path(row[1])) for row in rows)
        return self.folder_paths[folder_id]

    # --- names: titles, synonyms and slugs, folded -----------------------------------------------

    def names(self) -> list[Name]:
        """Every name of every visible article."""
        return [Name(*row) for row in self._rows(f"SELECT {_NAME_COLUMNS}")]

    def names_equal_to(self, folded_names: Iterable[str]) -> list[Name]:
        """The names of visible articles equal to one of ``folded_names``: found by their joined
        form (``analysis.joined_name``, the index names have), then compared as they are."""
        wanted = set(folded_names)
        joined = sorted({joined_name(name) for name in wanted})
        rows = self._rows_in(f"SELECT {_NAME_COLUMNS} AND n.joined IN ({{marks}})", joined)
        return [Name(*row) for row in rows if row[0] in wanted]

    def names_of(self, ids: Iterable[int]) -> list[Name]:
        """The names of these visible articles (by index id)."""
        return [Name(*row) for row in self._rows_in(f"SELECT {_NAME_COLUMNS} AND n.article IN ({{marks}})", ids)]

    def names_close_to(self, folded: str, limit: int = 200) -> list[Name]:
        """The ``limit`` names closest to ``folded`` (rapidfuzz WRatio over every distinct name:
        the thorough, slower way)."""
        from rapidfuzz import fuzz, process, utils

        names = list(dict.fromkeys(row[0] for row in self._rows("SELECT folded FROM names")))
        close = process.extract(folded, names, scorer=fuzz.WRatio, processor=utils.default_process, limit=limit)
        return self.names_equal_to([name for name, _, _ in close])

    # --- full text -------------------------------------------------------------------------------

    def match(self, expression: str, lang: str | None = None) -> list[Hit]:
        """Visible articles matching an FTS5 ``expression``, best first (``glossary.search.engine`` builds it)."""
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

    def near_words(self, word: str, lang: str | None = None, *, shortest: int = 1, longest: int = 1_000) -> list[str]:
        """Words of the vocabulary (of one language key) sharing most triples of characters with the
        folded ``word``, most first (at most ``NEAR_WORDS``): candidates for a typo, to be scored.
        Read from the ``near`` table, never the whole vocabulary. May hold words of articles since
        deleted, so what it suggests must be checked with ``match``."""
        grams = near_grams(word)
        if not grams:
            return []
        sql = (
            "SELECT v.word FROM near JOIN vocabulary v ON v.id = near.rowid WHERE near MATCH ? "
            "AND length(v.word) BETWEEN ? AND ?"
        )
        params: list[object] = [" OR ".join('"' + gram.replace('"', '""') + '"' for gram in grams), shortest, longest]
        if lang:
            sql += " AND v.langkey = ?"
            params.append(lang)
        rows = self._rows(sql + " ORDER BY near.rank, v.word LIMIT ?", [*params, NEAR_WORDS])
        return list(dict.fromkeys(row[0] for row in rows))

    def names_joined(self, keys: Iterable[str], lang: str | None = None) -> list[tuple[int, str, str]]:
        """``(article id, joined name, kind)`` of the visible articles (of one language key) with a
        name whose letters and digits, words joined, are one of ``keys``."""
        sql = (
            "SELECT n.article, n.joined, n.kind, a.langkey FROM names n JOIN articles a ON a.id = n.article "
            "WHERE a.visible AND n.joined IN ({marks})"
        )
        return [(row[0], row[1], row[2]) for row in self._rows_in(sql, keys) if not lang or row[3] == lang]

    def ids_of(self, slugs: Iterable[str], lang: str) -> dict[str, int]:
        """Slug -> the id of its visible article in the language key ``lang``, for these slugs."""
        sql = "SELECT slug, id, langkey FROM articles WHERE visible AND slug IN ({marks})"
        return {row[0]: row[1] for row in self._rows_in(sql, slugs) if row[2] == lang}

    def folded_names(self, ids: Iterable[int]) -> dict[int, list[str]]:
        """Article id -> its names (title, synonyms, slug), folded, for these articles."""
        found: dict[int, list[str]] = {}
        for row in self._rows_in("SELECT article, folded FROM names WHERE article IN ({marks})", ids):
            found.setdefault(row[0], []).append(row[1])
        return found

    def keys_of(self, ids: Iterable[int]) -> dict[int, tuple[str, str]]:
        """Article id -> ``(slug, language key)``: what breaks ties the same way on every build."""
        sql = "SELECT id, slug, langkey FROM articles WHERE id IN ({marks})"
        return {row[0]: (row[1], row[2]) for row in self._rows_in(sql, ids)}

    def vocabulary(self, lang: str | None = None, *, shortest: int = 1, longest: int = 1_000) -> list[str]:
        """Folded words of the articles (of one language key), for typo matching; may hold words of
        articles since deleted, so what it suggests must be checked with ``match``."""
        if lang:
            sql = "SELECT word FROM vocabulary WHERE langkey = ? AND length(word) BETWEEN ? AND ?"
            return [row[0] for row in self._rows(sql, (lang, shortest, longest))]
        sql = "SELECT DISTINCT word FROM vocabulary WHERE length(word) BETWEEN ? AND ?"
        return [row[0] for row in self._rows(sql, (shortest, longest))]

    # --- whole-glossary reports (check, translate, export, compare) ------------------------------

    def outlines(self, lang: str | None = None, *, synonyms: bool = True) -> list[Outline]:
        """Every visible article (optionally of one language key) as an ``Outline``, sorted by slug
        then language: what whole-glossary reports need, cheaper to load than ``entries``.
        ``synonyms=False`` leaves ``aka`` empty, for reports that do not need it."""
        aka = "aka" if synonyms else "NULL"
        sql = (
            f"SELECT slug, langkey, folder, name, title, description, {aka}, sections, links, shape "
            "FROM articles WHERE visible"
        )
        params: tuple[str, ...] = ()
        if lang:
            sql += " AND langkey = ?"
            params = (lang,)
        folders = {row[0]: folder_path(row[1]) + os.sep for row in self._rows("SELECT id, path FROM folders")}
        names = self.corpus.languages
        # Most articles share their (empty) synonyms and their check facts: each distinct value is
        # decoded once, and the lists and dicts shared between outlines; treat them as read-only.
        synonyms_read: dict[str | None, list[str]] = {None: []}
        facts_read: dict[str | None, dict[str, Any]] = {}

        def shared_synonyms(raw: str | None) -> list[str]:
            value = synonyms_read.get(raw)
            if value is None:
                value = synonyms_read[raw] = unpack_texts(raw)
            return value

        def shared_facts(raw: str | None) -> dict[str, Any]:
            value = facts_read.get(raw)
            if value is None:
                value = facts_read[raw] = unpack_facts(raw)
            return value

        return [
            Outline(
                slug, names.get(key, key), key, folders[folder] + name, title, description, shared_synonyms(aka),
                sections or 0, unpack_links(links), shared_facts(facts),
            )
            for slug, key, folder, name, title, description, aka, sections, links, facts in self._rows(
                sql + " ORDER BY slug, langkey", params
            )
        ]  # fmt: skip

    def compared_articles(self, langs: Sequence[str]) -> list[ComparedArticle]:
        """Every visible article of the language keys as a ``ComparedArticle``, sorted by slug then
        language: what comparing two languages needs, without the rest of an ``Entry`` (well under
        half the time of ``entries``)."""
        marks = ", ".join("?" * len(langs))
        rows = self._rows(
            "SELECT slug, langkey, folder, name, title, sections, links, numbers FROM articles "
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
                ComparedArticle(
                    slug, key, prefix + name, title, sections or 0, link_targets(links), unpack_texts(figures),
                )
            )  # fmt: skip
        return found

    def info(self) -> dict[str, object]:
        """Where the index is, what it holds, how big it is and when it was built."""
        count, langs = self._rows("SELECT count(*), count(DISTINCT langkey) FROM articles WHERE visible")[0]
        meta: dict[str, str] = {row[0]: row[1] for row in self._rows("SELECT key, value FROM meta")}
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
            "stamp": self.stamp,
        }


# --- opening -------------------------------------------------------------------------------------


def open_index(
    corpus: Corpus,
    *,
    environ: Mapping[str, str] | None = None,
    progress: Progress | None = None,
    rebuild: bool = False,
    location: Path | None = None,
    in_memory: bool = False,
    stamp: str | None = None,
) -> Index:
    """Open (or build) the index of ``corpus`` and bring it up to date.

    Never raises for cache trouble: a damaged file is replaced; if the cache folder cannot be
    written the index is built in memory and ``notices`` says so. ``stamp`` is the cache stamp
    (computed here when not given): an index file built under another one is never opened.
    """
    from glossary.stamp import cache_stamp

    notices: list[str] = []
    stamp = stamp or cache_stamp(corpus)
    location = location or index_path(corpus, environ, stamp=stamp)
    index: Index | None = None
    skipped: list[Skipped] = []
    for attempt in range(2):
        if in_memory:
            break
        try:
            index = _open_file(location, corpus, notices, stamp)
            skipped = index.refresh(progress, force=rebuild)
            break
        except sqlite3.DatabaseError as exc:
            if index is not None:
                close(index.conn)
            index = None
            if is_query_error(exc):
                raise
            if attempt == 0 and is_damage(exc):
                notices.append(f"the index cache was damaged ({reason(exc)}); rebuilding it")
                remove(location)
                continue
            notices.append(f"cannot use the index cache {location} ({reason(exc)}); working without it")
            if is_full_disk(exc):  # a partial index and its journal would only keep the disk full
                remove(location)
            break
        except OSError as exc:
            if index is not None:
                close(index.conn)
            index = None
            notices.append(f"cannot write the index cache in {location.parent} ({reason(exc)}); working without it")
            if is_full_disk(exc):
                remove(location)
            break
    if index is None:
        index = Index(connect(":memory:", create=True), corpus, None, notices, stamp=stamp)
        skipped = index.refresh(progress, force=True)
    notices.extend(f"skipped {printable_path(s.path)}: {s.reason}" for s in skipped)
    return index


def _open_file(location: Path, corpus: Corpus, notices: list[str], stamp: str) -> Index:
    create_file(location)
    check_length(location)
    return Index(connect(str(location), create=False), corpus, location, notices, stamp=stamp)
