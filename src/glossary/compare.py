"""Compare two languages of a glossary, or the two articles of one concept, as plain data.

Two jobs, both without Rich or printing:

* ``compare_languages`` lines up every concept of language A with language B from what the index
  already knows (titles, headings, link targets, numbers), so it never reads an article file.
* ``compare_articles`` lines up two articles of one concept section by section. When both have the
  same number of sections they pair by position. When they do not, sections are aligned by how
  alike they are (link targets, numbers, names, length, number of blocks) with a global alignment
  in which a section may face a gap: a missing or extra section shows as a gap, and the sections
  after it stay with their real counterparts instead of shifting by one.

Both report shape differences a reviewer can act on (``Flag``): a different number of sections,
internal links present in one article and not the other, numbers present in one and not the other.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Protocol

from glossary.analysis import has_cjk, reader_words, repeats_description
from glossary.articles import FENCE, Article, Section
from glossary.conventions import reader_numbers
from glossary.errors import NotFound
from glossary.text import fold

if TYPE_CHECKING:
    from glossary.index import Index

SECTIONS = "sections"
LINKS = "links"
NUMBERS = "numbers"

BOTH = "both"
ONLY_A = "only_a"
ONLY_B = "only_b"


# --- flags -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Flag:
    """One difference in shape between the A and B articles of a concept.

    ``kind`` is ``sections`` (``count_a`` and ``count_b`` differ), ``links`` (link target slugs in
    ``only_a`` are linked from A only, ``only_b`` from B only) or ``numbers`` (the same for numbers,
    as ``glossary.text.numbers`` normalises them: ``8 %`` = ``8%``, ``1,5`` = ``1.5``).
    """

    kind: str
    only_a: tuple[str, ...] = ()
    only_b: tuple[str, ...] = ()
    count_a: int = 0
    count_b: int = 0


def shape_flags(
    sections: tuple[int, int],
    links: tuple[Iterable[str], Iterable[str]],
    numbers: tuple[Iterable[str], Iterable[str]],
) -> list[Flag]:
    """The flags for two articles given their section counts, link targets and numbers."""
    return _flags(sections[0], sections[1], set(links[0]), set(links[1]), set(numbers[0]), set(numbers[1]))


def _flags(
    sections_a: int, sections_b: int, links_a: set[str], links_b: set[str], numbers_a: set[str], numbers_b: set[str]
) -> list[Flag]:
    flags: list[Flag] = []
    if sections_a != sections_b:
        flags.append(Flag(SECTIONS, count_a=sections_a, count_b=sections_b))
    if links_a != links_b:
        flags.append(Flag(LINKS, only_a=tuple(sorted(links_a - links_b)), only_b=tuple(sorted(links_b - links_a))))
    if numbers_a != numbers_b:
        flags.append(Flag(NUMBERS, only_a=_numeric(numbers_a - numbers_b), only_b=_numeric(numbers_b - numbers_a)))
    return flags


def _numeric(numbers: set[str]) -> tuple[str, ...]:
    """Numbers in numeric order (``8%`` as 8; anything that is not one number last)."""
    infinity = float("inf")
    keyed = [
        (float(digits) if digits.count(".") <= 1 else infinity, number)
        for number in numbers
        for digits in (number.rstrip("%"),)
    ]
    keyed.sort()
    return tuple(number for _, number in keyed)


# --- a whole glossary ------------------------------------------------------------------------------


class EntryLike(Protocol):
    """What the index knows of one article (``glossary.index.Entry``)."""

    slug: str
    lang: str
    path: str
    title: str
    sections: int  # number of ``##`` sections
    links: list[tuple[str, str, int]]
    numbers: list[str]


@dataclass(frozen=True, slots=True)
class Side:
    """One article as comparing two languages needs it: no text, only what is compared."""

    slug: str
    lang: str
    path: str
    title: str
    sections: int
    links: list[str]  # link target slugs
    numbers: list[str]


@dataclass(frozen=True)
class ConceptRow:
    """One concept in A, B or both: its article in each language (or None) and the flags."""

    slug: str
    a: Side | None
    b: Side | None
    flags: tuple[Flag, ...] = ()

    @property
    def status(self) -> str:
        if self.a is not None and self.b is not None:
            return BOTH
        return ONLY_A if self.a is not None else ONLY_B


@dataclass
class LanguageComparison:
    """Every concept of language A and language B, sorted by slug, with coverage counts."""

    lang_a: str
    lang_b: str
    rows: list[ConceptRow]

    @property
    def concepts(self) -> int:
        return len(self.rows)

    @property
    def count_a(self) -> int:
        return sum(1 for row in self.rows if row.a is not None)

    @property
    def count_b(self) -> int:
        return sum(1 for row in self.rows if row.b is not None)

    @property
    def both(self) -> int:
        return sum(1 for row in self.rows if row.status == BOTH)

    @property
    def flagged(self) -> int:
        return sum(1 for row in self.rows if row.flags)

    def missing(self) -> list[ConceptRow]:
        """What A has and B lacks: the translation to-do list."""
        return [row for row in self.rows if row.status == ONLY_A]


def compare_languages(
    entries_a: Iterable[EntryLike], entries_b: Iterable[EntryLike], lang_a: str, lang_b: str
) -> LanguageComparison:
    """Line up the articles of two languages by slug; flag the concepts whose articles differ in shape."""
    return _line_up(
        {entry.slug: _side(entry) for entry in entries_a},
        {entry.slug: _side(entry) for entry in entries_b},
        lang_a,
        lang_b,
    )


def _side(entry: EntryLike) -> Side:
    links = [target for _, target, _ in entry.links]
    return Side(entry.slug, entry.lang, entry.path, entry.title, entry.sections, links, list(entry.numbers))


def compare_index(index: Index, lang_a: str, lang_b: str, name_a: str, name_b: str) -> LanguageComparison:
    """``compare_languages`` of two language keys, from the articles the index holds.

    ``name_a`` and ``name_b`` are the languages as the user sees them (``no``, ``zh-CN``).
    """
    import gc

    # One large, acyclic result: cyclic collection would find nothing to free and rescan every
    # loaded entry, again and again (10% of the time at 100,000 articles).
    collecting = gc.isenabled()
    gc.disable()
    try:
        sides: tuple[dict[str, Side], dict[str, Side]] = ({}, {})
        for c in index.compared_articles((lang_a, lang_b)):
            a = c.key == lang_a
            side = Side(c.slug, name_a if a else name_b, c.path, c.title, c.sections, c.links, c.numbers)
            sides[0 if a else 1][c.slug] = side
        return _line_up(*sides, name_a, name_b)
    finally:
        if collecting:
            gc.enable()


def _line_up(by_slug_a: dict[str, Side], by_slug_b: dict[str, Side], lang_a: str, lang_b: str) -> LanguageComparison:
    """Every slug of either language, sorted, with its article in each and their shape flags."""
    rows = []
    for slug in sorted(by_slug_a.keys() | by_slug_b.keys()):
        a, b = by_slug_a.get(slug), by_slug_b.get(slug)
        flags: tuple[Flag, ...] = ()
        if a is not None and b is not None:
            flags = tuple(_flags(a.sections, b.sections, set(a.links), set(b.links), set(a.numbers), set(b.numbers)))
        rows.append(ConceptRow(slug, a, b, flags))
    return LanguageComparison(lang_a, lang_b, rows)


# --- blocks of text --------------------------------------------------------------------------------

_LIST_ITEM = re.compile(r"^ {0,3}(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)")


def split_blocks(text: str) -> list[str]:
    """The paragraphs, list items, quotes and code blocks of reader text, in order.

    Blocks are separated by blank lines (not inside fenced code); a list is split into its items
    (nested items stay with their parent). Nothing is dropped: joining the blocks gives the words
    of ``text`` back.
    """
    chunks: list[list[str]] = []
    current: list[str] = []
    fence: str | None = None
    for line in text.split("\n"):
        if fence is not None:
            current.append(line)
            closing = FENCE.match(line)
            if closing and closing.group(1)[0] == fence[0] and len(closing.group(1)) >= len(fence):
                fence = None
            continue
        opening = FENCE.match(line)
        if opening:
            fence = opening.group(1)
            current.append(line)
        elif line.strip():
            current.append(line)
        elif current:
            chunks.append(current)
            current = []
    if current:
        chunks.append(current)

    blocks: list[str] = []
    for chunk in chunks:
        if FENCE.match(chunk[0]):
            blocks.append("\n".join(chunk))
            continue
        piece: list[str] = []
        indent: int | None = None  # of the list's first item; deeper items are nested
        for line in chunk:
            if _LIST_ITEM.match(line):
                depth = len(line) - len(line.lstrip(" "))
                if indent is None or depth <= indent:
                    indent = depth
                    if piece:
                        blocks.append("\n".join(piece))
                        piece = []
            piece.append(line)
        if piece:
            blocks.append("\n".join(piece))
    return blocks


# --- two articles ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class BlockRow:
    """Blocks shown side by side: one block each when paired, else every block of both sides."""

    a: tuple[str, ...]
    b: tuple[str, ...]


@dataclass(frozen=True)
class SectionPair:
    """A section of A facing its counterpart in B; ``None`` on one side is a gap."""

    number: int  # position in the alignment, from 1
    a: Section | None
    b: Section | None
    rows: tuple[BlockRow, ...]
    paired: bool  # blocks are paired one to one


@dataclass
class ArticleComparison:
    """Two articles of one concept, aligned: lead, then sections; and their shape flags."""

    slug: str
    a: Article
    b: Article
    lead: tuple[BlockRow, ...]
    lead_paired: bool
    sections: list[SectionPair]
    flags: list[Flag]
    narrowed: bool = False  # only some sections are kept (``--section``, ``--missing``)

    def missing(self) -> list[SectionPair]:
        """Sections A has and B lacks."""
        return [pair for pair in self.sections if pair.a is not None and pair.b is None]

    def only(self, pairs: Sequence[SectionPair]) -> ArticleComparison:
        """The same comparison narrowed to some of its aligned sections."""
        return replace(self, sections=list(pairs), narrowed=True)

    def find(self, wanted: str) -> SectionPair:
        """The aligned pair holding the section ``wanted`` names (a number or words of a heading).

        A's sections are tried first, then B's, so ``--section Høydepunkter`` works with A = fi.
        Raises ``NotFound`` (listing A's sections) when neither article has it.
        """
        from glossary.search.lookup import find_section

        try:
            section = find_section(self.a, wanted)
            return next(pair for pair in self.sections if pair.a is section)
        except NotFound as first:
            try:
                section = find_section(self.b, wanted)
            except NotFound:
                raise first from None
            return next(pair for pair in self.sections if pair.b is section)


def compare_articles(a: Article, b: Article) -> ArticleComparison:
    """Align two articles of one concept: lead with lead, sections one to one or with gaps."""
    lead_a = _lead_blocks(a)
    lead_b = _lead_blocks(b)
    lead, lead_paired = pair_blocks(lead_a, lead_b)
    pairs = []
    for number, (i, j) in enumerate(align_sections(a, b), start=1):
        section_a = a.sections[i] if i is not None else None
        section_b = b.sections[j] if j is not None else None
        rows, paired = pair_blocks(
            split_blocks(section_a.text) if section_a else [], split_blocks(section_b.text) if section_b else []
        )
        pairs.append(SectionPair(number, section_a, section_b, rows, paired))
    flags = shape_flags(
        (len(a.sections), len(b.sections)),
        (a.linked_slugs(), b.linked_slugs()),
        (reader_numbers(a.text), reader_numbers(b.text)),
    )
    return ArticleComparison(a.slug, a, b, lead, lead_paired, pairs, flags)


def _lead_blocks(article: Article) -> list[str]:
    """The lead's blocks, without a first paragraph that only repeats the description."""
    blocks = split_blocks(article.lead)
    if blocks and article.description and _same_words(blocks[0], article.description):
        blocks = blocks[1:]
    return blocks


def _same_words(block: str, description: str) -> bool:
    """Whether a paragraph says the description again, as ``show`` tells it (markup aside)."""
    return repeats_description(block, description, whole=True)


def pair_blocks(blocks_a: Sequence[str], blocks_b: Sequence[str]) -> tuple[tuple[BlockRow, ...], bool]:
    """Pair blocks one to one when both sides have as many; else one row with all of each side."""
    if len(blocks_a) == len(blocks_b):
        return tuple(BlockRow((x,), (y,)) for x, y in zip(blocks_a, blocks_b, strict=True)), True
    return (BlockRow(tuple(blocks_a), tuple(blocks_b)),), False


# --- section alignment -----------------------------------------------------------------------------


@dataclass
class SectionProfile:
    """What can be compared across languages in one section (the alignment's input)."""

    heading: str
    length: int
    blocks: int
    links: set[str] = field(default_factory=set)
    numbers: set[str] = field(default_factory=set)
    names: set[str] = field(default_factory=set)


def align_sections(a: Article, b: Article) -> list[tuple[int | None, int | None]]:
    """Indices of A's and B's sections, aligned; ``None`` marks a gap.

    Equal counts pair by position. Otherwise a global alignment maximises the similarity of
    matched pairs (each match is worth a base of 0.5 plus its similarity, a gap nothing), so the
    alignment leaves exactly as many gaps as the counts differ unless sections clearly do not
    correspond.
    """
    m, n = len(a.sections), len(b.sections)
    if m == n:
        return [(i, i) for i in range(m)]
    profiles_a, profiles_b = section_profiles(a), section_profiles(b)
    total_a = sum(profile.length for profile in profiles_a) or 1
    total_b = sum(profile.length for profile in profiles_b) or 1
    density = total_a / total_b  # how much longer A's language writes the same thing
    score = [[0.5 + similarity(x, y, density) for y in profiles_b] for x in profiles_a]
    return align(m, n, score)


def align(m: int, n: int, score: Sequence[Sequence[float]]) -> list[tuple[int | None, int | None]]:
    """Monotone alignment of ``m`` and ``n`` items maximising the sum of ``score`` over matches."""
    best = [[0.0] * (n + 1) for _ in range(m + 1)]
    for i in range(1, m + 1):
        for j in range(1, n + 1):
            best[i][j] = max(best[i - 1][j], best[i][j - 1], best[i - 1][j - 1] + score[i - 1][j - 1])
    pairs: list[tuple[int | None, int | None]] = []
    i, j = m, n
    while i > 0 or j > 0:
        if i > 0 and j > 0 and abs(best[i][j] - (best[i - 1][j - 1] + score[i - 1][j - 1])) < 1e-9:
            pairs.append((i - 1, j - 1))
            i, j = i - 1, j - 1
        elif i > 0 and (j == 0 or abs(best[i][j] - best[i - 1][j]) < 1e-9):
            pairs.append((i - 1, None))
            i -= 1
        else:
            pairs.append((None, j - 1))
            j -= 1
    pairs.reverse()
    return pairs


def similarity(x: SectionProfile, y: SectionProfile, density: float = 1.0) -> float:
    """How alike two sections in different languages look, from 0 to 1.

    Length (corrected for how long each language writes), number of blocks, and the overlap of
    what translation keeps: link targets, numbers, names; a little heading likeness for related
    languages. Features absent on both sides do not count.
    """
    parts: list[tuple[float, float]] = []
    length_a, length_b = x.length, y.length * density
    if length_a or length_b:
        parts.append((2.0, min(length_a, length_b) / max(length_a, length_b)))
    if x.blocks or y.blocks:
        parts.append((1.0, min(x.blocks, y.blocks) / max(x.blocks, y.blocks)))
    for weight, set_a, set_b in ((3.0, x.links, y.links), (2.0, x.numbers, y.numbers), (2.0, x.names, y.names)):
        if set_a or set_b:
            parts.append((weight, len(set_a & set_b) / len(set_a | set_b)))
    grams_a, grams_b = _trigrams(x.heading), _trigrams(y.heading)
    if grams_a and grams_b:
        parts.append((1.0, len(grams_a & grams_b) / len(grams_a | grams_b)))
    if not parts:
        return 0.0
    return sum(weight * value for weight, value in parts) / sum(weight for weight, _ in parts)


def section_profiles(article: Article) -> list[SectionProfile]:
    """The profile of each section of ``article``, in order."""
    starts = [section.line for section in article.sections]
    profiles = []
    for index, section in enumerate(article.sections):
        end = starts[index + 1] if index + 1 < len(starts) else None
        links = {
            link.target for link in article.links if link.line >= section.line and (end is None or link.line < end)
        }
        profiles.append(
            SectionProfile(
                heading=fold(section.heading),
                length=len("".join(section.text.split())),
                blocks=len(split_blocks(section.text)),
                links=links,
                numbers=set(reader_numbers(section.text)),
                names=_names(section.text),
            )
        )
    return profiles


_SENTENCE_END = re.compile(r"[.!?:;。！？>\-*+]\s*$")
_WORD = re.compile(r"[^\W\d_]{3,}")
_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]+")


def _names(text: str) -> set[str]:
    """Words a translation tends to keep: capitalised words inside a sentence, Latin words in CJK."""
    if has_cjk(text):
        return {fold(word) for word in _LATIN_WORD.findall(text)}
    found: set[str] = set()
    for line in text.split("\n"):
        for match in _WORD.finditer(line):
            word = match.group()
            before = line[: match.start()]
            if word[0].isupper() and before.strip() and not _SENTENCE_END.search(before):
                found.add(fold(word))
    return found


def _trigrams(text: str) -> set[str]:
    text = " ".join(reader_words(text))
    return {text[i : i + 3] for i in range(len(text) - 2)}
