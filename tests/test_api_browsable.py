"""The browsable API: every route renders as HTML for a signed-in editor, and the incident list's
filter form stays small however big the gazetteer is."""

import re

import pytest
from django.test import Client

from analysts.models import ApiToken
from incidents.api.urls import router
from incidents.models import Location
from incidents.models.incidents import ReviewStatus as S

from .factories import (
    ActorFactory,
    ArticleFactory,
    ClaimEventFactory,
    FeedFactory,
    ImportJobFactory,
    IncidentActorFactory,
    IncidentFactory,
    IncidentLocationFactory,
    LocationFactory,
    TagFactory,
)

pytestmark = pytest.mark.django_db

HTML = {"HTTP_ACCEPT": "text/html"}


@pytest.fixture
def browser_client(editor) -> Client:
    client = Client()
    client.force_login(editor)
    return client


@pytest.fixture
def one_of_each(editor):
    """A row behind every detail route, visible to the editor, with the nested rows the incident
    page reads (actors, places, claims, tags)."""
    incident = IncidentFactory(review_status=S.PUBLISHED)
    actor = ActorFactory(name="JNIM")
    IncidentActorFactory(incident=incident, actor=actor, role="perpetrator")
    IncidentLocationFactory(incident=incident, location=LocationFactory(name="Boni"))
    ClaimEventFactory(incident=incident, actor=actor)
    incident.tags.add(TagFactory(name="ambush"))
    article = ArticleFactory()
    token, _ = ApiToken.issue(editor, "browsable test")
    return {
        "incident": incident.pk,
        "actor": actor.pk,
        "location": incident.incident_locations.get().location_id,
        "article": article.pk,
        "outlet": article.outlet_id,
        "feed": FeedFactory().pk,
        "import-job": ImportJobFactory(created_by=editor).pk,
        "token": token.pk,
    }


def _get_routes() -> list[tuple[str, str]]:
    """(url name, regex) of every router route without a format suffix."""
    return [
        (url.name, str(url.pattern))
        for url in router.urls
        if url.name and "format" not in str(url.pattern)
    ]


def test_every_list_and_detail_route_renders_as_html(browser_client, one_of_each):
    walked = []
    for name, pattern in _get_routes():
        basename = next((key for key in one_of_each if name.startswith(f"{key}-")), name)
        path = "/api/" + pattern.strip("^$").replace(
            "(?P<pk>[0-9]{1,18})", str(one_of_each.get(basename, 1))
        )
        path = path.replace("\\", "")
        response = browser_client.get(path, **HTML)
        walked.append(path)
        assert response.status_code < 500, (path, response.status_code)
        if response.status_code == 200:
            assert response["Content-Type"].startswith("text/html"), path
            assert b"Django REST framework" in response.content, path
    assert "/api/incidents/" in walked and f"/api/incidents/{one_of_each['incident']}/" in walked
    assert len(walked) == len(_get_routes())


def test_the_incident_page_in_html_shows_a_put_form_in_the_write_shape(browser_client, one_of_each):
    """Before: a 500, `'ManyRelatedManager' object is not iterable` (the write serializer read
    the model's tags and actors as its own lists)."""
    response = browser_client.get(f"/api/incidents/{one_of_each['incident']}/", **HTML)
    assert response.status_code == 200
    text = response.content.decode()
    # The raw-data PUT form carries the version (a form cannot send If-Match) and the tag names.
    assert "&quot;version&quot;: 1" in text or '"version": 1' in text
    assert "ambush" in text


def test_the_incident_list_filter_form_does_not_list_the_gazetteer(browser_client, one_of_each):
    Location.objects.bulk_create(
        Location(name=f"Place {n}", ascii_name=f"Place {n}", kind="place", country_code="ML")
        for n in range(5000)
    )
    ActorFactory.create_batch(300)
    response = browser_client.get("/api/incidents/", **HTML)
    assert response.status_code == 200
    assert len(response.content) < 400_000
    assert response.content.count(b"<option") < 500
    text = response.content.decode()
    # The id filters are text boxes, and a value in the address comes back in them.
    assert re.search(r'<input type="text" name="location"', text)
    assert re.search(r'<input type="text" name="actor"', text)
    filtered = browser_client.get(f"/api/incidents/?actor={one_of_each['actor']}", **HTML)
    assert filtered.status_code == 200
    assert f'name="actor" value="{one_of_each["actor"]}"' in filtered.content.decode()
