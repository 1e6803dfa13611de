"""The review page: highlighted evidence, editable proposals, and decisions through the review
services (replaced here by a recorder, so the page's own behaviour is what is tested)."""

from __future__ import annotations

import types

import pytest

from incidents.desk import adapters
from incidents.models import Suggestion
from tests.desk_scene import kayes_article
from tests.factories import ArticleFactory, IncidentFactory


class Recorder:
    """Stands in for `incidents.review`: records the calls and applies the status change."""

    def __init__(self, matches=()):
        self.calls: list[tuple] = []
        self.matches = list(matches)

    def module(self) -> types.SimpleNamespace:
        return types.SimpleNamespace(
            accept_suggestion=self.accept,
            reject_suggestion=self.reject,
            attach_to_incident=self.attach,
            likely_matches=lambda suggestion: self.matches,
            propose_for_article=lambda article: [],
        )

    def accept(self, suggestion, user, changes=None):
        self.calls.append(("accept", suggestion.pk, user.pk, changes))
        incident = IncidentFactory()
        Suggestion.objects.filter(pk=suggestion.pk).update(status="accepted", incident=incident)
        return incident

    def reject(self, suggestion, user, reason=""):
        self.calls.append(("reject", suggestion.pk, user.pk, reason))
        Suggestion.objects.filter(pk=suggestion.pk).update(status="rejected")

    def attach(self, suggestion, incident, user):
        self.calls.append(("attach", suggestion.pk, incident.pk))
        Suggestion.objects.filter(pk=suggestion.pk).update(status="attached", incident=incident)


@pytest.fixture
def services(monkeypatch):
    recorder = Recorder()
    monkeypatch.setattr(adapters, "review", recorder.module)
    monkeypatch.setattr(adapters, "review_available", lambda: True)
    monkeypatch.setattr("incidents.desk.views.review.review", recorder.module)
    monkeypatch.setattr("incidents.desk.views.review.review_available", lambda: True)
    return recorder


@pytest.fixture
def kayes(db):
    return kayes_article()


def form_data(suggestion, **overrides) -> dict:
    from incidents.desk.forms import SuggestionForm

    initial = SuggestionForm.initial_from(suggestion.data)
    data = {f"s{suggestion.pk}-{k}": ("" if v is None else v) for k, v in initial.items()}
    data.update({f"s{suggestion.pk}-{k}": v for k, v in overrides.items()})
    return data


def test_evidence_is_highlighted_in_five_colours(client, analyst, kayes, services):
    article, _ = kayes
    client.force_login(analyst)
    page = client.get(f"/articles/{article.pk}/").content.decode()
    for category in ("place", "actor", "date", "claim", "fatalities"):
        assert f'<mark class="ev ev-{category}"' in page
    assert '<mark class="ev ev-claim" id="t' in page
    assert "no group has so far claimed responsibility</mark>" in page


def test_each_proposal_is_a_prefilled_form(client, analyst, kayes, services):
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


def test_accept_unchanged_passes_no_changes_and_says_so(client, analyst, kayes, services):
    _, suggestions = kayes
    first = suggestions[0]
    client.force_login(analyst)
    response = client.post(f"/suggestions/{first.pk}/accept/", form_data(first), follow=True)
    assert services.calls == [("accept", first.pk, analyst.pk, None)]
    assert "Accepted as" in response.content.decode()
    # Back on the article, anchored at the next open proposal.
    assert response.redirect_chain[-1][0].endswith(f"#suggestion-{suggestions[1].pk}")


def test_accept_with_edits_sends_only_the_changes(client, analyst, kayes, services):
    _, suggestions = kayes
    third = suggestions[2]
    client.force_login(analyst)
    data = form_data(third, fatalities_best="32", targets="Military Forces of Mali; Civilians")
    client.post(f"/suggestions/{third.pk}/accept/", data)
    (_, _, _, changes) = services.calls[0]
    assert changes == {
        "fatalities": {"low": 30, "best": 32, "high": None},
        "targets": ["Military Forces of Mali", "Civilians"],
    }


def test_invalid_edit_is_shown_and_nothing_is_accepted(client, analyst, kayes, services):
    _, suggestions = kayes
    third = suggestions[2]
    client.force_login(analyst)
    response = client.post(
        f"/suggestions/{third.pk}/accept/", form_data(third, fatalities_best="10")
    )
    assert response.status_code == 400
    assert services.calls == []
    assert "Fatalities must read low ≤ best ≤ high." in response.content.decode()


def test_reject_records_the_reason(client, analyst, kayes, services):
    _, suggestions = kayes
    client.force_login(analyst)
    response = client.post(
        f"/suggestions/{suggestions[1].pk}/reject/",
        {f"r{suggestions[1].pk}-reason": "background"},
        follow=True,
    )
    assert services.calls == [("reject", suggestions[1].pk, analyst.pk, "background")]
    assert "Proposal 2 rejected." in response.content.decode()


def test_a_decided_proposal_is_not_decided_twice(client, analyst, kayes, services):
    _, suggestions = kayes
    Suggestion.objects.filter(pk=suggestions[0].pk).update(status="rejected")
    client.force_login(analyst)
    response = client.post(f"/suggestions/{suggestions[0].pk}/accept/", {}, follow=True)
    assert services.calls == []
    assert "already decided" in response.content.decode()


def test_likely_match_offers_add_as_source(client, analyst, kayes, services):
    _, suggestions = kayes
    existing = IncidentFactory(review_status="published")
    services.matches = [existing]
    client.force_login(analyst)
    page = client.get(f"/articles/{suggestions[0].article_id}/").content.decode()
    assert f"Add as source of incident {existing.pk}" in page
    response = client.post(f"/suggestions/{suggestions[0].pk}/attach/{existing.pk}/", follow=True)
    assert services.calls == [("attach", suggestions[0].pk, existing.pk)]
    assert "Article added as a source of" in response.content.decode()


def test_viewers_cannot_decide(client, viewer, kayes, services):
    _, suggestions = kayes
    client.force_login(viewer)
    response = client.post(f"/suggestions/{suggestions[0].pk}/reject/", {})
    assert response.status_code == 403
    assert services.calls == []


def test_hidden_article_is_a_404(client, analyst, services):
    secret = ArticleFactory(tlp="red")
    client.force_login(analyst)
    assert client.get(f"/articles/{secret.pk}/").status_code == 404


def test_without_review_services_the_page_says_so(client, analyst, kayes, monkeypatch):
    monkeypatch.setattr("incidents.desk.views.review.review_available", lambda: False)

    def missing():
        raise adapters.ServiceUnavailable("incidents.review")

    monkeypatch.setattr("incidents.desk.views.review.review", missing)
    _, suggestions = kayes
    client.force_login(analyst)
    response = client.post(
        f"/suggestions/{suggestions[0].pk}/accept/", form_data(suggestions[0]), follow=True
    )
    assert "Reviewing is not available on this server yet." in response.content.decode()


def test_inbox_lists_articles_with_proposals_first(client, analyst, kayes):
    article, _ = kayes
    newer = ArticleFactory(title="A newer article with nothing proposed")
    client.force_login(analyst)
    articles = list(client.get("/").context["articles"])
    assert articles[0] == article
    assert newer in articles
    assert articles[0].proposed_count == 3
