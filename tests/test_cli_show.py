"""`glossary show` as a user sees it: in-process through CliRunner, and as a real process."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import K8S, one_error_line, write_article
from glossary.corpus import bundled_root

ESCAPE = re.compile(r"[\x1b\x07\x80-\x9f]")  # ESC, BEL and C1 controls (as characters)
CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0b-\x1f\x7f]|\xc2[\x80-\x9f]")  # C0 but \t\n, DEL, C1 in UTF-8
COLOUR = re.compile(r"\x1b\[(?:[0-9;]*;)?(?:3[0-9]|4[0-9]|9[0-7]|10[0-7])(?:;[0-9;]*)?m")


def glossary(*args: str, env: dict[str, str] | None = None, **kwargs) -> subprocess.CompletedProcess[bytes]:
    """Run ``python -m glossary ARGS`` as a separate process, outside the repository."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "glossary", *args], env=full_env, capture_output=True, timeout=60, cwd="/", **kwargs
    )


def seed_body(lang: str) -> str:
    text = (bundled_root() / lang / "client-centric.md").read_text(encoding="utf-8")
    return text.split("---\n", 2)[2]


# --- plain output when piped ---------------------------------------------------------------------------


def test_show_norwegian_piped(cli) -> None:
    result = cli("show", "client-centric", "--lang", "no")
    assert result.exit_code == 0
    assert result.stderr == ""
    out = result.stdout
    assert out.startswith("Klientsentrert  client-centric · no · also in fi\n")
    assert not ESCAPE.search(out)
    assert "](/" not in out and "](/customer)" not in out and "[kunden]" not in out
    assert "1. Hva er klientsentrisk?" in out and "4. Høydepunkter" in out
    assert "Kundesentrerte virksomheter sikrer at" in out.replace("\n", " ")


def test_highlights_are_three_list_items(cli) -> None:
    out = cli("show", "client-centric", "--lang", "no", env={"COLUMNS": "200"}).stdout
    highlights = out.split("4. Høydepunkter", 1)[1]
    assert [line.strip()[:14] for line in highlights.splitlines() if line.strip().startswith("•")] == [
        "• En klientsen",
        "• Å oppretthol",
        "• Å ha en klie",
    ]
    assert "– " not in out


def test_related_line(cli) -> None:
    out = cli("show", "client-centric", "--lang", "no", env={"COLUMNS": "400"}).stdout
    related = [line for line in out.splitlines() if line.startswith("Related: ")]
    assert len(related) == 1
    for slug in ("customer", "market-orientation", "onestopshop", "promotion-expense", "client-base"):
        assert f"{slug} (not in this glossary)" in related[0]


def test_related_line_names_languages_when_the_concept_exists(cli, glossary_dir: Path) -> None:
    write_article(glossary_dir, "en", "customer", "---\ntitle: Customer\n---\nA buyer.\n")
    write_article(glossary_dir, "nb", "customer", "---\ntitle: Kunde\n---\nEn kjøper.\n")
    args = ("--bundled", "--data-dir", str(glossary_dir), "show", "client-centric", "--lang", "no")
    out = cli(*args, env={"COLUMNS": "400"}).stdout
    related = next(line for line in out.splitlines() if line.startswith("Related: "))
    assert "Kundesentrerte, kunden → customer (en, nb)" in related
    assert "market-orientation (not in this glossary)" in related


