"""Two ACLED events merged on the desk, then both re-imported with changes: one of them describes
the incident, and the `acled` export writes that one row, the same on every path."""

import csv
import io

import pytest
from django.db import connection

from incidents.exports import FULL_ACCESS, csv_bytes, iter_csv_rows
from incidents.exports.records import is_fresh
from incidents.exports.stream import _encode_rows
from incidents.importers.jobs import run_import
from incidents.merge import merge_incidents
from incidents.models import Incident

from .factories import acled_csv, acled_row

pytestmark = pytest.mark.django_db


def _rows(queryset) -> list[dict[str, str]]:
    data = b"".join(csv_bytes(queryset, "acled", user=FULL_ACCESS)).decode()
    return list(csv.DictReader(io.StringIO(data)))


def _import(*fatalities: str) -> None:
    rows = [
        acled_row(event_id_cnty=f"MLI{n}", fatalities=f, notes=f"Attack {n}: {f} dead.")
        for n, f in enumerate(fatalities, start=1)
    ]
    outcome = run_import("acled", acled_csv(rows).encode())
    assert outcome.ok and not outcome.errors, outcome.summary()


def test_a_merged_pair_exports_derived_then_the_last_reimported_row(editor):
    _import("3", "4")
    a = Incident.objects.get(references__external_id="MLI1")
    b = Incident.objects.get(references__external_id="MLI2")
    merge_incidents(a, b, editor)
    a.refresh_from_db()

    # Edited by the merge: no ACLED row describes A any more, its row is derived from A.
    (row,) = _rows(Incident.objects.filter(pk=a.pk))
    assert row["event_id_cnty"] == "MLI1"
    assert row["notes"] == "Attack 1: 3 dead."
    assert row["timestamp"] != acled_row()["timestamp"]  # A's own time of change

    _import("5", "6")  # both rows changed; both now belong to A
    a.refresh_from_db()
    references = list(a.references.order_by("external_id"))
    assert [r.external_id for r in references] == ["MLI1", "MLI2"]
    # The last row by external id gave A its fields, and only its reference is fresh.
    assert (a.fatalities_best, a.summary) == (6, "Attack 2: 6 dead.")
    assert [is_fresh(a, r) for r in references] == [False, True]
    assert a.incident_locations.filter(is_primary=True).count() == 1

    (row,) = _rows(Incident.objects.filter(pk=a.pk))
    assert (row["event_id_cnty"], row["fatalities"], row["notes"]) == (
        "MLI2",
        "6",
        "Attack 2: 6 dead.",
    )
    assert row["timestamp"] == acled_row()["timestamp"]  # ACLED's own row, verbatim


@pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY is PostgreSQL's")
def test_the_copy_export_agrees_with_the_python_layout_after_the_merge(editor):
    _import("3", "4")
    a = Incident.objects.get(references__external_id="MLI1")
    merge_incidents(a, Incident.objects.get(references__external_id="MLI2"), editor)
    for _round in range(2):
        queryset = Incident.objects.order_by("-date_start", "-id")
        fast = b"".join(csv_bytes(queryset, "acled", user=FULL_ACCESS))
        slow = b"".join(_encode_rows(iter_csv_rows(queryset, "acled", user=FULL_ACCESS), ","))
        assert fast == slow
        _import("5", "6")
