"""Every reader finds the article in the form they typed: a title as the file writes it or as a
header prints it, Chinese in the other script, Japanese katakana typed as hiragana."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import one_error_line, write_article
from glossary.text import fold


def titled(title: str, body: str = "Text.") -> str:
    return f"---\ntitle: {title}\n---\n{body}\n"


@pytest.fixture
def translated(glossary_dir: Path) -> Path:
    """Titles that keep the English term as a note, in Korean, Chinese and Japanese."""
    for lang, slug, title in [
        ("en", "node", "Node"),
        ("en", "container-runtime", "Container Runtime"),
        ("en", "container", "Container"),
        ("ko", "node", "노드 (원문, Node)"),
        ("ko", "container-runtime", "컨테이너 런타임 (원문, Container Runtime)"),
        ("ko", "container", "컨테이너"),
        ("zh-cn", "node", "节点（Node）"),
        ("zh-cn", "container", "容器运行时接口"),
        ("zh-tw", "node", "節點"),
        ("zh-tw", "container", "區塊"),
        ("ja", "node", "ノード"),
        ("ja", "container", "コンテナ"),
    ]:
        write_article(glossary_dir, lang, slug, titled(title))
    return glossary_dir


@pytest.mark.parametrize(
    ("typed", "slug", "lang"),
    [
        ("노드 (원문, Node)", "node", "ko"),
        ("컨테이너 런타임 (원문, Container Runtime)", "container-runtime", "ko"),
        ("节点（Node）", "node", "zh-cn"),
        ("节点 (Node)", "node", "zh-cn"),
    ],
)
def test_a_title_as_written_or_printed_shows_its_own_article(cli, translated: Path, typed, slug, lang) -> None:
    result = cli("--data-dir", str(translated), "show", typed)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[0].split("  ")[1].startswith(f"{slug} · {lang}")


@pytest.mark.parametrize("typed", ["노드 (원문, Node)", "节点（Node）", "节点 (Node)"])
def test_a_title_as_printed_is_the_first_search_hit(cli, translated: Path, typed: str) -> None:
    result = cli("--data-dir", str(translated), "search", typed, "--json")
    assert result.exit_code == 0, result.stderr
    import json

    first = json.loads(result.stdout)[0]
    assert first["slug"] == "node" and first["lang"] in ("ko", "zh-cn")


@pytest.mark.parametrize(
    ("typed", "lang", "slug"),
    [
        ("節點", "zh-cn", "node"),  # a Simplified title typed in Traditional characters
        ("容器運行時接口", "zh-cn", "container"),
        ("节点", "zh-tw", "node"),  # a Traditional title typed in Simplified characters
        ("区块", "zh-tw", "container"),
        ("のーど", "ja", "node"),  # katakana typed as hiragana
        ("こんてな", "ja", "container"),
    ],
)
def test_chinese_and_japanese_typed_in_the_other_script(cli, translated: Path, typed, lang, slug) -> None:
    result = cli("--data-dir", str(translated), "search", typed, "--lang", lang, "--json")
    assert result.exit_code == 0, result.stderr
    import json

    assert json.loads(result.stdout)[0]["slug"] == slug
    shown = cli("--data-dir", str(translated), "show", typed, "--lang", lang)
    assert shown.exit_code == 0, shown.stderr
    assert f"{slug} · {lang}" in shown.stdout.splitlines()[0]


def test_fold_makes_one_script_of_two() -> None:
    assert fold("節點") == fold("节点")
    assert fold("區塊（CSS）") == fold("区块(css)")
    assert fold("コンテナ") == fold("こんてな")
    assert fold("ノード") != fold("ノート")  # a voicing mark still changes the word
    assert fold("ｺﾝﾃﾅ") == fold("こんてな")  # half-width katakana too


def test_a_miss_suggests_only_names_that_are_close(cli, translated: Path) -> None:
    write_article(translated, "en", "docker", titled("Docker"))
    write_article(translated, "en", "service-broker", titled("Service Broker"))
    write_article(translated, "en", "network-policy", titled("Network Policy"))
    result = cli("--data-dir", str(translated), "translate", "worker", "--to", "ja")
    assert result.exit_code == 1
    line = one_error_line(result)
    assert "did you mean" not in line and "nothing close" in line
    close = cli("--data-dir", str(translated), "translate", "dokcer", "--to", "ja")
    assert "did you mean docker" in one_error_line(close)
    assert "nothing close" not in close.stderr


def test_the_source_title_with_lang_finds_that_language_s_article_first(cli, glossary_dir: Path) -> None:
    write_article(glossary_dir, "en", "cel", titled("Common Expression Language"))
    write_article(glossary_dir, "en", "language", titled("Language"))
    write_article(glossary_dir, "zh-cn", "cel", titled("通用表达式语言（CEL）"))
    write_article(glossary_dir, "zh-cn", "language", titled("Common Language Runtime", "A common expression."))
    import json

    result = cli("--data-dir", str(glossary_dir), "search", "Common Expression Language", "--lang", "zh-cn", "--json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)[0]["slug"] == "cel"


def test_two_swapped_letters_find_the_closer_name_first(cli, glossary_dir: Path) -> None:
    write_article(glossary_dir, "en", "secret", titled("Secret", "Stores sensitive information."))
    write_article(glossary_dir, "en", "service", titled("Service", "Exposes an application."))
    import json

    result = cli("--data-dir", str(glossary_dir), "search", "sercet", "--lang", "en", "--json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)[0]["slug"] == "secret"


@pytest.mark.parametrize("text", ["\u0301", "\u0300\u0301", "é\u0301"])
def test_fold_of_accents_alone_is_empty(text: str) -> None:
    assert fold(text) in ("", "e")


def test_translate_takes_a_title_as_written(cli, translated: Path) -> None:
    import json

    for typed in ("节点（Node）", "节点 (Node)"):
        result = cli("--data-dir", str(translated), "translate", typed, "--to", "ja", "--json")
        assert result.exit_code == 0, result.stderr
        first = json.loads(result.stdout)["candidates"][0]
        assert (first["slug"], first["how"], first["title"]) == ("node", "title", "ノード")
