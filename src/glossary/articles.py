"""Parse one glossary file into an ``Article``: metadata, title, lead, numbered sections, links.

The parser never fails on text: whatever a file holds, it yields an article, plus a list of
problems (bad front matter, say) for the caller to report. Only files that cannot be read at all
(not UTF-8, empty, unreadable) raise ``UnreadableArticle``.

Two versions of the text are kept. ``source`` is the Markdown as written (control sequences
removed), so that ``lead_source`` plus every ``Section.source`` is exactly the body. ``text`` is
what a reader sees, as ``glossary.conventions`` reads it (comments, shortcodes and macros hidden or
shown as the site shows them, links to concepts reduced to their words), list markers made
consistent.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from glossary.conventions import (
    FOLDER_PAGE_NAMES,
    file_link_slug,
    plain_line,
    reader_line,
    reader_text,
    split_title_note,
)
from glossary.conventions import Link as Link  # links are read by the conventions; imported from here too
from glossary.patterns import lazy
from glossary.text import sanitize


class UnreadableArticle(Exception):
    """A file that cannot be used as an article at all; ``reason`` says why in a few words."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


@dataclass(frozen=True)
class Section:
    """A ``##`` section, numbered from 1 in file order; deeper headings belong to it."""

    number: int
    heading: str
    text: str
    source: str  # the raw Markdown, heading line included
    line: int  # 1-based line of the heading in the file


@dataclass
class Article:
    slug: str
    lang: str
    path: str
    title: str
    description: str
    keywords: list[str]
    aka: list[str]
    tags: list[str]
    metadata: dict[str, Any]
    lead: str
    lead_source: str
    sections: list[Section]
    links: list[Link]
    body: str
    problems: list[str] = field(default_factory=list)
    # A translated title's source term kept in brackets (``노드 (원문, Node)``): ``title`` is ``노드``,
    # this is ``원문, Node``.
    title_note: str = ""

    def linked_slugs(self) -> list[str]:
        """Slugs this article links to, each once, in order of first appearance."""
        return list(dict.fromkeys(link.target for link in self.links))

    @property
    def text(self) -> str:
        """Everything a reader sees, lead and sections, as one text."""
        parts = [self.lead] + [f"{s.heading}\n\n{s.text}" for s in self.sections]
        return "\n\n".join(p for p in parts if p)


# --- reading -------------------------------------------------------------------------------------


# --- what the index keeps for check ----------------------------------------------------------------

_H1 = lazy(r"^ {0,3}#[ \t]+\S", re.MULTILINE)

TITLE_FROM_FRONT_MATTER = "front matter"
TITLE_FROM_HEADING = "heading"
TITLE_FROM_SLUG = "slug"


def check_facts(article: Article) -> dict[str, Any]:
    """Facts the parser's fallbacks hide, kept in the index so that ``check`` needs no file.

    ``title``: where the title comes from: ``"front matter"`` (a ``title`` key), ``"heading"`` (the
    first ``# `` line) or ``"slug"`` (neither, so the slug is shown). ``empty``: ``[number, line,
    heading]`` of each section with no text a reader would see. ``problems``: what the parser
    reported about the file (front matter it could not use), each starting ``line N:`` when known.
    """
    said = [article.metadata.get(key) for key in ("title", "sidebar_label")]
    if any(isinstance(title, str) and title.strip() for title in said[:1]) or (
        isinstance(said[1], str) and said[1].strip() and not _H1.search(article.lead_source)
    ):
        source = TITLE_FROM_FRONT_MATTER
    elif article.title != article.slug or _H1.search(article.lead_source):
        source = TITLE_FROM_HEADING
    else:
        source = TITLE_FROM_SLUG
    facts: dict[str, Any] = {"title": source}
    statuses = term_statuses(article.metadata)
    if statuses:
        facts["terms"] = statuses
    empty = [[s.number, s.line, s.heading] for s in article.sections if not s.text.strip()]
    if empty:
        facts["empty"] = empty
    if article.problems:
        facts["problems"] = list(article.problems)
    return facts


