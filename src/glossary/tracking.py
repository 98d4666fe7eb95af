"""The status of a glossary's translations: its articles as ``glossary.status`` takes them.

``glossary.status`` judges plain data; this module and ``glossary.status_request`` gather it from
a ``Corpus``: the article files, and of each translation only the front matter, for the source
commit it names (the keys are the root's ``source_commit_keys`` in ``glossary.toml``). The
full-text index is never built: what git said is kept in files of its own beside it, in the same
cache folder. Here too: the language status beside other commands' output, ``--diff``,
``--mark-reviewed`` and ``--changed-since``.

``inside_git`` is the cheap test other commands use before they ask git anything: a ``.git`` entry
in the root's folder or one above it.
"""

from __future__ import annotations

import os
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from glossary.config import read_config
from glossary.errors import NotFound, UsageError
from glossary.status import ArticleFile, ArticleStatus, State, StatusReport
from glossary.status_change import StatusChange, changed_since
from glossary.status_request import StatusRequest, followed, marker_keys, marker_of, settings_of, status_request

if TYPE_CHECKING:
    from glossary.corpus import Corpus

__all__ = [
    "StatusChange",
    "StatusRequest",
    "changed_since",
    "article_files",
    "corpus_status",
    "diff_target",
    "inside_git",
    "language_status",
    "read_from_version",
    "repository_top",
    "status_digest",
    "status_request",
    "tracked",
]


def inside_git(path: Path) -> bool:
    """Whether ``path`` lies in a git work tree, by a ``.git`` entry in it or a folder above (no git process)."""
    try:
        folder = path.resolve()
    except OSError:
        return False
    return any(os.path.lexists(os.path.join(candidate, ".git")) for candidate in (folder, *folder.parents))


def article_files(
    corpus: Corpus, source: str, languages: Collection[str] | None = None, slugs: Collection[str] | None = None
) -> list[ArticleFile]:
    """Every article of ``source`` and of ``languages`` (default: all), by language then slug; only
    ``slugs`` when given.

    Translations carry the source commit their front matter names.
    """
    from glossary.corpus import BUNDLED

    keys: dict[Path, tuple[str, ...]] = {}
    files: list[ArticleFile] = []
    for (lang, slug), (path, folder) in sorted(corpus.listed().items()):
        root = folder.root
        if root.origin == BUNDLED:
            continue
        if lang != source and languages is not None and lang not in languages:
            continue
        if slugs is not None and slug not in slugs:
            continue
        marker = None
        if lang != source:
            if root.path not in keys:
                keys[root.path] = marker_keys(root)
            marker = marker_of(path, keys[root.path])
        files.append(ArticleFile(lang, slug, path, marker))
    return followed(files, corpus.linked(), source)


def corpus_status(
    corpus: Corpus,
    languages: Iterable[str] | None = None,
    states: Collection[State] | None = None,
    *,
    now: datetime | None = None,
) -> StatusReport:
    """The status of the translations into ``languages`` (default: every language but the source).

    The bundled glossary is left out: its history is the program's, not the user's. Raises a
    ``HistoryError`` when git cannot answer, ``NotFound`` for a glossary without articles of its own.
    """
    request = status_request(corpus, languages, states)
    report = request.report(now)
    request.save()
    return report


def versions_to_judge(corpus: Corpus) -> list[tuple[str | None, Corpus]]:
    """The corpora ``status`` judges: the version asked for (``--docs-version``), else every version of a
    versioned site that has a translation, newest first; the corpus itself for a glossary without versions."""
    if corpus.docs_version is not None or not corpus.versions:
        return [(corpus.docs_version, corpus)]
    found: list[tuple[str | None, Corpus]] = []
    for label in corpus.versions:
        version = corpus.for_version(label)
        source = version.source
        if any(folder.key != source for folder in version.folders):
            found.append((label, version))
    return found or [(corpus.versions[0], corpus.for_version(corpus.versions[0]))]


def tracked(corpus: Corpus, languages: Iterable[str]) -> bool:
    """Whether a folder of ``languages`` in a root the user named lies in a git work tree (no git process).

    The bundled glossary does not count: its history is the program's, not the user's.
    """
    from glossary.corpus import BUNDLED

    wanted = set(languages)
    roots = {folder.root.path for folder in corpus.folders if folder.key in wanted and folder.root.origin != BUNDLED}
    return any(inside_git(path) for path in roots)


def language_status(corpus: Corpus, lang: str, slugs: Collection[str] | None = None) -> dict[str, ArticleStatus] | None:
    """The status of each translation into ``lang`` by slug (only ``slugs`` when given), for a column or
    a line beside other output.

    None, without starting git, when ``lang`` is the source language or no folder of the two lies in
    a git work tree; None too when git cannot answer (the output it goes beside does not need it).
    """
    from glossary.status import HistoryError, translation_status

    source = corpus.source
    if source is None or lang == source or not tracked(corpus, (source, lang)):
        return None
    from glossary.stamp import cache_dir
    from glossary.status.store import stored_places

    files = article_files(corpus, source, [lang], slugs)
    try:
        places = stored_places(cache_dir(), settings_of(corpus))
        report = translation_status(source, files, languages=[lang], places=places)
    except HistoryError:
        return None
    return {status.slug: status for status in report.articles}


