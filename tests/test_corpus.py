"""corpus.py: roots, language folders, layering; and how the CLI reports folders and bad files."""

from __future__ import annotations

import csv
import io
import json
import os
import sys
from pathlib import Path

import pytest

from conftest import K8S, write_article
from glossary.corpus import BUNDLED, COMMAND_LINE, ENVIRONMENT, EmptyRoot, bundled_root, load_corpus


def titled(title: str, body: str = "Body.") -> str:
    return f"---\ntitle: {title}\n---\n{body}\n"


def visible(corpus) -> dict[tuple[str, str], str]:
    """``(language key, slug)`` -> path of every visible article."""
    return {key: ref.path.as_posix() for key, ref in corpus.refs().items()}


# --- roots and layering -----------------------------------------------------------------------------


def test_bundled_data_is_found_without_any_setting() -> None:
    corpus = load_corpus(environ={})
    assert [root.origin for root in corpus.roots] == [BUNDLED]
    assert bundled_root().is_dir()
    assert list(corpus.languages) == ["fi", "no"]
    assert [ref.key for ref in corpus.find("client-centric")] == ["fi", "no"]


def test_roots_in_priority_order(tmp_path: Path) -> None:
    a, b, c, d = (tmp_path / name for name in "abcd")
    environ = {"GLOSSARY_PATH": os.pathsep.join([str(a), "", str(b)])}
    expected = [(ENVIRONMENT, a), (ENVIRONMENT, b), (COMMAND_LINE, c), (COMMAND_LINE, d)]
    corpus = load_corpus([c, d], environ=environ)
    assert [(root.origin, root.path) for root in corpus.roots] == expected  # the bundled glossary is replaced
    layered = load_corpus([c, d], environ=environ, bundled=True)
    assert [(root.origin, root.path) for root in layered.roots] == [(BUNDLED, bundled_root()), *expected]


def test_later_roots_replace_the_same_language_and_slug(tmp_path: Path) -> None:
    roots = [tmp_path / name for name in ("env1", "env2", "cli1", "cli2")]
    for root in roots:
        write_article(root, "fi", "client-centric", titled(f"From {root.name}"))
    write_article(roots[0], "fi", "only-env1", titled("Env one"))
    write_article(roots[1], "no", "client-centric", titled("Norsk env2"))
    environ = {"GLOSSARY_PATH": os.pathsep.join(str(r) for r in roots[:2])}

    corpus = load_corpus(roots[2:], environ=environ)
    refs = {ref.key: ref for ref in corpus.find("client-centric")}
    assert refs["fi"].read().title == "From cli2"
    assert refs["no"].read().title == "Norsk env2"
    assert corpus.find("only-env1")[0].read().title == "Env one"

    # Without the last --data-dir, the one before wins; without any, the last GLOSSARY_PATH folder.
    assert load_corpus(roots[2:3], environ=environ).find("client-centric", "fi")[0].read().title == "From cli1"
    assert load_corpus([], environ=environ).find("client-centric", "fi")[0].read().title == "From env2"
    # refs() applies the same layering.
    assert visible(corpus)[("fi", "client-centric")].endswith("cli2/fi/client-centric.md")


def test_bundled_articles_stay_when_not_replaced(tmp_path: Path) -> None:
    root = tmp_path / "mine"
    write_article(root, "fi", "client-centric", titled("Oma"))
    corpus = load_corpus([root], environ={}, bundled=True)
    by_key = {ref.key: ref for ref in corpus.find("client-centric")}
    assert by_key["fi"].read().title == "Oma"
    assert by_key["no"].read().title == "Klientsentrert"
    # Without asking for it, the bundled glossary stays out of the user's own.
    assert [ref.read().title for ref in load_corpus([root], environ={}).find("client-centric")] == ["Oma"]


# --- the bundled glossary and the user's own ---------------------------------------------------------

K8S_LANGS = ["de", "en", "fr", "ja", "ko", "zh-cn"]


def shown_langs(cli, *options: str) -> list[str]:
    result = cli(*options, "langs", "--json")
    assert result.exit_code == 0, result.stderr
    return [row["lang"] for row in json.loads(result.stdout)]


def listed_slugs(cli, *options: str) -> list[str]:
    result = cli(*options, "list", "--json")
    assert result.exit_code == 0, result.stderr
    return [row["slug"] for row in json.loads(result.stdout)]


