"""Every desk page in a real browser over a seeded desk: they render, maps and charts are SVG,
keyboard shortcuts move between proposals, and the language switch translates the interface."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.desk_scene import incidents, kayes_article
from tests.factories import ArticleFactory

from .conftest import log_in, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DIBOLI = (
    "Gunmen attacked an army post in Diboli, in the Kayes region, on Tuesday. Two soldiers died."
)


def test_every_page_renders_with_its_map_and_chart(page, analyst):
    scene = incidents()
    article, suggestions = kayes_article()
    log_in(page, analyst.username)

    page.goto("/")
    assert page.locator("h1").inner_text() == "Inbox"
    assert page.get_by_role("link", name=article.title[:40], exact=False).is_visible()
    screenshot(page, "01-inbox")

    page.goto("/import/")
    assert page.locator("textarea[name=text]").is_visible()
    screenshot(page, "02-paste")

    page.goto(f"/articles/{article.pk}/")
    assert page.locator("mark.ev-place").count() >= 5
    assert page.locator("mark.ev-claim").count() >= 2
    assert page.locator(".suggestion.open").count() == len(suggestions)
    # The shortcuts bind once the page's scripts have run; the class changes may land a frame
    # after the key, so the checks wait for them rather than read them at once.
    page.wait_for_load_state("networkidle")
    page.keyboard.press("j")
    expect(page.locator(".suggestion.open").nth(1)).to_have_class(re.compile(r"\bcurrent\b"))
    page.keyboard.press("k")
    expect(page.locator(".suggestion.open").nth(0)).to_have_class(re.compile(r"\bcurrent\b"))
    screenshot(page, "03-review")

    page.goto("/incidents/")
    rows = page.locator("table.incidents tbody tr")
    assert rows.count() == 3  # the TLP:RED incident stays hidden from this analyst
    assert page.get_by_text("Unclaimed, JNIM suspected").is_visible()
    screenshot(page, "04-incidents")

    page.goto(f"/incidents/{scene['timbuktu'].pk}/")
    assert page.locator(".map-wrap svg g.points circle").count() == 1
    assert page.get_by_text("Claimed by JNIM (az-Zallaqa, 2025-06-03)").is_visible()
    screenshot(page, "05-incident")

    page.goto("/briefing/?country=ML&date_after=2025-05-26&date_before=2025-07-06")
    assert page.locator(".map-wrap svg g.points circle").count() == 2
    assert page.locator(".chart-wrap svg rect.bar").count() == 2
    screenshot(page, "06-briefing")
    page.emulate_media(media="print")
    assert not page.locator("header.topbar").is_visible()
    screenshot(page, "07-briefing-print")
    page.emulate_media(media="screen")

    page.locator(".lang-switch button[value=fr]").click()
    page.wait_for_load_state()
    assert page.locator("h1").first.inner_text().startswith("Note de situation")
    screenshot(page, "08-briefing-fr")


def test_pasting_a_stored_article_opens_it_with_a_propose_button(page, analyst, eager_celery):
    # Stored the way load_demo leaves it: no engine run, no proposals.
    article = ArticleFactory(text=DIBOLI, title="Gunmen attack Diboli")
    log_in(page, analyst.username)
    page.goto("/import/")
    page.fill("textarea[name=text]", DIBOLI)
    page.click(".paste-form button[type=submit]")
    page.wait_for_url(f"**/articles/{article.pk}/")
    assert "already imported" in page.locator(".messages").inner_text()
    button = page.get_by_role("button", name="Propose incidents")
    assert button.is_visible()
    screenshot(page, "09-review-never-proposed")
    button.click()
    page.wait_for_selector(".messages .msg-success, .messages .msg-info")
    assert page.get_by_role("button", name="Propose incidents").count() == 0
    screenshot(page, "10-review-proposed")
