"""A NUL character in an address is a clear 400, in a form field it is dropped: never a 500.

PostgreSQL refuses NUL in text, so one that reached a query would fail it. The admin's change lists
take any field lookup from the query string (`?tlp=…`, `?country=…`): before
`analysts.middleware.NoNulCharactersMiddleware`, `/admin/sources/article/?tlp=a%00b` was a 500
on PostgreSQL. Swept here: every admin change list with each of its model's fields, and the
desk's and the API's list pages with their filters.
"""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.urls import reverse

from incidents.filtersets import IncidentFilterSet

pytestmark = pytest.mark.django_db

DESK_AND_API = [
    "/",
    "/incidents/",
    "/briefing/",
    "/incidents/map.json",
    "/review/",
    "/queue/",
    "/api/incidents/",
    "/api/incidents/sync/",
    "/api/articles/",
    "/api/actors/",
    "/api/import-jobs/",
]


def _changelists() -> list[tuple[str, list[str]]]:
    out = []
    for model in admin.site._registry:
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        out.append((url, [f.name for f in model._meta.concrete_fields]))
    return out


def test_every_admin_change_list_refuses_a_nul_in_any_field_lookup(client, staff_superuser):
    client.force_login(staff_superuser)
    client.raise_request_exception = False
    answers = {}
    for url, fields in _changelists():
        for name in [*fields, "q"]:
            answers[(url, name)] = client.get(url, {name: "a\x00b"}).status_code
    assert len(answers) > 100
    assert {key: code for key, code in answers.items() if code != 400} == {}


@pytest.mark.parametrize("url", DESK_AND_API)
def test_desk_and_api_lists_refuse_a_nul_in_a_filter_or_its_name(client, analyst, url):
    client.force_login(analyst)
    client.raise_request_exception = False
    for name in [*IncidentFilterSet.base_filters, "q", "ordering", "cursor"]:
        assert client.get(url, {name: "a\x00b"}).status_code == 400, name
    assert client.get(url, {"a\x00b": "1"}).status_code == 400


def test_the_refusal_says_why_as_json_under_the_api(client, analyst):
    client.force_login(analyst)
    response = client.get("/api/incidents/", {"q": "Kayes\x00"})
    assert response.status_code == 400
    assert response.json() == {
        "detail": "An address may not hold a NUL character.",
        "code": "nul_character",
    }
    page = client.get("/incidents/%00/")
    assert page.status_code == 400 and b"NUL character" in page.content


def test_a_nul_in_a_submitted_form_is_dropped_and_the_step_is_taken(client, analyst, editor):
    """A reason pasted with a NUL in it (the send-back view reads it straight from the form):
    before, PostgreSQL refused the history record and the editor got a 500."""
    from incidents.models import Incident

    from .factories import IncidentFactory

    incident = IncidentFactory(review_status="in_review", created_by=analyst)
    client.force_login(editor)
    client.raise_request_exception = False
    response = client.post(
        f"/incidents/{incident.pk}/send-back/",
        {"version": incident.version, "reason": "Check\x00 the toll."},
    )
    assert response.status_code == 302
    incident = Incident.objects.get(pk=incident.pk)
    assert incident.review_status == "draft"
    assert incident.history.latest("history_date").history_change_reason.endswith(
        ": Check the toll."
    )
