"""``glossary status`` when the environment, the repository or the text from others is hostile or unusual."""

from __future__ import annotations

import json
import marshal
import subprocess
from pathlib import Path

import pytest

from conftest import run_cli
from git_repos import Repo, isolate_git
from glossary.status.store import SHAPE


@pytest.fixture(autouse=True)
def git_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    isolate_git(monkeypatch)


def page(title: str, body: str, extra: str = "") -> str:
    return f"---\ntitle: {title}\n{extra}---\n\n{body}\n"


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    """ja/pod made from en/pod, then the source changed once with an escape sequence in its subject."""
    repo = Repo(tmp_path / "site")
    repo.replace("en/pod.md", page("Pod", "A pod runs containers."))
    repo.replace("ja/pod.md", page("ポッド", "ポッドはコンテナを実行します。"))
    repo.commit("Add the pod", day=1)
    repo.replace("en/pod.md", page("Pod", "A pod runs one or more \x1b]8;;https://evil.example\x07containers."))
    repo.commit("Change \x1b[31mthe pod\x1b[0m \x1b]52;c;ZXZpbA==\x07 text\x07", day=2)
    return repo


def pod(root: Path, *args: str, env: dict[str, str] | None = None) -> tuple[str, int, str | None]:
    result = run_cli("-d", str(root), "status", "--json", *args, env=env)
    assert result.exit_code in (0, 1), result.stderr
    found = next(a for a in json.loads(result.stdout)["articles"] if a["slug"] == "pod" and a["lang"] == "ja")
    return found["state"], found["behind"], found["evidence"]


def test_git_variables_of_the_environment_are_ignored(repo: Repo, tmp_path: Path, monkeypatch) -> None:
    other = Repo(tmp_path / "other")
    other.replace("x.md", "x\n")
    other.commit("Another repository", day=1)
    for name, value in {
        "GIT_DIR": str(other.root / ".git"),
        "GIT_WORK_TREE": str(other.root),
        "GIT_INDEX_FILE": str(tmp_path / "no-index"),
        "GIT_OBJECT_DIRECTORY": str(other.root / ".git/objects"),
    }.items():
        monkeypatch.setenv(name, value)
    assert pod(repo.root) == ("outdated", 1, "git")


def test_a_log_encoding_set_in_the_repository_is_overridden(repo: Repo) -> None:
    repo.git("config", "i18n.logOutputEncoding", "UTF-16")
    result = run_cli("-d", str(repo.root), "status", "--json")
    data = json.loads(result.stdout)
    found = next(a for a in data["articles"] if a["slug"] == "pod")
    assert (found["state"], found["behind"]) == ("outdated", 1)
    assert data["commits"][found["commits"][0]]["subject"].startswith("Change the pod")


def test_escape_sequences_from_commits_never_reach_the_output(repo: Repo) -> None:
    for args in ([], ["--json"], ["--format", "github"], ["ja", "--diff", "pod"]):
        result = run_cli("-d", str(repo.root), "status", *args)
        assert result.exit_code == 1, (args, result.stderr)
        assert "\x1b" not in result.stdout and "\x07" not in result.stdout, args
        assert "\\u001b" not in result.stdout, args
    text = run_cli("-d", str(repo.root), "status").stdout
    assert "Change the pod" in text and "text" in text


def test_a_marker_after_a_long_front_matter_is_read(repo: Repo) -> None:
    first = repo.git("rev-list", "--max-parents=0", "HEAD")
    later = repo.git("rev-parse", "HEAD")
    padding = "".join(f"note{n}: {'x' * 70}\n" for n in range(1200))  # about 90 KB before the marker
    repo.replace(
        "ja/pod.md", page("ポッド", "ポッドはコンテナを実行します。", f"{padding}default_lang_commit: {later}\n")
    )
    repo.commit("Reviewed against the new source", day=3)
    assert pod(repo.root) == ("current", 0, "marker")
    repo.replace("ja/pod.md", page("ポッド", "ポッド", f"{padding}default_lang_commit: {first}\n"))
    repo.commit("Point back at the first source", day=4)
    assert pod(repo.root) == ("outdated", 1, "marker")


def test_the_bundled_glossary_is_left_out(repo: Repo) -> None:
    result = run_cli("--bundled", "-d", str(repo.root), "status", "--json")
    assert result.exit_code == 1, result.stderr
    data = json.loads(result.stdout)
    assert {a["lang"] for a in data["articles"]} == {"ja"}
    assert "glossary_data" not in result.stderr


