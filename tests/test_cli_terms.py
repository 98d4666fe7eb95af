"""`glossary links`, `check`, `translate` and `export` as a user runs them: text, JSON, exit codes."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest

from conftest import K8S, write_article
from glossary.corpus import bundled_root
from glossary.views.terms import shown_path

FIVE = ["client-base", "customer", "market-orientation", "onestopshop", "promotion-expense"]


def one_error_line(result) -> str:
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("glossary: "), result.stderr
    return result.stderr


def no_wider_than(text: str, width: int) -> None:
    from rich.cells import cell_len

    assert all(cell_len(line) <= width for line in text.splitlines()), text


def clean_client_centric(root: Path) -> None:
    """Override the bundled article (which has links to concepts without articles) with clean ones."""
    write_article(root, "fi", "client-centric", "---\ntitle: Asiakaskeskeinen\ndescription: d\n---\n## A\n\nTeksti.\n")
    write_article(root, "no", "client-centric", "---\ntitle: Klientsentrert\ndescription: d\n---\n## A\n\nTekst.\n")


# --- links ------------------------------------------------------------------------------------------


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
    assert set(data["outgoing"][0]["links"][0]) == {"text", "target", "line", "title", "languages"}
    assert set(data["backlinks"][0]) == {"slug", "lang", "title", "text", "path", "line"}
    ko = next(a for a in data["outgoing"] if a["lang"] == "ko")
    assert {
        "text": "파드",
        "target": "pod",
        "line": 17,
        "title": "파드(Pod)",
        "languages": ["de", "en", "fr", "ja", "ko", "zh-cn"],
    } in ko["links"]

    text = cli("--data-dir", str(K8S), "links", "node", "--lang", "ja").stdout
    assert "ja  ノード" in text and "de  Knoten" not in text
    assert 'ja  cluster (クラスター): "ノード"' in text


@pytest.mark.parametrize("width", [60, 100, 160])
def test_links_fit_the_width(cli, width: int) -> None:
    result = cli("--data-dir", str(K8S), "links", "node", env={"COLUMNS": str(width)})
    no_wider_than(result.stdout, width)


def test_links_errors(cli) -> None:
    result = cli("links", "zzzqqq")
    assert result.exit_code == 1 and 'no article matches "zzzqqq"' in one_error_line(result)
    result = cli("links", "client-centric", "--lang", "sv")
    assert result.exit_code == 2 and "fi, no" in one_error_line(result)
    result = cli("--data-dir", str(K8S), "links", "client-centric", "--lang", "ja")
    assert result.exit_code == 2 and "client-centric is not in ja; it is in fi, no" in one_error_line(result)


# --- check ------------------------------------------------------------------------------------------


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
    }
    assert data["ok"] is False and data["summary"] == {"broken-link": 14}
    assert sorted(data["unresolved"]) == FIVE
    assert data["coverage"] == {"client-centric": ["fi", "no"]}
    assert set(data["problems"][0]) == {"kind", "message", "slug", "lang", "path", "line"}


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


@pytest.fixture
def broken(glossary_dir: Path) -> Path:
    """A glossary with a broken link and a language missing for one concept."""
    clean_client_centric(glossary_dir)
    write_article(glossary_dir, "fi", "alpha", "---\ntitle: Alfa\ndescription: d\n---\n## A\n\nKatso [beeta](/beta).\n")
    write_article(glossary_dir, "no", "alpha", "---\ntitle: Alfa\ndescription: d\n---\n## A\n\nSe [beta](/beta).\n")
    write_article(glossary_dir, "fi", "beta", "---\ntitle: Beeta\ndescription: d\n---\n## A\n\nKatso [alfa](/alpha).\n")
    return glossary_dir


def test_check_broken_link_and_missing_language(cli, broken: Path) -> None:
    result = cli("--data-dir", str(broken), "check")
    assert result.exit_code == 1
    out = result.stdout
    assert f"  {broken / 'no' / 'alpha.md'}\n" in out
    assert '    line 7  link "beta" to beta: beta is not in no; it is in fi\n' in out
    assert "Missing languages (1 concept)\n  concept  fi  no\n  beta     ✓   ·\n" in out
    assert out.endswith("2 problems in 5 articles in 2 languages: 1 broken link, 1 concept missing in some language.\n")

    data = json.loads(cli("--data-dir", str(broken), "check", "--json").stdout)
    assert [(p["kind"], p["slug"], p["lang"], p["line"]) for p in data["problems"]] == [
        ("broken-link", "alpha", "no", 7),
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


# --- translate --------------------------------------------------------------------------------------


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
    assert data["best"] == "노드(Node)"


# --- export -----------------------------------------------------------------------------------------


def test_export_tbx_to_stdout_and_file(cli, tmp_path: Path) -> None:
    result = cli("export", "--format", "tbx")
    assert result.exit_code == 0 and result.stderr == ""
    assert result.stdout.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<martif type="TBX-Basic" xml:lang="fi">')
    assert '<termEntry id="client-centric">' in result.stdout and "<term>Klientsentrert</term>" in result.stdout
    target = tmp_path / "glossary.tbx"
    result = cli("export", "-f", "tbx", "-o", str(target))
    assert result.exit_code == 0 and result.stdout == "" and result.stderr == ""
    assert target.read_text(encoding="utf-8") == cli("export", "-f", "tbx").stdout


def test_export_tbx3(cli) -> None:
    out = cli("--data-dir", str(K8S), "export", "--format", "tbx3", "--lang", "en", "--lang", "ja").stdout
    assert '<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">' in out
    assert '<conceptEntry id="node">' in out and "<term>ノード</term>" in out and 'xml:lang="de"' not in out


def test_export_csv(cli, tmp_path: Path) -> None:
    target = tmp_path / "glossary.csv"
    assert cli("--data-dir", str(K8S), "export", "-f", "csv", "-l", "ja", "-l", "en", "-o", str(target)).exit_code == 0
    with target.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == ["slug", "ja", "en", "ja_definition", "en_definition"]
    assert [row["slug"] for row in rows] == sorted(row["slug"] for row in rows) and len(rows) == 12
    assert next(row for row in rows if row["slug"] == "pod")["ja"] == "Pod"


def test_export_jsonl_matches_show_json(cli) -> None:
    result = cli("export", "--format", "jsonl")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert len(lines) == 2
    for line, lang in zip(lines, ["fi", "no"], strict=True):
        assert json.loads(line) == json.loads(cli("show", "client-centric", "--lang", lang, "--json").stdout)


def test_export_errors(cli, tmp_path: Path) -> None:
    result = cli("export", "--format", "xlsx")
    assert result.exit_code == 2 and "tbx, tbx3, csv, jsonl" in one_error_line(result).replace("'", "")
    result = cli("export")
    assert result.exit_code == 2 and "--format" in one_error_line(result)
    result = cli("export", "-f", "csv", "--lang", "sv")
    assert result.exit_code == 2 and one_error_line(result)
    result = cli("export", "-f", "csv", "-o", str(tmp_path / "nope" / "x.csv"))
    assert result.exit_code == 2 and "does not exist" in one_error_line(result)
    assert list(tmp_path.iterdir()) == []


def test_export_keeps_utf8_on_an_ascii_terminal(cli) -> None:
    result = cli("export", "-f", "csv", env={"PYTHONIOENCODING": "ascii"})
    assert result.exit_code == 0
    assert "Klientsentrert" in result.stdout and "myös" in result.stdout


# --- styles on a terminal ---------------------------------------------------------------------------


def test_terminal_styles_stay_where_they_belong() -> None:
    """Line numbers are dim, the message after them is not; slugs are coloured, words around them not."""
    from rich.console import Console

    from glossary import terms
    from glossary.corpus import load_corpus
    from glossary.index import open_index
    from glossary.views import terms as views

    index = open_index(load_corpus())
    console = Console(
        force_terminal=True, color_system="standard", width=200, highlight=False, emoji=False, markup=False
    )
    with console.capture() as capture:
        console.print(views.check_view(terms.check(index)))
    out = capture.get()
    assert '\x1b[2mline 10  \x1b[0mlink "asiakas" to customer' in out
    assert "\x1b[1;36mBroken links (14)\x1b[0m" in out
    with console.capture() as capture:
        console.print(views.links_view(terms.concept_links(index, "customer")))
    out = capture.get()
    assert out.startswith("\x1b[36mcustomer\x1b[0m\x1b[2m · \x1b[0m\x1b[33mno article in this glossary\x1b[0m")


# --- any input ----------------------------------------------------------------------------------------

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(word=st.text(max_size=20))
def test_any_word_ends_in_a_result_or_an_error_line(cli, word: str) -> None:
    for args in (["links", word], ["translate", word, "--to", "no"], ["links", word, "--json"]):
        result = cli(*args)
        assert result.exit_code in (0, 1, 2), (args, result.stderr)
        if result.exit_code:
            assert result.stderr.startswith("glossary: ") and "Traceback" not in result.stderr


@pytest.mark.parametrize("width", [12, 24, 40, 60, 100, 160])
def test_piped_check_text_is_what_rich_draws(broken: Path, width: int) -> None:
    import io

    from rich.console import Console

    from glossary import terms
    from glossary.corpus import load_corpus
    from glossary.index import open_index
    from glossary.views.terms import check_plain, check_view

    write_article(
        broken,
        "fi",
        "gamma",
        "---\ntitle: Gamma \x1b[31mred\x1b[0m\n---\n"
        "Katso [日本語のとても長いリンクテキスト](/nowhere-at-all-and-further).\n",
    )
    for roots in ([broken], [K8S]):
        report = terms.check(open_index(load_corpus(roots)))
        console = Console(file=io.StringIO(), width=width, color_system=None)
        with console.capture() as capture:
            console.print(check_view(report))
        expected = "\n".join(line.rstrip() for line in capture.get().split("\n"))
        assert check_plain(report, console) == expected
