"""Two analysts in two browser sessions edit the same incident in the real admin: the second save
is refused with a message naming the other analyst, when they saved and what they changed.

Each session posts back exactly what its change page holds (every field and every inline's
management form, parsed from the page), with its own edits on top, as a browser would.
"""

from __future__ import annotations

import html

import lxml.html
import pytest
from django.test import Client

from incidents.models import ClaimEvent, Incident, IncidentActor, IncidentSource
from incidents.models.incidents import ReviewStatus as S

from .factories import (
    ClaimEventFactory,
    IncidentActorFactory,
    IncidentFactory,
    IncidentLocationFactory,
    IncidentSourceFactory,
)

pytestmark = pytest.mark.django_db


def _url(incident: Incident) -> str:
    return f"/admin/incidents/incident/{incident.pk}/change/"


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _open(client: Client, incident: Incident) -> dict[str, list[str]]:
    """What the browser would submit from the change page as it was served: {name: [values]}."""
    page = client.get(_url(incident))
    assert page.status_code == 200
    form = lxml.html.fromstring(page.content).get_element_by_id("incident_form")
    data: dict[str, list[str]] = {}
    for name, value in form.form_values():
        data.setdefault(name, []).append(value)
    return data


def _save(client: Client, incident: Incident, form: dict[str, list[str]], **edits):
    data = {**form, **{name: [str(value)] for name, value in edits.items()}, "_save": ["Save"]}
    return client.post(_url(incident), data)


@pytest.fixture
def incident():
    """A draft with a place, an actor, a claim and a source: four inlines with a row each."""
    incident = IncidentFactory(fatalities_best=3, summary="Gunmen attacked the post.")
    IncidentLocationFactory(incident=incident)
    IncidentActorFactory(incident=incident)
    ClaimEventFactory(incident=incident, quote="We did it.")
    IncidentSourceFactory(incident=incident)
    return Incident.objects.get(pk=incident.pk)


def test_the_page_holds_every_inline_management_form(analyst, incident):
    form = _open(_client(analyst), incident)
    for prefix in ("incident_locations", "incident_actors", "claim_events", "sources"):
        assert form[f"{prefix}-TOTAL_FORMS"] == ["1"]
        assert form[f"{prefix}-INITIAL_FORMS"] == ["1"]
    assert form["expected_version"] == [str(incident.version)]


def test_a_lone_edit_posted_back_from_the_page_is_saved(analyst, incident):
    ali = _client(analyst)
    saved = _save(ali, incident, _open(ali, incident), fatalities_best=5)
    assert saved.status_code == 302, saved.context["errors"] if saved.context else ""
    incident.refresh_from_db()
    assert incident.fatalities_best == 5
    assert incident.history.latest("history_date").history_user == analyst


def test_second_save_is_refused_with_who_when_and_what(analyst, editor, incident):
    ali, eda = _client(analyst), _client(editor)
    ali_form, eda_form = _open(ali, incident), _open(eda, incident)

    saved = _save(eda, incident, eda_form, fatalities_best=7, summary="Gunmen killed seven.")
    assert saved.status_code == 302, saved.context["errors"] if saved.context else ""

    refused = _save(ali, incident, ali_form, fatalities_best=4, notes="Checked with the wire.")
    assert refused.status_code == 200
    message = " ".join(refused.context["adminform"].form.non_field_errors())
    assert "eda_editor changed this incident after you opened it" in message
    assert "fatalities best: 3 → 7" in message
    assert "summary: Gunmen attacked the post. → Gunmen killed seven." in message
    assert f"version {incident.version} → {incident.version + 1}" in message
    assert " UTC)" in message  # when the other analyst saved
    assert message in refused.content.decode()  # shown on the page, not only in the context

    current = Incident.objects.get(pk=incident.pk)
    assert (current.fatalities_best, current.summary, current.notes) == (
        7,
        "Gunmen killed seven.",
        "",
    )
    assert current.history.latest("history_date").history_user == editor
    # Nothing of the refused post reached the inlines either.
    assert IncidentActor.objects.filter(incident=incident).count() == 1
    assert ClaimEvent.objects.filter(incident=incident).count() == 1
    assert IncidentSource.objects.filter(incident=incident).count() == 1


def test_after_reloading_the_second_analyst_saves_on_top(analyst, editor, incident):
    ali, eda = _client(analyst), _client(editor)
    ali_form = _open(ali, incident)
    _save(eda, incident, _open(eda, incident), fatalities_best=7)
    assert _save(ali, incident, ali_form, notes="Mine.").status_code == 200

    again = _save(ali, incident, _open(ali, incident), notes="Mine.")
    assert again.status_code == 302
    current = Incident.objects.get(pk=incident.pk)
    assert (current.fatalities_best, current.notes) == (7, "Mine.")


def test_analyst_cannot_change_a_published_incident_in_the_admin(analyst):
    incident = IncidentFactory(review_status=S.PUBLISHED, summary="Published text")
    client = _client(analyst)
    page = client.get(_url(incident))
    assert page.status_code == 200 and 'name="summary"' not in page.content.decode()  # read-only
    response = client.post(
        _url(incident), {"summary": "Rewritten", "expected_version": incident.version}
    )
    assert response.status_code == 403
    assert Incident.objects.get(pk=incident.pk).summary == "Published text"


@pytest.mark.parametrize("sent", [None, ""])
def test_a_form_posted_without_its_version_is_refused(analyst, editor, incident, client_for, sent):
    """Without `expected_version` the admin cannot tell a stale form from a fresh one: it refuses
    the save, as the API answers 428 to an edit without If-Match, instead of silently reverting
    what another analyst saved meanwhile."""
    ali = _client(analyst)
    form = _open(ali, incident)
    if sent is None:
        del form["expected_version"]
    else:
        form["expected_version"] = [sent]
    # Meanwhile another analyst edits the incident through the API.
    api = client_for(editor)
    changed = api.patch(
        f"/api/incidents/{incident.pk}/",
        {"fatalities_best": 7},
        format="json",
        HTTP_IF_MATCH=f'"{incident.version}"',
    )
    assert changed.status_code == 200, changed.content[:300]

    refused = _save(ali, incident, form, notes="Checked with the wire.")
    assert refused.status_code == 200
    message = " ".join(refused.context["adminform"].form.non_field_errors())
    assert "without the version" in message and "reload" in message
    assert html.escape(message) in refused.content.decode()  # shown on the page
    current = Incident.objects.get(pk=incident.pk)
    assert (current.fatalities_best, current.notes) == (7, "")