def test_two_roots_in_two_repositories_each_answer_from_their_own(repo: Repo, tmp_path: Path) -> None:
    second = Repo(tmp_path / "second")
    second.replace("en/node.md", page("Node", "A node runs pods."))
    second.replace("ja/node.md", page("ノード", "ノード"))
    second.commit("Add the node", day=10)
    result = run_cli("-d", str(repo.root), "-d", str(second.root), "status", "--json")
    states = {(a["lang"], a["slug"]): (a["state"], a["behind"]) for a in json.loads(result.stdout)["articles"]}
    assert states == {("ja", "pod"): ("outdated", 1), ("ja", "node"): ("current", 0)}


def test_a_source_in_another_repository_needs_a_marker(tmp_path: Path) -> None:
    source = Repo(tmp_path / "content")
    source.replace("en/pod.md", page("Pod", "A pod runs containers."))
    source.replace("en/node.md", page("Node", "A node."))
    base = source.commit("Add the pod and the node", day=1)
    source.replace("en/pod.md", page("Pod", "A pod runs one or more containers."))
    source.commit("Change the pod", day=2)
    translated = Repo(tmp_path / "translated")
    translated.replace("ja/pod.md", page("ポッド", "ポッド"))
    translated.replace("ja/node.md", page("ノード", "ノード", f"l10n:\n  sourceCommit: {base}\n"))
    translated.commit("Translations", day=3)
    result = run_cli("-d", str(source.root), "-d", str(translated.root), "status", "--json")
    states = {a["slug"]: (a["state"], a["evidence"]) for a in json.loads(result.stdout)["articles"]}
    assert states["pod"] == ("unknown", "unknown")
    assert states["node"] == ("current", "marker")


def test_an_unreadable_history_file_is_read_again_once_and_written_over(repo: Repo, clean_environment: Path) -> None:
    assert pod(repo.root)[0] == "outdated"
    [kept] = list(clean_environment.glob("history-*"))
    for broken in (b"\x00not marshal data", marshal.dumps(("a", "tuple", "of", "another", "shape"))):
        kept.write_bytes(broken)
        for results in clean_environment.glob("status-*"):  # so that this run reads the history
            results.write_bytes(broken)
        assert pod(repo.root)[0] == "outdated"
        assert marshal.loads(kept.read_bytes())[0] == SHAPE
        written = kept.stat().st_mtime_ns
        assert pod(repo.root)[0] == "outdated"
        assert kept.stat().st_mtime_ns == written  # read once, not again on every run


def test_a_history_file_damaged_inside_is_read_again(repo: Repo, clean_environment: Path) -> None:
    """Its parts are read when first needed, so the whole file is checked when it is opened."""
    assert pod(repo.root)[0] == "outdated"
    [kept] = list(clean_environment.glob("history-*"))
    data = bytearray(kept.read_bytes())
    data[len(data) // 2] ^= 0xFF
    kept.write_bytes(bytes(data))
    for results in clean_environment.glob("status-*"):  # so that this run reads the history
        results.unlink()
    assert pod(repo.root)[0] == "outdated"
    assert kept.read_bytes() != bytes(data)


def test_an_unborn_repository_says_nothing_is_committed(tmp_path: Path) -> None:
    repo = Repo(tmp_path / "new")
    repo.replace("en/pod.md", page("Pod", "A pod."))
    repo.replace("ja/pod.md", page("ポッド", "ポッド"))
    result = run_cli("-d", str(repo.root), "status")
    assert "Every translation is current" not in result.stdout
    assert "not committed yet" in result.stdout
    assert "1 translation" in result.stdout.splitlines()[0]


def test_the_diff_lists_the_counted_commits_then_the_source_diff(repo: Repo) -> None:
    result = run_cli("-d", str(repo.root), "status", "ja", "--diff", "pod")
    lines = result.stdout.splitlines()
    assert lines[0].split()[2:] == ["Change", "the", "pod", "text"]
    assert "+++ b/en/pod.md" in result.stdout
    assert "-A pod runs containers." in result.stdout


def test_edits_not_committed_yet(repo: Repo) -> None:
    repo.replace("ja/pod.md", page("ポッド", "ポッドは一つ以上のコンテナを実行します。"))
    assert pod(repo.root) == ("current", 0, "worktree")
    repo.replace("en/pod.md", page("Pod", "Pods run containers."))
    assert pod(repo.root) == ("outdated", 1, "worktree")
    subprocess.run(["git", "checkout", "-q", "--", "ja/pod.md"], cwd=repo.root, check=True)
    assert pod(repo.root) == ("outdated", 2, "git")


def test_a_new_commit_judges_again_only_what_it_touched(tmp_path: Path, monkeypatch) -> None:
    import glossary.status.run as run

    repo = Repo(tmp_path / "many")
    for slug in ("pod", "node", "label"):
        repo.replace(f"en/{slug}.md", page(slug, f"The {slug}."))
        repo.replace(f"ja/{slug}.md", page(slug, "翻訳"))
    repo.commit("Start", day=1)
    repo.settle()
    assert pod(repo.root) == ("current", 0, "git")
    judged: list[int] = []
    original = run.Run.judge

    def counting(self, pairs, **options):  # type: ignore[no-untyped-def]
        found = original(self, pairs, **options)
        judged.append(len(pairs) - self.reused)
        return found

    monkeypatch.setattr(run.Run, "judge", counting)
    repo.replace("en/pod.md", page("pod", "The pod, explained."))
    repo.commit("Explain the pod", day=2)
    repo.settle()
    assert pod(repo.root) == ("outdated", 1, "git")
    assert judged == [1]  # node and label kept their verdicts
    repo.replace("en/other.md", page("other", "Another page."))
    repo.commit("Add a page", day=3)
    repo.settle()
    assert pod(repo.root) == ("outdated", 1, "git")
    # A file added: the report is made whole. The pod, judged again by a patch since the last whole
    # report (whose verdicts are kept apart), is judged again; node and label still are not.
    assert judged == [1, 1]


def test_an_edit_that_keeps_a_files_size_and_time_is_seen(repo: Repo) -> None:
    """A marker rewritten within the same clock tick, at the same length: nothing kept from the run
    before may hide it (a file's size and time vouch for it only once it has settled)."""
    import os

    first = repo.git("rev-parse", "HEAD~1")
    latest = repo.git("rev-parse", "HEAD")
    translation = repo.root / "ja/pod.md"
    translation.write_text(page("ポッド", "ポッド。", f"default_lang_commit: {latest}\n"), encoding="utf-8")
    when = translation.stat().st_mtime_ns
    assert pod(repo.root) == ("current", 0, "marker")
    translation.write_text(page("ポッド", "ポッド。", f"default_lang_commit: {first}\n"), encoding="utf-8")
    os.utime(translation, ns=(when, when))
    assert pod(repo.root) == ("outdated", 1, "marker")


def _rev_parse(folder: Path) -> str:
    return subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=folder, capture_output=True, text=True, check=True
    ).stdout.strip()


