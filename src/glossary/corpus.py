"""Where articles live: roots, language folders, and the layering between them.

A glossary is a folder of ``<lang>/<slug>.md`` files. Several such folders (roots) are layered,
lowest priority first: the bundled data, each folder of ``GLOSSARY_PATH``, each ``--data-dir``. An
article in a later root replaces the same ``(language, slug)`` in an earlier one.

Nothing here parses an article: finding one by slug costs a directory listing per root and a
``stat`` per language folder, whatever the size of the glossary.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from glossary.articles import Article, read_article
from glossary.config import DEFAULT_LAYOUT, DEFAULT_SOURCE_COMMIT_KEYS, DOCUSAURUS, DocsVersion, read_config
from glossary.errors import BadData, LanguageError, UsageError
from glossary.folders import (
    LangFolder,
    Root,
    file_language,
    is_inside,
    is_valid_slug,
)
from glossary.languages import lang_key, match_language
from glossary.pages import WITH_MDX, is_content, is_partial, slug_of_stem
from glossary.patterns import lazy
from glossary.text import printable_path

BUNDLED = "bundled"
ENVIRONMENT = "GLOSSARY_PATH"
COMMAND_LINE = "--data-dir"

_LANG_FOLDER = lazy(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*")


class EmptyRoot(UsageError):
    """A glossary folder the user named that holds no language folder: say what is there instead."""


@dataclass(frozen=True)
class ArticleRef:
    """An article found on disk but not read yet."""

    slug: str
    lang: str
    key: str
    path: Path
    folder: LangFolder

    def read(self) -> Article:
        return read_article(self.path, slug=self.slug, lang=self.lang)


def bundled_root() -> Path:
    """The glossary that ships with the package (inside the installed package, not the CWD)."""
    packaged = Path(__file__).parent / "glossary_data"  # where a wheel installs it
    if packaged.is_dir():
        return packaged
    # A source checkout (editable install): the data sits at the top of the repository.
    return Path(__file__).resolve().parents[2] / "glossary_data"


def find_roots(
    data_dirs: Sequence[str | Path] = (), environ: Mapping[str, str] | None = None, *, bundled: bool = False
) -> list[Root]:
    """The roots in priority order, lowest first. Read the environment now, not at import.

    The bundled glossary is the glossary when the user names none; a glossary of their own
    replaces it, unless ``bundled`` (``--bundled``) or its ``glossary.toml`` asks to layer it under.
    """
    environ = os.environ if environ is None else environ
    named = [(entry, ENVIRONMENT) for entry in environ.get(ENVIRONMENT, "").split(os.pathsep) if entry.strip()]
    named.extend((str(entry), COMMAND_LINE) for entry in data_dirs)
    if any(not os.path.isabs(os.path.expanduser(entry)) for entry, _ in named):
        _require_current_folder()
    roots = [user_root(str(entry), origin) for entry, origin in named]
    if not roots or bundled or any(root.bundled for root in roots):
        roots.insert(0, Root(bundled_root(), BUNDLED, display=str(bundled_root())))
    return roots


def _require_current_folder() -> None:
    """A relative folder is read from the current one: say so when that folder is gone (deleted
    while a shell stayed in it), rather than fail later on a path that cannot be made whole."""
    try:
        os.getcwd()
    except FileNotFoundError:
        raise UsageError(
            "the current folder no longer exists: cd to one that does, or give the glossary's folder whole"
        ) from None


def user_root(typed: str, origin: str) -> Root:
    """A root as the user named it; ``{lang}`` in it says where the language folders are.

    ``website/content/{lang}/docs/reference/glossary`` is the root ``website/content`` with the
    layout ``{lang}/docs/reference/glossary/{slug}.md``. A ``glossary.toml`` in the root says the
    rest, and its layout wins over the default.
    """
    path = Path(typed).expanduser()
    layout = DEFAULT_LAYOUT
    given = False
    if "{lang}" in typed:
        parts = path.parts
        at = next(i for i, part in enumerate(parts) if "{lang}" in part)
        path = Path(*parts[:at]) if at else Path(".")
        layout = "/".join(("{lang}", *parts[at + 1 :], "{slug}.md"))
    config = read_config(path)
    source, versions, detected = config.source, config.versions, config.path and "said by glossary.toml"
    source_from = "glossary.toml" if source else ""
    if config.layout is not None:
        layout, given = config.layout, True
    if layout == DOCUSAURUS or versions or (config.layout is None and "{lang}" not in typed and is_docusaurus(path)):
        from glossary.docusaurus import default_locale, site_versions

        layout, given = DOCUSAURUS, True
        versions = versions or site_versions(path)
        if source is None:
            source, source_from = default_locale(path)
        detected = detected or "found from the folders of a Docusaurus site"
    return Root(
        path,
        origin,
        layout=layout,
        source=source,
        exclude=config.exclude,
        bundled=config.bundled,
        display=typed,
        layout_given=given,
        config_files=tuple(path / name for name in config.named_files),
        versions=versions,
        source_from=source_from,
        source_commit_keys=config.source_commit_keys,
        hugo_site=layout != DOCUSAURUS and in_hugo_site(path),
        detected=detected or ("{lang} in the path given" if "{lang}" in typed else ""),
    )


HUGO_CONFIGS = ("hugo.toml", "hugo.yaml", "hugo.json", "config.toml", "config.yaml", "config/_default")


def in_hugo_site(path: Path) -> bool:
    """Whether ``path`` lies in a Hugo site: a Hugo config in it or a folder above (a few ``stat``
    calls per folder up to the top)."""
    try:
        folder = path.resolve()
    except (OSError, RuntimeError):
        return False
    return any(
        os.path.exists(os.path.join(above, name)) for above in (folder, *folder.parents) for name in HUGO_CONFIGS
    )


def is_docusaurus(path: Path) -> bool:
    """Whether ``path`` looks like a Docusaurus site; one ``stat`` when it has no ``docs`` folder."""
    if not os.path.isdir(path / "docs"):
        return False
    from glossary.docusaurus import is_docusaurus as looks_like

    return looks_like(path)


@dataclass
class Corpus:
    """The layered roots of one glossary and the articles in them.

    ``wanted_source`` is a source language asked for (``--source``); else a root's config says it,
    else it is the language with the most articles (see ``source``). ``docs_version`` is the
    version of a versioned site to read (``--docs-version``); without it each language is read
    from the newest version that has it, ``current`` first (see ``versions``, ``for_version``).
    """

    roots: list[Root]
    warnings: list[str] = field(default_factory=list)
    wanted_source: str | None = None
    docs_version: str | None = None
    _found: dict[tuple[str, str | None], list[ArticleRef]] = field(default_factory=dict, repr=False)
    _listed: dict[bool, dict[tuple[str, str], tuple[str, LangFolder]]] = field(default_factory=dict, repr=False)
    # What a walk of a folder found a moment ago (``status`` walks them all first): listed from it.
    walks: dict[LangFolder, list[tuple[str, os.DirEntry[str]]]] = field(default_factory=dict, repr=False)
    _links: set[str] = field(default_factory=set, repr=False)

    @cached_property
    def folders(self) -> list[LangFolder]:
        """Language folders of every root, highest priority first."""
        found: list[LangFolder] = []
        for priority, root in reversed(list(enumerate(self.roots))):
            found.extend(self._language_folders(root, priority))
        return found

    @cached_property
    def versions(self) -> list[str]:
        """The versions of a versioned site (``current``, ``3``, ``2``), newest first: those whose
        source folder exists; ``[]`` for a glossary without versions."""
        found: dict[str, None] = {}
        for root in self.roots:
            for version in root.versions:
                if (root.path / version.source).is_dir():
                    found.setdefault(version.name)
        return list(found)

    def for_version(self, label: str) -> Corpus:
        """The corpus of one version: its source articles and each language's translations of it."""
        if label not in self.versions:
            own = [root for root in self.roots if root.origin != BUNDLED]
            if own and not any(root.path.is_dir() for root in own):
                raise self.no_articles()  # no folder to read at all: that is what to say
            known = ", ".join(self.versions) or "none: the glossary has no versions"
            raise UsageError(f'no docs version "{label}"; versions: {known}')
        return Corpus(self.roots, wanted_source=self.wanted_source, docs_version=label)

    def versions_having(self, slug: str, lang: str) -> list[str]:
        """The versions whose ``lang`` has the article ``slug``, other than the one read (for a
        hint when it is missing here); a ``stat`` or two per version."""
        read = {folder.version for folder in self.folders if folder.key == lang_key(lang)}
        return [
            version
            for version in self.versions
            if version not in read and Corpus(self.roots, docs_version=version).find(slug, lang)
        ]

    def no_articles(self) -> BadData | UsageError:
        """The error of a glossary without one article, naming the folders searched. When none of them
        is a folder (``-d /nonexistent``, ``-d notes.txt``), that is what the user needs to hear, in
        one line, as a usage error: the folder given holds no glossary."""
        searched = [root for root in self.roots if root.origin != BUNDLED] or self.roots
        named = [f"{root.origin} folder {printable_path(root.display or str(root.path))}" for root in searched]
        listed = named[0] if len(named) == 1 else f"{', '.join(named[:-1])} and {named[-1]}"
        if not any(root.path.is_dir() for root in searched):
            # The one line says it: not a warning for each folder first.
            self.warnings[:] = [w for w in self.warnings if not w.endswith((_SKIPPED, _NOT_A_FOLDER))]
            if not any(root.path.exists() for root in searched):
                return UsageError(f"no glossary: {listed} {'does' if len(named) == 1 else 'do'} not exist")
            return UsageError(f"no glossary: {listed} {'is not a folder' if len(named) == 1 else 'are no folders'}")
        names = sorted({folder.name for folder in self.folders if folder.root.origin != BUNDLED})
        if names and len(searched) == 1:
            shown = ", ".join(names[:4]) + (f" and {len(names) - 4} more" if len(names) > 4 else "")
            return BadData(f"no articles found in {listed}: its language folders ({shown}) hold no article")
        return BadData(f"no articles found in {listed}")

    @property
    def source_commit_keys(self) -> tuple[str, ...]:
        """The front matter keys naming the source commit a translation was made from, as the
        roots' ``glossary.toml`` say them (highest priority first; the defaults without one)."""
        keys: dict[str, None] = {}
        for root in reversed(self.roots):
            if root.origin != BUNDLED:
                keys.update(dict.fromkeys(root.source_commit_keys))
        return tuple(keys) or DEFAULT_SOURCE_COMMIT_KEYS

    def _language_folders(self, root: Root, priority: int) -> list[LangFolder]:
        if root.versions:
            return self._versioned_folders(root, priority)
        if root.by_name:
            return self._by_name_folders(root, priority, root.path / root.by_name_folder)
        parent = root.lang_parent
        try:
            entries = sorted(os.scandir(parent), key=lambda e: e.name)
        except FileNotFoundError:
            if root.origin != BUNDLED:
                self.warnings.append(f"{root.origin} folder {root.display or root.path}{_SKIPPED}")
            return []
        except NotADirectoryError:
            if root.origin != BUNDLED:
                self.warnings.append(f"{root.origin} folder {root.display or root.path}{_NOT_A_FOLDER}")
            return []
        except OSError as exc:
            self.warnings.append(f"cannot read {root.origin} folder {parent} ({exc.strerror}); it is skipped")
            return []
        folders = []
        for entry in entries:
            if not _LANG_FOLDER.fullmatch(entry.name) or not is_inside(entry, root.path, directory=True):
                continue
            path = Path(entry.path) / root.below_lang if root.below_lang else Path(entry.path)
            if root.below_lang and not path.is_dir():
                continue
            bundles = root.bundles and root.layout_given
            folders.append(LangFolder(root, priority, entry.name, lang_key(entry.name), path, bundles))
        if not folders and not root.layout_given and any(file_language(entry.name) for entry in entries):
            return self._by_name_folders(root, priority, parent, entries)
        if not folders and root.origin != BUNDLED:
            raise EmptyRoot(_no_glossary_in(root, entries))
        if not root.layout_given and root.origin != BUNDLED and all(map(_is_a_glossary, folders)):
            raise EmptyRoot(_glossaries_in(root, folders))
        return folders

    def _versioned_folders(self, root: Root, priority: int) -> list[LangFolder]:
        """The folders of a versioned site: for each version its source folder and the translations
        of it. Without ``docs_version``, each language from the first version (newest) that has it."""
        source = root.source or "en"
        folders: list[LangFolder] = []
        for version in root.versions:
            if self.docs_version is None or version.name == self.docs_version:
                folders.extend(version_folders(root, priority, version, source))
        if self.docs_version is None:
            newest: dict[str, LangFolder] = {}
            for folder in folders:
                newest.setdefault(folder.key, folder)
            folders = list(newest.values())
        if not folders and root.origin != BUNDLED:
            raise EmptyRoot(f"no glossary in {root.display or root.path}: no folder of a version of its docs exists")
        return folders

    def _by_name_folders(
        self, root: Root, priority: int, folder: Path, entries: list[os.DirEntry[str]] | None = None
    ) -> list[LangFolder]:
        """One ``LangFolder`` per language found in the file names of ``folder`` (``pod.ja.md``);
        files without a language (``pod.md``) are the source language's, English unless said."""
        if entries is None:
            try:
                entries = list(os.scandir(folder))
            except OSError as exc:
                self.warnings.append(f"cannot read {root.origin} folder {folder} ({exc.strerror}); it is skipped")
                return []
        tags = sorted({tag for entry in entries if (tag := file_language(entry.name))})
        plain_owner = lang_key(root.source or "en")
        has_plain = any(entry.name.endswith(".md") and not file_language(entry.name) for entry in entries)
        if has_plain and not any(lang_key(tag) == plain_owner for tag in tags):
            tags.append(root.source or "en")
        folders = [
            LangFolder(root, priority, tag, lang_key(tag), folder, by_name=True, plain=lang_key(tag) == plain_owner)
            for tag in tags
        ]
        if not folders and root.origin != BUNDLED:
            raise EmptyRoot(_no_glossary_in(root, entries))
        return folders

    @cached_property
    def languages(self) -> dict[str, str]:
        """Language keys to display names (as spelled by the highest-priority root), sorted by key."""
        names: dict[str, str] = {}
        for folder in self.folders:
            names.setdefault(folder.key, folder.name)
        return dict(sorted(names.items()))

    def language_name(self, key: str) -> str:
        return self.languages.get(key, key)

    @cached_property
    def source(self) -> str | None:
        """The key of the language the glossary is written in; the others are its translations.

        ``--source``, else the highest-priority root's ``glossary.toml`` that names one, else the
        language with the most articles (a tie goes to English, then to the first by tag). None
        when the glossary has no language at all.
        """
        return self.source_given(self.article_counts)

    def source_given(self, counts: Callable[[], Mapping[str, int]]) -> str | None:
        """``source``, with the articles of each language counted by ``counts`` when no one names
        the source (the index counts them without listing every folder again)."""
        if not self.languages:
            return None
        said = self.wanted_source or next((root.source for root in reversed(self.roots) if root.source), None)
        if said is not None:
            key = match_language(said, self.languages, strict=True)
            if key is None:
                raise LanguageError(
                    f'the source language "{said}" has no articles; languages: {", ".join(self.languages.values())}'
                )
            return key
        counted = counts()
        english = match_language("en", self.languages, strict=True)
        return max(self.languages, key=lambda key: (counted.get(key, 0), key == english, [-ord(c) for c in key]))

    def article_counts(self) -> dict[str, int]:
        """How many articles each language has, layering applied (one listing of every folder)."""
        counts: dict[str, int] = {}
        for key, _ in self.listed():
            counts[key] = counts.get(key, 0) + 1
        return counts

    def find(self, slug: str, lang: str | None = None) -> list[ArticleRef]:
        """Articles with exactly this slug (one per language), optionally in one language only.

        Costs one ``stat`` per language folder; no article is read.
        """
        slug = slug_of_stem(slug.strip("/")) or slug  # docs/_index is docs
        if not is_valid_slug(slug):
            return []
        wanted = lang_key(lang) if lang else None
        if (slug, wanted) not in self._found:
            self._found[(slug, wanted)] = self._find(slug, wanted)
        return self._found[(slug, wanted)]

    def _find(self, slug: str, wanted: str | None) -> list[ArticleRef]:
        """The articles of ``slug``; else of the nested slug it names with ``-`` for ``/``."""
        found = self._find_exactly(slug, wanted)
        if found or "-" not in slug:
            return found
        for folder in self.folders:
            if wanted and folder.key != wanted or folder.by_name:
                continue
            for nested in folder.dashed_slugs(slug):
                if self._page_in(folder, nested) is not None:
                    return self.find(nested, wanted)
        return []

    def _find_exactly(self, slug: str, wanted: str | None) -> list[ArticleRef]:
        found: dict[str, ArticleRef] = {}
        for folder in self.folders:
            if folder.key in found or (wanted and folder.key != wanted):
                continue
            path = self._page_in(folder, slug)
            if path is not None:
                found[folder.key] = ArticleRef(slug, self.language_name(folder.key), folder.key, path, folder)
        return [found[key] for key in sorted(found)]

    @staticmethod
    def _page_in(folder: LangFolder, slug: str) -> Path | None:
        """The file of the page ``slug`` in ``folder``, when there is one that is content."""
        if folder.is_excluded(slug) or any(is_partial(part) for part in slug.split("/")):
            return None
        for name in folder.names_of(slug):
            path = folder.path / name
            if _is_article_file(path, folder.root.path):
                return path if not folder.hugo_pages or is_content(str(path)) else None
        return None

    def ref_of_path(self, typed: str | Path) -> ArticleRef | None:
        """The article whose file is at ``typed`` (a path to an existing file), when it is one."""
        try:
            wanted = Path(typed).resolve()
        except (OSError, RuntimeError):
            return None
        for folder in self.folders:
            try:
                name = wanted.relative_to(folder.path.resolve()).as_posix()
            except (ValueError, OSError):
                continue
            slug = folder.slug_of(name)
            found = self.find(slug, folder.key) if is_valid_slug(slug) else []
            if found and found[0].path.resolve() == wanted:
                return found[0]
        return None

    def scan(
        self, only: Collection[LangFolder] | None = None, *, misnamed: bool = False
    ) -> Iterator[tuple[LangFolder, list[tuple[str, os.DirEntry[str]]]]]:
        """Every language folder (or ``only`` these) with its article files, lowest priority first.

        Each file comes as ``(name relative to the folder, entry)``. The index uses this to see
        what changed; later folders win for the same language and slug. ``misnamed`` adds the
        files that would be articles but for their name (see ``MISNAMED``), for the index to report.
        """
        for folder in reversed(self.folders):
            if only is not None and folder not in only:
                continue
            pages = self._pages(folder, misnamed=misnamed)
            if pages is not None:
                yield folder, list(pages.values())

    def _pages(self, folder: LangFolder, *, misnamed: bool = False) -> dict[str, tuple[str, os.DirEntry[str]]] | None:
        """``folder``'s article files by slug; None, with a warning, when it cannot be read. A file
        whose name cannot be a slug is left out with a warning (``misnamed``: kept, for the index)."""
        refused: list[str] = []
        try:
            pages = folder.pages(misnamed=misnamed, refused=refused, walked=self.walks.get(folder))
        except OSError as exc:
            self.warnings.append(f"cannot read {folder.path} ({exc.strerror}); it is skipped")
            return None
        for name in sorted(refused):
            notice = misnamed_notice(os.path.join(folder.path, name))
            if notice not in self.warnings:
                self.warnings.append(notice)
        return pages

    def refs(self, *, front_matter: bool = True) -> dict[tuple[str, str], ArticleRef]:
        """Every visible article by ``(language key, slug)``, layering applied (see ``listed``)."""
        return {
            (key, slug): ArticleRef(slug, self.language_name(key), key, Path(path), folder)
            for (key, slug), (path, folder) in self.listed(front_matter=front_matter).items()
        }

    def listed(self, *, front_matter: bool = True) -> dict[tuple[str, str], tuple[str, LangFolder]]:
        """Every visible article's file and folder by ``(language key, slug)``, layering applied.

        Pages whose front matter says they are not content are left out, which reads the first
        bytes of every file; ``front_matter=False`` (completion) lists the files only. Listed once
        per corpus: at a hundred thousand files a listing is the better part of a second, and a
        ``Path`` per file would double it.
        """
        if front_matter not in self._listed:
            visible: dict[tuple[str, str], tuple[str, LangFolder]] = {}
            for folder in reversed(self.folders):
                pages = self._pages(folder)
                if pages is None:
                    continue
                check, key = front_matter and folder.hugo_pages, folder.key
                for slug, (_, entry) in pages.items():
                    if not check or is_content(entry.path):
                        visible[(key, slug)] = (entry.path, folder)
                self._links.update(entry.path for _, entry in pages.values() if entry.is_symlink())
            self._listed[front_matter] = visible
        return self._listed[front_matter]

    def linked(self) -> dict[str, str]:
        """The listed article files that are symbolic links (to a file inside their root: see
        ``LangFolder.files``), with the file each leads to; read from the listing, no system call
        for the others."""
        listed = self.listed()
        if not self._links:
            return {}
        visible = {path for path, _ in listed.values()}
        return {path: os.path.realpath(path) for path in sorted(self._links) if path in visible}


