"""``status --changed-since REF``: what a change (HEAD and the work tree against the merge base of
REF) does to the translations. The merge base is judged from the files it had, listed by git and
given their slugs by the layout's rules, so that a source renamed or deleted on the branch leaves
its translations orphaned and a translation deleted leaves its concept missing.
"""

from __future__ import annotations

import os
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from glossary.status import ArticleFile, ArticleStatus, State, StatusReport, source_commit
from glossary.status_request import followed, settings_of, status_request

if TYPE_CHECKING:
    from glossary.corpus import Corpus
    from glossary.status import git
    from glossary.status.places import Places


@dataclass
class StatusChange:
    """What a change (HEAD and the work tree, against the merge base of a revision) does to the translations.

    ``changed`` pairs each translation's status at the merge base with its status now, for every
    translation whose state differs: None on one side where the pair was not there (neither the
    translation nor its source existed then, or exists now).
    """

    since: str
    merge_base: str | None
    before: StatusReport
    after: StatusReport
    changed: list[tuple[ArticleStatus | None, ArticleStatus | None]]

    @property
    def failing(self) -> bool:
        """Whether the change makes a translation newly outdated, missing or orphaned (its source
        renamed or deleted and the translation left behind)."""
        return any(after is not None and after.state in CHANGE_FAILS for _, after in self.changed)


CHANGE_FAILS = (State.OUTDATED, State.MISSING, State.ORPHAN)
"""The states a change must not move a translation into (``status --changed-since`` exits 1)."""


def changed_since(corpus: Corpus, revision: str, languages: Iterable[str] | None = None) -> StatusChange:
    """The translations whose state differs between the merge base of ``revision`` and HEAD, and now
    (HEAD with the work tree): what a pull request does to them.

    The merge base is judged from the files it had (``files_at_merge_base``), not from today's: a
    source renamed or deleted since leaves its translations orphaned, a translation deleted leaves
    its source's concept missing, and both are changes.
    """
    from glossary.stamp import cache_dir
    from glossary.status import translation_status
    from glossary.status.places import Places
    from glossary.status.store import load_history

    request = status_request(corpus, languages)
    after = request.report()
    request.save()
    folder, settings = cache_dir(), settings_of(corpus)
    ignore = settings.ignore_commits  # the kept history's message search is for these texts: not read again
    places = Places(lambda repository: load_history(repository, folder, ignore), settings, at=revision)
    then, bases = files_at_merge_base(corpus, request.source, request.languages, places)
    before = translation_status(request.source, then, languages=request.languages, places=places)
    earlier = {(status.lang, status.slug): status for status in before.articles}
    now = {(status.lang, status.slug): status for status in after.articles}
    changed: list[tuple[ArticleStatus | None, ArticleStatus | None]] = []
    for key in sorted(earlier.keys() | now.keys()):
        old, new = earlier.get(key), now.get(key)
        if old is None or new is None or old.state != new.state:
            changed.append((old, new))
    merge_base = next(iter(bases)) if len(bases) == 1 else None
    return StatusChange(revision, merge_base, before, after, changed)


