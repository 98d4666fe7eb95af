"""A kept report read back (``glossary.status.kept``): large ones are mapped, not copied; a damaged
or cut one is no report, however it is read."""

from __future__ import annotations

from pathlib import Path

import pytest

from glossary.status.kept import _output_file, keep_output, kept_output

SIZES = [1_000, 3_000_000]  # read, and mapped (from 1 MB)


@pytest.mark.parametrize("size", SIZES)
def test_a_kept_report_reads_back_as_it_was_written(tmp_path: Path, size: int) -> None:
    kept = tmp_path / "status-x.marshal"
    text = (b"line \xc3\xa9 " * (size // 8 + 1))[:size]
    keep_output(kept, "json", "print", (1, ["a warning"], text), {})
    found = kept_output(kept, "json", "print")
    assert found is not None
    code, warnings, view = found
    assert (code, warnings, bytes(view)) == (1, ["a warning"], text)
    assert kept_output(kept, "json", "other print") is None


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("damage", ["a byte", "cut"])
def test_a_damaged_kept_report_is_none(tmp_path: Path, size: int, damage: str) -> None:
    kept = tmp_path / "status-x.marshal"
    keep_output(kept, "json", "print", (0, [], b"x" * size), {})
    path = _output_file(kept, "json")
    data = bytearray(path.read_bytes())
    if damage == "a byte":
        data[-size // 2] ^= 0x20
    else:
        del data[-10:]
    path.write_bytes(bytes(data))
    assert kept_output(kept, "json", "print") is None


def test_a_report_kept_over_one_being_read_leaves_that_one_whole(tmp_path: Path) -> None:
    """A kept file is replaced by a rename, never written in place: what a run mapped stays as it was."""
    kept = tmp_path / "status-x.marshal"
    old = b"old " * 1_000_000
    keep_output(kept, "json", "print", (0, [], old), {})
    found = kept_output(kept, "json", "print")
    assert found is not None
    keep_output(kept, "json", "print", (0, [], b"new " * 10), {})
    assert bytes(found[2]) == old
    again = kept_output(kept, "json", "print")
    assert again is not None and bytes(again[2]) == b"new " * 10
