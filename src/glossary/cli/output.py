"""Where a run's output goes: the stdout and stderr consoles, plain text, JSON and bytes on stdout,
the pager, the one-line error messages and the progress bar of a first index build.

The views draw; this module decides how the drawing reaches the reader (styled on a terminal,
plain in a pipe, paged when long) and the cli decides what the run's exit code is. Nothing here
exits: when the reader of stdout goes away (``glossary … | head``), stdout is pointed at
/dev/null and ``ReaderGone`` is raised, which the cli turns into a quiet, successful exit.
Rich is imported when a console is first needed, not when this module is.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from functools import cached_property
from typing import TYPE_CHECKING, Any

from glossary.errors import ExitStatus, GlossaryError

if TYPE_CHECKING:
    from rich.console import Console, RenderableType
    from rich.progress import Progress, TaskID

MIN_WIDTH = 20  # columns: anything narrower is drawn this wide
MAX_WIDTH = 1000  # columns: anything wider (COLUMNS=5000000) is drawn this wide
MAX_HEIGHT = 10_000  # lines, likewise for LINES
BLOCK_BYTES = 1 << 16  # bytes gathered before each write of a long stream
PIPE_BYTES = 1 << 20  # what a pipe holds once an output of that much goes into it (``widen_pipe``)


class ReaderGone(Exception):
    """The reader of stdout went away; stdout now goes to /dev/null and the command ends quietly."""


class OutputFailed(GlossaryError):
    """Stdout cannot be written (a full disk, an I/O error): one line on stderr, exit 1."""

    exit_status = ExitStatus.WRITE_FAILED


def _failed(exc: OSError) -> OutputFailed:
    silence_stdout()
    return OutputFailed(f"cannot write the output: {exc.strerror or exc}")


class Output:
    """The run's stdout and stderr: consoles made on first use, with the colour choice of the run."""

    def __init__(self, *, no_color: bool = False) -> None:
        self.no_color = no_color

    @cached_property
    def console(self) -> Console:
        return make_console(stderr=False, no_color=self.no_color)

    @cached_property
    def errors(self) -> Console:
        return make_console(stderr=True, no_color=self.no_color)

    @property
    def is_terminal(self) -> bool:
        """Whether stdout is a terminal, as Rich decides it; told without Rich (20 ms of imports) when
        nothing could make Rich say yes: stdout is no TTY and neither ``TTY_COMPATIBLE=1`` nor
        ``FORCE_COLOR`` says otherwise. A JSON report kept or patched then never loads Rich."""
        if "console" not in self.__dict__ and _surely_not_a_terminal():
            return False
        return self.console.is_terminal

    @property
    def width(self) -> int:
        return self.console.width

    def print(self, renderable: RenderableType, *, pager: bool = False, crop: bool = False) -> None:
        """Print a renderable: styled on a terminal (paged if asked and too long), plain otherwise.
        Lines are not cut at the width: a path, a slug or a command that does not fit a line is drawn
        on one of its own, whole, and runs past it (see ``glossary.views.whole_words``); ``crop``
        cuts them."""
        console = self.console
        if not console.is_terminal:
            self.write(self.plain(renderable, crop=crop))
            return
        with console.capture() as capture:
            console.print(renderable, crop=crop)
        text = capture.get()
        if pager and text.count("\n") >= console.height and page(text):
            return
        self.write(text)

    def plain(self, renderable: RenderableType, *, crop: bool = False) -> str:
        """A renderable as plain lines at the console's width, as a pipe gets it (trailing spaces
        dropped); not cut at the width unless ``crop`` (see ``print``)."""
        console = self.console
        with console.capture() as capture:
            console.print(renderable, crop=crop)
        return "\n".join(line.rstrip() for line in capture.get().split("\n"))

    def print_json(self, data: Any) -> None:
        """JSON, UTF-8 when stdout can take it, ASCII escapes otherwise; same fields everywhere."""
        self.write(self.json_text(data))

    @staticmethod
    def json_ascii() -> bool:
        """Whether JSON is written with ASCII escapes (stdout cannot take UTF-8)."""
        return not _stdout_encoding().startswith("utf")

    def json_shape(self) -> str:
        """How JSON comes out here: "ascii" (escapes) or "utf-8"; part of what a kept text depends on."""
        return "ascii" if self.json_ascii() else "utf-8"

    def json_text(self, data: Any, *, rows: str | None = None) -> str:
        """The text ``print_json`` writes. With ``rows``, the list under that key has one object a line
        (a report of many thousand rows is written by the C encoder, not the indenting one)."""
        text = _json_text(data, self.json_ascii(), rows)
        if not text.isascii():
            try:
                text.encode("utf-8")
            except UnicodeEncodeError:  # a path that is not UTF-8: escapes keep the JSON valid UTF-8
                text = _json_text(data, True, rows)
        return text + "\n"

    def print_text(self, text: str | bytes) -> None:
        """Plain text ending in a newline; bytes are UTF-8 text, written as they are (recoded when
        stdout takes another encoding)."""
        if isinstance(text, bytes):
            if text and not text.endswith(b"\n"):
                text += b"\n"
            if _stdout_encoding() == "utf8":
                self.write_bytes([text])
            else:
                self.write(text.decode("utf-8", "surrogateescape"))
        else:
            self.write(text if text.endswith("\n") or not text else text + "\n")

    @staticmethod
    def write(text: str) -> None:
        """Write to stdout; raises ``ReaderGone`` when the reader went away."""
        try:
            if len(text) >= PIPE_BYTES:
                widen_pipe()
            sys.stdout.write(text)
            sys.stdout.flush()
        except BrokenPipeError:
            silence_stdout()
            raise ReaderGone from None
        except OSError as exc:
            raise _failed(exc) from None

    @staticmethod
    def write_bytes(chunks: Iterable[bytes | memoryview]) -> None:
        """Write bytes to stdout as they are, in large blocks; raises ``ReaderGone`` when the reader
        went away. A stdout without a byte stream gets them as text."""
        buffer = getattr(sys.stdout, "buffer", None)
        try:
            sys.stdout.flush()
            if buffer is None:
                for block in _blocks(chunks):
                    sys.stdout.write(block.decode("utf-8", "surrogateescape"))
                sys.stdout.flush()
                return
            written = 0
            for block in _blocks(chunks):
                written += len(block)
                if written >= PIPE_BYTES and written - len(block) < PIPE_BYTES:
                    widen_pipe()
                buffer.write(block)
            buffer.flush()
        except BrokenPipeError:
            silence_stdout()
            raise ReaderGone from None
        except OSError as exc:
            raise _failed(exc) from None

    def print_lines(self, chunks: Iterable[bytes], *, pager: bool = False, diff: bool = False) -> None:
        """Text from others (git's output) as it comes, line by line, without control sequences.

        On a terminal it goes through the pager as it streams (``diff`` colours added and removed
        lines), so a long text opens at once; piped, it is written as it is read.
        """
        lines = _sanitized_lines(chunks)
        if self.is_terminal:
            if diff and not self.console.no_color and self.console.color_system is not None:
                lines = map(_diff_colour, lines)
            if pager and stream_to_pager(lines):
                return
        self.write_bytes(line.encode("utf-8", "surrogateescape") for line in lines)

    def progress(self) -> ProgressBar:
        """A progress bar for a long index build (see ``ProgressBar``)."""
        return ProgressBar(self.errors)


