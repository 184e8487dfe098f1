"""Regular expressions compiled when first used.

Compiling every pattern of the detector at import would slow each start of `svtool log`, and
most notes never need the rarer ones.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator


class LazyPattern:
    """A regular expression compiled when first used: most notes never need these, and
    compiling them all would slow every start of `svtool log`."""

    __slots__ = ("_compiled", "_source")

    def __init__(self, source: str) -> None:
        self._source = source
        self._compiled: re.Pattern[str] | None = None

    def _get(self) -> re.Pattern[str]:
        if self._compiled is None:
            self._compiled = re.compile(self._source)
        return self._compiled

    def match(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self._get().match(text, pos, endpos)

    def search(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self._get().search(text, pos, endpos)

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        return self._get().finditer(text)

    def findall(self, text: str) -> list[str]:
        return self._get().findall(text)
