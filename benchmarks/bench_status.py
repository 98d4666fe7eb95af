"""How fast ``glossary status`` is: the installed command, end to end, against plain git and Python.

Times, interleaved round by round (medians, with the spread):

* (a) the floor: ``python -c "import typer, rich.markdown"``;
* (b) one ``git log --name-status`` pass over the whole history;
* (c) one stat pass: a Python process that stats every Markdown file of the glossary;
* (d) ``glossary -d GLOSSARY status --json``, cache empty; (d') the same piped as text;
* (e) the same with no new commit since the last run of the same command; (e') piped as text;
* (f) the same after one new commit; (f') piped as text.

Every status run is the installed ``glossary`` command (beside this Python), output to a pipe,
with its own cache folder (``GLOSSARY_CACHE_DIR``). Targets: (d) <= 1.5 x (a + b + c);
(e) <= 1.3 x (a + c); (f) <= 2.0 x (a + c). Each command's processor time is printed too (user and
system, its own and that of the git processes it waited for), and what it means for (d): the least
wall time that much work can take on the cores this process may use.

By default a synthetic history is written with ``git fast-import`` (5,000 concepts in 10 languages,
about 27,000 commits: each concept added in every language, then source and translation edits at
random). ``--repo DIR`` keeps it there for later runs (each run adds one commit). ``--site DIR
--touch FILE`` times a real repository instead (``FILE``, a source article inside it, gets the
new commit; work on a clone: commits are added to it).

    python benchmarks/bench_status.py --concepts 300 --commits 1500 --rounds 5     # a quick run
    python benchmarks/bench_status.py --site /tmp/helm-docs --touch docs/intro/quickstart.md
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from measure import FLOOR, compile_package

LANGS = ["en", "fi", "no", "sv", "de", "fr", "es", "ja", "zh", "pt", "it", "nl", "pl", "ko"]
START = 1_500_000_000
STAT_PASS = """
import os, sys
for folder, _, names in os.walk(sys.argv[1]):
    if "/.git" not in folder:
        for name in names:
            if name.endswith((".md", ".mdx")):
                os.stat(os.path.join(folder, name))
