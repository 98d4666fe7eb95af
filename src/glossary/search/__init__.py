"""Finding articles: ``query`` (what a user typed, as words, phrases and their plans), ``rank`` (every
weight of the ranking and bm25, in one place), ``engine`` (full-text search over the index),
``snippets`` (the passage shown for each hit) and ``lookup`` (what a user typed into a concept, a
language and a section). Nothing is imported here, so that ``lookup`` stays cheap for ``show``.
"""
