"""Shared fixtures: every test runs in a clean environment, never the user's cache or locale."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from glossary.cli import app

DATA = Path(__file__).parent / "data"
K8S = DATA / "k8s-glossary"
K8S_LANGS = ["de", "en", "fr", "ja", "ko", "zh-cn"]
ENV_VARS = (
    "GLOSSARY_PATH",
    "GLOSSARY_LANG",
    "GLOSSARY_CACHE_DIR",
    "NO_COLOR",
    "LC_ALL",
    "LC_MESSAGES",
    "LANG",
    "PAGER",
)


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """No glossary settings from the user; a private cache folder; a C locale; 100 columns."""
    for name in ENV_VARS:
        monkeypatch.delenv(name, raising=False)
    cache = tmp_path_factory.mktemp("cache")
    monkeypatch.setenv("GLOSSARY_CACHE_DIR", str(cache))
    monkeypatch.setenv("LANG", "C.UTF-8")
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setenv("TERM", "dumb")
    return cache


@dataclass
class Result:
    exit_code: int
    stdout: str
    stderr: str


def run_cli(*args: str, env: dict[str, str] | None = None) -> Result:
    """Run ``glossary ARGS`` in-process through Typer's test runner; stdout and stderr apart."""
    result = CliRunner().invoke(app, list(args), env=env, catch_exceptions=False)
    return Result(result.exit_code, result.stdout, result.stderr)


@pytest.fixture
def cli():
    return run_cli


@pytest.fixture(scope="session")
def k8s(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Kubernetes glossary subset (6 languages, CJK, HTML comments, Hugo shortcodes), copied outside
    the project's git work tree so that output does not depend on the project's history."""
    target = tmp_path_factory.mktemp("data") / "k8s-glossary"
    shutil.copytree(K8S, target)
    return target


def write_article(root: Path, lang: str, slug: str, text: str | bytes) -> Path:
    """Write ``root/lang/slug.md`` and return its path."""
    path = root / lang / f"{slug}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def glossary_dir(tmp_path: Path) -> Path:
    """An empty folder to build a user's glossary in (pass it with --data-dir)."""
    root = tmp_path / "glossary"
    root.mkdir()
    return root


@pytest.fixture
def k8s_copy(tmp_path: Path) -> Path:
    """A writable copy of the Kubernetes subset, for tests that change files."""
    target = tmp_path / "k8s"
    shutil.copytree(K8S, target)
    return target


def one_error_line(result) -> str:
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("glossary: "), result.stderr
    return result.stderr


def no_wider_than(text: str, width: int) -> None:
    from rich.cells import cell_len

    assert all(cell_len(line) <= width for line in text.splitlines()), text


def clean_client_centric(root: Path) -> None:
    """Override the bundled article (which has links to concepts without articles) with clean ones."""
    write_article(root, "fi", "client-centric", "---\ntitle: Asiakaskeskeinen\ndescription: d\n---\n## A\n\nTeksti.\n")
    write_article(root, "no", "client-centric", "---\ntitle: Klientsentrert\ndescription: d\n---\n## A\n\nTekst.\n")


@pytest.fixture
def broken(glossary_dir: Path) -> Path:
    """A glossary with a broken link and a language missing for one concept."""
    clean_client_centric(glossary_dir)
    write_article(glossary_dir, "fi", "alpha", "---\ntitle: Alfa\ndescription: d\n---\n## A\n\nKatso [beeta](/beta).\n")
    write_article(glossary_dir, "no", "alpha", "---\ntitle: Alfa\ndescription: d\n---\n## A\n\nSe [beta](/beta).\n")
    write_article(glossary_dir, "fi", "beta", "---\ntitle: Beeta\ndescription: d\n---\n## A\n\nKatso [alfa](/alpha).\n")
    return glossary_dir


# --- a run of glossary paused at a known point ----------------------------------------------------

PAUSED_RUN = """
import os, signal, sys, time
import {module} as patched

# Ctrl-C as in a shell, even when the test runner's process ignores it (the child would inherit that)
signal.signal(signal.SIGINT, signal.default_int_handler)
ready, when = int(sys.argv[1]), int(sys.argv[2])
original = patched.{function}
calls = []


def paused(*args, **options):
    calls.append(1)
    if len(calls) == when:
        os.write(ready, b"paused\\n")  # the test now knows where the run is
        time.sleep(120)  # until the test's signal ends the run (or the test gives up)
    return original(*args, **options)


patched.{function} = paused
{setup}
from glossary.cli import main

sys.argv = ["glossary", *sys.argv[3:]]
sys.exit(main())
"""


def start_paused(
    where: str, args: list[str], *, when: int = 1, setup: str = "", **options
) -> tuple[subprocess.Popen, int]:
    """Start ``glossary ARGS`` in a process that pauses at the ``when``-th call of ``where``
    (``module.function``) and says so on a pipe; returns the process and the pipe's reading end,
    on which ``wait_until_paused`` waits: no guessing how long a run takes before it is signalled."""
    module, function = where.rsplit(".", 1)
    reading, writing = os.pipe()
    script = PAUSED_RUN.format(module=module, function=function, setup=setup)
    try:
        process = subprocess.Popen(
            [sys.executable, "-c", script, str(writing), str(when), *args], pass_fds=(writing,), **options
        )
    finally:
        os.close(writing)
    return process, reading


def wait_until_paused(process: subprocess.Popen, reading: int) -> None:
    """Block until the run says it paused (an empty read: it ended first, which fails the test)."""
    try:
        said = os.read(reading, 64)
    finally:
        os.close(reading)
    # Each worker of a pool that reaches the pause says so: one line or more.
    assert said.startswith(b"paused\n"), f"the run ended (exit {process.wait()}) before it reached the pause"
