"""What git says about the files of a glossary: who touched which file when, and what is not committed.

The core of ``glossary.status``, and knows nothing of articles or languages: it runs ``git`` in a
repository and answers in repository-relative paths as ``bytes`` (git's own encoding of a name, so
names that are not UTF-8 survive). Per repository and run, git is asked as little as possible:

* ``git rev-parse`` once (where the repository is, its ``HEAD``, whether it is a shallow clone);
* ``git log`` once, over the glossary's folders (pathspecs, never one call per file), streamed and
  parsed as it comes; and not at all when the ``HistoryCache`` already holds the history up to
  ``HEAD``. After new commits only ``OLD..HEAD`` is read (``read_changes`` says which files it
  touched, and the cache gives the commits of just the files asked for); a rewritten history
  (``OLD`` no longer an ancestor of ``HEAD``) is read again from scratch;
* ``git status`` once, for the files not committed yet or edited since their last commit.

Merge commits: each one is listed with its changes against its first parent
(``--diff-merges=first-parent``), so a change that reached the branch through a merge counts at
the time of the merge, not only at the (older) time of the commit on the side branch.

Renames that git detects (``-M``) are followed: the older commits of a renamed file count as its
own. A file renamed into the glossary's folders from elsewhere starts its history at the rename.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Collection, Generator, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import repeat
from pathlib import Path
from threading import Thread
from typing import TYPE_CHECKING, NamedTuple, cast

from glossary.errors import GlossaryError

if TYPE_CHECKING:
    import sqlite3

Runner = Callable[[Sequence[str], Path, bytes | None], Iterator[bytes]]
"""Runs ``git ARGS`` in a folder (standard input optional) and yields its output in chunks.

It raises ``GitFailed`` when git exits with a non-zero status. ``run_git`` is the real one; tests
wrap it to count or fake calls.
"""

# One header per commit: a record separator, then hash, commit time and subject apart by unit separators.
_LOG_FORMAT = "--format=%x1e%H%x1f%ct%x1f%s"
_CHUNK = 1 << 16


class HistoryError(GlossaryError):
    """Git cannot answer for the glossary: no git, no repository, an incomplete history."""


class GitNotFound(HistoryError):
    """No ``git`` command on PATH."""


class NotARepository(HistoryError):
    """A folder of the glossary is not inside a git repository."""


class ShallowClone(HistoryError):
    """The repository is a shallow clone: its history is cut off, so dates would be wrong."""


class GitFailed(HistoryError):
    """A git command exited with an error; ``returncode`` and ``stderr`` tell which."""

    def __init__(self, args: Sequence[str], cwd: Path, returncode: int, stderr: bytes) -> None:
        reason = os.fsdecode(stderr).strip().splitlines()
        detail = reason[-1] if reason else f"exit status {returncode}"
        super().__init__(f"git {' '.join(args[:2])} failed in {cwd}: {detail}")
        self.returncode = returncode
        self.stderr = stderr


def run_git(args: Sequence[str], cwd: Path, stdin: bytes | None = None) -> Generator[bytes, None, None]:
    """Run ``git ARGS`` in ``cwd`` and yield its standard output in chunks, as it comes.

    Standard error goes to a temporary file (a full pipe would block git). With ``stdin`` the input
    is written all at once and the output read whole, since git may answer before it read it all.
    """
    import subprocess
    import tempfile

    environment = dict(os.environ, GIT_TERMINAL_PROMPT="0", LC_ALL="C")
    with tempfile.TemporaryFile() as errors:
        try:
            process = subprocess.Popen(
                ["git", *args],
                cwd=cwd,
                stdin=subprocess.DEVNULL if stdin is None else subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=errors,
                env=environment,
            )
        except FileNotFoundError as error:
            if error.filename == "git":
                raise GitNotFound("git is not installed or not on PATH; the history needs it") from None
            raise NotARepository(f"{cwd} does not exist") from None
        assert process.stdout is not None
        try:
            if stdin is not None:
                yield process.communicate(stdin)[0]
            else:
                while chunk := process.stdout.read(_CHUNK):
                    yield chunk
        except BaseException:  # the reader stopped early, or was interrupted
            process.kill()
            process.wait()
            process.stdout.close()
            raise
        returncode = process.wait()
        process.stdout.close()
        if returncode != 0:
            errors.seek(0)
            raise GitFailed(args, cwd, returncode, errors.read())


def git_output(runner: Runner, args: Sequence[str], cwd: Path, stdin: bytes | None = None) -> bytes:
    """The whole output of one git command."""
    return b"".join(runner(args, cwd, stdin))


@dataclass(frozen=True)
class Repository:
    """A git work tree: its top folder as git names it, and the commit checked out (None before the first one)."""

    root: Path
    head: str | None
    tracked: int | None = None  # files in git's index, when its header could be read


def locate_repository(folder: Path, runner: Runner = run_git) -> Repository:
    """The repository ``folder`` belongs to; raises a ``HistoryError`` when there is none or it is shallow."""
    query = ["rev-parse", "--show-toplevel", "--is-shallow-repository", "--git-path", "index"]
    head: str | None
    try:
        lines = git_output(runner, [*query, "HEAD"], folder).rstrip(b"\n").rsplit(b"\n", 3)
        top, shallow, index, head = lines[0], lines[1], lines[2], lines[3].decode("ascii")
    except GitFailed:
        try:  # an unborn HEAD (no commit yet) fails the first query; anything else fails this one too
            top, shallow, index = git_output(runner, query, folder).rstrip(b"\n").rsplit(b"\n", 2)
        except GitFailed as error:
            if b"not a git repository" in error.stderr:
                raise NotARepository(f"{folder} is not in a git repository") from None
            raise
        head = None
    root = Path(os.fsdecode(top))
    if shallow.strip() == b"true":
        raise ShallowClone(
            f"the git history of {root} is incomplete (a shallow clone); `git fetch --unshallow` there fixes it"
        )
    return Repository(root, head, _index_entries(folder / os.fsdecode(index)))


def _index_entries(index: Path) -> int | None:
    """The number of entries git's index file says it holds (its header), or None."""
    try:
        with index.open("rb") as file:
            header = file.read(12)
    except OSError:
        return None
    if len(header) < 12 or header[:4] != b"DIRC":
        return None
    return int.from_bytes(header[8:12], "big")


