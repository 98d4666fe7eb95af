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

Snippets come from reading the few files shown: the article's reader text (comments, shortcodes
and link targets hidden), the section with most matched words, one line around the first match.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field

from glossary.analysis import Analyzer, cjk_terms, has_cjk, is_cjk, lang_term, split_cjk, term_words
from glossary.errors import NotFound, UsageError
from glossary.index import NAME_COLUMNS, Index, Name, without_link_targets
from glossary.text import fold

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


@dataclass(frozen=True)
class Passage:
    """The words around the first match of a hit, on one line: white space collapsed, the list and
    quote markers that begin lines dropped. Up to twice ``SearchHit``'s character budget: the view
    cuts it to the terminal cells it has (``glossary.views.search``)."""

    text: str
    highlights: list[tuple[int, int]]  # (start, end) in ``text`` of matched words
    cut_before: bool = False  # the text begins inside its paragraph
    more_after: bool = False  # the paragraph goes on after the text


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
    text = re.sub("[\ud800-\udfff]", "\ufffd", text)  # undecodable command-line bytes
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
) -> list[SearchHit]:
    """Ranked hits for ``text`` (``lang`` is a language key already checked). Raises ``UsageError``
    for an empty query and ``NotFound`` (with did-you-mean words) when nothing matches.

    The stages: parse the query, find the articles holding each word (typo stand-ins for a word
    found nowhere), count the phrases found as written, score, cut to ``limit``, then read the
    files shown for their passages (of about ``snippet_chars`` characters).
    """
    query = _query_of(text)
    languages = [lang] if lang else list(index.corpus.languages)
    columns = NAME_COLUMNS if titles_only else None
    plans = {word: _plan(word, languages) for word in query.words}
    tally = _tally_words(index, plans, languages, lang, titles_only)
    if not tally.words:
        raise NotFound(f'no matches for "{_shown(text)}"', suggestions=_suggestions(index, tally.unmatched, lang))
    tally.phrases = _phrases_found(index, query.phrases, languages, columns, lang, tally.words.keys())
    scores = _scores(index, plans, tally, lang, columns, limit)
    ranked = sorted(scores, key=lambda article_id: (-scores[article_id], article_id))
    return _hits(index, ranked[:limit] if limit else ranked, scores, plans, titles_only, snippet_chars)


def require_query(text: str) -> None:
    """``UsageError`` for a query with nothing but white space."""
    if not text.strip():
        raise UsageError(EMPTY_QUERY)


def _query_of(text: str) -> Query:
    """The query; ``UsageError`` when it is empty, ``NotFound`` when it holds no word to look for."""
    require_query(text)
    query = parse_query(text)
    if not query.words:
        raise NotFound(f'no matches for "{_shown(text)}"')
    return query


def _shown(text: str) -> str:
    return " ".join(text.split())


@dataclass
class _Tally:
    """Which articles hold which words of a query: per article id, how many of its words."""

    words: Counter[int] = field(default_factory=Counter)  # query words found
    typos: Counter[int] = field(default_factory=Counter)  # of those, found only through stand-ins
    named: Counter[int] = field(default_factory=Counter)  # in titles, synonyms or slugs
    described: Counter[int] = field(default_factory=Counter)  # in descriptions
    phrases: Counter[int] = field(default_factory=Counter)  # quoted phrases found as written
    unmatched: list[Word] = field(default_factory=list)  # words found nowhere, stand-ins included


