"""Dividing the work in a real browser: an editor shift-selects incidents on the list and publishes
them in one action, with the refused one and its reason in the report; an analyst finds what was
sent back in "My queue"; a viewer sees no bulk controls; an incident shows its corroboration."""

from __future__ import annotations

import datetime

import pytest

from incidents import workflow
from incidents.models.incidents import ReviewStatus
from tests.factories import ArticleFactory, IncidentFactory, IncidentSourceFactory, OutletFactory

from .conftest import log_in, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _incident(day: int, status: str, summary: str):
    return IncidentFactory(
        summary=summary,
        date_start=datetime.date(2025, 7, day),
        review_status=status,
        admin1="Kayes",
    )


def test_editor_bulk_publishes_a_shift_clicked_range(page, editor):
    # Newest first on the list: rows 1–5 are days 9 to 5, the draft (day 7) among them.
    for day in (9, 8, 6, 5):
        _incident(day, ReviewStatus.IN_REVIEW, f"Attack on day {day} waiting for review")
    draft = _incident(7, ReviewStatus.DRAFT, "Unfinished draft of day 7")
    _incident(2, ReviewStatus.IN_REVIEW, "Left out of the selection")
    log_in(page, editor.username)
    page.goto("/incidents/")
    boxes = page.locator("input.bulk-row")
    assert boxes.count() == 6
    boxes.nth(0).click()
    boxes.nth(4).click(modifiers=["Shift"])
    assert page.locator("#bulk-selected").inner_text() == "5"
    assert not boxes.nth(5).is_checked()
    page.select_option("#bulk-action", "publish")
    screenshot(page, "bulk-01-selection")
    page.click("#bulk-apply")
    page.wait_for_selector("table.bulk-report")
    assert page.locator("tr.bulk-done").count() == 4
    refused = page.locator(f"tr.bulk-refused[data-id='{draft.pk}']")
    assert refused.count() == 1
    assert "only an incident that is in review" in refused.inner_text()
    assert page.get_by_text("4 done").is_visible() and page.get_by_text("1 refused").is_visible()
    screenshot(page, "bulk-02-report")

    # Select all matching a filter: the one left out is published too.
    page.goto("/incidents/?review_status=in_review")
    page.locator("#bulk-page").check()
    assert page.locator("#bulk-selected").inner_text() == "1"
    page.select_option("#bulk-action", "send_back")
    assert page.locator("#bulk-reason").is_visible()
    assert not page.locator("#bulk-assignee").is_visible()


def test_an_analyst_sees_my_queue_with_the_reason_sent_back(page, analyst, editor):
    incident = _incident(3, ReviewStatus.DRAFT, "Menaka attack, place unclear")
    incident.created_by = analyst
    incident.save()
    workflow.submit(incident, analyst)
    workflow.return_to_draft(incident, editor, "Name the village, not only the cercle.")
    log_in(page, analyst.username)
    page.goto("/")
    page.get_by_role("link", name="My queue").click()
    page.wait_for_url("**/queue/")
    section = page.locator("#sent-back")
    assert "Menaka attack, place unclear" in section.inner_text()
    assert "Name the village, not only the cercle." in section.inner_text()
    screenshot(page, "queue-01-analyst")


def test_a_viewer_sees_no_bulk_controls(page, viewer):
    _incident(4, ReviewStatus.PUBLISHED, "A published attack")
    log_in(page, viewer.username)
    page.goto("/incidents/")
    assert page.locator("table.incidents tbody tr").count() == 1
    assert page.locator("#bulk-form").count() == 0
    assert page.locator("input.bulk-row").count() == 0
    assert page.get_by_role("link", name="My queue").count() == 0


def test_an_incident_shows_how_well_it_is_corroborated(page, viewer):
    incident = _incident(1, ReviewStatus.PUBLISHED, "Kayes: army posts attacked")
    wire = "BAMAKO (AFP) - Gunmen killed twelve soldiers in Kayes, {}."
    for name in ("Le Monde", "RFI"):
        article = ArticleFactory(outlet=OutletFactory(name=name), text=wire.format(name))
        IncidentSourceFactory(incident=incident, article=article, fatalities_reported=12)
    tamani = ArticleFactory(outlet=OutletFactory(name="Studio Tamani", reliability="B"))
    IncidentSourceFactory(incident=incident, article=tamani, credibility=2, fatalities_reported=15)
    log_in(page, viewer.username)
    page.goto(f"/incidents/{incident.pk}/")
    panel = page.locator("#corroboration")
    text = panel.inner_text()
    assert "confidence: high" in text
    assert "3 reports" in text and "2 independent" in text
    assert "12–15" in text and "Le Monde, RFI" in text and "B2" in text
    assert "Copies of one wire dispatch" in text
    screenshot(page, "corroboration-01-page")
