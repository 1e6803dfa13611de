"""The interactive map's data (/incidents/map.json): what the reader may read, through the page's
filters, with the popup's texts, in a fixed number of queries."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from incidents.models import IncidentActor
from tests.desk_scene import incidents
from tests.factories import (
    ActorFactory,
    IncidentActorFactory,
    IncidentFactory,
    IncidentLocationFactory,
    LocationFactory,
)

URL = "/incidents/map.json"


@pytest.fixture
def scene(db):
    scene = incidents()
    # The secret (TLP:RED, another team) gets a place, so that it would be drawn if it leaked.
    IncidentLocationFactory(
        incident=scene["secret"],
        location=LocationFactory(name="Secret camp", latitude=14.9, longitude=-11.0),
    )
    scene["secret"].refresh_place_fields()
    return scene


def points(response) -> dict[int, list[dict]]:
    assert response.status_code == 200, response.content
    by_incident: dict[int, list[dict]] = {}
    for feature in response.json()["features"]:
        by_incident.setdefault(feature["properties"]["incident"], []).append(feature)
    return by_incident


def test_a_viewer_gets_published_points_and_never_a_red_one(client, viewer, scene):
    draft = IncidentFactory(date_start=datetime.date(2025, 6, 10), review_status="draft")
    IncidentLocationFactory(incident=draft, location=LocationFactory(name="Nioro"))
    client.force_login(viewer)
    drawn = points(client.get(URL))
    assert set(drawn) == {scene["kayes"].pk, scene["timbuktu"].pk, scene["djibo"].pk}
    assert "Secret camp" not in client.get(URL).content.decode()


def test_the_owning_team_sees_what_others_do_not(client, analyst, staff_superuser, scene):
    client.force_login(analyst)
    assert scene["secret"].pk not in points(client.get(URL))
    client.force_login(staff_superuser)
    assert scene["secret"].pk in points(client.get(URL))


def test_the_page_filters_and_the_map_bbox_narrow_the_points(client, analyst, scene):
    client.force_login(analyst)
    assert set(points(client.get(URL, {"country": "BF"}))) == {scene["djibo"].pk}
    around_kayes = {"bbox": "-12.5,13.5,-10.5,15.5"}
    assert set(points(client.get(URL, around_kayes))) == {scene["kayes"].pk}
    june = {"date_after": "2025-06-01", "date_before": "2025-06-30", "country": "ML"}
    assert set(points(client.get(URL, june))) == {scene["timbuktu"].pk}


def test_a_bad_filter_is_a_400_naming_it(client, analyst, scene):
    client.force_login(analyst)
    response = client.get(URL, {"bbox": "-12,13,west,15"})
    assert response.status_code == 400
    assert "bbox" in response.json()["errors"]


def test_the_popup_holds_date_place_actors_claim_and_toll(client, analyst, scene):
    client.force_login(analyst)
    [kayes] = points(client.get(URL))[scene["kayes"].pk]
    assert kayes["geometry"] == {"type": "Point", "coordinates": [-11.4445, 14.4469]}
    popup = kayes["properties"]
    assert popup["date"] == "2025-07-01" and popup["date_text"] == "1 July 2025"
    assert popup["place"] == "Kayes, ML"
    assert popup["actors"] == ["JNIM (Suspected perpetrator)"]
    assert popup["claim"] == "Unclaimed, JNIM suspected"
    assert popup["toll"] == "unknown" and popup["fatalities"] is None
    assert popup["url"] == f"/incidents/{scene['kayes'].pk}/"
    assert popup["colour"] == "#b2182b"  # Battles, as on the static map
    [djibo] = points(client.get(URL))[scene["djibo"].pk]
    assert djibo["properties"]["toll"] == "30"
    assert djibo["properties"]["radius"] > popup["radius"]  # sized by fatalities


def test_the_popup_speaks_the_readers_language(client, analyst, scene):
    client.force_login(analyst)
    client.cookies["django_language"] = "fr"
    [kayes] = points(client.get(URL, HTTP_ACCEPT_LANGUAGE="fr"))[scene["kayes"].pk]
    assert kayes["properties"]["date_text"] == "1 juillet 2025"
    assert kayes["properties"]["event_type_label"] != "Battles"


def test_an_incident_at_two_places_shares_its_toll_out(client, analyst, db):
    incident = IncidentFactory(
        fatalities_low=31, fatalities_best=31, fatalities_high=31, review_status="published"
    )
    IncidentLocationFactory(incident=incident, location=LocationFactory(name="Diafarabé"))
    IncidentLocationFactory(
        incident=incident, location=LocationFactory(name="Ténenkou"), is_primary=False
    )
    client.force_login(analyst)
    features = points(client.get(URL))[incident.pk]
    assert [f["properties"]["fatalities"] for f in features] == [16, 15]
    assert {f["properties"]["toll"] for f in features} == {"31"}


def test_the_number_of_queries_does_not_grow_with_the_points(client, analyst, scene):
    client.force_login(analyst)
    with CaptureQueriesContext(connection) as few:
        client.get(URL)
    jnim = ActorFactory(short_name="JNIM 2")
    for day in range(1, 21):
        incident = IncidentFactory(date_start=datetime.date(2025, 5, day))
        IncidentLocationFactory(incident=incident, location=LocationFactory())
        IncidentActorFactory(incident=incident, actor=jnim, role=IncidentActor.Role.PERPETRATOR)
    with CaptureQueriesContext(connection) as many:
        response = client.get(URL)
    assert len(points(response)) == 23
    assert len(many) == len(few)


def test_the_map_draws_at_most_the_set_number_and_says_so(client, analyst, scene, settings):
    settings.MAP_MAX_INCIDENTS = 2
    client.force_login(analyst)
    answer = client.get(URL).json()
    assert answer["truncated"] is True and answer["limit"] == 2
    # The latest ones: Kayes (1 July) and Djibo (20 June).
    assert {f["properties"]["incident"] for f in answer["features"]} == {
        scene["kayes"].pk,
        scene["djibo"].pk,
    }


def test_anonymous_readers_are_sent_to_log_in(client, scene):
    response = client.get(URL)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_list_pages_map_tab_shows_the_map_without_the_empty_list_note(client, viewer, scene):
    client.force_login(viewer)
    page = client.get("/incidents/", {"view": "map"}).content.decode()
    assert "map-card" in page
    # The incidents are on the map: no "no incidents yet" note under it, no table either.
    assert "No incidents yet." not in page
    assert "No incident matches these filters." not in page
    assert '<table class="table incidents">' not in page