def read_from_version(corpus: Corpus, lang: str, slug: str) -> Corpus:
    """The corpus of the docs version the translation ``lang``/``slug`` is read from, on a versioned
    site read without ``--docs-version`` (each language from the newest version that has it); else
    ``corpus``. A translation shown on its own is judged against the source of its own version."""
    if not corpus.versions or corpus.docs_version is not None:
        return corpus
    found = corpus.listed().get((lang, slug))
    version = found[1].version if found is not None else None
    return corpus.for_version(version) if version is not None else corpus


def status_digest(statuses: Mapping[str, ArticleStatus] | None) -> str:
    """A short digest of each slug's state and commits behind: what a kept output showing them depends on."""
    if statuses is None:
        return "-"
    from glossary.stamp import blake2b

    parts = "\0".join(f"{slug}:{status.state.value}:{status.behind}" for slug, status in sorted(statuses.items()))
    return str(blake2b(parts.encode("utf-8", "surrogateescape"), digest_size=8).hexdigest())


@dataclass(frozen=True)
class DiffTarget:
    """The translation whose source changes ``--diff`` shows, or why there is nothing to show."""

    status: ArticleStatus | None
    note: str = ""
    state: State | None = None  # of the translation the note is about, when one was named


def diff_target(
    report: StatusReport, slug: str, languages: Collection[str] | None = None, versions: str | None = None
) -> DiffTarget:
    """The status of ``slug`` to show the source changes of: in the one language asked for, else its only
    outdated translation. A ``DiffTarget`` with a note when it is current everywhere asked.

    Raises ``NotFound`` when no language asked for has the concept in the source (with the source's
    slugs closest to it, and the docs ``versions`` looked in, as "version 3"), ``UsageError`` when
    several translations are outdated and none was named.
    """
    mine = [status for status in report.articles if status.slug == slug and status.state is not State.ORPHAN]
    if not mine:
        import difflib

        slugs = sorted({status.slug for status in report.articles if status.state is not State.ORPHAN})
        close = [name for name in slugs if name.rsplit("/", 1)[-1] == slug]
        close = close or difflib.get_close_matches(slug, slugs, n=3, cutoff=0.6)
        where = f" in docs {versions}" if versions else ""
        message = f"no {report.source} article{where} is called {slug}; status --diff takes a slug of the source"
        raise NotFound(message, suggestions=close[:3])
    failing = [status for status in mine if status.state in (State.OUTDATED, State.MISSING)]
    if languages is not None and len(set(languages)) == 1:
        status = mine[0]
        if status.state is State.OUTDATED:
            return DiffTarget(status)
        if status.state is State.MISSING:
            note = f"{status.lang}/{slug} is missing: there is no translation to compare"
            return DiffTarget(None, note, status.state)
        return DiffTarget(
            None, f"{status.lang}/{slug} is {status.state.value}: no source changes to show", status.state
        )
    outdated = [status for status in failing if status.state is State.OUTDATED]
    if len(outdated) == 1:
        return DiffTarget(outdated[0])
    if len(outdated) > 1:
        langs = ", ".join(status.lang for status in outdated)
        example = f"glossary status {outdated[0].lang} --diff {slug}"
        raise UsageError(f"{slug} is outdated in {langs}: name one language, as in {example}")
    return DiffTarget(None, f"no translation of {slug} is outdated")


def web_address(report: StatusReport) -> tuple[str | None, str | None]:
    """The web address of the source's repository on GitHub or GitLab (None elsewhere) and its HEAD."""
    from glossary.status.git import HistoryError, locate, web_url

    source = next((status.source_path for status in report.articles if status.source_path is not None), None)
    if source is None:
        return None, None
    try:
        repository = locate(Path(source).parent)
    except HistoryError:
        return None, None
    return web_url(repository), repository.head


def repository_top(report: StatusReport) -> Path | None:
    """The top folder of the repository of the source articles, for paths GitHub can place; None without one."""
    from glossary.status.git import HistoryError, locate

    source = next((status.source_path for status in report.articles if status.source_path is not None), None)
    if source is None:
        return None
    try:
        return locate(Path(source).parent).top
    except HistoryError:
        return None


def mark_reviewed(corpus: Corpus, lang: str, slug: str) -> tuple[Path, str, str]:
    """Write into the translation ``lang/slug`` the marker that says it matches its source as committed now.

    Returns the file, the key written and the commit. Raises ``NotFound`` for a translation or a
    source that does not exist, ``ReviewRefused`` when the source has uncommitted edits.
    """
    from glossary.stamp import cache_dir
    from glossary.status.review import DEFAULT_KEY, key_in_use, source_commit_now, write_marker
    from glossary.status.store import stored_places

    source = corpus.source
    refs = corpus.refs()
    translation = refs.get((lang, slug))
    if source is None or translation is None:
        raise NotFound(f"no {lang} article is called {slug}; --mark-reviewed takes LANG/SLUG of a translation")
    original = refs.get((source, slug))
    if original is None or lang == source:
        raise NotFound(f"{lang}/{slug} has no source article in {source} to be reviewed against")
    keys = read_config(translation.folder.root.path).source_commit_keys
    others = [ref.path for (key, _), ref in sorted(refs.items()) if key not in (source,)]
    key = key_in_use([translation.path], keys) or key_in_use(others, keys) or DEFAULT_KEY
    # A symbolic link is the file it leads to: that file's history, that file written (the link kept).
    commit = source_commit_now(Path(os.path.realpath(original.path)), stored_places(cache_dir(), settings_of(corpus)))
    write_marker(Path(os.path.realpath(translation.path)), key, commit)
    return translation.path, key, commit
