"""Running git for ``status``, and reading what it prints.

Every git process runs in the repository's own folder with the repository variables of the
environment removed (``GIT_DIR``, ``GIT_WORK_TREE``, ``GIT_INDEX_FILE``, replace refs, grafts...:
the names ``git rev-parse --local-env-vars`` lists), replace objects off, and log output forced to
UTF-8, so what a user has set for another repository or another encoding cannot change the answer.
Paths stay ``bytes`` as git gives them (``-z``), so names that are not UTF-8 survive.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from glossary.errors import GlossaryError

LOCAL_ENV_VARS = (
    "GIT_ALTERNATE_OBJECT_DIRECTORIES", "GIT_CONFIG", "GIT_CONFIG_PARAMETERS", "GIT_CONFIG_COUNT",
    "GIT_OBJECT_DIRECTORY", "GIT_DIR", "GIT_WORK_TREE", "GIT_IMPLICIT_WORK_TREE", "GIT_GRAFT_FILE",
    "GIT_INDEX_FILE", "GIT_NO_REPLACE_OBJECTS", "GIT_REPLACE_REF_BASE", "GIT_PREFIX",
    "GIT_INTERNAL_SUPER_PREFIX", "GIT_SHALLOW_FILE", "GIT_COMMON_DIR", "GIT_CEILING_DIRECTORIES",
    "GIT_DISCOVERY_ACROSS_FILESYSTEM", "GIT_NAMESPACE", "GIT_QUARANTINE_PATH", "GIT_LITERAL_PATHSPECS",
    "GIT_GLOB_PATHSPECS", "GIT_NOGLOB_PATHSPECS", "GIT_ICASE_PATHSPECS", "GIT_DIFF_OPTS", "GIT_EXTERNAL_DIFF",
)  # fmt: skip
"""What ``git rev-parse --local-env-vars`` lists, and the variables that change how paths and diffs are read."""

SETTINGS = (
    "-c", "i18n.logOutputEncoding=UTF-8", "-c", "log.showSignature=false", "-c", "core.quotePath=false",
    "-c", "diff.renames=true", "-c", "diff.noprefix=false", "-c", "color.ui=false", "-c", "log.showRoot=true",
    "--no-replace-objects",
    "--literal-pathspecs",
)  # fmt: skip

COMMIT_FORMAT = "--format=%x1e%H%x1f%P%x1f%ct%x1f%s"
"""One header a commit: a record separator, then hash, parents, committer time and subject, apart by unit separators."""


class HistoryError(GlossaryError):
    """Git cannot answer for the glossary: no git, no repository, an incomplete history."""


class GitNotFound(HistoryError):
    """No ``git`` command on PATH."""


class NotARepository(HistoryError):
    """A folder of the glossary is not inside a git repository."""


class ShallowClone(HistoryError):
    """The repository is a shallow clone: its history is cut off, so no base can be trusted."""


class GitFailed(HistoryError):
    """A git command exited with an error."""

    def __init__(self, args: Sequence[str], cwd: Path, returncode: int, stderr: bytes) -> None:
        reason = os.fsdecode(stderr).strip().splitlines()
        detail = reason[-1] if reason else f"exit status {returncode}"
        shown = next((arg for arg in args if not arg.startswith("-") and "=" not in arg), "")
        super().__init__(f"git {shown} failed in {cwd}: {detail}")
        self.returncode = returncode
        self.stderr = stderr


def environment() -> dict[str, str]:
    """The environment git runs in: the user's, less every variable that points git at another repository."""
    env = {name: value for name, value in os.environ.items() if name not in LOCAL_ENV_VARS}
    for name in [name for name in env if name.startswith(("GIT_CONFIG_KEY_", "GIT_CONFIG_VALUE_"))]:
        del env[name]
    env.update(GIT_TERMINAL_PROMPT="0", GIT_OPTIONAL_LOCKS="0", LC_ALL="C", GIT_PAGER="cat")
    return env


