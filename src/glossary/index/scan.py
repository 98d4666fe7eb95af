"""The one pass over the files every command needing the index pays: fingerprints of folders.

Opening the index stats every article once (the price of never showing stale results) and
nothing more when nothing changed: each language folder keeps a fingerprint of its listing
(names, sizes, mtimes, ctimes, inodes). Only in a folder whose fingerprint changed are files compared one by one.

When the index already knows many files in several folders, the folders are shared out between
this process and forked ones: system calls in separate processes run side by side, so the pass
takes about half as long on two CPUs (threads would not: each ``stat`` takes the interpreter lock
back). A child that cannot be started, fails or answers nonsense has its folders scanned here.
Run as the installed command, the pass has begun before: ``glossary.prescan``.
"""

from __future__ import annotations

import os
import zlib

from glossary import prescan
from glossary.pages import is_partial

# What a child process that fingerprints folders needs is imported at the top (``glossary.prescan``
# runs it before anything else is imported): the rest, inside the functions that use it.
TYPE_CHECKING = False
if TYPE_CHECKING:
    import sqlite3
    from collections.abc import Iterable, Mapping, Sequence

    from glossary.corpus import LangFolder

# Whether a folder can be listed through a descriptor of it (not on Windows).
_BY_DESCRIPTOR = os.scandir in os.supports_fd and hasattr(os, "O_DIRECTORY")

# The stat pass is shared out between processes when the index knows at least this many files.
PARALLEL_SCAN_MIN = 20_000

Scan = dict[str, tuple["LangFolder", str]]  # stored folder path -> (folder, fingerprint or "unreadable")


def scan_folders(conn: sqlite3.Connection, folders: Sequence[LangFolder], notices: list[str]) -> Scan:
    """Each language folder's fingerprint (see ``fingerprint``), or ``"unreadable"``; a folder that
    cannot be read is said once in ``notices``."""
    from glossary.index.storage import stored_path  # not at the top: a child fingerprinting needs no SQLite

    keys = [folder_key(folder) for folder in folders]
    begun = prescan.take(  # begun as the program started
        keys, lambda number: fingerprint(folders[number]), lambda: [plan_of(folder) for folder in folders]
    )
    if begun is not None:
        fingerprints = {keys[number]: found for number, found in begun.items()}
    else:
        groups = _scan_groups(folders, _known_counts(conn))
        fingerprints = _fingerprints_forked(groups) if len(groups) > 1 else _fingerprints(folders)
    found: Scan = {}
    for folder in folders:
        result = fingerprints[folder_key(folder)]
        if result.startswith("\0"):  # the folder could not be read: why
            note = f"cannot read {folder.path} ({result[1:]}); it is skipped"
            if note not in notices:
                notices.append(note)
            result = "unreadable"
        found[stored_path(folder_key(folder))] = (folder, result)
    return found


def _known_counts(conn: sqlite3.Connection) -> dict[str, int]:
    """How many article files each folder had when last seen (from its stored fingerprint)."""
    import sqlite3

    from glossary.index.storage import real_path

    counts = {}
    try:
        rows = conn.execute("SELECT path, fingerprint FROM folders").fetchall()
    except sqlite3.DatabaseError:
        return {}
    for path, stored in rows:
        parts = stored.rsplit(":", 4)
        if len(parts) == 5 and parts[1].isdigit():
            counts[real_path(path)] = int(parts[1])
    return counts


def file_stamp(stat: os.stat_result) -> int:
    """What changes whenever a file's content may have: mtime, ctime and inode in one number.

    A tool that keeps mtimes (``cp -p``, ``tar``, ``rsync -t``, ``touch -r``) writes new bytes
    under the old mtime, but it cannot keep the ctime, and a file replaced by a rename has a new
    inode. Still one ``stat`` per file. (A hash of a tuple of ints is the same in every process.)
    """
    return hash((stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino)) & 0x7FFF_FFFF_FFFF_FFFF


def list_files(entries: list[tuple[str, os.DirEntry[str]]]) -> list[tuple[str, int, int]]:
    """``(name, size, stamp)`` of each article file, ``name`` relative to its language folder."""
    found = []
    for name, entry in entries:
        try:
            stat = entry.stat()
        except OSError:
            continue
        found.append((name, stat.st_size, file_stamp(stat)))
    found.sort()
    return found


def fingerprint(folder: LangFolder) -> str:
    """A folder's article files in a few bytes, or ``"\\0"`` and why the folder cannot be read.

    The sums of sizes and of mtimes, ctimes and inodes (what ``file_stamp`` holds) show an in-place
    edit; the count and a checksum of the names, in listing order, show a file added, removed or
    renamed (a listing that merely comes back in another order costs a closer look, never a missed
    change). This loop runs once for every article of the glossary on every command that opens
    the index: it does no more per file than a ``stat`` and three additions, as the folder lists them.
    """
    try:
        if folder.by_name:  # only some of the folder's files
            return _summed(folder, sorted(folder.listing()))
        flat = flat_fingerprint(folder.path, folder.extensions, folder.name, folder.priority)
        return flat or _summed(folder, folder.files())  # nested folders included
    except OSError as exc:
        return "\0" + (exc.strerror or "cannot be read")


