"""The repository's promises about itself: the README's install command shows what the README
says it shows, its examples run, CI runs the README's test command, and the reference in docs/
is linked from the README and says what the code does."""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
DOCS = sorted((ROOT / "docs").glob("*.md"))
INSTALL_STEPS = ["python3 -m venv .venv", ".venv/bin/pip install .", ".venv/bin/glossary show client-centric --lang no"]


def sh_lines() -> list[str]:
    """Every line of the README's ```sh blocks: the commands a reader copies."""
    blocks = re.findall(r"```sh\n(.*?)```", README, re.DOTALL)
    return [line for block in blocks for line in block.splitlines()]


def console_output(command: str) -> list[str]:
    """The output the README shows under ``$ <command>`` in its ```console blocks."""
    for block in re.findall(r"```console\n(.*?)```", README, re.DOTALL):
        lines = block.splitlines()
        if f"$ {command}" in lines:
            start = lines.index(f"$ {command}") + 1
            end = next((i for i in range(start, len(lines)) if lines[i].startswith("$ ")), len(lines))
            return lines[start:end]
    raise AssertionError(f"the README shows no output of `{command}`")


def glossary_command() -> list[str]:
    """The installed console script of this environment, else ``python -m glossary``."""
    script = Path(sys.executable).with_name("glossary")
    return [str(script)] if script.exists() else [sys.executable, "-m", "glossary"]


def test_ci_runs_exactly_the_readme_test_command() -> None:
    test_commands = [line for line in sh_lines() if "pytest" in line]
    assert len(test_commands) == 1, test_commands
    ci_lines = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert test_commands[0] in ci_lines


def test_readme_install_command_shows_the_norwegian_article(tmp_path: Path) -> None:
    install = [line for line in sh_lines() if "pip install ." in line]
    assert len(install) == 1, install
    steps = [step.strip() for step in install[0].split("&&")]
    # It makes a virtual environment, installs this clone into it, and runs the installed command.
    assert steps == INSTALL_STEPS
    show = shlex.split(steps[-1])
    assert show[0] == ".venv/bin/glossary"

    env = {key: value for key, value in os.environ.items() if not key.startswith("GLOSSARY_")}
    env.update(XDG_CACHE_HOME=str(tmp_path / "cache"), COLUMNS="100", NO_COLOR="1")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = subprocess.run(
        glossary_command() + show[1:], cwd=elsewhere, env=env, capture_output=True, text=True, encoding="utf-8"
    )

    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Klientsentrert  client-centric · no")
    assert "4. Høydepunkter" in lines
    # What the README's demo shows is what a reader gets (lines left out are marked "…").
    shown = [line for line in console_output(steps[-1].removeprefix(".venv/bin/")) if line != "…"]
    assert shown[0] == lines[0]
    assert [line for line in shown if line not in lines] == []


def _table_cell(text: str) -> str:
    """A README table cell showing ``text`` as code (line breaks as ⏎), or "(hidden)"."""
    if not text.strip():
        return "(hidden)"
    text = text.replace("\n", "⏎").replace("|", "\\|")
    run = max((len(ticks) for ticks in re.findall(r"`+", text)), default=0)
    fence, pad = "`" * (run + 1), " " if run else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def test_the_table_of_conventions_is_the_one_the_code_reads() -> None:
    from glossary.conventions import CONVENTIONS

    table = (ROOT / "docs" / "conventions.md").read_text(encoding="utf-8")
    rows = [line for line in table.splitlines() if line.startswith("| ") and not line.startswith("| site ")]
    assert len(rows) == len(CONVENTIONS), "every row is a rule of the code, every rule a row"
    for rule in CONVENTIONS:
        row = f"| {rule.site} | {rule.name} | {_table_cell(rule.written)} | {_table_cell(rule.seen)} |"
        assert row in table, f"docs/conventions.md lacks the convention row: {row}"


