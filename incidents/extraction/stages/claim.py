"""Field resolution, the claim: claimed, unclaimed, disputed, attributed or unknown, from the cues
of the incident's sentences; and the one-line claim text of a proposal."""

from __future__ import annotations

from vocabulary import claims

from .. import cues
from ..index import EngineIndex
from ..taxonomy import (
    CLAIM_ATTRIBUTED,
    CLAIM_CLAIMED,
    CLAIM_DISPUTED,
    CLAIM_UNCLAIMED,
    CLAIM_UNKNOWN,
    ROLE_CLAIMANT,
    ROLE_PERPETRATOR,
    ROLE_SUSPECTED,
    STATE_FORCES,
)
from .actors import is_generic
from .document import IncidentDraft


def claim_status(d: IncidentDraft, roles: dict, evidence, index: EngineIndex) -> str:
    status = CLAIM_UNKNOWN
    found: dict[str, tuple[int, int]] = {}
    named = [a for a in roles[ROLE_PERPETRATOR] if not is_generic(a, index)]
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


def claim_label(status: str, roles: dict) -> str:
    return claims.short_claim_text(
        status,
        [a.short_name or a.name for a in roles[ROLE_CLAIMANT]],
        [a.short_name or a.name for a in roles[ROLE_SUSPECTED]],
    )
