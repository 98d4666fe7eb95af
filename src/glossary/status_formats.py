"""The status report for other programs and other places: JSON, GitHub annotations, Markdown; and
what every form of it says alike (how far behind, in which order). Plain data and text, nothing
of terminals: a JSON report is written without Rich."""

from __future__ import annotations

import os
import shlex
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from glossary.status.rule import State
from glossary.text import sanitize, shown_slug

if TYPE_CHECKING:
    from datetime import datetime

    from glossary.status.report import ArticleStatus, StatusReport
    from glossary.tracking import StatusChange


def most_behind_first(status: ArticleStatus) -> tuple[int, float, str, str]:
    """The order of the outdated list: most commits behind first, then the longest behind."""
    since = status.since.timestamp() if status.since is not None else float("inf")
    return -status.behind, since, status.lang, status.slug


def behind_text(status: ArticleStatus) -> str:
    """``3 commits behind since 2026-10-02`` (the date of the oldest of them); ``1 uncommitted change behind``."""
    commits = f"{status.behind} commit{'s' if status.behind != 1 else ''}"
    if status.changes and not any(touch.sha for touch in status.changes):
        return "behind by uncommitted changes"
    since = f" since {status.since:%Y-%m-%d}" if status.since is not None else ""
    return f"{commits} behind{since}"


def status_json(report: StatusReport, version: str | None = None) -> dict[str, object]:
    """The stable ``status --json`` object (documented in docs/status.md): dates in ISO 8601, null where unknown.

    Each article lists the source commits it is behind by hash, newest first; ``commits`` says once
    for every hash listed its date and subject (a commit is often behind for many languages), in the
    order the articles first name them.
    """
    commits: dict[str, tuple[int, str]] = {}
    articles = []
    when = Dates()
    for a in sorted(report.articles, key=lambda a: (a.lang, a.slug)):
        for touch in a.changes:
            if touch.sha and touch.sha not in commits:
                commits[touch.sha] = (touch.time, touch.subject)
        articles.append(article_object(a, when))
    listed = {sha: commit_object(time, subject) for sha, (time, subject) in commits.items()}
    return status_json_frame(report, version, listed, articles)


def commit_object(time: int, subject: str) -> dict[str, str]:
    """What ``status --json`` says of one commit under ``commits``."""
    return {"date": _iso(time), "subject": sanitize(subject)}


def status_json_frame(
    report: StatusReport, version: str | None, commits: Mapping[str, object], articles: Sequence[object]
) -> dict[str, object]:
    """The ``status --json`` object around its articles: ``commits`` has each hash's ``commit_object``."""
    return {
        "source": report.source,
        "version": version,
        "languages": list(report.languages),
        "summary": {lang: dict(counts) for lang, counts in report.summary.items()},
        "marker_problems": [
            {"value": sanitize(p.value), "count": p.uses, "reason": p.reason} for p in report.marker_problems
        ],
        "commits": dict(commits),
        "articles": list(articles),
    }


class Dates(dict["datetime", str]):
    """Moments in ISO 8601, each written once."""

    def __call__(self, moment: datetime | None) -> str | None:
        if moment is None:
            return None
        found = self.get(moment)
        if found is None:
            found = self[moment] = moment.isoformat()
        return found


def article_object(a: ArticleStatus, when: Dates) -> dict[str, object]:
    """One article of ``status --json``."""
    shas = [touch.sha for touch in a.changes if touch.sha] if a.changes else []
    return {
        "slug": a.slug,
        "lang": a.lang,
        "state": a.state.value,
        "behind": a.behind,
        "path": _path(a.path),
        "source_path": _path(a.source_path),
        "evidence": a.evidence.value if a.evidence else None,
        "base": a.base,
        "translated": when(a.translated),
        "since": when(a.since),
        "source_changed": when(a.source_changed),
        "commits": shas,
        "uncommitted": len(shas) < len(a.changes),
        "ignored": {"message": a.ignored[0], "ignore_revs": a.ignored[1], "no_text": a.ignored[2]},
    }


def _path(value: str | os.PathLike[str] | None) -> str | None:
    return None if value is None else sanitize(os.fsdecode(value))


