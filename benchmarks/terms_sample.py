"""Precision of ``glossary check-terms`` on real glossaries: draw a random sample of its findings,
then score the verdicts a reader gave them.

    python benchmarks/terms_sample.py draw ../shared/realworld/k8s-full ../shared/realworld/mdn-glossary
    python benchmarks/terms_sample.py score

``draw`` runs the installed command (``--json``) on each glossary in ja, zh-cn, ko, fr and de,
draws 10 findings per language (50 per glossary, a language with fewer leaving its share to
the others), in an order a hash of the seed (2027) and each finding decides, and prints each with what a reader
needs to judge it: the line it points at, the translation's text for a missing term. It writes
the sample to ``terms_verdicts.json`` beside this script, keeping the verdicts of findings already
judged. ``score`` prints, per glossary and overall, the share of findings judged true and the
lower bound of its 95 % Wilson interval.

A finding is true when a terminologist would want to act on it: the text names the concept with
words that are not its declared terms (another word, the source language's word, a spelling the
glossary does not list), or an up-to-date paragraph of the translation lacks a term its source
names. It is false when the words are an inflection or variant the rules should have allowed,
when the match is another sense of the word or another concept, or when the translation is of an
older source (the sentence is not there at all).
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

LANGS = ("ja", "zh-cn", "ko", "fr", "de")
PER_LANGUAGE = 10
SEED = 2027
VERDICTS = Path(__file__).with_name(os.environ.get("TERMS_VERDICTS", "terms_verdicts.json"))


def key(finding: dict) -> str:
    return "|".join(str(finding[name]) for name in ("dataset", "kind", "lang", "path", "line", "concept", "found"))


def findings_of(root: Path, lang: str) -> list[dict]:
    installed = Path(sys.executable).with_name("glossary")  # the command installed beside this Python
    command = [str(installed)] if installed.exists() else [shutil.which("glossary") or "glossary"]
    result = subprocess.run(
        [*command, "--data-dir", str(root), "check-terms", "--lang", lang, "--json"],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode not in (0, 1):
        sys.exit(f"glossary check-terms failed on {root} ({lang}): {result.stderr.strip()}")
    found = json.loads(result.stdout)["findings"]
    for finding in found:
        finding["dataset"] = root.name
        finding["path"] = str(Path(finding["path"]).relative_to(root.resolve()))
    return found


def rank(finding: dict) -> str:
    """A finding's place in the random order: a hash of the seed and the finding, so that a change of
    the rules that drops some findings leaves the others where they were."""
    return hashlib.blake2b(f"{SEED}|{key(finding)}".encode(), digest_size=8).hexdigest()


def draw(roots: list[Path]) -> None:
    old = {key(item): item for item in _load().get("findings", [])}
    sample = []
    for root in roots:
        drawn, rest = [], []
        for lang in LANGS:
            found = sorted(findings_of(root.resolve(), lang), key=rank)
            drawn.extend(found[:PER_LANGUAGE])
            rest.extend(found[PER_LANGUAGE:])
        # A language with fewer findings leaves its share to the others: 50 per glossary all the same.
        drawn.extend(sorted(rest, key=rank)[: PER_LANGUAGE * len(LANGS) - len(drawn)])
        for finding in drawn:
            kept = old.get(key(finding), {})
            sample.append(
                {
                    name: finding[name]
                    for name in ("dataset", "kind", "lang", "path", "line", "concept", "found", "message")
                }
                | {"source_sentence": finding["source_sentence"]}
                | {"verdict": kept.get("verdict"), "why": kept.get("why", "")}
            )
            _show(root, sample[-1])
    VERDICTS.write_text(
        json.dumps({"seed": SEED, "per_language": PER_LANGUAGE, "findings": sample}, ensure_ascii=False, indent=1)
        + "\n",
        encoding="utf-8",
    )


def _show(root: Path, finding: dict) -> None:
    print(f"\n== {key(finding)}\n   {finding['message']}")
    if finding["source_sentence"]:
        print(f"   source: {finding['source_sentence']}")
    lines = (root / finding["path"]).read_text(encoding="utf-8").split("\n")
    if finding["line"]:
        print(f"   line: {lines[finding['line'] - 1].strip()[:300]}")
    elif finding["kind"] == "missing-term":
        body = "\n".join(lines)
        body = re.sub(r"<!--.*?-->", "", body, flags=re.DOTALL)
        print("   translation: " + " ".join(body.split("\n---\n", 1)[-1].split())[:900])


def score() -> None:
    findings = _load()["findings"]
    groups: dict[str, list[dict]] = {}
    for finding in findings:
        groups.setdefault(finding["dataset"], []).append(finding)
    groups["both"] = findings
    for name, items in groups.items():
        judged = [item for item in items if item["verdict"] in ("true", "false")]
        true = sum(item["verdict"] == "true" for item in judged)
        if judged:
            low = wilson_lower(true, len(judged))
            print(f"{name}: {true}/{len(judged)} true = {true / len(judged):.2f}, 95 % Wilson lower bound {low:.2f}")
        by_kind: dict[str, list[int]] = {}
        for item in judged:
            by_kind.setdefault(item["kind"], [0, 0])
            by_kind[item["kind"]][0] += item["verdict"] == "true"
            by_kind[item["kind"]][1] += 1
        print("   " + ", ".join(f"{kind} {t}/{n}" for kind, (t, n) in sorted(by_kind.items())))


def wilson_lower(successes: int, total: int, z: float = 1.959964) -> float:
    """The lower end of the Wilson score interval for a proportion."""
    share = successes / total
    centre = share + z * z / (2 * total)
    margin = z * math.sqrt(share * (1 - share) / total + z * z / (4 * total * total))
    return (centre - margin) / (1 + z * z / total)


def _load() -> dict:
    return json.loads(VERDICTS.read_text(encoding="utf-8")) if VERDICTS.exists() else {}


if __name__ == "__main__":
    if len(sys.argv) >= 2 and sys.argv[1] == "score":
        score()
    elif len(sys.argv) >= 3 and sys.argv[1] == "draw":
        draw([Path(arg) for arg in sys.argv[2:]])
    else:
        sys.exit(__doc__)