def make_console(*, stderr: bool, no_color: bool) -> Console:
    """A console that reads nothing as markup, emoji or highlights, never narrower than ``MIN_WIDTH``."""
    from rich.console import Console

    console = Console(
        stderr=stderr,
        no_color=no_color or None,
        highlight=False,
        emoji=False,
        markup=False,
        width=_size_from("COLUMNS", MIN_WIDTH, MAX_WIDTH),
        height=_size_from("LINES", 1, MAX_HEIGHT),
    )
    # COLUMNS=0 would draw nothing at all, 1 a letter per line; a huge width fills the memory.
    console.width = min(max(console.width, MIN_WIDTH), MAX_WIDTH)
    console.height = min(max(console.height, 1), MAX_HEIGHT)
    return console


def _surely_not_a_terminal() -> bool:
    if os.environ.get("TTY_COMPATIBLE") == "1" or os.environ.get("FORCE_COLOR"):
        return False
    try:
        return not sys.stdout.isatty()
    except (AttributeError, ValueError, OSError):
        return False


def _size_from(name: str, least: int, most: int) -> int | None:
    """``COLUMNS`` or ``LINES`` as a number from ``least`` to ``most``; None (the terminal's size)
    when unset or not a whole number. Rich would take any row of digits, however long."""
    value = os.environ.get(name, "").strip()
    if not value.isascii() or not value.isdigit():
        return None
    return min(max(int(value[:12]), least), most)


def _stdout_encoding() -> str:
    """stdout's encoding as ``utf8``, ``ascii``, ``latin1``: lower case, no ``-`` or ``_``."""
    return (sys.stdout.encoding or "").lower().replace("-", "").replace("_", "")


