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
