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
from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from glossary.articles import Article, read_article
from glossary.text import lang_key

BUNDLED = "bundled"
ENVIRONMENT = "GLOSSARY_PATH"
COMMAND_LINE = "--data-dir"

_LANG_FOLDER = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*")


@dataclass(frozen=True)
class Root:
    """One glossary folder, with where it was named (``bundled``, ``GLOSSARY_PATH``, ``--data-dir``).

    What a root says about itself (its ``glossary.toml``) is carried here too. ``layout`` is where
    its articles are, as a pattern of ``{lang}`` and ``{slug}`` (``config.LAYOUTS``): only the
    default, a folder per language, is read today. ``source`` is the language the others are
    translated from, when there is one (None: no language is the source). A root kept in git will
    carry its history here as well (when each article last changed, to tell translations that fell
    behind); it carries none yet.
    """

    path: Path
    origin: str
    layout: str = "{lang}/{slug}.md"
    source: str | None = None


@dataclass(frozen=True)
class LangFolder:
    """A language folder inside a root: ``name`` as spelled on disk, ``key`` as matched."""

    root: Root
    priority: int
    name: str
    key: str
    path: Path


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


def find_roots(data_dirs: Sequence[str | Path] = (), environ: Mapping[str, str] | None = None) -> list[Root]:
    """The roots in priority order, lowest first. Read the environment now, not at import."""
    environ = os.environ if environ is None else environ
    roots = [Root(bundled_root(), BUNDLED)]
    for entry in environ.get("GLOSSARY_PATH", "").split(os.pathsep):
        if entry.strip():
            roots.append(Root(Path(entry).expanduser(), ENVIRONMENT))
    roots.extend(Root(Path(entry).expanduser(), COMMAND_LINE) for entry in data_dirs)
    return roots


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
    """The layered roots of one glossary and the articles in them."""

    roots: list[Root]
    warnings: list[str] = field(default_factory=list)
    _found: dict[tuple[str, str | None], list[ArticleRef]] = field(default_factory=dict, repr=False)

    @cached_property
    def folders(self) -> list[LangFolder]:
        """Language folders of every root, highest priority first."""
        found: list[LangFolder] = []
        for priority, root in reversed(list(enumerate(self.roots))):
            found.extend(self._language_folders(root, priority))
        return found

    def _language_folders(self, root: Root, priority: int) -> list[LangFolder]:
        try:
            entries = sorted(os.scandir(root.path), key=lambda e: e.name)
        except FileNotFoundError:
            if root.origin != BUNDLED:
                self.warnings.append(f"{root.origin} folder {root.path} does not exist; it is skipped")
            return []
        except OSError as exc:
            self.warnings.append(f"cannot read {root.origin} folder {root.path} ({exc.strerror}); it is skipped")
            return []
        folders = []
        for entry in entries:
            if not _LANG_FOLDER.fullmatch(entry.name) or not _is_inside(entry, root.path, directory=True):
                continue
            folders.append(LangFolder(root, priority, entry.name, lang_key(entry.name), Path(entry.path)))
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
            if folder.key in found or (wanted and folder.key != wanted):
                continue
            path = folder.path / f"{slug}.md"
            if _is_article_file(path, folder.root.path):
                found[folder.key] = ArticleRef(slug, self.language_name(folder.key), folder.key, path, folder)
        return [found[key] for key in sorted(found)]

    def scan(
        self, only: Collection[Path] | None = None, *, misnamed: bool = False
    ) -> Iterator[tuple[LangFolder, list[os.DirEntry[str]]]]:
        """Every language folder (or ``only`` these) with its article entries, lowest priority first.

        The index uses this to see what changed; later folders win for the same language and slug.
        ``misnamed`` adds the files that would be articles but for their name (see ``MISNAMED``),
        for the index to report.
        """
        for folder in reversed(self.folders):
            if only is not None and folder.path not in only:
                continue
            try:
                entries = []
                for entry in os.scandir(folder.path):
                    root = folder.root.path
                    if _is_article_entry(entry, root) or (misnamed and _is_misnamed_article(entry, root)):
                        entries.append(entry)
            except OSError as exc:
                self.warnings.append(f"cannot read {folder.path} ({exc.strerror}); it is skipped")
                continue
            yield folder, entries

    def refs(self) -> dict[tuple[str, str], ArticleRef]:
        """Every visible article by ``(language key, slug)``, layering applied."""
        visible: dict[tuple[str, str], ArticleRef] = {}
        for folder, entries in self.scan():
            for entry in entries:
                slug = entry.name[:-3]
                visible[(folder.key, slug)] = ArticleRef(
                    slug, self.language_name(folder.key), folder.key, Path(entry.path), folder
                )
        return visible


def load_corpus(data_dirs: Sequence[str | Path] = (), environ: Mapping[str, str] | None = None) -> Corpus:
    """The corpus for these ``--data-dir`` folders plus ``GLOSSARY_PATH`` and the bundled data."""
    return Corpus(find_roots(data_dirs, environ))


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
