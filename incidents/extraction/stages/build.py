from __future__ import annotations

import datetime
import re

from ..dates import DateMention
from ..index import EngineIndex
from ..normalize import fold
from ..taxonomy import (
    CLAIM_UNKNOWN,
    GEO_NEAR,
    GEO_REGION,
    PRECISION_DAY,
    ROLE_CLAIMANT,
    ROLE_PERPETRATOR,
    ROLE_SUSPECTED,
    ROLE_TARGET,
    STATE_FORCES,
    disorder_type_for,
)
from ..types import (
    Evidence,
    ProposedIncident,
    ProposedLocation,
)
from .actors import _NAMED_UNKNOWN_GROUP, actor_roles, dedupe, drop_parents, is_generic
from .claim import claim_label, claim_status
from .document import IncidentDraft
from .event_type import resolve_event_type
from .fatalities import resolve_fatalities

# --- building one incident -------------------------------------------------------------------


_ALL_NIGHT = re.compile(
    r"\b(?:all night(?: long)?|throughout the night|all through the night|toute la nuit|"
    r"durant toute la nuit|pendant toute la nuit)\b"
)
_MORNING = re.compile(r"\b(?:morning|dawn|daybreak|matin|matinee|aube)\b")


def _around(d: DateMention, folded: str) -> str:
    return folded[max(0, d.start - 12) : d.end + 12]


def build_incident(
    d: IncidentDraft, text, folded, index: EngineIndex, story_cc, published
) -> ProposedIncident:
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
    roles = actor_roles(d, text, folded, index, country, evidence)
    drop_parents(roles, index)
    status = claim_status(d, roles, evidence, index)
    if d.pending_claim and status == CLAIM_UNKNOWN:
        status = d.pending_claim[0]
        evidence("claim_status", d.pending_claim[1], d.pending_claim[2])
        if not roles[ROLE_PERPETRATOR]:
            gen = index.unidentified_by_country.get(country)
            if gen:
                roles[ROLE_PERPETRATOR].append(gen)
                evidence("perpetrator", d.pending_claim[1], d.pending_claim[2])
    named_perp = [a for a in roles[ROLE_PERPETRATOR] if not is_generic(a, index)]
    named_claim = [a for a in roles[ROLE_CLAIMANT] if not is_generic(a, index)]
    if named_claim:
        roles[ROLE_PERPETRATOR] = dedupe(named_claim + named_perp)
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
    inc.claimants = [a.name for a in roles[ROLE_CLAIMANT] if not is_generic(a, index)]
    inc.targets = [a.name for a in roles[ROLE_TARGET]]
    inc.actor_ids = {
        role: [a.id for a in actors if not (role == ROLE_CLAIMANT and is_generic(a, index))]
        for role, actors in roles.items()
        if actors
    }
    inc.claim_status = status
    inc.claim_label = claim_label(status, roles)
    inc.fatalities = resolve_fatalities(
        d,
        evidence,
        state_perpetrator=any(a.actor_type == STATE_FORCES for a in roles[ROLE_PERPETRATOR]),
    )
    inc.event_type, inc.sub_event_type = resolve_event_type(d, roles, index, evidence)
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
