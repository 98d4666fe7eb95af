"""``glossary status``: outdated, current and missing translations of a glossary kept in git."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import run_cli
from git_repos import Repo, isolate_git


@pytest.fixture(autouse=True)
def git_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    isolate_git(monkeypatch)


def article(title: str, extra: str = "") -> str:
    return f"---\ntitle: {title}\n{extra}---\n\n{title} is a concept.\n"


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    """en: pod, node, label; ja: pod (outdated by two commits), node (current); label missing in ja; ko: pod, node."""
    repo = Repo(tmp_path / "glossary")
    for slug in ("pod", "node", "label"):
        repo.write(f"en/{slug}.md", article(slug.title()))
    for slug in ("pod", "node"):
        repo.write(f"ja/{slug}.md", article(f"{slug}-ja"))
        repo.write(f"ko/{slug}.md", article(f"{slug}-ko"))
    repo.commit("Import the glossary", day=1)
    repo.write("en/pod.md", "A pod runs containers.\n")
    repo.commit("Say what a pod runs", day=5)
    repo.write("en/pod.md", "Pods share a network.\n")
    repo.commit("Explain the pod network", day=9)
    repo.write("ko/pod.md", "translated again\n")
    repo.commit("Update the Korean pod", day=10)
    return repo


def status(repo: Repo, *args: str):
    return run_cli("-d", str(repo.root), "status", *args)


def test_the_terminal_text_shows_counts_and_what_is_behind(repo: Repo) -> None:
    result = status(repo)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0] == "Translations of en  3 source articles, 4 translations"
    assert lines[2].split()[:4] == ["ja", "1", "1", "1"]
    assert lines[3].split()[:4] == ["ko", "2", "0", "1"]
    assert "Outdated translations (1), most behind first" in result.stdout
    assert "ja  pod  2 commits behind since 2023-11-19" in result.stdout
    assert "2023-11-23  Explain the pod network" in result.stdout
    assert "2023-11-19  Say what a pod runs" in result.stdout
    assert result.stderr == ""


def test_missing_lists_what_each_language_lacks(repo: Repo) -> None:
    result = status(repo, "--missing")
    assert result.exit_code == 1
    assert "\nja  label\nko  label\n" in result.stdout  # piped: a translation a line
    assert "Outdated translations" not in result.stdout


def test_the_text_names_the_orphan_translations(repo: Repo) -> None:
    """A translation whose source article is gone is listed by name, piped and on a terminal alike."""
    repo.write("ko/gone.md", article("gone-ko"))
    repo.commit("A Korean page of its own", day=11)
    result = status(repo, "ko")
    assert "Orphan translations, whose source article is gone (1)" in result.stdout
    assert "\nko  gone\n" in result.stdout


def test_exit_zero_when_everything_asked_for_is_current(repo: Repo) -> None:
    (repo.root / "ko/label.md").write_text(article("label-ko"), encoding="utf-8")
    repo.commit("Translate label into Korean", day=11)
    result = status(repo, "ko")
    assert result.exit_code == 0, result.stdout
    assert "Every translation is current." in result.stdout
    assert status(repo, "ko", "--outdated").exit_code == 0
    assert status(repo, "ja", "--missing").exit_code == 1


def test_outdated_alone_ignores_missing_translations(repo: Repo) -> None:
    result = status(repo, "ko", "--outdated")
    assert result.exit_code == 0
    assert "No translation is outdated; 1 missing" in result.stdout


def test_json_is_the_report_with_dates_and_evidence(repo: Repo) -> None:
    result = status(repo, "--json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["source"] == "en"
    assert data["summary"]["ja"] == {
        "current": 1, "outdated": 1, "missing": 1, "orphan": 0, "untracked": 0, "unknown": 0
    }  # fmt: skip
    pod = next(a for a in data["articles"] if a["lang"] == "ja" and a["slug"] == "pod")
    base = repo.git("rev-list", "--max-parents=0", "HEAD")
    changes = repo.git("log", "--format=%H", "-2", "--", "en/pod.md").split()
    assert pod == {
        "slug": "pod",
        "lang": "ja",
        "state": "outdated",
        "behind": 2,
        "path": str(repo.root / "ja/pod.md"),
        "source_path": str(repo.root / "en/pod.md"),
        "evidence": "git",
        "base": base,
        "translated": "2023-11-15T22:13:20+00:00",
        "since": "2023-11-19T22:13:20+00:00",
        "source_changed": "2023-11-23T22:13:20+00:00",
        "commits": changes,
        "uncommitted": False,
        "ignored": {"message": 0, "ignore_revs": 0, "no_text": 0},
    }
    assert data["commits"] == {
        changes[0]: {"date": "2023-11-23T22:13:20+00:00", "subject": "Explain the pod network"},
        changes[1]: {"date": "2023-11-19T22:13:20+00:00", "subject": "Say what a pod runs"},
    }
    assert data["marker_problems"] == []
    assert [a["lang"] for a in data["articles"]] == sorted(a["lang"] for a in data["articles"])


def test_github_annotations_point_at_files_in_the_repository(repo: Repo) -> None:
    result = status(repo, "ja", "--format", "github")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "::warning file=en/label.md,line=1::label has no ja translation",
        "::warning file=ja/pod.md,line=1::ja translation of pod is outdated: 2 commits behind since 2023-11-19",
    ]


def test_a_marker_in_front_matter_says_which_source_commit_was_translated(repo: Repo) -> None:
    first = repo.git("rev-list", "--max-parents=0", "HEAD")
    middle = repo.git("rev-parse", "HEAD~2")
    (repo.root / "ja/pod.md").write_text(article("pod-ja", f"default_lang_commit: {middle}\n"), encoding="utf-8")
    repo.commit("Translate the pod again, from the second version", day=12)
    data = json.loads(status(repo, "ja", "--json").stdout)
    pod = next(a for a in data["articles"] if a["slug"] == "pod")
    assert (pod["state"], pod["behind"], pod["evidence"]) == ("outdated", 1, "marker")
    assert first != middle


def test_diff_shows_the_source_changes_since_the_translation(repo: Repo) -> None:
    result = status(repo, "--diff", "pod")
    assert result.exit_code == 1
    assert "Explain the pod network" in result.stdout and "Say what a pod runs" in result.stdout
    assert "+Pods share a network." in result.stdout
    assert "Import the glossary" not in result.stdout
    assert "\x1b[" not in result.stdout  # piped: plain


def test_diff_of_a_current_translation_says_there_is_nothing(repo: Repo) -> None:
    result = status(repo, "ja", "--diff", "node")
    assert (result.exit_code, result.stdout) == (0, "ja/node is current: no source changes to show\n")


def test_diff_needs_a_language_when_several_translations_are_outdated(repo: Repo) -> None:
    repo.write("en/node.md", "Nodes run pods.\n")
    repo.commit("Say what a node runs", day=13)
    repo.write("ja/pod.md", "translated\n")
    repo.commit("Update the Japanese pod", day=14)
    repo.write("en/pod.md", "And more.\n")
    repo.commit("More on pods", day=15)
    result = status(repo, "--diff", "pod")
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "glossary: pod is outdated in ja, ko: name one language, as in glossary status ja --diff pod"
    )
    assert "More on pods" in status(repo, "ko", "--diff", "pod").stdout


def test_diff_of_an_unknown_slug_is_not_found(repo: Repo) -> None:
    result = status(repo, "--diff", "nothing")
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        "glossary: no en article is called nothing; status --diff takes a slug of the source"
    )


def test_diff_of_a_misspelt_slug_says_which_was_meant(repo: Repo) -> None:
    result = status(repo, "ja", "--diff", "pdo")
    assert result.exit_code == 1
    assert result.stderr.strip().endswith("status --diff takes a slug of the source; did you mean pod?")


@pytest.mark.parametrize(
    "args",
    [["--json", "--format", "github"], ["--diff", "pod", "--json"], ["xx"], ["--format", "yaml"]],
)
def test_usage_errors_exit_2(repo: Repo, args: list[str]) -> None:
    result = status(repo, *args)
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1


def test_outside_a_repository_one_line_and_exit_1_while_other_commands_work(tmp_path: Path) -> None:
    folder = tmp_path / "plain"
    for lang in ("en", "ja"):
        (folder / lang).mkdir(parents=True)
        (folder / lang / "pod.md").write_text(article("Pod"), encoding="utf-8")
    result = run_cli("-d", str(folder), "status")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == f"glossary: {folder / 'en'} is not in a git repository\n"
    assert run_cli("-d", str(folder), "list").exit_code == 0


def test_without_git_on_path_one_line_and_exit_1(repo: Repo, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(repo.root / "no-such-folder"))
    result = status(repo)
    assert result.exit_code == 1
    assert result.stderr == "glossary: git is not installed or not on PATH; status needs it\n"


def test_a_second_run_answers_from_the_cache_beside_the_index(repo: Repo, clean_environment: Path) -> None:
    first = status(repo, "--json").stdout
    assert {path.name.split("-")[0] for path in clean_environment.iterdir()} == {"history", "status"}
    assert status(repo, "--json").stdout == first


@pytest.mark.parametrize("args", [["--json"], [], ["--format", "markdown"], ["--format", "github"], ["ja", "--all"]])
def test_a_run_where_nothing_changed_writes_the_kept_report(
    repo: Repo, clean_environment: Path, monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    """The same report, exit code and warnings, without judging anything."""
    import glossary.status_patching as status_patching
    import glossary.tracking as tracking

    repo.settle()
    first = status(repo, *args)
    monkeypatch.setattr(tracking.StatusRequest, "report", lambda *_: pytest.fail("judged again"))
    monkeypatch.setattr(status_patching, "rejudge", lambda *_: pytest.fail("judged again"))
    again = status(repo, *args)
    assert (again.exit_code, again.stdout, again.stderr) == (first.exit_code, first.stdout, first.stderr)
    (repo.root / "ja/node.md").write_text(article("node-ja", "weight: 2\n"), encoding="utf-8")
    with pytest.raises(pytest.fail.Exception, match="judged again"):
        status(repo, *args)


def changed(repo: Repo, *args: str) -> tuple[int, list[str]]:
    """``status --changed-since main``: the exit status and the lines after the heading."""
    result = status(repo, "--changed-since", "main", *args)
    assert result.exit_code in (0, 1), result.stderr
    return result.exit_code, result.stdout.splitlines()[1:]


def test_changed_since_sees_a_source_renamed_or_deleted_on_the_branch(repo: Repo) -> None:
    """The merge base is judged from the files it had: the translations of a source renamed or deleted
    on the branch become orphans there, the renamed source's concept is missing, the deleted one's
    missing translation is gone; an orphan made by the change fails it too."""
    repo.branch("tidy")
    repo.git("mv", "en/node.md", "en/nodes.md")
    repo.git("rm", "-q", "en/label.md")
    repo.commit("Rename the node, drop the label", day=11)
    code, lines = changed(repo)
    assert code == 1
    assert lines == [
        "ja  label  missing → absent",
        "ja  node   current → orphan",
        "ja  nodes  absent → missing",
        "ko  label  missing → absent",
        "ko  node   current → orphan",
        "ko  nodes  absent → missing",
    ]
    data = json.loads(status(repo, "--changed-since", "main", "--json", "ja").stdout)
    assert [(a["slug"], a["before"], a["state"]) for a in data["articles"]] == [
        ("label", "missing", None),
        ("node", "current", "orphan"),
        ("nodes", None, "missing"),
    ]
    github = status(repo, "--changed-since", "main", "--format", "github", "ja").stdout.splitlines()
    assert github == [
        "::warning file=ja/node.md,line=1::ja/node has no source article any more",
        "::warning file=en/nodes.md,line=1::nodes has no ja translation",
    ]
    markdown = status(repo, "--changed-since", "main", "--format", "markdown", "ja").stdout
    assert "- [ ] `node`: no source article any more (orphan)" in markdown and "- [ ] `nodes`: missing" in markdown


def test_changed_since_fails_when_a_deleted_source_leaves_orphans(repo: Repo) -> None:
    repo.branch("drop")
    repo.git("rm", "-q", "en/node.md")
    repo.commit("Drop the node", day=11)
    assert changed(repo) == (1, ["ja  node  current → orphan", "ko  node  current → orphan"])
    repo.git("rm", "-q", "ja/node.md", "ko/node.md")
    repo.commit("Drop its translations too", day=12)
    assert changed(repo) == (0, ["ja  node  current → absent", "ko  node  current → absent"])


def test_changed_since_sees_a_translation_added_or_deleted_on_the_branch(repo: Repo) -> None:
    repo.branch("translations")
    repo.git("rm", "-q", "ja/node.md")
    repo.replace("ko/label.md", article("label-ko"))
    repo.commit("Drop the Japanese node, translate the label into Korean", day=11)
    assert changed(repo) == (1, ["ja  node   current → missing", "ko  label  missing → current"])
    assert changed(repo, "ko") == (0, ["ko  label  missing → current"])


def test_status_leaves_the_cycle_collector_as_it_found_it(repo: Repo, monkeypatch) -> None:
    """It is off while status runs (nothing status holds is a cycle), and on again after, even in a
    process that goes on, as a test runner's does."""
    import gc

    import glossary.status

    seen: list[bool] = []
    judge = glossary.status.translation_status

    def watched(*args, **kwargs):
        seen.append(gc.isenabled())
        return judge(*args, **kwargs)

    monkeypatch.setattr(glossary.status, "translation_status", watched)
    assert gc.isenabled()
    assert run_cli("-d", str(repo.root), "status", "--json").exit_code in (0, 1)
    assert seen == [False]
    assert gc.isenabled()


