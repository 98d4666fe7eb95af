#!/usr/bin/env python3
"""How many of ``compare``'s number flags are true, on a hand-checked sample of real glossaries.

``numbers_sample.json`` holds 80 concepts (40 of the Kubernetes glossary, 40 of MDN's), each with
the numbers whose difference a reader of the two articles really sees, checked by reading both.
This runs ``glossary compare <source> <lang> --json`` for every language of the sample, and counts,
among the sampled concepts that are flagged now, those whose flag names at least one real
difference; the same for the flags as they were when numbers were read from the Markdown as
written (stored in the sample). A true difference left unflagged is counted too.

    python benchmarks/bench_numbers.py                     # the shared copies under /work/shared
    python benchmarks/bench_numbers.py --data /path/to/realworld
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

from measure import GLOSSARY

HERE = Path(__file__).resolve().parent


def flags_now(data: Path, name: str, source: str, lang: str, cache: str) -> dict[str, set[str]]:
    """The numbers each flagged concept's number flag names, by slug."""
    done = subprocess.run(
        [*GLOSSARY, "-d", str(data / name), "compare", source, lang, "--json"],
        capture_output=True,
        text=True,
        env={**os.environ, "XDG_CACHE_HOME": cache},
        check=True,
    )
    flagged = {}
    for concept in json.loads(done.stdout)["concepts"]:
        for flag in concept["flags"]:
            if flag["kind"] == "numbers":
                flagged[concept["slug"]] = set(flag[source]) | set(flag[lang])
    return flagged


def share(true: int, flagged: int) -> str:
    return f"{true}/{flagged} = {100 * true / flagged:.0f} %" if flagged else "no flags"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=Path("/work/shared/realworld"))
    args = parser.parse_args()
    sample = json.loads((HERE / "numbers_sample.json").read_text(encoding="utf-8"))["sample"]
    pairs = defaultdict(list)
    for item in sample:
        pairs[item["data"], item["a"], item["b"]].append(item)
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    with tempfile.TemporaryDirectory() as cache:
        for (name, source, lang), items in sorted(pairs.items()):
            now = flags_now(args.data, name, source, lang, cache)
            for item in items:
                real = set(item["real"])
                tally = counts[name]
                tally["real"] += bool(real)
                if item["flagged_before"]:
                    tally["before"] += 1
                    tally["before true"] += bool(real & set(item["flagged_before"]))
                if item["slug"] in now:
                    tally["after"] += 1
                    tally["after true"] += bool(real & now[item["slug"]])
                elif real:
                    tally["missed"] += 1
    print("| data | concepts with a real difference | true flags, numbers as written | true flags now | missed now |")
    print("|---|---|---|---|---|")
    for name, tally in counts.items():
        before = share(tally["before true"], tally["before"])
        after = share(tally["after true"], tally["after"])
        print(f"| {name} | {tally['real']} | {before} | {after} | {tally['missed']} |")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
