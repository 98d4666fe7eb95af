"""`glossary langs`, as text and JSON, on the bundled data and the Kubernetes subset."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import K8S_LANGS, write_article
from glossary.corpus import bundled_root


def test_langs_bundled(cli) -> None:
    result = cli("langs")
    assert result.exit_code == 0
    rows = [line.split() for line in result.stdout.splitlines()[2:]]
    assert [row[:2] for row in rows] == [["fi", "1"], ["no", "1"]]
    assert "bundled" in result.stdout


def test_langs_json_bundled(cli) -> None:
    data = json.loads(cli("langs", "--json").stdout)
    assert data == [
        {"lang": "fi", "articles": 1, "sources": [{"origin": "bundled", "path": str(bundled_root() / "fi")}]},
        {"lang": "no", "articles": 1, "sources": [{"origin": "bundled", "path": str(bundled_root() / "no")}]},
    ]


def test_langs_k8s(cli, k8s: Path) -> None:
    data = json.loads(cli("--data-dir", str(k8s), "langs", "--json").stdout)
    counts = {item["lang"]: item["articles"] for item in data}
    assert counts == dict.fromkeys(K8S_LANGS, 12)  # the bundled glossary stays out of one's own
    sources = {item["lang"]: item["sources"] for item in data}
    assert sources["ja"] == [{"origin": "--data-dir", "path": str(k8s / "ja")}]
    text = cli("--data-dir", str(k8s), "langs", env={"COLUMNS": "60"}).stdout
    assert "zh-cn" in text
    folders = {f"  {k8s / lang}" for lang in K8S_LANGS}
    assert all(len(line) <= 60 or line in folders for line in text.splitlines())


@pytest.mark.parametrize("columns", ["60", "80", "300"])
def test_langs_never_breaks_a_folder(cli, tmp_path: Path, columns: str) -> None:
    """A folder that does not fit its column goes on a line of its own, whole, spaces and all."""
    root = tmp_path / "a folder with a rather long name" / "docusaurus-plugin-content-docs" / "version-3"
    write_article(root, "de", "thing", "# Ding\n\nx\n")
    write_article(root, "en", "thing", "# Thing\n\nx\n")
    text = cli("--data-dir", str(root), "langs", env={"COLUMNS": columns}).stdout
    lines = text.splitlines()
    for lang in ("de", "en"):
        folder = str(root / lang)
        said = [line for line in lines if folder in line]
        assert len(said) == 1, text
        if len(said[0]) > int(columns):
            assert said[0] == f"  {folder}" and lines[lines.index(said[0]) - 1].split() == [lang, "1", "--data-dir"]
    if columns == "300":  # room enough: a table with a folder column
        assert lines[0].split() == ["lang", "articles", "from", "folder"]
        assert f"de            1   --data-dir   {root / 'de'}" in lines


def test_langs_origins_in_layer_order(cli, tmp_path: Path) -> None:
    env_root, cli_root = tmp_path / "env", tmp_path / "cli"
    write_article(env_root, "nb", "thing", "# Ting\n\nx\n")
    write_article(cli_root, "NO", "other", "# Annen\n\ny\n")
    write_article(cli_root, "NO", "client-centric", "# Erstattet\n\nz\n")
    args = ("--bundled", "--data-dir", str(cli_root), "langs", "--json")
    data = json.loads(cli(*args, env={"GLOSSARY_PATH": str(env_root)}).stdout)
    norwegian = next(item for item in data if item["lang"].lower() in ("no", "nb"))
    assert norwegian["articles"] == 3  # client-centric (replaced, counted once), thing, other
    assert [source["origin"] for source in norwegian["sources"]] == ["bundled", "GLOSSARY_PATH", "--data-dir"]


def test_langs_and_list_with_a_bad_file(cli, glossary_dir: Path) -> None:
    write_article(glossary_dir, "sv", "bad", b"\xff\xfe")
    write_article(glossary_dir, "sv", "good", "# Bra\n\nx\n")
    result = cli("--data-dir", str(glossary_dir), "langs", "--json")
    assert result.exit_code == 0
    assert {item["lang"]: item["articles"] for item in json.loads(result.stdout)}["sv"] == 1
    assert sum("bad.md" in line for line in result.stderr.splitlines()) == 1
