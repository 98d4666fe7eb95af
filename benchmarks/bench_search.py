#!/usr/bin/env python3
"""The speed, memory and size goals of ``glossary`` on a 100,000-article glossary, as ratios in one run.

Every figure is the installed ``glossary`` command, output to a pipe, timed against its baseline in
the same interleaved rounds (see ``measure.py``):

* ``show client-centric --lang no`` on the bundled data and on the large corpus, against the import
  floor ``python -c "import typer, rich.markdown"`` (goal: at most 1.0);
* ``search asiakas`` on the large corpus, nothing changed, against the stat-all limit (a Python
  process that imports Typer and Rich and stats every article once; goal: at most 0.8);
* ``show`` of a misspelt title against ``search`` of the same word (goal: at most 1.0);
* ``search`` after one article was edited in place, against a naive parse of every article with
  ``frontmatter.loads`` (goal: at most 0.1);
* the first run (which builds the index) against that naive parse (goal: at most 4.0), and the peak
  memory of any of its processes (goal: at most 200 MB);
* the size of the index file against the articles' bytes (goal: at most 0.5), table by table.

The corpus is made by ``make_corpus.py`` once and kept between runs (``GLOSSARY_BENCH_DIR``); each
run builds its own index in a fresh cache folder. With the defaults this is part of the quick set
(about ten minutes on a busy two-CPU machine); more rounds narrow the spread.

    python benchmarks/bench_search.py                      # 100,000 articles, 21 rounds, 2 builds
    python benchmarks/bench_search.py --articles 10000 --rounds 11 --builds 1
"""

from __future__ import annotations

import argparse
import resource
import shutil
import sqlite3
import tempfile
from pathlib import Path

from measure import (
    FLOOR,
    GLOSSARY,
    Ratio,
    Run,
    Table,
    article_files,
    cached_corpus,
    clean_env,
    figure_row,
    figure_table,
    header,
    interleave,
    limit,
    naive_parse,
    read_all,
    shared_limit,
    time_once,
)

MISSPELT = "asiakaskeskienen"  # the bundled Finnish title "Asiakaskeskeinen", two letters swapped


def index_file(cache: Path) -> Path:
    return next(cache.glob("index-*.sqlite3"))


def table_sizes(index: Path) -> dict[str, int]:
    """Bytes of each table and index of the index file (SQLite's ``dbstat``), largest first."""
    with sqlite3.connect(f"file:{index}?mode=ro", uri=True) as conn:
        rows = conn.execute("SELECT name, sum(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC").fetchall()
    return dict(rows)


