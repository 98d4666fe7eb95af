"""Snippets of search hits: the words of the query found in an article, and the line to show.

A snippet comes from reading the few files shown: the article's reader text (comments, shortcodes
and link targets hidden), the section with most matched words, one line around the first match.
How each query word is found (its stems, prefixes, CJK runs) is its plan (``glossary.search.query.Plan``).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from glossary.analysis import Analyzer, has_cjk, is_cjk, split_cjk, term_words
from glossary.index import without_link_targets
from glossary.text import fold

if TYPE_CHECKING:
    from glossary.index import Entry
    from glossary.search.query import Plan


@dataclass(frozen=True)
class Passage:
    """The words around the first match of a hit, on one line: white space collapsed, the list and
    quote markers that begin lines dropped. Up to twice ``SearchHit``'s character budget: the view
    cuts it to the terminal cells it has (``glossary.views.search``)."""

    text: str
    highlights: list[tuple[int, int]]  # (start, end) in ``text`` of matched words
    cut_before: bool = False  # the text begins inside its paragraph
    more_after: bool = False  # the paragraph goes on after the text


# --- finding the matched words -------------------------------------------------------------------------------

_WORD = re.compile(r"[^\W_]+")


def _pieces(text: str) -> Iterator[tuple[int, str]]:
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

    def __init__(self, plans: Iterable[Plan], langkey: str) -> None:
        self.analyzer = Analyzer.for_query(langkey)
        self.folded: dict[str, str] = {}
        self.exact: dict[str, int] = {}
        self.prefixes: list[tuple[str, int]] = []
        self.cjk: list[tuple[str, int]] = []
        for position, plan in enumerate(plans):
            if plan.cjk is not None:
                runs = dict.fromkeys(plan.cjk) if plan.scattered else [plan.cjk]
                self.cjk.extend((run, position) for run in runs)
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
            for word in term_words(self._fold(piece)):
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

    def _fold(self, piece: str) -> str:
        """``fold(piece)``, once per distinct piece: articles repeat their words, and folding a
        Chinese or Japanese one converts its script."""
        folded = self.folded.get(piece)
        if folded is None:
            folded = self.folded[piece] = fold(piece)
        return folded

    def _cjk_spans(self, offset: int, piece: str) -> list[tuple[int, int, int]]:
        folded = self._fold(piece)
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


def passage_of(entry: Entry, plans: Collection[Plan], titles_only: bool, limit: int) -> tuple[str | None, Passage]:
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


def _reader_blocks(entry: Entry) -> list[tuple[str | None, str]]:
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


_MARKER = re.compile(r"[ \t]*(?:[-*+>]|\d{1,9}[.)]|#{1,6})(?:[ \t]+|$)", re.MULTILINE)


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


def _is_emphasis_mark(piece: str, index: int) -> bool:
    """Whether the ``*`` or ``_`` at ``index`` opens or closes emphasis (``*word*``, ``_word_``,
    ``**word**``): a word on one side of it only. ``snake_case`` and ``2 * 3`` keep theirs."""
    before = piece[index - 1] if index else " "
    after = piece[index + 1] if index + 1 < len(piece) else " "
    char = piece[index]
    if before == char or after == char:  # one of a pair: ** or __
        return True
    word_before = before.isalnum()
    word_after = after.isalnum()
    return word_before != word_after and not (before.isspace() and after.isspace())


def _one_line(piece: str) -> tuple[str, list[int]]:
    """``piece`` with white space collapsed and stripped, without the list and quote markers that
    begin its lines (``-``, ``>``, ``1.``, ``###``) nor emphasis and backquote marks; and where each
    offset of ``piece`` (and its end) lands in that line."""
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
        if char == "`" or char in "*_" and _is_emphasis_mark(piece, index):
            index += 1  # Markdown's emphasis and code marks: a snippet shows words, not syntax
            continue
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