# --- terms and their status ----------------------------------------------------------------------

# The values of TBX's ``administrativeStatus``, by the short name front matter uses for each.
TERM_STATUSES = {
    "preferred": "preferredTerm-admn-sts",
    "admitted": "admittedTerm-admn-sts",
    "deprecated": "deprecatedTerm-admn-sts",
    "superseded": "supersededTerm-admn-sts",
}
_STATUS_OF_NAME = {**{name: name for name in TERM_STATUSES}, **{tbx: name for name, tbx in TERM_STATUSES.items()}}


def term_statuses(metadata: dict[str, Any]) -> dict[str, list[str]]:
    """The terms an article declares under ``terms`` in its front matter, by TBX status.

    ``terms`` maps a status to one term or a list of them, the status named as TBX's
    ``administrativeStatus`` value (``deprecatedTerm-admn-sts``) or by its short name
    (``deprecated``), so that what ``export --format tbx`` writes reads back the same::

        terms:
          deprecated: [命名空间]
          superseded: 控制面

    Unknown statuses and values that are not text are left out; statuses come in TBX order.
    """
    declared = metadata.get("terms")
    if not isinstance(declared, dict):
        return {}
    found: dict[str, list[str]] = {}
    for key, value in declared.items():
        status = _STATUS_OF_NAME.get(str(key).strip())
        if status is None:
            continue
        for term in _list_value(value) if isinstance(value, list) else [_text_value(value)]:
            if term and term not in found.setdefault(status, []):
                found[status].append(term)
    return {status: found[status] for status in TERM_STATUSES if found.get(status)}


# --- parsing ---------------------------------------------------------------------------------------


def read_article(path: str | Path, *, slug: str, lang: str) -> Article:
    """Read and parse the file at ``path``; raise ``UnreadableArticle`` if it cannot be used."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise UnreadableArticle(str(path), exc.strerror or "cannot be read") from None
    return parse_bytes(data, slug=slug, lang=lang, path=str(path))


def parse_bytes(data: bytes, *, slug: str, lang: str, path: str = "") -> Article:
    """Decode ``data`` as UTF-8 (BOM allowed) and parse it."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UnreadableArticle(path, f"not UTF-8 (byte {exc.start})") from None
    if not text.strip():
        raise UnreadableArticle(path, "empty file")
    return parse_article(text, slug=slug, lang=lang, path=path)


def parse_article(text: str, *, slug: str, lang: str, path: str = "") -> Article:
    """Parse the text of one file (front matter and Markdown body) into an ``Article``."""
    text = sanitize(text.lstrip("\ufeff"))
    problems: list[str] = []
    front, body, body_line = split_front_matter(text)
    metadata = load_front_matter(front, problems) if front is not None else {}
    if front is None and _FRONT_OPEN.match(text):
        problems.append("line 1: front matter is opened with --- and never closed; the file is read as Markdown")
    title_line, lead_source, raw_sections = split_body(body, first_line=body_line)

    links: list[Link] = []
    lead = clean_markdown(_drop_title_line(lead_source), body_line, links)
    sections = [
        Section(
            number=number,
            heading=clean_inline(heading),
            text=clean_markdown(content, line + 1, links),
            source=source,
            line=line,
        )
        for number, (heading, content, source, line) in enumerate(raw_sections, start=1)
    ]
    links = page_links(links, slug, lang, path)
    # Front-matter text is Markdown too: links read as their words, comments and shortcodes hidden.
    # Docusaurus: ``sidebar_label`` names a page in the sidebar; a title when there is no other, else a synonym.
    label = clean_inline(_text_value(metadata.get("sidebar_label")))
    title = clean_inline(_text_value(metadata.get("title"))) or (clean_inline(title_line) if title_line else "")
    title, title_note = split_title_note(title or label)
    aka = _list_value(metadata.get("aka"))
    if label and label != title and label not in aka:
        aka.append(label)
    description = plain_line(  # plain text: shown as it is, exported as a definition
        clean_inline(_text_value(metadata.get("description")))
        or clean_inline(_text_value(metadata.get("short_description")))
        or first_paragraph(lead)
    )
    return Article(
        slug=slug,
        lang=lang,
        path=path,
        title=title or slug,
        description=description,
        keywords=_list_value(metadata.get("keywords")),
        aka=aka,
        tags=_list_value(metadata.get("tags")),
        metadata=metadata,
        lead=lead,
        lead_source=lead_source,
        sections=sections,
        links=links,
        body=body,
        problems=problems,
        title_note=title_note,
    )


