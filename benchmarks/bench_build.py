#!/usr/bin/env python3
"""Where the first index build spends its time, per article, against the plain front-matter loop.

The first run over a glossary parses every article and writes the full-text index. Its wall time
cannot fall below the CPU time of all its processes divided by the CPUs there are, so this prints
both, and splits the CPU time of one article between the steps of the build:

* reading the file and parsing it (front matter, title, sections, links: what ``show`` uses);
* turning it into index rows (full-text terms, numbers, names, links; lists joined as ``index.packing`` keeps them);
* everything else: the SQLite writes of the full-text index above all, the terms of words met
  for the first time, passing rows between processes (the rest of the build's CPU time).

The first two are measured in this process over a sample spread over every language folder,
with the caches of a build that starts from nothing; the whole build runs as ``glossary search``
does it (the installed command), in a fresh cache folder. This is a breakdown: the figure, the first
build against the naive parse in interleaved rounds, is ``bench_search.py``'s.

    python benchmarks/bench_build.py                     # the generated 100,000 articles (kept between runs)
    python benchmarks/bench_build.py --size 10000 --sample 2000
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from measure import GLOSSARY, cached_corpus, clean_env, header, naive_parse, read_all


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall time and CPU time (of the command and every process it waited for) of one run."""
    cpu, start = children_cpu(), time.perf_counter()
    subprocess.run(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start, children_cpu() - cpu


def sample(folder: Path, size: int) -> list[tuple[str, str, str, str]]:
    """``(path, slug, language, language key)`` of about ``size`` articles, every language alike."""
    from glossary.languages import lang_key

    files = sorted(
        (entry.path, entry.name[:-3], lang.name, lang_key(lang.name))
        for lang in os.scandir(folder)
        if lang.is_dir()
        for entry in os.scandir(lang.path)
        if entry.name.endswith(".md")
    )
    step = max(1, len(files) // size)
    return files[::step]


def per_article(articles: list[tuple[str, str, str, str]]) -> dict[str, float]:
    """CPU seconds per article of the plain loop, of reading and parsing, and of the whole analysis.

    Each is run twice and the second run timed: files come from the page cache, and the term
    caches hold the words of the sample, as they hold most words of a corpus late in a build.
    """
    import frontmatter

    from glossary.analysis import Analyzer
    from glossary.articles import parse_bytes
    from glossary.index.build import analyse_file

    def plain() -> None:
        for path, *_ in articles:
            with open(path, encoding="utf-8") as handle:
                frontmatter.loads(handle.read())

    def parse() -> None:
        for path, slug, lang, _ in articles:
            with open(path, "rb") as handle:
                parse_bytes(handle.read(), slug=slug, lang=lang, path=path)

    analyzers: dict[str, Analyzer] = {}

    def analyse() -> None:
        for path, slug, lang, key in articles:
            analyzer = analyzers.get(key) or analyzers.setdefault(key, Analyzer(key))
            analyse_file(path, slug, lang, analyzer)

    times = {}
    for name, step in (("plain", plain), ("parse", parse), ("analyse", analyse)):
        step()
        start = time.process_time()
        step()
        times[name] = (time.process_time() - start) / len(articles)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000, help="corpus size (articles)")
    parser.add_argument("--sample", type=int, default=5000, help="articles timed one by one")
    options = parser.parse_args()
    folder = cached_corpus(options.size)
    env = clean_env()

    steps = per_article(sample(folder, options.sample))
    cache = tempfile.mkdtemp(prefix="glossary-bench-cache-")
    try:
        run(read_all(folder), env)  # both from the page cache
        plain_wall, plain_cpu = run(naive_parse(folder), env)
        build_wall, build_cpu = run(
            GLOSSARY + ["-d", str(folder), "search", "asiakas"], {**env, "GLOSSARY_CACHE_DIR": cache}
        )
    finally:
        shutil.rmtree(cache, ignore_errors=True)

    count = sum(1 for lang in folder.iterdir() if lang.is_dir() for name in os.listdir(lang) if name.endswith(".md"))
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    build = build_cpu / count
    rest = build - steps["analyse"]
    us = 1e6
    print(header(f"Where a first build spends its CPU time ({count:,} articles, one build)"))
    print("| per article | CPU µs | / plain loop |")
    print("|---|---:|---:|")
    print(f"| plain loop: read, `frontmatter.loads` | {steps['plain'] * us:.0f} | 1.00 |")
    print(f"| read and parse (what `show` does) | {steps['parse'] * us:.0f} | {steps['parse'] / steps['plain']:.2f} |")
    print(
        "| index rows: terms (of words met before), numbers, names, packed lists | "
        f"{(steps['analyse'] - steps['parse']) * us:.0f} | "
        f"{(steps['analyse'] - steps['parse']) / steps['plain']:.2f} |"
    )
    print(
        f"| the rest: terms of new words, SQLite writes, rows passed between processes | {rest * us:.0f} | "
        f"{rest / steps['plain']:.2f} |"
    )
    print(f"| whole first build, all processes | {build * us:.0f} | {build / steps['plain']:.2f} |")
    print()
    print(
        f"Plain loop: {plain_wall:.2f} s wall, {plain_cpu:.2f} s CPU. "
        f"First build: {build_wall:.2f} s wall, {build_cpu:.2f} s CPU in all its processes."
    )
    print(
        f"First build / plain loop, wall: {build_wall / plain_wall:.2f}. With {cpus} CPUs its wall time "
        f"cannot be below {build_cpu / cpus:.2f} s (CPU / CPUs), {build_cpu / cpus / plain_wall:.2f}x the plain loop."
    )


if __name__ == "__main__":
    main()