def csv_header(cli, *options: str) -> list[str]:
    result = cli(*options, "export", "--format", "csv")
    assert result.exit_code == 0, result.stderr
    return next(csv.reader(io.StringIO(result.stdout)))


def test_a_data_dir_replaces_the_bundled_glossary(cli) -> None:
    mine = ("-d", str(K8S))
    assert shown_langs(cli, *mine) == K8S_LANGS
    slugs = listed_slugs(cli, *mine)
    assert len(slugs) == 12 and "client-centric" not in slugs
    found = cli(*mine, "search", "asiakas")
    assert found.exit_code == 1 and found.stdout == ""
    assert found.stderr.startswith("glossary: ") and found.stderr.count("\n") == 1
    header = csv_header(cli, *mine)
    assert not {"fi", "no", "fi_definition", "no_definition"} & set(header)
    assert {"en", "zh-cn", "en_definition"} <= set(header)
    result = cli(*mine, "show", "client-centric")
    assert result.exit_code == 1 and result.stdout == ""


def test_bundled_layers_the_bundled_glossary_under_a_data_dir(cli) -> None:
    layered = ("--bundled", "-d", str(K8S))
    assert shown_langs(cli, *layered) == sorted([*K8S_LANGS, "fi", "no"])
    slugs = listed_slugs(cli, *layered)
    assert len(slugs) == 13 and "client-centric" in slugs
    found = cli(*layered, "search", "asiakas")
    assert found.exit_code == 0, found.stderr
    assert found.stdout.startswith("Asiakaskeskeinen  client-centric · fi")
    assert {"fi", "no", "fi_definition", "no_definition", "en", "zh-cn"} <= set(csv_header(cli, *layered))
    rows = json.loads(cli(*layered, "langs", "--json").stdout)
    assert {row["lang"]: row["sources"][0]["origin"] for row in rows}["fi"] == BUNDLED


def test_bundled_layers_it_under_glossary_path_too(cli, tmp_path: Path) -> None:
    write_article(tmp_path / "env", "de", "thing", titled("Ding"))
    env = {"GLOSSARY_PATH": str(tmp_path / "env")}
    alone = cli("langs", "--json", env=env)
    assert alone.exit_code == 0, alone.stderr
    assert [row["lang"] for row in json.loads(alone.stdout)] == ["de"]
    layered = cli("--bundled", "langs", "--json", env=env)
    assert [row["lang"] for row in json.loads(layered.stdout)] == ["de", "fi", "no"]


def test_a_glossary_toml_can_ask_for_the_bundled_glossary(cli, k8s_copy: Path) -> None:
    (k8s_copy / "glossary.toml").write_text("bundled = true\n", encoding="utf-8")
    mine = ("-d", str(k8s_copy))
    assert shown_langs(cli, *mine) == sorted([*K8S_LANGS, "fi", "no"])
    assert "client-centric" in listed_slugs(cli, *mine)
    assert cli(*mine, "search", "asiakas").stdout.startswith("Asiakaskeskeinen  client-centric · fi")
    assert {"fi", "no"} <= set(csv_header(cli, *mine))
    assert load_corpus([k8s_copy], environ={}).roots[0].origin == BUNDLED

    (k8s_copy / "glossary.toml").write_text("bundled = false\n", encoding="utf-8")
    assert shown_langs(cli, *mine) == K8S_LANGS
    assert [root.origin for root in load_corpus([k8s_copy], environ={}).roots] == [COMMAND_LINE]


def test_without_a_glossary_of_ones_own_the_bundled_one_is_used(cli) -> None:
    assert shown_langs(cli) == ["fi", "no"] == shown_langs(cli, "--bundled")
    assert listed_slugs(cli) == ["client-centric"]
    shown = cli("show", "client-centric", "--lang", "no")
    assert shown.exit_code == 0, shown.stderr
    assert shown.stdout.startswith("Klientsentrert  client-centric · no · also in fi")
    found = cli("search", "asiakas")
    assert found.exit_code == 0, found.stderr
    assert found.stdout.startswith("Asiakaskeskeinen  client-centric · fi")
    compared = cli("compare", "fi", "no")
    assert compared.exit_code == 0, compared.stderr
    assert "client-centric  Asiakaskeskeinen  Klientsentrert  both" in compared.stdout
    assert "fi 1 of 1, no 1 of 1, both 1" in compared.stdout
    assert {"fi", "no"} <= set(csv_header(cli))


