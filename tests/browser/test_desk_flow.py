"""The analyst's day in a real browser: paste the example article, accept the proposed Kayes
incident, find it in the list, brief on Mali (map and chart), download the CSV.

Starts from the reference data only (actors and gazetteer, no example article), as a new desk
would. Celery runs eagerly here so the paste is processed inside the live server's request.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.desk_scene import example_text

from .conftest import log_in, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def reference_data():
    call_command("load_demo", reference_only=True, verbosity=0)


def test_paste_accept_list_brief_and_download(page, analyst, eager_celery, reference_data):
    log_in(page, analyst.username)

    page.goto("/import/")
    page.fill("textarea[name=text]", example_text())
    screenshot(page, "flow-01-paste")
    page.click(".paste-form button[type=submit]")
    page.wait_for_url("**/articles/*/", timeout=60_000)
    assert page.locator(".suggestion.open").count() >= 1
    screenshot(page, "flow-02-review")

    # The Kayes proposal is the one dated 2025-07-01; accept it with the keyboard shortcut.
    kayes = page.locator(".suggestion.open", has_text="2025-07-01").first
    kayes.locator(".suggestion-head").click()
    page.keyboard.press("a")
    page.wait_for_selector(".msg-success")
    assert "Accepted as" in page.locator(".messages").inner_text()
    screenshot(page, "flow-03-accepted")

    page.goto("/incidents/?country=ML")
    row = page.locator("table.incidents tbody tr", has_text="Unclaimed, JNIM suspected")
    assert row.count() == 1
    assert "Kayes" in row.inner_text()
    screenshot(page, "flow-04-incidents")

    page.goto("/briefing/")
    page.select_option("select[name=country]", "ML")
    page.fill("input[name=date_after]", "2025-06-30")
    page.fill("input[name=date_before]", "2025-07-06")
    # The briefing shares published incidents by default; the analyst's fresh draft is asked for.
    page.locator("input[name=review_status][value=draft]").check()
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**/briefing/?*country=ML*")
    assert page.locator(".map-wrap svg g.points circle").count() >= 1
    assert page.locator(".chart-wrap svg rect.bar").count() >= 1
    screenshot(page, "flow-05-briefing")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download CSV").click()
    body = Path(download_info.value.path()).read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))
    kayes_rows = [r for r in rows[1:] if any("2025-07-01" in cell for cell in r)]
    assert len(kayes_rows) == 1
    assert any("Kayes" in cell for cell in kayes_rows[0])
    column = rows[0].index("Review status")
    assert kayes_rows[0][column] == "Draft"
    assert rows[0][-1] == "Confidence" and kayes_rows[0][-1] in ("none", "low", "medium", "high")
