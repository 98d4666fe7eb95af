"""Read, search and compare a multilingual glossary of Markdown articles."""

__version__ = "0.1.0"
