"""TLP leaks on the analysts' pages: the incident list and its count, the incident page, the
article page and the briefing (scene and personas: tests/tlp_scene.py).

The briefing is compared with a baseline: the same page after deleting the incidents the reader
may not see must be identical (totals, chart, map, top perpetrators, claims, table).
"""

from __future__ import annotations

import re
from urllib.parse import urlencode

import pytest
from django.test import Client

from incidents.models import Incident

from .tlp_scene import PERIOD, PERPETRATORS, PERSONAS, READS, READS_CABLE, leaks

pytestmark = pytest.mark.django_db


@pytest.fixture(params=PERSONAS)
def persona(request, tlp_scene):
    """(name, Client logged in as that persona)."""
    client = Client()
    client.force_login(request.getfixturevalue(request.param))
    return request.param, client


@pytest.mark.parametrize("query", ["", "q=Redwater", "admin1=Redshire", "fatalities_min=50"])
def test_incident_list_rows_and_count(persona, tlp_scene, query):
    name, client = persona
    response = client.get(f"/incidents/?{query}")
    assert response.status_code == 200
    page = response.content.decode()
    shown = {row.pk for row in response.context["page"].object_list}
    targets = {"": {"open", "red", "amber"}, "fatalities_min=50": {"red", "amber"}}.get(
        query, {"red"}
    )
    expected = {tlp_scene.incident(key).pk for key in targets & READS[name]}
    assert shown == expected
    # The count in the heading: "Incidents (N)".
    assert re.search(r"<h1>[^<]*<span class=\"muted\">\((\d+)\)</span>", page).group(1) == str(
        len(expected)
    )
    for pk in {tlp_scene.incident(k).pk for k in ("red", "amber")} - expected:
        assert f"/incidents/{pk}/" not in page
    # Actors are a shared vocabulary, not marked records: the actor filter lists them all.
    # The search box echoes the query itself.
    words = [
        word
        for word in tlp_scene.incident_telltales_hidden_from(name)
        if word not in PERPETRATORS and word not in query
    ]
    assert leaks(page, words) == []


@pytest.mark.parametrize("key", ["open", "red", "amber"])
def test_incident_page_by_guessed_id(persona, tlp_scene, key):
    name, client = persona
    response = client.get(f"/incidents/{tlp_scene.incident(key).pk}/")
    if key in READS[name]:
        assert response.status_code == 200
        assert tlp_scene.incident(key).summary in response.content.decode()
    else:
        assert response.status_code == 404
        assert leaks(response.content.decode(), tlp_scene.telltales_hidden_from(name)) == []


def test_incident_page_hides_the_cable_quotes(persona, tlp_scene):
    name, client = persona
    page = client.get(f"/incidents/{tlp_scene.open.pk}/").content.decode()
    assert "Gunmen attacked the post." in page  # the GREEN wire story's quote, for everyone
    if name in READS_CABLE:
        assert tlp_scene.cable_claim.quote in page
    else:
        assert leaks(page, tlp_scene.telltales_hidden_from(name)) == []


def test_article_page_of_the_cable(persona, tlp_scene):
    name, client = persona
    response = client.get(f"/articles/{tlp_scene.cable.pk}/")
    assert response.status_code == (200 if name in READS_CABLE else 404)


def _briefing(client: Client) -> tuple[dict, str]:
    response = client.get(f"/briefing/?{urlencode(PERIOD)}")
    assert response.status_code == 200
    context = response.context
    parts = {
        name: context[name]
        for name in (
            "totals",
            "chart",
            "map",
            "unplaced",
            "perpetrators",
            "claims",
            "claimed_n",
            "unclaimed_n",
            "more",
        )
    }
    parts["incidents"] = [incident.pk for incident in context["incidents"]]
    # The CSRF token differs between two requests; nothing else may.
    html = re.sub(
        r'(csrfmiddlewaretoken" value=|X-CSRFToken": )"[^"]+"', "", response.content.decode()
    )
    return parts, html


def test_briefing_equals_the_page_without_the_hidden_incidents(persona, tlp_scene):
    name, client = persona
    seen, html = _briefing(client)
    assert set(seen["incidents"]) == tlp_scene.visible_ids(name)
    assert seen["totals"]["n"] == len(READS[name])
    assert leaks(html, tlp_scene.incident_telltales_hidden_from(name)) == []

    Incident.objects.filter(
        pk__in=[tlp_scene.incident(k).pk for k in tlp_scene.hidden_from(name)]
    ).delete()
    baseline, baseline_html = _briefing(client)
    assert seen == baseline
    assert html == baseline_html


def test_briefing_of_a_cleared_team_member_counts_everything(tlp_scene, editor_in_team):
    """The positive control: the hidden incidents do move the numbers for whom may read them."""
    client = Client()
    client.force_login(editor_in_team)
    seen, html = _briefing(client)
    assert seen["totals"]["n"] == 3
    assert seen["totals"]["fatalities"] == 3 + 99 + 55
    assert {p["full"] for p in seen["perpetrators"]} >= {"Shadow Brigade", "Amber Front"}
    assert "Redwater" in html
