"""Which translations are current, outdated, missing, orphaned or untracked, and how the report is shown."""

from __future__ import annotations

import os
import sqlite3
import string
import subprocess
import tempfile
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from glossary.errors import ExitStatus
from glossary.history import History, HistoryCache, NotARepository, ShallowClone, Touch
from glossary.status import (
    ArticleFile,
    ArticleStatus,
    Evidence,
    State,
    StatusReport,
    exit_status,
    github_annotations,
    source_commit,
    source_diff,
    to_json,
    translation_status,
)
from test_history import DAY, EPOCH, CountingRunner, Repo, isolate_git


@pytest.fixture(autouse=True)
def git_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    isolate_git(monkeypatch)


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    return Repo(tmp_path / "glossary")


def articles(root: Path, *langs: str, markers: dict[tuple[str, str], str] | None = None) -> list[ArticleFile]:
    """Every ``<lang>/<slug>.md`` under ``root`` for ``langs``."""
    found = []
    for lang in langs:
        for path in sorted((root / lang).glob("*.md")):
            marker = (markers or {}).get((lang, path.stem))
            found.append(ArticleFile(lang, path.stem, path, marker))
    return found


def by_key(report: StatusReport) -> dict[tuple[str, str], ArticleStatus]:
    return {(status.lang, status.slug): status for status in report.articles}


def day(number: float) -> int:
    return int(EPOCH + number * DAY)


def test_each_state_of_a_translation(repo: Repo) -> None:
    for slug in ("fresh", "stale", "gone"):
        repo.write(f"en/{slug}.md")
    repo.write("ja/fresh.md")
    repo.write("ja/stale.md")
    repo.write("ja/orphan.md")
    repo.commit("first draft", day=1)
    repo.write("en/stale.md", "edit\n")
    repo.commit("clarify stale", day=2)
    repo.write("en/stale.md", "again\n")
    repo.commit("fix a typo in stale", day=3)
    repo.write("en/fresh.md", "edit\n")
    repo.commit("edit fresh", day=4)
    repo.write("ja/fresh.md", "translated\n")
    repo.commit("translate fresh", day=5)
    repo.write("ja/gone.md")  # written, never committed

    report = translation_status("en", articles(repo.root, "en", "ja"))

    states = {key: status.state for key, status in by_key(report).items()}
    assert states == {
        ("ja", "fresh"): State.CURRENT,
        ("ja", "stale"): State.OUTDATED,
        ("ja", "gone"): State.UNTRACKED,
        ("ja", "orphan"): State.ORPHAN,
    }
    stale = by_key(report)["ja", "stale"]
    assert (stale.behind, stale.evidence) == (2, Evidence.GIT)
    assert [change.subject for change in stale.changes] == ["fix a typo in stale", "clarify stale"]
    assert stale.translated is not None and stale.translated.timestamp() == day(1)
    assert stale.source_changed is not None and stale.source_changed.timestamp() == day(3)
    assert stale.source_path == repo.root / "en" / "stale.md"
    assert report.summary == {"ja": {"current": 1, "outdated": 1, "missing": 0, "orphan": 1, "untracked": 1}}
    assert exit_status(report) == ExitStatus.NOT_FOUND


def test_a_concept_without_translation_is_missing_in_every_language_asked_for(repo: Repo) -> None:
    repo.write("en/a.md")
    repo.write("ja/a.md")
    repo.write("en/b.md")
    repo.commit("add", day=1)

    report = translation_status("en", articles(repo.root, "en", "ja"), languages=["ja", "fi"])

    states = {key: status.state for key, status in by_key(report).items()}
    assert states == {
        ("fi", "a"): State.MISSING,
        ("fi", "b"): State.MISSING,
        ("ja", "a"): State.CURRENT,
        ("ja", "b"): State.MISSING,
    }
    missing = by_key(report)["ja", "b"]
    assert (missing.path, missing.source_path) == (None, repo.root / "en" / "b.md")


