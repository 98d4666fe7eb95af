"""Does ``glossary status`` agree with plain git, article by article, on a real history?

For every translation of a Docusaurus site (``docs/`` or ``versioned_docs/version-N/`` against
``i18n/<lang>/docusaurus-plugin-content-docs/<current|version-N>/``), the rule of docs/status.md is
computed here with plain git commands, one file at a time, and compared with what the package says:

* base: the commit the ``default_lang_commit`` marker names when ``git merge-base --is-ancestor``
  says HEAD reaches it; else the newest commit of ``git log --name-status -- FILE`` (default
  history simplification) that changed the title or body, a rename with no change or a change to
  other front matter passed over. A rename (``git show -M`` of the commit that added the name) is
  followed under the old name from the commit's parent; a copy is not (its origin lives on as a
  file of its own). ``git log --follow`` is not used: it turns the simplification off, and it
  follows copies (``docs/`` was made as a copy of ``versioned_docs/version-3/``);
* outdated: the title and body at the base and at HEAD differ once white space is squeezed out of
  each line and blank lines are dropped (what ``git diff --ignore-all-space --ignore-blank-lines``
  ignores);
* behind: the commits of ``git rev-list --full-history --no-merges BASE..HEAD -- NAMES`` whose own
  change (``git show -M``) changed the title or body, white space aside.

Usage: python benchmarks/status_agreement.py REPOSITORY [VERSION ...]   (default: current 3)
The statuses are what the installed ``glossary -d REPOSITORY --docs-version VERSION status --json``
prints (the command beside this Python, else the one on PATH).
Prints agreement per language and version, and each disagreement. Exit 1 when they disagree.
"""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from pathlib import Path

import yaml

from glossary.tracking import marker_of

MARKER = "default_lang_commit"