def test_the_checked_out_commit_is_read_as_git_reads_it(repo: Repo, tmp_path: Path) -> None:
    """What a run reads from ``.git`` to know whether anything moved is what ``git rev-parse HEAD``
    says, in every way a repository keeps its HEAD; where it cannot tell, it says so (None)."""
    from glossary.status.dotgit import checked_out

    def head(folder: Path) -> str | None:
        found = checked_out(str(folder), {})
        return None if found is None else found.head

    deep = repo.root / "ja"
    assert head(deep) == _rev_parse(deep)  # a loose branch file, found from a folder below the top
    repo.git("pack-refs", "--all")
    assert not (repo.root / ".git/refs/heads/main").exists()
    assert head(deep) == _rev_parse(deep)  # the branch in packed-refs
    repo.git("checkout", "-q", "--detach", "HEAD~1")
    assert head(deep) == _rev_parse(deep)  # detached
    repo.git("checkout", "-q", "main")
    linked = tmp_path / "linked"
    repo.git("worktree", "add", "-q", "-b", "side", str(linked), "HEAD~1")
    assert head(linked / "ja") == _rev_parse(linked) != _rev_parse(repo.root)  # a linked work tree
    assert checked_out(str(linked), {}) != checked_out(str(repo.root), {})
    (repo.root / ".git/HEAD").write_text("ref: refs/heads/.invalid\n")  # as a reftable repository has it
    assert head(deep) is None
    unborn = Repo(tmp_path / "unborn")
    assert head(unborn.root) is None
    assert head(tmp_path / "nowhere") is None


def test_a_commit_that_changes_no_file_is_seen(repo: Repo, tmp_path: Path) -> None:
    """In a linked work tree: an edit judged, then committed as it is. No file changed between the
    two runs, only the branch did."""
    import os
    import time

    linked = tmp_path / "linked"
    repo.git("worktree", "add", "-q", "-b", "side", str(linked), "HEAD~1")
    (linked / "en/pod.md").write_text(page("Pod", "A pod runs a container or more."), encoding="utf-8")
    past = time.time_ns() - 3600 * 10**9
    for path in (linked / "en/pod.md", linked / "ja/pod.md"):
        os.utime(path, ns=(past, past))
    assert pod(linked) == ("outdated", 1, "worktree")
    subprocess.run(["git", "commit", "-qam", "Change the pod"], cwd=linked, check=True, capture_output=True)
    assert pod(linked) == ("outdated", 1, "git")


