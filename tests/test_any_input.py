"""No term, option or article breaks a command: any bytes as a term, any COLUMNS, any length."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from conftest import K8S, no_wider_than, one_error_line

MOST_COLUMNS = 1000  # the widest output drawn, whatever COLUMNS says (documented in docs/output.md)


def glossary(*args: str | bytes, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[bytes]:
    """``python -m glossary ARGS`` in a process of its own (bytes that are not UTF-8 reach it as typed)."""
    return subprocess.run(
        [sys.executable, "-m", "glossary", *args],
        env={**os.environ, **(env or {})},
        capture_output=True,
        timeout=120,
        cwd="/",
    )


@pytest.mark.parametrize(
    "args",
    [
        ["links", b"\xff"],
        ["translate", b"x\xff", "--to", "fr"],
        ["show", b"x\xff"],
        ["search", b"\xff\xfe"],
        ["compare", "en", "fr", b"x\xff"],
    ],
)
def test_any_bytes_are_a_term(args: list[str | bytes]) -> None:
    result = glossary("--data-dir", str(K8S), *args)
    assert b"Traceback" not in result.stderr, result.stderr
    assert result.returncode == 1
    assert result.stderr.startswith(b"glossary: ") and result.stderr.count(b"\n") == 1


@pytest.mark.parametrize(
    "args",
    [
        ["show", "{}"],
        ["links", "{}"],
        ["translate", "{}", "--to", "fr"],
        ["search", "{}"],
        ["compare", "en", "fr", "{}"],
    ],
)
def test_a_term_too_long_to_be_a_name_is_refused_in_one_line(cli, args: list[str]) -> None:
    typed = "abcdefghij" * 10_000
    result = cli("--data-dir", str(K8S), *[typed if arg == "{}" else arg for arg in args])
    assert result.exit_code == 2
    assert "too long" in one_error_line(result) or "at most" in result.stderr


def test_a_term_of_the_longest_length_is_still_looked_up(cli) -> None:
    result = cli("--data-dir", str(K8S), "show", "pod " + "x" * 990)
    assert result.exit_code == 1
    assert "no article matches" in one_error_line(result)


@pytest.mark.parametrize("columns", ["99999999999999999999", "5000000", "-3", "12abc", "٣٠", " "])
def test_any_columns_value_draws(columns: str) -> None:
    result = glossary("--data-dir", str(K8S), "show", "pod", "--lang", "en", env={"COLUMNS": columns})
    assert result.returncode == 0, result.stderr
    assert b"Traceback" not in result.stderr
    no_wider_than(result.stdout.decode(), MOST_COLUMNS)


def test_a_huge_width_is_drawn_at_the_most_width(cli) -> None:
    result = cli("--data-dir", str(K8S), "compare", "en", "fr", env={"COLUMNS": "5000000"})
    assert result.exit_code == 0, result.stderr
    assert max(len(line) for line in result.stdout.splitlines()) <= MOST_COLUMNS


def test_any_lines_value_draws(cli) -> None:
    result = cli("--data-dir", str(K8S), "show", "pod", "--lang", "en", env={"LINES": "99999999999999999999"})
    assert result.exit_code == 0, result.stderr


# --- names of files ------------------------------------------------------------------------------------


@pytest.fixture
def invisible(glossary_dir):
    from conftest import write_article

    write_article(glossary_dir, "en", "pod", "---\ntitle: Pod\n---\nA pod.\n")
    write_article(glossary_dir, "en", "pod\u200b", "---\ntitle: Pod\n---\nA pod.\n")
    write_article(glossary_dir, "en", "ab\u202ecd", "---\ntitle: Evil\n---\nText.\n")
    return glossary_dir


def test_invisible_characters_in_slugs_are_shown_escaped(cli, invisible) -> None:
    listed = cli("--data-dir", str(invisible), "list").stdout
    assert "\u200b" not in listed and "\u202e" not in listed
    assert "pod\\u200b" in listed and "ab\\u202ecd" in listed
    shown = cli("--data-dir", str(invisible), "show", "ab\u202ecd")
    assert shown.exit_code == 0 and "\u202e" not in shown.stdout and "ab\\u202ecd" in shown.stdout


def test_check_reports_invisible_characters_in_slugs(cli, invisible) -> None:
    import json

    result = cli("--data-dir", str(invisible), "check", "--json")
    found = [p for p in json.loads(result.stdout)["problems"] if p["kind"] == "invisible-character"]
    assert sorted(p["slug"] for p in found) == ["ab\u202ecd", "pod\u200b"]
    assert "U+200B" in next(p["message"] for p in found if p["slug"] == "pod\u200b")
    text = cli("--data-dir", str(invisible), "check").stdout
    assert "\u200b" not in text and "\u202e" not in text


def test_a_backslash_in_a_file_name_is_given_as_the_reason(cli, glossary_dir) -> None:
    from conftest import write_article

    write_article(glossary_dir, "en", "good", "---\ntitle: Good\n---\nText.\n")
    (glossary_dir / "en" / "back\\slash.md").write_text("---\ntitle: Back\n---\nText.\n", encoding="utf-8")
    result = cli("--data-dir", str(glossary_dir), "check", "--json")
    import json

    (skipped,) = [p for p in json.loads(result.stdout)["problems"] if p["kind"] == "unreadable"]
    assert "backslash" in skipped["message"]


def test_export_to_an_empty_file_name_is_a_usage_error(cli) -> None:
    result = cli("--data-dir", str(K8S), "export", "-f", "csv", "-o", "")
    assert result.exit_code == 2
    line = one_error_line(result)
    assert "empty" in line and "is a folder" not in line


def test_paths_that_are_not_utf8_are_escaped_alike_in_json_and_exports(tmp_path) -> None:
    import json

    root = tmp_path / "g"
    folder = os.fsencode(root) + b"/dir\xff/en"
    os.makedirs(folder)
    with open(folder + b"/pod.md", "wb") as handle:
        handle.write(b"---\ntitle: Pod\n---\nText.\n")
    data_dir = os.fsencode(root) + b"/dir\xff"
    shown = glossary("--data-dir", data_dir, "show", "pod", "--json")
    assert shown.returncode == 0, shown.stderr
    path = json.loads(shown.stdout)["path"]
    assert path.endswith("/dir\\xff/en/pod.md"), path
    exported = glossary("--data-dir", data_dir, "export", "-f", "jsonl")
    assert exported.returncode == 0, exported.stderr
    assert json.loads(exported.stdout.splitlines()[0])["path"] == path


def test_yaml_aliases_cannot_multiply_an_article(cli, glossary_dir) -> None:
    from conftest import write_article

    long_value = "x" * 10_000
    front = f"title: Bomb\nbig: &big {long_value}\nmany: [{', '.join(['*big'] * 2_000)}]\n"
    write_article(glossary_dir, "en", "bomb", f"---\n{front}---\nText.\n")
    result = cli("--data-dir", str(glossary_dir), "show", "bomb", "--json")
    assert result.exit_code == 0
    assert len(result.stdout) < 100_000
    assert "too much text" in result.stderr
    exported = cli("--data-dir", str(glossary_dir), "export", "-f", "jsonl")
    assert exported.exit_code == 0 and len(exported.stdout) < 100_000
