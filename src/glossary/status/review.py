"""``status --mark-reviewed``: a translator says a translation was checked against its source as it is now.

The translation's front matter gets the marker key the glossary already uses (else
``l10n.sourceCommit``) with the last commit that changed the source's text: a commit that stays
the same when later commits are rebased. Every other byte of the file is kept: its BOM, its line
ends, its other keys, its body. The file is written atomically, and a source with uncommitted edits
is refused (there is no commit to name for them).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from glossary.errors import GlossaryError
from glossary.status import rule
from glossary.status.places import Places

DEFAULT_KEY = "l10n.sourceCommit"


class ReviewRefused(GlossaryError):
    """The translation cannot be marked: its source has uncommitted edits, or is not committed."""


def source_commit_now(source: Path, places: Places) -> str:
    """The last commit that changed the text of the source at ``source``, following renames."""
    repository, path = places.where(source)
    place = places.place(repository)
    if path in place.worktree.edited or path in place.worktree.untracked or path not in place.heads:
        raise ReviewRefused(f"{source} has changes that are not committed; commit the source first")
    history = place.history
    base = rule.translation_base(history, place.texts, path, place.heads[path])
    if base is None:
        raise ReviewRefused(f"no commit changed {source}")
    return history.shas[base]


def set_marker(raw: bytes, key: str, value: str) -> bytes:
    """``raw`` with ``key`` (``a.b`` is ``b`` inside ``a``) set to ``value`` in its front matter; nothing else changes.

    A file without front matter gets one. The file's BOM and line ends (LF or CRLF) are kept.
    """
    bom = b"\xef\xbb\xbf" if raw.startswith(b"\xef\xbb\xbf") else b""
    text = raw[len(bom) :]
    if text.startswith(b"+++"):
        raise ReviewRefused("its front matter is TOML (+++); add the marker by hand")
    newline = (
        b"\r\n" if re.match(rb"---[ \t]*\r\n", text) or (not text.startswith(b"---") and b"\r\n" in text) else b"\n"
    )
    lines = text.splitlines(keepends=True)
    opening = bool(lines) and lines[0].rstrip(b"\r\n").rstrip() == b"---"
    closing = next((n for n in range(1, len(lines)) if lines[n].rstrip(b"\r\n").rstrip() in (b"---", b"...")), None)
    encoded = value.encode("ascii")
    if opening and closing is None:
        raise ReviewRefused("its front matter has no closing --- line")
    if not opening:
        front = _nested_lines(key, encoded, newline)
        return bom + b"---" + newline + b"".join(front) + b"---" + newline + text
    parent, _, child = key.rpartition(".")
    body = lines[1:closing]
    if not parent:
        for n, line in enumerate(body):
            if re.match(re.escape(key.encode()) + rb"[ \t]*:", line):
                body[n] = key.encode() + b": " + encoded + _ending(line, newline)
                break
        else:
            body.append(key.encode() + b": " + encoded + newline)
    else:
        body = _set_nested(body, parent.encode(), child.encode(), encoded, newline)
    if body and not body[-1].endswith(b"\n"):
        body[-1] += newline
    return bom + lines[0] + b"".join(body) + b"".join(lines[closing:])


def _ending(line: bytes, newline: bytes) -> bytes:
    return b"\r\n" if line.endswith(b"\r\n") else b"\n" if line.endswith(b"\n") else newline


def _nested_lines(key: str, value: bytes, newline: bytes) -> list[bytes]:
    parent, _, child = key.rpartition(".")
    if not parent:
        return [key.encode() + b": " + value + newline]
    return [parent.encode() + b":" + newline, b"  " + child.encode() + b": " + value + newline]


def _set_nested(body: list[bytes], parent: bytes, child: bytes, value: bytes, newline: bytes) -> list[bytes]:
    """Set ``child`` inside the block ``parent:`` of front-matter lines (made when missing)."""
    flow = re.compile(re.escape(parent) + rb"[ \t]*:[ \t]*[^\s#]")
    if any(flow.match(line) for line in body):
        raise ReviewRefused(f"its {parent.decode(errors='replace')} is written on one line; add the marker by hand")
    start = next(
        (n for n, line in enumerate(body) if re.match(re.escape(parent) + rb"[ \t]*:[ \t]*(#.*)?\r?\n?$", line)), None
    )
    if start is None:
        dotted = parent + b"." + child
        for n, line in enumerate(body):  # a flat key named with the dot, as some sites write it
            if re.match(re.escape(dotted) + rb"[ \t]*:", line):
                body[n] = dotted + b": " + value + _ending(line, newline)
                return body
        return [*body, parent + b":" + newline, b"  " + child + b": " + value + newline]
    end = start + 1
    while end < len(body) and (body[end][:1] in (b" ", b"\t") or not body[end].strip()):
        end += 1
    for n in range(start + 1, end):
        found = re.match(rb"([ \t]+)" + re.escape(child) + rb"[ \t]*:", body[n])
        if found:
            body[n] = found.group(1) + child + b": " + value + _ending(body[n], newline)
            return body
    indents = (re.match(rb"[ \t]*", body[n]) for n in range(start + 1, end) if body[n].strip())
    indent = next((found.group(0) for found in indents if found is not None and found.group(0)), b"  ")
    return [*body[: start + 1], indent + child + b": " + value + newline, *body[start + 1 :]]


def write_marker(path: Path, key: str, value: str) -> None:
    """Set the marker in the file at ``path``, atomically (a temporary file beside it, then a rename)."""
    import tempfile

    try:
        raw = path.read_bytes()
        mode = os.stat(path).st_mode & 0o7777
    except OSError as error:
        raise GlossaryError(f"cannot read {path}: {error.strerror or error}") from None
    try:
        changed = set_marker(raw, key, value)
    except ReviewRefused as refused:
        raise ReviewRefused(f"{path}: {refused.message}") from None
    if changed == raw:
        return
    try:
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as file:
                file.write(changed)
            os.chmod(temporary, mode)
            os.replace(temporary, path)
        except BaseException:
            os.unlink(temporary)
            raise
    except OSError as error:
        raise GlossaryError(f"cannot write {path}: {error.strerror or error}") from None


def key_in_use(paths: list[Path], keys: tuple[str, ...]) -> str | None:
    """The marker key of ``keys`` the first of these files to have one uses, None when none has."""
    names = [(key, key.rpartition(".")[2].encode()) for key in keys]
    for path in paths:
        try:
            with open(path, "rb") as file:
                head = file.read(1 << 16)
        except OSError:
            continue
        if not head.lstrip(b"\xef\xbb\xbf").startswith(b"---"):
            continue
        for key, last in names:
            if re.search(rb"(?m)^[ \t]*" + re.escape(last) + rb"[ \t]*:", head):
                return key
    return None
