"""Correcting a proposal's places on the review page: the gazetteer autocomplete, the map
preview, and accepting with places added, removed, re-graded or kept by name."""

from __future__ import annotations

import json

import pytest

from incidents.models import Incident, IncidentLocation, Location, LocationName

from .factories import ArticleFactory, LocationFactory, SuggestionFactory, suggestion_data
from .test_desk_review import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def timbuktu():
    place = LocationFactory(
        name="Timbuktu",
        admin1_name="Tombouctou",
        country_code="ML",
        feature_class="P",
        latitude=16.77,
        longitude=-3.0,
        population=50_000,
    )
    LocationName.objects.create(location=place, name="Tombouctou", language="fr")
    LocationName.objects.create(location=place, name="Timbuktoo", language="en")
    LocationName.objects.create(location=place, name="Tumbutu", language="ff")
    return place


@pytest.fixture
def proposal():
    kayes = LocationFactory(name="Kayes", admin1_name="Kayes", latitude=14.45, longitude=-11.44)
    data = suggestion_data(
        location_ids=[kayes.pk],
        location_details=[{"name": "Kayes", "location_id": kayes.pk, "precision": 1}],
        locations=[{"name": "Kayes", "latitude": 14.45, "longitude": -11.44}],
    )
    return SuggestionFactory(article=ArticleFactory(), position=0, data=data), kayes


def test_autocomplete_finds_french_names_with_region_country_and_class(client, analyst, timbuktu):
    client.force_login(analyst)
    results = client.get("/places/search/", {"q": "tombouc"}).json()["results"]
    assert results[0]["name"] == "Timbuktu"
    assert (results[0]["admin1"], results[0]["country"], results[0]["feature_class"]) == (
        "Tombouctou",
        "ML",
        "P",
    )
    assert results[0]["feature"] == "town or village"
    assert results[0]["alternates"] == {"fr": ["Tombouctou"], "en": ["Timbuktoo"]}


def test_autocomplete_is_bounded_and_needs_two_letters(client, analyst):
    for n in range(15):
        LocationFactory(name=f"Dori {n}")
    client.force_login(analyst)
    assert len(client.get("/places/search/", {"q": "Dori"}).json()["results"]) == 10
    assert client.get("/places/search/", {"q": "D"}).json()["results"] == []


def test_autocomplete_and_preview_are_for_reviewers(client, viewer):
    client.force_login(viewer)
    assert client.get("/places/search/", {"q": "Kayes"}).status_code == 403
    assert client.get("/places/preview/", {"p": "14.4,-11.4"}).status_code == 403


def test_preview_draws_the_points_offline(client, analyst):
    client.force_login(analyst)
    drawing = client.get(
        "/places/preview/", {"p": ["14.45,-11.44", "bad", "99,0"], "country": "ML"}
    )
    body = drawing.content.decode()
    assert body.startswith("<svg") and body.count("<circle") == 1
    empty = client.get("/places/preview/").content.decode()
    assert "No place with coordinates" in empty


def test_the_card_shows_the_places_with_a_precision_and_a_map(client, analyst, proposal):
    suggestion, kayes = proposal
    client.force_login(analyst)
    page = client.get(f"/articles/{suggestion.article_id}/").content.decode()
    assert f'data-id="{kayes.pk}"' in page and 'class="place-search"' in page
    assert "2 – near or part of" in page
    # The map comes after the page, from the preview endpoint with the card's points.
    preview = "/places/preview/?p=14.45%2C-11.44&amp;country=ML"
    assert f'hx-get="{preview}"' in page
    assert 'class="desk-map"' in client.get(preview.replace("&amp;", "&")).content.decode()


def _accept(client, suggestion, places):
    data = form_data(suggestion, places=json.dumps(places))
    return client.post(f"/suggestions/{suggestion.pk}/accept/", data)


def test_accept_with_a_place_replaced_and_re_graded(client, analyst, proposal, timbuktu):
    suggestion, kayes = proposal
    client.force_login(analyst)
    response = _accept(client, suggestion, [{"location_id": timbuktu.pk, "precision": 2}])
    assert response.status_code == 302
    links = list(IncidentLocation.objects.filter(incident=Incident.objects.get()))
    assert [(link.location, link.geo_precision, link.is_primary) for link in links] == [
        (timbuktu, 2, True)
    ]


def test_a_place_missing_from_the_gazetteer_is_kept_by_name(client, analyst, proposal):
    suggestion, kayes = proposal
    client.force_login(analyst)
    places = [
        {"new": True, "name": "Camp de Ndaki", "latitude": "15.1", "longitude": "-1.9"},
        {"new": True, "name": "Hameau sans nom", "latitude": None, "longitude": None},
        {"location_id": kayes.pk, "precision": 1},
    ]
    assert _accept(client, suggestion, places).status_code == 302
    incident = Incident.objects.get()
    names = [link.location.name for link in incident.incident_locations.order_by("id")]
    assert names == ["Camp de Ndaki", "Hameau sans nom", "Kayes"]
    camp = Location.objects.get(name="Camp de Ndaki")
    assert (camp.latitude, camp.longitude, camp.country_code, camp.geonames_id) == (
        15.1,
        -1.9,
        "ML",
        None,
    )
    assert Location.objects.get(name="Hameau sans nom").latitude is None
    assert incident.primary_location == camp


@pytest.mark.parametrize(
    ("place", "message"),
    [
        ({"new": True, "name": "X", "latitude": "95", "longitude": "0"}, "between -90 and 90"),
        ({"new": True, "name": "X", "latitude": "12", "longitude": ""}, "or neither"),
        ({"new": True, "name": "  "}, "needs a name"),
        ({"location_id": 999999}, "no longer in the gazetteer"),
        ({"location_id": 1, "precision": 7}, "precision"),
    ],
)
def test_bad_places_are_refused_and_nothing_is_created(client, analyst, proposal, place, message):
    suggestion, _ = proposal
    client.force_login(analyst)
    before = Location.objects.count()
    response = _accept(client, suggestion, [place])
    assert response.status_code == 400 and message in response.content.decode()
    assert Incident.objects.count() == 0 and Location.objects.count() == before


def test_a_new_place_needs_the_country(client, analyst, proposal):
    suggestion, _ = proposal
    client.force_login(analyst)
    data = form_data(suggestion, country="", places=json.dumps([{"new": True, "name": "Ndaki"}]))
    response = client.post(f"/suggestions/{suggestion.pk}/accept/", data)
    assert response.status_code == 400
    assert "set the incident&#x27;s country" in response.content.decode()
    assert not Location.objects.filter(name="Ndaki").exists()


def test_removing_every_place_does_not_bring_the_proposal_back(client, analyst, proposal):
    suggestion, kayes = proposal
    region = LocationFactory(name="Kayes", kind=Location.Kind.ADMIN1, admin1_name="Kayes")
    client.force_login(analyst)
    assert _accept(client, suggestion, []).status_code == 302
    links = list(Incident.objects.get().incident_locations.all())
    # No town: the region, at region precision (the vague-place rule of the service).
    assert [(link.location, link.geo_precision) for link in links] == [(region, 3)]


def test_untouched_places_are_not_a_change(client, analyst, proposal):
    suggestion, kayes = proposal
    client.force_login(analyst)
    assert (
        client.post(f"/suggestions/{suggestion.pk}/accept/", form_data(suggestion)).status_code
        == 302
    )
    suggestion.refresh_from_db()
    assert "location_details" not in suggestion.reason
    assert Incident.objects.get().primary_location == kayes
