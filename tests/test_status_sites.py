"""``status`` on a site as it is laid out: a Hugo site in nested folders with ``default_lang_commit``
markers, checked against a plain ``git diff --quiet MARKER HEAD -- SOURCE`` loop."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import DATA, run_cli
from git_repos import Repo, isolate_git

K8S = DATA / "k8s-glossary"
GROUPS = {"cluster": "architecture", "container": "containers", "controller": "architecture",
          "deployment": "workloads/controllers", "etcd": "architecture", "kubelet": "architecture"}  # fmt: skip


@pytest.fixture(autouse=True)
def git_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    isolate_git(monkeypatch)


def with_marker(text: str, sha: str) -> str:
    assert text.startswith("---\n")
    return f"---\ndefault_lang_commit: {sha}\n" + text[4:]


@pytest.fixture
def site(tmp_path: Path) -> tuple[Repo, dict[str, str]]:
    """content/{en,ja}/docs/concepts/<group>/<slug>.md from the Kubernetes glossary; ja names its source commit."""
    repo = Repo(tmp_path / "website")
    for slug, group in GROUPS.items():
        for lang in ("en", "ja"):
            target = repo.root / f"content/{lang}/docs/concepts/{group}/{slug}.md"
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(K8S / lang / f"{slug}.md", target)
    (repo.root / "content/en/_index.md").write_text("---\ntitle: Home\n---\n", encoding="utf-8")
    first = repo.commit("Import the concepts", day=1)
    markers = {}
    for number, slug in enumerate(GROUPS):
        path = repo.root / f"content/ja/docs/concepts/{GROUPS[slug]}/{slug}.md"
        path.write_text(with_marker(path.read_text(encoding="utf-8"), first), encoding="utf-8")
        markers[slug] = first
        if number == 2:  # a later translation names a later source commit
            break
    repo.commit("Name the source commit of three translations", day=2)
    for day, slug in ((3, "cluster"), (4, "deployment"), (5, "etcd")):
        source = repo.root / f"content/en/docs/concepts/{GROUPS[slug]}/{slug}.md"
        source.write_text(source.read_text(encoding="utf-8") + f"\nMore about {slug}.\n", encoding="utf-8")
        repo.commit(f"Explain {slug} further", day=day)
    later = repo.git("rev-parse", "HEAD")
    path = repo.root / f"content/ja/docs/concepts/{GROUPS['container']}/container.md"
    path.write_text(with_marker(K8S.joinpath("ja/container.md").read_text(encoding="utf-8"), later), encoding="utf-8")
    markers["container"] = later
    repo.commit("Review the container translation", day=6)
    return repo, markers


def test_the_drifted_set_is_what_a_plain_git_diff_loop_finds(site: tuple[Repo, dict[str, str]]) -> None:
    repo, markers = site
    result = run_cli("-d", str(repo.root / "content"), "status", "--json")
    assert result.exit_code == 1, result.stderr
    states = {a["slug"]: (a["state"], a["evidence"]) for a in json.loads(result.stdout)["articles"]}
    assert set(states) == {f"docs/concepts/{group}/{slug}" for slug, group in GROUPS.items()}
    drifted_by_git = set()
    for slug, marker in markers.items():
        source = f"content/en/docs/concepts/{GROUPS[slug]}/{slug}.md"
        done = subprocess.run(["git", "diff", "--quiet", marker, "HEAD", "--", source], cwd=repo.root)
        if done.returncode == 1:
            drifted_by_git.add(f"docs/concepts/{GROUPS[slug]}/{slug}")
    judged_by_marker = {slug for slug, (_, evidence) in states.items() if evidence == "marker"}
    outdated = {slug for slug, (state, _) in states.items() if state == "outdated"}
    assert judged_by_marker == {f"docs/concepts/{GROUPS[slug]}/{slug}" for slug in markers}
    assert outdated & judged_by_marker == drifted_by_git == {"docs/concepts/architecture/cluster"}
    assert outdated - judged_by_marker == {
        "docs/concepts/workloads/controllers/deployment",
        "docs/concepts/architecture/etcd",
    }


@pytest.mark.parametrize(
    "args",
    [
        ["show", "docs/concepts/architecture/cluster", "--lang", "ja"],
        ["search", "etcd"],
        ["compare", "en", "ja"],
        ["check"],
        ["export", "-f", "jsonl"],
    ],
)
def test_the_other_commands_read_the_nested_slugs(site: tuple[Repo, dict[str, str]], args: list[str]) -> None:
    repo, _ = site
    result = run_cli("-d", str(repo.root / "content"), *args)
    assert result.exit_code in (0, 1), result.stderr
    assert "docs/concepts/" in result.stdout or "クラスター" in result.stdout, result.stdout[:300]


def test_changed_since_lists_the_merge_base_as_the_site_lays_it_out(site: tuple[Repo, dict[str, str]]) -> None:
    """The files of the merge base get their slugs by the same rules as today's (nested folders, a
    folder's own page, the site's home page): a branch that changes nothing moves nothing, and a
    nested source moved to another folder leaves its translation an orphan."""
    repo, _ = site
    content = str(repo.root / "content")
    repo.branch("move")
    (repo.root / "content/ja/_index.md").write_text("---\ntitle: ホーム\n---\n", encoding="utf-8")
    (repo.root / "content/en/docs/concepts/architecture/_index.md").write_text("---\ntitle: A\n---\n", "utf-8")
    repo.commit("Give the architecture folder a page", day=7)
    still = run_cli("-d", content, "status", "--changed-since", "main")
    assert (still.exit_code, still.stdout.splitlines()[1:]) == (1, ["ja  docs/concepts/architecture  absent → missing"])
    repo.git("mv", "content/en/docs/concepts/architecture/etcd.md", "content/en/docs/concepts/etcd.md")
    repo.commit("Move etcd up", day=8)
    moved = run_cli("-d", content, "status", "--changed-since", "main")
    assert moved.exit_code == 1, moved.stderr
    assert moved.stdout.splitlines()[1:] == [
        "ja  docs/concepts/architecture       absent → missing",
        "ja  docs/concepts/architecture/etcd  outdated → orphan",
        "ja  docs/concepts/etcd               absent → missing",
    ]


def test_a_terminal_pages_every_version_of_a_site_at_once(tmp_path: Path) -> None:
    """On a terminal the reports of all the versions of a Docusaurus site open in one pager, each
    under its heading (not a pager for each, with the headings printed outside them)."""
    import sys

    from test_output import _on_a_terminal

    repo = Repo(tmp_path / "site")
    repo.write("docusaurus.config.js", "module.exports = { i18n: { defaultLocale: 'en', locales: ['en', 'ja'] } };\n")
    repo.write("versions.json", '["1"]\n')
    translations = "i18n/ja/docusaurus-plugin-content-docs"
    for number in range(30):
        for source, translated in (
            ("docs", f"{translations}/current"),
            ("versioned_docs/version-1", f"{translations}/version-1"),
        ):
            repo.write(f"{source}/page-{number}.md", f"---\ntitle: Page {number}\n---\n\nText {number}.\n")
            repo.write(f"{translated}/page-{number}.md", f"---\ntitle: ページ {number}\n---\n\n本文 {number}。\n")
    repo.commit("Add the pages", day=1)
    for number in range(30):
        for source in ("docs", "versioned_docs/version-1"):
            repo.write(f"{source}/page-{number}.md", "More text.\n")
    repo.commit("Change the pages", day=2)
    calls = tmp_path / "pager-calls"
    pager = f"{sys.executable} -c \"import sys; open('{calls}', 'a').write(sys.stdin.read() + '\\x00')\""
    environ = {
        **os.environ,
        "PAGER": pager,
        "LINES": "10",
        "COLUMNS": "80",
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        "TERM": "xterm",
        "NO_COLOR": "1",
    }
    environ.pop("GLOSSARY_CACHE_DIR", None)
    shown = _on_a_terminal([sys.executable, "-m", "glossary", "-d", str(repo.root), "status", "ja"], environ)
    assert "Traceback" not in shown
    paged = calls.read_text(encoding="utf-8").split("\x00")[:-1]
    assert len(paged) == 1
    assert paged[0].index("Docs version current") < paged[0].index("Docs version 1")
    assert "Docs version" not in shown


def two_version_site(root: Path) -> Repo:
    """A Docusaurus site with a current and a version-1 docs folder, both translated into Japanese."""
    repo = Repo(root)
    repo.write("docusaurus.config.js", "module.exports = { i18n: { defaultLocale: 'en', locales: ['en', 'ja'] } };\n")
    repo.write("versions.json", '["1"]\n')
    for source, translated in (("docs", "current"), ("versioned_docs/version-1", "version-1")):
        repo.write(f"{source}/page.md", "---\ntitle: Page\n---\n\nText.\n")
        translation = f"i18n/ja/docusaurus-plugin-content-docs/{translated}/page.md"
        repo.write(translation, "---\ntitle: ページ\n---\n\n本文。\n")
    repo.commit("Add the pages", day=1)
    return repo


def test_diff_of_a_slug_no_version_has_names_the_versions_looked_in(tmp_path: Path) -> None:
    repo = two_version_site(tmp_path / "site")
    result = run_cli("-d", str(repo.root), "status", "ja", "--diff", "pag", env={"GLOSSARY_CACHE_DIR": str(tmp_path)})
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        "glossary: no en article in docs versions current and 1 is called pag; status --diff takes a slug of "
        "the source; did you mean page?"
    )


def test_a_run_that_fails_while_the_history_is_read_ahead_leaves_no_git_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """While git reads the history for the first version, the later versions' articles are listed; when
    that listing fails, the error is one line and every git process the run started has ended."""
    import threading

    from glossary.errors import NotFound
    from glossary.status import git, places
    from glossary.status_request import StatusRequest

    repo = two_version_site(tmp_path / "site")
    started: list = []
    reading = threading.Event()

    def slow_history(place: places.Place) -> None:
        process = git._popen(["cat-file", "--batch"], place.repository.top, stdin=True)  # waits for questions
        started.append(process)
        reading.set()
        assert process.stdout is not None
        process.stdout.read()  # until it is ended

    listed = StatusRequest.files.func  # type: ignore[attr-defined]

    def failing_files(self: StatusRequest) -> list:
        if started:  # a later version, listed while the first one's history is read
            raise NotFound("the articles cannot be listed")
        return listed(self)

    def files_after_git_started(self: StatusRequest) -> list:
        reading.wait(5)
        return failing_files(self)

    monkeypatch.setattr(places.Place, "_read_history", slow_history)
    monkeypatch.setattr(StatusRequest, "files", property(files_after_git_started))
    result = run_cli("-d", str(repo.root), "status", "--json", env={"GLOSSARY_CACHE_DIR": str(tmp_path / "cache")})
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == ["glossary: the articles cannot be listed"]
    assert len(started) == 1 and started[0].poll() is not None


def test_show_judges_a_translation_against_the_source_of_the_version_it_is_read_from(tmp_path: Path) -> None:
    """Japanese exists only in version 1: ``show`` reads it from there, and its "behind" line, like
    ``status``, compares it with version 1's source, not with the current docs."""
    repo = Repo(tmp_path / "site")
    repo.write("docusaurus.config.js", "module.exports = { i18n: { defaultLocale: 'en', locales: ['en', 'ja'] } };\n")
    repo.write("versions.json", '["1"]\n')
    for source in ("docs", "versioned_docs/version-1"):
        repo.write(f"{source}/page.md", "---\ntitle: Page\n---\n\nText.\n")
    repo.write("i18n/ja/docusaurus-plugin-content-docs/version-1/page.md", "---\ntitle: ページ\n---\n\n本文。\n")
    repo.commit("Add the pages", day=1)
    repo.write("docs/page.md", "---\ntitle: Page\n---\n\nText of the next release.\n")
    repo.commit("Write the next release's page", day=2)
    env = {"GLOSSARY_CACHE_DIR": str(tmp_path / "cache")}
    shown = run_cli("-d", str(repo.root), "show", "page", "--lang", "ja", env=env)
    assert shown.exit_code == 0, shown.stderr
    assert "ページ" in shown.stdout and "behind" not in shown.stdout
    repo.write("versioned_docs/version-1/page.md", "---\ntitle: Page\n---\n\nText, corrected.\n")
    repo.commit("Correct version 1's page", day=3)
    shown = run_cli("-d", str(repo.root), "show", "page", "--lang", "ja", env=env)
    assert "behind en by 1 commit since" in shown.stdout
    status = run_cli("-d", str(repo.root), "status", "ja", "--json", env=env)
    assert [a["behind"] for a in json.loads(status.stdout)["articles"]] == [1]
    # compare sets the current source beside the translation it reads, and judges them as it shows them
    repo.write("docs/other.md", "---\ntitle: Other\n---\n\nA page of the next release.\n")
    repo.commit("Add a page to the next release", day=4)
    compared = json.loads(run_cli("-d", str(repo.root), "compare", "en", "ja", "--json", env=env).stdout)
    states = {row["slug"]: (row["translation"] or {}).get("state") for row in compared["concepts"]}
    assert states == {"other": "missing", "page": "outdated"}


