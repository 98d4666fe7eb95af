"""What every benchmark here shares: the commands timed, the baselines, interleaved rounds, medians
and their spread, and the header that says when and where a figure was measured.

A figure is always the installed ``glossary`` command run as a subprocess with its output going to
a pipe (as in ``glossary show x | less``), timed from outside, against a baseline timed the same
way in the same rounds. Timings taken inside the package may be printed beside a figure as a
breakdown, never as the figure.

The commands
    ``GLOSSARY``                 the installed console script (``glossary`` beside this Python, else
                                 on ``PATH``); ``glossary_command()`` finds it.
    ``FLOOR``                    ``python -c "import typer, rich.markdown"``: what any Typer program
                                 that renders Markdown pays before doing anything.
    ``limit(corpus)``            a Python process that imports Typer and Rich and stats every article
                                 of ``corpus`` once: the least a strictly fresh index costs in one
                                 process (an article edited in place changes only its size and mtime).
    ``naive_parse(corpus)``      a Python process that reads every article with ``frontmatter.loads``.

Timing
    ``Run(command, ok=(0,), before=None)``
        one thing to time: an argument list, the exit codes that count as success, and a function
        called before each run, outside the timing (to touch a file, empty a cache).
    ``interleave(runs, rounds, env) -> dict[str, Sample]``
        ``runs`` maps names to ``Run`` (or plain argument lists); every round runs each of them once,
        in the given order, so that the load of a shared machine weighs on all of them alike. A run
        that fails stops the benchmark with a message (a figure of a failing command is no figure).
    ``time_once(command, env, ok=(0,), before=None) -> float``
        seconds of one run, stdout to a pipe that is read, stderr discarded.
    ``peak_memory_mb(command, env) -> float``
        the largest resident set of the command or any process it started, in MB.

Results
    ``Sample(times)``: ``.median``, ``.low`` and ``.high`` (the 25th and 75th percentiles), ``.min``,
    ``.max``, ``.rounds``, ``.ms()`` (the median, ``"123 ms"``) and ``.spread_ms()`` (``"118-131"``).
    ``Ratio(command, baseline)``: two samples taken in the same rounds. ``.per_round`` holds each
    round's command time over the same round's baseline time; ``.value`` is their median and
    ``.low`` and ``.high`` their 25th and 75th percentiles, the honest spread on a noisy machine
    (a round where the machine was busy slows both sides of it alike). ``str(ratio)`` gives
    ``"0.96 (0.93-0.99)"``.

Reporting
    ``header(title, rounds=None) -> str``: a Markdown heading with the date and time (UTC), the
    machine (CPU model, CPUs, memory, OS), Python, the ``glossary`` version and commit, and the load
    average when the run began.
    ``Table(columns)``: ``.add(*cells)`` then ``str(table)``: a Markdown table.
    ``figure_row(label, command, baseline_name, ratio, target)``: the cells of a figure as the
    benchmarks' document shows them (command, baseline, times with their spread, ratio, target).

Data
    ``cached_corpus(articles) -> Path``: the corpus ``make_corpus.py`` writes for ``articles``,
    generated once into ``GLOSSARY_BENCH_DIR`` (default: ``glossary-bench`` in the temporary folder)
    and reused while ``make_corpus.py`` is unchanged.
    ``clean_env(cache=None) -> dict``: the environment for a run: no ``GLOSSARY_*`` variables from
    the caller, ``COLUMNS=100``, bytecode written (as an installed package has it), the index cache
    in ``cache`` when given.
"""

from __future__ import annotations

import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
import zlib
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent


def glossary_command() -> list[str]:
    """The installed ``glossary`` console script: the one beside this Python, else the one on ``PATH``."""
    beside = Path(sys.executable).with_name("glossary")
    if beside.exists():
        return [str(beside)]
    found = shutil.which("glossary")
    if found is None:
        raise SystemExit("no installed glossary command: pip install the package first")
    return [found]