def test_an_uncommitted_edit_is_dated_when_its_file_was_saved(repo: Repo) -> None:
    """Not the time of the run: a report made again (or kept) says the same."""
    import os

    source = repo.root / "en/pod.md"
    source.write_text(page("Pod", "A pod runs containers, edited."), encoding="utf-8")
    saved = 1_750_000_000  # 2025-06-15T15:06:40Z
    os.utime(source, (saved, saved))
    for _ in range(2):
        result = run_cli("-d", str(repo.root), "status", "--json")
        found = next(a for a in json.loads(result.stdout)["articles"] if a["lang"] == "ja")
        assert found["uncommitted"] is True
        assert found["source_changed"] == "2025-06-15T15:06:40+00:00"


def test_files_whose_names_cannot_be_slugs_are_said_by_status_and_the_listings(tmp_path: Path) -> None:
    """A tab, a newline or an escape in a file's name, or in a folder's: the file is no article, and every
    command that lists articles says so, one line a file with the name escaped; the others still count."""
    repo = Repo(tmp_path / "site")
    repo.replace("en/pod.md", page("Pod", "A pod."))
    repo.replace("ja/pod.md", page("ポッド", "ポッド。"))
    for name in ("a\ttab.md", "new\nline.md", "e\x1b[31mred.md", "dir\x1bx/in.md"):
        repo.replace(f"en/{name}", page("Badly named", "Text."))
    repo.commit("Add the pod", day=1)
    repo.settle()
    said = sorted(
        f"glossary: warning: skipped {repo.root}/en/{name}: its name cannot be a slug (not UTF-8, a control "
        "character or a backslash, or spaces at its ends)"
        for name in ("a\\ttab.md", "new\\nline.md", "e\\x1b[31mred.md", "dir\\x1bx/in.md")
    )
    for _ in range(2):  # the second run writes the output kept by the first, and says the names again
        result = run_cli("-d", str(repo.root), "status")
        assert result.exit_code == 0, result.stderr
        assert "\x1b" not in result.stdout and "1 source article, 1 translation" in result.stdout
        assert sorted(result.stderr.splitlines()) == said
    for _ in range(2):  # the index says them when it finds them, the listings at every run, once each
        langs = run_cli("-d", str(repo.root), "langs")
        assert langs.exit_code == 0 and sorted(langs.stderr.splitlines()) == said
    assert [line.split()[:2] for line in langs.stdout.splitlines() if line[:2] in ("en", "ja")] == [
        ["en", "1"],
        ["ja", "1"],
    ]
    listed = run_cli("-d", str(repo.root), "list", "--lang", "en")
    assert listed.exit_code == 0 and listed.stdout.split()[0] == "pod" and sorted(listed.stderr.splitlines()) == said
    search = run_cli("-d", str(repo.root), "search", "pod")
    assert search.exit_code == 0 and search.stderr == ""  # said once, when the index found them


def test_a_symbolic_link_is_judged_by_the_file_it_leads_to(tmp_path: Path) -> None:
    """git keeps a link as the path it leads to; status judges the file there, as every command reads
    it: a translation kept in another folder catches up when that file does, a source kept elsewhere
    outdates its translations when it changes, and a link to its own source is no translation."""
    repo = Repo(tmp_path / "site")
    repo.replace("shared/pod-ja.md", page("ポッド", "ポッド。"))
    repo.replace("shared/node-en.md", page("Node", "A node."))
    repo.replace("en/pod.md", page("Pod", "A pod."))
    repo.replace("en/label.md", page("Label", "A label."))
    repo.replace("ja/node.md", page("ノード", "ノード。"))
    (repo.root / "ja/pod.md").symlink_to("../shared/pod-ja.md")
    (repo.root / "en/node.md").symlink_to("../shared/node-en.md")
    (repo.root / "ja/label.md").symlink_to("../en/label.md")
    repo.commit("Start", day=1)

    def states() -> dict[str, str]:
        result = run_cli("-d", str(repo.root), "status", "--json")
        assert result.exit_code in (0, 1), result.stderr
        return {a["slug"]: a["state"] for a in json.loads(result.stdout)["articles"]}

    assert states() == {"label": "missing", "node": "current", "pod": "current"}
    repo.replace("en/pod.md", page("Pod", "A pod runs containers."))
    repo.replace("shared/node-en.md", page("Node", "A node runs pods."))
    repo.commit("Explain the pod and the node", day=2)
    assert states() == {"label": "missing", "node": "outdated", "pod": "outdated"}
    repo.branch("catch-up")
    repo.replace("shared/pod-ja.md", page("ポッド", "ポッドはコンテナを実行します。"))
    repo.commit("Translate the pod again", day=3)
    assert states() == {"label": "missing", "node": "outdated", "pod": "current"}
    result = run_cli("-d", str(repo.root), "status", "--changed-since", "main")
    assert result.stdout.splitlines()[1:] == ["ja  pod  outdated → current"]
    assert "ポッド" in run_cli("-d", str(repo.root), "show", "pod", "--lang", "ja").stdout


