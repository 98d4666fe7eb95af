"""The stat pass of the index, begun before the program has imported its interface.

Every command that opens the index stats every article first (``glossary.index.scan``). Before it
gets there, the process spends most of its start importing Typer and Rich, on one CPU. On a command
line that will open the index, the console script (``glossary.console``) calls ``begin`` at once: a
second Python process fingerprints the language folders in order, sending each fingerprint as soon
as it has it. When the command reaches its stat pass, ``take`` fingerprints folders from the other
end, skipping those the child has done or begun, and gathers the child's answers: the pass ends
sooner by what the child did while this process was importing.

The child knows the folders from a **plan** the last run of the same glossary kept (each folder's
path, language, priority and extensions: ``index.scan.plan_of``), so that it imports almost nothing
before its first ``stat``; without one it finds them as the command will (``load_corpus``), which
costs it tens of milliseconds of imports. Who does which folder is settled in a page of shared
memory: a byte per folder, set by whichever process begins it (both may, at the one folder where
they meet; its fingerprint is the same). The answers are the same as a pass made here would give: the
child's are used only when the plan it read is, row for row, what the command finds now. A child
that fails, is stopped, or read a plan that differs (a stale one) costs time only, and a new plan
is kept. This module imports nothing of the program's.
"""

from __future__ import annotations

import os
import sys

TYPE_CHECKING = False  # neither typing nor collections is imported: this runs before anything else is
if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
    from mmap import mmap

    Folders = tuple[list[str], Callable[[int], "str | None"], "list[tuple[object, ...]] | None"]
    """The folders' keys (``index.scan.folder_key``) in order; what fingerprints the folder at a place
    (None: left to the command); the kept plan they come from, if they do."""

_MOST_FOLDERS = 1 << 16  # folders the shared page can tell apart (beyond them, no child)
_FREE, _CHILDS, _OURS = 0, 1, 2
_PLAN_SHAPE = 1


class _Child:
    def __init__(self, pid: int, read_end: int, claims: mmap, plan_path: str | None) -> None:
        self.pid = pid
        self.read_end = read_end
        self.claims = claims  # shared memory: a byte per folder
        self.plan_path = plan_path
        self.pending = b""
        self.keys: list[str] | None = None
        self.planned = False
        self.digest = 0  # of the plan it read (``plan_digest``)
        self.agrees: bool | None = None
        self.found: dict[int, str | None] = {}
        self.ended = False


_child: _Child | None = None


def begin(module: str, options: dict[str, object], identity: object | None = None) -> None:
    """Start a child that runs ``module.serve_prescan(options, ...)`` (which calls ``serve``), when a
    second CPU can help (Linux only). ``options`` holds plain values only: the child gets them as
    their ``repr``. ``identity`` names the glossary for its kept plan (none: no plan is read or kept).
    The child is a new interpreter, not a fork: a fork would share this process's
    pages until it ended, and every page this process then wrote to would be copied first."""
    global _child
    if _child is not None or not sys.platform.startswith("linux") or not hasattr(os, "posix_spawn"):
        return
    if not hasattr(os, "sched_getaffinity") or len(os.sched_getaffinity(0)) < 2:
        return
    import mmap

    plan_path = _plan_path(identity) if identity is not None else None
    opened: list[int] = []
    try:
        claims_file = os.memfd_create("glossary-prescan")
        opened.append(claims_file)
        os.ftruncate(claims_file, _MOST_FOLDERS)
        claims = mmap.mmap(claims_file, _MOST_FOLDERS)
        read_end, write_end = os.pipe()
        opened += [read_end, write_end]
        for inherited in (write_end, claims_file):
            os.set_inheritable(inherited, True)
        code = (
            f"import sys; sys.path[:] = {sys.path!r}; from {module} import serve_prescan; "
            f"serve_prescan({options!r}, {plan_path!r}, {write_end}, {claims_file})"
        )
        nothing = os.devnull
        actions = [
            (os.POSIX_SPAWN_OPEN, 0, nothing, os.O_RDONLY, 0),
            (os.POSIX_SPAWN_OPEN, 1, nothing, os.O_WRONLY, 0),  # never the command's output: a pipe read
            (os.POSIX_SPAWN_OPEN, 2, nothing, os.O_WRONLY, 0),  # to its end must not wait for the child
        ]
        pid = os.posix_spawn(sys.executable, [sys.executable, "-S", "-c", code], os.environ, file_actions=actions)
    except (OSError, ValueError, TypeError):  # no executable to start (an embedded Python), no memfd
        for descriptor in opened:
            os.close(descriptor)
        return
    os.close(write_end)
    os.close(claims_file)
    _child = _Child(pid, read_end, claims, plan_path)
    import atexit

    atexit.register(stop)