GLOSSARY = glossary_command()
FLOOR = [sys.executable, "-c", "import typer, rich.markdown"]
STAT_EVERY_ARTICLE = """
import os, sys
import typer, rich, rich.console
for folder in os.scandir(sys.argv[1]):
    if folder.is_dir() and not folder.name.startswith("."):
        for entry in os.scandir(folder.path):
            if entry.name.endswith(".md"):
                entry.stat()
"""
# The same stats shared between this process and a forked one, half the folders each, and nothing
# else: the least a strictly fresh search can cost on two CPUs.
STAT_SHARED = """
import os, sys
import typer, rich, rich.console
folders = sorted(entry.path for entry in os.scandir(sys.argv[1]) if entry.is_dir() and not entry.name.startswith("."))
def stat_all(group):
    for folder in group:
        for entry in os.scandir(folder):
            if entry.name.endswith(".md"):
                entry.stat()
child = os.fork()
if child == 0:
    stat_all(folders[1::2])
    os._exit(0)
stat_all(folders[0::2])
os.waitpid(child, 0)
"""
NAIVE_PARSE = """
import os, sys
import frontmatter
for folder in os.scandir(sys.argv[1]):
    if folder.is_dir() and not folder.name.startswith("."):
        for entry in os.scandir(folder.path):
            if entry.name.endswith(".md"):
                with open(entry.path, encoding="utf-8") as handle:
                    frontmatter.loads(handle.read())
"""
READ_ALL = """
import os, sys
for folder in os.scandir(sys.argv[1]):
    if folder.is_dir() and not folder.name.startswith("."):
        for entry in os.scandir(folder.path):
            with open(entry.path, "rb") as handle:
                handle.read()
"""
PEAK_RSS = """
import resource, subprocess, sys
subprocess.run(sys.argv[1:], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, check=False)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def limit(corpus: Path | str) -> list[str]:
    """The command that stats every article of ``corpus`` once, after importing Typer and Rich."""
    return [sys.executable, "-c", STAT_EVERY_ARTICLE, str(corpus)]


def shared_limit(corpus: Path | str) -> list[str]:
    """The stat-all limit with the stats shared between two processes (``STAT_SHARED``)."""
    return [sys.executable, "-c", STAT_SHARED, str(corpus)]


def naive_parse(corpus: Path | str) -> list[str]:
    """The command that reads every article of ``corpus`` with ``frontmatter.loads``."""
    return [sys.executable, "-c", NAIVE_PARSE, str(corpus)]


def read_all(corpus: Path | str) -> list[str]:
    """The command that reads every file of ``corpus`` once (to bring it into the page cache)."""
    return [sys.executable, "-c", READ_ALL, str(corpus)]


# --- timing ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Run:
    """One thing to time: its arguments, the exit codes that are success, what to do before each run."""

    command: Sequence[str]
    ok: Collection[int] = (0,)
    before: Callable[[], None] | None = None


def time_once(
    command: Sequence[str],
    env: Mapping[str, str],
    *,
    ok: Collection[int] = (0,),
    before: Callable[[], None] | None = None,
) -> float:
    """Seconds of one run of ``command``, its output read from a pipe; a failed run stops the benchmark."""
    if before is not None:
        before()
    start = time.perf_counter()
    done = subprocess.run(list(command), env=dict(env), capture_output=True, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode not in ok:
        message = done.stderr.decode(errors="replace").strip().splitlines()[-1:] or [""]
        raise SystemExit(f"failed ({done.returncode}): {' '.join(command)}: {message[0]}")
    return elapsed


def _quartiles(values: Sequence[float]) -> tuple[float, float]:
    if len(values) < 2:
        return values[0], values[0]
    low, _, high = statistics.quantiles(values, n=4, method="inclusive")
    return low, high


@dataclass(frozen=True)
class Sample:
    """The times of one command over the rounds of a run."""

    times: list[float] = field(default_factory=list)

    @property
    def rounds(self) -> int:
        return len(self.times)

    @property
    def median(self) -> float:
        return statistics.median(self.times)

    @property
    def low(self) -> float:
        return _quartiles(self.times)[0]

    @property
    def high(self) -> float:
        return _quartiles(self.times)[1]

    @property
    def min(self) -> float:
        return min(self.times)

    @property
    def max(self) -> float:
        return max(self.times)

    def ms(self) -> str:
        return f"{self.median * 1000:,.0f} ms" if self.median < 10 else f"{self.median:,.1f} s"

    def spread_ms(self) -> str:
        if self.median < 10:
            return f"{self.low * 1000:,.0f}-{self.high * 1000:,.0f}"
        return f"{self.low:,.1f}-{self.high:,.1f} s"


@dataclass(frozen=True)
class Ratio:
    """A command against its baseline, both timed in the same rounds."""

    command: Sample
    baseline: Sample

    @property
    def value(self) -> float:
        return statistics.median(self.per_round)

    @property
    def per_round(self) -> list[float]:
        return [c / b for c, b in zip(self.command.times, self.baseline.times, strict=True)]

    @property
    def low(self) -> float:
        return _quartiles(self.per_round)[0]

    @property
    def high(self) -> float:
        return _quartiles(self.per_round)[1]

    def __str__(self) -> str:
        if self.command.rounds < 3:
            return f"{self.value:.2f}"
        return f"{self.value:.2f} ({self.low:.2f}-{self.high:.2f})"


def interleave(
    runs: Mapping[str, Run | Sequence[str]],
    rounds: int,
    env: Mapping[str, str],
    *,
    progress: bool = True,
) -> dict[str, Sample]:
    """Time every run once per round, in turn, for ``rounds`` rounds; the times by name."""
    plans = {name: run if isinstance(run, Run) else Run(run) for name, run in runs.items()}
    samples: dict[str, Sample] = {name: Sample([]) for name in plans}
    for number in range(rounds):
        if progress:
            print(f"\r  round {number + 1}/{rounds} of {', '.join(plans)}", end="", file=sys.stderr, flush=True)
        for name, plan in plans.items():
            samples[name].times.append(time_once(plan.command, env, ok=plan.ok, before=plan.before))
    if progress:
        print(file=sys.stderr)
    return samples


def peak_memory_mb(command: Sequence[str], env: Mapping[str, str]) -> float:
    """The largest resident set of ``command`` or any process it waited for, in MB (1,000,000 bytes)."""
    done = subprocess.run(
        [sys.executable, "-c", PEAK_RSS, *command], env=dict(env), capture_output=True, text=True, check=True
    )
    return int(done.stdout.strip()) * 1024 / 1e6


# --- reporting -------------------------------------------------------------------------------------


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            for line in handle:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _memory_gb() -> str:
    try:
        pages, size = os.sysconf("SC_PHYS_PAGES"), os.sysconf("SC_PAGE_SIZE")
    except (ValueError, OSError, AttributeError):
        return "?"
    return f"{pages * size / 2**30:.0f} GiB"


def _glossary_version() -> str:
    done = subprocess.run(GLOSSARY + ["--version"], capture_output=True, text=True, check=False)
    version = done.stdout.strip() or "glossary ?"
    commit = subprocess.run(
        ["git", "-C", str(HERE), "log", "-1", "--format=%h %cs"], capture_output=True, text=True, check=False
    )
    return f"{version}, commit {commit.stdout.strip()}" if commit.returncode == 0 else version


def machine() -> str:
    """One line: CPU model, CPUs, memory, OS and Python."""
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return (
        f"{_cpu_model()}, {cpus} CPUs, {_memory_gb()}, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}"
    )


def header(title: str, rounds: int | None = None) -> str:
    """A Markdown heading and the lines that say when, where and how a table was measured."""
    load = " ".join(f"{value:.2f}" for value in os.getloadavg()) if hasattr(os, "getloadavg") else "?"
    lines = [
        f"### {title}",
        "",
        f"- date: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}",
        f"- machine: {machine()}; load average at the start {load}",
        f"- measured: {_glossary_version()} ({' '.join(GLOSSARY)})",
    ]
    counted = f"{rounds} interleaved rounds" if rounds is not None else "interleaved rounds (how many: in the title)"
    lines.append(
        f"- method: {counted}; times are medians (25th-75th percentile); a ratio is the median of the "
        "per-round ratios (25th-75th percentile)"
    )
    return "\n".join(lines) + "\n"


class Table:
    """A Markdown table, built row by row."""

    def __init__(self, columns: Sequence[str], numeric: Collection[int] = ()) -> None:
        self.columns = list(columns)
        self.numeric = set(numeric)
        self.rows: list[list[str]] = []

    def add(self, *cells: object) -> None:
        self.rows.append([str(cell) for cell in cells])

    def __str__(self) -> str:
        rule = ["---:" if i in self.numeric else "---" for i in range(len(self.columns))]
        lines = ["| " + " | ".join(self.columns) + " |", "|" + "|".join(rule) + "|"]
        lines += ["| " + " | ".join(row) + " |" for row in self.rows]
        return "\n".join(lines)


FIGURE_COLUMNS = ("command", "baseline", "command time", "baseline time", "ratio", "goal")


def figure_table() -> Table:
    """The table every figure goes in: see ``figure_row``."""
    return Table(FIGURE_COLUMNS, numeric=(2, 3, 4))


def figure_row(table: Table, label: str, baseline: str, ratio: Ratio, goal: str = "") -> None:
    """Add one figure: the command, its baseline, both times with their spread, the ratio, the goal."""
    c, b = ratio.command, ratio.baseline
    table.add(label, baseline, f"{c.ms()} ({c.spread_ms()})", f"{b.ms()} ({b.spread_ms()})", str(ratio), goal)


# --- data and environment --------------------------------------------------------------------------


def clean_env(cache: Path | str | None = None) -> dict[str, str]:
    """The environment of a timed run: nothing of the caller's ``GLOSSARY_*``, a fixed width, bytecode kept."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("GLOSSARY_")}
    env["COLUMNS"] = "100"
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.pop("NO_COLOR", None)
    if cache is not None:
        env["GLOSSARY_CACHE_DIR"] = str(cache)
    return env


