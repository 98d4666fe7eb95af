"""Language folders: which files in one are pages, and the slug each has.

A ``Root`` is one glossary folder as the user named it, with what its ``glossary.toml`` or its
shape says about its layout; a ``LangFolder`` is one language's folder inside it (for a versioned
site, one version's). Slugs are paths below the language folder, ``/`` kept (see
``glossary.pages`` for which files are pages). Nothing here reads an article.
"""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TypeVar

from glossary.config import DEFAULT_LAYOUT, DEFAULT_SOURCE_COMMIT_KEYS, DOCUSAURUS, ENDINGS, DocsVersion
from glossary.pages import FOLDER_PAGES, MARKDOWN, is_partial, slug_of_stem, stem_of
from glossary.patterns import lazy

BUNDLE_FILE = "index.md"
_MOST_DASHES = 32  # a typed slug with more parts than this names no nested page by its old form
# Pages of a site that are no concept: Hugo's section list and a folder's own page.
NOT_CONCEPTS = ("_index", "index")
_Found = TypeVar("_Found")


@dataclass(frozen=True)
class Root:
    """One glossary folder, with where it was named (``bundled``, ``GLOSSARY_PATH``, ``--data-dir``).

    What a root says about itself (its ``glossary.toml``, see ``glossary.config``) is carried here
    too: ``layout``, where its articles are, as a pattern of ``{lang}`` and ``{slug}`` (or
    ``docusaurus``); ``source``, the language the others are translated from (None: not said);
    ``exclude``, files that are no concepts; ``versions``, a versioned site's versions, newest first
    (Docusaurus; see ``glossary.docusaurus``); ``source_commit_keys``, the front matter keys that
    name the source commit a translation was made from. ``display`` is the path as the user typed
    it, ``{lang}`` included.
    """

    path: Path
    origin: str
    layout: str = DEFAULT_LAYOUT
    source: str | None = None
    exclude: tuple[str, ...] = ()
    bundled: bool = False
    display: str = ""
    layout_given: bool = False  # said by a config; else each language folder shows its own layout
    config_files: tuple[Path, ...] = ()  # files its glossary.toml names (see ``RootConfig.named_files``)
    versions: tuple[DocsVersion, ...] = ()
    source_commit_keys: tuple[str, ...] = DEFAULT_SOURCE_COMMIT_KEYS
    detected: str = ""  # how the layout was found: "glossary.toml", "the folders of a Docusaurus site", ...
    source_from: str = ""  # who said the source language
    hugo_site: bool = False  # inside a folder with a Hugo config (hugo.toml, config/_default/...)

    @property
    def lang_parent(self) -> Path:
        """The folder whose entries are the language folders."""
        before = self.layout.split("{lang}", 1)[0].strip("/")
        return self.path / before if before else self.path

    @property
    def below_lang(self) -> str:
        """The folders between a language folder and its articles (``docs/reference/glossary``)."""
        after = self.layout.split("{lang}", 1)[1].strip("/")
        for ending in ENDINGS:
            if after.endswith("/" + ending):
                return after[: -len(ending) - 1]
        return ""

    @property
    def bundles(self) -> bool:
        return self.layout.endswith("{slug}/" + BUNDLE_FILE)

    @property
    def layout_name(self) -> str:
        """The layout as ``glossary langs --verbose`` says it."""
        return DOCUSAURUS if self.versions else self.layout

    @property
    def by_name(self) -> bool:
        """Every language in one folder, the language in the file name (``pod.ja.md``)."""
        return self.layout_given and self.layout.endswith("{slug}.{lang}.md")

    @property
    def by_name_folder(self) -> str:
        return self.layout[: -len("{slug}.{lang}.md")].strip("/")


