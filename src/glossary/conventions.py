"""How real glossaries write links and markup, and what a reader sees of it.

Glossaries are kept as plain Markdown, as Hugo sites (Kubernetes) or as MDN Web Docs pages. Each
site kind has its own ways of linking to another concept and its own macros. This module is the
one place that knows them: ``reader_text`` turns the Markdown of an article, as written, into the
Markdown a reader sees, and collects the links to other concepts on the way. Every command
(``show``, ``compare``, search snippets, ``links``, ``check``, ``translate``, exports) reads a text
through it, so all of them see the same text.

``CONVENTIONS`` is the table of rules, each with an example: the table in docs/conventions.md and the tests are
made from it. Every rule works in one pass over the text; line numbers of links are counted as the
pass goes, never from the start of the text for each link.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from glossary.languages import lang_key
from glossary.patterns import lazy
from glossary.text import numbers


@dataclass(frozen=True)
class Link:
    """A link to another concept of the glossary, by its slug."""

    text: str
    target: str
    line: int  # 1-based line in the file


@dataclass(frozen=True)
class Convention:
    """One rule of the table: where it comes from, what is written and what a reader sees."""

    site: str
    name: str
    written: str
    seen: str
    links: tuple[str, ...] = ()


class _LineCounter:
    """Line numbers of positions met in increasing order, counted as they come (linear overall)."""

    def __init__(self, text: str, first_line: int) -> None:
        self.text = text
        self.position = 0
        self.line = first_line

    def at(self, position: int) -> int:
        if position < self.position:  # a rule revisiting text: count again from the start
            self.position, self.line = 0, self.line - self.text.count("\n", 0, self.position)
        self.line += self.text.count("\n", self.position, position)
        self.position = position
        return self.line


# --- targets: which written links name a concept ---------------------------------------------------

_LANG_TAG = r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*"
_SLUG = r"[^\W_][\w.\-]*"
# /slug, /slug/, /ja/slug/, /slug#part, /bn/cluster.md: a concept at the root of the site or of a
# language, or its file.
_ROOT_TARGET = lazy(rf"/(?:{_LANG_TAG}/)?({_SLUG}?)(?:\.md)?/?(?:#\S*)?")
# ../slug/, ./slug, slug.md, ../slug.md, slug/: a sibling article.
_RELATIVE_TARGET = lazy(rf"(?:\.\.?/({_SLUG}?)(?:\.md)?/?|({_SLUG}?)\.md|({_SLUG}?)/)(?:#\S*)?")
_SCHEME = lazy(r"[A-Za-z][A-Za-z0-9+.-]*:")
# A link to a Markdown file, as Docusaurus writes them (/guide/page.md, ../other/page.mdx, page.md#part):
# its path without the extension. Absolute, it starts at the top of the docs; relative, at the file's folder.
_FILE_TARGET = lazy(r"([^\s#?]*[^\s#?/])\.mdx?(?:[#?]\S*)?")
# Hugo's glossary page with a term anchor: /docs/reference/glossary/?all=true#term-pod
_GLOSSARY_ANCHOR = lazy(rf"(?:/{_LANG_TAG})?/docs/reference/glossary/?(?:\?[^#\s]*)?#term-(\S+)")
# MDN: /en-US/docs/Glossary/HTTP, /de/docs/Glossary/Engine/Rendering
_MDN_TARGET = lazy(rf"(?:/{_LANG_TAG})?/docs/Glossary/([^#?\s]+)/?(?:[#?]\S*)?", re.IGNORECASE)


def concept_slug(written: str) -> str:
    """The slug a written concept name stands for: MDN's ``Engine/Rendering`` is ``engine-rendering``.

    Slugs are matched without case and spaces are written ``_`` (as MDN does); nested names are
    joined with ``-``. An anchor names a part of the page, not another concept
    (``Parameter#Parameters_versus_arguments`` is ``parameter``).
    """
    written = written.split("#", 1)[0]
    return "-".join(part for part in written.strip().replace(" ", "_").split("/") if part).lower()


def link_target(url: str) -> str | None:
    """The concept a Markdown link's URL names, or None for a link elsewhere (a site page, the web).

    A link to a Markdown file gives its path without the extension, starting with ``/`` or ``./`` or
    ``../``: the page the link is on turns it into a slug (``file_link_slug``)."""
    # The same concepts are linked from article after article: their URLs are remembered (long
    # ones, such as data: URLs, are not, so that the memory this takes stays small).
    return _remembered_target(url) if len(url) <= 256 else _target(url)


def _target(url: str) -> str | None:
    url = url.strip()
    if not url or url.startswith("#") or _SCHEME.match(url):
        return None
    # Both site patterns hold "/docs/" (any case for MDN's): the others need not be compiled to say no.
    for pattern in (_GLOSSARY_ANCHOR, _MDN_TARGET) if "/docs/" in url.lower() else ():
        match = pattern.fullmatch(url)
        if match:
            return concept_slug(match.group(1)) or None
    file = _FILE_TARGET.fullmatch(url) if ".md" in url and not url.startswith("//") else None
    if file is not None:  # a path to a Markdown file: where it leads depends on the page (``file_link_slug``)
        path = _decoded_path(file.group(1))
        if path is None:
            return None
        return path if path.startswith(("/", "./", "../")) else "./" + path
    match = (_ROOT_TARGET if url.startswith("/") else _RELATIVE_TARGET).fullmatch(url)
    if match is None:
        return None
    return next((group for group in match.groups() if group), None)


_remembered_target = functools.lru_cache(maxsize=65_536)(_target)


def _decoded_path(path: str) -> str | None:
    """A file link's path with its %-escapes decoded one part at a time (``a%20b``); None when a part
    would decode to a ``/``, a dot folder or a character no slug holds (a control, a direction mark)."""
    if "%" not in path:
        decoded = path
    else:
        from urllib.parse import unquote

        parts = []
        for part in path.split("/"):
            plain = unquote(part)
            if "/" in plain or (plain in (".", "..") and part != plain):
                return None
            parts.append(plain)
        decoded = "/".join(parts)
    if decoded.isascii() and decoded.isprintable():
        return decoded
    import unicodedata

    if any(unicodedata.category(char) in ("Cc", "Cf", "Cs", "Zl", "Zp") for char in decoded):
        return None
    return decoded


FOLDER_PAGE_NAMES = ("index", "_index")  # the file that is its folder's page (as ``pages.FOLDER_PAGES``)


def file_link_slug(target: str, folder: str, lang: str) -> str | None:
    """The slug a link to a Markdown file names from a page in ``folder`` (its file's folder below the
    language folder, ``""`` at the top) in the language ``lang``; ``target`` as ``link_target`` gives
    it. Any other target is a slug already. An absolute path starts at the top of the docs, after the
    page's own language when it starts with it (``/ja/pod.md`` on a Japanese page); a relative one at
    ``folder``. A folder's page (``guide/index.md``) is its folder. None for a path that leads out of
    the docs (above their top) and for the top's own ``_index.md`` (a site's home page)."""
    if target.startswith("/"):
        parts = [part for part in target.split("/") if part]
        if len(parts) > 1 and lang_key(parts[0]) == lang_key(lang):
            parts = parts[1:]
    elif target.startswith(("./", "../")):
        import posixpath

        joined = posixpath.normpath(posixpath.join(folder, target))
        if joined == ".." or joined.startswith("../"):
            return None  # out of the docs: a page of the site around them, or none
        parts = [part for part in joined.split("/") if part not in ("", ".")]
    else:
        return target
    if len(parts) > 1 and parts[-1] in FOLDER_PAGE_NAMES:
        parts.pop()
    if parts == ["_index"]:
        return None
    return "/".join(parts) or None


# --- code: text no rule may touch ----------------------------------------------------------------

_FENCE_OPEN = lazy(r"^( {0,3})(`{3,}|~{3,})(.*)$")
_CODE_SPAN = lazy(r"(`+)(?!`).*?(?<!`)\1(?!`)", re.DOTALL)


def _blocks(text: str) -> list[tuple[bool, str]]:
    """The text cut into (is_code, piece): fenced code blocks apart from the prose around them."""
    if not ("`" in text and "```" in text) and not ("~" in text and "~~~" in text):
        return [(False, text)]  # no fence: the common case, one piece
    pieces: list[tuple[bool, str]] = []
    prose: list[str] = []
    lines = text.splitlines(keepends=True)
    index = 0
    while index < len(lines):
        opening = _FENCE_OPEN.match(lines[index].rstrip("\n")) if lines[index][:4].strip()[:1] in "`~" else None
        if opening is None or (opening.group(2)[0] == "`" and "`" in opening.group(3)):
            prose.append(lines[index])
            index += 1
            continue
        end = index + 1
        fence = opening.group(2)
        while end < len(lines):
            closing = lines[end].strip()
            if closing.startswith(fence[0] * len(fence)) and not closing.strip(fence[0]):
                end += 1
                break
            end += 1
        if prose:
            pieces.append((False, "".join(prose)))
            prose = []
        pieces.append((True, "".join(lines[index:end])))
        index = end
    if prose:
        pieces.append((False, "".join(prose)))
    return pieces


def _is_hidden_fence(block: str) -> bool:
    """MDN marks code that only feeds a live example ``hidden``: readers of the page never see it."""
    info = _FENCE_OPEN.match(block.split("\n", 1)[0])
    return info is not None and "hidden" in info.group(3).split()


# --- the rules -------------------------------------------------------------------------------------

_COMMENT = lazy(r"<!--.*?-->", re.DOTALL)
_HUGO_CALL = lazy(r"\{\{([<%])\s*(/?)\s*([\w-]+)(.*?)\s*[>%]\}\}", re.DOTALL)
_ATTRIBUTE = lazy(r"""(\w+)\s*=\s*(?:"([^"]*)"|'([^']*)'|(\S+))""")
_ARGUMENT = lazy(r""""([^"]*)"|'([^']*)'|([^\s,"'()]+)""")
_MDN_MACRO = lazy(r"\{\{\s*([A-Za-z][\w-]*)\s*(?:\((.*?)\))?\s*\}\}", re.DOTALL)
_MD_LINK = lazy(r"\[(?<!!\[)([^\[\]]*)\]\(\s*([^()\s]*(?:\([^()\s]*\)[^()\s]*)*)(\s+(?:\"[^\"]*\"|'[^']*'))?\s*\)")
_ALERT = lazy(r"^([ \t]*> ?)\[!(NOTE|TIP|IMPORTANT|WARNING|CAUTION)\][ \t]*$", re.MULTILINE | re.IGNORECASE)
_DEFINITION = lazy(r"^([ \t]*)[-*] (.+)\n\1  [-*] : ", re.MULTILINE)
_INLINE_TAGS = "sup|sub|i|em|b|strong|kbd|code|var|q|span|abbr|dfn|cite|small|mark|s|u"
_INLINE_HTML = lazy(rf"<({_INLINE_TAGS})\b[^<>]*>(.*?)</\1\s*>", re.DOTALL | re.IGNORECASE)
_ANCHOR_HTML = lazy(r"<a\b[^<>]*?href\s*=\s*[\"']([^\"']*)[\"'][^<>]*>(.*?)</a\s*>", re.DOTALL | re.IGNORECASE)
_BREAK_HTML = lazy(r"<br\s*/?>", re.IGNORECASE)
# MDN pages of 2022 end with their sidebar written out: a section of links to other pages.
_QUICK_LINKS = lazy(r"<section\s+id\s*=\s*[\"']?Quick_links\b.*?</section\s*>", re.DOTALL | re.IGNORECASE)
_ENTITY = lazy(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
# What an entity must stay written as: characters that are Markdown syntax, and spaces of no width.
_KEPT_ESCAPED = frozenset("\\`*_{}[]()<>#+-.!|~&") | {"\u200b", "\ufeff", "\u00ad"}

NOTE_NAMES = {"note": "Note", "caution": "Caution", "warning": "Warning", "tip": "Tip", "important": "Important"}
_SUPERSCRIPT = str.maketrans("0123456789+-=()n", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿ")
_SUBSCRIPT = str.maketrans("0123456789+-=()", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎")
# MDN macros that show their first argument (or a given second) as code.
_CODE_MACROS = {
    "cssxref",
    "jsxref",
    "domxref",
    "httpheader",
    "httpmethod",
    "httpstatus",
    "htmlattrxref",
    "svgattr",
    "csp",
    "webextapiref",
    "mathmlelement",
    "event",
    "apiref",
    "js_property_attributes",
}
_ELEMENT_MACROS = {"htmlelement", "svgelement", "mathmlelement"}
_HIDDEN_MACRO_WORDS = (
    "sidebar",
    "quicklinks",
    "embedlivesample",
    "disambiguation",
    "specifications",
    "compat",
    "specname",
    "seecompattable",
    "previous",
    "next",
    "_inline",
    "inheritancediagram",
)


def _arguments(raw: str | None) -> list[str]:
    return [
        m.group(1) if m.group(1) is not None else m.group(2) if m.group(2) is not None else m.group(3)
        for m in _ARGUMENT.finditer(raw or "")
    ]


def _hugo_attributes(raw: str) -> dict[str, str]:
    return {m.group(1).lower(): m.group(2) or m.group(3) or m.group(4) or "" for m in _ATTRIBUTE.finditer(raw)}


class _Reader:
    """One text being read: the prose pieces go through every rule, code pieces through none.

    Each rule runs only where its mark is found. ``"{" in text and "{{" in text`` reads twice but
    costs less: Python finds one character at memory speed, two or more at about a nanosecond
    a character, and most texts hold neither.
    """

    def __init__(self, first_line: int, links: list[Link], *, markdown: bool = True) -> None:
        self.first_line = first_line
        self.links = links
        self.markdown = markdown  # False: a line shown as plain text, where emphasis tags stay as written

    def read(self, source: str) -> str:
        if "\n" not in source and not _has_inline_mark(source):
            return source  # the common one-line case: nothing to do
        out: list[str] = []
        line = self.first_line
        for is_code, piece in _blocks(source):
            if is_code:
                out.append("\n" * piece.count("\n") if _is_hidden_fence(piece) else piece)
            else:
                out.append(self._prose(piece, line))
            line += piece.count("\n")
        return "".join(out)

    def _prose(self, text: str, first_line: int) -> str:
        if "<" in text and "<!--" in text:
            text = _COMMENT.sub(_newlines, text)
        if "<" in text and "<section" in text:
            text = _QUICK_LINKS.sub(_newlines, text)
        spans = list(_CODE_SPAN.finditer(text)) if "`" in text else []
        if not spans:
            return self._inline(text, first_line)
        out, start, line = [], 0, first_line
        for span in spans:
            out.append(self._inline(text[start : span.start()], line))
            # MDN writes `{{HTMLElement("a")}}`: a macro alone in a code span is still a macro.
            alone = span.group().strip("`").strip()
            macro = _MDN_MACRO.fullmatch(alone) if alone.startswith("{{") else None
            out.append(self._mdn(alone, line) if macro else span.group())
            line += text.count("\n", start, span.end())
            start = span.end()
        out.append(self._inline(text[start:], line))
        return "".join(out)

    def _inline(self, text: str, first_line: int) -> str:
        if "{" in text and "{{" in text:
            text = self._hugo(text, first_line)
        if "{" in text and "{{" in text:
            text = self._mdn(text, first_line)
        if "<" in text:
            text = _html(text, self.markdown)
        if "]" in text and "](" in text:
            text = self._markdown_links(text, first_line)
        if "!" in text and "[!" in text:
            text = _ALERT.sub(lambda m: f"{m.group(1)}**{m.group(2).capitalize()}:**", text)
        if ":" in text and " : " in text:
            text = _DEFINITION.sub(lambda m: f"{m.group(1)}- **{m.group(2).strip()}**: ", text)
        if "&" in text:
            text = _ENTITY.sub(_entity, text)
        return text

    def _link(self, text: str, target: str, line: int) -> str:
        self.links.append(Link(text, target, line))
        return text

    def _hugo(self, text: str, first_line: int) -> str:
        lines = _LineCounter(text, first_line)

        def call(match: re.Match[str]) -> str:
            closing, name, raw = match.group(2), match.group(3).lower(), match.group(4)
            if name in NOTE_NAMES:
                return "" if closing else f"\n> **{NOTE_NAMES[name]}:** "
            if closing:
                return ""
            if name == "glossary_tooltip":
                attributes = _hugo_attributes(raw)
                target = concept_slug(attributes.get("term_id", ""))
                words = attributes.get("text", "").strip() or attributes.get("term_id", "").strip()
                return self._link(words, target, lines.at(match.start())) if target else words
            if name in ("ref", "relref"):
                arguments = _arguments(raw)
                return _ref_url(arguments[0]) if arguments else ""
            if name == "param":
                arguments = _arguments(raw)
                return "{" + arguments[0] + "}" if arguments else ""
            return ""

        text = _HUGO_CALL.sub(call, text)
        return _quote_notes(text) if ">" in text and "> **" in text else text

    def _mdn(self, text: str, first_line: int) -> str:
        lines = _LineCounter(text, first_line)

        def macro(match: re.Match[str]) -> str:
            name, arguments = match.group(1).lower(), _arguments(match.group(2))
            if name == "glossary":
                if not arguments:
                    return ""
                words = arguments[1] if len(arguments) > 1 and arguments[1] else arguments[0]
                return self._link(words, concept_slug(arguments[0]), lines.at(match.start()))
            if any(word in name for word in _HIDDEN_MACRO_WORDS):
                return ""
            if not arguments or not arguments[0]:
                return ""
            shown = arguments[1] if len(arguments) > 1 and arguments[1] and name != "htmlattrxref" else arguments[0]
            if name in _ELEMENT_MACROS:
                from html import unescape  # html.entities, its table, costs a millisecond to import

                return f"`{unescape(arguments[1])}`" if len(arguments) > 1 else f"`<{arguments[0]}>`"
            if name in ("interwiki",):
                return arguments[2] if len(arguments) > 2 and arguments[2] else arguments[-1]
            if name == "rfc":
                return f"RFC {arguments[0]}"
            return f"`{shown}`" if name in _CODE_MACROS or len(arguments) <= 2 else shown

        return _MDN_MACRO.sub(macro, text)

    def _markdown_links(self, text: str, first_line: int) -> str:
        lines = _LineCounter(text, first_line)

        def markdown_link(match: re.Match[str]) -> str:
            target = link_target(match.group(2))
            if target is None:
                return match.group()
            return self._link(match.group(1), target, lines.at(match.start()))

        return _MD_LINK.sub(markdown_link, text)


def _has_inline_mark(text: str) -> bool:
    """Whether a rule may change one line of text: a macro, a tag, a link, an alert, an entity."""
    return (
        "<" in text
        or "&" in text
        or ("{" in text and "{{" in text)
        or ("]" in text and "](" in text)
        or ("!" in text and "[!" in text)
    )


def _newlines(match: re.Match[str]) -> str:
    """Hidden text leaves its line ends, so that lines after it keep their numbers."""
    return "\n" * match.group().count("\n")


def _entity(match: re.Match[str]) -> str:
    """``&#58;`` is ``:`` and ``&nbsp;`` a no-break space; ``&lt;`` stays (unescaped it would be markup)."""
    from html import unescape

    character = unescape(match.group())
    if len(character) != 1 or character in _KEPT_ESCAPED or not (character.isprintable() or character == "\xa0"):
        return match.group()
    return character


def _ref_url(page: str) -> str:
    """Hugo's ``ref "service"``: a page of the glossary by name becomes a link to that concept."""
    path = page.split("#", 1)[0].rstrip("/").removesuffix(".md").removesuffix("/index")
    if "/" not in path or "glossary/" in path:
        return "/" + path.rsplit("/", 1)[-1]
    return page


def _quote_notes(text: str) -> str:
    """Lines after a Hugo note's opening, up to a blank line or the note's end, stay in the quote."""
    out: list[str] = []
    quoting = False
    for line in text.split("\n"):
        if line.startswith("> **") and line.split(":**", 1)[0][4:] in NOTE_NAMES.values():
            quoting = True
            out.append(line.rstrip())
            continue
        if quoting and line.strip():
            out.append("> " + line.strip())
            continue
        quoting = False
        out.append(line)
    return "\n".join(out)


def _html(text: str, markdown: bool = True) -> str:
    """Inline HTML as the Markdown a reader would see: 2<sup>16</sup> is 2¹⁶, <kbd>Ctrl</kbd> code.

    Without ``markdown`` (a title, drawn as plain text) only what plain text can show is read.
    """

    def inline(match: re.Match[str]) -> str:
        tag, inner = match.group(1).lower(), match.group(2)
        if not markdown and tag not in ("sup", "sub"):
            return match.group()
        if tag in ("sup", "sub"):
            table = _SUPERSCRIPT if tag == "sup" else _SUBSCRIPT
            translated = inner.translate(table)
            if translated != inner and not any(c.isascii() and c.isalnum() for c in translated):
                return translated
            return ("^" if tag == "sup" else "_") + (inner if len(inner) == 1 else f"({inner})")
        if tag in ("i", "em", "var", "dfn", "cite"):
            return f"*{inner}*" if inner.strip() else inner
        if tag in ("b", "strong"):
            return f"**{inner}**" if inner.strip() else inner
        if tag in ("kbd", "code"):
            return f"`{inner}`" if inner.strip() else inner
        if tag == "q":
            return f"“{inner}”"
        return inner

    for _ in range(3):  # nested tags: <b><i>x</i></b>
        replaced = _INLINE_HTML.sub(inline, text)
        if replaced == text:
            break
        text = replaced
    if not markdown:
        return text
    if "<a" in text:
        text = _ANCHOR_HTML.sub(lambda m: f"[{m.group(2)}]({m.group(1)})", text)
    if "<br" in text:
        text = _BREAK_HTML.sub("  \n", text)
    return text


def reader_text(source: str, first_line: int = 1, links: list[Link] | None = None) -> str:
    """The Markdown a reader sees of ``source``; links to concepts are appended to ``links``.

    ``first_line`` is the line of the file ``source`` starts at, for the links' line numbers.
    """
    return _Reader(first_line, links if links is not None else []).read(source)


def reader_line(source: str) -> str:
    """One line a reader sees as plain text (a title, a heading, a front-matter value), spaces
    collapsed: macros and links read as in ``reader_text``, tags that only Markdown could draw
    (``<b>``) left as written."""
    return " ".join(_Reader(0, [], markdown=False).read(source).split())


_LINK = lazy(r"(!?)\[([^\[\]]*)\]\((?:<[^<>\n]*>|(?:[^()\s]|\([^()\s]*\))*)(?:\s+(?:\"[^\"]*\"|'[^']*'))?\s*\)")
_NOTE_LABEL = lazy(r"^([ \t]*> ?)\*\*(?:" + "|".join(NOTE_NAMES.values()) + r"):\*\* ?", re.MULTILINE)


def plain_text(text: str) -> str:
    """Reader text as words to search and numbers to compare: links (and images) reduced to their
    words, a URL is not text; the label of a marked note (``**Note:**``) is not the article's text."""
    for _ in range(2):  # a picture as a link's words: [![alt](picture)](url)
        if "]" in text and "](" in text:
            text = _LINK.sub(r"\2", text)
    if "*" in text and ":**" in text:
        text = _NOTE_LABEL.sub(r"\1", text)
    return text


_INLINE_MARKS = lazy(
    r"""\*\*(?=\S)(.+?)(?<=\S)\*\*|__(?=\S)(.+?)(?<=\S)__|`([^`]+)`
      |(?<![*\\])\*(?=[^\s*])([^*\n]+?)(?<=[^\s*\\])\*(?!\*)
      |(?<![\w\\])_(?=[^\s_])([^_\n]+?)(?<=[^\s_\\])_(?!\w)""",
    re.VERBOSE,
)
_ESCAPED = lazy(r"\\([!-/:-@\[-`{-~])")  # a backslash before ASCII punctuation: the mark itself


def plain_line(text: str) -> str:
    """A line of reader text as plain words, for a description shown as text or exported (TBX,
    CSV): links as their words, no ``**strong**``, ``__strong__``, ``*emphasis*``, ``_emphasis_``
    or `` `code` `` marks, and ``\\[`` as ``[``. As in CommonMark, ``*`` marks inside a word too
    (``*網頁瀏覽器*是``), ``_`` does not (``snake_case``)."""
    text = plain_text(text)
    for _ in range(3):  # marks in marks (``_`<canvas>`_``) are taken off one layer at a time
        if "*" not in text and "_" not in text and "`" not in text:
            break
        unmarked = _INLINE_MARKS.sub(lambda m: next(group for group in m.groups() if group is not None), text)
        if unmarked == text:
            break
        text = unmarked
    if "\\" in text:
        text = _ESCAPED.sub(r"\1", text)
    return text


_LONE_NUMBER = lazy(r"`+ ?[\d.,]*\d ?`+")  # `1,5`: a number set as code is still written as a number


def reader_numbers(text: str) -> list[str]:
    """The numbers a reader reads in reader text (``glossary.text.numbers``) that a translation keeps:
    not those of link URLs, nor a digit counting things in CJK text (``1つ``, English ``one``); in
    code a comma or a space separates numbers (``repeat(3,1fr)`` holds 3 and 1, not 3.1)."""
    prose: list[str] = []
    code: list[str] = []
    for is_code, piece in _blocks(plain_text(text)):
        if is_code:
            code.append(piece)
            continue
        start = 0
        for span in _CODE_SPAN.finditer(piece) if "`" in piece else ():
            if not _LONE_NUMBER.fullmatch(span.group()):
                prose.append(piece[start : span.start()])
                code.append(span.group())
                start = span.end()
        prose.append(piece[start:])
    # A small whole number in prose is as often written as a word ("five", 五, "both"): it is no
    # number a translation must keep. In code every number counts.
    found = {number for number in numbers("\n".join(prose)) if not _is_small_whole(number)}
    if code:
        found.update(numbers("\n".join(code), code=True))
    return sorted(found)


def _is_small_whole(number: str) -> bool:
    return number.isdigit() and int(number) <= 10


# --- titles -------------------------------------------------------------------------------------

_TITLE_NOTE = lazy(r"^(.*?\S)\s*[(（]\s*(?:([^()（）,，:：]*)[,，:：]\s*)?([^()（）]*?)\s*[)）]\s*$")


def split_title_note(title: str) -> tuple[str, str]:
    """A translated title that keeps the source term in brackets: ``节点（Node）`` is ``节点`` + ``Node``.

    Only a bracket of Latin words after a title in another script is a note: ``Pod (CRI)`` or
    ``Container Runtime Interface (CRI)`` stay whole. So does a title with an abbreviation in
    brackets, ``कंटेनर रनटाइम इंटरफ़ेस (CRI)`` or ``Блок (CSS)``: the source's titles keep it too,
    and it tells apart concepts whose titles are otherwise the same (``Блок`` is another one).
    """
    parts = _bracketed(title)
    if parts is None or (not parts[1] and _ABBREVIATION.fullmatch(parts[2])):
        return title, ""  # 노드 (원문, CRI) names its source term: a note all the same
    term, label, note = parts
    return term, (f"{label}, {note}" if label else note)


def printed_title(title: str, note: str) -> str:
    """A title with its note as ``show`` prints it, and as it is typed from there: ``노드 (원문, Node)``.
    A title written ``节点（Node）`` (full-width brackets, no space) prints ``节点 (Node)``; both are
    typed, and both read the same once ``split_title_note`` has taken them apart."""
    return f"{title} ({note})" if note else title


def title_without_abbreviation(title: str) -> str:
    """``कंटेनर रनटाइम इंटरफ़ेस`` of ``कंटेनर रनटाइम इंटरफ़ेस (CRI)``: a name the concept is typed by
    too (``show 區塊`` finds ``區塊 (CSS)`` when no concept is called ``區塊``); else ``""``."""
    parts = _bracketed(title)
    return parts[0] if parts is not None and not parts[1] and _ABBREVIATION.fullmatch(parts[2]) else ""


def _bracketed(title: str) -> tuple[str, str, str] | None:
    """``(term, label, note)`` of a title in another script followed by Latin words in brackets."""
    match = _TITLE_NOTE.match(title)
    if not match:
        return None
    term, label, note = match.group(1), match.group(2) or "", match.group(3)
    if not note or not note.isascii() or not any(c.isalpha() for c in note):
        return None
    if not any(_is_other_script(c) for c in term) or (label and label.isascii()) or any(c in term for c in "(（"):
        return None  # Latin words only; or a bracket that tells apart two titles (``X (Y) (CSS)``)
    return term, label, note


_ABBREVIATION = lazy(r"[A-Z][A-Z0-9]{1,7}")  # CRI, RBAC, CSSOM, HTTP2


def _is_other_script(char: str) -> bool:
    """A letter of a script other than Latin (``Propriété (CSS)`` is all Latin: no note there)."""
    import unicodedata

    return char.isalpha() and not char.isascii() and not unicodedata.name(char, "").startswith("LATIN")


# --- the table ------------------------------------------------------------------------------------

CONVENTIONS: tuple[Convention, ...] = (
    Convention("Markdown", "internal link", "[asiakas](/customer)", "asiakas", ("customer",)),
    Convention("Markdown", "relative link", "[service](../service/)", "service", ("service",)),
    Convention("Markdown", "HTML comment", "a <!-- hidden --> b", "a  b"),
    Convention("Markdown", "inline HTML", "2<sup>16</sup> and <kbd>Ctrl</kbd>", "2¹⁶ and `Ctrl`"),
    Convention("Hugo", "tooltip link", '{{< glossary_tooltip text="Pods" term_id="Pod" >}}', "Pods", ("pod",)),
    Convention("Hugo", "link with a language", "[サービス](/ja/service/)", "サービス", ("service",)),
    Convention("Markdown", "file", "[subcharts](/guide/subcharts.md)", "subcharts", ("guide/subcharts",)),
    Convention("Markdown", "file, relative", "[values](./values.mdx#files)", "values", ("values",)),
    Convention("Hugo", "glossary anchor", "[pod](/docs/reference/glossary/?all=true#term-pod)", "pod", ("pod",)),
    Convention("Hugo", "ref shortcode", '[svc]({{< ref "service" >}})', "svc", ("service",)),
    Convention("Hugo", "note", "{{< note >}}\nMind it.\n{{< /note >}}", "\n> **Note:**\n> Mind it.\n"),
    Convention("Hugo", "parameter", 'v{{< param "version" >}}', "v{version}"),
    Convention("Hugo", "other shortcode", "a {{< feature-state >}} b", "a  b"),
    Convention("MDN", "glossary macro", '{{Glossary("HTTP", "the protocol")}}', "the protocol", ("http",)),
    Convention(
        "MDN", "nested glossary slug", '{{Glossary("Engine/Rendering")}}', "Engine/Rendering", ("engine-rendering",)
    ),
    Convention("MDN", "glossary link", "[CORS](/en-US/docs/Glossary/CORS)", "CORS", ("cors",)),
    Convention("MDN", "reference macro", '{{HTTPHeader("Accept")}} {{HTMLElement("a")}}', "`Accept` `<a>`"),
    Convention("MDN", "sidebar and live sample", "{{GlossarySidebar}}{{EmbedLiveSample('x', 640, 240)}}", ""),
    Convention("MDN", "alert", "> [!NOTE]\n> Mind it.", "> **Note:**\n> Mind it."),
    Convention("MDN", "definition list", "- term\n  - : what it means", "- **term**: what it means"),
    Convention("MDN", "hidden code", "```css hidden\np {}\n```\n", "\n\n\n"),
)
