"""Texts drawn from the whole glossary, kept in the index until any article changes.

A comparison of two languages or a check report at 100,000 articles is megabytes of text that
takes seconds to draw. Piped or as JSON it is the same text every time the glossary is unchanged,
so it is kept in the index (``Index.memo``) and written straight out when asked for again: the
price of asking is then the stat pass that proves nothing changed, plus reading one row.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

KEPT = 8  # texts kept per family (``compare:``, ``check:``); each view of each question is one


def kept(index: Any, family: str, name: str, version: str, compute: Callable[[], str]) -> str | bytes:
    """The text ``compute`` draws, or the one kept from before while the glossary is unchanged.

    ``family`` and ``name`` say which text (one row each: ``compare:`` ``fi:no:plain``);
    ``version`` everything else it depends on (the width, the ``source_stamp`` of the code that
    draws it). A kept text comes as its UTF-8 bytes, ready to write. Only the ``KEPT`` texts of a
    family stored last are kept.
    """
    from glossary import __version__

    memo = getattr(index, "memo", None)  # any object with the Index queries will do
    if memo is None:
        with collector_paused():
            return compute()
    name = family + name
    version = f"{__version__}:{version}"
    stored = getattr(index, "memo_bytes", None)
    found = stored(name, version) if stored is not None else None
    if found is not None:
        return found
    computed: list[str] = []

    def once() -> str:
        with collector_paused():
            computed.append(compute())
        forget = getattr(index, "forget_memos", None)
        if forget is not None:
            forget(family, KEPT - 1, also=name)
        return computed[0]

    try:
        return memo(name, version, once)
    except UnicodeEncodeError:  # a file name that is not UTF-8 cannot be stored: just the text
        if computed:
            return computed[0]
        with collector_paused():
            return compute()


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector paused for a while, then as it was.

    Drawing a text from 100,000 articles makes hundreds of thousands of small objects and no
    reference cycles worth collecting; meanwhile the collector would walk all of them again and
    again, which costs about a third of the time of a ``check`` at that size.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def source_stamp(*paths: str) -> str:
    """When source files last changed, so that text drawn by code edited since is not reused."""
    stamps = []
    for path in paths:
        try:
            stamps.append(str(os.stat(path).st_mtime_ns))
        except OSError:
            stamps.append("")
    return ",".join(stamps)
