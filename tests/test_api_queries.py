"""Every list endpoint runs a fixed, small number of SQL queries whatever the number of rows.

Issue 5 req. 8: at most six per incident list page, token authentication included. The token
query brings the user, their roles and permissions; "last used" is written at most once a
minute; the TLP rule's team look-up is a subquery of the page query.
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

AUTH_QUERIES = 1  # the token, its user, roles and permissions in one


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


# Incident endpoints: the page with tags and, on PostgreSQL, every nested list folded in as JSON;
# elsewhere one more query each for actors, claims, locations and sources.
INCIDENT_ROWS = 1 if connection.vendor == "postgresql" else 5

# Endpoint → its own queries beyond authentication.
BUDGET = {
    "/api/incidents/": INCIDENT_ROWS,  # no COUNT unless ?count=true
    "/api/incidents/?count=true": INCIDENT_ROWS + 1,
    "/api/incidents/sync/": INCIDENT_ROWS,
    "/api/incidents/?format=geojson": INCIDENT_ROWS,
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
    client.get("/api/")  # the token's first use stamps "last used" (once a minute at most)
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


@pytest.mark.parametrize("suffix", ["", "?format=geojson"])
def test_one_incident_costs_what_a_page_row_costs(editor, client_for, suffix):
    """Detail reads its incident the way list pages do: no query per nested list on PostgreSQL."""
    incident = rich_incident(TagFactory(name="IED"))
    client = client_for(editor)
    client.get("/api/")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/api/incidents/{incident.pk}/{suffix}")
    assert response.status_code == 200
    assert len(queries) == AUTH_QUERIES + INCIDENT_ROWS, [q["sql"] for q in queries]


def test_filtered_incident_page_with_django_assert_max_num_queries(
    editor, client_for, django_assert_max_num_queries
):
    tag = TagFactory(name="IED")
    incidents = [rich_incident(tag) for _ in range(25)]
    actors = [link.actor for link in incidents[0].incident_actors.all()]
    client = client_for(editor)
    client.get("/api/")
    query = (
        f"country=ML&admin1=Kayes&actor={actors[0].pk}&actor={actors[1].pk}"
        "&role=suspected,target&review_status=published&page_size=100"
    )
    with django_assert_max_num_queries(6):
        response = client.get(f"/api/incidents/?{query}")
    assert response.status_code == 200 and len(response.json()["results"]) == 1
    row = response.json()["results"][0]
    assert len(row["actors"]) == 2 and row["claim_events"] and row["locations"] and row["sources"]


def test_twenty_five_rows_with_every_nested_list_in_six_queries(
    editor, client_for, django_assert_max_num_queries
):
    tag = TagFactory(name="IED")
    for _ in range(25):
        rich_incident(tag)
    client = client_for(editor)
    client.get("/api/")
    with django_assert_max_num_queries(6):
        response = client.get("/api/incidents/?country=ML&review_status=published&page_size=100")
    assert len(response.json()["results"]) == 25


def test_a_tag_name_costs_one_look_up(editor, client_for, django_assert_max_num_queries):
    """Tags are filtered by name: their validation is the one query beyond the budget."""
    tag = TagFactory(name="IED")
    for _ in range(3):
        rich_incident(tag)
    client = client_for(editor)
    client.get("/api/")
    with django_assert_max_num_queries(7):
        response = client.get("/api/incidents/?tag=IED")
    assert len(response.json()["results"]) == 3


@pytest.mark.parametrize(
    ("query", "rows"),
    [("actor={known}&actor=999999", 1), ("actor=999999", 0), ("actor={known}&country=BF", 0)],
)
def test_an_unknown_actor_is_still_a_400_naming_it(editor, client_for, query, rows):
    """The existence check folded into the page query still refuses unknown ids."""
    incident = rich_incident(TagFactory(name="IED"))
    known = incident.incident_actors.first().actor_id
    response = client_for(editor).get("/api/incidents/?" + query.format(known=known))
    if "999999" in query:
        assert response.status_code == 400
        assert "999999" in response.json()["actor"][0]
    else:
        assert response.status_code == 200 and len(response.json()["results"]) == rows


def test_the_tokens_last_use_is_written_at_most_once_a_minute(editor, client_for):
    import datetime

    client = client_for(editor)
    token = ApiToken.objects.get(user=editor)
    assert token.last_used_at is None
    with CaptureQueriesContext(connection) as first:
        client.get("/api/tokens/")
    token.refresh_from_db()
    stamped = token.last_used_at
    assert stamped is not None
    assert any(q["sql"].startswith("UPDATE") for q in first.captured_queries)
    with CaptureQueriesContext(connection) as second:
        client.get("/api/tokens/")
    assert not any(q["sql"].startswith("UPDATE") for q in second.captured_queries)
    ApiToken.objects.filter(pk=token.pk).update(
        last_used_at=stamped - datetime.timedelta(seconds=61)
    )
    client.get("/api/tokens/")
    token.refresh_from_db()
    assert token.last_used_at > stamped - datetime.timedelta(seconds=1)
