"""What every benchmark here shares: the baselines, and timing commands interleaved with them.

Two baselines recur. The floor is what any Typer program that renders Markdown pays before doing
anything. The limit is a Python process that imports Typer and Rich and stats every article once:
the least a strictly fresh index costs when one process looks at every file.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Collection
from pathlib import Path

FLOOR = [sys.executable, "-c", "import typer, rich.markdown"]
GLOSSARY = [sys.executable, "-m", "glossary"]
STAT_EVERY_ARTICLE = """
import os, sys
import typer, rich, rich.console
for folder in os.scandir(sys.argv[1]):
    if folder.is_dir() and not folder.name.startswith("."):
        for entry in os.scandir(folder.path):
            if entry.name.endswith(".md"):
                entry.stat()
"""


def limit(corpus: Path | str) -> list[str]:
    """The command that stats every article of ``corpus`` once, after importing Typer and Rich."""
    return [sys.executable, "-c", STAT_EVERY_ARTICLE, str(corpus)]


def timed(
    command: list[str], env: dict[str, str], *, ok: Collection[int] = (0,), before: Callable[[], None] | None = None
) -> float:
    """Wall time of one run of ``command``; a run that fails (exit code not in ``ok``) stops the benchmark."""
    if before is not None:
        before()
    start = time.perf_counter()
    done = subprocess.run(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode not in ok:
        raise SystemExit(f"failed ({done.returncode}): {' '.join(command)}")
    return elapsed


def interleaved(
    baseline: list[str],
    command: list[str],
    env: dict[str, str],
    runs: int,
    *,
    ok: Collection[int] = (0,),
    before: Callable[[], None] | None = None,
) -> tuple[float, float]:
    """Median times of ``baseline`` and ``command``, run in turn so machine load weighs on both alike."""
    base, measured = [], []
    for _ in range(runs):
        base.append(timed(baseline, env))
        measured.append(timed(command, env, ok=ok, before=before))
    return statistics.median(base), statistics.median(measured)


def print_table(rows: list[tuple[str, str, float, float, str]]) -> None:
    """Rows of ``(command, baseline name, baseline s, command s, target)`` as a Markdown table."""
    import os

    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, medians of interleaved runs\n")
    print("| command | baseline | baseline ms | command ms | ratio | target |")
    print("|---|---|---:|---:|---:|---|")
    for label, baseline, base, command, target in rows:
        print(f"| {label} | {baseline} | {base * 1000:.0f} | {command * 1000:.0f} | {command / base:.2f} | {target} |")


def compile_package() -> None:
    """Give the package compiled bytecode, as an installed wheel has (even if writing bytecode is off)."""
    import compileall

    import glossary

    compileall.compile_dir(str(Path(glossary.__file__).parent), quiet=1)
