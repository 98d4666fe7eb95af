"""Export a glossary for translation tools: TBX-Basic (v2 and v3), CSV and JSON Lines.

Exports are built from the index (titles, synonyms, descriptions, links), except JSON Lines, which
holds whole articles and reads every file. Each format is produced as a stream of text chunks, one
per concept or article, so that a glossary of any size is never held in memory at once;
``write_atomic`` puts them in a file that either appears whole or not at all.

Terms: a concept's title in a language is its preferred term, each ``aka`` an admitted term, the
description its definition; an internal link is a cross-reference to the concept it leads to.
"""

from __future__ import annotations

import csv
import io
import os
import re
import tempfile
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from glossary import __version__
from glossary.errors import BadData, UsageError

if TYPE_CHECKING:
    from glossary.articles import Article
    from glossary.index import Index, Outline

FORMATS = ("tbx", "tbx3", "csv", "jsonl")

# ``article_json(article, languages, related)``: the ``show --json`` object, where ``related`` is
# ``[(slug, link texts, languages)]``. The caller passes it so that this module needs no views.
ArticleJson = Callable[["Article", list[str], list[tuple[str, list[str], list[str]]]], dict[str, Any]]

TBX3_NAMESPACE = "urn:iso:std:iso:30042:ed-2"
PREFERRED = "preferredTerm-admn-sts"
ADMITTED = "admittedTerm-admn-sts"


class Concept:
    """One slug and its articles in the exported languages, in export language order."""

    __slots__ = ("slug", "articles")

    def __init__(self, slug: str, articles: list[Outline]) -> None:
        self.slug = slug
        self.articles = articles


def export(
    index: Index,
    fmt: str,
    *,
    langs: Sequence[str] = (),
    article_json: ArticleJson | None = None,
    warnings: list[str] | None = None,
) -> Iterator[str]:
    """The glossary in format ``fmt`` as text chunks; ``langs`` (language keys) restricts and orders
    the languages, the first being the source language. Raises ``BadData`` if nothing is left."""
    if fmt not in FORMATS:
        raise UsageError(f'unknown export format "{fmt}"; formats: {", ".join(FORMATS)}')
    outlines = index.outlines()
    keys = list(dict.fromkeys(langs)) or sorted({o.key for o in outlines})
    concepts = _concepts(outlines, keys)
    if not concepts:
        raise BadData("nothing to export: no articles" + (f" in {', '.join(index.corpus.language_name(k) for k in keys)}" if langs else ""))
    names = [index.corpus.language_name(key) for key in keys]
    if fmt == "tbx":
        return _tbx(concepts, names, version=2)
    if fmt == "tbx3":
        return _tbx(concepts, names, version=3)
    if fmt == "csv":
        return _csv(concepts, keys, names)
    if article_json is None:
        raise ValueError("jsonl export needs article_json")
    return _jsonl(concepts, outlines, article_json, warnings if warnings is not None else [])


