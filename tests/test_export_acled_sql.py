"""PostgreSQL's one-COPY `acled` export writes, byte for byte, what the Python layout writes."""

import datetime

import pytest
from django.db import connection

from incidents.exports import FULL_ACCESS, csv_bytes, iter_csv_rows
from incidents.exports.stream import _encode_rows
from incidents.importers.jobs import run_import
from incidents.models import Incident, Tag

from .factories import (
    ActorFactory,
    ArticleFactory,
    IncidentActorFactory,
    IncidentFactory,
    IncidentLocationFactory,
    IncidentSourceFactory,
    LocationFactory,
    acled_csv,
    acled_row,
)

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY is PostgreSQL's"),
]


def _both(queryset, delimiter=",", user=FULL_ACCESS):
    queryset = queryset.order_by("-date_start", "-id")  # an explicit order: newest first
    fast = b"".join(csv_bytes(queryset, "acled", user=user, delimiter=delimiter))
    slow = b"".join(_encode_rows(iter_csv_rows(queryset, "acled", user=user), delimiter))
    return fast, slow


@pytest.fixture
def desk_incidents():
    """The desk's own incidents, with everything the layout derives a cell from."""
    many = IncidentFactory(
        date_start=datetime.date(2025, 7, 4),
        summary='@Gunmen; "heavy fire", then\na second line',
        sub_event_type="",
        disorder_type="Political violence",
        date_precision="week",
        civilian_targeting=True,
        fatalities_low=3,
        fatalities_best=None,
    )
    IncidentLocationFactory(
        incident=many, location__name="=Kayes", location__latitude=14.0, location__longitude=-11
    )
    IncidentLocationFactory(
        incident=many,
        is_primary=False,
        location__name="Diboli",
        location__admin1_name="",
        location__admin2_name="Kayes cercle",
        location__country_code="SN",
        location__latitude=None,
        location__longitude=None,
        geo_precision=2,
    )
    IncidentLocationFactory(incident=many, is_primary=False, location__latitude=-0.5)
    jnim = ActorFactory(name="JNIM", actor_type=2)
    roles = [
        (ActorFactory(name="Suspect A", actor_type=3), "suspected", ""),
        (jnim, "perpetrator", ""),
        (ActorFactory(name="+Claimant", actor_type=2), "claimant", ""),
        (ActorFactory(name="Civilians (Mali)", actor_type=7), "target", ""),
        (ActorFactory(name="Farmers (Mali)", actor_type=7), "associated", "ACLED assoc_actor_2"),
        (ActorFactory(name="Ally", actor_type=4), "associated", ""),
        (jnim, "claimant", ""),
    ]
    for actor, role, note in roles:
        IncidentActorFactory(incident=many, actor=actor, role=role, note=note)
    IncidentSourceFactory(incident=many, article__outlet__name="Studio Tamani")
    IncidentSourceFactory(incident=many, article=ArticleFactory(outlet=None))
    IncidentSourceFactory(incident=many, article__outlet__name="Studio Tamani")
    IncidentSourceFactory(incident=many, article__outlet__name="-RFI")
    many.tags.add(Tag.objects.create(name="women targeted"), Tag.objects.create(name="=b"))

    bare = IncidentFactory(date_start=datetime.date(2025, 7, 4), country="BF", admin1="Sahel")
    lone = IncidentFactory(date_start=datetime.date(2025, 7, 2), country="", admin1="")
    IncidentActorFactory(incident=lone, actor__name="Protesters (Mali)", actor__actor_type=6)
    water = IncidentFactory(date_start=datetime.date(2025, 7, 1), fatalities_best=0)
    IncidentLocationFactory(
        incident=water, location=LocationFactory(name="Off Libya", country_code="", latitude=33)
    )
    IncidentActorFactory(incident=water, actor__name="Zero type", actor__actor_type=0)
    return many, bare, lone, water


def test_desk_incidents_give_the_python_layouts_bytes(desk_incidents):
    fast, slow = _both(Incident.objects.all())
    assert fast == slow
    assert len(fast.splitlines()) > 1 + 4 + 2  # one row per location of the first incident


def test_imported_fresh_edited_and_desk_incidents_together(desk_incidents):
    rows = [
        acled_row(event_id_cnty=f"MLI{n}", notes=f"-{n} killed", latitude="14.0") for n in range(4)
    ]
    rows.append(acled_row(event_id_cnty="MLI9", actor1="=cmd", location="@Kayes", tags=""))
    run_import("acled", acled_csv(rows).encode())
    edited = Incident.objects.get(references__external_id="MLI2")
    edited.fatalities_best = edited.fatalities_low = 7
    edited.save()
    fast, slow = _both(Incident.objects.all())
    assert fast == slow
    assert b"MLI2" in fast and b"'=cmd" in fast


def test_an_unordered_bulk_export_has_the_same_rows(desk_incidents):
    run_import("acled", acled_csv([acled_row()]).encode())
    bulk = b"".join(csv_bytes(Incident.objects.all(), "acled", user=FULL_ACCESS))
    fast, _slow = _both(Incident.objects.all())
    assert bulk.split(b"\n", 1)[0] == fast.split(b"\n", 1)[0]  # the header comes first
    assert sorted(bulk.splitlines()) == sorted(fast.splitlines())


def test_a_filtered_set_and_a_semicolon_delimiter(desk_incidents):
    run_import("acled", acled_csv([acled_row(notes="a; b")]).encode())
    queryset = Incident.objects.filter(date_start__gte=datetime.date(2025, 7, 2))
    fast, slow = _both(queryset, ";")
    assert fast == slow
    assert fast.count(b"\n") == len(slow.splitlines())
