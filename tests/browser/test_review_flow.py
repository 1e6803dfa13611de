"""The review day in a real browser: the analyst submits on the incident page, the editor
publishes from the review queue with one keystroke, the viewer reads the published incident."""

from __future__ import annotations

import pytest

from incidents.models import Incident, IncidentActor
from tests.factories import (
    ActorFactory,
    IncidentActorFactory,
    IncidentFactory,
    IncidentLocationFactory,
    LocationFactory,
)

from .conftest import log_in, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def draft_incident() -> Incident:
    incident = IncidentFactory(
        summary="Gunmen attacked the army post at Diboli, near the Senegal border.",
        admin1="Kayes",
        fatalities_best=4,
        review_status="draft",
    )
    IncidentLocationFactory(incident=incident, location=LocationFactory(name="Diboli"))
    IncidentActorFactory(
        incident=incident,
        actor=ActorFactory(name="Civilians (Mali)", short_name="Civilians", country="ML"),
        role=IncidentActor.Role.TARGET,
    )
    return incident


def switch_user(page, username: str) -> None:
    page.context.clear_cookies()
    log_in(page, username)


def test_submit_publish_with_one_key_and_read(page, analyst, editor, viewer):
    incident = draft_incident()

    log_in(page, analyst.username)
    page.goto(f"/incidents/{incident.pk}/")
    assert page.locator(".role-tag").inner_text() == "Analyst"
    assert page.locator("[data-step=publish]").count() == 0  # not the analyst's step
    screenshot(page, "review-01-analyst-draft")
    page.locator("[data-step=submit]").click()
    page.wait_for_selector(".msg-success")
    assert "is in review" in page.locator(".messages").inner_text()
    assert page.locator(".review-panel .status").first.inner_text() == "In review"
    assert page.locator("[data-step=withdraw]").is_visible()
    screenshot(page, "review-02-analyst-submitted")

    switch_user(page, editor.username)
    page.goto("/incidents/")
    badge = page.locator(".mainnav .nav-badge")
    assert badge.inner_text() == "1"
    badge.click()
    page.wait_for_url("**/review/")
    row = page.locator(".queue-row", has_text="Diboli")
    assert row.count() == 1
    assert str(analyst) in row.inner_text()
    page.keyboard.press("?")
    assert page.locator("#shortcuts").is_visible()
    screenshot(page, "review-03-editor-queue-shortcuts")
    page.keyboard.press("Escape")
    assert not page.locator("#shortcuts").is_visible()
    page.keyboard.press("b")
    assert page.locator(f"#reason-{incident.pk}").is_visible()
    assert page.evaluate("document.activeElement.name") == "reason"
    screenshot(page, "review-04-editor-send-back-open")
    page.keyboard.press("Escape")
    page.keyboard.press("p")
    page.wait_for_selector(".msg-success")
    assert "is published" in page.locator(".messages").inner_text()
    assert page.locator(".queue-row").count() == 0
    assert page.locator(".mainnav .nav-badge").inner_text() == "0"
    screenshot(page, "review-05-editor-published")
    incident.refresh_from_db()
    assert incident.review_status == "published" and incident.published_by == editor

    switch_user(page, viewer.username)
    page.goto(f"/incidents/{incident.pk}/")
    assert page.locator(".role-tag").inner_text() == "Viewer"
    assert page.locator(".review-panel .status").first.inner_text() == "Published"
    assert page.locator("[data-step]").count() == 0
    assert page.locator(".mainnav .nav-badge").count() == 0
    screenshot(page, "review-06-viewer-reads")


def test_editor_merges_a_duplicate_after_comparing(page, editor):
    kept = draft_incident()
    duplicate = IncidentFactory(
        summary="An army post near Diboli was stormed by gunmen.", admin1="Kayes"
    )
    log_in(page, editor.username)
    page.goto(f"/incidents/{duplicate.pk}/")
    page.get_by_role("link", name="Merge into…").click()
    page.fill("#merge-q", "Diboli")
    page.keyboard.press("Enter")
    page.wait_for_url("**/merge/?q=Diboli")
    screenshot(page, "merge-01-search")
    page.locator(".merge-candidates tr", has_text=str(kept.summary)[:30]).get_by_role(
        "link", name="Compare"
    ).click()
    assert page.locator(".merge-side").count() == 2
    screenshot(page, "merge-02-compare")
    page.get_by_role("button", name=f"Merge #{duplicate.pk} into #{kept.pk}").click()
    page.wait_for_url(f"**/incidents/{kept.pk}/")
    assert "was merged into this one" in page.locator(".messages").inner_text()
    screenshot(page, "merge-03-kept")
