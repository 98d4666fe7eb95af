"""Export a glossary for translation tools: TBX-Basic (v2 and v3), CSV and JSON Lines.

Exports are built from the index (titles, synonyms, descriptions, links), except JSON Lines, which
holds whole articles and reads every file: ``exported_articles`` gives them, and the views write
each as the ``show --json`` object. Each format is produced as a stream of text chunks, one
per concept or article, so that a glossary of any size is never held in memory at once;
``write_atomic`` puts them in a file that either appears whole or not at all.

Terms: a concept's title in a language is its preferred term, each ``aka`` an admitted term, the
description its definition; terms an article's front matter declares
(``terms: {deprecated: [...]}``) carry their status. An internal link is a cross-reference to the concept it leads to.
"""

from __future__ import annotations

import csv
import io
import os
import re
import signal
import stat
import tempfile
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple
from xml.sax.saxutils import XMLGenerator

from glossary import __version__
from glossary.articles import TERM_STATUSES, TITLE_FROM_SLUG
from glossary.errors import BadData, UsageError

if TYPE_CHECKING:
    from glossary.articles import Article
    from glossary.index import Index, Outline
    from glossary.search.lookup import Related

FORMATS = ("tbx", "tbx3", "csv")  # JSON Lines: ``exported_articles``

TBX3_NAMESPACE = "urn:iso:std:iso:30042:ed-2"
PREFERRED = TERM_STATUSES["preferred"]
ADMITTED = TERM_STATUSES["admitted"]


class Concept:
    """One slug and its articles in the exported languages, in export language order."""

    __slots__ = ("slug", "articles")

    def __init__(self, slug: str, articles: list[Outline]) -> None:
        self.slug = slug
        self.articles = articles


class ExportedArticle(NamedTuple):
    """One article of a JSON Lines export, with what ``show --json`` says beside it: the languages
    of its concept and the concepts it links to (``glossary.search.lookup.related_concepts``)."""

    article: Article
    languages: list[str]
    related: list[Related]


def export(index: Index, fmt: str, *, langs: Sequence[str] = (), warnings: list[str] | None = None) -> Iterator[str]:
    """The glossary in format ``fmt`` (one of ``FORMATS``) as text chunks; ``langs`` (language keys)
    restricts and orders the languages, the first being the source language. Without them every
    language is exported, the glossary's source language first (``Corpus.source``), then the
    others by tag. An article without a title has no term: ``warnings`` says so. Raises
    ``BadData`` if nothing is left."""
    if fmt == "jsonl":
        raise ValueError("JSON Lines are written by the views from exported_articles")
    if fmt not in FORMATS:
        raise UsageError(f'unknown export format "{fmt}"; formats: {", ".join([*FORMATS, "jsonl"])}')
    outlines, keys, concepts = _selection(index, langs)
    names = [index.corpus.language_name(key) for key in keys]
    _say_untitled(concepts, warnings if warnings is not None else [])
    if fmt == "tbx":
        return _tbx(concepts, names, version=2)
    if fmt == "tbx3":
        return _tbx(concepts, names, version=3)
    return _csv(concepts, keys, names)


def has_title(outline: Outline) -> bool:
    """Whether an article has a title of its own: one with none shows its slug, which is no term."""
    return outline.check_facts.get("title") != TITLE_FROM_SLUG


def _say_untitled(concepts: Sequence[Concept], warnings: list[str]) -> None:
    """A warning for each article without a title, whose term the export leaves out (as ``check``
    reports it)."""
    for concept in concepts:
        for article in concept.articles:
            if not has_title(article):
                warnings.append(
                    f'{article.path}: no title (no "title" in the front matter and no "# " heading); '
                    "its term is left out of the export"
                )


def exported_articles(
    index: Index, *, langs: Sequence[str] = (), warnings: list[str] | None = None
) -> Iterator[ExportedArticle]:
    """Every article of a JSON Lines export (this reads the files), concept by concept, in the
    languages ``export`` would export; a file that cannot be read is said in ``warnings`` and
    skipped. Raises ``BadData`` (at once, not when iterated) if nothing is left."""
    outlines, _, concepts = _selection(index, langs)
    return _articles(concepts, outlines, warnings if warnings is not None else [])