def bench_dir() -> Path:
    """Where generated data is kept between runs: ``GLOSSARY_BENCH_DIR``, else the temporary folder."""
    import tempfile

    folder = Path(os.environ.get("GLOSSARY_BENCH_DIR") or Path(tempfile.gettempdir()) / "glossary-bench")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def cached_corpus(articles: int) -> Path:
    """The ``make_corpus.py`` corpus of ``articles`` articles: made once, kept while the maker is unchanged."""
    maker = HERE / "make_corpus.py"
    stamp = f"{zlib.crc32(maker.read_bytes()):08x}"
    folder = bench_dir() / f"corpus-{articles}"
    done = folder / ".made-by"
    if done.exists() and done.read_text() == stamp:
        return folder
    print(f"generating {articles:,} articles in {folder} ...", file=sys.stderr)
    shutil.rmtree(folder, ignore_errors=True)
    subprocess.run([sys.executable, str(maker), str(folder), "--articles", str(articles)], check=True)
    done.write_text(stamp)
    return folder


def article_files(corpus: Path) -> list[Path]:
    """Every ``.md`` file of a ``<lang>/<slug>.md`` corpus."""
    return [
        Path(entry.path)
        for folder in os.scandir(corpus)
        if folder.is_dir() and not folder.name.startswith(".")
        for entry in os.scandir(folder.path)
        if entry.name.endswith(".md")
    ]


