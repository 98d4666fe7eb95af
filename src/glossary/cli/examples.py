"""The example command each command's help gives, kept on a line of its own and never wrapped.

A command's docstring opens with what it does and one example, ``Show one article: `glossary show
client-centric --lang no`.``. Typer would wrap that sentence, splitting the command where the line
ends; so the example is taken out of the help (the list of commands shows what each does) and
printed after Typer's help, one command a line, whole however narrow the terminal: a command is
there to be copied.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from glossary.patterns import lazy

_OPENING_EXAMPLE = lazy(r"(?P<what>.*?):\s*`(?P<example>glossary\s[^`]*)`\.?", re.DOTALL)
_EXAMPLE_IN_PARENTHESES = lazy(r"\s*\(`(glossary\s[^`]*)`\)")


def split_example(help: str) -> tuple[str, list[str]]:
    """``(help, examples)``: the help with its examples taken out, and those examples: the one its
    first paragraph ends in (``Show one article: `glossary show x`.``), then each one in
    parentheses in the paragraphs after it (``with a concept, only its articles (`glossary …`)``)."""
    first, separator, rest = help.strip().partition("\n\n")
    examples: list[str] = []
    paragraphs = []
    for paragraph in rest.split("\n\n"):
        found_here = _EXAMPLE_IN_PARENTHESES.findall(paragraph)
        if found_here:  # the paragraph's lines were broken around the examples: join them again
            examples += [" ".join(example.split()) for example in found_here]
            paragraph = " ".join(_EXAMPLE_IN_PARENTHESES.sub("", paragraph).split())
        paragraphs.append(paragraph)
    rest = "\n\n".join(paragraphs)
    found = _OPENING_EXAMPLE.fullmatch(first.strip())
    if found is None:
        return f"{first.strip()}{separator}{rest}", examples
    what = " ".join(found["what"].split())
    return f"{what}.{separator}{rest}", [" ".join(found["example"].split()), *examples]


def print_examples(examples: Sequence[str]) -> None:
    """``Examples:`` and each example on a line of its own, never wrapped or cut, on stdout."""
    if not examples:
        return
    from rich.text import Text

    from glossary.cli.output import make_console

    text = Text(" Example:" if len(examples) == 1 else " Examples:", style="bold", no_wrap=True, overflow="ignore")
    for example in examples:
        text.append(f"\n   {example}", style="")
    make_console(stderr=False, no_color=False).print(text, crop=False, no_wrap=True, overflow="ignore")