@pytest.mark.parametrize("columns", [60, 160])
def test_lines_fit_columns(cli, columns: int, glossary_dir: Path) -> None:
    word = "ž" * 5000
    write_article(glossary_dir, "fi", "long", f"# Pitkä\n\nAlku {word} loppu.\n\n## Osa\n\n- {word}\n")
    for args in (["show", "client-centric", "--lang", "fi"], ["show", "long"], ["show", "client-centric", "--toc"]):
        result = cli("--bundled", "--data-dir", str(glossary_dir), *args, env={"COLUMNS": str(columns)})
        assert result.exit_code == 0, result.stderr
        lines = result.stdout.splitlines()
        assert max(len(line) for line in lines) <= columns, args
    assert result.stdout.count("ž") == 0  # the toc has no body
    long = cli("--data-dir", str(glossary_dir), "show", "long", env={"COLUMNS": str(columns)}).stdout
    assert long.count("ž") == 10000  # folded, not cut
    assert sum(1 for line in long.splitlines() if len(line) == columns) >= 2 * (5000 // columns) - 2


def test_raw_prints_the_body_exactly(cli) -> None:
    for lang in ("fi", "no"):
        result = cli("show", "client-centric", "--lang", lang, "--raw")
        assert result.exit_code == 0
        assert result.stdout == seed_body(lang)


def test_raw_keeps_markup_and_links(cli) -> None:
    out = cli("show", "client-centric", "--lang", "no", "--raw").stdout
    assert "[Kundesentrerte](/customer)" in out
    assert out.startswith("\n# Klientsentrert\n## Hva er klientsentrisk?\n")


# --- JSON -------------------------------------------------------------------------------------------


def test_json_shape(cli) -> None:
    result = cli("show", "client-centric", "--lang", "fi", "--json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    for key in (
        "slug",
        "lang",
        "title",
        "description",
        "keywords",
        "sections",
        "lead",
        "links",
        "path",
        "languages",
        "metadata",
    ):
        assert key in data, key
    assert data["slug"] == "client-centric"
    assert data["lang"] == "fi"
    assert data["title"] == "Asiakaskeskeinen"
    assert data["description"].startswith("Asiakaskeskeisyys, joka tunnetaan myös nimellä asiakaslähtöisyys")
    assert data["keywords"] == ["Business", "Business Essentials"]
    assert data["languages"] == ["fi", "no"]
    assert [(s["number"], s["heading"]) for s in data["sections"]] == [
        (1, "Mikä on asiakaslähtöisyys?"),
        (2, "Asiakaslähtöisyyden ymmärtäminen"),
        (3, "Asiakaskeskeisen lähestymistavan edut"),
        (4, "Kohokohdat"),
    ]
    assert all(set(s) >= {"number", "heading", "text"} for s in data["sections"])
    assert data["sections"][3]["text"].count("- ") == 3
    assert data["lead"] == ""  # the seed has only a title line before its first section
    assert {"text": "asiakas", "target": "customer", "line": 10} in data["links"]
    assert Path(data["path"]).read_bytes() == (bundled_root() / "fi" / "client-centric.md").read_bytes()
    assert data["metadata"]["title"] == "Asiakaskeskeinen"


def test_json_yaml_values_stay_strings(cli, glossary_dir: Path) -> None:
    write_article(
        glossary_dir,
        "en",
        "typed",
        "---\ntitle: Typed\nlang: no\nflag: on\ndate: 2024-01-02\ntime: 1:30\ncount: 7\nlist: [yes, 2]\n---\nBody.\n",
    )
    data = json.loads(cli("--data-dir", str(glossary_dir), "show", "typed", "--json").stdout)
    assert data["metadata"] == {
        "title": "Typed",
        "lang": "no",
        "flag": "on",
        "date": "2024-01-02",
        "time": "1:30",
        "count": "7",
        "list": ["yes", "2"],
    }
    assert data["lang"] == "en"


def test_json_is_the_same_with_ascii_output() -> None:
    result = glossary("show", "client-centric", "--lang", "no", "--json", env={"PYTHONIOENCODING": "ascii"})
    assert result.returncode == 0, result.stderr
    result.stdout.decode("ascii")
    assert json.loads(result.stdout)["title"] == "Klientsentrert"
    assert "Høydepunkter" in [s["heading"] for s in json.loads(result.stdout)["sections"]]


# --- text is data -------------------------------------------------------------------------------------

TRICKY = (
    '---\ntitle: "[bold red]Tricky[/]"\ndescription: "Uses [/customer] and :thumbs_up:"\n---\n'
    "Lead [bold red]x[/] and [/customer] and :thumbs_up:.\n\n## [i]Heading[/i]\n\n- item [link=http://x]y[/link]\n"
)


@pytest.mark.parametrize("extra", [[], ["--json"], ["--toc"], ["--raw"]])
def test_markup_lookalikes_are_printed_literally(cli, glossary_dir: Path, extra: list[str]) -> None:
    write_article(glossary_dir, "en", "tricky", TRICKY)
    result = cli("--data-dir", str(glossary_dir), "show", "tricky", *extra)
    assert result.exit_code == 0, result.stderr
    out = json.loads(result.stdout)["lead"] if extra == ["--json"] else result.stdout
    if extra != ["--toc"]:
        assert "[bold red]x[/]" in out and "[/customer]" in out and ":thumbs_up:" in out
    if not extra:
        assert result.stdout.startswith("[bold red]Tricky[/]  tricky · en")
        assert "1. [i]Heading[/i]" in result.stdout and "item [link=http://x]y[/link]" in result.stdout
    if extra == ["--toc"]:
        assert "1  [i]Heading[/i]" in result.stdout
    assert "👍" not in result.stdout


def test_markup_lookalikes_on_a_terminal(glossary_dir: Path) -> None:
    write_article(glossary_dir, "en", "tricky", TRICKY)
    out = glossary(
        "--data-dir",
        str(glossary_dir),
        "show",
        "tricky",
        "--no-pager",
        env={"FORCE_COLOR": "1", "TERM": "xterm-256color"},
    ).stdout.decode()
    plain = re.sub(r"\x1b\[[0-9;]*m", "", out)
    assert "[bold red]Tricky[/]" in plain
    assert "Lead [bold red]x[/] and [/customer] and :thumbs_up:." in plain
    assert "👍" not in plain


HOSTILE = (
    '---\ntitle: "Evil\\e]0;pwned\\a title\\e[31m"\ndescription: "D\\x9b2J"\n---\n'
    "Lead \x1b[2J\x1b]8;;http://evil.example\x07click\x1b]8;;\x07 \x1b]0;title\x1b\\ "
    "\x9b31m \x9d0;x\x9c bell\x07 nul\x00 "
    "bs\x08 del\x7f vt\x0b ff\x0c cr\rend.\n\n## Head\x1b[1ming\n\ntext \x1bc reset \x1b7 save.\n"
)


@pytest.mark.parametrize("extra", [[], ["--json"], ["--toc"], ["--raw"], ["--section", "1"]])
def test_control_sequences_never_reach_stdout(glossary_dir: Path, extra: list[str]) -> None:
    write_article(glossary_dir, "en", "evil", HOSTILE)
    result = glossary("--data-dir", str(glossary_dir), "show", "evil", *extra)
    assert result.returncode == 0, result.stderr
    assert not CONTROL_BYTES.search(result.stdout), result.stdout
    assert b"pwned" not in result.stdout and b"evil.example" not in result.stdout
    if not extra:
        assert b"click" in result.stdout and b"Heading" in result.stdout


def test_control_sequences_in_a_term_are_not_echoed_raw(cli) -> None:
    result = cli("show", "\x1b]0;pwned\x07nothing\nnew line\x1b[31m")
    assert result.exit_code == 1
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("glossary: ")


def test_file_names_with_control_characters_are_not_articles(cli, glossary_dir: Path) -> None:
    write_article(glossary_dir, "en", "good", "# Good\n\nFine.\n")
    write_article(glossary_dir, "en", "a\x1b]0;pwned\x07b", "# Evil name\n\nx\n")
    result = cli("--data-dir", str(glossary_dir), "list")
    assert result.exit_code == 0
    assert "good" in result.stdout and "pwned" not in result.stdout and "\x1b" not in result.stdout


def test_file_names_that_are_not_utf8_do_not_break_the_glossary(glossary_dir: Path) -> None:
    write_article(glossary_dir, "en", "good", "# Good\n\nFine.\n")
    (glossary_dir / "en").joinpath(os.fsdecode(b"bad\xff\xfename.md")).write_text("# Bad name\n\nx\n")
    for args in (["list"], ["show", "goood"], ["show", "Bad name"], ["langs"]):
        result = glossary("--data-dir", str(glossary_dir), *args)
        assert b"Traceback" not in result.stderr, (args, result.stderr)
        assert result.returncode in (0, 1), args
    assert b"good" in glossary("--data-dir", str(glossary_dir), "list").stdout


def test_terms_that_are_not_utf8(glossary_dir: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "glossary", "show", b"ab\xff"], capture_output=True, timeout=60, cwd="/"
    )
    assert result.returncode == 1
    assert result.stderr.startswith(b"glossary: ") and b"Traceback" not in result.stderr


