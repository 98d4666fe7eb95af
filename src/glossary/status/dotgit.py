"""What a repository's own files say, read without a git process: which repository a folder lies
in, the commit checked out, and the state of the files a report depends on beside the articles.

A run that finds nothing changed must cost little more than a walk over the glossary's files; a
git process costs milliseconds. Git's own layout is read here: ``.git`` found as git finds it
(a folder, or a file naming one, for a linked work tree or a submodule), ``HEAD``, a loose or
packed branch. Anything else (a reference format this does not know, an unborn branch) answers
None, and the caller asks git.
"""

from __future__ import annotations

import os
from typing import NamedTuple

_HASH = frozenset("0123456789abcdef")


class CheckedOut(NamedTuple):
    """A repository as its own files show it, read without a git process (see ``checked_out``)."""

    git_dir: str  # its real path: which repository (or linked work tree) this is
    top: str  # the top folder of the work tree
    head: str  # the commit checked out
    index_state: str  # the index file's size, times and inode: what ``git status`` answers from
    settings: str  # the same of the configuration (remotes), the ignore-revs file at the top; shallow or not


def checked_out(folder: str, found: dict[str, CheckedOut | None]) -> CheckedOut | None:
    """The repository ``folder`` lies in and the commit checked out there, read from the
    repository's own files: ``.git`` found as git finds it, ``HEAD``, a loose or packed ref. It
    costs a few ``stat`` calls, not a git process, for a run that only needs to know whether
    anything moved. None when only git can tell (no ``.git``, a reference format it does not know,
    an unborn branch). ``found`` remembers the answer of each folder already asked.
    """
    if folder in found:
        return found[folder]
    dot_git = os.path.join(folder, ".git")
    if os.path.lexists(dot_git):
        answer = _read_head(dot_git)
    else:
        parent = os.path.dirname(folder)
        answer = checked_out(parent, found) if parent != folder else None
    found[folder] = answer
    return answer


def _read_head(dot_git: str) -> CheckedOut | None:
    try:
        if os.path.isfile(dot_git):  # a linked work tree or a submodule: "gitdir: PATH"
            with open(dot_git, encoding="utf-8") as file:
                pointer = file.read().strip()
            if not pointer.startswith("gitdir: "):
                return None
            git_dir = os.path.join(os.path.dirname(dot_git), pointer[len("gitdir: ") :])
        else:
            git_dir = dot_git
        common = git_dir
        if os.path.isfile(os.path.join(git_dir, "commondir")):
            with open(os.path.join(git_dir, "commondir"), encoding="utf-8") as file:
                common = os.path.join(git_dir, file.read().strip())
        with open(os.path.join(git_dir, "HEAD"), encoding="utf-8") as file:
            head = file.read().strip()
        if _is_hash(head):
            sha: str | None = head
        else:
            sha = _ref(head.removeprefix("ref: "), git_dir, common) if head.startswith("ref: ") else None
    except (OSError, UnicodeDecodeError):
        return None
    if sha is None or _names_a_work_tree(os.path.join(common, "config")):
        return None
    top = os.path.dirname(dot_git)
    ignored = os.path.join(top, ".git-blame-ignore-revs")
    settings = "\0".join(map(_stat_text, (os.path.join(common, "config"), ignored, os.path.join(common, "shallow"))))
    return CheckedOut(os.path.realpath(git_dir), top, sha, _stat_text(os.path.join(git_dir, "index")), settings)


def _names_a_work_tree(config: str) -> bool:
    """Whether the repository's configuration sets ``core.worktree`` (the work tree is elsewhere than
    beside ``.git``): only git then tells where."""
    try:
        with open(config, encoding="utf-8", errors="replace") as file:
            return any(line.strip().lower().replace(" ", "").startswith("worktree=") for line in file)
    except OSError:
        return False


def _stat_text(path: str) -> str:
    """A file's size, modification and change times and inode, as text; "-" when there is none."""
    try:
        info = os.stat(path)
    except OSError:
        return "-"
    return f"{info.st_size}:{info.st_mtime_ns}:{info.st_ctime_ns}:{info.st_ino}"


def _ref(name: str, git_dir: str, common: str) -> str | None:
    """The commit a branch points at: its loose file, else its line in ``packed-refs``."""
    for where in dict.fromkeys((git_dir, common)):
        try:
            with open(os.path.join(where, name), encoding="utf-8") as file:
                value = file.read().strip()
            return value if _is_hash(value) else None
        except FileNotFoundError:
            continue
    try:
        with open(os.path.join(common, "packed-refs"), encoding="utf-8") as file:
            for line in file:
                sha, _, ref = line.rstrip("\n").partition(" ")
                if ref == name and _is_hash(sha):
                    return sha
    except FileNotFoundError:
        pass
    return None


def _is_hash(text: str) -> bool:
    return len(text) in (40, 64) and _HASH.issuperset(text)
