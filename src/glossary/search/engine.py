"""Full-text search: what a user typed -> ranked articles, each with the section and line that matched.

A query is cut into words (quoted parts are phrases). Each word becomes a full-text expression over
the index's terms (``glossary.analysis.Analyzer``): its stem in every language of the glossary, and
longer words beginning with the word as typed (compounds: ``kunde`` finds ``kundesentrert``); in
Finnish, Estonian and Hungarian also slightly shorter stems, whose consonants change with the
ending (``asiakas`` finds ``asiakkaan``). A Chinese, Japanese or Korean word is a phrase of
character pairs, found anywhere. A word with no such match anywhere is replaced by the closest
words of the glossary's vocabulary (typos: ``asiakss``), and articles found that way rank below
exact ones.

Ranking, best first: articles with more of the words; then with fewer words found only by typo
correction; then with more quoted phrases (and hyphenated words) found as written, words adjacent;
then with the words in titles, synonyms and slugs, then in descriptions; then by bm25 relevance
(which weighs those parts more than the body too). The ``score`` encodes that order: higher is
better.

Snippets come from reading the few files shown (``glossary.search.snippets``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field

from glossary.analysis import is_cjk, joined_name, split_cjk, term_words
from glossary.errors import NotFound
from glossary.index import NAME_COLUMNS, Index, Name
from glossary.search.query import (
    Phrase,
    Plan,
    Word,
    expression_of,
    parse_query,
    phrase_expression,
    plan_of,
    query_of,
    shown,
)
from glossary.search.rank import (
    NAME_ELSEWHERE,
    NAME_EXACT,
    NAME_NEAR,
    PREFERENCE_POINTS,
    RELEVANCE,
    TITLE_POINT,
    base_score,
    name_scores,
    relevance,
)
from glossary.search.snippets import Passage, passage_of
from glossary.text import fold, typed_text

TYPO_SCORE = 80.0  # rapidfuzz ratio for a vocabulary word to stand in for a word with no match
TYPO_WORDS = 5  # vocabulary words that may stand in for one word
SUGGEST_SCORE = 70.0  # did-you-mean threshold
SNIPPET_CHARS = 160


@dataclass
class SearchHit:
    """One article found: what to show and how well it matched (``score``: higher is better)."""

    slug: str
    lang: str
    title: str
    section: str | None
    passage: Passage
    score: float
    path: str = ""


# --- reading the query -----------------------------------------------------------------------------


# --- full-text expressions -------------------------------------------------------------------------


# --- searching -------------------------------------------------------------------------------------


def search(
    index: Index,
    text: str,
    *,
    lang: str | None = None,
    limit: int | None = 10,
    titles_only: bool = False,
    snippet_chars: int = SNIPPET_CHARS,
    prefer: Sequence[str] = (),
) -> list[SearchHit]:
    """Ranked hits for ``text`` (``lang`` is a language key already checked). Raises ``UsageError``
    for an empty query and ``NotFound`` (with did-you-mean words) when nothing matches. Without
    ``lang``, hits in the ``prefer`` languages (keys, best first) go first among hits alike.

    The stages: parse the query, find the articles holding each word (typo stand-ins for a word
    found nowhere), count the phrases found as written, score, cut to ``limit``, then read the
    files shown for their passages (of about ``snippet_chars`` characters).
    """
    text = typed_text(text)
    query = query_of(text)
    languages = [lang] if lang else list(index.corpus.languages)
    columns = NAME_COLUMNS if titles_only else None
    plans = {word: plan_of(word, languages) for word in query.words}
    near = _NearWords(index, lang)
    tally = _tally_words(index, plans, languages, lang, titles_only, near)
    tally.name_tier = _names_found(index, text, near, lang)
    if lang:
        for article_id, tier in _named_elsewhere(index, text, lang).items():
            tally.name_tier.setdefault(article_id, tier)
    for article_id, tier in tally.name_tier.items():
        if article_id not in tally.words:  # a name typed joined or split: every word
            tally.words[article_id] = len(plans)
            if tier == NAME_NEAR:  # ... with a word replaced by a close one: a typo, as a stand-in is
                tally.typos[article_id] = 1
    if not tally.words:
        raise NotFound(f'no matches for "{shown(text)}"', suggestions=_suggestions(index, tally.unmatched, lang))
    tally.phrases = _phrases_found(index, query.phrases, languages, columns, lang, tally.words.keys())
    scores = _scores(index, plans, tally, lang, columns, limit, fold(shown(text)))
    ranked = _ranked(index, scores, limit, () if lang else prefer)
    return _hits(index, ranked, scores, plans, titles_only, snippet_chars)


def _ranked(index: Index, scores: dict[int, float], limit: int | None, prefer: Sequence[str] = ()) -> list[int]:
    """Article ids best first, cut to ``limit``; equal scores by slug then language, the same on
    every build (row ids are not). Hits in the ``prefer`` languages (best first) gain a little."""
    ranked = sorted(scores, key=lambda article_id: -scores[article_id])
    if limit and len(ranked) > limit:
        last = scores[ranked[limit - 1]] - (PREFERENCE_POINTS if prefer else 0.0)
        ranked = [article_id for article_id in ranked if scores[article_id] >= last]
    keys = index.keys_of(ranked)
    points = {lang: PREFERENCE_POINTS * (len(prefer) - rank) / len(prefer) for rank, lang in enumerate(prefer)}

    for article_id in ranked if points else ():  # the score shown is the score that ranked the hit
        scores[article_id] += points.get(keys.get(article_id, ("", ""))[1], 0.0)
    ranked.sort(key=lambda article_id: (-scores[article_id], keys.get(article_id, ("", ""))))
    return ranked[:limit] if limit else ranked


@dataclass
class _Tally:
    """Which articles hold which words of a query: per article id, how many of its words."""

    words: Counter[int] = field(default_factory=Counter)  # query words found
    typos: Counter[int] = field(default_factory=Counter)  # of those, found only through stand-ins
    named: Counter[int] = field(default_factory=Counter)  # in titles, synonyms or slugs
    described: Counter[int] = field(default_factory=Counter)  # in descriptions
    phrases: Counter[int] = field(default_factory=Counter)  # quoted phrases found as written
    name_tier: dict[int, float] = field(default_factory=dict)  # a name is the query: NAME_EXACT or NAME_NEAR
    unmatched: list[Word] = field(default_factory=list)  # words found nowhere, stand-ins included


def _tally_words(
    index: Index,
    plans: dict[Word, Plan],
    languages: Sequence[str],
    lang: str | None,
    titles_only: bool,
    near: _NearWords,
) -> _Tally:
    """For each word, the articles holding it (through typo stand-ins when it is nowhere as typed),
    and which of them hold it in their names or description.

    Which articles match which words costs little (sets of ids); bm25 costs more and comes later.
    """
    columns = NAME_COLUMNS if titles_only else None
    tally = _Tally()
    for word, plan in plans.items():
        ids = index.match_ids(expression_of(plan, columns), lang)
        typo = False
        if not ids and _with_stand_ins(word, plan, languages, near):
            typo = True
            ids = index.match_ids(expression_of(plan, columns), lang)
        if not ids:
            tally.unmatched.append(word)
            continue
        tally.words.update(ids)
        if typo:
            tally.typos.update(ids)
        # Where the word is: bm25 alone cannot tell a title from a body in a small glossary,
        # where a word in most articles is worth almost nothing.
        tally.named.update(index.match_ids(expression_of(plan, NAME_COLUMNS), lang))
        if not titles_only:
            tally.described.update(index.match_ids(expression_of(plan, ("description",)), lang))
    return tally


def _with_stand_ins(word: Word, plan: Plan, languages: Sequence[str], near: _NearWords) -> bool:
    """Widen ``plan`` with the vocabulary words close to ``word`` (a typo, most likely): their stems,
    prefixes and shorter stems of consonant gradation; a CJK run of two characters or more becomes
    its characters, found anywhere. Whether there were any: a number has none."""
    if word.cjk:
        plan.scattered = len(word.text) > 1
        return plan.scattered
    if word.text.isdigit():
        return False
    stand_ins = near.stand_ins(word.text)
    for candidate in stand_ins:
        other = plan_of(Word(candidate), languages)
        plan.exact |= other.exact
        plan.prefixes |= other.prefixes
        for key, stems in other.gradation.items():
            plan.gradation.setdefault(key, set()).update(stems)
    return bool(stand_ins)


def _phrases_found(
    index: Index,
    phrases: Sequence[Phrase],
    languages: Sequence[str],
    columns: Sequence[str] | None,
    lang: str | None,
    among: AbstractSet[int],
) -> Counter[int]:
    """How many of the phrases each of the articles ``among`` holds as written, words adjacent."""
    found: Counter[int] = Counter()
    for phrase in phrases:
        found.update(index.match_ids(phrase_expression(phrase, languages, columns), lang) & among)
    return found


def _scores(
    index: Index,
    plans: dict[Word, Plan],
    tally: _Tally,
    lang: str | None,
    columns: Sequence[str] | None,
    limit: int | None,
    folded: str,
) -> dict[int, float]:
    """The score of each article that can make the first ``limit``: its base score, what its names
    add (``name_scores``) and bm25.

    Names add less than ``NAME_MOST`` and bm25 less than ``RELEVANCE``, so only articles within
    those of the last one shown can move up: names and bm25, which cost more per article, are
    looked at for those only.
    """
    count = len(plans)
    base = {
        article_id: base_score(
            found,
            tally.typos[article_id],
            tally.phrases[article_id],
            tally.named[article_id],
            tally.described[article_id],
            count,
        )
        for article_id, found in tally.words.items()
    }
    base = name_scores(index, base, tally.name_tier, folded, limit)
    order = sorted(base.values(), reverse=True)
    threshold = order[limit - 1] - RELEVANCE if limit and len(order) > limit else float("-inf")
    candidates = [article_id for article_id, score in base.items() if score >= threshold]
    matching_any = " OR ".join(
        expression_of(plan, columns) for word, plan in plans.items() if word not in tally.unmatched
    )
    ranks = {}
    if matching_any:  # empty when only names matched (a name typed joined): no bm25 to add
        ranks = index.ranks(matching_any, candidates if threshold != float("-inf") else None, lang)
    return {article_id: base[article_id] + relevance(ranks.get(article_id, 0.0)) for article_id in candidates}


def _hits(
    index: Index,
    ranked: Sequence[int],
    scores: dict[int, float],
    plans: dict[Word, Plan],
    titles_only: bool,
    snippet_chars: int,
) -> list[SearchHit]:
    """The hits in rank order, each with the section and passage that matched (reads those files)."""
    entries = index.entries_by_id(ranked)
    hits: list[SearchHit] = []
    for article_id in ranked:
        entry = entries.get(article_id)
        if entry is None:
            continue
        section, passage = passage_of(entry, plans.values(), titles_only, snippet_chars)
        score = round(scores[article_id], 3)
        hits.append(SearchHit(entry.slug, entry.lang, entry.title, section, passage, score, entry.path))
    return hits


NEAR_NAME_SCORE = 75.0  # rapidfuzz ratio for a vocabulary word to stand in for a word in a name
NEAR_KEYS = 64  # variants of the query, words replaced by close ones, looked up among names


class _NearWords:
    """Words of the vocabulary close to a query word (``Index.near_words``, scored with rapidfuzz
    ratio), each looked up once per search."""

    def __init__(self, index: Index, lang: str | None) -> None:
        self.index, self.lang = index, lang
        self.found: dict[str, list[tuple[str, float]]] = {}

    def close(self, word: str) -> list[tuple[str, float]]:
        if word not in self.found:
            self.found[word] = _close_words(self.index, word, self.lang, NEAR_NAME_SCORE, TYPO_WORDS)
        return self.found[word]

    def stand_ins(self, word: str) -> list[str]:
        """Words close enough to ``word`` to search for instead (a typo, most likely)."""
        return [candidate for candidate, score in self.close(word) if score >= TYPO_SCORE]


def _names_found(index: Index, text: str, near: _NearWords, lang: str | None) -> dict[int, float]:
    """Articles with a name that is the query, letters and digits alike, words joined or split
    (``NAME_EXACT``), or the query with some words replaced by close ones (``NAME_NEAR``):
    ``klaster`` for ``klastrze``, ``узел`` for ``узла``, a typo corrected."""
    import itertools

    words = [part for word in term_words(fold(text)) for part in split_cjk(word)]
    if not words:
        return {}
    exact = "".join(words)
    choices = [
        [word] + ([] if is_cjk(word) or word.isdigit() else [other for other, _ in near.close(word)]) for word in words
    ]
    keys = {"".join(variant) for variant in itertools.islice(itertools.product(*choices), NEAR_KEYS)}
    tiers: dict[int, float] = {}
    for article_id, joined, kind in index.names_joined(sorted(keys), lang):
        tier = NAME_NEAR if joined != exact else NAME_EXACT + (TITLE_POINT if kind == "title" else 0.0)
        tiers[article_id] = max(tier, tiers.get(article_id, 0.0))
    return tiers


def _named_elsewhere(index: Index, text: str, lang: str) -> dict[int, float]:
    """The articles in ``lang`` of the concepts another language names exactly as the query
    (``NAME_ELSEWHERE``): the English title searched with ``--lang ja`` finds the Japanese article
    of that concept, whatever the Japanese title is."""
    exact = joined_name(fold(text))
    if not exact:
        return {}
    named = index.names_joined([exact])
    keys = index.keys_of(article_id for article_id, _, _ in named)
    slugs = {slug for slug, key in keys.values() if key != lang}
    return dict.fromkeys(index.ids_of(slugs, lang).values(), NAME_ELSEWHERE) if slugs else {}


def _close_words(index: Index, word: str, lang: str | None, cutoff: float, limit: int) -> list[tuple[str, float]]:
    """Vocabulary words close to ``word`` with their rapidfuzz ratio, closest first."""
    from rapidfuzz import fuzz, process

    if len(word) < 3:
        return []
    shortest, longest = max(2, len(word) * 2 // 3), len(word) * 3 // 2 + 1
    vocabulary = index.near_words(word, lang, shortest=shortest, longest=longest)
    extracted = process.extract(word, vocabulary, scorer=fuzz.ratio, score_cutoff=cutoff, limit=limit * 4)
    results = [(candidate, score) for candidate, score, _ in extracted if candidate != word]
    results.sort(key=lambda item: (-item[1], abs(len(item[0]) - len(word)), item[0]))
    return results[:limit]


def _suggestions(index: Index, unmatched: Sequence[Word], lang: str | None) -> list[str]:
    """Did-you-mean words for the words that matched nothing, checked to find something now."""
    suggestions: list[str] = []
    languages = [lang] if lang else list(index.corpus.languages)
    for word in unmatched:
        if word.cjk or word.text.isdigit():
            continue
        for candidate, _ in _close_words(index, word.text, lang, SUGGEST_SCORE, 8):
            if candidate in suggestions:
                continue
            if index.match_ids(expression_of(plan_of(Word(candidate), languages), None), lang):
                suggestions.append(candidate)
            if len(suggestions) >= 5:
                return suggestions
    return suggestions


def names_matching(index: Index, text: str, most: int = 20_000) -> list[Name]:
    """``(folded name, kind, slug, language key)`` of the articles whose title, synonyms or slug
    contain a word of ``text``: stemmed, as a prefix, or standing in for a typo. Fuzzy ``show``
    scores these few names instead of every name of the glossary."""
    text = typed_text(text)
    query = parse_query(text)
    languages = list(index.corpus.languages)
    near = _NearWords(index, None)
    ids: set[int] = set(_names_found(index, text, near, None))
    for word in query.words:
        plan = plan_of(word, languages)
        found = index.match_ids(expression_of(plan, NAME_COLUMNS))
        if not found and _with_stand_ins(word, plan, languages, near):
            found = index.match_ids(expression_of(plan, NAME_COLUMNS))
        ids |= found
        if len(ids) > most:
            break
    return index.names_of(sorted(ids)[:most])
