"""ACLED-style taxonomy shared by the engine and the Django models.

Pure constants: the models build their ``choices`` from these, so the engine and the database
never disagree on a spelling. Names follow ACLED's current codebook (2023 revision onwards).
"""

from __future__ import annotations

from vocabulary import claims

POLITICAL_VIOLENCE = "Political violence"
DEMONSTRATIONS = "Demonstrations"
STRATEGIC_DEVELOPMENTS = "Strategic developments"
POLITICAL_VIOLENCE_AND_DEMONSTRATIONS = "Political violence; Demonstrations"

DISORDER_TYPES: list[str] = [
    POLITICAL_VIOLENCE,
    DEMONSTRATIONS,
    POLITICAL_VIOLENCE_AND_DEMONSTRATIONS,
    STRATEGIC_DEVELOPMENTS,
]

BATTLES = "Battles"
EXPLOSIONS = "Explosions/Remote violence"
VIOLENCE_AGAINST_CIVILIANS = "Violence against civilians"
PROTESTS = "Protests"
RIOTS = "Riots"

EVENT_TYPES: dict[str, list[str]] = {
    BATTLES: [
        "Armed clash",
        "Government regains territory",
        "Non-state actor overtakes territory",
    ],
    EXPLOSIONS: [
        "Chemical weapon",
        "Air/drone strike",
        "Suicide bomb",
        "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED",
        "Grenade",
    ],
    VIOLENCE_AGAINST_CIVILIANS: [
        "Sexual violence",
        "Attack",
        "Abduction/forced disappearance",
    ],
    PROTESTS: [
        "Peaceful protest",
        "Protest with intervention",
        "Excessive force against protesters",
    ],
    RIOTS: [
        "Violent demonstration",
        "Mob violence",
    ],
    STRATEGIC_DEVELOPMENTS: [
        "Agreement",
        "Arrests",
        "Change to group/activity",
        "Disrupted weapons use",
        "Headquarters or base established",
        "Looting/property destruction",
        "Non-violent transfer of territory",
        "Other",
    ],
}

# Sub-event types whose disorder type differs from their event type's default (ACLED codebook).
_SUB_EVENT_DISORDER: dict[str, str] = {
    "Excessive force against protesters": POLITICAL_VIOLENCE_AND_DEMONSTRATIONS,
    "Violent demonstration": DEMONSTRATIONS,
}
_EVENT_DISORDER: dict[str, str] = {
    BATTLES: POLITICAL_VIOLENCE,
    EXPLOSIONS: POLITICAL_VIOLENCE,
    VIOLENCE_AGAINST_CIVILIANS: POLITICAL_VIOLENCE,
    PROTESTS: DEMONSTRATIONS,
    RIOTS: POLITICAL_VIOLENCE,
    STRATEGIC_DEVELOPMENTS: STRATEGIC_DEVELOPMENTS,
}

SUB_EVENT_TYPES: list[str] = [sub for subs in EVENT_TYPES.values() for sub in subs]


def disorder_type_for(event_type: str, sub_event_type: str | None = None) -> str:
    """Return ACLED's disorder type for an event/sub-event pair."""
    if sub_event_type and sub_event_type in _SUB_EVENT_DISORDER:
        return _SUB_EVENT_DISORDER[sub_event_type]
    try:
        return _EVENT_DISORDER[event_type]
    except KeyError:
        raise ValueError(f"unknown event type: {event_type!r}") from None


def event_type_of(sub_event_type: str) -> str:
    """Return the event type a sub-event type belongs to."""
    for event_type, subs in EVENT_TYPES.items():
        if sub_event_type in subs:
            return event_type
    raise ValueError(f"unknown sub-event type: {sub_event_type!r}")


# ACLED "inter" codes for actors.
ACTOR_TYPES: dict[int, str] = {
    1: "State forces",
    2: "Rebel group",
    3: "Political militia",
    4: "Identity militia",
    5: "Rioters",
    6: "Protesters",
    7: "Civilians",
    8: "External/Other forces",
}
STATE_FORCES = 1
REBEL_GROUP = 2
POLITICAL_MILITIA = 3
IDENTITY_MILITIA = 4
RIOTERS = 5
PROTESTERS = 6
CIVILIANS = 7
EXTERNAL_OTHER = 8

# Claim statuses: one vocabulary for the engine, the database and the desk.
CLAIM_UNKNOWN = claims.UNKNOWN
CLAIM_UNCLAIMED = claims.UNCLAIMED
CLAIM_CLAIMED = claims.CLAIMED
CLAIM_DISPUTED = claims.DISPUTED
CLAIM_ATTRIBUTED = claims.ATTRIBUTED

PRECISION_DAY = "day"
PRECISION_WEEK = "week"
PRECISION_MONTH = "month"
PRECISION_YEAR = "year"

DATE_PRECISIONS: dict[str, str] = {
    PRECISION_DAY: "Day",
    PRECISION_WEEK: "Week",
    PRECISION_MONTH: "Month",
    PRECISION_YEAR: "Year",
}

# ACLED geo-precision codes.
GEO_EXACT = 1
GEO_NEAR = 2
GEO_REGION = 3

GEO_PRECISIONS: dict[int, str] = {
    GEO_EXACT: "Exact town or village",
    GEO_NEAR: "Near or part of a town; small district",
    GEO_REGION: "Region or province only",
}

ROLE_PERPETRATOR = "perpetrator"
ROLE_SUSPECTED = "suspected"
ROLE_TARGET = "target"
ROLE_CLAIMANT = "claimant"
ROLE_ASSOCIATED = "associated"

ROLES: dict[str, str] = {
    ROLE_PERPETRATOR: "Perpetrator",
    ROLE_SUSPECTED: "Suspected perpetrator",
    ROLE_TARGET: "Target",
    ROLE_CLAIMANT: "Claimant",
    ROLE_ASSOCIATED: "Associated",
}

PLACE_KINDS: dict[str, str] = {
    "country": "Country",
    "admin1": "First-level region",
    "admin2": "Second-level district",
    "place": "Town or village",
    "site": "Site (camp, airport, mine…)",
}


def choices(mapping: dict) -> list[tuple]:
    """Django-style ``choices`` from one of the mappings above (or a list of names)."""
    if isinstance(mapping, dict):
        return list(mapping.items())
    return [(name, name) for name in mapping]
