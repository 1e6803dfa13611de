"""Two analysts in two browser sessions edit the same incident in the admin: the second is told."""

import re

import pytest
from django.test import Client

from analysts.markings import TLP
from incidents.models import Incident
from incidents.models.incidents import ReviewStatus as S

from .factories import IncidentFactory, TeamFactory

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.rules_admin_site")]


def _form(client: Client, incident: Incident) -> dict:
    page = client.get(f"/admin/incidents/incident/{incident.pk}/change/")
    assert page.status_code == 200
    version = re.search(r'name="expected_version" value="(\d+)"', page.text).group(1)
    return {
        "summary": incident.summary,
        "fatalities_best": incident.fatalities_best or "",
        "notes": incident.notes,
        "expected_version": version,
    }


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_second_save_is_refused_with_the_others_changes(analyst, editor):
    incident = IncidentFactory(fatalities_best=3)
    ali, eda = _client(analyst), _client(editor)
    ali_form, eda_form = _form(ali, incident), _form(eda, incident)

    eda_form["fatalities_best"] = 7
    saved = eda.post(f"/admin/incidents/incident/{incident.pk}/change/", eda_form)
    assert saved.status_code == 302

    ali_form["fatalities_best"] = 4
    refused = ali.post(f"/admin/incidents/incident/{incident.pk}/change/", ali_form)
    assert refused.status_code == 200
    errors = " ".join(refused.context["adminform"].form.non_field_errors())
    assert "eda_editor changed this incident after you opened it" in errors
    assert "fatalities best: 3 → 7" in errors
    assert Incident.objects.get(pk=incident.pk).fatalities_best == 7

    history = Incident.objects.get(pk=incident.pk).history.latest("history_date")
    assert history.history_user == editor


def test_analyst_cannot_change_a_published_incident_in_the_admin(analyst):
    incident = IncidentFactory(review_status=S.PUBLISHED, summary="Published text")
    client = _client(analyst)
    page = client.get(f"/admin/incidents/incident/{incident.pk}/change/")
    assert page.status_code == 200 and 'name="summary"' not in page.text  # read-only view
    response = client.post(
        f"/admin/incidents/incident/{incident.pk}/change/",
        {"summary": "Rewritten", "expected_version": incident.version},
    )
    assert response.status_code == 403
    assert Incident.objects.get(pk=incident.pk).summary == "Published text"


@pytest.fixture
def red_incident():
    return IncidentFactory(tlp=TLP.RED, team=TeamFactory(name="Secret desk"), summary="Cable")


@pytest.mark.parametrize(
    "url",
    [
        "/admin/incidents/incident/{pk}/change/",
        "/admin/incidents/incident/{pk}/history/",
        "/admin/incidents/incident/{pk}/delete/",
    ],
)
def test_guessing_the_id_of_a_restricted_incident_gets_nothing(analyst, red_incident, url):
    response = _client(analyst).get(url.format(pk=red_incident.pk))
    assert response.status_code in (302, 403, 404)
    assert "Cable" not in response.text


def test_revert_view_of_a_restricted_incident_is_refused(analyst, red_incident):
    record = red_incident.history.first()
    url = f"/admin/incidents/incident/{red_incident.pk}/history/{record.history_id}/"
    response = _client(analyst).get(url)
    assert response.status_code == 403


def test_changelist_count_and_autocomplete_leave_out_restricted_incidents(analyst, red_incident):
    IncidentFactory(summary="Open attack")
    client = _client(analyst)
    changelist = client.get("/admin/incidents/incident/")
    assert changelist.context["cl"].result_count == 1
    assert changelist.context["cl"].full_result_count == 1
    # An autocomplete asks through the admin of a model pointing at incidents.
    found = client.get(
        "/admin/autocomplete/",
        {
            "term": "a",
            "app_label": "incidents",
            "model_name": "incident",
            "field_name": "merged_into",
        },
    )
    assert found.status_code == 200
    assert [r["text"] for r in found.json()["results"]] == [
        str(Incident.objects.get(summary="Open attack"))
    ]