class RepositoryFinder:
    """Finds the repository of each folder, asking git once per repository rather than once per folder.

    A folder below a known repository's top with no ``.git`` entry on the way down (a submodule or a
    nested repository has one) belongs to that repository.
    """

    def __init__(self, runner: Runner = run_git) -> None:
        self._runner = runner
        self._known: list[Repository] = []

    def find(self, folder: Path) -> tuple[Repository, str]:
        """The repository of ``folder`` and the folder's path inside it (``""`` for its top, ``/`` apart)."""
        real = os.path.realpath(_existing(folder))
        for repository in self._known:
            inside = _relative_inside(real, os.fspath(repository.root))
            if inside is not None:
                return repository, inside
        repository = locate_repository(Path(real), self._runner)
        self._known.append(repository)
        inside = _relative_inside(real, os.path.realpath(repository.root), check_nested=False)
        return repository, inside or ""


def _existing(folder: Path) -> Path:
    while not folder.exists() and folder.parent != folder:
        folder = folder.parent
    return folder


def _relative_inside(real: str, root: str, *, check_nested: bool = True) -> str | None:
    """``real`` relative to ``root`` when it lies in the same work tree, else None."""
    if real == root:
        return ""
    if not real.startswith(root.rstrip(os.sep) + os.sep):
        return None
    relative = real[len(root.rstrip(os.sep)) + 1 :]
    if check_nested:
        parts = relative.split(os.sep)
        for depth in range(1, len(parts) + 1):
            if os.path.lexists(os.path.join(root, *parts[:depth], ".git")):
                return None
    return relative.replace(os.sep, "/")


class Touch(NamedTuple):
    """One commit that changed a file. An empty ``sha`` stands for edits not committed yet."""

    sha: str
    time: int  # commit time, seconds since the epoch
    subject: str


@dataclass
class History:
    """Every commit that touched each file, newest first, keyed by repository-relative path."""

    head: str | None
    touches: dict[bytes, list[Touch]] = field(default_factory=dict)


