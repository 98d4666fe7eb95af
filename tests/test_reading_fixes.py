"""Reading real glossaries: what each command shows of an article, whole and as written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import write_article


def test_export_leaves_out_the_term_of_an_article_without_a_title(cli, glossary_dir: Path) -> None:
    write_article(glossary_dir, "en", "pod", "---\ntitle: Pod\ndescription: A pod.\n---\nText.\n")
    write_article(glossary_dir, "fr", "pod", "---\ntitre: Pod\ndescription: Un pod.\n---\nTexte.\n")
    for fmt in ("tbx", "tbx3", "csv"):
        result = cli("--data-dir", str(glossary_dir), "export", "-f", fmt)
        assert result.exit_code == 0, result.stderr
        assert "fr/pod.md: no title" in result.stderr and "left out" in result.stderr
        assert ">pod<" not in result.stdout, fmt  # the slug is no term
        assert ">Pod<" in result.stdout or "Pod," in result.stdout
    csv = cli("--data-dir", str(glossary_dir), "export", "-f", "csv").stdout.splitlines()
    assert csv[1].startswith("pod,Pod,,")


def test_toc_with_a_section_lists_that_section(cli) -> None:
    result = cli("show", "client-centric", "--lang", "fi", "--toc", "--section", "2")
    assert result.exit_code == 0
    numbered = [line for line in result.stdout.splitlines()[1:] if line.strip()]
    assert len(numbered) == 1 and numbered[0].strip().startswith("2  ")
    data = json.loads(cli("show", "client-centric", "--lang", "fi", "--toc", "--section", "2", "--json").stdout)
    assert [item["number"] for item in data] == [2]


def test_chinese_and_japanese_lines_join_without_a_space(cli, glossary_dir: Path) -> None:
    write_article(
        glossary_dir,
        "zh-cn",
        "node",
        "---\ntitle: 节点\n---\n取决于集群的配置。\n其上部署了运行\nPods 所必需的服务。\n",
    )
    write_article(
        glossary_dir, "ja", "node", "---\ntitle: ノード\n---\nサービスが含まれます。\nKubernetesの\nノードです。\n"
    )
    write_article(glossary_dir, "ko", "node", "---\ntitle: 노드\n---\n노드는\n작업 장비이다.\n")
    zh = cli("--data-dir", str(glossary_dir), "show", "node", "--lang", "zh-cn", env={"COLUMNS": "200"}).stdout
    assert "配置。其上部署了运行 Pods" in zh
    ja = cli("--data-dir", str(glossary_dir), "show", "node", "--lang", "ja", env={"COLUMNS": "200"}).stdout
    assert "含まれます。Kubernetesのノードです。" in ja
    ko = cli("--data-dir", str(glossary_dir), "show", "node", "--lang", "ko", env={"COLUMNS": "200"}).stdout
    assert "노드는 작업 장비이다." in ko  # Korean puts spaces between its words
    data = json.loads(cli("--data-dir", str(glossary_dir), "show", "node", "--lang", "zh-cn", "--json").stdout)
    assert "配置。其上" in data["lead"] and "配置。其上" in data["description"]


def test_joining_wide_lines_keeps_lists_headings_and_code() -> None:
    from glossary.articles import join_wide_lines

    text = "文。\n- 项目\n\n文。\n1. 项目\n\n```\n代码\n代码\n```\n中\n文"
    assert join_wide_lines(text) == "文。\n- 项目\n\n文。\n1. 项目\n\n```\n代码\n代码\n```\n中文"


@given(st.lists(st.sampled_from(list("中文。、ab1 \n-`>#") + ["```"]), max_size=40).map("".join))
def test_joining_wide_lines_only_removes_line_breaks(text: str) -> None:
    from glossary.articles import join_wide_lines

    joined = join_wide_lines(text)
    assert joined.replace("\n", "").replace(" ", "") == text.replace("\n", "").replace(" ", "")
    assert join_wide_lines(joined) == joined


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=30))
def test_a_wide_character_is_told_in_any_text(text: str) -> None:
    from glossary.articles import _has_wide

    assert _has_wide(text) == any(char >= "\u3000" for char in text)


def test_snippets_are_plain_words(cli, glossary_dir: Path) -> None:
    body = (
        "## 參見\n\n- 維基百科上的 Closure\n\n### 技術參考\n\n- MDN 上的閉包\n\n"
        "## Más\n\nUna clausura o _closure_ es una *función* con snake_case y 2 * 3.\n"
    )
    write_article(glossary_dir, "zh-tw", "closure", f"---\ntitle: 閉包\n---\n{body}")
    result = cli("--data-dir", str(glossary_dir), "search", "closure", "--json")
    snippet = json.loads(result.stdout)[0]["snippet"]
    assert "#" not in snippet and "技術參考" in snippet, snippet
    result = cli("--data-dir", str(glossary_dir), "search", "clausura", "--json")
    snippet = json.loads(result.stdout)[0]["snippet"]
    assert "o closure es una función con snake_case y 2 * 3" in snippet, snippet


def nested(levels: int) -> str:
    items = "\n".join("  " * level + f"- level {level}" for level in range(levels))
    return f"---\ntitle: Deep\n---\nLead.\n\n## One\n\n{items}\n\nAfter the list.\n\n## Two\n\nSecond *part*.\n"


@pytest.mark.parametrize("levels", [12, 30, 300])
def test_nothing_nested_deep_disappears(cli, glossary_dir: Path, levels: int) -> None:
    write_article(glossary_dir, "en", "deep", nested(levels))
    result = cli("--data-dir", str(glossary_dir), "show", "deep", env={"COLUMNS": "1000"})
    assert result.exit_code == 0, result.stderr
    for words in (f"level {levels - 1}", "After the list.", "Second part."):
        assert words in result.stdout, words
    narrow = cli("--data-dir", str(glossary_dir), "show", "deep", env={"COLUMNS": "60"})
    assert "After the list." in narrow.stdout and f"level {levels - 1}" in narrow.stdout


def test_list_markers_on_one_line_nested_past_any_width_are_text(cli, glossary_dir: Path) -> None:
    write_article(glossary_dir, "en", "marks", "---\ntitle: Marks\n---\n" + "- " * 400 + "x\n\nEnd.\n")
    result = cli("--data-dir", str(glossary_dir), "show", "marks")
    assert result.exit_code == 0 and "End." in result.stdout and "x" in result.stdout


def test_a_few_long_titles_do_not_widen_a_column_of_short_ones(cli, glossary_dir: Path) -> None:
    for number in range(20):
        write_article(glossary_dir, "en", f"c{number}", f"---\ntitle: Short {number}\n---\nText.\n")
        write_article(glossary_dir, "fr", f"c{number}", f"---\ntitle: Court {number}\n---\nTexte.\n")
    long_title = "A title far longer than every other title of this glossary by far"
    write_article(glossary_dir, "en", "c0", f"---\ntitle: {long_title}\n---\nText.\n")
    result = cli("--data-dir", str(glossary_dir), "compare", "en", "fr", env={"COLUMNS": "160"})
    assert result.exit_code == 0
    header = result.stdout.splitlines()[0]
    assert header.index("fr") - header.index("en") < 30, header
    assert all(word in result.stdout.split() for word in long_title.split())  # wrapped, not cut


def test_translate_candidates_keep_their_indent_when_they_wrap(cli) -> None:
    k8s = Path(__file__).parent / "data" / "k8s-glossary"
    result = cli("--data-dir", str(k8s), "translate", "container", "--to", "ja", env={"COLUMNS": "30"})
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert all(line.startswith("  ") for line in lines[1:] if line.strip()), result.stdout
    assert any(line.startswith("    ") for line in lines), result.stdout
