"""The cache stamp: one value that changes whenever what a cache holds may read differently; and
where the caches live (``cache_dir``).

Everything ``glossary`` stores between runs (the index of a set of roots, the texts kept in it,
a stored report) is keyed by ``cache_stamp``, so that nothing stored by other code or under
another configuration is ever used. It is made of:

- the package version and a digest of the package's own source files (every ``.py`` file below
  ``glossary/``, ``__init__.py`` and its ``__version__`` included): any edit to a parsing rule, a
  view or a query makes a new stamp, with no counter to remember to bump;
- everything in the configuration that changes what is read: each root's origin, path and
  layout, the whole ``glossary.toml`` of each root, and the files it names.

The digest is computed the first time a cache is opened in a process (about a millisecond for
the package's files), never at import, so that start-up costs nothing more.

Another cache (the git history of a glossary, say) keys its stored results by ``cache_stamp``
too, or by ``code_stamp`` alone when it depends on no root's configuration::

    from glossary.stamp import cache_stamp
    key = cache_stamp(corpus)   # 32 hexadecimal digits
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from glossary.corpus import Corpus, Root

_DIGITS = 16  # bytes of each digest: 32 hexadecimal digits


def cache_stamp(corpus: Corpus) -> str:
    """The stamp of everything stored for ``corpus``: the code (``code_stamp``) and the
    configuration of its roots (``config_stamp``), as 32 hexadecimal digits."""
    return _digest([code_stamp().encode(), config_stamp(corpus.roots).encode()])


@cache
def code_stamp() -> str:
    """A digest of the package's source files (the version is written in one of them, ``__init__.py``),
    computed once a process."""
    package = os.path.dirname(os.path.abspath(__file__))
    parts = []
    for path in _source_files(package):
        parts.append(os.path.relpath(path, package).encode("utf-8", "surrogateescape"))
        parts.append(_contents(path))
    return _digest(parts)


def config_stamp(roots: Iterable[Root]) -> str:
    """A digest of what the configuration of ``roots`` says about reading them: each root's origin,
    path and layout, its ``glossary.toml`` (whole, as bytes: any key may change what is read) and
    every file the configuration names (``Root.config_files``)."""
    from glossary.config import CONFIG_NAME

    parts: list[bytes] = []
    for root in roots:
        said = "\0".join([root.origin, os.fspath(root.path.resolve()), root.layout, str(root.layout_given)])
        parts.append(said.encode("utf-8", "surrogateescape"))
        for path in (root.path / CONFIG_NAME, *root.config_files):
            parts.append(_contents(os.fspath(path)))
    return _digest(parts)


def _source_files(package: str) -> list[str]:
    found: list[str] = []
    for folder, folders, files in os.walk(package):
        folders[:] = [name for name in folders if name not in ("__pycache__", "glossary_data")]
        found.extend(os.path.join(folder, name) for name in files if name.endswith(".py"))
    return sorted(found)


def _contents(path: str) -> bytes:
    """A file's bytes; a file that is missing or cannot be read is a stamp of its own."""
    try:
        with open(path, "rb") as handle:
            return b"1" + handle.read()
    except OSError:
        return b"0"


def blake2b(data: bytes = b"", *, digest_size: int = _DIGITS) -> Any:
    """``hashlib.blake2b``, without importing ``hashlib``: that loads OpenSSL, a few milliseconds of
    every command that opens a cache, for a hash CPython implements itself (``_blake2``)."""
    try:
        from _blake2 import blake2b as made_here
    except ImportError:  # an interpreter without it
        from hashlib import blake2b as made_here
    return made_here(data, digest_size=digest_size)


def _digest(parts: Iterable[bytes]) -> str:
    digest = blake2b()
    for part in parts:
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    return digest.hexdigest()


def cache_dir(environ: Mapping[str, str] | None = None) -> Path:
    """``GLOSSARY_CACHE_DIR``, else the platform's user cache folder (``XDG_CACHE_HOME`` on Linux)."""
    environ = os.environ if environ is None else environ
    if environ.get("GLOSSARY_CACHE_DIR"):
        return Path(environ["GLOSSARY_CACHE_DIR"]).expanduser()
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("glossary", appauthor=False))