@dataclass(frozen=True)
class LangFolder:
    """A language folder inside a root: ``name`` as spelled on disk, ``key`` as matched.

    ``path`` holds the articles, in nested folders too: the slug is the path below ``path``
    without its extension, ``/`` kept, a folder's own page (``_index.md``, ``index.md``) the
    folder's (see ``glossary.pages``). With ``bundles`` only ``<slug>/index.md`` files are pages.
    ``version`` is the version of a versioned site the folder holds (``current``, ``3``), else None.
    """

    root: Root
    priority: int
    name: str
    key: str
    path: Path
    bundles: bool = False
    by_name: bool = False  # every language in one folder, the language in the file name
    plain: bool = False  # with by_name: ``<slug>.md`` files (no language in the name) are this language's
    version: str | None = None
    extensions: tuple[str, ...] = MARKDOWN

    @cached_property
    def hugo_pages(self) -> bool:
        """Whether the folder is a Hugo site's (its root lies in a Hugo site, or an ``_index.md`` is
        at its top): there front
        matter may say a page is not content (``glossary.pages``), which costs a read of each file's
        first bytes to know, so it is looked at only there."""
        if self.version is not None:
            return False
        if self.root.hugo_site:
            return True
        names = ("_index.md", f"_index.{self.name}.md") if self.by_name else ("_index.md",)
        return any(os.path.isfile(self.path / name) for name in names)

    def slug_of(self, name: str) -> str:
        """The slug of the article file ``name`` (relative to ``path``)."""
        if self.by_name and name.endswith(f".{self.name}.md"):
            return slug_of_stem(name[: -len(self.name) - 4])
        slug = slug_of_stem(stem_of(name, self.extensions))
        # The top page of a docs version is an article (its introduction), named as its file is.
        return slug or ("index" if self.version is not None else "")

    def names_of(self, slug: str) -> list[str]:
        """Where the article ``slug`` may be, relative to ``path``, the one taken first."""
        if self.by_name:
            return [f"{slug}.{self.name}.md"] + ([f"{slug}.md"] if self.plain else [])
        if self.bundles:
            return [f"{slug}/{BUNDLE_FILE}"]
        places = [slug + extension for extension in self.extensions]
        places.extend(f"{slug}/{page}{extension}" for page in FOLDER_PAGES for extension in self.extensions)
        return places

    def dashed_slugs(self, slug: str) -> Iterator[str]:
        """The nested slugs ``slug`` names when its folders are joined with ``-`` (``engine-rendering``
        for ``engine/rendering``, as slugs of nested folders were once written), by the folders
        that exist: a ``stat`` per ``-`` of each level."""
        parts = slug.split("-")

        def below(start: int, folders: list[str]) -> Iterator[str]:
            for end in range(start + 1, len(parts)):
                nested = [*folders, "-".join(parts[start:end])]
                if os.path.isdir(os.path.join(self.path, *nested)):
                    yield "/".join([*nested, "-".join(parts[end:])])
                    yield from below(end, nested)

        if 1 < len(parts) <= _MOST_DASHES and is_valid_slug(slug):
            yield from below(0, [])

    def is_excluded(self, slug: str) -> bool:
        if not slug or slug in NOT_CONCEPTS and self.version is None:
            return True
        exclude = self.root.exclude
        return bool(exclude) and any(fnmatch.fnmatchcase(slug, pattern) for pattern in exclude)

    def listing(self, *, misnamed: bool = False) -> list[tuple[str, os.DirEntry[str]]]:
        """The article files, as ``(name relative to path, entry)``; ``OSError`` if unreadable."""
        return list(self.pages(misnamed=misnamed).values())

    def pages(
        self,
        *,
        misnamed: bool = False,
        refused: list[str] | None = None,
        walked: list[tuple[str, os.DirEntry[str]]] | None = None,
    ) -> dict[str, tuple[str, os.DirEntry[str]]]:
        """The article files by slug, as ``(name relative to path, entry)``; ``OSError`` if unreadable.

        Two files of one slug (``a.md`` and ``a/_index.md``): the one ``names_of`` puts first. A
        file whose name cannot be a slug (``MISNAMED`` in ``glossary.corpus``) is left out, its name
        added to ``refused`` when given; ``misnamed`` keeps it instead, for the index to report.
        ``walked``: what ``files()`` found a moment ago, when the caller has it.
        """
        return self._choose(self.files() if walked is None else walked, misnamed=misnamed, refused=refused)

    def pages_among(self, names: Iterable[str]) -> dict[str, str]:
        """The article files among ``names`` (paths relative to ``path``, as git lists the folder at a
        commit), by slug: those ``files`` would find there, chosen as ``pages`` chooses them."""
        extensions = self.extensions

        def visible(name: str) -> bool:
            *folders, base = name.split("/")
            if not base.endswith(extensions) or base[0] == "." or is_partial(base, extensions):
                return False
            return not any(not part or part[0] == "." or is_partial(part, extensions) for part in folders)

        chosen = self._choose((name, name) for name in names if name and visible(name))
        return {slug: name for slug, (name, _) in chosen.items()}

    def _choose(
        self, files: Iterable[tuple[str, _Found]], *, misnamed: bool = False, refused: list[str] | None = None
    ) -> dict[str, tuple[str, _Found]]:
        """The pages among ``files`` by slug. This runs over every file whenever the index is opened
        or ``status`` runs: its loop does only what a plain file needs."""
        found: dict[str, tuple[str, _Found]] = {}
        page_name = self._is_page_name if self.bundles or self.by_name else None
        slug_of, excluded = self.slug_of, self.is_excluded
        for name, entry in files:
            if page_name is not None and not page_name(name):
                continue
            slug = slug_of(name)
            if excluded(slug):
                continue
            if not (misnamed or is_valid_slug(slug)):
                if refused is not None:
                    refused.append(name)
                continue
            if slug in found and self._rank(name) >= self._rank(found[slug][0]):
                continue
            found[slug] = (name, entry)
        return found

    def _is_page_name(self, name: str) -> bool:
        base = name.rsplit("/", 1)[-1]
        if self.bundles:
            return base == BUNDLE_FILE and "/" in name
        if self.by_name:
            return base.endswith(f".{self.name}.md") or self.plain and not file_language(base)
        return True

    def _rank(self, name: str) -> int:
        stem = stem_of(name, self.extensions)
        page = stem.rpartition("/")[2]
        extension = len(name) - len(stem)
        return (FOLDER_PAGES.index(page) + 1 if page in FOLDER_PAGES else 0) * 10 + extension

    def files(self) -> list[tuple[str, os.DirEntry[str]]]:
        """Every visible page file below ``path`` with its name relative to it (partials, hidden
        files, and symbolic links leading outside the root left out), those of folders whose name
        cannot be part of a slug too (``pages`` refuses them, so that they can be reported). A plain
        file costs no system call and little Python: this runs over every file whenever the index
        is opened."""
        root, extensions = self.root.path, self.extensions
        found: list[tuple[str, os.DirEntry[str]]] = []
        # Each folder to walk with the folders it lies in (itself last): a link to one of them
        # (``en/again -> .``) would walk them again and again, so it is not followed.
        top = str(self.path)
        pending: list[tuple[str, str, tuple[str, ...]]] = [("", top, (top,))]
        while pending:
            prefix, folder, chain = pending.pop()
            try:
                with os.scandir(folder) as listed:
                    entries = list(listed)
            except OSError:
                if not prefix:
                    raise
                continue
            plain = [
                entry
                for entry in entries
                if entry.name.endswith(extensions) and entry.name[0] not in "._" and not entry.is_symlink()
            ]
            found.extend((prefix + entry.name, entry) for entry in plain if entry.is_file())
            if len(plain) == len(entries):
                continue
            chosen = set(map(id, plain))
            for entry in entries:
                name = entry.name
                if id(entry) in chosen or name[0] == "." or is_partial(name, extensions):
                    continue
                if name.endswith(extensions):
                    if is_inside(entry, root, directory=False):
                        found.append((prefix + name, entry))
                elif is_inside(entry, root, directory=True):  # a misnamed folder too: its files are refused
                    if entry.is_symlink():
                        real = os.path.realpath(entry.path)
                        if real in {os.path.realpath(path) for path in chain}:
                            continue
                        pending.append((prefix + name + "/", entry.path, (*chain, real)))
                    else:
                        pending.append((prefix + name + "/", entry.path, (*chain, entry.path)))
        return found


