"""What a user typed, as a search reads it: words (folded; CJK runs), phrases (quoted parts, hyphenated
words), and for each word its plan: the full-text expression that finds it (its stem in every
language of the glossary, longer words beginning with it, shorter stems where consonants change,
character pairs for CJK). ``snippets`` finds the same words in a passage by the same plans."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from glossary.analysis import Analyzer, cjk_terms, is_cjk, lang_term, split_cjk, term_words
from glossary.errors import NotFound, UsageError
from glossary.text import LONGEST_TERM, fold, is_blank, too_long_to_type, typed_text

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


# Languages whose stems change inside the word with the ending (consonant gradation): a query's
# stem shortened by one or two letters also counts, in articles of that language only.
GRADATION = ("fi", "et", "hu")


PREFIX_MIN = 4  # words at least this long also match longer words (compounds, derived forms)


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


def _quote(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


@dataclass
class Plan:
    """How each word of a query is looked up, for the index and for highlighting."""

    exact: set[str] = field(default_factory=set)  # terms equal to a stem of the word
    prefixes: set[str] = field(default_factory=set)  # terms beginning with one of these
    gradation: dict[str, set[str]] = field(default_factory=dict)  # language key -> shorter stems
    cjk: str | None = None
    scattered: bool = False  # a CJK run not found as written: its characters, anywhere (a typo)


def plan_of(word: Word, languages: Sequence[str]) -> Plan:
    plan = Plan()
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


def expression_of(plan: Plan, columns: Sequence[str] | None) -> str:
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


def phrase_expression(phrase: Phrase, languages: Sequence[str], columns: Sequence[str] | None) -> str:
    scope = "{" + " ".join(columns) + "} : " if columns else ""
    variants: set[str] = set()
    for lang in list(languages) + [""]:
        analyzer = Analyzer.for_query(lang)
        terms: list[str] = []
        for word in phrase.words:
            terms.extend(cjk_terms(word.text)[:-1] or [word.text] if word.cjk else [analyzer.term(word.text)])
        variants.add(" ".join(terms))
    return f"{scope}(" + " OR ".join(_quote(variant) for variant in sorted(variants)) + ")"


EMPTY_QUERY = "the search query is empty; give a word to look for, e.g. glossary search asiakas"


def require_query(text: str) -> None:
    """``UsageError`` for a query with nothing but white space (or control characters)."""
    if is_blank(text):
        raise UsageError(EMPTY_QUERY)


def query_of(text: str) -> Query:
    """The query; ``UsageError`` when it is empty, ``NotFound`` when it holds no word to look for."""
    require_query(text)
    if too_long_to_type(text):
        raise UsageError(
            f'the search query "{shown(text)}" is {len(text):,} characters long; '
            f"give at most {LONGEST_TERM:,} characters of words"
        )
    query = parse_query(text)
    if not query.words:
        raise NotFound(f'no matches for "{shown(text)}"')
    return query


def shown(text: str) -> str:
    """The query as said back: one line, cut to 60 characters (errors remove control sequences)."""
    text = " ".join(text.split())
    return text if len(text) <= 60 else text[:59] + "…"
