"""How fast `glossary compare` is, as ratios measured in one run.

* On the bundled data: ``compare fi no`` and ``compare fi no client-centric`` against the import
  floor ``python -c "import typer, rich.markdown"`` (target <= 1.5).
* On a large corpus (default ``/tmp/gloss-bench-100k``, made by ``make_corpus.py``):
  ``compare fi no`` (every concept of both languages, with shape flags) against the freshness
  limit, a Python process that imports typer and rich and stats every article once (target <= 1.3).

Commands and their baselines run interleaved, many times, so machine load affects both alike; the
median is reported. The index cache is private to the run and warmed first (its build time is
printed too), and bytecode is compiled once as for an installed package (``PYTHONDONTWRITEBYTECODE``
is ignored). Output goes to a pipe, as in ``glossary compare fi no | less``.

    python benchmarks/bench_compare.py [--runs 20] [--large-runs 7] [--corpus DIR] [--cache DIR]
"""

from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path

from measure import FLOOR, GLOSSARY, interleaved, limit, print_table, timed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20, help="runs per command on the bundled data")
    parser.add_argument("--large-runs", type=int, default=7, help="runs per command on the large corpus")
    parser.add_argument("--corpus", type=Path, default=Path("/tmp/gloss-bench-100k"))
    parser.add_argument("--cache", type=Path, help="index cache folder to use (default: a fresh temporary one)")
    options = parser.parse_args()

    rows: list[tuple[str, str, float, float, str]] = []
    with tempfile.TemporaryDirectory() as temporary:
        cache = options.cache or Path(temporary)
        env = {**os.environ, "GLOSSARY_CACHE_DIR": str(cache), "COLUMNS": "100"}
        env.pop("GLOSSARY_PATH", None)
        # Compiled bytecode, as an installed package has; kept out of the source tree.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(Path(temporary) / "pycache")

        for label, arguments in (
            ("compare fi no", ["compare", "fi", "no"]),
            ("compare fi no client-centric", ["compare", "fi", "no", "client-centric"]),
        ):
            timed(GLOSSARY + arguments, env)  # warms the index
            floor, command = interleaved(FLOOR, GLOSSARY + arguments, env, options.runs)
            rows.append((f"`{label}` (bundled)", "import floor", floor, command, "<= 1.5"))

        corpus = options.corpus
        if corpus.is_dir():
            count = sum(1 for folder in corpus.iterdir() if folder.is_dir() for _ in folder.glob("*.md"))
            base = GLOSSARY + ["--data-dir", str(corpus)]
            build = timed(base + ["compare", "fi", "no"], env)
            print(f"large corpus: {corpus} ({count:,} articles); first run incl. index build {build:.1f} s")
            stat_limit = limit(corpus)
            for label, arguments in (
                ("compare fi no", ["compare", "fi", "no"]),
                ("compare fi no --json", ["compare", "fi", "no", "--json"]),
                ("compare fi no --missing", ["compare", "fi", "no", "--missing"]),
            ):
                stat, command = interleaved(stat_limit, base + arguments, env, options.large_runs)
                rows.append((f"`{label}` ({count // 1000}k)", "stat limit", stat, command, "<= 1.3"))
        else:
            print(
                f"no large corpus at {corpus}; make one with: "
                f"python benchmarks/make_corpus.py {corpus} --articles 100000"
            )

    print_table(rows)


if __name__ == "__main__":
    main()
