"""Every list endpoint runs a fixed, small number of SQL queries whatever the number of rows.

The budget per request: token lookup, its last-used stamp, the user's roles and teams (4), then the
endpoint's own queries (count, page, one per nested relation).
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from analysts.models import ApiToken
from incidents.models import IncidentActor
from incidents.models.incidents import ReviewStatus
from sources.models import ImportJob

from .factories import (
    ActorAliasFactory,
    ActorFactory,
    ArticleFactory,
    ClaimEventFactory,
    FeedFactory,
    ImportJobFactory,
    IncidentActorFactory,
    IncidentFactory,
    IncidentLocationFactory,
    IncidentSourceFactory,
    LocationFactory,
    OutletFactory,
    TagFactory,
)

pytestmark = pytest.mark.django_db

AUTH_QUERIES = 4


def rich_incident(tag):
    incident = IncidentFactory(review_status=ReviewStatus.PUBLISHED)
    IncidentActorFactory(incident=incident, role=IncidentActor.Role.SUSPECTED)
    IncidentActorFactory(incident=incident, role=IncidentActor.Role.TARGET)
    ClaimEventFactory(incident=incident)
    IncidentLocationFactory(incident=incident)
    IncidentSourceFactory(incident=incident)
    incident.tags.add(tag)
    return incident


def make_rows(endpoint: str, count: int, user) -> None:
    if endpoint.startswith("/api/incidents/"):
        tag = TagFactory(name="IED")
        for _ in range(count):
            rich_incident(tag)
    elif endpoint == "/api/actors/":
        for _ in range(count):
            ActorAliasFactory(actor=ActorFactory(affiliation=ActorFactory()))
    elif endpoint == "/api/locations/":
        LocationFactory.create_batch(count)
    elif endpoint == "/api/articles/":
        ArticleFactory.create_batch(count)
    elif endpoint == "/api/outlets/":
        OutletFactory.create_batch(count)
    elif endpoint == "/api/feeds/":
        FeedFactory.create_batch(count)
    elif endpoint == "/api/import-jobs/":
        ImportJobFactory.create_batch(count, created_by=user, kind=ImportJob.Kind.PASTE)
    elif endpoint == "/api/tokens/":
        for _ in range(count):
            ApiToken.issue(user, f"token {ApiToken.objects.count()}")


# Endpoint → its own queries beyond the 4 of authentication.
# Incident endpoints: page (tags folded in), actors, claims, locations, sources; plus two for the
# model permissions the role rule reads (user's and groups', once per request) and one more
# look-up of the user's teams, as `marking_q` lists them again for the articles' rule.
BUDGET = {
    "/api/incidents/": 8,  # no COUNT unless ?count=true
    "/api/incidents/?count=true": 9,
    "/api/incidents/sync/": 8,
    "/api/incidents/?format=geojson": 8,
    "/api/actors/": 3,  # count, page (+affiliation), aliases
    "/api/locations/": 3,  # count, page, alternate names
    "/api/articles/": 2,
    "/api/outlets/": 2,
    "/api/feeds/": 2,
    "/api/import-jobs/": 2,
    "/api/tokens/": 2,
}


@pytest.mark.parametrize("endpoint", list(BUDGET))
def test_list_queries_are_bounded_and_do_not_grow_with_rows(endpoint, editor, client_for):
    client = client_for(editor)
    make_rows(endpoint, 3, editor)
    with CaptureQueriesContext(connection) as few:
        assert client.get(endpoint).status_code == 200
    make_rows(endpoint, 22, editor)
    budget = AUTH_QUERIES + BUDGET[endpoint]
    with CaptureQueriesContext(connection) as many:
        response = client.get(endpoint + ("&" if "?" in endpoint else "?") + "page_size=100")
        assert response.status_code == 200
    body = response.json()
    rows = body.get("results", body.get("features"))
    assert len(rows) >= 25
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]
    assert len(many) <= budget, [q["sql"] for q in many.captured_queries]


def test_filtered_incident_page_with_django_assert_max_num_queries(
    editor, client_for, django_assert_max_num_queries
):
    tag = TagFactory(name="IED")
    incidents = [rich_incident(tag) for _ in range(25)]
    actor = incidents[0].incident_actors.first().actor
    client = client_for(editor)
    query = f"country=ML&admin1=Kayes&actor={actor.pk}&role=suspected&tag=IED&q=army"
    with django_assert_max_num_queries(AUTH_QUERIES + 8 + 2):  # + actor and tag validation
        response = client.get(f"/api/incidents/?{query}")
    assert response.status_code == 200 and len(response.json()["results"]) == 1
