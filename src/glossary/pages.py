"""Which files of a site are its pages, and the slug a page's path gives it.

A slug is the path below the language folder without its extension, ``/`` kept:
``docs/concepts/signals/traces.md`` is ``docs/concepts/signals/traces``. A folder's own page
(``_index.md`` in Hugo, ``index.md``/``index.mdx`` in page bundles and Docusaurus) is the page of
the folder: ``docs/concepts/_index.md`` is ``docs/concepts``; at the top of a language folder it is
the site's home page, no concept.

Not pages: hidden files, Hugo partials and templates (files and folders whose name starts with
``_``, other than ``_index``), and pages whose front matter says they are not content: Hugo's
``headless: true``, ``_build``/``build`` with ``render: never`` (or ``false``), and ``layout:
search`` (in a Hugo site's folders only, see ``LangFolder.hugo_pages``). The front matter is
looked at with a few patterns on its first bytes (no YAML parser): this runs over every file of a
listing.
"""

from __future__ import annotations

from glossary.patterns import lazy

FOLDER_PAGES = ("index", "_index")
MARKDOWN = (".md",)
WITH_MDX = (".md", ".mdx")
HEAD_BYTES = 4096

# Layouts of pages that are a site's machinery, not an article.
NOT_CONTENT_LAYOUTS = ("search",)


def link_key(slug: str) -> str:
    """What a link's target and a slug are matched by: without case, nested folders joined with
    ``-`` (MDN's ``{{Glossary("Engine/Rendering")}}`` is read as ``engine-rendering``, and leads to
    the page ``engine/rendering`` as to a file ``engine-rendering.md``)."""
    return slug.casefold().replace("/", "-")


def stem_of(name: str, extensions: tuple[str, ...]) -> str:
    """``name`` without the first of ``extensions`` it ends with."""
    for extension in extensions:
        if name.endswith(extension):
            return name[: -len(extension)]
    return name


def slug_of_stem(stem: str) -> str:
    """The slug of a page whose path without extension is ``stem``: a folder's own page is the
    folder's (``""`` at the top)."""
    head, _, last = stem.rpartition("/")
    return head if last in FOLDER_PAGES else stem


def is_partial(name: str, extensions: tuple[str, ...] = MARKDOWN) -> bool:
    """A file or folder name that is a template or partial, not content (``_TEMPLATE.md``, ``_includes``)."""
    return name.startswith("_") and stem_of(name, extensions) != "_index"


_VALUE = r"""\s*[:=]\s*["']?({})["']?\s*(?:#.*)?$"""
_HEADLESS = lazy(r"(?m)^headless" + _VALUE.format("(?i:true)"))
_LAYOUT = lazy(r"(?m)^layout" + _VALUE.format("|".join(NOT_CONTENT_LAYOUTS)))
_BUILD_BLOCK = lazy(r"(?m)^(?:_build|build)\s*[:=]?\s*$\n((?:[ \t]+.*\n?)*)|^\[_?build\]\s*$\n((?:(?!\[).*\n?)*)")
_BUILD_INLINE = lazy(r"(?m)^_?build\s*[:=]\s*\{[^}\n]*\brender\s*[:=]\s*[\"']?(?i:never|false)\b")
_RENDER_NEVER = lazy(r"(?m)^\s*render" + _VALUE.format("(?i:never|false)"))


def front_matter_of(head: str) -> str | None:
    """The front matter (YAML between ``---`` lines, TOML between ``+++``) at the top of ``head``."""
    text = head.lstrip("\ufeff").replace("\r\n", "\n")
    for fence in ("---", "+++"):
        if text.startswith(fence + "\n"):
            end = text.find("\n" + fence, len(fence))
            return text[len(fence) + 1 : end + 1] if end != -1 else text[len(fence) + 1 :]
    return None


def says_not_content(head: str) -> bool:
    """Whether the front matter at the top of ``head`` says the page is not content."""
    front = front_matter_of(head)
    if front is None or not any(word in front for word in ("headless", "render", "layout")):
        return False
    if _HEADLESS.search(front) or _LAYOUT.search(front) or _BUILD_INLINE.search(front):
        return True
    return any(_RENDER_NEVER.search(block.group(1) or block.group(2) or "") for block in _BUILD_BLOCK.finditer(front))


def is_content(path: str) -> bool:
    """Whether the file at ``path`` is content by its front matter (a file that cannot be read is:
    whoever reads it says why it cannot be used)."""
    try:
        with open(path, "rb") as file:
            head = file.read(HEAD_BYTES)
    except OSError:
        return True
    if not head.lstrip(b"\xef\xbb\xbf").startswith((b"---", b"+++")):
        return True
    return not says_not_content(head.decode("utf-8", "replace"))