def files_at_merge_base(
    corpus: Corpus, source: str, languages: Collection[str] | None, places: Places
) -> tuple[list[ArticleFile], set[str | None]]:
    """The article files of ``source`` and ``languages`` (None: all) as they were at the commit
    ``places`` looks from, and that commit of each repository.

    Each language folder is listed as git had it then (one ``git ls-tree`` per repository) and its
    names are mapped to slugs by the folder's own rules (``LangFolder.pages_among``), later roots
    winning, as ``Corpus.listed`` does with today's files. A translation's marker is read from its
    text then. A symbolic link is read as the file it led to when that stays inside the root, and
    left out otherwise, as today's listing does.
    """
    from glossary.corpus import BUNDLED
    from glossary.pages import HEAD_BYTES, says_not_content
    from glossary.status import git

    folders = [
        folder
        for folder in reversed(corpus.folders)
        if folder.root.origin != BUNDLED and (languages is None or folder.key == source or folder.key in languages)
    ]
    located = [(folder, *places.find(os.fspath(folder.path))) for folder in folders]
    by_top: dict[Path, tuple[git.Repository, set[str]]] = {}
    for _, repository, inside in located:
        by_top.setdefault(repository.top, (repository, set()))[1].add(inside or ".")
    trees = {top: git.tree_files(repository, sorted(specs)) for top, (repository, specs) in by_top.items()}
    found: dict[tuple[str, str], tuple[str, str | None, bytes, git.Repository, bool]] = {}
    links: list[tuple[tuple[str, str], str, bytes, git.Repository, Path]] = []
    for folder, repository, inside in located:
        prefix = os.fsencode(inside + "/") if inside else b""
        tree = trees[repository.top]
        names = {os.fsdecode(path[len(prefix) :]): path for path in tree if path.startswith(prefix)}
        for slug, name in folder.pages_among(names).items():
            blob, link = tree[names[name]]
            path = os.path.join(folder.path, name)
            found[(folder.key, slug)] = (path, None, blob, repository, folder.hugo_pages)
            if link:
                links.append(((folder.key, slug), path, blob, repository, folder.root.path))
    targets = _link_targets(links, places)
    for key, *_ in links:  # read as the file each led to, from the same commit; left out when there was none
        path, _, _, repository, hugo = found.pop(key)
        if key in targets:
            found[key] = (path, targets[key][0], targets[key][1], repository, hugo)
    wanted: dict[Path, list[bytes]] = {}
    for (lang, _), (_, _, blob, repository, hugo) in found.items():
        if lang != source or hugo:
            wanted.setdefault(repository.top, []).append(blob)
    texts: dict[bytes, bytes | None] = {}
    for top, blobs in wanted.items():
        texts.update(places.place(by_top[top][0]).objects.read_many(blobs))
    keys = corpus.source_commit_keys
    files: list[ArticleFile] = []
    for (lang, slug), (path, _, blob, _, hugo) in sorted(found.items()):
        text = texts.get(blob)
        if hugo and text is not None and says_not_content(text[:HEAD_BYTES].decode("utf-8", "replace")):
            continue
        files.append(ArticleFile(lang, slug, path, _marker_in(text, keys) if lang != source else None))
    led_to = {path: real for path, real, *_ in found.values() if real is not None}
    return followed(files, led_to, source, _absolute), {repository.head for _, repository, _ in located}


def _absolute(path: str) -> str:
    return os.path.normpath(os.path.abspath(path))


def _link_targets(
    links: list[tuple[tuple[str, str], str, bytes, git.Repository, Path]], places: Places
) -> dict[tuple[str, str], tuple[str, bytes]]:
    """For each symbolic link (key, path, blob, repository viewed at a commit, root), the file it led to
    then and that file's blob, when it was a file of the same repository inside the root."""
    from glossary.status import git

    by_top: dict[Path, list[tuple[tuple[str, str], str, bytes, git.Repository, Path]]] = {}
    for link in links:
        by_top.setdefault(link[3].top, []).append(link)
    found: dict[tuple[str, str], tuple[str, bytes]] = {}
    for mine in by_top.values():
        repository = mine[0][3]
        texts = places.place(repository).objects.read_many([blob for _, _, blob, _, _ in mine])
        inside: dict[tuple[str, str], tuple[str, bytes]] = {}
        for key, path, blob, _, root in mine:
            led_to = texts.get(blob)
            if not led_to:
                continue
            target = _absolute(os.path.join(os.path.dirname(os.path.abspath(path)), os.fsdecode(led_to)))
            if not target.startswith(os.path.join(os.path.abspath(root), "")):
                continue
            where, name = places.where(target)
            if where.top == repository.top:
                inside[key] = (target, name)
        if not inside:
            continue
        tree = git.tree_files(repository, sorted({os.fsdecode(name) for _, name in inside.values()}))
        for key, (target, name) in inside.items():
            if name in tree and not tree[name][1]:
                found[key] = (target, tree[name][0])
    return found


def _marker_in(raw: bytes | None, keys: tuple[str, ...]) -> str | None:
    from glossary.articles import load_front_matter, split_front_matter

    if raw is None or not raw.lstrip(b"\xef\xbb\xbf").startswith(b"---"):
        return None
    front, _, _ = split_front_matter(raw.decode("utf-8", "replace").lstrip("\ufeff").replace("\r\n", "\n"))
    if front is None or not any(key.rsplit(".", 1)[-1] in front for key in keys):
        return None
    return source_commit(load_front_matter(front, []), keys)
