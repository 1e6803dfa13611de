"""Field resolution, places: the incident's locations, its country and its admin1 region, from the
place mentions of its sentences (each already resolved to one gazetteer entry)."""

from __future__ import annotations

from ..index import EngineIndex
from ..normalize import fold
from ..taxonomy import GEO_NEAR, GEO_REGION
from ..types import ProposedIncident, ProposedLocation
from .document import Document, EvidenceLog, IncidentDraft


def resolve_locations(
    inc: ProposedIncident,
    d: IncidentDraft,
    doc: Document,
    index: EngineIndex,
    evidence: EvidenceLog,
) -> None:
    """Set ``locations``, ``location_ids``, ``country`` and ``admin1`` (the places decision)."""
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
            # "le village de X, dans la région de Douentza": a region phrase read as a town (the
            # gazetteer has no such region) only gives the village's context, as a cercle does.
            unit = pm.admin_unit or (pm.region and p.kind in ("place", "site"))
            units[p.id] = units.get(p.id, True) and unit
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
                cc = cc or (anchor_cc[0] if anchor_cc else doc.story_country)
                locations.append(ProposedLocation(surface, None, None, None, GEO_REGION))
                countries[cc] = countries.get(cc, 0) + 5
                evidence("location", start, end)
                break
    for cc in anchor_cc:
        countries[cc] = countries.get(cc, 0) + 2
    country = max(countries, key=countries.get) if countries else (doc.story_country or None)
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
