"""Incident list pages built from plain values (incidents/api/representation.py) give exactly the
JSON of the full DRF serializer, on a page that exercises every branch of the representation."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.utils import timezone
from rest_framework.renderers import JSONRenderer
from rest_framework.test import APIRequestFactory

from analysts.markings import TLP
from incidents.api.representation import incident_rows, with_page_data, with_tag_names
from incidents.api.serializers import IncidentSerializer
from incidents.api.views import with_api_data
from incidents.models import ClaimEvent, Incident, IncidentActor
from incidents.models.incidents import ClaimStatus, ReviewStatus
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
    TagFactory,
    TeamFactory,
)

pytestmark = pytest.mark.django_db

Role = IncidentActor.Role


def varied_page(team) -> list[Incident]:
    """Incidents covering every role, either/or suspects, claim events with and without actor or
    readable source, several places, tags, and null or empty values wherever a field allows."""
    jnim = ActorFactory(name="JNIM: Group for Support of Islam and Muslims", short_name="JNIM")
    is_sahel = ActorFactory(name="Islamic State (Sahel)", short_name="")
    army = ActorFactory(name="Military Forces of Mali", short_name="FAMa", actor_type=1)
    civilians = ActorFactory(name="Civilians (Mali)", short_name="Civilians", actor_type=7)
    secret = ArticleFactory(tlp=TLP.RED, team=team, title="Above the viewer's clearance")
    amber = ArticleFactory(tlp=TLP.AMBER, team=TeamFactory(name="Other team"))
    ied, market = TagFactory(name="IED"), TagFactory(name="market")
    now = timezone.now()

    bare = IncidentFactory(
        summary="Nothing known yet.",
        sub_event_type="",
        country="",
        admin1="",
        review_status=ReviewStatus.DRAFT,
    )
    full = IncidentFactory(
        date_end=datetime.date(2025, 7, 3),
        date_precision="week",
        fatalities_low=3,
        fatalities_best=5,
        fatalities_high=9,
        fatalities_claimed=40,
        civilian_targeting=True,
        claim_status=ClaimStatus.DISPUTED,
        notes="Toll from the hospital.",
        review_status=ReviewStatus.PUBLISHED,
        published_at=now.replace(microsecond=0),
        tlp=TLP.AMBER,
        team=team,
    )
    for role, actor, group in [
        (Role.PERPETRATOR, jnim, None),
        (Role.SUSPECTED, jnim, 1),
        (Role.SUSPECTED, is_sahel, 1),
        (Role.SUSPECTED, army, None),
        (Role.TARGET, civilians, None),
        (Role.CLAIMANT, jnim, None),
        (Role.CLAIMANT, is_sahel, None),
        (Role.ASSOCIATED, army, 2),
    ]:
        IncidentActorFactory(
            incident=full, actor=actor, role=role, alternative_group=group, note=f"{role} note"
        )
    ClaimEventFactory(
        incident=full, actor=jnim, channel="az-Zallaqa", quote="We did it.", source_article=secret
    )
    ClaimEventFactory(
        incident=full,
        actor=None,
        kind=ClaimEvent.Kind.DENIAL,
        date=None,
        made_by="a local official",
        quote="Visible quote",
        source_article=ArticleFactory(),
        credibility=2,
    )
    ClaimEventFactory(incident=full, actor=is_sahel, date=datetime.date(2025, 6, 30))
    IncidentLocationFactory(
        incident=full,
        geo_precision=2,
        note="the camp",
        location=LocationFactory(latitude=15.0, longitude=-4.123456789012345),
    )
    IncidentLocationFactory(
        incident=full,
        is_primary=False,
        location=LocationFactory(latitude=None, longitude=None, geonames_id=2453348),
    )
    IncidentLocationFactory(
        incident=full,
        is_primary=False,
        location=LocationFactory(kind="admin2", admin1_name="", admin2_name="Bankass"),
    )
    IncidentSourceFactory(
        incident=full,
        note="first report",
        article=ArticleFactory(
            published_at=datetime.datetime(2025, 7, 1, 22, 5, 9, 654321, tzinfo=datetime.UTC)
        ),
    )
    IncidentSourceFactory(
        incident=full, article=ArticleFactory(outlet=None, published_at=None), quote=""
    )
    IncidentSourceFactory(incident=full, article=secret)
    IncidentSourceFactory(incident=full, article=amber)
    full.tags.add(market, ied)

    unclaimed = IncidentFactory(
        claim_status=ClaimStatus.UNCLAIMED,
        fatalities_low=30,
        published_at=datetime.datetime(2025, 7, 2, 23, 30, 15, 123456, tzinfo=datetime.UTC),
        merged_into=bare,
    )
    IncidentActorFactory(incident=unclaimed, actor=jnim, role=Role.SUSPECTED, alternative_group=3)
    IncidentActorFactory(incident=unclaimed, actor=is_sahel, role=Role.SUSPECTED)
    IncidentLocationFactory(incident=unclaimed)
    unclaimed.tags.add(ied)

    attributed = IncidentFactory(claim_status=ClaimStatus.ATTRIBUTED, fatalities_best=0)
    IncidentActorFactory(incident=attributed, actor=jnim, role=Role.PERPETRATOR)
    ClaimEventFactory(
        incident=attributed, actor=jnim, kind=ClaimEvent.Kind.ATTRIBUTION, made_by="army"
    )
    IncidentSourceFactory(incident=attributed, article=ArticleFactory(outlet=OutletFactory()))

    claimed = IncidentFactory(claim_status=ClaimStatus.CLAIMED, fatalities_low=2, fatalities_high=2)
    IncidentActorFactory(incident=claimed, actor=is_sahel, role=Role.CLAIMANT)
    return [bare, full, unclaimed, attributed, claimed]


def full_serializer(ids: list[int], user) -> list[dict]:
    """The reference: DRF's declared fields, one incident at a time (the generic path)."""
    loaded = with_api_data(Incident.objects.filter(pk__in=ids), user).in_bulk()
    serializer = IncidentSerializer()
    return [serializer.generic_representation(loaded[pk]) for pk in ids]