def test_everything_current_exits_0_and_a_state_filter_keeps_the_summary_whole(repo: Repo) -> None:
    repo.write("en/a.md")
    repo.write("en/b.md")
    repo.write("ja/a.md")
    repo.commit("add", day=1)
    files = articles(repo.root, "en", "ja")

    only_outdated = translation_status("en", files, states=[State.OUTDATED])
    only_missing = translation_status("en", files, states=[State.MISSING])

    assert only_outdated.articles == [] and exit_status(only_outdated) == ExitStatus.OK
    assert [a.slug for a in only_missing.articles] == ["b"] and exit_status(only_missing) == 1
    assert only_outdated.summary["ja"] == {"current": 1, "outdated": 0, "missing": 1, "orphan": 0, "untracked": 0}


def test_a_marker_naming_an_older_source_commit_outdates_a_later_translation(repo: Repo) -> None:
    repo.write("en/a.md")
    translated_from = repo.commit("add", day=1)
    repo.write("en/a.md", "edit\n")
    repo.commit("edit", day=2)
    repo.write("ja/a.md")
    repo.commit("translate from the old version", day=3)
    markers = {("ja", "a"): translated_from[:10]}

    report = translation_status("en", articles(repo.root, "en", "ja", markers=markers))

    status = by_key(report)["ja", "a"]
    assert (status.state, status.evidence, status.behind) == (State.OUTDATED, Evidence.MARKER, 1)
    assert status.since == translated_from
    assert status.translated is not None and status.translated.timestamp() == day(1)
    assert report.marker_problems == []


def test_a_marker_naming_the_latest_source_commit_is_current_whatever_the_dates(repo: Repo) -> None:
    repo.write("ja/a.md")
    repo.commit("translate ahead", day=1)
    repo.write("en/a.md")
    latest = repo.commit("add the source later", day=2)

    report = translation_status("en", articles(repo.root, "en", "ja", markers={("ja", "a"): latest}))

    assert by_key(report)["ja", "a"].state == State.CURRENT


@pytest.mark.parametrize(
    ("marker", "problem"), [("0123456789abcdef0123", "is unknown"), ("v1.2 (draft)", "is not a commit hash")]
)
def test_a_marker_that_names_no_commit_is_reported_and_git_history_decides(
    repo: Repo, marker: str, problem: str
) -> None:
    repo.write("en/a.md")
    repo.commit("add", day=1)
    repo.write("ja/a.md")
    repo.commit("translate", day=2)
    repo.write("en/a.md", "edit\n")
    repo.commit("edit", day=3)

    report = translation_status("en", articles(repo.root, "en", "ja", markers={("ja", "a"): marker}))

    status = by_key(report)["ja", "a"]
    assert (status.state, status.evidence) == (State.OUTDATED, Evidence.GIT)
    assert status.marker_problem is not None and problem in status.marker_problem
    assert report.marker_problems == [f"ja/a: {status.marker_problem}"]


def test_a_renamed_source_keeps_its_history(repo: Repo) -> None:
    repo.write("en/old-name.md", "a source text long enough for git to see the rename\n" * 5)
    repo.commit("add", day=1)
    repo.write("ja/new-name.md")
    repo.commit("translate", day=2)
    repo.write("en/old-name.md", "edited\n")
    repo.commit("edit", day=3)
    repo.git("mv", "en/old-name.md", "en/new-name.md")
    repo.commit("rename", day=4)

    report = translation_status("en", articles(repo.root, "en", "ja"))

    status = by_key(report)["ja", "new-name"]
    assert status.state == State.OUTDATED
    assert [change.subject for change in status.changes] == ["rename", "edit"]
    assert "edited" in source_diff(status)


def test_a_source_change_merged_from_a_side_branch_is_not_hidden_by_the_merge(repo: Repo) -> None:
    repo.write("en/a.md")
    repo.write("ja/a.md")
    repo.commit("start", day=1)
    repo.git("checkout", "-q", "-b", "side")
    repo.write("en/a.md", "side edit\n")
    repo.commit("edit the source on a branch", day=2)
    repo.git("checkout", "-q", "main")
    repo.write("ja/a.md", "translated from the version without the side edit\n")
    repo.commit("translate", day=3)
    repo.git("merge", "-q", "--no-ff", "-m", "merge the branch", "side", day=4)

    status = by_key(translation_status("en", articles(repo.root, "en", "ja")))["ja", "a"]

    assert status.state == State.OUTDATED
    assert status.source_changed is not None and status.source_changed.timestamp() == day(4)