def _concepts(outlines: Sequence[Outline], keys: Sequence[str]) -> list[Concept]:
    position = {key: number for number, key in enumerate(keys)}
    by_slug: dict[str, list[Outline]] = defaultdict(list)
    for outline in outlines:
        if outline.key in position:
            by_slug[outline.slug].append(outline)
    return [
        Concept(slug, sorted(articles, key=lambda o: position[o.key]))
        for slug, articles in sorted(by_slug.items())
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


def _tbx(concepts: Sequence[Concept], names: Sequence[str], *, version: int) -> Iterator[str]:
    """TBX-Basic: ``martif``/``termEntry``/``langSet``/``tig`` (v2, what most tools read) or
    ``tbx``/``conceptEntry``/``langSec``/``termSec`` (v3, ISO 30042:2019, DCA style)."""
    entry_tag, lang_tag, term_tag = ("termEntry", "langSet", "tig") if version == 2 else ("conceptEntry", "langSec", "termSec")
    exported = {concept.slug: concept for concept in concepts}
    source = names[0]
    about = f"Exported by glossary {__version__}: {len(concepts)} concept{'s' * (len(concepts) != 1)} in {', '.join(names)}"
    if version == 2:
        yield (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<martif type="TBX-Basic" xml:lang="{_attribute(source)}">\n'
            "  <martifHeader>\n"
            "    <fileDesc>\n"
            "      <titleStmt>\n"
            "        <title>Glossary</title>\n"
            "      </titleStmt>\n"
            f"      <sourceDesc>\n        <p>{_escape(about)}</p>\n      </sourceDesc>\n"
            "    </fileDesc>\n"
            '    <encodingDesc>\n      <p type="XCSURI">TBXBasicXCSV02.xcs</p>\n    </encodingDesc>\n'
            "  </martifHeader>\n"
            "  <text>\n"
            "    <body>\n"
        )
    else:
        yield (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<tbx type="TBX-Basic" style="dca" xml:lang="{_attribute(source)}" xmlns="{TBX3_NAMESPACE}">\n'
            "  <tbxHeader>\n"
            "    <fileDesc>\n"
            "      <titleStmt>\n"
            "        <title>Glossary</title>\n"
            "      </titleStmt>\n"
            f"      <sourceDesc>\n        <p>{_escape(about)}</p>\n      </sourceDesc>\n"
            "    </fileDesc>\n"
            "  </tbxHeader>\n"
            "  <text>\n"
            "    <body>\n"
        )
    for concept in concepts:
        parts = [f'      <{entry_tag} id="{_attribute(concept.slug)}">\n']
        for target in _targets(concept):
            if target in exported and target != concept.slug:
                title = exported[target].articles[0].title
                parts.append(f'        <ref type="crossReference" target="{_attribute(target)}">{_escape(title)}</ref>\n')
            elif target not in exported:
                parts.append(f"        <note>{_escape(f'Links to {target}, which has no entry here')}</note>\n")
        for article in concept.articles:
            parts.append(f'        <{lang_tag} xml:lang="{_attribute(article.lang)}">\n')
            if article.description:
                parts.append(f'          <descrip type="definition">{_escape(article.description)}</descrip>\n')
            for term, status in [(article.title, PREFERRED)] + [(alias, ADMITTED) for alias in article.aka if alias != article.title]:
                parts.append(
                    f"          <{term_tag}>\n            <term>{_escape(term)}</term>\n"
                    f'            <termNote type="administrativeStatus">{status}</termNote>\n          </{term_tag}>\n'
                )
            parts.append(f"        </{lang_tag}>\n")
        parts.append(f"      </{entry_tag}>\n")
        yield "".join(parts)
    yield "    </body>\n  </text>\n" + ("</martif>\n" if version == 2 else "</tbx>\n")


def _targets(concept: Concept) -> list[str]:
    """Concepts linked from any of the concept's articles, each once, in order of appearance."""
    return list(dict.fromkeys(target for article in concept.articles for _, target, _ in article.links))


def _escape(text: str) -> str:
    """Element text: XML-safe characters only, ``&``, ``<`` and ``>`` escaped."""
    return xml_text(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _attribute(text: str) -> str:
    """An attribute value in double quotes; tabs and line ends kept as character references."""
    return _escape(text).replace('"', "&quot;").replace("\t", "&#09;").replace("\n", "&#10;")


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
        terms = [by_key[key].title if key in by_key else "" for key in keys]
        definitions = [by_key[key].description if key in by_key else "" for key in keys]
        yield row([concept.slug, *terms, *definitions])


# --- JSON Lines ------------------------------------------------------------------------------------


def _jsonl(concepts: Sequence[Concept], outlines: Sequence[Outline], article_json: ArticleJson, warnings: list[str]) -> Iterator[str]:
    """One ``show --json`` object per line, for every exported article (this reads the files)."""
    import json

    from glossary.articles import UnreadableArticle, read_article

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
            related = [
                (slug, [link.text for link in article.links if link.target == slug], languages.get(slug, []))
                for slug in article.linked_slugs()
            ]
            data = article_json(article, languages[concept.slug], related)
            yield json.dumps(data, ensure_ascii=False) + "\n"


# --- writing ---------------------------------------------------------------------------------------


def encode(chunks: Iterable[str]) -> Iterator[bytes]:
    """UTF-8 bytes of the chunks (a lone surrogate from an undecodable file name becomes ``?``)."""
    for chunk in chunks:
        yield chunk.encode("utf-8", "replace")


def write_atomic(path: str | Path, chunks: Iterable[str]) -> int:
    """Write the chunks to ``path`` through a temporary file in the same folder, then rename it
    into place: on any error (or Ctrl-C) the old file, if any, is left as it was and no partial file
    remains. Returns the number of bytes written."""
    path = Path(path)
    if path.is_dir():
        raise UsageError(f"{path} is a folder; give -o a file name")
    folder = path.parent
    if not folder.is_dir():
        raise UsageError(f"cannot write {path}: the folder {folder} does not exist")
    try:
        mode = path.stat().st_mode & 0o7777
    except OSError:
        mode = 0o666 & ~_umask()
    try:
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise BadData(f"cannot write {path}: {exc.strerror or exc}") from None
    size = 0
    try:
        with os.fdopen(handle, "wb") as out:
            for data in encode(chunks):
                out.write(data)
                size += len(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException as exc:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise BadData(f"cannot write {path}: {exc.strerror or exc}") from None
        raise
    return size


def _umask() -> int:
    current = os.umask(0o022)
    os.umask(current)
    return current