_ISO: dict[int, str] = {}


def _iso(timestamp: int) -> str:
    found = _ISO.get(timestamp)
    if found is None:
        from datetime import UTC, datetime

        found = _ISO[timestamp] = datetime.fromtimestamp(timestamp, UTC).isoformat()
    return found


def github_annotations(report: StatusReport, root: str | None = None) -> list[str]:
    """One GitHub Actions ``::warning`` line per outdated or missing translation (a missing one points at its source).

    Paths are shown relative to ``root`` (the repository's top, for GitHub to place them) when given.
    """
    import os

    from glossary.formats import github_annotation

    lines = []
    for a in report.articles:
        if a.state is State.OUTDATED and a.path is not None:
            target, message = a.path, f"{a.lang} translation of {a.slug} is outdated: {behind_text(a)}"
        elif a.state is State.MISSING and a.source_path is not None:
            target, message = a.source_path, f"{a.slug} has no {a.lang} translation"
        elif a.state is State.ORPHAN and a.path is not None:
            target, message = a.path, f"{a.lang}/{a.slug} has no source article any more"
        else:
            continue
        shown = os.path.relpath(target, root) if root is not None else os.fspath(target)
        lines.append(github_annotation(sanitize(message), file=sanitize(shown), line=1))
    return lines


def status_markdown(
    report: StatusReport,
    names: Mapping[str, str],
    web: str | None,
    head: str | None,
    version: str | None = None,
    *,
    since: str | None = None,
    command: str = "glossary status",
) -> str:
    """A report to paste into an issue or a pull request: per language a checklist of the outdated
    translations, most behind first (how far behind, since when, a link to the source's changes on
    ``web`` when the repository is on GitHub or GitLab, else the command that shows them), then what
    is missing. Everything from others is escaped so that Markdown shows it as written."""
    of_version = f" (docs version {md(version)})" if version is not None else ""
    moved = f", moved by the change since {md(since)}" if since is not None else ""
    lines = [f"## Translations of {md(names.get(report.source, report.source))}{of_version}{moved}", ""]
    lines += ["| language | current | outdated | missing | orphan |", "|---|---:|---:|---:|---:|"]
    for lang in report.languages:
        counts = report.summary.get(lang, {})
        row = [counts.get(state, 0) for state in ("current", "outdated", "missing", "orphan")]
        lines.append(f"| {md(names.get(lang, lang))} | " + " | ".join(map(str, row)) + " |")
    late = sorted((a for a in report.articles if a.state is State.OUTDATED), key=most_behind_first)
    absent = [a for a in report.articles if a.state is State.MISSING]
    orphans: dict[str, list[ArticleStatus]] = {}
    for a in report.articles:
        if a.state is State.ORPHAN:
            orphans.setdefault(a.lang, []).append(a)
    for lang in report.languages:
        mine = [a for a in late if a.lang == lang]
        missing = [a for a in absent if a.lang == lang]
        if not mine and not missing and not orphans.get(lang):
            continue
        lines += ["", f"### {md(names.get(lang, lang))}", ""]
        for a in mine:
            since = f", since {a.since:%Y-%m-%d}" if a.since is not None else ""
            count = f"{a.behind} commit{'s' if a.behind != 1 else ''} behind{since}"
            if web is not None and a.base and head:
                where = f"[source changes]({web}/compare/{a.base}...{head})"
            else:
                where = code(f"{command} {shlex.quote(lang)} --diff {shlex.quote(a.slug)}")
            lines.append(f"- [ ] {code(a.slug)}: {count} ({where})")
        for a in missing:
            lines.append(f"- [ ] {code(a.slug)}: missing")
        for a in orphans.get(lang, ()):
            lines.append(f"- [ ] {code(a.slug)}: no source article any more (orphan)")
    if not late and not absent and not orphans:
        lines += ["", "No translation changes state." if since is not None else "Every translation is current."]
    return "\n".join(lines) + "\n"