def test_uncommitted_edits_count_as_now(repo: Repo) -> None:
    for slug in ("a", "b"):
        repo.write(f"en/{slug}.md")
        repo.write(f"ja/{slug}.md")
    repo.commit("add", day=1)
    repo.write("en/a.md", "edit in progress\n")
    repo.write("en/b.md", "edit in progress\n")
    repo.write("ja/b.md", "translated along\n")

    report = translation_status("en", articles(repo.root, "en", "ja"))

    a, b = by_key(report)["ja", "a"], by_key(report)["ja", "b"]
    assert (a.state, a.evidence, a.behind) == (State.OUTDATED, Evidence.WORKTREE, 1)
    assert a.changes[0].sha == "" and "edit in progress" in source_diff(a)
    assert (b.state, b.evidence) == (State.CURRENT, Evidence.WORKTREE)


def test_the_source_may_live_in_another_repository(tmp_path: Path) -> None:
    content, translated = Repo(tmp_path / "content"), Repo(tmp_path / "translated-content")
    content.write("files/en-us/glossary/a/index.md")
    old = content.commit("add", day=1)
    content.write("files/en-us/glossary/b/index.md")
    content.commit("add b", day=2)
    translated.write("files/ja/glossary/a/index.md")
    translated.write("files/ja/glossary/b/index.md")
    translated.commit("translate", day=3)
    content.write("files/en-us/glossary/a/index.md", "edit\n")
    content.commit("edit a", day=4)
    files = [ArticleFile("en-us", slug, content.root / "files/en-us/glossary" / slug / "index.md") for slug in "ab"] + [
        ArticleFile("ja", "a", translated.root / "files/ja/glossary/a/index.md", old),
        ArticleFile("ja", "b", translated.root / "files/ja/glossary/b/index.md"),
    ]

    report = translation_status("en-us", files)

    a, b = by_key(report)["ja", "a"], by_key(report)["ja", "b"]
    assert (a.state, a.evidence, a.behind) == (State.OUTDATED, Evidence.MARKER, 1)
    assert (b.state, b.evidence, b.behind) == (State.CURRENT, Evidence.GIT, 0)


def test_a_second_run_reads_no_history_and_a_rewritten_one_is_read_again(repo: Repo, tmp_path: Path) -> None:
    repo.write("en/a.md")
    repo.write("ja/a.md")
    repo.commit("add", day=1)
    repo.write("en/a.md", "edit\n")
    sha = repo.commit("edit", day=2)
    files = articles(repo.root, "en", "ja", markers={("ja", "a"): sha})
    database = tmp_path / "cache.sqlite3"
    first = translation_status("en", files, cache=HistoryCache(sqlite3.connect(database)))
    runner = CountingRunner()

    second = translation_status("en", files, cache=HistoryCache(sqlite3.connect(database)), runner=runner)

    assert runner.commands() == ["rev-parse", "status"]
    assert second.articles == first.articles and second.articles[0].state == State.CURRENT

    repo.git("commit", "-q", "--amend", "-m", "edit, reworded", day=3)
    runner = CountingRunner()
    third = translation_status("en", files, cache=HistoryCache(sqlite3.connect(database)), runner=runner)

    assert runner.commands() == ["rev-parse", "merge-base", "log", "status"]
    status = third.articles[0]
    # The marker still names the commit replaced by the amended one, older than it.
    assert (status.state, status.evidence) == (State.OUTDATED, Evidence.MARKER)
    assert [change.subject for change in status.changes] == ["edit, reworded"]


def test_a_shallow_clone_or_a_plain_folder_is_an_error_not_a_report(repo: Repo, tmp_path: Path) -> None:
    repo.write("en/a.md")
    repo.commit("one", day=1)
    repo.write("en/a.md", "two\n")
    repo.commit("two", day=2)
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo.root}", str(clone)], check=True)
    plain = tmp_path / "plain"
    (plain / "en").mkdir(parents=True)
    (plain / "en" / "a.md").write_text("text\n")

    with pytest.raises(ShallowClone, match="unshallow"):
        translation_status("en", articles(clone, "en", "ja"))
    with pytest.raises(NotARepository):
        translation_status("en", articles(plain, "en", "ja"))


