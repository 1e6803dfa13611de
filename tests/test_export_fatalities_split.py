"""An incident with several locations: one ACLED row (and one GeoJSON point) per location, the
deaths shared out rather than repeated, and a re-import that sums them back into one incident."""

import csv
import datetime
import io

import pytest
from django.db import connection

from incidents.exports import FULL_ACCESS, csv_bytes, iter_csv_rows
from incidents.exports.layouts import ActorRecord, IncidentRecord, PlaceRecord, acled_rows
from incidents.exports.stream import _encode_rows
from incidents.importers.acled import ACLED_COLUMNS, read_acled
from incidents.importers.common import split_fatalities
from incidents.importers.jobs import run_import
from incidents.models import Incident
from incidents.models.incidents import ReviewStatus

from .factories import (
    ActorFactory,
    IncidentActorFactory,
    IncidentFactory,
    IncidentLocationFactory,
    LocationFactory,
)

PLACES = ["Kayes", "Diboli", "Sandaré"]
SUMMARY = "JNIM fighters attacked army posts in Kayes, Diboli and Sandaré."


def _record(count, places=3, text=None) -> IncidentRecord:
    return IncidentRecord(
        id=5,
        date_start=datetime.date(2025, 7, 1),
        summary=SUMMARY,
        event_type="Battles",
        country="ML",
        fatalities_text=text or ("unknown" if count is None else f"≥{count}"),
        fatalities_count=count,
        actors=[ActorRecord("JNIM", "JNIM", 2, "perpetrator")],
        places=[PlaceRecord(name, "ML", "Kayes", "", 14.4, -11.4) for name in PLACES][:places],
    )


def _column(rows, name):
    return [row[ACLED_COLUMNS.index(name)] for row in rows]


def test_the_toll_is_shared_out_with_the_remainder_on_the_primary_location():
    rows = acled_rows(_record(10))
    assert _column(rows, "fatalities") == [4, 3, 3]
    assert _column(rows, "event_id_cnty") == ["IDESK5", "IDESK5-1", "IDESK5-2"]
    assert set(_column(rows, "notes")) == {
        f"{SUMMARY} Split over 3 locations; incident total 10 fatalities."
    }
    assert split_fatalities(1, 3) == [1, 0, 0]
    assert split_fatalities(2, 2) == [1, 1]


def test_an_unknown_toll_stays_unknown_on_every_row():
    rows = acled_rows(_record(None))
    assert _column(rows, "fatalities") == [0, 0, 0]  # ACLED's 0, never a share of a number
    assert _column(rows, "notes")[0].endswith("Split over 3 locations; incident total unknown.")


def test_one_location_keeps_its_toll_and_its_notes():
    (row,) = acled_rows(_record(10, places=1))
    assert _column([row], "fatalities") == [10]
    assert _column([row], "notes") == [SUMMARY]


def test_the_reader_sums_the_rows_of_a_split_incident_back_into_one_event():
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(ACLED_COLUMNS)
    for row in acled_rows(_record(10)):
        writer.writerow(row)
    result = read_acled(io.StringIO(out.getvalue()))
    assert not result.errors
    (event,) = result.events.values()
    assert event.external_id == "IDESK5"
    assert (event.fatalities_low, event.fatalities_best) == (10, 10)
    assert event.summary == SUMMARY
    assert [event.place.name] + [p.name for p in event.extra_places] == [
        "Kayes",
        "Diboli",
        "Sandaré",
    ]
    assert result.merged == 2


def test_a_dash_in_an_ordinary_id_merges_nothing():
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(ACLED_COLUMNS)
    for ext_id in ("MLI7", "MLI7-1"):
        record = _record(10, places=1)
        record.acled_id = ext_id
        (row,) = acled_rows(record)
        writer.writerow(row)
    result = read_acled(io.StringIO(out.getvalue()))
    assert set(result.events) == {"MLI7", "MLI7-1"}


@pytest.fixture
def split_incident(db):
    incident = IncidentFactory(
        summary=SUMMARY, fatalities_low=10, fatalities_best=10, review_status=ReviewStatus.PUBLISHED
    )
    for n, name in enumerate(["Kayes", "Diboli", "Sandaré"]):
        IncidentLocationFactory(
            incident=incident,
            is_primary=n == 0,
            location=LocationFactory(name=name, admin1_name="Kayes", latitude=14.4 + n / 10),
        )
    IncidentActorFactory(incident=incident, actor=ActorFactory(name="JNIM", actor_type=2))
    IncidentActorFactory(
        incident=incident,
        role="target",
        actor=ActorFactory(name="Military Forces of Mali (2021-)", actor_type=1),
    )
    return incident