def _popen(args: Sequence[str], cwd: Path, *, stdin: bool = False) -> subprocess.Popen[bytes]:
    import tempfile

    errors = tempfile.TemporaryFile()  # noqa: SIM115 (closed when the process is finished)
    try:
        process = subprocess.Popen(
            ["git", *SETTINGS, *args],
            cwd=cwd,
            stdin=subprocess.PIPE if stdin else subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=errors,
            env=environment(),
        )
        _ERRORS[process.pid] = errors
        _RUNNING[process.pid] = process
        return process
    except FileNotFoundError as error:
        if error.filename == "git":
            raise GitNotFound("git is not installed or not on PATH; status needs it") from None
        raise NotARepository(f"{cwd} does not exist") from None
    except NotADirectoryError:
        raise NotARepository(f"{cwd} is not a folder") from None


_ERRORS: dict[int, IO[bytes]] = {}
"""The file each running git process writes its standard error to (a full pipe would block git)."""

_RUNNING: dict[int, subprocess.Popen[bytes]] = {}
"""Every git process started and not yet waited for (``stop_running`` ends them)."""


def stop_running() -> None:
    """End every git process still running: when a run stops on an error while a thread still reads
    from git (the history, read ahead), nothing it started may outlive it."""
    for process in list(_RUNNING.values()):
        try:
            process.kill()
            process.wait()
        except OSError:
            pass
    _RUNNING.clear()


def _finish(process: subprocess.Popen[bytes], args: Sequence[str], cwd: Path) -> None:
    returncode = process.wait()
    _RUNNING.pop(process.pid, None)
    if process.stdout is not None:
        process.stdout.close()
    errors = _ERRORS.pop(process.pid, None)
    detail = b""
    if errors is not None:
        if returncode != 0:
            errors.seek(0)
            detail = errors.read()
        errors.close()
    if returncode != 0:
        raise GitFailed(args, cwd, returncode, detail)


def stream(args: Sequence[str], cwd: Path) -> Iterator[bytes]:
    """Run ``git ARGS`` in ``cwd`` and yield its output in chunks as it comes; ``GitFailed`` at the end if it failed."""
    process = _popen(args, cwd)
    assert process.stdout is not None
    try:
        while chunk := process.stdout.read(1 << 16):
            yield chunk
    except BaseException:
        process.kill()
        process.wait()
        _RUNNING.pop(process.pid, None)
        error_file = _ERRORS.pop(process.pid, None)
        if error_file is not None:
            error_file.close()
        raise
    _finish(process, args, cwd)


def output(args: Sequence[str], cwd: Path, stdin: bytes | None = None) -> bytes:
    """The whole output of ``git ARGS`` (with ``stdin`` written while it is read)."""
    if stdin is None:
        return b"".join(stream(args, cwd))
    process = _popen(args, cwd, stdin=True)
    out, _ = process.communicate(stdin)
    _finish(process, args, cwd)
    return out


@dataclass(frozen=True)
class Repository:
    """A git work tree: its top folder and the commit checked out (None before the first commit).

    ``viewed_from`` is set when ``head`` is an older commit the run looks from (``status
    --changed-since``): it is then the commit really checked out.
    """

    top: Path
    head: str | None
    viewed_from: str | None = None


def locate(folder: Path) -> Repository:
    """The repository ``folder`` lies in; a ``HistoryError`` when there is none, or when it is a shallow clone."""
    query = ["rev-parse", "--show-toplevel", "--is-shallow-repository"]
    try:
        lines = output([*query, "--verify", "-q", "HEAD"], folder).decode("utf-8", "surrogateescape").splitlines()
    except GitFailed:
        try:  # an unborn HEAD (no commit yet) fails --verify; anything else fails this one too
            lines = output(query, folder).decode("utf-8", "surrogateescape").splitlines()
        except GitFailed as error:
            if b"not a git repository" in error.stderr:
                raise NotARepository(f"{folder} is not in a git repository") from None
            raise
        lines.append("")
    top = Path(lines[0])
    if lines[1].strip() == "true":
        raise ShallowClone(
            f"the git history of {top} is cut off (a shallow clone), so no translation can be dated; "
            "run `git fetch --unshallow` there (in CI, check out with fetch-depth: 0)"
        )
    head = lines[2].strip() if len(lines) > 2 and lines[2].strip() else None
    return Repository(top, head)


