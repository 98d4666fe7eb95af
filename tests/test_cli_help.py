"""The help: each command's example is on a line of its own, whole, however narrow the terminal."""

from __future__ import annotations

import pytest

from glossary.cli.examples import split_example

EXAMPLES = [
    "glossary show client-centric --lang no",
    "glossary list --lang fi",
    "glossary status no",
    "glossary compare fi no",
    "glossary translate asiakaskeskeinen --to no",
    "glossary export --format tbx -o glossary.tbx",
]


def lines_of(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines()]


@pytest.mark.parametrize("columns", ["40", "60", "80", "160"])
def test_the_help_gives_every_example_whole(cli, columns: str) -> None:
    result = cli("--help", env={"COLUMNS": columns})
    assert result.exit_code == 0
    lines = lines_of(result.stdout)
    assert "Examples:" in lines and all(example in lines for example in EXAMPLES), result.stdout
    assert "`" not in result.stdout  # no example left inside the list of commands


@pytest.mark.parametrize("columns", ["40", "60"])
def test_a_command_help_gives_its_example_whole(cli, columns: str) -> None:
    result = cli("translate", "--help", env={"COLUMNS": columns})
    assert result.exit_code == 0
    assert [line for line in lines_of(result.stdout) if line][-2:] == [
        "Example:",
        "glossary translate asiakaskeskeinen --to no",
    ]
    assert "What a word is called in another language." in " ".join(result.stdout.split())
    result = cli("compare", "--help", env={"COLUMNS": columns})
    assert [line for line in lines_of(result.stdout) if line][-4:] == [
        "Examples:",
        "glossary compare fi no",
        "glossary compare no",
        "glossary compare fi no client-centric",
    ]


@pytest.mark.parametrize(
    ("help", "split"),
    [
        ("Show one article: `glossary show x --lang no`.", ("Show one article.", ["glossary show x --lang no"])),
        (
            "Build the index (any command\n    does so): `glossary index\n    --info`.\n\nMore.",
            ("Build the index (any command does so).\n\nMore.", ["glossary index --info"]),
        ),
        (
            "Compare: `glossary compare fi no`.\n\nOr one (`glossary compare no`); or (`glossary\n compare a b`).",
            ("Compare.\n\nOr one; or.", ["glossary compare fi no", "glossary compare no", "glossary compare a b"]),
        ),
        ("Compare two languages side by side.", ("Compare two languages side by side.", [])),
        ("Uses `code` inside: not an example.", ("Uses `code` inside: not an example.", [])),
    ],
)
def test_split_example(help: str, split: tuple[str, list[str]]) -> None:
    assert split_example(help) == split