def render(data) -> bytes:
    return JSONRenderer().render(data)


@pytest.mark.parametrize("zone", ["UTC", "Africa/Bamako", "Europe/Paris", "America/St_Johns"])
@pytest.mark.parametrize("persona", ["editor", "analyst"])
def test_list_rows_render_the_same_json_as_the_full_serializer(persona, zone, request):
    user = request.getfixturevalue(persona)
    team = TeamFactory(name="Sahel desk")
    user.teams.add(team)
    ids = [incident.pk for incident in varied_page(team)]
    incidents = Incident.objects.filter(pk__in=ids).order_by("-id")
    page = list(with_page_data(incidents, user))  # what the API's list and sync read
    ids = [incident.pk for incident in page]
    context = {"request": APIRequestFactory().get("/api/incidents/")}
    context["request"].user = user
    with timezone.override(zone):
        reference = full_serializer(ids, user)
        fast = IncidentSerializer(page, many=True, context=context).data
        # The other ways in: nested lists read with a query each, and tags too.
        by_queries = incident_rows(list(with_tag_names(incidents)), user)
        plain = incident_rows(list(incidents), user)
    assert [row["id"] for row in fast] == ids
    for expected, got in zip(reference, fast, strict=True):
        assert list(got) == list(expected)  # same keys in the same order
        for name in expected:
            assert got[name] == expected[name], (expected["id"], name)
    assert render(fast) == render(reference)
    assert render(by_queries) == render(reference)
    assert render(plain) == render(reference)


def test_a_page_is_one_query_on_postgresql(editor, django_assert_num_queries):
    team = TeamFactory(name="Sahel desk")
    editor.teams.add(team)
    varied_page(team)
    Article.objects.visible_to(editor)  # the user's roles: read once per request, at sign-in
    # Its permissions too: the view's `Incident.objects.visible_to` has read them for the page.
    Incident.objects.visible_to(editor)
    # On PostgreSQL nested lists are folded into the page query; elsewhere one query each. The
    # page holds a merged duplicate: one primary-key query says whether its target is readable.
    merged = Incident.objects.exclude(merged_into=None)
    assert merged.exists()
    with django_assert_num_queries(2 if connection.vendor == "postgresql" else 6):
        rows = incident_rows(with_page_data(Incident.objects.all(), editor), editor)
    assert len(rows) == 5
    # Without merged rows the page is the one query (the merge targets cost nothing).
    with django_assert_num_queries(1 if connection.vendor == "postgresql" else 5):
        rows = incident_rows(
            with_page_data(Incident.objects.filter(merged_into=None), editor), editor
        )
    assert len(rows) == 4


