"""Where each file of a glossary lives in git: its repository, and what a run asks of that repository.

A ``Place`` is one repository as one run sees it. What it says is read when first asked, and once:
the history (``git log``, or the kept copy brought up to date), the blobs at HEAD (``git ls-tree``),
the work tree (``git status``) and article texts (``git cat-file``). A run whose kept results all
still hold asks none of them.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from threading import Thread

from glossary.status import git
from glossary.status.history import History, commits_saying, read_log
from glossary.status.rule import Ignored
from glossary.status.texts import Texts

HistoryLoader = Callable[[git.Repository], History]


@dataclass(frozen=True)
class Settings:
    """What a glossary's configuration says about judging: which commits are not counted, what is text."""

    ignore_commits: tuple[str, ...] = ("[skip l10n]", "[no l10n]")
    ignore_revs_files: tuple[str, ...] = ()  # absolute paths; none: .git-blame-ignore-revs at each top
    text_keys: tuple[str, ...] = ("title",)


def read_history(repository: git.Repository) -> History:
    """The whole history, read from git (no cache)."""
    history = History(repository.head)
    history.append(read_log(repository))
    return history


class Place:
    """One repository: what git says of it, each read when first needed."""

    def __init__(
        self, repository: git.Repository, folders: set[str], load_history: HistoryLoader, settings: Settings
    ) -> None:
        self.repository = repository
        self.folders = folders  # the folders of the glossary in it, as found so far
        self._load_history = load_history
        self.settings = settings
        self.objects = git.Objects(repository.top)
        self.top = os.fsdecode(repository.top)
        self._reading: tuple[Thread, list[History | BaseException]] | None = None

    def start_reading(self) -> None:
        """Start reading the history in a thread: git works on it while the run reads its files."""
        if "history" in self.__dict__ or self._reading is not None:
            return
        box: list[History | BaseException] = []

        def read() -> None:
            try:
                box.append(self._read_history())
            except BaseException as error:  # handed to the thread that asks for the history
                box.append(error)

        thread = Thread(target=read, daemon=True)
        thread.start()
        self._reading = (thread, box)

    @cached_property
    def history(self) -> History:
        if self._reading is not None:
            thread, box = self._reading
            thread.join()
            self._reading = None
            if isinstance(box[0], BaseException):
                raise box[0]
            return box[0]
        return self._read_history()

    def _read_history(self) -> History:
        repository = self.repository
        if repository.viewed_from is None:
            return self._load_history(repository)
        whole = self._load_history(git.Repository(repository.top, repository.viewed_from))
        return whole.within(repository.head) if repository.head else History()

    @cached_property
    def index_state(self) -> str | None:
        """The index file's size, times and inode (None when only git knows where it is): while it is
        the same, so is what ``git status`` says of files whose own stat has not changed."""
        from glossary.status.dotgit import checked_out

        found = checked_out(self.top, {})
        return found.index_state if found is not None and found.index_state != "-" else None

    def narrow(self, paths: set[bytes]) -> None:
        """Ask git about these files only (``heads``, ``worktree``): when a run judges a few
        translations again, not the whole glossary. Asked before either is read, else no effect."""
        self._only = sorted(os.fsdecode(path) for path in paths)

    _only: list[str] | None = None
    worktree_whole = False  # whether ``worktree`` answers for the whole glossary (asked before any narrowing)

    @property
    def narrowed(self) -> bool:
        return self._only is not None

    @cached_property
    def heads(self) -> dict[bytes, bytes]:
        """The blob of every file of the glossary at HEAD (of those ``narrow`` names, when it was called).

        For a few files, when the history is read anyway, it says: each file's blob is the one the
        last commit to touch it on HEAD's chain of first parents left (a merge's changes are its
        first parent's diff). ``git ls-tree`` would read every tree above them, 4 ms each at 5,000
        files a folder."""
        if self._only is not None and self._reading_history():
            history = self.history
            tip = history.id_of(history.head or "")
            if tip is not None and history.head == self.repository.head:
                paths = (os.fsencode(name) for name in self._only)
                return {path: blob for path in paths if (blob := history.blob_at(tip, path)) is not None}
        return git.head_blobs(self.repository, self._only if self._only is not None else sorted(self.folders))

    def _reading_history(self) -> bool:
        return self.repository.viewed_from is None and ("history" in self.__dict__ or self._reading is not None)

    def start_worktree(self) -> None:
        """Start asking ``git status`` (``worktree``) in a thread: git works while the run reads what it kept."""
        if "worktree" in self.__dict__ or self._asking is not None or self.repository.viewed_from is not None:
            return
        box: list[git.Worktree | BaseException] = []
        pathspecs = self._worktree_pathspecs()

        def ask() -> None:
            try:
                box.append(git.worktree(self.repository, pathspecs))
            except BaseException as error:  # handed to the thread that asks for the answer
                box.append(error)

        thread = Thread(target=ask, daemon=True)
        thread.start()
        self._asking = (thread, box)

    _asking: tuple[Thread, list[git.Worktree | BaseException]] | None = None

    @cached_property
    def worktree(self) -> git.Worktree:
        if self.repository.viewed_from is not None:  # an older commit: no edits of the work tree
            return git.Worktree(frozenset(), frozenset())
        if self._asking is not None:
            thread, box = self._asking
            thread.join()
            self._asking = None
            if isinstance(box[0], BaseException):
                raise box[0]
            return box[0]
        return git.worktree(self.repository, self._worktree_pathspecs())

    def _worktree_pathspecs(self) -> list[str]:
        _ = self.index_state  # read before git reads the index: what is kept with the answer is not newer than it
        self.worktree_whole = self._only is None
        return self._only if self._only is not None else sorted(self.folders)

    @cached_property
    def texts(self) -> Texts:
        return Texts(self.objects.read, self.objects.stream_many, self.settings.text_keys)

    @cached_property
    def ignored(self) -> Ignored:
        """The commits not counted: whose message holds an ``ignore_commits`` text (``git log --grep``, any
        case; a merge's brings in every commit of its other parents), and those an ignore-revs file lists."""
        history = self.history
        texts = self.settings.ignore_commits
        by_message: set[int] = set()
        if history.message_matches is not None and history.message_matches[0] == texts:
            by_message = set(history.message_matches[1])  # found when the history was read
        elif texts and self.repository.head:
            found = commits_saying(self.repository, texts)
            by_message = {number for sha in found if (number := history.id_of(sha)) is not None}
        if history.limit is not None:  # a view of an older commit: what it reaches
            by_message = {number for number in by_message if history.limit >> number & 1}
        merges = [number for number in by_message if history.is_merge(number)]
        masks = history.ancestors(parent for number in merges for parent in history.parents[number])
        message_mask = sum(1 << number for number in by_message)
        for number in merges:
            first, *others = history.parents[number]
            brought = 0
            for parent in others:
                brought |= masks[parent]
            message_mask |= brought & ~masks[first]
        listed = 0
        for sha in self._listed_revisions():
            number = history.id_of(sha)
            if number is not None:
                listed |= 1 << number
        return Ignored(message_mask, listed)

    def _listed_revisions(self) -> list[str]:
        """Commit hashes of the ignore-revs files (``.git-blame-ignore-revs`` style: one a line, ``#`` comments)."""
        files = self.settings.ignore_revs_files or (os.path.join(self.repository.top, ".git-blame-ignore-revs"),)
        found = []
        for path in files:
            try:
                lines = Path(path).read_text(encoding="utf-8", errors="replace").splitlines()
            except OSError:
                continue
            for line in lines:
                word = line.split("#", 1)[0].strip().lower()
                if len(word) == 40 and all(char in "0123456789abcdef" for char in word):
                    found.append(word)
        return found