def _tokens(chunks: Iterable[bytes]) -> Iterator[bytes]:
    """The NUL-separated fields of a ``-z`` output, without holding more than one chunk."""
    rest = b""
    for chunk in chunks:
        parts = (rest + chunk).split(b"\0")
        rest = parts.pop()
        yield from parts
    if rest:
        yield rest


def parse_log(chunks: Iterable[bytes]) -> Iterator[tuple[Touch, list[tuple[bytes, bytes | None]]]]:
    """Commits of ``git log -z --name-status`` in ``_LOG_FORMAT``: each with its (path, renamed-from) pairs.

    The parser keeps track of where it is (header, status letter, one or two paths), so a path can
    hold any byte without being taken for something else.
    """
    tokens = _tokens(chunks)
    commit: Touch | None = None
    files: list[tuple[bytes, bytes | None]] = []
    for token in tokens:
        token = token.lstrip(b"\n")
        if token.startswith(b"\x1e"):
            if commit is not None:
                yield commit, files
            sha, time, subject = token[1:].split(b"\x1f", 2)
            commit, files = Touch(sha.decode("ascii"), int(time), subject.decode("utf-8", "replace")), []
        elif token[:1] in (b"R", b"C"):
            old, new = next(tokens), next(tokens)
            files.append((new, old if token[:1] == b"R" else None))
        elif token:
            files.append((next(tokens), None))
    if commit is not None:
        yield commit, files


def read_log(
    repository: Repository,
    pathspecs: Sequence[str],
    runner: Runner,
    since: str | None = None,
    *,
    narrow: bool = True,
) -> tuple[dict[bytes, list[Touch]], dict[bytes, bytes]]:
    """The touches of ``since..HEAD`` (all of history without ``since``), newest first, and the renames seen.

    Renames map each older name to the newest name of the file; older commits are filed under the
    newest name as the stream goes, so a name reused after a rename keeps its own history.

    With ``narrow`` git itself keeps to the pathspecs. Without, it lists every file and the paths
    are filtered here: faster when the pathspecs cover most of the repository, because git then
    skips both matching every tree entry against them and simplifying the history by them.
    """
    if repository.head is None:
        return {}, {}
    revisions = f"{since}..{repository.head}" if since else repository.head
    args = ["--literal-pathspecs", "-c", "log.showSignature=false", "log", "-z", _LOG_FORMAT, "--name-status"]
    args += ["-M", "--diff-merges=first-parent", "--no-color", "--no-ext-diff", revisions, "--"]
    args += pathspecs if narrow else []
    everything = narrow or "." in pathspecs
    prefixes = tuple(os.fsencode(spec.rstrip("/") + "/") for spec in pathspecs)
    touches: dict[bytes, list[Touch]] = {}
    renamed: dict[bytes, bytes] = {}
    for commit, files in parse_log(runner(args, repository.root, None)):
        for path, old in files:
            if not everything and not path.startswith(prefixes):
                continue
            current = renamed.get(path, path)
            touches.setdefault(current, []).append(commit)
            if old is not None and old != path:
                renamed[old] = current
    return touches, renamed


def is_ancestor(repository: Repository, commit: str, runner: Runner) -> bool:
    """Whether ``commit`` is an ancestor of (or is) ``HEAD``; False when it no longer exists."""
    try:
        git_output(runner, ["merge-base", "--is-ancestor", commit, repository.head or "HEAD"], repository.root)
    except GitFailed:
        return False
    return True


@dataclass
class HistoryChanges:
    """What git log said since the cache was last brought up to date: ``since..head`` was read (nothing
    when they are one), or the whole history (``since`` None, ``touches`` complete). ``renamed`` maps
    older names to the newest name of files renamed in the commits read."""

    head: str | None
    since: str | None
    touches: dict[bytes, list[Touch]] = field(default_factory=dict)
    renamed: dict[bytes, bytes] = field(default_factory=dict)


