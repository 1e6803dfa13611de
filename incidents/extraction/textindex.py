"""Position look-ups over one article that stay cheap however long the article is.

The engine asks, for every sentence and every gazetteer match, where its line starts and ends
and whether a stretch of text is blank. ``str.rfind``/``str.find`` and slicing answer that in time
proportional to the line, which made a long one-line paste quadratic; a sorted list of line breaks
answers in logarithmic time, with exactly the same results.
"""

from __future__ import annotations

import re
from bisect import bisect_left

_NON_SPACE = re.compile(r"\S")  # the complement of str.isspace(), as str.strip() uses


class LineIndex:
    """Line boundaries of one text."""

    __slots__ = ("_breaks", "_text")

    def __init__(self, text: str) -> None:
        self._text = text
        self._breaks = [m.start() for m in re.finditer("\n", text)]

    def line_start(self, pos: int) -> int:
        """Same as ``text.rfind("\\n", 0, pos) + 1``."""
        i = bisect_left(self._breaks, pos)
        return self._breaks[i - 1] + 1 if i else 0

    def line_end(self, pos: int) -> int:
        """Same as ``text.find("\\n", pos)``: -1 when no line break follows."""
        i = bisect_left(self._breaks, pos)
        return self._breaks[i] if i < len(self._breaks) else -1

    def blank(self, start: int, end: int) -> bool:
        """Same as ``not text[start:end].strip()``, without copying the stretch."""
        if end <= start:
            return True
        return _NON_SPACE.search(self._text, start, end) is None
