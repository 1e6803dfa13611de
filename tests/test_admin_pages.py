"""Every admin page renders for a logged-in staff user, within a fixed query budget."""

from __future__ import annotations

import datetime

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from analysts.models import ApiToken, SavedFilter
from incidents.models import Incident, IncidentActor, LocationName, Suggestion, Tag

from .factories import (
    ActorAliasFactory,
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

OWN_APPS = {"incidents", "analysts"}
# A page may run this many queries whatever the number of rows or inline rows.
PAGE_BUDGET = 40


def full_incident(number: int = 0) -> Incident:
    """An incident with every inline filled: 3 places, 3 actors, 2 claim events, 2 sources."""
    incident = IncidentFactory(date_start=datetime.date(2025, 6, 1) + datetime.timedelta(number))
    for index in range(3):
        IncidentLocationFactory(incident=incident, is_primary=index == 0)
    for role in (IncidentActor.Role.PERPETRATOR, IncidentActor.Role.SUSPECTED, "target"):
        IncidentActorFactory(incident=incident, role=role)
    ClaimEventFactory(incident=incident, kind="suspicion", source_article=ArticleFactory())
    ClaimEventFactory(incident=incident, actor=None, source_article=ArticleFactory())
    IncidentSourceFactory(incident=incident)
    IncidentSourceFactory(incident=incident)
    incident.tags.add(Tag.objects.get_or_create(name=f"tag {number % 3}")[0])
    incident.refresh_place_fields()
    return incident


@pytest.fixture
def records(staff_superuser):
    incident = full_incident()
    ActorAliasFactory(actor=incident.actors.first())
    location = incident.locations.first()
    LocationName.objects.create(location=location, name="Tombouctou", language="fr")
    Suggestion.objects.create(article=ArticleFactory(), position=0, data={"incidents": []})
    team = TeamFactory()
    staff_superuser.teams.add(team)
    ApiToken.issue(staff_superuser, "laptop")
    SavedFilter.objects.create(user=staff_superuser, name="Kayes", query="admin1=Kayes")
    return incident


def admin_urls(name: str, *args) -> str:
    return reverse(f"admin:{name}", args=args)


def registered():
    return sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)


@pytest.mark.django_db
@pytest.mark.parametrize("model", [m for m, _ in registered()], ids=lambda m: m._meta.label)
def test_changelist_add_and_change_pages_render(client, staff_superuser, records, model):
    client.force_login(staff_superuser)
    opts = model._meta
    prefix = f"{opts.app_label}_{opts.model_name}"

    with CaptureQueriesContext(connection) as listed:
        response = client.get(admin_urls(f"{prefix}_changelist"))
    assert response.status_code == 200
    assert len(listed) <= PAGE_BUDGET, [q["sql"] for q in listed]

    model_admin = admin.site._registry[model]
    request = response.wsgi_request
    if model_admin.has_add_permission(request):
        with CaptureQueriesContext(connection) as added:
            response = client.get(admin_urls(f"{prefix}_add"))
        assert response.status_code == 200
        assert len(added) <= PAGE_BUDGET

    obj = model._default_manager.first()
    if obj is None:
        assert opts.app_label not in OWN_APPS, f"the fixture should create a {opts.label}"
        return
    with CaptureQueriesContext(connection) as changed:
        response = client.get(admin_urls(f"{prefix}_change", obj.pk))
    assert response.status_code == 200
    assert len(changed) <= PAGE_BUDGET, [q["sql"] for q in changed]


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx)


@pytest.mark.django_db
def test_incident_list_does_not_grow_with_rows(client, staff_superuser):
    client.force_login(staff_superuser)
    url = admin_urls("incidents_incident_changelist")
    for number in range(2):
        full_incident(number)
    with_two = queries_for(client, url)
    for number in range(2, 25):
        full_incident(number)
    with_many = queries_for(client, url)
    assert Incident.objects.count() == 25
    assert with_many == with_two


@pytest.mark.django_db
def test_incident_page_does_not_grow_with_inline_rows(client, staff_superuser):
    client.force_login(staff_superuser)
    small = full_incident(0)
    big = full_incident(1)
    for index in range(6):
        IncidentLocationFactory(incident=big, is_primary=False)
        IncidentActorFactory(incident=big, role="associated")
        ClaimEventFactory(incident=big, source_article=ArticleFactory())
        IncidentSourceFactory(incident=big)
        del index
    small_count = queries_for(client, admin_urls("incidents_incident_change", small.pk))
    big_count = queries_for(client, admin_urls("incidents_incident_change", big.pk))
    assert big_count == small_count


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name",
    ["incidents_actor_changelist", "incidents_location_changelist", "analysts_user_changelist"],
)
def test_other_lists_do_not_grow_with_rows(client, staff_superuser, name):
    client.force_login(staff_superuser)
    url = admin_urls(name)

    def add_rows(count: int) -> None:
        for _ in range(count):
            actor = ActorFactory()
            ActorAliasFactory(actor=actor)
            location = LocationFactory()
            LocationName.objects.create(location=location, name=f"{location.name} alt")
            user = TeamFactory().members.create(username=f"u{actor.pk}")
            user.groups.add(Group.objects.get(name="Analyst"))

    add_rows(2)
    few = queries_for(client, url)
    add_rows(22)
    assert queries_for(client, url) == few
