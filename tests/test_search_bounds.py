"""Free-text search is bounded on every surface (analysts.search_limits.SEARCH_MAX_CHARS).

The admin's search box turns each word into a condition on each searched field. Before the bound,
a search of 20,000 words on the incident change list held PostgreSQL for over five minutes
(found by a sweep of hostile query strings). It is now refused with a message, like the desk's
and the API's `q`.
"""

from __future__ import annotations

import time

import pytest
from django.contrib import admin
from django.urls import reverse

from analysts.search_limits import SEARCH_MAX_CHARS
from incidents.models import Incident

from .factories import IncidentFactory

pytestmark = pytest.mark.django_db

HUGE = " ".join(["kayes"] * 20_000)


def _searchable_changelists() -> list[str]:
    return [
        reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        for model, model_admin in admin.site._registry.items()
        if model_admin.search_fields
    ]


def test_every_admin_search_box_refuses_a_huge_search_at_once(client, staff_superuser):
    IncidentFactory(summary="Gunmen attacked Kayes.")
    client.force_login(staff_superuser)
    urls = _searchable_changelists()
    assert "/admin/incidents/incident/" in urls and len(urls) >= 8
    for url in urls:
        started = time.monotonic()
        page = client.get(url, {"q": HUGE})
        assert page.status_code == 200, url
        assert time.monotonic() - started < 5, url
        assert f"at most {SEARCH_MAX_CHARS} characters" in page.content.decode(), url


def test_an_admin_search_within_the_bound_still_finds(client, staff_superuser):
    incident = IncidentFactory(summary="Gunmen attacked Kayes.")
    client.force_login(staff_superuser)
    page = client.get("/admin/incidents/incident/", {"q": "Kayes"})
    assert list(page.context["cl"].result_list) == [Incident.objects.get(pk=incident.pk)]
    assert "characters" not in " ".join(str(m) for m in page.context["messages"])


@pytest.mark.parametrize("url", ["/api/incidents/", "/api/articles/", "/api/actors/"])
def test_the_api_refuses_a_search_over_the_bound(client, analyst, url):
    client.force_login(analyst)
    assert client.get(url, {"q": "k" * SEARCH_MAX_CHARS}).status_code == 200
    response = client.get(url, {"q": "k" * (SEARCH_MAX_CHARS + 1)})
    assert response.status_code == 400 and "q" in response.json()
