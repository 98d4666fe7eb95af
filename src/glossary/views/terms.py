"""Views of the terminology tools: links and backlinks, the health check, translations."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.text import Text

from glossary.formats import github_annotation
from glossary.search.lookup import echo
from glossary.text import printable_path, shown_slug
from glossary.views import DIM, HEADING, LANG, SLUG, TITLE, append_whole, spaced, whole_words, word_breaks

if TYPE_CHECKING:
    from rich.style import Style

    from glossary.terms import Candidate, ConceptLinks, Outgoing, Problem, Report, Translation

MISSING = "yellow"

KIND_TITLES = {
    "unreadable": "Unreadable files",
    "front-matter": "Front matter that cannot be used",
    "case-clash": "Slugs that differ only in case",
    "broken-link": "Broken links",
    "untranslated-link": "Links to concepts not translated yet (shown in the source language)",
    "missing-language": "Missing languages",
    "not-in-source": "Concepts only in translations, not in the source language",
    "no-title": "Articles without a title",
    "no-description": "Articles without a description",
    "duplicate-title": "Duplicate titles",
    "section-count": "Section counts that differ between languages",
    "link-count": "Link counts that differ between languages",
    "empty-section": "Empty sections",
    "invisible-character": "Slugs with invisible or direction characters",
}


def current_folder() -> str:
    """The current folder, or "" when it was deleted."""
    try:
        return os.getcwd()
    except OSError:
        return ""


def shown_path(path: str) -> str:
    """A path as a user in the current folder would type it: relative when it lies below, and
    printable (see ``printable_path``)."""
    here = current_folder()
    if here:
        here = here if here.endswith(os.sep) else here + os.sep
        path = path[len(here) :] if path.startswith(here) else path
    return printable_path(path)


def _where(path: str | None, line: int | None) -> str:
    if not path:
        return ""
    return f"{shown_path(path)}:{line}" if line else shown_path(path)


Pieces = list[tuple[str, str | None]]  # a line as (text, style) pieces; None: no style


def _target_note(link: Outgoing, lang: str) -> tuple[str, str]:
    """What a link leads to in its article's language: ``(text, style)``; a concept only the source
    language has is named there (a site shows that article)."""
    title, languages = link.title, link.languages
    if title is not None:
        return title, TITLE
    if link.fallback is not None:
        return f"not in {lang}; in {link.fallback[0]}, the source language: {link.fallback[1]}", MISSING
    if languages:
        return f"not in {lang}; in {', '.join(languages)}", MISSING
    return "not in this glossary", MISSING


class _IndentedLines:
    """Lines, each with an indent; a line wider than the terminal wraps with a hanging indent.

    Built for thousands of lines (a check of a large glossary): a line is ``Text`` or, cheaper, a
    list of ``(text, style)`` pieces; a line that fits is emitted as it is, and only a line wider
    than the terminal is wrapped, at spaces, its continuation lines indented ``HANG`` cells more.
    Words are never split: a word (a file path) longer than a line overflows it, so that it can
    still be copied or searched for, and a line added ``whole`` (a path) is never wrapped. A line's
    ``tail`` (a path ending it, spaces and all) stays at its end when the line fits, else goes whole
    on a line of its own below, ``HANG`` cells further in. Text is data here as everywhere: pieces
    are never read as markup, and control characters are removed.
    """

    HANG = 2

    def __init__(self, *lines: tuple[Text | Pieces, int]) -> None:
        self.lines: list[tuple[Text | Pieces, int, bool, tuple[str, str] | None]] = [
            (line, indent, False, None) for line, indent in lines
        ]

    def add(
        self, line: Text | Pieces, indent: int = 0, *, whole: bool = False, tail: tuple[str, str] | None = None
    ) -> None:
        """A line at ``indent``; ``whole``: never wrapped; ``tail``: ``(path, style)`` that ends it,
        never broken (see the class)."""
        self.lines.append((line, indent, whole, tail))

    def _entries(self, width: int) -> Iterator[tuple[Text | Pieces, int, bool]]:
        """The lines with each tail placed: at the end of its line when the line fits, else on a
        line of its own."""
        from rich.cells import cell_len

        for line, indent, whole, tail in self.lines:
            if tail is None:
                yield line, indent, whole
                continue
            path, style = "  " + tail[0], tail[1]
            plain = "".join(text for text, _ in line) if isinstance(line, list) else line.plain
            if "\n" not in plain and cell_len(plain + path) + min(indent, width - 1) <= width:
                if isinstance(line, list):
                    yield [*line, (path, style)], indent, True
                else:
                    joined = line.copy()
                    joined.append(path, style=style)
                    yield joined, indent, True
                continue
            yield line, indent, whole
            yield [(tail[0], style)], indent + self.HANG, True

    def laid_out(self, console: Console, width: int) -> Iterator[tuple[int, Pieces | Text]]:
        """Each screen line as ``(indent, pieces)`` when it fits as it is (``pieces``: its
        ``(text, style)`` list, control characters removed), else ``(indent, Text)``, one per
        wrapped line. A path or a word longer than a line runs past ``width``, whole."""
        from rich.cells import cell_len
        from rich.control import strip_control_codes

        width = max(width, 1)
        for line, indent, whole in self._entries(width):
            indent = min(indent, width - 1) if width > 1 else 0
            if isinstance(line, list):
                pieces = [(strip_control_codes(text), style) for text, style in line]
                plain = "".join(text for text, _ in pieces)
                if (whole or cell_len(plain) + indent <= width) and "\n" not in plain:
                    yield indent, pieces
                    continue
                line = Text.assemble(*[(text, style or "") for text, style in pieces])
            if (whole or cell_len(line.plain) + indent <= width) and "\n" not in line.plain:
                yield indent, line
            else:
                yield from self._hanging(line, indent, console, width)

    def _hanging(self, line: Text, indent: int, console: Console, width: int) -> Iterator[tuple[int, Text]]:
        """``line`` wrapped at spaces: the first line at ``indent``, the others ``HANG`` cells further
        in (less when the terminal is very narrow); words longer than a line are kept whole."""
        inner = min(indent + self.HANG, max(width - 10, indent))
        for number, paragraph in enumerate(line.split("\n")):
            offsets = word_breaks(paragraph.plain, width - (inner if number else indent), width - inner)
            for piece_number, piece in enumerate(paragraph.divide(offsets)):
                piece.rstrip()
                yield (indent if number == 0 and piece_number == 0 else inner), piece

    def plain(self, console: Console, width: int) -> list[str]:
        """The lines as ``console.print`` writes them without styles, drawn on strings without its
        machinery (what makes a piped report of 100,000 articles seconds faster)."""
        from rich.cells import cell_len
        from rich.control import strip_control_codes

        width = max(width, 1)
        drawn = []
        for line, indent, whole in self._entries(width):
            indent = min(indent, width - 1) if width > 1 else 0
            text = strip_control_codes("".join(piece for piece, _ in line) if isinstance(line, list) else line.plain)
            if (whole or (len(text) if text.isascii() else cell_len(text)) + indent <= width) and "\n" not in text:
                drawn.append(" " * indent + text)
                continue
            inner = min(indent + self.HANG, max(width - 10, indent))
            for number, paragraph in enumerate(text.split("\n")):
                offsets = [0, *word_breaks(paragraph, width - (inner if number else indent), width - inner)]
                for at, (start, end) in enumerate(zip(offsets, [*offsets[1:], len(paragraph)], strict=True)):
                    drawn.append(" " * (indent if number == 0 and at == 0 else inner) + paragraph[start:end].rstrip())
        return drawn

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        from rich.segment import Segment

        newline = Segment.line()
        styles: dict[str | None, Style | None] = {None: None}
        for indent, line in self.laid_out(console, options.max_width):
            if indent:
                yield Segment(" " * indent)
            if isinstance(line, list):
                for piece, style in line:
                    if style not in styles:
                        styles[style] = console.get_style(style)  # type: ignore[arg-type]  # None is in styles
                    yield Segment(piece, styles[style])
            else:  # a Text without spans renders without its own style: apply it
                segments = line.render(console, end="")
                yield from Segment.apply_style(segments, console.get_style(line.style)) if line.style else segments
            yield newline


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def links_view(result: ConceptLinks) -> RenderableType:
    """Outgoing links of each language's article, then every link to the concept."""
    parts: list[RenderableType] = []
    header = append_whole(Text(), shown_slug(result.slug), SLUG)
    header.append(" · ", style=DIM)
    if result.languages:
        header.append(", ".join(result.languages), style=LANG)
    else:
        header.append("no article in this glossary", style=MISSING)
    parts.append(whole_words(header))

    if result.outgoing:
        block = _IndentedLines((Text("Links from this concept", style=HEADING), 0))
        for article in result.outgoing:
            line = Text()
            line.append(article.lang, style=LANG)
            line.append("  ")
            line.append(article.title, style=TITLE)
            block.add(line, 2, tail=(shown_path(article.path), DIM))
            if not article.links:
                block.add(Text("no internal links", style=DIM), 4)
            for link in article.links:
                row = Text()
                row.append(f"line {link.line}  ", style=DIM)
                row.append(f'"{link.text}"')
                row.append(" → ", style=DIM)
                row.append(shown_slug(link.target), style=SLUG)
                text, style = _target_note(link, article.lang)
                row.append(" (")
                row.append(text, style=style)
                row.append(")")
                block.add(row, 4)
        parts.append(block)

    block = _IndentedLines((Text(f"Links to this concept ({len(result.backlinks)})", style=HEADING), 0))
    if not result.backlinks:
        block.add(Text("none", style=DIM), 2)
    for backlink in result.backlinks:
        row = Text()
        row.append(backlink.lang, style=LANG)
        row.append("  ")
        row.append(shown_slug(backlink.slug), style=SLUG)
        row.append(" (")
        row.append(backlink.title, style=TITLE)
        row.append(f'): "{backlink.text}"')
        block.add(row, 2, tail=(_where(backlink.path, backlink.line), DIM) if backlink.path else None)
    parts.append(block)
    return Group(*spaced(parts))


