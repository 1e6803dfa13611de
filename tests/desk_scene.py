"""A small, realistic desk: the Kayes example article with its three proposals, and a few incidents
in Mali and Burkina Faso with places, actors, claims and sources. Used by the desk's view and
browser tests (built from the factories, nothing hard-coded in the pages)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from pathlib import Path

from analysts.markings import TLP
from incidents.models import ClaimEvent, Incident, IncidentActor, Suggestion
from sources.models import Article

from .factories import (
    ActorFactory,
    ArticleFactory,
    ClaimEventFactory,
    IncidentActorFactory,
    IncidentFactory,
    IncidentLocationFactory,
    IncidentSourceFactory,
    LocationFactory,
    OutletFactory,
    SuggestionFactory,
    suggestion_data,
)

EXAMPLES = Path(__file__).resolve().parents[1].parent / "shared" / "examples"
KAYES_EXAMPLE = EXAMPLES / "kayes-attacks-2025-07-01.en.txt"
if not KAYES_EXAMPLE.exists():  # worktrees live one level deeper than the main checkout
    KAYES_EXAMPLE = Path("/work/shared/examples/kayes-attacks-2025-07-01.en.txt")


def example_text() -> str:
    return KAYES_EXAMPLE.read_text(encoding="utf-8")


def span(text: str, phrase: str, field_name: str, occurrence: int = 0) -> dict:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(phrase, start + 1)
    return {"field": field_name, "start": start, "end": start + len(phrase), "text": phrase}


@dataclass
class Scene:
    article: Article
    suggestions: list[Suggestion]
    incidents: dict[str, Incident] = field(default_factory=dict)


def kayes_article(text: str | None = None) -> tuple[Article, list[Suggestion]]:
    text = text or example_text()
    article = ArticleFactory(
        title="Suspected jihadists attack military installations in western Mali",
        text=text,
        outlet=OutletFactory(name="AFP", reliability="B"),
        published_at=datetime.datetime(2025, 7, 1, 9, 0, tzinfo=datetime.UTC),
    )
    first = suggestion_data(
        summary="Suspected JNIM militants attacked seven army positions in the Kayes region.",
        locations=[
            {"name": "Kayes", "latitude": 14.4469, "longitude": -11.4445, "precision": 1},
            {"name": "Nioro du Sahel", "latitude": 15.2304, "longitude": -9.5904, "precision": 1},
        ],
        perpetrators=["Unidentified armed group"],
        suspected=["JNIM"],
        targets=["Military Forces of Mali"],
        claim_status="unclaimed",
        evidence=[
            span(text, "early Tuesday", "date_start"),
            span(text, "Suspected jihadists", "perpetrators"),
            span(text, "Kayes", "locations"),
            span(text, "Nioro", "locations", 1),
            span(text, "Sandare", "locations"),
            span(text, "Gogui", "locations"),
            span(text, "Diboli", "locations"),
            span(text, "JNIM", "suspected"),
            span(text, "no group has so far claimed responsibility", "claim_status"),
            span(text, "bore the hallmarks of", "claim_status"),
            span(text, "No death toll was given", "fatalities"),
        ],
    )
    second = suggestion_data(
        summary="Jihadists attacked the army camp and airport of Timbuktu.",
        date_start="2025-06-02",
        admin1="Timbuktu",
        locations=[{"name": "Timbuktu", "latitude": 16.7735, "longitude": -3.0074, "precision": 1}],
        claim_status="claimed",
        evidence=[
            span(text, "On June 2", "date_start"),
            span(text, "Timbuktu", "locations"),
            span(text, "claimed by jihadists", "claim_status"),
        ],
    )
    third = suggestion_data(
        summary="A raid killed at least 30 soldiers in central Mali.",
        date_start="2025-06-01",
        admin1="",
        locations=[],
        claim_status="claimed",
        fatalities={"low": 30, "best": 30, "high": None},
        evidence=[
            span(text, "a day after", "date_start"),
            span(text, "killed at least 30 soldiers", "fatalities"),
            span(text, "the centre of the country", "locations"),
        ],
    )
    suggestions = [
        SuggestionFactory(article=article, position=i, data=data)
        for i, data in enumerate([first, second, third])
    ]
    return article, suggestions


def incidents() -> dict[str, Incident]:
    """Three published-quality incidents: Kayes (unclaimed, JNIM suspected), Timbuktu (claimed),
    Djibo in Burkina Faso (30 dead) — and one secret (TLP:RED, another team) to test visibility."""
    jnim = ActorFactory(
        name="JNIM: Group for Support of Islam and Muslims", short_name="JNIM", actor_type=2
    )
    fama = ActorFactory(name="Military Forces of Mali (2021-)", short_name="FAMa", actor_type=1)
    isgs = ActorFactory(name="Islamic State Sahel Province", short_name="IS Sahel", actor_type=2)
    kayes_place = LocationFactory(
        name="Kayes", admin1_name="Kayes", latitude=14.4469, longitude=-11.4445
    )
    kayes = IncidentFactory(
        summary="Suspected JNIM militants attacked army positions in Kayes, Nioro and Diboli.",
        date_start=datetime.date(2025, 7, 1),
        country="ML",
        admin1="Kayes",
        claim_status="unclaimed",
        review_status="published",
    )
    IncidentLocationFactory(incident=kayes, location=kayes_place, note="governor's residence")
    kayes.refresh_place_fields()
    IncidentActorFactory(incident=kayes, actor=jnim, role=IncidentActor.Role.SUSPECTED)
    IncidentActorFactory(incident=kayes, actor=fama, role=IncidentActor.Role.TARGET)
    ClaimEventFactory(
        incident=kayes,
        actor=jnim,
        kind=ClaimEvent.Kind.SUSPICION,
        made_by="AFP (hallmarks)",
        quote="bore the hallmarks of jihadists from the Al-Qaeda-linked JNIM",
    )

    timbuktu = IncidentFactory(
        summary="Coordinated assault on the army camp and airport of Timbuktu.",
        date_start=datetime.date(2025, 6, 2),
        admin1="Timbuktu",
        claim_status="claimed",
        fatalities_low=5,
        fatalities_best=8,
        fatalities_high=12,
        review_status="published",
    )
    IncidentLocationFactory(
        incident=timbuktu,
        location=LocationFactory(
            name="Timbuktu", admin1_name="Timbuktu", latitude=16.7735, longitude=-3.0074
        ),
    )
    timbuktu.refresh_place_fields()
    IncidentActorFactory(incident=timbuktu, actor=jnim, role=IncidentActor.Role.CLAIMANT)
    IncidentActorFactory(incident=timbuktu, actor=jnim, role=IncidentActor.Role.PERPETRATOR)
    ClaimEventFactory(
        incident=timbuktu,
        actor=jnim,
        kind=ClaimEvent.Kind.CLAIM,
        date=datetime.date(2025, 6, 3),
        channel="az-Zallaqa",
    )

    djibo = IncidentFactory(
        summary="Gunmen killed 30 soldiers near Djibo.",
        date_start=datetime.date(2025, 6, 20),
        country="BF",
        admin1="Soum",
        event_type="Violence against civilians",
        sub_event_type="Attack",
        claim_status="attributed",
        fatalities_low=30,
        fatalities_best=30,
        fatalities_high=30,
        review_status="published",
    )
    IncidentLocationFactory(
        incident=djibo,
        location=LocationFactory(
            name="Djibo", country_code="BF", admin1_name="Soum", latitude=14.1, longitude=-1.63
        ),
    )
    djibo.refresh_place_fields()
    IncidentActorFactory(incident=djibo, actor=isgs, role=IncidentActor.Role.SUSPECTED)
    ClaimEventFactory(
        incident=djibo,
        actor=isgs,
        kind=ClaimEvent.Kind.ATTRIBUTION,
        made_by="Burkinabe army",
        date=datetime.date(2025, 6, 21),
    )
    IncidentSourceFactory(
        incident=kayes, quote="Suspected jihadists attacked military installations"
    )

    secret = IncidentFactory(
        summary="Secret incident only the owning team may read.",
        date_start=datetime.date(2025, 6, 25),
        admin1="Kayes",
        tlp=TLP.RED,
        review_status="published",
    )
    return {"kayes": kayes, "timbuktu": timbuktu, "djibo": djibo, "secret": secret}
