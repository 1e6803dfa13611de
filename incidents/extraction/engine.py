"""``extract``: article text -> proposed incidents with evidence (pure Python)."""

from __future__ import annotations

import datetime
import math
import re
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import lru_cache

from vocabulary import agencies, claims, countries
from vocabulary.textmeta import detect_language, parse_publication_header

from . import cues
from .dates import MONTHS, WEEKDAYS, DateMention, find_dates
from .index import ACTOR, PLACE, EngineIndex
from .normalize import fold
from .proximity import Anchors
from .sentences import Sentence, split_sentences
from .taxonomy import (
    BATTLES,
    CIVILIANS,
    CLAIM_ATTRIBUTED,
    CLAIM_CLAIMED,
    CLAIM_DISPUTED,
    CLAIM_UNCLAIMED,
    CLAIM_UNKNOWN,
    EXPLOSIONS,
    GEO_EXACT,
    GEO_NEAR,
    GEO_REGION,
    PRECISION_DAY,
    PROTESTS,
    RIOTS,
    ROLE_CLAIMANT,
    ROLE_PERPETRATOR,
    ROLE_SUSPECTED,
    ROLE_TARGET,
    STATE_FORCES,
    STRATEGIC_DEVELOPMENTS,
    VIOLENCE_AGAINST_CIVILIANS,
    disorder_type_for,
)
from .textindex import LineIndex
from .types import (
    ActorEntry,
    Evidence,
    ExtractionResult,
    Fatalities,
    PlaceEntry,
    ProposedIncident,
    ProposedLocation,
)

