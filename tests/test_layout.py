"""The size rules of the code in src/glossary, as tests that fail when one is broken.

No function or method over 80 lines (decorators included), no line over 120 characters, and no
module over 700 lines unless its module docstring has a line starting with "Why this module is
long:" that gives the reason.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "glossary"
MAX_FUNCTION_LINES = 80
MAX_MODULE_LINES = 700
MAX_LINE_CHARS = 120
LONG_MODULE_REASON = "Why this module is long:"


def source_files() -> list[Path]:
    files = sorted(PACKAGE.rglob("*.py"))
    assert files, f"no Python files under {PACKAGE}"
    return files


def shown(path: Path) -> str:
    return str(path.relative_to(PACKAGE.parent))


def function_lengths(tree: ast.Module) -> list[tuple[str, int, int]]:
    """(qualified name, first line, length in lines) of every function and method, nested ones too."""
    found: list[tuple[str, int, int]] = []

    def visit(node: ast.AST, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                first = min([child.lineno] + [decorator.lineno for decorator in child.decorator_list])
                assert child.end_lineno is not None
                found.append((prefix + child.name, first, child.end_lineno - first + 1))
                visit(child, f"{prefix}{child.name}.")
            elif isinstance(child, ast.ClassDef):
                visit(child, f"{prefix}{child.name}.")
            else:
                visit(child, prefix)

    visit(tree, "")
    return found


def test_no_function_is_longer_than_80_lines() -> None:
    too_long = []
    for path in source_files():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for name, line, length in function_lengths(tree):
            if length > MAX_FUNCTION_LINES:
                too_long.append(f"{shown(path)}:{line} {name}: {length} lines")
    assert too_long == [], f"functions over {MAX_FUNCTION_LINES} lines:\n" + "\n".join(too_long)


def says_why_it_is_long(source: str) -> bool:
    """Whether the module docstring has a line starting with the reason for its length."""
    docstring = ast.get_docstring(ast.parse(source), clean=True) or ""
    return any(line.lstrip().startswith(LONG_MODULE_REASON) for line in docstring.splitlines())


def test_no_module_is_longer_than_700_lines_without_saying_why() -> None:
    too_long = []
    for path in source_files():
        text = path.read_text(encoding="utf-8")
        length = len(text.splitlines())
        if length > MAX_MODULE_LINES and not says_why_it_is_long(text):
            too_long.append(f"{shown(path)}: {length} lines")
    assert too_long == [], (
        f"modules over {MAX_MODULE_LINES} lines whose docstring has no line starting with "
        f"{LONG_MODULE_REASON!r}:\n" + "\n".join(too_long)
    )


def test_no_line_is_longer_than_120_characters() -> None:
    too_long = []
    for path in source_files():
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if len(line) > MAX_LINE_CHARS:
                too_long.append(f"{shown(path)}:{number}: {len(line)} characters")
    assert too_long == [], f"lines over {MAX_LINE_CHARS} characters:\n" + "\n".join(too_long)


def test_a_function_is_measured_from_its_first_decorator_to_its_last_line() -> None:
    body = "".join(f"        x = {n}\n" for n in range(80))
    source = "class A:\n    @staticmethod\n    @other\n    def f():\n" + body + "        def g():\n            pass\n"
    assert function_lengths(ast.parse(source)) == [("A.f", 2, 85), ("A.f.g", 85, 2)]


def test_a_long_module_says_why_in_its_docstring() -> None:
    assert says_why_it_is_long('"""The index.\n\nWhy this module is long: one schema, one transaction."""\n')
    assert not says_why_it_is_long('"""The index."""\n# Why this module is long: a comment is not the docstring\n')
    assert not says_why_it_is_long('x = 1\n"""Why this module is long: not the module docstring."""\n')
