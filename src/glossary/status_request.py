"""What one ``glossary status`` run reads of a corpus, as cheaply as it can be known.

First one walk over the language folders (shared with a forked process when they are large): every
file with its ``FileStat``, and each repository's state as its ``.git`` shows it. That gives the
fingerprint a kept report is recognised by: when it matches, the report is printed again and nothing
else is read. Otherwise the articles are listed from the same walk, the translations' markers read
(those of unchanged files kept), and the verdicts judged (``StatusRequest.report``).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from pathlib import Path
from threading import Thread
from typing import TYPE_CHECKING, TypeAlias

from glossary.config import read_config
from glossary.errors import NotFound
from glossary.status import ArticleFile, State, StatusReport, source_commit

if TYPE_CHECKING:
    from glossary.corpus import Corpus, LangFolder, Root
    from glossary.status.basis import Basis
    from glossary.status.dotgit import CheckedOut
    from glossary.status.kept import FileStat, Kept, Output
    from glossary.status.places import Places, Settings


def marker_of(path: Path | str, keys: tuple[str, ...]) -> str | None:
    """The source commit named in the front matter of the file at ``path``, read no further than its end.

    YAML is parsed only when the front matter holds the last part of a key's name; a file that
    cannot be read, or front matter that is no valid YAML, names none.
    """
    try:
        with open(path, "rb") as file:
            first = file.read(1 << 16)
            if not first.lstrip(b"\xef\xbb\xbf").startswith(b"---"):
                return None
            parts, tail = [first], first
            while b"\n---" not in tail and b"\n..." not in tail:  # front matter of any length, read once
                more = file.read(1 << 16)
                if not more:
                    break
                parts.append(more)
                tail = tail[-4:] + more
            head = b"".join(parts)
    except OSError:
        return None
    names = [key.rsplit(".", 1)[-1] for key in keys]
    if not any(name.encode("utf-8") in head for name in names):  # most files: no key anywhere, nothing to decode
        return None
    from glossary.articles import load_front_matter, split_front_matter

    text = head.decode("utf-8", "replace").lstrip("\ufeff").replace("\r\n", "\n")
    front, _, _ = split_front_matter(text)
    if front is None or not any(name in front for name in names):
        return None
    return source_commit(load_front_matter(front, []), keys)


def followed(
    files: list[ArticleFile], links: Mapping[str, str], source: str, resolve: Callable[[str], str] = os.path.realpath
) -> list[ArticleFile]:
    """``files`` with the file each symbolic link among them leads to (``ArticleFile.real``, from
    ``links``), which git knows its text by. A translation that leads to its own source article is no
    translation: it is left out, and the concept is missing in its language."""
    if not links:
        return files
    found = [file._replace(real=links.get(os.fspath(file.path))) for file in files]
    linked = {file.slug for file in found if file.real is not None and file.lang != source}
    if not linked:
        return found
    originals = {
        file.slug: resolve(os.fspath(file.path)) for file in found if file.lang == source and file.slug in linked
    }
    return [file for file in found if file.real is None or file.lang == source or file.real != originals.get(file.slug)]


def marker_keys(root: Root) -> tuple[str, ...]:
    return read_config(root.path).source_commit_keys


@dataclass
class StatusRequest:
    """One ``status`` asked of a corpus.

    ``fingerprint`` digests what a report is made from: every file below the language folders with
    its size and time, each repository's HEAD, the configuration, the code and the question. When
    a kept output was made for it, that output is still right (``kept_output``), and nothing else
    is read: not the articles' slugs, nor the markers, nor the kept verdicts. Otherwise ``files``
    lists the articles and reads the translations' markers (those of unchanged files are kept), and
    ``report`` judges what the kept verdicts no longer cover.
    """

    corpus: Corpus
    asked_languages: list[str] | None
    states: Collection[State] | None
    places: Places
    fingerprint: str
    stats: dict[str, FileStat]  # of every file walked, by path
    kept_path: Path
    stamp: str  # of the kept verdicts
    repositories: list[str]  # a folder of each repository the files lie in
    heads_seen: set[str | None]  # the commit checked out in each, as the fingerprint saw it
    frame: str = ""  # digests what the fingerprint does but the files' stats and the repositories' states
    keeping: list[Thread] = field(default_factory=list, repr=False)  # writing what ``keep_output`` keeps

    @cached_property
    def source(self) -> str:
        source = self.corpus.source
        if source is None:
            raise self.corpus.no_articles()
        return source

    @property
    def languages(self) -> list[str] | None:
        """The languages asked for, the source left out; None for all."""
        if self.asked_languages is None:
            return None
        return [lang for lang in dict.fromkeys(self.asked_languages) if lang != self.source]

    @cached_property
    def kept(self) -> Kept:
        from glossary.status.kept import Kept

        kept = Kept.open(self.kept_path, self.stamp)
        kept.new_stats = self.stats
        return kept

    @cached_property
    def files(self) -> list[ArticleFile]:
        """Every article file, the translations with the source commit their front matter names."""
        from glossary.corpus import BUNDLED

        source, kept = self.source, self.kept
        keys: dict[Path, tuple[str, ...]] = {}
        files: list[ArticleFile] = []
        for (lang, slug), (path, folder) in sorted(self.corpus.listed().items()):
            root = folder.root
            if root.origin == BUNDLED or path not in self.stats:
                continue
            marker = None
            if lang != source:
                if root.path not in keys:
                    keys[root.path] = marker_keys(root)
                found = keys[root.path]
                marker = kept.marker_of(path, lambda path, found=found: marker_of(path, found))
            files.append(ArticleFile(lang, slug, path, marker))
        if not files:
            if any(root.origin != BUNDLED for root in self.corpus.roots):
                raise self.corpus.no_articles()
            raise NotFound(_NOTHING_OF_YOUR_OWN)
        return followed(files, self.corpus.linked(), source)

    def start_reading(self) -> None:
        """When HEAD moved, or nothing was kept, start reading the histories (in a thread: git works while
        the articles are listed and their markers read)."""
        kept = self.kept
        if not kept.verdicts or set(kept.heads.values()) != self.heads_seen:
            self.places.start_reading(self.repositories)

    def start_worktrees(self) -> None:
        """When nothing was kept (every translation is judged): start ``git status`` in each repository
        now, in a thread, so that git answers while the run waits for the history. A run that reuses
        kept verdicts asks later, about the files it judges again only."""
        if self.kept.verdicts:
            return
        wanted = set(self.languages or ()) | {self.source} if self.languages is not None else None
        for file in self.files:
            if wanted is None or file.lang in wanted:
                self.places.where(file.in_git)
        for place in self.places.all_found():
            place.start_worktree()

    def report(self, now: datetime | None = None) -> StatusReport:
        from glossary.status import translation_status

        self.start_reading()
        self.start_worktrees()
        return translation_status(
            self.source, self.files, languages=self.languages, states=self.states, places=self.places,
            kept=self.kept, now=now,
        )  # fmt: skip

    def kept_output(self, key: str) -> Output | None:
        """The output kept for ``key`` (the output's own options) when nothing changed since it was made."""
        from glossary.status.kept import kept_output

        return kept_output(self.kept_path, key, self.fingerprint)

    def keep_output(self, key: str, output: tuple[int, list[str], bytes], basis: Basis | None = None) -> None:
        """Keep an output for the next run, with the ``basis`` to patch it from (when it can be), unless a
        HEAD moved while the run judged. An output made from a file changed too lately for its time to
        tell a later change apart (``kept.SETTLED``) is kept for patching only.

        The two files (the report, tens of megabytes at 45,000 translations, and its basis) are written
        in two threads while the report is printed; ``wait_kept`` waits for them. A basis and a report
        name the same checksum: one written without the other is never patched from."""
        if self.places.heads_judged() <= self.heads_seen:
            checksum = basis.layout.get("crc") if basis is not None and basis.layout else None
            for write in (lambda: self._keep_text(key, output, checksum), lambda: self._keep_basis(key, basis)):
                writer = Thread(target=write, daemon=True)
                writer.start()
                self.keeping.append(writer)

    def _keep_text(self, key: str, output: tuple[int, list[str], bytes], checksum: int | None) -> None:
        from glossary.status.kept import keep_output

        try:
            keep_output(self.kept_path, key, self.fingerprint, output, self.stats, checksum)
        except Exception:  # noqa: BLE001 (what is not kept is made again next time: slower, never wrong)
            pass

    def _keep_basis(self, key: str, basis: Basis | None) -> None:
        from glossary.status.basis import drop_basis, keep_basis

        try:
            if basis is not None:
                keep_basis(self.kept_path, key, basis)
            else:
                drop_basis(self.kept_path, key)
        except Exception:  # noqa: BLE001
            drop_basis(self.kept_path, key)

    def wait_kept(self) -> None:
        """Wait until what ``keep_output`` keeps is written, a Ctrl-C meanwhile included (then raised
        after): the process ends right after, and a file cut off while written would stay behind."""
        interrupted = False
        while self.keeping:
            try:
                self.keeping[-1].join()
            except KeyboardInterrupt:
                interrupted = True
                continue
            self.keeping.pop()
        if interrupted:
            raise KeyboardInterrupt

    def save(self) -> None:
        if "kept" in self.__dict__:
            self.kept.save()


_NOTHING_OF_YOUR_OWN = (
    "status reads the git history of your own glossary (-d DIR or GLOSSARY_PATH); the bundled one has none"
)


def status_request(
    corpus: Corpus, languages: Iterable[str] | None = None, states: Collection[State] | None = None
) -> StatusRequest:
    """What ``status`` reads, as cheaply as it can be known: the files below the language folders
    and their stats (one walk, no slug worked out), each repository's HEAD."""
    import marshal

    from glossary.corpus import BUNDLED
    from glossary.stamp import blake2b, cache_dir, cache_stamp
    from glossary.status.kept import kept_file
    from glossary.status.store import stored_places

    folders = [folder for folder in reversed(corpus.folders) if folder.root.origin != BUNDLED]
    stats: dict[str, FileStat] = {}
    directories: set[str] = set()
    seen: list[str] = []
    for folder, (failure, files) in zip(folders, _walked_side_by_side(folders, corpus.walks), strict=True):
        if failure:
            seen.append(f"{folder.path}: {failure}")
            continue
        seen.append(f"{folder.priority}\0{folder.key}\0{folder.path}")
        for path, stat, leads_to in files:
            stats[path] = stat
            if leads_to:
                directories.add(leads_to)
                seen.append(f"{path}\0{leads_to}")
            else:
                directories.add(path.rpartition(os.sep)[0])
    if not stats:
        if not corpus.languages or any(root.origin != BUNDLED for root in corpus.roots):
            raise corpus.no_articles()
        raise NotFound(_NOTHING_OF_YOUR_OWN)
    cache = cache_dir()
    places = stored_places(cache, settings_of(corpus))
    repositories = _repositories(directories, places)
    stamp = cache_stamp(corpus)
    wanted = None if languages is None else list(languages)
    asked = repr((corpus.wanted_source, wanted, sorted(states or ()), stamp))
    where = sorted((folder, found.git_dir, found.top, found.settings) for folder, found in repositories.items())
    unknown = [found.index_state for found in repositories.values() if found.index_state.startswith("unknown")]
    digest = blake2b(repr((asked, where, unknown)).encode("utf-8", "surrogateescape"))
    digest.update("\0".join(seen).encode("utf-8", "surrogateescape"))
    digest.update("\0".join(stats).encode("utf-8", "surrogateescape"))
    frame = digest.hexdigest()
    digest.update(repr(sorted(repositories.items())).encode("utf-8", "surrogateescape"))
    digest.update(
        marshal.dumps(list(stats.values()), 2)
    )  # version 2: no references, the same bytes for the same values
    scope = "\0".join(f"{root.origin}={root.path.resolve()}" for root in corpus.roots) + f"\0{corpus.docs_version}"
    # What the kept verdicts depend on beside the code and the configuration: each top's ignore-revs file.
    verdicts_stamp = stamp + repr(sorted((found.git_dir, found.settings) for found in repositories.values()))
    return StatusRequest(
        corpus, wanted, states, places, digest.hexdigest(), stats, kept_file(scope, cache), verdicts_stamp,
        list(repositories), {found.head or None for found in repositories.values()}, frame,
    )  # fmt: skip


def _repositories(directories: Iterable[str], places: Places) -> dict[str, CheckedOut]:
    """A folder of each repository the files lie in (by their real paths, as git sees them), with what
    its ``.git`` says (None where only git could tell: then its HEAD as git gives it)."""
    import time

    from glossary.status.dotgit import CheckedOut, checked_out

    known: dict[str, CheckedOut | None] = {}
    found: dict[str, tuple[str, CheckedOut]] = {}
    for directory in sorted({os.path.realpath(directory) for directory in directories}):
        answer = checked_out(directory, known)
        if answer is None:  # only git tells: its index and settings unknown, no kept report can be trusted
            head = places.find(directory)[0].head
            unknown = f"unknown {os.getpid()} {time.time_ns()}"
            found.setdefault(
                f"{directory}\0{head}", (directory, CheckedOut("", directory, head or "", unknown, unknown))
            )
        else:
            found.setdefault(answer.git_dir, (directory, answer))
    return dict(found.values())


# Why a folder cannot be read ("" when it can); its files, each with its stat and, for a symbolic
# link, the folder of the file it leads to.
Walked: TypeAlias = "tuple[str, list[tuple[str, FileStat, str]]]"


def _walked(
    folders: list[LangFolder], keep: dict[LangFolder, list[tuple[str, os.DirEntry[str]]]] | None = None
) -> list[Walked]:
    """Every file below each folder, with its size and modification time; the walk of each folder
    in ``keep`` too, when given (the listing of the articles then needs no other)."""
    from glossary.status.kept import file_stat

    found: list[Walked] = []
    for folder in folders:
        try:
            entries = folder.files()
        except OSError as exc:
            found.append((str(exc) or "cannot be read", []))
            continue
        if keep is not None:
            keep[folder] = entries
        files = []
        for _, entry in entries:
            try:
                info = os.stat(entry.path)
            except OSError:
                continue  # gone since it was listed
            leads_to = os.path.dirname(os.path.realpath(entry.path)) if entry.is_symlink() else ""
            files.append((entry.path, file_stat(info), leads_to))
        found.append(("", files))
    return found


def _walked_side_by_side(
    folders: list[LangFolder], keep: dict[LangFolder, list[tuple[str, os.DirEntry[str]]]]
) -> list[Walked]:
    """``_walked`` of every folder, shared out between processes when the folders are large (by the
    size of their listings, about 32 bytes a file): the walk is most of what a run that finds nothing
    changed costs."""
    from glossary.forked import groups_of, shared_out

    weights = []
    for folder in folders:
        try:
            weights.append(os.stat(folder.path).st_size // 32)
        except OSError:
            weights.append(0)
    groups = groups_of(list(range(len(folders))), weights, PARALLEL_WALK_MIN)
    if len(groups) == 1:
        return _walked(folders, keep)

    def walk(numbers: list[int]) -> list[Walked]:
        return _walked([folders[number] for number in numbers])

    def valid(numbers: list[int], answer: object) -> bool:
        return isinstance(answer, list) and len(answer) == len(numbers)

    by_number: dict[int, Walked] = {}
    for numbers, answer in zip(groups, shared_out(walk, groups, valid), strict=True):
        by_number.update(zip(numbers, answer, strict=True))
    return [by_number[number] for number in range(len(folders))]


PARALLEL_WALK_MIN = 20_000
"""Files (as the folders' listings suggest) from which the walk is shared out between processes."""


def settings_of(corpus: Corpus) -> Settings:
    """What the roots' ``glossary.toml`` say about judging translations (all roots' together)."""
    from glossary.corpus import BUNDLED
    from glossary.status.places import Settings

    configs = [(root, read_config(root.path)) for root in corpus.roots if root.origin != BUNDLED]
    if not configs:
        return Settings()
    ignore = tuple(dict.fromkeys(text for _, config in configs for text in config.ignore_commits))
    files = tuple(
        str(root.path / config.ignore_revs_file) for root, config in configs if config.ignore_revs_file is not None
    )
    keys = tuple(dict.fromkeys(key for _, config in configs for key in config.text_keys))
    return Settings(ignore, files, keys)
