"""export.py: TBX-Basic read back by translate-toolkit, TBX v3 structure, CSV, JSON Lines, atomic files."""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import K8S, write_article
from glossary import export
from glossary.corpus import BUNDLED, COMMAND_LINE, Corpus, Root, bundled_root, load_corpus
from glossary.errors import BadData, UsageError
from glossary.index import open_index

XML = "{http://www.w3.org/XML/1998/namespace}lang"
NS = "{urn:iso:std:iso:30042:ed-2}"
HOSTILE_TITLE = "Fish & \"Chips\" <b>bold</b> ]]> 'quoted' 🐟 עברית"


def index_of(*folders: Path, bundled: bool = False):
    roots = [Root(bundled_root(), BUNDLED)] if bundled else []
    roots += [Root(Path(folder), COMMAND_LINE) for folder in folders]
    return open_index(Corpus(roots))


def exported(index, fmt: str, **options) -> str:
    return "".join(export.export(index, fmt, **options))


def expected_terms(index) -> dict[str, dict[str, tuple[str, str, list[str]]]]:
    """slug -> lang -> (title, description, aka), from the index; an article without a title has
    no term to export (``fr/node.md`` of the Kubernetes data)."""
    from glossary.export import has_title

    concepts: dict[str, dict[str, tuple[str, str, list[str]]]] = {}
    for o in index.outlines():
        if has_title(o):
            concepts.setdefault(o.slug, {})[o.lang] = (o.title, o.description, o.aka)
    return concepts


@pytest.fixture
def hostile(glossary_dir: Path) -> Path:
    """Markup characters, quotes, emoji, right-to-left text, a non-ASCII slug, synonyms."""
    write_article(
        glossary_dir,
        "en",
        "fish",
        f"---\ntitle: '{HOSTILE_TITLE.replace(chr(39), chr(39) * 2)}'\ndescription: 'A & B < C, \"D\"; line\tend'\n"
        "aka: [Chippy, 'Fish, and chips']\n---\nSee [ä](/äpfel) and [gone](/nowhere).\n",
    )
    write_article(glossary_dir, "de", "äpfel", "---\ntitle: Äpfel\ndescription: Früchte.\n---\nSiehe [Fisch](/fish).\n")
    write_article(glossary_dir, "ja", "fish", "---\ntitle: 魚\ndescription: 水に住む。\n---\n本文。\n")
    return glossary_dir


# --- TBX-Basic, read by translate-toolkit ----------------------------------------------------------


@pytest.mark.parametrize("folders", [(), (K8S,)], ids=["bundled", "bundled+k8s"])
def test_tbx_round_trip(folders) -> None:
    from translate.storage import tbx

    index = index_of(*folders, bundled=True)
    text = exported(index, "tbx")
    store = tbx.tbxfile.parsestring(text.encode("utf-8"))
    units = {unit.xmlelement.get("id"): unit for unit in store.units}
    expected = expected_terms(index)
    assert set(units) == set(expected)
    for slug, languages in expected.items():
        unit = units[slug]
        assert unit.getid() == slug
        for lang, (title, description, aka) in languages.items():
            terms = unit.get_target_terms(lang)
            assert [t.text for t in terms] == [title] + [a for a in aka if a != title]
            assert terms[0].administrative_status == "preferredTerm-admn-sts"
            definitions = [n.text for n in terms[0].notes if n.origin == "definition" and n.scope == "language"]
            assert definitions == ([description] if description else [])
        missing = {lang.get(XML) for lang in unit.getlanguageNodes()} - set(languages)
        assert not missing
    if folders:
        assert [t.text for t in units["node"].get_target_terms("zh-cn")] == ["节点"]
        assert [t.text for t in units["node"].get_target_terms("ko")] == ["노드"]
    assert [t.text for t in units["client-centric"].get_target_terms("no")] == ["Klientsentrert"]
    assert units["client-centric"].source == "Asiakaskeskeinen"


def test_tbx_hostile_text_round_trips(hostile: Path) -> None:
    from translate.storage import tbx

    index = index_of(hostile)
    text = exported(index, "tbx")
    store = tbx.tbxfile.parsestring(text.encode("utf-8"))
    units = {unit.getid(): unit for unit in store.units}
    assert set(units) == {"fish", "äpfel"}
    fish = units["fish"]
    assert [t.text for t in fish.get_target_terms("en")] == [HOSTILE_TITLE, "Chippy", "Fish, and chips"]
    assert [t.administrative_status for t in fish.get_target_terms("en")] == [
        "preferredTerm-admn-sts",
        "admittedTerm-admn-sts",
        "admittedTerm-admn-sts",
    ]
    assert [t.text for t in fish.get_target_terms("ja")] == ["魚"]
    # (the parser reads a description as one line: the tab became a space)
    assert 'A & B < C, "D"; line end' in [n.text for n in fish.get_target_terms("en")[0].notes]
    # Internal links: a cross-reference to an exported concept, a note for one without an entry.
    refs = fish.xmlelement.findall("ref")
    assert [(r.get("type"), r.get("target"), r.text) for r in refs] == [("crossReference", "äpfel", "Äpfel")]
    assert "Links to nowhere, which has no entry here" in fish.getnotes()


