"""TLP leaks over the API: lists, counts, searches, detail, sync, articles, history, GeoJSON.

The scene and the personas are described in tests/tlp_scene.py: every persona reads exactly the
incidents of `READS` (CSV: tests/test_tlp_exports.py), hidden ids answer 404 (never 403, which would confirm they exist), and a
quote from the RED cable never reaches a reader without clearance for it.
"""

from __future__ import annotations

import json

import pytest

from .tlp_scene import PERSONAS, READS, READS_CABLE, leaks

pytestmark = pytest.mark.django_db


@pytest.fixture(params=PERSONAS)
def persona(request, tlp_scene, client_for):
    """(name, API client with a token of that persona)."""
    return request.param, client_for(request.getfixturevalue(request.param))


@pytest.mark.parametrize("url", ["/api/incidents/?count=true", "/api/incidents/sync/"])
def test_lists_and_counts(persona, tlp_scene, url):
    name, client = persona
    response = client.get(url)
    assert response.status_code == 200
    body = response.json()
    assert {row["id"] for row in body["results"]} == tlp_scene.visible_ids(name)
    if "count=true" in url:
        assert body["count"] == len(READS[name])
    assert leaks(response.content.decode(), tlp_scene.telltales_hidden_from(name)) == []


@pytest.mark.parametrize(
    ("query", "targets"),
    [
        ("q=Redwater", {"red"}),
        ("q=Amberton", {"amber"}),
        ("admin1=Redshire", {"red"}),
        ("admin1=Ambershire", {"amber"}),
        ("fatalities_min=50", {"red", "amber"}),
    ],
)
def test_searches_aimed_at_hidden_incidents_find_and_count_nothing(
    persona, tlp_scene, query, targets
):
    """A count of 1 for a hidden incident's place would confirm that it exists."""
    name, client = persona
    response = client.get(f"/api/incidents/?count=true&{query}")
    assert response.status_code == 200
    body = response.json()
    expected = {tlp_scene.incident(key).pk for key in targets & READS[name]}
    assert {row["id"] for row in body["results"]} == expected
    assert body["count"] == len(expected)


@pytest.mark.parametrize("key", ["open", "red", "amber"])
@pytest.mark.parametrize("suffix", ["", "history/", "?format=geojson"])
def test_detail_history_and_geojson_by_id(persona, tlp_scene, key, suffix):
    name, client = persona
    response = client.get(f"/api/incidents/{tlp_scene.incident(key).pk}/{suffix}")
    if key not in READS[name]:
        assert response.status_code == 404, response.content[:200]
        assert leaks(response.content.decode(), tlp_scene.telltales_hidden_from(name)) == []
    elif suffix == "history/" and name == "viewer":
        assert response.status_code == 403  # viewers read no history, whatever the marking
    else:
        assert response.status_code == 200
        if suffix != "history/":
            assert tlp_scene.incident(key).summary in response.content.decode()


def test_detail_of_the_green_incident_masks_the_cable(persona, tlp_scene):
    name, client = persona
    body = client.get(f"/api/incidents/{tlp_scene.open.pk}/").json()
    cited = [source["article"] for source in body["sources"]]
    claim = next(e for e in body["claim_events"] if e["id"] == tlp_scene.cable_claim.pk)
    if name in READS_CABLE:
        assert cited == [tlp_scene.wire.pk, tlp_scene.cable.pk]
        assert claim["source_article"] == tlp_scene.cable.pk
        assert claim["quote"] == tlp_scene.cable_claim.quote
    else:
        assert cited == [tlp_scene.wire.pk]
        assert (claim["source_article"], claim["quote"], claim["source_hidden"]) == (None, "", True)
        assert leaks(json.dumps(body), tlp_scene.telltales_hidden_from(name)) == []


def test_geojson_list_has_points_of_readable_incidents_only(persona, tlp_scene):
    name, client = persona
    response = client.get("/api/incidents/?format=geojson")
    assert response.status_code == 200
    features = response.json()["features"]
    ids = {feature["properties"]["incident"] for feature in features}
    assert ids == tlp_scene.visible_ids(name)
    points = {tuple(feature["geometry"]["coordinates"]) for feature in features}
    hidden_points = {
        (
            tlp_scene.incident(key).primary_location.longitude,
            tlp_scene.incident(key).primary_location.latitude,
        )
        for key in {"red", "amber"} - READS[name]
    }
    assert not points & hidden_points
    assert leaks(response.content.decode(), tlp_scene.telltales_hidden_from(name)) == []


def test_articles_list_count_and_detail(persona, tlp_scene):
    name, client = persona
    listing = client.get("/api/articles/")
    assert listing.status_code == 200
    body = listing.json()
    expected = {tlp_scene.wire.pk} | ({tlp_scene.cable.pk} if name in READS_CABLE else set())
    assert {row["id"] for row in body["results"]} == expected
    assert body["count"] == len(expected)
    detail = client.get(f"/api/articles/{tlp_scene.cable.pk}/")
    assert detail.status_code == (200 if name in READS_CABLE else 404)
    if name not in READS_CABLE:
        text = listing.content.decode() + detail.content.decode()
        assert leaks(text, tlp_scene.telltales_hidden_from(name)) == []
