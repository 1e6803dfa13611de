"""Field resolution, the event type: ACLED's event and sub-event type from the incident's own
sentences (the lead first) and the roles of its actors."""

from __future__ import annotations

import re

from ..index import EngineIndex
from ..taxonomy import (
    BATTLES,
    CIVILIANS,
    EXPLOSIONS,
    PROTESTS,
    RIOTS,
    ROLE_PERPETRATOR,
    ROLE_TARGET,
    STATE_FORCES,
    STRATEGIC_DEVELOPMENTS,
    VIOLENCE_AGAINST_CIVILIANS,
)
from .document import IncidentDraft

EVENT_RULES: list[tuple[re.Pattern[str], str, str]] = [
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
_CLASH = re.compile(r"\b(clash\w*|fighting|battle|affrontements?|combats?|accroch\w*)\b")
_LOOT = re.compile(r"\b(loot\w*|torched|burn(?:ed|t)|pill\w*|incendi\w*)\b")
_KILLING = re.compile(r"\b(kill\w*|tue\w*|massacre\w*|execut\w*|shot dead|abattu\w*)\b")


def resolve_event_type(
    d: IncidentDraft, roles: dict, index: EngineIndex, evidence
) -> tuple[str, str]:
    ordered = [d.anchor] + [s for s in d.sents if s is not d.anchor and s.trigger]
    targets = roles[ROLE_TARGET]
    armed_target = any(
        a.actor_type not in (CIVILIANS,) and a.id not in d.civilian_subset for a in targets
    )
    # The incident's own sentences decide, the lead first: "the army says it destroyed
    # terrorist targets" is told as a drone strike two sentences later.
    for position, info in enumerate(ordered):
        for pattern, etype, sub in EVENT_RULES if position == 0 else EVENT_RULES[:7]:
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
        for pattern, etype, sub in EVENT_RULES[:7]:
            if pattern.search(info.folded):
                return etype, sub
    return BATTLES, "Armed clash"