@pytest.mark.parametrize(
    ("metadata", "expected"),
    [
        ({"l10n": {"sourceCommit": "abc1234"}}, "abc1234"),
        ({"l10n.sourceCommit": " abc1234 "}, "abc1234"),
        ({"default_lang_commit": 1234567}, "1234567"),
        ({"l10n": "not a mapping", "default_lang_commit": "def5678"}, "def5678"),
        ({"title": "no marker"}, None),
        ({"default_lang_commit": ""}, None),
    ],
)
def test_source_commit_reads_dotted_keys(metadata: dict[str, object], expected: str | None) -> None:
    assert source_commit(metadata, ["l10n.sourceCommit", "default_lang_commit"]) == expected


def sample_report() -> StatusReport:
    from datetime import UTC, datetime

    when = datetime(2024, 5, 6, 7, 8, 9, tzinfo=UTC)
    articles = [
        ArticleStatus("z-slug", "ja", State.MISSING, source_path=Path("en/z-slug.md")),
        ArticleStatus(
            "a,b:c", "ja", State.OUTDATED, 2, Path("ja/a,b:c 100%.md"), Path("en/a,b:c.md"), when, when, Evidence.GIT
        ),
        ArticleStatus("a", "fi", State.CURRENT, 0, Path("fi/a.md"), Path("en/a.md"), when, when, Evidence.MARKER),
    ]
    summary = {"fi": {"current": 1, "outdated": 0, "missing": 0, "orphan": 0, "untracked": 0}}
    return StatusReport("en", ["fi", "ja"], articles, summary)


def test_json_has_the_documented_shape_sorted_by_language_then_slug() -> None:
    data = to_json(sample_report())

    assert list(data) == ["source", "summary", "articles"]
    assert [(a["lang"], a["slug"]) for a in data["articles"]] == [("fi", "a"), ("ja", "a,b:c"), ("ja", "z-slug")]
    assert data["articles"][1] == {
        "slug": "a,b:c",
        "lang": "ja",
        "state": "outdated",
        "behind": 2,
        "path": "ja/a,b:c 100%.md",
        "source_path": "en/a,b:c.md",
        "translated": "2024-05-06T07:08:09+00:00",
        "source_changed": "2024-05-06T07:08:09+00:00",
        "evidence": "git",
    }
    assert data["articles"][2]["translated"] is None and data["articles"][2]["path"] is None


def test_github_annotations_escape_properties_and_point_a_missing_article_at_its_source() -> None:
    assert github_annotations(sample_report()) == [
        "::warning file=en/z-slug.md,line=1::z-slug has no ja translation",
        "::warning file=ja/a%2Cb%3Ac 100%25.md,line=1::ja translation of a,b:c is outdated: 2 source change(s)"
        " since 2024-05-06",
    ]