IMPORTED_AT_EXIT = """
import atexit, sys
atexit.register(lambda: print(" ".join(sorted(sys.modules)), file=sys.stderr))
from glossary.cli import main
sys.argv = ["glossary", *sys.argv[1:]]
main()
"""


def test_a_kept_or_patched_json_report_loads_no_rich(repo: Repo, clean_environment: Path) -> None:
    """Rich (20 ms of imports) draws for terminals: a JSON report kept, or patched after a commit, needs none."""
    import os
    import subprocess
    import sys

    def imported() -> set[str]:
        done = subprocess.run(
            [sys.executable, "-c", IMPORTED_AT_EXIT, "-d", str(repo.root), "status", "--json"],
            capture_output=True, text=True, timeout=120, env={**os.environ, "FORCE_COLOR": ""},
        )  # fmt: skip
        assert done.returncode in (0, 1), done.stderr
        json.loads(done.stdout)
        return set(done.stderr.split())

    repo.settle()
    whole, kept = imported(), imported()
    repo.write("en/pod.md", "Pods share a network and storage.\n")
    repo.commit("Say what pods share", day=11)
    repo.settle()
    patched = imported()
    assert "glossary.status_patching" in patched
    assert not {name for name in whole | kept | patched if name == "rich" or name.startswith("rich.")}


def test_changed_since_searches_the_messages_of_the_whole_history_once(
    repo: Repo, clean_environment: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The commits whose message says ``[skip l10n]`` are kept with the history: a later run, at HEAD
    and at the merge base, searches none but the new commits."""
    import glossary.status.places as places
    import glossary.status.store as store

    searched: list[str | None] = []
    search = store.commits_saying

    def counted(repository, texts, since=None):
        searched.append(since)
        return search(repository, texts, since)

    monkeypatch.setattr(store, "commits_saying", counted)
    monkeypatch.setattr(places, "commits_saying", counted)
    repo.branch("tidy")
    repo.write("en/node.md", "Nodes run pods.\n")
    repo.commit("Say what nodes run", day=12)
    changed(repo)
    searched.clear()
    changed(repo)
    assert None not in searched
