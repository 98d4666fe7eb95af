"""`glossary list`, as text and JSON, on the bundled data and the Kubernetes subset."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import K8S_LANGS, write_article

K8S_SLUGS = sorted(
    [
        "pod",
        "container",
        "cluster",
        "node",
        "deployment",
        "service",
        "kubelet",
        "etcd",
        "label",
        "selector",
        "controller",
        "kube-proxy",
    ]
)


def test_list_bundled(cli) -> None:
    result = cli("list")
    assert result.exit_code == 0
    assert result.stderr == ""
    assert result.stdout == "client-centric  fi Asiakaskeskeinen · no Klientsentrert\n"


@pytest.mark.parametrize(
    ("lang", "title"),
    [("fi", "Asiakaskeskeinen"), ("no", "Klientsentrert"), ("nb", "Klientsentrert"), ("NO", "Klientsentrert")],
)
def test_list_one_language(cli, lang: str, title: str) -> None:
    result = cli("list", "--lang", lang)
    assert result.exit_code == 0
    assert result.stdout == f"client-centric  {title}\n"


def test_list_json_bundled(cli) -> None:
    data = json.loads(cli("list", "--json").stdout)
    assert data == [{"slug": "client-centric", "titles": {"fi": "Asiakaskeskeinen", "no": "Klientsentrert"}}]
    data = json.loads(cli("list", "--lang", "nb", "--json").stdout)
    assert data == [{"slug": "client-centric", "titles": {"no": "Klientsentrert"}}]


def test_list_unknown_language(cli) -> None:
    result = cli("list", "--lang", "sv")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("glossary: ")
    assert "fi" in result.stderr and "no" in result.stderr


def test_list_k8s(cli, k8s: Path) -> None:
    result = cli("--data-dir", str(k8s), "list", env={"COLUMNS": "300"})
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert [line.split()[0] for line in lines] == sorted(K8S_SLUGS)  # no bundled concept under one's own
    node = next(line for line in lines if line.startswith("node "))
    assert "ja ノード" in node and "zh-cn 节点" in node and "fr node" in node  # fr has no title key
    assert "de Knoten" in node


def test_list_k8s_json_per_language(cli, k8s: Path) -> None:
    data = json.loads(cli("--data-dir", str(k8s), "list", "--lang", "ja", "--json").stdout)
    assert [item["slug"] for item in data] == K8S_SLUGS
    titles = {item["slug"]: item["titles"] for item in data}
    assert titles["node"] == {"ja": "ノード"}
    assert titles["container"] == {"ja": "コンテナ"}
    data = json.loads(cli("--data-dir", str(k8s), "list", "--lang", "zh_CN", "--json").stdout)
    assert {item["slug"]: item["titles"] for item in data}["node"] == {"zh-cn": "节点"}


def test_list_k8s_every_language_for_every_slug(cli, k8s: Path) -> None:
    data = json.loads(cli("--data-dir", str(k8s), "list", "--json").stdout)
    by_slug = {item["slug"]: item["titles"] for item in data}
    for slug in K8S_SLUGS:
        assert sorted(by_slug[slug]) == K8S_LANGS, slug


def test_piped_list_is_one_line_per_concept(cli, k8s: Path) -> None:
    """Piped, a concept's line is never wrapped, whatever the width: for grep, wc -l and cut."""
    slugs = [item["slug"] for item in json.loads(cli("--data-dir", str(k8s), "list", "--json").stdout)]
    for columns in (60, 160):
        out = cli("--data-dir", str(k8s), "list", env={"COLUMNS": str(columns)}).stdout
        assert [line.split("  ", 1)[0] for line in out.splitlines()] == slugs
    assert "node  de Knoten · en Node · " in out
    out = cli("--data-dir", str(k8s), "list", "--lang", "ja").stdout
    assert "\nnode  ノード\n" in out


def test_list_text_is_literal(cli, glossary_dir: Path) -> None:
    write_article(glossary_dir, "en", "tricky", '---\ntitle: "[bold]x[/bold] :smile:"\n---\nBody.\n')
    result = cli("--data-dir", str(glossary_dir), "list", "--lang", "en")
    assert result.stdout == "tricky  [bold]x[/bold] :smile:\n"


def test_list_layering_shows_the_winning_title(cli, glossary_dir: Path) -> None:
    write_article(glossary_dir, "fi", "client-centric", "---\ntitle: Oma otsikko\n---\nBody.\n")
    out = cli("--bundled", "--data-dir", str(glossary_dir), "list").stdout
    assert out == "client-centric  fi Oma otsikko · no Klientsentrert\n"


