from __future__ import annotations

import re

from .. import cues
from ..dates import find_dates
from ..index import ACTOR, PLACE
from ..lexicon.common import _COUNTRY_RE, _NOT_A_PLACE_NAME, COUNTRY_WORDS
from ..normalize import fold
from ..taxonomy import (
    GEO_NEAR,
)
from .document import PlaceMention, SentenceMentions
from .places import (
    _ADMIN_UNIT_AFTER,
    _ADMIN_UNIT_BEFORE,
    _LONGER_NAME_BEFORE,
    _NEAR_BEFORE,
    _REGION_NAME,
    find_unknown_places,
    is_context_place,
)


def analyse_sentence(s, text, folded, matches, index, published, language, signature_from, lines):
    f = folded[s.start : s.end]
    info = SentenceMentions(sent=s, folded=f)
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
        pm = PlaceMention(start, end, surface, places)
        if is_context_place(
            text, folded, s, info, start, end, before, after, signature_from, lines
        ):
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
            pm = PlaceMention(first, end, surface, index.fuzzy_places(surface))
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
    find_unknown_places(info, text, folded, index)
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
