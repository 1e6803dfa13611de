"""The admin's incident list filters with the one filter definition (`IncidentFilterSet`): the
API's query string gives the same incidents there, a bad value is a message, never a 500."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from django.contrib.messages import get_messages

from tests.desk_scene import incidents

CHANGELIST = "/admin/incidents/incident/"


@pytest.fixture
def scene(db):
    return incidents()


def admin_ids(client, query: dict | str) -> tuple[list[int], list[str]]:
    url = f"{CHANGELIST}?{query if isinstance(query, str) else urlencode(query, doseq=True)}"
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    notes = [str(m) for m in get_messages(response.wsgi_request)]
    return sorted(i.pk for i in response.context["cl"].result_list), notes


def api_ids(client, query: dict) -> list[int]:
    response = client.get("/api/incidents/", query)
    assert response.status_code == 200, response.content
    return sorted(row["id"] for row in response.json()["results"])


def jnim_id(scene) -> int:
    return scene["kayes"].incident_actors.get(role="suspected").actor_id


@pytest.mark.parametrize(
    "make_query",
    [
        lambda s: {"country": "ML", "actor": jnim_id(s), "role": "suspected"},
        lambda s: {"actor": jnim_id(s), "role": "claimant,suspected"},
        lambda s: {"country": "ML,BF", "date_after": "2025-06-10"},
        lambda s: {"admin1": "kayes"},  # case-insensitive, as in the API
        lambda s: {"claim_status": "claimed,attributed"},
        lambda s: {"fatalities_min": "10", "country": "BF"},
    ],
)
def test_the_admin_list_answers_an_api_query_with_the_same_incidents(
    client, analyst, client_for, scene, make_query
):
    query = make_query(scene)
    client.force_login(analyst)
    ids, notes = admin_ids(client, query)
    assert ids == api_ids(client_for(analyst), query)
    assert ids  # every query above matches something in the scene
    assert notes == []


def test_the_issues_example_lists_only_kayes(client, analyst, scene):
    client.force_login(analyst)
    ids, _ = admin_ids(client, {"country": "ML", "actor": jnim_id(scene), "role": "suspected"})
    assert ids == [scene["kayes"].pk]


def test_the_sidebar_filters_still_work_and_keep_the_filterset_parameters(client, analyst, scene):
    client.force_login(analyst)
    ids, _ = admin_ids(client, {"country": "ML"})
    assert ids == sorted([scene["kayes"].pk, scene["timbuktu"].pk])
    ids, _ = admin_ids(client, {"claim_status__exact": "claimed"})
    assert ids == [scene["timbuktu"].pk]
    ids, _ = admin_ids(client, {"event_type__exact": "Violence against civilians"})
    assert ids == [scene["djibo"].pk]
    ids, _ = admin_ids(client, {"date_start__year": "2025", "date_start__month": "6"})
    assert ids == sorted([scene["timbuktu"].pk, scene["djibo"].pk])

    response = client.get(f"{CHANGELIST}?actor={jnim_id(scene)}&role=claimant")
    page = response.content.decode()
    # A sidebar choice or a column sort keeps the actor filter in its link.
    assert f"?actor={jnim_id(scene)}&amp;claim_status__exact=claimed&amp;role=claimant" in page
    assert "By country" in page and "By admin1" in page
    assert [i.pk for i in response.context["cl"].result_list] == [scene["timbuktu"].pk]


def test_the_secret_incident_stays_hidden_whatever_the_filters(client, analyst, scene):
    client.force_login(analyst)
    ids, _ = admin_ids(client, {"admin1": "Kayes"})
    assert scene["secret"].pk not in ids
    assert ids == [scene["kayes"].pk]


@pytest.mark.parametrize(
    "query, expected",
    [
        ({"country": "MALI"}, "country: Use ISO 3166-1 alpha-2 codes such as ML or BF (got MALI)."),
        ({"actor": "999999"}, "actor:"),
        ({"actor": "JNIM"}, "actor:"),
        ({"role": "boss"}, "role:"),
        ({"date_after": "yesterday"}, "date_after: Enter a valid date."),
        ({"fatalities_min": "-3"}, "fatalities_min:"),
        ({"no_such_filter": "1"}, "Unknown filter or bad value in the address"),
        ({"date_start__gte": "not-a-date"}, "Unknown filter or bad value in the address"),
    ],
)
def test_a_bad_filter_is_a_message_over_an_empty_list(client, analyst, scene, query, expected):
    client.force_login(analyst)
    ids, notes = admin_ids(client, query)
    assert ids == []
    assert len(notes) == 1
    assert notes[0].startswith("Filter not applied, no incident listed")
    assert expected in notes[0]
