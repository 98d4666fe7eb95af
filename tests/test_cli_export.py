"""`glossary export` as a user runs it: TBX, TBX v3, CSV, JSON Lines, files and errors."""

from __future__ import annotations

import csv
import json
import os
import signal
import stat
import subprocess
import threading
from pathlib import Path

import pytest

from conftest import K8S, one_error_line, start_paused, wait_until_paused


def test_export_tbx_to_stdout_and_file(cli, tmp_path: Path) -> None:
    result = cli("export", "--format", "tbx")
    assert result.exit_code == 0 and result.stderr == ""
    assert result.stdout.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<martif type="TBX-Basic" xml:lang="fi">')
    assert '<termEntry id="client-centric">' in result.stdout and "<term>Klientsentrert</term>" in result.stdout
    target = tmp_path / "glossary.tbx"
    result = cli("export", "-f", "tbx", "-o", str(target))
    assert result.exit_code == 0 and result.stdout == "" and result.stderr == ""
    assert target.read_text(encoding="utf-8") == cli("export", "-f", "tbx").stdout


def test_export_tbx3(cli) -> None:
    out = cli("--data-dir", str(K8S), "export", "--format", "tbx3", "--lang", "en", "--lang", "ja").stdout
    assert '<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">' in out
    assert '<conceptEntry id="node">' in out and "<term>ノード</term>" in out and 'xml:lang="de"' not in out


def test_export_csv(cli, tmp_path: Path) -> None:
    target = tmp_path / "glossary.csv"
    assert cli("--data-dir", str(K8S), "export", "-f", "csv", "-l", "ja", "-l", "en", "-o", str(target)).exit_code == 0
    with target.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == ["slug", "ja", "en", "ja_definition", "en_definition"]
    assert [row["slug"] for row in rows] == sorted(row["slug"] for row in rows) and len(rows) == 12
    assert next(row for row in rows if row["slug"] == "pod")["ja"] == "Pod"


def test_export_jsonl_matches_show_json(cli) -> None:
    result = cli("export", "--format", "jsonl")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert len(lines) == 2
    for line, lang in zip(lines, ["fi", "no"], strict=True):
        assert json.loads(line) == json.loads(cli("show", "client-centric", "--lang", lang, "--json").stdout)


def test_export_errors(cli, tmp_path: Path) -> None:
    result = cli("export", "--format", "xlsx")
    assert result.exit_code == 2 and "tbx, tbx3, csv, jsonl" in one_error_line(result).replace("'", "")
    result = cli("export")
    assert result.exit_code == 2 and "--format" in one_error_line(result)
    result = cli("export", "-f", "csv", "--lang", "sv")
    assert result.exit_code == 2 and one_error_line(result)
    assert list(tmp_path.iterdir()) == []


def test_export_to_a_folder_that_does_not_exist_is_an_output_that_cannot_be_written(cli, tmp_path: Path) -> None:
    missing = tmp_path / "nope" / "x.csv"
    result = cli("export", "-f", "csv", "-o", str(missing))
    assert result.exit_code == 1
    assert one_error_line(result) == f"glossary: cannot write {missing}: the folder {missing.parent} does not exist\n"
    (tmp_path / "file").write_text("kept", encoding="utf-8")
    result = cli("export", "-f", "csv", "-o", str(tmp_path / "file" / "x.csv"))
    assert result.exit_code == 1 and "is not a folder" in one_error_line(result)
    assert os.listdir(tmp_path) == ["file"]


def test_export_keeps_utf8_on_an_ascii_terminal(cli) -> None:
    result = cli("export", "-f", "csv", env={"PYTHONIOENCODING": "ascii"})
    assert result.exit_code == 0
    assert "Klientsentrert" in result.stdout and "myös" in result.stdout


def test_export_puts_the_source_language_first(cli) -> None:
    header = cli("--data-dir", str(K8S), "export", "-f", "csv").stdout.splitlines()[0]
    assert header.startswith("slug,en,de,fr,ja,ko,zh-cn,en_definition,de_definition,")
    header = cli("--data-dir", str(K8S), "--source", "ja", "export", "-f", "csv").stdout.splitlines()[0]
    assert header.startswith("slug,ja,de,en,fr,ko,zh-cn,ja_definition,")
    header = cli("--data-dir", str(K8S), "export", "-f", "csv", "--lang", "ZH", "--lang", "en").stdout.splitlines()[0]
    assert header == "slug,zh-cn,en,zh-cn_definition,en_definition"
    tbx = cli("--data-dir", str(K8S), "export", "-f", "tbx").stdout
    assert '<martif type="TBX-Basic" xml:lang="en">' in tbx
    assert tbx.index('<langSet xml:lang="en">') < tbx.index('<langSet xml:lang="de">')