# --- what earlier scripts import ------------------------------------------------------------------


def timed(
    command: list[str], env: dict[str, str], *, ok: Collection[int] = (0,), before: Callable[[], None] | None = None
) -> float:
    """``time_once`` under its former name."""
    return time_once(command, env, ok=ok, before=before)


def interleaved(
    baseline: list[str],
    command: list[str],
    env: dict[str, str],
    runs: int,
    *,
    ok: Collection[int] = (0,),
    before: Callable[[], None] | None = None,
) -> tuple[float, float]:
    """Median times of ``baseline`` and ``command`` in ``runs`` interleaved rounds."""
    samples = interleave({"baseline": Run(baseline), "command": Run(command, ok, before)}, runs, env, progress=False)
    return samples["baseline"].median, samples["command"].median


def print_table(rows: list[tuple[str, str, float, float, str]]) -> None:
    """Rows of ``(command, baseline name, baseline s, command s, target)`` as a Markdown table."""
    print(f"{machine()}; medians of interleaved runs\n")
    print("| command | baseline | baseline ms | command ms | ratio | target |")
    print("|---|---|---:|---:|---:|---|")
    for label, baseline, base, command, target in rows:
        print(f"| {label} | {baseline} | {base * 1000:.0f} | {command * 1000:.0f} | {command / base:.2f} | {target} |")


def compile_package() -> None:
    """Give the package compiled bytecode, as an installed wheel has (even if writing bytecode is off)."""
    import compileall

    import glossary

    compileall.compile_dir(str(Path(glossary.__file__).parent), quiet=1)
