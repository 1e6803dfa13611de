"""Saved searches: saved from the desk list, listed in its menu, the API (owner-only for private
ones, team-visible for shared ones) and each subscriber's Atom feed."""

from __future__ import annotations

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from django.utils import timezone

from analysts.markings import TLP
from analysts.models import Role, SavedFilter
from incidents.models import AlertSubscription
from incidents.models.incidents import ReviewStatus

from .factories import ActorFactory, IncidentActorFactory, IncidentFactory, TeamFactory, UserFactory

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def team(analyst):
    team = TeamFactory(name="Mali desk")
    analyst.teams.add(team)
    return team


@pytest.fixture
def teammate(team):
    user = UserFactory(username="tom_teammate", clearance=TLP.GREEN)
    user.grant_role(Role.VIEWER)
    user.teams.add(team)
    return user


def _published(**fields):
    fields.setdefault("published_at", timezone.now())
    return IncidentFactory(review_status=ReviewStatus.PUBLISHED, **fields)


def test_desk_saves_the_current_filters_and_lists_them_in_the_menu(client, analyst, team):
    client.force_login(analyst)
    jnim = ActorFactory(name="JNIM")
    query = f"country=ML&actor={jnim.pk}&last_days=7&page=2&sort=-date&view=map"
    response = client.post(
        reverse("desk:saved_search_create"),
        {"name": "Mali, JNIM, last 7 days", "query": query, "team": ""},
    )
    search = SavedFilter.objects.get(user=analyst)
    # Paging, sorting and the list/map toggle are not part of a search.
    assert search.query == f"country=ML&actor={jnim.pk}&last_days=7"
    assert search.team is None
    assert response.status_code == 302
    assert response["Location"] == f"/incidents/?{search.query}"
    page = client.get("/incidents/").content.decode()
    assert "Mali, JNIM, last 7 days" in page
    subscription = AlertSubscription.objects.get(user=analyst, saved_search=search)
    assert f"/feeds/saved/{subscription.feed_token}.atom" in page


def test_desk_refuses_a_bad_search_with_a_message_and_keeps_the_filters(client, analyst):
    client.force_login(analyst)
    response = client.post(
        reverse("desk:saved_search_create"),
        {"name": "Broken", "query": "country=Mali&fatalities_min=3"},
        follow=True,
    )
    # Back on the list with the same (invalid) filters, which it names as such.
    assert response.status_code == 400
    assert "Some filters are not valid" in response.content.decode()
    assert response.redirect_chain[-1][0] == "/incidents/?country=Mali&fatalities_min=3"
    assert not SavedFilter.objects.exists()


def test_a_private_search_is_the_owners_alone(client_for, analyst, teammate):
    search = SavedFilter.objects.create(user=analyst, name="Kayes", query="admin1=Kayes")
    owner = client_for(analyst)
    listed = owner.get("/api/saved-searches/").json()["results"]
    assert [s["name"] for s in listed] == ["Kayes"]
    assert listed[0]["results_url"] == "http://testserver/incidents/?admin1=Kayes"
    assert listed[0]["api_results_url"] == "http://testserver/api/incidents/?admin1=Kayes"
    other = client_for(teammate)
    assert other.get("/api/saved-searches/").json()["results"] == []
    assert other.get(f"/api/saved-searches/{search.pk}/").status_code == 404
    assert other.delete(f"/api/saved-searches/{search.pk}/").status_code == 404
    assert SavedFilter.objects.filter(pk=search.pk).exists()


def test_a_shared_search_is_read_by_the_team_and_changed_by_its_owner_only(
    client_for, analyst, team, teammate, viewer
):
    owner = client_for(analyst)
    created = owner.post(
        "/api/saved-searches/",
        {"name": "Mali", "query": "country=ML", "team": team.pk},
        format="json",
    )
    assert created.status_code == 201, created.json()
    assert created.json()["shared"] is True
    pk = created.json()["id"]
    member = client_for(teammate)
    assert member.get(f"/api/saved-searches/{pk}/").json()["owner"] == analyst.username
    assert member.patch(f"/api/saved-searches/{pk}/", {"name": "Mine now"}).status_code == 403
    assert client_for(viewer).get(f"/api/saved-searches/{pk}/").status_code == 404
    # The team member follows it and has a feed of their own.
    followed = member.post("/api/alert-subscriptions/", {"saved_search": pk}, format="json")
    assert followed.status_code == 201, followed.json()
    assert "/feeds/saved/" in followed.json()["feed_url"]
    assert owner.patch(f"/api/saved-searches/{pk}/", {"name": "Mali (all)"}).status_code == 200


