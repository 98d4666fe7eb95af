"""The stat pass: what counts as a changed file."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from conftest import write_article
from glossary.corpus import load_corpus
from glossary.index import open_index
from glossary.search.engine import search


def test_an_edit_that_keeps_size_and_mtime_is_seen(tmp_path: Path, monkeypatch) -> None:
    """``sed -i`` then ``touch -r``: the same size and mtime, other bytes (ctime and inode differ)."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    root = tmp_path / "glossary"
    article = write_article(root, "en", "etcd", "---\ntitle: etcd\n---\nA highly available store.\n")
    reference = tmp_path / "ref"
    reference.write_text("x")
    os.utime(article, ns=(1_600_000_000_000_000_000, 1_600_000_000_000_000_000))
    assert [hit.slug for hit in search(open_index(load_corpus([root])), "highly")] == ["etcd"]

    edited = tmp_path / "edited.md"
    edited.write_text(article.read_text().replace("highly", "qzqzqz"))
    shutil.copystat(article, edited)
    os.replace(edited, article)  # as sed -i does: a new file under the old name
    assert article.stat().st_mtime_ns == 1_600_000_000_000_000_000

    index = open_index(load_corpus([root]))
    assert [hit.slug for hit in search(index, "qzqzqz")] == ["etcd"]
    assert index.parsed == 1


def test_an_edit_in_place_under_the_old_mtime_is_seen(tmp_path: Path, monkeypatch) -> None:
    """Bytes written into the same file (same inode), mtime put back: the ctime still moves."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    root = tmp_path / "glossary"
    article = write_article(root, "en", "etcd", "---\ntitle: etcd\n---\nA highly available store.\n")
    before = article.stat()
    open_index(load_corpus([root]))
    with open(article, "r+", encoding="utf-8") as handle:
        text = handle.read()
        handle.seek(0)
        handle.write(text.replace("highly", "qzqzqz"))
    os.utime(article, ns=(before.st_atime_ns, before.st_mtime_ns))
    index = open_index(load_corpus([root]))
    assert [hit.slug for hit in search(index, "qzqzqz")] == ["etcd"]