def test_the_page_exercises_every_branch(editor):
    """Guards the comparison above against a page too plain to catch a difference."""
    team = TeamFactory(name="Sahel desk")
    editor.teams.add(team)
    ids = [incident.pk for incident in varied_page(team)]
    rows = incident_rows(list(with_tag_names(Incident.objects.filter(pk__in=ids))), editor)
    roles = {link["role"] for row in rows for link in row["actors"]}
    assert roles == set(Role.values)
    assert any(link["alternative_group"] for row in rows for link in row["actors"])
    events = [event for row in rows for event in row["claim_events"]]
    assert {event["actor"] is None for event in events} == {True, False}
    assert {event["source_hidden"] for event in events} == {False}  # the editor reads RED
    assert max(len(row["locations"]) for row in rows) == 3
    assert any(link["location"]["latitude"] is None for row in rows for link in row["locations"])
    assert any(source["outlet"] is None for row in rows for source in row["sources"])
    assert {tag for row in rows for tag in row["tags"]} == {"IED", "market"}
    texts = {row["claim_status_text"] for row in rows}
    assert (
        "Disputed: claimed by Islamic State (Sahel) and JNIM, denied by a local official"
        in texts  # claims in date order
    )
    assert "Unclaimed, JNIM or Islamic State (Sahel) suspected" not in texts  # not the same group
    assert "Unclaimed, JNIM and Islamic State (Sahel) suspected" in texts


def test_analyst_sees_claims_but_not_sources_above_clearance(analyst):
    team = TeamFactory(name="Sahel desk")
    analyst.teams.add(team)
    ids = [incident.pk for incident in varied_page(team)]
    rows = {
        row["id"]: row
        for row in incident_rows(list(with_tag_names(Incident.objects.filter(pk__in=ids))), analyst)
    }
    full = next(row for row in rows.values() if len(row["claim_events"]) == 3)
    hidden = [event for event in full["claim_events"] if event["source_hidden"]]
    assert len(hidden) == 1
    assert hidden[0]["quote"] == "" and hidden[0]["source_article"] is None
    titles = {source["title"] for source in full["sources"]}
    assert "Above the viewer's clearance" not in titles
    assert len(full["sources"]) == 2  # the RED one and the other team's AMBER one are left out


def test_api_list_page_equals_the_full_serializer(editor, client_for):
    team = TeamFactory(name="Sahel desk")
    editor.teams.add(team)
    varied_page(team)
    response = client_for(editor).get("/api/incidents/sync/?page_size=100")
    assert response.status_code == 200
    rows = response.json()["results"]
    assert len(rows) == 5  # sync lists merged duplicates too
    reference = full_serializer([row["id"] for row in rows], editor)
    assert render(rows) == render(reference)


@pytest.mark.parametrize("persona", ["editor", "analyst"])
def test_api_detail_equals_the_full_serializer(persona, client_for, request):
    """Detail responses come from the same representation as list rows: byte for byte the
    declared fields' JSON, for every incident of the varied page the reader may open."""
    user = request.getfixturevalue(persona)
    team = TeamFactory(name="Sahel desk")
    user.teams.add(team)
    ids = [incident.pk for incident in varied_page(team)]
    client = client_for(user)
    opened = 0
    for pk in Incident.objects.visible_to(user).filter(pk__in=ids).values_list("pk", flat=True):
        response = client.get(f"/api/incidents/{pk}/")
        assert response.status_code == 200
        assert response.content == render(full_serializer([pk], user)[0])
        opened += 1
    assert opened >= 3  # the merged duplicate redirects; the AMBER one needs the team


def test_write_response_equals_the_full_serializer(editor, client_for):
    """The incident read back after an edit is built the same way."""
    team = TeamFactory(name="Sahel desk")
    editor.teams.add(team)
    full = varied_page(team)[1]
    response = client_for(editor).patch(
        f"/api/incidents/{full.pk}/",
        {"notes": "Toll from the hospital and the mayor."},
        format="json",
        HTTP_IF_MATCH=f'"{full.version}"',
    )
    assert response.status_code == 200, response.content
    assert response.json()["notes"] == "Toll from the hospital and the mayor."
    assert response.content == render(full_serializer([full.pk], editor)[0])