NAME_CHARACTERS = string.ascii_letters + string.digits + " '\"-_.,:;!&()[]{}#%@" + "äöüßøéçñあ日本語Ωж"
names = st.text(NAME_CHARACTERS, min_size=1, max_size=20).filter(lambda name: name.strip(" .") == name)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(source_folder=names, slugs=st.lists(names, min_size=2, max_size=4, unique_by=str.casefold))
def test_any_file_name_is_followed(source_folder: str, slugs: list[str]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        repo = Repo(Path(folder) / source_folder)
        for slug in slugs:
            repo.write(f"{source_folder}/en/{slug}.md")
            repo.write(f"{source_folder}/ja/{slug}.md")
        repo.commit("add", day=1)
        repo.write(f"{source_folder}/en/{slugs[0]}.md", "edit\n")
        repo.commit("edit", day=2)
        root = repo.root / source_folder

        report = translation_status("en", articles(root, "en", "ja"))

        states = {status.slug: status.state for status in report.articles}
        assert states == {slug: State.OUTDATED if slug == slugs[0] else State.CURRENT for slug in slugs}


@pytest.mark.skipif(os.uname().sysname == "Darwin", reason="macOS file names must be UTF-8")
def test_a_file_name_that_is_not_utf8_is_followed(repo: Repo) -> None:
    raw = b"ja/caf\xe9.md"
    repo.write("en/" + os.fsdecode(b"caf\xe9.md"))
    repo.write(raw)
    repo.commit("add", day=1)
    repo.write("en/" + os.fsdecode(b"caf\xe9.md"), "edit\n")
    repo.commit("edit", day=2)

    report = translation_status("en", articles(repo.root, "en", "ja"))

    assert [(status.slug, status.state) for status in report.articles] == [(os.fsdecode(b"caf\xe9"), State.OUTDATED)]


class RecordingCache(HistoryCache):
    """A cache that records which stored commits it was asked for, and every SQL statement run on it."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        super().__init__(connection)
        self.asked: list[set[bytes]] = []
        self.loads = 0
        self.statements: list[str] = []
        connection.set_trace_callback(self.statements.append)

    def touches_of(self, root: Path, pathspecs: Sequence[str], paths: Iterable[bytes]) -> dict[bytes, list[Touch]]:
        wanted = set(paths)
        self.asked.append(wanted)
        return super().touches_of(root, pathspecs, wanted)

    def load(self, root: Path, pathspecs: Sequence[str]) -> History | None:
        self.loads += 1
        return super().load(root, pathspecs)


NOW = datetime(2030, 1, 1, tzinfo=UTC)


def same_as_without_cache(
    files: list[ArticleFile], cache: HistoryCache, runner: CountingRunner | None = None, **options: Any
) -> StatusReport:
    """The report with the cache, checked against the one judged from git alone."""
    report = translation_status("en", files, cache=cache, now=NOW, runner=runner or CountingRunner(), **options)
    fresh = translation_status("en", files, now=NOW, **options)
    assert report == fresh
    return report


def glossary_of_three(repo: Repo) -> None:
    """Concepts a, b, c in en, ja and fi; b's source edited after its translations."""
    for slug in "abc":
        for lang in ("en", "ja", "fi"):
            repo.write(f"{lang}/{slug}.md")
    repo.commit("add", day=1)
    repo.write("en/b.md", "edit\n")
    repo.commit("edit b", day=2)


def test_with_no_new_commit_the_results_come_from_one_stored_row_and_no_history(repo: Repo, tmp_path: Path) -> None:
    glossary_of_three(repo)
    files = articles(repo.root, "en", "ja", "fi")
    database = tmp_path / "cache.sqlite3"
    first = same_as_without_cache(files, HistoryCache(sqlite3.connect(database)))
    cache, runner = RecordingCache(sqlite3.connect(database)), CountingRunner()

    again = same_as_without_cache(files, cache, runner)

    assert again == first and by_key(again)["ja", "b"].state == State.OUTDATED
    assert [change.subject for change in by_key(again)["fi", "b"].changes] == ["edit b"]
    assert runner.commands() == ["rev-parse", "status"]
    assert cache.asked == [] and cache.loads == 0
    assert not [sql for sql in cache.statements if "history_touches" in sql]
    assert not [sql for sql in cache.statements if sql.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))]


def test_after_one_new_commit_only_the_articles_of_its_files_are_judged_again(repo: Repo, tmp_path: Path) -> None:
    glossary_of_three(repo)
    repo.write("en/c.md", "an edit to commit later\n")
    files = articles(repo.root, "en", "ja", "fi")
    database = tmp_path / "cache.sqlite3"
    same_as_without_cache(files, HistoryCache(sqlite3.connect(database)))
    repo.write("ja/b.md", "translated again\n")
    repo.commit("update the ja translation of b", 3, "ja/b.md")
    cache = RecordingCache(sqlite3.connect(database))

    report = same_as_without_cache(files, cache)

    # b for the commit, c for the edit not committed yet
    assert cache.asked == [{b"en/b.md", b"ja/b.md", b"en/c.md", b"ja/c.md", b"fi/c.md"}] and cache.loads == 0
    assert by_key(report)["ja", "b"].state == State.CURRENT and by_key(report)["fi", "b"].state == State.OUTDATED

    repo.commit("edit c", day=4)
    cache = RecordingCache(sqlite3.connect(database))
    report = same_as_without_cache(files, cache)

    assert cache.asked == [{b"en/c.md", b"ja/c.md", b"fi/c.md"}] and cache.loads == 0
    assert [by_key(report)[lang, "c"].state for lang in ("fi", "ja")] == [State.OUTDATED, State.OUTDATED]
    again = RecordingCache(sqlite3.connect(database))
    assert same_as_without_cache(files, again) == report and again.asked == []


