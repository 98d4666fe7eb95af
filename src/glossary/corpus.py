"""Where articles live: roots, language folders, and the layering between them.

A glossary is a folder of ``<lang>/<slug>.md`` files. Several such folders (roots) are layered,
lowest priority first: the bundled data, each folder of ``GLOSSARY_PATH``, each ``--data-dir``. An
article in a later root replaces the same ``(language, slug)`` in an earlier one.

Nothing here parses an article: finding one by slug costs a directory listing per root and a
``stat`` per language folder, whatever the size of the glossary.
"""

from __future__ import annotations

import fnmatch
import os
import re
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from glossary.articles import Article, read_article
from glossary.config import DEFAULT_LAYOUT, ENDINGS, read_config
from glossary.errors import LanguageError, UsageError
from glossary.languages import lang_key, match_language

BUNDLED = "bundled"
ENVIRONMENT = "GLOSSARY_PATH"
COMMAND_LINE = "--data-dir"

_LANG_FOLDER = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*")
BUNDLE_FILE = "index.md"
# Pages of a site that are no concept: Hugo's section list and a folder's own page.
NOT_CONCEPTS = ("_index", "index")


class EmptyRoot(UsageError):
    """A glossary folder the user named that holds no language folder: say what is there instead."""


@dataclass(frozen=True)
class Root:
    """One glossary folder, with where it was named (``bundled``, ``GLOSSARY_PATH``, ``--data-dir``).

    What a root says about itself (its ``glossary.toml``, see ``glossary.config``) is carried here
    too: ``layout``, where its articles are, as a pattern of ``{lang}`` and ``{slug}``;
    ``source``, the language the others are translated from (None: not said); ``exclude``, files
    that are no concepts. ``display`` is the path as the user typed it, ``{lang}`` included. A root
    kept in git will carry its history here as well; it carries none yet.
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
    def by_name(self) -> bool:
        """Every language in one folder, the language in the file name (``pod.ja.md``)."""
        return self.layout_given and self.layout.endswith("{slug}.{lang}.md")

    @property
    def by_name_folder(self) -> str:
        return self.layout[: -len("{slug}.{lang}.md")].strip("/")


@dataclass(frozen=True)
class LangFolder:
    """A language folder inside a root: ``name`` as spelled on disk, ``key`` as matched.

    ``path`` holds the articles: ``<slug>.md`` files, or with ``bundles`` ``<slug>/index.md``
    folders (nested folders are nested slugs, joined with ``-``: ``engine/rendering`` is
    ``engine-rendering``, as MDN's ``{{Glossary("Engine/Rendering")}}`` names it).
    """

    root: Root
    priority: int
    name: str
    key: str
    path: Path
    bundles: bool = False
    by_name: bool = False  # every language in one folder, the language in the file name
    plain: bool = False  # with by_name: ``<slug>.md`` files (no language in the name) are this language's

    def slug_of(self, name: str) -> str:
        """The slug of the article file ``name`` (relative to ``path``)."""
        if self.bundles:
            return name[: -len(BUNDLE_FILE) - 1].replace("/", "-")
        if self.by_name and name.endswith(f".{self.name}.md"):
            return name[: -len(self.name) - 4]
        return name[:-3]

    def names_of(self, slug: str) -> list[str]:
        """Where the article ``slug`` may be, relative to ``path``: one place, or for nested bundles a few."""
        if self.by_name:
            return [f"{slug}.{self.name}.md"] + ([f"{slug}.md"] if self.plain else [])
        if not self.bundles:
            return [f"{slug}.md"]
        places = [f"{slug}/{BUNDLE_FILE}"]
        places.extend(f"{slug[:i]}/{slug[i + 1 :]}/{BUNDLE_FILE}" for i, c in enumerate(slug) if c == "-")
        return places

    def is_excluded(self, slug: str) -> bool:
        if slug in NOT_CONCEPTS:
            return True
        return any(fnmatch.fnmatchcase(slug, pattern) for pattern in self.root.exclude)

    def listing(self, *, misnamed: bool = False) -> list[tuple[str, os.DirEntry[str]]]:
        """The article files, as ``(name relative to path, entry)``; ``OSError`` if unreadable."""
        if self.bundles:
            return self._bundle_listing()
        if self.by_name:
            return self._by_name_listing(misnamed=misnamed)
        found = []
        root = self.root.path
        with os.scandir(self.path) as entries:
            for entry in entries:
                wanted = _is_article_entry(entry, root) or (misnamed and _is_misnamed_article(entry, root))
                if wanted and not self.is_excluded(entry.name[:-3]):
                    found.append((entry.name, entry))
        return found

    def _by_name_listing(self, *, misnamed: bool) -> list[tuple[str, os.DirEntry[str]]]:
        found = []
        suffix = f".{self.name}.md"
        root = self.root.path
        with os.scandir(self.path) as entries:
            for entry in entries:
                name = entry.name
                if not name.endswith(".md") or not (name.endswith(suffix) or self.plain and not _file_language(name)):
                    continue
                slug = self.slug_of(name)
                usable = is_valid_slug(slug) and _is_inside(entry, root, directory=False)
                if (usable or misnamed and _is_misnamed_article(entry, root)) and not self.is_excluded(slug):
                    found.append((name, entry))
        return found

    def _bundle_listing(self) -> list[tuple[str, os.DirEntry[str]]]:
        found: list[tuple[str, os.DirEntry[str]]] = []
        pending = [("", self.path)]
        root = self.root.path
        while pending:
            prefix, folder = pending.pop()
            try:
                entries = list(os.scandir(folder))
            except OSError:
                if not prefix:
                    raise
                continue
            for entry in entries:
                if prefix and entry.name == BUNDLE_FILE and _is_inside(entry, root, directory=False):
                    name = prefix + BUNDLE_FILE
                    slug = self.slug_of(name)
                    if is_valid_slug(slug) and not self.is_excluded(slug):
                        found.append((name, entry))
                elif _is_inside(entry, root, directory=True) and _is_slug_part(entry.name):
                    pending.append((prefix + entry.name + "/", Path(entry.path)))
        return found


def _is_slug_part(name: str) -> bool:
    return is_valid_slug(name) and not name.startswith("_")


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
    from importlib.resources import files

    packaged = Path(str(files("glossary"))) / "glossary_data"
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
    roots = [user_root(str(entry), origin) for entry, origin in named]
    if not roots or bundled or any(root.bundled for root in roots):
        roots.insert(0, Root(bundled_root(), BUNDLED, display=str(bundled_root())))
    return roots


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
    if config.layout is not None:
        layout, given = config.layout, True
    return Root(
        path,
        origin,
        layout=layout,
        source=config.source,
        exclude=config.exclude,
        bundled=config.bundled,
        display=typed,
        layout_given=given,
        config_files=tuple(path / name for name in config.named_files),
    )


# Control characters would print as terminal commands; lone surrogates are bytes of a file name
# that is not UTF-8 (``os.fsdecode``), which no output or index can encode.
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")


def is_valid_slug(slug: str) -> bool:
    """Whether ``slug`` could name a file directly inside a language folder."""
    return (
        bool(slug)
        and not slug.startswith(".")
        and not any(c in slug for c in "/\\\0")
        and slug == slug.strip()
        and not _UNPRINTABLE.search(slug)
    )


@dataclass
class Corpus:
    """The layered roots of one glossary and the articles in them.

    ``wanted_source`` is a source language asked for (``--source``); else a root's config says it,
    else it is the language with the most articles (see ``source``).
    """

    roots: list[Root]
    warnings: list[str] = field(default_factory=list)
    wanted_source: str | None = None
    _found: dict[tuple[str, str | None], list[ArticleRef]] = field(default_factory=dict, repr=False)

    @cached_property
    def folders(self) -> list[LangFolder]:
        """Language folders of every root, highest priority first."""
        found: list[LangFolder] = []
        for priority, root in reversed(list(enumerate(self.roots))):
            found.extend(self._language_folders(root, priority))
        return found

    def _language_folders(self, root: Root, priority: int) -> list[LangFolder]:
        if root.by_name:
            return self._by_name_folders(root, priority, root.path / root.by_name_folder)
        parent = root.lang_parent
        try:
            entries = sorted(os.scandir(parent), key=lambda e: e.name)
        except FileNotFoundError:
            if root.origin != BUNDLED:
                self.warnings.append(f"{root.origin} folder {root.display or root.path} does not exist; it is skipped")
            return []
        except OSError as exc:
            self.warnings.append(f"cannot read {root.origin} folder {parent} ({exc.strerror}); it is skipped")
            return []
        folders = []
        for entry in entries:
            if not _LANG_FOLDER.fullmatch(entry.name) or not _is_inside(entry, root.path, directory=True):
                continue
            path = Path(entry.path) / root.below_lang if root.below_lang else Path(entry.path)
            if root.below_lang and not path.is_dir():
                continue
            bundles = root.bundles if root.layout_given else _holds_bundles(path)
            folders.append(LangFolder(root, priority, entry.name, lang_key(entry.name), path, bundles))
        if not folders and not root.layout_given and any(_file_language(entry.name) for entry in entries):
            return self._by_name_folders(root, priority, parent, entries)
        if not folders and root.origin != BUNDLED:
            raise EmptyRoot(_no_glossary_in(root, entries))
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
        tags = sorted({tag for entry in entries if (tag := _file_language(entry.name))})
        plain_owner = lang_key(root.source or "en")
        has_plain = any(entry.name.endswith(".md") and not _file_language(entry.name) for entry in entries)
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
        for key, _ in self.refs():
            counts[key] = counts.get(key, 0) + 1
        return counts

    def find(self, slug: str, lang: str | None = None) -> list[ArticleRef]:
        """Articles with exactly this slug (one per language), optionally in one language only.

        Costs one ``stat`` per language folder; no article is read.
        """
        if not is_valid_slug(slug):
            return []
        wanted = lang_key(lang) if lang else None
        if (slug, wanted) not in self._found:
            self._found[(slug, wanted)] = self._find(slug, wanted)
        return self._found[(slug, wanted)]

    def _find(self, slug: str, wanted: str | None) -> list[ArticleRef]:
        found: dict[str, ArticleRef] = {}
        for folder in self.folders:
            if folder.key in found or (wanted and folder.key != wanted) or folder.is_excluded(slug):
                continue
            for name in folder.names_of(slug):
                path = folder.path / name
                if _is_article_file(path, folder.root.path):
                    found[folder.key] = ArticleRef(slug, self.language_name(folder.key), folder.key, path, folder)
                    break
        return [found[key] for key in sorted(found)]

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
            try:
                entries = folder.listing(misnamed=misnamed)
            except OSError as exc:
                self.warnings.append(f"cannot read {folder.path} ({exc.strerror}); it is skipped")
                continue
            yield folder, entries

    def refs(self) -> dict[tuple[str, str], ArticleRef]:
        """Every visible article by ``(language key, slug)``, layering applied."""
        visible: dict[tuple[str, str], ArticleRef] = {}
        for folder, entries in self.scan():
            for name, entry in entries:
                slug = folder.slug_of(name)
                visible[(folder.key, slug)] = ArticleRef(
                    slug, self.language_name(folder.key), folder.key, Path(entry.path), folder
                )
        return visible


_FILE_LANGUAGE = re.compile(r"[^.].*\.([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*)\.md")


def _file_language(name: str) -> str | None:
    """The language written in a file name (``pod.ja.md``: ``ja``), or None."""
    match = _FILE_LANGUAGE.fullmatch(name)
    return match.group(1) if match else None


def _holds_bundles(path: Path) -> bool:
    """Whether a language folder keeps ``<slug>/index.md`` rather than ``<slug>.md`` (a few entries read)."""
    try:
        with os.scandir(path) as entries:
            for seen, entry in enumerate(entries):
                if entry.name.endswith(".md") and not entry.name.startswith((".", "_")) and entry.name != BUNDLE_FILE:
                    return False
                if not entry.name.startswith((".", "_")) and os.path.isfile(os.path.join(entry.path, BUNDLE_FILE)):
                    return True
                if seen > 50:
                    break
    except OSError:
        pass
    return False


def _no_glossary_in(root: Root, entries: list[os.DirEntry[str]]) -> str:
    """Why a root holds no glossary, and what it holds instead."""
    shown = root.display or str(root.path)
    articles = [entry.name for entry in entries if entry.name.endswith(".md") and not entry.name.startswith(".")]
    folders = [entry.name for entry in entries if not entry.name.startswith(".") and entry.is_dir()]
    expected = f"expected language folders as in {root.layout} (e.g. en/term.md)"
    if articles:
        found = f"found {len(articles)} .md file(s) in it: is it a language folder? Give the folder above it"
    elif folders:
        found = f"found only folders that are not language tags ({', '.join(folders[:3])})"
    else:
        found = "it is empty"
    return f"no glossary in {shown}: {expected}; {found}"


def load_corpus(
    data_dirs: Sequence[str | Path] = (),
    environ: Mapping[str, str] | None = None,
    *,
    source: str | None = None,
    bundled: bool = False,
) -> Corpus:
    """The corpus for these ``--data-dir`` folders plus ``GLOSSARY_PATH``, or the bundled data.

    ``source`` is the source language asked for; ``bundled`` layers the bundled glossary under
    the user's own.
    """
    return Corpus(find_roots(data_dirs, environ, bundled=bundled), wanted_source=source)


def _is_article_entry(entry: os.DirEntry[str], root: Path) -> bool:
    name = entry.name
    if not name.endswith(".md") or not is_valid_slug(name[:-3]):
        return False
    return _is_inside(entry, root, directory=False)


# Why a file whose name cannot be a slug is skipped.
MISNAMED = "its name cannot be a slug (not UTF-8, control characters, or spaces at its ends)"


def _is_misnamed_article(entry: os.DirEntry[str], root: Path) -> bool:
    """A visible ``.md`` file that would be an article but for its name: the index reports it, as
    a file whose name was written in another encoding would otherwise vanish without a word."""
    name = entry.name
    return name.endswith(".md") and not name.startswith(".") and _is_inside(entry, root, directory=False)


def _is_article_file(path: Path, root: Path) -> bool:
    try:
        if path.is_symlink():
            return path.is_file() and path.resolve().is_relative_to(root.resolve())
        return path.is_file()
    except OSError:
        return False


def _is_inside(entry: os.DirEntry[str], root: Path, *, directory: bool) -> bool:
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
