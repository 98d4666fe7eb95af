"""A Markdown file as the terminology checks read it: its names, declared terms, links and prose.

A concept's terms in a language come from its article there: the title is the preferred term,
synonyms (``aka``), a source term a translated title keeps in brackets (``名字空间（Namespace）``),
a title without its abbreviation and the names a bracket holds (``API Group (API 组)``) are
admitted, and the front matter may declare more under ``terms`` with TBX's statuses (see
``articles.term_statuses``), deprecated and superseded ones too.

The prose keeps the file's lines, so that a place in it has a line number: comments, code, tags
and link targets are blanked, not removed.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from glossary.errors import BadData
from glossary.termfinder import WORD, Term, fold

if TYPE_CHECKING:
    from glossary.conventions import Link


@dataclass
class Page:
    """One Markdown file as the checks read it: its names, declared terms, links and prose.

    ``text`` keeps the file's lines from ``first_line`` on (comments, code and link targets blanked),
    so that an offset in it has a line in the file.
    """

    slug: str | None
    key: str
    path: str
    title: str
    title_note: str
    aka: list[str]
    declared: dict[str, list[str]]
    text: str
    first_line: int
    links: list[Link]
    _line_starts: list[int] = field(default_factory=list, repr=False)
    _terms: list[Term] | None = field(default=None, repr=False)
    # Links whose words the site fills in with the concept's title (a Hugo tooltip without text).
    named_by_site: Counter[tuple[int, str]] = field(default_factory=Counter, repr=False)

    def own_words(self) -> list[Link]:
        """The links whose words the page itself writes."""
        if not self.named_by_site:
            return self.links
        from glossary.conventions import concept_slug

        left, own = Counter(self.named_by_site), []
        for link in self.links:
            place = (link.line, link.target)
            if left[place] and concept_slug(link.text) == link.target:
                left[place] -= 1  # such a tooltip reads as its term_id, the concept's slug
            else:
                own.append(link)
        return own

    def line_at(self, offset: int) -> int:
        if not self._line_starts:
            self._line_starts = [0] + [match.end() for match in re.finditer("\n", self.text)]
        return self.first_line + bisect.bisect_right(self._line_starts, offset) - 1

    def terms(self) -> list[Term]:
        """The concept's terms in this page's language, preferred first."""
        if self._terms is None:
            self._terms = self._named_terms()
        return self._terms

    def _named_terms(self) -> list[Term]:
        from glossary.conventions import title_without_abbreviation

        slug = self.slug or ""
        preferred = self.declared.get("preferred") or [self.title]
        admitted = [self.title, *self.aka, *self.declared.get("admitted", [])]
        if self.title_note:
            admitted.append(self.title_note.rsplit(",", 1)[-1].strip())
        admitted.append(title_without_abbreviation(self.title))
        for name in [*preferred, self.title, *self.aka]:
            admitted.extend(name_variants(name))
        named: dict[str, Term] = {}
        for status, names in (("preferred", preferred), ("admitted", admitted), *self.declared.items()):
            for name in names:
                if name.strip() and fold(name) not in named:
                    named[fold(name)] = Term(name.strip(), slug, status)
        return list(named.values())

    def sentence_at(self, start: int, end: int) -> str:
        """The sentence around ``text[start:end]``, as one line."""
        line_start = self.text.rfind("\n\n", 0, start) + 1
        line_end = self.text.find("\n\n", end)
        line = self.text[line_start : line_end if line_end != -1 else len(self.text)]
        before, after = line[: start - line_start], line[end - line_start :]
        cut = max((match.end() for match in SENTENCE_END.finditer(before)), default=0)
        stop = SENTENCE_END.search(after)
        sentence = before[cut:] + line[start - line_start : end - line_start] + after[: stop.end() if stop else None]
        sentence = _BLANKED_BEFORE_MARK.sub("", sentence)  # a link's blanked target before a full stop
        sentence = " ".join(sentence.replace("**", "").replace("[", "").replace("]", "").split()).strip(" -*>#")
        return sentence if len(sentence) <= 300 else sentence[:299] + "…"


# A link's blanked target follows its words' "]": before a mark that ends a phrase it would leave
# "eviction ." in a quoted sentence.
_BLANKED_BEFORE_MARK = re.compile(r"(?<=\]) {2,}(?=[.,;:!?。、，．])")

_LIST_SEPARATOR = re.compile(r"\s*[;；,，、]\s*")


def name_variants(name: str) -> list[str]:
    """Other names a name with a bracket at its end holds: ``资源（基础设施）`` is ``资源`` with a
    qualifier; ``API Group (API 组)`` and ``控制组（cgroup；control group）`` name the concept in two
    scripts; ``Container Runtime Interface (CRI)`` holds its abbreviation. A qualifier
    (``Selector (CSS)``, ``Baseline (Typografie)``) is no name of its own."""
    name = name.strip()
    if not name.endswith((")", "）")):
        return []
    depth, opening = 0, -1
    for index in range(len(name) - 1, -1, -1):
        depth += name[index] in ")）"
        depth -= name[index] in "(（"
        if depth == 0:
            opening = index
            break
    outer, inner = name[:opening].strip(), name[opening + 1 : -1].strip()
    if opening <= 0 or not outer or not inner:
        return []
    names = [outer, *name_variants(outer)]
    if _is_initials(inner, outer) or _script(inner) != _script(outer):
        for part in _LIST_SEPARATOR.split(inner):
            names.append(part)
            names.extend(variant for variant in name_variants(part)[:1])  # セレクター of セレクター (CSS)
    return [item for item in names if item]


def _script(text: str) -> str:
    from glossary.analysis import has_cjk

    return "cjk" if has_cjk(text) else "latin" if re.search("[A-Za-z]", text) else "other"


def _is_initials(short: str, name: str) -> bool:
    initials = "".join(word[0] for word in WORD.findall(name)).casefold()
    return short.isupper() and initials.startswith(short.casefold()[:2]) and len(short) <= len(initials) + 1


SENTENCE_END = re.compile(r"[.!?](?=\s)|[。！？]")
_CODE_SPAN = re.compile(r"(`+)(?!`).*?(?<!`)\1(?!`)", re.DOTALL)
_LINK_URL = re.compile(r"(!?\[[^\[\]\n]*\])(\((?:<[^<>\n]*>|(?:[^()\s]|\([^()\s]*\))*)(?:\s+\"[^\"\n]*\")?\s*\))")
_URL = re.compile(r"\b[a-z][a-z0-9+.-]*://[^\s<>]*", re.IGNORECASE)
_TAG = re.compile(r"</?[A-Za-z][^<>\n]*>")


def _blank(match: re.Match[str]) -> str:
    return re.sub(r"[^\n]", " ", match.group())


def prose(body: str, first_line: int, links: list[Link]) -> str:
    """What a reader sees of a Markdown body, line for line: code, tags and link targets blanked."""
    from glossary.articles import FENCE
    from glossary.conventions import reader_text

    text = reader_text(body, first_line, links)
    if "```" in text or "~~~" in text:
        lines, fence = text.split("\n"), ""
        for number, line in enumerate(lines):
            opening = FENCE.match(line)
            mark = opening.group(1) if opening else ""
            if fence or mark:
                if not fence:
                    fence = mark
                elif mark and mark[0] == fence[0] and len(mark) >= len(fence):
                    fence = ""  # the closing fence
                lines[number] = ""
        text = "\n".join(lines)
    if "`" in text:
        text = _CODE_SPAN.sub(_blank, text)
    if "](" in text:
        text = _LINK_URL.sub(lambda match: match.group(1) + " " * len(match.group(2)), text)
    if "<" in text:
        text = _TAG.sub(_blank, text)
    if "://" in text:
        text = _URL.sub(_blank, text)
    return text


def read_page(path: str | Path, *, key: str, slug: str | None = None) -> Page:
    """Read a Markdown file as a ``Page``; raise ``BadData`` when it cannot be read as text."""
    from glossary.articles import load_front_matter, page_links, split_body, split_front_matter, term_statuses
    from glossary.conventions import reader_line, split_title_note
    from glossary.text import sanitize

    try:
        raw = Path(path).read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise BadData(f"cannot read {path}: {exc.strerror or 'error'}") from None
    except UnicodeDecodeError as exc:
        raise BadData(f"cannot use {path}: not UTF-8 (byte {exc.start})") from None
    text = sanitize(raw)
    front, body, body_line = split_front_matter(text)
    metadata = load_front_matter(_keys_read(front), []) if front is not None else {}
    title_value = metadata.get("title")
    title = reader_line(title_value) if isinstance(title_value, str) else ""
    if not title:
        title = reader_line(split_body(body)[0])
    title, note = split_title_note(title or slug or "")  # as the glossary shows it: else the slug
    aka = metadata.get("aka")
    synonyms = [" ".join(name.split()) for name in (aka if isinstance(aka, list) else []) if isinstance(name, str)]
    if isinstance(aka, str) and aka.strip():
        synonyms = [" ".join(name.split()) for name in aka.split(",") if name.strip()]
    links: list[Link] = []
    shown = prose(body, body_line, links)
    links = page_links(links, slug or "", key, str(path))  # a link to a Markdown file, from this page's folder
    page = Page(slug, key, str(path), title, note, synonyms, term_statuses(metadata), shown, body_line, links)
    if "glossary_tooltip" in body:
        page.named_by_site = _tooltips_without_words(body, body_line)
    return page


_TOP_KEY = re.compile(r"^([A-Za-z_][\w-]*)\s*:", re.MULTILINE)
_KEYS_READ = frozenset(("title", "aka", "terms"))


def _keys_read(front: str) -> str:
    """The front matter's blocks of the keys the checks read (title, aka, terms), so that the YAML
    reader is spared the rest (MDN's nested ``l10n`` would need it)."""
    starts = [(match.start(), match.group(1)) for match in _TOP_KEY.finditer(front)]
    kept = [
        front[start : starts[number + 1][0] if number + 1 < len(starts) else len(front)]
        for number, (start, key) in enumerate(starts)
        if key in _KEYS_READ
    ]
    return "".join(part if part.endswith("\n") else part + "\n" for part in kept)


_TOOLTIP = re.compile(r"\{\{<\s*glossary_tooltip\b([^>]*)>\}\}")
_TERM_ID = re.compile(r"\bterm_id\s*=\s*[\"']([^\"']*)[\"']")


def _tooltips_without_words(body: str, first_line: int) -> Counter[tuple[int, str]]:
    """``(line, concept)`` of each Hugo tooltip without ``text``: the site shows the concept's own title
    in the page's language, so its words are the glossary's."""
    from glossary.conventions import concept_slug

    found: Counter[tuple[int, str]] = Counter()
    for match in _TOOLTIP.finditer(body):
        term = _TERM_ID.search(match.group(1))
        if term and not re.search(r"\btext\s*=", match.group(1)):
            found[(first_line + body.count("\n", 0, match.start()), concept_slug(term.group(1)))] += 1
    return found