# Control characters would print as terminal commands; lone surrogates are bytes of a file name
# that is not UTF-8 (``os.fsdecode``), which no output or index can encode. The other cases: an
# empty part, a hidden one, one with white space at either end.
_NOT_IN_SLUG = lazy(r"[\\\x00-\x1f\x7f-\x9f\ud800-\udfff]|\A/|/\Z|//|(?:\A|/)[.\s]|\s(?:/|\Z)")


def is_valid_slug(slug: str) -> bool:
    """Whether ``slug`` could name a page below a language folder: parts separated by ``/``, none
    of them empty, hidden or with spaces at its ends."""
    return bool(slug) and _NOT_IN_SLUG.search(slug) is None


_FILE_LANGUAGE = lazy(r"[^.].*\.([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*)\.md")


def file_language(name: str) -> str | None:
    """The language written in a file name (``pod.ja.md``: ``ja``), or None."""
    match = _FILE_LANGUAGE.fullmatch(name)
    return match.group(1) if match else None


def is_inside(entry: os.DirEntry[str], root: Path, *, directory: bool) -> bool:
    """A real file or folder, or a symlink that stays inside ``root``; never hidden."""
    try:
        if entry.name.startswith("."):
            return False
        if directory and not entry.is_dir():
            return False
        if not directory and not entry.is_file():
            return False
        if entry.is_symlink():
            return Path(entry.path).resolve().is_relative_to(root.resolve())
        return True
    except OSError:
        return False
