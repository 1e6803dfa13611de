"""TLP leaks through the links between records on the analysts' pages: a readable record that
points at one the reader may not see (an article retelling the RED cable, a suggestion accepted
into the RED incident, a RED article proposing the GREEN incident) shows the link only to whom
may follow it (scene and personas: tests/tlp_scene.py).
"""

from __future__ import annotations

import pytest
from django.test import Client

from incidents.models import Suggestion

from .factories import SuggestionFactory
from .tlp_scene import CABLE_TELLTALES, PERSONAS, READS, READS_CABLE, leaks

pytestmark = pytest.mark.django_db


@pytest.fixture(params=PERSONAS)
def persona(request, tlp_scene):
    client = Client()
    client.force_login(request.getfixturevalue(request.param))
    return request.param, client


def test_article_page_names_a_hidden_earlier_telling_only_to_its_readers(persona, tlp_scene):
    name, client = persona
    tlp_scene.wire.same_story_as = tlp_scene.cable
    tlp_scene.wire.save()
    page = client.get(f"/articles/{tlp_scene.wire.pk}/").content.decode()
    assert tlp_scene.wire.title in page
    if name in READS_CABLE:
        assert "Embassy cable on the Kayes attack" in page
    else:
        assert leaks(page, CABLE_TELLTALES) == []
        assert f"/articles/{tlp_scene.cable.pk}/" not in page


def test_decided_suggestion_links_its_incident_only_when_readable(persona, tlp_scene):
    name, client = persona
    SuggestionFactory(
        article=tlp_scene.wire, incident=tlp_scene.red, status=Suggestion.Status.ACCEPTED
    )
    SuggestionFactory(
        article=tlp_scene.wire, incident=tlp_scene.open, status=Suggestion.Status.ATTACHED
    )
    page = client.get(f"/articles/{tlp_scene.wire.pk}/").content.decode()
    assert f"/incidents/{tlp_scene.open.pk}/" in page
    assert (f"/incidents/{tlp_scene.red.pk}/" in page) is ("red" in READS[name])


def test_incident_page_lists_proposing_articles_the_reader_may_read(persona, tlp_scene):
    name, client = persona
    for article in (tlp_scene.wire, tlp_scene.cable):
        SuggestionFactory(
            article=article, incident=tlp_scene.open, status=Suggestion.Status.ACCEPTED
        )
    page = client.get(f"/incidents/{tlp_scene.open.pk}/").content.decode()
    assert f"/articles/{tlp_scene.wire.pk}/" in page
    assert (f"/articles/{tlp_scene.cable.pk}/" in page) is (name in READS_CABLE)
    if name not in READS_CABLE:
        assert leaks(page, CABLE_TELLTALES) == []
