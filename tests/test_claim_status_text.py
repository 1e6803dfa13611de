"""The readable claim status an analyst sees in lists and briefings."""

import datetime

import pytest

from incidents.claims import ClaimFact, ClaimPicture, claim_status_text
from incidents.models import ClaimEvent, IncidentActor

from .factories import ActorFactory, ClaimEventFactory, IncidentActorFactory, IncidentFactory


@pytest.mark.parametrize(
    ("picture", "expected"),
    [
        (ClaimPicture("unknown"), "Claim unknown"),
        (ClaimPicture("unknown", suspects=[["JNIM"]]), "Claim unknown, JNIM suspected"),
        (ClaimPicture("unclaimed"), "Unclaimed"),
        (ClaimPicture("unclaimed", suspects=[["JNIM"]]), "Unclaimed, JNIM suspected"),
        (
            ClaimPicture("unclaimed", suspects=[["JNIM", "IS Sahel"]]),
            "Unclaimed, JNIM or IS Sahel suspected",
        ),
        (
            ClaimPicture(
                "claimed",
                facts=[ClaimFact("claim", "JNIM", datetime.date(2025, 7, 1), "az-Zallaqa")],
            ),
            "Claimed by JNIM (az-Zallaqa, 2025-07-01)",
        ),
        (
            ClaimPicture("claimed", facts=[ClaimFact("claim", "JNIM"), ClaimFact("claim", "FLA")]),
            "Claimed by JNIM and FLA",
        ),
        (ClaimPicture("claimed", facts=[ClaimFact("claim", None)]), "Claimed (group not named)"),
        (
            ClaimPicture(
                "disputed", facts=[ClaimFact("claim", "JNIM"), ClaimFact("denial", "IS Sahel")]
            ),
            "Disputed: claimed by JNIM, denied by IS Sahel",
        ),
        (
            ClaimPicture(
                "attributed", facts=[ClaimFact("attribution", "JNIM", made_by="Malian army")]
            ),
            "Attributed to JNIM by Malian army",
        ),
    ],
)
def test_text_for_each_status(picture, expected):
    assert claim_status_text(picture) == expected


def test_incident_reads_its_actors_and_claim_events(db):
    incident = IncidentFactory(claim_status="unclaimed")
    jnim = ActorFactory(name="JNIM: Group for Support of Islam and Muslims", short_name="JNIM")
    IncidentActorFactory(incident=incident, actor=jnim, role=IncidentActor.Role.SUSPECTED)
    assert incident.claim_status_text == "Unclaimed, JNIM suspected"

    claimed = IncidentFactory(claim_status="claimed")
    ClaimEventFactory(
        incident=claimed,
        actor=jnim,
        kind=ClaimEvent.Kind.CLAIM,
        date=datetime.date(2025, 7, 1),
        channel="az-Zallaqa",
    )
    assert claimed.claim_status_text == "Claimed by JNIM (az-Zallaqa, 2025-07-01)"
