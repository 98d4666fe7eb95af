"""Reading real glossaries: what each command shows of an article, whole and as written."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import write_article


def test_export_leaves_out_the_term_of_an_article_without_a_title(cli, glossary_dir: Path) -> None:
    write_article(glossary_dir, "en", "pod", "---\ntitle: Pod\ndescription: A pod.\n---\nText.\n")
    write_article(glossary_dir, "fr", "pod", "---\ntitre: Pod\ndescription: Un pod.\n---\nTexte.\n")
    for fmt in ("tbx", "tbx3", "csv"):
        result = cli("--data-dir", str(glossary_dir), "export", "-f", fmt)
        assert result.exit_code == 0, result.stderr
        assert "fr/pod.md: no title" in result.stderr and "left out" in result.stderr
        assert ">pod<" not in result.stdout, fmt  # the slug is no term
        assert ">Pod<" in result.stdout or "Pod," in result.stdout
    csv = cli("--data-dir", str(glossary_dir), "export", "-f", "csv").stdout.splitlines()
    assert csv[1].startswith("pod,Pod,,")


def test_toc_with_a_section_lists_that_section(cli) -> None:
    result = cli("show", "client-centric", "--lang", "fi", "--toc", "--section", "2")
    assert result.exit_code == 0
    numbered = [line for line in result.stdout.splitlines()[1:] if line.strip()]
    assert len(numbered) == 1 and numbered[0].strip().startswith("2  ")
    data = json.loads(cli("show", "client-centric", "--lang", "fi", "--toc", "--section", "2", "--json").stdout)
    assert [item["number"] for item in data] == [2]
