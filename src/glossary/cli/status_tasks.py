"""What ``glossary status`` does besides its report: ``--changed-since``, ``--mark-reviewed`` and
``--diff``; which language a word names in a site of several versions; and the cycle collector
paused while it runs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from glossary.errors import ExitStatus, UsageError
from glossary.formats import ReportFormat

if TYPE_CHECKING:
    from glossary.cli.output import Output
    from glossary.cli.status import Asked
    from glossary.corpus import Corpus


def language_key(lang: str, corpora: list[Corpus]) -> str:
    """The language key of ``lang`` in whichever version of the docs has it."""
    from glossary.search import lookup

    failure: UsageError | None = None
    for corpus in corpora:
        try:
            return cast(str, lookup.check_language(lang, corpus))
        except UsageError as error:
            failure = failure or error
    assert failure is not None
    if len(corpora) > 1:  # the languages of every version, not of the first only
        names = sorted({name for corpus in corpora for name in corpus.languages.values()})
        raise UsageError(f'no version of the docs has the language "{lang}"; languages: {", ".join(names)}')
    raise failure


def changed_since_report(
    corpus: Corpus,
    out: Output,
    keys: list[str] | None,
    asked: Asked,
    fmt: ReportFormat,
    label: str | None,
    command: str = "glossary status",
) -> tuple[int, list[str], str]:
    """The report of ``--changed-since``: the translations whose state the change moves, and how."""
    from glossary import status_formats, tracking

    assert asked.changed_since is not None
    change = tracking.changed_since(corpus, asked.changed_since, keys)
    names = {key: corpus.language_name(key) for key in [change.after.source, *change.after.languages]}
    moved = status_formats.change_report(change)
    if fmt is ReportFormat.JSON:
        text = out.json_text(status_formats.change_json(change, label), rows="articles")
    elif fmt is ReportFormat.GITHUB:
        top = tracking.repository_top(change.after)
        text = "".join(line + "\n" for line in status_formats.github_annotations(moved, str(top) if top else None))
    elif fmt is ReportFormat.MARKDOWN:
        web, head = tracking.web_address(change.after)
        text = status_formats.status_markdown(
            moved, names, web, head, label, since=asked.changed_since, command=command
        )
    else:
        heading = f"Docs version {label}\n" if label is not None else ""
        text = heading + status_formats.change_text(change, names, out.width)
    return int(ExitStatus.NOT_FOUND if change.failing else ExitStatus.OK), list(corpus.warnings), text


def mark_reviewed(corpora: list[Corpus], out: Output, targets: list[str]) -> int:
    """``--mark-reviewed LANG/SLUG``: each translation's marker set to its source's last commit."""
    from glossary import tracking
    from glossary.text import sanitize

    for target in targets:
        lang, _, slug = target.strip().partition("/")
        if not lang or not slug:
            raise UsageError(f"--mark-reviewed takes LANG/SLUG, as in ja/pod, not {target!r}")
        key = language_key(lang, corpora)
        corpus = next((c for c in corpora if (key, slug.strip("/")) in c.refs()), corpora[0])
        path, marker, commit = tracking.mark_reviewed(corpus, key, slug.strip("/"))
        out.print_text(f"{sanitize(str(path))}: {marker}: {commit}")
    return int(ExitStatus.OK)


def show_diff(
    versions: list[tuple[str | None, Corpus]], out: Output, keys: list[str] | None, slug: str, *, pager: bool = True
) -> int:
    """The source's changes since the translation of ``slug``: of the first version of the docs where it
    is outdated (said when the site has several), else what each version says of it."""
    from glossary import tracking
    from glossary.errors import NotFound
    from glossary.stamp import cache_dir
    from glossary.status import State
    from glossary.status.report import source_diff

    notes: list[tuple[str | None, tracking.DiffTarget]] = []
    failure = None
    labels = [label for label, _ in versions if label is not None]
    searched = None
    if labels:
        searched = (
            f"version {labels[-1]}" if len(labels) == 1 else f"versions {', '.join(labels[:-1])} and {labels[-1]}"
        )
    for label, corpus in versions:
        try:
            target = tracking.diff_target(tracking.corpus_status(corpus, keys), slug, keys, searched)
        except NotFound as error:
            failure = failure or error
            continue
        if target.status is not None:
            if len(versions) > 1:
                others = " ".join(f"--docs-version {other}" for other, _ in versions if other != label)
                out.print_text(f"Docs version {label} (else: {others})")
            out.print_lines(source_diff(target.status, cache_dir()), pager=pager, diff=True)
            return int(ExitStatus.NOT_FOUND)
        notes.append((label, target))
    if not notes:
        assert failure is not None
        raise failure
    several = len(versions) > 1
    out.print_text(
        "\n".join(f"docs version {label}: {target.note}" if several else target.note for label, target in notes)
    )
    missing = any(target.state is State.MISSING for _, target in notes)
    return int(ExitStatus.NOT_FOUND if missing else ExitStatus.OK)
