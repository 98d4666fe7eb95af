"""glossary.index: the persistent index kept fresh by stat, and its fault tolerance."""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import glossary.index.build as build_module
import glossary.index.scan as scan_module
from conftest import start_paused, wait_until_paused, write_article
from glossary.corpus import load_corpus
from glossary.errors import NotFound
from glossary.index import Index, index_path, open_index
from glossary.search.engine import search


def article(title: str, body: str, extra: str = "") -> str:
    return f"---\ntitle: {title}\n{extra}---\n\n# {title}\n\n{body}\n"


def slugs(index, query: str, **options) -> list[tuple[str, str]]:
    """``(slug, lang)`` of the hits, best first; none when nothing matches."""
    try:
        return [(hit.slug, hit.lang) for hit in search(index, query, **options)]
    except NotFound:
        return []


def bump(path: Path, text: str) -> None:
    """Rewrite a file in place and make sure its mtime moves (coarse clocks, fast tests)."""
    before = path.stat().st_mtime_ns
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(before + 1_000_000_000, before + 1_000_000_000))


@pytest.fixture
def small(glossary_dir: Path) -> Path:
    write_article(glossary_dir, "en", "apple", article("Apple", "A red fruit that grows on trees."))
    write_article(glossary_dir, "en", "pear", article("Pear", "A green fruit, sweeter than an apple."))
    write_article(glossary_dir, "de", "apple", article("Apfel", "Eine rote Frucht."))
    return glossary_dir


def test_builds_then_reuses_without_parsing(small: Path) -> None:
    corpus = load_corpus([small])
    first = open_index(corpus)
    assert first.parsed == 3  # three articles, and no bundled one under a glossary of one's own
    assert first.location is not None and first.location.exists()
    again = open_index(load_corpus([small]))
    assert again.parsed == 0
    assert again.notices == []
    info = again.info()
    assert (info["articles"], info["languages"]) == (3, 2)
    assert (
        info["built"] and info["stamp"] == again.stamp and again.location.name.startswith(f"index-{again.stamp[:16]}-")
    )


def test_edit_in_place_add_delete_rename_are_seen(small: Path) -> None:
    open_index(load_corpus([small]))
    bump(small / "en" / "pear.md", article("Pear", "A quince is not a pear."))
    index = open_index(load_corpus([small]))
    assert index.parsed == 1
    assert ("pear", "en") in slugs(index, "quince")
    assert ("pear", "en") not in slugs(index, "sweeter")

    write_article(small, "en", "plum", article("Plum", "A purple fruit."))
    index = open_index(load_corpus([small]))
    assert index.parsed == 1
    assert slugs(index, "purple") == [("plum", "en")]

    (small / "en" / "plum.md").unlink()
    index = open_index(load_corpus([small]))
    assert slugs(index, "purple") == []
    assert "plum" not in {entry.slug for entry in index.entries()}

    (small / "en" / "apple.md").rename(small / "en" / "malus.md")
    index = open_index(load_corpus([small]))
    assert ("malus", "en") in slugs(index, "trees")
    assert ("apple", "en") not in slugs(index, "trees")


def test_same_size_same_second_edit_is_seen(small: Path) -> None:
    """An edit that keeps the size still changes the mtime in nanoseconds."""
    path = small / "en" / "pear.md"
    open_index(load_corpus([small]))
    text = path.read_text(encoding="utf-8")
    bump(path, text.replace("green", "brown"))
    assert ("pear", "en") in slugs(open_index(load_corpus([small])), "brown")


def test_layering_a_later_root_hides_the_same_article(tmp_path: Path) -> None:
    low, high = tmp_path / "low", tmp_path / "high"
    write_article(low, "en", "apple", article("Apple", "Lowland orchards."))
    write_article(high, "en", "apple", article("Apple", "Highland orchards."))
    corpus = load_corpus([low, high])
    index = open_index(corpus)
    assert slugs(index, "highland") == [("apple", "en")]
    assert slugs(index, "lowland") == []
    (high / "en" / "apple.md").unlink()
    index = open_index(load_corpus([low, high]))
    assert slugs(index, "lowland") == [("apple", "en")]


