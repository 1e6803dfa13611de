"""English word lists of the engine (folded: lower case, no accents, plain apostrophes)."""

from __future__ import annotations

# Number words a toll or a distance is written with.
NUMBERS: dict[str, int] = {
    "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100,
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10,
}  # fmt: skip
# The small numbers of a date offset ("two days earlier", "a day after").
SMALL_NUMBERS: dict[str, int] = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10,
}  # fmt: skip
# "dozens killed": at least this many.
VAGUE_PLURALS: dict[str, int] = {"dozens": 24, "scores": 40, "hundreds": 200}
# The qualifier of a count -> what it makes of it: a floor, an estimate or a ceiling.
QUALIFIERS: dict[str, str] = {
    "at least": "atleast", "more than": "atleast", "over": "atleast", "some": "approx",
    "about": "approx", "around": "approx", "nearly": "approx", "almost": "approx",
    "up to": "upto", "roughly": "approx", "approximately": "approx",
    "a least": "atleast",  # a frequent typo
}  # fmt: skip
# "both attacks", "two attacks": how many incidents a sentence counts.
COUNT_WORDS: dict[str, int] = {"two": 2, "three": 3, "four": 4, "five": 5, "both": 2}
WEEKDAYS: dict[str, int] = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
    "sunday": 6,
}  # fmt: skip
# Words that stand before a place name ("at Baley Beri", "between A and B").
LOCATIVE_WORDS: set[str] = {"at", "in", "near", "of", "to", "from", "between", "and", "on", "a"}
# Capitalised words that never start a place name (articles, pronouns, titles).
NOT_A_PLACE_NAME: set[str] = {
    "the", "this", "that", "these", "they", "he", "she", "we", "on", "in", "at", "according",
    "after", "before", "mr", "mrs", "president", "minister", "general", "colonel", "captain",
    "lieutenant",
}  # fmt: skip
# The attackers, as a count names them ("20 terrorists were killed").
ATTACKERS: tuple[str, ...] = (
    "terrorists?", "jihadists?", "militants?", "assailants?", "attackers?", "insurgents?",
    "gunmen", "fighters", "enemy", "assailants",
)  # fmt: skip
# A single person ("a French soldier died").
PERSONS: tuple[str, ...] = (
    "soldier", "civilian", "policeman", "police officer", "gendarme", "villager", "child", "woman",
    "man", "driver", "peacekeeper",
)  # fmt: skip
