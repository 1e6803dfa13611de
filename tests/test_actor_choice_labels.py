"""Actors that share a short label are told apart wherever one is chosen from a list."""

from __future__ import annotations

import re

import pytest

from incidents.api.views import IncidentViewSet
from incidents.filtersets import ActorFilterSet, IncidentFilterSet
from tests.factories import ActorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def civilians(db):
    return {
        "ML": ActorFactory(name="Civilians (Mali)", short_name="Civilians", country="ML"),
        "NE": ActorFactory(name="Civilians (Niger)", short_name="Civilians", country="NE"),
        "BF": ActorFactory(
            name="Unidentified Armed Group (Burkina Faso)",
            short_name="Unidentified armed group",
            country="BF",
        ),
        "none": ActorFactory(name="Islamic State", short_name="IS", country=""),
        "named": ActorFactory(name="Police Forces of Mali", short_name="Malian police"),
    }


def test_the_rule_adds_the_country_only_where_it_tells_something(civilians):
    assert civilians["ML"].choice_label == "Civilians (Mali)"
    assert civilians["NE"].choice_label == "Civilians (Niger)"
    assert civilians["BF"].choice_label == "Unidentified armed group (Burkina Faso)"
    assert civilians["none"].choice_label == "IS"  # no country to add
    assert civilians["named"].choice_label == "Malian police"  # the label already says it


def test_desk_actor_filter_tells_them_apart(client, analyst, civilians):
    client.force_login(analyst)
    html = client.get("/incidents/").content.decode()
    assert f'<option value="{civilians["ML"].pk}" >Civilians (Mali)</option>' in html
    assert f'<option value="{civilians["NE"].pk}" >Civilians (Niger)</option>' in html
    assert ">Civilians</option>" not in html


def test_filter_choices_use_the_rule(civilians):
    labels = {label for _, label in IncidentFilterSet().form.fields["actor"].choices}
    assert {"Civilians (Mali)", "Civilians (Niger)"} <= labels
    assert "Civilians" not in labels
    affiliation = {label for _, label in ActorFilterSet().form.fields["affiliation"].choices}
    assert "Civilians (Niger)" in affiliation


def test_api_filter_tells_them_apart_and_its_browsable_form_lists_none(client, analyst, civilians):
    # The API filters with the desk's filter set, so its actor choices follow the same rule...
    labels = {label for _, label in IncidentViewSet.filterset_class().form.fields["actor"].choices}
    assert {"Civilians (Mali)", "Civilians (Niger)"} <= labels
    assert "Civilians" not in labels
    # ...but its browsable form asks for the id in a text box (a list of every actor and place
    # made the page megabytes), so no label is shown there to be mistaken.
    client.force_login(analyst)
    html = client.get("/api/incidents/", HTTP_ACCEPT="text/html").content.decode()
    assert re.search(r'<input type="text" name="actor"', html)
    assert "Civilians (Mali)" not in html and ">Civilians</option>" not in html


def test_admin_actor_autocomplete_tells_them_apart(client, editor, civilians):
    client.force_login(editor)
    response = client.get(
        "/admin/autocomplete/",
        {
            "term": "Civilians",
            "app_label": "incidents",
            "model_name": "incidentactor",
            "field_name": "actor",
        },
    )
    assert response.status_code == 200
    texts = [row["text"] for row in response.json()["results"]]
    assert "Civilians (Mali)" in texts and "Civilians (Niger)" in texts


def test_admin_actor_autocomplete_and_selected_actor_use_the_rule(client, analyst):
    jnim = ActorFactory(
        name="Jama'at Nusrat al-Islam wal-Muslimin", short_name="JNIM", country="ML"
    )
    client.force_login(analyst)
    found = client.get(
        "/admin/autocomplete/",
        {
            "app_label": "incidents",
            "model_name": "incidentactor",
            "field_name": "actor",
            "term": "Nusrat",
        },
    ).json()["results"]
    assert [row["text"] for row in found] == ["JNIM (Mali)"]

    from tests.factories import IncidentFactory

    incident = IncidentFactory()
    incident.incident_actors.create(actor=jnim, role="perpetrator")
    page = client.get(f"/admin/incidents/incident/{incident.pk}/change/").content.decode()
    assert f'<option value="{jnim.pk}" selected>JNIM (Mali)</option>' in page
