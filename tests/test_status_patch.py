"""A kept status report patched after a change gives the very bytes, exit code and warnings a report
made whole from nothing kept gives: after commits, edits, restaging and markers, run after run."""

from __future__ import annotations

from collections.abc import Callable, Iterator
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
    """en: pod, node, label, service; ja: pod, node, service, an orphan; ko: pod, node; de: pod."""
    repo = Repo(tmp_path / "glossary")
    for slug in ("pod", "node", "label", "service"):
        repo.write(f"en/{slug}.md", article(slug.title()))
    for slug in ("pod", "node", "service"):
        repo.write(f"ja/{slug}.md", article(f"{slug}-ja"))
    repo.write("ja/gone.md", article("gone-ja"))
    for slug in ("pod", "node"):
        repo.write(f"ko/{slug}.md", article(f"{slug}-ko"))
    repo.write("de/pod.md", article("pod-de"))
    repo.commit("Import the glossary", day=1)
    repo.write("en/pod.md", "A pod runs containers.\n")
    repo.commit("Say what a pod runs", day=5)
    repo.write("en/node.md", "A node runs pods.\n")
    repo.write("en/service.md", "A service has a name.\n")
    repo.commit("Say what a node runs and what a service has", day=6)
    return repo


def whole(repo: Repo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *args: str) -> tuple[int, str, str]:
    """The report made from nothing kept (a cache of its own)."""
    with monkeypatch.context() as patch:
        patch.setenv("GLOSSARY_CACHE_DIR", str(tmp_path / f"whole-{len(list(tmp_path.iterdir()))}"))
        result = run_cli("-d", str(repo.root), "status", *args)
    return result.exit_code, result.stdout, result.stderr


def patched(repo: Repo, monkeypatch: pytest.MonkeyPatch, *args: str, made_whole: bool = False) -> tuple[int, str, str]:
    """The report of a run after the last one kept its report: patched, unless ``made_whole``."""
    import glossary.status_request as request

    report = request.StatusRequest.report
    calls: list[int] = []

    def counted(self: request.StatusRequest, *rest: object) -> object:
        calls.append(1)
        return report(self, *rest)  # type: ignore[arg-type]

    with monkeypatch.context() as patch:
        patch.setattr(request.StatusRequest, "report", counted)
        result = run_cli("-d", str(repo.root), "status", *args)
    assert bool(calls) == made_whole, "made whole" if calls else "patched"
    return result.exit_code, result.stdout, result.stderr


Step = tuple[str, Callable[[Repo], None], bool]


def _steps() -> Iterator[Step]:
    def source_commit(repo: Repo) -> None:
        repo.write("en/service.md", "A service finds pods.\n")
        repo.commit("Say what a service finds", 7, "en/service.md")

    def translation_commit(repo: Repo) -> None:
        repo.write("ja/pod.md", "translated again\n")
        repo.commit("Update the Japanese pod", 8, "ja/pod.md")

    def source_edit(repo: Repo) -> None:
        repo.write("en/label.md", "A label names things.\n")

    def edit_committed(repo: Repo) -> None:
        repo.commit("Say what a label names", 9, "en/label.md")

    def ignored_commit(repo: Repo) -> None:
        repo.write("en/pod.md", "Typo fixed.\n")
        repo.commit("Fix a typo [skip l10n]", 10, "en/pod.md")

    def unstaged(repo: Repo) -> None:
        repo.git("rm", "-q", "--cached", "ko/node.md")

    def restaged(repo: Repo) -> None:
        repo.git("add", "ko/node.md")

    def bad_marker(repo: Repo) -> None:
        repo.write("de/pod.md", "")
        text = (repo.root / "de/pod.md").read_text(encoding="utf-8")
        (repo.root / "de/pod.md").write_text(text.replace("---\n\n", "l10n:\n  sourceCommit: not-a-commit\n---\n\n", 1))
        repo.commit("Name a source commit that is none", 11, "de/pod.md")

    def good_marker(repo: Repo) -> None:
        head = repo.git("rev-parse", "HEAD")
        text = (repo.root / "de/pod.md").read_text(encoding="utf-8")
        (repo.root / "de/pod.md").write_text(text.replace("not-a-commit", head))
        repo.commit("Review the German pod", 12, "de/pod.md")

    def everything_translated_again(repo: Repo) -> None:
        for lang, slugs in (("ja", ("pod", "node", "service")), ("ko", ("pod", "node"))):
            for slug in slugs:
                repo.write(f"{lang}/{slug}.md", "translated once more\n")
        repo.commit("Translate everything again", 13)

    yield "a source commit", source_commit, False
    yield "a translation commit", translation_commit, False
    yield "a source edited, not committed", source_edit, False
    yield "that edit committed", edit_committed, False
    yield "a commit the team ignores", ignored_commit, False
    yield "a translation taken out of the index", unstaged, False
    yield "and put back", restaged, False
    yield "a marker that names no commit", bad_marker, False
    yield "a marker that names HEAD", good_marker, False
    yield "every translation current: said otherwise, made whole", everything_translated_again, True


@pytest.mark.parametrize("args", [["--json"], []], ids=["json", "text"])
def test_run_after_run_a_patched_report_is_the_whole_one(
    repo: Repo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    repo.settle()  # files as a run finds them long after they were written: their stats are trusted
    first = run_cli("-d", str(repo.root), "status", *args)
    assert (first.exit_code, first.stdout, first.stderr) == whole(repo, tmp_path, monkeypatch, *args)
    for name, change, made_whole in _steps():
        change(repo)
        repo.settle()
        got = patched(repo, monkeypatch, *args, made_whole=made_whole and not args)
        assert got == whole(repo, tmp_path, monkeypatch, *args), name
        assert got[0] == 1 or name.startswith("every"), name


def test_a_longer_slug_outdated_makes_the_text_whole_and_the_json_patched(
    repo: Repo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The piped list aligns its columns to its longest slug: a patch that would widen them is not made."""
    repo.write("en/a-much-longer-concept.md", article("Long"))
    repo.write("ja/a-much-longer-concept.md", article("long-ja"))
    repo.commit("Add a long concept", 7)
    for args in (["--json"], []):
        run_cli("-d", str(repo.root), "status", *args)
    repo.write("en/a-much-longer-concept.md", "Longer still.\n")
    repo.commit("Change the long concept", 8)
    assert patched(repo, monkeypatch, "--json") == whole(repo, tmp_path, monkeypatch, "--json")
    assert patched(repo, monkeypatch, made_whole=True) == whole(repo, tmp_path, monkeypatch)


def test_a_file_added_makes_the_report_whole(repo: Repo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    run_cli("-d", str(repo.root), "status", "--json")
    repo.write("ko/service.md", article("service-ko"))
    repo.commit("Translate the service into Korean", 7)
    assert patched(repo, monkeypatch, "--json", made_whole=True) == whole(repo, tmp_path, monkeypatch, "--json")


def test_a_kept_report_that_does_not_match_its_basis_is_not_patched(
    repo: Repo, monkeypatch: pytest.MonkeyPatch, clean_environment: Path
) -> None:
    run_cli("-d", str(repo.root), "status", "--json")
    (output,) = clean_environment.glob("status-*-output-*")
    data = bytearray(output.read_bytes())
    data[-3:-1] = b"  "  # a report damaged or written by something else: its checksum no longer holds
    output.write_bytes(bytes(data))
    repo.write("en/service.md", "A service finds pods.\n")
    repo.commit("Say what a service finds", 7)
    result = patched(repo, monkeypatch, "--json", made_whole=True)
    assert result[1].endswith("}\n")