# --- what -o writes to ----------------------------------------------------------------------------------


def test_export_writes_a_device_in_place(cli, tmp_path: Path) -> None:
    device = tmp_path / "null"
    try:
        os.mknod(device, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    except (PermissionError, OSError) as exc:
        pytest.skip(f"cannot make a device here: {exc}")
    result = cli("export", "-f", "csv", "-o", str(device))
    assert result.exit_code == 0, result.stderr
    assert stat.S_ISCHR(device.lstat().st_mode) and device.stat().st_rdev == os.makedev(1, 3)
    assert os.listdir(tmp_path) == ["null"]


def test_export_writes_a_named_pipe_in_place(cli, tmp_path: Path) -> None:
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(pipe.read_bytes()))
    reader.start()
    try:
        result = cli("export", "-f", "csv", "-o", str(pipe))
    finally:
        if reader.is_alive():  # the export never opened the pipe: let the reader go
            with open(pipe, "wb"):
                pass
        reader.join(10)
    assert result.exit_code == 0, result.stderr
    assert stat.S_ISFIFO(pipe.lstat().st_mode) and os.listdir(tmp_path) == ["pipe"]
    assert cli("export", "-f", "csv", "-o", str(tmp_path / "file.csv")).exit_code == 0
    assert received == [(tmp_path / "file.csv").read_bytes()]


def test_export_refuses_a_read_only_file(cli, tmp_path: Path) -> None:
    target = tmp_path / "kept.csv"
    target.write_text("the old export", encoding="utf-8")
    target.chmod(0o444)
    result = cli("export", "-f", "csv", "-o", str(target))
    assert result.exit_code == 1 and "read-only" in one_error_line(result)
    assert target.read_text(encoding="utf-8") == "the old export" and os.listdir(tmp_path) == ["kept.csv"]


def test_export_writes_through_a_symlink(cli, tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    target = tmp_path / "real" / "glossary.csv"
    target.write_text("the old export", encoding="utf-8")
    link = tmp_path / "link.csv"
    link.symlink_to(target)
    result = cli("export", "-f", "csv", "-o", str(link))
    assert result.exit_code == 0, result.stderr
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert target.read_text(encoding="utf-8") == cli("export", "-f", "csv").stdout
    assert sorted(os.listdir(tmp_path)) == ["link.csv", "real"] and os.listdir(tmp_path / "real") == ["glossary.csv"]


@pytest.mark.parametrize("name", ["newdir/", "existing", "existing/"])
def test_export_to_a_folder_is_an_error(cli, tmp_path: Path, name: str) -> None:
    (tmp_path / "existing").mkdir()
    result = cli("export", "-f", "csv", "-o", str(tmp_path / "x")[:-1] + name)
    assert result.exit_code == 2 and "folder" in one_error_line(result)
    assert sorted(os.listdir(tmp_path)) == ["existing"] and os.listdir(tmp_path / "existing") == []


def big_glossary(root: Path, articles: int) -> Path:
    words = " ".join(f"word{n}" for n in range(150))
    for lang in ("en", "fi"):
        folder = root / lang
        folder.mkdir(parents=True)
        for n in range(articles):
            (folder / f"concept-{n}.md").write_text(
                f"# Concept {n}\n\n{words}\n\n## More\n\n{words}\n", encoding="utf-8"
            )
    return root


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_a_signal_during_export_leaves_no_temporary_file(tmp_path: Path, signum: int) -> None:
    """The export is paused once its first article is written to the temporary file, then signalled."""
    data = big_glossary(tmp_path / "data", 3)
    out = tmp_path / "out"
    out.mkdir()
    args = ["-d", str(data), "export", "-f", "jsonl", "-o", str(out / "x.jsonl")]
    where = "glossary.views.article.article_data"
    process, paused = start_paused(where, args, when=2, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    wait_until_paused(process, paused)
    assert [name.endswith(".tmp") for name in os.listdir(out)] == [True]  # being written
    process.send_signal(signum)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 128 + signum and stderr == b""
    assert os.listdir(out) == []
