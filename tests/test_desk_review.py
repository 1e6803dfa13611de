"""The review page: highlighted evidence, editable proposals, and decisions through the real
review services of `incidents.review` (accept, reject, attach, likely matches)."""

from __future__ import annotations

import datetime

import pytest

from incidents.models import Incident, IncidentActor, IncidentSource, Suggestion
from tests.desk_scene import kayes_article
from tests.factories import (
    ActorFactory,
    ArticleFactory,
    IncidentFactory,
    IncidentLocationFactory,
    LocationFactory,
)


@pytest.fixture
def kayes(db):
    return kayes_article()


def form_data(suggestion, **overrides) -> dict:
    from incidents.desk.forms import SuggestionForm

    initial = SuggestionForm.initial_from(suggestion.data)
    data = {f"s{suggestion.pk}-{k}": ("" if v is None else v) for k, v in initial.items()}
    data.update({f"s{suggestion.pk}-{k}": v for k, v in overrides.items()})
    return data


def test_evidence_is_highlighted_in_five_colours(client, analyst, kayes):
    article, _ = kayes
    client.force_login(analyst)
    page = client.get(f"/articles/{article.pk}/").content.decode()
    for category in ("place", "actor", "date", "claim", "fatalities"):
        assert f'<mark class="ev ev-{category}"' in page
    assert '<mark class="ev ev-claim" id="t' in page
    assert "no group has so far claimed responsibility</mark>" in page


def test_each_proposal_is_a_prefilled_form(client, analyst, kayes):
    article, suggestions = kayes
    client.force_login(analyst)
    response = client.get(f"/articles/{article.pk}/")
    forms = [card["form"] for card in response.context["cards"]]
    assert [str(f["date_start"].value()) for f in forms] == [
        "2025-07-01",
        "2025-06-02",
        "2025-06-01",
    ]
    assert forms[0]["suspected"].value() == "JNIM"
    assert forms[2]["fatalities_low"].value() == 30
    assert "Propose incidents</button>" not in response.content.decode()


def test_accept_unchanged_creates_the_proposed_incident(client, analyst, kayes):
    article, suggestions = kayes
    first = suggestions[0]
    client.force_login(analyst)
    response = client.post(f"/suggestions/{first.pk}/accept/", form_data(first), follow=True)
    first.refresh_from_db()
    incident = first.incident
    assert first.status == Suggestion.Status.ACCEPTED and first.decided_by == analyst
    assert first.reason == ""  # nothing was edited
    assert incident.summary == first.data["summary"]
    assert incident.date_start == datetime.date(2025, 7, 1)
    assert incident.claim_status == "unclaimed"
    assert incident.created_by == analyst
    assert list(incident.sources.values_list("article", flat=True)) == [article.pk]
    assert f'<a href="/incidents/{incident.pk}/">incident #{incident.pk}</a>' in (
        response.content.decode()
    )
    # Back on the article, anchored at the next open proposal.
    assert response.redirect_chain[-1][0].endswith(f"#suggestion-{suggestions[1].pk}")


def test_accept_with_edits_applies_only_the_changes(client, analyst, kayes):
    _, suggestions = kayes
    third = suggestions[2]
    fama = ActorFactory(name="Military Forces of Mali", short_name="FAMa", actor_type=1)
    civilians = ActorFactory(name="Civilians", short_name="", actor_type=7)
    client.force_login(analyst)
    data = form_data(third, fatalities_best="32", targets="Military Forces of Mali; Civilians")
    client.post(f"/suggestions/{third.pk}/accept/", data)
    third.refresh_from_db()
    incident = third.incident
    assert third.reason == "Accepted with changes: fatalities, targets"
    assert (incident.fatalities_low, incident.fatalities_best, incident.fatalities_high) == (
        30,
        32,
        None,
    )
    targets = incident.incident_actors.filter(role=IncidentActor.Role.TARGET)
    assert set(targets.values_list("actor", flat=True)) == {fama.pk, civilians.pk}
    assert incident.summary == third.data["summary"]  # untouched fields keep the proposal


