"""The main navigation shows each role the pages it may use, and nothing that answers 403
(incidents.desk.nav, from incidents.permissions): a viewer reads incidents and briefings, an
analyst also imports and reviews, an editor also has the review queue."""

from __future__ import annotations

import re

import pytest

from .conftest import log_in, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EXPECTED = {
    # The analyst and the editor of the test personas are staff: the admin link too.
    "viewer": ["Incidents", "Briefing"],
    "analyst": ["Inbox", "Import", "Incidents", "Briefing", "My queue", "Admin"],
    "editor": ["Inbox", "Import", "Incidents", "Briefing", "My queue", "Review queue", "Admin"],
}


def nav_entries(page) -> list[tuple[str, str]]:
    links = page.locator("nav.mainnav a")
    return [
        # "Review queue 0": the entry's name without its count badge.
        (
            re.sub(r"\s*\d+$", "", links.nth(i).inner_text().strip()),
            links.nth(i).get_attribute("href"),
        )
        for i in range(links.count())
    ]


@pytest.mark.parametrize("role", list(EXPECTED))
def test_each_role_sees_the_entries_it_can_use(page, request, role):
    user = request.getfixturevalue(role)
    log_in(page, user.username)
    home = "/incidents/" if role == "viewer" else "/"
    assert page.url.endswith(home)  # where the login leads
    entries = nav_entries(page)
    assert [name for name, _ in entries] == EXPECTED[role]
    screenshot(page, f"nav-{role}")
    # Every entry shown opens for this reader.
    for name, href in entries:
        response = page.goto(href)
        assert response.status == 200, f"{role}: {name} ({href}) answered {response.status}"
    page.goto("/briefing/")
    page.locator("a.brand").click()
    page.wait_for_load_state()
    assert page.url.endswith(home)


def test_the_hidden_entries_are_closed_to_a_viewer(page, viewer):
    log_in(page, viewer.username)
    assert page.goto("/import/").status == 403
    assert page.goto("/queue/").status == 403
    page.goto("/")
    assert page.url.endswith("/incidents/")  # the inbox is for those who review


def test_a_viewer_is_not_sent_to_the_inbox_by_an_empty_list(page, viewer):
    log_in(page, viewer.username)
    assert page.get_by_text("No incidents yet.").is_visible()
    assert page.locator("main a[href='/']").count() == 0
