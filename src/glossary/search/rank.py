"""Every weight of the ranking, and bm25, in one place.

A hit's score: 100 for each query word found, less 10 for each found only through a typo stand-in,
2 for each quoted phrase found as written (at most 4), up to 0.7 for where the words are (titles,
synonyms and slugs count double, descriptions once); then what names add (``name_scores``: a whole
name that is the query, one with close words in it, how close the query is to the nearest name,
with --lang the concept another language names so); then less than ``RELEVANCE`` from bm25; a few
points for the reader's languages without --lang. All that names add stays under one word found,
so a hit with more of the query's words still comes first.
"""

from __future__ import annotations

import re

from glossary.index import Index

# Languages whose stems change inside the word with the ending (consonant gradation): a query's
# stem shortened by one or two letters also counts, in articles of that language only.
GRADATION = ("fi", "et", "hu")
PREFIX_MIN = 4  # words at least this long also match longer words (compounds, derived forms)
TYPO_SCORE = 80.0  # rapidfuzz ratio for a vocabulary word to stand in for a word with no match
TYPO_WORDS = 5  # vocabulary words that may stand in for one word
SUGGEST_SCORE = 70.0  # did-you-mean threshold
SNIPPET_CHARS = 160
_LONGEST = 64  # as the index cuts terms
_QUOTED = re.compile(r'"([^"]*)"?')


# Without --lang, the reader's languages go first among hits that are otherwise alike: a few points,
# less than any difference in how well a hit matches (a word found is worth 100, a whole name 50).
PREFERENCE_POINTS = 5.0


RELEVANCE = 0.29  # the most bm25 adds to a score


def base_score(words: int, typos: int, phrases: int, named: int, described: int, count: int) -> float:
    """Words found (100 each), less typo-corrected words (10 each), plus quoted phrases found as
    written (2 each, at most 4), plus up to 0.7 for where the words are: titles, synonyms and slugs
    count double, descriptions once. ``relevance`` then adds less than ``RELEVANCE``."""
    where = (2 * named + described) / (3 * max(count, 1))
    return 100.0 * words - 10.0 * typos + 2.0 * min(phrases, 4) + 0.7 * min(where, 1.0)


# A name of the article is the query, letters and digits alike (``Cluster``, ``callbackfunction``);
# a name is the query with words close to its own (``klaster`` for ``klastrze``, a typo corrected);
# the most what the closeness of the query to the article's nearest name adds: together less than
# one word found (100).
NAME_EXACT, NAME_NEAR, NAME_CLOSE = 50.0, 30.0, 20.0


# With --lang, the concept another language names exactly as the query: after the language's own
# names that are the query, before those that are only close to it.
NAME_ELSEWHERE = 45.0


# A title that is the query goes before a synonym that is: the concept called ``कंटेनर रनटाइम इंटरफ़ेस``
# before the one whose title is that with ``(CRI)`` after it.
TITLE_POINT = 1.0


NAME_MOST = NAME_EXACT + TITLE_POINT + NAME_CLOSE


CLOSE_FROM = 60.0  # rapidfuzz ratio of query and name from which closeness counts


_NAMES_LOOKED_AT = 5000  # articles whose names are compared with the query, at most


def name_scores(
    index: Index, base: dict[int, float], tiers: dict[int, float], folded: str, limit: int | None
) -> dict[int, float]:
    """``base`` with what names add to the articles that can make the first ``limit``: their tier
    (``NAME_EXACT``, ``NAME_NEAR``), and up to ``NAME_CLOSE`` for how close the query is to their
    closest name (rapidfuzz ratio from ``CLOSE_FROM`` to 100): ``Container`` for ``conteneur``
    before the many titles holding the word among others. Known-item search: who types a whole
    name wants that article first."""
    from rapidfuzz import fuzz

    order = sorted(base.values(), reverse=True)
    reach = order[limit - 1] - NAME_MOST - RELEVANCE if limit and len(order) > limit else float("-inf")
    near = sorted((article_id for article_id, score in base.items() if score >= reach), key=lambda i: -base[i])
    names = index.folded_names(near[:_NAMES_LOOKED_AT])
    scored = dict(base)
    for article_id, tier in tiers.items():
        scored[article_id] += tier
    for article_id, folded_names in names.items():
        ratio = max(fuzz.ratio(folded, name) for name in folded_names)
        if ratio > CLOSE_FROM:
            scored[article_id] += NAME_CLOSE * (ratio - CLOSE_FROM) / (100.0 - CLOSE_FROM)
    return scored


def relevance(rank: float) -> float:
    """bm25 (negative, lower is better) as a number from 0 up to ``RELEVANCE``."""
    relevance = max(-rank, 0.0)
    return RELEVANCE * relevance / (1.0 + relevance) * 0.999
