"""What ``check`` asks of translators: measured against the source language, concepts and not
repeats counted, links to a language's file resolved, link targets as a field of their own."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import write_article


def article(title: str, body: str = "Text.") -> str:
    return f"---\ntitle: {title}\ndescription: d\n---\n{body}\n"


@pytest.fixture
def team(glossary_dir: Path) -> Path:
    """en is the source (most articles); rkt is only in es and ja; volume links pod again and again in zh-cn."""
    for slug in ("pod", "node", "container", "volume"):
        write_article(glossary_dir, "en", slug, article(slug.title()))
    write_article(glossary_dir, "en", "volume", article("Volume", "A [pod](/pod) uses a [container](/container)."))
    for lang in ("es", "ja", "zh-cn"):
        for slug in ("pod", "node", "container"):
            write_article(glossary_dir, lang, slug, article(f"{slug}-{lang}"))
    for lang in ("es", "ja"):
        write_article(glossary_dir, lang, "rkt", article("rkt"))
    write_article(
        glossary_dir,
        "zh-cn",
        "volume",
        article(
            "卷", "[Pod](/pod) [容器](/container)\n\n[Pod](/pod) [Pod](/pod) [容器](/container) [容器](/container)"
        ),
    )
    return glossary_dir


def check_json(cli, root: Path, *args: str) -> dict:
    result = cli("--data-dir", str(root), "--source", "en", "check", "--json", *args)
    assert result.exit_code in (0, 1), result.stderr
    return json.loads(result.stdout)


def test_missing_means_missing_against_the_source_language(cli, team: Path) -> None:
    problems = check_json(cli, team)["problems"]
    missing = [p["message"] for p in problems if p["kind"] == "missing-language"]
    assert not any(message.startswith("rkt ") for message in missing), missing
    assert any(message.startswith("volume is missing in es, ja") for message in missing), missing
    only = [p for p in problems if p["kind"] == "not-in-source"]
    assert [p["slug"] for p in only] == ["rkt"]
    assert "en, the source language" in only[0]["message"]


def test_missing_in_one_language_leaves_out_what_the_source_lacks(cli, team: Path) -> None:
    problems = check_json(cli, team, "--lang", "zh-cn")["problems"]
    assert [p["slug"] for p in problems if p["kind"] == "missing-language"] == []
    text = cli("--data-dir", str(team), "--source", "en", "check", "--lang", "ja")
    assert "rkt" not in text.stdout.split("Concepts only in translations")[0]


def test_link_counts_compare_concepts_not_repeats(cli, team: Path) -> None:
    problems = check_json(cli, team)["problems"]
    assert [p for p in problems if p["kind"] == "link-count"] == []


def test_a_link_to_a_language_file_is_resolved(cli, team: Path) -> None:
    write_article(team, "es", "volume", article("Volumen", "Un [pod](/es/pod.md) y un [contenedor](/es/container.md)."))
    problems = check_json(cli, team)["problems"]
    assert [p for p in problems if p["kind"] in ("broken-link", "link-count")] == []
    links = cli("--data-dir", str(team), "links", "pod", "--lang", "es", "--json")
    assert "volume" in links.stdout


def test_link_problems_carry_their_target(cli, team: Path) -> None:
    write_article(team, "ja", "volume", article("ボリューム", "[どこか](/nowhere) and [pod](/pod)"))
    write_article(team, "zh-cn", "node", article("节点", "[卷](/rkt)"))
    problems = check_json(cli, team)["problems"]
    broken = [p for p in problems if p["kind"] == "broken-link"]
    assert sorted((p["slug"], p["target"]) for p in broken) == [("node", "rkt"), ("volume", "nowhere")]
    assert all("target" in p for p in problems)
    assert all(p["target"] is None for p in problems if p["kind"] not in ("broken-link", "untranslated-link"))


def test_an_anchor_in_a_concept_name_is_no_other_concept() -> None:
    from glossary.conventions import concept_slug, link_target

    assert concept_slug("Parameter#Parameters_versus_arguments") == "parameter"
    assert link_target("/bn/cluster.md") == "/bn/cluster"  # a path: the page it is on reads it
    assert link_target("/cluster.md#part") == "/cluster"
