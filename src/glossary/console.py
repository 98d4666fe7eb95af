"""The ``glossary`` command as installed: the index's stat pass begun in a child process
(``glossary.prescan``) when the command line will open the index, then the program itself.

Only the options of ``glossary`` itself are read here, as Typer will read them (``cli.app.options``);
a command line with anything else before its command starts no child.
"""

from __future__ import annotations

import os
import sys

from glossary import prescan

TYPE_CHECKING = False  # typing is not imported before the child is started
if TYPE_CHECKING:
    from collections.abc import Sequence

COMMANDS = frozenset({"search", "show", "list", "langs", "compare", "links", "check", "translate", "export", "index"})
"""The commands that open the index (``show`` when the name is not a file's)."""

_WITH_VALUE = {"-d": "data_dirs", "--data-dir": "data_dirs", "--source": "source", "--docs-version": "docs_version"}


def main() -> int:
    options = glossary_options(sys.argv[1:])
    if options is not None:
        prescan.begin(__name__, options, _identity(options))
    try:
        from glossary.cli import main as run
    except KeyboardInterrupt:  # Ctrl-C while the program is still being imported: end as any Ctrl-C does
        return 130
    return run()


def glossary_options(args: Sequence[str]) -> dict[str, object] | None:
    """The options of ``glossary`` itself on a command line whose command opens the index; None for
    any other (``--help``, ``--version``, a command that opens none, a misspelt one, an option
    without its value)."""
    options: dict[str, object] = {"data_dirs": [], "source": None, "bundled": False, "docs_version": None}
    dirs: list[str] = []
    words = iter(args)
    for word in words:
        if word in COMMANDS:
            options["data_dirs"] = dirs
            return options
        name, equals, value = word.partition("=")
        if not (name.startswith("--") and name in _WITH_VALUE and equals):
            if word in _WITH_VALUE:
                name, value = word, next(words, "")
            elif word.startswith("-d") and not word.startswith("--") and len(word) > 2:
                name, value = "-d", word[2:]
            elif word == "--bundled":
                options["bundled"] = True
                continue
            elif word == "--no-color":
                continue
            else:
                return None
        if not value:
            return None
        if _WITH_VALUE[name] == "data_dirs":
            dirs.append(value)  # as typed: the child starts in this folder and reads it as the command does
        else:
            options[_WITH_VALUE[name]] = value
    return None


def _identity(options: dict[str, object]) -> object | None:
    """What names the glossary of these options wherever the command is run from: each folder's real
    path (the same folder typed relative or absolute, or through a link, keeps one plan). None when
    the current folder is gone."""
    folders: list[str] = options["data_dirs"]  # type: ignore[assignment]
    try:
        roots = [os.path.realpath(os.path.expanduser(folder)) for folder in folders]
    except OSError:
        return None
    return (roots, options["source"], options["bundled"], options["docs_version"])


def serve_prescan(options: dict[str, object], plan_path: str | None, answers: int, claimed: int) -> None:
    """What the child ``prescan.begin`` starts runs: the folders of the kept plan, else those the
    command will find."""
    prescan.serve(lambda: _planned(plan_path, options) or _folders(options), answers, claimed)


def _planned(plan_path: str | None, options: dict[str, object]) -> prescan.Folders | None:
    """The folders of the plan the last run kept (``index.scan.plan_of``), with no corpus to import
    until a folder needs more than its plan says (one with subfolders or links, or whose files are
    told apart by name: then the folders are found as the command finds them, and used if they are
    the plan's)."""
    plan = prescan.read_plan(plan_path)
    if plan is None:
        return None
    from glossary.index.scan import planned_fingerprint

    try:
        keys = [str(row[0]) for row in plan]
    except IndexError:
        return None
    found: list[prescan.Folders] = []

    def fingerprint(number: int) -> str | None:
        quick = planned_fingerprint(plan[number])  # type: ignore[arg-type]
        if quick is not None:
            return quick
        if not found:
            found.append(_folders(options))
        listed_keys, listed, _ = found[0]
        return listed(number) if listed_keys == keys else None

    return keys, fingerprint, plan


def _folders(options: dict[str, object]) -> prescan.Folders:
    """The language folders the command will scan, found in the child as ``Session.corpus`` finds them."""
    from pathlib import Path

    from glossary.corpus import load_corpus
    from glossary.index.scan import fingerprint, folder_key

    dirs = [Path(folder) for folder in options["data_dirs"]]  # type: ignore[attr-defined]
    source, version = options["source"], options["docs_version"]
    assert source is None or isinstance(source, str)
    assert version is None or isinstance(version, str)
    corpus = load_corpus(dirs, source=source, bundled=bool(options["bundled"]), docs_version=version)
    folders = corpus.folders
    return [folder_key(folder) for folder in folders], lambda number: fingerprint(folders[number]), None