def page_links(links: list[Link], slug: str, lang: str, path: str) -> list[Link]:
    """The links as the page at ``slug`` (file ``path``) reads them: a link to a Markdown file leads to
    the slug its path names from the page's folder (``conventions.file_link_slug``)."""
    if not any(link.target.startswith(("/", "./", "../")) for link in links):
        return links
    stem = path.replace("\\", "/").rsplit("/", 1)[-1].split(".", 1)[0]
    # A folder's page is in its folder, and the docs' own top page (Docusaurus's ``index``) at the top.
    folder = slug.rpartition("/")[0] if stem not in FOLDER_PAGE_NAMES or slug in FOLDER_PAGE_NAMES else slug
    found = []
    for link in links:
        target = file_link_slug(link.target, folder, lang)
        if target:
            found.append(link if target == link.target else Link(link.text, target, link.line))
    return found


# --- front matter --------------------------------------------------------------------------------

_FRONT_OPEN = lazy(r"---[ \t]*\n")
_FRONT_CLOSE = lazy(r"^(?:---|\.\.\.)[ \t]*$\n?", re.MULTILINE)


def split_front_matter(text: str) -> tuple[str | None, str, int]:
    """Split ``text`` into (front matter or None, body, line number where the body starts).

    Front matter is only recognised at the very top, between a ``---`` line and the next ``---``
    (or ``...``) line. A later ``---`` is a horizontal rule in the body.
    """
    opening = _FRONT_OPEN.match(text)
    if not opening:
        return None, text, 1
    closing = _FRONT_CLOSE.search(text, opening.end())
    if not closing:
        return None, text, 1
    front = text[opening.end() : closing.start()]
    body_line = text.count("\n", 0, closing.end()) + 1
    if not closing.group().endswith("\n"):
        body_line = text.count("\n", 0, closing.end()) + 2
    return front, text[closing.end() :], body_line


def load_front_matter(front: str, problems: list[str]) -> dict[str, Any]:
    """Read YAML without type guessing: ``no``, ``on``, ``2024-01-02`` and ``1:30`` stay strings.

    Problems are appended to ``problems`` (with the line in the file) and an empty mapping is
    returned, so the body is still used.
    """
    if not front.strip():
        return {}
    simple = _simple_front_matter(front)
    if simple is not None:
        return simple
    import yaml
    from frontmatter.default_handlers import YAMLHandler

    try:
        # libyaml's parser when PyYAML has it: the same values, five times faster (indexing reads
        # every file's front matter).
        data = YAMLHandler().load(front, Loader=getattr(yaml, "CBaseLoader", yaml.BaseLoader))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f"line {mark.line + 2}: " if mark is not None else ""
        reason = getattr(exc, "problem", None) or "cannot be parsed"
        problems.append(f"{line}front matter is not valid YAML ({reason}); it is ignored")
        return {}
    except RecursionError:
        problems.append("line 2: front matter is nested too deeply; it is ignored")
        return {}
    if data is None:
        return {}
    if not isinstance(data, dict):
        problems.append("line 2: front matter is not a mapping of keys to values; it is ignored")
        return {}
    if _expands_too_far(data, len(front)):
        # YAML aliases can nest a few lines into billions of values ("billion laughs"), or repeat a
        # long value thousands of times: a 108 KB file would print 200 MB.
        problems.append(
            "line 2: front matter expands to too many values or too much text (YAML aliases); it is ignored"
        )
        return {}
    # Escapes in quoted YAML strings ("\e", "\x9b", "\u001b") make control characters that the
    # sanitising of the file text could not see.
    return {sanitize(str(key)): _sanitized(value) for key, value in data.items()}