def _acled(queryset) -> bytes:
    # An explicit order: rows in the incident's location order on PostgreSQL's COPY too.
    return b"".join(csv_bytes(queryset.order_by("-id"), "acled", user=FULL_ACCESS))


def _dicts(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"))))


def test_the_export_adds_up_and_imports_back_as_the_same_incident(split_incident):
    first = _acled(Incident.objects.filter(pk=split_incident.pk))
    rows = _dicts(first)
    assert [r["fatalities"] for r in rows] == ["4", "3", "3"]
    assert sum(int(r["fatalities"]) for r in rows) == 10

    outcome = run_import("acled", first)
    assert outcome.ok and outcome.store.created == 1, outcome.summary()
    again = Incident.objects.exclude(pk=split_incident.pk).get()
    assert (again.fatalities_low, again.fatalities_best) == (10, 10)
    assert again.summary == SUMMARY
    assert [link.location.name for link in again.incident_locations.all()] == [
        "Kayes",
        "Diboli",
        "Sandaré",
    ]
    assert again.primary_location.name == "Kayes"

    # Exported again, it gives the same rows (its own timestamp aside), split the same way.
    second = _dicts(_acled(Incident.objects.filter(pk=again.pk)))
    same = [c for c in ACLED_COLUMNS if c != "timestamp"]
    assert [{c: r[c] for c in same} for r in second] == [{c: r[c] for c in same} for r in rows]

    # The same file once more: nothing to do.
    outcome = run_import("acled", first)
    assert (outcome.store.created, outcome.store.updated, outcome.store.unchanged) == (0, 0, 1)


def test_a_changed_split_incident_updates_its_places_and_its_total(split_incident):
    data = _acled(Incident.objects.filter(pk=split_incident.pk))
    run_import("acled", data)
    imported = Incident.objects.exclude(pk=split_incident.pk).get()
    edited = data.replace(b",4,", b",6,")  # the primary row now says 6: 12 in all
    assert edited != data
    outcome = run_import("acled", edited)
    assert outcome.store.updated == 1, outcome.summary()
    imported.refresh_from_db()
    assert imported.fatalities_best == 12
    assert imported.incident_locations.count() == 3
    assert imported.incident_locations.filter(is_primary=True).get().location.name == "Kayes"


def test_an_unknown_toll_round_trips_as_unknown(split_incident):
    split_incident.fatalities_low = split_incident.fatalities_best = None
    split_incident.save()
    data = _acled(Incident.objects.filter(pk=split_incident.pk))
    assert [r["fatalities"] for r in _dicts(data)] == ["0", "0", "0"]
    run_import("acled", data)
    again = Incident.objects.exclude(pk=split_incident.pk).get()
    assert again.fatalities_best is None and again.fatalities_text == "unknown"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY is PostgreSQL's")
def test_the_sql_layout_splits_as_the_python_layout_does(split_incident):
    other = IncidentFactory(fatalities_low=7, fatalities_best=None, summary="")
    for n in range(2):
        IncidentLocationFactory(incident=other, is_primary=n == 0)
    queryset = Incident.objects.order_by("-date_start", "-id")
    fast = _acled(queryset)
    slow = b"".join(_encode_rows(iter_csv_rows(queryset, "acled", user=FULL_ACCESS), ","))
    assert fast == slow
    assert b"Split over 2 locations; incident total 7 fatalities." in fast


def test_geojson_points_add_up_to_the_incident_toll(split_incident, viewer, client_for):
    response = client_for(viewer).get("/api/incidents/?format=geojson")
    features = response.json()["features"]
    by_place = {f["properties"]["location_name"]: f["properties"] for f in features}
    assert {name: p["fatalities_best"] for name, p in by_place.items()} == {
        "Kayes": 4,
        "Diboli": 3,
        "Sandaré": 3,
    }
    assert {p["incident_fatalities_best"] for p in by_place.values()} == {10}
    assert {p["split_over"] for p in by_place.values()} == {3}
