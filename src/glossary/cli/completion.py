"""Shell completion of concepts and languages: never prints, never raises."""

from __future__ import annotations

from typing import Any

import typer


def _completion_corpus(ctx: Any) -> Any:
    from glossary.corpus import load_corpus

    root = ctx.find_root() if ctx is not None else None
    params = root.params if root is not None else {}
    corpus = load_corpus(params.get("data_dir") or [], bundled=bool(params.get("bundled")))
    version = params.get("docs_version")
    return corpus.for_version(version) if version and version in corpus.versions else corpus


def complete_term(ctx: typer.Context, incomplete: str) -> list[str]:
    """The slugs that start with what was typed, from the names of the files: a listing of each
    language folder. Completion never opens, builds or refreshes the index (the next command does),
    so that a first TAB on a large glossary answers at once."""
    try:
        from glossary.text import fold

        prefix = fold(incomplete)
        slugs = sorted({slug for _, slug in _completion_corpus(ctx).refs(front_matter=False)})
        return [slug for slug in slugs if fold(slug).startswith(prefix)][:200]
    except Exception:  # completion must never disturb the shell
        return []


def complete_lang(ctx: typer.Context, incomplete: str) -> list[str]:
    try:
        languages = _completion_corpus(ctx).languages.values()
        return [lang for lang in languages if lang.lower().startswith(incomplete.lower())]
    except Exception:  # completion must never disturb the shell
        return []