def version_folders(root: Root, priority: int, version: DocsVersion, source: str) -> list[LangFolder]:
    """The source folder of ``version`` and its translations' folders, those that exist."""
    found = []
    path = root.path / version.source
    if path.is_dir():
        found.append(
            LangFolder(root, priority, source, lang_key(source), path, version=version.name, extensions=WITH_MDX)
        )
    parent, _, below = version.translations.partition("{lang}")
    for entry in _entries(root.path / parent):
        if not _LANG_FOLDER.fullmatch(entry.name) or lang_key(entry.name) == lang_key(source):
            continue
        path = Path(entry.path) / below.strip("/")
        if is_inside(entry, root.path, directory=True) and path.is_dir():
            key = lang_key(entry.name)
            found.append(LangFolder(root, priority, entry.name, key, path, version=version.name, extensions=WITH_MDX))
    return found


def _entries(folder: Path) -> list[os.DirEntry[str]]:
    try:
        with os.scandir(folder) as entries:
            return sorted(entries, key=lambda entry: entry.name)
    except OSError:
        return []


def _no_glossary_in(root: Root, entries: list[os.DirEntry[str]]) -> str:
    """Why a root holds no glossary, and what it holds instead."""
    shown = root.display or str(root.path)
    articles = [entry.name for entry in entries if entry.name.endswith(".md") and not entry.name.startswith(".")]
    folders = [entry.name for entry in entries if not entry.name.startswith(".") and entry.is_dir()]
    expected = f"expected language folders as in {root.layout} (e.g. en/term.md)"
    languages = [name for name in folders if _LANG_FOLDER.fullmatch(name)]
    below = root.layout.partition("{lang}")[2].rpartition("{slug}")[0].strip("/")
    if articles:
        found = f"found {len(articles)} .md file(s) in it: is it a language folder? Give the folder above it"
    elif languages and below:
        found = f"found language folders ({', '.join(languages[:3])}), none with {below}/ in it"
    elif folders:
        found = f"found only folders that are not language tags ({', '.join(folders[:3])})"
    else:
        found = "it is empty"
    return f"no glossary in {shown}: {expected}; {found}"