def test_the_diff_of_a_linked_source_is_the_diff_of_the_file_it_leads_to(tmp_path: Path) -> None:
    repo = Repo(tmp_path / "site")
    repo.replace("shared/pod-en.md", page("Pod", "A pod."))
    (repo.root / "en").mkdir()
    (repo.root / "en/pod.md").symlink_to("../shared/pod-en.md")
    repo.replace("ja/pod.md", page("ポッド", "ポッド。"))
    repo.commit("Start", day=1)
    repo.replace("shared/pod-en.md", page("Pod", "A pod runs containers."))
    repo.commit("Explain the pod", day=2)
    result = run_cli("-d", str(repo.root), "status", "ja", "--diff", "pod")
    assert result.exit_code == 1, result.stderr
    assert "Explain the pod" in result.stdout and "+A pod runs containers." in result.stdout


def test_marking_a_linked_translation_reviewed_writes_the_file_it_leads_to(tmp_path: Path) -> None:
    repo = Repo(tmp_path / "site")
    repo.replace("en/pod.md", page("Pod", "A pod."))
    repo.replace("shared/pod-ja.md", page("ポッド", "ポッド。"))
    (repo.root / "ja").mkdir()
    (repo.root / "ja/pod.md").symlink_to("../shared/pod-ja.md")
    repo.commit("Start", day=1)
    repo.replace("en/pod.md", page("Pod", "A pod runs containers."))
    source = repo.commit("Explain the pod", day=2)
    result = run_cli("-d", str(repo.root), "status", "--mark-reviewed", "ja/pod")
    assert result.exit_code == 0, result.stderr
    assert (repo.root / "ja/pod.md").is_symlink()
    assert f"l10n:\n  sourceCommit: {source}" in (repo.root / "shared/pod-ja.md").read_text(encoding="utf-8")
    repo.commit("Reviewed", day=3)
    assert pod(repo.root) == ("current", 0, "marker")


def test_new_commits_are_kept_beside_the_history_file(repo: Repo, clean_environment: Path, monkeypatch) -> None:
    """One more commit writes a small file of new commits, not the whole history; a damaged one (its
    checksum) or one of another shape is read again from git; past a number of new commits the
    history is written whole."""
    import glossary.status.store as store

    assert pod(repo.root) == ("outdated", 1, "git")
    [history] = list(clean_environment.glob("history-*[0-9a-f].marshal"))
    written = history.stat().st_mtime_ns
    for day, text in ((3, "A pod runs containers, and more."), (4, "A pod runs containers, and more!")):
        repo.replace("en/pod.md", page("Pod", text))
        repo.commit(f"Change the pod on day {day}", day=day)
        assert pod(repo.root) == ("outdated", day - 1, "git")
    assert history.stat().st_mtime_ns == written
    newer = store.newer_file(history)
    assert newer.exists()
    shape, stamp, check, payload = marshal.loads(newer.read_bytes())
    after, head, records, matches = marshal.loads(payload)
    emptied = [(sha, parents, time, subject, ()) for sha, parents, time, subject, _ in records]
    altered = marshal.dumps((after, head, emptied, matches))  # the new commits' changes gone, the checksum kept
    newer.write_bytes(marshal.dumps((shape, stamp, check, altered)))
    for results in clean_environment.glob("status-*"):  # so that this run reads the history
        results.unlink()
    assert pod(repo.root) == ("outdated", 3, "git")
    newer.write_bytes(marshal.dumps((store.SHAPE, "another stamp", ())))
    assert pod(repo.root) == ("outdated", 3, "git")
    monkeypatch.setattr(store, "NEWER_MOST", 0)
    repo.replace("en/pod.md", page("Pod", "A pod runs containers, and more?"))
    repo.commit("Change the pod again", day=5)
    assert pod(repo.root) == ("outdated", 4, "git")
    assert history.stat().st_mtime_ns != written and not newer.exists()


@pytest.mark.parametrize("pruned", [False, True])
def test_a_history_rewritten_since_the_last_run_is_read_again(repo: Repo, pruned: bool) -> None:
    """The kept HEAD is no ancestor of the new one (a reset, then other work), or no longer exists."""
    assert pod(repo.root) == ("outdated", 1, "git")
    repo.git("reset", "-q", "--hard", "HEAD~1")
    repo.replace("en/node.md", page("Node", "A node runs pods."))
    repo.commit("Add the node", day=3)
    if pruned:
        repo.git("reflog", "expire", "--expire=now", "--all")
        repo.git("gc", "-q", "--prune=now")
    assert pod(repo.root) == ("current", 0, "git")