@pytest.mark.parametrize("term", ["../../etc/passwd", "/etc/passwd", "../../../../../../../etc/shadow", "..", "~root"])
def test_paths_are_just_terms_that_are_not_found(cli, term: str) -> None:
    result = cli("show", term)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("glossary: ")
    assert "root:" not in result.stderr


# --- colour, encodings, pipes ------------------------------------------------------------------------


def test_piped_output_has_no_escape_codes_even_with_a_colour_terminal_type() -> None:
    result = glossary("show", "client-centric", "--lang", "no", env={"TERM": "xterm-256color"})
    assert result.returncode == 0
    assert b"\x1b" not in result.stdout


def test_colour_on_a_terminal_and_no_color() -> None:
    env = {"FORCE_COLOR": "1", "TERM": "xterm-256color"}
    coloured = glossary("show", "client-centric", "--lang", "no", "--no-pager", env=env).stdout.decode()
    assert COLOUR.search(coloured)  # the check below can fail
    for args, extra in ((["show"], {"NO_COLOR": "1"}), (["--no-color", "show"], {})):
        out = glossary(*args, "client-centric", "--lang", "no", "--no-pager", env={**env, **extra}).stdout.decode()
        assert "Klientsentrert" in out
        assert not COLOUR.search(out), (args, extra)


