"""Month names and abbreviations in English and French -> month number (1-12).

``MONTHS`` holds folded spellings (lower case, no accents), as the engine reads folded text;
``SPELLINGS`` adds the accented French forms that raw text carries ("février", "août").
"""

from __future__ import annotations

import unicodedata

MONTHS_EN: dict[str, int] = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12,
    "dec": 12,
}  # fmt: skip
MONTHS_FR: dict[str, int] = {
    "janvier": 1, "janv": 1, "fevrier": 2, "fevr": 2, "fev": 2, "mars": 3, "avril": 4, "avr": 4,
    "mai": 5, "juin": 6, "juillet": 7, "juil": 7, "aout": 8, "septembre": 9, "sept": 9,
    "octobre": 10, "novembre": 11, "decembre": 12,
}  # fmt: skip
MONTHS: dict[str, int] = {**MONTHS_EN, **MONTHS_FR}


def _accented(word: str) -> list[str]:
    """The accented spellings of a folded French month ("fevrier" -> "février")."""
    forms = {"fevrier": "février", "fevr": "févr", "fev": "fév", "aout": "août",
             "decembre": "décembre"}  # fmt: skip
    return [forms[word]] if word in forms else []


SPELLINGS: dict[str, int] = {
    **MONTHS,
    **{accented: n for word, n in MONTHS_FR.items() for accented in _accented(word)},
}


def month_number(name: str) -> int | None:
    """1-12 for a month name or abbreviation in any case, with or without accents."""
    key = unicodedata.normalize("NFKD", name.strip().lower())
    key = "".join(c for c in key if not unicodedata.combining(c)).rstrip(".")
    return MONTHS.get(key)