def _is_a_glossary(folder: LangFolder) -> bool:
    """Whether a folder taken for a language is a glossary of its own (``mdn-glossary``, holding
    ``de/``, ``en-us/``, ``ja/``): its name has a subtag of words (as BCP 47 allows a variant), and
    most of the folders in it are named as languages."""
    if not any(len(part) >= 5 for part in re.split(r"[-_]", folder.name)[1:]):
        return False
    inside = [entry.name for entry in _entries(folder.path) if entry.is_dir() and not entry.name.startswith(".")]
    languages = [name for name in inside if _LANG_FOLDER.fullmatch(name)]
    return len(languages) >= 2 and 2 * len(languages) >= len(inside)


def _glossaries_in(root: Root, folders: list[LangFolder]) -> str:
    shown = root.display or str(root.path)
    names = ", ".join(folder.name for folder in folders[:3])
    example = printable_path(os.path.join(shown, folders[0].name))
    return (
        f"no glossary in {shown}: its folders hold glossaries of their own ({names}), not the articles "
        f"of one language; give one of them, as in -d {example}"
    )


def load_corpus(
    data_dirs: Sequence[str | Path] = (),
    environ: Mapping[str, str] | None = None,
    *,
    source: str | None = None,
    bundled: bool = False,
    docs_version: str | None = None,
) -> Corpus:
    """The corpus for these ``--data-dir`` folders plus ``GLOSSARY_PATH``, or the bundled data.

    ``source`` is the source language asked for; ``bundled`` layers the bundled glossary under
    the user's own; ``docs_version`` picks a version of a versioned site (``UsageError`` if it has
    no such version).
    """
    corpus = Corpus(find_roots(data_dirs, environ, bundled=bundled), wanted_source=source)
    return corpus if docs_version is None else corpus.for_version(docs_version)


