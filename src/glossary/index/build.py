"""Keeping the index fresh: compare the scan with what is stored, parse what changed, store it.

Only in a folder whose fingerprint changed are files compared one by one, and only files whose
size or mtime changed, or that appeared, are parsed again. Many files are parsed in a pool of
processes; should the pool fail (a worker killed, an error, no answer for a long time), what it has
not delivered is parsed in this process: never an error for it. Two processes take turns through
SQLite's locks, and a process killed in the middle of a build leaves the last committed state.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from glossary.analysis import Analyzer, joined_name, lang_term, stemmer_version
from glossary.articles import Article, UnreadableArticle, check_facts, parse_bytes
from glossary.conventions import plain_text, printed_title, reader_numbers, title_without_abbreviation
from glossary.corpus import MISNAMED, NOT_CONTENT, LangFolder, is_valid_slug
from glossary.index.packing import pack_facts, pack_links, pack_texts
from glossary.index.scan import Scan, folder_key, list_files, scan_folders
from glossary.index.storage import (
    BUILD_CACHE_KB,
    CACHE_KB,
    COLUMNS,
    FULLTEXT,
    FULLTEXT_CONFIG,
    NAME_INDEXES,
    NEAR,
    NEAR_TRIGGER,
    in_chunks,
    real_path,
    stored_path,
    write_fresh_meta,
)  # fmt: skip
from glossary.pages import HEAD_BYTES, says_not_content
from glossary.text import fold

if TYPE_CHECKING:
    from glossary.index.queries import Index

Progress = Callable[[int, int], None]
Work = tuple[int, LangFolder, str, int, int]  # (folder id, folder, file name, size, scan.file_stamp)
# What the index stores of a file: catalogue fields, ``(folded name, kind)`` pairs, full-text columns.
Rows = tuple[tuple[str | int | None, ...], list[tuple[str, str]], tuple[str, ...]]
Analysed = Rows | str  # a string says why the file cannot be used

# Parsing goes to a pool of processes when there are at least this many files to read.
PARALLEL_MIN = 2000
_BATCH = 250
# Seconds to wait for a batch from the pool (a few tenths are usual) before parsing the rest here.
_POOL_PATIENCE = 60.0

# Deleted articles leave their full-text rows behind (SQLite before 3.43 cannot delete from a
# contentless FTS5 table); once they outnumber the live ones the index is rebuilt from scratch.
_DEAD_LIMIT = 1000

_NO_MERGE, _AUTOMERGE = 0, 4  # FTS5's "automerge" setting: off while building, then its default


_NO_FIELDS = (None,) * 7  # the catalogue fields of a file that cannot be used


@dataclass(frozen=True)
class Skipped:
    """A file that could not be used as an article, and why."""

    path: str
    reason: str


def refresh(index: Index, progress: Progress | None = None, *, force: bool = False) -> list[Skipped]:
    """Bring the index up to date with the files; return files newly found unusable.

    Looking costs one ``stat`` per file and no lock. Only when something changed is the write
    lock taken; under it the stored fingerprints are read again, so two processes refreshing
    at once never apply the same change twice. ``force`` rebuilds everything.
    """
    found = scan_folders(index.conn, index.corpus.folders, index.notices)
    if not force and not _stale(index.conn, found):
        return []
    conn = index.conn
    conn.execute("BEGIN IMMEDIATE")
    try:
        rebuild = force or _needs_rebuild(conn)
        if rebuild:
            _reset(index)
        first = conn.execute("SELECT 1 FROM folders LIMIT 1").fetchone() is None
        if first:
            skipped = _fill_empty(index, found, progress)
        else:
            skipped = _apply(index, found, progress) if _stale(conn, found) else []
            if _too_many_dead(conn):
                _reset(index)
                first = True
                skipped = _fill_empty(index, found, progress)
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


def _fill_empty(index: Index, found: Scan, progress: Progress | None) -> list[Skipped]:
    """Fill an empty index. FTS5 merges its segments as it goes by default, so that an index
    written to bit by bit stays quick to search; a build writes everything at once, and
    merging only at the end of it is more than a second quicker at 100,000 articles.

    The trigger that copies each new word of the vocabulary into ``near`` waits until the end:
    a statement that fires a trigger opens a savepoint, and at each savepoint FTS5 writes out
    the terms it gathers in memory. With the trigger, every batch of articles left small
    segments of the full-text index to merge (a quarter of the CPU time of a build); without
    it, ``near`` is filled by one statement at the end. The indexes of the names are made at
    the end too.
    """
    conn = index.conn
    conn.execute(f"INSERT INTO fulltext (fulltext, rank) VALUES ('automerge', {_NO_MERGE})")
    # Written once and not read back, the pages of a build gain nothing from a large cache:
    # a small one keeps the memory of a build at 100,000 articles under 200 MB.
    conn.execute(f"PRAGMA cache_size = -{BUILD_CACHE_KB}")
    conn.execute("DROP TRIGGER IF EXISTS vocabulary_near")
    for name in NAME_INDEXES:
        conn.execute(f"DROP INDEX IF EXISTS {name}")
    words_before = conn.execute("SELECT coalesce(max(id), 0) FROM vocabulary").fetchone()[0]
    try:
        skipped = _apply(index, found, progress)
    finally:
        conn.execute(f"PRAGMA cache_size = -{CACHE_KB}")
    conn.execute(
        "INSERT INTO near (rowid, word) SELECT id, '^' || word || '$' FROM vocabulary WHERE id > ?", (words_before,)
    )
    conn.execute(NEAR_TRIGGER)
    for sql in NAME_INDEXES.values():
        conn.execute(sql)
    conn.execute(f"INSERT INTO fulltext (fulltext, rank) VALUES ('automerge', {_AUTOMERGE})")
    return skipped


def _stale(conn: sqlite3.Connection, scan: Scan) -> bool:
    stored = dict(conn.execute("SELECT path, fingerprint FROM folders").fetchall())
    if stored.keys() != scan.keys():
        return True
    return any(stored[path] != fingerprint for path, (_, fingerprint) in scan.items())


def _needs_rebuild(conn: sqlite3.Connection) -> bool:
    """Whether the index should be built from scratch: another stemmer, or too many dead rows."""
    meta = dict(conn.execute("SELECT key, value FROM meta").fetchall())
    return meta.get("stemmer") != stemmer_version() or _too_many_dead(conn)


def _too_many_dead(conn: sqlite3.Connection) -> bool:
    row = conn.execute("SELECT value FROM meta WHERE key = 'dead'").fetchone()
    dead = int(row[0]) if row else 0
    if dead <= _DEAD_LIMIT:
        return False
    live = conn.execute("SELECT count(*) FROM articles WHERE problem IS NULL").fetchone()[0]
    return dead > live


def _reset(index: Index) -> None:
    conn = index.conn
    for table in ("articles", "names", "vocabulary", "folders", "meta"):
        conn.execute(f"DELETE FROM {table}")
    conn.execute("DROP TABLE IF EXISTS fulltext")
    conn.execute(FULLTEXT)
    conn.execute("DROP TABLE IF EXISTS near")
    conn.execute(NEAR)
    conn.execute(FULLTEXT_CONFIG)
    write_fresh_meta(conn)
    index.folder_paths.clear()


def _apply(index: Index, found: Scan, progress: Progress | None) -> list[Skipped]:
    """Under the write lock: compare changed folders file by file, parse what changed, store it."""
    conn = index.conn
    stored = {
        path: (folder_id, fingerprint)
        for folder_id, path, fingerprint in conn.execute("SELECT id, path, fingerprint FROM folders")
    }
    doomed: list[int] = []
    affected: set[tuple[str, str]] = set()
    for path, (folder_id, _) in list(stored.items()):
        if path not in found:  # a folder that is gone, or no longer part of the corpus
            rows = conn.execute("SELECT id, slug, langkey FROM articles WHERE folder = ?", (folder_id,)).fetchall()
            doomed.extend(row[0] for row in rows)
            affected.update((row[1], row[2]) for row in rows)
            conn.execute("DELETE FROM folders WHERE id = ?", (folder_id,))
    # Now, not with the rest: a folder added below may be given the id of one just removed, and
    # must not find that folder's rows as its own.
    _delete(conn, doomed)
    doomed = []
    changed = {path for path, (_, fingerprint) in found.items() if stored.get(path, (0, ""))[1] != fingerprint}
    only = {found[path][0] for path in changed}
    listings = {folder_key(folder): list_files(entries) for folder, entries in index.corpus.scan(only, misnamed=True)}
    work: list[tuple[int, LangFolder, str, int, int]] = []
    for path in changed:
        folder, fingerprint = found[path]
        folder_id = conn.execute(
            "INSERT INTO folders (path, lang, langkey, priority, fingerprint) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT (path) DO UPDATE SET lang = excluded.lang, langkey = excluded.langkey, "
            "priority = excluded.priority, fingerprint = excluded.fingerprint RETURNING id",
            (path, folder.name, folder.key, folder.priority, fingerprint),
        ).fetchone()[0]
        known = {
            real_path(name): (article_id, size, mtime, slug, key, priority)
            for article_id, name, size, mtime, slug, key, priority in conn.execute(
                "SELECT id, name, size, stamp, slug, langkey, priority FROM articles WHERE folder = ?",
                (folder_id,),
            )
        }
        listing = listings.get(folder_key(folder), [])  # an unreadable folder lists nothing
        current = {name: (size, mtime) for name, size, mtime in listing}
        gone: set[str] = set()
        for name, (article_id, size, mtime, slug, key, priority) in known.items():
            if current.get(name) != (size, mtime) or (key, priority) != (folder.key, folder.priority):
                doomed.append(article_id)
                affected.add((slug, key))
                gone.add(name)
        work.extend(
            (folder_id, folder, name, size, mtime) for name, size, mtime in listing if name not in known or name in gone
        )
    _delete(conn, doomed)
    skipped = _add(conn, work, affected, progress)
    _update_visibility(conn, affected)
    index.parsed = len(work)
    return skipped


def _add(
    conn: sqlite3.Connection, work: list[Work], affected: set[tuple[str, str]], progress: Progress | None
) -> list[Skipped]:
    """Parse the files of ``work`` and store them, a batch at a time."""
    next_id = (conn.execute("SELECT seq FROM sqlite_sequence WHERE name = 'articles'").fetchone() or (0,))[0]
    known_words: dict[str, set[str]] = {}
    skipped: list[Skipped] = []
    done = 0
    for results, vocabulary in _analysed(work):
        article_rows: list[tuple[object, ...]] = []
        name_rows: list[tuple[int, str, str, str]] = []
        text_rows: list[tuple[object, ...]] = []
        for (folder_id, folder, name, size, mtime), result in results:
            next_id += 1
            slug = folder.slug_of(name)
            if isinstance(result, str):  # unusable, and why; a name that is not UTF-8 kept as its bytes
                slug = stored_path(slug)
                affected.add((slug, folder.key))
                place = (next_id, folder_id, stored_path(name), slug, folder.key, folder.priority, size, mtime)
                article_rows.append((*place, *_NO_FIELDS, result))
                if result != NOT_CONTENT:  # a page of the site's machinery is no article, nor a problem
                    skipped.append(Skipped(str(folder.path / name), result))
                continue
            affected.add((slug, folder.key))
            fields, names, text = result
            article_rows.append(
                (next_id, folder_id, name, slug, folder.key, folder.priority, size, mtime, *fields, None)
            )
            name_rows.extend((next_id, folded, kind, joined_name(folded)) for folded, kind in names)
            text_rows.append((next_id, *text, lang_term(folder.key)))
        word_rows: list[tuple[str, str]] = []
        for langkey, found in vocabulary.items():
            seen = known_words.setdefault(langkey, set())
            fresh = found - seen
            seen |= fresh
            word_rows.extend((langkey, word) for word in fresh if len(word) > 1 and not word.isdigit())
        conn.executemany(
            "INSERT INTO articles (id, folder, name, slug, langkey, priority, size, stamp, title, "
            "description, aka, sections, links, numbers, shape, problem) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            article_rows,
        )
        conn.executemany("INSERT INTO names (article, folded, kind, joined) VALUES (?, ?, ?, ?)", name_rows)
        conn.executemany(
            f"INSERT INTO fulltext (rowid, {', '.join(COLUMNS)}) VALUES (?, {', '.join('?' * len(COLUMNS))})",
            text_rows,
        )
        conn.executemany("INSERT OR IGNORE INTO vocabulary (langkey, word) VALUES (?, ?)", word_rows)
        done += len(results)
        if progress:
            progress(done, len(work))
    return skipped


def _delete(conn: sqlite3.Connection, ids: list[int]) -> None:
    if not ids:
        return
    unique = list(dict.fromkeys(ids))
    dead = 0
    for marks, chunk in in_chunks(unique):
        dead += conn.execute(
            f"SELECT count(*) FROM articles WHERE problem IS NULL AND id IN ({marks})", chunk
        ).fetchone()[0]
    rows = [(article_id,) for article_id in unique]
    conn.executemany("DELETE FROM names WHERE article = ?", rows)
    conn.executemany("DELETE FROM articles WHERE id = ?", rows)
    conn.execute(
        "INSERT INTO meta (key, value) VALUES ('dead', ?) "
        "ON CONFLICT (key) DO UPDATE SET value = CAST(value AS INTEGER) + excluded.value",
        (dead,),
    )


def _update_visibility(conn: sqlite3.Connection, affected: set[tuple[str, str]]) -> None:
    """An article is visible when it could be parsed and no higher-priority root replaces it."""
    rule = (
        "UPDATE articles SET visible = (problem IS NULL AND priority = (SELECT max(b.priority) FROM articles b "
        "WHERE b.slug = articles.slug AND b.langkey = articles.langkey AND b.problem IS NULL))"
    )
    if len(affected) > 20_000:
        conn.execute(rule)
    else:
        conn.executemany(rule + " WHERE slug = ? AND langkey = ?", sorted(affected))


# --- parsing files into rows ---------------------------------------------------------------------


def analyse_file(path: str, slug: str, lang: str, analyzer: Analyzer, *, hugo: bool = False) -> Analysed:
    """Read and parse one file into what the index stores; a string says why it cannot be used.

    Returns ``(fields, names, text)``: catalogue fields, ``(folded name, kind)`` pairs and the
    full-text columns (term strings). The words met go to ``analyzer.words``. In a Hugo site's
    folder (``hugo``), a page whose front matter says it is not content is ``NOT_CONTENT``.
    """
    if not is_valid_slug(slug):
        return MISNAMED
    try:
        with open(path, "rb") as handle:
            data = handle.read()
        head = data[:HEAD_BYTES]
        if hugo and head[:3] in (b"---", b"+++", b"\xef\xbb\xbf") and says_not_content(head.decode("utf-8", "replace")):
            return NOT_CONTENT
        article = parse_bytes(data, slug=slug, lang=lang, path=path)
    except UnreadableArticle as exc:
        return exc.reason
    except OSError as exc:
        return exc.strerror or "cannot be read"
    return rows_of(article, analyzer)


# Reader text with links reduced to their words: a URL is not text to search (nor its numbers).
without_link_targets = plain_text


def rows_of(article: Article, analyzer: Analyzer) -> Rows:
    headings = [section.heading for section in article.sections]
    body = "\n\n".join([article.lead] + [section.text for section in article.sections])
    column = analyzer.column
    text = (  # in the order of ``storage.COLUMNS``, the language aside
        column(without_link_targets(body)),
        column(f"{article.title}\n{article.title_note}" if article.title_note else article.title),
        column("\n".join(article.aka)),
        column(article.slug.replace("-", " ")),
        column(without_link_targets(article.description)),
        column("\n".join(headings)),
    )
    fields = (
        article.title,
        article.description,
        pack_texts(article.aka),
        len(headings),
        pack_links((link.text, link.target, link.line) for link in article.links),
        pack_texts(reader_numbers(article.text)),
        pack_facts(check_facts(article)),
    )
    names = {(fold(article.title), "title"), (fold(article.slug.replace("-", " ")), "slug")}
    if "/" in article.slug:  # a nested page is found by its last part too, and as its parts joined
        names.add((fold(article.slug.rsplit("/", 1)[1].replace("-", " ")), "slug"))
        names.add((fold(article.slug.replace("/", " ").replace("-", " ")), "slug"))
    names.update((fold(alias), "aka") for alias in article.aka)
    if article.title_note:  # the source term a translated title keeps in brackets: 노드 (원문, Node)
        names.add((fold(article.title_note.rsplit(",", 1)[-1]), "aka"))
        names.add((fold(printed_title(article.title, article.title_note)), "title"))  # as typed from a header
    bare = title_without_abbreviation(article.title)  # Блок of Блок (CSS)
    if bare:
        names.add((fold(bare), "aka"))
    return fields, sorted((name, kind) for name, kind in names if name), text


# Analyzers of the build in progress, per process: their caches and their vocabulary belong to one
# build (a fresh index must get every word, whatever an earlier build in this process saw).
_BUILD: dict[str, object] = {"id": None, "analyzers": {}}


def _analyse_batch(
    build: str, batch: list[tuple[str, str, str, str, bool]]
) -> tuple[list[Analysed], dict[str, set[str]]]:
    """Parse a batch of files; return the results and the words met since the last batch."""
    if _BUILD["id"] != build:
        _BUILD["id"], _BUILD["analyzers"] = build, {}
    analyzers: dict[str, Analyzer] = _BUILD["analyzers"]  # type: ignore[assignment]
    results = []
    for path, slug, lang, langkey, hugo in batch:
        analyzer = analyzers.get(langkey)
        if analyzer is None:
            analyzer = analyzers[langkey] = Analyzer(langkey)
        results.append(analyse_file(path, slug, lang, analyzer, hugo=hugo))
    vocabulary = {}
    for langkey, analyzer in analyzers.items():
        if analyzer.words:
            vocabulary[langkey], analyzer.words = analyzer.words, set()
    return results, vocabulary


def _analysed(work: list[Work]) -> Iterator[tuple[list[tuple[Work, Analysed]], dict[str, set[str]]]]:
    """``([(work item, result), ...], words by language)`` in batches; in a pool of processes
    when there is much to do. Should the pool fail (a worker killed, an error, no answer for a
    long time), what it has not delivered is parsed in this process: never an error for it."""
    tasks = [
        (os.path.join(folder.path, name), folder.slug_of(name), folder.name, folder.key, folder.hugo_pages)
        for _, folder, name, _, _ in work
    ]
    batches = [(work[i : i + _BATCH], tasks[i : i + _BATCH]) for i in range(0, len(work), _BATCH)]
    done = 0
    pool = _pool(len(work))
    if pool is not None:
        try:
            from functools import partial

            results = pool.imap(partial(_analyse_batch, os.urandom(8).hex()), [batch for _, batch in batches])
            for items, _ in batches:
                try:
                    result, vocabulary = results.next(_POOL_PATIENCE)
                except Exception:
                    break
                done += 1
                yield list(zip(items, result, strict=False)), vocabulary
        finally:
            _stop(pool)
    if done < len(batches):
        build = os.urandom(8).hex()
        try:
            for items, batch in batches[done:]:
                result, vocabulary = _analyse_batch(build, batch)
                yield list(zip(items, result, strict=False)), vocabulary
        finally:
            _BUILD["id"], _BUILD["analyzers"] = None, {}


def _stop(pool: Any) -> None:
    """End the pool's processes, waiting a few seconds at most: after a worker failed, ``terminate``
    can wait forever on the pool's own threads (a task still being written to a worker that is gone),
    and the parse goes on in this process all the same. The workers are daemons: they end with it."""
    import threading

    stopper = threading.Thread(target=pool.terminate, daemon=True)
    stopper.start()
    stopper.join(_POOL_STOP)


_POOL_STOP = 10.0  # seconds


def _pool(work: int) -> Any:
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
        return context.Pool(min(cpus, 8), initializer=_leave_interrupts_to_the_parent)
    except OSError:
        return None


def _leave_interrupts_to_the_parent() -> None:
    """Ctrl-C reaches every process of the terminal's group: workers ignore it, the parent stops
    them and exits quietly (130), instead of each worker printing a traceback."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
