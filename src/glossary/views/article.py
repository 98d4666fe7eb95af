"""Views of one article (show), of every concept (list) and of the languages (langs)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.text import Text

from glossary.analysis import repeats_description
from glossary.articles import Article, Section
from glossary.search.lookup import Related
from glossary.text import printable_path, shown_slug
from glossary.views import (
    DIM,
    HEADING,
    LANG,
    SLUG,
    OwnBlankLine,
    append_whole,
    spaced,
    title_line,
    unbroken,
    whole_words,
)

if TYPE_CHECKING:
    from glossary.export import ExportedArticle


def article_view(
    article: Article,
    *,
    languages: Sequence[str],
    related: Sequence[Related],
    section: Section | None = None,
    hyperlinks: bool = True,
    behind: Text | None = None,
) -> RenderableType:
    """The article as a reader sees it: header, description, lead, sections, related concepts.

    ``behind`` is a line under the title, such as how far the translation is behind its source."""
    header = _header(article, languages)
    parts: list[RenderableType | OwnBlankLine] = [header if behind is None else Group(header, behind)]
    if section is None:
        if article.description and not repeats_description(article.lead, article.description):
            parts.append(Text(article.description, style="italic"))
        if article.lead:
            parts.append(_markdown(article.lead, hyperlinks))
        sections = article.sections
    else:
        sections = [section]
    for item in sections:
        parts.append(Text(f"{item.number}. {item.heading}", style=HEADING))
        if item.text:
            parts.append(_markdown(item.text, hyperlinks))
    if related and section is None:
        parts.append(related_line(related))
    return Group(*spaced(parts))


def _header(article: Article, languages: Sequence[str]) -> Text:
    header = title_line(article.title, article.slug, article.lang)
    if article.title_note:  # the source term a translated title keeps: 노드 (원문, Node)
        end = len(article.title)
        header = Text.assemble(header[:end], (f" ({article.title_note})", DIM), header[end:])
    others = [lang for lang in languages if lang != article.lang]
    if others:
        header.append(" · also in ", style=DIM)
        header.append(", ".join(others), style=LANG)
    return whole_words(header)


def related_line(related: Sequence[Related]) -> Text:
    """``Related: asiakas → customer (not in this glossary); …``"""
    line = Text("Related: ", style="bold")
    for position, concept in enumerate(related):
        if position:
            line.append("; ")
        words = ", ".join(dict.fromkeys(concept.texts))
        if words and words != concept.slug:
            line.append(words)
            line.append(" → ", style=DIM)
        append_whole(line, shown_slug(concept.slug), SLUG)
        where = ", ".join(concept.languages) if concept.languages else "not in this glossary"
        line.append(f" ({where})", style=DIM if concept.languages else "yellow")
    return whole_words(line)


def toc_view(article: Article, section: Section | None = None) -> RenderableType:
    """The numbered headings, for ``--section``; with ``section``, only its own (``--toc --section 2``)."""
    lines = [_header(article, [])]
    if not article.sections:
        lines.append(Text("No sections.", style=DIM))
    for item in article.sections if section is None else [section]:
        line = Text(f"{item.number:>3}  ", style=DIM)
        line.append(item.heading)
        lines.append(line)
    return Group(*lines)


def article_data(
    article: Article, *, languages: Sequence[str], related: Sequence[Related], section: Section | None = None
) -> dict[str, Any]:
    """The stable ``show --json`` object (documented in docs/json.md); with ``section``, only that
    section is in ``sections``."""
    return {
        "slug": article.slug,
        "lang": article.lang,
        "title": article.title,
        "title_note": article.title_note,
        "description": article.description,
        "keywords": article.keywords,
        "aka": article.aka,
        "tags": article.tags,
        "lead": article.lead,
        "sections": [section_data(item) for item in (article.sections if section is None else [section])],
        "links": [{"text": link.text, "target": link.target, "line": link.line} for link in article.links],
        "related": [{"slug": r.slug, "texts": r.texts, "languages": r.languages} for r in related],
        "path": printable_path(article.path),  # bytes that are not UTF-8 as \xNN, as text shows them
        "languages": list(languages),
        "metadata": article.metadata,
    }


def article_lines(articles: Iterable[ExportedArticle]) -> Iterator[str]:
    """JSON Lines: each article as its ``show --json`` object (``article_data``) on one line."""
    import json

    for exported in articles:
        data = article_data(exported.article, languages=exported.languages, related=exported.related)
        yield json.dumps(data, ensure_ascii=False) + "\n"


def toc_data(article: Article, section: Section | None = None) -> list[dict[str, Any]]:
    """The stable ``show --toc --json`` list; with ``section``, only its entry."""
    return [
        {"number": item.number, "heading": item.heading}
        for item in (article.sections if section is None else [section])
    ]


def section_data(section: Section) -> dict[str, Any]:
    return {"number": section.number, "heading": section.heading, "text": section.text}


# --- list and langs --------------------------------------------------------------------------------


def concepts_view(rows: Sequence[tuple[str, Sequence[tuple[str, str]]]], *, one_language: bool) -> RenderableType:
    """One line per concept: the slug, then its title in each language (or only the title)."""
    lines = []
    for slug, titles in rows:
        line = append_whole(Text(), shown_slug(slug), SLUG)
        line.append("  ")
        for position, (lang, title) in enumerate(titles):
            if position:
                line.append(" · ", style=DIM)
            if not one_language:
                line.append(f"{lang} ", style=LANG)
            line.append(title)
        lines.append(whole_words(line))
    return Group(*lines)


def concepts_plain(rows: Sequence[tuple[str, Sequence[tuple[str, str]]]], *, one_language: bool) -> str:
    """``concepts_view`` for a pipe: one line per concept however long, for ``grep``, ``wc -l`` and ``cut``."""
    return "".join(
        shown_slug(slug)
        + "  "
        + " · ".join(title if one_language else f"{lang} {title}" for lang, title in titles)
        + "\n"
        for slug, titles in rows
    )


def languages_data(rows: Sequence[tuple[str, int, Sequence[tuple[str, str]]]]) -> list[dict[str, Any]]:
    """The stable ``langs --json`` list (documented in docs/json.md)."""
    return [
        {"lang": lang, "articles": count, "sources": [{"origin": o, "path": p} for o, p in folders]}
        for lang, count, folders in rows
    ]


def languages_view(rows: Sequence[tuple[str, int, Sequence[tuple[str, str]]]]) -> RenderableType:
    """A table of languages: code, number of articles, and each folder they come from.

    The bundled folder is named, not shown: its path is inside the installed package. When a
    folder does not fit its column, every folder goes on a line of its own under its origin.
    """
    return _Languages(rows)


class _Languages:
    """``languages_view``, drawn at the width it is given."""

    GAP = "   "  # between columns, as the table draws them

    def __init__(self, rows: Sequence[tuple[str, int, Sequence[tuple[str, str]]]]) -> None:
        self.rows = [
            (lang, count, [(origin, "" if origin == "bundled" else printable_path(path)) for origin, path in folders])
            for lang, count, folders in rows
        ]

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        from rich.cells import cell_len

        widths = [
            max([cell_len("lang")] + [cell_len(lang) for lang, _, _ in self.rows]),
            max([cell_len("articles")] + [len(str(count)) for _, count, _ in self.rows]),
            max([cell_len("from")] + [cell_len(origin) for _, _, folders in self.rows for origin, _ in folders]),
        ]
        room = options.max_width - sum(widths) - 3 * len(self.GAP)
        if all(cell_len(path) <= room for _, _, folders in self.rows for _, path in folders):
            yield self._table()
            return
        yield self._line([("lang", "bold"), ("articles", "bold"), ("from", "bold")], widths)
        yield Text("─" * options.max_width)
        for lang, count, folders in self.rows:
            for number, (origin, path) in enumerate(folders):
                first = [(lang, LANG), (str(count), "")] if number == 0 else [("", ""), ("", "")]
                yield self._line([*first, (origin, "")], widths)
                if path:
                    yield unbroken(f"  {path}")

    def _line(self, cells: Sequence[tuple[str, str]], widths: Sequence[int]) -> Text:
        line = Text(no_wrap=True, overflow="ignore")
        for position, ((text, style), width) in enumerate(zip(cells, widths, strict=True)):
            if position:
                line.append(self.GAP)
            line.append(text.rjust(width) if position == 1 else text.ljust(width), style=style)
        line.rstrip()
        return line

    def _table(self) -> RenderableType:
        from rich import box
        from rich.table import Table

        table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
        table.add_column("lang", style=LANG, no_wrap=True)
        table.add_column("articles", justify="right")
        table.add_column("from", no_wrap=True)
        table.add_column("folder", no_wrap=True)
        for lang, count, folders in self.rows:
            origins = "\n".join(origin for origin, _ in folders)
            paths = "\n".join(path for _, path in folders)
            table.add_row(lang, str(count), Text(origins), Text(paths))
        return table


def _markdown(text: str, hyperlinks: bool) -> RenderableType | OwnBlankLine:
    from glossary.views.markdown import markdown_view

    markdown = markdown_view(text, hyperlinks=hyperlinks)
    return OwnBlankLine(markdown) if text.lstrip().startswith(("- ", "* ", "+ ")) else markdown
