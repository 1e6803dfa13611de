"""Hostile values in the query string of every list surface: never a 500, never slow.

A sweep of this kind found a page number whose offset overflowed PostgreSQL's bigint (a 500 on
/api/incidents/) and an admin search of 20,000 words that held the database for minutes. Each
value here is something a mistyped link, a script or an attacker sends: huge numbers, NaN,
impossible dates, over-long text, operators of the full-text syntax.
"""

from __future__ import annotations

import time

import pytest
from django.db import transaction

from .factories import IncidentFactory

pytestmark = pytest.mark.django_db

VALUES = [
    ("q", " ".join(["kayes"] * 20_000)),
    ("q", "!!!&|:*()<->"),
    ("q", "'\"\\;--"),
    ("page", "99999999999999999999999"),
    ("page", "-1"),
    ("date_after", "99999-01-01"),
    ("date_before", "2025-13-45"),
    ("fatalities_min", "1e309"),
    ("fatalities_min", "-99999999999999999999"),
    ("bbox", "nan,nan,nan,nan"),
    ("bbox", "1e309,0,0,0"),
    ("bbox", "-200,-100,200,100"),
    ("ordering", "-" * 500),
    ("page_size", "100000000"),
    ("cursor", "x" * 5000),
    ("updated_after", "not-a-date"),
    ("actor", "99999999999999999999999"),
    ("country", "Z" * 5000),
]

SURFACES = [
    "/api/incidents/",
    "/api/incidents/sync/",
    "/api/articles/",
    "/incidents/",
    "/briefing/",
    "/incidents/map.json",
    "/admin/incidents/incident/",
    "/admin/sources/article/",
]


@pytest.mark.parametrize("url", SURFACES)
def test_hostile_values_get_an_answer_never_a_500(client, staff_superuser, url):
    IncidentFactory(summary="Gunmen attacked Kayes.", review_status="published")
    client.force_login(staff_superuser)
    client.raise_request_exception = False
    answers = {}
    for name, value in VALUES:
        started = time.monotonic()
        with transaction.atomic():  # a failed query must not hide the next answers
            status = client.get(url, {name: value}).status_code
        answers[(name, value[:24])] = (status, round(time.monotonic() - started, 1))
    assert {k: a for k, a in answers.items() if a[0] >= 500 or a[1] > 5} == {}