def test_tbx_languages_in_the_order_asked(hostile: Path) -> None:
    index = index_of(hostile)
    root = ET.fromstring(exported(index, "tbx", langs=["ja", "en"]).encode())
    assert root.tag == "martif" and root.get("type") == "TBX-Basic" and root.get(XML) == "ja"
    entries = root.findall("./text/body/termEntry")
    assert [e.get("id") for e in entries] == ["fish"]  # äpfel is only in de
    assert [s.get(XML) for s in entries[0].findall("langSet")] == ["ja", "en"]
    # The cross-reference to äpfel became a note: it has no entry in this export.
    assert entries[0].find("ref") is None


@pytest.fixture
def regional(glossary_dir: Path) -> Path:
    """An MDN-like glossary: the source in ``en-us`` (most articles), older translations in de and fr."""
    for slug in ("cors", "http", "url"):
        write_article(glossary_dir, "en-us", slug, f"---\ntitle: {slug.upper()}\n---\nAbout {slug}.\n")
    write_article(glossary_dir, "de", "cors", "---\ntitle: CORS (de)\n---\nÜber CORS.\n")
    write_article(glossary_dir, "fr", "http", "---\ntitle: HTTP (fr)\n---\nSur HTTP.\n")
    return glossary_dir


@pytest.mark.parametrize(
    ("source", "config", "order"),
    [
        (None, None, ["en-us", "de", "fr"]),  # the language with the most articles, though not first by tag
        ("fr", None, ["fr", "de", "en-us"]),  # --source
        (None, 'source = "de"\n', ["de", "en-us", "fr"]),  # glossary.toml
    ],
)
def test_tbx_puts_the_source_language_first(regional: Path, source, config, order: list[str]) -> None:
    from translate.storage import tbx

    if config:
        (regional / "glossary.toml").write_text(config, encoding="utf-8")
    text = exported(open_index(load_corpus([regional], source=source)), "tbx")
    root = ET.fromstring(text.encode())
    assert root.get(XML) == order[0]
    assert root.find("martifHeader/fileDesc/sourceDesc/p").text.endswith(f"3 concepts in {', '.join(order)}")
    store = tbx.tbxfile.parsestring(text.encode("utf-8"))
    units = {unit.getid(): unit for unit in store.units}
    assert [n.get(XML) for n in units["cors"].getlanguageNodes()] == [k for k in order if k != "fr"]
    assert [n.get(XML) for n in units["http"].getlanguageNodes()] == [k for k in order if k != "de"]
    assert units["url"].source == "URL"  # a concept only the source has
    if order[0] == "en-us":
        assert units["cors"].source == "CORS" and [t.text for t in units["cors"].get_target_terms("de")] == [
            "CORS (de)"
        ]


def test_csv_puts_the_source_language_first(regional: Path) -> None:
    rows = list(csv.reader(io.StringIO(exported(index_of(regional), "csv"), newline="")))
    assert rows[0] == ["slug", "en-us", "de", "fr", "en-us_definition", "de_definition", "fr_definition"]
    assert rows[1][:4] == ["cors", "CORS", "CORS (de)", ""]


def test_asked_languages_keep_their_order_whatever_the_source(regional: Path) -> None:
    rows = list(csv.reader(io.StringIO(exported(index_of(regional), "csv", langs=["de", "en-us"]), newline="")))
    assert rows[0][:3] == ["slug", "de", "en-us"]


def test_tbx_nothing_to_export(glossary_dir: Path) -> None:
    write_article(glossary_dir, "en", "a", "# A\n\nText.\n")
    index = index_of(glossary_dir)
    with pytest.raises(BadData):
        exported(index, "tbx", langs=["xx"])


# --- TBX v3 -------------------------------------------------------------------------------------------