def git(repo: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(["git", "-c", "core.quotePath=false", *args], cwd=repo, capture_output=True, check=check)


def text_of(raw: bytes | None) -> tuple[str, str] | None:
    """Title and body, the front matter read by PyYAML's base loader (independent of the package's reader)."""
    if raw is None:
        return None
    text = raw.decode("utf-8", "surrogateescape").removeprefix("\ufeff").replace("\r\n", "\n")
    if text.startswith("---\n"):
        end = text.find("\n---", 3)
        if end != -1:
            line_end = text.find("\n", end + 4)
            front, body = text[4:end], text[line_end + 1 :] if line_end != -1 else ""
            try:
                data = yaml.load(front, Loader=yaml.BaseLoader) or {}
            except yaml.YAMLError:
                data = {}
            title = data.get("title", "") if isinstance(data, dict) else ""
            return str(title), body
    return "", text


def squeezed(text: tuple[str, str] | None) -> tuple[str, ...] | None:
    if text is None:
        return None
    lines = (text[0] + "\n" + text[1]).split("\n")
    return tuple(line for line in ("".join(part.split()) for part in lines) if line)


def show(repo: Path, rev: str, path: str) -> bytes | None:
    done = git(repo, "show", f"{rev}:{path}", check=False)
    return done.stdout if done.returncode == 0 else None


def follow(repo: Path, path: str, start: str = "HEAD") -> list[tuple[str, str, str, str]]:
    """(commit, status, old path, new path) of the commits that changed ``path``, newest first, as
    ``git log START -- PATH`` lists them (default history simplification), continued under the old
    name where ``git show -M`` says the file was renamed (a copy is not followed: its origin lives on
    as another file). A merge listed there resolved a conflict in the file: status ``merge``."""
    out = git(repo, "log", "--format=%x00%H %P", "--name-status", start, "--", path).stdout.decode()
    found: list[tuple[str, str, str, str]] = []
    for record in out.split("\0")[1:]:
        lines = [line for line in record.split("\n") if line]
        sha, *parents = lines[0].split()
        if len(parents) > 1:
            found.append((sha, "merge", path, path))
            continue
        status = lines[1].split("\t")[0] if len(lines) > 1 else "M"
        if status.startswith("A") and parents:
            shown = git(repo, "show", "--format=", "--name-status", "-M", sha).stdout.decode().splitlines()
            renamed = [line.split("\t") for line in shown if line.startswith("R") and line.split("\t")[-1] == path]
            if renamed:
                found.append((sha, "R", renamed[0][1], path))
                return found + follow(repo, renamed[0][1], f"{sha}^")
        found.append((sha, status[:1], path, path))
        if status.startswith("A"):
            return found
    return found


def changed_text(repo: Path, sha: str, names: list[str]) -> bool:
    """Whether the commit changed the title or body of the file under one of ``names``, white space aside."""
    shown = git(repo, "show", "--format=", "--name-status", "-M", sha, "--", *names).stdout.decode().splitlines()
    for line in shown:
        parts = line.split("\t")
        old, new = parts[1], parts[-1]
        before, after = text_of(show(repo, f"{sha}^", old)), text_of(show(repo, sha, new))
        if parts[0].startswith("D"):
            after = None
        if squeezed(before) != squeezed(after):
            return True
    return False


def plain_rule(repo: Path, translation: str, source: str, marker: str | None) -> tuple[str, int, str | None]:
    base = None
    if marker:
        ok = git(repo, "merge-base", "--is-ancestor", marker, "HEAD", check=False).returncode == 0
        if ok:
            base = git(repo, "rev-parse", marker).stdout.decode().strip()
    if base is None:
        for sha, status, old, new in follow(repo, translation):
            if status in ("A", "merge"):
                base = sha
                break
            before, after = text_of(show(repo, f"{sha}^", old)), text_of(show(repo, sha, new))
            if before != after:
                base = sha
                break
    if base is None:
        return "untracked", 0, None
    names = [source]
    for _, _, old, new in follow(repo, source):
        for name in (new, old):
            if name not in names:
                names.append(name)
    at_base = next((raw for name in names if (raw := show(repo, base, name)) is not None), None)
    now = show(repo, "HEAD", source)
    if squeezed(text_of(at_base)) == squeezed(text_of(now)):
        return "current", 0, base
    listed = git(repo, "rev-list", "--full-history", "--no-merges", f"{base}..HEAD", "--", *names).stdout.split()
    return "outdated", sum(changed_text(repo, sha.decode(), names) for sha in listed), base


def command_report(repo: Path, version: str) -> list[dict]:
    """What the installed ``glossary`` command says of every translation of one docs version."""
    import json
    import shutil

    glossary = (
        str(Path(sys.executable).parent / "glossary")
        if (Path(sys.executable).parent / "glossary").exists()
        else shutil.which("glossary")
    )
    done = subprocess.run(
        [glossary or "glossary", "-d", str(repo), "--docs-version", version, "status", "--json"],
        capture_output=True, check=False,
    )  # fmt: skip
    if done.returncode not in (0, 1):
        raise SystemExit(done.stderr.decode(errors="replace"))
    return json.loads(done.stdout)["articles"]


def main() -> int:
    repo = Path(sys.argv[1]).resolve()
    versions = sys.argv[2:] or ["current", "3"]
    disagreements = 0
    for version in versions:
        agree: Counter[str] = Counter()
        total: Counter[str] = Counter()
        for status in command_report(repo, version):
            if status["state"] not in ("current", "outdated"):
                continue
            translation = str(Path(status["path"]).resolve().relative_to(repo))
            source = str(Path(status["source_path"]).resolve().relative_to(repo))
            marker = marker_of(repo / translation, (MARKER,))
            state, behind, base = plain_rule(repo, translation, source, marker)
            total[status["lang"]] += 1
            if (state, behind, base) == (status["state"], status["behind"], status["base"]):
                agree[status["lang"]] += 1
            else:
                disagreements += 1
                print(
                    f"  {version} {status['lang']}/{status['slug']}: glossary {status['state']} {status['behind']} "
                    f"{(status['base'] or '')[:10]}; git {state} {behind} {(base or '')[:10]}"
                )
        for lang in sorted(total):
            print(f"{version:10} {lang:3} {agree[lang]:4}/{total[lang]:<4} {100 * agree[lang] / total[lang]:6.1f} %")
        print(f"{version:10} all {sum(agree.values()):4}/{sum(total.values()):<4}")
    return 1 if disagreements else 0


if __name__ == "__main__":
    sys.exit(main())
