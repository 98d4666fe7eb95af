"""Start-up time of everyday commands on the bundled data, as ratios to the import floor.

The floor is ``python -c "import typer, rich.markdown"``: what any Typer + Rich Markdown program
pays before doing anything. Every command is run interleaved with the floor, many times, in the
same run, so machine load affects both alike; the median is reported.

    python benchmarks/bench_startup.py [--runs 30]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile

from measure import FLOOR, GLOSSARY, compile_package, interleaved

COMMANDS = [
    ("glossary --help", ["--help"]),
    ("glossary show client-centric --lang no", ["show", "client-centric", "--lang", "no"]),
    ("glossary show klientsentrert (title)", ["show", "klientsentrert"]),
    ("glossary show client centrik (fuzzy)", ["show", "client centrik"]),
    ("glossary list", ["list"]),
    ("glossary search asiakas", ["search", "asiakas"]),
    ("glossary compare fi no", ["compare", "fi", "no"]),
    ("glossary compare fi no client-centric", ["compare", "fi", "no", "client-centric"]),
]


def available(arguments: list[str], env: dict[str, str]) -> bool:
    """Whether this installation has the command (benchmarks run against older versions too)."""
    done = subprocess.run(GLOSSARY + arguments, env=env, capture_output=True, check=False)
    return done.returncode == 0 and b"Traceback" not in done.stderr


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    options = parser.parse_args()
    compile_package()
    with tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, "GLOSSARY_CACHE_DIR": cache, "COLUMNS": "100"}
        env.pop("GLOSSARY_PATH", None)
        rows = []
        for label, arguments in COMMANDS:
            if not available(arguments, env):  # also warms the index cache
                continue
            rows.append((label, *interleaved(FLOOR, GLOSSARY + arguments, env, options.runs)))
    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, median of {options.runs} interleaved runs\n")
    print("| command (bundled data, warm cache) | floor ms | command ms | ratio |")
    print("|---|---:|---:|---:|")
    for label, floor, command in rows:
        print(f"| `{label}` | {floor * 1000:.0f} | {command * 1000:.0f} | {command / floor:.2f} |")


if __name__ == "__main__":
    main()
