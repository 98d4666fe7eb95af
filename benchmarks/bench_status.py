"""How fast the translation status is, from git history, as ratios measured in one run.

Writes a synthetic glossary history with ``git fast-import`` (default: 5,000 concepts in 10
languages and about 27,000 commits: one commit adds each concept in every language, then source
and translation edits follow at random, so translations lag their source at random), checks it
out, and times, interleaved over several rounds (medians):

* (a) the floor: ``python -c "import typer, rich.markdown"``;
* (b) one ``git log --name-only`` pass over the whole history;
* (c) one stat pass over the article files (a Python process that stats each);
* (d) the first status (cache empty), (e) the status with no new commit, (f) the status after one
  new commit, each a Python process that lists the article files, imports ``glossary.status`` and
  computes the report with a cache file in a temporary folder.

Targets: (d) <= 1.5 x (a + b + c); (e) <= 1.3 x (a + c); (f) <= 2.0 x (a + c).

    python benchmarks/bench_status.py [--concepts 5000] [--langs 10] [--commits 27000] [--rounds 5] [--repo DIR]

Writing the history takes minutes: with ``--repo DIR`` a repository an earlier run wrote there is
reused (each run adds one commit to it). The status processes pass each article's path as the text
of its directory entry, as a corpus listing gives it, and make a language's ``ArticleFile`` list at once.
    python benchmarks/bench_status.py --concepts 300 --commits 1500 --rounds 3     # a quick run
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from measure import FLOOR, compile_package, print_table, timed

LANGS = ["en", "fi", "no", "sv", "de", "fr", "es", "ja", "zh", "pt", "it", "nl", "pl", "ko"]
START = 1_500_000_000
STAT_PASS = """
import os, sys
for folder in os.scandir(sys.argv[1]):
    if folder.is_dir():
        for entry in os.scandir(folder.path):
            os.stat(entry.path)
"""
# The articles as a corpus listing gives them, each path the text of its directory entry, a language at once.
STATUS = """
import os, sys
from pathlib import Path
from glossary.history import HistoryCache
from glossary.status import ArticleFile, translation_status
files = []
for folder in os.scandir(sys.argv[1]):
    if folder.is_dir():
        entries = [entry for entry in os.scandir(folder.path) if entry.name.endswith(".md")]
        files += ArticleFile.listing(folder.name, [e.name[:-3] for e in entries], [e.path for e in entries])
report = translation_status("en", files, cache=HistoryCache.open(Path(sys.argv[2])))
print(sum(counts["outdated"] for counts in report.summary.values()), "outdated")
"""


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


def add_commit(repo: Path) -> None:
    """One more commit that edits a source article."""
    with (repo / "glossary" / "en" / "concept-0.md").open("a", encoding="utf-8") as file:
        file.write("One more line.\n")
    subprocess.run(["git", "commit", "-q", "-am", "Edit concept-0 (en)"], cwd=repo, check=True)


def measure_rounds(commands: dict[str, tuple[list[str], Callable[[], None] | None]], env: dict[str, str], rounds: int):
    """Median time of each command, the commands run in turn in every round."""
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(rounds):
        for name, (command, before) in commands.items():
            times[name].append(timed(command, env, before=before))
    return {name: statistics.median(values) for name, values in times.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--concepts", type=int, default=5000)
    parser.add_argument("--langs", type=int, default=10, help=f"languages, the source included (at most {len(LANGS)})")
    parser.add_argument("--commits", type=int, default=27000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument(
        "--repo", type=Path, help="where to write the repository, or the one an earlier run wrote, to reuse it"
    )
    options = parser.parse_args()
    env = {key: value for key, value in os.environ.items() if not key.startswith("GIT_")}
    env.update(GIT_CONFIG_NOSYSTEM="1", GIT_CONFIG_GLOBAL=os.devnull)
    env.update(GIT_AUTHOR_NAME="Bench", GIT_AUTHOR_EMAIL="bench@example.org")
    env.update(GIT_COMMITTER_NAME="Bench", GIT_COMMITTER_EMAIL="bench@example.org")
    os.environ.update(env)
    compile_package()

    with tempfile.TemporaryDirectory() as temporary:
        repo = options.repo or Path(temporary) / "repo"
        started = time.perf_counter()
        if (repo / ".git").is_dir():  # kept from an earlier run: each run adds one commit to it
            written = "reused"
        else:
            if repo.exists():
                shutil.rmtree(repo)
            write_history(repo, options.concepts, LANGS[: options.langs], options.commits)
            written = f"written in {time.perf_counter() - started:.1f} s"
        count = subprocess.run(["git", "rev-list", "--count", "HEAD"], cwd=repo, capture_output=True, text=True)
        print(f"history: {count.stdout.strip()} commits, {options.concepts * options.langs} files, {written}\n")
        glossary = repo / "glossary"
        cache, at_base = Path(temporary) / "cache.sqlite3", Path(temporary) / "cache-base.sqlite3"
        status = [sys.executable, "-c", STATUS, str(glossary), str(cache)]

        def empty_cache() -> None:
            cache.unlink(missing_ok=True)

        def cache_one_commit_behind() -> None:
            shutil.copyfile(at_base, cache)

        subprocess.run(status, check=True, env=env, stdout=subprocess.DEVNULL)
        shutil.copyfile(cache, at_base)
        add_commit(repo)
        subprocess.run(status, check=True, env=env, stdout=subprocess.DEVNULL)  # warm the cache at HEAD
        commands = {
            "a": (FLOOR, None),
            "b": (["git", "-C", str(repo), "log", "--name-only", "--format=%H"], None),
            "c": ([sys.executable, "-c", STAT_PASS, str(glossary)], None),
            "d": (status, empty_cache),
            "e": (status, None),
            "f": (status, cache_one_commit_behind),
        }
        # (e) runs after (d) in each round, so it finds the cache (d) left at HEAD.
        t = measure_rounds(commands, env, options.rounds)

    print_table(
        [
            ("(d) first status, cache empty", "a + b + c", t["a"] + t["b"] + t["c"], t["d"], "<= 1.5"),
            ("(e) status, no new commit", "a + c", t["a"] + t["c"], t["e"], "<= 1.3"),
            ("(f) status after one new commit", "a + c", t["a"] + t["c"], t["f"], "<= 2.0"),
        ]
    )
    print("\n" + ", ".join(f"({name}) {seconds * 1000:.0f} ms" for name, seconds in t.items()))


if __name__ == "__main__":
    main()