def links_data(result: ConceptLinks) -> dict[str, Any]:
    """The stable ``links --json`` object (documented in docs/json.md)."""
    return {
        "slug": result.slug,
        "languages": list(result.languages),
        "outgoing": [
            {
                "lang": article.lang,
                "title": article.title,
                "path": printable_path(article.path),
                "links": [
                    {
                        "text": link.text,
                        "target": link.target,
                        "line": link.line,
                        "title": link.title,
                        "languages": list(link.languages),
                        "fallback": {"lang": link.fallback[0], "title": link.fallback[1]} if link.fallback else None,
                    }
                    for link in article.links
                ],
            }
            for article in result.outgoing
        ],
        "backlinks": [
            {
                "slug": b.slug,
                "lang": b.lang,
                "title": b.title,
                "text": b.text,
                "path": printable_path(b.path),
                "line": b.line,
            }
            for b in result.backlinks
        ],
    }


def check_view(report: Report) -> RenderableType:
    """Problems grouped by kind, then by file (line numbers first), the coverage of incomplete
    concepts as a matrix, and a summary line."""
    return Group(*spaced(_check_parts(report)))


def check_plain(report: Report, console: Console) -> str:
    """``check_view`` as plain lines at the console's width, as a pipe gets it (trailing spaces
    dropped), drawn without Rich's rendering of each line: the same text, much sooner."""
    width = console.width
    lines: list[str] = []
    for number, part in enumerate(_check_parts(report)):
        if number:
            lines.append("")
        if isinstance(part, _Coverage):
            part = part.lines(width)
        if isinstance(part, _IndentedLines):
            lines.extend(part.plain(console, width))
        else:
            with console.capture() as capture:
                console.print(part, crop=False)
            lines.extend(capture.get().split("\n")[:-1])
    return "\n".join(line.rstrip() for line in lines) + "\n"