# --- language folders -------------------------------------------------------------------------------


def test_language_folder_names_are_case_insensitive(tmp_path: Path) -> None:
    write_article(tmp_path, "ZH-CN", "node", titled("节点"))
    write_article(tmp_path, "Pt_BR", "node", titled("Nó"))
    corpus = load_corpus([tmp_path], environ={})
    assert corpus.find("node", "zh-cn")[0].read().title == "节点"
    assert corpus.find("node", "zh_CN")[0].read().title == "节点"
    assert corpus.find("node", "pt-br")[0].read().title == "Nó"
    assert corpus.languages["zh-cn"] == "ZH-CN"  # shown as spelled on disk


@pytest.mark.parametrize(("folder", "asked"), [("nb", "no"), ("no", "nb"), ("NB", "no"), ("nb", "NB")])
def test_nb_and_no_are_one_language(tmp_path: Path, folder: str, asked: str) -> None:
    write_article(tmp_path, folder, "thing", titled("Ting"))
    corpus = load_corpus([tmp_path], environ={})
    assert [ref.read().title for ref in corpus.find("thing", asked)] == ["Ting"]


def test_bundled_norwegian_is_found_as_nb() -> None:
    corpus = load_corpus(environ={})
    assert [ref.read().title for ref in corpus.find("client-centric", "nb")] == ["Klientsentrert"]


def test_language_and_slug_come_from_the_path(tmp_path: Path) -> None:
    write_article(tmp_path, "fi", "real-slug", "---\nlang: en\nslug: other\nid: other\n---\nBody.\n")
    corpus = load_corpus([tmp_path], environ={})
    (ref,) = corpus.find("real-slug")
    article = ref.read()
    assert (article.slug, article.lang) == ("real-slug", "fi")
    assert corpus.find("other") == []


# --- what is not an article ---------------------------------------------------------------------------


def test_only_markdown_files_in_language_folders_are_articles(tmp_path: Path) -> None:
    root = tmp_path / "root"
    write_article(root, "fi", "good", titled("Hyvä"))
    (root / "README.md").write_text("# Read me\n")
    (root / "fi" / "notes.txt").write_text("not an article")
    (root / "fi" / "image.png").write_bytes(b"\x89PNG")
    (root / "fi" / ".hidden.md").write_text(titled("Hidden"))
    (root / "fi" / "nested").mkdir()
    (root / "fi" / "nested" / "deep.md").write_text(titled("Deep"))
    (root / ".git" / "fi").mkdir(parents=True)
    (root / ".git" / "fi" / "x.md").write_text(titled("Git"))
    corpus = load_corpus([root], environ={})
    mine = {key for key, path in visible(corpus).items() if path.startswith(root.as_posix())}
    assert mine == {("fi", "good"), ("fi", "nested/deep")}
    assert corpus.find("README") == [] and corpus.find(".hidden") == [] and corpus.find("notes") == []


def test_symlinks_leading_outside_the_root_are_ignored(tmp_path: Path) -> None:
    root, outside = tmp_path / "root", tmp_path / "outside"
    write_article(root, "fi", "good", titled("Hyvä"))
    write_article(outside, "fi", "secret", titled("Secret"))
    (root / "fi" / "secret.md").symlink_to(outside / "fi" / "secret.md")
    (root / "sv").symlink_to(outside / "fi", target_is_directory=True)
    (root / "fi" / "alias.md").symlink_to(root / "fi" / "good.md")  # inside the root: fine
    corpus = load_corpus([root], environ={})
    assert corpus.find("secret") == []
    assert "sv" not in corpus.languages
    assert [ref.read().title for ref in corpus.find("alias")] == ["Hyvä"]
    mine = {key for key, path in visible(corpus).items() if path.startswith(root.as_posix())}
    assert mine == {("fi", "good"), ("fi", "alias")}


@pytest.mark.parametrize(
    "term", ["../../etc/passwd", "../fi/client-centric", "/etc/passwd", ".", "..", "", " x", "a\0b"]
)
def test_slugs_that_are_paths_find_nothing(term: str) -> None:
    assert load_corpus(environ={}).find(term) == []


# --- missing folders and bad files ---------------------------------------------------------------------


