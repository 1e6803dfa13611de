"""TLP leaks in the admin: changelists and their counts, filters, search, change / history /
delete / revert pages by guessed id, and every autocomplete pointing at incidents or articles
(scene and personas: tests/tlp_scene.py; the export actions: tests/test_tlp_exports.py).
"""

from __future__ import annotations

import pytest
from django.test import Client

from incidents.models import Incident
from sources.models import Article

from .factories import SuggestionFactory
from .tlp_scene import ADMIN_PERSONAS, READS, READS_CABLE, leaks

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/incidents/incident/"


@pytest.fixture(params=ADMIN_PERSONAS)
def persona(request, tlp_scene):
    client = Client()
    client.force_login(request.getfixturevalue(request.param))
    return request.param, client


def test_viewers_have_no_admin(viewer, tlp_scene):
    client = Client()
    client.force_login(viewer)
    red = tlp_scene.red.pk
    for url in (CHANGELIST, f"{CHANGELIST}{red}/change/", "/admin/autocomplete/"):
        response = client.get(url)
        assert response.status_code == 302 and "/login/" in response["Location"]


@pytest.mark.parametrize(
    ("query", "targets"),
    [
        ("", {"open", "red", "amber"}),
        ("q=Redwater", {"red"}),
        ("q=Amber", {"amber"}),
        ("admin1=Redshire", {"red"}),
        ("review_status__exact=published", {"open", "red", "amber"}),
    ],
)
def test_changelist_rows_and_counts(persona, tlp_scene, query, targets):
    name, client = persona
    response = client.get(f"{CHANGELIST}?{query}")
    assert response.status_code == 200
    cl = response.context["cl"]
    expected = {tlp_scene.incident(key).pk for key in targets & READS[name]}
    assert {row.pk for row in cl.result_list} == expected
    assert cl.result_count == len(expected)
    assert cl.full_result_count == len(READS[name])
    page = response.content.decode()
    # The filters in the sidebar (countries, regions) come from the visible incidents only.
    hidden_places = [
        word
        for word in tlp_scene.incident_telltales_hidden_from(name)
        if word not in query and not word.startswith(("Secret", "Amber ambush"))
    ]
    assert leaks(page, hidden_places) == []


@pytest.mark.parametrize("key", ["red", "amber"])
@pytest.mark.parametrize("page", ["change/", "history/", "delete/", "revert"])
def test_incident_pages_by_guessed_id(persona, tlp_scene, key, page):
    name, client = persona
    incident = tlp_scene.incident(key)
    if page == "revert":
        page = f"history/{incident.history.earliest('history_date').history_id}/"
    response = client.get(f"{CHANGELIST}{incident.pk}/{page}")
    if key in READS[name]:
        assert response.status_code == 200
        return
    assert response.status_code in (302, 403, 404)
    text = response.content.decode()
    if response.status_code == 302:
        # The admin's "doesn't exist" redirect: the message must not name the incident.
        text += " ".join(str(m) for m in response.wsgi_request._messages)
    assert leaks(text, tlp_scene.telltales_hidden_from(name)) == []


@pytest.mark.parametrize("page", ["change/", "history/", "delete/", "revert"])
def test_article_pages_by_guessed_id(persona, tlp_scene, page):
    name, client = persona
    cable = tlp_scene.cable
    if page == "revert":
        page = f"history/{cable.history.earliest('history_date').history_id}/"
    response = client.get(f"/admin/sources/article/{cable.pk}/{page}")
    if name in READS_CABLE:
        assert response.status_code == 200
        return
    assert response.status_code in (302, 403, 404)
    assert leaks(response.content.decode(), tlp_scene.telltales_hidden_from(name)) == []


# (app_label, model_name, field_name) of every foreign key to incidents or articles.
INCIDENT_FIELDS = [
    ("incidents", "incident", "merged_into"),
    ("incidents", "claimevent", "incident"),
    ("incidents", "incidentsource", "incident"),
    ("incidents", "incidentactor", "incident"),
    ("incidents", "incidentlocation", "incident"),
    ("incidents", "suggestion", "incident"),
]
ARTICLE_FIELDS = [
    ("incidents", "claimevent", "source_article"),
    ("incidents", "incidentsource", "article"),
    ("incidents", "suggestion", "article"),
    ("sources", "article", "same_story_as"),
]


def _searchable(incident: Incident) -> str:
    """What the incident admin's search_fields look at."""
    actors = " ".join(actor.name for actor in incident.actors.all())
    place = incident.primary_location.name if incident.primary_location else ""
    return f"{incident.summary} {incident.admin1} {place} {actors}".lower()


def _autocomplete(client: Client, field: tuple[str, str, str], term: str):
    app_label, model_name, field_name = field
    params = {"app_label": app_label, "model_name": model_name, "field_name": field_name}
    return client.get("/admin/autocomplete/", {"term": term, **params})


@pytest.mark.parametrize("term", ["", "Redshire", "Amberton", "Shadow Brigade", "attack"])
@pytest.mark.parametrize("field", INCIDENT_FIELDS, ids="-".join)
def test_incident_autocompletes(persona, tlp_scene, field, term):
    name, client = persona
    response = _autocomplete(client, field, term)
    assert response.status_code == 200
    found = {int(result["id"]) for result in response.json()["results"]}
    expected = {
        tlp_scene.incident(key).pk
        for key in READS[name]
        if term.lower() in _searchable(tlp_scene.incident(key))
    }
    assert found == expected
    assert leaks(response.content.decode(), tlp_scene.incident_telltales_hidden_from(name)) == []


@pytest.mark.parametrize("term", ["", "Embassy", "cables.example", "Kayes"])
@pytest.mark.parametrize("field", ARTICLE_FIELDS, ids="-".join)
def test_article_autocompletes(persona, tlp_scene, field, term):
    name, client = persona
    response = _autocomplete(client, field, term)
    assert response.status_code == 200
    found = {int(result["id"]) for result in response.json()["results"]}
    readable = Article.objects.filter(
        pk__in=[tlp_scene.wire.pk] + ([tlp_scene.cable.pk] if name in READS_CABLE else [])
    )
    expected = {a.pk for a in readable if term.lower() in f"{a.title} {a.url}".lower()}
    assert found == expected
    if name not in READS_CABLE:
        assert "Embassy cable" not in response.content.decode()


def test_article_changelist_and_count(persona, tlp_scene):
    name, client = persona
    response = client.get("/admin/sources/article/")
    assert response.status_code == 200
    cl = response.context["cl"]
    expected = {tlp_scene.wire.pk} | ({tlp_scene.cable.pk} if name in READS_CABLE else set())
    assert {row.pk for row in cl.result_list} == expected
    assert cl.full_result_count == len(expected)


@pytest.mark.parametrize("page", ["", "{pk}/change/"])
def test_suggestion_of_a_readable_article_into_a_hidden_incident(persona, tlp_scene, page):
    name, client = persona
    suggestion = SuggestionFactory(article=tlp_scene.wire, incident=tlp_scene.red)
    response = client.get(f"/admin/incidents/suggestion/{page.format(pk=suggestion.pk)}")
    assert response.status_code == 200
    text = response.content.decode()
    if "red" in READS[name]:
        assert "Redshire" in text
    else:
        assert leaks(text, tlp_scene.incident_telltales_hidden_from(name)) == []
