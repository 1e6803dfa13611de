"""TLP leaks through links in the admin: a readable record pointing at a hidden one (an article
retelling the RED cable, a suggestion accepted into the RED incident) names it neither in the
list, nor on the change page, nor after a hidden id is typed into its raw-id field; hidden
records' object pages answer 404 like unknown ids (scene and personas: tests/tlp_scene.py).
"""

from __future__ import annotations

import pytest
from django.test import Client

from incidents.models import Suggestion

from .factories import SuggestionFactory
from .tlp_scene import ADMIN_PERSONAS, CABLE_TELLTALES, READS, READS_CABLE, leaks

pytestmark = pytest.mark.django_db


@pytest.fixture(params=ADMIN_PERSONAS)
def persona(request, tlp_scene):
    client = Client()
    client.force_login(request.getfixturevalue(request.param))
    return request.param, client


@pytest.mark.parametrize("page", ["", "{pk}/change/"])
def test_article_retelling_a_hidden_article(persona, tlp_scene, page):
    name, client = persona
    tlp_scene.wire.same_story_as = tlp_scene.cable
    tlp_scene.wire.save()
    response = client.get(f"/admin/sources/article/{page.format(pk=tlp_scene.wire.pk)}")
    assert response.status_code == 200
    text = response.content.decode()
    assert tlp_scene.wire.title in text
    if name in READS_CABLE:
        assert "Embassy cable on the Kayes attack" in text
    else:
        # Outlets are a shared vocabulary: the change page's outlet choice lists them all.
        words = (
            CABLE_TELLTALES if not page else [w for w in CABLE_TELLTALES if w != "Embassy Cables"]
        )
        assert leaks(text, words) == []


def test_saving_an_article_keeps_its_hidden_earlier_telling(analyst_in_team, tlp_scene):
    tlp_scene.wire.same_story_as = tlp_scene.cable
    tlp_scene.wire.save()
    client = Client()
    client.force_login(analyst_in_team)
    url = f"/admin/sources/article/{tlp_scene.wire.pk}/change/"
    form = client.get(url).context["adminform"].form
    assert "same_story_as" not in form.fields  # shown read-only, as "—"


def test_suggestion_list_says_restricted(persona, tlp_scene):
    name, client = persona
    SuggestionFactory(
        article=tlp_scene.wire, incident=tlp_scene.red, status=Suggestion.Status.ACCEPTED
    )
    text = client.get("/admin/incidents/suggestion/").content.decode()
    assert ("restricted" in text) is ("red" not in READS[name])
    assert (f"/admin/incidents/incident/{tlp_scene.red.pk}/change/" in text) is (
        "red" in READS[name]
    )


def test_a_hidden_incident_typed_into_a_suggestion_is_refused_unnamed(analyst_in_team, tlp_scene):
    suggestion = SuggestionFactory(article=tlp_scene.wire)
    client = Client()
    client.force_login(analyst_in_team)
    url = f"/admin/incidents/suggestion/{suggestion.pk}/change/"
    response = client.post(
        url,
        {
            "article": tlp_scene.wire.pk,
            "position": 0,
            "status": "proposed",
            "incident": tlp_scene.red.pk,
            "reason": "",
        },
    )
    assert response.status_code == 200  # the form again, with an error
    assert "incident" in response.context["adminform"].form.errors
    assert (
        leaks(response.content.decode(), tlp_scene.incident_telltales_hidden_from("editor")) == []
    )
    suggestion.refresh_from_db()
    assert suggestion.incident_id is None


@pytest.mark.parametrize("page", ["history/", "revert"])
def test_hidden_incident_history_is_not_found(persona, tlp_scene, page):
    name, client = persona
    red = tlp_scene.red
    if page == "revert":
        page = f"history/{red.history.earliest('history_date').history_id}/"
    response = client.get(f"/admin/incidents/incident/{red.pk}/{page}")
    assert response.status_code == (200 if "red" in READS[name] else 404)
