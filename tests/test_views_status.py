"""views/status.py: the summary with its bar, the outdated list, the cells and lines other commands show."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len
from rich.console import Console, RenderableType

from glossary.status import ArticleStatus, State, StatusReport, Touch
from glossary.views import status as views


def render(renderable: RenderableType, width: int = 80, *, colour: bool = False) -> str:
    console = Console(
        width=width,
        force_terminal=colour,
        color_system="standard" if colour else None,
        no_color=not colour,
        highlight=False,
        emoji=False,
        markup=False,
    )
    with console.capture() as capture:
        console.print(renderable)
    return "\n".join(line.rstrip() for line in capture.get().split("\n"))


def when(day: int) -> datetime:
    return datetime(2026, 10, day, 10, tzinfo=UTC)


def outdated(slug: str, lang: str, subjects: list[str], *, translated: int = 1, changed: int = 20) -> ArticleStatus:
    changes = tuple(Touch(f"{n:040x}", int(when(changed - n).timestamp()), s) for n, s in enumerate(subjects))
    oldest = when(changed - len(subjects) + 1)
    return ArticleStatus(
        slug, lang, State.OUTDATED, len(subjects), translated=when(translated), source_changed=when(changed),
        changes=changes, since=oldest,
    )  # fmt: skip


def report() -> StatusReport:
    articles = [
        outdated("cluster", "ja", ["Mention the control plane"], changed=9),
        outdated("deployment", "ja", ["Name the kubectl command", "Link to ReplicaSet", "Explain the rollout"]),
        ArticleStatus("node", "ja", State.CURRENT),
        ArticleStatus("pod", "ja", State.MISSING),
        ArticleStatus("pod", "ko", State.CURRENT),
    ]
    summary = {
        "ja": {"current": 9, "outdated": 2, "missing": 1, "orphan": 0, "untracked": 0},
        "ko": {"current": 12, "outdated": 0, "missing": 0, "orphan": 0, "untracked": 0},
    }
    return StatusReport("en", ["ja", "ko"], articles, summary)


def test_the_summary_counts_each_language_and_draws_its_bar() -> None:
    text = render(views.status_view(report()), 80)
    lines = text.splitlines()
    assert lines[0] == "Translations of en  12 source articles, 23 translations"
    assert lines[1].split() == ["lang", "current", "outdated", "missing"]
    ja = lines[2]
    assert ja.split()[:4] == ["ja", "9", "2", "1"]
    assert ja.count("█") > ja.count("▓") > ja.count("░") >= 1
    assert lines[3].split()[:4] == ["ko", "12", "0", "0"]
    assert "▓" not in lines[3] and "░" not in lines[3]


def test_the_outdated_list_puts_the_most_behind_first_with_commits_since_and_subjects() -> None:
    text = render(views.status_view(report()), 80)
    assert "Outdated translations (2), most behind first" in text
    listed = text[text.index("Outdated") :].splitlines()
    assert listed[1].split() == ["ja", "deployment", "3", "commits", "behind", "since", "2026-10-18"]
    assert listed[2].split() == ["2026-10-20", "Name", "the", "kubectl", "command"]
    assert listed[5].split() == ["ja", "cluster", "1", "commit", "behind", "since", "2026-10-09"]
    assert "pod" not in text  # missing articles only with missing=True


def test_missing_articles_are_listed_per_language_when_asked() -> None:
    text = render(views.status_view(report(), outdated=False, missing=True), 80)
    assert "Missing translations (1)" in text
    assert "ja (1)  pod" in text
    assert "Outdated" not in text


def test_long_subjects_wrap_between_words_and_many_are_summed_up() -> None:
    subjects = [f"Change number {n} with a rather long subject line that goes on" for n in range(8)]
    many = StatusReport("en", ["ja"], [outdated("pod", "ja", subjects)], {"ja": {"outdated": 1}})
    text = render(views.status_view(many), 60)
    assert all(len(line) <= 60 for line in text.splitlines())
    words = " ".join(text.split())
    assert "Change number 0 with a rather long subject line that goes on" in words  # wrapped, not cut
    assert "    glossary status ja --diff pod" in text.splitlines()  # whole, on a line of its own
    assert text.count("Change number") == views.SUBJECTS


@pytest.mark.parametrize("width", [60, 160])
def test_the_bar_fits_the_width(width: int) -> None:
    text = render(views.summary_view(report(), {}), width)
    assert all(len(line) <= width for line in text.splitlines())
    assert 10 <= text.splitlines()[2].count("█") + text.splitlines()[2].count("▓") + 1 <= 40


def test_bar_cells_share_the_width_and_keep_every_state_visible() -> None:
    assert views.bar_cells([9, 2, 1], 12) == [9, 2, 1]
    assert sum(views.bar_cells([997, 2, 1], 20)) == 20
    assert all(views.bar_cells([997, 2, 1], 20))
    assert views.bar_cells([0, 0, 0], 10) == [0, 0, 0]


def test_everything_current_says_so() -> None:
    current = StatusReport("en", ["ja"], [ArticleStatus("pod", "ja", State.CURRENT)], {"ja": {"current": 1}})
    assert "Every translation is current." in render(views.status_view(current))


def test_a_cell_and_a_line_for_other_commands() -> None:
    late = outdated("pod", "ja", ["a", "b", "c"])
    assert views.status_cell(late).plain == "outdated 3"
    assert views.status_cell(ArticleStatus("pod", "ja", State.CURRENT)).plain == "current"
    line = views.behind_line(late, "en")
    assert line is not None and line.plain == "behind en by 3 commits since 2026-10-18"
    assert views.behind_line(ArticleStatus("pod", "ja", State.CURRENT), "en") is None


def typed(lines: list[str], start: int) -> list[str]:
    """The words of the command shown from line ``start`` on, read as a shell reads its continuations."""
    import shlex

    command = []
    for line in lines[start:]:
        command.append(line.removesuffix(" \\"))
        if not line.endswith(" \\"):
            break
    return shlex.split(" ".join(command))


def test_a_command_to_type_is_broken_between_words_however_narrow() -> None:
    """Printed as ``status`` prints it (without cropping): a command wider than the screen goes on
    over several lines, broken between its words with a shell's continuation, so that no word is cut,
    no line is wider than the screen and a copy of the lines still runs."""
    import shlex

    subjects = [f"Change {n}" for n in range(8)]
    late = [outdated(f"page-{n}", "ja", subjects) for n in range(25)]
    many = StatusReport("en", ["ja"], late, {"ja": {"outdated": 25}})
    command = "glossary -d '/a/long/path/to the/site' --docs-version current status"
    console = Console(width=40, no_color=True, highlight=False, emoji=False, markup=False)
    with console.capture() as capture:
        console.print(views.status_view(many, limit=20, command=command), crop=False)
    lines = capture.get().splitlines()
    assert all(len(line.rstrip()) <= 40 for line in lines)
    diff = next(n for n, line in enumerate(lines) if line.startswith("    glossary -d"))
    assert typed(lines, diff) == [*shlex.split(command), "ja", "--diff", "page-0"]
    listed = next(n for n, line in enumerate(lines) if line.startswith("glossary -d"))
    assert typed(lines, listed) == [*shlex.split(command), "ja", "--all"]  # the languages with more rows, named


@given(st.lists(st.text(min_size=1, max_size=30), min_size=1, max_size=12), st.integers(10, 120), st.integers(0, 8))
def test_a_command_laid_out_reads_back_as_the_same_words(words: list[str], width: int, indent: int) -> None:
    import shlex

    lines = views.command_lines(shlex.join(words), width, indent)
    assert typed(lines, 0) == words
    for line in lines:
        assert cell_len(line) <= width or len(shlex.split(line.removesuffix(" \\"))) == 1  # only a lone word runs on