def test_tbx3_structure() -> None:
    index = index_of(K8S, bundled=True)
    text = exported(index, "tbx3")
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n')
    root = ET.fromstring(text.encode("utf-8"))
    assert root.tag == f"{NS}tbx"
    assert (root.get("type"), root.get("style"), root.get(XML)) == ("TBX-Basic", "dca", "en")  # the source
    assert root.find(f"{NS}tbxHeader/{NS}fileDesc/{NS}sourceDesc/{NS}p") is not None
    entries = root.findall(f"{NS}text/{NS}body/{NS}conceptEntry")
    expected = expected_terms(index)
    assert [e.get("id") for e in entries] == sorted(expected)
    ids = {e.get("id") for e in entries}
    for entry in entries:
        languages = expected[entry.get("id")]
        sections = entry.findall(f"{NS}langSec")
        assert [s.get(XML) for s in sections] == sorted(languages, key=lambda lang: (lang != "en", lang))
        for section in sections:
            title, description, _ = languages[section.get(XML)]
            terms = section.findall(f"{NS}termSec")
            assert terms[0].find(f"{NS}term").text == title
            status = terms[0].find(f"{NS}termNote[@type='administrativeStatus']")
            assert status.text == "preferredTerm-admn-sts"
            definition = section.find(f"{NS}descrip[@type='definition']")
            assert (definition.text if definition is not None else "") == description
            # TBX v3 order: the language's descriptions come before its terms.
            tags = [child.tag for child in section]
            assert tags == sorted(tags, key=lambda tag: tag != f"{NS}descrip")
        for ref in entry.findall(f"{NS}ref"):
            assert ref.get("type") == "crossReference" and ref.get("target") in ids
        # Nothing of TBX v2's vocabulary.
        assert not any(el.tag.endswith(("termEntry", "langSet", "tig")) for el in entry.iter())
    node = next(e for e in entries if e.get("id") == "node")
    assert {r.get("target") for r in node.findall(f"{NS}ref")} == {"pod", "kubelet", "kube-proxy"}


# --- CSV -----------------------------------------------------------------------------------------------


def test_csv_reads_back(hostile: Path) -> None:
    index = index_of(hostile, bundled=True)
    text = exported(index, "csv")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[0] == [  # the source language (English wins a tie) first, then the others by tag
        "slug",
        "en",
        "de",
        "fi",
        "ja",
        "no",
        "en_definition",
        "de_definition",
        "fi_definition",
        "ja_definition",
        "no_definition",
    ]
    table = {row[0]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}
    assert list(table) == ["client-centric", "fish", "äpfel"]
    assert table["fish"]["en"] == HOSTILE_TITLE
    assert table["fish"]["en_definition"] == 'A & B < C, "D"; line end'
    assert table["fish"]["ja"] == "魚" and table["fish"]["de"] == "" and table["fish"]["de_definition"] == ""
    assert table["client-centric"]["no"] == "Klientsentrert"
    assert table["äpfel"]["de"] == "Äpfel"
    assert all(len(row) == len(rows[0]) for row in rows)


def test_csv_one_row_per_concept_kubernetes() -> None:
    index = index_of(K8S)
    rows = list(csv.DictReader(io.StringIO(exported(index, "csv", langs=["en", "ja"]), newline="")))
    assert list(rows[0]) == ["slug", "en", "ja", "en_definition", "ja_definition"]
    assert len(rows) == 12
    node = next(row for row in rows if row["slug"] == "node")
    assert (node["en"], node["ja"]) == ("Node", "ノード")
    assert node["ja_definition"] == "ノードはKubernetesのワーカーマシンです。"


# --- JSON Lines ---------------------------------------------------------------------------------------


def test_jsonl_lines_are_show_json(cli) -> None:
    from glossary.views import article as views

    index = index_of(K8S, bundled=True)
    lines = "".join(views.article_lines(export.exported_articles(index))).splitlines()
    assert len(lines) == 74
    objects = [json.loads(line) for line in lines]
    assert [(o["slug"], o["lang"]) for o in objects][:3] == [
        ("client-centric", "fi"),
        ("client-centric", "no"),
        ("cluster", "en"),  # the source language first
    ]
    for obj in objects[:2] + [o for o in objects if o["slug"] == "node"]:
        shown = cli("--bundled", "--data-dir", str(K8S), "show", obj["slug"], "--lang", obj["lang"], "--json")
        assert obj == json.loads(shown.stdout)


def test_jsonl_articles_come_from_exported_articles_not_export() -> None:
    with pytest.raises(ValueError):
        exported(index_of(bundled=True), "jsonl")


def test_unknown_format() -> None:
    with pytest.raises(UsageError):
        export.export(index_of(bundled=True), "xlsx")


# --- XML safety ----------------------------------------------------------------------------------------


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(st.text())
def test_xml_text_is_always_xml(text: str) -> None:
    cleaned = export.xml_text(text)
    element = ET.Element("term")
    element.text = cleaned
    element.set("id", cleaned)
    parsed = ET.fromstring(ET.tostring(element, encoding="unicode"))
    assert (parsed.text or "") == cleaned and parsed.get("id") == cleaned
    assert set(cleaned) <= set(text) | {"\n"}


