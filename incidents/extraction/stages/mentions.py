"""Stage 2, mentions: in each sentence, the places (gazetteer matches and names it lacks), the
actors (actor-table matches), the countries, the vague regions ("the centre of the country") and
the dates; then what the whole story says about them (photo captions, person names)."""

from __future__ import annotations

import re
from bisect import bisect_left

from .. import cues
from ..dates import find_dates
from ..index import ACTOR, PLACE, EngineIndex
from ..lexicon.common import COUNTRY_RE, COUNTRY_WORDS, NOT_A_PLACE_NAME
from ..normalize import fold
from ..sentences import Sentence
from ..taxonomy import (
    GEO_NEAR,
)
from .document import Document, PlaceMention, SentenceMentions
from .header import is_caption, is_headline
from .places import (
    ADMIN_UNIT_AFTER,
    ADMIN_UNIT_BEFORE,
    LONGER_NAME_BEFORE,
    NEAR_BEFORE,
    REGION_NAME,
    context_reason,
    find_unknown_places,
    is_person_name,
)


def find_mentions(doc: Document, sentences: list[Sentence], index: EngineIndex) -> None:
    """Fill ``doc.sentences`` with each sentence's mentions."""
    text, folded, lines = doc.text, doc.folded, doc.lines
    matches = index.scan(text, folded) if index.key_count else []
    match_starts = [start for start, _end, _payload in matches]
    infos = [
        analyse_sentence(
            s,
            text,
            folded,
            # Only the matches that start inside the sentence (they are sorted by start).
            matches[bisect_left(match_starts, s.start) : bisect_left(match_starts, s.end)],
            index,
            doc.published,
            doc.language,
            doc.signature_from,
            lines,
        )
        for s in sentences
    ]
    if infos and is_headline(infos[0].sent, text):
        infos[0].headline = True
    for info in infos[1:]:
        if is_caption(info.sent, text, lines, dated=bool(info.dates)):
            # A photo caption shows a scene elsewhere ("soldiers … near the town of Diffa").
            info.background = True
            for pm in info.places:
                pm.rule_context = "caption"
            info.context_places += info.places
            info.places = []
    # One sense per story: a name once written as a person's ("Ibrahim Traoré") is that person
    # in its other mentions too ("Traoré claimed…").
    persons = {
        fold(pm.surface)
        for info in infos
        for pm in info.context_places
        if is_person_name(text, info.sent, pm.start, pm.end)
    }
    if persons:
        for info in infos:
            named = [pm for pm in info.places if fold(pm.surface) in persons]
            info.places = [pm for pm in info.places if pm not in named]
            for pm in named:
                pm.rule_context = "person_elsewhere"
            info.context_places += named
    doc.sentences = infos


def analyse_sentence(s, text, folded, matches, index, published, language, signature_from, lines):
    f = folded[s.start : s.end]
    info = SentenceMentions(sent=s, folded=f)
    info.trigger = cues.TRIGGER.search(f)
    info.background = bool(cues.BACKGROUND.search(f))
    info.counted = bool(cues.COUNTED_EVENTS.search(f))
    info.dates = find_dates(s.text, f, s.start, published, language)
    for m in COUNTRY_RE.finditer(f):
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
            and bool(REGION_NAME.match(folded[start:end]))
        )
        if not places or not (surface[:1].isupper() or region_name):
            continue
        before = folded[max(s.start, start - 60) : start]
        after = folded[end : min(s.end, end + 20)]
        pm = PlaceMention(start, end, surface, places)
        pm.rule_context = context_reason(
            text, folded, s, info, start, end, before, after, signature_from, lines
        )
        if pm.rule_context:
            info.context_places.append(pm)
            continue
        longer = (
            LONGER_NAME_BEFORE.search(text[max(s.start, start - 40) : start])
            if info.trigger and text[start - 2 : start - 1].islower()
            else None
        )
        if (
            longer
            and fold(longer.group("word")) not in NOT_A_PLACE_NAME
            and fold(longer.group("word")) not in COUNTRY_WORDS
        ):
            # "at Baley Beri": the gazetteer knows only "Beri"; the place is the whole name.
            first = max(s.start, start - 40) + longer.start("word")
            surface = text[first:end]
            pm = PlaceMention(first, end, surface, index.fuzzy_places(surface))
            pm.unknown = not pm.candidates
            pm.fuzzy = bool(pm.candidates)
        if NEAR_BEFORE.search(before):
            pm.precision = GEO_NEAR
        if (
            region_name
            or cues.REGION_WORD_BEFORE.search(before)
            or cues.REGION_WORD_AFTER.search(after)
        ):
            pm.region = True
        elif cues.TOWN_WORD_BEFORE.search(before):
            pm.town = True
        pm.admin_unit = bool(ADMIN_UNIT_BEFORE.search(before) or ADMIN_UNIT_AFTER.match(after))
        info.places.append(pm)
    find_unknown_places(info, text, folded, index)
    for m in cues.VAGUE_REGION.finditer(f):
        what = m.group("what").strip()
        cc = None
        if re.fullmatch(r"(?:the |le |la |l')?(?:country|pays)", what):
            cc = ""
        else:
            cm = COUNTRY_RE.match(what)
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
