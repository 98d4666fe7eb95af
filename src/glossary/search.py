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

Snippets come from reading the few files shown (``glossary.snippets``).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field

from glossary.analysis import Analyzer, cjk_terms, is_cjk, joined_name, lang_term, split_cjk, term_words
from glossary.errors import NotFound, UsageError
from glossary.index import NAME_COLUMNS, Index, Name
from glossary.snippets import Passage, passage_of
from glossary.text import LONGEST_TERM, fold, too_long_to_type, typed_text

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


@dataclass(frozen=True)
class Word:
    """One word of the query (folded); ``cjk`` words are runs of CJK characters."""

    text: str
    cjk: bool = False


@dataclass(frozen=True)
class Phrase:
    """Words that should be found next to each other: a quoted part, or a hyphenated word."""

    words: tuple[Word, ...]


@dataclass
class Query:
    text: str
    words: list[Word]
    phrases: list[Phrase]


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


def parse_query(text: str) -> Query:
    """Words and phrases of what the user typed. Any text is valid: operators are just words."""
    text = typed_text(text)
    found: list[Word] = []
    phrases: list[Phrase] = []
    position = 0
    parts: list[tuple[str, bool]] = []
    for match in _QUOTED.finditer(text):
        parts.append((text[position : match.start()], False))
        parts.append((match.group(1), True))
        position = match.end()
    parts.append((text[position:], False))
    for part, quoted in parts:
        chunks = [part] if quoted else part.split()
        for chunk in chunks:
            chunk_words = _words_of(chunk)
            found.extend(chunk_words)
            if len(chunk_words) > 1:
                phrases.append(Phrase(tuple(chunk_words)))
    unique = list(dict.fromkeys(found))
    return Query(text, unique, list(dict.fromkeys(phrases)))


def _words_of(chunk: str) -> list[Word]:
    result: list[Word] = []
    for word in term_words(fold(chunk)):
        for part in split_cjk(word):
            result.append(Word(part, cjk=is_cjk(part)))
    return result


# --- full-text expressions -------------------------------------------------------------------------