def _selection(index: Index, langs: Sequence[str]) -> tuple[list[Outline], list[str], list[Concept]]:
    """The outlines of the glossary, the language keys exported, in order, and their concepts."""
    outlines = index.outlines()
    keys = list(dict.fromkeys(langs)) or sorted({o.key for o in outlines}, key=lambda k: (k != index.corpus.source, k))
    concepts = _concepts(outlines, keys)
    if not concepts:
        raise BadData(
            "nothing to export: no articles"
            + (f" in {', '.join(index.corpus.language_name(k) for k in keys)}" if langs else "")
        )
    return outlines, keys, concepts


def _concepts(outlines: Sequence[Outline], keys: Sequence[str]) -> list[Concept]:
    position = {key: number for number, key in enumerate(keys)}
    by_slug: dict[str, list[Outline]] = defaultdict(list)
    for outline in outlines:
        if outline.key in position:
            by_slug[outline.slug].append(outline)
    return [
        Concept(slug, sorted(articles, key=lambda o: position[o.key])) for slug, articles in sorted(by_slug.items())
    ]


# --- TBX -------------------------------------------------------------------------------------------

# Characters XML 1.0 cannot hold at all (C0 controls but tab and line ends, lone surrogates,
# U+FFFE and U+FFFF). Article text has had its control characters removed already; slugs and
# paths come from file names, which may hold anything.
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text: str) -> str:
    """``text`` without the characters an XML 1.0 document cannot contain, line ends as ``\\n``
    (a reader turns a raw ``\\r`` into ``\\n`` anyway)."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _NOT_XML.sub("", text)


@dataclass(frozen=True)
class _TbxVocabulary:
    """The element names of one TBX version."""

    root: str
    header: str
    entry: str
    lang: str
    term: str


_TBX2 = _TbxVocabulary("martif", "martifHeader", "termEntry", "langSet", "tig")
_TBX3 = _TbxVocabulary("tbx", "tbxHeader", "conceptEntry", "langSec", "termSec")
_DEFINITION = {"type": "definition"}
_STATUS = {"type": "administrativeStatus"}


_BREAKS = ["\n" + "  " * depth for depth in range(16)]  # a line end and the indentation of the next line


class _XmlChunks:
    """An indented XML document written by the standard library's ``XMLGenerator`` (which escapes
    text and attribute values), taken out in chunks as it grows.

    Text goes through ``xml_text`` on its way in; attribute values must have been through it. The
    generator's methods are bound once: a large glossary writes millions of elements.
    """

    def __init__(self) -> None:
        self.buffer = io.StringIO()
        xml = XMLGenerator(self.buffer, encoding="UTF-8", short_empty_elements=False)
        self.generator = xml
        # Line ends and indentation go straight to the buffer: with ``short_empty_elements`` off the
        # generator never holds a tag open, so this is what its ``ignorableWhitespace`` would write.
        self._start, self._end, self._text, self._space = (
            xml.startElement,
            xml.endElement,
            xml.characters,
            self.buffer.write,
        )
        self.depth = 0
        self._tags: dict[tuple[str, ...], str] = {}

    def open_document(self, root: str, attributes: dict[str, str]) -> None:
        """The XML declaration and the root element."""
        self.generator.startDocument()
        self._start(root, attributes)  # type: ignore[arg-type]  # the generator only calls items()
        self.depth = 1

    def close_document(self, root: str) -> None:
        self.close(root)
        self._space("\n")
        self.generator.endDocument()

    def open(self, name: str, attributes: dict[str, str] | None = None, *, repeats: bool = False) -> None:
        """A start tag on a line of its own; ``repeats``: the same tag comes again and again."""
        if repeats:
            self._space(_BREAKS[self.depth] + self._start_tag(name, attributes or {}))
        else:
            self._space(_BREAKS[self.depth])
            self._start(name, attributes or {})  # type: ignore[arg-type]  # the generator only calls items()
        self.depth += 1

    def close(self, name: str) -> None:
        self.depth -= 1
        self._space(_BREAKS[self.depth])
        self._end(name)

    def element(self, name: str, text: str, attributes: dict[str, str] | None = None, *, repeats: bool = False) -> None:
        """``<name attributes>text</name>`` on a line of its own; ``repeats`` as for ``open``."""
        if repeats:
            self._space(_BREAKS[self.depth] + self._start_tag(name, attributes or {}))
        else:
            self._space(_BREAKS[self.depth])
            self._start(name, attributes or {})  # type: ignore[arg-type]
        self._text(xml_text(text))
        self._end(name)

    def _start_tag(self, name: str, attributes: dict[str, str]) -> str:
        """The start tag the generator writes for ``name`` and ``attributes``, drawn once: most of a
        TBX file is the same few tags (``<tig>``, ``<langSet xml:lang="fi">``) over and over."""
        key = (name, *attributes.values())
        tag = self._tags.get(key)
        if tag is None:
            scratch = io.StringIO()
            XMLGenerator(scratch, short_empty_elements=False).startElement(name, attributes)  # type: ignore[arg-type]
            self._tags[key] = tag = scratch.getvalue()
        return tag

    def take(self) -> str:
        """What was written since the last ``take``."""
        text = self.buffer.getvalue()
        self.buffer.seek(0)
        self.buffer.truncate()
        return text


def _tbx(concepts: Sequence[Concept], names: Sequence[str], *, version: int) -> Iterator[str]:
    """TBX-Basic: ``martif``/``termEntry``/``langSet``/``tig`` (v2, what most tools read) or
    ``tbx``/``conceptEntry``/``langSec``/``termSec`` (v3, ISO 30042:2019, DCA style)."""
    words = _TBX2 if version == 2 else _TBX3
    xml = _XmlChunks()
    _tbx_header(xml, words, version, source=names[0], about=_about(concepts, names))
    yield xml.take()
    # An entry holds at least one term: a concept whose every article lacks a title and synonyms has none.
    exported = {concept.slug: concept for concept in concepts if any(has_title(a) or a.aka for a in concept.articles)}
    ids = xml_ids(exported)
    for concept in exported.values():
        _tbx_entry(xml, words, concept, exported, ids)
        yield xml.take()
    xml.close("body")
    xml.close("text")
    xml.close_document(words.root)
    yield xml.take()


def _about(concepts: Sequence[Concept], names: Sequence[str]) -> str:
    count = len(concepts)
    return f"Exported by glossary {__version__}: {count} concept{'s' * (count != 1)} in {', '.join(names)}"


def _tbx_header(xml: _XmlChunks, words: _TbxVocabulary, version: int, *, source: str, about: str) -> None:
    """The XML declaration, the root element and the header of either TBX version, up to ``<body>``."""
    root = {"type": "TBX-Basic", "xml:lang": xml_text(source)}
    if version == 3:
        root = {"type": "TBX-Basic", "style": "dca", "xml:lang": xml_text(source), "xmlns": TBX3_NAMESPACE}
    xml.open_document(words.root, root)
    xml.open(words.header)
    xml.open("fileDesc")
    xml.open("titleStmt")
    xml.element("title", "Glossary")
    xml.close("titleStmt")
    xml.open("sourceDesc")
    xml.element("p", about)
    xml.close("sourceDesc")
    xml.close("fileDesc")
    if version == 2:
        xml.open("encodingDesc")
        xml.element("p", "TBXBasicXCSV02.xcs", {"type": "XCSURI"})
        xml.close("encodingDesc")
    xml.close(words.header)
    xml.open("text")
    xml.open("body")


def xml_ids(slugs: Iterable[str]) -> dict[str, str]:
    """An XML name for each slug, as an entry's ``id`` must be (an NCName: a validating TBX reader
    refuses ``docs/intro`` or ``descriptor_(css)``). ``/`` becomes ``.``, any other character a name
    cannot hold ``-``, and a name that cannot start as it does gets ``_`` in front; slugs that would
    share a name get ``-2``, ``-3``... after it, in slug order."""
    import unicodedata

    def allowed(char: str) -> bool:
        if char.isascii():
            return char.isalnum() or char in "._-"
        return unicodedata.category(char)[0] == "L" or unicodedata.category(char) in ("Mn", "Mc", "Nd")

    ids: dict[str, str] = {}
    taken: set[str] = set()
    for slug in sorted(slugs):
        name = "".join(char if allowed(char) else "." if char == "/" else "-" for char in slug)
        if not name or not (name[0].isalpha() or name[0] == "_"):
            name = "_" + name
        unique, number = name, 1
        while unique in taken:
            number += 1
            unique = f"{name}-{number}"
        taken.add(unique)
        ids[slug] = unique
    return ids


def _tbx_entry(
    xml: _XmlChunks, words: _TbxVocabulary, concept: Concept, exported: dict[str, Concept], ids: dict[str, str]
) -> None:
    """One concept: cross-references (or notes for links out of the export), then each language."""
    xml.open(words.entry, {"id": ids[concept.slug]})
    for target in _targets(concept):
        if target in exported and target != concept.slug:
            title = next((a.title for a in exported[target].articles if has_title(a)), target)
            xml.element("ref", title, {"type": "crossReference", "target": ids[target]})
        elif target not in exported:
            xml.element("note", f"Links to {target}, which has no entry here")
    for article in concept.articles:
        terms = _tbx_terms(article)
        if not terms:  # a language section holds at least one term: without a title there is none
            continue
        xml.open(words.lang, {"xml:lang": xml_text(article.lang)}, repeats=True)
        if article.description:
            xml.element("descrip", article.description, _DEFINITION, repeats=True)
        for term, status in terms:
            xml.open(words.term, repeats=True)
            xml.element("term", term, repeats=True)
            xml.element("termNote", status, _STATUS, repeats=True)
            xml.close(words.term)
        xml.close(words.lang)
    xml.close(words.entry)


def _tbx_terms(article: Outline) -> list[tuple[str, str]]:
    """An article's terms with their ``administrativeStatus``: the title preferred, each synonym
    admitted, then what its front matter declares under ``terms`` (see ``articles.term_statuses``),
    each term once, with the first status it has."""
    declared = article.check_facts.get("terms") or {}
    title = [article.title] if has_title(article) else []  # without a title, the slug shown is no term
    preferred = declared.get("preferred") or title
    admitted = [*title, *article.aka, *declared.get("admitted", [])]
    terms: dict[str, str] = {}
    for status, names in (("preferred", preferred), ("admitted", admitted), *declared.items()):
        for name in names:
            terms.setdefault(name, TERM_STATUSES[status])
    return list(terms.items())


def _targets(concept: Concept) -> list[str]:
    """Concepts linked from any of the concept's articles, each once, in order of appearance."""
    return list(dict.fromkeys(target for article in concept.articles for _, target, _ in article.links))


