#!/usr/bin/env python3
"""Known-item search over real glossaries: is the concept whose title was typed found first?

For each visible article, its title is the query, searched in the article's language
(``glossary search TITLE --lang L``): the article's concept should come first. Then the title as
readers also type it, each a variant with its own column:

- ``exact``: the title as the index holds it;
- ``typo``: one letter deleted from the title's longest word (a character of the longest run for
  Chinese, Japanese and Korean), always the middle one; words under four letters (CJK runs under
  two characters) have none;
- ``swap``: the two middle letters of the longest word swapped (words of four letters or more);
- ``two edits``: two letters of the longest word deleted, at a third and two thirds of it (words of
  seven letters or more, CJK runs of four characters or more);
- ``full-width``: the title's ASCII letters and digits typed full-width (titles that have some);
- ``as written``: the title as the file writes it, and as ``show`` prints it, where it carries a
  note (``노드 (원문, Node)``, ``节点（Node）``): both are queries;
- ``other script``: Chinese typed in the other script (a zh-cn title in Traditional characters, a
  zh-tw one in Simplified, converted with OpenCC) and Japanese katakana typed as hiragana (titles
  that change);
- ``no accents``: a Latin title typed without its accents (titles that have some);
- ``English``: the source language's title searched with ``--lang L`` finds L's article of the
  concept (each translated article whose concept the source language has).

Prints hit@1 (the concept first) and MRR@10 (1 / its rank in the first ten, else 0) per language
and for each data set, through the library (one process, one index).

    python benchmarks/bench_relevance.py                    # both data sets of /work/shared/realworld
    python benchmarks/bench_relevance.py DIR [DIR ...]      # glossaries laid out as <lang>/<slug>.md
    python benchmarks/bench_relevance.py --failures 5       # and a few queries that missed, per set
    python benchmarks/bench_relevance.py --markdown         # one table per data set, hit@1 only
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from glossary.analysis import is_cjk, split_cjk, term_words  # noqa: E402
from glossary.articles import read_article  # noqa: E402
from glossary.corpus import load_corpus  # noqa: E402
from glossary.errors import GlossaryError, NotFound, UsageError  # noqa: E402
from glossary.index import open_index  # noqa: E402
from glossary.search.engine import search  # noqa: E402
from glossary.text import fold  # noqa: E402

SHARED = Path("/work/shared/realworld")
DEFAULT = [SHARED / "k8s-full", SHARED / "mdn-glossary"]
DEPTH = 10
VARIANTS = ("exact", "typo", "swap", "two edits", "full-width", "as written", "other script", "no accents", "English")


def _longest(title: str) -> tuple[str, str, int] | None:
    """The folded title, its longest word (the first of them; CJK runs count as words) and where it starts."""
    folded = fold(title)
    words = [part for word in term_words(folded) for part in split_cjk(word)]
    if not words:
        return None
    longest = max(words, key=len)
    return folded, longest, folded.find(longest)


def typo_of(title: str) -> str | None:
    """The title, folded, with the middle letter of its longest word deleted; None if too short."""
    found = _longest(title)
    if found is None or len(found[1]) < (2 if is_cjk(found[1]) else 4):
        return None
    folded, longest, start = found
    cut = start + len(longest) // 2
    return folded[:cut] + folded[cut + 1 :]


def swap_of(title: str) -> str | None:
    """The title, folded, with the two middle letters of its longest word swapped (five letters or
    more: a swap in four letters changes half of them)."""
    found = _longest(title)
    if (
        found is None
        or is_cjk(found[1])
        or len(found[1]) < 5
        or found[1][len(found[1]) // 2 - 1] == found[1][len(found[1]) // 2]
    ):
        return None
    folded, longest, start = found
    at = start + len(longest) // 2 - 1
    return folded[:at] + folded[at + 1] + folded[at] + folded[at + 2 :]


def two_edits_of(title: str) -> str | None:
    """The title, folded, with letters at a third and two thirds of its longest word deleted."""
    found = _longest(title)
    if found is None or len(found[1]) < (4 if is_cjk(found[1]) else 7):
        return None
    folded, longest, start = found
    first, second = start + len(longest) // 3, start + 2 * len(longest) // 3
    return folded[:first] + folded[first + 1 : second] + folded[second + 1 :]


def full_width_of(title: str) -> str | None:
    """The title with its ASCII letters and digits typed full-width; None if it has none."""
    if not any(char.isascii() and char.isalnum() for char in title):
        return None
    return "".join(chr(ord(char) + 0xFEE0) if char.isascii() and char.isalnum() else char for char in title)


def written_of(article) -> list[str]:
    """The title as the file writes it and as ``show`` prints it, when it carries a note."""
    if not article.title_note:
        return []
    written = article.metadata.get("title") if isinstance(article.metadata.get("title"), str) else None
    printed = f"{article.title} ({article.title_note})"
    return list(dict.fromkeys(form.strip() for form in (written, printed) if form))


_KATAKANA = {code: code - 0x60 for code in range(0x30A1, 0x30F7)}


def other_script_of(title: str, key: str) -> str | None:
    """The title typed in the other script: zh-cn in Traditional, zh-tw in Simplified, Japanese
    katakana as hiragana; None when that changes nothing."""
    import opencc

    if key in ("zh-cn", "zh-sg", "zh-hans", "zh"):
        typed = opencc.OpenCC("s2t").convert(title)
    elif key in ("zh-tw", "zh-hk", "zh-hant"):
        typed = opencc.OpenCC("t2s").convert(title)
    elif key.split("-")[0] == "ja":
        typed = title.translate(_KATAKANA)
    else:
        return None
    return typed if typed != title else None


# Latin letters that are no letter plus an accent, as a keyboard without them types them.
_PLAIN_LETTERS = str.maketrans(
    {"đ": "d", "Đ": "D", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "ß": "ss", "æ": "ae", "œ": "oe"}
)


def without_accents(title: str) -> str | None:
    """A Latin title without its accents (combining marks removed); None if it has none."""
    import unicodedata

    if not any(unicodedata.name(char, "").startswith("LATIN") and not char.isascii() for char in title):
        return None
    plain = title.translate(_PLAIN_LETTERS)
    bare = "".join(char for char in unicodedata.normalize("NFD", plain) if not unicodedata.combining(char))
    bare = unicodedata.normalize("NFC", bare)
    return bare if bare != title else None


def rank_of(index, query: str, lang: str, slug: str) -> int | None:
    """Where the concept ``slug`` comes in the hits of ``query`` (1 first), None beyond ``DEPTH``."""
    try:
        hits = search(index, query, lang=lang, limit=DEPTH, snippet_chars=20)
    except (NotFound, UsageError):
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

    def hit(self) -> str:
        return f"{self.first / self.count:.2f}" if self.count else "-"

    def cells(self) -> str:
        if not self.count:
            return "- | -"
        return f"{self.first / self.count:.2f} | {self.reciprocal / self.count:.2f}"


EDITS = (("typo", typo_of), ("swap", swap_of), ("two edits", two_edits_of), ("full-width", full_width_of))


def queries_of(entry, article, source_titles: dict[str, str], source: str | None) -> Iterator[tuple[str, str]]:
    """``(variant, query)`` of one article's title."""
    title = entry.title
    yield "exact", title
    for variant, make in EDITS:
        query = make(title)
        if query is not None:
            yield variant, query
    for form in written_of(article) if article is not None else ():
        yield "as written", form
    other = other_script_of(title, entry.key)
    if other is not None:
        yield "other script", other
    bare = without_accents(title)
    if bare is not None:
        yield "no accents", bare
    english = source_titles.get(entry.slug)
    if entry.key != source and english:
        yield "English", english


