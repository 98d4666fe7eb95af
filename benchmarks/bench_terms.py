"""How fast `glossary check`, `links`, `translate` and `export` are, as ratios measured in one run.

* On the bundled data: each command against the import floor ``python -c "import typer,
  rich.markdown"``.
* On the 100,000-article corpus of ``make_corpus.py`` (kept between runs): ``check``
  warm (nothing changed: the index is fresh and the report is kept in it), ``check`` after one
  file was touched (the index re-reads that file and the report is computed again), and
  ``export`` in each format, against the import floor (target for ``check``: <= 3x) and against
  the freshness limit, a Python process that imports typer and rich and stats every article once
  (what opening a strictly fresh index costs when one process does the looking).

Each figure is the installed ``glossary`` command, run interleaved with its baselines in every
round (output to a pipe for ``check`` and ``links``, to a file for ``export -o``); medians and their
spread are reported (``measure.py``). The index cache is private to the run and built first (its
build time is printed).

    python benchmarks/bench_terms.py [--rounds 21] [--large-rounds 5] [--corpus DIR] [--cache DIR]
"""

from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path

from measure import (
    FLOOR,
    GLOSSARY,
    Ratio,
    Run,
    article_files,
    cached_corpus,
    clean_env,
    figure_row,
    figure_table,
    header,
    interleave,
    limit,
    time_once,
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=21, help="rounds on the bundled data")
    parser.add_argument("--large-rounds", type=int, default=5, help="rounds on the large corpus")
    parser.add_argument("--corpus", type=Path, help="a large glossary (default: the generated 100,000 articles)")
    parser.add_argument("--cache", type=Path, help="index cache folder to use (default: a fresh temporary one)")
    parser.add_argument(
        "--no-jsonl", action="store_true", help="skip export --format jsonl on the large corpus (it reads every file)"
    )
    options = parser.parse_args()

    table = figure_table()
    with tempfile.TemporaryDirectory() as temporary:
        out = Path(temporary) / "export.out"
        env = clean_env(options.cache or Path(temporary) / "cache")

        bundled: dict[str, Run | list[str]] = {"floor": FLOOR}
        for label, arguments in (
            ("check", ["check"]),
            ("links client-centric", ["links", "client-centric"]),
            ("translate asiakaskeskeinen --to no", ["translate", "asiakaskeskeinen", "--to", "no"]),
            ("export --format tbx", ["export", "--format", "tbx", "-o", str(out)]),
        ):
            time_once(GLOSSARY + arguments, env, ok=(0, 1))  # warms the index
            bundled[label] = Run(GLOSSARY + arguments, ok=(0, 1))
        samples = interleave(bundled, options.rounds, env)
        for label in list(bundled)[1:]:
            ratio = Ratio(samples[label], samples["floor"])
            figure_row(table, f"`{label}` (bundled)", "import floor", ratio, "<= 3" if label == "check" else "")

        corpus = options.corpus or cached_corpus(100_000)
        articles = sorted(article_files(corpus))
        size = f"{len(articles) // 1000}k"
        base = GLOSSARY + ["--data-dir", str(corpus)]
        build = time_once(base + ["check"], env, ok=(0, 1))
        touched = articles[len(articles) // 2]

        def touch() -> None:
            os.utime(touched)  # a new mtime: the index re-reads one file, the report is computed again

        large: dict[str, Run | list[str]] = {"floor": FLOOR, "limit": limit(corpus)}
        for label, arguments, before in (
            ("check", ["check"], None),
            ("check --json", ["check", "--json"], None),
            ("check --format github", ["check", "--format", "github"], None),
            ("check, one file touched", ["check"], touch),
            (f"links {articles[0].stem}", ["links", articles[0].stem], None),
            ("export --format tbx", ["export", "--format", "tbx", "-o", str(out)], None),
            ("export --format tbx3", ["export", "--format", "tbx3", "-o", str(out)], None),
            ("export --format csv", ["export", "--format", "csv", "-o", str(out)], None),
        ):
            time_once(base + arguments, env, ok=(0, 1))  # settles the index (and the kept report) first
            large[label] = Run(base + arguments, ok=(0, 1), before=before)
        samples = interleave(large, options.large_rounds, env)
        for label in list(large)[2:]:
            goal = "<= 3" if label == "check" else ""
            figure_row(table, f"`{label}` ({size})", "import floor", Ratio(samples[label], samples["floor"]), goal)
            figure_row(table, f"`{label}` ({size})", "stat-all limit", Ratio(samples[label], samples["limit"]))
        jsonl = None
        if not options.no_jsonl:
            jsonl = time_once(base + ["export", "--format", "jsonl", "-o", str(out)], env)

    print(header(f"Terminology tools (bundled data, {options.rounds} rounds; {size}, {options.large_rounds} rounds)"))
    print(table)
    print(f"\nFirst `check` on the large corpus, index built: {build:.1f} s (one run, a breakdown).")
    if jsonl is not None:
        print(f"`export --format jsonl` on the large corpus (reads every file): {jsonl:.1f} s (one run).")


if __name__ == "__main__":
    main()