def test_the_readme_is_a_front_door_of_at_most_250_lines() -> None:
    assert len(README.splitlines()) <= 250


def _anchor(heading: str) -> str:
    """The anchor GitHub makes of a heading: lower case, punctuation dropped, spaces as dashes."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


def _without_blocks(text: str) -> str:
    return re.sub(r"^```.*?^```", "", text, flags=re.DOTALL | re.MULTILINE)


def _prose(text: str) -> str:
    """Markdown without its code blocks and code spans, where links are examples, not links."""
    return re.sub(r"(`+).*?\1", "", _without_blocks(text))


def _anchors(text: str) -> set[str]:
    return {_anchor(line.lstrip("#")) for line in _without_blocks(text).splitlines() if re.match(r"#+ ", line)}


def test_every_doc_is_linked_from_the_readme_and_every_link_leads_somewhere() -> None:
    assert DOCS, "docs/ holds the reference"
    linked = set(re.findall(r"\]\((docs/[^)#]+)", README))
    assert {f"docs/{path.name}" for path in DOCS} <= linked
    for page in [ROOT / "README.md", *DOCS]:
        text = _prose(page.read_text(encoding="utf-8"))
        for target in re.findall(r"\]\(([^)\s]+)\)", text):
            if target.startswith(("http://", "https://")):
                continue
            path, _, anchor = target.partition("#")
            place = (page.parent / path).resolve() if path else page
            assert place.exists(), f"{page.name} links to {target}, which is not there"
            if anchor and place.suffix == ".md":
                assert anchor in _anchors(place.read_text(encoding="utf-8")), f"{page.name}: no #{anchor} in {path}"


def readme_examples() -> list[list[str]]:
    """The ``glossary ...`` lines of the README's ```sh blocks, as arguments, comments left out."""
    return [shlex.split(line, comments=True)[1:] for line in sh_lines() if line.startswith("glossary ")]


def test_the_readme_shows_every_command() -> None:
    import typer

    from glossary.cli import app

    commands = set(typer.main.get_command(app).commands)  # type: ignore[attr-defined]
    shown = {args[0] for args in readme_examples()}
    assert shown == commands


@pytest.mark.parametrize("args", readme_examples(), ids=lambda args: " ".join(args))
def test_each_readme_example_runs_on_the_bundled_glossary(cli, args: list[str], tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)  # export writes its file here
    result = cli(*args)
    assert all(line.startswith("glossary: ") for line in result.stderr.splitlines()), result.stderr
    if args[0] == "status":  # status reads the git history of a glossary of one's own, not the bundled one
        assert result.exit_code == 1 and "status reads the git history of your own glossary" in result.stderr
        return
    expected = {"check": 1}.get(args[0], 0)  # the bundled articles link to concepts they do not have
    assert result.exit_code == expected, (args, result.stderr)
    assert result.stdout or list(tmp_path.iterdir()), args


@pytest.mark.parametrize(
    "command", ["glossary translate asiakaskeskeinen --to no", "glossary show client-centric --lang sv"]
)
def test_the_readme_shows_what_a_command_prints(cli, command: str) -> None:
    result = cli(*shlex.split(command)[1:])
    assert console_output(command) == (result.stdout + result.stderr).splitlines()


def test_the_readme_names_every_exit_code() -> None:
    from glossary.errors import ExitStatus

    table = re.findall(r"^\| (\d+) \|", README, re.MULTILINE)
    assert sorted(int(code) for code in table) == sorted({int(status) for status in ExitStatus})


def test_the_documented_json_of_show_has_the_fields_show_prints(cli) -> None:
    text = (ROOT / "docs" / "json.md").read_text(encoding="utf-8")
    documented = json.loads(re.search(r"```json\n(\{.*?\})\n```", text, re.DOTALL).group(1))
    shown = json.loads(cli("show", "client-centric", "--lang", "no", "--json").stdout)
    assert list(documented) == list(shown)
