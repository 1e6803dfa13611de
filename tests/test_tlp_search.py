"""Search is no oracle: `q` matches only text the reader may read, on every surface.

The GREEN incident of the TLP scene (tests/tlp_scene.py) cites a GREEN wire story and a RED
embassy cable. A word found only in the cable (its title, its text) must find nothing for a reader
who may not read the cable: a count of 1 would tell them what a RED article says. Quotes and notes
of sources and claims are not searched at all (they quote the articles).
"""

from __future__ import annotations

import json
import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from incidents.models import IncidentSource
from incidents.models.suggestions import Suggestion
from sources.models import Article

from .tlp_scene import PERSONAS, READS_CABLE

pytestmark = pytest.mark.django_db

CABLE_ONLY_WORD = "Zanzibarite"  # in the RED cable's text, nowhere else
WIRE_ONLY_WORD = "Quagmireville"  # in the GREEN wire story's text: everyone finds it

# word → does a reader of the scene's GREEN incident find it through its sources?
QUERIES = {
    "Embassy": "cable",  # the cable's title
    CABLE_ONLY_WORD: "cable",
    f"Kayes {CABLE_ONLY_WORD}": "cable",  # one readable word, one hidden one
    "Informant": "nobody",  # quoted from the cable by a source and a claim: quotes unsearched
    WIRE_ONLY_WORD: "everyone",
}


@pytest.fixture
def scene(tlp_scene):
    # `update`: the stored text, as an import would write it (save() would rehash it too).
    Article.objects.filter(pk=tlp_scene.cable.pk).update(
        text=f"The cable says a {CABLE_ONLY_WORD} source saw the attackers."
    )
    Article.objects.filter(pk=tlp_scene.wire.pk).update(
        text=f"Gunmen attacked a post near {WIRE_ONLY_WORD}."
    )
    IncidentSource.objects.filter(article=tlp_scene.cable).update(note="Informant X, cable")
    return tlp_scene


def _finds(persona: str, query: str) -> bool:
    who = QUERIES[query]
    return who == "everyone" or (who == "cable" and persona in READS_CABLE)


@pytest.fixture(params=PERSONAS)
def persona(request, scene):
    return request.param, request.getfixturevalue(request.param)


def _desk(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _csv_summaries(content: bytes, scene) -> set[int]:
    """The scene incidents whose summary a CSV export holds."""
    text = content.decode("utf-8-sig")
    keys = ("open", "red", "amber")
    return {scene.incident(k).pk for k in keys if scene.incident(k).summary in text}


@pytest.mark.parametrize("query", list(QUERIES))
def test_api_list_and_count(persona, scene, client_for, query):
    name, user = persona
    body = client_for(user).get("/api/incidents/", {"q": query, "count": "true"}).json()
    expected = {scene.open.pk} if _finds(name, query) else set()
    assert {row["id"] for row in body["results"]} == expected
    assert body["count"] == len(expected)


@pytest.mark.parametrize("query", list(QUERIES))
def test_api_sync_geojson_and_csv(persona, scene, client_for, query):
    name, user = persona
    client = client_for(user)
    expected = {scene.open.pk} if _finds(name, query) else set()
    sync = client.get("/api/incidents/sync/", {"q": query}).json()
    assert {row["id"] for row in sync["results"]} == expected
    geojson = json.loads(client.get("/api/incidents/", {"q": query, "format": "geojson"}).content)
    assert {feature["properties"]["incident"] for feature in geojson["features"]} == expected
    exported = client.get("/api/incidents/", {"q": query, "format": "csv"})
    assert exported.status_code == 200
    assert _csv_summaries(b"".join(exported.streaming_content), scene) == expected


@pytest.mark.parametrize("query", list(QUERIES))
def test_desk_list_count_and_csv(persona, scene, query):
    name, user = persona
    client = _desk(user)
    expected = {scene.open.pk} if _finds(name, query) else set()
    response = client.get("/incidents/", {"q": query})
    assert {row.pk for row in response.context["page"].object_list} == expected
    heading = re.search(r'<h1>[^<]*<span class="muted">\((\d+)\)</span>', response.content.decode())
    assert heading.group(1) == str(len(expected))  # "Incidents (N)"
    exported = client.get("/incidents/export.csv", {"q": query})
    assert exported.status_code == 200
    assert _csv_summaries(b"".join(exported.streaming_content), scene) == expected


@pytest.mark.parametrize("query", [CABLE_ONLY_WORD, WIRE_ONLY_WORD])
def test_export_command_as_a_reader(scene, viewer, editor_in_team, query, tmp_path):
    for name, user in (("viewer", viewer), ("editor_in_team", editor_in_team)):
        out = tmp_path / f"{name}.csv"
        call_command(
            "export_incidents",
            *("--as", user.username, "--filter", f"q={query}", "-o", str(out)),
            stderr=StringIO(),
        )
        expected = {scene.open.pk} if _finds(name, query) else set()
        assert _csv_summaries(out.read_bytes(), scene) == expected


@pytest.mark.parametrize("query", [CABLE_ONLY_WORD, WIRE_ONLY_WORD])
def test_export_command_as_the_operator_searches_everything(scene, query, tmp_path):
    out = tmp_path / "all.csv"
    call_command("export_incidents", "--filter", f"q={query}", "-o", str(out), stderr=StringIO())
    assert _csv_summaries(out.read_bytes(), scene) == {scene.open.pk}


ADMIN_PERSONAS = ["analyst_in_team", "editor", "editor_in_team"]


@pytest.mark.parametrize("name", ADMIN_PERSONAS)
@pytest.mark.parametrize("query", list(QUERIES))
def test_admin_search_boxes(request, scene, name, query):
    """The incident, article and suggestion changelists' search boxes (`?q=`)."""
    client = _desk(request.getfixturevalue(name))
    Suggestion.objects.create(article=scene.cable, position=1, data={}, reason="Cable proposal")
    incidents = client.get("/admin/incidents/incident/", {"q": query})
    assert incidents.status_code == 200
    found = {obj.pk for obj in incidents.context["cl"].result_list}
    assert found <= ({scene.open.pk} if _finds(name, query) else set())
    articles = client.get("/admin/sources/article/", {"q": query})
    readable = {a.pk for a in articles.context["cl"].result_list}
    if name not in READS_CABLE:
        assert scene.cable.pk not in readable
    suggestions = client.get("/admin/incidents/suggestion/", {"q": "Cable"})
    assert bool(list(suggestions.context["cl"].result_list)) == (name in READS_CABLE)