def _check_parts(report: Report) -> list[RenderableType]:
    parts: list[RenderableType] = []
    by_kind: dict[str, list[Problem]] = {}
    for problem in report.problems:
        by_kind.setdefault(problem.kind, []).append(problem)
    for kind, problems in by_kind.items():
        if kind == "missing-language":
            parts.append(_coverage_view(report, problems))
            continue
        block = _IndentedLines((Text(f"{KIND_TITLES.get(kind, kind)} ({len(problems)})", style=HEADING), 0))
        path = None
        for problem in problems:
            if problem.path != path:
                path = problem.path
                block.add([(shown_path(path), DIM) if path else ("(no file)", MISSING)], 2, whole=True)
            if problem.line:
                block.add([(f"line {problem.line}  ", DIM), (problem.message, None)], 4)
            else:
                block.add([(problem.message, None)], 4)
        if kind == "broken-link" and report.unresolved:
            line = Text()
            line.append("Linked concepts without an article in any language: ", style="bold")
            line.append(
                ", ".join(f"{slug} ({_plural(count, 'link')})" for slug, count in report.unresolved.items()),
                style=MISSING,
            )
            block.add(line, 2)
        parts.append(block)
    parts.append(_check_summary(report))
    return parts


def _coverage_view(report: Report, problems: list[Problem]) -> RenderableType:
    return _Coverage(report, problems)