def test_pythonioencoding_ascii_does_not_crash() -> None:
    result = glossary("show", "client-centric", "--lang", "no", env={"PYTHONIOENCODING": "ascii"})
    assert result.returncode == 0, result.stderr
    assert b"Traceback" not in result.stderr
    result.stdout.decode("ascii")
    assert b"Klientsentrert" in result.stdout
    missing = glossary("show", "høydepunkt", env={"PYTHONIOENCODING": "ascii"})
    assert missing.returncode == 1
    assert missing.stderr.startswith(b"glossary: ") and b"Traceback" not in missing.stderr


def test_pipe_closed_early_is_quiet(glossary_dir: Path) -> None:
    # A long article, so that writing continues after `head -1` has gone.
    write_article(
        glossary_dir, "en", "huge", "# Huge\n\n" + "\n\n".join(f"Paragraph {i} " + "word " * 40 for i in range(3000))
    )
    for args in (
        ["show", "client-centric"],
        ["--data-dir", str(glossary_dir), "show", "huge"],
        ["--data-dir", str(glossary_dir), "show", "huge", "--json"],
        ["--data-dir", str(glossary_dir), "show", "huge", "--raw"],
    ):
        process = subprocess.Popen(
            [sys.executable, "-m", "glossary", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd="/"
        )
        first = process.stdout.readline()
        process.stdout.close()
        stderr = process.stderr.read()
        assert process.wait(timeout=60) == 0, (args, stderr)
        assert first.strip()
        assert stderr == b"", (args, stderr)


@pytest.mark.parametrize("args", [["show", "client-centric"], ["--version"], ["--help"], ["show", "--help"], ["langs"]])
def test_reader_gone_before_the_first_write(args: list[str]) -> None:
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        result = subprocess.run(
            [sys.executable, "-m", "glossary", *args], stdout=write_end, stderr=subprocess.PIPE, timeout=60, cwd="/"
        )
    finally:
        os.close(write_end)
    assert result.returncode == 0, result.stderr
    assert result.stderr == b""


def test_head_in_a_shell_pipeline() -> None:
    command = f'"{sys.executable}" -m glossary show client-centric | head -1'
    result = subprocess.run(["sh", "-c", command], capture_output=True, timeout=60, cwd="/")
    assert result.stdout.decode() == "Asiakaskeskeinen  client-centric · fi · also in no\n"
    assert result.stderr == b""


# --- usage errors, version, module ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["show"],
        ["show", "client-centric", "--bogus"],
        ["shwo", "client-centric"],
        ["show", "client-centric", "--section"],
        ["--data-dir"],
        ["show", ""],
        ["show", "client-centric", "--lang", "sv"],
        ["show", "client-centric", "--section", " "],
    ],
)
def test_usage_errors_exit_2_with_one_line(cli, args: list[str]) -> None:
    result = cli(*args)
    assert result.exit_code == 2, (args, result.stderr)
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1, result.stderr
    assert result.stderr.startswith("glossary: ")