def _tally_words(
    index: Index, plans: dict[Word, _Plan], languages: Sequence[str], lang: str | None, titles_only: bool
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
        if not ids and _with_stand_ins(index, word, plan, languages, lang):
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


def _with_stand_ins(index: Index, word: Word, plan: _Plan, languages: Sequence[str], lang: str | None) -> bool:
    """Widen ``plan`` with the vocabulary words close to ``word`` (a typo, most likely): their stems,
    prefixes and shorter stems of consonant gradation. Whether there were any: a CJK run or a
    number has none."""
    if word.cjk or word.text.isdigit():
        return False
    stand_ins = _stand_ins(index, word.text, lang)
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
) -> dict[int, float]:
    """The score of each article that can make the first ``limit``: its base score plus bm25.

    bm25 adds less than ``RELEVANCE``, so only articles within that of the last one shown can move
    up: bm25, which costs more per article, is computed for those only.
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
    order = sorted(base.values(), reverse=True)
    threshold = order[limit - 1] - RELEVANCE if limit and len(order) > limit else float("-inf")
    candidates = [article_id for article_id, score in base.items() if score >= threshold]
    matching_any = " OR ".join(
        _expression(plan, columns) for word, plan in plans.items() if word not in tally.unmatched
    )
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
        section, passage = _passage(entry, plans, titles_only, snippet_chars)
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


def _relevance(rank: float) -> float:
    """bm25 (negative, lower is better) as a number from 0 up to ``RELEVANCE``."""
    relevance = max(-rank, 0.0)
    return RELEVANCE * relevance / (1.0 + relevance) * 0.999


def _stand_ins(index: Index, word: str, lang: str | None) -> list[str]:
    """Vocabulary words close enough to ``word`` to search for instead (a typo, most likely)."""
    return [candidate for candidate, _ in _close_words(index, word, lang, TYPO_SCORE, TYPO_WORDS)]


def _close_words(index: Index, word: str, lang: str | None, cutoff: float, limit: int) -> list[tuple[str, float]]:
    from rapidfuzz import fuzz, process

    if len(word) < 3:
        return []
    shortest, longest = max(2, len(word) * 2 // 3), len(word) * 3 // 2 + 1
    vocabulary = index.vocabulary(lang, shortest=shortest, longest=longest)
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
    query = parse_query(text)
    languages = list(index.corpus.languages)
    ids: set[int] = set()
    for word in query.words:
        plan = _plan(word, languages)
        found = index.match_ids(_expression(plan, NAME_COLUMNS))
        if not found and _with_stand_ins(index, word, plan, languages, None):
            found = index.match_ids(_expression(plan, NAME_COLUMNS))
        ids |= found
        if len(ids) > most:
            break
    return index.names_of(sorted(ids)[:most])


# --- snippets --------------------------------------------------------------------------------------

_WORD = re.compile(r"[^\W_]+")


def _pieces(text: str):
    """``(offset, piece)``: runs of letters and digits, a CJK run cut from the letters around it."""
    for match in _WORD.finditer(text):
        word = match.group()
        if word.isascii() or not has_cjk(word):
            yield match.start(), word
            continue
        offset = match.start()
        for part in split_cjk(word):
            yield offset, part
            offset += len(part)


class _Matcher:
    """Finds the matched words of a query in an article's text, as spans of the original text."""

    def __init__(self, plans: dict[Word, _Plan], langkey: str) -> None:
        self.analyzer = Analyzer.for_query(langkey)
        self.exact: dict[str, int] = {}
        self.prefixes: list[tuple[str, int]] = []
        self.cjk: list[tuple[str, int]] = []
        for position, plan in enumerate(plans.values()):
            if plan.cjk is not None:
                self.cjk.append((plan.cjk, position))
                continue
            for term in set(plan.exact) | plan.gradation.get(langkey, set()):
                self.exact.setdefault(term, position)
            self.prefixes.extend((prefix, position) for prefix in plan.prefixes)
        self.prefixes.sort(key=lambda item: -len(item[0]))

    def spans(self, text: str) -> list[tuple[int, int, int]]:
        """``(start, end, query word position)`` of each matched word in ``text``."""
        found: list[tuple[int, int, int]] = []
        for offset, piece in _pieces(text):
            if is_cjk(piece):
                if self.cjk:
                    found.extend(self._cjk_spans(offset, piece))
                continue
            for word in term_words(fold(piece)):
                position = self._owner(self.analyzer.term(word))
                if position is not None:
                    found.append((offset, offset + len(piece), position))
                    break
        return found

    def _owner(self, term: str) -> int | None:
        position = self.exact.get(term)
        if position is not None:
            return position
        for prefix, position in self.prefixes:
            if term.startswith(prefix):
                return position
        return None

    def _cjk_spans(self, offset: int, piece: str) -> list[tuple[int, int, int]]:
        folded = fold(piece)
        same_length = len(folded) == len(piece)
        spans = []
        for run, position in self.cjk:
            start = folded.find(run)
            while start != -1:
                if same_length:
                    spans.append((offset + start, offset + start + len(run), position))
                else:
                    spans.append((offset, offset + len(piece), position))
                    break
                start = folded.find(run, start + len(run))
        return spans