def test_invalid_edit_is_shown_and_nothing_is_accepted(client, analyst, kayes):
    _, suggestions = kayes
    third = suggestions[2]
    client.force_login(analyst)
    response = client.post(
        f"/suggestions/{third.pk}/accept/", form_data(third, fatalities_best="10")
    )
    assert response.status_code == 400
    assert "Fatalities must read low ≤ best ≤ high." in response.content.decode()
    assert Incident.objects.count() == 0
    third.refresh_from_db()
    assert third.status == Suggestion.Status.PROPOSED


def test_an_unknown_actor_is_refused_by_the_service_and_shown(client, analyst, kayes):
    _, suggestions = kayes
    first = suggestions[0]
    client.force_login(analyst)
    response = client.post(
        f"/suggestions/{first.pk}/accept/", form_data(first, perpetrators="Nobody Brigade")
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "The incident could not be created." in page
    assert "Unknown actor &#x27;Nobody Brigade&#x27;" in page
    assert Incident.objects.count() == 0


def test_reject_records_the_reason(client, analyst, kayes):
    _, suggestions = kayes
    second = suggestions[1]
    client.force_login(analyst)
    response = client.post(
        f"/suggestions/{second.pk}/reject/", {f"r{second.pk}-reason": "background"}, follow=True
    )
    second.refresh_from_db()
    assert (second.status, second.reason, second.decided_by) == ("rejected", "background", analyst)
    assert "Proposal 2 rejected." in response.content.decode()
    assert Incident.objects.count() == 0


def test_a_decided_proposal_is_not_decided_twice(client, analyst, kayes):
    _, suggestions = kayes
    Suggestion.objects.filter(pk=suggestions[0].pk).update(status="rejected")
    client.force_login(analyst)
    response = client.post(
        f"/suggestions/{suggestions[0].pk}/accept/", form_data(suggestions[0]), follow=True
    )
    assert "already decided" in response.content.decode()
    assert Incident.objects.count() == 0


def test_likely_match_offers_add_as_source(client, analyst, kayes):
    article, suggestions = kayes
    # A draft incident the same day, 1 km from the proposal's Kayes point.
    existing = IncidentFactory(review_status="draft")
    IncidentLocationFactory(
        incident=existing, location=LocationFactory(name="Kayes", latitude=14.45, longitude=-11.44)
    )
    far_away = IncidentFactory(review_status="draft", admin1="Timbuktu")
    IncidentLocationFactory(
        incident=far_away,
        location=LocationFactory(name="Timbuktu", latitude=16.77, longitude=-3.0),
    )
    client.force_login(analyst)
    page = client.get(f"/articles/{article.pk}/").content.decode()
    assert f"Add as source of incident {existing.pk}" in page
    assert f"Add as source of incident {far_away.pk}" not in page

    response = client.post(f"/suggestions/{suggestions[0].pk}/attach/{existing.pk}/", follow=True)
    assert "Article added as a source of" in response.content.decode()
    suggestions[0].refresh_from_db()
    assert (suggestions[0].status, suggestions[0].incident) == ("attached", existing)
    assert IncidentSource.objects.filter(incident=existing, article=article).exists()


def test_viewers_cannot_decide(client, viewer, kayes):
    _, suggestions = kayes
    client.force_login(viewer)
    response = client.post(f"/suggestions/{suggestions[0].pk}/reject/", {})
    assert response.status_code == 403
    suggestions[0].refresh_from_db()
    assert suggestions[0].status == Suggestion.Status.PROPOSED


def test_hidden_article_is_a_404(client, analyst):
    secret = ArticleFactory(tlp="red")
    client.force_login(analyst)
    assert client.get(f"/articles/{secret.pk}/").status_code == 404


def test_inbox_lists_articles_with_proposals_first(client, analyst, kayes):
    article, _ = kayes
    newer = ArticleFactory(title="A newer article with nothing proposed")
    client.force_login(analyst)
    articles = list(client.get("/").context["articles"])
    assert articles[0] == article
    assert newer in articles
    assert articles[0].proposed_count == 3
