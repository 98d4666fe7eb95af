"""The stat pass begun at start-up (``glossary.prescan``, ``glossary.console``): the command line read
as Typer reads it, the same fingerprints however the work was shared, and a search through the
installed command that sees an article edited in place."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from glossary.console import glossary_options
from glossary.prescan import read_plan

SRC = str(Path(__file__).resolve().parents[1] / "src")
TWO_CPUS = sys.platform.startswith("linux") and len(os.sched_getaffinity(0)) >= 2


def test_the_options_of_glossary_itself_are_read_as_typer_reads_them() -> None:
    assert glossary_options(["-d", "a", "--data-dir", "b", "--data-dir=/c", "-dd", "search", "x"]) == {
        "data_dirs": ["a", "b", "/c", "d"],
        "source": None,
        "bundled": False,
        "docs_version": None,
    }
    options = glossary_options(["--bundled", "--no-color", "--source", "en", "--docs-version=3", "check"])
    assert options == {"data_dirs": [], "source": "en", "bundled": True, "docs_version": "3"}
    assert glossary_options(["-d", "search", "show", "x"]) == {  # a folder named like a command
        "data_dirs": ["search"],
        "source": None,
        "bundled": False,
        "docs_version": None,
    }


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["--help"],
        ["--version"],
        ["status"],
        ["-d", "x", "status"],
        ["serach", "x"],  # misspelt: Typer says so, no child is needed
        ["-d"],
        ["-d", "", "search", "x"],
        ["--source", "search"],  # the value is taken: no command follows
        ["--unknown", "search", "x"],
    ],
)
def test_no_child_for_a_command_line_that_opens_no_index(args: list[str]) -> None:
    assert glossary_options(args) is None


@given(st.lists(st.text(max_size=12) | st.sampled_from(["-d", "--data-dir", "search", "--bundled", "--source"])))
def test_any_command_line_is_read_without_error(args: list[str]) -> None:
    options = glossary_options(args)
    assert options is None or all(isinstance(folder, str) and folder for folder in options["data_dirs"])


def _glossary(root: Path, langs: dict[str, dict[str, str]]) -> None:
    for lang, articles in langs.items():
        (root / lang).mkdir(parents=True)
        for slug, text in articles.items():
            (root / lang / f"{slug}.md").write_text(f"---\ntitle: {slug}\n---\n{text}\n", encoding="utf-8")


SHARED = textwrap.dedent(
    """
    import json, sys, time
    from pathlib import Path
    sys.path.insert(0, {src!r})
    from glossary import console, prescan
    from glossary.corpus import load_corpus
    from glossary.index.scan import fingerprint, folder_key, plan_of

    root, how = sys.argv[1], sys.argv[2]
    options = console.glossary_options(["-d", root, "search", "x"])
    prescan.begin("glossary.console", options, console._identity(options))
    started = prescan._child is not None
    folders = load_corpus([Path(root)]).folders
    keys = [folder_key(folder) for folder in folders]
    if how == "child first":
        time.sleep(2)  # the child has done every folder
    elif how == "child stopped":
        prescan.stop()
        prescan.begin("glossary.console", options, console._identity(options))
        import os, signal; os.kill(prescan._child.pid, signal.SIGKILL)
    elif how == "other folders":
        time.sleep(2)  # the child has said which folders it saw
        keys = keys[1:] + keys[:1]
    child = prescan._child
    done_here = []

    def here(number):
        done_here.append(number)
        return fingerprint(folders[number])

    found = prescan.take(keys, here, lambda: [plan_of(folder) for folder in folders])
    expected = {{number: fingerprint(folder) for number, folder in enumerate(folders)}}
    print(json.dumps({{"started": started, "same": found == expected if found is not None else None,
                      "here": done_here, "none": found is None, "folders": len(folders),
                      "planned": child.planned if child else None}}))
    """
)


def _shared(tmp_path: Path, how: str) -> dict:
    root = tmp_path / "g"
    if not root.exists():
        _glossary(root, {lang: {f"a{n}": f"{lang} {n}" for n in range(30)} for lang in ("en", "fi", "no", "sv", "de")})
    script = tmp_path / "shared.py"
    script.write_text(SHARED.format(src=SRC), encoding="utf-8")
    env = {**os.environ, "GLOSSARY_CACHE_DIR": str(tmp_path / "cache")}
    args = [sys.executable, str(script), str(root), how]
    result = subprocess.run(args, capture_output=True, text=True, check=True, env=env, timeout=120)
    return json.loads(result.stdout)


@pytest.mark.skipif(not TWO_CPUS, reason="no second CPU: no child is started")
def test_what_the_child_did_is_taken_as_it_is(tmp_path: Path) -> None:
    first = _shared(tmp_path, "child first")
    assert first["started"] and first["same"] and first["here"] == []
    assert first["planned"] is False  # no plan yet: the child found the folders as the command does
    again = _shared(tmp_path, "child first")
    assert again["same"] and again["here"] == [] and again["planned"] is True  # from the plan kept


@pytest.mark.skipif(not TWO_CPUS, reason="no second CPU: no child is started")
def test_a_stale_or_damaged_plan_costs_time_only(tmp_path: Path) -> None:
    assert _shared(tmp_path, "child first")["planned"] is False
    (tmp_path / "g" / "it").mkdir()  # a language more than the plan kept
    (tmp_path / "g" / "it" / "a1.md").write_text("---\ntitle: a1\n---\nit\n", encoding="utf-8")
    stale = _shared(tmp_path, "child first")
    assert stale["none"] and stale["planned"] is True  # not believed: the command scans alone
    renewed = _shared(tmp_path, "child first")
    assert renewed["same"] and renewed["planned"] is True and renewed["here"] == []
    for plan in (tmp_path / "cache").glob("prescan-*"):
        plan.write_bytes(plan.read_bytes()[:-3] + b"xyz")
    damaged = _shared(tmp_path, "child first")
    assert damaged["same"] and damaged["planned"] is False


@pytest.mark.skipif(not TWO_CPUS, reason="no second CPU: no child is started")
def test_a_child_stopped_early_costs_time_only(tmp_path: Path) -> None:
    answer = _shared(tmp_path, "child stopped")  # before it said which folders it saw
    assert answer["same"] and sorted(answer["here"]) == list(range(answer["folders"]))


@pytest.mark.skipif(not TWO_CPUS, reason="no second CPU: no child is started")
def test_a_child_that_listed_other_folders_is_not_believed(tmp_path: Path) -> None:
    answer = _shared(tmp_path, "other folders")
    assert answer["none"]


def test_a_plan_file_that_is_no_plan_is_not_read(tmp_path: Path) -> None:
    for data in (b"", b"abc", b"\0\0\0\0garbage", bytes(range(256))):
        (tmp_path / "plan").write_bytes(data)
        assert read_plan(str(tmp_path / "plan")) is None
    assert read_plan(str(tmp_path / "missing")) is None
    assert read_plan(None) is None


def test_the_installed_command_sees_an_article_edited_in_place(tmp_path: Path) -> None:
    """``python -m glossary`` starts as the console script does: the child fingerprints the folders
    while the program imports, and an edit that keeps the file's size is still found."""
    root = tmp_path / "g"
    _glossary(root, {lang: {f"a{n}": f"{lang} word{n}" for n in range(20)} for lang in ("en", "fi", "no")})
    env = {**os.environ, "GLOSSARY_CACHE_DIR": str(tmp_path / "cache"), "PYTHONPATH": SRC, "NO_COLOR": "1"}

    def search(word: str) -> subprocess.CompletedProcess[str]:
        args = [sys.executable, "-m", "glossary", "-d", str(root), "search", word, "--json"]
        return subprocess.run(args, capture_output=True, text=True, env=env, check=False, timeout=120)

    assert search("word7").returncode == 0
    article = root / "fi" / "a7.md"
    article.write_text(article.read_text(encoding="utf-8").replace("word7", "wxyz7"), encoding="utf-8")
    found = search("wxyz7")
    assert found.returncode == 0, found.stderr
    assert '"a7"' in found.stdout
    assert found.stderr == ""