# Country words (names and demonyms, folded) -> ISO code: the story's country context.
COUNTRY_WORDS: dict[str, str] = countries.COUNTRY_WORDS
_COUNTRY_RE = re.compile(
    r"\b(" + "|".join(sorted(map(re.escape, COUNTRY_WORDS), key=len, reverse=True)) + r")\b"
)
_FEATURE_RANK = {
    "P.PPLC": 7, "P.PPLA": 6, "P.PPLA2": 5, "P.PPLA3": 4, "P.PPLA4": 3, "P.PPL": 3,
    "P.PPLX": 2, "P.PPLL": 2, "P.PPLQ": 0, "P.PPLH": 0, "P.PPLW": 0,
    "A.ADM1": 3, "A.ADM2": 2, "A.ADM3": 1,
    "S.AIRP": 1, "S.MLTY": 1, "S.CMP": 1, "S.INSM": 1,
}  # fmt: skip
_NEAR_BEFORE = re.compile(
    r"(near|outside|outskirts of|close to|not far from|vicinity of|pres de|non loin de|"
    r"environs de|aux abords de|a la sortie de|periph\w+ de|km (?:from|of|de|du)|"
    r"kilometres? (?:from|of|north of|south of|east of|west of)|"
    r"(?:north|south|east|west)(?:-\w+)? of|au (?:nord|sud|est|ouest)(?:-\w+)? de)\s*$"
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
_FAT_AFTER = re.compile(
    rf"\b{_QUAL}{_NUM}\s+(?:(?:[a-z'-]+\s+){{0,3}}?)"
    r"(?:(?:were|was|have been|had been|are|ont ete|ont|sont|a ete|ete|been|reported|"
    r"people|persons|personnes|de|d')\s+){0,3}?" + cues.DEATH_WORD + r"\b"
)
_FAT_BEFORE = re.compile(
    rf"\b(?:killed|killing|kills|kill|massacred|slaughtered|executed|tuant|tue|tues|a tue|"
    r"ont tue|fait|faisant|left|leaving|toll (?:rose |rises |climbed )?(?:to|of|at)|"
    r"bilan (?:de|d'|provisoire de|s'eleve a|est de)|claimed the lives of|coute la vie a|"
    # "the toll on Thursday rose to 15", "le bilan s'est alourdi à 30"
    r"(?:toll|bilan)\b[^.;\d]{0,30}?\b(?:rose|rises|risen|climbed|increased|reached|"
    r"s'eleve|alourdi|passe|atteint)(?:\s+(?:to|at|a))?)"
    # "ont tué vendredi dix civils": a day between the verb and the count
    rf"(?:\s+(?:on\s+|ce\s+|le\s+)?(?:{'|'.join(WEEKDAYS)}|hier|yesterday))?"
    rf"\s+{_QUAL}{_NUM}\b(?P<rest>[^.;]{{0,40}})"
)
# A toll foreseen, not counted: "could rise to 20", "risque de s'alourdir", "feared dead".
_PROJECTION = re.compile(
    r"\b(?:could|may|might|would|expected to|likely to|feared|fears?|risk\w*|risque\w*|"
    r"pourrai\w*|craint\w*|projected|threaten\w*|menace\w*)\b[^.;]{0,25}$"
)
# A count with no noun of its own ("30 were killed") after the attackers were named.
_BARE_COUNT = re.compile(
    r"^\s*(?:of them\s+|d'entre eux\s+)?(?:were|was|have been|had been|ont ete|sont|a ete)\b"
)
_VICTIM_NOUN = re.compile(
    r"\b(?:soldiers|troops|civilians|villagers|people|gendarmes|policemen|soldats|militaires|"
    r"civils|villageois|personnes|gendarmes|policiers)\b"
)
# The army answering the attack: those it killed are the attackers ("repelled the attack,
# killing 30").
_REPELLED = re.compile(
    r"\b(?:repelled|repulsed|fought back|fended off|counter-?attack\w*|riposte\w*|repouss\w*|"
    r"contre-attaque\w*|mis en deroute|neutrali\w*)\b"
)
_BETWEEN = re.compile(
    rf"\bbetween\s+(?P<a>\d+)\s+and\s+(?P<b>\d+)\s+(?:[a-z]+\s+){{0,3}}?{cues.DEATH_WORD}"
)
_NOT_PEOPLE = re.compile(
    r"^\s*(?:towns?|villages?|km|kilomet\w*|miles?|years?|days?|hours?|percent|%|vehicles?|"
    r"motorbikes?|motorcycles?|positions?|localites|ans|jours|heures|vehicules|motos)\b"
)


@dataclass
class _PlaceMention:
    start: int
    end: int
    surface: str
    candidates: list[PlaceEntry]
    precision: int = GEO_EXACT
    region: bool = False
    town: bool = False  # "the town of X", "la ville de X"
    unknown: bool = False  # a place name absent from the gazetteer, kept as written
    fuzzy: bool = False  # candidates are spelling variants, not the name itself
    admin_unit: bool = False  # "le cercle de X", "the X district": context for a village
    chosen: PlaceEntry | None = None


@dataclass
class _Sent:
    sent: Sentence
    folded: str
    trigger: re.Match | None = None
    background: bool = False
    counted: bool = False
    headline: bool = False  # the title line: a summary of the story, not an incident of its own
    dates: list[DateMention] = field(default_factory=list)
    places: list[_PlaceMention] = field(default_factory=list)
    actors: list[tuple[int, int, ActorEntry]] = field(default_factory=list)
    countries: list[tuple[int, int, str]] = field(default_factory=list)
    vague: list[tuple[int, int, str, str]] = field(default_factory=list)  # start,end,text,cc
    # Places named only as context (dateline, an official's town…): they still help to tell
    # homonyms apart ("a village bordering Bamako").
    context_places: list[_PlaceMention] = field(default_factory=list)
    # _place_keys() by its ``regions`` flag, filled during segmentation (places are final then).
    place_keys: dict[bool, set[str]] = field(default_factory=dict, repr=False, compare=False)


@dataclass
class _Draft:
    sents: list[_Sent]
    date: DateMention | None
    anchor: _Sent
    pending_claim: tuple[str, int, int] | None = None  # (status, start, end)
    # "in the same region": the places of the incident reported just before.
    inherited: list[_PlaceMention] = field(default_factory=list)
    # Sentences that sum up several incidents ("both attacks were claimed by X", a headline
    # naming the places of two attacks): they lend their claim and named actors, not places.
    shared: list[_Sent] = field(default_factory=list)
    # "…, the army said Sunday": the day of the report, used when the event has no date.
    report_date: DateMention | None = None
    # Actors counted among civilian victims ("dix civils, dont quatre VDP"): no armed opposition.
    civilian_subset: set[int] = field(default_factory=set)
    # _draft_places() by its ``regions`` flag: (sentences counted, keys). Sentences are only
    # ever appended to a draft, so the keys grow with them instead of being recounted.
    place_keys: dict[bool, tuple[int, set[str]]] = field(
        default_factory=dict, repr=False, compare=False
    )


def _detect_language(text: str) -> str:
    return detect_language(text) or "en"


def extract(
    text: str,
    *,
    index: EngineIndex,
    published: datetime.date | None = None,
    language: str | None = None,
) -> ExtractionResult:
    """Propose the incidents an article reports; evidence offsets index ``text`` itself."""
    header = parse_publication_header(text, published)
    if published is None:
        published = header.published
    body_start = header.body_start
    if not language:
        language = _detect_language(text[body_start:])
    folded = fold(text)

    sentences = [s for s in split_sentences(text) if s.end > body_start]
    if sentences and sentences[0].start < body_start:
        first = sentences[0]
        sentences[0] = Sentence(body_start, first.end, text[body_start : first.end], 0)

    matches = index.scan(text, folded) if index.key_count else []
    match_starts = [start for start, _end, _payload in matches]
    lines = LineIndex(text)
    signature_from = _signature_start(text)
    infos = [
        _analyse(
            s,
            text,
            folded,
            # Only the matches that start inside the sentence (they are sorted by start).
            matches[bisect_left(match_starts, s.start) : bisect_left(match_starts, s.end)],
            index,
            published,
            language,
            signature_from,
            lines,
        )
        for s in sentences
    ]
    if infos and _is_headline(infos[0].sent, text):
        infos[0].headline = True
    for info in infos[1:]:
        if _is_caption(info.sent, text, lines, dated=bool(info.dates)):
            # A photo caption shows a scene elsewhere ("soldiers … near the town of Diffa").
            info.background = True
            info.context_places += info.places
            info.places = []
    # One sense per story: a name once written as a person's ("Ibrahim Traoré") is that person
    # in its other mentions too ("Traoré claimed…").
    persons = {
        fold(pm.surface)
        for info in infos
        for pm in info.context_places
        if _person_name(text, info.sent, pm.start, pm.end)
    }
    if persons:
        for info in infos:
            named = [pm for pm in info.places if fold(pm.surface) in persons]
            info.places = [pm for pm in info.places if pm not in named]
            info.context_places += named
    story_cc = _story_country(infos)
    _resolve_places(infos, index, story_cc)
    drafts = _segment(infos, published)
    incidents = [_build(d, text, folded, index, story_cc, published) for d in drafts]
    # An "incident" with neither a place nor a toll is commentary ("attacks continue").
    incidents = [i for i in incidents if i.locations or i.fatalities.best is not None]
    # Nor is one with no one acting or suffering, no date of its own and no toll ("juntas who
    # seized control in a series of coups", "forming an army to combat terrorism").
    incidents = [
        i
        for i in incidents
        if i.perpetrators
        or i.targets
        or i.claimants
        or i.suspected
        or i.fatalities.best is not None
        or any(e.field == "date" for e in i.evidence)
    ]
    return ExtractionResult(published=published, language=language, incidents=incidents)


# --- sentence analysis -----------------------------------------------------------------------


_COUNTRY_NAMES_RE = "(?:" + "|".join(map(re.escape, countries.COUNTRY_NAME_WORDS)) + ")"
# The wire credits, folded.
_WIRE = agencies.WIRE_CREDIT_RE.lower()
# A wire dateline that opens a line: "Bamako, Mali — ...", "Bamako, Nov 3 (AFP)", "NIAMEY (AFP) -".
_DATELINE_AFTER = re.compile(
    r"^\s*(?:,\s*" + _COUNTRY_NAMES_RE + r"\s*[-:]|,[^,\n]{0,30}\((?:" + _WIRE + r")\)|"
    r"\s*\((?:" + _WIRE + r")\))"
)


def _is_headline(s: Sentence, text: str) -> bool:
    """A title: a whole line of its own without closing punctuation, followed by more text."""
    line_start = text.rfind("\n", 0, s.start) + 1
    line_end = text.find("\n", s.end)
    if line_end < 0 or text[line_start : s.start].strip() or text[s.end : line_end].strip():
        return False
    return not s.text.rstrip().endswith((".", "!", "?", "»", '"', "”", ":"))


_PHOTO_CREDIT = re.compile(
    r"\[(?:file|photo|archives?)\b[^\]]*\]|\((?:photo|file|archives?)\b[^)]*\)|\bphoto\s*:|"
    # "(AP Photo/Jane Doe)", "AFP via Getty", "REUTERS/John Doe"
    r"\((?:[\w.]+\s+){1,2}(?:photo|file)\b[^)]*\)|\bvia getty\b|\b(?:afp|reuters)/[A-Z]|"
    r"cr[ée]dit photo|©|getty images",
    re.IGNORECASE,
)


def _is_caption(s: Sentence, text: str, lines: LineIndex, *, dated: bool = False) -> bool:
    """A photo caption: a line of its own with a photo credit, or a long undated line that,
    unlike the sentences of the story, does not end with a full stop."""
    line_start = lines.line_start(s.start)
    line_end = lines.line_end(s.end)
    line_end = len(text) if line_end < 0 else line_end
    # The length first: searching each sentence's whole line made a long line quadratic.
    if line_end - line_start < 400 and _PHOTO_CREDIT.search(text[line_start:line_end]):
        return True  # every sentence of a credited line ("… on Friday, Nov. 15. (AP Photo)")
    if not lines.blank(line_start, s.start) or not lines.blank(s.end, line_end):
        return False
    closed = s.text.rstrip().endswith((".", "!", "?", "»", '"', "”", ":", "…"))
    return not closed and not dated and len(s.text.split()) >= 8


def _signature_start(text: str) -> int:
    """Start of a closing byline ("Boa, Ouagadougou", "RFI"): a short last line, no full stop."""
    stripped = text.rstrip()
    line_start = stripped.rfind("\n") + 1
    last = stripped[line_start:]
    if line_start and len(last.split()) <= 4 and not last.endswith((".", "!", "?", '"', "»", "”")):
        return line_start
    return len(text) + 1


def _context_place(text, folded, s, info, start, end, before, after, signature_from, lines) -> bool:
    """True when a gazetteer match only gives context and never locates an incident."""
    surface = text[start:end]
    if start >= signature_from:
        return True  # the author's byline town
    if surface.isupper() and len(surface.replace(" ", "")) <= 5:
        return True  # an acronym ("SITE Intelligence Group"), not a place
    # Part of a longer hyphenated name: "Were" in "Biriki-Were".
    if start > 1 and text[start - 1] == "-" and text[start - 2].isalnum():
        return True
    if end + 1 < len(text) and text[end] == "-" and text[end + 1].isalnum():
        return True
    if cues.CONTEXT_BEFORE.search(before[-40:]) or cues.CONTEXT_BEFORE_LOOSE.search(before):
        return True
    if cues.CONTEXT_AFTER.search(after) or cues.MEDIA_AFTER.match(text[end : end + 20]):
        return True
    if lines.blank(lines.line_start(start), start) and (
        _DATELINE_AFTER.match(folded[end : end + 40])
        or (surface.isupper() and _CAPS_DATELINE_AFTER.match(text[end : end + 40]))
        or _TITLE_DATELINE_AFTER.match(folded[end : end + 40])
    ):
        return True
    if _person_name(text, s, start, end):
        return True
    if fold(surface) in _AGENCIES and (
        text[start - 1 : start] in ("(", "/") or text[end : end + 1] in (")", "/")
    ):
        return True  # a news agency's credit, "(Belga)", "(AFP/Reuters)", not a village
    if cues.DISTANCE_BEFORE.search(before):
        # "à 200 km au nord-est de Bamako": the town only measures how far the place is; a
        # short distance in the event's own sentence ("à une trentaine de km de X") is near X.
        km = _distance_before(before)
        return not info.trigger or (km is not None and km >= 35)
    return False


_DISTANCE_NUMBER = re.compile(
    r"(?P<num>\d[\d,. ]*|" + "|".join(_APPROX_NOUNS) + "|" + "|".join(_MORE_NUMBERS) + r")"
    r"(?:\s+(?:de|d'))?\s*(?P<unit>km|kilomet\w*|miles?)\b"
)
# Wire agencies that GeoNames also knows as villages (a "Belga" in the Gao region).
_AGENCIES = agencies.CREDIT_WORDS


def _distance_before(before: str) -> float | None:
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


# "Bamako, 12 mars -", "Niamey, March 3 (AFP) -", "Bamako, -": a dateline in any case (a comma,
# at most a date and an agency, then the dash).
_DATELINE_DATE = (
    r"(?:(?:le\s+)?(?:[a-z]+\s+)?\d{1,2}(?:er|st|nd|rd|th)?\s+[a-z]+\.?(?:\s+\d{4})?|"
    r"[a-z]+\.?\s+\d{1,2}(?:,?\s+\d{4})?|\d{4}-\d\d-\d\d|\d{1,2}/\d{1,2}/\d{4})"
)
_TITLE_DATELINE_AFTER = re.compile(
    r"^\s*,\s*(?:" + _DATELINE_DATE + r")?\s*(?:\([^)\n]{0,20}\)\s*)?-+\s"
)
# "BAMAKO, March 16 -", "NIAMEY —", "OUAGADOUGOU (Reuters)": an upper-case dateline.
_CAPS_DATELINE_AFTER = re.compile(r"^\s*(?:,[^\n]{0,30}?)?\s*(?:[-–—:]|\()")
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
_CAPITALISED_BEFORE = re.compile(r"(?:^|[^\w'’])(?P<word>[A-ZÀ-Ý][a-zà-ÿ'’-]+) $")
_STATEMENT_AFTER = re.compile(
    r"^(?:\s+[A-ZÀ-Ý][\w'’-]+)?,?\s+(?:said|says|told|announced|added|accused|blamed|denied|"
    r"declared|stated|explained|claimed|insisted|warned|vowed|pledged|promised|"
    r"has (?:said|accused|blamed|denied|announced)|"
    r"a (?:declare|indique|annonce|accuse|affirme|precise|denonce|ajoute|explique)|"
    r"declare|indique|affirme|precise|explique|ajoute)\b"
)
_LOCATIVE_WORDS = {
    "at", "in", "near", "of", "to", "from", "a", "à", "de", "du", "près", "pres", "vers", "sur",
    "entre", "between", "and", "et", "on",
}  # fmt: skip


def _person_name(text: str, s: Sentence, start: int, end: int) -> bool:
    """True when a gazetteer match is (part of) a person's name."""
    window = text[max(s.start, start - 60) : start]
    if _TITLE_BEFORE.search(window):
        return True
    if _STATEMENT_AFTER.match(fold(text[end : end + 40])) and not re.search(
        r"\b(?:in|at|near|of|from|à|dans|de|du|d')\s*(?:the\s+)?$", window, re.IGNORECASE
    ):
        return True
    prev = _CAPITALISED_BEFORE.search(window)
    if prev is None or start - len(prev.group("word")) - 1 <= s.start:
        return False  # no first name, or it opens the sentence
    word = fold(prev.group("word"))
    if word in _NOT_A_PLACE_NAME or word in COUNTRY_WORDS or word in _LOCATIVE_WORDS:
        return False
    before_prev = fold(window[: prev.start("word")]).split()
    # "at Baley Beri": a longer place name after a locative word, handled elsewhere.
    if before_prev and before_prev[-1] in _LOCATIVE_WORDS:
        return False
    # A title-case headline capitalises every word.
    words = s.text.split()
    return sum(w[:1].isupper() for w in words) * 2 < len(words)


# A capitalised word glued before a gazetteer match, after a locative preposition: "at Baley
# Beri", "à Tin Akof" (the match is only the end of a longer name).
_LONGER_NAME_BEFORE = re.compile(
    r"(?:^|[\s,(])(?:at|in|near|à|a|de|du|près de|pres de)\s+(?P<word>[A-ZÀ-Ý][a-zà-ÿ'’]+) $"
)
_REGION_NAME = re.compile(r"(?:region|province|cercle|prefecture)s? (?:de|du|d'|of)\b")
_NAME = re.compile(r"[A-ZÀ-Ý][a-zà-ÿ'’]+(?:[- ][A-ZÀ-Ý][a-zà-ÿ'’]+){0,2}")
_NOT_A_PLACE_NAME = {
    "the", "le", "la", "les", "un", "une", "des", "this", "that", "these", "ces", "cette", "ce",
    "il", "elle", "ils", "they", "he", "she", "we", "nous", "on", "in", "at", "au", "aux", "selon",
    "according", "after", "apres", "before", "avant", "mr", "mrs", "m", "mme", "president",
    "minister", "ministre", "general", "colonel", "capitaine", "captain", "lieutenant",
}  # fmt: skip
_COORDINATED = re.compile(r"^\s*(?:,|and|et|or|ou)\s*(?:(?:at|in|a|en)\s+)?$")
_BETWEEN_NAMES = re.compile(r"\b(?:between|entre)\s+$")


def _unknown_places(info: _Sent, text: str, folded: str, index: EngineIndex) -> None:
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
        if first in _NOT_A_PLACE_NAME or first in COUNTRY_WORDS or first in MONTHS:
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
        pm = _PlaceMention(start, end, m.group(), index.fuzzy_places(m.group()))
        pm.unknown = not pm.candidates
        pm.fuzzy = bool(pm.candidates)
        if _NEAR_BEFORE.search(before):
            pm.precision = GEO_NEAR
        info.places.append(pm)
        taken.append((start, end))


def _analyse(s, text, folded, matches, index, published, language, signature_from, lines):
    f = folded[s.start : s.end]
    info = _Sent(sent=s, folded=f)
    info.trigger = cues.TRIGGER.search(f)
    info.background = bool(cues.BACKGROUND.search(f))
    info.counted = bool(cues.COUNTED_EVENTS.search(f))
    info.dates = find_dates(s.text, f, s.start, published, language)
    for m in _COUNTRY_RE.finditer(f):
        info.countries.append((s.start + m.start(), s.start + m.end(), COUNTRY_WORDS[m.group(1)]))
    for start, end, payload in matches:
        if start < s.start or end > s.end:
            continue
        actors = [index.actors[i] for k, i in payload if k == ACTOR]
        if actors:
            info.actors.append((start, end, actors[0]))
            continue
        places = [index.places[i] for k, i in payload if k == PLACE]
        surface = text[start:end]
        # "région de Tombouctou" is a GeoNames alternate name of the region itself.
        region_name = (
            surface[:1].islower()
            and not surface.islower()
            and bool(_REGION_NAME.match(folded[start:end]))
        )
        if not places or not (surface[:1].isupper() or region_name):
            continue
        before = folded[max(s.start, start - 60) : start]
        after = folded[end : min(s.end, end + 20)]
        pm = _PlaceMention(start, end, surface, places)
        if _context_place(text, folded, s, info, start, end, before, after, signature_from, lines):
            info.context_places.append(pm)
            continue
        longer = (
            _LONGER_NAME_BEFORE.search(text[max(s.start, start - 40) : start])
            if info.trigger and text[start - 2 : start - 1].islower()
            else None
        )
        if (
            longer
            and fold(longer.group("word")) not in _NOT_A_PLACE_NAME
            and fold(longer.group("word")) not in COUNTRY_WORDS
        ):
            # "at Baley Beri": the gazetteer knows only "Beri"; the place is the whole name.
            first = max(s.start, start - 40) + longer.start("word")
            surface = text[first:end]
            pm = _PlaceMention(first, end, surface, index.fuzzy_places(surface))
            pm.unknown = not pm.candidates
            pm.fuzzy = bool(pm.candidates)
        if _NEAR_BEFORE.search(before):
            pm.precision = GEO_NEAR
        if (
            region_name
            or cues.REGION_WORD_BEFORE.search(before)
            or cues.REGION_WORD_AFTER.search(after)
        ):
            pm.region = True
        elif cues.TOWN_WORD_BEFORE.search(before):
            pm.town = True
        pm.admin_unit = bool(_ADMIN_UNIT_BEFORE.search(before) or _ADMIN_UNIT_AFTER.match(after))
        info.places.append(pm)
    _unknown_places(info, text, folded, index)
    for m in cues.VAGUE_REGION.finditer(f):
        what = m.group("what").strip()
        cc = None
        if re.fullmatch(r"(?:the |le |la |l')?(?:country|pays)", what):
            cc = ""
        else:
            cm = _COUNTRY_RE.match(what)
            if cm and cm.end() == len(what):
                cc = COUNTRY_WORDS[cm.group(1)]
        if cc is None:
            continue
        start = s.start + m.start()
        # Skip a leading article so the evidence reads "centre of the country".
        lead = re.match(r"(?:the |le |la |l')", m.group(0))
        if lead:
            start += lead.end()
        info.vague.append((start, s.start + m.end(), text[start : s.start + m.end()], cc))
    return info


# An administrative unit named around a village ("dans le cercle de Bankass", "in the Bankass
# district"): the village is the place, the unit its context.
_ADMIN_UNIT_BEFORE = re.compile(
    r"\b(?:cercle|district|commune|department|departement|prefecture|arrondissement|county)s?\s+"
    r"(?:of|de|du|d')\s*(?:the\s+)?$"
)
_ADMIN_UNIT_AFTER = re.compile(
    r"^\s*(?:district|cercle|commune|department|prefecture|arrondissement|county)\b"
)


def _story_country(infos: list[_Sent]) -> str:
    counts: dict[str, int] = {}
    first: dict[str, int] = {}
    for info in infos:
        for start, _end, cc in info.countries:
            counts[cc] = counts.get(cc, 0) + 1
            first.setdefault(cc, start)
        for pm in info.places:
            if pm.fuzzy:
                continue  # a spelling variant's namesake says little about the story's country
            ccs = {p.country_code for p in pm.candidates}
            if len(ccs) == 1:
                cc = next(iter(ccs))
                counts[cc] = counts.get(cc, 0) + 1
                first.setdefault(cc, pm.start)
    if not counts:
        return ""
    return max(counts, key=lambda cc: (counts[cc], -first[cc]))


def _resolve_places(infos: list[_Sent], index: EngineIndex, story_cc: str) -> None:
    """Choose one gazetteer entry per mention (homonyms: country, admin context, proximity)."""
    mentions = [pm for info in infos for pm in info.places]
    context = [pm for info in infos for pm in info.context_places]
    # One sense per story: a name the story calls a region ("la région de Tillabéri") is that
    # region in its other mentions too ("une embuscade à Tillabéri"), unless called a town.
    region_keys = {
        fold(pm.surface)
        for pm in mentions + context
        if pm.region and any(p.kind == "admin1" for p in pm.candidates)
    }
    for pm in mentions:
        if fold(pm.surface) in region_keys and not pm.town:
            pm.region = True
    # Context from mentions that are unambiguous about their admin1 region. Context-only
    # mentions count too: "a village bordering Bamako" is not in Bamako but is near it.
    admin1_votes: dict[str, int] = {}
    pairs: list[tuple[str, PlaceEntry]] = []
    for pm in mentions + context:
        regions = {p.admin1_code for p in pm.candidates if p.country_code == story_cc}
        if len(regions) == 1 and next(iter(regions)):
            code = next(iter(regions))
            admin1_votes[code] = admin1_votes.get(code, 0) + 1
            local = [p for p in pm.candidates if p.admin1_code == code and p.latitude is not None]
            if local:
                best = max(local, key=lambda p: _FEATURE_RANK.get(p.feature_code, 1))
                pairs.append((fold(pm.surface), best))
    anchors = Anchors(pairs)
    for info in infos:
        # A region named in the same sentence ("entre A et B, dans la région de Ségou") is the
        # strongest admin context a town mention can have.
        near_regions = {
            p.admin1_code
            for pm in info.places + info.context_places
            if pm.region
            for p in pm.candidates
            if p.kind == "admin1" or p.feature_code in ("P.PPLA", "P.PPLC")
        }
        for pm in info.places:
            if pm.candidates:
                _choose(pm, index, story_cc, admin1_votes, anchors, near_regions)
            if pm.fuzzy and pm.chosen is not None and _far_namesake(pm, story_cc, anchors):
                # A spelling variant far from the story (across the border, another region):
                # the village is missing from the gazetteer; keep its name as written.
                pm.chosen, pm.candidates, pm.unknown = None, [], True


def _far_namesake(pm: _PlaceMention, story_cc: str, anchors: Anchors) -> bool:
    p = pm.chosen
    if story_cc and p.country_code != story_cc:
        return True
    key = fold(pm.surface)
    if (
        not anchors.has_other(key)
        or p.latitude is None
        or anchors.other_in_admin1(p.admin1_code, key)
    ):
        return False
    return anchors.nearest(p, key, 150.0) > 150


def _choose(pm, index, story_cc, admin1_votes, anchors, near_regions) -> None:
    key = fold(pm.surface)

    def score(p: PlaceEntry) -> float:
        s = 0.0
        if p.country_code == story_cc:
            s += 10
        s += 2 * min(admin1_votes.get(p.admin1_code, 0), 3)
        if not pm.region and p.admin1_code in near_regions:
            s += 4
        if p.kind == "admin1" and pm.region:
            s += 8
        elif p.kind == "country":
            s += 4
        s += _FEATURE_RANK.get(p.feature_code, 1 if p.kind in ("place", "site") else 0)
        s += 0.5 * math.log10(p.population + 1)
        if fold(p.name) == key or fold(p.ascii_name) == key:
            s += 1.5
        # Proximity to the other places of the story (never to another mention of this name);
        # beyond 300 km it adds nothing.
        if anchors.has_other(key) and p.latitude is not None:
            s += max(0.0, 3.0 - anchors.nearest(p, key, 300.0) / 100.0)
        return s

    regions = [p for p in pm.candidates if p.kind == "admin1" and p.country_code == story_cc]
    if pm.region and regions:
        pm.chosen = max(regions, key=score)
        return
    pm.chosen = max(pm.candidates, key=score)
    if pm.region and pm.chosen.kind != "admin1":
        # "the Timbuktu region": the region whose capital carries that name.
        region = index.admin1_by_code.get(pm.chosen.admin1_code)
        if region is not None and pm.chosen.feature_code in ("P.PPLA", "P.PPLC", "A.ADM2"):
            pm.chosen = region


# --- segmentation ----------------------------------------------------------------------------


def _explicit_date(info: _Sent) -> DateMention | None:
    found = [
        d
        for d in info.dates
        if d.kind in ("absolute", "weekday", "relative", "anaphoric") and d.precision != "year"
    ]
    # "Le jour même et la veille, jeudi soir et vendredi soir": the days named outright say
    # more than the offsets they restate.
    named = [d for d in found if d.kind != "anaphoric"]
    return (named or found or [None])[0]


def _resolve_anaphoric(d: DateMention, ref: datetime.date | None) -> DateMention:
    if d.kind != "anaphoric" or ref is None:
        return d
    day = ref + datetime.timedelta(days=d.offset_days)
    return DateMention(d.start, d.end, d.text, day, day, d.precision, "anaphoric", d.offset_days)


def _same_date(a: DateMention | None, b: DateMention | None) -> bool:
    if a is None or b is None:
        return False
    return a.date_start == b.date_start and a.date_end == b.date_end


# A statement, a toll or a discovery and its day: "the government said on Tuesday", "announced
# in a statement Friday", "a annoncé l'armée dans un communiqué jeudi", "the toll on Thursday".
# Up to six words may stand between, as long as none reports the event itself ("said gunmen
# attacked the village on Friday" dates the attack).
_REPORT_WORD = (
    r"(?:said|says|told|announced|reported|confirmed|stated|added|declared|published|released|"
    r"discovered|found|issued|statement|toll|annonc\w*|indiqu\w*|declar\w*|affirm\w*|precis\w*|"
    r"rapport\w*|confirm\w*|publi\w*|diffus\w*|revendiqu\w*|retrouv\w*|communique|bilan)"
)
_REPORT_BEFORE = re.compile(
    r"\b" + _REPORT_WORD + r"(?P<gap>(?:\s+[\w'-]+){0,6}?)\s+(?:(?:on|ce|le|this)\s+)?$"
)
_REPORT_AFTER = re.compile(
    r"^\s*,?\s*(?P<gap>(?:(?:the|l'|le|la|les)\s*)?(?:[\w'-]+\s+){0,3}?)(?:confirmed|said|"
    r"announced|told|claimed|reported|a annonce|a indique|ont rapporte|a confirme|ont annonce|"
    r"a declare|a precise|ont indique)\b"
)
# "BAMAKO, March 16 -": the date of a dateline.
_DATELINE_DATE_BEFORE = re.compile(r"^[A-ZÀ-Ý][A-ZÀ-Ý'’.\- ]{2,40},\s*(?:\w+\s+)?$")
# "Three days of national mourning from Thursday", "deuil national à partir du vendredi 22
# mars", "a curfew from Monday": the day a measure starts, not the day of the attack.
_MOURNING_BEFORE = re.compile(
    r"\b(?:mourning|deuil|funerals?|obseques|funerailles|curfew|couvre-feu|state of emergency|"
    r"etat d'urgence)\b[^.;]{0,40}?\b(?:from|starting|beginning|as of|until|a partir d[ue]|"
    r"des|depuis|jusqu'(?:au|a)|du|on|le|ce)\s+(?:(?:le|ce|this)\s+)?$"
)
# "Bamako, 12 mars - …": the same in title case, when the dash follows the date.
_TITLE_DATELINE_DATE_BEFORE = re.compile(r"^[A-ZÀ-Ý][\w'’.\- ]{2,40},\s*(?:\w+\s+)?$")
_DATELINE_DASH_AFTER = re.compile(r"^(?:,?\s*\d{4})?\s*(?:\([^)\n]{0,20}\)\s*)?-+\s")
# An old attack recalled to compare ("a similar attack", "the deadliest since", "in the same
# region where") is history; one told for itself ("In December 2016, an attack on X killed 12
# soldiers") is an incident of its own.
_COMPARISON = re.compile(
    r"\b(?:similar|same|where|deadliest|worst|bloodiest|recall\w*|reminiscent|like the|"
    r"semblable|similaire|rappel\w*|meme|deja|already|le plus meurtrier|la plus meurtriere|"
    r"plus lourd|since|depuis|comparable)\b"
)


def _report_cue(before: str, after: str, *, opens: bool) -> bool:
    """``opens``: the date opens its sentence ("On Thursday, the army said…"); a date further
    on followed by "…, the military said" dates the event the sentence reports."""
    m = _REPORT_BEFORE.search(before)
    if m and not cues.TRIGGER.search(m.group("gap")) and not re.search(r"\d", m.group("gap")):
        return True
    m = _REPORT_AFTER.match(after)
    if m and m.group("gap").strip() and not opens:
        return False
    return bool(m and not cues.TRIGGER.search(m.group("gap")))


# "Later on Thursday, ISIL claimed responsibility for the attack": the day of the claim.
_LATER_CLAIM = re.compile(r"^(?:later|plus tard|earlier)\b")


def _mark_report_dates(info: _Sent, published: datetime.date | None) -> None:
    """Dates of a statement or a discovery, and background dates, are not event dates."""
    f, s0 = info.folded, info.sent.start
    claim = cues.CLAIMED.search(f) and not cues.UNCLAIMED.search(f)
    previous: DateMention | None = None
    since = False
    for d in info.dates:
        before = f[max(0, d.start - s0 - 60) : d.start - s0]
        after = f[d.end - s0 : d.end - s0 + 50]
        gap = f[previous.end - s0 : d.start - s0] if previous is not None else None
        if gap is not None and previous.kind in ("report", "background") and not gap.strip(" ,"):
            d.kind = previous.kind  # "publié ce samedi 25 novembre": one date, two mentions
        elif since and d.kind in ("absolute", "weekday", "relative") and ";" not in gap:
            # "since a January 5 report of deaths during clashes in November": all history.
            d.kind = "background"
        elif re.search(r"\b(?:since|depuis)\s+(?:(?:a|the|le|la|un|une)\s+)?$", before):
            d.kind = "background"
            since = True
        elif d.kind in ("absolute", "weekday", "relative") and (
            _MOURNING_BEFORE.search(before)
            or _report_cue(before, after, opens=not f[: d.start - s0].strip(" ,").split()[1:])
            or (claim and _LATER_CLAIM.match(f))
            or _DATELINE_DATE_BEFORE.match(info.sent.text[: d.start - s0])
            or (
                _TITLE_DATELINE_DATE_BEFORE.match(info.sent.text[: d.start - s0])
                and _DATELINE_DASH_AFTER.match(after)
            )
        ):
            d.kind = "report"
        elif (
            published is not None
            and d.date_end is not None
            and (published - d.date_end).days > 180
            and d.kind in ("absolute", "relative")
            and not (info.trigger and info.places and not _COMPARISON.search(f))
        ):
            d.kind = "background"  # a year-old event recalled is history, not news
        previous = d


def _sentence_kind(info: _Sent) -> str | None:
    """The specific kind of event a sentence reports (IED, shelling, drone strike, abduction,
    an assault on a military position), or None when it does not say."""
    for pattern, _etype, sub in _EVENT_RULES[:7]:
        if pattern.search(info.folded):
            return sub
    if info.trigger and cues.MILITARY_POSITION.search(info.folded):
        return "Armed clash"
    return None


def _draft_kind(d: _Draft) -> str | None:
    return next((k for k in (_sentence_kind(s) for s in d.sents) if k), None)


def _place_keys(info: _Sent, *, regions: bool = False) -> set[str]:
    """The sentence's place names (callers must not change the set: it is kept)."""
    keys = info.place_keys.get(regions)
    if keys is None:
        keys = info.place_keys[regions] = {
            _fold_name(pm.surface)
            for pm in info.places
            if (regions or not pm.region) and not (pm.chosen and pm.chosen.kind == "country")
        }
    return keys


# A named group the actor list lacks: "les rebelles du CSP", "fighters of the MSA".
_NAMED_UNKNOWN_GROUP = re.compile(
    r"\b(?:rebelles|rebels|combattants|fighters|membres|members|militants|miliciens|"
    r"militiamen)\s+(?:du|de la|des|de l'|d'|of the|of)\s+[A-Z][A-Z-]{1,}\b"
)


@lru_cache(maxsize=4096)
def _fold_name(name: str) -> str:
    return fold(name)


# "An attack on a military base on Friday…": an indefinite event noun introduces a new event;
# "the attack"/"l'attaque" refers back to the one being told.
_INDEFINITE_EVENT = re.compile(
    r"(?:^|[\s,;])(?:an?|another|une?|une autre)\s+(?:\w+\s+){0,2}?(?:attack|ambush|raid|"
    r"assault|bombing|explosion|attaque|embuscade|assaut|attentat|explosion)\b"
)


def _refines(date: DateMention, coarse: DateMention | None) -> bool:
    """True when ``date`` is a finer date inside the span of a week- or month-precise one."""
    if coarse is None or coarse.precision not in ("week", "month") or date.precision != "day":
        return False
    if None in (date.date_start, coarse.date_start, coarse.date_end):
        return False
    return coarse.date_start <= date.date_start <= coarse.date_end


def _draft_places(d: _Draft, *, regions: bool = False) -> set[str]:
    """The place names of the draft's sentences (callers must not change the set)."""
    counted, keys = d.place_keys.get(regions, (0, set()))
    for s in d.sents[counted:]:
        keys |= _place_keys(s, regions=regions)
    d.place_keys[regions] = (len(d.sents), keys)
    return keys


_SAME_PLACE = re.compile(
    r"\b(?:in|at|near) the same (?:region|area|town|village|locality|province)\b|"
    r"\b(?:dans|a) (?:la|le) meme (?:region|zone|localite|ville|village|province)\b"
)


_COUNT_WORDS = {"two": 2, "deux": 2, "three": 3, "trois": 3, "four": 4, "quatre": 4, "five": 5,
                "cinq": 5, "both": 2}  # fmt: skip
# "both attacks", "the two raids", "ces deux attaques": a definite count points back at
# incidents already reported; "two major attacks" introduces new ones.
_DEFINITE_BEFORE = re.compile(r"\b(?:the|these|those|les|ces)\s+$")
_PLURAL_EVENTS = re.compile(r"\b(attacks|assaults|raids|attaques|assauts|attentats|strikes)\b")


def _is_summary(info: _Sent) -> bool:
    """A title, or a sentence reporting several attacks in several places at once."""
    if info.headline:
        return True
    return bool(_PLURAL_EVENTS.search(info.folded)) and len(_place_keys(info)) >= 2


def _segment(infos: list[_Sent], published: datetime.date | None) -> list[_Draft]:
    for info in infos:
        _mark_report_dates(info, published)
    drafts, summaries = _segment_body(infos, published, defer_summaries=True)
    if not drafts:
        # Nothing but summaries (a one-sentence story): they are the incidents themselves.
        drafts, summaries = _segment_body(infos, published, defer_summaries=False)
    for info, nearest in summaries:
        keys = _place_keys(info, regions=True)
        owners = [d for d in drafts if keys & _draft_places(d, regions=True)]
        if not owners:
            owners = [nearest or drafts[0]]
        if len(owners) == 1:
            owners[0].sents.append(info)  # a summary of this one incident: its places count
            if owners[0].date is None:
                owners[0].date = _explicit_date(info)
        else:
            for d in owners:
                d.shared.append(info)
    # An incident told without a place happened where the story is set: the headline's places
    # (or those of the first summary sentence).
    setting = [pm for info, _n in summaries[:1] for pm in info.places]
    for d in drafts:
        if setting and not any(s.places or s.vague for s in d.sents) and not d.inherited:
            d.inherited = list(setting)
    return drafts


def _segment_body(infos, published, *, defer_summaries: bool):
    drafts: list[_Draft] = []
    summaries: list[tuple[_Sent, _Draft | None]] = []
    waiting: list[_Sent] = []  # summaries met before any incident: they go to the next one
    current: _Draft | None = None
    pending: list = []  # [status, start, end, remaining]
    pending_date: DateMention | None = None
    for info in infos:
        f = info.folded
        if info.background or any(dm.precision == "year" for dm in info.dates):
            continue
        if any(d.kind == "background" for d in info.dates) and _explicit_date(info) is None:
            continue  # "since a January 5 report", "in October 2017": history
        if info.counted:
            counted = cues.COUNTED_EVENTS.search(f)
            count = _COUNT_WORDS.get(counted.group(1), 2)
            m = cues.CLAIMED.search(f)
            if m and not cues.UNCLAIMED.search(f):
                backward = counted.group(1) == "both" or _DEFINITE_BEFORE.search(
                    f[max(0, counted.start() - 8) : counted.start()]
                )
                if backward and drafts:
                    # "X claimed both attacks": the claim covers the last incidents reported.
                    for d in drafts[-count:]:
                        d.shared.append(info)
                    continue
                # "two major attacks claimed by jihadists": a claim that covers the next incidents.
                start = info.sent.start + counted.start()
                pending = [CLAIM_CLAIMED, start, info.sent.start + m.end(), count]
                if "by" in f[m.start() : m.end() + 4] or "par" in f[m.start() : m.end() + 5]:
                    pending[2] = _claim_by_end(info, m.end())
            elif _explicit_date(info) is not None:
                # "les deux opérations menées le vendredi 24 novembre": the date of what follows.
                pending_date = _explicit_date(info)
            continue
        places = _place_keys(info)
        if defer_summaries and _is_summary(info):
            if current is None:
                waiting.append(info)
            else:
                summaries.append((info, current))
            continue
        # A sentence naming places of two different incidents already reported sums them up.
        if len(places) >= 2 and drafts:
            holders = [d for d in drafts if places & _draft_places(d)]
            if len(holders) >= 2 and all(
                sum(k in _draft_places(d) for d in holders) == 1 for k in places
            ):
                for d in holders:
                    d.shared.append(info)
                continue
        # A sentence that only names the places of an earlier incident belongs to it.
        owner = None
        if places and current is not None and not places & _draft_places(current):
            owners = [d for d in drafts if places <= _draft_places(d)]
            owner = owners[-1] if owners else None
        if not info.trigger:
            if owner is not None:
                owner.sents.append(info)
            elif current is not None:
                current.sents.append(info)
                if current.date is None:
                    # The lead had no date; a following sentence dates it ("It was on Friday
                    # morning that we saw the dead").
                    current.date = _explicit_date(info)
            continue
        date = _explicit_date(info)
        if date is not None and date.kind == "anaphoric":
            date = _resolve_anaphoric(date, current.date.date_start if current and current.date
                                      else published)  # fmt: skip
        separate = bool(cues.NEW_INCIDENT.search(f))
        same_day = date is None or (current is not None and _same_date(date, current.date))
        if current is not None and same_day and not separate and places and owner is None:
            # Same day, but a new place and a different kind of attack ("simultaneously, mortar
            # fire on the camp of B" after a car bomb in A): a separate incident.
            kind, before = _sentence_kind(info), _draft_kind(current)
            # "Le même jour, une embuscade près de B": an indefinite new event elsewhere.
            other_kind = (kind and before and kind != before) or _INDEFINITE_EVENT.search(f)
            if other_kind and not places & _draft_places(current) and _draft_places(current):
                separate = True
                date = current.date
        reference = next((d for d in info.dates if d.kind == "reference"), None)
        if (
            date is None
            and reference is not None
            and not any(_same_date(x.date, reference) for x in drafts)
        ):
            # "Sunday's attack" naming no incident told yet: the day of this one.
            date, reference = reference, None
        target = None
        if current is None:
            target = None
        elif owner is not None and date is None:
            target = owner
        elif reference is not None:
            target = next((d for d in drafts if _same_date(d.date, reference)), current)
        elif date is None and not separate:
            target = current
        elif date is not None:
            if (
                current.date is None
                and not separate
                and not (current.report_date is not None and _INDEFINITE_EVENT.search(f))
            ):
                current.date = date  # the lead had no date; this sentence gives it
                target = current
            elif not separate and _refines(date, current.date):
                current.date = date  # "last week" … "on Thursday": the finer date of that event
                target = current
            elif not separate or date is not current.date:
                target = next((d for d in drafts if _same_date(d.date, date)), None)
                if target is None and separate is False and _same_date(current.date, date):
                    target = current
                if separate and target is not None and places - _draft_places(target):
                    target = None
        if target is not None:
            target.sents.append(info)
            current = target
            continue
        previous = current
        if date is None and pending_date is not None:
            date, pending_date = pending_date, None
        current = _Draft(sents=[info], date=date, anchor=info)
        if date is None:
            current.report_date = next((dm for dm in info.dates if dm.kind == "report"), None)
        summaries += [(w, current) for w in waiting]
        waiting = []
        if previous is not None and not places and _SAME_PLACE.search(f):
            current.inherited = [pm for s in previous.sents for pm in s.places] + list(
                previous.inherited
            )
        if pending and pending[3] > 0:
            current.pending_claim = (pending[0], pending[1], pending[2])
            pending[3] -= 1
        drafts.append(current)
    summaries += [(w, current) for w in waiting]
    return drafts, summaries


def _claim_by_end(info: _Sent, pos: int) -> int:
    m = re.match(r"\s*(?:(?:by|par)\s+)?(?:the\s+|des\s+|les\s+)?[\w'-]+", info.folded[pos:])
    return info.sent.start + pos + (m.end() if m else 0)


# --- building one incident -------------------------------------------------------------------


_ALL_NIGHT = re.compile(
    r"\b(?:all night(?: long)?|throughout the night|all through the night|toute la nuit|"
    r"durant toute la nuit|pendant toute la nuit)\b"
)
_MORNING = re.compile(r"\b(?:morning|dawn|daybreak|matin|matinee|aube)\b")


def _around(d: DateMention, folded: str) -> str:
    return folded[max(0, d.start - 12) : d.end + 12]


def _build(d: _Draft, text, folded, index: EngineIndex, story_cc, published) -> ProposedIncident:
    inc = ProposedIncident()
    ev: list[Evidence] = []
    ev_seen: set[tuple[str, int, int]] = set()  # the text follows from the span

    def evidence(fieldname: str, start: int, end: int) -> None:
        if (fieldname, start, end) not in ev_seen:
            ev_seen.add((fieldname, start, end))
            ev.append(Evidence(fieldname, start, end, text[start:end]))

    # Date
    if d.date is not None and d.date.date_start is not None:
        inc.date_start, inc.date_end, inc.date_precision = (
            d.date.date_start,
            d.date.date_end,
            d.date.precision,
        )
        evidence("date", d.date.start, d.date.end)
        if (
            d.date.precision == PRECISION_DAY
            and inc.date_start == inc.date_end
            and _MORNING.search(fold(d.date.text) + " " + _around(d.date, folded))
            and any(_ALL_NIGHT.search(s.folded) for s in d.sents)
        ):
            # "All night long we heard gunfire. It was on Friday morning that we saw the dead":
            # the attack began the evening before.
            inc.date_start = inc.date_start - datetime.timedelta(days=1)
    elif d.report_date is not None and d.report_date.date_start is not None:
        # No event date: by convention the day it was reported ("the army said Sunday").
        inc.date_start, inc.date_end = d.report_date.date_start, d.report_date.date_end
        inc.date_precision = d.report_date.precision
        evidence("date", d.report_date.start, d.report_date.end)
    elif published is not None:
        inc.date_start = inc.date_end = published
        inc.date_precision = PRECISION_DAY

    # Places
    seen: dict[int, ProposedLocation] = {}  # location id -> its entry
    units: dict[int, bool] = {}  # location id -> named only as an administrative unit
    unknown_seen: set[str] = set()
    locations: list[ProposedLocation] = []
    countries: dict[str, int] = {}
    anchor_cc = [cc for _s, _e, cc in d.anchor.countries]
    for info in d.sents:
        for pm in info.places + (d.inherited if info is d.anchor else []):
            p = pm.chosen
            if pm.unknown:
                if fold(pm.surface) not in unknown_seen:
                    unknown_seen.add(fold(pm.surface))
                    locations.append(ProposedLocation(pm.surface, None, None, None, pm.precision))
                    evidence("location", pm.start, pm.end)
                continue
            if p is None or p.kind == "country":
                if p is not None:
                    countries[p.country_code] = countries.get(p.country_code, 0) + 1
                continue
            if info is not d.anchor and not info.trigger and p.feature_code == "P.PPLC":
                continue  # a capital named outside the event sentences is usually context
            precision = GEO_REGION if p.kind == "admin1" else pm.precision
            if p.kind == "admin2":
                precision = max(precision, GEO_NEAR)
            units[p.id] = units.get(p.id, True) and pm.admin_unit
            if p.id in seen:
                if precision < seen[p.id].precision:
                    seen[p.id].precision = precision
                continue
            seen[p.id] = ProposedLocation(
                name=p.name,
                latitude=p.latitude,
                longitude=p.longitude,
                geonames_id=p.geonames_id,
                precision=precision,
                location_id=p.id,
                kind=p.kind,
                admin1=p.admin1_name,
            )
            locations.append(seen[p.id])
            countries[p.country_code] = countries.get(p.country_code, 0) + 3
            evidence("location", pm.start, pm.end)
    # A place whose town is also named drops its admin1/admin2 entry of the same region; a
    # town absent from the gazetteer is taken to lie in the region the story names with it.
    region_admin1 = next((loc.admin1 for loc in locations if loc.admin1), None)
    if any(not units.get(loc.location_id, False) for loc in locations):
        locations = [loc for loc in locations if not units.get(loc.location_id, False)]
    towns = [loc for loc in locations if loc.kind in ("place", "site")]
    unknown_towns = any(loc.location_id is None for loc in locations)
    if towns or unknown_towns:
        locations = [
            loc
            for loc in locations
            if loc.kind in ("place", "site")
            or (
                loc.location_id is not None
                and not unknown_towns
                and not any(t.admin1 == loc.admin1 for t in towns)
            )
        ]
    if not locations:
        for info in [d.anchor] + [s for s in d.sents if s is not d.anchor]:
            if info.vague:
                start, end, surface, cc = info.vague[0]
                cc = cc or (anchor_cc[0] if anchor_cc else story_cc)
                locations.append(ProposedLocation(surface, None, None, None, GEO_REGION))
                countries[cc] = countries.get(cc, 0) + 5
                evidence("location", start, end)
                break
    for cc in anchor_cc:
        countries[cc] = countries.get(cc, 0) + 2
    country = max(countries, key=countries.get) if countries else (story_cc or None)
    if locations:
        kept = []
        for loc in locations:
            p = index.places[loc.location_id] if loc.location_id is not None else None
            if p is None or p.country_code == country:
                kept.append(loc)
            elif p.feature_code == "P.PPL" and p.kind == "place":
                # A village whose only namesake lies across the border: the story's village is
                # missing from the gazetteer. Keep its name; its region comes from the story.
                kept.append(ProposedLocation(loc.name, None, None, None, loc.precision))
        locations = kept or locations
    inc.locations = locations
    inc.location_ids = [loc.location_id for loc in locations if loc.location_id is not None]
    inc.country = country
    inc.admin1 = next((loc.admin1 for loc in locations if loc.admin1), None)
    if inc.admin1 is None and any(loc.location_id is None for loc in locations):
        inc.admin1 = region_admin1

    # Actors, claims, fatalities, event type
    roles = _roles(d, text, folded, index, country, evidence)
    _drop_parents(roles, index)
    status = _claim(d, roles, evidence, index)
    if d.pending_claim and status == CLAIM_UNKNOWN:
        status = d.pending_claim[0]
        evidence("claim_status", d.pending_claim[1], d.pending_claim[2])
        if not roles[ROLE_PERPETRATOR]:
            gen = index.unidentified_by_country.get(country)
            if gen:
                roles[ROLE_PERPETRATOR].append(gen)
                evidence("perpetrator", d.pending_claim[1], d.pending_claim[2])
    named_perp = [a for a in roles[ROLE_PERPETRATOR] if not _is_generic(a, index)]
    named_claim = [a for a in roles[ROLE_CLAIMANT] if not _is_generic(a, index)]
    if named_claim:
        roles[ROLE_PERPETRATOR] = _dedupe(named_claim + named_perp)
    elif named_perp:
        roles[ROLE_PERPETRATOR] = named_perp
    named_elsewhere = any(_NAMED_UNKNOWN_GROUP.search(s.sent.text) for s in d.sents)
    if not roles[ROLE_PERPETRATOR] and roles[ROLE_TARGET] and not named_elsewhere:
        # Someone attacked these targets; unnamed attackers are the country's unidentified group
        # (not when the story names a group outside the actor list: "les rebelles du CSP").
        gen = index.unidentified_by_country.get(country)
        if gen is not None:
            roles[ROLE_PERPETRATOR].append(gen)
    # A perpetrator is never also its own target.
    roles[ROLE_TARGET] = [a for a in roles[ROLE_TARGET] if a not in roles[ROLE_PERPETRATOR]]
    roles[ROLE_SUSPECTED] = [a for a in roles[ROLE_SUSPECTED] if a not in roles[ROLE_PERPETRATOR]]
    inc.perpetrators = [a.name for a in roles[ROLE_PERPETRATOR]]
    inc.suspected = [a.name for a in roles[ROLE_SUSPECTED]]
    inc.claimants = [a.name for a in roles[ROLE_CLAIMANT] if not _is_generic(a, index)]
    inc.targets = [a.name for a in roles[ROLE_TARGET]]
    inc.actor_ids = {
        role: [a.id for a in actors if not (role == ROLE_CLAIMANT and _is_generic(a, index))]
        for role, actors in roles.items()
        if actors
    }
    inc.claim_status = status
    inc.claim_label = _claim_label(status, roles)
    inc.fatalities = _fatalities(
        d,
        evidence,
        state_perpetrator=any(a.actor_type == STATE_FORCES for a in roles[ROLE_PERPETRATOR]),
    )
    inc.event_type, inc.sub_event_type = _event_type(d, roles, index, evidence)
    inc.disorder_type = disorder_type_for(inc.event_type, inc.sub_event_type)
    inc.summary = d.anchor.sent.text
    inc.summary_span = (d.anchor.sent.start, d.anchor.sent.end)
    inc.sentence_spans = [(s.sent.start, s.sent.end) for s in d.sents]
    if inc.country:
        first_loc = next((e for e in ev if e.field == "location"), None)
        if first_loc:
            evidence("country", first_loc.start, first_loc.end)
    inc.evidence = ev
    return inc


def _drop_parents(roles: dict, index: EngineIndex) -> None:
    """A parent organisation named beside its branch ("JNIM, al-Qaeda's branch in Mali") is
    background: the branch acts (the actor table's affiliations say who belongs to whom)."""
    named = {a.id for actors in roles.values() for a in actors}
    parents: set[int] = set()
    for actor_id in named:
        parent = index.actors[actor_id].affiliation_id if actor_id in index.actors else None
        while parent is not None and parent not in parents:
            parents.add(parent)
            parent = index.actors[parent].affiliation_id if parent in index.actors else None
    for role in (ROLE_PERPETRATOR, ROLE_CLAIMANT, ROLE_SUSPECTED):
        roles[role] = [a for a in roles[role] if a.id not in parents]


def _dedupe(actors: list[ActorEntry]) -> list[ActorEntry]:
    out: list[ActorEntry] = []
    for a in actors:
        if a not in out:
            out.append(a)
    return out


def _is_generic(actor: ActorEntry, index: EngineIndex) -> bool:
    return actor in index.unidentified_by_country.values()


def _roles(d: _Draft, text: str, folded: str, index: EngineIndex, country: str, evidence) -> dict:
    roles: dict[str, list[ActorEntry]] = {
        ROLE_PERPETRATOR: [],
        ROLE_SUSPECTED: [],
        ROLE_CLAIMANT: [],
        ROLE_TARGET: [],
    }

    def add(role: str, actor: ActorEntry | None, start: int, end: int) -> None:
        if actor is None:
            return
        if actor not in roles[role]:
            roles[role].append(actor)
        evidence(role, start, end)

    military = index.military_by_country.get(country)
    police = index.police_by_country.get(country) or military
    civilians = index.civilians_by_country.get(country)
    unidentified = index.unidentified_by_country.get(country)
    for info in d.sents + d.shared:
        s0 = info.sent.start
        f = info.folded
        trig = info.trigger
        trig_pos = s0 + trig.start() if trig else None
        susp = cues.SUSPECTED.search(f)
        claim = cues.CLAIMED.search(f) if not cues.UNCLAIMED.search(f) else None
        attributed = cues.ATTRIBUTED.search(f)
        self_claim = cues.SELF_CLAIM.search(f)
        army_op = _ARMY_OP.search(f)
        if self_claim and _ARMY_SUBJECT.search(f[: self_claim.start()]):
            add(ROLE_CLAIMANT, military, s0 + self_claim.start(), s0 + self_claim.end())
        elif army_op and trig and _ARMY_SUBJECT.search(f[: army_op.start()]):
            # "l'armée a opéré des frappes de drones": the country's army strikes.
            m = list(_ARMY_SUBJECT_WORD.finditer(f[: army_op.start()]))[-1]
            add(ROLE_PERPETRATOR, military, s0 + m.start(), s0 + m.end())
        for start, end, actor in info.actors:
            before = folded[max(s0, start - 40) : start]
            after = folded[end : min(info.sent.end, end + 40)]
            if cues.AFFILIATION_BEFORE.search(before) or cues.AFFILIATION_AFTER.search(after):
                continue
            if _POSSESSIVE_OF_ACTOR.match(text[end : end + 5]):
                continue  # "al Qaeda's Group for…": the parent organisation, not a second actor
            if actor.actor_type == CIVILIANS and civilians is not None:
                actor = civilians  # "civilians" names the civilians of the incident's country
            if actor.actor_type in (STATE_FORCES, 8) and _RESPONSE_BEFORE.search(folded[s0:start]):
                continue  # "un ratissage par l'armée": the response, not the attack
            if actor.actor_type == 8 and _SUPPORT.search(f):
                continue  # foreign forces that sent helicopters or reinforcements
            if cues.SOURCE_AFTER.search(after) or cues.SOURCE_BEFORE.search(before):
                continue
            apposition = cues.VICTIM_APPOSITION.search(before)
            if actor.actor_type not in (STATE_FORCES, CIVILIANS) and (
                apposition
                or cues.COUNTED_BEFORE.search(before)
                or cues.PASSIVE_VICTIM_AFTER.match(after)
            ):
                # Counted among the dead ("dix civils, dont quatre VDP", "four VDP were
                # killed"): the group is a victim, not the attacker.
                if apposition and cues.CIVILIAN_TARGET.search(folded[max(s0, start - 80) : start]):
                    d.civilian_subset.add(actor.id)  # armed men counted as civilians
                add(ROLE_TARGET, actor, start, end)
                continue
            if susp and start >= s0 + susp.start() - 30:
                add(ROLE_SUSPECTED, actor, start, end)
                continue
            if attributed and start > s0 + attributed.start():
                add(ROLE_PERPETRATOR, actor, start, end)  # "the army blamed X"
                continue
            # The army claims its own strikes ("l'armée affirme avoir frappé"), not others' attacks.
            own_claim = self_claim and start < s0 + self_claim.start()
            by = re.search(
                r"\b(?:by|par)\s+(?:the\s+|les?\s+|la\s+|l'|des\s+)?(?:(?:fighters|members|"
                r"militants|elements|men|combattants|membres|elements|hommes|jihadistes|"
                r"djihadistes|terroristes)\s+(?:of\s+|du\s+|de\s+la\s+|de\s+l'|des\s+|de\s+|d')"
                # a name in quotes: 'revendiquée par le « Groupe de soutien… »'
                r"(?:the\s+)?)?(?:\"\s*)?$",
                before,
            )
            if claim and (actor.actor_type != STATE_FORCES or own_claim):
                cpos = s0 + claim.start()
                # "X claimed…", "claimed by X", "ont été revendiquées par X" (the passive's
                # "par" may follow the matched cue: "a été revendiquée par le groupe jihadiste X").
                passive = "by" in claim.group(0) or "par" in claim.group(0)
                passive = passive or bool(_BY_AFTER.match(f, claim.end()))
                if start < cpos or passive or by:
                    add(ROLE_CLAIMANT, actor, start, end)
                    continue
            if trig_pos is None:
                continue
            if actor.actor_type == STATE_FORCES:
                # In these reports the army is the usual victim; it acts in its own operations.
                if by or (start < trig_pos and army_op):
                    add(ROLE_PERPETRATOR, actor, start, end)
                else:
                    add(ROLE_TARGET, actor, start, end)
            elif actor.actor_type == CIVILIANS:
                add(ROLE_TARGET, actor, start, end)
            elif start < trig_pos or by:
                add(ROLE_PERPETRATOR, actor, start, end)
            elif army_op or actor.actor_type == 8:
                add(ROLE_TARGET, actor, start, end)
        if not trig:
            continue
        for m in cues.GENERIC_PERPETRATOR.finditer(f):
            start = s0 + m.start()
            after = f[m.end() : m.end() + 30]
            if cues.SOURCE_AFTER.search(after):
                continue
            if susp and susp.start() < m.start():
                continue  # "bore the hallmarks of jihadists": a suspicion, not the perpetrator
            if re.search(r"\b(?:killed|kill|tue|tues|neutralised|neutralized|neutralise)\s*"
                         r"(?:\w+\s+){0,3}$", f[: m.start()]):  # fmt: skip
                continue  # "killed 20 terrorists": the attackers are the victims here
            add(ROLE_PERPETRATOR, unidentified, start, s0 + m.end())
        for pattern, actor in (
            (cues.MILITARY_TARGET, military),
            (cues.POLICE_TARGET, police),
            (cues.CIVILIAN_TARGET, civilians),
        ):
            for m in pattern.finditer(f):
                start = s0 + m.start()
                if start < trig_pos and not re.search(
                    r"\b(?:were|was|have been|has been|ont ete|a ete|sont|est)\s+(?:\w+\s+)?"
                    r"(?:killed|attacked|targeted|abducted|kidnapped|executed|tuee?s?|attaquee?s?|"
                    r"visee?s?|ciblee?s?|enlevee?s?|kidnappee?s?|executee?s?)",
                    f[m.end() : m.end() + 40]
                ):  # fmt: skip
                    continue
                if cues.SOURCE_AFTER.search(f[m.end() : m.end() + 30]):
                    continue
                span_start = min(start, trig_pos) if start - trig_pos < 40 else start
                add(ROLE_TARGET, actor, span_start, s0 + m.end())
                break
    return roles


def _claim(d: _Draft, roles: dict, evidence, index: EngineIndex) -> str:
    status = CLAIM_UNKNOWN
    found: dict[str, tuple[int, int]] = {}
    named = [a for a in roles[ROLE_PERPETRATOR] if not _is_generic(a, index)]
    for info in d.sents + d.shared:
        f, s0 = info.folded, info.sent.start
        # Only a named group makes an attribution ("blamed on jihadists" names nobody); a
        # group named as the attacker on the word of an authority or the UN is attributed too.
        if CLAIM_ATTRIBUTED not in found and any(a in named for _s, _e, a in info.actors):
            m = cues.ATTRIBUTED.search(f) or cues.AUTHORITY_SOURCE.search(f)
            if m:
                found[CLAIM_ATTRIBUTED] = (s0 + m.start(), s0 + m.end())
        m = cues.DISPUTE.search(f)
        if m and "dispute" not in found:
            found["dispute"] = (s0 + m.start(), s0 + m.end())
        for name, pattern in (
            (CLAIM_UNCLAIMED, cues.UNCLAIMED),
            (CLAIM_CLAIMED, cues.CLAIMED),
            (CLAIM_DISPUTED, cues.DENIED),
            ("suspected", cues.SUSPECTED),
        ):
            m = pattern.search(f)
            if m and name not in found:
                if name == CLAIM_CLAIMED and cues.UNCLAIMED.search(f):
                    continue
                found[name] = (s0 + m.start(), s0 + m.end())
    rivals = [a for a in roles[ROLE_CLAIMANT] if a.actor_type != STATE_FORCES]
    if CLAIM_CLAIMED in found and (CLAIM_DISPUTED in found or len(rivals) > 1):
        status = CLAIM_DISPUTED
    elif "dispute" in found and (CLAIM_CLAIMED in found or CLAIM_ATTRIBUTED in found):
        status = CLAIM_DISPUTED
        found[CLAIM_DISPUTED] = found["dispute"]
    elif CLAIM_UNCLAIMED in found:
        status = CLAIM_UNCLAIMED
    elif CLAIM_CLAIMED in found:
        status = CLAIM_CLAIMED
    elif CLAIM_ATTRIBUTED in found:
        status = CLAIM_ATTRIBUTED
    if status != CLAIM_UNKNOWN:
        key = status if status in found else CLAIM_CLAIMED
        evidence("claim_status", *found[key])
    return status


def _claim_label(status: str, roles: dict) -> str:
    return claims.short_claim_text(
        status,
        [a.short_name or a.name for a in roles[ROLE_CLAIMANT]],
        [a.short_name or a.name for a in roles[ROLE_SUSPECTED]],
    )


def _number(raw: str) -> tuple[int | None, str]:
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


def _fatality_of(value: int, kind: str, qual: str | None) -> Fatalities:
    if kind == "atleast" or qual in ("at least", "au moins", "a least", "more than", "over",
                                     "plus de"):  # fmt: skip
        return Fatalities(value, value, None)
    if kind == "approx" or qual in ("some", "about", "around", "nearly", "almost", "roughly",
                                    "approximately", "pres de", "environ", "quelque"):  # fmt: skip
        return Fatalities(None, value, None)
    if qual in ("up to", "jusqu'a"):
        return Fatalities(None, value, value)
    return Fatalities(value, value, value)


def _fatalities(d: _Draft, evidence, *, state_perpetrator: bool = False) -> Fatalities:
    """The victims' toll. Attackers killed or "neutralised" by the army are left out, unless the
    army is the perpetrator: then those it "neutralised" are the victims of its operation."""
    best: tuple[int, Fatalities, int, int] | None = None
    claimed: tuple[int, Fatalities, int, int] | None = None
    no_toll: tuple[int, int] | None = None
    f = ""

    def consider(value: int, fat: Fatalities, start: int, end: int, attackers: bool) -> None:
        nonlocal best, claimed
        if attackers and not state_perpetrator:
            return
        if _CLAIMED_COUNT.search(_clause_before(f, end - s0)):
            # The perpetrator's own figure ("the group said it killed 9"): the claimed toll,
            # kept apart from the count of officials or independent sources.
            if claimed is None or value > claimed[0]:
                claimed = (value, fat, start, end)
            return
        if best is None or value > best[0]:
            best = (value, fat, start, end)

    for info in d.sents:
        s0 = info.sent.start
        # "Dix civils, dont quatre VDP, ont été tués": the apposition is part of the count.
        f = _APPOSITION.sub(lambda m: " " * len(m.group()), info.folded)
        nt = cues.NO_TOLL.search(f)
        if nt and no_toll is None:
            no_toll = (s0 + nt.start(), s0 + nt.end())
        found: list[tuple[re.Match, str | None]] = []
        for m in _FAT_BEFORE.finditer(f):
            rest = m.group("rest")
            if _NOT_PEOPLE.match(rest):
                continue
            if re.match(rf"\s*(?:\w+\s+){{0,2}}{cues.WOUNDED_WORD}", rest):
                continue
            head = f[m.start() : m.start("qual") if m.group("qual") else m.start("num")]
            if re.match(r"(fait|faisant|left|leaving)\b", head) and not re.search(
                cues.DEATH_WORD, rest[:30]
            ):
                continue
            found.append((m, m.group("qual")))
        # The patterns that end on a death word run only where there is one (speed).
        deaths = _DEATH_RE.search(f) is not None
        for m in _FAT_AFTER.finditer(f) if deaths else ():
            between = f[m.end("num") : m.end()]
            if re.search(cues.WOUNDED_WORD, between) or _NOT_PEOPLE.match(between):
                continue
            # A "killed N" match ends at its count: what follows may hold a second toll.
            if any(m.start() < _count_end(o) and o.start() < m.end() for o, _q in found):
                continue
            found.append((m, m.group("qual")))
        for m, qual in found:
            value, kind = _number(m.group("num"))
            if not value or _PROJECTION.search(f[max(0, m.start() - 40) : m.start("num")]):
                continue
            fat = _fatality_of(value, kind, qual)
            end = m.end()
            noun = f[m.end("num") : m.end()]
            if m.groupdict().get("rest") is not None:
                rest = re.match(r"\s+[a-z]+", m.group("rest"))
                end = m.end("num") + (rest.end() if rest else 0)
                noun = m.group("rest")[:30]
            attackers = bool(
                _ATTACKER_NOUN.match(noun) or _ATTACKER_SIDE.match(f[m.end() : m.end() + 40])
            ) or _attackers_by_context(f, m, noun)
            consider(value, fat, s0 + m.start(), s0 + end, attackers)
        neutralised = "neutrali" in f
        for m in (m for p in _NEUTRALISED if neutralised for m in p.finditer(f)):
            value, kind = _number(m.group("num"))
            if value:
                fat = _fatality_of(value, kind, m.group("qual"))
                consider(value, fat, s0 + m.start(), s0 + m.end(), True)
        for m in _FAT_SUM.finditer(f) if deaths and (" and " in f or " et " in f) else ():
            first, kind = _number(m.group("num"))
            second = _MORE_NUMBERS.get(m.group("num2") or "", 1) if not (
                (m.group("num2") or "").isdigit()) else int(m.group("num2"))  # fmt: skip
            if first and not re.search(cues.WOUNDED_WORD, m.group(0)):
                total = first + second
                consider(total, _fatality_of(total, kind, m.group("qual")), s0 + m.start(),
                         s0 + m.end(), bool(_ATTACKER_NOUN.search(m.group(0))))  # fmt: skip
        for m in _FAT_ONE.finditer(f) if deaths else ():
            consider(1, Fatalities(1, 1, 1), s0 + m.start(), s0 + m.end(), False)
        for m in _BETWEEN.finditer(f):
            a, b = int(m.group("a")), int(m.group("b"))
            consider(b, Fatalities(a, a, b), s0 + m.start(), s0 + m.end(), False)
    if best is not None:
        evidence("fatalities", best[2], best[3])
        fat = best[1]
        if claimed is not None and claimed[0] > max(fat.high or 0, fat.best or 0):
            # Competing figures: the official best estimate, the claim as the upper bound.
            fat = Fatalities(fat.low, fat.best, claimed[0])
        return fat
    if claimed is not None:
        evidence("fatalities", claimed[2], claimed[3])
        return claimed[1]
    if no_toll is not None:
        evidence("fatalities", *no_toll)
    return Fatalities()


_DEATH_RE = re.compile(r"\b" + cues.DEATH_WORD)
_APPOSITION = re.compile(
    r",\s*(?:dont|including|among them|parmi (?:eux|elles|lesquels|lesquelles)|notamment)"
    r"\b[^,.;]{1,50},"
)
# A count in the perpetrator's claim: "JNIM said it killed", "affirme avoir tué", "in its claim".
_CLAIMED_COUNT = re.compile(
    cues.SELF_CLAIM_BODY + r"|\b(?:claim\w*|revendi\w*|saying (?:it|they)|disant avoir|"
    r"affirmant avoir|(?:selon|according to) (?:le|la|les|the) (?:groupe?|jihadist\w*|"
    r"djihadist\w*|terroris\w*|militants|assaillants|attackers))\b"
)
_CLAUSE_BREAK = re.compile(
    r"[.;]|\b(?:while|whereas|but|although|however|tandis que|alors que|mais|cependant|"
    r"toutefois|quant a)\b"
)


def _count_end(m: re.Match) -> int:
    return m.end("num") if m.groupdict().get("rest") is not None else m.end()


def _clause_before(f: str, pos: int) -> str:
    """The clause a count at ``pos`` belongs to, up to it (at most 100 characters)."""
    head = f[max(0, pos - 100) : pos]
    breaks = list(_CLAUSE_BREAK.finditer(head))
    return head[breaks[-1].end() :] if breaks else head


def _attackers_by_context(f: str, m: re.Match, noun: str) -> bool:
    """A count whose people the sentence names before it: "the army repelled the attack,
    killing 30", "Among the assailants, 30 were killed"."""
    head = f[: m.start()]
    if _REPELLED.search(head):
        return not _VICTIM_NOUN.search(noun[:25])
    if _BARE_COUNT.match(noun) or _BARE_COUNT.match(f[m.end("num") : m.end("num") + 30]):
        named = [a.end() for a in re.finditer(_ATTACKERS, head)]
        return bool(named) and not _VICTIM_NOUN.search(head[named[-1] :])
    return False


_ATTACKERS = (
    r"(?:terrorists?|jihadists?|militants?|assailants?|attackers?|insurgents?|gunmen|fighters|"
    r"terroristes|jihadistes|djihadistes|assaillants|individus armes|hommes armes|combattants|"
    r"ennemis?|enemy|assailants)"
)
# The counted people are the attackers: "20 terrorists", "une vingtaine d'individus armés".
_ATTACKER_NOUN = re.compile(
    r"^\s*(?:[a-z]+\s+){0,2}?(?:d'|de\s+|des\s+)?(?:[a-z]+\s+)?" + _ATTACKERS + r"\b"
)
# "five dead on the attackers' side", "cinq morts côté assaillants", "among the assailants".
_ATTACKER_SIDE = re.compile(
    r"^\s*(?:on|among|in|du|de|dans|parmi|cote|du cote)\s+(?:the\s+|les\s+|le\s+|des\s+)?"
    r"(?:side of the\s+|rangs des\s+|cote des\s+)?" + _ATTACKERS
)
_NEUTRALISED = [
    re.compile(
        rf"\b{_QUAL}{_NUM}\s+(?:d'|de\s+)?(?:[\w'«»\"]+\s+){{0,4}}?[«»\"\s]*neutrali[sz]\w*"
    ),
    re.compile(rf"\bneutrali[sz]\w*\s+{_QUAL}{_NUM}\b"),
]
_NUM2 = (
    r"(?P<num2>\d+|a|an|one|un|une|" + "|".join(sorted(_MORE_NUMBERS, key=len, reverse=True)) + ")"
)
# "Seven Malian soldiers and a civilian driver were killed": one toll in two parts.
_FAT_SUM = re.compile(
    rf"\b{_QUAL}{_NUM}\s+(?:[a-z'-]+\s+){{1,3}}?(?:and|et)\s+{_NUM2}\s+(?:[a-z'-]+\s+){{1,3}}?"
    r"(?:were\s+|have been\s+|had been\s+|ont ete\s+|sont\s+)?" + cues.DEATH_WORD + r"\b"
)
_PERSON = (
    r"(?:soldier|civilian|policeman|police officer|gendarme|villager|child|woman|man|driver|"
    r"peacekeeper|soldat|militaire|civil|villageois|policier|enfant|femme|homme|casque bleu)"
)
# "a French soldier died": a single victim.
_FAT_ONE = re.compile(
    rf"\b(?:a|an|one|un|une)\s+(?:[a-z-]+\s+){{0,2}}?{_PERSON}\s+"
    r"(?:was\s+|has been\s+|a ete\s+|est\s+)?(?:killed|died|dead|tue|mort|decede|abattu)\b"
)


_EVENT_RULES: list[tuple[re.Pattern[str], str, str]] = [
    (re.compile(r"\b(abduct\w*|kidnap\w*|taken hostage|hostages?|enleve\w*|enlevement\w*|"
                r"rapt|otages?|kidnapp\w*)\b"), VIOLENCE_AGAINST_CIVILIANS,
     "Abduction/forced disappearance"),
    (re.compile(r"\b(rape[sd]?|sexual violence|viols?|violees?)\b"), VIOLENCE_AGAINST_CIVILIANS,
     "Sexual violence"),
    (re.compile(r"\b(suicide (?:bomb\w*|attack\w*|car)|kamikazes?|attentat-suicide|"
                r"attentat suicide|vehicule piege)\b"), EXPLOSIONS, "Suicide bomb"),
    (re.compile(r"\b(ied|ieds|improvised explosive|roadside bomb|landmines?|land mines?|"
                r"explosive device|mine|engins? explosifs?|eei|mines? artisanales?|"
                r"sauter sur une mine)\b"), EXPLOSIONS, "Remote explosive/landmine/IED"),
    (re.compile(r"\b(air ?strikes?|drone strikes?|drones?|airstrikes?|frappes? aeriennes?|"
                r"frappes? de drones?|bombardements? aeriens?|aircraft|helicopter)\b"),
     EXPLOSIONS, "Air/drone strike"),
    (re.compile(r"\b(shell(?:ing|ed|s)|mortars?|rockets?|artillery|obus|tirs? de mortiers?|"
                r"roquettes?)\b"), EXPLOSIONS, "Shelling/artillery/missile attack"),
    (re.compile(r"\b(grenades?)\b"), EXPLOSIONS, "Grenade"),
    (re.compile(r"\b(riot\w*|emeutes?|mob|lynch\w*)\b"), RIOTS, "Mob violence"),
    (re.compile(r"\b(protest\w*|demonstrat\w*|manifest\w*|sit-in|marche pacifique)\b"), PROTESTS,
     "Peaceful protest"),
]  # fmt: skip
_TAKEOVER = re.compile(
    r"\b(took control of|seized control|overran|captured the town|pris le controle|"
    r"s'est empare|se sont empares)\b"
)
_ARMY_OP = re.compile(
    r"\b(air ?strikes?|drone strikes?|frappes?|neutralis\w*|neutraliz\w*|bombard\w*|"
    r"(?:killed|kill|tue|tues|abattu)\s+(?:\w+\s+){0,3}(?:terrorists|jihadists|militants|"
    r"terroristes|jihadistes|djihadistes|assaillants))\b"
)
# "l'armée assure avoir détruit…", "the military says it struck…": the country's army.
_ARMY_SUBJECT_WORD = re.compile(
    r"\b(?:l'armee|the army|the military|l'etat-major|les fama|the armed forces|"
    r"les forces armees)\b"
)
_ARMY_SUBJECT = re.compile(_ARMY_SUBJECT_WORD.pattern + r"\s*(?:\w+\s*){0,4}$")
_BY_AFTER = re.compile(r"\s+(?:by|par)\b")
# "al Qaeda's Group for Support of Islam and Muslims": an actor owning the next one.
_POSSESSIVE_OF_ACTOR = re.compile(r"^['’]s\s+[A-Z]")
# The army answering an attack (a sweep, a search, reinforcements) is not its perpetrator.
_RESPONSE_BEFORE = re.compile(
    r"\b(?:ratissage|recherches?|riposte|renforts?|traque|poursuite|sweep|search(?:es)?|"
    r"manhunt|reinforcements?|pursuit|counter-?attack|contre-attaque|repousse\w*|repelled|"
    r"fought back)\b[^.;]*$"
)
_SUPPORT = re.compile(
    r"\b(?:sent|dispatched|deployed|provided|support(?:ed|ing)?|backed|backing|assist\w*|"
    r"air support|reinforcements?|helicopters?|evacuat\w*|envoye\w*|depeche\w*|deploye\w*|"
    r"appui\w*|soutien|renforts?|helicopteres?|evacu\w*|aide)\b"
)
_CLASH = re.compile(r"\b(clash\w*|fighting|battle|affrontements?|combats?|accroch\w*)\b")
_LOOT = re.compile(r"\b(loot\w*|torched|burn(?:ed|t)|pill\w*|incendi\w*)\b")
_KILLING = re.compile(r"\b(kill\w*|tue\w*|massacre\w*|execut\w*|shot dead|abattu\w*)\b")


def _event_type(d: _Draft, roles: dict, index: EngineIndex, evidence) -> tuple[str, str]:
    ordered = [d.anchor] + [s for s in d.sents if s is not d.anchor and s.trigger]
    targets = roles[ROLE_TARGET]
    armed_target = any(
        a.actor_type not in (CIVILIANS,) and a.id not in d.civilian_subset for a in targets
    )
    # The incident's own sentences decide, the lead first: "the army says it destroyed
    # terrorist targets" is told as a drone strike two sentences later.
    for position, info in enumerate(ordered):
        for pattern, etype, sub in _EVENT_RULES if position == 0 else _EVENT_RULES[:7]:
            m = pattern.search(info.folded)
            if m:
                if etype == PROTESTS and armed_target:
                    continue
                if sub.startswith("Abduction") and armed_target:
                    # An ambush on soldiers in which people are taken: a clash, unless the
                    # abduction is all that happened.
                    continue
                evidence("event_type", info.sent.start + m.start(), info.sent.start + m.end())
                return etype, sub
    anchor = d.anchor
    trig = anchor.trigger
    if trig:
        evidence("event_type", anchor.sent.start + trig.start(), anchor.sent.start + trig.end())
    if _TAKEOVER.search(anchor.folded):
        perp_state = any(a.actor_type == STATE_FORCES for a in roles[ROLE_PERPETRATOR])
        return BATTLES, (
            "Government regains territory" if perp_state else "Non-state actor overtakes territory"
        )
    if armed_target or any(_CLASH.search(s.folded) for s in ordered):
        return BATTLES, "Armed clash"
    if targets:
        return VIOLENCE_AGAINST_CIVILIANS, "Attack"
    if _LOOT.search(anchor.folded) and not _KILLING.search(anchor.folded):
        return STRATEGIC_DEVELOPMENTS, "Looting/property destruction"
    for info in ordered[1:]:
        for pattern, etype, sub in _EVENT_RULES[:7]:
            if pattern.search(info.folded):
                return etype, sub
    return BATTLES, "Armed clash"
