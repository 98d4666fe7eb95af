"""Recall on planted errors: real Kubernetes articles (tests/data/k8s-terms) are copied, a concept's
term is replaced by another concept's term in link words, or by a term declared deprecated in the
running text (inflected, as the language would write it), and ``check-terms`` must find at least
nine in ten of them."""

from __future__ import annotations

import random
import re
import shutil
from pathlib import Path

from conftest import DATA
from glossary.corpus import load_corpus
from glossary.terminology import check_terms
from glossary.termpages import read_page

LANGS = ("zh-cn", "ja", "ko", "fr", "de", "ru")
PER_LANGUAGE = 12  # plants of each kind in each language
# A word declared deprecated for a concept, and the ending it takes where it is planted.
DEPRECATED = {
    "zh-cn": ("结点", ""),
    "ja": ("節点", ""),
    "ko": ("노우드", "를"),
    "fr": ("minion", "s"),
    "de": ("Minion", "s"),
    "ru": ("миньон", "а"),
}
_TOOLTIP = re.compile(r'(glossary_tooltip\s+text=")([^"]*)("\s+term_id="([^"]+)")')


def plant_link_words(root: Path, lang: str, rng: random.Random) -> set[tuple[str, int, str]]:
    """Give link words of ``PER_LANGUAGE`` links another concept's preferred term; ``(file, line, concept)`` of each."""
    pages = {path.stem: read_page(path, key=lang, slug=path.stem) for path in sorted((root / lang).glob("*.md"))}
    preferred = {slug: page.terms()[0].text for slug, page in pages.items()}
    candidates = []
    for path in sorted((root / lang).glob("*.md")):
        for number, line in enumerate(_visible_lines(path), start=1):  # not in comments: a reader sees it
            for match in _TOOLTIP.finditer(line):
                if match.group(4).lower() in preferred and line.count("glossary_tooltip") == 1:
                    candidates.append((path, number, match.group(4).lower()))
    planted = set()
    for path, number, concept in rng.sample(candidates, min(PER_LANGUAGE, len(candidates))):
        others = [
            term
            for slug, term in preferred.items()
            if slug != concept and term.casefold() not in preferred[concept].casefold()
            and preferred[concept].casefold() not in term.casefold()
        ]  # fmt: skip
        lines = path.read_text(encoding="utf-8").split("\n")
        other = rng.choice(others)
        lines[number - 1] = _TOOLTIP.sub(lambda m, o=other: m.group(1) + o + m.group(3), lines[number - 1])
        path.write_text("\n".join(lines), encoding="utf-8")
        planted.add((str(path), number, concept))
    return planted


def plant_deprecated(root: Path, lang: str, rng: random.Random) -> set[tuple[str, int, str]]:
    """Declare a deprecated term for the concept whose preferred term the running text uses most, and
    write it (inflected) in place of that term in ``PER_LANGUAGE`` lines of other articles."""
    word, ending = DEPRECATED[lang]
    pages = {path: read_page(path, key=lang, slug=path.stem) for path in sorted((root / lang).glob("*.md"))}
    uses: dict[str, list[tuple[Path, int, str]]] = {}
    for path in pages:
        for number, line in enumerate(_visible_lines(path), start=1):
            for slug, page in ((p.stem, pg) for p, pg in pages.items() if p != path):
                term = page.terms()[0].text
                if line and "glossary_tooltip" not in line and re.search(_bounded(term), line):
                    uses.setdefault(slug, []).append((path, number, term))
    concept = max(sorted(uses), key=lambda slug: len({(p, n) for p, n, _ in uses[slug]}))
    own = root / lang / f"{concept}.md"
    text = own.read_text(encoding="utf-8")
    own.write_text(text.replace("\n---\n", f"\nterms:\n  deprecated: [{word}]\n---\n", 1), encoding="utf-8")
    places = sorted({(path, number, term) for path, number, term in uses[concept]}, key=str)
    planted = set()
    for path, number, term in rng.sample(places, min(PER_LANGUAGE, len(places))):
        lines = path.read_text(encoding="utf-8").split("\n")
        lines[number - 1] = re.sub(_bounded(term), word + ending, lines[number - 1], count=1)
        path.write_text("\n".join(lines), encoding="utf-8")
        planted.add((str(path), number, concept))
    return planted


def _bounded(term: str) -> str:
    edge = r"(?<![^\W_])" if term[:1].isascii() or not term[:1].isalpha() else ""
    return edge + re.escape(term) + (r"(?![^\W_])" if edge else "")


def _visible_lines(path: Path) -> list[str]:
    """The file's lines, those of front matter and HTML comments blanked."""
    lines, hidden, fences = path.read_text(encoding="utf-8").split("\n"), False, 0
    shown = []
    for line in lines:
        if line.strip() == "---" and fences < 2:
            fences += 1
            shown.append("")
            continue
        opening = "<!--" in line
        shown.append("" if fences < 2 or hidden or opening else line)
        hidden = (hidden or opening) and "-->" not in line
    return shown


def test_planted_errors_are_found(tmp_path: Path) -> None:
    root = tmp_path / "k8s"
    shutil.copytree(DATA / "k8s-terms", root)
    rng = random.Random(25)
    planted = {"link-text": set(), "deprecated-term": set()}
    for lang in LANGS:
        planted["deprecated-term"] |= plant_deprecated(root, lang, rng)
        planted["link-text"] |= plant_link_words(root, lang, rng)
    report = check_terms(load_corpus([root]), list(LANGS))
    reported = {(f.kind, f.path, f.line, f.concept) for f in report.findings}
    found = {kind: {p for p in places if (kind, *p) in reported} for kind, places in planted.items()}
    total = sum(len(places) for places in planted.values())
    assert total >= 80
    missed = sorted((kind, *p) for kind, places in planted.items() for p in places - found[kind])
    recall = sum(len(places) for places in found.values()) / total
    assert recall >= 0.9, missed
