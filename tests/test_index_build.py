"""Building the index: interrupted builds end quietly."""

from __future__ import annotations

import os
import signal
import subprocess
from pathlib import Path

import pytest

from conftest import start_paused, wait_until_paused


@pytest.fixture(scope="module")
def large_glossary(tmp_path_factory) -> Path:
    """Articles enough for several batches of parsing (the pool is asked for below its threshold)."""
    root = tmp_path_factory.mktemp("large")
    for lang in ("en", "fi"):
        (root / lang).mkdir()
        for i in range(600):
            text = f"---\ntitle: Term {i}\n---\n" + "word " * 200 + f"\n\n## Part\n\nmore {i}\n"
            (root / lang / f"t{i}.md").write_text(text, encoding="utf-8")
    return root


@pytest.mark.skipif(not hasattr(os, "killpg"), reason="process groups are POSIX")
@pytest.mark.parametrize("pool", [True, False])
def test_ctrl_c_during_a_build_exits_130_without_a_traceback(large_glossary: Path, tmp_path: Path, pool: bool):
    """Ctrl-C reaches the whole process group, parsing workers included: one exit, nothing printed.
    The build is paused while a batch of files is being parsed (in a worker of the pool, or in the
    process itself), then interrupted."""
    environ = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    environ.pop("GLOSSARY_CACHE_DIR", None)
    setup = f"patched.PARALLEL_MIN = {2 if pool else 10**9}"
    process, paused = start_paused(
        "glossary.index.build._analyse_batch",
        ["-d", str(large_glossary), "search", "word"],
        when=2,
        setup=setup,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=environ,
        start_new_session=True,
    )
    wait_until_paused(process, paused)
    os.killpg(process.pid, signal.SIGINT)
    try:
        _, errors = process.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        pytest.fail("the build hung after Ctrl-C")
    assert process.returncode == 130
    assert errors.decode() == ""


def test_a_renamed_language_folder_keeps_its_articles(tmp_path: Path, monkeypatch) -> None:
    """The folder removed and the one added may share a row id: the new one starts empty."""
    from conftest import write_article
    from glossary.corpus import load_corpus
    from glossary.index import open_index

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    root = tmp_path / "g"
    for lang in ("de", "en", "ja"):
        for slug in ("pod", "node"):
            write_article(root, lang, slug, f"---\ntitle: {slug} {lang}\n---\nText.\n")
    assert len(open_index(load_corpus([root], environ={})).entries()) == 6
    for folder in sorted(root.iterdir()):  # every folder renamed, the last one built included
        folder.rename(root / {"de": "fr", "en": "it", "ja": "ko"}[folder.name])
    index = open_index(load_corpus([root], environ={}))
    assert sorted((entry.key, entry.slug) for entry in index.entries()) == [
        ("fr", "node"),
        ("fr", "pod"),
        ("it", "node"),
        ("it", "pod"),
        ("ko", "node"),
        ("ko", "pod"),
    ]


def test_a_folder_reached_through_a_symlink_shares_the_index(tmp_path: Path, monkeypatch) -> None:
    from conftest import write_article
    from glossary.corpus import load_corpus
    from glossary.index import open_index

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    root = tmp_path / "g"
    for lang in ("de", "en", "ja"):
        write_article(root, lang, "pod", f"---\ntitle: Pod {lang}\n---\nText.\n")
    (tmp_path / "alt").symlink_to(root)
    assert len(open_index(load_corpus([root], environ={})).entries()) == 3
    assert len(open_index(load_corpus([tmp_path / "alt"], environ={})).entries()) == 3
    assert len(open_index(load_corpus([root], environ={})).entries()) == 3


def test_a_folder_whose_key_changed_is_filled_again(tmp_path: Path, monkeypatch) -> None:
    """The folder row removed and the one added share a row id (SQLite reuses the highest): the
    new row must not take the removed folder's articles, which go with it."""
    import sqlite3

    from conftest import write_article
    from glossary.corpus import load_corpus
    from glossary.index import open_index

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    root = tmp_path / "g"
    for lang in ("de", "en"):
        write_article(root, lang, "pod", f"---\ntitle: Pod {lang}\n---\nText.\n")
    index = open_index(load_corpus([root], environ={}))
    last = index.conn.execute("SELECT id, path FROM folders ORDER BY id DESC LIMIT 1").fetchone()
    location = index.location
    index.conn.close()
    with sqlite3.connect(location) as conn:  # as an index written under another spelling of the path
        conn.execute("UPDATE folders SET path = ? WHERE id = ?", (last[1] + "-elsewhere", last[0]))
    assert len(open_index(load_corpus([root], environ={})).entries()) == 2


def test_a_first_build_writes_its_full_text_once(tmp_path: Path, monkeypatch) -> None:
    """Many batches of articles make one full-text segment, not one each: a segment written per
    batch (as a trigger's savepoint forces) leaves a quarter of a large build's time to merging."""
    from conftest import write_article
    from glossary.corpus import load_corpus
    from glossary.index import open_index

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr("glossary.index.build._BATCH", 10)
    root = tmp_path / "g"
    for i in range(60):
        write_article(root, "en", f"term-{i}", f"---\ntitle: Term {i}\n---\nWord{i} and more words.\n")
    index = open_index(load_corpus([root], environ={}))
    assert index.parsed == 60
    assert index.conn.execute("SELECT count(DISTINCT segid) FROM fulltext_idx").fetchone()[0] == 1
    # What the build left off till its end is there: the names' indexes and the trigger of ``near``.
    made = {row[0] for row in index.conn.execute("SELECT name FROM sqlite_master WHERE type IN ('index', 'trigger')")}
    assert {"names_joined", "names_article", "vocabulary_near"} <= made


def test_misspelt_words_are_found_after_a_first_build_and_after_an_edit(tmp_path: Path, monkeypatch) -> None:
    """The words of a first build, and words an edit brings later, are all candidates for a typo."""
    from conftest import write_article
    from glossary.corpus import load_corpus
    from glossary.index import open_index

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    root = tmp_path / "g"
    write_article(root, "en", "cluster", "---\ntitle: Cluster\n---\nA set of worker machines.\n")
    write_article(root, "en", "node", "---\ntitle: Node\n---\nA machine.\n")
    index = open_index(load_corpus([root], environ={}))
    assert "machines" in index.near_words("machnes", "en")
    assert "kubernetes" not in index.near_words("kubernets", "en")
    path = root / "en" / "node.md"
    path.write_text("---\ntitle: Node\n---\nA machine that runs Kubernetes.\n", encoding="utf-8")
    os.utime(path, ns=(path.stat().st_mtime_ns + 10**9,) * 2)
    index = open_index(load_corpus([root], environ={}))
    assert index.parsed == 1
    assert "kubernetes" in index.near_words("kubernets", "en")
    assert "machines" in index.near_words("machnes", "en")