def _quote(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


@dataclass
class _Plan:
    """How each word of a query is looked up, for the index and for highlighting."""

    exact: set[str] = field(default_factory=set)  # terms equal to a stem of the word
    prefixes: set[str] = field(default_factory=set)  # terms beginning with one of these
    gradation: dict[str, set[str]] = field(default_factory=dict)  # language key -> shorter stems
    cjk: str | None = None
    scattered: bool = False  # a CJK run not found as written: its characters, anywhere (a typo)


def _plan(word: Word, languages: Sequence[str]) -> _Plan:
    plan = _Plan()
    if word.cjk:
        plan.cjk = word.text
        return plan
    plan.exact.add(Analyzer.for_query("").term(word.text))  # languages without a stemmer
    for lang in languages:
        analyzer = Analyzer.for_query(lang)
        stem = analyzer.term(word.text)
        plan.exact.add(stem)
        if lang.split("-")[0] in GRADATION and len(stem) >= 6 and not stem.isdigit():
            plan.gradation.setdefault(lang, set()).update(stem[:-cut] for cut in (1, 2) if len(stem) - cut >= 5)
    # The word as typed, not its stems, begins the longer words: ``kunde`` -> ``kundesentrert``.
    # (A stem as a prefix reaches too far: German "market" stems to "mark".)
    if not word.text.isdigit() and len(word.text) >= PREFIX_MIN:
        plan.prefixes.add(word.text[:_LONGEST])
    return plan


def _expression(plan: _Plan, columns: Sequence[str] | None) -> str:
    scope = "{" + " ".join(columns) + "} : " if columns else ""
    if plan.cjk is not None:
        run = plan.cjk
        if plan.scattered:
            return "(" + " AND ".join(f"{scope}({_quote(char)} *)" for char in dict.fromkeys(run)) + ")"
        if len(run) == 1:
            return f"{scope}({_quote(run)} *)"
        return f"{scope}({_quote(' '.join(cjk_terms(run)[:-1]))})"
    alternatives = [_quote(term) for term in sorted(plan.exact)]
    alternatives += [_quote(term) + " *" for term in sorted(plan.prefixes)]
    clauses = [f"{scope}({' OR '.join(alternatives)})"]
    for lang, stems in sorted(plan.gradation.items()):
        terms = " OR ".join(_quote(term) for term in sorted(stems))
        clauses.append(f"({scope}({terms}) AND lang : {_quote(lang_term(lang))})")
    return "(" + " OR ".join(clauses) + ")"


def _phrase_expression(phrase: Phrase, languages: Sequence[str], columns: Sequence[str] | None) -> str:
    scope = "{" + " ".join(columns) + "} : " if columns else ""
    variants: set[str] = set()
    for lang in list(languages) + [""]:
        analyzer = Analyzer.for_query(lang)
        terms: list[str] = []
        for word in phrase.words:
            terms.extend(cjk_terms(word.text)[:-1] or [word.text] if word.cjk else [analyzer.term(word.text)])
        variants.add(" ".join(terms))
    return f"{scope}(" + " OR ".join(_quote(variant) for variant in sorted(variants)) + ")"


# --- searching -------------------------------------------------------------------------------------


EMPTY_QUERY = "the search query is empty; give a word to look for, e.g. glossary search asiakas"


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
    query = _query_of(text)
    languages = [lang] if lang else list(index.corpus.languages)
    columns = NAME_COLUMNS if titles_only else None
    plans = {word: _plan(word, languages) for word in query.words}
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
        raise NotFound(f'no matches for "{_shown(text)}"', suggestions=_suggestions(index, tally.unmatched, lang))
    tally.phrases = _phrases_found(index, query.phrases, languages, columns, lang, tally.words.keys())
    scores = _scores(index, plans, tally, lang, columns, limit, fold(_shown(text)))
    ranked = _ranked(index, scores, limit, () if lang else prefer)
    return _hits(index, ranked, scores, plans, titles_only, snippet_chars)


# Without --lang, the reader's languages go first among hits that are otherwise alike: a few points,
# less than any difference in how well a hit matches (a word found is worth 100, a whole name 50).
PREFERENCE_POINTS = 5.0


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


def require_query(text: str) -> None:
    """``UsageError`` for a query with nothing but white space."""
    if not text.strip():
        raise UsageError(EMPTY_QUERY)


def _query_of(text: str) -> Query:
    """The query; ``UsageError`` when it is empty, ``NotFound`` when it holds no word to look for."""
    require_query(text)
    if too_long_to_type(text):
        raise UsageError(
            f'the search query "{_shown(text)}" is {len(text):,} characters long; '
            f"give at most {LONGEST_TERM:,} characters of words"
        )
    query = parse_query(text)
    if not query.words:
        raise NotFound(f'no matches for "{_shown(text)}"')
    return query


def _shown(text: str) -> str:
    """The query as said back: one line, cut to 60 characters (errors remove control sequences)."""
    text = " ".join(text.split())
    return text if len(text) <= 60 else text[:59] + "…"


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
    plans: dict[Word, _Plan],
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
        ids = index.match_ids(_expression(plan, columns), lang)
        typo = False
        if not ids and _with_stand_ins(word, plan, languages, near):
            typo = True
            ids = index.match_ids(_expression(plan, columns), lang)
        if not ids:
            tally.unmatched.append(word)
            continue
        tally.words.update(ids)
        if typo:
            tally.typos.update(ids)
        # Where the word is: bm25 alone cannot tell a title from a body in a small glossary,
        # where a word in most articles is worth almost nothing.
        tally.named.update(index.match_ids(_expression(plan, NAME_COLUMNS), lang))
        if not titles_only:
            tally.described.update(index.match_ids(_expression(plan, ("description",)), lang))
    return tally


def _with_stand_ins(word: Word, plan: _Plan, languages: Sequence[str], near: _NearWords) -> bool:
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
        other = _plan(Word(candidate), languages)
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
        found.update(index.match_ids(_phrase_expression(phrase, languages, columns), lang) & among)
    return found


def _scores(
    index: Index,
    plans: dict[Word, _Plan],
    tally: _Tally,
    lang: str | None,
    columns: Sequence[str] | None,
    limit: int | None,
    folded: str,
) -> dict[int, float]:
    """The score of each article that can make the first ``limit``: its base score, what its names
    add (``_name_scores``) and bm25.

    Names add less than ``NAME_MOST`` and bm25 less than ``RELEVANCE``, so only articles within
    those of the last one shown can move up: names and bm25, which cost more per article, are
    looked at for those only.
    """
    count = len(plans)
    base = {
        article_id: _base_score(
            found,
            tally.typos[article_id],
            tally.phrases[article_id],
            tally.named[article_id],
            tally.described[article_id],
            count,
        )
        for article_id, found in tally.words.items()
    }
    base = _name_scores(index, base, tally.name_tier, folded, limit)
    order = sorted(base.values(), reverse=True)
    threshold = order[limit - 1] - RELEVANCE if limit and len(order) > limit else float("-inf")
    candidates = [article_id for article_id, score in base.items() if score >= threshold]
    matching_any = " OR ".join(
        _expression(plan, columns) for word, plan in plans.items() if word not in tally.unmatched
    )
    ranks = {}
    if matching_any:  # empty when only names matched (a name typed joined): no bm25 to add
        ranks = index.ranks(matching_any, candidates if threshold != float("-inf") else None, lang)
    return {article_id: base[article_id] + _relevance(ranks.get(article_id, 0.0)) for article_id in candidates}


def _hits(
    index: Index,
    ranked: Sequence[int],
    scores: dict[int, float],
    plans: dict[Word, _Plan],
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


RELEVANCE = 0.29  # the most bm25 adds to a score


def _base_score(words: int, typos: int, phrases: int, named: int, described: int, count: int) -> float:
    """Words found (100 each), less typo-corrected words (10 each), plus quoted phrases found as
    written (2 each, at most 4), plus up to 0.7 for where the words are: titles, synonyms and slugs
    count double, descriptions once. ``_relevance`` then adds less than ``RELEVANCE``."""
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


def _name_scores(
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


def _relevance(rank: float) -> float:
    """bm25 (negative, lower is better) as a number from 0 up to ``RELEVANCE``."""
    relevance = max(-rank, 0.0)
    return RELEVANCE * relevance / (1.0 + relevance) * 0.999


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
            if index.match_ids(_expression(_plan(Word(candidate), languages), None), lang):
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
        plan = _plan(word, languages)
        found = index.match_ids(_expression(plan, NAME_COLUMNS))
        if not found and _with_stand_ins(word, plan, languages, near):
            found = index.match_ids(_expression(plan, NAME_COLUMNS))
        ids |= found
        if len(ids) > most:
            break
    return index.names_of(sorted(ids)[:most])
