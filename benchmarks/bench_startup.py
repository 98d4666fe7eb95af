"""Start-up time of everyday commands on the bundled data, as ratios to the import floor.

The floor is ``python -c "import typer, rich.markdown"``: what any Typer + Rich Markdown program
pays before doing anything. Each command is the installed ``glossary`` with its output going to a
pipe, run interleaved with the floor in every round; medians and their spread are reported
(``measure.py``). The index cache is private to the run and warmed first.

    python benchmarks/bench_startup.py [--rounds 21]
"""

from __future__ import annotations

import argparse
import subprocess
import tempfile

from measure import FLOOR, GLOSSARY, Ratio, clean_env, figure_row, figure_table, header, interleave

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
    parser.add_argument("--rounds", type=int, default=21)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as cache:
        env = clean_env(cache)
        runs = {"floor": FLOOR}
        for label, arguments in COMMANDS:
            if available(arguments, env):  # also warms the index cache and compiles bytecode
                runs[label] = GLOSSARY + arguments
        samples = interleave(runs, options.rounds, env)
    print(header("Start-up on the bundled data (warm index cache)", options.rounds))
    table = figure_table()
    for label in runs:
        if label != "floor":
            goal = "<= 1.0" if label == "glossary show client-centric --lang no" else ""
            figure_row(table, f"`{label}`", "import floor", Ratio(samples[label], samples["floor"]), goal)
    print(table)


if __name__ == "__main__":
    main()