"""


def installed_glossary() -> str:
    """The ``glossary`` command installed beside this Python (a user's venv), else the one on PATH."""
    beside = Path(sys.executable).parent / "glossary"
    found = str(beside) if beside.exists() else shutil.which("glossary")
    if found is None:
        raise SystemExit("no installed glossary command: pip install . first")
    return found


def write_history(repo: Path, concepts: int, langs: list[str], commits: int, seed: int = 7) -> None:
    """A history where each concept is added in every language, then edits follow at random."""
    subprocess.run(["git", "init", "-q", "-b", "main", str(repo)], check=True)
    rng = random.Random(seed)
    importer = subprocess.Popen(["git", "fast-import", "--quiet"], cwd=repo, stdin=subprocess.PIPE)
    assert importer.stdin is not None
    out = importer.stdin
    when = START

    def commit(message: str, changes: list[tuple[str, str]]) -> None:
        nonlocal when  # commits on one branch of one stream follow each other; no "from" needed
        when += rng.randint(60, 7200)
        header = f"commit refs/heads/main\ncommitter Bench <bench@example.org> {when} +0000\n"
        data = message.encode()
        out.write(header.encode() + b"data %d\n" % len(data) + data + b"\n")
        for path, text in changes:
            body = text.encode()
            out.write(f"M 100644 inline glossary/{path}\n".encode() + b"data %d\n" % len(body) + body + b"\n")
        out.write(b"\n")

    for number in range(concepts):
        slug = f"concept-{number}"
        commit(f"Add {slug}", [(f"{lang}/{slug}.md", f"# {slug} ({lang})\n\nFirst version.\n") for lang in langs])
    for number in range(max(0, commits - concepts)):
        slug = f"concept-{rng.randrange(concepts)}"
        lang = "en" if rng.random() < 0.4 else rng.choice(langs[1:])
        verb = "Edit" if lang == "en" else "Update the translation of"
        commit(f"{verb} {slug} ({lang})", [(f"{lang}/{slug}.md", f"# {slug} ({lang})\n\nVersion {number}.\n")])
    out.close()
    if importer.wait() != 0:
        raise SystemExit("git fast-import failed")
    subprocess.run(["git", "checkout", "-q", "-f", "main"], cwd=repo, check=True)
    subprocess.run(["git", "status", "--porcelain"], cwd=repo, check=True, stdout=subprocess.DEVNULL)


def add_commit(repo: Path, touched: Path) -> None:
    """One more commit that edits a source article."""
    with touched.open("a", encoding="utf-8") as file:
        file.write("\nOne more line.\n")
    subprocess.run(["git", "commit", "-q", "-m", "Edit a source article", "--", str(touched)], cwd=repo, check=True)


def measure_rounds(
    commands: dict[str, tuple[list[str], Callable[[], None] | None]], env: dict[str, str], rounds: int
) -> tuple[dict[str, list[float]], dict[str, list[float]]]:
    """Every time of each command, the commands run in turn in every round (a setup step before each,
    untimed), and the processor time each took: user and system, its own and that of the processes it
    waited for (git's)."""
    times: dict[str, list[float]] = {name: [] for name in commands}
    cpu: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(rounds):
        for name, (command, before) in commands.items():
            if before is not None:
                before()
            used = resource.getrusage(resource.RUSAGE_CHILDREN)
            started = time.perf_counter()
            done = subprocess.run(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, check=False)
            times[name].append(time.perf_counter() - started)
            now = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu[name].append(now.ru_utime - used.ru_utime + now.ru_stime - used.ru_stime)
            if done.returncode not in (0, 1):
                raise SystemExit(f"failed ({done.returncode}): {' '.join(command)}")
    return times, cpu


def spread(values: list[float]) -> str:
    ordered = sorted(values)
    return f"{statistics.median(ordered) * 1000:6.0f} ms ({ordered[0] * 1000:.0f}-{ordered[-1] * 1000:.0f})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--concepts", type=int, default=5000)
    parser.add_argument("--langs", type=int, default=10, help=f"languages, the source included (at most {len(LANGS)})")
    parser.add_argument("--commits", type=int, default=27000)
    parser.add_argument("--rounds", type=int, default=11)
    parser.add_argument("--repo", type=Path, help="where to write the synthetic repository, or reuse one written there")
    parser.add_argument("--site", type=Path, help="time this repository instead (a clone: a commit is added)")
    parser.add_argument("--touch", type=Path, help="with --site: the source article the new commit edits")
    options = parser.parse_args()
    env = {key: value for key, value in os.environ.items() if not key.startswith("GIT_")}
    env.update(GIT_CONFIG_NOSYSTEM="1", GIT_CONFIG_GLOBAL=os.devnull)
    env.update(GIT_AUTHOR_NAME="Bench", GIT_AUTHOR_EMAIL="bench@example.org")
    env.update(GIT_COMMITTER_NAME="Bench", GIT_COMMITTER_EMAIL="bench@example.org")
    env.pop("GLOSSARY_PATH", None)
    os.environ.update(env)
    compile_package()
    glossary_command = installed_glossary()

    with tempfile.TemporaryDirectory() as temporary:
        started = time.perf_counter()
        if options.site is not None:
            repo = glossary = options.site.resolve()
            if options.touch is None:
                raise SystemExit("--site needs --touch FILE")
            touched, written = repo / options.touch, "a real site"
            tracked = subprocess.run(
                ["git", "ls-files", "--error-unmatch", "--", str(touched)], cwd=repo, capture_output=True
            )
            if tracked.returncode != 0:
                raise SystemExit(f"--touch: {options.touch} is no file git tracks in {repo}")
        else:
            repo = options.repo or Path(temporary) / "repo"
            if (repo / ".git").is_dir():
                written = "reused"
            else:
                if repo.exists():
                    shutil.rmtree(repo)
                write_history(repo, options.concepts, LANGS[: options.langs], options.commits)
                written = f"written in {time.perf_counter() - started:.1f} s"
            glossary, touched = repo / "glossary", repo / "glossary" / "en" / "concept-0.md"
        count = subprocess.run(["git", "rev-list", "--count", "HEAD"], cwd=repo, capture_output=True, text=True)
        print(f"history: {count.stdout.strip()} commits, {written}; {glossary_command}\n")
        cache, at_base = Path(temporary) / "cache", Path(temporary) / "cache-base"
        run_env = dict(env, GLOSSARY_CACHE_DIR=str(cache), COLUMNS="100")

        def status(*extra: str) -> list[str]:
            return [glossary_command, "-d", str(glossary), "status", *extra]

        def run_once(command: list[str]) -> None:
            subprocess.run(command, env=run_env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)

        def empty_cache() -> None:
            shutil.rmtree(cache, ignore_errors=True)

        def cache_one_commit_behind() -> None:
            shutil.rmtree(cache, ignore_errors=True)
            shutil.copytree(at_base, cache)

        # A file written less than 2 s before a run is not vouched for by its size and time (``SETTLED``
        # in glossary.status.kept): nothing made from it is kept as it is. A user's files are older than
        # that; a repository cloned or written a moment ago is not.
        time.sleep(2.1)
        for command in (status("--json"), status()):  # each command's report kept, as after a run of it
            subprocess.run(command, env=run_env, stdout=subprocess.DEVNULL, check=False)
        shutil.copytree(cache, at_base)
        add_commit(repo, touched)
        subprocess.run(status("--json"), env=run_env, stdout=subprocess.DEVNULL, check=False)
        commands = {
            "a": (FLOOR, None),
            "b": (["git", "-C", str(repo), "log", "--name-status"], None),
            "c": ([sys.executable, "-c", STAT_PASS, str(glossary)], None),
            "d": (status("--json"), empty_cache),
            "d'": (status(), empty_cache),
            "f": (status("--json"), cache_one_commit_behind),
            "f'": (status(), cache_one_commit_behind),
            "e": (status("--json"), lambda: run_once(status("--json"))),  # the same command a second time
            "e'": (status(), lambda: run_once(status())),
        }
        times, cpu = measure_rounds(commands, run_env, options.rounds)

    t = {name: statistics.median(values) for name, values in times.items()}
    print(f"{'':34} {'baseline':>10} {'measured':>10} {'ratio':>6}  target")
    rows = [
        ("(d) first status --json", "a + b + c", "d", "<= 1.5"),
        ("(d') first status, piped text", "a + b + c", "d'", "<= 1.5"),
        ("(e) no new commit, --json", "a + c", "e", "<= 1.3"),
        ("(e') no new commit, piped text", "a + c", "e'", "<= 1.3"),
        ("(f) one new commit, --json", "a + c", "f", "<= 2.0"),
        ("(f') one new commit, piped text", "a + c", "f'", "<= 2.0"),
    ]
    for label, base_names, name, target in rows:
        base = sum(t[part.strip()] for part in base_names.split("+"))
        print(f"{label:34} {base * 1000:8.0f} ms {t[name] * 1000:7.0f} ms {t[name] / base:6.2f}  {target}")
    print(f"\n{options.rounds} rounds, median (fastest-slowest), and processor time (median):")
    for name, values in times.items():
        print(f"  ({name:2}) {spread(values)}  cpu {statistics.median(cpu[name]) * 1000:6.0f} ms")
    cores = len(os.sched_getaffinity(0))
    work = statistics.median(cpu["d"])
    target = 1.5 * sum(t[part] for part in "abc")
    print(
        f"\n(d) needs {work * 1000:.0f} ms of processor time; on {cores} core(s) no schedule of that work ends in"
        f" under {work / cores * 1000:.0f} ms (the target is {target * 1000:.0f} ms)."
    )


if __name__ == "__main__":
    main()
