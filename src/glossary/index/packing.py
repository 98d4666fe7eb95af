"""How lists and facts are kept in the articles table: fields joined by separators, not JSON.

At 100,000 articles the quotes, commas and brackets of JSON lists of links and numbers cost about
6 MB of the index. Article text never holds a control character (``glossary.text.sanitize`` removes
them), so the unit and record separators of ASCII can join the fields: ``text US target US line``,
links apart by RS. A list whose fields hold a separator all the same (a value that did not come
from an article) is kept as JSON behind a group separator, so that every list reads back as it was.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

from glossary.articles import TITLE_FROM_FRONT_MATTER

UNIT, RECORD, AS_JSON = "\x1f", "\x1e", "\x1d"
_SEPARATORS = (UNIT, RECORD, AS_JSON)
_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))  # made once: one per call costs


def _joinable(fields: Iterable[str]) -> bool:
    return not any(separator in field for field in fields for separator in _SEPARATORS)


def pack_texts(items: Sequence[str]) -> str | None:
    """``items`` in one string (none for no items); ``unpack_texts`` gives them back."""
    if not items:
        return None
    if _joinable(items):
        return UNIT.join(items)
    return AS_JSON + _JSON.encode(list(items))


def unpack_texts(raw: str | None) -> list[str]:
    if raw is None:
        return []
    if raw[:1] == AS_JSON:
        return [str(item) for item in json.loads(raw[1:])]
    return raw.split(UNIT)


def pack_links(links: Iterable[tuple[str, str, int]]) -> str | None:
    """Links as ``(text, target, line)`` in one string (none for no links); ``unpack_links`` gives
    them back."""
    links = list(links)
    if not links:
        return None
    if _joinable(field for text, target, _ in links for field in (text, target)):
        return RECORD.join(f"{text}{UNIT}{target}{UNIT}{line}" for text, target, line in links)
    rows = [[text, target, line] for text, target, line in links]
    return AS_JSON + _JSON.encode(rows)


def unpack_links(raw: str | None) -> list[tuple[str, str, int]]:
    if not raw:
        return []
    if raw[0] == AS_JSON:
        return [(str(text), str(target), int(line)) for text, target, line in json.loads(raw[1:])]
    found = []
    for record in raw.split(RECORD):
        text, target, line = record.split(UNIT)
        found.append((text, target, int(line)))
    return found


def link_targets(raw: str | None) -> list[str]:
    """The target of each link of ``pack_links``'s string, in order (cheaper than ``unpack_links``)."""
    if not raw:
        return []
    if raw[0] == AS_JSON:
        return [str(row[1]) for row in json.loads(raw[1:])]
    return [record.split(UNIT, 2)[1] for record in raw.split(RECORD)]


COMMON_FACTS = {"title": TITLE_FROM_FRONT_MATTER}
"""The ``check_facts`` of most articles (a title from front matter, nothing else to say): kept as NULL."""


def pack_facts(facts: dict[str, Any]) -> str | None:
    """``articles.check_facts`` as kept; ``unpack_facts`` gives it back."""
    return None if facts == COMMON_FACTS else _JSON.encode(facts)


def unpack_facts(raw: str | None) -> dict[str, Any]:
    return dict(COMMON_FACTS) if raw is None else json.loads(raw)