class _Coverage:
    """Concepts x languages for the concepts missing somewhere (``✓`` present, ``·`` missing); when
    the matrix is wider than the terminal, one line per concept naming the missing languages."""

    def __init__(self, report: Report, problems: list[Problem]) -> None:
        self.languages = [report.lang] if report.lang else list(report.languages)
        missing = {problem.slug for problem in problems}
        self.rows = [
            (slug, have)
            for slug, have in report.coverage.items()
            if slug in missing and any(lang not in have for lang in self.languages)
        ]
        self.count = len(problems)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self.lines(options.max_width)

    def lines(self, width: int) -> _IndentedLines:
        from rich.cells import cell_len

        languages = self.languages
        lines = _IndentedLines((Text(f"Missing languages ({_plural(self.count, 'concept')})", style=HEADING), 0))
        slug_width = min(max([cell_len(shown_slug(slug)) for slug, _ in self.rows] + [7]), 30)
        matrix_width = 2 + slug_width + sum(2 + cell_len(lang) for lang in languages)
        if matrix_width > width:
            for slug, have in self.rows:
                row = Text()
                row.append(shown_slug(slug), style=SLUG)
                row.append(": missing in ")
                row.append(", ".join(lang for lang in languages if lang not in have), style=MISSING)
                lines.add(row, 2)
            return lines
        header = Text()
        header.append("concept".ljust(slug_width) + "  ", style="bold")
        header.append("  ".join(languages), style=LANG)
        lines.add(header, 2)
        for slug, have in self.rows:
            row, shown = Text(), shown_slug(slug)  # as printed: invisible characters written as escapes
            if cell_len(shown) > slug_width:
                lines.add(Text(shown, style=SLUG), 2)
                row.append(" " * slug_width)
            else:
                row.append(shown, style=SLUG)
                row.append(" " * (slug_width - cell_len(shown)))
            for lang in languages:
                row.append("  ")
                mark = "✓" if lang in have else "·"
                row.append(mark.ljust(cell_len(lang)), style=None if lang in have else MISSING)
            lines.add(row, 2)
        return lines


SUMMARY_NOUNS = {  # kind -> (one, several)
    "unreadable": ("unreadable file", "unreadable files"),
    "front-matter": ("front matter problem", "front matter problems"),
    "case-clash": ("slug differing only in case", "slugs differing only in case"),
    "broken-link": ("broken link", "broken links"),
    "untranslated-link": ("link to an untranslated concept", "links to untranslated concepts"),
    "missing-language": ("concept missing in some language", "concepts missing in some language"),
    "not-in-source": ("concept only in translations", "concepts only in translations"),
    "no-title": ("article without a title", "articles without a title"),
    "no-description": ("article without a description", "articles without a description"),
    "duplicate-title": ("duplicate title", "duplicate titles"),
    "section-count": ("differing section count", "differing section counts"),
    "link-count": ("differing link count", "differing link counts"),
    "empty-section": ("empty section", "empty sections"),
    "invisible-character": ("slug with invisible characters", "slugs with invisible characters"),
}


