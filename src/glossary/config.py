"""``glossary.toml``: what a team commits at the root of its glossary so that it is read as its site is.

Every key is optional; a root without the file is read with the defaults. A key that is unknown or
has a value of the wrong kind is an error naming the key: a mistyped setting must not be ignored
silently.

    layout = "{lang}/{slug}/index.md"    # where articles are, from the root
    source = "en"                        # the language the glossary is written in
    exclude = ["_index", "index"]        # slugs that are not concepts (the listing pages)
    bundled = false                      # layer the bundled glossary under this one
    source_commit_keys = ["l10n.sourceCommit"]   # front matter naming the source commit translated
    ignore_commits = ["[skip l10n]"]     # status: source commits whose message says so are not counted
    ignore_revs_file = ".git-blame-ignore-revs"  # status: commits listed there are not counted
    text_keys = ["title", "description"] # status: front matter that is text (the body always is)

A Docusaurus site is found from its folders; ``layout = "docusaurus"`` says it, and ``[[versions]]``
say where each version's source and translations are (newest first, ``current`` for ``docs/``):

    [[versions]]
    name = "3"
    source = "versioned_docs/version-3"
    translations = "i18n/{lang}/docusaurus-plugin-content-docs/version-3"
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from glossary.errors import UsageError
from glossary.patterns import lazy

CONFIG_NAME = "glossary.toml"
DOCUSAURUS = "docusaurus"

LAYOUTS = {
    "{lang}/{slug}.md": "a folder per language, a file per concept (the default)",
    "{lang}/{slug}/index.md": "a folder per concept (Hugo page bundles, MDN); nested folders are nested slugs",
    "{slug}.{lang}.md": "the language in the file name (Hugo, mkdocs-static-i18n)",
    DOCUSAURUS: "source in docs/ and versioned_docs/, translations in i18n/<lang>/ (Docusaurus)",
}
# A layout may put folders before or after {lang}: "content/{lang}/docs/reference/glossary/{slug}.md".
ENDINGS = ("{slug}.md", "{slug}/index.md", "{slug}.{lang}.md")
DEFAULT_LAYOUT = "{lang}/{slug}.md"
DEFAULT_SOURCE_COMMIT_KEYS = ("l10n.sourceCommit", "default_lang_commit")
DEFAULT_IGNORE_COMMITS = ("[skip l10n]", "[no l10n]")
DEFAULT_TEXT_KEYS = ("title",)
_TAG = lazy(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*")
_VERSION_NAME = lazy(r"[A-Za-z0-9][A-Za-z0-9._-]*")


class ConfigError(UsageError):
    """A ``glossary.toml`` that cannot be used: its path, the key and what is wrong with it."""


@dataclass(frozen=True)
class DocsVersion:
    """One version of a versioned site: its name (``current``, ``3``), the folder of its source
    articles and where each language's translations are (``{lang}`` in it), both from the root."""

    name: str
    source: str
    translations: str


@dataclass(frozen=True)
class RootConfig:
    """How one glossary root is laid out and read."""

    layout: str | None = None  # None: not said, the default or what the folders show
    source: str | None = None
    exclude: tuple[str, ...] = ()
    bundled: bool = False
    source_commit_keys: tuple[str, ...] = DEFAULT_SOURCE_COMMIT_KEYS
    ignore_commits: tuple[str, ...] = DEFAULT_IGNORE_COMMITS
    ignore_revs_file: str | None = None  # None: .git-blame-ignore-revs at the top of the repository, if any
    text_keys: tuple[str, ...] = DEFAULT_TEXT_KEYS
    versions: tuple[DocsVersion, ...] = ()  # a versioned site's versions, newest first
    path: str = ""  # the file it was read from, empty for the defaults

    @property
    def named_files(self) -> tuple[str, ...]:
        """Files this configuration names, relative to the root: what they hold changes what is read,
        so they are part of the cache stamp (``glossary.stamp``). A key naming a file adds it here."""
        return (self.ignore_revs_file,) if self.ignore_revs_file else ()


def check_layout(value: Any, where: str) -> str:
    """A layout as written in a config: folders with ``{lang}`` once, ending as one of ``ENDINGS``."""
    if not isinstance(value, str):
        raise ConfigError(f"{where} must be a string such as {DEFAULT_LAYOUT}")
    layout = value.strip().strip("/")
    if layout == DOCUSAURUS:
        return layout
    ending = next((end for end in ENDINGS if layout == end or layout.endswith("/" + end)), None)
    prefix = layout[: -len(ending)].strip("/") if ending else ""
    folders = prefix.split("/") if prefix else []
    lang_folders = [folder for folder in folders if "{lang}" in folder]
    ok = ending is not None and all(folder and "{slug}" not in folder for folder in folders)
    if ending == "{slug}.{lang}.md":
        ok = ok and not lang_folders
    else:
        ok = ok and lang_folders == ["{lang}"] and layout.count("{lang}") == 1
    if not ok or ".." in folders:
        raise ConfigError(f'{where} "{value}" is not a layout; use one of {", ".join(LAYOUTS)}')
    return layout