def _command(tmp_path: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """``glossary ARGS`` as the console script runs it (``python -m glossary``), from ``cwd``."""
    env = {**os.environ, "GLOSSARY_CACHE_DIR": str(tmp_path / "cache"), "PYTHONPATH": SRC, "NO_COLOR": "1"}
    return subprocess.run(
        [sys.executable, "-m", "glossary", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        check=False,
        timeout=120,
    )


def test_a_plan_kept_from_another_folder_is_not_believed(tmp_path: Path) -> None:
    """A plan kept by ``-d .`` run inside the glossary serves ``-d /the/glossary`` run elsewhere: the
    folders it names are the same ones, and an edit made after it is found."""
    root = tmp_path / "g"
    _glossary(root, {"en": {"apple": "An apple."}, "fi": {"apple": "Omena."}})
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "en").mkdir(parents=True)  # a folder of the same name where the second run starts
    for _ in range(2):
        assert _command(tmp_path, "-d", ".", "search", "apple", cwd=root).returncode == 0
    with (root / "en" / "apple.md").open("a", encoding="utf-8") as file:
        file.write("A quokka.\n")
    for _ in range(2):
        found = _command(tmp_path, "-d", str(root), "search", "quokka", cwd=elsewhere)
        assert found.returncode == 0 and "apple" in found.stdout and found.stderr == ""


def test_a_plan_that_names_another_language_is_not_believed(tmp_path: Path) -> None:
    """The same folder read as another language (a Docusaurus site's default locale changed): the
    plan's rows differ from the command's, so its answers are not used and a new plan is kept."""
    site = tmp_path / "s"
    (site / "docs").mkdir(parents=True)
    (site / "docusaurus.config.js").write_text("module.exports = {i18n: {defaultLocale: 'en'}};\n", encoding="utf-8")
    (site / "docs" / "apple.md").write_text("---\ntitle: Apple\n---\nAn apple.\n", encoding="utf-8")
    for _ in range(2):
        assert _command(tmp_path, "-d", str(site), "langs", cwd=tmp_path).returncode == 0
    config = site / "docusaurus.config.js"
    config.write_text(config.read_text(encoding="utf-8").replace("'en'", "'fr'"), encoding="utf-8")
    for _ in range(2):
        found = _command(tmp_path, "-d", str(site), "search", "apple", "--lang", "fr", cwd=tmp_path)
        assert found.returncode == 0 and "apple" in found.stdout, found.stderr


@pytest.mark.skipif(not TWO_CPUS, reason="no second CPU: no child is started")
def test_folders_with_subfolders_are_done_by_the_child_from_a_plan(tmp_path: Path) -> None:
    root = tmp_path / "g"
    _glossary(root, {lang: {f"a{n}": f"{lang} {n}" for n in range(10)} for lang in ("en", "fi", "no")})
    for lang in ("en", "fi", "no"):
        (root / lang / "deeper").mkdir()
        (root / lang / "deeper" / "b.md").write_text("---\ntitle: b\n---\nb\n", encoding="utf-8")
    assert _shared(tmp_path, "child first")["planned"] is False
    again = _shared(tmp_path, "child first")
    assert again["planned"] is True and again["same"] and again["here"] == []


def test_no_plan_when_the_current_folder_is_gone(tmp_path: Path) -> None:
    gone = tmp_path / "gone"
    gone.mkdir()
    found = subprocess.run(
        [sys.executable, "-c", f"import os, sys; sys.path.insert(0, {SRC!r}); os.chdir({str(gone)!r}); "
         f"os.rmdir({str(gone)!r}); from glossary import console; "
         "print(console._identity(console.glossary_options(['-d', 'g', 'search', 'x'])))"],
        capture_output=True, text=True, check=True, timeout=120,
    )  # fmt: skip
    assert found.stdout.strip() == "None"


def test_a_folder_reached_through_a_link_and_dot_dot_is_the_one_the_kernel_opens(tmp_path: Path) -> None:
    """``link/../g`` is the ``g`` beside the link's target, not the one beside the link: the plan
    names the folder the command reads, and an edit in it is found."""
    (tmp_path / "far" / "sub").mkdir(parents=True)
    for root in (tmp_path / "far" / "g", tmp_path / "g"):
        _glossary(root, {"en": {"w": "body"}, "fi": {"w": "body"}})
    (tmp_path / "link").symlink_to(tmp_path / "far" / "sub")
    for _ in range(3):
        assert _command(tmp_path, "-d", "link/../g", "search", "w", cwd=tmp_path).returncode == 0
    with (tmp_path / "far" / "g" / "en" / "w.md").open("a", encoding="utf-8") as file:
        file.write("platypus\n")
    for _ in range(2):
        found = _command(tmp_path, "-d", "link/../g", "search", "platypus", cwd=tmp_path)
        assert found.returncode == 0 and "platypus" in found.stdout, found.stderr


def test_a_ctrl_c_while_the_program_is_imported_ends_as_any_ctrl_c(monkeypatch: pytest.MonkeyPatch) -> None:
    import builtins

    from glossary import console

    real_import = builtins.__import__

    def interrupted(name: str, *args: object, **kwargs: object) -> object:
        if name == "glossary.cli":
            raise KeyboardInterrupt
        return real_import(name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(sys, "argv", ["glossary", "--version"])
    monkeypatch.setattr(builtins, "__import__", interrupted)
    assert console.main() == 130


@pytest.mark.parametrize("named", [["-d", "g"], ["GLOSSARY_PATH=../g"]])
def test_a_relative_glossary_from_a_folder_that_is_gone_is_one_line(tmp_path: Path, named: list[str]) -> None:
    _glossary(tmp_path / "g", {"en": {"a": "a"}, "fi": {"a": "a"}})
    gone = tmp_path / "gone"
    gone.mkdir()
    env = {**os.environ, "GLOSSARY_CACHE_DIR": str(tmp_path / "cache"), "PYTHONPATH": SRC}
    args = [arg for arg in named if "=" not in arg]
    env.update(arg.split("=", 1) for arg in named if "=" in arg)
    script = (
        f"import os, runpy; os.chdir({str(gone)!r}); os.rmdir({str(gone)!r}); "
        "runpy.run_module('glossary', run_name='__main__')"
    )
    found = subprocess.run(
        [sys.executable, "-c", script, *args, "search", "a"], capture_output=True, text=True, env=env, timeout=120
    )
    assert found.returncode == 2
    assert found.stderr.strip().splitlines() == [
        "glossary: the current folder no longer exists: cd to one that does, or give the glossary's folder whole"
    ]