def test_interrupt_exits_130(cli, monkeypatch: pytest.MonkeyPatch) -> None:
    import typer

    from glossary.search import lookup

    for error in (KeyboardInterrupt, typer.Abort):

        def interrupted(*args, error=error, **kwargs):
            raise error()

        monkeypatch.setattr(lookup, "resolve", interrupted)
        result = cli("show", "client-centric")
        assert result.exit_code == 130, error
        assert (result.stdout, result.stderr.strip()) == ("", ""), error  # nothing but the exit code


def test_version(cli) -> None:
    from glossary import __version__

    result = cli("--version")
    assert result.exit_code == 0
    assert result.stdout == f"glossary {__version__}\n"


def test_python_dash_m(tmp_path: Path) -> None:
    version = glossary("--version")
    assert version.returncode == 0 and version.stdout.startswith(b"glossary ")
    shown = subprocess.run(
        [sys.executable, "-m", "glossary", "show", "client-centric", "--lang", "no"],
        capture_output=True,
        timeout=60,
        cwd=tmp_path,
    )
    assert shown.returncode == 0
    assert shown.stdout.startswith("Klientsentrert  client-centric · no".encode())
    help_text = glossary("--help")
    assert help_text.returncode == 0 and b"show" in help_text.stdout


def test_no_arguments_shows_help(cli) -> None:
    result = cli()
    assert result.exit_code == 0
    assert "show" in result.stdout


# --- real data: the Kubernetes glossary -------------------------------------------------------------------


def test_k8s_node_in_japanese(cli, k8s: Path) -> None:
    result = cli("--data-dir", str(k8s), "show", "node", "--lang", "ja")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert out.startswith("ノード  node · ja · also in de, en, fr, ko, zh-cn\n")
    assert "ノードはKubernetesのワーカーマシンです。" in out
    assert "Pod" in out and "{{" not in out and "glossary_tooltip" not in out and "<!--" not in out
    assert "pod (de, en, fr, ja, ko, zh-cn)" in out.replace("\n", " ")
    assert "docker (not in this glossary)" in out.replace("\n", " ")


def test_k8s_lookup_by_japanese_title(cli, k8s: Path) -> None:
    for term, slug in (("ノード", "node"), ("コンテナ", "container")):
        result = cli("--data-dir", str(k8s), "show", term)
        assert result.exit_code == 0, result.stderr
        assert result.stdout.startswith(f"{term}  {slug} · ja")


def test_k8s_chinese_without_html_comments(cli, k8s: Path) -> None:
    result = cli("--data-dir", str(k8s), "show", "node", "--lang", "zh-cn")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert out.startswith("节点 (Node)  node · zh-cn")
    assert "Kubernetes 中的工作机器称作节点。" in out
    # The English original sits in HTML comments in the Chinese file.
    assert "A node is a worker machine" not in out
    assert "In early Kubernetes versions" not in out
    assert "<!--" not in out and "-->" not in out and "more" not in out
    data = json.loads(cli("--data-dir", str(k8s), "show", "node", "--lang", "zh-cn", "--json").stdout)
    assert "worker machine" not in json.dumps(data["lead"])
    assert data["description"] == "Kubernetes 中的工作机器称作节点。"


def test_k8s_french_node_without_title_key(cli, k8s: Path) -> None:
    assert "\ntitle:" not in (k8s / "fr" / "node.md").read_text()
    result = cli("--data-dir", str(k8s), "show", "node", "--lang", "fr")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout.startswith("node  node · fr")
    assert "Un nœud est une machine de travail dans Kubernetes." in result.stdout
    data = json.loads(cli("--data-dir", str(k8s), "show", "node", "--lang", "fr", "--json").stdout)
    assert data["title"] == "node"
    assert data["description"] == "Un nœud est une machine de travail dans Kubernetes."
    assert data["metadata"]["titre"] == "Node"


@pytest.mark.parametrize("lang", ["de", "en", "fr", "ja", "ko", "zh-cn"])
def test_k8s_every_article_shows_cleanly(cli, k8s: Path, lang: str) -> None:
    for path in sorted((k8s / lang).glob("*.md")):
        result = cli("--data-dir", str(k8s), "show", path.stem, "--lang", lang, env={"COLUMNS": "60"})
        assert result.exit_code == 0, (path, result.stderr)
        assert result.stderr == "", path
        out = result.stdout
        assert "{{" not in out and "<!--" not in out and "](/" not in out, path
        assert max(len(line) for line in out.splitlines()) <= 60, path


