#!/usr/bin/env python3
"""What each table of the index costs, and what the full-text positions cost and buy.

Builds the index of the generated corpus as ``glossary`` does (through the package, in a fresh
cache folder) and prints the bytes of each table and index against the articles' bytes. With
``--without-positions`` it builds a second index whose full-text table keeps no positions (FTS5
``detail = column``), the one change that would bring the file under half the articles' bytes,
and measures what readers would pay for it: without positions FTS5 answers no phrase (nor a
Chinese, Japanese or Korean run, searched as a phrase of character pairs), so a phrase would have
to be checked by reading every article that holds all its words. For a few phrases this prints how
many articles hold the phrase, how many hold its words, and the time to read and analyse those
(measured per article over a sample, in this process: a breakdown, not a command's figure).

    python benchmarks/bench_index_size.py                         # 100,000 articles
    python benchmarks/bench_index_size.py --articles 10000 --without-positions
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import tempfile
import time
from pathlib import Path

from measure import Table, article_files, cached_corpus, header

PHRASES = [("cash", "flow"), ("market", "risk"), ("asiakkaan", "tarpeet")]


def build(corpus: Path, cache: Path, *, positions: bool) -> Path:
    """Build the index of ``corpus`` into ``cache``; the index file."""
    import glossary.index.build as build_module
    import glossary.index.storage as storage
    from glossary.corpus import load_corpus
    from glossary.index import open_index

    full = storage.FULLTEXT
    if not positions:
        storage.FULLTEXT = build_module.FULLTEXT = full.replace("detail = full", "detail = column")
    os.environ["GLOSSARY_CACHE_DIR"] = str(cache)
    try:
        open_index(load_corpus([corpus])).conn.close()
    finally:
        storage.FULLTEXT = build_module.FULLTEXT = full
    return next(cache.glob("index-*.sqlite3"))


def sizes(index: Path) -> dict[str, int]:
    with sqlite3.connect(f"file:{index}?mode=ro", uri=True) as conn:
        return dict(conn.execute("SELECT name, sum(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC").fetchall())


def phrase_costs(corpus: Path, cache: Path) -> Table:
    """For each phrase: articles holding it, articles holding its words, and the cost of checking those by reading."""
    from glossary.analysis import Analyzer
    from glossary.articles import parse_bytes
    from glossary.corpus import load_corpus
    from glossary.index import open_index

    os.environ["GLOSSARY_CACHE_DIR"] = str(cache)
    index = open_index(load_corpus([corpus]))
    table = Table(
        ["phrase", "articles with the phrase", "with its words", "check by reading, per article", "check, all"],
        numeric=(1, 2, 3, 4),
    )
    analyzers: dict[str, Analyzer] = {}
    for first, second in PHRASES:
        phrase = index.match_ids(f'"{first} {second}"')
        words = index.match_ids(f"({first}) AND ({second})")
        sample = list(index.entries_by_id(sorted(words)[:300]).values())
        start = time.perf_counter()
        for entry in sample:
            analyzer = analyzers.get(entry.key) or analyzers.setdefault(entry.key, Analyzer(entry.key))
            with open(entry.path, "rb") as handle:
                article = parse_bytes(handle.read(), slug=entry.slug, lang=entry.lang, path=entry.path)
            terms = analyzer.column(article.body).split()
            any(pair == (first, second) for pair in zip(terms, terms[1:], strict=False))
        each = (time.perf_counter() - start) / max(1, len(sample))
        table.add(f'"{first} {second}"', len(phrase), len(words), f"{each * 1e6:.0f} µs", f"{each * len(words):.2f} s")
    index.conn.close()
    return table


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--without-positions", action="store_true", help="also build an index without positions")
    options = parser.parse_args()
    corpus = cached_corpus(options.articles)
    article_bytes = sum(path.stat().st_size for path in article_files(corpus))
    with tempfile.TemporaryDirectory(prefix="glossary-bench-") as temporary:
        variants = {"as built": build(corpus, Path(temporary) / "full", positions=True)}
        if options.without_positions:
            variants["without positions"] = build(corpus, Path(temporary) / "column", positions=False)
        measured = {name: sizes(index) for name, index in variants.items()}
        totals = {name: index.stat().st_size for name, index in variants.items()}
        costs = phrase_costs(corpus, Path(temporary) / "full") if options.without_positions else None

    print(header(f"The index at {options.articles:,} articles ({article_bytes / 1e6:,.1f} MB of articles)"))
    names = list(variants)
    table = Table(
        ["table or index", *(f"{name}, MB" for name in names), *(f"{name}, x articles" for name in names)],
        numeric=range(1, 1 + 2 * len(names)),
    )
    for part in measured[names[0]]:
        if measured[names[0]][part] < 100_000:
            continue
        cells = [measured[name].get(part, 0) for name in names]
        table.add(part, *(f"{cell / 1e6:.1f}" for cell in cells), *(f"{cell / article_bytes:.3f}" for cell in cells))
    table.add(
        "**the file**",
        *(f"**{totals[name] / 1e6:.1f}**" for name in names),
        *(f"**{totals[name] / article_bytes:.2f}**" for name in names),
    )
    print(table)
    if costs is not None:
        print("\nWhat a phrase costs without positions (in this process, a breakdown):\n")
        print(costs)


if __name__ == "__main__":
    main()
