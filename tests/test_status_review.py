"""``status --mark-reviewed``: the marker written, and nothing else in the file touched."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import DATA, run_cli
from git_repos import Repo, isolate_git
from glossary.status.review import set_marker

HELM = DATA / "helm-docs"


@pytest.fixture(autouse=True)
def git_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    isolate_git(monkeypatch)


def changed_lines(before: bytes, after: bytes) -> list[bytes]:
    old, new = before.splitlines(keepends=True), after.splitlines(keepends=True)
    return [line for line in new if line not in old] + [b"-" + line for line in old if line not in new]


@pytest.mark.parametrize("name", ["ja-quickstart.md", "ko-with-marker.md"])
@pytest.mark.parametrize("newline", [b"\n", b"\r\n"])
@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"])
def test_real_pages_change_by_the_marker_line_only(name: str, newline: bytes, bom: bytes) -> None:
    raw = bom + (HELM / name).read_bytes().replace(b"\n", newline)
    sha = "a" * 40
    after = set_marker(raw, "default_lang_commit", sha)
    assert after.startswith(bom + b"---" + newline)
    assert changed_lines(raw, after)[0] == b"default_lang_commit: " + sha.encode() + newline
    assert len([line for line in changed_lines(raw, after) if not line.startswith(b"-")]) == 1
    assert after.replace(b"default_lang_commit: " + sha.encode() + newline, b"") == raw.replace(
        next((line for line in raw.splitlines(keepends=True) if line.startswith(b"default_lang_commit")), b"\0"), b""
    )


def test_a_nested_key_goes_inside_its_block() -> None:
    raw = b"---\ntitle: Pod\nl10n:\n  sourceCommit: 1234567\n  other: x\nweight: 3\n---\n\nBody\n"
    assert set_marker(raw, "l10n.sourceCommit", "b" * 40) == raw.replace(b"1234567", b"b" * 40)
    plain = b"---\ntitle: Pod\n---\nBody\n"
    assert set_marker(plain, "l10n.sourceCommit", "c" * 40) == (
        b"---\ntitle: Pod\nl10n:\n  sourceCommit: " + b"c" * 40 + b"\n---\nBody\n"
    )
    assert set_marker(b"Body only\r\n", "default_lang_commit", "d" * 40) == (
        b"---\r\ndefault_lang_commit: " + b"d" * 40 + b"\r\n---\r\nBody only\r\n"
    )


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300))
def test_any_body_is_kept_whole(body: str) -> None:
    raw = b"---\ntitle: x\n---\n" + body.encode("utf-8")
    after = set_marker(raw, "l10n.sourceCommit", "e" * 40)
    assert after.endswith(b"\n---\n" + body.encode("utf-8"))


def page(title: str, body: str, extra: str = "") -> str:
    return f"---\ntitle: {title}\n{extra}---\n\n{body}\n"


def test_marking_makes_the_translation_current_by_its_marker(tmp_path: Path) -> None:
    repo = Repo(tmp_path / "site")
    repo.replace("en/pod.md", page("Pod", "A pod runs containers."))
    repo.replace("ja/pod.md", page("ポッド", "ポッド", "weight: 2\n"))
    repo.replace("ja/node.md", page("ノード", "ノード", f"default_lang_commit: {'0' * 40}\n"))
    repo.replace("en/node.md", page("Node", "A node."))
    repo.commit("Start", day=1)
    changed = repo.replace("en/pod.md", page("Pod", "A pod runs one or more containers."))
    last = repo.commit("Change the pod", day=2)
    repo.replace("en/pod.md", page("Pod", "A pod runs one or more containers.", "weight: 9\n"))
    repo.commit("Only a weight", day=3)
    before = (repo.root / "ja/pod.md").read_bytes()
    result = run_cli("-d", str(repo.root), "status", "--mark-reviewed", "ja/pod")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip().endswith(f"default_lang_commit: {last}")  # the key the glossary already uses
    after = (repo.root / "ja/pod.md").read_bytes()
    assert after == before.replace(b"weight: 2\n", f"weight: 2\ndefault_lang_commit: {last}\n".encode())
    data = json.loads(run_cli("-d", str(repo.root), "status", "--json").stdout)
    pod = next(a for a in data["articles"] if a["slug"] == "pod")
    assert (pod["state"], pod["evidence"]) == ("current", "marker")
    changed.write_text(page("Pod", "Edited, not committed."), encoding="utf-8")
    refused = run_cli("-d", str(repo.root), "status", "--mark-reviewed", "ja/pod")
    assert refused.exit_code == 1
    assert "not committed" in refused.stderr and (repo.root / "ja/pod.md").read_bytes() == after
    missing = run_cli("-d", str(repo.root), "status", "--mark-reviewed", "ja/label")
    assert missing.exit_code == 1
    apart = run_cli("-d", str(repo.root), "status", "--mark-reviewed", "ja", "pod")
    assert (apart.exit_code, apart.stderr) == (
        2,
        "glossary: --mark-reviewed takes LANG/SLUG, as in ja/pod, not 'ja'; did you mean --mark-reviewed ja/pod?\n",
    )
    two = run_cli("-d", str(repo.root), "status", "--mark-reviewed", "ja/pod", "ja/node")
    assert two.exit_code == 2
    assert two.stderr == (
        "glossary: --mark-reviewed takes one LANG/SLUG: repeat it, as in "
        "--mark-reviewed ja/pod --mark-reviewed ja/node\n"
    )


@pytest.mark.parametrize(
    "raw",
    [
        b'+++\ntitle = "Pod"\n+++\nBody\n',
        b"---\ntitle: Pod\nBody with no closing line\n",
        b"---\ntitle: Pod\nl10n: {sourceCommit: 0000000, owner: me}\n---\nBody\n",
    ],
)
def test_front_matter_it_cannot_edit_safely_is_refused(raw: bytes) -> None:
    from glossary.status.review import ReviewRefused

    with pytest.raises(ReviewRefused):
        set_marker(raw, "l10n.sourceCommit", "f" * 40)
