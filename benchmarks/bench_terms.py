"""How fast `glossary check`, `links`, `translate` and `export` are, as ratios measured in one run.

* On the bundled data: each command against the import floor ``python -c "import typer,
  rich.markdown"``.
* On a large corpus (default ``/tmp/gloss-bench-100k``, made by ``make_corpus.py``): ``check``
  warm (nothing changed: the index is fresh and the report is kept in it), ``check`` after one
  file was touched (the index re-reads that file and the report is computed again), and
  ``export`` in each format, against the import floor (target for ``check``: <= 3x) and against
  the freshness limit, a Python process that imports typer and rich and stats every article once
  (what opening a strictly fresh index costs when one process does the looking).

Commands and their baselines run interleaved, several times, so machine load affects both alike;
medians are reported. The index cache is private to the run and built first (its build time is
printed). Output goes to a pipe (``check``) or a file (``export -o``).

    python benchmarks/bench_terms.py [--runs 10] [--large-runs 5] [--corpus DIR] [--cache DIR]
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
from pathlib import Path

from measure import FLOOR, GLOSSARY, interleaved, limit, print_table, timed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10, help="runs per command on the bundled data")
    parser.add_argument("--large-runs", type=int, default=5, help="runs per command on the large corpus")
    parser.add_argument("--corpus", type=Path, default=Path("/tmp/gloss-bench-100k"))
    parser.add_argument("--cache", type=Path, help="index cache folder to use (default: a fresh temporary one)")
    parser.add_argument(
        "--no-jsonl", action="store_true", help="skip export --format jsonl on the large corpus (it reads every file)"
    )
    options = parser.parse_args()

    rows: list[tuple[str, str, float, float, str]] = []
    with tempfile.TemporaryDirectory() as temporary:
        cache = options.cache or Path(temporary) / "cache"
        out = Path(temporary) / "export.out"
        env = {**os.environ, "GLOSSARY_CACHE_DIR": str(cache), "COLUMNS": "100"}
        env.pop("GLOSSARY_PATH", None)

        for label, arguments in (
            ("check", ["check"]),
            ("links client-centric", ["links", "client-centric"]),
            ("translate asiakaskeskeinen --to no", ["translate", "asiakaskeskeinen", "--to", "no"]),
            ("export --format tbx", ["export", "--format", "tbx", "-o", str(out)]),
        ):
            timed(GLOSSARY + arguments, env, ok=(0, 1))  # warms the index
            floor, command = interleaved(FLOOR, GLOSSARY + arguments, env, options.runs, ok=(0, 1))
            rows.append((f"`{label}` (bundled)", "import floor", floor, command, "<= 3" if label == "check" else ""))

        corpus = options.corpus
        if corpus.is_dir():
            articles = sorted(path for folder in corpus.iterdir() if folder.is_dir() for path in folder.glob("*.md"))
            count = len(articles)
            size = f"{count // 1000}k"
            base = GLOSSARY + ["--data-dir", str(corpus)]
            build = timed(base + ["check"], env, ok=(0, 1))
            print(f"large corpus: {corpus} ({count:,} articles); first check incl. index build {build:.1f} s")
            stat_limit = limit(corpus)
            touched = articles[len(articles) // 2]

            def touch() -> None:
                os.utime(touched)  # a new mtime: the index re-reads one file, the report is recomputed

            for label, arguments, before, target in (
                ("check", ["check"], None, "<= 3"),
                ("check --json", ["check", "--json"], None, ""),
                ("check --format github", ["check", "--format", "github"], None, ""),
                ("check, one file touched", ["check"], touch, ""),
                (f"links {articles[0].stem}", ["links", articles[0].stem], None, ""),
                ("export --format tbx", ["export", "--format", "tbx", "-o", str(out)], None, ""),
                ("export --format tbx3", ["export", "--format", "tbx3", "-o", str(out)], None, ""),
                ("export --format csv", ["export", "--format", "csv", "-o", str(out)], None, ""),
            ):
                timed(base + arguments, env, ok=(0, 1))  # settles the index (and the kept report) first
                floor, command = interleaved(FLOOR, base + arguments, env, options.large_runs, ok=(0, 1), before=before)
                stat = statistics.median(timed(stat_limit, env) for _ in range(3))
                rows.append((f"`{label}` ({size})", "import floor", floor, command, target))
                rows.append((f"`{label}` ({size})", "stat limit", stat, command, ""))
            if not options.no_jsonl:
                floor = timed(FLOOR, env)
                command = timed(base + ["export", "--format", "jsonl", "-o", str(out)], env)
                rows.append((f"`export --format jsonl` ({size}, one run)", "import floor", floor, command, ""))
        else:
            print(
                f"no large corpus at {corpus}; make one with: "
                f"python benchmarks/make_corpus.py {corpus} --articles 100000"
            )

    print_table(rows)


if __name__ == "__main__":
    main()
