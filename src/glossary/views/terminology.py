"""Views of ``check-terms``: findings grouped by article as text, JSON, or GitHub annotations
(each a drawing ``glossary.cli.formats.write_report`` calls for the format asked)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from glossary.formats import github_annotation
from glossary.views import DIM, LANG, SLUG, append_whole, spaced, whole_words
from glossary.views.terms import shown_path

if TYPE_CHECKING:
    from glossary.terminology import Finding, TermsReport

KIND_LABELS = {
    "link-text": "link words",
    "missing-term": "missing term",
    "deprecated-term": "deprecated term",
    "renderings": "several renderings",
}
_SUMMARY_NOUNS = {
    "link-text": ("link whose words are not the concept's term", "links whose words are not the concept's term"),
    "missing-term": ("missing term", "missing terms"),
    "deprecated-term": ("deprecated term", "deprecated terms"),
    "renderings": ("concept said several ways", "concepts said several ways"),
}
_KIND_STYLES = {"link-text": "yellow", "missing-term": "red", "deprecated-term": "red", "renderings": "magenta"}


def terms_view(report: TermsReport) -> RenderableType:
    """Findings grouped by article (file), each with its line, kind and message; a missing term
    with the source sentence that names it; then notes and a summary line."""
    parts: list[RenderableType] = []
    groups: dict[str, list[Finding]] = {}
    for finding in report.findings:
        groups.setdefault(finding.path, []).append(finding)
    for path, findings in groups.items():
        parts.append(Group(_article_heading(path, findings[0]), _findings_table(findings)))
    for note in report.notes:
        parts.append(Text(f"Note: {note}.", style=DIM))
    parts.append(_summary(report))
    return Group(*spaced(parts))


def _article_heading(path: str, finding: Finding) -> Text:
    line = append_whole(Text(), shown_path(path), "bold")
    if finding.slug:
        line.append("  ")
        append_whole(line, finding.slug, SLUG)
    line.append(" · ", style=DIM)
    line.append(finding.lang, style=LANG)
    return whole_words(line)


def _findings_table(findings: list[Finding]) -> Table:
    """One row per finding: line, kind, message; a wrapped message stays in its column, and a
    missing term's source sentence goes under its message."""
    table = Table.grid(padding=(0, 2))
    table.add_column(justify="right", style=DIM, min_width=4)
    table.add_column(no_wrap=True)
    table.add_column(overflow="fold")
    for finding in findings:
        message = Text(finding.message)
        if finding.source_sentence:
            message.append("\nsource: ", style=DIM)
            message.append(finding.source_sentence)
        kind = Text(KIND_LABELS[finding.kind], style=_KIND_STYLES[finding.kind])
        table.add_row(str(finding.line or ""), kind, message)
    return table


def _summary(report: TermsReport) -> Text:
    articles = sum(checked.articles for checked in report.languages)
    langs = ", ".join(checked.lang for checked in report.languages)
    where = f"{articles} article{'s' * (articles != 1)} in {langs}"
    if report.ok:
        return Text(f"Every term as the glossary says it in {where}.", style="bold green")
    counts = ", ".join(f"{count} {_SUMMARY_NOUNS[kind][count != 1]}" for kind, count in report.counts().items())
    return Text(
        f"{len(report.findings)} finding{'s' * (len(report.findings) != 1)} in {where}: {counts}.", style="bold"
    )


def terms_data(report: TermsReport) -> dict[str, Any]:
    """The stable ``check-terms --json`` object (documented in docs/json.md)."""
    return {
        "ok": report.ok,
        "source": report.source,
        "languages": [
            {"lang": c.lang, "articles": c.articles, "history": c.history, "not_current": list(c.not_current)}
            for c in report.languages
        ],
        "summary": report.counts(),
        "notes": report.notes,
        "unreadable": list(report.unreadable),
        "findings": [_finding_data(finding) for finding in report.findings],
    }


def _finding_data(finding: Finding) -> dict[str, Any]:
    return {
        "kind": finding.kind,
        "lang": finding.lang,
        "path": finding.path,
        "slug": finding.slug,
        "line": finding.line,
        "concept": finding.concept,
        "found": finding.found,
        "expected": list(finding.expected),
        "message": finding.message,
        "source_sentence": finding.source_sentence or None,
        "source_term": finding.source_term or None,
        "renderings": [{"words": words, "count": count} for words, count in finding.renderings],
    }


def terms_github(report: TermsReport) -> str:
    """GitHub Actions workflow commands: one ``::warning`` per finding, a ``::notice`` per note, a summary."""
    lines = []
    for finding in report.findings:
        message = finding.message
        if finding.source_sentence:
            message += f"\nsource: {finding.source_sentence}"
        title = f"glossary {finding.kind}"
        lines.append(github_annotation(message, file=shown_path(finding.path), line=finding.line, title=title))
    lines.extend(github_annotation(note, level="notice") for note in report.notes)
    lines.append(_summary(report).plain)
    return "\n".join(lines) + "\n"