def read_changes(
    repository: Repository,
    pathspecs: Sequence[str],
    runner: Runner = run_git,
    cache: HistoryCache | None = None,
    *,
    files: int = 0,
) -> HistoryChanges:
    """Bring the cache up to ``HEAD`` and say what changed, without loading what the cache holds.

    ``files`` is how many files of interest lie under the pathspecs: when they are most of the
    repository, git is asked for every file (see ``read_log``).
    """
    narrow = not (repository.tracked and files * 2 >= repository.tracked)
    cached = cache.entry(repository.root, pathspecs) if cache is not None else None
    if cache is not None and cached is not None:
        stored_head = cached[1]
        if stored_head == repository.head:
            return HistoryChanges(repository.head, stored_head or "")
        if stored_head and repository.head and is_ancestor(repository, stored_head, runner):
            touches, renamed = read_log(repository, pathspecs, runner, since=stored_head, narrow=narrow)
            cache.extend(repository.root, pathspecs, repository.head, touches, renamed)
            return HistoryChanges(repository.head, stored_head, touches, renamed)
    touches, _ = read_log(repository, pathspecs, runner, narrow=narrow)
    if cache is not None:
        cache.replace(repository.root, pathspecs, repository.head, touches)
    return HistoryChanges(repository.head, None, touches)


def read_history(
    repository: Repository,
    pathspecs: Sequence[str],
    runner: Runner = run_git,
    cache: HistoryCache | None = None,
    *,
    files: int = 0,
) -> History:
    """The history of the files under ``pathspecs`` at ``HEAD``, from the cache where it is still valid."""
    changes = read_changes(repository, pathspecs, runner, cache, files=files)
    if changes.since is None or cache is None:
        return History(repository.head, changes.touches)
    stored = cache.load(repository.root, pathspecs)
    return History(repository.head, stored.touches if stored is not None else {})


@dataclass(frozen=True)
class Worktree:
    """Files git does not have committed (``uncommitted``) and committed files edited since (``edited``)."""

    uncommitted: frozenset[bytes]
    edited: frozenset[bytes]


def read_worktree(repository: Repository, pathspecs: Sequence[str], runner: Runner = run_git) -> Worktree:
    """One ``git status`` over ``pathspecs``: untracked and added files, and edited ones (staged or not)."""
    args = ["--literal-pathspecs", "status", "--porcelain=v1", "-z", "--untracked-files=all", "--no-renames"]
    uncommitted: set[bytes] = set()
    edited: set[bytes] = set()
    for entry in _tokens(runner([*args, "--", *pathspecs], repository.root, None)):
        code, path = entry[:2], entry[3:]
        if code == b"??" or code[:1] == b"A":
            uncommitted.add(path)
        elif code != b"!!":
            edited.add(path)
    return Worktree(frozenset(uncommitted), frozenset(edited - uncommitted))


