"""Docusaurus sites as they are laid out, found from their folders and their config.

The source language's articles are in ``docs/`` (the current version) and
``versioned_docs/version-N/``; each language's translations of a version are in
``i18n/<lang>/docusaurus-plugin-content-docs/<current|version-N>/`` with the same relative paths.
``versions.json`` lists the versions, newest first; ``docusaurus.config.*`` may name the source
language as ``i18n.defaultLocale``. Other plugins' folders (``docusaurus-plugin-content-docs-community``,
the blog) are not read unless a ``glossary.toml`` names them as a version.

Nothing here reads an article: a root is looked at with a few ``stat`` calls, and its config and
``versions.json`` are read only when its folders look like a Docusaurus site.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from glossary.config import DocsVersion

PLUGIN = "docusaurus-plugin-content-docs"
CONFIG_FILES = ("docusaurus.config.js", "docusaurus.config.ts", "docusaurus.config.mjs", "docusaurus.config.cjs")
CURRENT = "current"
DEFAULT_SOURCE = "en"

# ``defaultLocale: "en"`` written plainly: a quoted language tag, not an expression.
_DEFAULT_LOCALE = re.compile(r"""\bdefaultLocale\s*:\s*(["'])([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*)\1""")


def is_docusaurus(root: Path) -> bool:
    """Whether ``root`` is a Docusaurus site: a ``docs/`` folder beside a ``docusaurus.config.*``,
    ``versioned_docs/`` or translations in ``i18n/<lang>/docusaurus-plugin-content-docs/``."""
    try:
        if not (root / "docs").is_dir():
            return False
        if any((root / name).is_file() for name in CONFIG_FILES) or (root / "versioned_docs").is_dir():
            return True
        i18n = root / "i18n"
        return i18n.is_dir() and any((folder / PLUGIN).is_dir() for folder in i18n.iterdir())
    except OSError:
        return False


def site_versions(root: Path) -> tuple[DocsVersion, ...]:
    """The versions of the site at ``root``, newest first: ``current`` (``docs/``), then each name
    in ``versions.json`` (a missing or unreadable file: no other version)."""
    versions = [DocsVersion(CURRENT, "docs", f"i18n/{{lang}}/{PLUGIN}/{CURRENT}")]
    for name in _listed_versions(root / "versions.json"):
        versions.append(DocsVersion(name, f"versioned_docs/version-{name}", f"i18n/{{lang}}/{PLUGIN}/version-{name}"))
    return tuple(versions)


def _listed_versions(path: Path) -> list[str]:
    try:
        listed = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return []
    if not isinstance(listed, list):
        return []
    names = [name for name in listed if isinstance(name, str) and name and "/" not in name and name != CURRENT]
    return list(dict.fromkeys(name for name in names if not name.startswith(".")))


def default_locale(root: Path) -> tuple[str, str]:
    """The source language and who says it: ``i18n.defaultLocale`` when the site's config says it
    plainly (one quoted tag), else English."""
    for name in CONFIG_FILES:
        try:
            text = (root / name).read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        said = {match.group(2) for match in _DEFAULT_LOCALE.finditer(text)}
        if len(said) == 1:
            return said.pop(), f"i18n.defaultLocale in {name}"
        return DEFAULT_SOURCE, f"the default: {name} does not say i18n.defaultLocale plainly"
    return DEFAULT_SOURCE, "the default: no docusaurus.config"
