"""The persistent index: what every article is called, links to and says, kept fresh by size and mtime.

One SQLite file per set of roots, in the user cache folder (``storage``). Opening it stats every
article once (``scan``) and parses only what changed (``build``); ``Index`` answers the queries
(``queries``), and texts drawn from the whole glossary are kept in it (``memo``).

    from glossary.index import open_index
    index = open_index(corpus)
    index.entries("fi")
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing is not imported: a child process fingerprinting imports this package
if TYPE_CHECKING:
    from glossary.index.build import Progress, Skipped, rows_of, without_link_targets
    from glossary.index.queries import ComparedArticle, Entry, Hit, Index, Name, Outline, open_index
    from glossary.index.scan import fingerprint
    from glossary.index.storage import COLUMNS, NAME_COLUMNS, WEIGHTS, cache_dir, index_path

# Where each name comes from: imported on first use, so that ``glossary.index.scan`` alone (the
# stat pass a child process begins at start-up, ``glossary.prescan``) imports no query or build code.
_FROM = {
    "build": ("Progress", "Skipped", "rows_of", "without_link_targets"),
    "queries": ("ComparedArticle", "Entry", "Hit", "Index", "Name", "Outline", "open_index"),
    "scan": ("fingerprint",),
    "storage": ("COLUMNS", "NAME_COLUMNS", "WEIGHTS", "cache_dir", "index_path"),
}
_MODULE_OF = {name: module for module, names in _FROM.items() for name in names}


def __getattr__(name: str) -> object:
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(f"glossary.index.{module}"), name)
    globals()[name] = value
    return value


__all__ = [
    "COLUMNS", "NAME_COLUMNS", "WEIGHTS", "ComparedArticle",
    "Entry", "Hit", "Index", "Name", "Outline", "Progress", "Skipped", "cache_dir", "fingerprint", "index_path",
    "open_index", "rows_of", "without_link_targets",
]  # fmt: skip
