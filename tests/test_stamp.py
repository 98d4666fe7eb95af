"""glossary.stamp: one stamp keys every stored thing; a change of code or configuration is never
answered from what was stored before it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import write_article
from glossary.corpus import load_corpus
from glossary.stamp import cache_stamp, code_stamp, config_stamp

SOURCE = Path(__file__).resolve().parent.parent / "src" / "glossary"


@pytest.fixture
def site(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    write_article(root, "en", "glossary-intro", "# Introduction\n\nHow this glossary is made.\n")
    write_article(root, "en", "pod", "# Pod\n\nThe smallest unit.\n")
    write_article(root, "fi", "pod", "# Pod\n\nPienin yksikkö.\n")
    return root


def listed(cli, root: Path) -> list[str]:
    result = cli("-d", str(root), "list", "--json")
    assert result.exit_code == 0, result.stderr
    return [concept["slug"] for concept in json.loads(result.stdout)]


def test_adding_an_exclude_after_a_first_run_takes_the_article_out(cli, site: Path) -> None:
    assert listed(cli, site) == ["glossary-intro", "pod"]
    (site / "glossary.toml").write_text('exclude = ["glossary-*"]\n', encoding="utf-8")
    assert listed(cli, site) == ["pod"]
    shown = cli("-d", str(site), "show", "glossary-intro")
    assert shown.exit_code == 1 and shown.stdout == ""
    assert shown.stderr.startswith("glossary: ") and len(shown.stderr.splitlines()) == 1
    searched = cli("-d", str(site), "search", "--json", "introduction")
    assert [hit["slug"] for hit in json.loads(searched.stdout or "[]")] == []


def test_removing_an_exclude_brings_the_article_back(cli, site: Path) -> None:
    (site / "glossary.toml").write_text('exclude = ["glossary-*"]\n', encoding="utf-8")
    assert listed(cli, site) == ["pod"]
    (site / "glossary.toml").unlink()
    assert listed(cli, site) == ["glossary-intro", "pod"]
    exported = cli("-d", str(site), "export", "--format", "jsonl")
    assert exported.exit_code == 0, exported.stderr
    assert [json.loads(line)["slug"] for line in exported.stdout.splitlines()] == ["glossary-intro", "pod", "pod"]
    searched = cli("-d", str(site), "search", "--json", "introduction")
    assert [hit["slug"] for hit in json.loads(searched.stdout)] == ["glossary-intro"]


def test_a_kept_check_report_follows_the_configuration(cli, site: Path) -> None:
    """A check report kept in the index is not reused once glossary.toml says otherwise."""
    before = json.loads(cli("-d", str(site), "check", "--json").stdout)
    assert before["articles"] == 3
    (site / "glossary.toml").write_text('exclude = ["glossary-*"]\n', encoding="utf-8")
    after = json.loads(cli("-d", str(site), "check", "--json").stdout)
    assert after["articles"] == 2


def test_the_stamp_changes_with_any_byte_of_the_configuration(site: Path) -> None:
    first = cache_stamp(load_corpus([site]))
    assert cache_stamp(load_corpus([site])) == first
    config = site / "glossary.toml"
    config.write_text("# a comment\n", encoding="utf-8")
    commented = cache_stamp(load_corpus([site]))
    config.write_text("# another comment\n", encoding="utf-8")
    assert len({first, commented, cache_stamp(load_corpus([site]))}) == 3
    assert len(first) == 32 and int(first, 16) >= 0


def test_the_stamp_knows_the_roots_and_their_layout(site: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"
    shutil.copytree(site, other)
    one, two = load_corpus([site]), load_corpus([other])
    assert config_stamp(one.roots) != config_stamp(two.roots)
    typed_layout = load_corpus([f"{site}/{{lang}}"])
    assert config_stamp(typed_layout.roots) == config_stamp(one.roots)  # the same layout, said two ways
    nested = load_corpus([f"{site}/{{lang}}/docs"])
    assert config_stamp(nested.roots) != config_stamp(one.roots)


def test_the_code_stamp_is_not_computed_at_import() -> None:
    code = "import sys, glossary.cli, glossary.stamp; print(glossary.stamp.code_stamp.cache_info().currsize)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "0"
    assert len(code_stamp()) == 32


def test_a_changed_parsing_rule_in_a_copy_of_the_package_rebuilds_the_index(site: Path, tmp_path: Path) -> None:
    """The same version of the package with one rule of reading changed (a title is read in capitals)
    is another stamp: its index is built anew, never taken from the one the original built."""
    package = tmp_path / "package"
    shutil.copytree(SOURCE, package / "glossary", ignore=shutil.ignore_patterns("__pycache__"))
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    env.update(PYTHONPATH=str(package), GLOSSARY_CACHE_DIR=str(tmp_path / "cache"))

    def titles() -> list[str]:
        code = "from glossary.cli import main; main()"
        argv = [sys.executable, "-c", code, "-d", str(site), "list", "--lang", "en", "--json"]
        result = subprocess.run(argv, capture_output=True, text=True, timeout=120, env=env, cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        return [concept["titles"]["en"] for concept in json.loads(result.stdout)]

    assert titles() == ["Introduction", "Pod"]
    articles = package / "glossary" / "articles.py"
    source = articles.read_text(encoding="utf-8")
    rule = "def parse_article("
    assert source.count(rule) == 1
    articles.write_text(source.replace(rule, "def _parse_article(") + _CAPITAL_TITLES, encoding="utf-8")
    assert titles() == ["INTRODUCTION", "POD"]
    cached = sorted(path.name for path in (tmp_path / "cache").glob("index-*.sqlite3"))
    assert len(cached) == 1  # the index of the code before is gone


_CAPITAL_TITLES = """

def parse_article(*args, **options):
    import dataclasses

    article = _parse_article(*args, **options)
    return dataclasses.replace(article, title=article.title.upper())
"""


def test_two_readings_of_one_folder_keep_an_index_each(cli, tmp_path: Path) -> None:
    """``-d site`` and ``-d 'site/{lang}/docs'`` read one folder two ways: taking turns, neither
    builds its index again (nor removes the other's)."""
    root = tmp_path / "site"
    write_article(root, "en", "pod", "# Pod\n\nThe smallest unit.\n")
    write_article(root, "en/docs", "node", "# Node\n\nA machine.\n")
    readings = [str(root), f"{root}/{{lang}}/docs"]

    def parsed(reading: str) -> tuple[int, list[str]]:
        info = json.loads(cli("-d", reading, "index", "--json").stdout)
        return info["parsed"], listed(cli, Path(reading))

    # The whole site reads its nested pages too: docs/node there is node below {lang}/docs.
    assert [parsed(reading) for reading in readings] == [(2, ["docs/node", "pod"]), (1, ["node"])]
    assert [parsed(reading) for reading in readings] == [(0, ["docs/node", "pod"]), (0, ["node"])]
