"""glossary.index.memo: texts drawn from the whole glossary, kept until anything they depend on changes."""

from __future__ import annotations

import gc
import os
import sqlite3
from pathlib import Path

import pytest

from conftest import write_article
from glossary.corpus import COMMAND_LINE, Corpus, Root
from glossary.index import Index, open_index
from glossary.index.memo import KEPT, kept_text


def index_of(folder: Path, **options) -> Index:
    return open_index(Corpus([Root(folder, COMMAND_LINE)]), **options)


def as_text(value: str | bytes) -> str:
    """A kept text comes as bytes, a drawn one as str."""
    return value.decode("utf-8") if isinstance(value, bytes) else value


def test_a_text_is_kept_until_an_article_the_code_or_the_configuration_changes(glossary_dir: Path) -> None:
    write_article(glossary_dir, "en", "a", "# A\n\nText.\n")
    index = index_of(glossary_dir)
    calls: list[int] = []

    def draw() -> str:
        calls.append(1)
        return f"value {len(calls)}"

    def ask(index: Index) -> str:
        return as_text(kept_text(index, "test:x", draw))

    assert ask(index) == "value 1"
    assert kept_text(index, "test:x", draw) == b"value 1" and len(calls) == 1
    assert ask(index_of(glossary_dir)) == "value 1" and len(calls) == 1  # another process
    other_code = index_of(glossary_dir, location=index.location, stamp="0" * 32)
    assert ask(other_code) == "value 2"  # drawn by other code: never reused
    write_article(glossary_dir, "en", "b", "# B\n\nText.\n")
    assert ask(index_of(glossary_dir)) == "value 3"
    write_article(glossary_dir, "en", "a", "# A\n\nText, edited in place.\n")
    assert ask(index_of(glossary_dir)) == "value 4"
    (glossary_dir / "glossary.toml").write_text('source = "en"\n', encoding="utf-8")
    assert ask(index_of(glossary_dir)) == "value 5"


def test_only_the_latest_texts_of_a_family_are_kept(glossary_dir: Path) -> None:
    write_article(glossary_dir, "en", "a", "# A\n\nText.\n")
    index = index_of(glossary_dir)
    for number in range(KEPT + 3):
        kept_text(index, f"family:{number}", lambda number=number: f"text {number}")
    kept_text(index, "other:1", lambda: "other")
    names = [row[0] for row in index.conn.execute("SELECT name FROM memos ORDER BY rowid")]
    assert names == [f"family:{number}" for number in range(3, KEPT + 3)] + ["other:1"]


def test_an_index_in_memory_draws_every_time(glossary_dir: Path) -> None:
    write_article(glossary_dir, "en", "a", "# A\n\nText.\n")
    index = index_of(glossary_dir, in_memory=True)
    calls: list[int] = []
    for _ in range(2):
        assert kept_text(index, "test:x", lambda: str(calls.append(1) or len(calls))) == str(len(calls))
    assert len(calls) == 2


def test_a_key_that_is_not_utf8_is_drawn_not_stored(glossary_dir: Path) -> None:
    write_article(glossary_dir, "en", "a", "# A\n\nText.\n")
    index = index_of(glossary_dir)
    key = "check-output:" + os.fsdecode(b"/folder-\xff")
    assert kept_text(index, key, lambda: "drawn") == "drawn"
    assert kept_text(index, key, lambda: "again") == "again"


def test_a_locked_index_still_answers(glossary_dir: Path) -> None:
    write_article(glossary_dir, "en", "a", "# A\n\nText.\n")
    index = index_of(glossary_dir)
    assert index.location is not None
    other = sqlite3.connect(index.location, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another process writing: reading goes on
    try:
        assert kept_text(index, "test:x", lambda: "drawn") == "drawn"
    finally:
        other.execute("ROLLBACK")
        other.close()


def test_the_garbage_collector_is_paused_only_while_a_text_is_drawn(glossary_dir: Path) -> None:
    write_article(glossary_dir, "en", "a", "# A\n\nText.\n")
    index = index_of(glossary_dir)
    seen = []

    def draw() -> str:
        seen.append(gc.isenabled())
        raise RuntimeError("drawing fails")

    assert gc.isenabled()
    with pytest.raises(RuntimeError):
        kept_text(index, "compare:fi:no:plain", draw)
    assert seen == [False] and gc.isenabled()
