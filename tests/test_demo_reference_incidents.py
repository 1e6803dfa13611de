"""The demo's three incidents are those of the reference table (../shared/examples/README.md)."""

from __future__ import annotations

import datetime

import pytest

from incidents.models import Incident, Location
from sources.models import Article

MALI_ARMY = "Military Forces of Mali (2021-)"
UNIDENTIFIED = "Unidentified Armed Group (Mali)"


@pytest.fixture
def demo(demo_db, db):
    article = Article.objects.get(outlet__name="AFP")
    incidents = {
        i.date_start: i for i in Incident.objects.with_list_data().filter(sources__article=article)
    }
    return article, incidents


def names(incident: Incident, role: str) -> list[str]:
    return sorted(link.actor.name for link in incident.actors_by_role().get(role, []))


def test_the_article_is_the_afp_example(demo):
    article, incidents = demo
    assert article.published_at.date() == datetime.date(2025, 7, 1)
    assert article.text.startswith("Suspected jihadists attacked military installations")
    assert sorted(incidents) == [
        datetime.date(2025, 6, 1),
        datetime.date(2025, 6, 2),
        datetime.date(2025, 7, 1),
    ]


def test_kayes_attacks_unclaimed_with_jnim_suspected(demo):
    article, incidents = demo
    kayes = incidents[datetime.date(2025, 7, 1)]
    assert kayes.date_precision == "day"
    assert (kayes.country, kayes.admin1, kayes.geo_precision) == ("ML", "Kayes", 1)
    places = [link.location.name for link in kayes.incident_locations.all()]
    assert places == ["Kayes", "Nioro", "Sandaré", "Gogui", "Diboli"]
    assert kayes.primary_location.name == "Kayes"
    assert names(kayes, "perpetrator") == [UNIDENTIFIED]
    assert names(kayes, "suspected") == ["JNIM: Group for Support of Islam and Muslims"]
    assert names(kayes, "target") == [MALI_ARMY]
    assert kayes.claim_status == "unclaimed"
    assert kayes.claim_status_text == "Unclaimed, JNIM suspected"
    suspicion = kayes.claim_events.get()
    assert suspicion.kind == "suspicion" and suspicion.actor.short_name == "JNIM"
    assert "bore the hallmarks" in suspicion.quote and suspicion.quote in article.text
    assert (kayes.fatalities_low, kayes.fatalities_best, kayes.fatalities_high) == (None,) * 3
    assert kayes.fatalities_text == "unknown"
    assert (kayes.event_type, kayes.sub_event_type) == ("Battles", "Armed clash")
    source = kayes.sources.get()
    for passage in source.quote.split("\n\n"):
        assert passage in article.text
    assert "No death toll was given." in source.quote


def test_timbuktu_attack_claimed_by_an_unnamed_group(demo):
    article, incidents = demo
    timbuktu = incidents[datetime.date(2025, 6, 2)]
    assert timbuktu.primary_location.name == "Timbuktu"
    assert timbuktu.primary_location.alternate_names.filter(
        name="Tombouctou", language="fr"
    ).exists()
    assert [link.location.kind for link in timbuktu.incident_locations.all()] == [
        "place",
        "site",
    ]
    assert timbuktu.admin1 == "Tombouctou"
    assert timbuktu.claim_status == "claimed"
    claim = timbuktu.claim_events.get()
    assert claim.kind == "claim" and claim.actor is None
    assert timbuktu.claim_status_text == "Claimed (group not named)"
    assert names(timbuktu, "target") == [MALI_ARMY]
    assert timbuktu.fatalities_text == "unknown"
    assert timbuktu.sources.get().quote in article.text


def test_raid_in_the_centre_is_region_level_with_at_least_30_dead(demo):
    _, incidents = demo
    raid = incidents[datetime.date(2025, 6, 1)]
    assert raid.primary_location.kind == Location.Kind.ADMIN1
    assert (raid.country, raid.admin1, raid.geo_precision) == ("ML", "Mopti", 3)
    assert (raid.fatalities_low, raid.fatalities_best, raid.fatalities_high) == (30, 30, None)
    assert raid.fatalities_text == "≥30"
    assert raid.claim_status == "claimed"
    assert names(raid, "target") == [MALI_ARMY]
    assert (raid.event_type, raid.sub_event_type) == ("Battles", "Armed clash")


def test_places_of_the_article_carry_french_and_english_names(demo):
    nioro = Location.objects.get(geonames_id=2452651)
    assert nioro.alternate_names.filter(name="Nioro du Sahel", language="fr").exists()
    timbuktu = Location.objects.get(geonames_id=2449067)
    assert timbuktu.alternate_names.filter(name="Timbuktu", language="en").exists()
    assert {c.name for c in Location.objects.filter(kind="country")} == {
        "Mali",
        "Burkina Faso",
        "Niger",
    }