def _sanitized(value: Any) -> Any:
    if isinstance(value, str):
        return sanitize(value)
    if isinstance(value, dict):
        return {_sanitized(key): _sanitized(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_sanitized(item) for item in value]
    return value


_MAX_FRONT_MATTER_VALUES = 100_000
# Characters front matter may expand to through aliases beyond what it is written with.
_MAX_FRONT_MATTER_GROWTH = 1_000_000


def _expands_too_far(data: Any, written: int) -> bool:
    """Whether ``data``, once aliases are expanded, holds more than ``_MAX_FRONT_MATTER_VALUES``
    values or more than ``_MAX_FRONT_MATTER_GROWTH`` characters beyond the ``written`` ones
    (counting stops as soon as either is passed)."""
    most = written + _MAX_FRONT_MATTER_GROWTH
    count, chars, stack = 0, 0, [data]
    while stack:
        value = stack.pop()
        count += 1
        if isinstance(value, str):
            chars += len(value)
        elif isinstance(value, dict):
            stack.extend(value.keys())
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
        if count > _MAX_FRONT_MATTER_VALUES or chars > most:
            return True
    return False


# Greedy, its trailing spaces stripped after: a lazy ``(.*?)[ ]*`` tries every end of a long value.
_SIMPLE_LINE = lazy(r"([A-Za-z_][\w-]*):(?:[ ]+(.*))?")
_PLAIN_START = frozenset("-?:,[]{}#&*!|>'\"%@`")


def _simple_front_matter(front: str) -> dict[str, str | list[str]] | None:
    """Read front matter made only of ``key: plain text`` lines (and ``- plain text`` items under
    an empty ``key:``) without loading a YAML parser.

    Importing PyYAML costs more than the rest of ``show`` together, and most articles need none of
    it. Anything beyond single-line plain scalars and such lists (nested lists, quotes, block
    scalars, comments, flow syntax, repeated keys, unusual characters) returns None and goes to the
    real YAML reader. For what it accepts, the result equals PyYAML's ``BaseLoader`` (a property
    test checks this).
    """
    data: dict[str, str | list[str]] = {}
    items: list[str] | None = None  # the list of the last key, while its ``- item`` lines come
    key = ""
    for line in front.split("\n"):
        if not line.strip():
            continue
        if line.startswith("-"):
            item = _SIMPLE_ITEM.fullmatch(line)
            words = item.group(1).rstrip(" ") if item else ""
            if items is None or not words or not _is_plain(words):
                return None
            items.append(words)
            data[key] = items
            continue
        match = _SIMPLE_LINE.fullmatch(line)
        if not match or match.group(1) in data:
            return None
        key, value = match.group(1), (match.group(2) or "").rstrip(" ")
        if value and not _is_plain(value):
            return None
        data[key] = value
        items = None if value else []
    return data


_SIMPLE_ITEM = lazy(r"-[ ]+(.*)")


def _is_plain(value: str) -> bool:
    """Whether a non-empty value reads as the same plain text in YAML, whatever its context."""
    return not (
        value[0] in _PLAIN_START or ": " in value or " #" in value or value.endswith(":") or not value.isprintable()
    )


def _text_value(value: Any) -> str:
    """A front-matter value as one line of text ('' for missing, empty or non-text values)."""
    if isinstance(value, str):
        return " ".join(value.split())
    return ""


def _list_value(value: Any) -> list[str]:
    """``keywords``/``aka``/``tags`` as a list: a comma-separated string or a YAML list."""
    if isinstance(value, str):
        items = value.split(",")
    elif isinstance(value, list):
        items = [item for item in value if isinstance(item, str)]
    else:
        items = []
    return [" ".join(item.split()) for item in items if item.strip()]


# --- body structure ------------------------------------------------------------------------------

_FENCE = lazy(r"^ {0,3}(`{3,}|~{3,})")
FENCE = _FENCE  # a fence that opens or closes a code block; compare splits blocks with it too


def heading_of(line: str) -> tuple[int, str] | None:
    """``(level, words)`` of an ATX heading line (``## Words ##``), or None for any other line.

    As CommonMark reads it, without the backtracking that made a regular expression cost
    microseconds a heading: up to three spaces, one to six ``#``, then nothing or a space or tab
    before the words; a closing run of ``#`` after a space or tab (or alone: ``## #``) is not
    part of them.
    """
    text = line.rstrip("\n")
    stripped = text.lstrip(" ")
    if not stripped.startswith("#") or len(text) - len(stripped) > 3:
        return None
    rest = stripped.lstrip("#")
    level = len(stripped) - len(rest)
    if level > 6 or (rest and rest[0] not in " \t"):
        return None
    words = rest.strip(" \t")
    bare = words.rstrip("#")
    if bare != words and (not bare or bare[-1] in " \t"):
        words = bare.rstrip(" \t")
    return level, words


def split_body(body: str, *, first_line: int = 1) -> tuple[str, str, list[tuple[str, str, str, int]]]:
    """Split a Markdown body into its title line, lead and ``##`` sections.

    Returns ``(title, lead_source, sections)`` where each section is
    ``(heading, content, source, line)``. ``lead_source`` and the sources concatenate to ``body``.
    Headings inside fenced code blocks do not count.
    """
    title, titled = "", False
    lead_end = None
    starts: list[tuple[int, str, int]] = []  # (offset, heading, line)
    fence: str | None = None
    offset = 0
    for number, line in enumerate(body.splitlines(keepends=True), start=first_line):
        if line[:1] not in " #`~":  # neither a fence nor a heading can start this line
            offset += len(line)
            continue
        fence_match = _FENCE.match(line)
        if fence is not None:
            if fence_match and fence_match.group(1)[0] == fence[0] and len(fence_match.group(1)) >= len(fence):
                fence = None
        elif fence_match:
            fence = fence_match.group(1)
        else:
            heading = heading_of(line)
            if heading:
                level, words = heading[0], heading[1].strip()
                if level == 2:
                    starts.append((offset, words, number))
                    if lead_end is None:
                        lead_end = offset
                elif level == 1 and not titled and lead_end is None:
                    title, titled = words, True  # the first, even empty: the line the lead drops
        offset += len(line)
    lead_source = body[: starts[0][0]] if starts else body
    sections = []
    for index, (start, section_heading, heading_line) in enumerate(starts):
        end = starts[index + 1][0] if index + 1 < len(starts) else len(body)
        source = body[start:end]
        content = source.split("\n", 1)[1] if "\n" in source else ""
        sections.append((section_heading, content, source, heading_line))
    return title, lead_source, sections


def _drop_title_line(lead_source: str) -> str:
    """The lead without its ``# Title`` line (the title is shown on its own)."""
    lines = lead_source.splitlines(keepends=True)
    for index, line in enumerate(lines):
        heading = heading_of(line)
        if heading and heading[0] == 1:
            return "".join(lines[:index]) + "\n" * (index > 0) + "".join(lines[index + 1 :])
        if line.strip():
            break
    return lead_source


# --- what a reader sees --------------------------------------------------------------------------


def clean_markdown(source: str, first_line: int, links: list[Link]) -> str:
    """The Markdown a reader sees of ``source`` (see ``glossary.conventions``), blocks tidied and
    lines of Chinese and Japanese joined; links to concepts are appended to ``links``, their lines
    counted from ``first_line``."""
    return join_wide_lines(_tidy_blocks(reader_text(source, first_line, links)))


# East Asian wide and full-width characters but Hangul (Korean puts spaces between its words): CJK
# punctuation, kana, Han, full-width forms.
_WIDE = (
    "\u3000-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff01-\uff60\uffe0-\uffe6\U00020000-\U0003134f"
)
# Full-width punctuation that ends a phrase carries its own space: no space after it either
# (``含まれます。\nKubernetesの``), unless the next line opens a block (a list item, a heading).
_CLOSING = "、。〉》」』】〕〗〙〛！），．：；？］｝"
_WIDE_BREAK = lazy(
    f"(?<=[{_WIDE}])\n {{0,3}}(?=[{_WIDE}])|(?<=[{_CLOSING}])\n {{0,3}}(?=[^\\W_])(?!\\d{{1,9}}[.)](?:[ \t]|$))"
)
_FENCED = lazy(r"^ {0,3}(`{3,}|~{3,}).*?(?:^ {0,3}\1[`~]*[ \t]*$|\Z)", re.MULTILINE | re.DOTALL)


_WIDE_OR_LATER = lazy("[\u3000-\U0010ffff]")


def _has_wide(text: str) -> bool:
    """Whether ``text`` holds a character from U+3000 on (East Asian wide characters among them).
    A text all in Latin-1, as most European ones are, is told at the speed of copying it."""
    try:
        text.encode("latin-1")
    except UnicodeEncodeError:
        return _WIDE_OR_LATER.search(text) is not None
    return False


def join_wide_lines(text: str) -> str:
    """A line break between two East Asian wide characters joins its lines without a space, as
    CSS Text 3's segment break rules do: ``配置。\n其上`` reads ``配置。其上``, not ``配置。 其上``;
    so does one after full-width punctuation that ends a phrase (``。``, ``、``, ``）``). A line
    break elsewhere still reads as a space. Fenced code is left as it is."""
    if "\n" not in text or not _has_wide(text):
        return text
    if "```" not in text and "~~~" not in text:
        return _WIDE_BREAK.sub("", text)
    parts, end = [], 0
    for fence in _FENCED.finditer(text):
        parts += [_WIDE_BREAK.sub("", text[end : fence.start()]), fence.group()]
        end = fence.end()
    parts.append(_WIDE_BREAK.sub("", text[end:]))
    return "".join(parts)


def clean_inline(source: str) -> str:
    """A one-line piece of Markdown (a heading, a front-matter value) as a reader sees it, as one line."""
    return reader_line(source)


_LIST_ITEM = lazy(r"^ {0,3}(?:[-*+]|\d{1,9}[.)])[ \t]")
_DASH_ITEM = lazy(r"^ {0,3}[–—•·][ \t]+")
_EMPTY_QUOTE = lazy(r"^ {0,3}>[ \t]*$")
_BLANK_LINE = lazy(r"\n[ \t]*\n")


def _tidy_blocks(text: str) -> str:
    """Normalise blocks: ``– item`` and ``• item`` become ``- item``; a lone paragraph between two
    list items is an item that lost its marker; empty quote lines are dropped; blank runs collapse.
    """
    if "\n" not in text:  # one line (a heading, a title): one block at most
        return _DASH_ITEM.sub("- ", text) if text.strip() and not _EMPTY_QUOTE.match(text) else ""
    blocks = []
    for block in _BLANK_LINE.split(text):
        block = block.strip("\n")
        if block.strip() and not _EMPTY_QUOTE.match(block):
            blocks.append(_DASH_ITEM.sub("- ", block))
    items = [_LIST_ITEM.match(block) is not None for block in blocks]
    for index in range(1, len(blocks) - 1):
        block = blocks[index]
        if (
            items[index - 1]
            and items[index + 1]
            and not items[index]
            and "\n" not in block
            and _is_plain_paragraph(block)
        ):
            blocks[index] = "- " + block.lstrip()
            items[index] = True
    # Consecutive items form one tight list, as their author meant, not paragraphs in a loose one.
    parts = blocks[:1]
    for index in range(1, len(blocks)):
        parts.append("\n" if items[index] and items[index - 1] else "\n\n")
        parts.append(blocks[index])
    return "".join(parts)


def _is_plain_paragraph(block: str) -> bool:
    return not block.lstrip().startswith(("#", ">", "|", "```", "~~~", "<"))


def first_paragraph(text: str) -> str:
    """The first paragraph of reader text, as one line."""
    for block in text.split("\n\n"):
        if block.strip() and not block.lstrip().startswith("#"):
            return " ".join(block.split())
    return ""
