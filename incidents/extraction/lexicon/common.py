from __future__ import annotations

import re

from vocabulary import agencies, countries

# Country words (names and demonyms, folded) -> ISO code: the story's country context.
COUNTRY_WORDS: dict[str, str] = countries.COUNTRY_WORDS
_COUNTRY_RE = re.compile(
    r"\b(" + "|".join(sorted(map(re.escape, COUNTRY_WORDS), key=len, reverse=True)) + r")\b"
)
_MORE_NUMBERS = {
    "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100,
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "onze": 11, "douze": 12, "treize": 13, "quatorze": 14, "quinze": 15,
    "seize": 16, "vingt": 20, "trente": 30, "quarante": 40, "cinquante": 50, "soixante": 60,
    "cent": 100, "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5,
    "sept": 7, "huit": 8, "neuf": 9, "dix": 10,
}  # fmt: skip
_APPROX_NOUNS = {
    "dizaine": 10, "douzaine": 12, "quinzaine": 15, "vingtaine": 20, "trentaine": 30,
    "quarantaine": 40, "cinquantaine": 50, "soixantaine": 60, "centaine": 100,
}  # fmt: skip
_NUM = (
    r"(?P<num>\d[\d,. ]*\d|\d|dozens|scores|hundreds|dizaines|centaines|"
    r"(?:une |a )?(?:"
    + "|".join(_APPROX_NOUNS)
    + r")|"
    + "|".join(sorted(_MORE_NUMBERS, key=len, reverse=True))
    + r")"
)
_QUAL = (
    r"(?:(?P<qual>at least|more than|over|some|about|around|nearly|almost|up to|roughly|"
    r"approximately|au moins|plus de|pres de|environ|quelque|jusqu'a|a least)\s+)?"
)
# Wire agencies that GeoNames also knows as villages (a "Belga" in the Gao region).
_AGENCIES = agencies.CREDIT_WORDS


# "Bamako, 12 mars -", "Niamey, March 3 (AFP) -", "Bamako, -": a dateline in any case (a comma,
# at most a date and an agency, then the dash).
_DATELINE_DATE = (
    r"(?:(?:le\s+)?(?:[a-z]+\s+)?\d{1,2}(?:er|st|nd|rd|th)?\s+[a-z]+\.?(?:\s+\d{4})?|"
    r"[a-z]+\.?\s+\d{1,2}(?:,?\s+\d{4})?|\d{4}-\d\d-\d\d|\d{1,2}/\d{1,2}/\d{4})"
)
_LOCATIVE_WORDS = {
    "at", "in", "near", "of", "to", "from", "a", "à", "de", "du", "près", "pres", "vers", "sur",
    "entre", "between", "and", "et", "on",
}  # fmt: skip
_NOT_A_PLACE_NAME = {
    "the", "le", "la", "les", "un", "une", "des", "this", "that", "these", "ces", "cette", "ce",
    "il", "elle", "ils", "they", "he", "she", "we", "nous", "on", "in", "at", "au", "aux", "selon",
    "according", "after", "apres", "before", "avant", "mr", "mrs", "m", "mme", "president",
    "minister", "ministre", "general", "colonel", "capitaine", "captain", "lieutenant",
}  # fmt: skip


_COUNT_WORDS = {"two": 2, "deux": 2, "three": 3, "trois": 3, "four": 4, "quatre": 4, "five": 5,
                "cinq": 5, "both": 2}  # fmt: skip


_ATTACKERS = (
    r"(?:terrorists?|jihadists?|militants?|assailants?|attackers?|insurgents?|gunmen|fighters|"
    r"terroristes|jihadistes|djihadistes|assaillants|individus armes|hommes armes|combattants|"
    r"ennemis?|enemy|assailants)"
)
_NUM2 = (
    r"(?P<num2>\d+|a|an|one|un|une|" + "|".join(sorted(_MORE_NUMBERS, key=len, reverse=True)) + ")"
)
_PERSON = (
    r"(?:soldier|civilian|policeman|police officer|gendarme|villager|child|woman|man|driver|"
    r"peacekeeper|soldat|militaire|civil|villageois|policier|enfant|femme|homme|casque bleu)"
)