def _source(value: Any, where: str) -> str:
    if not isinstance(value, str) or not _TAG.fullmatch(value.strip()):
        raise ConfigError(f"{where}: source must be a language tag such as en or pt-br")
    return value.strip()


def _strings(value: Any, where: str, key: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(item, str) and item.strip() for item in value):
        raise ConfigError(f"{where}: {key} must be a list of strings")
    return tuple(item.strip() for item in value)


def _flag(value: Any, where: str, key: str) -> bool:
    if not isinstance(value, bool):
        raise ConfigError(f"{where}: {key} must be true or false")
    return value


def _folder(value: Any, where: str, *, lang: bool) -> str:
    """A folder below the root, as a version names it: relative, no ``..``, ``{lang}`` once if ``lang``."""
    folder = value.strip().strip("/") if isinstance(value, str) else ""
    parts = folder.split("/")
    ok = bool(folder) and ".." not in parts and "" not in parts and "\\" not in folder
    if not ok or folder.count("{lang}") != (1 if lang else 0) or (lang and "{lang}" not in parts):
        example = "i18n/{lang}/docusaurus-plugin-content-docs/current" if lang else "docs"
        raise ConfigError(f"{where} must be a folder below the root such as {example}")
    return folder


def _versions(value: Any, where: str) -> tuple[DocsVersion, ...]:
    """``[[versions]]``: each a table of ``name``, ``source`` and ``translations``, names unique."""
    if not isinstance(value, list) or not value or not all(isinstance(item, dict) for item in value):
        raise ConfigError(f"{where}: versions must be [[versions]] tables with name, source and translations")
    versions = []
    for item in value:
        unknown = set(item) - {"name", "source", "translations"}
        name = item.get("name")
        if unknown or not isinstance(name, str) or not _VERSION_NAME.fullmatch(name):
            raise ConfigError(
                f"{where}: each of versions needs a name such as current or 3, and only source and translations"
            )
        source = _folder(item.get("source"), f"{where}: versions {name} source", lang=False)
        translations = _folder(item.get("translations"), f"{where}: versions {name} translations", lang=True)
        versions.append(DocsVersion(name, source, translations))
    if len({version.name for version in versions}) != len(versions):
        raise ConfigError(f"{where}: two versions have the same name")
    return tuple(versions)


def parse_config(data: dict[str, Any], path: str = CONFIG_NAME) -> RootConfig:
    """A ``RootConfig`` from the parsed TOML of ``path``; ``ConfigError`` naming the first bad key."""
    known = {
        "layout", "source", "exclude", "bundled", "source_commit_keys", "ignore_commits", "ignore_revs_file",
        "text_keys", "versions",
    }  # fmt: skip
    for key in data:
        if key not in known:
            raise ConfigError(f"{path}: unknown key {key!r}; known keys: {', '.join(sorted(known))}")
    return RootConfig(
        layout=check_layout(data["layout"], f"{path}: layout") if "layout" in data else None,
        source=_source(data["source"], f"{path}: source") if "source" in data else None,
        exclude=_strings(data["exclude"], path, "exclude") if "exclude" in data else (),
        bundled=_flag(data["bundled"], path, "bundled") if "bundled" in data else False,
        source_commit_keys=(
            _strings(data["source_commit_keys"], path, "source_commit_keys")
            if "source_commit_keys" in data
            else DEFAULT_SOURCE_COMMIT_KEYS
        ),
        ignore_commits=(
            _strings(data["ignore_commits"], path, "ignore_commits")
            if "ignore_commits" in data
            else DEFAULT_IGNORE_COMMITS
        ),
        ignore_revs_file=_strings(data["ignore_revs_file"], path, "ignore_revs_file")[0]
        if "ignore_revs_file" in data
        else None,
        text_keys=_strings(data["text_keys"], path, "text_keys") if "text_keys" in data else DEFAULT_TEXT_KEYS,
        versions=_versions(data["versions"], path) if "versions" in data else (),
        path=path,
    )


def read_config(root: Path) -> RootConfig:
    """The ``glossary.toml`` at ``root``, or the defaults when there is none."""
    path = root / CONFIG_NAME
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return RootConfig()
    except OSError as exc:
        if not path.exists():
            return RootConfig()
        raise ConfigError(f"{path}: cannot read it ({exc.strerror or exc})") from None
    import tomllib

    try:
        parsed = tomllib.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    return parse_config(parsed, str(path))
