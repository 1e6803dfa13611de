from __future__ import annotations

import re

from ..lexicon.common import _APPROX_NOUNS, _MORE_NUMBERS
from ..types import (
    Fatalities,
)

_DISTANCE_NUMBER = re.compile(
    r"(?P<num>\d[\d,. ]*|" + "|".join(_APPROX_NOUNS) + "|" + "|".join(_MORE_NUMBERS) + r")"
    r"(?:\s+(?:de|d'))?\s*(?P<unit>km|kilomet\w*|miles?)\b"
)


def distance_before(before: str) -> float | None:
    """The distance in km a "N km from X" reference gives, or None when it gives none."""
    found = list(_DISTANCE_NUMBER.finditer(before[-60:]))
    if not found:
        return None
    m = found[-1]
    raw = m.group("num").strip()
    if raw in _APPROX_NOUNS:
        value = float(_APPROX_NOUNS[raw])
    elif raw in _MORE_NUMBERS:
        value = float(_MORE_NUMBERS[raw])
    else:
        digits = raw.replace(" ", "").replace(",", "")
        try:
            value = float(digits.rstrip("."))
        except ValueError:
            return None
    return value * 1.6 if m.group("unit").startswith("mile") else value


def parse_number(raw: str) -> tuple[int | None, str]:
    """``(value, kind)`` with kind exact|approx|dozens."""
    raw = raw.strip()
    digits = raw.replace(",", "").replace(" ", "").replace(".", "")
    if digits.isdigit():
        return int(digits), "exact"
    word = raw.split()[-1]
    if word in _APPROX_NOUNS:
        return _APPROX_NOUNS[word], "approx"
    if word in ("dozens", "dizaines"):
        return 24, "atleast"
    if word in ("scores",):
        return 40, "atleast"
    if word in ("hundreds", "centaines"):
        return 200, "atleast"
    if word in _MORE_NUMBERS:
        return _MORE_NUMBERS[word], "exact"
    return None, ""


def fatality_of(value: int, kind: str, qual: str | None) -> Fatalities:
    if kind == "atleast" or qual in ("at least", "au moins", "a least", "more than", "over",
                                     "plus de"):  # fmt: skip
        return Fatalities(value, value, None)
    if kind == "approx" or qual in ("some", "about", "around", "nearly", "almost", "roughly",
                                    "approximately", "pres de", "environ", "quelque"):  # fmt: skip
        return Fatalities(None, value, None)
    if qual in ("up to", "jusqu'a"):
        return Fatalities(None, value, value)
    return Fatalities(value, value, value)