_SKIPPED = " does not exist; it is skipped"
_NOT_A_FOLDER = " is not a folder; it is skipped"

# Why a page is no article: its front matter says it is not content (see ``glossary.pages``).
NOT_CONTENT = "not content"

# Why a file whose name cannot be a slug is skipped.
MISNAMED = "its name cannot be a slug (not UTF-8, a control character or a backslash, or spaces at its ends)"


def misnamed_notice(path: str) -> str:
    """What is said of a file left out for its name: the path escaped (``\\t``, ``\\x1b``), as the index says it."""
    return f"skipped {printable_path(path)}: {MISNAMED}"


def _is_article_file(path: Path, root: Path) -> bool:
    try:
        if path.is_symlink():
            return path.is_file() and path.resolve().is_relative_to(root.resolve())
        return path.is_file()
    except OSError:
        return False


def in_git_work_tree(corpus: Corpus, languages: Collection[str]) -> bool:
    """Whether a folder of ``languages`` in a root the user named lies in a git work tree: a ``.git``
    entry in the root's folder or one above it (no git process). The bundled glossary does not
    count: its history is the program's. What commands check before importing anything of git."""
    roots = {folder.root.path for folder in corpus.folders if folder.key in languages and folder.root.origin != BUNDLED}
    for path in roots:
        try:
            folder = path.resolve()
        except OSError:
            continue
        if any(os.path.lexists(os.path.join(candidate, ".git")) for candidate in (folder, *folder.parents)):
            return True
    return False
