"""An imported ACLED file exports back, in the acled layout, with the same value in every column."""

import csv
import io

import pytest
from django.core.management import call_command

from incidents.exports import FULL_ACCESS, csv_bytes
from incidents.importers.acled import ACLED_COLUMNS
from incidents.models import Incident

from .factories import IncidentActorFactory, acled_csv, acled_row

pytestmark = pytest.mark.django_db

SAMPLE = [
    acled_row(),
    acled_row(
        event_id_cnty="MLI90002",
        event_date="2024-02-16",
        year="2024",
        time_precision="2",
        event_type="Violence against civilians",
        sub_event_type="Abduction/forced disappearance",
        actor1="Unidentified Armed Group (Mali)",
        inter1="Political militia",
        actor2="Civilians (Mali)",
        assoc_actor_2="Farmers (Mali); Teachers (Mali)",
        inter2="Civilians",
        interaction="Political militia-Civilians",
        civilian_targeting="Civilian targeting",
        admin1="Mopti",
        admin2="Bandiagara",
        admin3="",
        location="Bandiagara",
        latitude="14.3500",
        longitude="-3.6100",
        geo_precision="2",
        notes='=Gunmen abducted 3 teachers; "no ransom" was asked, locals said.',
        fatalities="0",
        tags="women targeted: teachers",
    ),
    acled_row(
        event_id_cnty="MLI90003",
        disorder_type="Demonstrations",
        event_type="Protests",
        sub_event_type="Peaceful protest",
        actor1="Protesters (Mali)",
        inter1="6",
        actor2="",
        assoc_actor_2="",
        inter2="0",
        interaction="60",
        fatalities="0",
        tags="crowd size=around 200",
        notes="Traders protested, in Kayes, against fuel shortages.",
    ),
]


def _rows(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"))))


def test_export_of_an_imported_file_gives_back_every_acled_value(tmp_path):
    path = tmp_path / "acled.csv"
    path.write_text(acled_csv(SAMPLE), encoding="utf-8")
    call_command("import_acled", str(path), stdout=io.StringIO())
    exported = _rows(b"".join(csv_bytes(Incident.objects.all(), "acled", user=FULL_ACCESS)))
    by_id = {row["event_id_cnty"]: row for row in exported}
    assert set(by_id) == {"MLI90001", "MLI90002", "MLI90003"}
    for original in SAMPLE:
        back = by_id[original["event_id_cnty"]]
        expected = dict(original)
        # The export's only change: a formula-looking cell is neutralised for spreadsheets.
        if expected["notes"].startswith("="):
            expected["notes"] = "'" + expected["notes"]
        assert {c: back[c] for c in ACLED_COLUMNS} == {c: expected[c] for c in ACLED_COLUMNS}


def test_the_exported_file_imports_back_unchanged(tmp_path):
    path = tmp_path / "acled.csv"
    path.write_text(acled_csv(SAMPLE), encoding="utf-8")
    call_command("import_acled", str(path), stdout=io.StringIO())
    again = tmp_path / "exported.csv"
    again.write_bytes(b"".join(csv_bytes(Incident.objects.all(), "acled", user=FULL_ACCESS)))
    out = io.StringIO()
    call_command("import_acled", str(again), stdout=out)
    assert "0 incidents were created, 0 updated, 3 unchanged, 0 rows rejected" in out.getvalue()


def test_an_edited_incident_exports_its_new_values(tmp_path):
    path = tmp_path / "acled.csv"
    path.write_text(acled_csv(SAMPLE[:1]), encoding="utf-8")
    call_command("import_acled", str(path), stdout=io.StringIO())
    incident = Incident.objects.get()
    incident.fatalities_best = incident.fatalities_low = 20
    incident.save()
    IncidentActorFactory(incident=incident, role="target")
    (row,) = _rows(b"".join(csv_bytes(Incident.objects.all(), "acled", user=FULL_ACCESS)))
    assert row["event_id_cnty"] == "MLI90001"
    assert row["fatalities"] == "20"
    assert row["actor1"] == "JNIM: Group for Support of Islam and Muslims"
    assert row["country"] == "Mali" and row["location"] == "Kayes"
