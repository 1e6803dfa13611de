"""Offset-preserving text folding: lower case, no accents, plain quotes and dashes.

``fold(text)`` has exactly ``len(text)`` characters, so a span found in the folded text is the same
span in the original: evidence offsets never need mapping back.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_SPECIAL = {
    "\u2019": "'",
    "\u2018": "'",
    "\u02bc": "'",
    "\u00b4": "'",
    "`": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u00ab": '"',
    "\u00bb": '"',
    "\u2013": "-",
    "\u2014": "-",
    "\u2010": "-",
    "\u2011": "-",
    "\u00a0": " ",
    "\u202f": " ",
    "\u2009": " ",
    "\u0153": "o",  # œ (one char kept, so "cœur" -> "coeur" is not needed for matching)
    "\u0152": "o",
    "\u00e6": "a",
    "\u00c6": "a",
    "\u00df": "s",
}


def _fold_char(ch: str) -> str:
    if ch in _SPECIAL:
        return _SPECIAL[ch]
    decomposed = unicodedata.normalize("NFKD", ch)
    base = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    return base[0] if base else ch.lower()[:1] or ch


def _build_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for code in (
        list(range(0x00, 0x0250)) + list(range(0x1E00, 0x1F00)) + list(range(0x2000, 0x2070))
    ):
        ch = chr(code)
        folded = _fold_char(ch)
        if len(folded) == 1 and folded != ch:
            table[code] = folded
    for ch, rep in _SPECIAL.items():
        table[ord(ch)] = rep
    return table


_TABLE = _build_table()


def fold(text: str) -> str:
    """Case- and accent-insensitive form of ``text`` with the same length."""
    folded = text.translate(_TABLE)
    if len(folded) != len(text):  # pragma: no cover - the table maps one char to one char
        raise AssertionError("fold changed the text length")
    return folded


_SPACES = re.compile(r"[\s\-]+")


@lru_cache(maxsize=65536)
def fold_key(name: str) -> str:
    """Key under which a name is indexed: folded, whitespace and hyphens collapsed to one space."""
    return _SPACES.sub(" ", fold(name).strip())


def is_word_char(ch: str) -> bool:
    return ch.isalnum()
