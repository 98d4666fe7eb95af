"""The status rule on every shape of history a translated glossary meets (docs/status.md states the rule).

Each test builds a small repository with chosen commit dates, branches and merges, and reads what
``glossary status --json`` says of each translation: its state, how far behind, and what decided it.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from conftest import run_cli
from git_repos import Repo, isolate_git


@pytest.fixture(autouse=True)
def git_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    isolate_git(monkeypatch)


def page(title: str, body: str, extra: str = "") -> str:
    return f"---\ntitle: {title}\n{extra}---\n\n{body}\n"


def judged(root: Path, *args: str) -> dict[str, tuple[str, int, str | None]]:
    """``lang/slug`` -> (state, behind, evidence) of every translation, from ``status --json``."""
    result = run_cli("-d", str(root), "status", "--json", *args)
    assert result.exit_code in (0, 1), result.stderr
    data = json.loads(result.stdout)
    return {f"{a['lang']}/{a['slug']}": (a["state"], a["behind"], a["evidence"]) for a in data["articles"]}


def report(root: Path) -> dict:
    result = run_cli("-d", str(root), "status", "--json")
    assert result.exit_code in (0, 1), result.stderr
    return json.loads(result.stdout)


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    """en/pod and ja/pod translated from it, on day 1."""
    repo = Repo(tmp_path / "site")
    repo.replace("en/pod.md", page("Pod", "A pod runs containers."))
    repo.replace("ja/pod.md", page("ポッド", "ポッドはコンテナを実行します。"))
    repo.commit("Add the pod", day=1)
    return repo


def change_source(repo: Repo, body: str, day: float, message: str = "Change the pod") -> str:
    repo.replace("en/pod.md", page("Pod", body))
    return repo.commit(message, day)


def test_linear_history(repo: Repo) -> None:
    assert judged(repo.root)["ja/pod"] == ("current", 0, "git")
    change_source(repo, "A pod runs one or more containers.", day=2)
    change_source(repo, "A pod runs one or more containers together.", day=3)
    assert judged(repo.root)["ja/pod"] == ("outdated", 2, "git")
    repo.replace("ja/pod.md", page("ポッド", "ポッドは一つ以上のコンテナを実行します。"))
    repo.commit("Translate the pod again", day=4)
    assert judged(repo.root)["ja/pod"] == ("current", 0, "git")


def test_translation_edited_on_a_branch_that_started_before_a_source_change_and_merged_after(repo: Repo) -> None:
    repo.branch("translate")
    repo.replace("ja/pod.md", page("ポッド", "ポッドは、コンテナを実行します。"))
    repo.commit("Polish the Japanese pod", day=5)  # later in time than the source change, but not after it
    repo.checkout("main")
    change_source(repo, "A pod runs one or more containers.", day=3)
    repo.merge("Merge the translation", 6, "translate")
    assert judged(repo.root)["ja/pod"] == ("outdated", 1, "git")


def test_source_change_on_a_branch_merged_after_the_translation(repo: Repo) -> None:
    repo.branch("docs")
    change_source(repo, "A pod runs one or more containers.", day=2)
    repo.checkout("main")
    repo.replace("ja/pod.md", page("ポッド", "ポッドは、コンテナを実行します。"))
    repo.commit("Polish the Japanese pod", day=3)  # newer than the source change, but never saw it
    repo.merge("Merge the docs", 4, "docs")
    assert judged(repo.root)["ja/pod"] == ("outdated", 1, "git")


def test_main_merged_into_a_side_branch_and_back_counts_no_commit_twice(repo: Repo) -> None:
    repo.branch("side")
    repo.replace("en/other.md", page("Other", "Something else."))
    repo.commit("Side work", day=2)
    repo.checkout("main")
    change_source(repo, "A pod runs one or more containers.", day=3)
    repo.checkout("side")
    repo.merge("Merge branch 'main' into side", 4, "main")
    repo.replace("en/other.md", page("Other", "Something else again."))
    repo.commit("More side work", day=5)
    repo.checkout("main")
    repo.merge("Merge branch 'side'", 6, "side")
    assert judged(repo.root)["ja/pod"] == ("outdated", 1, "git")
    data = report(repo.root)
    pod = next(a for a in data["articles"] if a["slug"] == "pod")
    assert [data["commits"][sha]["subject"] for sha in pod["commits"]] == ["Change the pod"]


def test_octopus_merge(repo: Repo) -> None:
    for number, name in enumerate(("one", "two", "three")):
        repo.checkout("main")
        repo.branch(name)
        repo.replace(f"en/{name}.md", page(name, f"The {name}."))
        if name == "two":
            repo.replace("en/pod.md", page("Pod", "A pod runs one or more containers."))
        repo.commit(f"Add {name}", day=2 + number)
    repo.checkout("main")
    repo.merge("Octopus", 6, "one", "two", "three")
    assert judged(repo.root)["ja/pod"] == ("outdated", 1, "git")


def test_a_merge_that_resolves_a_conflict_in_the_source_counts_through_its_content(repo: Repo) -> None:
    repo.branch("left")
    change_source(repo, "Left words.", day=2, message="Left")
    repo.checkout("main")
    change_source(repo, "Right words.", day=3, message="Right")
    done = subprocess.run(["git", "merge", "-q", "left"], cwd=repo.root, capture_output=True)
    assert done.returncode != 0  # a conflict
    repo.replace("en/pod.md", page("Pod", "A pod runs containers."))  # resolved to what the translation knows
    repo.commit("Merge left", 4)
    assert judged(repo.root)["ja/pod"] == ("current", 0, "git")


def test_squash_merge(repo: Repo) -> None:
    repo.branch("feature")
    change_source(repo, "A pod runs one or more containers.", day=2)
    change_source(repo, "A pod runs one or more containers together.", day=3)
    repo.checkout("main")
    repo.git("merge", "--squash", "-q", "feature")
    repo.commit("Squashed pod change", 4)
    assert judged(repo.root)["ja/pod"] == ("outdated", 1, "git")


def test_a_child_commit_older_than_its_parent(repo: Repo) -> None:
    repo.replace("ja/pod.md", page("ポッド", "ポッドは、コンテナを実行します。"))
    repo.commit("Translate again", day=10)
    change_source(repo, "A pod runs one or more containers.", day=5)  # committed after, dated before
    assert judged(repo.root)["ja/pod"] == ("outdated", 1, "git")


def test_a_marker_counts_every_source_change_after_it_whatever_its_time(repo: Repo) -> None:
    marker = change_source(repo, "A pod runs one or more containers.", day=8)
    change_source(repo, "A pod runs one or more containers together.", day=8)  # the same second
    change_source(repo, "A pod runs containers side by side.", day=7)  # dated earlier than the marker
    repo.replace("ja/pod.md", page("ポッド", "ポッドはコンテナを実行します。", f"default_lang_commit: {marker}\n"))
    repo.commit("Name the source commit", day=9)
    assert judged(repo.root)["ja/pod"] == ("outdated", 2, "marker")


def test_a_marker_on_a_commit_rebased_away_is_reported_once_and_git_decides(repo: Repo) -> None:
    repo.branch("old")
    gone = change_source(repo, "A pod runs one or more containers.", day=2)
    repo.checkout("main")
    repo.git("branch", "-D", "old")
    for slug in ("pod", "node"):
        repo.replace(f"ja/{slug}.md", page(slug, "翻訳", f"l10n:\n  sourceCommit: {gone}\n"))
        repo.replace(f"en/{slug}.md", page(slug, "source"))
    repo.commit("Translations naming a commit that is gone", day=3)
    result = run_cli("-d", str(repo.root), "status", "--json")
    data = json.loads(result.stdout)
    assert data["marker_problems"] == [
        {"value": gone, "count": 2, "reason": "HEAD cannot reach (a branch that was rebased or not merged)"}
    ]
    assert result.stderr.count(gone) == 1
    assert judged(repo.root)["ja/pod"] == ("current", 0, "git")


@pytest.mark.parametrize("changed", [False, True])
def test_a_renamed_source_is_followed(repo: Repo, changed: bool) -> None:
    repo.git("mv", "en/pod.md", "en/pods.md")
    repo.git("mv", "ja/pod.md", "ja/pods.md")
    repo.commit("Rename pod to pods", day=2)
    if changed:
        change_source_at = repo.replace("en/pods.md", page("Pod", "A pod runs one or more containers."))
        assert change_source_at.exists()
        repo.commit("Change the pods page", day=3)
    expected = ("outdated", 1, "git") if changed else ("current", 0, "git")
    assert judged(repo.root)["ja/pods"] == expected


def test_a_translation_renamed_with_its_source_in_one_commit_keeps_its_base(repo: Repo) -> None:
    change_source(repo, "A pod runs one or more containers.", day=2)
    repo.git("mv", "en/pod.md", "en/pods.md")
    repo.git("mv", "ja/pod.md", "ja/pods.md")
    repo.commit("Move pages", day=3)
    assert judged(repo.root)["ja/pods"] == ("outdated", 1, "git")


@pytest.mark.parametrize("how", ["rename", "weight"])
def test_a_translation_only_renamed_or_reweighted_after_a_source_change_stays_outdated(repo: Repo, how: str) -> None:
    change_source(repo, "A pod runs one or more containers.", day=2)
    if how == "rename":
        repo.git("mv", "ja/pod.md", "ja/pods.md")
        repo.git("mv", "en/pod.md", "en/pods.md")
    else:
        repo.replace("ja/pod.md", page("ポッド", "ポッドはコンテナを実行します。", "weight: 20\n"))
    repo.commit("Tidy the Japanese pages", day=3)
    slug = "pods" if how == "rename" else "pod"
    assert judged(repo.root)[f"ja/{slug}"] == ("outdated", 1, "git")


def test_a_source_reverted_to_the_base_content_leaves_the_translation_current(repo: Repo) -> None:
    change_source(repo, "A pod runs one or more containers.", day=2)
    change_source(repo, "A pod runs containers.", day=3, message="Revert")
    assert judged(repo.root)["ja/pod"] == ("current", 0, "git")


def test_a_white_space_change_of_the_source_changes_nothing(repo: Repo) -> None:
    change_source(repo, "\nA  pod   runs containers.  \n\n", day=2)
    repo.replace("en/pod.md", page("Pod", "A  pod\truns containers.", "weight: 3\n"))
    repo.commit("Only front matter", day=3)
    assert judged(repo.root)["ja/pod"] == ("current", 0, "git")


@pytest.mark.parametrize("space", ["\u00a0", "\f", "\v"])
def test_white_space_is_what_git_takes_it_to_be(repo: Repo, space: str) -> None:
    """A no-break space, a form feed or a vertical tab is a character for git's --ignore-all-space,
    so putting one in is a change."""
    change_source(repo, f"A pod runs{space}containers.", day=2)
    plain = subprocess.run(
        ["git", "diff", "--quiet", "--ignore-all-space", "--ignore-blank-lines", "HEAD~1", "HEAD", "--", "en/pod.md"],
        cwd=repo.root,
    )
    assert plain.returncode == 1
    assert judged(repo.root)["ja/pod"] == ("outdated", 1, "git")


def test_a_shallow_clone_says_how_to_get_the_history(repo: Repo, tmp_path: Path) -> None:
    change_source(repo, "A pod runs one or more containers.", day=2)
    clone = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo.root}", str(clone)], check=True)
    result = run_cli("-d", str(clone), "status")
    assert result.exit_code == 1
    assert "shallow clone" in result.stderr and "git fetch --unshallow" in result.stderr
    assert "fetch-depth: 0" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_glossary_in_a_subfolder_of_a_larger_repository(tmp_path: Path) -> None:
    repo = Repo(tmp_path / "big")
    repo.replace("src/main.c", "int main(void) { return 0; }\n")
    repo.replace("website/glossary/en/pod.md", page("Pod", "A pod runs containers."))
    repo.replace("website/glossary/ja/pod.md", page("ポッド", "翻訳"))
    repo.commit("Start", day=1)
    repo.replace("website/glossary/en/pod.md", page("Pod", "A pod runs one or more containers."))
    repo.replace("src/main.c", "int main(void) { return 1; }\n")
    repo.commit("Change the pod and the code", day=2)
    assert judged(repo.root / "website/glossary")["ja/pod"] == ("outdated", 1, "git")


def ignored(root: Path) -> dict:
    data = report(root)
    return next(a for a in data["articles"] if a["slug"] == "pod")["ignored"]


@pytest.mark.parametrize("message", ["Fix a typo [skip l10n]", "Typo\n\nNothing to translate. [NO L10N]"])
def test_a_commit_whose_message_says_so_is_not_counted(repo: Repo, message: str) -> None:
    change_source(repo, "A pod runs containers!", day=2, message=message)
    assert judged(repo.root)["ja/pod"] == ("current", 0, "git")
    change_source(repo, "A pod runs one or more containers!", day=3)
    assert judged(repo.root)["ja/pod"] == ("outdated", 1, "git")
    assert ignored(repo.root) == {"message": 1, "ignore_revs": 0, "no_text": 0}


def test_a_merge_whose_message_says_so_ignores_what_it_brought_in(repo: Repo) -> None:
    repo.branch("typos")
    change_source(repo, "A pod runs containers!", day=2, message="Fix punctuation")
    change_source(repo, "A pod runs containers!!", day=3, message="More punctuation")
    repo.checkout("main")
    repo.merge("Merge typo fixes [skip l10n]", 4, "typos")
    assert judged(repo.root)["ja/pod"] == ("current", 0, "git")
    assert ignored(repo.root) == {"message": 2, "ignore_revs": 0, "no_text": 0}


def test_commits_listed_in_an_ignore_revs_file_are_not_counted(repo: Repo) -> None:
    listed = change_source(repo, "A pod runs containers!", day=2, message="Reformat everything")
    change_source(repo, "A pod runs one or more containers!", day=3)
    repo.replace(".git-blame-ignore-revs", f"# formatting\n{listed}\n")
    repo.commit("Ignore the reformatting", day=4)
    assert judged(repo.root)["ja/pod"] == ("outdated", 1, "git")
    assert ignored(repo.root) == {"message": 0, "ignore_revs": 1, "no_text": 0}
    (repo.root / "glossary.toml").write_text('ignore_revs_file = "elsewhere.txt"\n', encoding="utf-8")
    assert judged(repo.root)["ja/pod"] == ("outdated", 2, "git")


def test_front_matter_that_is_not_text_is_configurable(repo: Repo) -> None:
    repo.replace("en/pod.md", page("Pod", "A pod runs containers.", "description: Runs containers\n"))
    repo.commit("Describe the pod", day=2)
    assert judged(repo.root)["ja/pod"] == ("current", 0, "git")
    assert ignored(repo.root)["no_text"] == 0  # not outdated, so nothing was counted or left out
    (repo.root / "glossary.toml").write_text('text_keys = ["title", "description"]\n', encoding="utf-8")
    assert judged(repo.root)["ja/pod"] == ("outdated", 1, "git")


def test_texts_to_ignore_set_later_apply_to_the_history_already_read(repo: Repo) -> None:
    change_source(repo, "A pod runs containers!", day=2, message="Punctuation only (typo)")
    assert judged(repo.root)["ja/pod"] == ("outdated", 1, "git")
    (repo.root / "glossary.toml").write_text('ignore_commits = ["(TYPO)"]\n', encoding="utf-8")
    assert judged(repo.root)["ja/pod"] == ("current", 0, "git")
    assert ignored(repo.root) == {"message": 1, "ignore_revs": 0, "no_text": 0}
    (repo.root / "glossary.toml").write_text('ignore_commits = ["[skip l10n]"]\n', encoding="utf-8")
    assert judged(repo.root)["ja/pod"] == ("outdated", 1, "git")
