"""The briefing: region and period through the shared filters, chart, map, counts, CSV link."""

from __future__ import annotations

import pytest

from tests.desk_scene import incidents

MALI_JUNE = "/briefing/?country=ML&date_after=2025-05-26&date_before=2025-07-06"


@pytest.fixture
def scene(db):
    return incidents()


def test_briefing_for_mali_counts_maps_and_charts(client, analyst, scene):
    client.force_login(analyst)
    response = client.get(MALI_JUNE)
    assert response.status_code == 200
    context = response.context
    assert context["totals"]["n"] == 2  # Kayes + Timbuktu; Djibo is in BF, the secret is hidden
    assert context["totals"]["fatalities"] == 8
    assert context["totals"]["unknown_toll"] == 1
    assert [p["name"] for p in context["perpetrators"]] == ["JNIM"]
    claims = {c["status"]: c["n"] for c in context["claims"]}
    assert claims["claimed"] == 1 and claims["unclaimed"] == 1
    page = response.content.decode()
    assert page.count('class="bar"') == 2  # one bar per week with an incident
    assert 'class="points"' in page and page.count("<circle") >= 2
    assert (
        "incidents/export.csv?date_after=2025-05-26&amp;date_before=2025-07-06&amp;country=ML"
        in page
    )


def test_briefing_period_excludes_other_weeks(client, analyst, scene):
    client.force_login(analyst)
    response = client.get("/briefing/?country=ML&date_after=2025-06-25&date_before=2025-07-06")
    assert response.context["totals"]["n"] == 1


def test_default_briefing_is_the_last_seven_days(client, analyst, scene):
    client.force_login(analyst)
    response = client.get("/briefing/")
    assert (response.context["before"] - response.context["after"]).days == 6


def test_a_period_ending_before_it_starts_is_an_error(client, analyst, scene):
    client.force_login(analyst)
    response = client.get("/briefing/?date_after=2025-07-06&date_before=2025-06-01")
    assert "The period ends before it starts." in response.content.decode()


def test_briefing_has_a_print_stylesheet(client, analyst):
    from pathlib import Path

    from django.contrib.staticfiles import finders

    css = Path(finders.find("desk/desk.css")).read_text(encoding="utf-8")
    assert "@media print" in css
    assert ".no-print" in css
