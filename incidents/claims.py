"""The readable claim status of an incident, derived from facts. Pure functions, no database.

Examples: "Unclaimed, JNIM suspected"; "Claimed by JNIM (az-Zallaqa, 2025-07-01)";
"Disputed: claimed by JNIM, denied by IS Sahel"; "Attributed to JNIM by Malian army".
The texts follow the active language (French: "Non revendiquée, JNIM soupçonné").
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from vocabulary.claims import ATTRIBUTED, CLAIMED, DISPUTED, UNCLAIMED, UNKNOWN

# The claim-status values come from the shared vocabulary (``vocabulary.claims``, one source);
# the kinds of claim events are this module's own.
__all__ = ["ATTRIBUTED", "CLAIMED", "DISPUTED", "UNCLAIMED", "UNKNOWN", "claim_status_text"]

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
    return _("%(first)s and %(last)s") % {"first": ", ".join(names[:-1]), "last": names[-1]}


def _suspects_text(groups: list[list[str]]) -> str:
    parts = [_(" or ").join(dict.fromkeys(g)) for g in groups if g]
    return _join_and(parts)


def _suspect_count(groups: list[list[str]]) -> int:
    """ "X suspected" agrees in number in French ("JNIM soupçonné", "JNIM et FLA soupçonnés");
    an either/or group counts as one suspect."""
    return len([g for g in groups if g])


def _claim_detail(fact: ClaimFact) -> str:
    bits = [b for b in (fact.channel, fact.date.isoformat() if fact.date else "") if b]
    return f" ({', '.join(bits)})" if bits else ""


def claim_status_text(picture: ClaimPicture) -> str:
    """One line an analyst reads in a list column or a briefing, in the active language. The
    French texts are feminine: they agree with "attaque", the word a Sahel desk uses."""
    claims = [f for f in picture.facts if f.kind == CLAIM]
    denials = [f for f in picture.facts if f.kind == DENIAL]
    attributions = [f for f in picture.facts if f.kind == ATTRIBUTION]

    if picture.status == CLAIMED:
        named = [f for f in claims if f.actor]
        if named:
            actors = _join_and([f.actor for f in named])
            detail = _claim_detail(named[0]) if len(named) == 1 else ""
            return _("Claimed by %(actors)s%(detail)s") % {"actors": actors, "detail": detail}
        if picture.claimants:
            return _("Claimed by %(actors)s%(detail)s") % {
                "actors": _join_and(picture.claimants),
                "detail": "",
            }
        return _("Claimed (group not named)")
    if picture.status == DISPUTED:
        parts = []
        claimed_by = _join_and(
            [f.actor or _("an unnamed group") for f in claims] or picture.claimants
        )
        if claimed_by:
            parts.append(_("claimed by %(actors)s") % {"actors": claimed_by})
        denied_by = _join_and([f.actor or f.made_by or _("an unnamed party") for f in denials])
        if denied_by:
            parts.append(_("denied by %(actors)s") % {"actors": denied_by})
        if not parts:
            return _("Disputed")
        return _("Disputed: %(details)s") % {"details": ", ".join(parts)}
    if picture.status == ATTRIBUTED:
        names = [f.actor for f in attributions if f.actor] or picture.attributed_to
        names = names or [n for g in picture.suspects for n in g]
        text = _("Attributed to %(actors)s") % {"actors": _join_and(names)} if names else ""
        text = text or _("Attributed")
        by = _join_and([f.made_by for f in attributions if f.made_by])
        return (
            _("%(attribution)s by %(source)s") % {"attribution": text, "source": by} if by else text
        )
    count = _suspect_count(picture.suspects)
    values = {"suspects": _suspects_text(picture.suspects)}
    if picture.status == UNCLAIMED:
        if not count:
            return _("Unclaimed")
        return (
            ngettext(
                "Unclaimed, %(suspects)s suspected", "Unclaimed, %(suspects)s suspected", count
            )
            % values
        )
    if not count:
        return _("Claim unknown")
    return (
        ngettext(
            "Claim unknown, %(suspects)s suspected", "Claim unknown, %(suspects)s suspected", count
        )
        % values
    )
