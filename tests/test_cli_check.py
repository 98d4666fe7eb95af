"""`glossary check` as a user runs it: text, JSON, GitHub annotations, exit codes."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import K8S, clean_client_centric, no_wider_than, one_error_line, write_article
from glossary.corpus import bundled_root
from glossary.views.terms import shown_path

FIVE = ["client-base", "customer", "market-orientation", "onestopshop", "promotion-expense"]


def test_check_bundled(cli) -> None:
    result = cli("check")
    assert result.exit_code == 1
    out = result.stdout
    assert out.startswith("Broken links (14)\n")
    assert f"  {shown_path(str(bundled_root() / 'fi' / 'client-centric.md'))}\n" in out
    assert '    line 10  link "asiakas" to customer: no article "customer" in any language\n' in out
    assert "Linked concepts without an article in any language: client-base (2 links), customer (4 links)" in " ".join(
        out.split()
    )
    for slug in FIVE:
        assert f'no article "{slug}" in any language' in out
    assert out.endswith("14 problems in 2 articles in 2 languages: 14 broken links.\n")


def test_check_json(cli) -> None:
    result = cli("check", "--json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert set(data) == {
        "ok",
        "lang",
        "languages",
        "articles",
        "concepts",
        "summary",
        "coverage",
        "unresolved",
        "roots",
        "problems",
        "source",
    }
    assert data["ok"] is False and data["summary"] == {"broken-link": 14}
    assert data["source"] == "fi"
    assert sorted(data["unresolved"]) == FIVE
    assert data["coverage"] == {"client-centric": ["fi", "no"]}
    assert set(data["problems"][0]) == {"kind", "message", "slug", "lang", "path", "line", "target"}


def test_check_github_annotations(cli) -> None:
    result = cli("check", "--format", "github")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 15 and lines[-1].startswith("14 problems")
    pattern = re.compile(r"::warning file=([^,]+),line=(\d+),title=glossary broken-link::link .* to (\S+): .*")
    for line in lines[:-1]:
        match = pattern.fullmatch(line)
        assert match, line
        assert match.group(1).endswith("client-centric.md") and match.group(3) in FIVE
    result = cli("check", "--format", "github", "--json")
    assert result.exit_code == 2


def test_check_github_escapes(cli, glossary_dir: Path, monkeypatch) -> None:
    monkeypatch.chdir(glossary_dir)
    clean_client_centric(glossary_dir)
    write_article(glossary_dir, "fi", "a,b", "---\ntitle: A\ndescription: d\n---\n## A\n\n[100% sure](/nowhere)\n")
    result = cli("--data-dir", str(glossary_dir), "check", "--format", "github")
    [annotation] = [line for line in result.stdout.splitlines() if "broken-link" in line]
    # Paths are relative to where the command runs, as GitHub expects; "," and ":" escaped there.
    assert annotation.startswith("::warning file=fi/a%2Cb.md,line=7,title=glossary broken-link::")
    assert 'link "100%25 sure" to nowhere' in annotation


def test_check_broken_link_and_missing_language(cli, broken: Path) -> None:
    result = cli("--data-dir", str(broken), "check")
    assert result.exit_code == 1
    out = result.stdout
    assert f"  {broken / 'no' / 'alpha.md'}\n" in out
    # beta is in fi, the source language (the one with the most articles): a missing translation.
    assert (
        '    line 7  link "beta" to beta: beta is not translated into no yet; it is in fi, the source\n      language\n'
        in out
    )
    assert "Missing languages (1 concept)\n  concept  fi  no\n  beta     ✓   ·\n" in out
    assert out.endswith(
        "2 problems in 5 articles in 2 languages: 1 link to an untranslated concept, 1 concept missing in\n"
        "some language.\n"
    )

    data = json.loads(cli("--data-dir", str(broken), "check", "--json").stdout)
    assert [(p["kind"], p["slug"], p["lang"], p["line"]) for p in data["problems"]] == [
        ("untranslated-link", "alpha", "no", 7),
        ("missing-language", "beta", None, None),
    ]
    assert data["coverage"]["beta"] == ["fi"]
    assert data["roots"] == [str(broken)]

    result = cli("--data-dir", str(broken), "check", "--lang", "fi")
    assert result.exit_code == 0 and result.stdout == "No problems found in 3 articles in fi.\n"
    result = cli("--data-dir", str(broken), "check", "--lang", "nb")
    assert result.exit_code == 1 and "Missing languages (1 concept)\n  concept  no\n  beta     ·\n" in result.stdout


def test_check_clean(cli, broken: Path) -> None:
    write_article(broken, "no", "beta", "---\ntitle: Beta\ndescription: d\n---\n## A\n\nSe [alfa](/alpha).\n")
    result = cli("--data-dir", str(broken), "check")
    assert result.exit_code == 0, result.stdout
    assert result.stdout == "No problems found in 6 articles in 2 languages.\n"
    assert cli("--data-dir", str(broken), "check", "--format", "github").stdout == result.stdout
    assert json.loads(cli("--data-dir", str(broken), "check", "--json").stdout)["ok"] is True


@pytest.mark.parametrize("view", [(), ("--json",), ("--format", "github")])
def test_check_output_is_kept_until_an_article_changes(cli, broken: Path, monkeypatch, view: tuple[str, ...]) -> None:
    first = cli("--data-dir", str(broken), "check", *view)
    again = cli("--data-dir", str(broken), "check", *view)
    assert (again.exit_code, again.stdout) == (first.exit_code, first.stdout) and first.exit_code == 1
    write_article(broken, "no", "beta", "---\ntitle: Beta\ndescription: d\n---\n## A\n\nSe [alfa](/alpha).\n")
    write_article(broken, "no", "alpha", "---\ntitle: Alfa\ndescription: d\n---\n## A\n\nSe [alfa](/alpha).\n")
    fixed = cli("--data-dir", str(broken), "check", *view)
    assert fixed.exit_code == 0 and fixed.stdout != first.stdout
    assert cli("--data-dir", str(broken), "check", *view).exit_code == 0
    if not view:  # the text shows paths from where it is run, and fits the width
        (broken / "fi" / "alpha.md").write_text("---\ntitle: Alfa\n---\nSee [x](/nothing).\n", encoding="utf-8")
        monkeypatch.chdir(broken)
        here = cli("--data-dir", str(broken), "check", env={"COLUMNS": "60"})
        assert "\n  fi/alpha.md\n" in here.stdout
        no_wider_than(here.stdout, 60)
        monkeypatch.chdir(broken / "fi")
        assert "\n  alpha.md\n" in cli("--data-dir", str(broken), "check", env={"COLUMNS": "60"}).stdout


def test_check_unreadable_and_untitled(cli, broken: Path) -> None:
    write_article(broken, "no", "beta", b"\xff\xfe")
    write_article(broken, "fi", "gamma", "Just a lead, no title.\n")
    result = cli("--data-dir", str(broken), "check")
    assert result.exit_code == 1
    assert f"Unreadable files (1)\n  {broken / 'no' / 'beta.md'}\n    skipped: not UTF-8 (byte 0)\n" in result.stdout
    assert f"Articles without a title (1)\n  {broken / 'fi' / 'gamma.md'}\n    line 1  no title:" in result.stdout


def test_check_kubernetes(cli) -> None:
    result = cli("--data-dir", str(K8S), "check", "--json")
    data = json.loads(result.stdout)
    assert result.exit_code == 1
    assert data["languages"] == ["de", "en", "fr", "ja", "ko", "zh-cn"] and data["articles"] == 72
    assert "missing-language" not in data["summary"]
    assert {"cri", "docker"} <= set(data["unresolved"])


@pytest.mark.parametrize("width", [60, 100, 160])
def test_check_fits_the_width(cli, width: int) -> None:
    result = cli("--data-dir", str(K8S), "check", env={"COLUMNS": str(width)})
    no_wider_than(result.stdout, width)
    assert "Link counts that differ between languages" in result.stdout


def test_check_unknown_language(cli) -> None:
    result = cli("check", "--lang", "sv")
    assert result.exit_code == 2 and one_error_line(result)


def test_a_kept_report_follows_the_source_language_named(cli, tmp_path: Path) -> None:
    """The report kept for one source language is not the answer for another."""
    root = tmp_path / "g"
    write_article(root, "en", "pod", "# Pod\n\nText.\n\n## One\n\nA.\n\n## Two\n\nB.\n")
    write_article(root, "ja", "pod", "# ポッド\n\nテキスト。\n\n## 一\n\nA.\n")
    first = json.loads(cli("-d", str(root), "check", "--json").stdout)
    named = json.loads(cli("-d", str(root), "--source", "ja", "check", "--json").stdout)
    assert (first["source"], named["source"]) == ("en", "ja")
    assert [p["lang"] for p in first["problems"] if p["kind"] == "section-count"] == ["ja"]
    assert [p["lang"] for p in named["problems"] if p["kind"] == "section-count"] == ["en"]


def test_format_json_is_json_and_json_is_its_alias(cli) -> None:
    by_format = cli("check", "--format", "json")
    by_alias = cli("check", "--json")
    assert by_format.exit_code == by_alias.exit_code == 1
    assert by_format.stdout == by_alias.stdout and json.loads(by_format.stdout)["ok"] is False
    assert cli("check", "--format", "text").stdout == cli("check").stdout


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (
            ["--format", "markdown"],
            "glossary: check cannot write markdown; check --format takes text, json or github\n",
        ),
        (["--format", "xml"], 'glossary: unknown format "xml"; check --format takes text, json or github\n'),
        (["--format", "github", "--json"], "glossary: use --json or --format github, not both\n"),
        (["--json", "--format", "text"], "glossary: use --json or --format text, not both\n"),
    ],
)
def test_a_format_check_does_not_write_exits_2_naming_those_it_does(cli, args: list[str], error: str) -> None:
    result = cli("check", *args)
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", error)


def test_the_help_lists_the_formats(cli) -> None:
    text = " ".join(cli("check", "--help").stdout.split())
    assert "--format FORMAT" in text
    assert "text, json (as --json) or github (GitHub Actions ::warning annotations)" in text.replace("│ ", "")


def test_front_matter_never_closed_is_a_problem_check_reports(cli, tmp_path: Path) -> None:
    write_article(tmp_path, "en", "pod", "---\ntitle: Pod\n---\n\nA pod.\n")
    write_article(tmp_path, "en", "open", "---\ntitle: Open\nno end marker\n\nText.\n")
    result = cli("-d", str(tmp_path), "check", "--json")
    problems = [p for p in json.loads(result.stdout)["problems"] if p["kind"] == "front-matter"]
    assert [(p["slug"], p["line"], p["message"]) for p in problems] == [
        ("open", 1, "front matter is opened with --- and never closed; the file is read as Markdown")
    ]


def test_missing_languages_stay_in_their_columns_beside_a_slug_with_invisible_characters(cli, tmp_path: Path) -> None:
    """``pod\\u200b`` is printed ``pod\\u200b`` (its zero-width space written out): the marks after it stay
    under their language, as in every other row."""
    for lang, slugs in (("en", ["pod", "pod\u200b", "node"]), ("fi", ["node"]), ("no", ["node"])):
        (tmp_path / lang).mkdir()
        for slug in slugs:
            (tmp_path / lang / f"{slug}.md").write_text(f"---\ntitle: {slug}\n---\n\nText.\n", encoding="utf-8")
    out = cli("-d", str(tmp_path), "check", env={"COLUMNS": "100"}).stdout
    rows = [line for line in out.splitlines() if line.strip().startswith(("pod", "concept"))]
    marks = {line.strip().split()[0]: [n for n, char in enumerate(line) if char in "·✓fn"][-2:] for line in rows}
    assert len(rows) == 3 and marks["pod"] == marks["pod\\u200b"]
