"""Merging duplicate B into A: A gains B's links once, B redirects, both histories say so."""

import pytest
from django.core.exceptions import PermissionDenied

from analysts.markings import TLP
from incidents.merge import merge_incidents, merged_target
from incidents.models import IncidentActor, IncidentReference
from incidents.models.incidents import ReviewStatus as S
from incidents.workflow import TransitionError, save_with_version

from .factories import (
    ActorFactory,
    ArticleFactory,
    ClaimEventFactory,
    IncidentActorFactory,
    IncidentFactory,
    IncidentLocationFactory,
    IncidentSourceFactory,
    LocationFactory,
    TeamFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair():
    jnim, army = ActorFactory(name="JNIM"), ActorFactory(name="Malian army")
    a, b = IncidentFactory(summary="A"), IncidentFactory(summary="B")
    shared_article, own_article = ArticleFactory(), ArticleFactory()
    kayes, diboli = LocationFactory(name="Kayes"), LocationFactory(name="Diboli")
    IncidentActorFactory(incident=a, actor=jnim, role=IncidentActor.Role.PERPETRATOR)
    IncidentActorFactory(incident=b, actor=jnim, role=IncidentActor.Role.PERPETRATOR)
    IncidentActorFactory(incident=b, actor=army, role=IncidentActor.Role.TARGET)
    ClaimEventFactory(incident=a, actor=jnim, channel="az-Zallaqa")
    ClaimEventFactory(incident=b, actor=jnim, channel="az-Zallaqa")  # the same claim
    ClaimEventFactory(incident=b, actor=army, kind="denial", channel="army statement")
    IncidentSourceFactory(incident=a, article=shared_article, quote="")
    IncidentSourceFactory(incident=b, article=shared_article, quote="Quote only B had")
    IncidentSourceFactory(incident=b, article=own_article, quote="B's own source")
    IncidentLocationFactory(incident=a, location=kayes)
    IncidentLocationFactory(incident=b, location=kayes)
    IncidentLocationFactory(incident=b, location=diboli, is_primary=False)
    IncidentReference.objects.create(incident=b, dataset="acled", external_id="MLI1234")
    return a, b


def test_target_gains_the_duplicates_links_without_duplicates(editor, pair):
    a, b = pair
    merge_incidents(a, b, editor)
    assert sorted((link.actor.name, link.role) for link in a.incident_actors.all()) == [
        ("JNIM", "perpetrator"),
        ("Malian army", "target"),
    ]
    assert sorted((e.kind, e.channel) for e in a.claim_events.all()) == [
        ("claim", "az-Zallaqa"),
        ("denial", "army statement"),
    ]
    assert sorted(s.quote for s in a.sources.all()) == ["B's own source", "Quote only B had"]
    assert sorted((p.location.name, p.is_primary) for p in a.incident_locations.all()) == [
        ("Diboli", False),
        ("Kayes", True),
    ]
    assert a.references.get().external_id == "MLI1234"
    assert not b.incident_actors.exists() and not b.sources.exists()


def test_duplicate_redirects_and_both_histories_record_the_merge(editor, viewer, pair):
    a, b = pair
    a.review_status = b.review_status = S.PUBLISHED
    a.save()
    b.save()
    merge_incidents(a, b, editor, reason="same attack")
    assert b.merged_into == a
    assert b.history.latest("history_date").history_change_reason == (
        f"Merged into #{a.pk} (same attack)"
    )
    latest_a = a.history.latest("history_date")
    assert latest_a.history_change_reason == f"Merged #{b.pk} into this incident (same attack)"
    assert latest_a.history_user == editor
    assert merged_target(b.pk, viewer) == a
    assert merged_target(a.pk, viewer) is None
    assert merged_target("nonsense", viewer) is None


def test_redirect_is_not_offered_to_those_who_cannot_read_the_target(editor, viewer, pair):
    a, b = pair
    b.review_status = S.PUBLISHED
    b.save()  # A stays a draft: a viewer must not learn it exists
    merge_incidents(a, b, editor)
    assert merged_target(b.pk, viewer) is None


def test_earlier_duplicates_follow_to_the_new_target(editor):
    a, b, c = IncidentFactory(), IncidentFactory(), IncidentFactory()
    merge_incidents(b, c, editor)
    merge_incidents(a, b, editor)
    c.refresh_from_db()
    assert c.merged_into == a


@pytest.mark.parametrize("role", ["viewer", "analyst"])
def test_only_editors_merge(request, role, pair):
    a, b = pair
    with pytest.raises(PermissionDenied):
        merge_incidents(a, b, request.getfixturevalue(role))
    b.refresh_from_db()
    assert b.merged_into is None and b.incident_actors.count() == 2


def test_impossible_merges_are_refused(editor):
    a, b, c = IncidentFactory(), IncidentFactory(), IncidentFactory()
    with pytest.raises(TransitionError, match="into itself"):
        merge_incidents(a, a, editor)
    merge_incidents(a, b, editor)
    with pytest.raises((TransitionError, PermissionDenied)):
        merge_incidents(c, b, editor)


def test_a_stricter_duplicate_cannot_leak_into_a_wider_target(editor):
    team = TeamFactory()
    editor.teams.add(team)
    open_incident = IncidentFactory(tlp=TLP.CLEAR)
    secret = IncidentFactory(tlp=TLP.RED, team=team)
    with pytest.raises(TransitionError, match="stricter"):
        merge_incidents(open_incident, secret, editor)
    secret.refresh_from_db()
    assert secret.merged_into is None


def test_merged_duplicate_can_no_longer_be_edited(editor, pair):
    a, b = pair
    merge_incidents(a, b, editor)
    with pytest.raises(PermissionDenied):
        save_with_version(b, editor, b.version, {"summary": "Too late"})
