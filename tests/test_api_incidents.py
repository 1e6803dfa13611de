"""/api/incidents/: nested reads, visibility, writes with nested rows, versions, GeoJSON, sync, history."""

from __future__ import annotations

import datetime

import pytest

from analysts.markings import TLP
from incidents.models import Incident, IncidentActor
from incidents.models.incidents import ReviewStatus

from .factories import (
    ActorFactory,
    ArticleFactory,
    ClaimEventFactory,
    IncidentActorFactory,
    IncidentFactory,
    IncidentLocationFactory,
    IncidentSourceFactory,
    LocationFactory,
    TagFactory,
    TeamFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def kayes_attack():
    incident = IncidentFactory(
        summary="JNIM attacked the army camp in Kayes.",
        review_status=ReviewStatus.PUBLISHED,
        claim_status="claimed",
        fatalities_low=10,
        fatalities_best=12,
        fatalities_high=15,
    )
    jnim = ActorFactory(name="JNIM: Group for Support of Islam and Muslims", short_name="JNIM")
    IncidentActorFactory(incident=incident, actor=jnim, role=IncidentActor.Role.PERPETRATOR)
    IncidentActorFactory(incident=incident, actor=jnim, role=IncidentActor.Role.CLAIMANT)
    ClaimEventFactory(incident=incident, actor=jnim, channel="az-Zallaqa")
    IncidentLocationFactory(
        incident=incident, location=LocationFactory(name="Kayes", latitude=14.45, longitude=-11.44)
    )
    IncidentSourceFactory(incident=incident, article=ArticleFactory(title="AFP: attacks in Kayes"))
    incident.tags.add(TagFactory(name="army camp"))
    return incident


def test_list_carries_actors_by_role_claims_places_and_sources(viewer, client_for, kayes_attack):
    response = client_for(viewer).get("/api/incidents/")
    assert response.status_code == 200
    [row] = response.json()["results"]
    assert row["actors_by_role"]["perpetrator"] == ["JNIM"]
    assert row["actors_by_role"]["claimant"] == ["JNIM"]
    assert row["claim_status_text"] == "Claimed by JNIM (az-Zallaqa, 2025-07-01)"
    assert row["claim_events"][0]["actor"]["short_name"] == "JNIM"
    assert row["locations"][0]["location"]["name"] == "Kayes"
    assert row["sources"][0]["title"] == "AFP: attacks in Kayes"
    assert row["tags"] == ["army camp"]
    assert row["fatalities_text"] == "10–15"


def test_anonymous_gets_401(api_client, kayes_attack):
    assert api_client.get("/api/incidents/").status_code == 401


def test_viewer_sees_published_only(viewer, client_for):
    IncidentFactory(review_status=ReviewStatus.PUBLISHED)
    draft = IncidentFactory(review_status=ReviewStatus.DRAFT)
    client = client_for(viewer)
    ids = [row["id"] for row in client.get("/api/incidents/").json()["results"]]
    assert draft.pk not in ids and len(ids) == 1
    assert client.get(f"/api/incidents/{draft.pk}/").status_code == 404


def test_amber_incident_stays_within_its_team(analyst, client_for):
    desk = TeamFactory(name="Mali desk")
    secret = IncidentFactory(tlp=TLP.AMBER, team=desk)
    client = client_for(analyst)
    assert client.get(f"/api/incidents/{secret.pk}/").status_code == 404
    analyst.teams.add(desk)
    assert client.get(f"/api/incidents/{secret.pk}/").status_code == 200


def test_source_articles_above_clearance_are_left_out(viewer, client_for, kayes_attack):
    IncidentSourceFactory(incident=kayes_attack, article=ArticleFactory(title="Red", tlp=TLP.RED))
    row = client_for(viewer).get(f"/api/incidents/{kayes_attack.pk}/").json()
    assert [source["title"] for source in row["sources"]] == ["AFP: attacks in Kayes"]


def test_claim_quotes_from_articles_above_clearance_are_blanked(viewer, client_for, kayes_attack):
    red = ArticleFactory(tlp=TLP.RED)
    ClaimEventFactory(incident=kayes_attack, source_article=red, quote="secret", channel="x")
    row = client_for(viewer).get(f"/api/incidents/{kayes_attack.pk}/").json()
    hidden = [event for event in row["claim_events"] if event["channel"] == "x"]
    assert hidden[0]["quote"] == "" and hidden[0]["source_article"] is None
    assert hidden[0]["source_hidden"] is True


def payload(**overrides):
    jnim = ActorFactory(name="JNIM", short_name="JNIM")
    army = ActorFactory(name="FAMa", actor_type=1)
    data = {
        "summary": "Attack on the Kayes camp.",
        "date_start": "2025-07-01",
        "event_type": "Battles",
        "sub_event_type": "Armed clash",
        "fatalities_best": 12,
        "claim_status": "claimed",
        "tags": ["army camp"],
        "actors": [
            {"actor": jnim.pk, "role": "perpetrator"},
            {"actor": jnim.pk, "role": "claimant"},
            {"actor": army.pk, "role": "target"},
        ],
        "locations": [{"location": LocationFactory(name="Kayes", admin1_name="Kayes").pk}],
        "claim_events": [{"kind": "claim", "actor": jnim.pk, "channel": "az-Zallaqa"}],
    }
    data.update(overrides)
    return data


def test_analyst_creates_incident_with_nested_rows(analyst, client_for):
    response = client_for(analyst).post("/api/incidents/", payload(), format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["actors_by_role"]["target"] == ["FAMa"]
    assert body["admin1"] == "Kayes"  # copied from the primary location
    assert body["locations"][0]["is_primary"] is True
    assert body["claim_status_text"].startswith("Claimed by JNIM")
    assert response["ETag"] == '"1"'
    assert Incident.objects.get(pk=body["id"]).created_by == analyst


def test_viewer_cannot_write(viewer, client_for):
    response = client_for(viewer).post("/api/incidents/", payload(), format="json")
    assert response.status_code == 403
    assert not Incident.objects.exists()


def test_unknown_actor_is_a_400_with_the_field_path(analyst, client_for):
    data = payload()
    data["actors"][1]["actor"] = 999_999
    response = client_for(analyst).post("/api/incidents/", data, format="json")
    assert response.status_code == 400
    # The path of the bad value: actors → item 1 → actor.
    assert response.json()["actors"]["1"]["actor"] == [
        'Invalid pk "999999" - object does not exist.'
    ]
    assert not Incident.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"sub_event_type": "Peaceful protest"}, "sub_event_type"),
        ({"date_end": "2025-06-01"}, "date_end"),
        ({"fatalities_low": 20}, "fatalities_low"),
        ({"tlp": "red"}, "tlp"),
    ],
)
def test_inconsistent_incident_is_refused(analyst, client_for, overrides, field):
    response = client_for(analyst).post("/api/incidents/", payload(**overrides), format="json")
    assert response.status_code == 400
    assert field in response.json()


