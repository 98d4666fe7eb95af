"""``status --format markdown`` and ``--format github``: reports for a pull request, escaped for where they go."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import run_cli
from git_repos import Repo, isolate_git
from glossary.status import git


@pytest.fixture(autouse=True)
def git_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    isolate_git(monkeypatch)


def page(title: str, body: str) -> str:
    return f"---\ntitle: {title}\n---\n\n{body}\n"


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    repo = Repo(tmp_path / "site")
    for slug in ("pod", "node", "a`b"):
        repo.replace(f"en/{slug}.md", page(slug, f"The {slug}."))
    repo.replace("ja/pod.md", page("ポッド", "ポッド"))
    repo.commit("Start", day=1)
    repo.replace("en/pod.md", page("Pod", "A pod runs containers."))
    repo.commit("@everyone look <img src=x onerror=alert(1)> [click](https://evil.example)", day=2)
    return repo


def test_markdown_is_a_checklist_per_language_with_the_diff_command(repo: Repo) -> None:
    result = run_cli("-d", str(repo.root), "status", "--format", "markdown")
    assert result.exit_code == 1, result.stderr
    text = result.stdout
    assert text.startswith("## Translations of ")
    assert "| ja | 0 | 1 | 2 |" in text
    assert f"- [ ] `pod`: 1 commit behind, since 2023-11-16 (`glossary -d {repo.root} status ja --diff pod`)" in text
    assert "- [ ] `node`: missing" in text
    assert "- [ ] `` a`b ``: missing" in text  # a backquote cannot end the code span early
    assert "@everyone" not in text and "<img" not in text and "](https" not in text


def test_markdown_links_to_the_source_changes_on_github(repo: Repo) -> None:
    repo.git("remote", "add", "origin", "https://user:s3cret@github.com/helm/helm-www.git")
    base = repo.git("rev-list", "--max-parents=0", "HEAD")
    head = repo.git("rev-parse", "HEAD")
    text = run_cli("-d", str(repo.root), "status", "--format", "markdown").stdout
    assert f"([source changes](https://github.com/helm/helm-www/compare/{base}...{head}))" in text
    assert "s3cret" not in text and "user" not in text


@pytest.mark.parametrize(
    ("remote", "web"),
    [
        ("git@github.com:helm/helm-www.git", "https://github.com/helm/helm-www"),
        ("https://token@gitlab.com/group/sub/project.git", "https://gitlab.com/group/sub/project"),
        ("ssh://git@github.com/helm/helm-www", "https://github.com/helm/helm-www"),
        ("https://example.org/helm/helm-www.git", None),
        ("/srv/git/site.git", None),
    ],
)
def test_the_web_address_of_a_remote_has_no_credentials(repo: Repo, remote: str, web: str | None) -> None:
    repo.git("remote", "add", "origin", remote)
    assert git.web_url(git.locate(repo.root)) == web


def test_github_annotations_escape_what_would_break_them(repo: Repo) -> None:
    repo.replace("en/pod.md", page("Pod", "Pods run containers."))
    repo.commit("100% new\nline", day=3)
    result = run_cli("-d", str(repo.root), "status", "--format", "github")
    assert result.exit_code == 1
    for line in result.stdout.splitlines():
        assert line.startswith("::warning file=")
    assert "100%25 new%0Aline" not in result.stdout  # the subject is not in the message, and would be escaped
    assert len(result.stdout.splitlines()) == 3


def test_a_format_status_does_not_write_is_a_usage_error(repo: Repo) -> None:
    result = run_cli("-d", str(repo.root), "status", "--format", "csv")
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        'glossary: unknown format "csv"; status --format takes text, json, github or markdown'
    )
    both = run_cli("-d", str(repo.root), "status", "--json", "--format", "markdown")
    assert both.exit_code == 2


def test_changed_since_lists_what_a_branch_makes_outdated(repo: Repo) -> None:
    repo.replace("ja/node.md", page("ノード", "ノード"))
    repo.commit("Translate the node", day=3)
    repo.branch("change")
    repo.replace("en/node.md", page("node", "A node runs pods."))
    repo.commit("Explain the node", day=4)
    result = run_cli("-d", str(repo.root), "status", "--changed-since", "main")
    assert result.exit_code == 1, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Changed since main (merge base ")
    assert lines[1:] == ["ja  node  current → outdated  1 commit behind since 2023-11-18"]
    data = __import__("json").loads(run_cli("-d", str(repo.root), "status", "--changed-since", "main", "--json").stdout)
    assert [(a["slug"], a["before"], a["state"]) for a in data["articles"]] == [("node", "current", "outdated")]
    assert [c["subject"] for c in data["commits"].values()] == ["Explain the node"]
    github = run_cli("-d", str(repo.root), "status", "--changed-since", "main", "--format", "github").stdout
    assert github.splitlines() == [
        "::warning file=ja/node.md,line=1::ja translation of node is outdated: 1 commit behind since 2023-11-18"
    ]


def test_changed_since_counts_the_work_tree_and_a_fix_exits_0(repo: Repo) -> None:
    repo.branch("fix")
    repo.replace("ja/pod.md", page("ポッド", "ポッドは一つ以上のコンテナを実行します。"))  # not committed
    result = run_cli("-d", str(repo.root), "status", "--changed-since", "main")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[1:] == ["ja  pod  outdated → current"]
    nothing = run_cli("-d", str(repo.root), "status", "--changed-since", "HEAD", "ko")
    unknown = run_cli("-d", str(repo.root), "status", "--changed-since", "no-such-branch")
    assert unknown.exit_code == 2 and "no-such-branch" in unknown.stderr
    assert nothing.exit_code in (0, 2)


def test_the_source_language_is_no_translation_to_judge(repo: Repo) -> None:
    result = run_cli("-d", str(repo.root), "status", "en")
    assert result.exit_code == 2
    assert result.stderr.strip() == "glossary: en is the source language; status judges its translations"


def test_suggested_commands_find_the_same_glossary_and_are_quoted(repo: Repo) -> None:
    for n in range(7):
        repo.replace("en/pod.md", page("Pod", f"Version {n}."))
        repo.commit(f"Change {n}", day=3 + n)
    text = run_cli("-d", str(repo.root), "status", "--format", "markdown").stdout
    assert f"`glossary -d {repo.root} status ja --diff pod`" in text


def test_the_markdown_summary_counts_orphans_too() -> None:
    from glossary.status import StatusReport
    from glossary.status_formats import status_markdown

    summary = {"ja": {"current": 1, "outdated": 0, "missing": 2, "orphan": 3, "untracked": 0}}
    text = status_markdown(StatusReport("en", ["ja"], [], summary), {"ja": "ja"}, None, None, None)
    assert "| language | current | outdated | missing | orphan |" in text
    assert "| ja | 1 | 0 | 2 | 3 |" in text
