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