@dataclass
class Folders:
    """Groups of files, each under one folder: the repository of each, and what git says in each repository.

    ``place`` finds each group's repository; ``read`` brings each repository's cache up to ``HEAD``
    (``changes``) and runs ``git status`` in a thread (``worktrees`` waits for it). A file is named by
    its absolute path as text (``absolute``), or by its repository's top and path inside (``key``)."""

    runner: Runner
    cache: HistoryCache | None
    finder: RepositoryFinder
    folders: dict[str, tuple[Repository, str, str]] = field(default_factory=dict)
    changes: dict[Path, HistoryChanges] = field(default_factory=dict)
    specs: dict[Path, list[str]] = field(default_factory=dict)
    absolute: dict[str, list[str]] = field(default_factory=dict)
    _worktrees: dict[Path, Worktree] = field(default_factory=dict)
    _reading: Thread | None = None  # runs git status while the stored results are read
    _failure: BaseException | None = None

    def place(self, groups: Mapping[str, list[Path | str]]) -> None:
        """Find the repository of each group's folder (the common folder of its files)."""
        for group, paths in groups.items():
            self.absolute[group] = absolute = _absolute(paths)
            folder = _common_folder(absolute)
            self.folders[group] = (*self.finder.find(Path(folder)), folder)

    def read(self) -> None:
        """Per repository: one history update, then one work-tree status in a thread, over its groups' folders."""
        pathspecs: dict[Path, set[str]] = {}
        repositories: dict[Path, Repository] = {}
        files: dict[Path, int] = {}
        for group, (repository, folder, _) in self.folders.items():
            repositories[repository.root] = repository
            pathspecs.setdefault(repository.root, set()).add(folder or ".")
            files[repository.root] = files.get(repository.root, 0) + len(self.absolute[group])
        for root, repository in repositories.items():
            self.specs[root] = specs = sorted(pathspecs[root])
            self.changes[root] = read_changes(repository, specs, self.runner, self.cache, files=files[root])
        self._reading = Thread(target=self._read_worktrees, args=(repositories,), daemon=True)
        self._reading.start()

    def _read_worktrees(self, repositories: dict[Path, Repository]) -> None:
        try:
            for root, repository in repositories.items():
                self._worktrees[root] = read_worktree(repository, self.specs[root], self.runner)
        except BaseException as error:  # raised again in the thread that asks for the work trees
            self._failure = error

    @property
    def worktrees(self) -> dict[Path, Worktree]:
        """Per repository, what git status said (waiting for it while it runs)."""
        self.close()
        if self._failure is not None:
            raise self._failure
        return self._worktrees

    def close(self) -> None:
        if self._reading is not None:  # joining a thread that ended returns at once
            self._reading.join()

    def key(self, group: str, path: str) -> tuple[Path, bytes]:
        """The repository of a file of ``group`` (``path`` as ``place`` made it absolute) and its path inside."""
        repository, inside, folder = self.folders[group]
        rest = path[len(folder.rstrip(os.sep)) + 1 :].replace(os.sep, "/")
        return repository.root, os.fsencode(f"{inside}/{rest}" if inside else rest)

    def names(self, root: Path, keys: Collection[bytes]) -> set[str]:
        """The absolute paths, spelled as ``place`` spells its files', of paths inside repository ``root``."""
        found: set[str] = set()
        for repository, inside, folder in self.folders.values():
            if repository.root != root or not keys:
                continue
            prefix, base = (inside + "/" if inside else ""), folder.rstrip(os.sep) + os.sep
            for text in map(os.fsdecode, keys):
                if text.startswith(prefix):
                    found.add(base + text[len(prefix) :].replace("/", os.sep))
        return found

    def histories(self, wanted: Mapping[Path, set[bytes]], everything: bool) -> dict[Path, dict[bytes, list[Touch]]]:
        """The commits of the files ``wanted`` per repository (of every file with ``everything``)."""
        found: dict[Path, dict[bytes, list[Touch]]] = {}
        for root, changes in self.changes.items():
            if changes.since is None or self.cache is None:
                found[root] = changes.touches
            elif everything:
                stored = self.cache.load(root, self.specs[root])
                found[root] = stored.touches if stored is not None else {}
            else:
                found[root] = self.cache.touches_of(root, self.specs[root], wanted.get(root, ()))
        return found


def _absolute(paths: list[Path | str]) -> list[str]:
    """Each path as text, made absolute (as ``os.path.abspath`` does) where it is relative."""
    texts = [os.fspath(path) for path in paths] if set(map(type, paths)) != {str} else cast("list[str]", paths)
    if all(map(str.startswith, texts, repeat(os.sep))):
        return texts
    cwd = os.getcwd()
    return [text if os.path.isabs(text) else os.path.normpath(os.path.join(cwd, text)) for text in texts]


def _common_folder(paths: list[str]) -> str:
    """The deepest folder holding every path (each absolute), as a prefix of their spelling."""
    prefix = os.path.commonprefix([min(paths), max(paths)])
    cut = prefix.rfind(os.sep)
    return prefix[:cut] if cut > 0 else prefix[: cut + 1]


class Commit(NamedTuple):
    sha: str
    time: int


def resolve_commits(
    repository: Repository, names: Iterable[str], runner: Runner = run_git, cache: HistoryCache | None = None
) -> dict[str, Commit]:
    """The commits that ``names`` (full or abbreviated hashes) name; names of no commit are left out.

    Commits found once are kept in the cache; names of no commit are asked again on every run.
    """
    wanted = set(names)
    known = cache.known_commits(repository.root, wanted) if cache is not None else {}
    found = _ask_commits(repository, sorted(wanted - known.keys()), runner)
    if cache is not None and found:
        cache.remember_commits(repository.root, found)
    return known | found


