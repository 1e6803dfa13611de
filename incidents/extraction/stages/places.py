"""Mentions, places: whether a gazetteer match locates an incident or only gives context (dateline,
byline, a person's name, a distance reference), and the place names the gazetteer lacks."""

from __future__ import annotations

import re

from .. import cues
from ..dates import MONTHS
from ..index import EngineIndex
from ..lexicon.common import AGENCIES, COUNTRY_WORDS, LOCATIVE_WORDS, NOT_A_PLACE_NAME, WEEKDAYS
from ..normalize import fold
from ..sentences import Sentence
from ..taxonomy import (
    GEO_NEAR,
)
from .document import PlaceMention, SentenceMentions
from .header import CAPS_DATELINE_AFTER, DATELINE_AFTER, TITLE_DATELINE_AFTER
from .numbers import distance_before

NEAR_BEFORE = re.compile(
    r"(near|outside|outskirts of|close to|not far from|vicinity of|pres de|non loin de|"
    r"environs de|aux abords de|a la sortie de|periph\w+ de|km (?:from|of|de|du)|"
    r"kilometres? (?:from|of|north of|south of|east of|west of)|"
    r"(?:north|south|east|west)(?:-\w+)? of|au (?:nord|sud|est|ouest)(?:-\w+)? de)\s*$"
)


def context_reason(text, folded, s, info, start, end, before, after, signature_from, lines) -> str:
    """Why a gazetteer match only gives context and never locates an incident ("" when it may
    locate one). The reason is also a feature of the learned place decision."""
    surface = text[start:end]
    if start >= signature_from:
        return "byline"  # the author's byline town
    if surface.isupper() and len(surface.replace(" ", "")) <= 5:
        return "acronym"  # "SITE Intelligence Group", not a place
    # Part of a longer hyphenated name: "Were" in "Biriki-Were".
    if start > 1 and text[start - 1] == "-" and text[start - 2].isalnum():
        return "hyphen"
    if end + 1 < len(text) and text[end] == "-" and text[end + 1].isalnum():
        return "hyphen"
    if cues.CONTEXT_BEFORE.search(before[-40:]) or cues.CONTEXT_BEFORE_LOOSE.search(before):
        return "context_before"
    if cues.CONTEXT_AFTER.search(after) or cues.MEDIA_AFTER.match(text[end : end + 20]):
        return "context_after"
    if lines.blank(lines.line_start(start), start) and (
        DATELINE_AFTER.match(folded[end : end + 40])
        or (surface.isupper() and CAPS_DATELINE_AFTER.match(text[end : end + 40]))
        or TITLE_DATELINE_AFTER.match(folded[end : end + 40])
    ):
        return "dateline"
    if is_person_name(text, s, start, end):
        return "person"
    if fold(surface) in AGENCIES and (
        text[start - 1 : start] in ("(", "/") or text[end : end + 1] in (")", "/")
    ):
        return "agency"  # a news agency's credit, "(Belga)", "(AFP/Reuters)", not a village
    if cues.DISTANCE_BEFORE.search(before):
        # "à 200 km au nord-est de Bamako": the town only measures how far the place is; a
        # short distance in the event's own sentence ("à une trentaine de km de X") is near X.
        km = distance_before(before)
        if not info.trigger or (km is not None and km >= 35):
            return "distance"
    return ""


# A title or a first name before the match, or a statement verb after it: a person ("army
# spokesman Souleymane Touré said"), or a capital standing for its government ("Bamako said").
_TITLE_BEFORE = re.compile(
    r"\b(?:spokesm[ae]n|spokesperson|minister|president|colonel|col|general|gen|captain|capt|"
    r"lieutenant|lt|commander|sergeant|sgt|corporal|mayor|governor|prefect|chief|leader|imam|"
    r"sheikh|cheikh|mr|mrs|ms|dr|m|mme|porte-parole|ministre|president|commandant|capitaine|"
    r"sergent|caporal|maire|gouverneur|prefet|chef|dirigeant|emir|journalist|journaliste|"
    r"correspondent|correspondant|named|nomme|identified as|identifie comme)\.?\s+"
    r"(?:[A-ZÀ-Ý][\w'’-]+\s+){0,2}$",
    re.IGNORECASE,
)
# People a story quotes or counts among the dead by their name: "local official Moussa
# Guindo", "l'élu Hamidou Kansaye", "witness Issa Dicko". Only the role word ignores case: a
# lower-case word after it ("officials in Tinkare", "l'élu de Sagala") keeps the place.
_ROLE_BEFORE_NAME = re.compile(
    r"\b(?i:official|officiel|[ée]lue?|notable|witness|t[ée]moin|teacher|enseignant|trader|"
    r"commer[cç]ant|herder|[ée]leveur|farmer|cultivateur|victim|victime)\s+"
    r"(?:[A-ZÀ-Ý][\w'’-]+\s+){0,2}$"
)
_CAPITALISED_BEFORE = re.compile(r"(?:^|[^\w'’])(?P<word>[A-ZÀ-Ý][a-zà-ÿ'’-]+) $")
# A surname between a first name and the statement verb ("Moussa Guindo told AFP"); matched on
# the original text, where the capital shows.
_SURNAME_AFTER = re.compile(r"^\s+[A-ZÀ-Ý][\w'’-]+")
_STATEMENT_AFTER = re.compile(
    r"^,?\s+(?:said|says|told|announced|added|accused|blamed|denied|"
    r"declared|stated|explained|claimed|insisted|warned|vowed|pledged|promised|"
    r"has (?:said|accused|blamed|denied|announced)|"
    r"a (?:declare|indique|annonce|accuse|affirme|precise|denonce|ajoute|explique)|"
    r"declare|indique|affirme|precise|explique|ajoute)\b"
)


