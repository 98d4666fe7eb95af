"""Git repositories made in tests: commit dates the test chooses, branches and merges, no user configuration."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

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