def test_missing_roots_are_warnings(tmp_path: Path) -> None:
    environ = {"GLOSSARY_PATH": str(tmp_path / "absent")}
    corpus = load_corpus([tmp_path / "nowhere"], environ=environ, bundled=True)
    assert [ref.key for ref in corpus.find("client-centric")] == ["fi", "no"]
    assert len(corpus.warnings) == 2
    assert any("GLOSSARY_PATH" in warning and "absent" in warning for warning in corpus.warnings)
    assert any("--data-dir" in warning and "nowhere" in warning for warning in corpus.warnings)
    # Without --bundled the glossary is empty, and the missing folders are still only warnings.
    alone = load_corpus([tmp_path / "nowhere"], environ=environ)
    assert alone.find("client-centric") == [] and alone.languages == {}
    assert len(alone.warnings) == 2


def no_glossary_error(result, shown: str) -> str:
    """The one line that says a folder holds no glossary, with exit 2."""
    assert result.exit_code == 2, (result.stdout, result.stderr)
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("glossary: "), result.stderr
    expected = "expected language folders as in {lang}/{slug}.md (e.g. en/term.md); "
    assert result.stderr.startswith(f"glossary: no glossary in {shown}: {expected}"), result.stderr
    return result.stderr


@pytest.mark.parametrize("args", [["list"], ["langs"], ["search", "node"], ["show", "node"], ["check"]])
def test_an_empty_folder_is_no_glossary(cli, glossary_dir: Path, args: list[str]) -> None:
    error = no_glossary_error(cli("-d", str(glossary_dir), *args), str(glossary_dir))
    assert "it is empty" in error
    # --bundled does not hide it: the folder named is still wrong.
    no_glossary_error(cli("--bundled", "-d", str(glossary_dir), *args), str(glossary_dir))


@pytest.mark.parametrize("args", [["list"], ["langs"], ["search", "node"], ["show", "node"]])
def test_a_language_folder_given_as_the_glossary_is_an_error(cli, args: list[str]) -> None:
    folder = str(K8S / "en")
    error = no_glossary_error(cli("-d", folder, *args), folder)
    assert "12 .md file(s)" in error and "language folder" in error


def test_an_empty_glossary_path_folder_is_an_error_too(cli, glossary_dir: Path) -> None:
    error = no_glossary_error(cli("list", env={"GLOSSARY_PATH": str(glossary_dir)}), str(glossary_dir))
    assert "it is empty" in error


