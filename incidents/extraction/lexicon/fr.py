"""French word lists of the engine (folded: lower case, no accents, plain apostrophes)."""

from __future__ import annotations

NUMBERS: dict[str, int] = {
    "onze": 11, "douze": 12, "treize": 13, "quatorze": 14, "quinze": 15, "seize": 16,
    "vingt": 20, "trente": 30, "quarante": 40, "cinquante": 50, "soixante": 60, "cent": 100,
    "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7,
    "huit": 8, "neuf": 9, "dix": 10,
}  # fmt: skip
SMALL_NUMBERS: dict[str, int] = {
    "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7,
    "huit": 8, "neuf": 9, "dix": 10,
}  # fmt: skip
# "une vingtaine de civils": about this many.
APPROX_NOUNS: dict[str, int] = {
    "dizaine": 10, "douzaine": 12, "quinzaine": 15, "vingtaine": 20, "trentaine": 30,
    "quarantaine": 40, "cinquantaine": 50, "soixantaine": 60, "centaine": 100,
}  # fmt: skip
VAGUE_PLURALS: dict[str, int] = {"dizaines": 24, "centaines": 200}
QUALIFIERS: dict[str, str] = {
    "au moins": "atleast", "plus de": "atleast", "pres de": "approx", "environ": "approx",
    "quelque": "approx", "jusqu'a": "upto",
}  # fmt: skip
COUNT_WORDS: dict[str, int] = {"deux": 2, "trois": 3, "quatre": 4, "cinq": 5}
WEEKDAYS: dict[str, int] = {
    "lundi": 0, "mardi": 1, "mercredi": 2, "jeudi": 3, "vendredi": 4, "samedi": 5, "dimanche": 6,
}  # fmt: skip
LOCATIVE_WORDS: set[str] = {"a", "à", "de", "du", "près", "pres", "vers", "sur", "entre", "et"}
NOT_A_PLACE_NAME: set[str] = {
    "le", "la", "les", "un", "une", "des", "ces", "cette", "ce", "il", "elle", "ils", "nous", "on",
    "au", "aux", "selon", "apres", "avant", "m", "mme", "president", "ministre", "general",
    "colonel", "capitaine", "lieutenant",
}  # fmt: skip
ATTACKERS: tuple[str, ...] = (
    "terroristes", "jihadistes", "djihadistes", "assaillants", "individus armes", "hommes armes",
    "combattants", "ennemis?",
)  # fmt: skip
PERSONS: tuple[str, ...] = (
    "soldat", "militaire", "civil", "villageois", "policier", "enfant", "femme", "homme",
    "casque bleu",
)  # fmt: skip
