"""`glossary translate` as a user runs it: text, JSON, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import K8S, one_error_line, write_article


def test_translate_bundled(cli) -> None:
    result = cli("translate", "asiakaskeskeinen", "--to", "no")
    assert result.exit_code == 0 and result.stderr == ""
    assert result.stdout == 'client-centric  "asiakaskeskeinen" is its title in fi\n  Klientsentrert  title in no\n'
    data = json.loads(cli("translate", "asiakaskeskeinen", "--to", "nb", "--json").stdout)
    assert data["best"] == "Klientsentrert" and data["from"] is None and data["to"] == "no"
    assert set(data) == {"word", "from", "to", "best", "candidates"}
    assert set(data["candidates"][0]) == {
        "slug",
        "how",
        "score",
        "lang",
        "seen",
        "title",
        "aka",
        "link_words",
        "languages",
    }


def test_translate_link_evidence(cli) -> None:
    result = cli("translate", "asiakas", "--from", "fi", "--to", "no")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        'customer  "asiakas" links to it 1× in fi; no article in this glossary',
        "  Kundesentrerte  from links, seen 1× (in client-centric)",
        "  kunden  from links, seen 1× (in client-centric)",
    ]
    data = json.loads(cli("translate", "asiakas", "--to", "no", "--json").stdout)
    [candidate] = data["candidates"]
    assert candidate["how"] == "links" and candidate["title"] is None
    assert candidate["link_words"] == [
        {"text": "Kundesentrerte", "seen": 1, "articles": ["client-centric"]},
        {"text": "kunden", "seen": 1, "articles": ["client-centric"]},
    ]


def test_translate_nothing_found(cli) -> None:
    result = cli("translate", "zzzqqq", "--to", "no")
    assert result.exit_code == 1
    assert (
        'no translation of "zzzqqq" into no: no slug, title or synonym "zzzqqq", no link text "zzzqqq"'
        in one_error_line(result)
    )
    result = cli("translate", "Klientsentrert", "--from", "fi", "--to", "no")
    assert result.exit_code == 1 and "in fi" in one_error_line(result)


def test_translate_usage_errors(cli) -> None:
    assert cli("translate", "asiakas").exit_code == 2  # --to is required
    result = cli("translate", "asiakas", "--to", "sv")
    assert result.exit_code == 2 and one_error_line(result)
    result = cli("translate", "asiakas", "--from", "no", "--to", "nb")
    assert result.exit_code == 2 and "same language" in one_error_line(result)
    result = cli("translate", "  ", "--to", "no")
    assert result.exit_code == 2 and one_error_line(result)


def test_translate_kubernetes(cli) -> None:
    result = cli("--data-dir", str(K8S), "translate", "ノード", "--to", "de")
    assert result.exit_code == 0 and "  Knoten  title in de\n" in result.stdout
    data = json.loads(cli("--data-dir", str(K8S), "translate", "Knoten", "--from", "de", "--to", "ko", "--json").stdout)
    assert data["best"] == "노드"


# --- any input ----------------------------------------------------------------------------------------


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(word=st.text(max_size=20))
def test_any_word_ends_in_a_result_or_an_error_line(cli, word: str) -> None:
    args = ["translate", word, "--to", "no"]
    result = cli(*args)
    assert result.exit_code in (0, 1, 2), (args, result.stderr)
    if result.exit_code:
        assert result.stderr.startswith("glossary: ") and result.stderr.count("\n") == 1, result.stderr


def test_translate_names_the_language_of_the_word_only_when_it_tells_something(cli) -> None:
    # "Pod" is the title in en (the source) and in four translations: the source is named, not de.
    shared = cli("--data-dir", str(K8S), "translate", "Pod", "--to", "ja")
    assert shared.exit_code == 0, shared.stderr
    assert shared.stdout.startswith('pod  "Pod" is its title in en;')
    # A title in one language only: that language.
    french = cli("--data-dir", str(K8S), "translate", "Déploiement", "--to", "ja")
    assert french.stdout.startswith('deployment  "Déploiement" is its title in fr')
    data = json.loads(cli("--data-dir", str(K8S), "translate", "Pod", "--to", "ja", "--json").stdout)
    assert data["candidates"][0]["lang"] == "en"


def test_translate_languages_are_matched_strictly(cli, glossary_dir: Path) -> None:
    for lang, title in [("en-us", "Cross-origin"), ("de", "Herkunft"), ("zh-cn", "跨源"), ("zh-tw", "跨來源")]:
        write_article(glossary_dir, lang, "cors", f"---\ntitle: {title}\n---\nText.\n")
    result = cli("--data-dir", str(glossary_dir), "translate", "Herkunft", "--to", "en")
    assert result.exit_code == 0 and "  Cross-origin  title in en-us\n" in result.stdout
    result = cli("--data-dir", str(glossary_dir), "translate", "Herkunft", "--to", "zh")
    assert result.exit_code == 2 and "zh-cn, zh-tw" in result.stderr


def test_translate_says_the_word_back_without_escapes(cli) -> None:
    result = cli("--data-dir", str(K8S), "translate", "cluster\x1b[2J", "--to", "fr")
    assert result.exit_code == 0, result.stderr
    assert "\x1b" not in result.stdout and 'close to "cluster[2J"' not in result.stdout
    assert 'close to "cluster2J"' in result.stdout or 'close to "cluster"' in result.stdout