def test_a_verdict_is_not_kept_across_a_reset_that_leaves_the_files_alike(tmp_path: Path) -> None:
    """The source changed, then that commit was dropped (reset) and other work committed; the
    source's file has the same size and time as when it was judged outdated: the kept verdict must
    not be taken for still holding."""
    import os

    repo = Repo(tmp_path / "site")
    repo.replace("en/pod.md", page("Pod", "A pod runs containers."))
    repo.replace("ja/pod.md", page("ポッド", "翻訳"))
    repo.commit("Add the pod", day=1)
    repo.replace("en/pod.md", page("Pod", "A pod runs Containers."))  # the same size
    repo.commit("Capitalise", day=2)
    repo.settle()
    files = [repo.root / "en/pod.md", repo.root / "ja/pod.md"]
    then = [path.stat().st_mtime_ns for path in files]
    assert pod(repo.root) == ("outdated", 1, "git")
    repo.git("reset", "-q", "--hard", "HEAD~1")
    for path, when in zip(files, then, strict=True):
        os.utime(path, ns=(when, when))
    repo.replace("en/other.md", page("Other", "Another page."))
    repo.commit("Add a page", day=3)
    repo.settle()
    assert pod(repo.root) == ("current", 0, "git")


def test_a_history_read_in_a_thread_is_the_one_read_in_place(repo: Repo) -> None:
    """``Place.start_reading``: the history, or the error reading it, reaches the thread that asks."""
    from glossary.status.git import HistoryError, locate
    from glossary.status.history import History
    from glossary.status.places import Place, Settings

    repository = locate(repo.root)
    read = History(repository.head)

    def loader(_: object) -> History:
        return read

    def failing(_: object) -> History:
        raise HistoryError("git log failed")

    place = Place(repository, set(), loader, Settings())
    place.start_reading()
    assert place.history is read
    broken = Place(repository, set(), failing, Settings())
    broken.start_reading()
    with pytest.raises(HistoryError, match="git log failed"):
        _ = broken.history


def test_after_a_new_commit_git_is_asked_about_the_files_judged_again(
    tmp_path: Path, started_processes: list[object], monkeypatch
) -> None:
    """Not about the whole glossary (the history read for the new commit says what HEAD holds); and the
    answer is the one a run with nothing kept gives."""
    repo = Repo(tmp_path / "many")
    for slug in ("pod", "node", "label"):
        repo.replace(f"en/{slug}.md", page(slug, f"The {slug}."))
        repo.replace(f"ja/{slug}.md", page(slug, "翻訳"))
    repo.replace("ja/orphan.md", page("orphan", "翻訳"))
    repo.replace("en/extra.md", page("extra", "More."))
    repo.commit("Start", day=1)
    repo.replace("en/draft.md", page("draft", "A draft."))  # never committed
    repo.settle()
    pod(repo.root)
    repo.replace("en/pod.md", page("pod", "The pod, explained."))
    repo.commit("Explain the pod", day=2)
    repo.settle()
    started_processes.clear()
    kept = run_cli("-d", str(repo.root), "status", "--json").stdout
    asked = [[str(arg) for arg in args] for args in started_processes if isinstance(args, list)]  # type: ignore[union-attr]
    assert not [args for args in asked if "ls-tree" in args]  # the history, read for the commit, says what HEAD holds
    monkeypatch.setenv("GLOSSARY_CACHE_DIR", str(tmp_path / "empty-cache"))
    assert run_cli("-d", str(repo.root), "status", "--json").stdout == kept


def test_an_edit_that_keeps_the_modification_time_is_seen(repo: Repo) -> None:
    """As ``cp -p`` or ``rsync -t`` write a file: new bytes, the old size and modification time."""
    import os

    first, latest = repo.git("rev-parse", "HEAD~1"), repo.git("rev-parse", "HEAD")
    translation = repo.root / "ja/pod.md"
    translation.write_text(page("ポッド", "ポッド。", f"default_lang_commit: {latest}\n"), encoding="utf-8")
    repo.settle()
    when = translation.stat().st_mtime_ns
    assert pod(repo.root) == ("current", 0, "marker")
    assert pod(repo.root) == ("current", 0, "marker")  # from what the first run kept
    translation.write_text(page("ポッド", "ポッド。", f"default_lang_commit: {first}\n"), encoding="utf-8")
    os.utime(translation, ns=(when, when))
    assert pod(repo.root) == ("outdated", 1, "marker")


# --- what a kept report or verdict must not hide: each change judged warm (with what the last run
# kept) as it is judged cold (with nothing kept) ---------------------------------------------------


