"""TLP 2.0 markings: one rule (`visible_to`) decides; restricted evidence never leaks."""

import pytest

from analysts.markings import TLP
from incidents import permissions
from incidents.models import Incident
from incidents.models.incidents import ReviewStatus as S
from sources.models import Article

from .factories import (
    ArticleFactory,
    ClaimEventFactory,
    IncidentFactory,
    IncidentSourceFactory,
    TeamFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def team():
    return TeamFactory(name="Sahel desk")


@pytest.fixture
def other_team():
    return TeamFactory(name="Horn desk")


def _reader(role: str, clearance: str, teams=()):
    user = UserFactory(clearance=clearance)
    user.grant_role(role)
    user.teams.set(teams)
    return user


# (record marking, record in team?, reader clearance, reader in team?, visible?)
CASES = [
    (TLP.CLEAR, False, TLP.CLEAR, False, True),
    (TLP.GREEN, False, TLP.GREEN, False, True),
    (TLP.GREEN, False, TLP.CLEAR, False, False),
    (TLP.AMBER, True, TLP.AMBER, True, True),
    (TLP.AMBER, True, TLP.AMBER, False, False),  # cleared, other team
    (TLP.AMBER, True, TLP.GREEN, True, False),  # in team, not cleared
    (TLP.AMBER, False, TLP.RED, True, False),  # restricted without a team: superusers only
    (TLP.AMBER_STRICT, True, TLP.AMBER, True, False),
    (TLP.AMBER_STRICT, True, TLP.AMBER_STRICT, True, True),
    (TLP.RED, True, TLP.AMBER_STRICT, True, False),
    (TLP.RED, True, TLP.RED, True, True),
    (TLP.RED, True, TLP.RED, False, False),
]


@pytest.mark.parametrize(("tlp", "record_team", "clearance", "member", "visible"), CASES)
@pytest.mark.parametrize("role", ["Viewer", "Analyst", "Editor"])
def test_marking_rule_for_incidents_and_articles(
    team, other_team, role, tlp, record_team, clearance, member, visible
):
    reader = _reader(role, clearance, [team] if member else [other_team])
    incident = IncidentFactory(
        tlp=tlp, team=team if record_team else None, review_status=S.PUBLISHED
    )
    article = ArticleFactory(tlp=tlp, team=team if record_team else None)
    assert Incident.objects.visible_to(reader).filter(pk=incident.pk).exists() is visible
    assert Article.objects.visible_to(reader).filter(pk=article.pk).exists() is visible
    assert permissions.can_view(reader, incident) is visible


def test_superusers_see_every_marking(staff_superuser, team):
    red = IncidentFactory(tlp=TLP.RED, team=team)
    teamless = IncidentFactory(tlp=TLP.AMBER)
    assert set(Incident.objects.visible_to(staff_superuser)) == {red, teamless}


@pytest.mark.parametrize("who", ["outsider", "anonymous"])
def test_no_role_or_anonymous_sees_nothing(request, who):
    from django.contrib.auth.models import AnonymousUser

    user = AnonymousUser() if who == "anonymous" else request.getfixturevalue(who)
    IncidentFactory(tlp=TLP.CLEAR, review_status=S.PUBLISHED)
    ArticleFactory(tlp=TLP.CLEAR)
    assert Incident.objects.visible_to(user).count() == 0
    assert Article.objects.visible_to(user).count() == 0


@pytest.mark.parametrize(
    ("status", "viewer_sees", "analyst_sees"),
    [
        (S.DRAFT, False, True),
        (S.IN_REVIEW, False, True),
        (S.PUBLISHED, True, True),
        (S.RETRACTED, False, True),
    ],
)
def test_viewers_see_published_only(viewer, analyst, status, viewer_sees, analyst_sees):
    incident = IncidentFactory(review_status=status)
    assert permissions.can_view(viewer, incident) is viewer_sees
    assert permissions.can_view(analyst, incident) is analyst_sees


def test_merged_duplicates_leave_lists_but_stay_reachable_for_redirects(editor):
    target = IncidentFactory()
    duplicate = IncidentFactory(merged_into=target)
    assert list(Incident.objects.visible_to(editor)) == [target]
    assert set(Incident.objects.visible_to(editor, include_merged=True)) == {target, duplicate}


@pytest.fixture
def mixed_evidence(team):
    """A CLEAR, published incident reported by a CLEAR article and a RED one."""
    incident = IncidentFactory(tlp=TLP.CLEAR, review_status=S.PUBLISHED)
    public = ArticleFactory(tlp=TLP.CLEAR, title="Public wire story")
    secret = ArticleFactory(tlp=TLP.RED, team=team, title="Embassy cable")
    IncidentSourceFactory(incident=incident, article=public, quote="Gunmen attacked the post.")
    IncidentSourceFactory(incident=incident, article=secret, quote="Informant X says JNIM.")
    ClaimEventFactory(incident=incident, source_article=secret, quote="Informant X says JNIM.")
    ClaimEventFactory(incident=incident, source_article=public, quote="JNIM claimed it.")
    return incident


def test_quotes_from_restricted_articles_do_not_reach_uncleared_readers(viewer, mixed_evidence):
    sources = permissions.visible_sources(mixed_evidence, viewer)
    assert [s.article.title for s in sources] == ["Public wire story"]
    events = permissions.visible_claim_events(mixed_evidence, viewer)
    assert [e.quote for e in events] == ["", "JNIM claimed it."]
    assert [e.source_hidden for e in events] == [True, False]
    assert "Informant" not in repr([(e.quote, e.source_article) for e in events])


def test_cleared_team_members_see_all_evidence(mixed_evidence, team):
    reader = _reader("Analyst", TLP.RED, [team])
    assert permissions.visible_sources(mixed_evidence, reader).count() == 2
    quotes = [e.quote for e in permissions.visible_claim_events(mixed_evidence, reader)]
    assert quotes == ["Informant X says JNIM.", "JNIM claimed it."]