def test_a_root_with_no_language_folder_is_refused_by_load_corpus(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    (tmp_path / "odd" / "images").mkdir(parents=True)
    for root in (tmp_path / "empty", K8S / "en", tmp_path / "odd"):
        with pytest.raises(EmptyRoot, match=r"no glossary in .*expected language folders"):
            load_corpus([root], environ={}).refs()
    with pytest.raises(EmptyRoot, match="not language tags"):
        load_corpus([tmp_path / "odd"], environ={}).refs()


def test_missing_glossary_path_folder_is_a_warning_on_stderr(cli, tmp_path: Path) -> None:
    missing = tmp_path / "absent"
    result = cli("--bundled", "show", "client-centric", "--lang", "fi", env={"GLOSSARY_PATH": str(missing)})
    assert result.exit_code == 0
    assert "Asiakaskeskeinen" in result.stdout
    lines = result.stderr.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("glossary: warning: ") and str(missing) in lines[0]


def test_glossary_path_with_several_folders(cli, tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    write_article(a, "fi", "alpha", titled("Alfa"))
    write_article(b, "fi", "beta", titled("Beeta"))
    write_article(b, "fi", "client-centric", titled("Korvattu"))
    env = {"GLOSSARY_PATH": os.pathsep.join([str(a), str(b)])}
    assert cli("show", "alpha", env=env).stdout.startswith("Alfa")
    assert cli("show", "beta", env=env).stdout.startswith("Beeta")
    assert cli("show", "client-centric", "--lang", "fi", env=env).stdout.startswith("Korvattu")
    result = cli("--data-dir", str(a), "show", "client-centric", "--lang", "fi", env=env)
    assert result.stdout.startswith("Korvattu")  # a is already in GLOSSARY_PATH, below b
    write_article(tmp_path / "c", "fi", "client-centric", titled("Komentorivi"))
    result = cli("--data-dir", str(tmp_path / "c"), "show", "client-centric", "--lang", "fi", env=env)
    assert result.stdout.startswith("Komentorivi")


def test_repeated_data_dir(cli, tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    write_article(a, "fi", "same", titled("Ensimmäinen"))
    write_article(b, "fi", "same", titled("Toinen"))
    write_article(a, "fi", "only-a", titled("Vain A"))
    result = cli("--data-dir", str(a), "--data-dir", str(b), "show", "same")
    assert result.stdout.startswith("Toinen")
    assert cli("--data-dir", str(b), "--data-dir", str(a), "show", "same").stdout.startswith("Ensimmäinen")
    assert cli("--data-dir", str(a), "--data-dir", str(b), "show", "only-a").stdout.startswith("Vain A")


def test_case_insensitive_folder_from_the_command_line(cli, glossary_dir: Path) -> None:
    write_article(glossary_dir, "ZH-CN", "node", titled("节点", "工作机器。"))
    result = cli("--data-dir", str(glossary_dir), "show", "node", "--lang", "zh-cn")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("节点")
    assert "工作机器。" in result.stdout


def test_bad_files_are_reported_once_and_skipped(cli, glossary_dir: Path) -> None:
    write_article(glossary_dir, "fi", "good", titled("Hyvä", "Toimii."))
    write_article(glossary_dir, "fi", "latin1", "# Hyvä\n".encode("latin-1"))
    write_article(glossary_dir, "fi", "empty", b"")
    write_article(glossary_dir, "fi", "blank", "  \n\n")
    result = cli("--bundled", "--data-dir", str(glossary_dir), "list", "--lang", "fi")
    assert result.exit_code == 0
    assert "good" in result.stdout and "client-centric" in result.stdout  # the other root keeps working
    assert "latin1" not in result.stdout and "empty" not in result.stdout
    lines = result.stderr.splitlines()
    assert all(line.startswith("glossary: warning: ") for line in lines), lines
    for name in ("latin1.md", "empty.md", "blank.md"):
        assert sum(name in line for line in lines) == 1, lines

    # The good article keeps working, by slug, by title and by fuzzy match.
    for term in ("good", "Hyvä", "hyva"):
        shown = cli("--data-dir", str(glossary_dir), "show", term)
        assert shown.exit_code == 0, (term, shown.stderr)
        assert "Toimii." in shown.stdout

    # Asking for the bad one is a one-line error with exit 1.
    bad = cli("--data-dir", str(glossary_dir), "show", "latin1")
    assert bad.exit_code == 1
    assert bad.stderr.count("\n") == 1
    assert bad.stderr.startswith("glossary: ") and "not UTF-8" in bad.stderr


def test_unreadable_file_is_skipped(cli, glossary_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import builtins
    import io

    write_article(glossary_dir, "fi", "good", titled("Hyvä"))
    locked = write_article(glossary_dir, "fi", "locked", titled("Lukittu"))
    real_open = io.open

    def guarded_open(file, *args, **kwargs):  # permission denied, even for root
        if isinstance(file, (str, os.PathLike)) and os.fspath(file).endswith(locked.name):
            raise PermissionError(13, "Permission denied", os.fspath(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(io, "open", guarded_open)
    monkeypatch.setattr(builtins, "open", guarded_open)
    result = cli("--data-dir", str(glossary_dir), "list")
    assert result.exit_code == 0
    assert "good" in result.stdout and "locked" not in result.stdout
    assert sum("locked.md" in line for line in result.stderr.splitlines()) == 1
    shown = cli("--data-dir", str(glossary_dir), "show", "locked")
    assert shown.exit_code == 1
    assert shown.stderr.startswith("glossary: ") and shown.stderr.count("\n") == 1
    assert "Permission denied" in shown.stderr


def test_bad_front_matter_is_a_warning_and_the_article_is_shown(cli, glossary_dir: Path) -> None:
    path = write_article(glossary_dir, "fi", "odd", "---\n- just\n- a list\n---\n# Outo\n\nSisältö näkyy.\n")
    result = cli("--data-dir", str(glossary_dir), "show", "odd")
    assert result.exit_code == 0
    assert result.stdout.startswith("Outo")
    assert "Sisältö näkyy." in result.stdout
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("glossary: warning: ") and str(path) in result.stderr and "line 2" in result.stderr


@pytest.mark.skipif(sys.platform != "linux", reason="file names that are not UTF-8 are a Linux matter")
def test_a_glossary_folder_whose_name_is_not_utf8_works_everywhere(tmp_path: Path) -> None:
    """A path is bytes on Linux; one that is not UTF-8 cannot be SQLite text, and JSON must stay
    UTF-8: every command still works, and JSON shows the odd bytes as escapes."""
    import json
    import subprocess

    root = os.fsencode(tmp_path) + b"/caf\xe9-glossary"
    os.makedirs(root + b"/en")
    with open(root + b"/en/term.md", "wb") as handle:
        handle.write(b"# Term\n\nSome [text](/other).\n")
    env = {**os.environ, "GLOSSARY_CACHE_DIR": str(tmp_path / "cache"), "COLUMNS": "100"}

    def glossary(*args: str) -> subprocess.CompletedProcess[bytes]:
        command = [sys.executable.encode(), b"-m", b"glossary", b"-d", root, *(arg.encode() for arg in args)]
        return subprocess.run(command, capture_output=True, env=env, timeout=120, check=False)

    for args in (["show", "term"], ["search", "text"], ["list"], ["langs"], ["links", "term"], ["index", "--info"]):
        done = glossary(*args)
        assert done.returncode == 0 and done.stderr == b"", (args, done.stderr)
    assert b"Some text." in glossary("show", "term").stdout
    check = glossary("check")
    assert check.returncode == 1 and b"Traceback" not in check.stderr and b"other" in check.stdout
    for args in (
        ["check", "--json"],
        ["show", "term", "--json"],
        ["links", "term", "--json"],
        ["--bundled", "compare", "en", "fi", "--json"],  # the bundled fi next to this en
    ):
        done = glossary(*args)
        data = json.loads(done.stdout.decode("utf-8"))
        assert data and b"Traceback" not in done.stderr, args
    # A byte that is not UTF-8 is written \xNN in JSON, as text output writes it.
    assert (
        "/caf\\xe9-glossary/en/term.md" in json.loads(glossary("show", "term", "--json").stdout.decode("utf-8"))["path"]
    )


@pytest.mark.skipif(sys.platform != "linux", reason="file names that are not UTF-8 are a Linux matter")
def test_files_whose_names_cannot_be_slugs_are_reported_and_skipped(tmp_path: Path) -> None:
    """A file named in another encoding (a Latin-1 "café.md"), or with a control character or a
    space at an end of its name, would be an article but for its name: reported once when found,
    listed by check, never printed raw, and an article again once renamed."""
    import json
    import subprocess

    root = tmp_path / "glossary"
    write_article(root, "en", "ok", "# Ok\n\nPlain text.\n")
    folder = os.fsencode(root / "en")
    for name in (b"caf\xe9.md", b"a\x1b[31mb.md", b" spaced.md"):
        with open(folder + b"/" + name, "wb") as handle:
            handle.write(b"# Named badly\n\nPlain text.\n")
    env = {**os.environ, "GLOSSARY_CACHE_DIR": str(tmp_path / "cache"), "COLUMNS": "200"}

    def glossary(*args: str) -> subprocess.CompletedProcess[bytes]:
        command = [sys.executable, "-m", "glossary", "-d", str(root), *args]
        return subprocess.run(command, capture_output=True, env=env, timeout=120, check=False)

    first = glossary("search", "plain")
    assert first.returncode == 0 and b"Ok" in first.stdout
    warnings = first.stderr.decode("utf-8").splitlines()
    assert len(warnings) == 3 and all("its name cannot be a slug" in line for line in warnings)
    assert any("caf\\xe9.md" in line for line in warnings) and any("a\\x1b[31mb.md" in line for line in warnings)
    assert glossary("search", "plain").stderr == b""  # reported once, when found
    check = glossary("check")
    assert check.returncode == 1 and b"\x1b" not in check.stdout and b"\xe9" not in check.stdout
    assert check.stdout.count(b"its name cannot be a slug") == 3
    assert json.loads(glossary("index", "--info", "--json").stdout)["skipped"] == 3
    os.rename(folder + b"/caf\xe9.md", folder + b"/cafe.md")
    renamed = glossary("search", "named")
    assert renamed.returncode == 0 and b"cafe" in renamed.stdout
    assert json.loads(glossary("index", "--info", "--json").stdout)["skipped"] == 2
