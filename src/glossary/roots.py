"""What each glossary root was read as: its layout and how it was found, its versions, the source
language and the front matter keys naming the commit a translation was made from.

``glossary langs --verbose`` says it, so that a user who sees no article, or fewer than expected,
can tell why: a layout other than the site's, a version other than the one translated, a source
language guessed from the counts.
"""

from __future__ import annotations

from dataclasses import dataclass

from glossary.corpus import BUNDLED, Corpus, EmptyRoot, Root, version_folders
from glossary.errors import LanguageError


@dataclass(frozen=True)
class RootLayout:
    """How one root was read. ``versions`` are ``(name, languages that have it)``, newest first."""

    path: str
    origin: str
    layout: str
    found_by: str
    source: str | None
    source_by: str
    versions: list[tuple[str, list[str]]]
    reading: str | None
    marker_keys: tuple[str, ...]


def describe_roots(corpus: Corpus) -> list[RootLayout]:
    """Each root of ``corpus`` but the bundled one (unless it is the only one), lowest priority first."""
    roots = [root for root in corpus.roots if root.origin != BUNDLED] or corpus.roots
    source, source_by = _source(corpus)
    return [
        RootLayout(
            path=root.display or str(root.path),
            origin=root.origin,
            layout=root.layout_name,
            found_by=root.detected or "the default",
            source=source if corpus.wanted_source or not root.source else root.source,
            source_by=source_by if corpus.wanted_source or not root.source else root.source_from,
            versions=_versions(root),
            reading=_reading(root, corpus),
            marker_keys=root.source_commit_keys,
        )
        for root in roots
    ]


def _source(corpus: Corpus) -> tuple[str | None, str]:
    try:
        source = corpus.source
    except (LanguageError, EmptyRoot):
        return None, "none: no language has articles"
    if corpus.wanted_source:
        return source, "--source"
    said = any(root.source for root in corpus.roots)
    return source, "glossary.toml" if said else "the language with the most articles"


def _versions(root: Root) -> list[tuple[str, list[str]]]:
    found = []
    for version in root.versions:
        folders = version_folders(root, 0, version, root.source or "en")
        if folders:
            found.append((version.name, sorted(folder.name for folder in folders)))
    return found


def _reading(root: Root, corpus: Corpus) -> str | None:
    if not root.versions:
        return None
    if corpus.docs_version is not None:
        return f"version {corpus.docs_version} (--docs-version)"
    return "each language from the current docs, else the newest version that has it; --docs-version picks one"
