#!/usr/bin/env python3
"""Known-item search over real glossaries: is the concept whose title was typed found first?

For each visible article, its title is the query, searched in the article's language
(``glossary search TITLE --lang L``): the article's concept should come first. Then the same with
one typo: one letter deleted from the title's longest word (a character of the longest run for
Chinese, Japanese and Korean), always the middle one, so that every run asks the same queries.
Titles whose longest word has fewer than four letters (a CJK run under two characters) have no
typo query.

Prints hit@1 (the concept first) and MRR@10 (1 / its rank in the first ten, else 0) per language
and for each data set, exact and with a typo, through the library (one process, one index).

    python benchmarks/bench_relevance.py                    # both data sets of /work/shared/realworld
    python benchmarks/bench_relevance.py DIR [DIR ...]      # glossaries laid out as <lang>/<slug>.md
    python benchmarks/bench_relevance.py --failures 5       # and a few queries that missed, per set
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from glossary.analysis import is_cjk, split_cjk, term_words  # noqa: E402
from glossary.corpus import load_corpus  # noqa: E402
from glossary.errors import NotFound  # noqa: E402
from glossary.index import open_index  # noqa: E402
from glossary.search import search  # noqa: E402
from glossary.text import fold  # noqa: E402

SHARED = Path("/work/shared/realworld")
DEFAULT = [SHARED / "k8s-full", SHARED / "mdn-glossary"]
DEPTH = 10


def typo_of(title: str) -> str | None:
    """The title, folded, with the middle letter of its longest word deleted; None if too short."""
    folded = fold(title)
    words = [part for word in term_words(folded) for part in split_cjk(word)]
    if not words:
        return None
    longest = max(words, key=len)  # the first of the longest
    if len(longest) < (2 if is_cjk(longest) else 4):
        return None
    cut = len(longest) // 2
    start = folded.find(longest)
    return folded[: start + cut] + folded[start + cut + 1 :]


def rank_of(index, query: str, lang: str, slug: str) -> int | None:
    """Where the concept ``slug`` comes in the hits of ``query`` (1 first), None beyond ``DEPTH``."""
    try:
        hits = search(index, query, lang=lang, limit=DEPTH, snippet_chars=20)
    except NotFound:
        return None
    for position, hit in enumerate(hits, 1):
        if hit.slug == slug:
            return position
    return None


class Tally:
    def __init__(self) -> None:
        self.count = 0
        self.first = 0
        self.reciprocal = 0.0

    def add(self, rank: int | None) -> None:
        self.count += 1
        self.first += rank == 1
        self.reciprocal += 1.0 / rank if rank else 0.0

    def cells(self) -> str:
        if not self.count:
            return "- | -"
        return f"{self.first / self.count:.2f} | {self.reciprocal / self.count:.2f}"


def evaluate(root: Path, failures: int) -> list[str]:
    corpus = load_corpus([root])
    with tempfile.TemporaryDirectory(prefix="glossary-relevance-") as cache:
        index = open_index(corpus, location=Path(cache) / "index.sqlite3")
        exact: dict[str, Tally] = defaultdict(Tally)
        typo: dict[str, Tally] = defaultdict(Tally)
        missed: list[str] = []
        start = time.perf_counter()
        for entry in index.entries():
            if not entry.title.strip():
                continue
            for tally, query in ((exact, entry.title), (typo, typo_of(entry.title))):
                if query is None:
                    continue
                rank = rank_of(index, query, entry.key, entry.slug)
                tally[entry.key].add(rank)
                tally["all"].add(rank)
                if rank != 1 and len(missed) < failures * 2:
                    missed.append(f"  {entry.key} {query!r} -> {entry.slug} at {rank or '>10'}")
        elapsed = time.perf_counter() - start
        index.conn.close()
    queries = exact["all"].count + typo["all"].count
    lines = [f"\n{root.name}: {queries} queries in {elapsed:.1f} s\n"]
    lines.append("| language | exact queries | exact hit@1 | exact MRR@10 | typo queries | typo hit@1 | typo MRR@10 |")
    lines.append("|---|---:|---:|---:|---:|---:|---:|")
    for key in sorted(exact, key=lambda key: (key == "all", key)):
        label = "**all**" if key == "all" else key
        row = f"| {label} | {exact[key].count} | {exact[key].cells()} | {typo[key].count} | {typo[key].cells()} |"
        lines.append(row)
    if missed:
        lines.append("\nmissed:\n" + "\n".join(missed))
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("roots", nargs="*", type=Path, default=DEFAULT, help="glossary folders")
    parser.add_argument("--failures", type=int, default=0, help="show a few queries that missed")
    options = parser.parse_args()
    for root in options.roots:
        print("\n".join(evaluate(root, options.failures)))


if __name__ == "__main__":
    main()