# --- writing files atomically --------------------------------------------------------------------------


def test_write_atomic_replaces_the_file(tmp_path: Path) -> None:
    target = tmp_path / "out.tbx"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o640)
    size = export.write_atomic(target, iter(["<a>", "ä</a>\n"]))
    assert target.read_text(encoding="utf-8") == "<a>ä</a>\n" and size == len("<a>ä</a>\n".encode())
    assert target.stat().st_mode & 0o777 == 0o640
    assert os.listdir(tmp_path) == ["out.tbx"]


def test_write_atomic_new_file_gets_ordinary_permissions(tmp_path: Path) -> None:
    target = tmp_path / "new.csv"
    export.write_atomic(target, ["a,b\n"])
    umask = os.umask(0)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask


@pytest.mark.parametrize("failure", [OSError(28, "No space left on device"), KeyboardInterrupt()])
def test_write_atomic_leaves_nothing_half_written(tmp_path: Path, failure: BaseException) -> None:
    target = tmp_path / "out.tbx"
    target.write_text("the old export", encoding="utf-8")

    def chunks():
        yield "<martif>" * 10_000
        raise failure

    with pytest.raises(BadData if isinstance(failure, OSError) else KeyboardInterrupt):
        export.write_atomic(target, chunks())
    assert target.read_text(encoding="utf-8") == "the old export"
    assert os.listdir(tmp_path) == ["out.tbx"]


def test_write_atomic_no_file_when_nothing_was_there(tmp_path: Path) -> None:
    def chunks():
        yield "partial"
        raise BadData("the glossary changed")

    with pytest.raises(BadData):
        export.write_atomic(tmp_path / "fresh.tbx", chunks())
    assert os.listdir(tmp_path) == []


def test_write_atomic_bad_targets(tmp_path: Path) -> None:
    with pytest.raises(BadData, match="does not exist"):
        export.write_atomic(tmp_path / "missing" / "out.tbx", ["x"])
    (tmp_path / "file").write_text("kept", encoding="utf-8")
    with pytest.raises(BadData, match="is not a folder"):
        export.write_atomic(tmp_path / "file" / "out.tbx", ["x"])
    with pytest.raises(UsageError, match="is a folder"):
        export.write_atomic(tmp_path, ["x"])


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(min_size=1), st.text(), st.lists(st.text(min_size=1), max_size=3), st.text(min_size=1))
def test_tbx_of_any_text_parses_and_keeps_it(title: str, description: str, aka: list[str], slug: str) -> None:
    from glossary.index import Outline

    outline = Outline(slug, "en", "en", "/x/en/s.md", title, description, aka, 0, [["t", slug, 1]], {})
    for version, ns in ((2, ""), (3, NS)):
        text = "".join(export._tbx([export.Concept(slug, [outline])], ["en"], version=version))
        root = ET.fromstring(text.encode("utf-8"))
        entry = root.find(f"{ns}text/{ns}body/{ns}{'termEntry' if version == 2 else 'conceptEntry'}")
        assert entry.get("id") == export.xml_ids([slug])[slug]
        assert is_ncname(entry.get("id") or "")
        terms = [(term.text or "") for term in entry.iter(f"{ns}term")]
        assert terms[0] == export.xml_text(title)
        assert terms[1:] == [export.xml_text(a) for a in dict.fromkeys(aka) if a != title]  # each term once
        definition = entry.find(f".//{ns}descrip")
        assert (definition.text or "" if definition is not None else "") == (
            export.xml_text(description) if description else ""
        )


def is_ncname(name: str) -> bool:
    """An XML name without a colon: a letter or ``_`` first, then letters, digits, marks, ``.``, ``-``, ``_``."""
    import unicodedata

    def name_char(char: str) -> bool:
        return char.isalnum() or char in "._-" or unicodedata.category(char) in ("Mn", "Mc")

    return bool(name) and (name[0].isalpha() or name[0] == "_") and all(map(name_char, name))


def test_entry_ids_are_xml_names_and_unique() -> None:
    ids = export.xml_ids(["chart_best_practices/conventions", "descriptor_(css)", "2fa", "a.b", "a/b", "ノード"])
    assert ids == {
        "chart_best_practices/conventions": "chart_best_practices.conventions",
        "descriptor_(css)": "descriptor_-css-",
        "2fa": "_2fa",
        "a.b": "a.b",
        "a/b": "a.b-2",
        "ノード": "ノード",
    }