def test_uncommitted_edits_are_judged_again_on_every_run_and_forgotten_once_undone(repo: Repo, tmp_path: Path) -> None:
    glossary_of_three(repo)
    files = articles(repo.root, "en", "ja", "fi")
    database = tmp_path / "cache.sqlite3"
    same_as_without_cache(files, HistoryCache(sqlite3.connect(database)))
    repo.write("en/a.md", "edit in progress\n")
    repo.write("fi/c.md", "translation in progress\n")

    for _ in range(2):
        cache = RecordingCache(sqlite3.connect(database))
        report = same_as_without_cache(files, cache)
        assert cache.asked == [{b"en/a.md", b"ja/a.md", b"fi/a.md", b"en/c.md", b"fi/c.md"}]
        assert by_key(report)["ja", "a"].evidence == Evidence.WORKTREE

    repo.git("checkout", "--", "en/a.md", "fi/c.md")
    report = same_as_without_cache(files, HistoryCache(sqlite3.connect(database)))
    assert by_key(report)["ja", "a"].state == State.CURRENT and by_key(report)["ja", "a"].evidence == Evidence.GIT


def test_new_articles_markers_and_language_choices_judge_again_what_they_change(repo: Repo, tmp_path: Path) -> None:
    glossary_of_three(repo)
    database = tmp_path / "cache.sqlite3"
    files = articles(repo.root, "en", "ja", "fi")
    same_as_without_cache(files, HistoryCache(sqlite3.connect(database)))
    repo.write("ja/d.md")
    repo.write("en/e.md")
    repo.commit("add d in ja, e in en", day=3)
    files = articles(repo.root, "en", "ja", "fi")

    report = same_as_without_cache(files, HistoryCache(sqlite3.connect(database)))

    assert (by_key(report)["ja", "d"].state, by_key(report)["fi", "e"].state) == (State.ORPHAN, State.MISSING)
    first = repo.git("rev-list", "--max-parents=0", "HEAD")
    repo.write("fi/new.md")  # not committed, and an orphan both: no marker problem for either
    odd = {("ja", "b"): first, ("fi", "a"): "not a hash", ("ja", "d"): "no hash", ("fi", "new"): "no hash"}
    marked = articles(repo.root, "en", "ja", "fi", markers=odd)
    report = same_as_without_cache(marked, HistoryCache(sqlite3.connect(database)))
    assert by_key(report)["ja", "b"].evidence == Evidence.MARKER and by_key(report)["fi", "a"].marker_problem
    report = same_as_without_cache(marked, HistoryCache(sqlite3.connect(database)), languages=["fi"])
    assert report.languages == ["fi"] and by_key(report)["fi", "a"].marker_problem
    assert same_as_without_cache(marked, HistoryCache(sqlite3.connect(database))).marker_problems


def test_stored_results_that_cannot_be_read_are_judged_again(repo: Repo, tmp_path: Path) -> None:
    glossary_of_three(repo)
    files = articles(repo.root, "en", "ja", "fi")
    connection = sqlite3.connect(tmp_path / "cache.sqlite3")
    same_as_without_cache(files, HistoryCache(connection))
    with connection:
        connection.execute("UPDATE history_results SET data = ?", (b"\x00not what was stored",))

    same_as_without_cache(files, HistoryCache(connection))
    same_as_without_cache(files, HistoryCache(connection))


def test_paths_may_be_text_relative_to_the_current_folder(repo: Repo, monkeypatch: pytest.MonkeyPatch) -> None:
    glossary_of_three(repo)
    monkeypatch.chdir(repo.root)
    files = [ArticleFile(lang, slug, f"{lang}/{slug}.md") for lang in ("en", "ja") for slug in "abc"]
    listed = ArticleFile.listing("ja", list("abc"), [f"ja/{slug}.md" for slug in "abc"], [None, "x", None])
    assert listed == [ArticleFile("ja", "a", "ja/a.md"), ArticleFile("ja", "b", "ja/b.md", "x"), files[5]]
    assert ArticleFile.listing("en", list("abc"), [file.path for file in files[:3]]) == files[:3]

    report = translation_status("en", files)

    assert [(a.slug, a.state, a.path) for a in report.articles] == [
        ("a", State.CURRENT, "ja/a.md"),
        ("b", State.OUTDATED, "ja/b.md"),
        ("c", State.CURRENT, "ja/c.md"),
    ]
    assert "edit" in source_diff(report.articles[1])