def _check_summary(report: Report) -> Text:
    where = _plural(report.articles, "article")
    scope = f" in {report.lang}" if report.lang else f" in {_plural(len(report.languages), 'language')}"
    if report.ok:
        return Text(f"No problems found in {where}{scope}.", style="bold green")
    counts = ", ".join(
        f"{count} {SUMMARY_NOUNS.get(kind, (kind, kind))[count != 1]}" for kind, count in report.counts().items()
    )
    return Text(f"{_plural(len(report.problems), 'problem')} in {where}{scope}: {counts}.", style="bold")


def check_data(report: Report) -> dict[str, Any]:
    """The stable ``check --json`` object (documented in docs/json.md)."""
    return {
        "ok": report.ok,
        "lang": report.lang,
        "languages": list(report.languages),
        "source": report.source,
        "articles": report.articles,
        "concepts": len(report.coverage),
        "summary": report.counts(),
        "coverage": report.coverage,
        "unresolved": report.unresolved,
        "roots": list(report.roots),
        "problems": [
            {
                "kind": p.kind,
                "message": p.message,
                "slug": p.slug,
                "lang": p.lang,
                "path": printable_path(p.path) if p.path else None,
                "line": p.line,
                "target": p.target,
            }
            for p in report.problems
        ],
    }


def check_github(report: Report) -> str:
    """GitHub Actions workflow commands, one ``::warning`` per problem, then a summary line."""
    lines = [
        github_annotation(
            p.message,
            file=shown_path(p.path) if p.path else None,
            line=p.line if p.path and p.line else None,
            title=f"glossary {p.kind}",
        )
        for p in report.problems
    ]
    lines.append(_check_summary(report).plain)
    return "\n".join(lines) + "\n"


def translation_view(result: Translation) -> RenderableType:
    """Each concept the word may name, with what it is called in the target language; a line that
    wraps keeps its indent, and its continuation hangs below it."""
    parts: list[RenderableType] = []
    for candidate in result.candidates:
        block = _IndentedLines(([(shown_slug(candidate.slug), SLUG), (f"  {_matched(result, candidate)}", DIM)], 0))
        if candidate.title is not None:
            block.add([(candidate.title, TITLE), (f"  title in {result.target}", DIM)], 2)
            for alias in candidate.aka:
                block.add([(alias, None), (f"  synonym in {result.target}", DIM)], 2)
        for word in candidate.link_words:
            style = TITLE if candidate.title is None and word is candidate.link_words[0] else None
            places = ", ".join(word.articles[:5]) + (
                f" and {len(word.articles) - 5} more" if len(word.articles) > 5 else ""
            )
            block.add([(word.text, style), (f"  from links, seen {word.seen}× (in {places})", DIM)], 2)
        if not candidate.found:
            block.add([(f"nothing in {result.target}", MISSING)], 2)
        parts.append(block)
    return Group(*spaced(parts))


def _matched(result: Translation, candidate: Candidate) -> str:
    """How the word led to the concept, in a few words."""
    word = f'"{echo(result.word)}"'
    where = f" in {candidate.lang}" if candidate.lang else ""
    article = "" if candidate.languages else "; no article in this glossary"
    if candidate.how == "links":
        return f"{word} links to it {candidate.seen}×{where}{article}"
    if candidate.how == "fuzzy":
        return f"close to {word} ({candidate.score:.0f}%){where}"
    if candidate.how == "slug":
        return f"{word} is its slug"
    name = "title" if candidate.how == "title" else "synonym"
    also = f"; also linked as {word} {candidate.seen}×" if candidate.seen else ""
    return f"{word} is its {name}{where}{also}"


def translation_data(result: Translation) -> dict[str, Any]:
    """The stable ``translate --json`` object (documented in docs/json.md)."""
    return {
        "word": result.word,
        "from": result.source,
        "to": result.target,
        "best": result.best,
        "candidates": [
            {
                "slug": c.slug,
                "how": c.how,
                "score": c.score,
                "lang": c.lang,
                "seen": c.seen,
                "title": c.title,
                "aka": list(c.aka),
                "link_words": [{"text": w.text, "seen": w.seen, "articles": list(w.articles)} for w in c.link_words],
                "languages": list(c.languages),
            }
            for c in result.candidates
        ],
    }