def _states(root: Path, cache: Path | None = None, *args: str) -> dict[str, tuple[str, int]]:
    env = {"GLOSSARY_CACHE_DIR": str(cache)} if cache is not None else None
    result = run_cli("-d", str(root), "status", "--json", *args, env=env)
    assert result.exit_code in (0, 1), result.stderr
    return {f"{a['lang']}/{a['slug']}": (a["state"], a["behind"]) for a in json.loads(result.stdout)["articles"]}


def _warm_is_cold(root: Path, tmp_path: Path) -> dict[str, tuple[str, int]]:
    import tempfile

    warm = _states(root)
    assert warm == _states(root, Path(tempfile.mkdtemp(dir=tmp_path)))
    return warm


def _aged(root: Path) -> None:
    import os
    import time

    past = time.time_ns() - 3600 * 10**9
    for path in root.rglob("*"):
        if ".git" not in path.parts:
            os.utime(path, ns=(past, past), follow_symlinks=False)


def test_a_language_folder_linked_into_another_repository_is_judged_by_that_one(tmp_path: Path) -> None:
    import os

    content = Repo(tmp_path / "site" / "content")
    content.replace("en/x.md", page("X", "Body"))
    content.replace("ja/x.md", page("X", "本文"))
    content.commit("Add x", day=1)
    content.replace("en/x.md", page("X", "Body, changed"))
    content.commit("Change x [skip l10n]", day=2)
    site = Repo(tmp_path / "site")
    (site.root / ".gitignore").write_text("content/\n", encoding="utf-8")
    os.symlink("content/en", site.root / "en")
    os.symlink("content/ja", site.root / "ja")
    site.commit("The site", day=3)
    _aged(site.root)
    assert _warm_is_cold(site.root, tmp_path)["ja/x"] == ("current", 0)
    content.git("commit", "-q", "--amend", "-m", "Change x", day=2)
    assert _warm_is_cold(site.root, tmp_path)["ja/x"] == ("outdated", 1)


def test_a_file_taken_out_of_the_index_is_seen(repo: Repo, tmp_path: Path) -> None:
    _aged(repo.root)
    assert _warm_is_cold(repo.root, tmp_path)["ja/pod"] == ("outdated", 1)
    repo.git("rm", "-q", "--cached", "ja/pod.md")
    assert _warm_is_cold(repo.root, tmp_path)["ja/pod"] == ("untracked", 0)
    repo.git("add", "ja/pod.md")
    assert _warm_is_cold(repo.root, tmp_path)["ja/pod"] == ("outdated", 1)


def test_the_ignore_revs_file_at_the_top_is_read_again_when_it_changes(repo: Repo, tmp_path: Path) -> None:
    _aged(repo.root)
    assert _warm_is_cold(repo.root, tmp_path)["ja/pod"] == ("outdated", 1)
    (repo.root / ".git-blame-ignore-revs").write_text(repo.git("rev-parse", "HEAD") + "\n", encoding="utf-8")
    assert _warm_is_cold(repo.root, tmp_path)["ja/pod"] == ("current", 0)
    (repo.root / ".git-blame-ignore-revs").write_text("# nothing\n", encoding="utf-8")
    assert _warm_is_cold(repo.root, tmp_path)["ja/pod"] == ("outdated", 1)


@pytest.mark.parametrize("damage", ["bytes", "cut", "cut short"])
def test_a_damaged_kept_report_is_made_again(repo: Repo, clean_environment: Path, damage: str) -> None:
    _aged(repo.root)
    first = run_cli("-d", str(repo.root), "status", "--json")
    [kept] = list(clean_environment.glob("status-*-output-*"))
    data = kept.read_bytes()
    header = 4 + int.from_bytes(data[:4], "little")
    damaged = {
        "bytes": data[:header] + b"\xff" * 3 + data[header + 3 :],
        "cut": data[: header + 5],
        "cut short": data[: header - 2],
    }[damage]
    kept.write_bytes(damaged)
    again = run_cli("-d", str(repo.root), "status", "--json")
    assert (again.exit_code, again.stdout, again.stderr) == (first.exit_code, first.stdout, first.stderr)


def test_a_remote_moved_is_seen_in_the_links_of_a_report(repo: Repo) -> None:
    repo.git("remote", "add", "origin", "https://github.com/acme/docs.git")
    _aged(repo.root)
    assert "github.com/acme/docs" in run_cli("-d", str(repo.root), "status", "--format", "markdown").stdout
    repo.git("remote", "set-url", "origin", "https://github.com/other/moved.git")
    report = run_cli("-d", str(repo.root), "status", "--format", "markdown").stdout
    assert "github.com/other/moved" in report and "acme" not in report


def test_no_history_is_read_when_nothing_moved(repo: Repo, started_processes: list[object]) -> None:
    _aged(repo.root)
    run_cli("-d", str(repo.root), "status", "--json")
    started_processes.clear()
    run_cli("-d", str(repo.root), "status", "--format", "markdown")  # another report, from the kept verdicts
    assert not [args for args in started_processes if "log" in [str(arg) for arg in args]]  # type: ignore[attr-defined]


