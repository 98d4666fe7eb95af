"""``compare`` and ``show`` tell how far a translation is behind its source when the glossary is in git."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import run_cli, write_article
from git_repos import Repo, isolate_git


@pytest.fixture(autouse=True)
def git_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    isolate_git(monkeypatch)


def article(title: str) -> str:
    return f"---\ntitle: {title}\n---\n\n{title} is a concept.\n"


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    """en: pod, node, label; ja: pod (behind by two commits), node (current); label missing in ja."""
    repo = Repo(tmp_path / "glossary")
    for slug in ("pod", "node", "label"):
        repo.write(f"en/{slug}.md", article(slug.title()))
    for slug in ("pod", "node"):
        repo.write(f"ja/{slug}.md", article(f"{slug}-ja"))
    repo.commit("Import the glossary", day=1)
    repo.write("en/pod.md", "A pod runs containers.\n")
    repo.commit("Say what a pod runs", day=5)
    repo.write("en/pod.md", "Pods share a network.\n")
    repo.commit("Explain the pod network", day=9)
    return repo


def rows(stdout: str) -> dict[str, list[str]]:
    return {line.split()[0]: line.split() for line in stdout.splitlines()[1:] if line and not line.startswith(" ")}


def test_compare_shows_the_status_of_the_translation(repo: Repo) -> None:
    result = run_cli("-d", str(repo.root), "compare", "en", "ja")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[0].split() == ["concept", "en", "ja", "status", "translation"]
    found = rows(result.stdout)
    assert found["pod"][-2:] == ["outdated", "2"]
    assert found["node"][-1] == "current"
    assert found["label"][-1] == "missing"


def test_compare_with_the_translation_first_shows_it_too(repo: Repo) -> None:
    result = run_cli("-d", str(repo.root), "compare", "ja", "en")
    assert rows(result.stdout)["pod"][-2:] == ["outdated", "2"]


def test_compare_json_has_the_state_and_commits_behind(repo: Repo) -> None:
    data = json.loads(run_cli("-d", str(repo.root), "compare", "en", "ja", "--json").stdout)
    by_slug = {concept["slug"]: concept for concept in data["concepts"]}
    assert by_slug["pod"]["translation"] == {"state": "outdated", "behind": 2}
    assert by_slug["node"]["translation"] == {"state": "current", "behind": 0}
    assert by_slug["label"]["translation"] == {"state": "missing", "behind": 0}
    assert by_slug["pod"]["status"] == "both"


def test_a_kept_comparison_follows_a_new_commit(repo: Repo) -> None:
    first = run_cli("-d", str(repo.root), "compare", "en", "ja").stdout
    assert rows(first)["node"][-1] == "current"
    repo.write("en/node.md", "Nodes run pods.\n")
    repo.commit("Say what a node runs", day=12)
    again = run_cli("-d", str(repo.root), "compare", "en", "ja")
    assert rows(again.stdout)["node"][-2:] == ["outdated", "1"]
    repo.write("ja/node.md", "translated again\n")
    repo.commit("Translate the node again", day=13)
    assert rows(run_cli("-d", str(repo.root), "compare", "en", "ja").stdout)["node"][-1] == "current"


def test_compare_of_two_translations_has_no_status(repo: Repo) -> None:
    repo.write("ko/pod.md", article("pod-ko"))
    repo.commit("Korean pod", day=10)
    result = run_cli("-d", str(repo.root), "compare", "ja", "ko")
    assert result.stdout.splitlines()[0].split() == ["concept", "ja", "ko", "status"]


def test_show_says_how_far_an_outdated_translation_is_behind(repo: Repo) -> None:
    lines = run_cli("-d", str(repo.root), "show", "pod", "--lang", "ja").stdout.splitlines()
    assert lines[0].startswith("pod-ja")
    assert lines[1] == "behind en by 2 commits since 2023-11-19"


def test_show_says_nothing_for_a_current_translation_or_the_source(repo: Repo) -> None:
    node = run_cli("-d", str(repo.root), "show", "node", "--lang", "ja").stdout
    assert "behind" not in node
    pod = run_cli("-d", str(repo.root), "show", "pod", "--lang", "en").stdout
    assert "behind" not in pod
    assert "behind" not in run_cli("-d", str(repo.root), "show", "pod", "--lang", "ja", "--json").stdout


def test_outside_git_compare_and_show_start_no_git(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "glossary"
    for slug in ("pod", "node"):
        write_article(root, "en", slug, article(slug.title()))
    write_article(root, "ja", "pod", article("pod-ja"))
    started: list[object] = []
    real_popen = subprocess.Popen

    def popen(args: object, *rest: object, **options: object) -> subprocess.Popen[bytes]:
        started.append(args)
        return real_popen(args, *rest, **options)  # type: ignore[call-overload, no-any-return]

    monkeypatch.setattr(subprocess, "Popen", popen)
    compared = run_cli("-d", str(root), "compare", "en", "ja")
    assert compared.stdout.splitlines()[0].split() == ["concept", "en", "ja", "status"]
    assert "translation" not in run_cli("-d", str(root), "compare", "en", "ja", "--json").stdout
    shown = run_cli("-d", str(root), "show", "pod", "--lang", "ja").stdout
    assert "behind" not in shown
    assert not [args for args in started if "git" in str(args)]


def test_the_bundled_glossary_is_never_asked_about(monkeypatch: pytest.MonkeyPatch) -> None:
    if shutil.which("git") is None:
        pytest.skip("no git")
    started: list[object] = []
    real_popen = subprocess.Popen

    def popen(args: object, *rest: object, **options: object) -> subprocess.Popen[bytes]:
        started.append(args)
        return real_popen(args, *rest, **options)  # type: ignore[call-overload, no-any-return]

    monkeypatch.setattr(subprocess, "Popen", popen)
    result = run_cli("compare", "fi", "no")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0].split()[-1] == "status"
    assert not [args for args in started if "git" in str(args)]