# --- completion -----------------------------------------------------------------------------------------


class FakeContext:
    """What Click hands a completion callback: the root context with the parsed --data-dir."""

    def __init__(self, data_dir=None) -> None:
        self.params = {"data_dir": data_dir}

    def find_root(self):
        return self


def test_complete_term_and_lang(k8s: Path) -> None:
    from glossary.cli import complete_lang, complete_term

    assert complete_term(FakeContext(), "cli") == ["client-centric"]
    assert complete_term(FakeContext(), "") == ["client-centric"]
    assert complete_term(FakeContext([k8s]), "kube") == ["kube-proxy", "kubelet"]
    assert complete_term(FakeContext([k8s]), "zzz") == []
    assert complete_lang(FakeContext(), "") == ["fi", "no"]
    assert complete_lang(FakeContext(), "N") == ["no"]
    assert complete_lang(FakeContext([k8s]), "z") == ["zh-cn"]


@pytest.mark.parametrize(
    "ctx_factory",
    [
        lambda tmp: FakeContext([tmp / "does-not-exist"]),
        lambda tmp: FakeContext([tmp / "a-file.txt"]),
        lambda tmp: FakeContext(["\0bad"]),
        lambda tmp: FakeContext(42),
        lambda tmp: None,
        lambda tmp: object(),
    ],
)
def test_completion_never_raises_or_prints(tmp_path: Path, capsys: pytest.CaptureFixture[str], ctx_factory) -> None:
    from glossary.cli import complete_lang, complete_term

    (tmp_path / "a-file.txt").write_text("x")
    ctx = ctx_factory(tmp_path)
    for function in (complete_term, complete_lang):
        for incomplete in ("", "k", "\x1b", "../"):
            assert isinstance(function(ctx, incomplete), list)
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err == ""


def test_completion_through_the_shell_protocol(k8s: Path) -> None:
    env = {
        "_GLOSSARY_COMPLETE": "complete_bash",
        "COMP_WORDS": f"glossary --data-dir {k8s} show kube",
        "COMP_CWORD": "4",
    }
    result = glossary(env=env)
    assert result.returncode == 0
    assert b"kubelet" in result.stdout and b"kube-proxy" in result.stdout
    assert result.stderr == b""


@pytest.mark.parametrize("columns", ["40", "80", "160"])
def test_markdown_nested_too_deep_for_the_width_still_shows_its_words(cli, glossary_dir: Path, columns: str) -> None:
    """Rich draws nothing of Markdown nested deeper than the width allows; such text is shown plain."""
    write_article(glossary_dir, "en", "quotes", "# Quotes\n\n## One\n\n" + ">" * 500 + " bottom\n\nAfter.\n")
    lists = "".join("  " * depth + f"- level{depth}\n" for depth in range(200))
    write_article(glossary_dir, "en", "lists", "# Lists\n\n## One\n\n" + lists)
    quotes = cli("--data-dir", str(glossary_dir), "show", "quotes", env={"COLUMNS": columns})
    assert quotes.exit_code == 0
    assert "bottom" in quotes.stdout and "After." in quotes.stdout
    nested = cli("--data-dir", str(glossary_dir), "show", "lists", env={"COLUMNS": columns}).stdout
    assert all(f"level{depth}" in nested for depth in range(200))


def test_markdown_nested_a_little_is_still_drawn_as_markdown(cli, glossary_dir: Path) -> None:
    write_article(glossary_dir, "en", "quotes", "# Quotes\n\n## One\n\n> > > three deep\n")
    out = cli("--data-dir", str(glossary_dir), "show", "quotes", env={"COLUMNS": "80"}).stdout
    assert "▌ ▌ ▌ three deep" in out and ">" not in out


