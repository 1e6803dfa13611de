"""Every desk page needs a login, and renders its empty state on an empty database."""

from __future__ import annotations

import pytest
from django.urls import reverse

PAGES = ["/", "/import/", "/incidents/", "/briefing/"]


@pytest.mark.django_db
@pytest.mark.parametrize("url", PAGES)
def test_anonymous_users_are_sent_to_the_login_page(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_login_page_renders_our_template(client, db):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert b"Log in to Incident Desk" in response.content


@pytest.mark.parametrize(
    ("url", "empty_text"),
    [
        ("/", "No articles yet."),
        ("/", "No import jobs yet."),
        ("/incidents/", "No incidents yet."),
        ("/briefing/", "No incidents in this region and period."),
        ("/briefing/", "No perpetrator recorded in this period."),
    ],
)
def test_empty_states(client, analyst, url, empty_text):
    client.force_login(analyst)
    response = client.get(url)
    assert response.status_code == 200
    assert empty_text in response.content.decode()


def test_interface_in_french_after_the_language_switch(client, analyst):
    client.force_login(analyst)
    response = client.post(reverse("set_language"), {"language": "fr", "next": "/incidents/"})
    assert response.status_code == 302
    page = client.get("/incidents/").content.decode()
    assert "Aucun incident pour l'instant." in page
    assert "Télécharger le CSV" in page


def test_times_are_shown_in_the_analysts_time_zone(client, analyst):
    from tests.factories import ImportJobFactory

    analyst.time_zone = "Asia/Tokyo"
    analyst.save()
    import datetime

    ImportJobFactory(
        created_by=analyst,
        created_at=datetime.datetime(2025, 7, 1, 22, 30, tzinfo=datetime.UTC),
        status="succeeded",
    )
    client.force_login(analyst)
    page = client.get("/").content.decode()
    assert "2025-07-02 07:30" in page  # 22:30 UTC is the next morning in Tokyo
    assert "Asia/Tokyo" in page
