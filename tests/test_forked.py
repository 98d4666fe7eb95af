"""Work shared out between processes (``glossary.forked``): the same answer however it is shared,
whatever goes wrong in a child; and ``status`` walking its folders that way answers as it does alone."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

import glossary.forked as forked
import glossary.status_request as status_request
from conftest import run_cli
from git_repos import Repo, isolate_git
from glossary.forked import groups_of, shared_out

PARENT = os.getpid()


def squares(numbers: list[int]) -> list[int]:
    return [number * number for number in numbers]


def test_groups_weigh_about_the_same() -> None:
    groups = groups_of(["a", "b", "c", "d"], [10, 1, 9, 2], minimum=0)
    if len(os.sched_getaffinity(0)) < 2:
        pytest.skip("one CPU: nothing is shared out")
    assert sorted(item for group in groups for item in group) == ["a", "b", "c", "d"]
    weights = {"a": 10, "b": 1, "c": 9, "d": 2}
    loads = [sum(weights[item] for item in group) for group in groups]
    assert max(loads) - min(loads) <= 2


def test_little_work_stays_in_one_process() -> None:
    assert groups_of(["a", "b"], [1, 1], minimum=100) == [["a", "b"]]
    assert groups_of(["a"], [1000], minimum=0) == [["a"]]


@pytest.mark.parametrize("trouble", ["none", "no fork", "failing child", "refused answer"])
def test_the_answers_are_those_of_one_process(monkeypatch: pytest.MonkeyPatch, trouble: str) -> None:
    groups = [[1, 2], [3], [4, 5, 6]]
    work = squares
    if trouble == "no fork":
        monkeypatch.setattr(os, "fork", lambda: (_ for _ in ()).throw(OSError(11, "no more processes")))
    if trouble == "failing child":

        def work(numbers: list[int]) -> list[int]:
            if os.getpid() != PARENT:
                raise RuntimeError("a child fails")
            return squares(numbers)

    def valid(group: list[int], answer: object) -> bool:
        return trouble != "refused answer"

    assert shared_out(work, groups, valid) == [[1, 4], [9], [16, 25, 36]]
    assert shared_out(work, []) == []


def test_status_walking_in_several_processes_answers_as_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    isolate_git(monkeypatch)
    repo = Repo(tmp_path / "site")
    for lang in ("en", "fi", "sv", "ja"):
        for slug in ("pod", "node"):
            repo.replace(f"{lang}/{slug}.md", f"---\ntitle: {slug} {lang}\n---\n\nText.\n")
    repo.commit("Start", day=1)
    repo.replace("en/pod.md", "---\ntitle: pod\n---\n\nNew text.\n")
    repo.commit("Change the pod", day=2)

    def report() -> dict:
        result = run_cli("-d", str(repo.root), "status", "--json")
        assert result.exit_code == 1, result.stderr
        return json.loads(result.stdout)

    alone = report()
    shares: list[int] = []

    def counted(work, groups, valid):  # type: ignore[no-untyped-def]
        shares.append(len(groups))
        return shared_out(work, groups, valid)

    monkeypatch.setattr(forked, "shared_out", counted)
    monkeypatch.setattr(status_request, "PARALLEL_WALK_MIN", 0)
    monkeypatch.setenv("GLOSSARY_CACHE_DIR", str(tmp_path / "another-cache"))
    shared = report()
    assert shared == alone
    assert shares and (shares[0] > 1 or len(os.sched_getaffinity(0)) < 2)
    assert {(a["lang"], a["slug"], a["state"]) for a in shared["articles"]} >= {("fi", "pod", "outdated")}