def widen_pipe() -> None:
    """Let the pipe stdout writes to hold ``PIPE_BYTES`` (where the system allows it). Linux gives a
    pipe 64 KB: a report of 22 MB then wakes its reader 340 times and takes twice as long to pass
    (40 ms against 19 ms). Nothing else changes, and where it cannot be done nothing happens."""
    try:
        import fcntl
        import stat

        descriptor = sys.stdout.fileno()
        if stat.S_ISFIFO(os.fstat(descriptor).st_mode):
            fcntl.fcntl(descriptor, fcntl.F_SETPIPE_SZ, PIPE_BYTES)
    except (ImportError, AttributeError, OSError, ValueError):
        pass


def _blocks(chunks: Iterable[bytes | memoryview]) -> Iterator[bytes]:
    """The chunks joined into blocks of about ``BLOCK_BYTES`` (the last one maybe empty)."""
    block: list[bytes | memoryview] = []
    size = 0
    for chunk in chunks:
        block.append(chunk)
        size += len(chunk)
        if size >= BLOCK_BYTES:
            yield b"".join(block)
            block, size = [], 0
    yield b"".join(block)


def page(text: str, environ: Mapping[str, str] | None = None) -> bool:
    """Show styled text in ``$PAGER`` (else ``less``); False when no pager showed it.

    ``R`` is added to ``LESS`` for our run so that colours arrive as colours, whatever the user's
    own ``LESS`` says. A pager that is missing, cannot start or fails (``PAGER=false``) leaves the
    text to be printed instead. Ctrl-C belongs to the pager while it runs.
    """
    import shlex
    import signal
    import subprocess

    environ = os.environ if environ is None else environ
    try:
        argv = shlex.split(environ.get("PAGER", "").strip() or "less")
    except ValueError:
        return False
    if not argv:
        return False
    env = dict(environ)
    less = env.get("LESS", "")
    if "R" not in less and "r" not in less.replace("--", ""):
        env["LESS"] = f"{less} -R".strip()
    data = text.encode(sys.stdout.encoding or "utf-8", "replace")
    interrupt = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        try:
            pager = subprocess.Popen(argv, stdin=subprocess.PIPE, env=env)
        except (OSError, ValueError):
            return False
        try:
            assert pager.stdin is not None
            pager.stdin.write(data)
            pager.stdin.close()
        except OSError:  # the pager quit before reading everything (q in less), or never read
            pass
        return pager.wait() == 0
    finally:
        signal.signal(signal.SIGINT, interrupt)


def error_line(message: str) -> None:
    """``glossary: message`` on stderr, on one line, without control sequences: messages quote what
    the user typed and names from disk."""
    from glossary.text import sanitize

    message = " ".join(sanitize(message).splitlines())
    sys.stderr.write(f"glossary: {message}\n")
    sys.stderr.flush()


def first_line(message: str) -> str:
    """The first line of a message for ``error_line`` (Click's messages go on over several)."""
    lines = message.strip().splitlines()
    if not lines:
        return "error"
    # "Missing option '--format'. Choose from:" goes on with the choices, one per line.
    first = " ".join(lines) if lines[0].rstrip().endswith(":") else lines[0]
    return " ".join(first.split())


