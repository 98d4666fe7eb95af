"""A path or a slug a user may copy is never broken across lines, whatever the width: when it does
not fit, it goes on a line of its own, whole, and runs past the width (piped, a line that ends in a
path keeps it)."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import write_article

SLUG = "chart_best_practices/custom_resource_definitions_and_their_upgrades"
WIDTHS = ["60", "80"]
TERMINAL = {"COLUMNS": "60", "TTY_COMPATIBLE": "1", "NO_COLOR": "1", "LINES": "500"}  # a terminal, no pager


@pytest.fixture
def deep(tmp_path: Path) -> Path:
    """A glossary in a deep folder whose name has spaces, with a long slug and a broken link."""
    root = tmp_path / "a folder with spaces" / "i18n" / "docusaurus-plugin-content-docs" / "version-3"
    for lang, title in (("en", "Custom Resource Definitions"), ("de", "Benutzerdefinierte Ressourcen")):
        write_article(root, lang, SLUG, f"---\ntitle: {title}\ndescription: d\n---\n## A\n\nSee [x](/nowhere).\n")
    return root


def lines_of(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines()]


@pytest.mark.parametrize("columns", WIDTHS)
def test_links_and_check_keep_each_path_on_one_line(cli, deep: Path, columns: str) -> None:
    path = str(deep / "de" / f"{SLUG}.md")
    links = cli("-d", str(deep), "links", SLUG, env={"COLUMNS": columns})
    assert links.exit_code == 0, links.stderr
    assert path in lines_of(links.stdout) and lines_of(links.stdout)[0].split()[0] == SLUG
    check = cli("-d", str(deep), "check", env={"COLUMNS": columns})
    assert path in lines_of(check.stdout)


@pytest.mark.parametrize(
    "command", [["links", SLUG], ["check"], ["langs", "--verbose"], ["show", SLUG, "--lang", "en"]]
)
def test_a_terminal_gets_paths_and_slugs_whole_too(cli, deep: Path, command: list[str]) -> None:
    text = cli("-d", str(deep), *command, env=TERMINAL).stdout
    assert "\x1b" not in text
    whole = [str(deep / "de" / f"{SLUG}.md"), f"{deep} (--data-dir)", SLUG]
    assert any(said in line for line in text.splitlines() for said in whole), text
    assert all(
        " " in line.strip() or len(line) <= 60 or any(said in line for said in whole) for line in text.splitlines()
    )


@pytest.mark.parametrize("columns", WIDTHS)
def test_langs_verbose_names_each_folder_whole(cli, deep: Path, columns: str) -> None:
    text = cli("-d", str(deep), "langs", "--verbose", env={"COLUMNS": columns}).stdout
    assert f"{deep} (--data-dir)" in lines_of(text)
    assert str(deep / "de") in lines_of(text)


@pytest.mark.parametrize("columns", WIDTHS)
def test_index_info_piped_keeps_each_key_and_value_on_one_line(cli, deep: Path, tmp_path: Path, columns: str) -> None:
    cache = tmp_path / "a cache folder whose name is long enough to need a line of its own"
    text = cli("-d", str(deep), "index", "--info", env={"COLUMNS": columns, "GLOSSARY_CACHE_DIR": str(cache)}).stdout
    first = text.splitlines()[0]
    assert first.startswith("path ") and first.split(None, 1)[1].startswith(str(cache)), text
    assert first.endswith(".sqlite3")
    built = cli("-d", str(deep), "index", env={"COLUMNS": columns, "GLOSSARY_CACHE_DIR": str(cache)}).stdout
    assert first.split(None, 1)[1] in built.splitlines()


def test_index_info_on_a_narrow_terminal_puts_a_long_path_on_a_line_of_its_own(cli, deep: Path, tmp_path: Path) -> None:
    cache = tmp_path / "a cache folder whose name is long enough to need a line of its own"
    text = cli("-d", str(deep), "index", "--info", env={**TERMINAL, "GLOSSARY_CACHE_DIR": str(cache)}).stdout
    lines = [line.rstrip() for line in text.splitlines()]
    paths = [line for line in lines if line.startswith(str(cache))]
    assert len(paths) == 1 and paths[0].endswith(".sqlite3") and lines[lines.index(paths[0]) - 1] == "path", text


@pytest.mark.parametrize("columns", WIDTHS)
def test_a_long_slug_is_never_folded(cli, deep: Path, columns: str) -> None:
    for command in (["show", SLUG, "--lang", "en"], ["search", "custom resource"], ["compare", "en", "de", SLUG]):
        text = cli("-d", str(deep), *command, env={"COLUMNS": columns}).stdout
        assert any(SLUG in line for line in text.splitlines()), (command, text)


def test_a_title_word_longer_than_a_line_still_folds(cli, tmp_path: Path) -> None:
    write_article(tmp_path, "en", "long", f"---\ntitle: Long {'y' * 300}\n---\nText.\n")
    text = cli("-d", str(tmp_path), "show", "long", env={"COLUMNS": "60"}).stdout
    assert max(len(line) for line in text.splitlines()) <= 60 and text.count("y") == 300