class Places:
    """Finds the repository of each file (one ``git rev-parse`` per repository), and keeps one ``Place`` each."""

    def __init__(
        self, load_history: HistoryLoader = read_history, settings: Settings | None = None, *, at: str | None = None
    ) -> None:
        self.settings = settings or Settings()
        self.at = at  # judge as of the merge base of this revision and HEAD, without the work tree
        self._tops: list[tuple[str, git.Repository]] = []
        self._folders: dict[str, tuple[git.Repository, bytes]] = {}  # folder -> repository, its path inside
        self._places: dict[Path, Place] = {}
        self._wanted: dict[Path, set[str]] = {}
        self._load_history = load_history

    def where(self, path: Path | str) -> tuple[git.Repository, bytes]:
        """The repository of the file at ``path`` and its path inside, as git names it."""
        folder, separator, name = os.fspath(path).rpartition(os.sep)
        folder = folder or separator  # "/name": the root; "name": the current folder ("")
        found = self._folders.get(folder)
        if found is None:
            repository, inside = self.find(os.path.abspath(folder or os.curdir))
            self._wanted.setdefault(repository.top, set()).add(inside or ".")
            found = self._folders[folder] = (repository, os.fsencode(f"{inside}/" if inside else ""))
        return found[0], found[1] + os.fsencode(name)

    def find(self, folder: str) -> tuple[git.Repository, str]:
        """The repository of ``folder`` and the folder's path inside it (``/`` apart, empty for its top)."""
        real = os.path.realpath(folder)
        for top, repository in self._tops:
            inside = _inside(real, top)
            if inside is not None:
                return repository, inside
        repository = _as_its_files_say(real) or git.locate(Path(_existing(real)))
        if self.at is not None:
            repository = git.Repository(repository.top, merge_base(repository, self.at), repository.head)
        top = os.path.realpath(repository.top)
        self._tops.append((top, repository))
        return repository, _inside(real, top, nested=False) or ""

    def start_reading(self, folders: Iterable[str]) -> None:
        """Start reading the history of every repository ``folders`` lie in (see ``Place.start_reading``)."""
        for folder in folders:
            self.place(self.find(os.path.abspath(folder))[0]).start_reading()

    def all(self) -> list[Place]:
        """Every repository asked about so far."""
        return list(self._places.values())

    def all_found(self) -> list[Place]:
        """The ``Place`` of every repository ``where`` found a file in so far."""
        return [self.place(repository) for _, repository in self._tops if repository.top in self._wanted]

    def heads_judged(self) -> set[str | None]:
        """The commit each repository was judged at in this run."""
        return {place.repository.head for place in self._places.values()}

    def place(self, repository: git.Repository) -> Place:
        """The ``Place`` of a repository found by ``where``; made once per run."""
        place = self._places.get(repository.top)
        if place is None:
            folders = self._wanted.setdefault(repository.top, set())
            place = self._places[repository.top] = Place(repository, folders, self._load_history, self.settings)
        return place

    def close(self) -> None:
        for place in self._places.values():
            place.objects.close()


