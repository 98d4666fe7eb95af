"""Work shared out between this process and forked ones, so that system calls run side by side.

A pass of ``stat`` over every file of a large glossary is what the index and ``status`` pay on
every run. On two CPUs it takes about half as long in two processes; threads would not help (each
``stat`` takes the interpreter lock back). ``shared_out(work, groups)`` runs ``work`` on the first
group here and on each other group in a forked child, which sends its answer back through a pipe
as ``marshal`` data (values only, never code). A child that cannot be started, fails or answers
something ``valid`` refuses has its group done here: the answer is the same either way, only the
time differs. Only Linux forks here; elsewhere every group is done in this process.
"""

from __future__ import annotations

import marshal
import os
import sys
import threading
from collections.abc import Callable, Sequence
from typing import TypeVar, cast

Item = TypeVar("Item")
Answer = TypeVar("Answer")

PROCESSES = 4
"""At most this many processes share a pass (never more than the CPUs this process may use)."""


def groups_of(items: Sequence[Item], weights: Sequence[int], minimum: int) -> list[list[Item]]:
    """``items`` shared out in groups of about the same total weight, one per CPU; a single group
    when they weigh less than ``minimum`` together, when forking would not help, or while other
    threads run."""
    if sum(weights) < minimum or len(items) < 2 or not sys.platform.startswith("linux"):
        return [list(items)]
    if threading.active_count() > 1:  # a fork copies one thread: one holding a lock would leave it held
        return [list(items)]
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    count = min(cpus, PROCESSES, len(items))
    if count < 2:
        return [list(items)]
    groups: list[list[Item]] = [[] for _ in range(count)]
    loads = [0] * count
    for weight, _, item in sorted(zip(weights, range(len(items)), items, strict=True), key=lambda row: -row[0]):
        lightest = loads.index(min(loads))
        groups[lightest].append(item)
        loads[lightest] += weight + 1
    return [group for group in groups if group]


def shared_out(
    work: Callable[[list[Item]], Answer],
    groups: list[list[Item]],
    valid: Callable[[list[Item], object], bool] = lambda group, answer: True,
) -> list[Answer]:
    """``work(group)`` for every group, in order: the first here, the others in forked children."""
    if not groups:
        return []
    children: list[tuple[int, int, list[Item]] | None] = []
    answers: dict[int, Answer] = {}
    try:
        for number, group in enumerate(groups[1:], start=1):
            child = _start(work, group)
            if child is None:
                answers[number] = work(group)
            children.append(None if child is None else (*child, group))
        answers[0] = work(groups[0])
    except BaseException:  # interrupted: no more work, but no child left unreaped either
        for started in children:
            if started is not None:
                _answer(started[0], started[1])
        raise
    for number, started in enumerate(children, start=1):
        if started is None:
            continue
        pid, read_end, group = started
        found = _answer(pid, read_end)
        answers[number] = cast(Answer, found[0]) if found is not None and valid(group, found[0]) else work(group)
    return [answers[number] for number in range(len(groups))]


def _start(work: Callable[[list[Item]], object], group: list[Item]) -> tuple[int, int] | None:
    """A child doing ``work(group)`` and the end of the pipe its answer comes through; None when none starts."""
    try:
        read_end, write_end = os.pipe()
    except OSError:
        return None
    try:
        pid = os.fork()
    except OSError:
        os.close(read_end)
        os.close(write_end)
        return None
    if pid == 0:  # the child: work, answer, and leave without running any cleanup
        status = 1
        try:
            os.close(read_end)
            payload = marshal.dumps((work(group),))  # type: ignore[arg-type]  # the work answers plain values
            with open(write_end, "wb", closefd=True) as pipe:
                pipe.write(payload)
            status = 0
        finally:
            os._exit(status)
    os.close(write_end)
    return pid, read_end


def _answer(pid: int, read_end: int) -> tuple[object] | None:
    """What a child wrote to its pipe (in a one-item tuple), once it has exited; None when it failed."""
    chunks = []
    try:
        with open(read_end, "rb", closefd=True) as pipe:
            chunks.append(pipe.read())
    except OSError:
        pass
    try:
        _, status = os.waitpid(pid, 0)
    except OSError:  # already reaped, or interrupted
        return None
    if status != 0:
        return None
    try:
        answer = marshal.loads(b"".join(chunks))
    except (EOFError, ValueError, TypeError):
        return None
    return answer if isinstance(answer, tuple) and len(answer) == 1 else None


def detached(work: Callable[[], object], marker: str) -> bool:
    """Start ``work`` in a process of its own that outlives this one, and say whether it started.

    For files a later run reads (a kept report): the command ends without waiting for them. The
    ``marker`` file exists until the work is done (``wait_detached``). The process is a grandchild
    (so none is left unreaped), in a session of its own (a Ctrl-C for the command does not cut it
    short), with nothing open but what it opens itself: a pipe the command writes to closes when the
    command ends. Not started (False: the caller does the work itself) where there is no fork, while
    other threads run, or when the marker cannot be written.
    """
    if not sys.platform.startswith("linux") or threading.active_count() > 1:
        return False
    try:
        os.close(os.open(marker, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600))
    except OSError:
        return False
    try:
        pid = os.fork()
    except OSError:
        _remove(marker)
        return False
    if pid == 0:  # the child: start the grandchild and leave at once
        try:
            _silence()
            if os.fork() == 0:
                _work_alone(work, marker)
        finally:
            os._exit(0)
    try:
        os.waitpid(pid, 0)
    except OSError:
        pass
    return True


def _silence() -> None:
    """Standard input and output to the null device, every other descriptor closed."""
    null = os.open(os.devnull, os.O_RDWR)
    for descriptor in (0, 1, 2):
        os.dup2(null, descriptor)
    os.closerange(3, os.sysconf("SC_OPEN_MAX") if hasattr(os, "sysconf") else 1024)


def _work_alone(work: Callable[[], object], marker: str) -> None:
    import gc
    import signal

    try:
        gc.disable()  # no finalizer of the command's objects runs here
        os.setsid()
        for number in (signal.SIGINT, signal.SIGHUP, signal.SIGPIPE):
            signal.signal(number, signal.SIG_IGN)
        work()
    except BaseException:  # noqa: BLE001 (nobody to tell: the next run does the work again)
        pass
    finally:
        _remove(marker)
        os._exit(0)


def wait_detached(marker: str, most: float = 10.0) -> None:
    """Wait until the work ``detached`` started with ``marker`` is done, at most ``most`` seconds; a
    marker older than that is taken for one left by work cut off, and removed."""
    import time

    try:
        age = time.time() - os.stat(marker).st_mtime
    except OSError:
        return
    deadline = time.monotonic() + max(0.0, most - age)
    while time.monotonic() < deadline:
        time.sleep(0.002)
        if not os.path.exists(marker):
            return
    _remove(marker)


def _remove(marker: str) -> None:
    try:
        os.unlink(marker)
    except OSError:
        pass