@pytest.fixture
def draft(kayes_attack):
    """Analysts edit drafts and incidents in review; published ones are the editors'."""
    Incident.objects.filter(pk=kayes_attack.pk).update(review_status=ReviewStatus.DRAFT)
    kayes_attack.refresh_from_db()
    return kayes_attack


def test_analyst_cannot_edit_a_published_incident(analyst, editor, client_for, kayes_attack):
    url = f"/api/incidents/{kayes_attack.pk}/"
    body = {"notes": "x", "version": 1}
    assert client_for(analyst).patch(url, body, format="json").status_code == 403
    assert client_for(editor).patch(url, body, format="json").status_code == 200


def test_update_needs_the_current_version(analyst, client_for, draft):
    kayes_attack = draft
    client = client_for(analyst)
    url = f"/api/incidents/{kayes_attack.pk}/"
    etag = client.get(url)["ETag"]
    assert etag == '"1"'
    assert client.patch(url, {"notes": "no version"}, format="json").status_code == 428
    first = client.patch(url, {"notes": "first edit"}, format="json", HTTP_IF_MATCH=etag)
    assert first.status_code == 200 and first["ETag"] == '"2"'
    stale = client.patch(url, {"notes": "second edit"}, format="json", HTTP_IF_MATCH=etag)
    assert stale.status_code == 412
    assert stale.json()["current_version"] == 2
    kayes_attack.refresh_from_db()
    assert kayes_attack.notes == "first edit" and kayes_attack.version == 2


def test_version_in_body_works_like_if_match(analyst, client_for, draft):
    kayes_attack = draft
    client = client_for(analyst)
    url = f"/api/incidents/{kayes_attack.pk}/"
    assert client.patch(url, {"notes": "x", "version": 1}, format="json").status_code == 200
    assert client.patch(url, {"notes": "y", "version": 1}, format="json").status_code == 412


def test_put_replaces_nested_rows(analyst, client_for, draft):
    kayes_attack = draft
    client = client_for(analyst)
    url = f"/api/incidents/{kayes_attack.pk}/"
    data = payload(actors=[], claim_events=[], claim_status="unknown")
    response = client.put(url, data, format="json", HTTP_IF_MATCH='"1"')
    assert response.status_code == 200, response.json()
    assert response.json()["actors"] == []
    assert response.json()["claim_status_text"] == "Claim unknown"