def _ask_commits(repository: Repository, asked: list[str], runner: Runner) -> dict[str, Commit]:
    if not asked:
        return {}
    output = git_output(runner, ["cat-file", "--batch"], repository.root, "".join(f"{n}\n" for n in asked).encode())
    found: dict[str, Commit] = {}
    position = 0
    for name in asked:
        end = output.index(b"\n", position)
        header = output[position:end].split(b" ")
        position = end + 1
        if len(header) != 3:  # "<name> missing" or "<name> ambiguous"
            continue
        size = int(header[2])
        body = output[position : position + size]
        position += size + 1
        if header[1] == b"commit":
            found[name] = Commit(header[0].decode("ascii"), _committer_time(body))
    return found


def _committer_time(body: bytes) -> int:
    for line in body.split(b"\n"):
        if line.startswith(b"committer "):
            return int(line.rsplit(b" ", 2)[1])
        if not line:
            break
    return 0


def source_changes_text(path: Path, since: str | None, runner: Runner = run_git) -> str:
    """What changed in the file at ``path`` after commit ``since`` (all of its history without it), as text.

    The commits with their patches (``git log -p --follow``, so a rename is followed), then the
    edits not committed yet (``git diff HEAD``).
    """
    repository, folder = RepositoryFinder(runner).find(path.parent)
    relative = "/".join(part for part in (folder, path.name) if part)
    revisions = [f"{since}..HEAD"] if since else []
    log = ["--literal-pathspecs", "log", "-p", "--follow", "--no-color", "--no-ext-diff", *revisions, "--", relative]
    text = git_output(runner, log, repository.root)
    if repository.head is not None:
        text += git_output(
            runner, ["--literal-pathspecs", "diff", "--no-color", "HEAD", "--", relative], repository.root
        )
    return text.decode("utf-8", "replace")