def take(
    keys: Sequence[str], fingerprint: Callable[[int], str], plan: Callable[[], list[tuple[object, ...]]]
) -> dict[int, str] | None:
    """The fingerprint of every folder (by its place in ``keys``): the child's answers, and
    ``fingerprint(i)`` for the others; None when the child's answers cannot be used and this process
    has not done every folder itself (the command then makes its own pass). They cannot be used when
    it ended before saying which folders it saw, saw other folders, or read a plan that differs in
    anything from ``plan()``, this run's description of the folders: then a new plan is kept."""
    child = _child
    if child is None:
        return None
    keys = list(keys)
    if len(keys) > _MOST_FOLDERS:
        stop()
        return None
    rows: list[tuple[object, ...]] = []

    def agrees() -> bool | None:
        """Whether the child saw these very folders (None while it has not said)."""
        if child.keys is not None and child.agrees is None:
            if child.planned and not rows:
                rows.extend(plan())
            child.agrees = child.keys == keys and (not child.planned or child.digest == plan_digest(rows))
        return child.agrees

    found: dict[int, str] = {}
    claims = child.claims
    try:
        last = len(keys) - 1
        while last >= 0:  # from the end, until the child's side is reached
            _receive(child, block=False)
            if agrees() is False:
                break
            if last not in child.found:
                if claims[last] != _FREE:
                    break
                claims[last] = _OURS
                found[last] = fingerprint(last)
            last -= 1
        while last >= 0 and not child.ended and agrees() is not False:  # the child's side: its answers
            if child.keys is not None and all(number in child.found for number in range(last + 1)):
                break
            _receive(child, block=True)
    except (OSError, ValueError, EOFError, TypeError):
        pass
    said = agrees()  # None: the child never said which folders it saw (this process did them all)
    agreed = bool(said)
    stop()
    if said is not None and not (agreed and child.planned) and child.plan_path is not None:
        _keep_plan(child.plan_path, rows or plan())
    answers = child.found if agreed else {}
    if not agreed and len(found) < len(keys):
        return None
    for number in range(len(keys)):
        if number not in found:  # the child's, or one it left to the command (or ended before)
            theirs = answers.get(number)
            found[number] = theirs if theirs is not None else fingerprint(number)
    return found


def plan_digest(rows: list[tuple[object, ...]]) -> int:
    """A checksum of a plan's rows, the same in every process for the same rows."""
    import zlib

    return zlib.crc32(repr(rows).encode("utf-8", "surrogateescape"))


def stop() -> None:
    """Stop the child (if it still runs) and forget it."""
    global _child
    child, _child = _child, None
    if child is None:
        return
    import signal

    for step in (lambda: os.kill(child.pid, signal.SIGKILL), lambda: os.waitpid(child.pid, 0)):
        try:
            step()
        except OSError:
            pass
    try:
        os.close(child.read_end)
    except OSError:
        pass


def serve(folders: Callable[[], Folders], answers: int, claimed: int) -> None:
    """The child: fingerprint the folders in order, each sent through ``answers`` as soon as it is made,
    each claimed first in the page of ``claimed``; then leave at once."""
    try:
        import marshal
        import mmap
        import signal

        signal.signal(signal.SIGINT, signal.SIG_DFL)  # a Ctrl-C ends it quietly, with the command
        claims = mmap.mmap(claimed, _MOST_FOLDERS)
        keys, fingerprint, plan = folders()
        with open(answers, "wb", buffering=0) as pipe:

            def send(value: tuple[list[str], bool, int] | tuple[int, str | None]) -> None:
                data = marshal.dumps(value)
                pipe.write(len(data).to_bytes(4, "little") + data)

            send((list(keys), plan is not None, plan_digest(plan) if plan is not None else 0))
            for number in range(min(len(keys), _MOST_FOLDERS)):
                if claims[number] != _FREE:
                    break  # the command has come this far from the other end
                claims[number] = _CHILDS
                send((number, fingerprint(number)))
    finally:
        os._exit(0)


