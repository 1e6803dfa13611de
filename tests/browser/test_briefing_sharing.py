"""An editor's briefing in a real browser: published incidents by default; ticking Draft adds the
drafts, badged in the table, ringed on the map and named in the key and in the CSV."""

from __future__ import annotations

import csv
import datetime
import io
from pathlib import Path

import pytest

from incidents.models.incidents import ReviewStatus
from tests.desk_scene import incidents
from tests.factories import IncidentFactory, IncidentLocationFactory, LocationFactory

from .conftest import log_in, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MALI_JUNE = "/briefing/?country=ML&date_after=2025-05-26&date_before=2025-07-06"


def _draft(name: str, lon: float, lat: float, day: datetime.date, deaths: int | None):
    incident = IncidentFactory(
        summary=f"Draft: gunmen attacked {name}.",
        date_start=day,
        admin1="Kayes",
        review_status=ReviewStatus.DRAFT,
        fatalities_best=deaths,
        fatalities_low=deaths,
    )
    location = LocationFactory(name=name, admin1_name="Kayes", latitude=lat, longitude=lon)
    IncidentLocationFactory(incident=incident, location=location)
    incident.refresh_place_fields()
    return incident


def test_editor_briefing_shows_published_then_marked_drafts(page, editor):
    incidents()  # Kayes and Timbuktu published in Mali (Djibo is in Burkina Faso)
    _draft("Diboli", -11.9, 14.6, datetime.date(2025, 6, 30), 2)
    _draft("Nioro du Sahel", -9.59, 15.23, datetime.date(2025, 6, 12), None)
    log_in(page, editor.username)

    page.goto(MALI_JUNE)
    table = page.locator("section.card table.compact").last
    assert table.locator("tbody tr").count() == 2
    assert page.get_by_text("Published incidents only.").is_visible()
    assert page.locator("input[name=review_status][value=published]").is_checked()
    assert not page.locator("input[name=review_status][value=draft]").is_checked()
    assert page.locator(".map-wrap svg g.points circle").count() == 2
    assert page.locator(".map-wrap svg g.points .pt-unpublished").count() == 0
    assert page.locator("td .unpublished").count() == 0
    screenshot(page, "briefing-sharing-1-published")

    page.locator("input[name=review_status][value=draft]").check()
    page.get_by_role("button", name="Show").click()
    page.wait_for_load_state()
    assert "review_status=draft" in page.url
    assert table.locator("tbody tr").count() == 4
    badges = page.locator("td .unpublished")
    assert badges.count() == 2 and badges.first.inner_text() == "Draft"
    assert page.get_by_text("2 incidents not published").is_visible()
    assert page.locator(".map-wrap svg g.points .pt-unpublished").count() == 2
    assert page.locator(".map-wrap svg .map-legend").get_by_text("not published").count() == 1
    screenshot(page, "briefing-sharing-2-with-drafts")

    with page.expect_download() as download:
        page.get_by_role("link", name="Download CSV").click()
    text = Path(download.value.path()).read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert sorted(row["Review status"] for row in rows) == [
        "Draft",
        "Draft",
        "Published",
        "Published",
    ]
