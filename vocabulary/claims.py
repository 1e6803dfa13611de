"""Claim statuses: their values (stored in the database and the engine's JSON) and labels.

``LABELS`` are the desk's names of the statuses (the model's choices, translated by the desk:
they are marked for ``makemessages`` here). ``SHORT_LABELS`` are the engine's plain English
words, which open a proposal's ``claim_label`` ("Unclaimed, JNIM suspected").
"""

from __future__ import annotations

UNKNOWN = "unknown"
UNCLAIMED = "unclaimed"
CLAIMED = "claimed"
DISPUTED = "disputed"
ATTRIBUTED = "attributed"

STATUSES: tuple[str, ...] = (UNKNOWN, UNCLAIMED, CLAIMED, DISPUTED, ATTRIBUTED)


def gettext_noop(message: str) -> str:
    """Marks a string for translation without Django (``makemessages`` looks for the name)."""
    return message


LABELS: dict[str, str] = {
    UNKNOWN: gettext_noop("Unknown (sources silent)"),
    UNCLAIMED: gettext_noop("Unclaimed (sources say no claim)"),
    CLAIMED: gettext_noop("Claimed"),
    DISPUTED: gettext_noop("Disputed (denied or competing claims)"),
    ATTRIBUTED: gettext_noop("Attributed (blamed without a claim)"),
}
SHORT_LABELS: dict[str, str] = {
    UNKNOWN: "Unknown",
    UNCLAIMED: "Unclaimed",
    CLAIMED: "Claimed",
    DISPUTED: "Disputed",
    ATTRIBUTED: "Attributed",
}


def short_claim_text(status: str, claimants: list[str], suspects: list[str]) -> str:
    """The engine's one-line claim text: "Claimed by JNIM", "Unclaimed, JNIM suspected"."""
    label = SHORT_LABELS[status]
    if status in (CLAIMED, DISPUTED) and claimants:
        label += " by " + ", ".join(claimants)
    if suspects:
        label += ", " + ", ".join(suspects) + " suspected"
    return label
