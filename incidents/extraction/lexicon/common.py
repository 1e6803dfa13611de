"""The engine's word lists of all languages joined, and the alternations built from them (once,
at import). Patterns run on folded text; English words come before French ones, so that
"terrorists?" is tried before "terroristes"."""

from __future__ import annotations

import re

from vocabulary import agencies, countries

from . import en, fr

LANGUAGES = (en, fr)


def _merged(name: str) -> dict:
    return {word: value for lang in LANGUAGES for word, value in getattr(lang, name, {}).items()}


def _alternation(words) -> str:
    return "(?:" + "|".join(words) + ")"


# Country words (names and demonyms, folded) -> ISO code: the story's country context.
COUNTRY_WORDS: dict[str, str] = countries.COUNTRY_WORDS
COUNTRY_RE = re.compile(
    r"\b(" + "|".join(sorted(map(re.escape, COUNTRY_WORDS), key=len, reverse=True)) + r")\b"
)
# Wire agencies that GeoNames also knows as villages (a "Belga" in the Gao region).
AGENCIES = agencies.CREDIT_WORDS

MORE_NUMBERS: dict[str, int] = _merged("NUMBERS")
SMALL_NUMBERS: dict[str, int] = _merged("SMALL_NUMBERS")
APPROX_NOUNS: dict[str, int] = _merged("APPROX_NOUNS")
VAGUE_PLURALS: dict[str, int] = _merged("VAGUE_PLURALS")
QUALIFIERS: dict[str, str] = _merged("QUALIFIERS")
COUNT_WORDS: dict[str, int] = _merged("COUNT_WORDS")
WEEKDAYS: dict[str, int] = _merged("WEEKDAYS")
LOCATIVE_WORDS: set[str] = set().union(*(lang.LOCATIVE_WORDS for lang in LANGUAGES))
NOT_A_PLACE_NAME: set[str] = set().union(*(lang.NOT_A_PLACE_NAME for lang in LANGUAGES))

# A count: digits, a vague plural, an approximate noun ("une vingtaine") or a number word.
NUM = (
    r"(?P<num>\d[\d,. ]*\d|\d|"
    + "|".join(VAGUE_PLURALS)
    + r"|(?:une |a )?(?:"
    + "|".join(APPROX_NOUNS)
    + r")|"
    + "|".join(sorted(MORE_NUMBERS, key=len, reverse=True))
    + r")"
)
# The second count of a sum ("seven soldiers and a civilian").
NUM2 = (
    r"(?P<num2>\d+|a|an|one|un|une|" + "|".join(sorted(MORE_NUMBERS, key=len, reverse=True)) + ")"
)
QUAL = r"(?:(?P<qual>" + "|".join(QUALIFIERS) + r")\s+)?"
ATTACKERS = _alternation(word for lang in LANGUAGES for word in lang.ATTACKERS)
PERSON = _alternation(word for lang in LANGUAGES for word in lang.PERSONS)