def test_a_run_that_finds_nothing_changed_starts_no_git_process(repo: Repo, started_processes: list[object]) -> None:
    _aged(repo.root)
    first = run_cli("-d", str(repo.root), "status", "--json")
    started_processes.clear()
    again = run_cli("-d", str(repo.root), "status", "--json")
    assert again.stdout == first.stdout
    assert not [args for args in started_processes if "git" in str(args)]


def test_an_index_change_undone_is_seen(tmp_path: Path) -> None:
    """A translation taken out of the index (judged again, the others kept), then put back: the
    verdict of the run in between must not be taken for the one that holds again."""
    repo = Repo(tmp_path / "site")
    for slug in ("x", "y"):
        repo.replace(f"en/{slug}.md", page(slug, "Body"))
        repo.replace(f"ja/{slug}.md", page(slug, "本文"))
    repo.commit("Start", day=1)
    _aged(repo.root)
    assert _warm_is_cold(repo.root, tmp_path)["ja/x"] == ("current", 0)
    repo.git("rm", "-q", "--cached", "ja/x.md")
    assert _warm_is_cold(repo.root, tmp_path)["ja/x"] == ("untracked", 0)
    repo.git("add", "ja/x.md")
    assert _warm_is_cold(repo.root, tmp_path)["ja/x"] == ("current", 0)


def test_a_work_tree_set_in_the_configuration_is_asked_of_git(tmp_path: Path) -> None:
    from glossary.status.dotgit import checked_out

    repo = Repo(tmp_path / "site")
    repo.replace("en/x.md", page("X", "Body"))
    repo.commit("Start", day=1)
    assert checked_out(str(repo.root), {}) is not None
    repo.git("config", "core.worktree", str(tmp_path / "elsewhere"))
    assert checked_out(str(repo.root), {}) is None


def test_a_user_setting_that_hides_the_root_commits_changes_changes_nothing(
    tmp_path: Path, clean_environment: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``log.showRoot=false`` leaves the files a first commit added out of ``git log --raw``: the
    history must still know them, in a report made whole and in one patched after a commit."""
    repo = Repo(tmp_path / "root")
    for slug in ("pod", "node"):
        repo.replace(f"en/{slug}.md", page(slug, f"The {slug}."))
        repo.replace(f"ja/{slug}.md", page(slug, "翻訳"))
    repo.commit("Start", day=1)
    repo.git("config", "log.showRoot", "false")
    repo.settle()
    run_cli("-d", str(repo.root), "status", "--json")
    repo.replace("en/pod.md", page("pod", "The pod, explained."))
    repo.commit("Explain the pod", day=2)
    repo.settle()
    patched = run_cli("-d", str(repo.root), "status", "--json").stdout
    monkeypatch.setenv("GLOSSARY_CACHE_DIR", str(tmp_path / "empty-cache"))
    assert run_cli("-d", str(repo.root), "status", "--json").stdout == patched
    states = {a["slug"]: (a["state"], a["behind"]) for a in json.loads(patched)["articles"]}
    assert states == {"node": ("current", 0), "pod": ("outdated", 1)}


def test_a_write_cut_off_long_ago_is_cleared_at_the_next(repo: Repo, clean_environment: Path) -> None:
    """A process killed while it wrote a kept file leaves its temporary file: the next write of that
    file removes it once it is older than a write can take, and leaves a young one alone."""
    import os
    import time

    assert pod(repo.root)[0] == "outdated"
    [kept] = list(clean_environment.glob("history-*[0-9a-f].marshal"))
    old, young = Path(f"{kept}old.tmp"), Path(f"{kept}young.tmp")
    for left in (old, young):
        left.write_bytes(b"cut off")
    long_ago = time.time() - 3600
    os.utime(old, (long_ago, long_ago))
    kept.write_bytes(b"damaged, so that it is written again")
    assert pod(repo.root)[0] == "outdated"
    assert (old.exists(), young.exists()) == (False, True)


def test_waiting_for_what_is_kept_outlasts_a_ctrl_c() -> None:
    """The process ends right after: a kept file cut off while written would stay behind."""
    from glossary.status_request import StatusRequest

    class Writer:
        joins = 0

        def join(self) -> None:
            Writer.joins += 1
            if Writer.joins == 1:
                raise KeyboardInterrupt

    request = object.__new__(StatusRequest)
    request.keeping = [Writer()]  # type: ignore[list-item]
    with pytest.raises(KeyboardInterrupt):
        request.wait_kept()
    assert (Writer.joins, request.keeping) == (2, [])