class HistoryCache:
    """What ``git log`` said, stored in a SQLite database it is given, keyed by the commit it was read at.

    The tables are its own (``history_*``); the connection may hold other tables too. Paths are
    stored as bytes, as git gave them.
    """

    def __init__(self, connection: sqlite3.Connection) -> None:
        self.connection = connection
        with connection:
            connection.executescript(
                """
                CREATE TABLE IF NOT EXISTS history_repositories (
                    id INTEGER PRIMARY KEY, root BLOB NOT NULL, pathspecs BLOB NOT NULL, head TEXT,
                    UNIQUE (root, pathspecs));
                CREATE TABLE IF NOT EXISTS history_touches (
                    id INTEGER PRIMARY KEY, repository INTEGER NOT NULL, path BLOB NOT NULL,
                    sha TEXT NOT NULL, time INTEGER NOT NULL, subject TEXT NOT NULL);
                CREATE INDEX IF NOT EXISTS history_touches_by_repository ON history_touches (repository, path);
                CREATE TABLE IF NOT EXISTS history_commits (
                    root BLOB NOT NULL, name TEXT NOT NULL, sha TEXT NOT NULL, time INTEGER NOT NULL,
                    PRIMARY KEY (root, name));
                CREATE TABLE IF NOT EXISTS history_results (scope BLOB PRIMARY KEY, data BLOB NOT NULL);
                """
            )

    @classmethod
    def open(cls, path: Path) -> HistoryCache:
        """A cache in its own SQLite file at ``path`` (created when missing)."""
        import sqlite3

        return cls(sqlite3.connect(path))

    def _key(self, root: Path, pathspecs: Sequence[str]) -> tuple[bytes, bytes]:
        return os.fsencode(root), "\0".join(pathspecs).encode("utf-8", "surrogateescape")

    def _repository_id(self, root: Path, pathspecs: Sequence[str]) -> int:
        key = self._key(root, pathspecs)
        self.connection.execute("INSERT OR IGNORE INTO history_repositories (root, pathspecs) VALUES (?, ?)", key)
        return int(self.entry(root, pathspecs)[0])  # type: ignore[index]

    def entry(self, root: Path, pathspecs: Sequence[str]) -> tuple[int, str | None] | None:
        """The id of the history stored for this repository and these pathspecs, and the commit it was read at."""
        query = "SELECT id, head FROM history_repositories WHERE root = ? AND pathspecs = ?"
        return self.connection.execute(query, self._key(root, pathspecs)).fetchone()

    def touches_of(self, root: Path, pathspecs: Sequence[str], paths: Iterable[bytes]) -> dict[bytes, list[Touch]]:
        """The stored commits of just these files, newest first (files without any are left out)."""
        stored, wanted = self.entry(root, pathspecs), sorted(set(paths))
        touches: dict[bytes, list[Touch]] = {}
        for start in range(0, len(wanted) if stored is not None else 0, 500):
            chunk, some = wanted[start : start + 500], ", ".join("?" * len(wanted[start : start + 500]))
            query = f"SELECT path, sha, time, subject FROM history_touches WHERE repository = ? AND path IN ({some})"
            rows = self.connection.execute(query + " ORDER BY id DESC", (stored[0], *chunk))  # type: ignore[index]
            for path, sha, time, subject in rows:
                touches.setdefault(path, []).append(Touch(sha, time, subject))
        return touches

    def load_results(self, scope: bytes) -> bytes | None:
        """What ``store_results`` kept under ``scope`` (the caller's own encoding), or None."""
        row = self.connection.execute("SELECT data FROM history_results WHERE scope = ?", (scope,)).fetchone()
        return None if row is None else bytes(row[0])

    def store_results(self, scope: bytes, data: bytes) -> None:
        with self.connection:
            self.connection.execute("INSERT OR REPLACE INTO history_results (scope, data) VALUES (?, ?)", (scope, data))

    def load(self, root: Path, pathspecs: Sequence[str]) -> History | None:
        """The history stored for this repository and these pathspecs, or None."""
        row = self.entry(root, pathspecs)
        if row is None:
            return None
        touches: dict[bytes, list[Touch]] = {}
        rows = self.connection.execute(
            "SELECT path, sha, time, subject FROM history_touches WHERE repository = ? ORDER BY id DESC", (row[0],)
        )
        for path, sha, time, subject in rows:
            touches.setdefault(path, []).append(Touch(sha, time, subject))
        return History(row[1], touches)

    def replace(
        self, root: Path, pathspecs: Sequence[str], head: str | None, touches: dict[bytes, list[Touch]]
    ) -> None:
        """Store a history read from scratch in place of what was stored."""
        with self.connection:
            repository = self._repository_id(root, pathspecs)
            self.connection.execute("DELETE FROM history_touches WHERE repository = ?", (repository,))
            self._insert(repository, touches)
            self.connection.execute("UPDATE history_repositories SET head = ? WHERE id = ?", (head, repository))

    def extend(
        self,
        root: Path,
        pathspecs: Sequence[str],
        head: str,
        touches: dict[bytes, list[Touch]],
        renamed: dict[bytes, bytes],
    ) -> None:
        """Add the touches of newer commits, and file what is stored under a renamed file's new name."""
        with self.connection:
            repository = self._repository_id(root, pathspecs)
            self.connection.executemany(
                "UPDATE history_touches SET path = ? WHERE repository = ? AND path = ?",
                [(new, repository, old) for old, new in renamed.items()],
            )
            self._insert(repository, touches)
            self.connection.execute("UPDATE history_repositories SET head = ? WHERE id = ?", (head, repository))

    def _insert(self, repository: int, touches: dict[bytes, list[Touch]]) -> None:
        """Rows go in oldest first, so the row id orders them by age (``load`` reads them newest first)."""
        rows = [
            (repository, path, *touch) for path, newest_first in touches.items() for touch in reversed(newest_first)
        ]
        self.connection.executemany(
            "INSERT INTO history_touches (repository, path, sha, time, subject) VALUES (?, ?, ?, ?, ?)", rows
        )

    def known_commits(self, root: Path, names: Iterable[str]) -> dict[str, Commit]:
        """The commits already resolved for these names (a commit never changes, so they never go stale)."""
        found: dict[str, Commit] = {}
        query = "SELECT sha, time FROM history_commits WHERE root = ? AND name = ?"
        for name in names:
            row = self.connection.execute(query, (os.fsencode(root), name)).fetchone()
            if row is not None:
                found[name] = Commit(row[0], row[1])
        return found

    def remember_commits(self, root: Path, commits: dict[str, Commit]) -> None:
        with self.connection:
            self.connection.executemany(
                "INSERT OR REPLACE INTO history_commits (root, name, sha, time) VALUES (?, ?, ?, ?)",
                [(os.fsencode(root), name, *commit) for name, commit in commits.items()],
            )
