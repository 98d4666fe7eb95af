"""Full-text search: what a user typed -> ranked articles, each with the section and line that matched.

A query is cut into words (quoted parts are phrases). Each word becomes a full-text expression over
the index's terms (``glossary.index.Analyzer``): its stem in every language of the glossary, and
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
from collections.abc import Sequence
from dataclasses import dataclass, field

from glossary.errors import NotFound, UsageError
from glossary.index import (
    NAME_COLUMNS,
    Analyzer,
    Index,
    cjk_terms,
    has_cjk,
    is_cjk,
    lang_term,
    split_cjk,
    without_link_targets,
    words,
)
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


@dataclass
class SearchHit:
    """One article found: what to show and how well it matched (``score``: higher is better)."""

    slug: str
    lang: str
    title: str
    section: str | None
    snippet: str
    highlights: list[tuple[int, int]]  # (start, end) in ``snippet`` of matched words
    score: float
    path: str = ""

    def data(self) -> dict[str, object]:
        """The stable ``search --json`` object."""
        return {
            "slug": self.slug,
            "lang": self.lang,
            "title": self.title,
            "section": self.section,
            "snippet": self.snippet,
            "score": self.score,
        }


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
    for word in words(fold(chunk)):
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
    if not word.text.isdigit():
        # The word as typed, not its stems, begins the longer words: ``kunde`` -> ``kundesentrert``.
        # (A stem as a prefix reaches too far: German "market" stems to "mark".)
        if len(word.text) >= PREFIX_MIN:
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

    Which articles match which words costs little (sets of ids); bm25, which costs more per
    article, is computed only for the articles that can still make the first ``limit``.
    """
    from collections import Counter

    if not text.strip():
        raise UsageError("the search query is empty; give a word to look for, e.g. glossary search asiakas")
    query = parse_query(text)
    shown = " ".join(text.split())
    if not query.words:
        raise NotFound(f'no matches for "{shown}"')
    languages = [lang] if lang else list(index.corpus.languages)
    columns = NAME_COLUMNS if titles_only else None
    plans = {word: _plan(word, languages) for word in query.words}
    words: Counter[int] = Counter()
    typos: Counter[int] = Counter()
    named: Counter[int] = Counter()
    described: Counter[int] = Counter()
    phrases: Counter[int] = Counter()
    unmatched: list[Word] = []
    for word in query.words:
        plan = plans[word]
        ids = index.match_ids(_expression(plan, columns), lang)
        typo = False
        if not ids and not word.cjk and not word.text.isdigit():
            for candidate in _stand_ins(index, word.text, lang):
                other = _plan(Word(candidate), languages)
                plan.exact |= other.exact
                plan.prefixes |= other.prefixes
                for key, stems in other.gradation.items():
                    plan.gradation.setdefault(key, set()).update(stems)
                typo = True
            if typo:
                ids = index.match_ids(_expression(plan, columns), lang)
        if not ids:
            unmatched.append(word)
            continue
        words.update(ids)
        if typo:
            typos.update(ids)
        # Where the word is: bm25 alone cannot tell a title from a body in a small glossary,
        # where a word in most articles is worth almost nothing.
        named.update(index.match_ids(_expression(plan, NAME_COLUMNS), lang))
        if not titles_only:
            described.update(index.match_ids(_expression(plan, ("description",)), lang))
    if not words:
        raise NotFound(f'no matches for "{shown}"', suggestions=_suggestions(index, unmatched, lang))
    for phrase in query.phrases:
        phrases.update(index.match_ids(_phrase_expression(phrase, languages, columns), lang) & words.keys())
    count = len(query.words)
    base = {
        article_id: _base_score(
            found, typos[article_id], phrases[article_id], named[article_id], described[article_id], count
        )
        for article_id, found in words.items()
    }
    # bm25 adds less than RELEVANCE: only articles within that of the last one shown can move up.
    order = sorted(base.values(), reverse=True)
    threshold = order[limit - 1] - RELEVANCE if limit and len(order) > limit else float("-inf")
    candidates = [article_id for article_id, score in base.items() if score >= threshold]
    matching_any = " OR ".join(_expression(plans[word], columns) for word in query.words if word not in unmatched)
    ranks = index.ranks(matching_any, candidates if threshold != float("-inf") else None, lang)
    scores = {article_id: base[article_id] + _relevance(ranks.get(article_id, 0.0)) for article_id in candidates}
    ranked = sorted(scores, key=lambda article_id: (-scores[article_id], article_id))
    if limit:
        ranked = ranked[:limit]
    entries = index.entries_by_id(ranked)
    hits: list[SearchHit] = []
    for article_id in ranked:
        entry = entries.get(article_id)
        if entry is None:
            continue
        section, snippet, spans = _snippet(entry, plans, titles_only, snippet_chars)
        score = round(scores[article_id], 3)
        hits.append(SearchHit(entry.slug, entry.lang, entry.title, section, snippet, spans, score, entry.path))
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
    results = process.extract(word, vocabulary, scorer=fuzz.ratio, score_cutoff=cutoff, limit=limit * 4)
    results = [(candidate, score) for candidate, score, _ in results if candidate != word]
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