Plan = tuple[str, str, tuple[str, ...], str, int, bool]
"""A folder as a child process fingerprints it with no corpus at hand: its key, path, extensions, language
name, priority, and whether only some of its files count (then only the corpus can say which)."""


def plan_of(folder: LangFolder) -> Plan:
    path, extensions = os.path.realpath(folder.path), tuple(folder.extensions)  # the folder the kernel opens
    return (folder_key(folder), path, extensions, folder.name, folder.priority, folder.by_name)


def planned_fingerprint(plan: Plan) -> str | None:
    """``fingerprint`` of a folder as ``plan_of`` describes it, when it needs no more than that: a
    folder without subfolders or links, all of whose files count. None otherwise."""
    _, path, extensions, name, priority, by_name = plan
    if by_name:
        return None
    try:
        return flat_fingerprint(path, extensions, name, priority)
    except OSError as exc:
        return "\0" + (exc.strerror or "cannot be read")


def flat_fingerprint(
    path: str | os.PathLike[str], extensions: tuple[str, ...], language: str, priority: int
) -> str | None:
    """The fingerprint of the language folder at ``path`` when it has no subfolders or links, made in
    one loop that lists and stats each file as it goes; the files counted are those
    ``LangFolder.files`` would give (no hidden file, partial, or file of another kind). The folder
    is read through a descriptor of it, so that each ``stat`` looks up a name, not a whole path.
    None for a folder that holds a folder or a link (or when a file goes away meanwhile): ``_summed``
    of its walk then stands for it."""
    if not _BY_DESCRIPTOR:
        return None
    names: list[str] = []
    size = stamps = 0
    descriptor = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        with os.scandir(descriptor) as listed:
            for entry in listed:
                name = entry.name
                if not entry.is_file(follow_symlinks=False):
                    if name[0] == ".":
                        continue  # hidden: never walked
                    return None
                if (
                    not name.endswith(extensions)
                    or name[0] in "._"
                    and (name[0] == "." or is_partial(name, extensions))
                ):
                    continue
                stat = entry.stat(follow_symlinks=False)
                names.append(name)
                size += stat.st_size
                stamps += stat.st_mtime_ns + stat.st_ctime_ns + stat.st_ino
    except OSError:
        return None
    finally:
        os.close(descriptor)
    return _fingerprint_of(language, priority, names, size, stamps)


def _summed(folder: LangFolder, files: Iterable[tuple[str, os.DirEntry[str]]]) -> str:
    """The fingerprint of these ``(name, entry)`` files: count, sums of sizes and stamps, names' checksums."""
    names = []
    size = stamps = 0
    for name, entry in files:
        try:
            stat = entry.stat()
        except OSError:
            continue
        names.append(name)
        size += stat.st_size
        stamps += stat.st_mtime_ns + stat.st_ctime_ns + stat.st_ino
    return _fingerprint_of(folder.name, folder.priority, names, size, stamps)


def _fingerprint_of(language: str, priority: int, names: list[str], size: int, stamps: int) -> str:
    listed = "\0".join(names).encode("utf-8", "surrogateescape")
    return f"{language}:{priority}:{len(names)}:{size}:{stamps}:{zlib.crc32(listed):08x}{zlib.adler32(listed):08x}"


def folder_key(folder: LangFolder) -> str:
    """The folder as the index knows it: its real path, however the user reached it (relative,
    absolute, through a symbolic link), as the index file itself is chosen. A
    language of a folder that holds every language (``pod.ja.md``) adds ``\\0`` and its name."""
    path = os.path.realpath(folder.path)
    return f"{path}\0{folder.name}" if folder.by_name else path


def _fingerprints(folders: Iterable[LangFolder]) -> dict[str, str]:
    return {folder_key(folder): fingerprint(folder) for folder in folders}


def _scan_groups(folders: Sequence[LangFolder], known: Mapping[str, int]) -> list[list[LangFolder]]:
    """Folders shared out for scanning side by side, about the same number of files in each
    group; one group when a single process does better (few files, one CPU, no ``fork``)."""
    from glossary.forked import groups_of

    return groups_of(folders, [known.get(folder_key(folder), 0) for folder in folders], PARALLEL_SCAN_MIN)


def _fingerprints_forked(groups: list[list[LangFolder]]) -> dict[str, str]:
    """``_fingerprints`` of the first group here and of each other group in a forked process
    (``glossary.forked``). A process that cannot be started, fails or answers nonsense has its
    folders scanned here."""
    from glossary.forked import shared_out

    def valid(group: list[LangFolder], answer: object) -> bool:
        return (
            isinstance(answer, dict)
            and answer.keys() == {folder_key(folder) for folder in group}
            and all(isinstance(value, str) for value in answer.values())
        )

    found: dict[str, str] = {}
    for answer in shared_out(_fingerprints, groups, valid):
        found.update(answer)
    return found
