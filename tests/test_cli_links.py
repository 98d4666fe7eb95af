"""`glossary links` as a user runs it: text, JSON, exit codes."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import K8S, no_wider_than, one_error_line
from glossary.corpus import bundled_root


def test_links_bundled(cli) -> None:
    result = cli("links", "client-centric")
    assert result.exit_code == 0 and result.stderr == ""
    out = result.stdout
    assert out.startswith("client-centric · fi, no\n")
    assert 'line 10  "asiakas" → customer (not in this glossary)' in out
    assert 'line 38  "kundebase" → client-base (not in this glossary)' in out
    assert "Links to this concept (0)\n  none\n" in out


def test_links_to_a_concept_without_an_article(cli) -> None:
    result = cli("links", "customer")
    assert result.exit_code == 0
    assert result.stdout.startswith("customer · no article in this glossary\n")
    assert "Links to this concept (4)" in result.stdout
    assert 'no  client-centric (Klientsentrert): "kunden"' in result.stdout
    data = json.loads(cli("links", "customer", "--json").stdout)
    assert data["slug"] == "customer" and data["languages"] == [] and data["outgoing"] == []
    assert [(b["lang"], b["text"], b["line"]) for b in data["backlinks"]] == [
        ("fi", "asiakas", 10),
        ("fi", "ideoiden", 10),
        ("no", "Kundesentrerte", 10),
        ("no", "kunden", 10),
    ]
    assert data["backlinks"][0]["path"] == str(bundled_root() / "fi" / "client-centric.md")


def test_links_by_title_in_any_language(cli) -> None:
    assert cli("links", "Klientsentrert").stdout == cli("links", "client-centric").stdout


def test_links_kubernetes_node(cli) -> None:
    result = cli("--data-dir", str(K8S), "links", "node", "--json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["languages"] == ["de", "en", "fr", "ja", "ko", "zh-cn"]
    assert sorted({b["slug"] for b in data["backlinks"]}) == ["cluster", "deployment", "kube-proxy", "kubelet"]
    assert set(data) == {"slug", "languages", "outgoing", "backlinks"}
    assert set(data["outgoing"][0]) == {"lang", "title", "path", "links"}
    assert set(data["outgoing"][0]["links"][0]) == {"text", "target", "line", "title", "languages", "fallback"}
    assert set(data["backlinks"][0]) == {"slug", "lang", "title", "text", "path", "line"}
    ko = next(a for a in data["outgoing"] if a["lang"] == "ko")
    assert {
        "text": "파드",
        "target": "pod",
        "line": 17,
        "title": "파드",
        "languages": ["de", "en", "fr", "ja", "ko", "zh-cn"],
        "fallback": None,
    } in ko["links"]

    text = cli("--data-dir", str(K8S), "links", "node", "--lang", "ja").stdout
    assert "ja  ノード" in text and "de  Knoten" not in text
    assert 'ja  cluster (クラスター): "ノード"' in text


@pytest.mark.parametrize("width", [60, 100, 160])
def test_links_fit_the_width(cli, width: int) -> None:
    result = cli("--data-dir", str(K8S), "links", "node", env={"COLUMNS": str(width)})
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("node · ") and "\nLinks from this concept\n" in result.stdout
    assert "\nLinks to this concept (" in result.stdout
    no_wider_than(result.stdout, width)


def test_links_errors(cli) -> None:
    result = cli("links", "zzzqqq")
    assert result.exit_code == 1 and 'no article matches "zzzqqq"' in one_error_line(result)
    result = cli("links", "client-centric", "--lang", "sv")
    assert result.exit_code == 2 and "fi, no" in one_error_line(result)
    result = cli("--bundled", "--data-dir", str(K8S), "links", "client-centric", "--lang", "ja")
    assert result.exit_code == 2 and "client-centric is not in ja; it is in fi, no" in one_error_line(result)


# --- any input ----------------------------------------------------------------------------------------


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(word=st.text(max_size=20))
def test_any_word_ends_in_a_result_or_an_error_line(cli, word: str) -> None:
    for args in (["links", word], ["links", word, "--json"]):
        result = cli(*args)
        assert result.exit_code in (0, 1, 2), (args, result.stderr)
        if result.exit_code:
            assert result.stderr.startswith("glossary: ") and result.stderr.count("\n") == 1, result.stderr