def fields(chunks: Iterable[bytes]) -> Iterator[bytes]:
    """The NUL-separated fields of a ``-z`` output, without holding more than one chunk."""
    rest = b""
    for chunk in chunks:
        parts = (rest + chunk).split(b"\0")
        rest = parts.pop()
        yield from parts
    if rest:
        yield rest


def resolve_commits(top: Path, names: Sequence[str]) -> dict[str, str | None]:
    """The full hash of the commit each name names (``git cat-file --batch-check``), None where none."""
    if not names:
        return {}
    query = b"".join(os.fsencode(name) + b"^{commit}\n" for name in names)
    answers = output(["cat-file", "--batch-check"], top, query).decode("ascii", "replace").splitlines()
    found: dict[str, str | None] = {}
    for name, answer in zip(names, answers, strict=False):
        parts = answer.split()
        found[name] = parts[0] if len(parts) == 3 and parts[1] == "commit" else None
    return found


def head_blobs(repository: Repository, pathspecs: Sequence[str]) -> dict[bytes, bytes]:
    """The blob of every file under ``pathspecs`` at HEAD, by repository-relative path."""
    if repository.head is None:
        return {}
    raw = output(["ls-tree", "-r", "-z", "--full-tree", repository.head, "--", *pathspecs], repository.top)
    blobs: dict[bytes, bytes] = {}
    for entry in raw.split(b"\0"):
        meta, _, path = entry.partition(b"\t")
        parts = meta.split()
        if len(parts) == 3 and parts[1] == b"blob":
            blobs[path] = parts[2]
    return blobs


def tree_files(repository: Repository, pathspecs: Sequence[str]) -> dict[bytes, tuple[bytes, bool]]:
    """Every file under ``pathspecs`` at HEAD by repository-relative path: its blob, and whether it is
    a symbolic link (whose blob is then the path it leads to)."""
    if repository.head is None:
        return {}
    raw = output(["ls-tree", "-r", "-z", "--full-tree", repository.head, "--", *pathspecs], repository.top)
    files: dict[bytes, tuple[bytes, bool]] = {}
    for entry in raw.split(b"\0"):
        meta, _, path = entry.partition(b"\t")
        parts = meta.split()
        if len(parts) == 3 and parts[1] == b"blob":
            files[path] = (parts[2], parts[0] == b"120000")
    return files


@dataclass(frozen=True)
class Worktree:
    """Files not committed yet (``untracked``, added ones included) and committed files edited since (``edited``)."""

    untracked: frozenset[bytes]
    edited: frozenset[bytes]


def worktree(repository: Repository, pathspecs: Sequence[str]) -> Worktree:
    """One ``git status`` over ``pathspecs``."""
    args = ["status", "--porcelain=v1", "-z", "--untracked-files=all", "--no-renames", "--ignored=no"]
    untracked: set[bytes] = set()
    edited: set[bytes] = set()
    for entry in fields(stream([*args, "--", *pathspecs], repository.top)):
        code, path = entry[:2], entry[3:]
        if code == b"??" or code[:1] == b"A":
            untracked.add(path)
        elif code.strip():
            edited.add(path)
    return Worktree(frozenset(untracked), frozenset(edited - untracked))