@pytest.mark.parametrize(
    "args, where",
    [
        (["show", "client-centric", "--section"], "glossary show --help"),
        (["search", "asiakas", "--limit"], "glossary search --help"),
        (["--data-dir"], "glossary --help"),
    ],
)
def test_an_option_without_its_value_points_at_the_help_of_its_command(cli, args: list[str], where: str) -> None:
    result = cli(*args)
    assert result.exit_code == 2 and result.stdout == ""
    assert (
        result.stderr.count("\n") == 1 and "requires an argument" in result.stderr and f"(see {where})" in result.stderr
    )


@pytest.mark.parametrize("columns", ["0", "1", "7"])
def test_a_width_too_small_to_draw_in_is_drawn_twenty_columns_wide(cli, columns: str) -> None:
    out = cli("show", "client-centric", "--lang", "no", env={"COLUMNS": columns}).stdout
    assert out == cli("show", "client-centric", "--lang", "no", env={"COLUMNS": "20"}).stdout
    assert "Klientsentrert" in out and max(len(line) for line in out.splitlines()) <= 20


# --- help ------------------------------------------------------------------------------------------

# `glossary check` finds the links of the bundled articles to concepts it does not hold: it works
# as documented by exiting 1 ("Exit 1 if anything is found").
EXAMPLE_EXIT = {"check": 1, "status": 1}  # status reads the user's own glossary in git, which the bundled one is not


def help_examples() -> list[tuple[str, str]]:
    """``(command, example)`` for every `glossary …` example in every command's help."""
    import typer

    from glossary.cli import app

    group = typer.main.get_command(app)
    examples = []
    for name, command in sorted(group.commands.items()):  # type: ignore[attr-defined]
        examples.extend((name, example) for example in command.examples or [""])
    return examples


