"""The persistent index: what every article is called, links to and says, kept fresh by size and mtime.

One SQLite file per set of roots, in the user cache folder (``storage``). Opening it stats every
article once (``scan``) and parses only what changed (``build``); ``Index`` answers the queries
(``queries``), and texts drawn from the whole glossary are kept in it (``memo``).

    from glossary.index import open_index
    index = open_index(corpus)
    index.entries("fi")
"""

from glossary.index.build import Progress, Skipped, rows_of, without_link_targets
from glossary.index.queries import ComparedArticle, Entry, Hit, Index, Name, Outline, open_index
from glossary.index.scan import fingerprint
from glossary.index.storage import COLUMNS, NAME_COLUMNS, WEIGHTS, cache_dir, index_path

__all__ = [
    "COLUMNS", "NAME_COLUMNS", "WEIGHTS", "ComparedArticle",
    "Entry", "Hit", "Index", "Name", "Outline", "Progress", "Skipped", "cache_dir", "fingerprint", "index_path",
    "open_index", "rows_of", "without_link_targets",
]  # fmt: skip
