"""The repository's promises about itself: the README's install command shows what the README
says it shows, and CI runs the README's test command."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
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


def test_the_readme_table_of_conventions_is_the_one_the_code_reads() -> None:
    from glossary.conventions import CONVENTIONS

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for rule in CONVENTIONS:
        row = f"| {rule.site} | {rule.name} | {_table_cell(rule.written)} | {_table_cell(rule.seen)} |"
        assert row in readme, f"README lacks the convention row: {row}"