def _passage(entry, plans: dict[Word, _Plan], titles_only: bool, limit: int) -> tuple[str | None, Passage]:
    """``(section heading or None, passage)`` for a hit: the block with most matched words."""
    matcher = _Matcher(plans, entry.key)
    blocks: list[tuple[str | None, str]] = []
    if not titles_only:
        blocks = _reader_blocks(entry)
    best: tuple[tuple[int, int], str | None, str, list[tuple[int, int, int]]] | None = None
    wanted = len(plans)
    for order, (heading, text) in enumerate(blocks):
        spans = matcher.spans(text)
        if not spans:
            continue
        quality = (len({position for _, _, position in spans}), -order)
        if best is None or quality > best[0]:
            best = (quality, heading, text, spans)
            if quality[0] >= wanted:
                break  # no later block can do better
    if best is None:
        for text in (entry.description, ", ".join(entry.aka), entry.title):
            spans = matcher.spans(text) if text else []
            if spans:
                best = ((0, 0), None, text, spans)
                break
    if best is None:
        return None, _passage_around(entry.description or entry.title, [], limit)
    _, heading, text, spans = best
    if heading is not None and text == heading:
        # Only the heading matched: the header line names it; show how its section begins.
        body = next((block for name, block in blocks if name == heading and block != heading and block.strip()), "")
        if body:
            return heading, _passage_around(body, [], limit)
    return heading, _passage_around(text, [(start, end) for start, end, _ in spans], limit)


def _reader_blocks(entry) -> list[tuple[str | None, str]]:
    """The lead (heading None), each section's text, then each heading, as a reader sees them.

    Only the body is parsed: the title and description are in the index, and skipping the front
    matter spares loading a YAML parser for the few files a search shows.
    """
    from glossary.articles import clean_markdown, split_body, split_front_matter
    from glossary.text import sanitize

    try:
        with open(entry.path, "rb") as handle:
            text = sanitize(handle.read().decode("utf-8-sig"))
    except (OSError, UnicodeDecodeError):
        return []
    _, body, first_line = split_front_matter(text)
    _, lead_source, sections = split_body(body, first_line=first_line)
    lead_lines = clean_markdown(lead_source, first_line, []).split("\n")
    lead = "\n".join(line for line in lead_lines if not line.startswith("# "))
    blocks: list[tuple[str | None, str]] = [(None, without_link_targets(lead))] if lead.strip() else []
    headings = [" ".join(clean_markdown(heading, 0, []).split()) for heading, _, _, _ in sections]
    blocks.extend(
        (heading, without_link_targets(clean_markdown(content, line + 1, [])))
        for heading, (_, content, _, line) in zip(headings, sections, strict=True)
    )
    blocks.extend((heading, heading) for heading in headings)
    return blocks


_MARKER = re.compile(r"[ \t]*(?:[-*+>]|\d{1,9}[.)])(?:[ \t]+|$)", re.MULTILINE)


def _passage_around(text: str, spans: list[tuple[int, int]], limit: int) -> Passage:
    """One line of up to ``2 * limit`` characters around the first span, beginning a little before
    it (at a sentence when one starts close by), spaces collapsed; the spans moved into it."""
    spans = sorted(spans)
    if spans:
        first = spans[0][0]
        start = max(0, first - limit // 3)
        if start:
            space = text.rfind(" ", start - 20 if start > 20 else 0, first)
            start = space + 1 if space >= 0 and space < first else start
        # a sentence that starts shortly before the match is a better place to begin
        sentence = max(text.rfind(". ", start, first), text.rfind("\n", start, first))
        if sentence >= 0 and first - sentence < limit // 2:
            start = sentence + 1
    else:
        start = 0
    end = min(len(text), start + limit * 2)
    line, mapping = _one_line(text[start:end])
    highlights = []
    for span_start, span_end in spans:
        if span_start < start or span_end > end:
            continue
        a, b = mapping[span_start - start], mapping[span_end - start]
        if 0 <= a < b <= len(line):
            highlights.append((a, b))
    return Passage(line, highlights, cut_before=start > 0, more_after=end < len(text))


def _one_line(piece: str) -> tuple[str, list[int]]:
    """``piece`` with white space collapsed and stripped, without the list and quote markers that
    begin its lines; and where each offset of ``piece`` (and its end) lands in that line."""
    out: list[str] = []
    mapping: list[int] = []
    last_space = True
    index = 0
    while index < len(piece):
        if index == 0 or piece[index - 1] == "\n":
            marker = _MARKER.match(piece, index)
            if marker:
                mapping.extend([len(out)] * (marker.end() - index))
                index = marker.end()
                continue
        char = piece[index]
        mapping.append(len(out))
        if char.isspace():
            if not last_space:
                out.append(" ")
            last_space = True
        else:
            out.append(char)
            last_space = False
        index += 1
    mapping.append(len(out))
    collapsed = "".join(out)
    lead = len(collapsed) - len(collapsed.lstrip())
    return collapsed.strip(), [offset - lead for offset in mapping]