def test_github_annotations_of_several_versions_are_lines_and_nothing_when_there_is_none(tmp_path: Path) -> None:
    repo = two_version_site(tmp_path / "site")
    env = {"GLOSSARY_CACHE_DIR": str(tmp_path / "cache")}
    nothing = run_cli("-d", str(repo.root), "status", "--changed-since", "HEAD", "--format", "github", env=env)
    assert nothing.exit_code == 0 and nothing.stdout == ""
    for source in ("docs", "versioned_docs/version-1"):
        repo.write(f"{source}/page.md", "---\ntitle: Page\n---\n\nOther text.\n")
    repo.commit("Change both versions' page", day=2)
    both = run_cli("-d", str(repo.root), "status", "--changed-since", "HEAD~1", "--format", "github", env=env)
    assert both.exit_code == 1
    lines = both.stdout.splitlines()
    assert len(lines) == 2 and all(line.startswith("::warning ") for line in lines)


def test_show_says_how_far_behind_a_translation_whose_folder_has_capitals(tmp_path: Path) -> None:
    """``i18n/pt-BR`` is the language ``pt-br``: its translation's "behind" line is found all the same."""
    repo = Repo(tmp_path / "site")
    repo.write(
        "docusaurus.config.js", "module.exports = { i18n: { defaultLocale: 'en', locales: ['en', 'pt-BR'] } };\n"
    )
    repo.write("docs/page.md", "---\ntitle: Page\n---\n\nText.\n")
    repo.write("i18n/pt-BR/docusaurus-plugin-content-docs/current/page.md", "---\ntitle: Página\n---\n\nTexto.\n")
    repo.commit("Add the page", day=1)
    repo.write("docs/page.md", "---\ntitle: Page\n---\n\nOther text.\n")
    repo.commit("Change the page", day=2)
    shown = run_cli(
        "-d", str(repo.root), "show", "page", "--lang", "pt-BR", env={"GLOSSARY_CACHE_DIR": str(tmp_path / "c")}
    )
    assert shown.exit_code == 0, shown.stderr
    assert "behind en by 1 commit since" in shown.stdout


def test_a_docs_version_of_a_folder_that_does_not_exist_says_the_folder_is_missing(tmp_path: Path) -> None:
    result = run_cli("-d", str(tmp_path / "nowhere"), "--docs-version", "3", "list")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"glossary: no glossary: --data-dir folder {tmp_path / 'nowhere'} does not exist"
    ]