class Objects:
    """One ``git cat-file --batch`` process that answers questions (``SHA`` or ``REV:PATH``), one
    at a time (``read``) or many at once (``read_many``).

    Every answer is read before the next question is asked, so the pipes never fill up.
    """

    def __init__(self, top: Path) -> None:
        self.top = top
        self._process: subprocess.Popen[bytes] | None = None

    def read(self, name: bytes) -> bytes | None:
        """The contents of the blob ``name`` names; None when there is none."""
        if b"\n" in name:
            return None
        if self._process is None:
            self._process = _popen(["cat-file", "--batch"], self.top, stdin=True)
        process = self._process
        assert process.stdin is not None and process.stdout is not None
        process.stdin.write(name + b"\n")
        process.stdin.flush()
        header = process.stdout.readline()
        parts = header.split()
        if len(parts) != 3 or not parts[2].isdigit():
            if not header:
                raise GitFailed(["cat-file"], self.top, process.poll() or 1, b"cat-file stopped")
            return None
        body = process.stdout.read(int(parts[2]))
        process.stdout.read(1)
        return body if parts[1] == b"blob" else None

    def read_many(self, names: list[bytes]) -> dict[bytes, bytes | None]:
        """The contents of many objects, asked all at once of the same process (a thread writes the
        questions while the answers are read, so neither pipe fills up; a run asks in a few
        batches, and a process started for each would cost more than the reading)."""
        return dict(self.stream_many(names))

    def stream_many(self, names: list[bytes]) -> Iterator[tuple[bytes, bytes | None]]:
        """``read_many`` as the answers come: what is done with one overlaps git's reading of the next."""
        from threading import Thread

        names = [name for name in dict.fromkeys(names) if b"\n" not in name]
        if not names:
            return
        if self._process is None:
            self._process = _popen(["cat-file", "--batch"], self.top, stdin=True)
        process = self._process
        assert process.stdin is not None and process.stdout is not None
        stdin = process.stdin

        def ask() -> None:
            try:
                stdin.write(b"".join(name + b"\n" for name in names))
                stdin.flush()
            except OSError:
                pass

        writer = Thread(target=ask, daemon=True)
        writer.start()
        out = process.stdout
        try:
            for name in names:
                header = out.readline()
                parts = header.split()
                if len(parts) == 3 and parts[2].isdigit():
                    body = out.read(int(parts[2]))
                    out.read(1)
                    yield name, body if parts[1] == b"blob" else None
                elif not header:
                    raise GitFailed(["cat-file"], self.top, process.poll() or 1, b"cat-file stopped")
                else:
                    yield name, None
        finally:
            writer.join()

    def close(self) -> None:
        process, self._process = self._process, None
        if process is not None:
            assert process.stdin is not None and process.stdout is not None
            process.stdin.close()
            process.stdout.close()
            process.wait()
            _RUNNING.pop(process.pid, None)
            error_file = _ERRORS.pop(process.pid, None)
            if error_file is not None:
                error_file.close()


def web_url(repository: Repository) -> str | None:
    """The web address of the repository's ``origin`` on GitHub or GitLab, without any credentials; None otherwise."""
    import re
    from urllib.parse import urlsplit

    try:
        raw = output(["remote", "get-url", "origin"], repository.top).decode("utf-8", "replace").strip()
    except HistoryError:
        return None
    scp = re.fullmatch(r"(?:[^@/]+@)?([\w.-]+):(?!//)([\w.~/-]+?)(?:\.git)?/?", raw)
    if scp:
        host, path = scp.group(1), scp.group(2)
    else:
        parts = urlsplit(raw)
        if parts.scheme not in ("https", "http", "ssh", "git") or not parts.hostname:
            return None
        host, path = parts.hostname, parts.path.strip("/").removesuffix(".git")
    host = host.lower()
    if not (host == "github.com" or host == "gitlab.com" or host.startswith(("github.", "gitlab."))):
        return None
    if not re.fullmatch(r"[\w.~-]+(?:/[\w.~-]+)+", path):
        return None
    return f"https://{host}/{path}"