def names_matching(index: Index, text: str, most: int = 20_000) -> list[tuple[str, str, str, str]]:
    """``(folded name, kind, slug, language key)`` of the articles whose title, synonyms or slug
    contain a word of ``text``: stemmed, as a prefix, or standing in for a typo. Fuzzy ``show``
    scores these few names instead of every name of the glossary."""
    query = parse_query(text)
    languages = list(index.corpus.languages)
    ids: set[int] = set()
    for word in query.words:
        plan = _plan(word, languages)
        found = index.match_ids(_expression(plan, NAME_COLUMNS))
        if not found and not word.cjk and not word.text.isdigit():
            for candidate in _stand_ins(index, word.text, None):
                other = _plan(Word(candidate), languages)
                plan.exact |= other.exact
                plan.prefixes |= other.prefixes
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
            for word in words(fold(piece)):
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


def _snippet(
    entry, plans: dict[Word, _Plan], titles_only: bool, limit: int
) -> tuple[str | None, str, list[tuple[int, int]]]:
    """``(section heading or None, one-line snippet, highlighted spans)`` for a hit."""
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
        text = entry.description or entry.title
        snippet, highlights = _window(text, [], limit)
        return None, snippet, highlights
    _, heading, text, spans = best
    if heading is not None and text == heading:
        # Only the heading matched: the header line names it; show how its section begins.
        body = next((block for name, block in blocks if name == heading and block != heading and block.strip()), "")
        if body:
            snippet, highlights = _window(body, [], limit)
            return heading, snippet, highlights
    snippet, highlights = _window(text, [(start, end) for start, end, _ in spans], limit)
    return heading, snippet, highlights


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
        for heading, (_, content, _, line) in zip(headings, sections)
    )
    blocks.extend((heading, heading) for heading in headings)
    return blocks


_MARKER = re.compile(r"[ \t]*(?:[-*+>]|\d{1,9}[.)])(?:[ \t]+|$)", re.MULTILINE)


def _window(text: str, spans: list[tuple[int, int]], limit: int) -> tuple[str, list[tuple[int, int]]]:
    """One line of at most ``limit`` characters around the first span, spaces collapsed; the spans
    moved into it."""
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
    piece = text[start:end]
    # Collapse white space and drop the list and quote markers that begin lines, keeping track of
    # where each original offset lands.
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
    line = "".join(out).strip()
    lead = len("".join(out)) - len("".join(out).lstrip())
    cut = False
    fits = _fitting(line, limit - 2)  # room for the two ellipses
    if fits < len(line):
        cut_at = line.rfind(" ", 0, fits)
        line = line[: cut_at if cut_at > fits - 16 else fits]
        cut = True
    elif end < len(text):
        cut = True
    prefix = "…" if start > 0 else ""
    highlights = []
    for span_start, span_end in spans:
        if span_start < start or span_end > end:
            continue
        a = mapping[span_start - start] - lead
        b = mapping[span_end - start] - lead
        if 0 <= a < b <= len(line):
            highlights.append((a + len(prefix), b + len(prefix)))
    return prefix + line + ("…" if cut else ""), highlights


def _fitting(text: str, cells: int) -> int:
    """How many characters of ``text`` fit in ``cells`` terminal cells (CJK characters take two)."""
    import unicodedata

    used = 0
    for index, char in enumerate(text):
        used += 2 if unicodedata.east_asian_width(char) in "WF" else 1
        if used > cells:
            return index
    return len(text)


def require_query(text: str) -> None:
    if not text.strip():
        raise UsageError("the search query is empty; give a word to look for, e.g. glossary search asiakas")