@pytest.mark.parametrize(
    "command",
    [
        ["list"],
        ["list", "--lang", "fi"],
        ["langs"],
        ["langs", "--verbose"],
        ["check"],
        ["check-terms"],
        ["search", "asiakas"],
        ["show", "asiakas"],
        ["links", "asiakas"],
        ["export", "-f", "csv"],
        ["translate", "asiakas", "--to", "no"],
        ["compare", "fi", "no"],
        ["index", "--info"],
    ],
)
def test_a_folder_given_that_does_not_exist_or_is_no_folder_is_a_usage_error(
    cli, tmp_path: Path, command: list[str]
) -> None:
    missing = tmp_path / "nowhere"
    result = cli("-d", str(missing), *command)
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [f"glossary: no glossary: --data-dir folder {missing} does not exist"]
    gone = tmp_path / "gone"
    result = cli("-d", str(missing), "-d", str(gone), *command)
    assert result.stderr.splitlines() == [
        f"glossary: no glossary: --data-dir folder {missing} and --data-dir folder {gone} do not exist"
    ]
    notes = tmp_path / "notes.txt"
    notes.write_text("not a glossary\n", encoding="utf-8")
    result = cli("-d", str(notes), *command)
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [f"glossary: no glossary: --data-dir folder {notes} is not a folder"]


def test_nothing_found_in_folders_that_exist_names_them(cli, tmp_path: Path) -> None:
    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "broken.md").write_bytes(b"\xff\xfe")
    result = cli("-d", str(tmp_path), "list", env={"GLOSSARY_PATH": str(tmp_path / "nowhere")})
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == (
        f"glossary: no articles found in GLOSSARY_PATH folder {tmp_path / 'nowhere'} and --data-dir folder {tmp_path}"
    )


def test_language_folders_without_articles_are_named(cli, tmp_path: Path) -> None:
    for name in ("en", "fi", "notes"):
        (tmp_path / name).mkdir()
    (tmp_path / "en" / "draft.txt").write_text("not an article\n", encoding="utf-8")
    result = cli("-d", str(tmp_path), "list")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"glossary: no articles found in --data-dir folder {tmp_path}: its language folders (en, fi) hold no article"
    ]


def test_a_layout_below_the_language_folders_that_is_not_there_says_so(cli, tmp_path: Path) -> None:
    """``-d 'content/{lang}/docs/glosary'``: the language folders are there, the folder named below them is not."""
    for lang in ("de", "en"):
        write_article(tmp_path / lang / "docs" / "glossary", "", "pod", "---\ntitle: Pod\n---\nText.\n")
    result = cli("-d", f"{tmp_path}/{{lang}}/docs/glosary", "list")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1].endswith("found language folders (de, en), none with docs/glosary/ in it")
    assert cli("-d", f"{tmp_path}/{{lang}}/docs/glossary", "list").exit_code == 0


@pytest.mark.parametrize("command", [["list"], ["compare", "fi", "no"], ["show", "client-centric"], ["check"]])
def test_a_source_language_the_glossary_lacks_is_a_usage_error_for_every_command(cli, command: list[str]) -> None:
    result = cli("--source", "zz", *command)
    assert result.exit_code == 2
    assert result.stderr.splitlines() == ['glossary: the source language "zz" has no articles; languages: fi, no']
    assert result.stdout == ""


def test_a_folder_holding_a_glossary_is_not_taken_for_a_language(cli, tmp_path: Path) -> None:
    """``mdn-glossary`` is a well-formed language tag (a variant ``glossary``), but the folders in it
    are languages: the folder above is no glossary, and the message says which folder to give."""
    for lang in ("de", "en-us", "ja"):
        (tmp_path / "mdn-glossary" / lang).mkdir(parents=True)
        (tmp_path / "mdn-glossary" / lang / "pod.md").write_text("---\ntitle: Pod\n---\n\nText.\n", encoding="utf-8")
    result = cli("-d", str(tmp_path), "langs")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"glossary: no glossary in {tmp_path}: its folders hold glossaries of their own (mdn-glossary), not the "
        f"articles of one language; give one of them, as in -d {tmp_path / 'mdn-glossary'}"
    ]
    assert cli("-d", str(tmp_path / "mdn-glossary"), "langs").exit_code == 0


@pytest.mark.parametrize(("link", "to"), [("again", "."), ("sub/up", "..")])
def test_a_link_to_a_folder_an_article_lies_in_is_not_followed(cli, tmp_path: Path, link: str, to: str) -> None:
    """``en/again -> .`` or ``en/sub/up -> ..`` would walk the same folders forty levels deep; a link
    to another folder of the glossary is followed as before."""
    for lang in ("en", "fi"):
        (tmp_path / lang).mkdir()
        (tmp_path / lang / "pod.md").write_text(f"---\ntitle: Pod {lang}\n---\n\nText.\n", encoding="utf-8")
    (tmp_path / "en" / "sub").mkdir()
    (tmp_path / "en" / "sub" / "deep.md").write_text("---\ntitle: Deep\n---\n\nText.\n", encoding="utf-8")
    (tmp_path / "en" / link).symlink_to(to)
    if link == "again":
        (tmp_path / "en" / "alias").symlink_to("sub")
    result = cli("-d", str(tmp_path), "list", "--json")
    assert result.exit_code == 0, result.stderr
    slugs = sorted(concept["slug"] for concept in json.loads(result.stdout))
    assert slugs == (["alias/deep", "pod", "sub/deep"] if link == "again" else ["pod", "sub/deep"])
