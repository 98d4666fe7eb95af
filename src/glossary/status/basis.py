"""What a kept report is made of, row by row: enough to tell which rows a change can move, so that
the next run judges those again and patches the report instead of making it whole.

A ``Basis`` is kept beside each kept report. It holds what the report's rows were judged from
(every file walked with its ``FileStat``, each repository's HEAD and what ``git status`` said) and,
for each row, what its verdict depends on: its two files, every name each had in git, whether
it was judged from the work tree. A row's verdict still holds when neither file changed, git's
index says the same of both, and no commit since touched any of their names: the test
``glossary.status.run.Run`` applies to kept verdicts, here applied to rows.

The rows are kept in the report's order (language, then slug); the set of rows is fixed by the
files listed, so a basis serves only a run that walks the very same files (``frame``).
"""

from __future__ import annotations

import marshal
import zlib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from glossary.status.kept import FileStat
from glossary.status.store import write_atomically

BASIS_SHAPE = 1

Dependencies = tuple[Any, ...]
"""What a judged row depends on: (translation's top, its path in git, every name it had, source's
top, its path in git, every name it had, judged from the work tree, the marker read, the marker's
problem)."""

MOST_CHANGED = 2_000
"""Rows judged again up to which a report is patched; past it, it is made whole."""


@dataclass
class Basis:
    """A kept report's rows and what they were judged from (see the module's docstring).

    ``frame`` digests what the rows cannot tell apart (the question, the code, the files listed,
    the folders, the repositories' settings); ``paths`` and ``stats`` are the files walked then,
    in walk order; ``pages_checked`` the folders where a file's front matter decides whether it is
    a page (an edit there can add or remove a row). ``layout`` is the report's own: where each
    row's text lies in it (``glossary.cli.status_patch``).
    """

    frame: str
    source: str
    languages: list[str]
    sources: int
    warnings: list[str]
    paths: list[str]
    stats: list[FileStat]
    heads: dict[str, str | None]
    worktrees: dict[str, tuple[str, tuple[bytes, ...], tuple[bytes, ...]]]
    pages_checked: tuple[str, ...]
    marker_keys: tuple[str, ...]
    directories: list[str]  # a file of each folder the rows lie in: what the run asks git about
    keys: list[tuple[str, str]]  # (language, slug) of each row
    states: list[str]
    files: list[tuple[int, int]]  # each row's translation and source, by number in ``paths`` (-1: none)
    depends: list[Dependencies | None]  # None: a missing or orphan row, which depends on the listing alone
    shas: list[tuple[str, ...]]  # the commits each row is behind, newest first
    commits: dict[str, tuple[int, str]]  # their time and subject
    layout: dict[str, Any] = field(default_factory=dict)

    def summary(self) -> dict[str, dict[str, int]]:
        """The count of each state per language."""
        from glossary.status.rule import State

        counts = Counter(zip((lang for lang, _ in self.keys), self.states, strict=True))
        return {lang: {state.value: counts[lang, state.value] for state in State} for lang in self.languages}

    def problems(self) -> Counter[tuple[str, str]]:
        """How many rows carry each marker that could not be used, with why (as ``run.problems``)."""
        return Counter((depends[7], depends[8]) for depends in self.depends if depends is not None and depends[8])

    def commits_in_order(self) -> dict[str, tuple[int, str]]:
        """Every commit a row is behind, in the order the rows first name them."""
        table = self.commits
        return {sha: table[sha] for sha in dict.fromkeys(sha for shas in self.shas for sha in shas)}


def changed_files(basis: Basis, stats: dict[str, FileStat]) -> list[str] | None:
    """The files whose ``FileStat`` changed since the basis, when the files walked are the same ones
    (``stats`` in walk order); None when a change can add or remove a row (a file edited where
    front matter decides what is a page)."""
    if len(stats) != len(basis.stats):
        return None
    changed = [path for path, old, new in zip(stats, basis.stats, stats.values(), strict=True) if old != new]
    for path in changed:
        if path.startswith(basis.pages_checked):
            return None
    return changed


def rows_to_judge(
    basis: Basis,
    changed: Iterable[str],
    moved: dict[str, bool],
    touched: dict[str, set[bytes]],
    restaged: dict[str, set[bytes]],
) -> list[int] | None:
    """The rows whose verdict may not hold: a file of theirs changed, git's index says otherwise of one,
    or, where HEAD moved, a commit since touched one of their names or they were judged from the work
    tree. ``moved``, ``touched`` and ``restaged`` are by repository top. None when too many to patch."""
    changed = list(changed)
    if len(changed) < 50:
        edited = {basis.paths.index(path) for path in changed}
    else:
        numbers = {path: number for number, path in enumerate(basis.paths)}
        edited = {numbers[path] for path in changed}
    found = []
    for row, ((translation, original), depends) in enumerate(zip(basis.files, basis.depends, strict=True)):
        if depends is None:
            continue
        if translation in edited or original in edited:
            found.append(row)
            continue
        t_top, t_path, t_names, s_top, s_path, s_names, volatile = depends[:7]
        if (
            t_path in restaged[t_top]
            or s_path in restaged[s_top]
            or moved[t_top]
            and (volatile or not touched[t_top].isdisjoint(t_names))
            or moved[s_top]
            and (volatile or not touched[s_top].isdisjoint(s_names))
        ):
            found.append(row)
    return found if len(found) <= MOST_CHANGED else None


def dependencies(stored: Sequence[Any], t_path: bytes, s_path: bytes) -> Dependencies:
    """A row's dependencies from the kept form of its verdict (``glossary.status.run.Stored``)."""
    return (
        stored[8],
        t_path,
        tuple(stored[9]),
        stored[10],
        s_path,
        tuple(stored[11]),
        stored[12],
        stored[2],
        stored[13],
    )


def _file(kept: Path, key: str) -> Path:
    digest = zlib.crc32(key.encode("utf-8", "surrogateescape"))
    return kept.parent / f"{kept.stem}-basis-{digest:08x}.marshal"


def load_basis(kept: Path, key: str, paths: list[str]) -> Basis | None:
    """The basis kept for the report of options ``key``; None when there is none, or it is of another shape.
    ``paths`` are the files walked now: the basis is kept without its own, which its ``frame`` digests."""
    try:
        shape, made_for, fields = marshal.loads(_file(kept, key).read_bytes())
        if shape != BASIS_SHAPE or made_for != key or not isinstance(fields, dict):
            return None
        return Basis(paths=paths, **fields)
    except (OSError, EOFError, ValueError, TypeError):
        return None


def keep_basis(kept: Path, key: str, basis: Basis) -> None:
    fields = {name: getattr(basis, name) for name in basis.__dataclass_fields__ if name != "paths"}
    write_atomically(_file(kept, key), marshal.dumps((BASIS_SHAPE, key, fields)))


def drop_basis(kept: Path, key: str) -> None:
    """Remove the basis of a report that is kept without one (so that no older one is patched)."""
    try:
        _file(kept, key).unlink()
    except OSError:
        pass
