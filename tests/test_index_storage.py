"""The index file: what is left on disk when it cannot be written."""

from __future__ import annotations

import os
import sqlite3
import subprocess
from pathlib import Path

import pytest

from conftest import K8S
from glossary.corpus import load_corpus
from glossary.index import open_index
from glossary.index.storage import is_full_disk


@pytest.fixture
def small_disk(tmp_path: Path):
    """A 200 KB file system (tmpfs), too small for the Kubernetes sample's index."""
    mount = tmp_path / "small"
    mount.mkdir()
    if os.geteuid() != 0:
        pytest.skip("mounting a small file system needs root")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=200k", "tmpfs", str(mount)], capture_output=True)
    if done.returncode != 0:
        pytest.skip("cannot mount a tmpfs here")
    try:
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], capture_output=True)


def test_a_full_disk_leaves_no_partial_index_behind(small_disk: Path) -> None:
    index = open_index(load_corpus([K8S], environ={}), environ={"GLOSSARY_CACHE_DIR": str(small_disk)})
    assert index.location is None  # built in memory, and it works
    assert index.entries()
    assert any("disk is full" in notice for notice in index.notices)
    assert [path.name for path in small_disk.rglob("*") if path.is_file()] == []


@pytest.mark.parametrize(
    ("error", "full"),
    [
        (sqlite3.OperationalError("database or disk is full"), True),
        (OSError(28, "No space left on device"), True),
        (OSError(122, "Disk quota exceeded"), True),
        (sqlite3.OperationalError("database is locked"), False),
        (OSError(13, "Permission denied"), False),
    ],
)
def test_what_counts_as_a_full_disk(error: BaseException, full: bool) -> None:
    assert is_full_disk(error) is full