def is_person_name(text: str, s: Sentence, start: int, end: int) -> bool:
    """True when a gazetteer match is (part of) a person's name."""
    window = text[max(s.start, start - 60) : start]
    if _TITLE_BEFORE.search(window) or _ROLE_BEFORE_NAME.search(window):
        return True
    after = text[end : end + 60]
    surname = _SURNAME_AFTER.match(after)
    if surname and fold(surname.group().strip()) not in WEEKDAYS:
        after = after[surname.end() :]
    if _STATEMENT_AFTER.match(fold(after)) and not re.search(
        r"\b(?:in|at|near|of|from|à|dans|de|du|d')\s*(?:the\s+)?$", window, re.IGNORECASE
    ):
        return True
    prev = _CAPITALISED_BEFORE.search(window)
    if prev is None or start - len(prev.group("word")) - 1 <= s.start:
        return False  # no first name, or it opens the sentence
    word = fold(prev.group("word"))
    if word in NOT_A_PLACE_NAME or word in COUNTRY_WORDS or word in LOCATIVE_WORDS:
        return False
    before_prev = fold(window[: prev.start("word")]).split()
    # "at Baley Beri": a longer place name after a locative word, handled elsewhere.
    if before_prev and before_prev[-1] in LOCATIVE_WORDS:
        return False
    # A title-case headline capitalises every word.
    words = s.text.split()
    return sum(w[:1].isupper() for w in words) * 2 < len(words)


# A capitalised word glued before a gazetteer match, after a locative preposition: "at Baley
# Beri", "à Tin Akof" (the match is only the end of a longer name).
LONGER_NAME_BEFORE = re.compile(
    r"(?:^|[\s,(])(?:at|in|near|à|a|de|du|près de|pres de)\s+(?P<word>[A-ZÀ-Ý][a-zà-ÿ'’]+) $"
)
REGION_NAME = re.compile(r"(?:region|province|cercle|prefecture)s? (?:de|du|d'|of)\b")
_NAME = re.compile(r"[A-ZÀ-Ý][a-zà-ÿ'’]+(?:[- ][A-ZÀ-Ý][a-zà-ÿ'’]+){0,2}")
_COORDINATED = re.compile(r"^\s*(?:,|and|et|or|ou)\s*(?:(?:at|in|a|en)\s+)?$")
_BETWEEN_NAMES = re.compile(r"\b(?:between|entre)\s+$")


def find_unknown_places(info: SentenceMentions, text: str, folded: str, index: EngineIndex) -> None:
    """Place names the gazetteer lacks (or spells differently), found from strong cues only."""
    s = info.sent
    # Context matches are off limits too, except a fragment of a hyphenated name ("Were").
    taken = [(a, b) for a, b, _x in info.actors] + [
        (pm.start, pm.end)
        for pm in info.places + info.context_places
        if text[pm.start - 1 : pm.start] != "-" and text[pm.end : pm.end + 1] != "-"
    ]
    taken += [(d.start, d.end) for d in info.dates]
    known = sorted(info.places, key=lambda pm: pm.start)
    for m in _NAME.finditer(s.text):
        start, end = s.start + m.start(), s.start + m.end()
        if m.start() == 0 or any(start < b and a < end for a, b in taken):
            continue
        first = fold(m.group().split()[0].split("-")[0])
        if first in NOT_A_PLACE_NAME or first in COUNTRY_WORDS or first in MONTHS:
            continue
        if first in WEEKDAYS:
            continue
        before = folded[max(s.start, start - 60) : start]
        cue = bool(cues.UNKNOWN_PLACE_NOUN.search(before))
        for pm in known:
            if pm.end <= start and _COORDINATED.match(folded[pm.end : start]):
                cue = cue or bool(
                    _BETWEEN_NAMES.search(folded[max(s.start, pm.start - 12) : pm.start])
                    or pm.start - s.start < start - s.start
                )
            if pm.start >= end and _COORDINATED.match(folded[end : pm.start]):
                cue = True
        if not cue and info.trigger and cues.UNKNOWN_PLACE_AT.search(before[-12:]):
            # Folded "a" is the French "à" only when the text has the accent (not English "a").
            cue = not before.endswith(" a ") or text[start - 2 : start - 1] == "à"
        if not cue or cues.CONTEXT_BEFORE_LOOSE.search(before):
            continue
        if cues.CONTEXT_BEFORE.search(before[-40:]) or cues.MEDIA_AFTER.match(text[end : end + 20]):
            continue
        pm = PlaceMention(start, end, m.group(), index.fuzzy_places(m.group()))
        pm.unknown = not pm.candidates
        pm.fuzzy = bool(pm.candidates)
        if NEAR_BEFORE.search(before):
            pm.precision = GEO_NEAR
        info.places.append(pm)
        taken.append((start, end))


# An administrative unit named around a village ("dans le cercle de Bankass", "in the Bankass
# district"): the village is the place, the unit its context.
ADMIN_UNIT_BEFORE = re.compile(
    r"\b(?:cercle|district|commune|department|departement|prefecture|arrondissement|county)s?\s+"
    r"(?:of|de|du|d')\s*(?:the\s+)?$"
)
ADMIN_UNIT_AFTER = re.compile(
    r"^\s*(?:district|cercle|commune|department|prefecture|arrondissement|county)\b"
)
