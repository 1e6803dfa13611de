"""Field resolution: one incident draft (its sentences and their mentions) -> a ProposedIncident.

The fields are decided in this order, each by its stage: the event date (``event_date``), the
places (``locations``), the actors and their roles with the claim (``actors``, ``claim``), the
fatalities (``fatalities``) and the event type (``event_type``). Evidence is logged in the same
order, so the output's evidence list reads like the article.
"""

from __future__ import annotations

from ..index import EngineIndex
from ..taxonomy import (
    CLAIM_UNKNOWN,
    ROLE_CLAIMANT,
    ROLE_PERPETRATOR,
    ROLE_SUSPECTED,
    ROLE_TARGET,
    STATE_FORCES,
    disorder_type_for,
)
from ..types import ActorEntry, ProposedIncident
from .actors import NAMED_UNKNOWN_GROUP, actor_roles, dedupe, drop_parents, is_generic
from .claim import claim_label, claim_status
from .document import Document, EvidenceLog, IncidentDraft
from .event_date import resolve_date
from .event_type import resolve_event_type
from .fatalities import resolve_fatalities
from .locations import resolve_locations
from .role_decision import role_decider
from .toll_decision import toll_decider


def build_incident(d: IncidentDraft, doc: Document, index: EngineIndex) -> ProposedIncident:
    inc = ProposedIncident()
    evidence = EvidenceLog(doc.text)
    resolve_date(inc, d, doc, evidence)
    resolve_locations(inc, d, doc, index, evidence)
    roles = resolve_actors(inc, d, doc, index, evidence)
    inc.fatalities = resolve_fatalities(
        d,
        evidence,
        state_perpetrator=any(a.actor_type == STATE_FORCES for a in roles[ROLE_PERPETRATOR]),
        decide=toll_decider(doc, d),
    )
    inc.event_type, inc.sub_event_type = resolve_event_type(d, roles, index, evidence)
    inc.disorder_type = disorder_type_for(inc.event_type, inc.sub_event_type)
    inc.summary = d.anchor.sent.text
    inc.summary_span = (d.anchor.sent.start, d.anchor.sent.end)
    inc.sentence_spans = [(s.sent.start, s.sent.end) for s in d.sents]
    if inc.country:
        first_loc = next((e for e in evidence.items if e.field == "location"), None)
        if first_loc:
            evidence("country", first_loc.start, first_loc.end)
    inc.evidence = evidence.items
    return inc


def resolve_actors(
    inc: ProposedIncident,
    d: IncidentDraft,
    doc: Document,
    index: EngineIndex,
    evidence: EvidenceLog,
) -> dict[str, list[ActorEntry]]:
    """Set the actors by role and the claim status (the actor-roles decision); return the roles."""
    country = inc.country
    roles = actor_roles(d, doc.text, doc.folded, index, country, evidence, role_decider(doc))
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
    named_elsewhere = any(NAMED_UNKNOWN_GROUP.search(s.sent.text) for s in d.sents)
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
    return roles
