"""`glossary export` as a user runs it: TBX, TBX v3, CSV, JSON Lines, files and errors."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from conftest import K8S, one_error_line


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
    result = cli("export", "-f", "csv", "-o", str(tmp_path / "nope" / "x.csv"))
    assert result.exit_code == 2 and "does not exist" in one_error_line(result)
    assert list(tmp_path.iterdir()) == []


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