def test_api_refuses_bad_queries_foreign_teams_and_following_unreadable_searches(
    client_for, analyst, viewer
):
    api = client_for(analyst)
    bad = api.post("/api/saved-searches/", {"name": "x", "query": "contry=ML"}, format="json")
    assert bad.status_code == 400
    assert "Unknown filter: contry" in str(bad.json())
    too_long = api.post(
        "/api/saved-searches/", {"name": "y", "query": "q=" + "a" * 3000}, format="json"
    )
    assert too_long.status_code == 400
    other_team = TeamFactory(name="Niger desk")
    foreign = api.post(
        "/api/saved-searches/", {"name": "z", "query": "", "team": other_team.pk}, format="json"
    )
    assert foreign.status_code == 400
    private = SavedFilter.objects.create(user=analyst, name="Mine", query="")
    follow = client_for(viewer).post(
        "/api/alert-subscriptions/", {"saved_search": private.pk}, format="json"
    )
    assert follow.status_code == 400


def _feed(client, subscription):
    response = client.get(f"/feeds/saved/{subscription.feed_token}.atom")
    return response, (ET.fromstring(response.content) if response.status_code == 200 else None)


def test_atom_feed_shows_what_its_subscriber_may_read_and_dies_when_revoked(client, viewer):
    search = SavedFilter.objects.create(user=viewer, name="Kayes", query="admin1=Kayes")
    subscription = AlertSubscription.objects.create(user=viewer, saved_search=search)
    readable = _published(summary="Readable attack")
    _published(summary="Amber attack", tlp=TLP.AMBER)  # above the viewer's clearance
    IncidentFactory(summary="A draft")  # viewers read published incidents only
    _published(summary="Elsewhere", admin1="Mopti")
    response, feed = _feed(client, subscription)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    entries = feed.findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}link").get("href") for e in entries] == [
        f"http://testserver/incidents/{readable.pk}/"
    ]
    assert "Readable attack" in entries[0].find(f"{ATOM}summary").text
    old_token = subscription.feed_token
    subscription.revoke_feed()
    assert client.get(f"/feeds/saved/{old_token}.atom").status_code == 404
    assert _feed(client, subscription)[0].status_code == 200


def test_atom_feed_is_in_the_subscribers_language(client, viewer):
    viewer.language = "fr"
    viewer.save()
    search = SavedFilter.objects.create(user=viewer, name="Kayes", query="")
    subscription = AlertSubscription.objects.create(user=viewer, saved_search=search)
    _published()
    _response, feed = _feed(client, subscription)
    assert "Combats" in feed.find(f"{ATOM}entry").find(f"{ATOM}title").text


def test_last_days_keeps_a_saved_search_current(client_for, viewer):
    today = timezone.localdate()
    recent = _published(date_start=today - datetime.timedelta(days=3))
    _published(date_start=today - datetime.timedelta(days=30))
    jnim = ActorFactory(name="JNIM")
    IncidentActorFactory(incident=recent, actor=jnim)
    found = client_for(viewer).get(f"/api/incidents/?last_days=7&actor={jnim.pk}").json()
    assert [row["id"] for row in found["results"]] == [recent.pk]
    assert client_for(viewer).get("/api/incidents/?last_days=0").status_code == 400


def test_alert_settings_page_is_the_subscribers_own(client, analyst, viewer):
    search = SavedFilter.objects.create(user=analyst, name="Kayes", query="admin1=Kayes")
    AlertSubscription.objects.create(user=analyst, saved_search=search)
    url = reverse("desk:saved_search_alerts", args=[search.pk])
    client.force_login(viewer)
    assert client.get(url).status_code == 404
    client.force_login(analyst)
    response = client.post(
        url, {"action": "save", "email": "daily", "webhook_url": "ftp://x", "webhook_active": "on"}
    )
    assert response.status_code == 400
    response = client.post(
        url,
        {"action": "save", "email": "daily", "webhook_url": "https://hooks.example.org/desk"},
    )
    assert response.status_code == 302
    subscription = AlertSubscription.objects.get(user=analyst)
    assert (subscription.email, subscription.webhook_url) == (
        "daily",
        "https://hooks.example.org/desk",
    )


def test_the_menu_costs_the_same_queries_for_one_search_or_many(client, analyst, team):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(analyst)

    def list_queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/incidents/").status_code == 200
        return len(captured)

    SavedFilter.objects.create(user=analyst, name="One", query="")
    one = list_queries()
    for n in range(5):
        search = SavedFilter.objects.create(
            user=UserFactory(username=f"colleague{n}"), name=f"Shared {n}", query="", team=team
        )
        AlertSubscription.objects.create(user=analyst, saved_search=search)
    assert list_queries() == one
