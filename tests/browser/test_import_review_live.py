"""An analyst's paste through a real Celery worker: the Import page, the job page, then the
review page that says the engine is reading and shows the proposals without a reload; a place
corrected with the gazetteer autocomplete; accepted.

The French article is written for this test (not a real report).
"""

from __future__ import annotations

import pytest
from celery.contrib.testing.worker import start_worker
from django.core.management import call_command

from config.celery import app
from incidents.models import Incident
from tests.workers import purge_queue

from .conftest import log_in, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.worker, pytest.mark.django_db(transaction=True)]

ARTICLE = (
    "GAO, 4 mars (AFP) - Une embuscade tendue dimanche contre un convoi de l'armée malienne "
    "près de Tessit, dans la région de Gao, a fait au moins huit morts parmi les soldats, "
    "a-t-on appris lundi de sources sécuritaires.\n\n"
    "Les assaillants, arrivés à moto, ont ouvert le feu sur les véhicules avant de se replier "
    "vers la frontière nigérienne. L'attaque n'a pas été revendiquée, mais une source locale "
    "l'attribue à l'État islamique au Sahel.\n\n"
    "La zone des trois frontières est le théâtre d'attaques répétées depuis plusieurs années."
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


def test_paste_read_live_correct_a_place_and_accept(page, analyst, reference_data, worker):
    log_in(page, analyst.username)
    page.get_by_role("link", name="Import", exact=True).click()
    page.wait_for_url("**/import/")
    page.fill("textarea[name=text]", ARTICLE)
    page.select_option("select[name=language]", "fr")
    screenshot(page, "live-01-import")
    page.click(".paste-form button[type=submit]")

    # The job page polls, then opens the review page; the engine reads there.
    page.wait_for_url("**/articles/*/", timeout=60_000)
    assert "has not read this article" not in page.content()
    page.evaluate("window.__sameDocument = true")
    if page.locator(".engine-reading").count():
        screenshot(page, "live-02-reading")
    page.wait_for_selector(".suggestion.open", timeout=60_000)
    # No reload: the marker set on arrival is still there.
    assert page.evaluate("window.__sameDocument") is True
    assert "AFP" in page.locator(".meta-line").inner_text()
    screenshot(page, "live-03-proposals")

    page.keyboard.press("?")
    assert page.locator("#shortcuts").is_visible()
    screenshot(page, "live-03b-shortcuts")
    page.keyboard.press("Escape")
    assert not page.locator("#shortcuts").is_visible()

    card = page.locator(".suggestion.open").first
    # The keyboard: e lands on the first field (not the CSRF token), Escape leaves it.
    card.locator(".suggestion-head").click()
    page.keyboard.press("e")
    assert page.evaluate("document.activeElement.name").endswith("-summary")
    page.keyboard.press("Escape")

    # Replace the proposal's places with Ansongo (found by the autocomplete), "near" precision.
    while card.locator(".place-row .remove-place").count():
        card.locator(".place-row .remove-place").first.click()
    card.locator(".place-search").fill("Ansongo")
    option = card.locator(".place-menu li[role=option]", has_text="Ansongo").first
    option.wait_for()
    assert "Gao" in option.inner_text()  # its region is shown
    screenshot(page, "live-04-autocomplete")
    option.click()
    row = card.locator(".place-row", has_text="Ansongo")
    row.locator("select.precision").select_option("2")
    card.locator(".place-preview svg circle").first.wait_for()
    screenshot(page, "live-05-corrected")

    card.locator('[data-action="accept"]').click()
    page.wait_for_selector(".msg-success")
    assert "Accepted as" in page.locator(".messages").inner_text()
    screenshot(page, "live-06-accepted")

    incident = Incident.objects.get()
    link = incident.incident_locations.get()
    assert (link.location.name, link.geo_precision, link.is_primary) == ("Ansongo", 2, True)
    assert incident.admin1 == "Gao"
