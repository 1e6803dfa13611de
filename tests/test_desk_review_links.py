"""Matching a proposal to recorded incidents: the automatic matches say why (date, place,
actor), survive an undated report and a one-day slip; the manual search finds the rest."""

from __future__ import annotations

import datetime

import pytest

from analysts.markings import TLP
from incidents.models import IncidentActor, IncidentSource, Suggestion
from incidents.review import explain_matches

from .factories import (
    ActorFactory,
    ArticleFactory,
    IncidentActorFactory,
    IncidentFactory,
    IncidentLocationFactory,
    LocationFactory,
    SuggestionFactory,
    suggestion_data,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def ambush():
    """An ambush near Boni recorded on 9 March, JNIM suspected."""
    boni = LocationFactory(name="Boni", admin1_name="Mopti", latitude=15.08, longitude=-1.98)
    jnim = ActorFactory(name="JNIM: Group for Support of Islam and Muslims")
    incident = IncidentFactory(
        date_start=datetime.date(2025, 3, 9), review_status="draft", admin1="Mopti"
    )
    IncidentLocationFactory(incident=incident, location=boni)
    IncidentActorFactory(incident=incident, actor=jnim, role=IncidentActor.Role.SUSPECTED)
    return incident, boni, jnim


def second_report(boni, jnim, *, date_start, published=None):
    article = ArticleFactory(
        published_at=published, created_at=datetime.datetime(2025, 3, 11, 8, tzinfo=datetime.UTC)
    )
    data = suggestion_data(
        date_start=date_start,
        admin1="Mopti",
        location_ids=[boni.pk],
        location_details=[{"name": "Boni", "location_id": boni.pk, "precision": 1}],
        actor_ids={"suspected": [jnim.pk]},
    )
    return SuggestionFactory(article=article, position=0, data=data)


def test_a_second_report_without_a_date_is_still_offered(ambush):
    incident, boni, jnim = ambush
    # Its dateline was not read: no publication date, so the engine gave no incident date.
    suggestion = second_report(boni, jnim, date_start=None)
    [match] = explain_matches(suggestion)
    assert match.incident == incident
    assert "no date in the report" in match.date and "2025-03-09" in match.date
    assert match.place == "same place (Boni)"
    assert match.actor.startswith("shared actor: JNIM")


def test_a_one_day_slip_is_offered_and_two_days_are_not(ambush):
    incident, boni, jnim = ambush
    [match] = explain_matches(second_report(boni, jnim, date_start="2025-03-10"))
    assert match.date == "2025-03-09, one day from the report's 2025-03-10"
    assert explain_matches(second_report(boni, jnim, date_start="2025-03-11")) == []


def test_an_unidentified_attacker_does_not_rule_out_a_named_one(ambush):
    incident, boni, jnim = ambush
    suggestion = second_report(boni, jnim, date_start="2025-03-09")
    unknown = ActorFactory(name="Unidentified Armed Group (Mali)")
    suggestion.data["actor_ids"] = {"perpetrator": [unknown.pk]}
    suggestion.save()
    [match] = explain_matches(suggestion)
    assert match.actor == "no conflicting actor named"
    other = ActorFactory(name="Islamic State Sahel Province")
    suggestion.data["actor_ids"] = {"perpetrator": [other.pk]}
    suggestion.save()
    assert explain_matches(suggestion) == []


def test_an_undated_report_does_not_match_incidents_after_it(ambush):
    incident, boni, jnim = ambush
    suggestion = second_report(boni, jnim, date_start=None)
    suggestion.article.created_at = datetime.datetime(2025, 3, 5, tzinfo=datetime.UTC)
    suggestion.article.save()
    assert explain_matches(suggestion) == []


def test_the_card_says_why_each_match_was_offered(client, analyst, ambush):
    incident, boni, jnim = ambush
    suggestion = second_report(boni, jnim, date_start="2025-03-10")
    client.force_login(analyst)
    page = client.get(f"/articles/{suggestion.article_id}/").content.decode()
    assert f"Add as source of incident {incident.pk}" in page
    assert "one day from the report&#x27;s 2025-03-10" in page
    assert "same place (Boni)" in page and "shared actor: JNIM" in page


def test_manual_search_defaults_to_a_week_around_the_proposal(client, analyst, ambush):
    incident, boni, jnim = ambush
    suggestion = second_report(boni, jnim, date_start="2025-03-10")
    client.force_login(analyst)
    page = client.get(f"/articles/{suggestion.article_id}/").content.decode()
    assert "Add as source of an existing incident" in page
    assert 'value="2025-03-03"' in page and 'value="2025-03-17"' in page


def test_manual_search_by_place_actor_and_text_then_attach(client, analyst, ambush):
    incident, boni, jnim = ambush
    far_date = IncidentFactory(date_start=datetime.date(2025, 2, 1), review_status="draft")
    IncidentLocationFactory(incident=far_date, location=boni)
    hidden = IncidentFactory(
        date_start=datetime.date(2025, 3, 9), tlp=TLP.RED, review_status="draft"
    )
    IncidentLocationFactory(incident=hidden, location=boni)
    # A report of elsewhere that the automatic rule cannot tie to Boni.
    suggestion = SuggestionFactory(
        article=ArticleFactory(), position=0, data=suggestion_data(date_start="2025-03-10")
    )
    client.force_login(analyst)
    url = f"/suggestions/{suggestion.pk}/link-search/"
    p = f"l{suggestion.pk}-"
    week = {p + "date_after": "2025-03-03", p + "date_before": "2025-03-17"}
    found = client.get(url, {**week, p + "place": "Boni"}).content.decode()
    assert f"Add as source of incident {incident.pk}" in found
    assert f"incident {far_date.pk}<" not in found  # outside the week
    assert f"incident {hidden.pk}<" not in found  # TLP:RED, above the analyst's clearance
    by_actor = client.get(url, {**week, p + "actor": "JNIM"}).content.decode()
    assert f"Add as source of incident {incident.pk}" in by_actor
    nobody = client.get(url, {**week, p + "actor": "Nobody at all"}).content.decode()
    assert "No incident you can see matches" in nobody

    client.post(f"/suggestions/{suggestion.pk}/attach/{incident.pk}/")
    suggestion.refresh_from_db()
    assert (suggestion.status, suggestion.incident) == (Suggestion.Status.ATTACHED, incident)
    assert IncidentSource.objects.filter(incident=incident, article=suggestion.article).exists()


def test_manual_search_is_for_reviewers(client, viewer, ambush):
    suggestion = SuggestionFactory(article=ArticleFactory(tlp=TLP.GREEN), position=0)
    client.force_login(viewer)
    assert client.get(f"/suggestions/{suggestion.pk}/link-search/").status_code == 403
