"""An analyst saves "Mali, JNIM, last 7 days" from the incident list, finds it in the menu and
opens its Atom feed and alert settings; a viewer sees neither that private search nor its feed."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from analysts.models import SavedFilter
from incidents.models import AlertSubscription
from incidents.models.incidents import ReviewStatus
from tests.factories import ActorFactory, IncidentActorFactory, IncidentFactory

from .conftest import log_in, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NAME = "Mali, JNIM, last 7 days"


def _published(summary: str, days_ago: int, actor=None, **fields):
    incident = IncidentFactory(
        summary=summary,
        date_start=timezone.localdate() - datetime.timedelta(days=days_ago),
        review_status=ReviewStatus.PUBLISHED,
        published_at=timezone.now(),
        **fields,
    )
    if actor is not None:
        IncidentActorFactory(incident=incident, actor=actor)
    return incident


def test_analyst_saves_a_search_and_opens_its_feed_a_viewer_cannot_see_it(
    page, browser, live_server, analyst, viewer
):
    jnim = ActorFactory(name="Jama'at Nusrat al-Islam wal-Muslimin", short_name="JNIM")
    recent = _published("JNIM fighters attacked a checkpoint near Nioro.", 2, jnim)
    _published("An older JNIM ambush.", 20, jnim)
    _published("Unclaimed attack in Burkina Faso.", 1, jnim, country="BF", admin1="Sahel")

    log_in(page, analyst.username)
    page.goto("/incidents/")
    page.select_option("#f-country", "ML")
    page.select_option("#f-actor", str(jnim.pk))
    page.select_option("#f-last", "7")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_load_state()
    assert page.locator("table.incidents tbody tr").count() == 1

    page.get_by_text("Save this search").click()
    page.fill("#ss-name", NAME)
    assert page.locator("#ss-team option").all_inner_texts() == ["Only me"]
    screenshot(page, "saved-searches-1-save")
    page.locator("form:has(#ss-name) button[type=submit]").click()
    page.wait_for_load_state()
    assert page.get_by_text(f"Saved the search “{NAME}”").is_visible()
    # Back on the search's own results.
    assert page.locator("table.incidents tbody tr").count() == 1

    page.locator(".saved-menu summary").click()
    menu = page.locator(".saved-menu .popover-body")
    assert menu.get_by_role("link", name=NAME).is_visible()
    assert "private" in menu.inner_text()
    screenshot(page, "saved-searches-2-menu")

    feed_link = menu.get_by_role("link", name="Atom feed")
    href = feed_link.get_attribute("href")
    subscription = AlertSubscription.objects.get(user=analyst)
    assert href == f"/feeds/saved/{subscription.feed_token}.atom"
    # A feed reader has no session: fetch it from a fresh, signed-out context.
    reader = browser.new_context(base_url=live_server.url)
    feed = reader.request.get(href)
    assert feed.status == 200
    assert feed.headers["content-type"].startswith("application/atom+xml")
    body = feed.text()
    assert f"/incidents/{recent.pk}/" in body
    assert "older JNIM ambush" not in body and "Burkina" not in body
    reader.close()

    page.goto(href)  # what the analyst sees on clicking it
    screenshot(page, "saved-searches-3-feed")

    page.goto("/incidents/")
    page.locator(".saved-menu summary").click()
    page.locator(".saved-menu").get_by_role("link", name="Alerts").click()
    page.wait_for_load_state()
    page.select_option("#id_email", "daily")
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_load_state()
    assert page.get_by_text("Alert settings saved.").is_visible()
    screenshot(page, "saved-searches-4-alerts")
    assert AlertSubscription.objects.get(user=analyst).email == "daily"

    # The viewer: no trace of the analyst's private search, in the menu or the API.
    page.context.clear_cookies()
    log_in(page, viewer.username)
    page.goto("/incidents/")
    page.locator(".saved-menu summary").click()
    assert NAME not in page.locator(".saved-menu").inner_text()
    assert page.get_by_text("No saved searches yet").is_visible()
    search = SavedFilter.objects.get(name=NAME)
    assert page.request.get(f"/api/saved-searches/{search.pk}/").status == 404
    assert page.request.get(f"/saved-searches/{search.pk}/alerts/").status == 404
    screenshot(page, "saved-searches-5-viewer")
