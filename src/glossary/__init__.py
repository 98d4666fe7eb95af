"""Read, search and compare a multilingual glossary of Markdown articles.

The command line is one way in; the core works from Python too::

    import glossary
    corpus = glossary.load_corpus(["my-glossary"])
    article = corpus.find("client-centric", "no")[0].read()
"""

TYPE_CHECKING = False  # typing is not imported: the installed command starts from here (glossary.console)
if TYPE_CHECKING:
    from glossary.articles import parse_article
    from glossary.corpus import load_corpus
    from glossary.index import open_index

__version__ = "0.1.0"

__all__ = ["load_corpus", "open_index", "parse_article", "__version__"]


def __getattr__(name: str) -> object:
    # Imported on first use, so that ``import glossary`` (and the CLI's start-up) stays cheap.
    if name == "load_corpus":
        from glossary.corpus import load_corpus

        return load_corpus
    if name == "open_index":
        from glossary.index import open_index

        return open_index
    if name == "parse_article":
        from glossary.articles import parse_article

        return parse_article
    raise AttributeError(f"module 'glossary' has no attribute {name!r}")
