"""Terminology tools, from the index: links between concepts (``links``), the health of a glossary
(``check``) and the words another language uses for a term (``translate``).

Everything here works from the index (what each article is called, its sections and its links), so
a whole-glossary report costs one query, not a parse of every file. Results are plain dataclasses;
nothing here prints. Words used: a *concept* is a slug; an *article* is one language's file about
it; a *link* is a link as ``glossary.conventions`` reads it, kept in the index as ``(text, target,
line)``.
"""

from glossary.terms.check import KINDS, Problem, Report, check, check_passed, report_scope
from glossary.terms.links import ArticleLinks, Backlink, ConceptLinks, Outgoing, concept_links, resolve_concept
from glossary.terms.translate import Candidate, LinkWord, Translation, translate

__all__ = [
    "KINDS",
    "ArticleLinks",
    "Backlink",
    "Candidate",
    "ConceptLinks",
    "LinkWord",
    "Outgoing",
    "Problem",
    "Report",
    "Translation",
    "check",
    "check_passed",
    "concept_links",
    "report_scope",
    "resolve_concept",
    "translate",
]