# --- CSV -------------------------------------------------------------------------------------------


def _csv(concepts: Sequence[Concept], keys: Sequence[str], names: Sequence[str]) -> Iterator[str]:
    """One row per concept: ``slug``, the term in each language (a column named by the language),
    then the definition in each language (``<lang>_definition``). Missing languages are empty."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def row(values: Sequence[str]) -> str:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow(values)
        return buffer.getvalue()

    yield row(["slug", *names, *(f"{name}_definition" for name in names)])
    for concept in concepts:
        by_key = {article.key: article for article in concept.articles}
        terms = [by_key[key].title if key in by_key and has_title(by_key[key]) else "" for key in keys]
        definitions = [by_key[key].description if key in by_key else "" for key in keys]
        yield row([concept.slug, *terms, *definitions])


# --- JSON Lines ------------------------------------------------------------------------------------


def _articles(
    concepts: Sequence[Concept], outlines: Sequence[Outline], warnings: list[str]
) -> Iterator[ExportedArticle]:
    from glossary.articles import UnreadableArticle, read_article
    from glossary.search.lookup import related_concepts

    languages: dict[str, list[str]] = defaultdict(list)
    for outline in outlines:
        languages[outline.slug].append(outline.lang)
    for concept in concepts:
        for outline in concept.articles:
            try:
                article = read_article(outline.path, slug=outline.slug, lang=outline.lang)
            except UnreadableArticle as exc:
                warnings.append(f"skipped {exc.path}: {exc.reason}")
                continue
            related = related_concepts(article, lambda slug: languages.get(slug, []))
            yield ExportedArticle(article, languages[concept.slug], related)


# --- writing ---------------------------------------------------------------------------------------


def encode(chunks: Iterable[str]) -> Iterator[bytes]:
    """UTF-8 bytes of the chunks (a lone surrogate from an undecodable file name becomes ``?``)."""
    for chunk in chunks:
        yield chunk.encode("utf-8", "replace")


def write_atomic(path: str | Path, chunks: Iterable[str]) -> int:
    """Write the chunks to the file ``path`` names; returns the number of bytes written.

    A regular file (new, or the target of a symlink, which stays a symlink) is written through a
    temporary file next to it, renamed into place: on any error, Ctrl-C, SIGTERM or SIGHUP the old
    file, if any, is left as it was and no temporary file remains. A named pipe or a device is
    written in place. A folder (or a name ending in ``/``) is a ``UsageError``: ``-o`` was given
    something that is not a file name. A read-only file, a socket, a folder that does not exist and
    any error writing are ``BadData`` (exit 1, the output could not be written).
    """
    typed = os.fspath(path)
    if not typed.strip():
        raise UsageError("-o was given an empty file name; give -o a file name, or - for stdout")
    if typed.endswith(("/", os.sep)):
        raise UsageError(f"{typed} names a folder; give -o a file name")
    target = Path(os.path.realpath(typed)) if os.path.islink(typed) else Path(typed)
    try:
        status: os.stat_result | None = target.stat()
    except OSError:
        status = None
    if status is not None and stat.S_ISDIR(status.st_mode):
        raise UsageError(f"{typed} is a folder; give -o a file name")
    if status is not None and (stat.S_ISFIFO(status.st_mode) or stat.S_ISCHR(status.st_mode)):
        return _write_in_place(typed, target, chunks)
    if status is not None and not stat.S_ISREG(status.st_mode):
        raise BadData(f"cannot write {typed}: it is not a file, a pipe or a character device")
    if status is not None and (not status.st_mode & 0o222 or not os.access(target, os.W_OK)):
        raise BadData(f"cannot write {typed}: the file is read-only")
    folder = target.parent
    if not folder.is_dir():
        why = "is not a folder" if folder.exists() else "does not exist"
        raise BadData(f"cannot write {typed}: the folder {folder} {why}")
    mode = status.st_mode & 0o7777 if status is not None else 0o666 & ~_umask()
    size = 0
    temporary: str | None = None
    try:
        with _ended_by_signals():
            handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".tmp")
            with os.fdopen(handle, "wb") as out:
                for data in encode(chunks):
                    out.write(data)
                    size += len(data)
                out.flush()
                os.fsync(out.fileno())
            os.chmod(temporary, mode)
            os.replace(temporary, target)
    except BaseException as exc:
        if temporary is not None:
            try:
                os.unlink(temporary)
            except OSError:
                pass
        if isinstance(exc, OSError):
            raise BadData(f"cannot write {typed}: {exc.strerror or exc}") from None
        raise
    return size


def _write_in_place(typed: str, target: Path, chunks: Iterable[str]) -> int:
    """Write to a named pipe or a device as it is (``/dev/null``, ``/dev/stdout``): never replaced."""
    size = 0
    try:
        with open(target, "wb") as out:
            for data in encode(chunks):
                out.write(data)
                size += len(data)
    except OSError as exc:
        raise BadData(f"cannot write {typed}: {exc.strerror or exc}") from None
    return size


class Terminated(SystemExit):
    """SIGTERM or SIGHUP arrived while a file was being written: exit quietly with 128 + the signal."""


@contextmanager
def _ended_by_signals() -> Iterator[None]:
    """While writing a temporary file, SIGTERM and SIGHUP raise ``Terminated`` (so that the file is
    removed on the way out) instead of ending the process on the spot; the old handlers after."""
    wanted = [getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)]

    def terminate(signum: int, _frame: object) -> None:
        raise Terminated(128 + signum)

    try:
        previous = {signum: signal.signal(signum, terminate) for signum in wanted}
    except ValueError:  # not the main thread: signals cannot be caught here
        previous = {}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def _umask() -> int:
    current = os.umask(0o022)
    os.umask(current)
    return current
