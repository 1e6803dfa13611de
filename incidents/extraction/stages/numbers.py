"""Mentions, numbers: counts written in digits or words ("une vingtaine", "dozens") and distances
("à 200 km de"), and the toll a qualified count gives."""

from __future__ import annotations

import re

from ..lexicon.common import APPROX_NOUNS, MORE_NUMBERS, QUALIFIERS, VAGUE_PLURALS
from ..types import (
    Fatalities,
)

_DISTANCE_NUMBER = re.compile(
    r"(?P<num>\d[\d,. ]*|" + "|".join(APPROX_NOUNS) + "|" + "|".join(MORE_NUMBERS) + r")"
    r"(?:\s+(?:de|d'))?\s*(?P<unit>km|kilomet\w*|miles?)\b"
)


def distance_before(before: str) -> float | None:
    """The distance in km a "N km from X" reference gives, or None when it gives none."""
    found = list(_DISTANCE_NUMBER.finditer(before[-60:]))
    if not found:
        return None
    m = found[-1]
    raw = m.group("num").strip()
    if raw in APPROX_NOUNS:
        value = float(APPROX_NOUNS[raw])
    elif raw in MORE_NUMBERS:
        value = float(MORE_NUMBERS[raw])
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
    if word in APPROX_NOUNS:
        return APPROX_NOUNS[word], "approx"
    if word in VAGUE_PLURALS:
        return VAGUE_PLURALS[word], "atleast"
    if word in MORE_NUMBERS:
        return MORE_NUMBERS[word], "exact"
    return None, ""


def fatality_of(value: int, kind: str, qual: str | None) -> Fatalities:
    """The toll a count gives: "at least 10" is a floor, "about 10" an estimate, "up to 10" a
    ceiling, "10" all three."""
    meaning = QUALIFIERS.get(qual or "")
    if kind == "atleast" or meaning == "atleast":
        return Fatalities(value, value, None)
    if kind == "approx" or meaning == "approx":
        return Fatalities(None, value, None)
    if meaning == "upto":
        return Fatalities(None, value, value)
    return Fatalities(value, value, value)
