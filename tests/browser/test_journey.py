"""The whole day, across three roles, in a real browser with a real Celery worker:

1. an analyst pastes a French article (written for this test, not a real report) on the Import
   page, sees the proposals appear without a reload, corrects the place with the gazetteer
   autocomplete, accepts, and submits the incident for review;
2. an editor opens the review queue and publishes it with one keystroke;
3. a viewer finds it on the briefing page and in its CSV;
4. the editor retracts it with a reason, and the viewer no longer sees it.

Screenshots (`journey-*.png`) are the README's (`docs/screenshots/`, copied from a run).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from celery.contrib.testing.worker import start_worker
from django.core.management import call_command

from config.celery import app
from incidents.models import Incident
from tests.workers import purge_queue

from .conftest import log_in, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.worker, pytest.mark.django_db(transaction=True)]

ARTICLE = (
    "KAYES, 9 juin (AFP) - Des hommes armés ont attaqué samedi un poste de la gendarmerie "
    "malienne à Diboli, dans la région de Kayes, près de la frontière sénégalaise, tuant six "
    "gendarmes, a-t-on appris dimanche de sources sécuritaires.\n\n"
    "L'attaque n'a pas été revendiquée, mais une source locale l'attribue au JNIM, le Groupe de "
    "soutien à l'islam et aux musulmans.\n\n"
    "La région de Kayes, longtemps épargnée, est visée depuis 2025 par des attaques répétées."
)


@pytest.fixture
def worker(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        purge_queue()
        with start_worker(
            app, pool="solo", perform_ping_check=False, loglevel="WARNING", shutdown_timeout=10
        ) as running:
            yield running


@pytest.fixture
def reference_data():
    call_command("load_demo", reference_only=True, verbosity=0)


def switch_user(page, username: str) -> None:
    page.context.clear_cookies()
    log_in(page, username)


def briefing_csv_rows(page) -> list[list[str]]:
    with page.expect_download() as download:
        page.get_by_role("link", name="Download CSV").click()
    body = Path(download.value.path()).read_text(encoding="utf-8-sig")
    return list(csv.reader(io.StringIO(body)))


def open_briefing(page) -> None:
    page.goto("/briefing/?country=ML&date_after=2026-06-01&date_before=2026-06-14")


def test_paste_to_published_to_retracted(page, analyst, editor, viewer, reference_data, worker):
    # 1. The analyst: paste, live proposals, correct the place, accept, submit.
    log_in(page, analyst.username)
    page.get_by_role("link", name="Import", exact=True).click()
    page.wait_for_url("**/import/")
    page.fill("textarea[name=text]", "date 2026-06-09\n" + ARTICLE)
    page.select_option("select[name=language]", "fr")
    screenshot(page, "journey-01-import")
    page.click(".paste-form button[type=submit]")
    page.wait_for_url("**/articles/*/", timeout=60_000)
    assert "has not read this article" not in page.content()
    page.evaluate("window.__sameDocument = true")
    page.wait_for_selector(".suggestion.open", timeout=60_000)
    assert page.evaluate("window.__sameDocument") is True  # no reload
    screenshot(page, "journey-02-proposals")

    card = page.locator(".suggestion.open").first
    while card.locator(".place-row .remove-place").count():
        card.locator(".place-row .remove-place").first.click()
    card.locator(".place-search").fill("Diboli")
    option = card.locator(".place-menu li[role=option]", has_text="Diboli").first
    option.wait_for()
    assert "Kayes" in option.inner_text()
    option.click()
    card.locator(".place-preview svg circle").first.wait_for()
    screenshot(page, "journey-03-place-corrected")
    card.locator('[data-action="accept"]').click()
    page.wait_for_selector(".msg-success")
    incident = Incident.objects.get()
    assert incident.incident_locations.get().location.name == "Diboli"
    assert incident.review_status == "draft"

    page.goto(f"/incidents/{incident.pk}/")
    page.locator("[data-step=submit]").click()
    page.wait_for_selector(".msg-success")
    assert page.locator(".review-panel .status").first.inner_text() == "In review"
    screenshot(page, "journey-04-submitted")

    # 2. The editor: the review queue, publish with one key.
    switch_user(page, editor.username)
    page.locator(".mainnav .nav-badge").click()
    page.wait_for_url("**/review/")
    assert page.locator(".queue-row").count() == 1
    screenshot(page, "journey-05-review-queue")
    page.keyboard.press("p")
    page.wait_for_selector(".msg-success")
    assert "is published" in page.locator(".messages").inner_text()
    incident.refresh_from_db()
    assert incident.review_status == "published"

    # 3. The viewer: the briefing page and its CSV.
    switch_user(page, viewer.username)
    open_briefing(page)
    row = page.locator("table tbody tr", has_text="2026-06-0")
    assert row.count() == 1 and "Diboli" in row.inner_text()
    assert page.locator(".map-wrap svg g.points circle").count() == 1
    screenshot(page, "journey-06-viewer-briefing")
    rows = briefing_csv_rows(page)
    assert [r for r in rows[1:] if any("Diboli" in cell for cell in r)]

    # 4. The editor retracts; the viewer no longer sees it.
    switch_user(page, editor.username)
    page.goto(f"/incidents/{incident.pk}/")
    page.fill("#reason-retract", "Wrong village: the post attacked was at Kidira, in Senegal.")
    page.locator("[data-step=retract]").click()
    page.wait_for_selector(".msg-success")
    assert page.locator(".review-panel .status").first.inner_text() == "Retracted"
    screenshot(page, "journey-07-retracted")

    switch_user(page, viewer.username)
    open_briefing(page)
    assert page.locator("table tbody tr", has_text="Diboli").count() == 0
    assert page.locator(".map-wrap svg g.points circle").count() == 0
    rows = briefing_csv_rows(page)
    assert not [r for r in rows[1:] if any("Diboli" in cell for cell in r)]
    response = page.goto(f"/incidents/{incident.pk}/")
    assert response.status == 404
    screenshot(page, "journey-08-viewer-after-retraction")
