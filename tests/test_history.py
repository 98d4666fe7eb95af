"""The git side of the status: finding repositories, reading history and work trees, the cache, failures.

``Repo`` (a repository in a temporary folder, with commit dates the test chooses) is shared with
``test_status.py``.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from glossary.errors import ExitStatus, GlossaryError
from glossary.history import (
    GitFailed,
    GitNotFound,
    HistoryCache,
    NotARepository,
    RepositoryFinder,
    ShallowClone,
    Touch,
    locate_repository,
    parse_log,
    read_changes,
    read_history,
    read_worktree,
    resolve_commits,
    run_git,
)

DAY = 86_400
EPOCH = 1_700_000_000  # 2023-11-14, a Tuesday


def isolate_git(monkeypatch: pytest.MonkeyPatch) -> None:
    """No user or system git configuration; a fixed identity, so commits work on a clean machine."""
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    for role in ("AUTHOR", "COMMITTER"):
        monkeypatch.setenv(f"GIT_{role}_NAME", "Translator")
        monkeypatch.setenv(f"GIT_{role}_EMAIL", "translator@example.org")
        monkeypatch.delenv(f"GIT_{role}_DATE", raising=False)


class Repo:
    """A work tree in ``root``; ``commit(day=N)`` dates the commit N days after ``EPOCH``."""

    def __init__(self, root: Path) -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)
        self.git("init", "-q", "-b", "main")

    def git(self, *args: str | bytes, day: float | None = None) -> str:
        env = dict(os.environ)
        if day is not None:
            env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = f"@{int(EPOCH + day * DAY)} +0000"
        done = subprocess.run(["git", *args], cwd=self.root, env=env, capture_output=True, check=False)
        assert done.returncode == 0, done.stderr.decode(errors="replace")
        return done.stdout.decode(errors="replace").strip()

    def write(self, relative: str | bytes, text: str = "text\n") -> Path:
        path = Path(os.fsdecode(os.path.join(os.fsencode(self.root), os.fsencode(relative))))
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as file:
            file.write(text)
        return path

    def commit(self, message: str, day: float, *paths: str | bytes) -> str:
        """Commit ``paths`` (everything when none) on day ``day``; returns the commit hash."""
        self.git("add", "--", *(paths or (".",)))
        self.git("commit", "-q", "-m", message, day=day)
        return self.git("rev-parse", "HEAD")


class CountingRunner:
    """``run_git``, recording the arguments of every call."""

    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    def __call__(self, args: Sequence[str], cwd: Path, stdin: bytes | None = None) -> Iterator[bytes]:
        self.calls.append(list(args))
        return run_git(args, cwd, stdin)

    def commands(self) -> list[str]:
        """The git subcommand of each call (global options skipped)."""
        names = []
        for args in self.calls:
            rest = [arg for arg in args if arg != "--literal-pathspecs"]
            while rest and rest[0] == "-c":
                rest = rest[2:]
            names.append(rest[0])
        return names


@pytest.fixture(autouse=True)
def git_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    isolate_git(monkeypatch)


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    return Repo(tmp_path / "repo")


def paths(history: dict[bytes, list[Touch]]) -> dict[str, list[str]]:
    return {os.fsdecode(path): [touch.subject for touch in touches] for path, touches in history.items()}


def test_one_log_pass_files_every_commit_under_its_file_newest_first(repo: Repo) -> None:
    repo.write("en/a.md")
    repo.write("ja/a.md")
    repo.commit("add a", day=1)
    repo.write("en/a.md", "more\n")
    repo.write("elsewhere.txt")
    repo.commit("edit a", day=2)
    runner = CountingRunner()

    history = read_history(locate_repository(repo.root), ["en", "ja"], runner)

    assert paths(history.touches) == {"en/a.md": ["edit a", "add a"], "ja/a.md": ["add a"]}
    assert runner.commands() == ["log"]
    assert history.touches[b"en/a.md"][0].time > history.touches[b"en/a.md"][1].time


def test_a_renamed_file_keeps_the_history_of_its_old_name(repo: Repo) -> None:
    repo.write("en/old.md", "a long enough text to be recognised after the move\n" * 5)
    repo.commit("add", day=1)
    repo.write("en/old.md", "edited\n")
    repo.commit("edit", day=2)
    repo.git("mv", "en/old.md", "en/new.md")
    repo.commit("rename", day=3)
    repo.write("en/old.md", "another file under the old name\n")
    repo.commit("reuse the name", day=4)

    history = read_history(locate_repository(repo.root), ["en"])

    assert paths(history.touches) == {"en/new.md": ["rename", "edit", "add"], "en/old.md": ["reuse the name"]}


def test_a_merge_lists_what_it_brought_from_the_side_branch(repo: Repo) -> None:
    repo.write("en/a.md")
    repo.write("ja/a.md")
    repo.commit("start", day=1)
    repo.git("checkout", "-q", "-b", "side")
    repo.write("en/a.md", "side edit\n")
    repo.commit("edit on the side", day=2)
    repo.git("checkout", "-q", "main")
    repo.write("ja/a.md", "translated\n")
    repo.commit("translate", day=3)
    repo.git("merge", "-q", "--no-ff", "-m", "merge side", "side", day=4)

    history = read_history(locate_repository(repo.root), ["en", "ja"])

    assert paths(history.touches)["en/a.md"] == ["merge side", "edit on the side", "start"]


def test_the_work_tree_tells_uncommitted_files_from_edited_ones(repo: Repo) -> None:
    repo.write("en/a.md")
    repo.write("en/b.md")
    repo.commit("add", day=1)
    repo.write("en/a.md", "edit\n")
    repo.write("en/b.md", "staged edit\n")
    repo.git("add", "en/b.md")
    repo.write("en/new file.md")
    repo.write("en/staged.md")
    repo.git("add", "en/staged.md")

    worktree = read_worktree(locate_repository(repo.root), ["en"])

    assert worktree.edited == {b"en/a.md", b"en/b.md"}
    assert worktree.uncommitted == {b"en/new file.md", b"en/staged.md"}


def test_a_repository_without_commits_has_no_history(repo: Repo) -> None:
    repo.write("en/a.md")
    repository = locate_repository(repo.root / "en")
    assert repository.head is None
    assert read_history(repository, ["en"]).touches == {}
    assert read_worktree(repository, ["en"]).uncommitted == {b"en/a.md"}


def cache_in(tmp_path: Path) -> HistoryCache:
    return HistoryCache(sqlite3.connect(tmp_path / "cache.sqlite3"))


def test_with_no_new_commit_the_cache_answers_and_no_log_runs(repo: Repo, tmp_path: Path) -> None:
    repo.write("en/a.md")
    repo.commit("add", day=1)
    first = read_history(locate_repository(repo.root), ["en"], run_git, cache_in(tmp_path))
    runner = CountingRunner()

    again = read_history(locate_repository(repo.root, runner), ["en"], runner, cache_in(tmp_path))

    assert again.touches == first.touches
    assert runner.commands() == ["rev-parse"]


def test_after_new_commits_only_the_new_ones_are_read(repo: Repo, tmp_path: Path) -> None:
    repo.write("en/a.md", "a text long enough to be recognised when it moves\n" * 5)
    old = repo.commit("add", day=1)
    read_history(locate_repository(repo.root), ["en"], run_git, cache_in(tmp_path))
    repo.git("mv", "en/a.md", "en/b.md")
    repo.commit("rename", day=2)
    repo.write("en/c.md")
    repo.commit("add c", day=3)
    runner = CountingRunner()

    history = read_history(locate_repository(repo.root), ["en"], runner, cache_in(tmp_path))

    log = [args for args in runner.calls if "log" in args]
    assert len(log) == 1 and any(arg.startswith(f"{old}..") for arg in log[0])
    assert paths(history.touches) == {"en/b.md": ["rename", "add"], "en/c.md": ["add c"]}
    stored = read_history(locate_repository(repo.root), ["en"], run_git, cache_in(tmp_path))
    assert paths(stored.touches) == paths(history.touches)


def test_a_rewritten_history_is_noticed_and_read_again(repo: Repo, tmp_path: Path) -> None:
    repo.write("en/a.md")
    repo.commit("add", day=1)
    repo.write("en/b.md")
    repo.commit("add b", day=2)
    read_history(locate_repository(repo.root), ["en"], run_git, cache_in(tmp_path))
    repo.git("reset", "-q", "--hard", "HEAD~1")
    repo.write("en/c.md")
    repo.commit("add c instead", day=3)
    runner = CountingRunner()

    history = read_history(locate_repository(repo.root), ["en"], runner, cache_in(tmp_path))

    assert runner.commands() == ["merge-base", "log"]
    assert not any(".." in arg for arg in runner.calls[-1])
    assert paths(history.touches) == {"en/a.md": ["add"], "en/c.md": ["add c instead"]}


def test_the_cache_keeps_its_tables_apart_in_the_connection_it_is_given(tmp_path: Path) -> None:
    connection = sqlite3.connect(tmp_path / "index.sqlite3")
    connection.execute("CREATE TABLE articles (slug TEXT)")
    HistoryCache(connection)
    HistoryCache(connection)  # opening twice is fine
    tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert tables - {"articles"} and all(name.startswith("history_") for name in tables - {"articles"})


def test_markers_resolve_to_commits_and_unknown_names_are_left_out(repo: Repo, tmp_path: Path) -> None:
    repo.write("en/a.md")
    sha = repo.commit("add", day=1)
    tree = repo.git("rev-parse", "HEAD^{tree}")
    repository = locate_repository(repo.root)
    cache = cache_in(tmp_path)

    found = resolve_commits(repository, [sha[:7], sha, "0" * 40, tree], run_git, cache)

    assert set(found) == {sha[:7], sha}
    assert found[sha[:7]].sha == sha and found[sha].time == 1_700_000_000 + 86_400
    runner = CountingRunner()
    assert resolve_commits(repository, [sha], runner, cache) == {sha: found[sha]}
    assert runner.calls == []


def test_a_submodule_answers_for_its_own_files(repo: Repo, tmp_path: Path) -> None:
    inner = Repo(tmp_path / "inner")
    inner.write("ja/a.md")
    inner.commit("translate", day=5)
    repo.write("en/a.md")
    repo.commit("add", day=1)
    repo.git("-c", "protocol.file.allow=always", "submodule", "add", "-q", str(inner.root), "translations")
    repo.commit("add the translations", day=6)
    finder = RepositoryFinder()

    outer, en = finder.find(repo.root / "en")
    sub, ja = finder.find(repo.root / "translations" / "ja")

    assert (en, ja) == ("en", "ja")
    assert sub.root == (repo.root / "translations").resolve() != outer.root
    assert paths(read_history(sub, ["ja"]).touches) == {"ja/a.md": ["translate"]}


def test_one_repository_is_asked_once_for_all_its_folders(repo: Repo) -> None:
    repo.write("en/a.md")
    repo.write("docs/ja/a.md")
    repo.commit("add", day=1)
    runner = CountingRunner()
    finder = RepositoryFinder(runner)
    assert finder.find(repo.root / "en")[1] == "en"
    assert finder.find(repo.root / "docs" / "ja")[1] == "docs/ja"
    assert runner.commands() == ["rev-parse"]


def test_a_shallow_clone_says_the_history_is_incomplete_and_how_to_fix_it(repo: Repo, tmp_path: Path) -> None:
    repo.write("en/a.md")
    repo.commit("one", day=1)
    repo.write("en/a.md", "two\n")
    repo.commit("two", day=2)
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo.root}", str(clone)], check=True)

    with pytest.raises(ShallowClone) as raised:
        locate_repository(clone / "en")

    assert "git fetch --unshallow" in str(raised.value) and "\n" not in str(raised.value)
    assert raised.value.exit_status == ExitStatus.NOT_FOUND and int(raised.value.exit_status) == 1


def test_a_folder_outside_any_repository_is_one_clear_error(tmp_path: Path) -> None:
    folder = tmp_path / "plain"
    folder.mkdir()
    with pytest.raises(NotARepository, match="is not in a git repository") as raised:
        locate_repository(folder)
    assert isinstance(raised.value, GlossaryError) and raised.value.exit_status == 1


def test_no_git_on_path_is_one_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(GitNotFound, match="git is not installed or not on PATH") as raised:
        locate_repository(tmp_path)
    assert raised.value.exit_status == 1


def test_a_failing_git_command_carries_its_message(repo: Repo) -> None:
    with pytest.raises(GitFailed) as raised:
        b"".join(run_git(["log", "no-such-revision"], repo.root))
    assert raised.value.returncode == 128 and "no-such-revision" in str(raised.value)


def test_a_reader_that_stops_early_leaves_no_process_behind(repo: Repo) -> None:
    for index in range(30):
        repo.write(f"en/{index}.md")
        repo.commit(f"commit {index}", day=index)
    chunks = run_git(["log", "-p"], repo.root)
    assert next(chunks)
    chunks.close()  # kills git; a leak would show as a ResourceWarning


def test_the_log_parser_takes_any_byte_in_a_path_as_part_of_the_path() -> None:
    odd = b'\x1eR100\n\xff name, with "quotes".md'
    stream = (
        b"\x1e"
        + b"a" * 40
        + b"\x1f100\x1fsubject\x00\nM\x00"
        + odd
        + b"\x00R087\x00old.md\x00new.md\x00"
        + b"\x1e"
        + b"b" * 40
        + b"\x1f90\x1fmerge without changes\x00"
        + b"\x1e"
        + b"c" * 40
        + b"\x1f80\x1f\x00\nA\x00old.md\x00"
    )
    chunks = [stream[index : index + 7] for index in range(0, len(stream), 7)]

    commits = list(parse_log(chunks))

    assert [(touch.time, touch.subject, files) for touch, files in commits] == [
        (100, "subject", [(odd, None), (b"new.md", b"old.md")]),
        (90, "merge without changes", []),
        (80, "", [(b"old.md", None)]),
    ]


def test_when_the_glossary_is_most_of_the_repository_git_lists_everything_and_the_rest_is_dropped(repo: Repo) -> None:
    repo.write("en/a.md")
    repo.write("ja/a.md")
    repo.write("README")
    repo.commit("add", day=1)
    repo.write("README", "more\n")
    repo.commit("readme only", day=2)
    runner = CountingRunner()

    history = read_history(locate_repository(repo.root), ["en", "ja"], runner, files=2)

    assert paths(history.touches) == {"en/a.md": ["add"], "ja/a.md": ["add"]}
    assert runner.calls[0][-1] == "--"  # no pathspec: filtered here


def test_read_changes_names_what_new_commits_touched_and_the_cache_gives_just_the_files_asked(
    repo: Repo, tmp_path: Path
) -> None:
    repo.write("en/a.md")
    repo.write("en/b.md")
    old = repo.commit("add", day=1)
    assert read_changes(locate_repository(repo.root), ["en"], run_git, cache_in(tmp_path)).since is None
    repo.write("en/b.md", "edit\n")
    repo.commit("edit b", day=2)

    changes = read_changes(locate_repository(repo.root), ["en"], run_git, cache_in(tmp_path))

    assert changes.since == old and paths(changes.touches) == {"en/b.md": ["edit b"]}
    stored = cache_in(tmp_path).touches_of(repo.root, ["en"], [b"en/b.md", b"en/none.md"])
    assert paths(stored) == {"en/b.md": ["edit b", "add"]}
    again = read_changes(locate_repository(repo.root), ["en"], run_git, cache_in(tmp_path))
    assert again.since == again.head and again.touches == {}
