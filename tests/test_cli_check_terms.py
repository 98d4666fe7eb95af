"""`glossary check-terms` as a user runs it: text grouped by article, JSON, GitHub annotations,
a page checked against its source, git history, exit codes and usage errors."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from conftest import one_error_line, write_article
from test_terminology import small_glossary


def test_text_is_grouped_by_article(cli, tmp_path: Path) -> None:
    root = small_glossary(tmp_path)
    result = cli("--data-dir", str(root), "check-terms", "--lang", "zh-cn", env={"COLUMNS": "300"})  # long paths
    assert result.exit_code == 1
    out = result.stdout
    pod = out.index("zh-cn/pod.md  pod · zh-cn\n")
    assert out.index("zh-cn/namespace.md  namespace · zh-cn\n") < pod
    rows = out[pod:].split("\n\n")[0].split("\n")[1:]  # line, kind, message in columns
    assert rows == [
        '   4  deprecated term  "命名空间" is deprecated for namespace: use "名字空间"',
        '   6  link words       "机群" links to cluster, called "集群" in zh-cn',
        '      missing term     en says "Node" (node): expected "节点" here',
        "                       source: Each Pod runs on a Node of the Cluster.",
    ]
    assert "Note: zh-cn: no git history, so every translation was checked for missing terms;" in out
    assert " ".join(out.split()).endswith(
        "5 findings in 4 articles in zh-cn: 1 link whose words are not the concept's term, 1 missing term, "
        "1 deprecated term, 2 concepts said several ways."
    )
    assert "\x1b" not in out


def test_a_clean_translation_exits_0(cli, tmp_path: Path) -> None:
    write_article(tmp_path, "en", "node", "---\ntitle: Node\n---\nA machine.\n")
    write_article(tmp_path, "en", "pod", "---\ntitle: Pod\n---\nRuns on a [node](/node).\n")
    write_article(tmp_path, "fr", "node", "---\ntitle: Nœud\n---\nUne machine.\n")
    write_article(tmp_path, "fr", "pod", "---\ntitle: Pod\n---\nS'exécute sur des [nœuds](/node).\n")
    result = cli("--data-dir", str(tmp_path), "check-terms", "--lang", "fr")
    assert result.exit_code == 0, result.stdout
    assert result.stdout.endswith("Every term as the glossary says it in 2 articles in fr.\n")


def test_json(cli, tmp_path: Path) -> None:
    result = cli("--data-dir", str(small_glossary(tmp_path)), "check-terms", "--lang", "zh-cn", "--json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert set(data) == {"ok", "source", "languages", "summary", "notes", "unreadable", "findings"}
    assert data["ok"] is False and data["source"] == "en"
    assert data["languages"] == [{"lang": "zh-cn", "articles": 4, "history": "none", "not_current": []}]
    assert data["summary"] == {"link-text": 1, "missing-term": 1, "deprecated-term": 1, "renderings": 2}
    missing = next(f for f in data["findings"] if f["kind"] == "missing-term")
    assert set(missing) == {
        "kind", "lang", "path", "slug", "line", "concept", "found", "expected", "message", "source_sentence",
        "source_term", "renderings",
    }  # fmt: skip
    assert missing["path"].endswith(os.path.join("zh-cn", "pod.md"))
    assert (missing["concept"], missing["line"], missing["expected"]) == ("node", None, ["节点"])
    assert missing["source_sentence"] == "Each Pod runs on a Node of the Cluster."
    renderings = next(f for f in data["findings"] if f["kind"] == "renderings" and f["concept"] == "namespace")
    assert renderings["renderings"] == [{"words": "名字空间", "count": 1}, {"words": "命名空间", "count": 1}]
    assert (
        cli("--data-dir", str(tmp_path), "check-terms", "--lang", "zh-cn", "--format", "json").stdout == result.stdout
    )


def test_github_annotations(cli, tmp_path: Path) -> None:
    result = cli("--data-dir", str(small_glossary(tmp_path)), "check-terms", "--lang", "zh-cn", "--format", "github")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    deprecated = next(line for line in lines if "deprecated-term" in line)
    assert deprecated.startswith("::warning file=")
    assert ",line=4,title=glossary deprecated-term::" in deprecated
    missing = next(line for line in lines if "missing-term" in line)
    assert missing.endswith('expected "节点" here%0Asource%3A Each Pod runs on a Node of the Cluster.') is False
    assert missing.endswith('expected "节点" here%0Asource: Each Pod runs on a Node of the Cluster.')
    assert any(line.startswith("::notice::zh-cn: no git history") for line in lines)
    assert lines[-1].startswith("5 findings in 4 articles")


def test_every_translation_when_no_language_is_named(cli, tmp_path: Path) -> None:
    root = small_glossary(tmp_path)
    write_article(root, "fr", "node", "---\ntitle: Nœud\n---\nUne machine d'un [groupe](/cluster).\n")
    write_article(root, "fr", "cluster", "---\ntitle: Cluster\n---\nDes nœuds.\n")
    data = json.loads(cli("--data-dir", str(root), "check-terms", "--json").stdout)
    assert [c["lang"] for c in data["languages"]] == ["fr", "zh-cn"]
    assert {(f["lang"], f["found"]) for f in data["findings"] if f["kind"] == "link-text"} == {
        ("fr", "groupe"),
        ("zh-cn", "机群"),
    }


def test_a_page_and_its_source(cli, tmp_path: Path) -> None:
    root = small_glossary(tmp_path / "glossary")
    source, page = tmp_path / "en.md", tmp_path / "zh.md"
    source.write_text("# Scheduling\n\nThe scheduler picks a Node for each Pod.\n", encoding="utf-8")
    page.write_text("# 调度\n\n调度器为每个 Pod 选择一台机器，不在命名空间之外。\n", encoding="utf-8")
    result = cli(
        "--data-dir",
        str(root),
        "check-terms",
        "--lang",
        "zh-cn",
        str(page),
        "--source",
        str(source),
        env={"COLUMNS": "300"},
    )
    assert result.exit_code == 1
    assert '   3  deprecated term  "命名空间" is deprecated for namespace: use "名字空间"\n' in result.stdout
    assert '      missing term     en says "Node" (node): expected "节点" here\n' in result.stdout
    assert "Note:" not in result.stdout
    alone = cli("--data-dir", str(root), "check-terms", "--lang", "zh-cn", str(page))
    assert "missing term" not in alone.stdout and "deprecated term" in alone.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["page.md"], "glossary: name the language of page.md with --lang"),
        (
            ["--lang", "zh-cn", "--source", "en.md"],
            "glossary: --source names the source of a FILE: give the translated FILE too",
        ),
        (["--lang", "zh-cn", "--json", "--format", "github"], "glossary: use --json or --format github, not both"),
    ],
)
def test_usage_errors(cli, tmp_path: Path, args: list[str], message: str) -> None:
    result = cli("--data-dir", str(small_glossary(tmp_path)), "check-terms", *args)
    assert result.exit_code == 2
    assert one_error_line(result) == message + "\n"


def test_an_unknown_language_or_file(cli, tmp_path: Path) -> None:
    root = small_glossary(tmp_path)
    result = cli("--data-dir", str(root), "check-terms", "--lang", "xx")
    assert result.exit_code == 2 and one_error_line(result).startswith("glossary: ")
    missing = cli("--data-dir", str(root), "check-terms", "--lang", "zh-cn", str(tmp_path / "nope.md"))
    assert missing.exit_code == 1
    assert one_error_line(missing).startswith(f"glossary: cannot read {tmp_path / 'nope.md'}")


def test_article_text_is_data(cli, tmp_path: Path) -> None:
    write_article(tmp_path, "en", "node", "---\ntitle: Node\n---\nA machine.\n")
    write_article(tmp_path, "en", "pod", "---\ntitle: Pod\n---\nRuns on a [node](/node).\n")
    write_article(tmp_path, "fr", "node", "---\ntitle: Nœud\n---\nUne machine.\n")
    write_article(
        tmp_path,
        "fr",
        "pod",
        '---\ntitle: Pod\n---\nSur un {{< glossary_tooltip text="[bold]x\x1b[31m :smile:" term_id="node" >}}.\n',
    )
    result = cli("--data-dir", str(tmp_path), "check-terms", "--lang", "fr", env={"COLUMNS": "300"})
    assert '"[bold]x :smile:" links to node, called "Nœud" in fr' in result.stdout
    assert "\x1b" not in result.stdout


def test_deprecated_terms_are_exported_with_their_tbx_status(cli, tmp_path: Path) -> None:
    root = small_glossary(tmp_path)
    result = cli("--data-dir", str(root), "export", "--format", "tbx3", "--lang", "en", "--lang", "zh-cn")
    assert result.exit_code == 0
    ns = "{urn:iso:std:iso:30042:ed-2}"
    entry = next(e for e in ET.fromstring(result.stdout).iter(f"{ns}conceptEntry") if e.get("id") == "namespace")
    zh = next(
        section
        for section in entry.iter(f"{ns}langSec")
        if section.get("{http://www.w3.org/XML/1998/namespace}lang") == "zh-cn"
    )
    statuses = [(term.findtext(f"{ns}term"), term.findtext(f"{ns}termNote")) for term in zh.iter(f"{ns}termSec")]
    assert statuses == [("名字空间", "preferredTerm-admn-sts"), ("命名空间", "deprecatedTerm-admn-sts")]


# --- git history -----------------------------------------------------------------------------------


def git(repo: Path, *args: str, day: int = 1) -> None:
    stamp = f"@{1_700_000_000 + day * 86_400} +0000"
    env = {
        **{key: value for key, value in os.environ.items() if not key.startswith("GIT_")},
        "GIT_AUTHOR_NAME": "A", "GIT_AUTHOR_EMAIL": "a@example.org", "GIT_COMMITTER_NAME": "A",
        "GIT_COMMITTER_EMAIL": "a@example.org", "GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp,
    }  # fmt: skip
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, env=env)


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_with_history_only_current_translations_are_checked_for_missing_terms(cli, tmp_path: Path) -> None:
    root = small_glossary(tmp_path)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "Glossary")
    result = cli("--data-dir", str(root), "check-terms", "--lang", "zh-cn", "--json")
    data = json.loads(result.stdout)
    assert data["languages"][0]["history"] == "git" and data["notes"] == []
    assert [f["concept"] for f in data["findings"] if f["kind"] == "missing-term"] == ["node"]

    write_article(root, "en", "pod", (root / "en" / "pod.md").read_text() + "\nA Pod has a name.\n")
    git(root, "commit", "-q", "-am", "More about pods", day=2)
    data = json.loads(cli("--data-dir", str(root), "check-terms", "--lang", "zh-cn", "--json").stdout)
    assert data["languages"][0]["not_current"] == ["pod"]
    assert not any(f["kind"] == "missing-term" for f in data["findings"])
    assert data["notes"] == ["zh-cn: 1 translation(s) not current, not checked for missing terms"]


def test_a_glossary_without_translations(cli, tmp_path: Path) -> None:
    write_article(tmp_path, "en", "node", "---\ntitle: Node\n---\nA machine.\n")
    result = cli("--data-dir", str(tmp_path), "check-terms")
    assert result.exit_code == 1
    assert one_error_line(result) == "glossary: no translations to check: the glossary is only in en\n"


def test_an_unreadable_article_is_reported_and_skipped(cli, tmp_path: Path) -> None:
    root = small_glossary(tmp_path)
    write_article(root, "zh-cn", "broken", b"\xff\xfe not UTF-8")
    result = cli("--data-dir", str(root), "check-terms", "--lang", "zh-cn", "--json")
    assert result.exit_code == 1
    assert json.loads(result.stdout)["summary"]["link-text"] == 1
    assert "broken.md: not UTF-8" in result.stderr and "Traceback" not in result.stderr


def test_a_term_written_in_the_other_chinese_script_is_the_term(cli, tmp_path: Path) -> None:
    write_article(tmp_path, "en", "node", "---\ntitle: Node\n---\nA machine.\n")
    write_article(tmp_path, "en", "pod", "---\ntitle: Pod\n---\nRuns on a [node](/node).\n")
    write_article(tmp_path, "zh-cn", "node", "---\ntitle: 节点\n---\n一台机器。\n")
    write_article(tmp_path, "zh-cn", "pod", "---\ntitle: Pod\n---\n运行在[節點](/node)上。\n")  # Traditional
    result = cli("--data-dir", str(tmp_path), "check-terms", "--lang", "zh-cn")
    assert result.exit_code == 0, result.stdout
    write_article(tmp_path, "zh-cn", "pod", "---\ntitle: Pod\n---\n运行在[主机](/node)上。\n")
    assert cli("--data-dir", str(tmp_path), "check-terms", "--lang", "zh-cn").exit_code == 1