def md(text: str) -> str:
    """Text from others as Markdown that shows it as written: no mention, no HTML, no link, no emphasis."""
    import re

    text = sanitize(text).replace("\n", " ")
    text = re.sub(r"([\\`*_{}\[\]()<>#+!|~])", r"\\\1", text)
    return text.replace("@", "@\u200b").replace("://", ":\u200b//")


def code(text: str) -> str:
    """Text as a Markdown code span, shown as written: fenced by one backquote more than the longest
    run of backquotes it holds."""
    import re

    text = sanitize(text).replace("\n", " ")
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    padded = f" {text} " if longest or text.startswith(" ") else text
    return f"{fence}{padded}{fence}"


def change_text(change: StatusChange, names: Mapping[str, str], width: int = 80) -> str:
    """``status --changed-since`` as text: each translation whose state the change moves, before and after
    (``absent`` where the pair was not there). A line wider than ``width`` has how far behind on the
    next, under the slug: no slug or date is cut."""
    base = f" (merge base {change.merge_base[:12]})" if change.merge_base else ""
    lines = [f"Changed since {sanitize(change.since)}{base}"]
    if not change.changed:
        return lines[0] + "\nNo translation changes state.\n"
    shown = [(before, after, _either(before, after)) for before, after in change.changed]
    lang_width = max(len(names.get(now.lang, now.lang)) for _, _, now in shown)
    slug_width = max(len(shown_slug(now.slug)) for _, _, now in shown)
    for before, after, now in sorted(shown, key=lambda row: (row[2].lang, row[2].slug)):
        was = before.state.value if before is not None else "absent"
        is_now = after.state.value if after is not None else "absent"
        why = f"  {behind_text(after)}" if after is not None and after.state is State.OUTDATED else ""
        lang = names.get(now.lang, now.lang).ljust(lang_width)
        line = f"{lang}  {shown_slug(now.slug).ljust(slug_width)}  {was} → {is_now}"
        if why and len(line) + len(why) > width:
            lines += [line, " " * (lang_width + 2) + why.strip()]
        else:
            lines.append(line + why)
    return "\n".join(lines) + "\n"


def _either(before: ArticleStatus | None, after: ArticleStatus | None) -> ArticleStatus:
    """The status that says which translation a change is about: now, else at the merge base."""
    found = after if after is not None else before
    assert found is not None
    return found


def change_json(change: StatusChange, version: str | None = None) -> dict[str, object]:
    """The stable ``status --changed-since REF --json`` object (docs/status.md). A translation gone with
    its source comes as it was at the merge base, with ``state`` null."""
    after = status_json(change.after, version)
    then = status_json(change.before, version)
    by_key = {(a["lang"], a["slug"]): a for a in after["articles"]}  # type: ignore[attr-defined]
    earlier = {(a["lang"], a["slug"]): a for a in then["articles"]}  # type: ignore[attr-defined]
    changes = []
    rows = [(before, status, _either(before, status)) for before, status in change.changed]
    for before, status, key in sorted(rows, key=lambda row: (row[2].lang, row[2].slug)):
        if status is not None:
            entry = dict(by_key[key.lang, key.slug])
        else:
            entry = dict(earlier[key.lang, key.slug], state=None, behind=0, commits=[], uncommitted=False)
        entry["before"] = before.state.value if before is not None else None
        changes.append(entry)
    used = {sha for entry in changes for sha in entry["commits"]}
    commits = {sha: found for sha, found in after["commits"].items() if sha in used}  # type: ignore[attr-defined]
    return {
        "since": change.since, "merge_base": change.merge_base, "version": version, "commits": commits,
        "articles": changes,
    }  # fmt: skip


def change_report(change: StatusChange) -> StatusReport:
    """The translations the change moves, as a report of their states now (for GitHub and Markdown); a
    translation gone with its source has nothing left to annotate and is left out."""
    from collections import Counter

    from glossary.status.report import StatusReport

    moved = [after for _, after in change.changed if after is not None]
    summary = {}
    for lang in change.after.languages:
        counts = Counter(status.state.value for status in moved if status.lang == lang)
        summary[lang] = {state.value: counts[state.value] for state in State}
    return StatusReport(change.after.source, change.after.languages, moved, summary)
