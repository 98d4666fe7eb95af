"""How fast `glossary check-terms` is on real glossaries, timed as a user runs it.

The installed ``glossary`` command (the console script beside this Python) runs as a subprocess,
output to a pipe, on each glossary for each language asked (default ja, zh-cn, ko, fr, de, then
every translation at once), interleaved with the import floor ``python -c "import typer,
rich.markdown"``; medians of several runs. Target: under 2 s for one language.

    python benchmarks/bench_check_terms.py [--runs 7] [GLOSSARY ...]

Default glossaries: ``k8s-full`` and ``mdn-glossary`` of ``/work/shared/realworld``.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from measure import FLOOR, compile_package, interleaved, print_table

LANGS = ("ja", "zh-cn", "ko", "fr", "de")
SHARED = Path("/work/shared/realworld")


def installed() -> list[str]:
    script = Path(sys.executable).with_name("glossary")
    return [str(script)] if script.exists() else [sys.executable, "-m", "glossary"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="runs of each command")
    parser.add_argument("glossaries", nargs="*", type=Path, default=[SHARED / "k8s-full", SHARED / "mdn-glossary"])
    options = parser.parse_args()
    compile_package()
    env = {**os.environ, "NO_COLOR": "1"}
    rows = []
    for root in options.glossaries:
        for langs in [[lang] for lang in LANGS] + [[]]:
            command = [*installed(), "--data-dir", str(root), "check-terms", "--json"]
            command += ["--lang", langs[0]] if langs else []
            base, measured = interleaved(FLOOR, command, env, options.runs, ok=(0, 1))
            label = f"check-terms {root.name} {langs[0] if langs else '(every language)'}"
            rows.append((label, "floor", base, measured, "< 2 s" if langs else ""))
    print_table(rows)


if __name__ == "__main__":
    main()
