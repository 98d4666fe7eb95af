"""Per-run state every command shares: the options of ``glossary`` itself, the corpus, the index,
the notices to say at the end, and where output goes."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from glossary.cli.output import Output, error_line
from glossary.errors import BadData

if TYPE_CHECKING:
    from glossary.articles import Article
    from glossary.corpus import ArticleRef, Corpus
    from glossary.index import Index


@dataclass
class Session:
    """Per-run state: the options of ``glossary`` itself, the corpus, the index, the notices to
    say at the end, and where output goes."""

    data_dirs: list[Path] = field(default_factory=list)
    source: str | None = None
    bundled: bool = False
    docs_version: str | None = None
    out: Output = field(default_factory=Output)
    notices: list[str] = field(default_factory=list)

    @cached_property
    def corpus(self) -> Corpus:
        from glossary.corpus import load_corpus

        corpus = load_corpus(self.data_dirs, source=self.source, bundled=self.bundled, docs_version=self.docs_version)
        if self.source is not None:
            _ = corpus.source  # a --source the glossary lacks is an error for every command, not only some
        return corpus

    def index(self, *, rebuild: bool = False) -> Index:
        """The fresh index; built on first use (with a progress bar on a terminal), or built again
        from every file with ``rebuild``. A glossary without a language folder is an error that
        names the folders searched."""
        if "_index" not in self.__dict__:
            from glossary.index import open_index

            if not self.corpus.languages:  # nothing to search: say where nothing was found
                raise self.corpus.no_articles()

            with self.out.progress() as progress:
                index = open_index(self.corpus, progress=progress, rebuild=rebuild)
            self.notices.extend(index.notices)
            index.notices = self.notices  # what the index finds later (a damaged file) is said too
            self.__dict__["_index"] = index
        return self.__dict__["_index"]

    def print_kept(self, family: str, question: Sequence[str], draw: Callable[[], str], *, json: bool = False) -> None:
        """Print a text drawn from the whole glossary, kept in the index while nothing it depends on
        changes (``glossary.index.memo``), so that an unchanged glossary is reported by reading one row.

        The key is made here, and only here: ``family`` (the kind of report; the texts of a family
        kept last are kept), the ``question`` (what the text depends on besides the articles, the
        code and the configuration), then how this run's output is shaped: JSON's encoding, or the
        width of text and the current folder (paths in it are shown relative to it).
        """
        from glossary.index.memo import kept_text

        shape = [self.out.json_shape()] if json else [str(self.out.width), _current_folder()]
        key = ":".join([family, *question, *shape])
        self.out.print_text(kept_text(self.index(), key, draw))

    def read(self, ref: ArticleRef) -> Article:
        """Read an article found on disk; an unusable file is bad data, its problems are warnings."""
        from glossary.articles import UnreadableArticle

        try:
            article = ref.read()
        except UnreadableArticle as exc:
            raise BadData(f"cannot use {exc.path}: {exc.reason}") from None
        for problem in article.problems:
            self.warn(f"{article.path}: {problem}")
        return article

    def warn(self, message: str) -> None:
        self.notices.append(message)

    def flush_notices(self) -> None:
        """Print each warning once, on stderr."""
        seen = self.corpus.warnings + self.notices if "corpus" in self.__dict__ else self.notices
        for message in dict.fromkeys(seen):
            error_line(f"warning: {message}")
        self.notices.clear()
        if "corpus" in self.__dict__:
            self.corpus.warnings.clear()


def _current_folder() -> str:
    try:
        return os.getcwd()
    except OSError:  # deleted
        return ""


def session_of(ctx: typer.Context) -> Session:
    """The run's session; ``main`` passes one in, a test runner calling the app directly may not."""
    return ctx.find_root().ensure_object(Session)
