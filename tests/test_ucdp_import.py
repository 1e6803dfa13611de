"""Importing UCDP GED files: precision codes, low/best/high deaths, idempotent re-imports."""

import csv
import datetime
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from incidents.models import Incident, IncidentActor

pytestmark = pytest.mark.django_db

COLUMNS = [
    "id", "relid", "year", "type_of_violence", "conflict_name", "dyad_name", "side_a", "side_b",
    "source_headline", "where_prec", "where_coordinates", "adm_1", "adm_2", "latitude",
    "longitude", "country", "region", "date_prec", "date_start", "date_end", "deaths_a",
    "deaths_b", "deaths_civilians", "deaths_unknown", "best", "high", "low",
]  # fmt: skip


def _ged(**overrides):
    row = {
        "id": "500001", "relid": "MLI-2023-1-1", "year": "2023", "type_of_violence": "3",
        "conflict_name": "JNIM - Civilians", "dyad_name": "JNIM - Civilians", "side_a": "JNIM",
        "side_b": "Civilians", "source_headline": "Attack on a village near Bandiagara",
        "where_prec": "2", "where_coordinates": "Bandiagara town", "adm_1": "Mopti region",
        "adm_2": "Bandiagara cercle", "latitude": "14.35", "longitude": "-3.61",
        "country": "Mali", "region": "Africa", "date_prec": "4",
        "date_start": "2023-05-01 00:00:00.000", "date_end": "2023-05-31 00:00:00.000",
        "deaths_a": "0", "deaths_b": "0", "deaths_civilians": "7", "deaths_unknown": "0",
        "best": "7", "high": "9", "low": "5",
    }  # fmt: skip
    row.update(overrides)
    return row


def _file(tmp_path, rows):
    out = io.StringIO()
    writer = csv.DictWriter(out, COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path = tmp_path / "ged.csv"
    path.write_text(out.getvalue())
    return path


def _import(path):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_ucdp", str(path), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_precision_codes_and_deaths_are_mapped(tmp_path):
    out, _ = _import(_file(tmp_path, [_ged()]))
    assert "1 incident was created" in out
    incident = Incident.objects.get(references__dataset="ucdp", references__external_id="500001")
    assert incident.date_precision == "month"
    assert (incident.date_start, incident.date_end) == (
        datetime.date(2023, 5, 1),
        datetime.date(2023, 5, 31),
    )
    assert incident.geo_precision == 2
    assert (incident.fatalities_low, incident.fatalities_best, incident.fatalities_high) == (
        5,
        7,
        9,
    )
    assert incident.fatalities_text == "5–9"
    assert incident.event_type == "Violence against civilians" and incident.civilian_targeting
    assert (incident.country, incident.admin1) == ("ML", "Mopti")
    assert incident.actor_labels(IncidentActor.Role.PERPETRATOR) == ["JNIM"]
    assert incident.actors.get(name="Civilians").actor_type == 7


def test_reimport_is_idempotent_and_bad_rows_are_reported(tmp_path):
    _import(_file(tmp_path, [_ged()]))
    rows = [_ged(best="8"), _ged(id="500002", where_prec="9"), _ged(id="500003", low="10")]
    out, err = _import(_file(tmp_path, rows))
    assert "0 incidents were created, 1 updated, 0 unchanged, 2 rows rejected" in out
    assert "line 3: date_prec must be 1–5 and where_prec 1–7" in err
    assert "line 4: deaths must satisfy" in err
    assert Incident.objects.get().fatalities_best == 8


def test_an_acled_file_is_not_a_ged_file(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("event_id_cnty,event_date\nMLI1,2025-01-01\n")
    with pytest.raises(CommandError, match="UCDP GED layout"):
        _import(path)
    assert not Incident.objects.exists()