def test_unreadable_files_are_skipped_and_said(glossary_dir: Path) -> None:
    write_article(glossary_dir, "en", "good", article("Good", "Fine text."))
    write_article(glossary_dir, "en", "latin1", "caf\xe9".encode("latin-1"))
    write_article(glossary_dir, "en", "empty", "")
    index = open_index(load_corpus([glossary_dir]))
    assert any("latin1.md" in note and "UTF-8" in note for note in index.notices)
    assert any("empty.md" in note for note in index.notices)
    assert slugs(index, "fine") == [("good", "en")]


# --- faults ---------------------------------------------------------------------------------------


def cache_file(corpus) -> Path:
    return index_path(corpus)


@pytest.mark.parametrize(
    "damage",
    [
        lambda path: path.write_bytes(b"this is not a database at all" * 100),
        lambda path: path.write_bytes(path.read_bytes()[: path.stat().st_size // 2]),
        lambda path: path.write_bytes(path.read_bytes()[:100]),
        lambda path: path.write_bytes(b""),
        lambda path: path.write_bytes(path.read_bytes()[:4096] + b"\x00" * (path.stat().st_size - 4096)),
        lambda path: path.write_bytes(path.read_bytes()[:8192] + os.urandom(path.stat().st_size - 8192)),
    ],
    ids=["garbage", "half", "header-only", "empty", "zeroed-pages", "random-pages"],
)
def test_a_damaged_cache_file_is_rebuilt(small: Path, damage) -> None:
    corpus = load_corpus([small])
    open_index(corpus)
    damage(cache_file(corpus))
    index = open_index(load_corpus([small]))
    assert slugs(index, "trees") == [("apple", "en")]
    assert sorted(slugs(index, "fruit")) == [("apple", "en"), ("pear", "en")]
    # said once, and the next run is quiet again
    assert sum("damaged" in note or "cannot use" in note for note in index.notices) <= 1
    assert open_index(load_corpus([small])).notices == []


def test_damage_found_only_while_querying_is_repaired(small: Path) -> None:
    corpus = load_corpus([small])
    index = open_index(corpus)
    # Corrupt the full-text table behind the open connection's back.
    with sqlite3.connect(cache_file(corpus)) as other:
        other.execute("PRAGMA writable_schema = ON")
        other.execute("UPDATE sqlite_schema SET rootpage = 99999 WHERE name = 'fulltext_data'")
    index.conn.close()
    index.conn = sqlite3.connect(cache_file(corpus), isolation_level=None)
    index.conn.row_factory = sqlite3.Row
    assert slugs(index, "trees") == [("apple", "en")]
    assert any("damaged" in note for note in index.notices)


def test_an_index_of_another_stamp_is_never_opened_and_is_removed(small: Path) -> None:
    corpus = load_corpus([small])
    older = open_index(corpus, stamp="1" * 32)  # built by other code, or under another configuration
    assert older.location is not None and older.location.exists()
    older.conn.close()
    index = open_index(load_corpus([small]))
    assert index.parsed == 3 and index.location != older.location
    assert not older.location.exists()
    assert slugs(index, "trees") == [("apple", "en")]


def test_cache_folder_that_cannot_be_created_means_memory(small: Path, tmp_path: Path, monkeypatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("GLOSSARY_CACHE_DIR", str(blocker / "cache"))
    index = open_index(load_corpus([small]))
    assert index.location is None
    assert any("cannot write the index cache" in note for note in index.notices)
    assert slugs(index, "trees") == [("apple", "en")]


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root may write anywhere")
def test_read_only_cache_folder(small: Path, clean_environment: Path) -> None:
    clean_environment.chmod(0o500)
    try:
        index = open_index(load_corpus([small]))
        assert index.location is None
        assert slugs(index, "trees") == [("apple", "en")]
    finally:
        clean_environment.chmod(0o700)


def test_read_only_fresh_index_file_is_used_as_it_is(small: Path, tmp_path: Path) -> None:
    corpus = load_corpus([small])
    open_index(corpus)
    conn = sqlite3.connect(f"file:{cache_file(corpus)}?mode=ro", uri=True, isolation_level=None)
    conn.row_factory = sqlite3.Row
    index = Index(conn, corpus, cache_file(corpus), [])
    assert index.refresh() == []
    assert slugs(index, "trees") == [("apple", "en")]


def test_a_stale_index_that_cannot_be_written_still_answers(small: Path) -> None:
    corpus = load_corpus([small])
    open_index(corpus)
    bump(small / "en" / "pear.md", article("Pear", "Quinces everywhere."))
    conn = sqlite3.connect(f"file:{cache_file(corpus)}?mode=ro", uri=True, isolation_level=None)
    conn.row_factory = sqlite3.Row
    index = Index(conn, corpus, cache_file(corpus), [])
    with pytest.raises(sqlite3.OperationalError):
        index.refresh()
    # what open_index does with such an error: the index lives in memory for this run
    fresh = open_index(corpus, in_memory=True)
    assert slugs(fresh, "quinces") == [("pear", "en")]


def test_rebuild_keeps_the_same_file(small: Path) -> None:
    corpus = load_corpus([small])
    open_index(corpus)
    inode = cache_file(corpus).stat().st_ino
    index = open_index(load_corpus([small]), rebuild=True)
    assert index.parsed == 3
    assert cache_file(corpus).stat().st_ino == inode


def test_many_deletions_lead_to_a_rebuild(small: Path, monkeypatch) -> None:
    monkeypatch.setattr(build_module, "_DEAD_LIMIT", 0)
    open_index(load_corpus([small], bundled=True))
    (small / "en" / "pear.md").unlink()
    index = open_index(load_corpus([small], bundled=True))  # one dead row, four live: kept
    assert dict(index.conn.execute("SELECT key, value FROM meta").fetchall())["dead"] == "1"
    (small / "en" / "apple.md").unlink()
    (small / "de" / "apple.md").unlink()
    index = open_index(load_corpus([small], bundled=True))  # three dead, two live (bundled): built again
    assert dict(index.conn.execute("SELECT key, value FROM meta").fetchall())["dead"] == "0"
    assert slugs(index, "fruit") == []
    assert slugs(index, "asiakas") == [("client-centric", "fi")]


def test_parsing_in_a_pool_gives_the_same_index(small: Path, monkeypatch, tmp_path: Path) -> None:
    for number in range(30):
        write_article(small, "fi", f"word-{number}", article(f"Sana {number}", f"Asiakkaan teksti numero {number}."))
    serial = open_index(load_corpus([small]))
    monkeypatch.setattr(build_module, "PARALLEL_MIN", 1)
    monkeypatch.setenv("GLOSSARY_CACHE_DIR", str(tmp_path / "other-cache"))
    pooled = open_index(load_corpus([small]))
    assert pooled.parsed == serial.parsed
    assert slugs(pooled, "asiakas", limit=None) == slugs(serial, "asiakas", limit=None)
    assert sorted(pooled.vocabulary("fi")) == sorted(serial.vocabulary("fi"))


_PARENT = os.getpid()


def _failing_in_workers(build: str, batch: list) -> tuple:
    if os.getpid() != _PARENT:
        raise RuntimeError("a worker fails")
    return _REAL_BATCH(build, batch)


_REAL_BATCH = build_module._analyse_batch


def test_a_failing_pool_leaves_the_work_to_this_process(small: Path, monkeypatch, tmp_path: Path) -> None:
    for number in range(30):
        write_article(small, "fi", f"word-{number}", article(f"Sana {number}", f"Asiakkaan teksti numero {number}."))
    serial = open_index(load_corpus([small]))
    monkeypatch.setattr(build_module, "PARALLEL_MIN", 1)
    monkeypatch.setattr(build_module, "_BATCH", 4)
    monkeypatch.setattr(build_module, "_analyse_batch", _failing_in_workers)
    monkeypatch.setenv("GLOSSARY_CACHE_DIR", str(tmp_path / "other-cache"))
    seen: list[tuple[int, int]] = []
    pooled = open_index(load_corpus([small]), progress=lambda done, total: seen.append((done, total)))
    assert pooled.notices == []
    assert pooled.parsed == serial.parsed
    assert seen[-1] == (serial.parsed, serial.parsed)
    assert slugs(pooled, "asiakas", limit=None) == slugs(serial, "asiakas", limit=None)
    assert sorted(pooled.vocabulary("fi")) == sorted(serial.vocabulary("fi"))


def _failing_in_children(folders) -> dict[str, str]:
    if os.getpid() != _PARENT:
        raise RuntimeError("a scanning child fails")
    return _REAL_FINGERPRINTS(folders)


_REAL_FINGERPRINTS = scan_module._fingerprints


@pytest.mark.parametrize("trouble", ["none", "no fork", "failing child"])
def test_scanning_in_several_processes_sees_what_one_sees(small: Path, monkeypatch, trouble: str) -> None:
    import threading

    for thread in threading.enumerate():  # a thread an earlier test left (git read ahead) would keep all here
        if thread is not threading.current_thread():
            thread.join(timeout=10)
    for lang in ("fi", "sv", "da", "nl"):
        write_article(small, lang, "apple", article("Omena", "Hedelmä."))
    monkeypatch.setattr(scan_module, "PARALLEL_SCAN_MIN", 0)
    if trouble == "no fork":
        monkeypatch.setattr(os, "fork", lambda: (_ for _ in ()).throw(OSError(11, "no more processes")))
    if trouble == "failing child":
        monkeypatch.setattr(scan_module, "_fingerprints", _failing_in_children)
    folders = load_corpus([small]).folders
    groups = scan_module._scan_groups(folders, {str(folder.path): 1 for folder in folders})
    assert len(groups) == 2 and sorted(f.path for group in groups for f in group) == sorted(f.path for f in folders)
    assert scan_module._fingerprints_forked(groups) == _REAL_FINGERPRINTS(folders)

    open_index(load_corpus([small]))
    bump(small / "sv" / "apple.md", article("Äpple", "En frukt."))
    (small / "da" / "apple.md").unlink()
    index = open_index(load_corpus([small]))
    assert index.parsed == 1
    assert slugs(index, "frukt") == [("apple", "sv")]
    assert slugs(index, "omena", lang="da") == []


def test_few_files_are_scanned_in_one_process(small: Path) -> None:
    folders = load_corpus([small]).folders
    assert len(scan_module._scan_groups(folders, {str(folder.path): 10 for folder in folders})) == 1


# --- one folder, however it is typed ----------------------------------------------------------------


def test_a_folder_typed_relative_or_absolute_shares_its_rows(
    cli, k8s: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The index keys folders by absolute path: ``-d g``, ``-d /abs/g`` and ``-d ./g/`` are one
    glossary, one index file and one row per language folder, and give the same answers."""
    work = tmp_path / "work"
    shutil.copytree(k8s, work / "g")
    monkeypatch.chdir(work)
    monkeypatch.delenv("GLOSSARY_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    typed = ["g", str(work / "g"), "./g/", "g"]

    def run(root: str, *args: str):
        result = cli("-d", root, *args)
        assert result.exit_code == 0, (root, args, result.stderr)
        assert result.stderr == "", (root, args)
        return result

    built = [json.loads(run(root, "index", "--info", "--json").stdout) for root in typed]
    assert [info["parsed"] for info in built] == [72, 0, 0, 0]  # the first run parses, the others reuse
    assert {(info["articles"], info["languages"], info["path"]) for info in built} == {(72, 6, built[0]["path"])}
    if sys.platform == "linux":
        assert Path(built[0]["path"]).parent == tmp_path / "xdg" / "glossary"
    with sqlite3.connect(built[0]["path"]) as conn:
        folders = sorted(row[0] for row in conn.execute("SELECT path FROM folders"))
    assert folders == [str(work / "g" / lang) for lang in ("de", "en", "fr", "ja", "ko", "zh-cn")]

    lists = [run(root, "list").stdout for root in typed]
    assert len(lists[0].splitlines()) == 12 and lists.count(lists[0]) == len(typed)
    assert len({run(root, "list", "--json").stdout for root in typed}) == 1
    langs = [json.loads(run(root, "langs", "--json").stdout) for root in typed]
    counts = [[(row["lang"], row["articles"]) for row in rows] for rows in langs]
    assert counts[0] == [(lang, 12) for lang in ("de", "en", "fr", "ja", "ko", "zh-cn")]
    assert counts.count(counts[0]) == len(typed)
    # Each run names the folders as they were typed.
    assert langs[0] == langs[3]
    assert langs[0][0]["sources"] == [{"origin": "--data-dir", "path": "g/de"}]
    assert langs[1][0]["sources"] == [{"origin": "--data-dir", "path": str(work / "g" / "de")}]

    # A change made while the glossary is typed one way is seen when it is typed the other.
    bump(work / "g" / "en" / "node.md", article("Node", "A quince orchard worker machine."))
    assert "node" in run(str(work / "g"), "search", "quince").stdout
    again = json.loads(run("g", "index", "--info", "--json").stdout)
    assert (again["parsed"], again["articles"]) == (0, 72)
    assert "node" in run("g", "search", "quince").stdout


# --- two processes, and a process killed while building ---------------------------------------------

BUILD = textwrap.dedent(
    """
    import sys
    from glossary.corpus import load_corpus
    from glossary.index import open_index
    from glossary.search.engine import search
    index = open_index(load_corpus([sys.argv[1]]))
    hits = search(index, "asiakas", limit=None)
    print(len(hits), len(index.entries()))
    """
)


def many(root: Path, count: int) -> None:
    for number in range(count):
        body = " ".join(["Asiakkaan palvelu on tärkeää."] * 20 + [f"Numero {number}."])
        write_article(root, "fi", f"concept-{number}", article(f"Käsite {number}", body))


def test_two_processes_building_at_once(glossary_dir: Path) -> None:
    many(glossary_dir, 400)
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    runs = [
        subprocess.Popen(
            [sys.executable, "-c", BUILD, str(glossary_dir)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
            text=True,
        )
        for _ in range(3)
    ]
    outputs = [run.communicate(timeout=300) for run in runs]
    for run, (out, err) in zip(runs, outputs, strict=True):
        assert run.returncode == 0, err
        assert "Traceback" not in err
        assert out.split() == ["400", "400"]  # every article matches; no bundled one is added
    index = open_index(load_corpus([glossary_dir]))
    assert index.parsed == 0
    assert len(index.entries()) == 400


@pytest.mark.parametrize(
    ("where", "when"),
    [("_analyse_batch", 1), ("_analyse_batch", 3), ("_update_visibility", 1), ("_fill_empty", 1)],
)
def test_killed_while_building_leaves_a_usable_cache(glossary_dir: Path, where: str, when: int) -> None:
    """Killed at a known point of a first build (300 articles in three batches): before the first
    batch, before the last, before the articles are made visible, before the build begins."""
    many(glossary_dir, 300)
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    process, paused = start_paused(
        f"glossary.index.build.{where}",
        ["-d", str(glossary_dir), "search", "asiakas"],
        when=when,
        setup="patched._BATCH = 100",
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    wait_until_paused(process, paused)
    process.send_signal(signal.SIGKILL)
    process.wait()
    index = open_index(load_corpus([glossary_dir]))
    assert len(index.entries()) == 300
    assert len(search(index, "asiakas", limit=None)) == 300


def test_a_name_is_found_as_written_not_as_another_spacing_of_its_letters(glossary_dir: Path) -> None:
    # Names are looked up by their letters joined (one index serves both lookups): "call back"
    # and "callback" share them, and each lookup must still give only the name that is equal.
    write_article(glossary_dir, "en", "callback", article("Callback", "A function passed to another."))
    write_article(glossary_dir, "en", "call-back", article("Call back", "To telephone someone again."))
    index = open_index(load_corpus([glossary_dir]))
    assert {(name.folded, name.slug) for name in index.names_equal_to(["callback"])} == {("callback", "callback")}
    assert {(name.folded, name.slug) for name in index.names_equal_to(["call back"])} == {("call back", "call-back")}


def test_every_column_of_the_full_text_is_searched_after_the_body_came_first(glossary_dir: Path) -> None:
    text = "---\ntitle: Ledger\ndescription: Bookkeeping record\naka: [Journal]\n---\n\n# Ledger\n\nPlain words.\n"
    write_article(glossary_dir, "en", "ledger", text + "\n## Totals column\n\nSums kept.\n")
    index = open_index(load_corpus([glossary_dir]))
    for word in ("ledger", "bookkeeping", "journal", "totals", "sums", "plain"):
        assert slugs(index, word) == [("ledger", "en")], word
    assert slugs(index, "ledger", titles_only=True) == [("ledger", "en")]
    assert slugs(index, "sums", titles_only=True) == []


_FILE_NAMES = st.lists(
    st.sampled_from(["a", "b", "_index", "_TEMPLATE", ".hidden", "README", "Ω", "c d"]).flatmap(
        lambda stem: st.sampled_from([f"{stem}.md", f"{stem}.mdx", f"{stem}.txt", stem])
    ),
    unique=True,
    max_size=8,
)


@settings(max_examples=60, deadline=None)
@given(names=_FILE_NAMES, folder=st.sampled_from([None, "sub", "_includes", ".git"]))
def test_a_folder_fingerprint_counts_what_its_walk_finds(tmp_path_factory, names, folder):
    """The one-loop fingerprint of a folder of files counts the files ``LangFolder.files`` gives,
    as ``_summed`` of that walk does; a folder holding a visible folder is left to the walk."""
    root = tmp_path_factory.mktemp("fingerprints")
    (root / "en").mkdir()
    (root / "en" / "seed.md").write_text("---\ntitle: Seed\n---\nSeed.\n", encoding="utf-8")
    (root / "fi").mkdir()
    for number, name in enumerate(names):
        (root / "fi" / name).write_text("x" * (number + 1), encoding="utf-8")
    if folder is not None:
        (root / "fi" / folder).mkdir()
        (root / "fi" / folder / "inner.md").write_text("inner", encoding="utf-8")
    finnish = next(lang for lang in load_corpus([root]).folders if lang.name == "fi")
    walked = scan_module._summed(finnish, finnish.files())
    quick = scan_module.flat_fingerprint(finnish.path, finnish.extensions, finnish.name, finnish.priority)
    planned = scan_module.planned_fingerprint(scan_module.plan_of(finnish))
    assert planned == quick  # what a child process makes of the folder without the corpus
    if folder in ("sub", "_includes"):
        assert quick is None
    else:
        assert quick is not None
        count, size = (int(part) for part in quick.split(":")[2:4])
        assert (count, size) == tuple(int(part) for part in walked.split(":")[2:4])
        assert scan_module.fingerprint(finnish) == quick
