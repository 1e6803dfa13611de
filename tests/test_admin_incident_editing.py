"""Editing incidents in the admin: inlines, derived place fields, visibility and roles."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from analysts.markings import TLP
from analysts.models import Role
from incidents.models import Incident, IncidentActor, IncidentLocation

from .factories import (
    ActorFactory,
    ArticleFactory,
    ClaimEventFactory,
    IncidentFactory,
    IncidentSourceFactory,
    LocationFactory,
    TeamFactory,
    UserFactory,
)

ADD_URL = reverse("admin:incidents_incident_add")


def inline_management(prefix: str, total: int = 0, initial: int = 0) -> dict[str, str]:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def incident_post(locations, actors) -> dict[str, str]:
    data = {
        "summary": "Gunmen attacked the army camp in Diboli.",
        "date_start": "2025-07-01",
        "date_precision": "day",
        "event_type": "Battles",
        "sub_event_type": "Armed clash",
        "disorder_type": "Political violence",
        "claim_status": "unclaimed",
        "review_status": "draft",
        "tlp": "clear",
    }
    data |= inline_management("incident_locations", len(locations))
    for index, (location, primary, precision) in enumerate(locations):
        data[f"incident_locations-{index}-location"] = str(location.pk)
        data[f"incident_locations-{index}-geo_precision"] = str(precision)
        if primary:
            data[f"incident_locations-{index}-is_primary"] = "on"
    data |= inline_management("incident_actors", len(actors))
    for index, (actor, role) in enumerate(actors):
        data[f"incident_actors-{index}-actor"] = str(actor.pk)
        data[f"incident_actors-{index}-role"] = role
    data |= inline_management("claim_events")
    data |= inline_management("sources")
    data |= inline_management("references")
    return data


@pytest.fixture
def places():
    diboli = LocationFactory(name="Diboli", admin1_name="Kayes", country_code="ML")
    kayes = LocationFactory(name="Kayes", admin1_name="Kayes", country_code="ML")
    return diboli, kayes


@pytest.mark.django_db
def test_adding_an_incident_with_inlines_sets_place_fields(client, editor, places):
    diboli, kayes = places
    jnim = ActorFactory(name="JNIM: Group for Support of Islam and Muslims", short_name="JNIM")
    army = ActorFactory(name="Military Forces of Mali (2021-)", actor_type=1)
    client.force_login(editor)
    data = incident_post(
        [(diboli, True, 2), (kayes, False, 1)],
        [(jnim, IncidentActor.Role.SUSPECTED), (army, IncidentActor.Role.TARGET)],
    )
    response = client.post(ADD_URL, data)
    assert response.status_code == 302, response.context["errors"] if response.context else ""
    incident = Incident.objects.get()
    assert (incident.country, incident.admin1, incident.geo_precision) == ("ML", "Kayes", 2)
    assert incident.primary_location == diboli
    assert incident.created_by == editor
    assert incident.claim_status_text == "Unclaimed, JNIM suspected"
    assert incident.history.count() >= 1


@pytest.mark.django_db
def test_two_primary_locations_are_refused_with_a_message(client, editor, places):
    diboli, kayes = places
    client.force_login(editor)
    response = client.post(ADD_URL, incident_post([(diboli, True, 1), (kayes, True, 1)], []))
    assert response.status_code == 200
    assert "Only one location can be the primary one." in response.content.decode()
    assert not Incident.objects.exists()
    assert not IncidentLocation.objects.exists()


@pytest.fixture
def green_analyst(db):
    user = UserFactory(username="gus_green", clearance=TLP.GREEN, is_staff=True)
    user.grant_role(Role.ANALYST)
    return user


@pytest.mark.django_db
def test_list_and_autocomplete_hide_what_the_user_may_not_read(client, green_analyst):
    IncidentFactory(summary="Open report from Gao", tlp=TLP.CLEAR)
    secret = IncidentFactory(summary="Amber report from Gao", tlp=TLP.AMBER, team=TeamFactory())
    client.force_login(green_analyst)

    listing = client.get(reverse("admin:incidents_incident_changelist"))
    assert listing.status_code == 200
    assert [row.pk for row in listing.context["cl"].result_list] != []
    assert secret.pk not in [row.pk for row in listing.context["cl"].result_list]

    found = client.get(
        reverse("admin:autocomplete"),
        {
            "term": "Gao",
            "app_label": "incidents",
            "model_name": "incident",
            "field_name": "merged_into",
        },
    )
    assert found.status_code == 200
    texts = [item["id"] for item in found.json()["results"]]
    assert str(secret.pk) not in texts
    assert len(texts) == 1

    change = client.get(reverse("admin:incidents_incident_change", args=(secret.pk,)))
    # As an id that never existed (ObjectPagesAdminMixin), not Django's "doesn't exist" redirect.
    assert change.status_code == 404


@pytest.mark.django_db
def test_what_each_role_may_open(client, analyst, viewer):
    client.force_login(analyst)
    assert client.get(reverse("admin:incidents_incident_changelist")).status_code == 200
    assert client.get(reverse("admin:incidents_incident_add")).status_code == 200
    # Accounts are for administrators only.
    assert client.get(reverse("admin:analysts_user_changelist")).status_code == 403

    viewer.is_staff = True
    viewer.save()
    client.force_login(viewer)
    assert client.get(reverse("admin:incidents_incident_changelist")).status_code == 200
    assert client.get(reverse("admin:incidents_incident_add")).status_code == 403


@pytest.mark.django_db
def test_list_columns_read_like_a_briefing(client, editor):
    incident = IncidentFactory(
        date_start=datetime.date(2025, 6, 1), fatalities_low=30, fatalities_best=30
    )
    IncidentLocation.objects.create(
        incident=incident,
        location=LocationFactory(name="Boni", admin1_name="Mopti"),
        is_primary=True,
    )
    incident.refresh_place_fields()
    client.force_login(editor)
    html = client.get(reverse("admin:incidents_incident_changelist")).content.decode()
    for text in ("Boni", "Mopti", "≥30", "Claim unknown", "Draft"):
        assert text in html


@pytest.mark.django_db
def test_quotes_from_unreadable_articles_stay_hidden(client, green_analyst):
    incident = IncidentFactory(summary="Attack on Diboli", tlp=TLP.CLEAR)
    secret = ArticleFactory(text="Informant: the convoy left Diboli at dawn.", tlp=TLP.RED)
    public = ArticleFactory(text="Residents said gunmen attacked Diboli.", tlp=TLP.CLEAR)
    IncidentSourceFactory(incident=incident, article=secret, quote="the convoy left at dawn")
    IncidentSourceFactory(incident=incident, article=public, quote="gunmen attacked Diboli")
    ClaimEventFactory(incident=incident, source_article=secret, quote="informant says JNIM")
    client.force_login(green_analyst)
    html = client.get(reverse("admin:incidents_incident_change", args=(incident.pk,)))
    assert html.status_code == 200
    page = html.content.decode()
    assert "gunmen attacked Diboli" in page
    assert "the convoy left at dawn" not in page
    assert "informant says JNIM" not in page
