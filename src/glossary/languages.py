"""Language tags: the key a tag is matched under, the locale's language, and matching a wanted tag.

Folders are named with BCP 47 tags (``fi``, ``zh-cn``, ``en-US``, ``pt_BR``); a user asks for a
language with ``--lang``, ``GLOSSARY_LANG`` or their locale (``zh_CN.UTF-8``). Matching follows
RFC 4647's lookup: the tag itself, then the tag with its last subtag cut, and so on (``en-us``
finds ``en``); and a bare language finds its only regional folder (``en`` finds ``en-us``).
"""

from __future__ import annotations

import os
import re
from collections.abc import Collection, Mapping

from glossary.patterns import lazy

_SEPARATOR = lazy(r"[_\s]+")
_ALIASES = {"nb": "no"}  # Norwegian Bokmål is filed as "no" as often as "nb"


def lang_key(tag: str) -> str:
    """The key under which a tag is matched: lower case, ``-`` separated, aliased.

    ``zh_CN`` and ``zh-cn`` are the same key; ``nb`` and ``no`` are both ``no``.
    """
    key = _SEPARATOR.sub("-", tag.strip()).lower()
    primary, dash, rest = key.partition("-")
    return _ALIASES.get(primary, primary) + dash + rest


def locale_tag(environ: Mapping[str, str] | None = None) -> str | None:
    """The language tag of the user's locale, region kept: ``zh_CN.UTF-8`` is ``zh-cn``.

    The first of ``LC_ALL``, ``LC_MESSAGES`` and ``LANG`` that is set decides, as for any program;
    ``C`` and ``POSIX`` name no language.
    """
    environ = os.environ if environ is None else environ
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name, "")
        if value:
            code = value.split(".")[0].split("@")[0]
            if not code or code in ("C", "POSIX") or not re.fullmatch(r"[A-Za-z]{2,3}(?:[_-][A-Za-z0-9]{1,8})*", code):
                return None
            return lang_key(code)
    return None


def match_language(wanted: str, keys: Collection[str], *, strict: bool = False) -> str | None:
    """The key among ``keys`` that a wanted tag names, or None.

    The tag itself, or the one key that extends a bare language (``en`` -> ``en-us``); two keys that
    extend it (``zh-cn``, ``zh-tw``) are ambiguous (None; ``extending`` names them for a message).
    That is all for a language the user typed (``strict``). A preferred language (the locale's,
    ``GLOSSARY_LANG``) may also be cut one subtag at a time (``en-us`` -> ``en``) and then extended
    (``en-gb`` -> ``en`` -> ``en-us``), as RFC 4647's lookup does.
    """
    key = lang_key(wanted)
    if key in keys:
        return key
    candidates = [key]
    if not strict:
        while "-" in candidates[-1]:
            candidates.append(candidates[-1].rsplit("-", 1)[0])
        found = next((cut for cut in candidates if cut in keys), None)
        if found is not None:
            return found
        candidates = candidates[-1:]
    elif "-" in key:
        return None
    longer = extending(candidates[-1], keys)
    return longer[0] if len(longer) == 1 else None


def extending(key: str, keys: Collection[str]) -> list[str]:
    """The keys that are ``key`` with a region or script added: ``en`` -> ``en-gb``, ``en-us``."""
    return sorted(candidate for candidate in keys if candidate.startswith(key + "-"))