def silence_stdout() -> None:
    """After the reader of a pipe went away: point stdout at /dev/null so the exit flush is quiet."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except OSError:
        pass


def flush_stdout() -> OutputFailed | None:
    """Flush stdout before exiting; a reader that went away is no error, a full disk is."""
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        silence_stdout()
    except OSError as exc:
        return _failed(exc)
    return None


def protect_encoding() -> None:
    """A stdout that cannot encode every character (``PYTHONIOENCODING=ascii``) degrades, never fails."""
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
        if encoding not in ("utf8", "utf8sig") and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")


class ProgressBar:
    """A progress callback that shows a bar on stderr only when work outlasts half a second.

    ``with output.progress() as progress``: ``progress`` is None when stderr is no terminal.
    """

    def __init__(self, console: Console) -> None:
        self.console = console
        self.started: float | None = None
        self.bar: Progress | None = None
        self.task: TaskID | None = None

    def __enter__(self) -> ProgressBar | None:
        return self if self.console.is_terminal else None

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if self.started is None:
            self.started = now
        if self.bar is None and now - self.started > 0.5 and total - done > 50:
            from rich.progress import Progress

            self.bar = Progress(console=self.console, transient=True)
            self.bar.start()
            self.task = self.bar.add_task("indexing articles", total=total)
        if self.bar is not None and self.task is not None:
            self.bar.update(self.task, completed=done, total=total)

    def __exit__(self, *exc_info: object) -> None:
        if self.bar is not None:
            self.bar.stop()


def _sanitized_lines(chunks: Iterable[bytes]) -> Iterator[str]:
    from glossary.text import sanitize

    rest = b""
    for chunk in chunks:
        rest += chunk
        *complete, rest = rest.split(b"\n")
        for line in complete:
            yield sanitize(line.decode("utf-8", "surrogateescape")) + "\n"
    if rest:
        yield sanitize(rest.decode("utf-8", "surrogateescape")) + "\n"


def _diff_colour(line: str) -> str:
    if line.startswith(("+++", "---")):
        return f"\x1b[1m{line[:-1]}\x1b[0m\n"
    if line.startswith("+"):
        return f"\x1b[32m{line[:-1]}\x1b[0m\n"
    if line.startswith("-"):
        return f"\x1b[31m{line[:-1]}\x1b[0m\n"
    if line.startswith("@@"):
        return f"\x1b[36m{line[:-1]}\x1b[0m\n"
    return line


def stream_to_pager(lines: Iterable[str], environ: Mapping[str, str] | None = None) -> bool:
    """Write ``lines`` into ``$PAGER`` (else ``less``) as they come; False when no pager could start.

    Like ``page``, with the text streamed rather than made whole first: the pager opens at once and
    a reader who quits stops the reading.
    """
    import shlex
    import signal
    import subprocess

    environ = os.environ if environ is None else environ
    try:
        argv = shlex.split(environ.get("PAGER", "").strip() or "less")
    except ValueError:
        return False
    if not argv:
        return False
    env = dict(environ)
    less = env.get("LESS", "")
    if "R" not in less and "r" not in less.replace("--", ""):
        env["LESS"] = f"{less} -R".strip()
    encoding = sys.stdout.encoding or "utf-8"
    interrupt = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        try:
            pager = subprocess.Popen(argv, stdin=subprocess.PIPE, env=env)
        except (OSError, ValueError):
            return False
        assert pager.stdin is not None
        try:
            for line in lines:
                pager.stdin.write(line.encode(encoding, "replace"))
            pager.stdin.close()
        except OSError:  # the reader quit the pager (q in less)
            pass
        pager.wait()
        return True
    finally:
        signal.signal(signal.SIGINT, interrupt)


def _json_text(data: Any, ascii_only: bool, rows: str | None) -> str:
    split = json_split(data, ascii_only, rows)
    if split is None:
        return json_indented(data, json_line(ascii_only))
    head, lines, tail = split
    return head + ",\n".join(lines) + tail


def json_line(ascii_only: bool) -> Callable[[Any], str]:
    """The encoder of one row of a JSON report: an object on one line."""
    import json

    return json.JSONEncoder(ensure_ascii=ascii_only, separators=(", ", ": ")).encode


def json_split(data: Any, ascii_only: bool, rows: str | None) -> tuple[str, list[str], str] | None:
    """The JSON text of ``data`` in three parts: what comes before the rows under ``rows``, the rows
    (an object a line, indented), and what comes after; joined with ``,\n`` they are the text. None
    when ``data`` has no such list."""
    if rows is None or not isinstance(data, dict) or not isinstance(data.get(rows), list):
        return None
    line = json_line(ascii_only)
    before: list[str] = []
    after: list[str] = []
    lines: list[str] = []
    opened = ""
    for key, value in data.items():
        if key == rows and value:
            lines = ["    " + line(item) for item in value]
            opened = f"  {line(key)}: [\n"
        elif key == rows:
            (after if opened else before).append(f"  {line(key)}: []")
        else:
            (after if opened else before).append(f"  {line(key)}: {json_indented(value, line, '  ')}")
    if not opened:
        return "{\n" + ",\n".join(before) + "\n}", [], ""
    head = "{\n" + "".join(part + ",\n" for part in before) + opened
    return head, lines, "\n  ]" + "".join(",\n" + part for part in after) + "\n}"


class RawJSON(str):
    """JSON text already written for its place (its lines indented as ``json_indented`` would): put in
    as it is."""


def json_indented(value: Any, encode: Callable[[Any], str], indent: str = "") -> str:
    """``json.dumps(value, indent=2)`` with every line after the first indented by ``indent``, made by
    ``encode`` (a ``json_line``) value by value: the C encoder does not indent, and the pure Python
    one takes 0.1 s over the commits of a long history. A ``RawJSON`` is put in as it is."""
    if isinstance(value, RawJSON):
        return value
    if isinstance(value, dict) and value:
        if not all(isinstance(key, str) for key in value):
            import json

            text = json.dumps(value, ensure_ascii=encode("\u00e9") != '"\u00e9"', indent=2)
            return text.replace("\n", "\n" + indent)
        inner = indent + "  "
        members = ",\n".join(
            f"{inner}{encode(key)}: {json_indented(item, encode, inner)}" for key, item in value.items()
        )
        return f"{{\n{members}\n{indent}}}"
    if isinstance(value, list | tuple) and value:
        inner = indent + "  "
        items = ",\n".join(inner + json_indented(item, encode, inner) for item in value)
        return f"[\n{items}\n{indent}]"
    return encode(value)
