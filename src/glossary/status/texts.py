"""What counts as an article's text for ``status``: its title and its body.

Other front matter (``weight``, ``sidebar_position``, ``reviewers``, tags, the source-commit marker)
is not text: a commit that changes only that, or only renames the file, changes no text. A root's
``glossary.toml`` may name more text keys (``text_keys = ["title", "description"]``). Two texts
are the same source when they differ only in white space (git's ``--ignore-all-space
--ignore-blank-lines``): every line without its spaces, blank lines left out; white space is
git's: space, tab and carriage return.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import lru_cache

from glossary.articles import load_front_matter, split_front_matter

Text = tuple[str, ...]  # the values of the text keys (empty when missing), then the body
TEXT_KEYS = ("title",)


def article_text(raw: bytes, keys: tuple[str, ...] = TEXT_KEYS) -> Text:
    """The text of a file's bytes (a BOM and CRLF line ends tolerated, bad UTF-8 kept as escapes)."""
    text = raw.decode("utf-8", "surrogateescape").removeprefix("\ufeff").replace("\r\n", "\n")
    front, body, _ = split_front_matter(text)
    if front is None:
        return (*("" for _ in keys), text)
    return (*_text_values(front, keys), body)


@lru_cache(maxsize=4096)
def _text_values(front: str, keys: tuple[str, ...]) -> tuple[str, ...]:
    """The values of ``keys`` in front matter, as text; read once for each distinct front matter (the
    texts a run compares are mostly versions of the same files, whose front matter seldom changes:
    on Helm, 694 distinct among 2,327)."""
    data = load_front_matter(front, [])
    values = (data.get(key) for key in keys)
    return tuple("" if value is None else value if isinstance(value, str) else repr(value) for value in values)


@lru_cache(maxsize=8192)
def comparable(text: Text) -> tuple[str, ...]:
    """The lines of a text without white space, blank ones left out: equal when git -w -B sees no change.
    White space is what git takes it to be: space, tab and carriage return (a form feed or a no-break
    space is a character like any other)."""
    joined = "\n".join(text)
    for space in " \t\r":
        joined = joined.replace(space, "")
    return tuple(filter(None, joined.split("\n")))


class MissingTexts(Exception):
    """Texts the rule needs that were not read yet (see ``Texts.need``)."""

    def __init__(self, texts: Texts, names: list[bytes]) -> None:
        super().__init__(f"{len(names)} texts to read")
        self.texts = texts
        self.names = names


class Texts:
    """Texts of blobs read through ``read`` (a ``cat-file`` answer), each read and parsed once.

    ``prefetch`` reads many at once (``read_many``): a run first gathers what the rule will compare.
    """

    def __init__(
        self,
        read: Callable[[bytes], bytes | None],
        read_many: Callable[[list[bytes]], Iterable[tuple[bytes, bytes | None]]] | None = None,
        keys: tuple[str, ...] = TEXT_KEYS,
    ) -> None:
        self._read = read
        self._read_many = read_many
        self.keys = keys
        self._texts: dict[bytes, Text | None] = {}

    def need(self, *names: bytes) -> None:
        """Make sure the texts of ``names`` are at hand: read now, or, while gathering, raise
        ``MissingTexts`` with every one not read yet (the run reads them all at once, then tries again)."""
        missing = [name for name in names if name not in self._texts]
        if not missing:
            return
        if self.gathering:
            raise MissingTexts(self, missing)
        self.prefetch(missing)

    gathering = False

    def prefetch(self, names: Iterable[bytes]) -> None:
        """Read every blob of ``names`` not read yet, in one go."""
        missing = [name for name in names if name not in self._texts]
        if not missing or self._read_many is None:
            return
        for name, raw in self._read_many(missing):  # each parsed while git reads the next
            self._texts[name] = None if raw is None else article_text(raw, self.keys)

    def of(self, name: bytes) -> Text | None:
        """The text of the blob ``name`` names (a blob id, or ``REV:PATH``); None when there is none."""
        if name not in self._texts:
            raw = self._read(name)
            self._texts[name] = None if raw is None else article_text(raw, self.keys)
        return self._texts[name]