def first_builds(corpus: Path, builds: int, env: dict[str, str], base: Path) -> dict[str, object]:
    """The first run against the naive parse, interleaved over ``builds`` rounds, each build in an
    empty cache, both reading files from the page cache; and the peak memory of any process so far.

    Every process this script has waited for, and every process those waited for (the build's
    workers), counts in ``RUSAGE_CHILDREN``'s largest resident set: after these rounds it is the
    largest of the first runs, the naive parse (a fraction of it) aside."""
    caches = iter(range(10_000))

    def empty_cache() -> None:
        folder = base / f"build-{next(caches)}"
        shutil.rmtree(folder, ignore_errors=True)
        env_build["GLOSSARY_CACHE_DIR"] = str(folder)

    env_build = dict(env)
    time_once(read_all(corpus), env)
    search = GLOSSARY + ["-d", str(corpus), "search", "asiakas"]
    samples = interleave(
        {"naive parse": naive_parse(corpus), "first run": Run(search, before=empty_cache)}, builds, env_build
    )
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024 / 1e6
    return {"ratio": Ratio(samples["first run"], samples["naive parse"]), "peak": peak}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000, help="size of the generated corpus")
    parser.add_argument("--rounds", type=int, default=21, help="rounds of the quick commands")
    parser.add_argument("--edits", type=int, default=5, help="rounds of edit-then-search against the naive parse")
    parser.add_argument("--builds", type=int, default=2, help="rounds of first build against the naive parse")
    options = parser.parse_args()

    corpus = cached_corpus(options.articles)
    files = article_files(corpus)
    article_bytes = sum(path.stat().st_size for path in files)
    size = f"{len(files) // 1000}k"
    with tempfile.TemporaryDirectory(prefix="glossary-bench-") as temporary:
        base = Path(temporary)
        build = first_builds(corpus, options.builds, clean_env(), base)  # first: see its peak memory
        cache = base / "cache"
        env = clean_env(cache)
        data = ["-d", str(corpus)]
        search = GLOSSARY + data + ["search", "asiakas"]
        time_once(search, env)  # builds this run's index
        time_once(GLOSSARY + ["show", "client-centric", "--lang", "no"], env)  # compiles bytecode
        quick = interleave(
            {
                "floor": FLOOR,
                "show bundled": GLOSSARY + ["show", "client-centric", "--lang", "no"],
                "show large": GLOSSARY + data + ["show", "client-centric", "--lang", "no"],
                "limit": limit(corpus),
                "shared limit": shared_limit(corpus),
                "search": search,
                "show misspelt": GLOSSARY + data + ["show", MISSPELT],
                "search misspelt": GLOSSARY + data + ["search", MISSPELT],
            },
            options.rounds,
            env,
        )
        victim = files[len(files) // 2]
        original = victim.read_bytes()
        edits = iter(range(10_000))

        def edit() -> None:
            victim.write_bytes(original + f"\nEdited for the benchmark, round {next(edits)}.\n".encode())

        try:
            edited = interleave(
                {"naive parse": naive_parse(corpus), "edit": Run(search, before=edit)}, options.edits, env
            )
        finally:
            victim.write_bytes(original)
            time_once(search, env)
        index = index_file(cache)
        index_bytes = index.stat().st_size
        tables = table_sizes(index)

    print(header(f"Goals at {len(files):,} articles ({article_bytes / 1e6:,.1f} MB of articles)", options.rounds))
    table = figure_table()
    figure_row(
        table, "`glossary show client-centric --lang no` (bundled)", "import floor",
        Ratio(quick["show bundled"], quick["floor"]), "<= 1.0",
    )  # fmt: skip
    figure_row(
        table, f"`glossary -d CORPUS show client-centric --lang no` ({size})", "import floor",
        Ratio(quick["show large"], quick["floor"]), "<= 1.0",
    )  # fmt: skip
    figure_row(
        table, f"`glossary -d CORPUS search asiakas` ({size}, nothing changed)", "stat-all limit",
        Ratio(quick["search"], quick["limit"]), "<= 0.8",
    )  # fmt: skip
    figure_row(
        table, f"`glossary -d CORPUS show {MISSPELT}` ({size}, misspelt)", f"`search {MISSPELT}`",
        Ratio(quick["show misspelt"], quick["search misspelt"]), "<= 1.0",
    )  # fmt: skip
    figure_row(
        table, f"one article edited in place, then `search asiakas` ({size}, {options.edits} rounds)",
        "naive parse", Ratio(edited["edit"], edited["naive parse"]), "<= 0.1",
    )  # fmt: skip
    figure_row(
        table, f"first run, index built (`search asiakas`, {size}, {options.builds} rounds)", "naive parse",
        build["ratio"], "<= 4.0",
    )  # fmt: skip
    print(table)
    print()
    print(f"- peak memory of the first run, any of its processes: {build['peak']:.0f} MB (goal: at most 200 MB)")
    print(
        f"- index file: {index_bytes / 1e6:.1f} MB for {article_bytes / 1e6:.1f} MB of articles: "
        f"{index_bytes / article_bytes:.3f} x (goal: at most 0.5)"
    )
    print(
        f"- also in the same rounds: `search {MISSPELT}` / the limit "
        f"{Ratio(quick['search misspelt'], quick['limit'])}; `show {MISSPELT}` / `search asiakas` "
        f"{Ratio(quick['show misspelt'], quick['search'])}"
    )
    print(
        "- the least a fresh search costs on two CPUs: the same stats shared with a forked process, nothing "
        f"else: {Ratio(quick['shared limit'], quick['limit'])} x the limit"
    )
    print()
    sizes = Table(["table or index", "MB", "x the articles' bytes"], numeric=(1, 2))
    for name, used in tables.items():
        if used >= 100_000:
            sizes.add(name, f"{used / 1e6:.1f}", f"{used / article_bytes:.3f}")
    print(sizes)


if __name__ == "__main__":
    main()