def read_plan(path: str | None) -> list[tuple[object, ...]] | None:
    """The plan kept at ``path`` (see ``take``), or None when there is none or it is damaged."""
    if path is None:
        return None
    import marshal
    import zlib

    try:
        with open(path, "rb") as file:
            data = file.read()
        checksum, body = int.from_bytes(data[:4], "little"), data[4:]
        if len(data) < 4 or zlib.crc32(body) != checksum:
            return None
        shape, plan = marshal.loads(body)
    except (OSError, ValueError, EOFError, TypeError):
        return None
    if shape != _PLAN_SHAPE or not isinstance(plan, list) or not all(isinstance(row, tuple) for row in plan):
        return None
    try:
        os.utime(path)  # in use: not one of the plans ``_keep_plan`` removes
    except OSError:
        pass
    return plan


def _keep_plan(path: str, plan: list[tuple[object, ...]]) -> None:
    import marshal
    import zlib

    try:
        body = marshal.dumps((_PLAN_SHAPE, plan))
    except ValueError:  # a value marshal cannot write: no plan
        return
    temporary = f"{path}.{os.getpid()}.tmp"
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(temporary, "wb") as file:
            file.write(zlib.crc32(body).to_bytes(4, "little") + body)
        os.replace(temporary, path)
    except OSError:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        return
    _remove_unused_plans(os.path.dirname(path))


_UNUSED_DAYS = 30


def _remove_unused_plans(folder: str) -> None:
    """Remove the plans no run has read for ``_UNUSED_DAYS`` days (a glossary in a folder since gone)."""
    import time

    oldest = time.time() - _UNUSED_DAYS * 86400
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.name.startswith("prescan-") and entry.stat().st_mtime < oldest:
                    os.unlink(entry.path)
    except OSError:
        pass


def _plan_path(identity: object) -> str | None:
    """Where the plan of the glossary ``identity`` names is kept: in the cache folder (as
    ``glossary.stamp.cache_dir`` finds it on Linux), named after it and ``GLOSSARY_PATH``."""
    import zlib

    folder = os.environ.get("GLOSSARY_CACHE_DIR")
    if not folder:
        base = os.environ.get("XDG_CACHE_HOME", "")
        base = base if os.path.isabs(base) else os.path.join(os.path.expanduser("~"), ".cache")
        folder = os.path.join(base, "glossary")
    folder = os.path.expanduser(folder)
    if not os.path.isabs(folder):
        return None
    said = repr((identity, os.environ.get("GLOSSARY_PATH"))).encode("utf-8", "surrogateescape")
    return os.path.join(folder, f"prescan-{zlib.crc32(said):08x}")


def _receive(child: _Child, *, block: bool) -> None:
    """Read what the child has sent (waiting for more with ``block``)."""
    import marshal
    import select

    if child.ended:
        return
    if not block and not select.select([child.read_end], [], [], 0)[0]:
        return
    data = os.read(child.read_end, 1 << 16)
    if not data:
        child.ended = True
        return
    pending = child.pending + data
    while len(pending) >= 4:
        size = int.from_bytes(pending[:4], "little")
        if len(pending) < 4 + size:
            break
        value = marshal.loads(pending[4 : 4 + size])
        pending = pending[4 + size :]
        if child.keys is None:
            keys, planned, digest = value if isinstance(value, tuple) and len(value) == 3 else ([], False, 0)
            child.keys, child.planned = (keys if isinstance(keys, list) else []), bool(planned)
            child.digest = digest if isinstance(digest, int) else 0
        elif isinstance(value, tuple) and len(value) == 2 and (value[1] is None or isinstance(value[1], str)):
            child.found[int(value[0])] = value[1]
    child.pending = pending
