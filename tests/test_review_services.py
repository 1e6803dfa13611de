"""Review: the engine's proposals become suggestions; accept, reject or attach them."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from analysts.markings import TLP
from incidents.models import (
    ClaimEvent,
    Incident,
    IncidentActor,
    IncidentSource,
    Location,
    Suggestion,
)
from incidents.review import (
    ReviewError,
    accept_suggestion,
    attach_to_incident,
    likely_matches,
    propose_for_article,
    reject_suggestion,
)
from sources.models import Article

from .factories import ArticleFactory, IncidentFactory, IncidentLocationFactory, TeamFactory

JNIM = "JNIM: Group for Support of Islam and Muslims"


@pytest.fixture
def article(demo_db, db) -> Article:
    """The AFP example as a second, separately stored report (its own outlet and hash)."""
    demo = Article.objects.get(outlet__name="AFP")
    return ArticleFactory(
        title="Mali: attacks in Kayes region (repost)",
        text=demo.text + "\n\n(Reposted.)",
        published_at=demo.published_at,
        language="",
    )


@pytest.fixture
def suggestions(article) -> list[Suggestion]:
    return propose_for_article(article)


def test_proposes_the_three_reference_incidents(article, suggestions):
    assert [s.data["date_start"] for s in suggestions] == ["2025-07-01", "2025-06-02", "2025-06-01"]
    assert all(s.status == Suggestion.Status.PROPOSED for s in suggestions)
    article.refresh_from_db()
    assert article.language == "en"


def test_running_again_replaces_only_undecided_suggestions(article, suggestions, editor):
    accept_suggestion(suggestions[0], editor)
    again = propose_for_article(article)
    # The accepted incident is not proposed a second time; the two others are proposed afresh.
    assert [s.data["date_start"] for s in again] == ["2025-06-02", "2025-06-01"]
    assert article.suggestions.count() == 3
    assert article.suggestions.filter(status=Suggestion.Status.ACCEPTED).count() == 1
    # The task's mode keeps what is there.
    assert propose_for_article(article, only_if_new=True) == again


def test_accept_creates_the_incident_with_everything_in_one_go(article, suggestions, editor):
    incident = accept_suggestion(suggestions[0], editor)

    incident = Incident.objects.with_list_data().get(pk=incident.pk)
    assert incident.date_start == datetime.date(2025, 7, 1)
    assert incident.date_end is None
    assert (incident.country, incident.admin1) == ("ML", "Kayes")
    assert [link.location.geonames_id for link in incident.incident_locations.all()] == [
        2455518,
        2452651,
        2451711,
        2457077,
        2458925,
    ]
    assert incident.primary_location.name == "Kayes"
    assert incident.actor_labels(IncidentActor.Role.SUSPECTED) == ["JNIM"]
    assert incident.claim_status_text == "Unclaimed, JNIM suspected"
    suspicion = incident.claim_events.get(kind=ClaimEvent.Kind.SUSPICION)
    assert suspicion.actor.name == JNIM and suspicion.source_article == article
    source = incident.sources.get()
    assert source.article == article and source.added_by == editor
    assert source.quote.split("\n\n")[0] in article.text
    assert incident.created_by == editor and incident.review_status == "draft"

    decided = Suggestion.objects.get(pk=suggestions[0].pk)
    assert decided.status == Suggestion.Status.ACCEPTED
    assert (decided.incident, decided.decided_by) == (incident, editor)
    with pytest.raises(ReviewError):
        accept_suggestion(decided, editor)


def test_accept_with_changes_uses_the_analysts_values(suggestions, editor):
    incident = accept_suggestion(
        suggestions[2],
        editor,
        changes={"fatalities": {"low": 30, "best": 32, "high": 40}, "summary": "Raid in Boni."},
    )
    assert (incident.fatalities_low, incident.fatalities_best, incident.fatalities_high) == (
        30,
        32,
        40,
    )
    assert incident.summary == "Raid in Boni."
    # "The centre of the country": recorded at region level, never without a place.
    incident.refresh_from_db()
    assert incident.geo_precision == 3 and incident.country == "ML"


def test_accept_with_actor_names_typed_by_the_analyst(suggestions, editor):
    incident = accept_suggestion(
        suggestions[1], editor, changes={"perpetrators": ["JNIM"], "claimants": ["GSIM"]}
    )
    incident = Incident.objects.with_list_data().get(pk=incident.pk)
    assert incident.actor_labels(IncidentActor.Role.PERPETRATOR) == ["JNIM"]
    assert incident.actor_labels(IncidentActor.Role.CLAIMANT) == ["JNIM"]
    assert incident.claim_status_text == "Claimed by JNIM"


def test_unknown_actor_name_is_refused_clearly(suggestions, editor):
    with pytest.raises(ReviewError, match="Unknown actor 'Katiba Nobody'"):
        accept_suggestion(suggestions[1], editor, changes={"perpetrators": ["Katiba Nobody"]})
    assert Suggestion.objects.get(pk=suggestions[1].pk).status == Suggestion.Status.PROPOSED


def test_a_failing_accept_leaves_nothing_behind(suggestions, editor):
    before = (Incident.objects.count(), IncidentSource.objects.count(), ClaimEvent.objects.count())
    with pytest.raises(ValidationError):
        accept_suggestion(
            suggestions[0], editor, changes={"fatalities": {"low": 9, "best": 3, "high": None}}
        )
    after = (Incident.objects.count(), IncidentSource.objects.count(), ClaimEvent.objects.count())
    assert after == before
    assert Suggestion.objects.get(pk=suggestions[0].pk).status == Suggestion.Status.PROPOSED


def test_reject_records_who_and_why(suggestions, editor):
    reject_suggestion(suggestions[1], editor, reason="Background: already recorded from AFP.")
    rejected = Suggestion.objects.get(pk=suggestions[1].pk)
    assert rejected.status == Suggestion.Status.REJECTED
    assert rejected.decided_by == editor and rejected.decided_at is not None
    assert rejected.reason == "Background: already recorded from AFP."
    assert rejected.incident is None


def test_likely_match_is_the_recorded_demo_incident(suggestions, editor):
    demo_kayes = Incident.objects.get(date_start=datetime.date(2025, 7, 1))
    assert likely_matches(suggestions[0], user=editor) == [demo_kayes]
    demo_timbuktu = Incident.objects.get(date_start=datetime.date(2025, 6, 2))
    assert likely_matches(suggestions[1]) == [demo_timbuktu]


def test_no_match_two_days_off_or_far_away(suggestions, editor):
    Incident.objects.all().delete()
    kayes = Location.objects.get(geonames_id=2455518)
    gao = Location.objects.get(geonames_id=2457163)  # Gao, about 1,200 km east of Kayes
    later = IncidentFactory(date_start=datetime.date(2025, 7, 3))
    IncidentLocationFactory(incident=later, location=kayes)
    far = IncidentFactory(date_start=datetime.date(2025, 7, 1))
    IncidentLocationFactory(incident=far, location=gao)
    near = IncidentFactory(date_start=datetime.date(2025, 6, 30))
    IncidentLocationFactory(incident=near, location=kayes)
    IncidentActor.objects.create(
        incident=near,
        actor_id=suggestions[0].data["actor_ids"]["target"][0],
        role=IncidentActor.Role.TARGET,
    )
    assert likely_matches(suggestions[0]) == [near]


def test_attach_adds_the_article_as_a_source(article, suggestions, editor):
    demo_kayes = Incident.objects.get(date_start=datetime.date(2025, 7, 1))
    source = attach_to_incident(suggestions[0], demo_kayes, editor)
    assert (source.incident, source.article, source.added_by) == (demo_kayes, article, editor)
    assert demo_kayes.sources.count() == 2
    attached = Suggestion.objects.get(pk=suggestions[0].pk)
    assert (attached.status, attached.incident) == (Suggestion.Status.ATTACHED, demo_kayes)


def test_attach_refuses_an_incident_the_user_cannot_see(suggestions, viewer):
    hidden = IncidentFactory(tlp=TLP.RED, team=TeamFactory())
    with pytest.raises(PermissionDenied):
        attach_to_incident(suggestions[0], hidden, viewer)
    assert Suggestion.objects.get(pk=suggestions[0].pk).status == Suggestion.Status.PROPOSED
