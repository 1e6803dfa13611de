"""The TLP leak scene: what each persona may read, and the text that betrays a leak.

Three published incidents in Mali in the first week of July 2025:

- `open`:  TLP:GREEN, no team; its evidence cites a GREEN wire story and a RED embassy cable
  (a source and a claim event each quote the cable);
- `red`:   TLP:RED, owned by team "Red cell";
- `amber`: TLP:AMBER, owned by team "Horn desk".

Personas (tests/conftest.py): `viewer` (cleared GREEN), `analyst_in_team` (cleared AMBER, in team
"Sahel desk"), `editor` (cleared RED, in no team), `editor_in_team` (cleared RED, in both owning
teams). Only the last reads the RED and AMBER incidents and the cable; the others read `open`
without the cable's quotes. Every hidden record carries names found nowhere else (its place,
region, perpetrator, summary), so a leak on any surface shows up as one of them in the response.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from analysts.markings import TLP
from incidents.models import ClaimEvent, Incident, IncidentActor
from incidents.models.incidents import ReviewStatus
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
    TeamFactory,
)

RED_TEAM = "Red cell"
AMBER_TEAM = "Horn desk"

PERSONAS = ["viewer", "analyst_in_team", "editor", "editor_in_team"]
# Which scene incidents each persona reads (all are published, so only the marking decides).
READS = {
    "viewer": {"open"},
    "analyst_in_team": {"open"},
    "editor": {"open"},
    "editor_in_team": {"open", "red", "amber"},
}
# Who reads the RED cable cited by the GREEN incident.
READS_CABLE = {"editor_in_team"}
# Admin users (staff with an admin role): the viewer is not one.
ADMIN_PERSONAS = ["analyst_in_team", "editor", "editor_in_team"]

PERIOD = {"date_after": "2025-07-01", "date_before": "2025-07-07", "country": "ML"}

# Text that exists only in the hidden records: finding one in a response is a leak.
TELLTALES = {
    "red": ["Secret raid at Redwater", "Redwater", "Redshire", "Shadow Brigade"],
    "amber": ["Amber ambush at Amberton", "Amberton", "Ambershire", "Amber Front"],
}
PERPETRATORS = {"Shadow Brigade", "Amber Front"}
CABLE_TELLTALES = [
    "Embassy cable on the Kayes attack",
    "https://cables.example.org/red-1",
    "Embassy Cables",
    "Informant X says the Kayes attackers were JNIM",
    "Informant X heard the claim",
]


@dataclass
class Scene:
    open: Incident
    red: Incident
    amber: Incident
    wire: Article
    cable: Article
    cable_claim: ClaimEvent

    def incident(self, key: str) -> Incident:
        return getattr(self, key)

    def hidden_from(self, persona: str) -> list[str]:
        """Keys of the scene incidents `persona` may not read."""
        return sorted({"open", "red", "amber"} - READS[persona])

    def incident_telltales_hidden_from(self, persona: str) -> list[str]:
        """What only the incidents hidden from `persona` contain."""
        return [w for key in self.hidden_from(persona) for w in TELLTALES.get(key, [])]

    def telltales_hidden_from(self, persona: str) -> list[str]:
        """Every string that must not reach `persona` (hidden incidents and the cable)."""
        cable = [] if persona in READS_CABLE else CABLE_TELLTALES
        return self.incident_telltales_hidden_from(persona) + cable

    def visible_ids(self, persona: str) -> set[int]:
        return {self.incident(key).pk for key in READS[persona]}


def _incident(
    *,
    tlp: str,
    team,
    summary: str,
    place: str,
    region: str,
    lat: float,
    lon: float,
    perpetrator: str,
    fatalities: int,
    event_type: str,
    day: int,
) -> Incident:
    location = LocationFactory(
        name=place, ascii_name=place, admin1_name=region, latitude=lat, longitude=lon
    )
    incident = IncidentFactory(
        summary=summary,
        tlp=tlp,
        team=team,
        admin1=region,
        country="ML",
        primary_location=location,
        date_start=datetime.date(2025, 7, day),
        event_type=event_type,
        sub_event_type="Attack" if event_type != "Battles" else "Armed clash",
        fatalities_best=fatalities,
        civilian_targeting=event_type == "Violence against civilians",
        review_status=ReviewStatus.PUBLISHED,
    )
    IncidentLocationFactory(incident=incident, location=location, is_primary=True)
    IncidentActorFactory(
        incident=incident,
        actor=ActorFactory(name=perpetrator, short_name=perpetrator),
        role=IncidentActor.Role.PERPETRATOR,
    )
    return incident


def build() -> Scene:
    red_team, amber_team = TeamFactory(name=RED_TEAM), TeamFactory(name=AMBER_TEAM)
    open_incident = _incident(
        tlp=TLP.GREEN,
        team=None,
        summary="Open attack at Kayes",
        place="Kayes",
        region="Kayes",
        lat=14.45,
        lon=-11.44,
        perpetrator="JNIM",
        fatalities=3,
        event_type="Battles",
        day=2,
    )
    red = _incident(
        tlp=TLP.RED,
        team=red_team,
        summary="Secret raid at Redwater",
        place="Redwater",
        region="Redshire",
        lat=15.9,
        lon=2.4,
        perpetrator="Shadow Brigade",
        fatalities=99,
        event_type="Violence against civilians",
        day=3,
    )
    amber = _incident(
        tlp=TLP.AMBER,
        team=amber_team,
        summary="Amber ambush at Amberton",
        place="Amberton",
        region="Ambershire",
        lat=16.27,
        lon=-0.04,
        perpetrator="Amber Front",
        fatalities=55,
        event_type="Explosions/Remote violence",
        day=4,
    )
    wire = ArticleFactory(
        tlp=TLP.GREEN,
        title="Wire story on the Kayes attack",
        url="https://wire.example.org/kayes-1",
        outlet=OutletFactory(name="Open Wire"),
    )
    cable = ArticleFactory(
        tlp=TLP.RED,
        team=red_team,
        title="Embassy cable on the Kayes attack",
        url="https://cables.example.org/red-1",
        outlet=OutletFactory(name="Embassy Cables"),
    )
    IncidentSourceFactory(incident=open_incident, article=wire, quote="Gunmen attacked the post.")
    IncidentSourceFactory(
        incident=open_incident,
        article=cable,
        quote="Informant X says the Kayes attackers were JNIM.",
    )
    jnim = ActorFactory(name="JNIM")
    ClaimEventFactory(
        incident=open_incident, actor=jnim, source_article=wire, quote="JNIM claimed it."
    )
    cable_claim = ClaimEventFactory(
        incident=open_incident,
        actor=jnim,
        source_article=cable,
        quote="Informant X heard the claim on the radio.",
    )
    return Scene(open_incident, red, amber, wire, cable, cable_claim)


def leaks(text: str, words: list[str]) -> list[str]:
    """The telltales found in `text` (an empty list means no leak)."""
    return [word for word in words if word in text]
