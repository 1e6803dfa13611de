"""The review workflow in the admin, in a real browser: the analyst submits a draft from its change
page, the editor publishes it (with another one that cannot be published yet) through the
changelist's bulk action and reads what was done and what was refused."""

from __future__ import annotations

import pytest

from incidents.models import Incident
from incidents.models.incidents import ReviewStatus as S
from tests.factories import IncidentFactory

from .conftest import log_in, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_analyst_submits_in_the_admin_and_editor_publishes_in_bulk(page, browser, analyst, editor):
    draft = IncidentFactory(
        review_status=S.DRAFT, summary="Gunmen attacked the army camp in Boni.", created_by=analyst
    )
    other = IncidentFactory(review_status=S.DRAFT, summary="A market was burnt in Kayes.")

    log_in(page, analyst.username)
    page.goto(f"/admin/incidents/incident/{draft.pk}/change/")
    box = page.locator("#workflow-steps")
    assert "Review status: Draft" in box.inner_text()
    assert page.locator("#workflow-publish").count() == 0  # not the analyst's step
    screenshot(page, "admin-workflow-01-analyst-draft")
    page.click("#workflow-submit")
    page.wait_for_selector(".messagelist .success")
    assert (
        f"Incident #{draft.pk} submitted for review." in page.locator(".messagelist").inner_text()
    )
    assert "Review status: In review" in page.locator("#workflow-steps").inner_text()
    screenshot(page, "admin-workflow-02-analyst-submitted")

    # The editor, in a browser session of their own.
    context = browser.new_context(
        base_url=page.url.split("/admin/")[0],
        viewport={"width": 1440, "height": 1000},
        locale="en-GB",
    )
    editor_page = context.new_page()
    log_in(editor_page, editor.username)
    editor_page.goto("/admin/incidents/incident/")
    for incident in (draft, other):
        editor_page.check(f"input[name=_selected_action][value='{incident.pk}']")
    editor_page.select_option("select[name=action]", "publish_selected")
    screenshot(editor_page, "admin-workflow-03-editor-selects")
    editor_page.click("button[name=index]")
    editor_page.wait_for_selector(".messagelist .success")
    messages = editor_page.locator(".messagelist").inner_text()
    assert f"1 incident published: #{draft.pk}." in messages
    assert f"#{other.pk} not published:" in messages and "this one is draft" in messages
    screenshot(editor_page, "admin-workflow-04-editor-published")

    # Retracting asks why first, on a page of its own.
    editor_page.goto(f"/admin/incidents/incident/{draft.pk}/change/")
    editor_page.click("#workflow-retract")
    editor_page.fill("textarea[name=reason]", "The camp attacked was Mondoro, not Boni.")
    screenshot(editor_page, "admin-workflow-05-editor-retract-reason")
    editor_page.click("#workflow-confirm")
    editor_page.wait_for_selector(".messagelist .success")
    assert "Review status: Retracted" in editor_page.locator("#workflow-steps").inner_text()

    # Merging shows both incidents side by side.
    editor_page.goto("/admin/incidents/incident/")
    for incident in (draft, other):
        editor_page.check(f"input[name=_selected_action][value='{incident.pk}']")
    editor_page.select_option("select[name=action]", "merge_selected")
    editor_page.click("button[name=index]")
    assert editor_page.locator("#merge-sides").is_visible()
    screenshot(editor_page, "admin-workflow-06-editor-merge-choice")
    context.close()

    assert Incident.objects.get(pk=draft.pk).review_status == S.RETRACTED
    assert Incident.objects.get(pk=other.pk).review_status == S.DRAFT
