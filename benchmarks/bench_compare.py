"""How fast `glossary compare` is, as ratios measured in one run.

* On the bundled data: ``compare fi no`` and ``compare fi no client-centric`` against the import
  floor ``python -c "import typer, rich.markdown"`` (target <= 1.5).
* On the 100,000-article corpus ``make_corpus.py`` makes (kept between runs, see ``measure.py``):
  ``compare fi no`` (every concept of both languages, with shape flags) against the freshness
  limit, a Python process that imports typer and rich and stats every article once (target <= 1.3).

Each figure is the installed ``glossary`` command, output to a pipe (as in ``glossary compare fi
no | less``), run interleaved with its baseline in every round; medians and their spread are
reported (``measure.py``). The index cache is private to the run and warmed first (the first run's
time, index build included, is printed too).

    python benchmarks/bench_compare.py [--rounds 21] [--large-rounds 7] [--corpus DIR] [--cache DIR]
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from measure import (
    FLOOR,
    GLOSSARY,
    Ratio,
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
    parser.add_argument("--large-rounds", type=int, default=7, help="rounds on the large corpus")
    parser.add_argument("--corpus", type=Path, help="a large glossary (default: the generated 100,000 articles)")
    parser.add_argument("--cache", type=Path, help="index cache folder to use (default: a fresh temporary one)")
    options = parser.parse_args()

    table = figure_table()
    with tempfile.TemporaryDirectory() as temporary:
        env = clean_env(options.cache or temporary)
        bundled = {"floor": FLOOR}
        for arguments in (["compare", "fi", "no"], ["compare", "fi", "no", "client-centric"]):
            time_once(GLOSSARY + arguments, env)  # warms the index
            bundled[" ".join(arguments)] = GLOSSARY + arguments
        samples = interleave(bundled, options.rounds, env)
        for label in list(bundled)[1:]:
            figure_row(table, f"`{label}` (bundled)", "import floor", Ratio(samples[label], samples["floor"]), "<= 1.5")

        corpus = options.corpus or cached_corpus(100_000)
        count = len(article_files(corpus))
        base = GLOSSARY + ["--data-dir", str(corpus)]
        build = time_once(base + ["compare", "fi", "no"], env)
        large = {"limit": limit(corpus)}
        for arguments in (
            ["compare", "fi", "no"],
            ["compare", "fi", "no", "--json"],
            ["compare", "fi", "no", "--missing"],
        ):
            time_once(base + arguments, env)  # keeps its output in the index
            large[" ".join(arguments)] = base + arguments
        samples = interleave(large, options.large_rounds, env)
        for label in list(large)[1:]:
            ratio = Ratio(samples[label], samples["limit"])
            figure_row(table, f"`{label}` ({count // 1000}k, nothing changed)", "stat-all limit", ratio, "<= 1.3")

    print(header(f"compare (bundled data, {options.rounds} rounds; {count:,} articles, {options.large_rounds} rounds)"))
    print(table)
    print(f"\nFirst run on the large corpus, index built: {build:.1f} s (one run, a breakdown).")


if __name__ == "__main__":
    main()
