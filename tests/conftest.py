"""Shared fixtures: every test runs in a clean environment, never the user's cache or locale; glossaries,
runs paused at a known point, git repositories and a spy on the processes a command starts."""

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


# --- git repositories: commit dates the test chooses, branches and merges, no user configuration ---

DAY = 86_400
EPOCH = 1_700_000_000  # 2023-11-14, a Tuesday


def isolate_git(monkeypatch: pytest.MonkeyPatch) -> None:
    """No user or system git configuration; a fixed identity, so commits work on a clean machine."""
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    for role in ("AUTHOR", "COMMITTER"):
        monkeypatch.setenv(f"GIT_{role}_NAME", "Translator")
        monkeypatch.setenv(f"GIT_{role}_EMAIL", "translator@example.org")
        monkeypatch.delenv(f"GIT_{role}_DATE", raising=False)


class Repo:
    """A work tree in ``root``; ``commit(day=N)`` dates the commit N days after ``EPOCH``."""

    def __init__(self, root: Path) -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)
        self.git("init", "-q", "-b", "main")

    def git(self, *args: str | bytes, day: float | None = None) -> str:
        env = dict(os.environ)
        if day is not None:
            env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = f"@{int(EPOCH + day * DAY)} +0000"
        done = subprocess.run(["git", *args], cwd=self.root, env=env, capture_output=True, check=False)
        assert done.returncode == 0, done.stderr.decode(errors="replace")
        return done.stdout.decode(errors="replace").strip()

    def write(self, relative: str | bytes, text: str = "text\n") -> Path:
        path = Path(os.fsdecode(os.path.join(os.fsencode(self.root), os.fsencode(relative))))
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as file:
            file.write(text)
        return path

    def commit(self, message: str, day: float, *paths: str | bytes) -> str:
        """Commit ``paths`` (everything when none) on day ``day``; returns the commit hash."""
        self.git("add", "--", *(paths or (".",)))
        self.git("commit", "-q", "-m", message, day=day)
        return self.git("rev-parse", "HEAD")

    def branch(self, name: str, start: str | None = None) -> None:
        """Make branch ``name`` (at ``start``, else HEAD) and check it out."""
        self.git("checkout", "-q", "-b", name, *([start] if start else []))

    def checkout(self, name: str) -> None:
        self.git("checkout", "-q", name)

    def merge(self, message: str, day: float, *branches: str, strategy: tuple[str, ...] = ()) -> str:
        """Merge ``branches`` into the current branch with a merge commit dated ``day``."""
        self.git("merge", "-q", "--no-ff", "--no-edit", *strategy, "-m", message, *branches, day=day)
        return self.git("rev-parse", "HEAD")

    def replace(self, relative: str, text: str) -> Path:
        """Write ``text`` as the whole content of ``relative``."""
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    def settle(self) -> None:
        """Date the files of the work tree written in the last minute an hour back, as files a run
        finds long after they were written (``status`` trusts a file's size and time only then)."""
        import time

        now = time.time_ns()
        for path in self.root.rglob("*"):
            if ".git" not in path.parts and path.is_file() and path.stat().st_mtime_ns > now - 60 * 10**9:
                os.utime(path, ns=(now - 3600 * 10**9, now - 3600 * 10**9))


# --- the processes a command starts ----------------------------------------------------------------


@pytest.fixture
def started_processes(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """The argument lists of every process started through ``subprocess.Popen`` during the test
    (the processes still run): ``assert not [args for args in started_processes if "git" in str(args)]``."""
    started: list[object] = []
    real_popen = subprocess.Popen

    def popen(args: object, *rest: object, **options: object) -> subprocess.Popen[bytes]:
        started.append(args)
        return real_popen(args, *rest, **options)  # type: ignore[call-overload, no-any-return]

    monkeypatch.setattr(subprocess, "Popen", popen)
    return started
