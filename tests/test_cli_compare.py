"""`glossary compare A B` and `glossary compare A B TERM`, as a user runs them.

Golden files of the rendered views live in tests/golden/; after a deliberate change of the
layout, regenerate them with ``GLOSSARY_UPDATE_GOLDEN=1 python -m pytest tests/test_cli_compare.py``
and review the diff.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from rich.cells import cell_len

from conftest import write_article
from glossary.analysis import reader_words as words
from glossary.articles import Article, read_article
from glossary.corpus import bundled_root

GOLDEN = Path(__file__).parent / "golden"
HEADINGS = [
    ("Mikä on asiakaslähtöisyys?", "Hva er klientsentrisk?"),
    ("Asiakaslähtöisyyden ymmärtäminen", "Forstå klientsentrisk"),
    ("Asiakaskeskeisen lähestymistavan edut", "Fordelene med en klientsentrert tilnærming"),
    ("Kohokohdat", "Høydepunkter"),
]


def bundled(lang: str) -> Article:
    return read_article(bundled_root() / lang / "client-centric.md", slug="client-centric", lang=lang)


def run(cli, *args: str, columns: int = 100):
    return cli(*args, env={"COLUMNS": str(columns)})


def widest(text: str) -> int:
    return max((cell_len(line) for line in text.split("\n")), default=0)


def line_with(text: str, *parts: str) -> str | None:
    return next((line for line in text.split("\n") if all(part in line for part in parts)), None)


def all_words(article: Article) -> set[str]:
    text = " ".join([article.title, article.description, article.text])
    return set(words(text))


# --- the whole glossary ----------------------------------------------------------------------------


def test_whole_glossary_lists_each_concept_with_both_titles_and_coverage(cli) -> None:
    result = run(cli, "compare", "fi", "no")
    assert result.exit_code == 0, result.stderr
    assert line_with(result.stdout, "client-centric", "Asiakaskeskeinen", "Klientsentrert", "both")
    assert "fi 1 of 1, no 1 of 1, both 1" in result.stdout
    assert "\x1b" not in result.stdout


def test_whole_glossary_json(cli) -> None:
    data = json.loads(run(cli, "compare", "fi", "no", "--json").stdout)
    assert data["langs"] == ["fi", "no"]
    assert data["summary"] == {"concepts": 1, "fi": 1, "no": 1, "both": 1, "missing": 0, "flagged": 0}
    (concept,) = data["concepts"]
    assert set(concept) == {"slug", "fi", "no", "status", "flags"}
    assert concept["fi"]["title"] == "Asiakaskeskeinen"
    assert concept["no"]["path"].endswith(os.path.join("no", "client-centric.md"))
    assert concept["status"] == "both" and concept["flags"] == []


def test_a_concept_missing_in_one_language(cli, k8s_copy: Path) -> None:
    (k8s_copy / "ja" / "node.md").unlink()
    listing = run(cli, "-d", str(k8s_copy), "compare", "en", "ja")
    assert listing.exit_code == 0
    assert line_with(listing.stdout, "node", "Node", "—", "only en")
    assert "en 12 of 12, ja 11 of 12, both 11" in listing.stdout

    todo = run(cli, "-d", str(k8s_copy), "compare", "en", "ja", "--missing")
    rows = [line.split()[0] for line in todo.stdout.split("\n")[1:] if line and not line.startswith(" ")]
    assert rows[0] == "node" and "cluster" not in todo.stdout
    assert "1 missing in ja" in todo.stdout

    data = json.loads(run(cli, "-d", str(k8s_copy), "compare", "en", "ja", "--missing", "--json").stdout)
    assert [(c["slug"], c["ja"], c["status"]) for c in data["concepts"]] == [("node", None, "only en")]
    assert data["summary"]["missing"] == 1

    reverse = run(cli, "-d", str(k8s_copy), "compare", "ja", "en", "--missing")
    assert "Nothing missing" in reverse.stdout and reverse.exit_code == 0

    one = run(cli, "-d", str(k8s_copy), "compare", "en", "ja", "node")
    assert one.exit_code == 1
    assert one.stderr == "glossary: node is not in ja; it is in de, en, fr, ko, zh-cn\n"


def test_shape_differences_are_flagged(cli, glossary_dir: Path) -> None:
    write_article(
        glossary_dir,
        "fi",
        "rate",
        "# Korko\n\n## Yksi\n\nKorko on 8 % vuonna 2019, [laina](/loan).\n\n## Kaksi\n\nTeksti.\n",
    )
    write_article(glossary_dir, "no", "rate", "# Rente\n\n## En\n\nRenten er 8% i 2020.\n")
    result = run(cli, "-d", str(glossary_dir), "compare", "fi", "no")
    flags = line_with(result.stdout, "differs:")
    assert flags and "sections: fi 2, no 1" in flags and "links only in fi: loan" in flags
    assert "numbers only in fi: 2019; only in no: 2020" in flags
    data = json.loads(run(cli, "-d", str(glossary_dir), "compare", "fi", "no", "--json").stdout)
    rate = next(c for c in data["concepts"] if c["slug"] == "rate")
    assert rate["flags"] == [
        {"kind": "sections", "fi": 2, "no": 1},
        {"kind": "links", "fi": ["loan"], "no": []},
        {"kind": "numbers", "fi": ["2019"], "no": ["2020"]},
    ]
    assert data["summary"]["flagged"] == 1


def test_a_comparison_kept_from_an_earlier_run_follows_every_change(cli, glossary_dir: Path) -> None:
    write_article(glossary_dir, "fi", "rate", "# Korko\n\n## Yksi\n\nKorko on 8 %.\n")
    write_article(glossary_dir, "no", "rate", "# Rente\n\n## En\n\nRenten er 8%.\n")
    write_article(glossary_dir, "fi", "loan", "# Laina\n\n## Yksi\n\nTeksti.\n")
    data = ("-d", str(glossary_dir))
    views = [("compare", "fi", "no"), ("compare", "fi", "no", "--missing"), ("compare", "fi", "no", "--json")]
    first = [run(cli, *data, *args).stdout for args in views]
    assert [run(cli, *data, *args).stdout for args in views] == first
    assert line_with(first[1], "loan", "Laina", "only fi")

    write_article(glossary_dir, "no", "loan", "# Lån\n\n## En\n\nTekst 12.\n")
    write_article(glossary_dir, "no", "rate", "# Rentesats\n\n## En\n\nRenten er 8%.\n")
    plain, missing, as_json = (run(cli, *data, *args).stdout for args in views)
    assert line_with(plain, "loan", "Laina", "Lån", "both") and line_with(plain, "rate", "Rentesats")
    assert "numbers only in no: 12" in plain
    assert missing.startswith("Nothing missing: every fi concept is in no.")
    summary = json.loads(as_json)["summary"]  # rate and loan; no bundled concept under one's own glossary
    assert (summary["concepts"], summary["both"], summary["missing"]) == (2, 2, 0)

    (glossary_dir / "no" / "loan.md").unlink()
    assert line_with(run(cli, *data, "compare", "fi", "no").stdout, "loan", "Laina", "only fi")
    narrow = run(cli, *data, "compare", "fi", "no", columns=40).stdout
    assert widest(narrow) <= 40 and "only fi" in narrow


def test_only_the_latest_comparisons_are_kept(cli, k8s: Path, clean_environment: Path) -> None:
    import sqlite3

    from glossary.index.memo import KEPT

    pairs = [("en", "ja"), ("de", "fr"), ("ko", "zh-cn"), ("ja", "en"), ("fr", "de")]
    views = [(), ("--json",), ("--missing",)]
    first = {(pair, view): run(cli, "-d", str(k8s), "compare", *pair, *view).stdout for pair in pairs for view in views}
    for (pair, view), text in first.items():
        assert run(cli, "-d", str(k8s), "compare", *pair, *view).stdout == text
    for path in clean_environment.glob("index-*.sqlite3"):
        with sqlite3.connect(path) as conn:
            kept = conn.execute("SELECT count(*) FROM memos WHERE name LIKE 'compare:%'").fetchone()[0]
        assert 0 < kept <= KEPT


# --- one article -----------------------------------------------------------------------------------


def test_headings_face_their_counterparts_at_160_columns(cli) -> None:
    result = run(cli, "compare", "fi", "no", "client-centric", columns=160)
    assert result.exit_code == 0, result.stderr
    assert line_with(result.stdout, "Asiakaskeskeinen", "Klientsentrert")
    for number, (fi, no) in enumerate(HEADINGS, start=1):
        assert line_with(result.stdout, f"{number}. {fi}", f"{number}. {no}"), (fi, no)
    assert line_with(result.stdout, "Asiakaskeskeisyys, joka tunnetaan", "Klientsentrert, også kjent")
    assert widest(result.stdout) <= 160


@pytest.mark.parametrize("columns", [40, 60, 79, 80, 100, 160])
def test_nothing_is_wider_than_the_terminal_and_every_word_is_there(cli, columns: int) -> None:
    result = run(cli, "compare", "fi", "no", "client-centric", columns=columns)
    assert result.exit_code == 0, result.stderr
    assert widest(result.stdout) <= columns
    shown = set(words(result.stdout))
    for lang in ("fi", "no"):
        assert all_words(bundled(lang)) <= shown, lang


def test_below_80_columns_a_text_is_stacked_above_its_counterpart(cli) -> None:
    result = run(cli, "compare", "fi", "no", "client-centric", columns=60)
    lines = result.stdout.split("\n")
    fi = lines.index("fi  1. Mikä on asiakaslähtöisyys?")
    assert lines[fi + 1] == "no  1. Hva er klientsentrisk?"
    assert "│" not in result.stdout
    forced = run(cli, "compare", "fi", "no", "client-centric", "--layout", "columns", columns=60)
    assert line_with(forced.stdout, "Kohokohdat", "Høydepunkter") and widest(forced.stdout) <= 60


@pytest.mark.parametrize(("pair", "columns"), [(("en", "ja"), 80), (("en", "ko"), 100), (("en", "zh-cn"), 60)])
def test_cjk_is_measured_in_cells(cli, k8s: Path, pair: tuple[str, str], columns: int) -> None:
    result = run(cli, "-d", str(k8s), "compare", *pair, "node", columns=columns)
    assert result.exit_code == 0, result.stderr
    assert widest(result.stdout) <= columns
    other = read_article(k8s / pair[1] / "node.md", slug="node", lang=pair[1])
    if columns >= 80:
        assert line_with(result.stdout, "Node", other.title)
    assert set("".join(other.lead.split())) <= set(result.stdout)  # every character of the CJK text


def test_a_section_missing_from_b_shows_as_a_gap(cli, glossary_dir: Path) -> None:
    text = (bundled_root() / "no" / "client-centric.md").read_text(encoding="utf-8")
    parts = re.split(r"(?m)^(?=## )", text)
    del parts[2]  # "Forstå klientsentrisk"
    write_article(glossary_dir, "no", "client-centric", "".join(parts))
    data = ("--bundled", "-d", str(glossary_dir))  # the bundled fi, next to this no
    result = run(cli, *data, "compare", "fi", "no", "client-centric", columns=160)
    assert result.exit_code == 0, result.stderr
    assert line_with(result.stdout, "2. Asiakaslähtöisyyden ymmärtäminen", "— missing in no —")
    assert line_with(result.stdout, "3. Asiakaskeskeisen lähestymistavan edut", "2. Fordelene med en")
    assert line_with(result.stdout, "4. Kohokohdat", "3. Høydepunkter")
    assert "differs: sections: fi 4, no 3" in result.stdout

    stacked = run(cli, *data, "compare", "fi", "no", "client-centric", columns=60)
    lines = stacked.stdout.split("\n")
    gap = lines.index("fi  2. Asiakaslähtöisyyden ymmärtäminen")
    assert lines[gap + 1] == "no  — missing in no —"

    todo = run(cli, *data, "compare", "fi", "no", "client-centric", "--missing", columns=160)
    assert "2. Asiakaslähtöisyyden ymmärtäminen" in todo.stdout and "Kohokohdat" not in todo.stdout

    shown = json.loads(run(cli, *data, "compare", "fi", "no", "client-centric", "--json").stdout)
    assert [(s["number"], s["fi"]["number"], s["no"] and s["no"]["number"]) for s in shown["sections"]] == [
        (1, 1, 1),
        (2, 2, None),
        (3, 3, 2),
        (4, 4, 3),
    ]


@pytest.mark.parametrize("columns", [60, 100])
def test_long_words_fold_and_text_stays_literal(cli, glossary_dir: Path, columns: int) -> None:
    word = "Donaudampfschifffahrtsgesellschaftskapitän" * 4
    write_article(
        glossary_dir,
        "fi",
        "long",
        f"# Pitkä\n\n## Osa\n\n{word} [red]ei väriä[/red] :smile: https://example.com/{'x' * 90}\n",
    )
    write_article(glossary_dir, "no", "long", f"# Lang\n\n## Del\n\n{word} [bold]ikke fet[/bold]\n")
    result = run(cli, "-d", str(glossary_dir), "compare", "fi", "no", "long", columns=columns)
    assert result.exit_code == 0, result.stderr
    assert widest(result.stdout) <= columns
    assert "[red]ei väriä[/red] :smile:" in result.stdout and "[bold]ikke fet[/bold]" in result.stdout
    assert "Donaudampf" in result.stdout


def test_article_json(cli) -> None:
    data = json.loads(run(cli, "compare", "fi", "no", "client-centric", "--json").stdout)
    assert set(data) == {"slug", "langs", "title", "description", "lead", "sections", "paths", "flags"}
    assert data["slug"] == "client-centric" and data["langs"] == ["fi", "no"]
    assert data["title"] == {"fi": "Asiakaskeskeinen", "no": "Klientsentrert"}
    assert set(data["description"]) == {"fi", "no"}
    assert [(s["fi"]["heading"], s["no"]["heading"]) for s in data["sections"]] == HEADINGS
    assert data["sections"][3]["no"]["text"].startswith("- En klientsentrisk tilnærming")
    assert data["flags"] == []


def test_section_by_number_or_words_in_either_language(cli) -> None:
    by_number = run(cli, "compare", "fi", "no", "client-centric", "--section", "4", columns=160)
    by_words = run(cli, "compare", "fi", "no", "client-centric", "--section", "høydepunkter", columns=160)
    assert by_number.stdout == by_words.stdout
    assert line_with(by_number.stdout, "4. Kohokohdat", "4. Høydepunkter")
    assert "Mikä on" not in by_number.stdout
    data = json.loads(run(cli, "compare", "fi", "no", "client-centric", "-s", "2", "--json").stdout)
    assert [s["number"] for s in data["sections"]] == [2]
    missing = run(cli, "compare", "fi", "no", "client-centric", "--section", "9")
    assert missing.exit_code == 1 and "sections 1 to 4" in missing.stderr


def test_term_resolves_like_show(cli) -> None:
    by_title = run(cli, "compare", "no", "fi", "Asiakaskeskeinen", columns=160)
    assert by_title.exit_code == 0
    assert line_with(by_title.stdout, "1. Hva er klientsentrisk?", "1. Mikä on asiakaslähtöisyys?")


# --- errors ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("fi", "fi"), 'glossary: "fi" is given twice, it is the same language; compare two of fi, no\n'),
        (("no", "nb"), 'glossary: "no" and "nb" are the same language; compare two of fi, no\n'),
        (("fi", "xx"), 'glossary: no articles in language "xx"; languages: fi, no\n'),
        (
            ("fi", "nb", "client-centric", "--section", "1", "--missing"),
            "glossary: use --section or --missing, not both\n",
        ),
        (("fi", "no", "--section", "1"), "glossary: --section needs a TERM: glossary compare A B TERM --section S\n"),
    ],
)
def test_usage_errors_exit_2(cli, args, message: str) -> None:
    result = run(cli, "compare", *args)
    assert (result.exit_code, result.stderr, result.stdout) == (2, message, "")


def test_unknown_term_suggests_close_names(cli) -> None:
    result = run(cli, "compare", "fi", "no", "kliento")
    assert result.exit_code == 1
    assert result.stderr.startswith("glossary: ") and "did you mean client-centric?" in result.stderr


def test_term_in_neither_language(cli, k8s: Path) -> None:
    result = run(cli, "--bundled", "-d", str(k8s), "compare", "fi", "no", "node")  # fi and no: bundled
    assert result.exit_code == 1
    assert result.stderr == "glossary: node is in neither fi nor no; it is in de, en, fr, ja, ko, zh-cn\n"


# --- golden files ----------------------------------------------------------------------------------

GOLDEN_CASES = [
    ("compare-fi-no", ("compare", "fi", "no"), (60, 100, 160)),
    ("compare-fi-no-client-centric", ("compare", "fi", "no", "client-centric"), (60, 100, 160)),
    ("compare-en-ja", ("compare", "en", "ja"), (60, 100, 160)),
    ("compare-en-ja-node", ("compare", "en", "ja", "node"), (60, 100, 160)),
]


@pytest.mark.parametrize(
    ("name", "args", "columns"),
    [(name, args, columns) for name, args, widths in GOLDEN_CASES for columns in widths],
)
def test_golden(cli, k8s: Path, name: str, args: tuple[str, ...], columns: int) -> None:
    data = ("-d", str(k8s)) if "en" in args else ()
    result = run(cli, *data, *args, columns=columns)
    assert result.exit_code == 0, result.stderr
    path = GOLDEN / f"{name}-{columns}.txt"
    if os.environ.get("GLOSSARY_UPDATE_GOLDEN"):
        path.parent.mkdir(exist_ok=True)
        path.write_text(result.stdout, encoding="utf-8")
    assert result.stdout == path.read_text(encoding="utf-8")


def test_bad_front_matter_is_a_warning_and_an_empty_file_an_error(cli, glossary_dir: Path) -> None:
    write_article(glossary_dir, "fi", "rate", "---\ntitle: [unclosed\n---\n# Korko\n\n## Osa\n\nTeksti.\n")
    write_article(glossary_dir, "no", "rate", "# Rente\n\n## Del\n\nTekst.\n")
    result = run(cli, "-d", str(glossary_dir), "compare", "fi", "no", "rate")
    assert result.exit_code == 0
    assert result.stderr.startswith("glossary: warning: ") and result.stderr.count("\n") == 1
    assert "rate.md" in result.stderr
    write_article(glossary_dir, "no", "rate", "")
    empty = run(cli, "-d", str(glossary_dir), "compare", "fi", "no", "rate")
    assert empty.exit_code == 1 and empty.stderr.startswith("glossary: ") and "empty" in empty.stderr


@pytest.mark.parametrize("columns", ["60", "160"])
def test_markdown_nested_too_deep_for_a_column_still_shows_its_words(cli, glossary_dir: Path, columns: str) -> None:
    for lang, word in (("en", "bottom"), ("fi", "pohja")):
        write_article(glossary_dir, lang, "deep", f"# Deep\n\n## One\n\n{'>' * 300} {word}\n")
    out = cli("--data-dir", str(glossary_dir), "compare", "en", "fi", "deep", env={"COLUMNS": columns}).stdout
    assert "bottom" in out and "pohja" in out


# --- the source language ------------------------------------------------------------------------------


def test_one_language_is_compared_with_the_source(cli, k8s: Path) -> None:
    alone = cli("--data-dir", str(k8s), "compare", "ja", "--json")
    assert alone.exit_code == 0, alone.stderr
    assert alone.stdout == cli("--data-dir", str(k8s), "compare", "en", "ja", "--json").stdout
    chosen = cli("--data-dir", str(k8s), "--source", "fr", "compare", "ja", "--json")
    assert chosen.stdout == cli("--data-dir", str(k8s), "compare", "fr", "ja", "--json").stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "glossary: compare needs a language: compare LANG (the source language with LANG) or compare A B\n"),
        (["EN"], "glossary: en is the source language; compare it with one of de, fr, ja, ko, zh-cn: "),
        (["zh"], None),  # the one Chinese folder: fine
    ],
)
def test_compare_without_two_languages(cli, k8s: Path, args: list[str], message: str | None) -> None:
    result = cli("--data-dir", str(k8s), "compare", *args, "--json")
    if message is None:
        assert result.exit_code == 0, result.stderr
        return
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith(message) and result.stderr.count("\n") == 1
