"""The readable claim status of an incident, derived from facts. Pure functions, no database.

Examples: "Unclaimed, JNIM suspected"; "Claimed by JNIM (az-Zallaqa, 2025-07-01)";
"Disputed: claimed by JNIM, denied by IS Sahel"; "Attributed to JNIM by Malian army".
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from incidents.extraction import taxonomy

# The claim-status values are the engine's vocabulary (one source); the kinds of claim events are
# this module's own.
UNKNOWN = taxonomy.CLAIM_UNKNOWN
UNCLAIMED = taxonomy.CLAIM_UNCLAIMED
CLAIMED = taxonomy.CLAIM_CLAIMED
DISPUTED = taxonomy.CLAIM_DISPUTED
ATTRIBUTED = taxonomy.CLAIM_ATTRIBUTED

CLAIM = "claim"
DENIAL = "denial"
ATTRIBUTION = "attribution"
SUSPICION = "suspicion"


@dataclass(frozen=True)
class ClaimFact:
    kind: str  # claim | denial | attribution | suspicion
    actor: str | None  # the actor's short label; None when the source does not name the group
    date: datetime.date | None = None
    channel: str = ""
    made_by: str = ""  # who attributed or suspected (e.g. "Malian army")


@dataclass
class ClaimPicture:
    status: str
    facts: list[ClaimFact] = field(default_factory=list)
    claimants: list[str] = field(default_factory=list)  # from incident actors with role claimant
    # Suspects grouped: actors in one inner list are either/or ("JNIM or IS Sahel").
    suspects: list[list[str]] = field(default_factory=list)
    attributed_to: list[str] = field(default_factory=list)


def _join_and(names: list[str]) -> str:
    names = list(dict.fromkeys(n for n in names if n))
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def _suspects_text(groups: list[list[str]]) -> str:
    parts = [" or ".join(dict.fromkeys(g)) for g in groups if g]
    return _join_and(parts)


def _claim_detail(fact: ClaimFact) -> str:
    bits = [b for b in (fact.channel, fact.date.isoformat() if fact.date else "") if b]
    return f" ({', '.join(bits)})" if bits else ""


def claim_status_text(picture: ClaimPicture) -> str:
    """One line an analyst reads in a list column or a briefing."""
    suspects = _suspects_text(picture.suspects)
    claims = [f for f in picture.facts if f.kind == CLAIM]
    denials = [f for f in picture.facts if f.kind == DENIAL]
    attributions = [f for f in picture.facts if f.kind == ATTRIBUTION]

    if picture.status == CLAIMED:
        named = [f for f in claims if f.actor]
        if named:
            actors = _join_and([f.actor for f in named])
            detail = _claim_detail(named[0]) if len(named) == 1 else ""
            return f"Claimed by {actors}{detail}"
        if picture.claimants:
            return f"Claimed by {_join_and(picture.claimants)}"
        return "Claimed (group not named)"
    if picture.status == DISPUTED:
        parts = []
        claimed_by = _join_and([f.actor or "an unnamed group" for f in claims] or picture.claimants)
        if claimed_by:
            parts.append(f"claimed by {claimed_by}")
        denied_by = _join_and([f.actor or f.made_by or "an unnamed party" for f in denials])
        if denied_by:
            parts.append(f"denied by {denied_by}")
        return "Disputed: " + ", ".join(parts) if parts else "Disputed"
    if picture.status == ATTRIBUTED:
        names = [f.actor for f in attributions if f.actor] or picture.attributed_to
        names = names or [n for g in picture.suspects for n in g]
        text = f"Attributed to {_join_and(names)}" if names else "Attributed"
        by = _join_and([f.made_by for f in attributions if f.made_by])
        return f"{text} by {by}" if by else text
    if picture.status == UNCLAIMED:
        return f"Unclaimed, {suspects} suspected" if suspects else "Unclaimed"
    return f"Claim unknown, {suspects} suspected" if suspects else "Claim unknown"
