"""Where output goes: the pager, and what happens when it cannot be used."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from glossary.cli.output import json_indented, json_line, page


def test_a_pager_that_fails_leaves_the_text_to_be_printed() -> None:
    assert page("text\n", {"PAGER": "false"}) is False


def test_a_missing_pager_leaves_the_text_to_be_printed() -> None:
    assert page("text\n", {"PAGER": "/nonexistent/pager --flag"}) is False


def test_an_unparsable_pager_leaves_the_text_to_be_printed() -> None:
    assert page("text\n", {"PAGER": "less 'unclosed"}) is False


def test_the_pager_shows_the_text(capfd) -> None:
    assert page("één tekst\n", {"PAGER": "cat", "PATH": "/usr/bin:/bin"}) is True
    assert capfd.readouterr().out == "één tekst\n"


@pytest.mark.parametrize(
    ("less", "seen"), [("", "-R"), ("-X", "-X -R"), ("-FRX", "-FRX"), ("--mouse", "--mouse -R"), ("-r", "-r")]
)
def test_colours_pass_through_less_whatever_the_users_less_says(capfd, less: str, seen: str) -> None:
    environ = {"PAGER": f"{sys.executable} -c \"import os; print(os.environ['LESS'])\"", "LESS": less}
    assert page("ignored\n", environ) is True
    assert capfd.readouterr().out.strip() == seen


def test_manpager_does_not_override_pager(capfd) -> None:
    environ = {"PAGER": "cat", "MANPAGER": "false", "PATH": "/usr/bin:/bin"}
    assert page("shown\n", environ) is True
    assert capfd.readouterr().out == "shown\n"


def _on_a_terminal(argv: list[str], environ: dict[str, str]) -> str:
    """What a command writes to a terminal (a pseudo-terminal), as text."""
    import pty

    main, other = pty.openpty()
    process = subprocess.Popen(argv, stdin=other, stdout=other, stderr=other, env=environ, close_fds=True)
    os.close(other)
    chunks = []
    while True:
        try:
            chunk = os.read(main, 65536)
        except OSError:  # the terminal closed with the process
            break
        if not chunk:
            break
        chunks.append(chunk)
    process.wait(timeout=60)
    os.close(main)
    return b"".join(chunks).decode("utf-8", "replace")


@pytest.mark.parametrize("pager", ["false", "/nonexistent/pager"])
def test_show_on_a_terminal_prints_when_the_pager_fails(tmp_path, pager: str) -> None:
    environ = {
        "PATH": os.environ["PATH"],
        "PAGER": pager,
        "LINES": "5",
        "COLUMNS": "80",
        "XDG_CACHE_HOME": str(tmp_path),
        "TERM": "xterm",
    }
    shown = _on_a_terminal([sys.executable, "-m", "glossary", "show", "client-centric", "--lang", "no"], environ)
    assert "Klientsentrert" in shown and "Traceback" not in shown


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
@pytest.mark.parametrize(
    "command",
    [
        ["--version"],
        ["--help"],
        ["list"],
        ["show", "client-centric", "--lang", "no"],
        ["show", "client-centric", "--lang", "no", "--json"],
        ["search", "asiakas"],
        ["compare", "fi", "no"],
        ["export", "--format", "tbx"],
    ],
)
def test_a_full_disk_under_stdout_is_one_error_line(tmp_path, command: list[str]) -> None:
    environ = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "glossary", *command], stdout=full, stderr=subprocess.PIPE, env=environ, check=False
        )
    assert done.returncode == 1
    assert done.stderr.decode() == "glossary: cannot write the output: No space left on device\n"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="pipe sizes are Linux's")
@pytest.mark.parametrize("how", ["write_bytes", "write"])
def test_a_large_output_widens_its_pipe_and_arrives_whole(how: str) -> None:
    import fcntl

    script = (
        "from glossary.cli.output import Output\n"
        f"data = bytes(range(256)) * 8192\n"
        f"Output.write_bytes([data[:1000], memoryview(data)[1000:]]) if {how!r} == 'write_bytes' "
        "else Output.write(data.decode('latin-1'))\n"
    )
    process = subprocess.Popen(
        [sys.executable, "-c", script], stdout=subprocess.PIPE, env={**os.environ, "PYTHONIOENCODING": "latin-1"}
    )
    assert process.stdout is not None
    first = process.stdout.read(1)
    size = fcntl.fcntl(process.stdout.fileno(), fcntl.F_GETPIPE_SZ)
    rest = process.stdout.read()
    assert process.wait(timeout=60) == 0
    assert first + rest == bytes(range(256)) * 8192
    assert size == 1 << 20


_JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=6) | st.integers(), children, max_size=4)
    ),
    max_leaves=20,
)


@given(_JSON_VALUES, st.booleans(), st.sampled_from(["", "  "]))
def test_indented_json_is_the_standard_encoders_text(value: object, ascii_only: bool, indent: str) -> None:
    expected = json.dumps(value, ensure_ascii=ascii_only, indent=2).replace("\n", "\n" + indent)
    assert json_indented(value, json_line(ascii_only), indent) == expected


@pytest.mark.parametrize(
    "env", [{}, {"FORCE_COLOR": "1"}, {"FORCE_COLOR": ""}, {"TTY_COMPATIBLE": "1"}, {"TTY_COMPATIBLE": "0"}]
)
def test_a_terminal_is_told_as_rich_tells_it(env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    """Told without Rich only when Rich would say no as well (stdout here is no TTY)."""
    from glossary.cli.output import Output, make_console

    for name in ("FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE", "FORCE_TERMINAL"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert Output().is_terminal == make_console(stderr=False, no_color=False).is_terminal


@pytest.mark.parametrize("args", [["--version"], ["list"]])
def test_a_closed_stderr_changes_no_exit_code(args: list[str]) -> None:
    """With stderr closed (``2>&-``), Python has no ``sys.stderr``: the exit code is the command's."""
    script = "import sys; from glossary.cli import main; sys.exit(main())"
    done = subprocess.run(
        [sys.executable, "-c", script, *args], stdout=subprocess.PIPE, preexec_fn=lambda: os.close(2),
        timeout=60, check=False,
    )  # fmt: skip
    assert (done.returncode, bool(done.stdout)) == (0, True)


def test_a_profiled_run_ends_as_python_does(tmp_path) -> None:
    """A profiler writes its figures after the program returns: the process is not ended early then."""
    figures = tmp_path / "profile.out"
    done = subprocess.run(
        [sys.executable, "-m", "cProfile", "-o", str(figures), "-m", "glossary", "list"],
        stdout=subprocess.PIPE, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0 and figures.stat().st_size > 0
