"""A merged duplicate's admin page names the incident it was merged into only to its readers."""

import pytest
from django.urls import reverse

from analysts.markings import TLP
from incidents.models import Incident

from .factories import IncidentFactory, TeamFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def merged_into_red():
    target = IncidentFactory(summary="Redshire convoy ambush", tlp=TLP.RED, team=TeamFactory())
    duplicate = IncidentFactory(summary="Convoy attacked near a town", tlp=TLP.CLEAR)
    Incident.objects.filter(pk=duplicate.pk).update(merged_into=target)
    return target, duplicate


def _merged_line(client, duplicate) -> str:
    page = client.get(reverse("admin:incidents_incident_change", args=(duplicate.pk,)))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Convoy attacked near a town" in html
    return html


def test_a_reader_of_the_duplicate_only_is_not_told_the_target(client, analyst, merged_into_red):
    target, duplicate = merged_into_red
    client.force_login(analyst)
    html = _merged_line(client, duplicate)
    assert str(target) not in html  # the admin's name for it: date, event type, place, id
    assert reverse("admin:incidents_incident_change", args=(target.pk,)) not in html
    assert "an incident you may not read" in html


def test_a_reader_of_both_gets_a_link_to_the_target(client, analyst, merged_into_red):
    target, duplicate = merged_into_red
    analyst.clearance = TLP.RED
    analyst.save()
    analyst.teams.add(target.team)
    client.force_login(analyst)
    html = _merged_line(client, duplicate)
    assert reverse("admin:incidents_incident_change", args=(target.pk,)) in html
    assert str(target) in html
