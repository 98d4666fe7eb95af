#!/usr/bin/env python3
"""Speed of ``glossary`` on a site whose pages are in nested folders, as ratios measured in one run.

The flat benchmark corpus (``make_corpus.py``) is laid out again as a site keeps its pages: each
language folder holds ``<letter>/<group>/<slug>.md`` (hard links to the flat files, so the bytes
are the same). This measures, with nothing changed since the index was built:

* ``search asiakas`` on the nested site against the same search on the flat corpus, and against
  the limit of the nested site (a process importing Typer and Rich that stats every article once,
  walking the folders);
* ``show`` of a nested slug with ``--lang``, of its last part, and of its old ``-``-joined form,
  against the floor (``python -c "import typer, rich.markdown"``).

    python benchmarks/bench_layouts.py                  # 20,000 articles
    python benchmarks/bench_layouts.py --size 100000 --runs 7
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from measure import FLOOR, GLOSSARY, interleaved, print_table

HERE = Path(__file__).resolve().parent
WALK_AND_STAT = """
import os, sys
import typer, rich, rich.console
for top, folders, files in os.walk(sys.argv[1]):
    for name in files:
        if name.endswith(".md"):
            os.stat(os.path.join(top, name))
"""


def flat_corpus(size: int, base: Path) -> Path:
    folder = base / f"gloss-bench-{size // 1000}k"
    if not (folder / "fi").is_dir():
        print(f"generating {size} articles in {folder} ...", file=sys.stderr)
        subprocess.run([sys.executable, str(HERE / "make_corpus.py"), str(folder), "--articles", str(size)], check=True)
    return folder


def nested_place(slug: str) -> str:
    """``market-risk-premium-417`` -> ``m/4/market-risk-premium-417``: two levels of folders."""
    number = slug.rsplit("-", 1)[-1]
    return f"{slug[0]}/{number[0] if number.isdigit() else '_'}/{slug}"


def nested_corpus(flat: Path) -> Path:
    """The flat corpus laid out in nested folders (hard links; copies where links are refused)."""
    nested = flat.with_name(flat.name + "-nested")
    if (nested / "fi").is_dir():
        return nested
    for lang in sorted(path for path in flat.iterdir() if path.is_dir()):
        for page in lang.glob("*.md"):
            target = nested / lang.name / f"{nested_place(page.stem)}.md"
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(page, target)
            except OSError:
                shutil.copyfile(page, target)
    return nested


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--base", type=Path, default=Path(tempfile.gettempdir()))
    args = parser.parse_args()
    flat = flat_corpus(args.size, args.base)
    nested = nested_corpus(flat)
    slug = sorted(path.stem for path in (flat / "fi").glob("*.md"))[0]
    place = nested_place(slug)
    cache = Path(tempfile.mkdtemp(prefix="glossary-bench-cache-"))
    env = {**os.environ, "GLOSSARY_CACHE_DIR": str(cache)}
    search_nested = [*GLOSSARY, "-d", str(nested), "search", "asiakas"]
    search_flat = [*GLOSSARY, "-d", str(flat), "search", "asiakas"]
    try:
        for command in (search_nested, search_flat):  # the first runs build the indexes
            subprocess.run(command, env=env, stdout=subprocess.DEVNULL, check=True)
        rows = []
        base, measured = interleaved(search_flat, search_nested, env, args.runs)
        rows.append(("`search asiakas` on the nested site", "the same on the flat corpus", base, measured, "report"))
        limit = [sys.executable, "-c", WALK_AND_STAT, str(nested)]
        base, measured = interleaved(limit, search_nested, env, args.runs)
        rows.append(("`search asiakas` on the nested site", "the limit (walk and stat)", base, measured, "report"))
        typed_forms = (("the slug", place), ("its last part", slug), ("its old -joined form", place.replace("/", "-")))
        for label, typed in typed_forms:
            show = [*GLOSSARY, "-d", str(nested), "show", typed, "--lang", "fi", "--no-pager"]
            base, measured = interleaved(FLOOR, show, env, args.runs)
            rows.append((f"`show` of {label} `{typed}` --lang fi", "the floor", base, measured, "report"))
        print(f"{sum(1 for _ in nested.rglob('*.md'))} articles in nested folders\n")
        print_table(rows)
    finally:
        shutil.rmtree(cache, ignore_errors=True)


if __name__ == "__main__":
    main()
