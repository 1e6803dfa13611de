"""`load_demo` is idempotent: a second run leaves every row as it was."""

from __future__ import annotations

import hashlib
from io import StringIO

import pytest
from django.core.management import call_command

from analysts.models import User
from incidents.models import (
    Actor,
    ActorAlias,
    ClaimEvent,
    Incident,
    IncidentActor,
    IncidentLocation,
    IncidentSource,
    Location,
    LocationName,
)
from sources.models import Article, Outlet

TABLES = {
    Actor: ("name", "short_name", "actor_type", "country", "affiliation_id"),
    ActorAlias: ("actor_id", "alias", "language"),
    Location: ("geonames_id", "name", "kind", "parent_id", "admin1_name", "latitude"),
    LocationName: ("location_id", "name", "language"),
    Outlet: ("name", "reliability"),
    Article: ("text_hash", "published_at", "outlet_id"),
    Incident: ("date_start", "claim_status", "fatalities_best", "admin1", "updated_at", "version"),
    IncidentActor: ("incident_id", "actor_id", "role"),
    IncidentLocation: ("incident_id", "location_id", "is_primary", "geo_precision"),
    ClaimEvent: ("incident_id", "actor_id", "kind", "quote"),
    IncidentSource: ("incident_id", "article_id", "quote"),
    Actor.history.model: ("history_id",),
    Incident.history.model: ("history_id",),
}


def snapshot() -> dict[str, tuple[int, str]]:
    """Row count and a checksum of the key fields of every table the demo fills."""
    result = {}
    for model, fields in TABLES.items():
        digest = hashlib.sha256()
        rows = model.objects.order_by("pk").values_list("pk", *fields)
        for row in rows:
            digest.update(repr(row).encode())
        result[model._meta.label] = (model.objects.count(), digest.hexdigest())
    return result


@pytest.mark.django_db
def test_second_run_changes_nothing():
    call_command("load_demo", stdout=StringIO())
    first = snapshot()
    assert first["incidents.Incident"][0] == 3
    assert first["incidents.Location"][0] > 38_000

    out = StringIO()
    call_command("load_demo", stdout=out)
    assert snapshot() == first
    assert "0 places created, 0 updated" in out.getvalue()
    assert "Reference incidents: 0 created" in out.getvalue()


@pytest.mark.django_db
def test_demo_user_is_an_amber_editor_and_stays_one():
    out = StringIO()
    call_command("create_demo_user", stdout=out)
    call_command("create_demo_user", stdout=out)
    user = User.objects.get(username="demo")
    assert user.is_staff and user.is_editor and user.clearance == "amber"
    assert user.teams.count() == 1
    assert "password 'sahel-demo-2025'" in out.getvalue()
    assert user.check_password("sahel-demo-2025")
    assert User.objects.filter(username="demo").count() == 1


@pytest.mark.django_db
def test_print_only_creates_nothing():
    out = StringIO()
    call_command("create_demo_user", "--print-only", stdout=out)
    assert "username 'demo'" in out.getvalue()
    assert not User.objects.exists()


@pytest.mark.django_db
def test_demo_analyst_finds_the_example_incidents_in_the_admin(client):
    from django.urls import reverse

    call_command("load_demo", stdout=StringIO())
    call_command("create_demo_user", stdout=StringIO())
    assert client.login(username="demo", password="sahel-demo-2025")

    listing = client.get(reverse("admin:incidents_incident_changelist"))
    assert listing.status_code == 200
    html = listing.content.decode()
    assert "Unclaimed, JNIM suspected" in html
    assert "Timbuktu" in html and "≥30" in html
    kayes = Incident.objects.get(claim_status="unclaimed")
    page = client.get(reverse("admin:incidents_incident_change", args=(kayes.pk,)))
    assert page.status_code == 200
    # Every field editable: the summary is a form field, the inlines carry the five places.
    assert 'name="summary"' in page.content.decode()
    assert page.context["inline_admin_formsets"][0].formset.total_form_count() == 5
