"""No hidden id: a merged duplicate the reader may read never names (in `merged_into`) a target
incident the reader may not read, which answers them 404 (scene: tests/tlp_scene.py)."""

from __future__ import annotations

import pytest
from django.test import Client

from analysts.markings import TLP
from incidents.models import Incident

from .factories import IncidentFactory
from .tlp_scene import PERSONAS, READS

pytestmark = pytest.mark.django_db


@pytest.fixture
def duplicate(tlp_scene):
    """A CLEAR duplicate merged into the RED incident (as the merge service leaves it)."""
    duplicate = IncidentFactory(
        tlp=TLP.CLEAR, review_status="published", summary="Duplicate of the Redwater raid"
    )
    Incident.objects.filter(pk=duplicate.pk).update(merged_into=tlp_scene.red)
    return duplicate


@pytest.mark.parametrize("name", PERSONAS)
def test_sync_names_the_target_only_to_whom_may_read_it(
    request, tlp_scene, duplicate, client_for, name
):
    client = client_for(request.getfixturevalue(name))
    rows = {row["id"]: row for row in client.get("/api/incidents/sync/").json()["results"]}
    assert duplicate.pk in rows  # a CLEAR row: everyone syncs it, and drops it
    expected = tlp_scene.red.pk if "red" in READS[name] else None
    assert rows[duplicate.pk]["merged_into"] == expected
    detail = client.get(f"/api/incidents/{tlp_scene.red.pk}/")
    assert detail.status_code == (200 if expected else 404)


@pytest.mark.parametrize("name", PERSONAS)
def test_the_duplicate_redirects_only_to_a_readable_target(request, tlp_scene, duplicate, name):
    user = request.getfixturevalue(name)
    api = Client()
    api.force_login(user)
    response = api.get(f"/api/incidents/{duplicate.pk}/")
    page = api.get(f"/incidents/{duplicate.pk}/")
    if "red" in READS[name]:
        assert response.status_code == 301 and str(tlp_scene.red.pk) in response["Location"]
        assert page.status_code in (301, 302)
    else:
        assert response.status_code == 404
        assert page.status_code == 404
        assert f"/{tlp_scene.red.pk}/" not in response.content.decode()