def test_history_lists_changes_with_their_author(analyst, client_for, draft):
    kayes_attack = draft
    client = client_for(analyst)
    url = f"/api/incidents/{kayes_attack.pk}/"
    client.patch(
        url, {"fatalities_best": 13, "fatalities_high": 15}, format="json", HTTP_IF_MATCH='"1"'
    )
    history = client.get(url + "history/").json()
    assert history[0]["history_type"] == "+" and history[-1]["history_type"] == "~"
    last = history[-1]
    assert last["user"] == analyst.username
    assert {"field": "fatalities_best", "old": 12, "new": 13} in last["changes"]


def test_viewers_may_not_read_history(viewer, client_for, kayes_attack):
    response = client_for(viewer).get(f"/api/incidents/{kayes_attack.pk}/history/")
    assert response.status_code == 403


def test_geojson_has_one_point_per_location(viewer, client_for, kayes_attack):
    IncidentLocationFactory(
        incident=kayes_attack,
        location=LocationFactory(name="Diéma", latitude=14.54, longitude=-9.18),
        is_primary=False,
    )
    response = client_for(viewer).get("/api/incidents/?format=geojson&count=true")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/geo+json")
    collection = response.json()
    assert collection["type"] == "FeatureCollection"
    points = {f["properties"]["location_name"]: f["geometry"] for f in collection["features"]}
    assert points["Kayes"] == {"type": "Point", "coordinates": [-11.44, 14.45]}
    assert points["Diéma"]["coordinates"] == [-9.18, 14.54]
    assert collection["count"] == 1


def test_csv_uses_the_export_layouts_and_the_filters(viewer, client_for, kayes_attack):
    IncidentFactory(review_status=ReviewStatus.PUBLISHED, country="BF", admin1="Sahel")
    response = client_for(viewer).get("/api/incidents/?format=csv&layout=briefing&country=ML")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    lines = [line for line in text.splitlines() if line]
    assert len(lines) == 2  # header and the Kayes attack only
    assert "Kayes" in lines[1]
    bad = client_for(viewer).get("/api/incidents/?format=csv&layout=pretty")
    assert bad.status_code == 400


def test_sync_walks_every_change_in_update_order(viewer, client_for):
    base = datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC)
    created = [IncidentFactory(review_status=ReviewStatus.PUBLISHED) for _ in range(5)]
    for offset, incident in enumerate(reversed(created)):
        Incident.objects.filter(pk=incident.pk).update(
            updated_at=base + datetime.timedelta(hours=offset)
        )
    client = client_for(viewer)
    seen, url = [], "/api/incidents/sync/?page_size=2"
    while url:
        page = client.get(url).json()
        seen += [row["id"] for row in page["results"]]
        url = page["next"]
    assert seen == [incident.pk for incident in reversed(created)]
    since = client.get("/api/incidents/sync/?updated_since=2025-01-01T03:00:00Z").json()
    assert [row["id"] for row in since["results"]] == [created[1].pk, created[0].pk]


def test_pages_link_to_each_other_and_count_on_request(viewer, client_for):
    IncidentFactory.create_batch(5, review_status=ReviewStatus.PUBLISHED)
    client = client_for(viewer)
    first = client.get("/api/incidents/?page_size=2").json()
    assert first["count"] is None and first["previous"] is None and len(first["results"]) == 2
    second = client.get(first["next"]).json()
    third = client.get(second["next"]).json()
    assert len(third["results"]) == 1 and third["next"] is None
    seen = {row["id"] for page in (first, second, third) for row in page["results"]}
    assert len(seen) == 5
    assert client.get("/api/incidents/?page_size=2&count=true").json()["count"] == 5
    assert client.get("/api/incidents/?page=9").status_code == 404
    assert client.get("/api/incidents/?count=maybe").status_code == 400


def test_page_size_is_capped_at_500(viewer, client_for):
    from incidents.api.pagination import IncidentPagePagination

    assert IncidentPagePagination.max_page_size == 500
    IncidentFactory.create_batch(3, review_status=ReviewStatus.PUBLISHED)
    response = client_for(viewer).get("/api/incidents/?page_size=100000")
    assert response.status_code == 200 and len(response.json()["results"]) == 3


def test_unknown_query_parameter_is_a_400_naming_it(viewer, client_for):
    response = client_for(viewer).get("/api/incidents/?contry=ML")
    assert response.status_code == 400
    assert "contry" in response.json()
