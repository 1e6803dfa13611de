"""Field resolution, places: one gazetteer entry per place mention (homonyms are told apart by the
story's country, its regions and the proximity of the other places); the story's country."""

from __future__ import annotations

import math

from ..index import EngineIndex
from ..normalize import fold
from ..proximity import Anchors
from ..types import (
    PlaceEntry,
)
from .document import PlaceMention, SentenceMentions

_FEATURE_RANK = {
    "P.PPLC": 7, "P.PPLA": 6, "P.PPLA2": 5, "P.PPLA3": 4, "P.PPLA4": 3, "P.PPL": 3,
    "P.PPLX": 2, "P.PPLL": 2, "P.PPLQ": 0, "P.PPLH": 0, "P.PPLW": 0,
    "A.ADM1": 3, "A.ADM2": 2, "A.ADM3": 1,
    "S.AIRP": 1, "S.MLTY": 1, "S.CMP": 1, "S.INSM": 1,
}  # fmt: skip


def story_country(infos: list[SentenceMentions]) -> str:
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


def resolve_places(infos: list[SentenceMentions], index: EngineIndex, story_cc: str) -> None:
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
                choose_place(pm, index, story_cc, admin1_votes, anchors, near_regions)
            if pm.fuzzy and pm.chosen is not None and _far_namesake(pm, story_cc, anchors):
                # A spelling variant far from the story (across the border, another region):
                # the village is missing from the gazetteer; keep its name as written.
                pm.chosen, pm.candidates, pm.unknown = None, [], True


def _far_namesake(pm: PlaceMention, story_cc: str, anchors: Anchors) -> bool:
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


def choose_place(pm, index, story_cc, admin1_votes, anchors, near_regions) -> None:
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
