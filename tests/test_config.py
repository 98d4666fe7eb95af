"""glossary.toml: the defaults, every key, and one clear error naming a bad key."""

from __future__ import annotations

import pytest

from glossary.config import ConfigError, RootConfig, check_layout, parse_config, read_config
from glossary.errors import ExitStatus


def test_a_root_without_a_config_is_read_with_the_defaults(tmp_path):
    assert read_config(tmp_path) == RootConfig()
    assert RootConfig().layout is None


def test_every_key_is_read(tmp_path):
    (tmp_path / "glossary.toml").write_text(
        'layout = "files/{lang}/glossary/{slug}/index.md"\nsource = "en-US"\nexclude = ["*/_index.md"]\n'
        'bundled = true\nsource_commit_keys = "l10n.sourceCommit"\n',
        encoding="utf-8",
    )
    config = read_config(tmp_path)
    assert config.layout == "files/{lang}/glossary/{slug}/index.md"
    assert config.source == "en-US"
    assert config.exclude == ("*/_index.md",)
    assert config.bundled is True
    assert config.source_commit_keys == ("l10n.sourceCommit",)
    assert config.path == str(tmp_path / "glossary.toml")


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ('layuot = "{lang}/{slug}.md"', "layuot"),
        ('layout = "{slug}.md"', "layout"),
        ("layout = 3", "layout"),
        ('source = "english please"', "source"),
        ("exclude = [1, 2]", "exclude"),
        ('bundled = "yes"', "bundled"),
        ("source = ", "TOML"),
        ("[layout]\nx = 1", "layout"),
    ],
)
def test_a_bad_config_is_one_error_naming_the_key(tmp_path, text, named):
    (tmp_path / "glossary.toml").write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as raised:
        read_config(tmp_path)
    message = str(raised.value)
    assert named in message and "glossary.toml" in message and "\n" not in message
    assert raised.value.exit_status == ExitStatus.USAGE_ERROR


def test_a_config_that_is_not_utf8_is_an_error(tmp_path):
    (tmp_path / "glossary.toml").write_bytes(b'source = "\xff"')
    with pytest.raises(ConfigError, match="UTF-8"):
        read_config(tmp_path)


@pytest.mark.parametrize(
    "layout",
    [
        "{lang}/{slug}.md",
        "{lang}/{slug}/index.md",
        "content/{lang}/docs/reference/glossary/{slug}.md",
        "{slug}.{lang}.md",
        "content/glossary/{slug}.{lang}.md",
        "/files/{lang}/glossary/{slug}/index.md/",
    ],
)
def test_layouts_that_real_sites_use(layout):
    assert check_layout(layout, "layout") == layout.strip("/")


@pytest.mark.parametrize(
    "layout",
    [
        "{slug}.md",
        "{lang}/{lang}/{slug}.md",
        "{lang}/{slug}.{lang}.md",
        "{lang}/../{slug}.md",
        "{lang}/{slug}/x.md",
        "",
        "docs",
    ],
)
def test_what_is_not_a_layout(layout):
    with pytest.raises(ConfigError, match="not a layout"):
        check_layout(layout, "layout")


def test_parse_config_takes_data_already_read():
    assert parse_config({"source": "fi"}).source == "fi"


def test_versions_are_read_in_order(tmp_path):
    (tmp_path / "glossary.toml").write_text(
        '[[versions]]\nname = "current"\nsource = "docs"\ntranslations = "i18n/{lang}/docs/current"\n'
        '[[versions]]\nname = "3"\nsource = "versioned_docs/version-3/"\ntranslations = "i18n/{lang}/docs/version-3"\n',
        encoding="utf-8",
    )
    config = read_config(tmp_path)
    assert [(v.name, v.source, v.translations) for v in config.versions] == [
        ("current", "docs", "i18n/{lang}/docs/current"),
        ("3", "versioned_docs/version-3", "i18n/{lang}/docs/version-3"),
    ]
    assert check_layout("docusaurus", "layout") == "docusaurus"


@pytest.mark.parametrize(
    "text",
    [
        'versions = "3"',
        '[[versions]]\nsource = "docs"\ntranslations = "i18n/{lang}/x"',
        '[[versions]]\nname = "3"\nsource = "../docs"\ntranslations = "i18n/{lang}/x"',
        '[[versions]]\nname = "3"\nsource = "docs"\ntranslations = "i18n/x"',
        '[[versions]]\nname = "3"\nsource = "docs"\ntranslations = "i18n/{lang}/x"\nlabel = "v3"',
        '[[versions]]\nname = "3"\nsource = "docs"\ntranslations = "i18n/{lang}/x"\n'
        '[[versions]]\nname = "3"\nsource = "docs"\ntranslations = "i18n/{lang}/y"',
    ],
)
def test_bad_versions_are_one_error(tmp_path, text):
    (tmp_path / "glossary.toml").write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match="versions") as raised:
        read_config(tmp_path)
    assert "\n" not in str(raised.value)