def _as_its_files_say(folder: str) -> git.Repository | None:
    """The repository ``folder`` lies in as its ``.git`` shows it (``glossary.status.dotgit``), without a
    git process; None when git must be asked (only git tells a shallow clone's error, say)."""
    from glossary.status.dotgit import checked_out

    found = checked_out(folder, {}) if os.path.isdir(folder) else None
    if found is None or found.settings.rpartition("\0")[2] != "-":  # a shallow clone: git says so
        return None
    return git.Repository(Path(os.path.realpath(found.top)), found.head)


def _existing(folder: str) -> str:
    while not os.path.isdir(folder) and os.path.dirname(folder) != folder:
        folder = os.path.dirname(folder)
    return folder


def _inside(real: str, top: str, *, nested: bool = True) -> str | None:
    """``real`` relative to ``top`` (``/`` apart) when it lies in that work tree, else None."""
    if real == top:
        return ""
    prefix = top.rstrip(os.sep) + os.sep
    if not real.startswith(prefix):
        return None
    relative = real[len(prefix) :]
    if nested:
        parts = relative.split(os.sep)
        for depth in range(1, len(parts) + 1):
            if os.path.lexists(os.path.join(top, *parts[:depth], ".git")):
                return None
    return relative.replace(os.sep, "/")


def merge_base(repository: git.Repository, revision: str) -> str | None:
    """The merge base of ``revision`` and HEAD; a usage error naming the revision when git knows none."""
    from glossary.errors import UsageError

    if repository.head is None or revision.startswith("-"):
        raise UsageError(f"--changed-since needs a commit: {revision!r} is none in {repository.top}")
    try:
        found = git.output(["merge-base", revision, repository.head], repository.top)
    except git.GitFailed:
        raise UsageError(f"--changed-since: git knows no revision {revision!r} in {repository.top}") from None
    return found.decode("ascii").strip() or None