def evaluate(root: Path, failures: int, markdown: bool) -> list[str]:
    corpus = load_corpus([root])
    with tempfile.TemporaryDirectory(prefix="glossary-relevance-") as cache:
        index = open_index(corpus, location=Path(cache) / "index.sqlite3")
        tallies: dict[str, dict[str, Tally]] = {variant: defaultdict(Tally) for variant in VARIANTS}
        missed: dict[str, list[str]] = defaultdict(list)
        entries = [entry for entry in index.entries() if entry.title.strip()]
        source = corpus.source
        source_titles = {entry.slug: entry.title for entry in entries if entry.key == source}
        start = time.perf_counter()
        for entry in entries:
            try:
                article = read_article(entry.path, slug=entry.slug, lang=entry.lang)
            except GlossaryError:
                article = None
            for variant, query in queries_of(entry, article, source_titles, source):
                rank = rank_of(index, query, entry.key, entry.slug)
                tallies[variant][entry.key].add(rank)
                tallies[variant]["all"].add(rank)
                if rank != 1 and len(missed[variant]) < failures:
                    missed[variant].append(f"  {variant}: {entry.key} {query!r} -> {entry.slug} at {rank or '>10'}")
        elapsed = time.perf_counter() - start
        index.conn.close()
    queries = sum(tally["all"].count for tally in tallies.values())
    keys = sorted(tallies["exact"], key=lambda key: (key == "all", key))
    lines = [f"\n{root.name}: {queries} queries in {elapsed:.1f} s\n"]
    if markdown:
        lines.append("| language | " + " | ".join(VARIANTS) + " |")
        lines.append("|---|" + "---:|" * len(VARIANTS))
        for key in keys:
            label = "**all**" if key == "all" else key
            counted = [tallies[variant][key] for variant in VARIANTS]
            cells = [f"{tally.hit()} ({tally.count})" if tally.count else "-" for tally in counted]
            lines.append(f"| {label} | " + " | ".join(cells) + " |")
    else:
        lines.append("| variant | language | queries | hit@1 | MRR@10 |")
        lines.append("|---|---|---:|---:|---:|")
        for variant in VARIANTS:
            for key in keys:
                tally = tallies[variant].get(key)
                if tally is not None and tally.count:
                    label = "**all**" if key == "all" else key
                    lines.append(f"| {variant} | {label} | {tally.count} | {tally.cells()} |")
    for variant in VARIANTS:
        if missed[variant]:
            lines.append("\nmissed:\n" + "\n".join(missed[variant]))
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("roots", nargs="*", type=Path, default=DEFAULT, help="glossary folders")
    parser.add_argument("--failures", type=int, default=0, help="show a few queries that missed, per variant")
    parser.add_argument("--markdown", action="store_true", help="one table per data set: hit@1 (queries)")
    options = parser.parse_args()
    for root in options.roots:
        print("\n".join(evaluate(root, options.failures, options.markdown)))


if __name__ == "__main__":
    main()