@pytest.mark.parametrize(("command", "example"), help_examples())
def test_every_help_example_works_on_the_bundled_data(
    cli, command: str, example: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shlex

    assert example, f"glossary {command} --help has no example"
    words = shlex.split(example)
    assert words[:2] == ["glossary", command], example
    monkeypatch.chdir(tmp_path)  # an example may write a file
    result = cli(*words[1:])
    assert result.exit_code == EXAMPLE_EXIT.get(command, 0), (example, result.stderr)
    assert result.stdout or any(tmp_path.iterdir()) or command == "status", example
    if command == "status":
        assert result.stderr.startswith("glossary: status reads the git history of your own glossary")
    assert all(line.startswith("glossary: ") for line in result.stderr.splitlines()), result.stderr


@pytest.mark.parametrize(
    ("args", "usage"),
    [
        (["show"], "glossary show [OPTIONS] TERM"),
        (["links"], "glossary links [OPTIONS] TERM"),
        (["translate"], "glossary translate [OPTIONS] WORD"),
        (["compare"], "glossary compare [OPTIONS] A [B] [TERM]"),
        (["search"], "glossary search [OPTIONS] QUERY..."),
    ],
)
def test_usage_lines_name_the_arguments(cli, args: list[str], usage: str) -> None:
    result = cli(*args, "--help")
    assert result.exit_code == 0
    assert f"Usage: {usage}" in " ".join(result.stdout.split())


@pytest.mark.parametrize(
    "args",
    [
        ["show", "{}"],
        ["show", "client-centric", "--section", "{}"],
        ["show", "cluster", "--lang", "{}"],
        ["links", "{}"],
        ["compare", "en", "fr", "{}"],
        ["compare", "{}", "fr"],
        ["translate", "{}", "--to", "fr"],
        ["search", "{}"],
    ],
)
def test_a_long_or_hostile_argument_is_said_back_short_and_clean(cli, args: list[str]) -> None:
    typed = "zq\x1b]0;title\x07\x1b[2J" + "ǂ" * 100_000
    result = cli("--bundled", "--data-dir", str(K8S), *[typed if arg == "{}" else arg for arg in args])
    assert result.exit_code in (1, 2)
    line = one_error_line(result)
    assert "\x1b" not in line and "\x07" not in line and len(line) < 400, line
    assert "zqǂǂ" in line and "…" in line


@pytest.mark.parametrize("other", ["--json", "--toc"])
def test_raw_goes_with_neither_json_nor_toc(cli, other: str) -> None:
    result = cli("show", "client-centric", "--raw", other)
    assert result.exit_code == 2 and result.stdout == ""
    assert one_error_line(result) == f"glossary: use --raw or {other}, not both\n"


def test_completion_builds_no_index(tmp_path: Path, clean_environment: Path) -> None:
    from glossary.cli import complete_term

    for n in range(50):
        write_article(tmp_path / "data", "en", f"concept-{n}", f"# Concept {n}\n\nText.\n")
    write_article(tmp_path / "data", "fi", "concept-7", "# Käsite\n\nTeksti.\n")
    before = sorted(clean_environment.rglob("*"))
    assert complete_term(FakeContext([tmp_path / "data"]), "concept-4") == [
        "concept-4",
        *(f"concept-{n}" for n in range(40, 50)),
    ]
    assert sorted(clean_environment.rglob("*")) == before  # no index file, no cache folder


def test_showing_and_searching_start_no_process(cli, k8s: Path, started_processes: list[object]) -> None:
    """Reading a glossary outside git starts no git, and piped output no pager: nothing but Python."""
    assert cli("show", "client-centric", "--lang", "no").exit_code == 0
    assert cli("--data-dir", str(k8s), "show", "node", "--lang", "ja").exit_code == 0
    assert cli("--data-dir", str(k8s), "search", "node").exit_code == 0
    assert started_processes == []


# --- what show imports ------------------------------------------------------------------------------

IMPORTED_AT_EXIT = """
import atexit, sys
atexit.register(lambda: print(" ".join(sorted(sys.modules)), file=sys.stderr))
from glossary.cli import main
sys.argv = ["glossary", *sys.argv[1:]]
main()
"""
# Modules a direct show never needs: the translation status (a root outside git), the index,
# tables, the HTML entity table, fuzzy matching.
NOT_FOR_SHOW = {"glossary.tracking", "glossary.status", "glossary.history", "rich.table", "html.entities", "sqlite3"}


@pytest.mark.parametrize("data", [[], ["--data-dir", "DIR"]], ids=["bundled", "own folder"])
def test_a_direct_show_imports_nothing_it_does_not_use(data: list[str], tmp_path: Path) -> None:
    root = tmp_path / "outside-git"
    write_article(root, "no", "client-centric", "---\ntitle: Klientsentrert\n---\n\nTekst.\n")
    arguments = [str(root) if arg == "DIR" else arg for arg in data] + ["show", "client-centric", "--lang", "no"]
    result = subprocess.run(
        [sys.executable, "-c", IMPORTED_AT_EXIT, *arguments], capture_output=True, text=True, timeout=60, cwd="/"
    )
    assert result.returncode == 0, result.stderr
    imported = set(result.stderr.split())
    assert "glossary.articles" in imported
    assert imported & NOT_FOR_SHOW == set()


# --- the command line names its command ------------------------------------------------------------


def test_a_folder_named_as_a_command_is_still_a_folder(tmp_path: Path) -> None:
    # Only the commands named on the command line are made; a value that is a command's name
    # (a folder called "show" here) must leave the command that follows it working.
    write_article(tmp_path / "show", "no", "client-centric", "---\ntitle: Klientsentrert\n---\n\nTekst om kunder.\n")
    for arguments, expected in (
        (["--data-dir", "show", "show", "client-centric", "--lang", "no"], b"Tekst om kunder."),
        (["-d", "show", "list"], b"client-centric"),
    ):
        result = subprocess.run(
            [sys.executable, "-m", "glossary", *arguments], capture_output=True, timeout=60, cwd=tmp_path
        )
        assert result.returncode == 0, result.stderr
        assert expected in result.stdout


def test_help_and_a_misspelt_command_know_every_command() -> None:
    listing = glossary("--help").stdout.decode()
    for command in ("show", "list", "langs", "compare", "search", "index", "status", "links", "check", "export"):
        assert f" {command} " in listing
    result = glossary("shw", "client-centric")
    assert result.returncode == 2
    assert b"Did you mean 'show'?" in result.stderr


@pytest.mark.parametrize(("typed", "meant"), [("pdo", "pod"), ("ndoe", "node"), ("clsuter", "cluster")])
def test_two_letters_swapped_get_a_suggestion(cli, typed: str, meant: str) -> None:
    result = cli("--data-dir", str(K8S), "show", typed)
    assert result.exit_code == 1
    assert result.stderr == f'glossary: no article matches "{typed}"; did you mean {meant}?\n'
