"""Regular expressions compiled when first used, not when their module is imported.

Compiling a pattern costs tens to hundreds of microseconds; the modules that read articles hold
dozens of them, most of which a command never uses (a rule runs only where its mark is found).
Compiled at import, they cost ``show`` several milliseconds of its start-up. ``lazy`` returns an
object used exactly as a compiled pattern; the first use compiles it and binds its methods to the
object, so later calls cost what calls on the compiled pattern cost.
"""

from __future__ import annotations

TYPE_CHECKING = False  # neither re nor typing is imported until a pattern is used (``glossary.prescan``)
if TYPE_CHECKING:
    import re
    from typing import AnyStr

_METHODS = ("match", "fullmatch", "search", "sub", "subn", "split", "findall", "finditer")


class _LazyPattern:
    def __init__(self, pattern: str | bytes, flags: int) -> None:
        self._source = (pattern, flags)

    def __getattr__(self, name: str) -> object:
        import re

        compiled = re.compile(self._source[0], self._source[1])
        for method in _METHODS:
            setattr(self, method, getattr(compiled, method))
        for attribute in ("pattern", "flags", "groups", "groupindex"):
            setattr(self, attribute, getattr(compiled, attribute))
        return getattr(compiled, name)


def lazy(pattern: AnyStr, flags: int = 0) -> re.Pattern[AnyStr]:
    """``re.compile(pattern, flags)``, done on first use."""
    return _LazyPattern(pattern, flags)  # type: ignore[return-value]  # used exactly as one
