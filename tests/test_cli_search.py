"""`glossary search` and `glossary index` as a user sees them."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich.console import Console

from conftest import one_error_line, write_article
from glossary.search.engine import Passage, SearchHit
from glossary.text import is_blank
from glossary.views import search as views

ESCAPE = re.compile(r"\x1b\[")


def hit_lines(output: str) -> list[str]:
    """The header line of each hit: ``title  slug · lang[ · section]``."""
    return [line for line in output.splitlines() if line and not line.startswith("  ")]


def test_search_bundled(cli) -> None:
    result = cli("search", "asiakas")
    assert result.exit_code == 0, result.stderr
    assert hit_lines(result.stdout) == ["Asiakaskeskeinen  client-centric · fi · Mikä on asiakaslähtöisyys?"]
    assert not ESCAPE.search(result.stdout)
    snippet = result.stdout.splitlines()[1]
    assert snippet.startswith("  ") and "asiakas" in snippet.casefold()
    assert result.stderr == ""


@pytest.mark.parametrize(
    ("query", "header"),
    [
        (["hoydepunkter"], "Klientsentrert  client-centric · no · Høydepunkter"),
        (["ASIAKKAIDEN"], "Asiakaskeskeinen  client-centric · fi"),
        (["kunde"], "Klientsentrert  client-centric · no"),
        (["asiakss"], "Asiakaskeskeinen  client-centric · fi"),
        (["klientsentrrt"], "Klientsentrert  client-centric · no"),
    ],
)
def test_search_matches(cli, query: list[str], header: str) -> None:
    result = cli("search", *query)
    assert result.exit_code == 0, result.stderr
    assert hit_lines(result.stdout)[0].startswith(header)


def test_json_shape(cli) -> None:
    result = cli("search", "asiakas", "--json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert isinstance(data, list) and len(data) == 1
    assert list(data[0]) == ["slug", "lang", "title", "section", "snippet", "score"]
    assert data[0]["slug"] == "client-centric" and data[0]["lang"] == "fi"
    assert data[0]["section"] == "Mikä on asiakaslähtöisyys?"
    assert isinstance(data[0]["score"], float)


def test_json_scores_are_ordered(cli, k8s: Path) -> None:
    data = json.loads(cli("-d", str(k8s), "search", "kubernetes", "--json", "--limit", "0").stdout)
    scores = [hit["score"] for hit in data]
    assert len(data) > 10 and scores == sorted(scores, reverse=True)


def test_kubelet_in_german_only(cli, k8s: Path) -> None:
    result = cli("-d", str(k8s), "search", "kubelet", "--lang", "de", "--json")
    data = json.loads(result.stdout)
    assert data and {hit["lang"] for hit in data} == {"de"}
    assert data[0]["slug"] == "kubelet"


@pytest.mark.parametrize("query", [["worker", "machines"], ["worker machines"], ['"worker machines"']])
def test_worker_machines_ranks_node_first(cli, k8s: Path, query: list[str]) -> None:
    result = cli("-d", str(k8s), "search", *query)
    assert result.exit_code == 0
    assert hit_lines(result.stdout)[0] == "Node  node · en"


def test_japanese_run(cli, k8s: Path) -> None:
    result = cli("-d", str(k8s), "search", "ワーカーマシン", "--json")
    assert [(hit["slug"], hit["lang"]) for hit in json.loads(result.stdout)][:2] == [("node", "ja"), ("cluster", "ja")]


def test_limit_and_titles_only(cli, k8s: Path) -> None:
    assert len(json.loads(cli("-d", str(k8s), "search", "kubernetes", "--json", "-n", "2").stdout)) == 2
    titles = json.loads(cli("-d", str(k8s), "search", "kubelet", "--titles-only", "--json", "-n", "0").stdout)
    assert {hit["slug"] for hit in titles} == {"kubelet"}


# --- errors --------------------------------------------------------------------------------------------


def test_no_matches(cli) -> None:
    result = cli("search", "xyzzyqw")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == 'glossary: no matches for "xyzzyqw"\n'


def test_no_matches_did_you_mean(cli) -> None:
    result = cli("search", "asiakkxxs")
    assert result.exit_code == 1
    assert result.stderr.startswith('glossary: no matches for "asiakkxxs"; did you mean ')
    assert "asiakas" in result.stderr and result.stderr.count("\n") == 1


@pytest.mark.parametrize("query", ["", "   ", "\t"])
def test_empty_query(cli, query: str) -> None:
    result = cli("search", query)
    assert result.exit_code == 2
    assert result.stderr.startswith("glossary: the search query is empty")


def test_missing_query(cli) -> None:
    result = cli("search")
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr == "glossary: Missing argument 'QUERY...'. (see glossary search --help)\n"


def test_unknown_language(cli) -> None:
    result = cli("search", "asiakas", "--lang", "xx")
    assert result.exit_code == 2
    assert result.stderr.startswith('glossary: no articles in language "xx"')


def test_negative_limit(cli) -> None:
    result = cli("search", "asiakas", "--limit", "-1")
    assert result.exit_code == 2 and result.stdout == ""
    assert "--limit" in one_error_line(result) and "-1 is not in the range" in result.stderr


@pytest.mark.parametrize(
    "query",
    [
        '"',
        "*",
        "(",
        ")",
        "AND",
        "NEAR",
        "NEAR(asiakas kunde)",
        "-x",
        "--",
        ":",
        "a:b",
        "asiakas*",
        "(asiakas OR kunde)",
        '"asiakas',
        "title:asiakas",
        "^asiakas",
        "asiakas -kunde",
        "{title}:x",
        "\\",
        "%",
        "'; DROP TABLE articles; --",
    ],
)
def test_syntax_is_searched_as_text(cli, query: str) -> None:
    result = cli("search", "--", query)
    assert result.exit_code in (0, 1), result.stderr
    assert result.stdout if result.exit_code == 0 else one_error_line(result)
    if result.exit_code == 1:
        assert result.stderr.startswith("glossary: no matches for ")


def test_a_word_that_looks_like_an_option_is_searched_after_two_dashes(cli) -> None:
    result = cli("search", "--", "-x")
    assert result.exit_code == 1
    assert result.stderr == 'glossary: no matches for "-x"\n'
    assert cli("search", "--", "-asiakas").exit_code == 0


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["asiakas", "--jsn"], "no such option --jsn; did you mean --json?"),
        (["asiakas", "--limt", "3"], "no such option --limt; did you mean --limit?"),
        (["asiakas", "--lnag", "fi"], "no such option --lnag; did you mean --lang?"),
        (["--jsn", "asiakas"], "no such option --jsn; did you mean --json?"),
        (["-high"], "no such option -high; to search for a word that starts with -, put it after --: "),
        (["-node"], "glossary search -- -node"),
        (["-x"], "glossary search -- -x"),
    ],
)
def test_an_unknown_option_is_a_usage_error(cli, args: list[str], said: str) -> None:
    result = cli("search", *args)
    assert result.exit_code == 2 and result.stdout == ""
    assert said in one_error_line(result) and "(see glossary search --help)" in result.stderr


@pytest.mark.parametrize("args", [["-n2"], ["-n", "2"], ["--limit=2"], ["-lfi", "-n", "1"], ["--lang=fi"], ["--", "x"]])
def test_options_in_every_spelling_still_work(cli, args: list[str]) -> None:
    result = cli("search", "asiakas", *args)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("Asiakaskeskeinen  client-centric · fi") and result.stderr == ""


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(min_size=1, max_size=30).filter(lambda text: not is_blank(text)))
def test_any_query_exits_0_or_1(cli, query: str) -> None:
    result = cli("search", "--", query)
    assert result.exit_code in (0, 1), (query, result.stderr)
    assert result.stdout if result.exit_code == 0 else one_error_line(result)


# --- terminal output ----------------------------------------------------------------------------------


def render(renderable, width: int = 60, color: bool = True) -> str:
    console = Console(width=width, force_terminal=color, color_system="standard" if color else None, record=False)
    with console.capture() as capture:
        console.print(renderable)
    return capture.get()


def test_terminal_highlights_matched_words() -> None:
    passage = Passage("Hyvä asiakas on tärkeä", [(5, 12)])
    hit = SearchHit("client-centric", "fi", "Asiakaskeskeinen", "Kohokohdat", passage, 100.0)
    styled = render(views.search_view([hit], 60))
    assert "\x1b[1;33masiakas\x1b[0m" in styled
    plain = render(views.search_view([hit], 60), color=False)
    assert plain.splitlines() == ["Asiakaskeskeinen  client-centric · fi · Kohokohdat", "  Hyvä asiakas on tärkeä"]


@pytest.mark.parametrize("width", [60, 100, 160])
def test_one_line_snippets_at_any_width(cli, k8s: Path, width: int) -> None:
    result = cli("-d", str(k8s), "search", "kubernetes", "-n", "0", env={"COLUMNS": str(width)})
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    snippets = [line for line in lines if line.startswith("  ")]
    assert len(snippets) == len(hit_lines(result.stdout))
    from rich.cells import cell_len

    assert all(cell_len(line) <= width for line in lines)


# --- index -------------------------------------------------------------------------------------------


def test_index_command(cli, glossary_dir: Path) -> None:
    write_article(glossary_dir, "en", "apple", "---\ntitle: Apple\n---\nA fruit.\n")
    write_article(glossary_dir, "de", "apple", "---\ntitle: Apfel\n---\nEine Frucht.\n")
    write_article(glossary_dir, "fi", "apple", "---\ntitle: Omena\n---\nHedelmä.\n")
    result = cli("-d", str(glossary_dir), "index")
    assert result.exit_code == 0
    assert result.stdout.startswith("index up to date: 3 articles in 3 languages (parsed 3 files)")
    again = cli("-d", str(glossary_dir), "index", "--json")
    data = json.loads(again.stdout)
    assert data["parsed"] == 0 and data["articles"] == 3 and data["languages"] == 3
    assert set(data) == {
        "path",
        "articles",
        "languages",
        "skipped",
        "size_bytes",
        "built",
        "updated",
        "stamp",
        "parsed",
    }
    assert Path(data["path"]).exists() and data["size_bytes"] > 0
    info = cli("-d", str(glossary_dir), "index", "--info", env={"COLUMNS": "250"})  # the path on one line
    assert info.exit_code == 0
    assert [line.split()[0] for line in info.stdout.splitlines()] == [
        "path",
        "articles",
        "languages",
        "skipped",
        "size",
        "built",
        "updated",
        "stamp",
    ]
    rebuilt = json.loads(cli("-d", str(glossary_dir), "index", "--rebuild", "--json").stdout)
    assert rebuilt["parsed"] == 3


def test_search_refreshes_the_index_itself(cli, glossary_dir: Path) -> None:
    write_article(glossary_dir, "en", "apple", "---\ntitle: Apple\n---\nA red fruit.\n")
    assert cli("-d", str(glossary_dir), "search", "red").exit_code == 0
    write_article(glossary_dir, "en", "pear", "---\ntitle: Pear\n---\nA green fruit.\n")
    result = cli("-d", str(glossary_dir), "search", "green", "--json")
    assert [hit["slug"] for hit in json.loads(result.stdout)] == ["pear"]


def test_damaged_cache_is_said_once(cli, clean_environment: Path) -> None:
    assert cli("search", "asiakas").exit_code == 0
    for path in clean_environment.glob("index-*.sqlite3"):
        path.write_bytes(b"garbage" * 1000)
    result = cli("search", "asiakas")
    assert result.exit_code == 0
    assert result.stderr.count("glossary: warning: the index cache was damaged") == 1
    assert cli("search", "asiakas").stderr == ""


def test_unwritable_cache_still_answers(cli, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = cli("search", "asiakas", env={"GLOSSARY_CACHE_DIR": str(blocker / "cache")})
    assert result.exit_code == 0
    assert hit_lines(result.stdout)[0].startswith("Asiakaskeskeinen")
    assert result.stderr.count("warning: cannot write the index cache") == 1


@pytest.mark.parametrize(
    ("command", "said"),
    [
        (["search"], "the search query is empty"),
        (["show"], "the term is empty"),
        (["translate", "--to", "no"], "the word is empty"),
    ],
)
@pytest.mark.parametrize("typed", ["\x1b]0;x\x07", "\x1b[31m", "\x00\x7f"])
def test_a_word_of_control_characters_only_is_empty(cli, command: list[str], said: str, typed: str) -> None:
    """Terminal escapes say nothing: such a word is as empty as "" (exit 2), not a word that matches nothing."""
    result = cli(command[0], typed, *command[1:])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"glossary: {said}")
