"""`import_geonames` reads real GeoNames dumps, builds the admin tree and is idempotent."""

from __future__ import annotations

import gzip
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from incidents.models import Location, LocationName

GEONAMES = Path(__file__).resolve().parent.parent / "incidents" / "demo" / "geonames"
WANTED = {"2453866", "2455517", "2455518", "2452651", "2449067", "2449066", "6297182"}


@pytest.fixture
def ml_slice(tmp_path) -> Path:
    """Real ML.txt lines: Mali, the Kayes and Tombouctou regions, a few towns, an airport, a
    well and the first 300 Kayes-region rows (villages, hills, streams…)."""
    kept = []
    kayes_rows = 0
    with gzip.open(GEONAMES / "ML.txt.gz", "rt", encoding="utf-8") as fh:
        for line in fh:
            cols = line.split("\t")
            if cols[0] in WANTED:
                kept.append(line)
            elif cols[10] == "03" and kayes_rows < 300:
                kept.append(line)
                kayes_rows += 1
    path = tmp_path / "ML-slice.txt"
    path.write_text("".join(kept), encoding="utf-8")
    return path


def run(*args: str) -> str:
    out = StringIO()
    call_command(
        "import_geonames",
        *args,
        "--admin1",
        str(GEONAMES / "admin1CodesASCII.txt"),
        "--admin2",
        str(GEONAMES / "admin2Codes.txt"),
        "--country-info",
        str(GEONAMES / "countryInfo.txt"),
        stdout=out,
    )
    return out.getvalue()


def table() -> list[tuple]:
    return list(
        Location.objects.order_by("pk").values_list(
            "pk", "geonames_id", "name", "kind", "parent_id", "admin1_name", "admin2_name"
        )
    ) + list(LocationName.objects.order_by("pk").values_list("pk", "location_id", "name"))


@pytest.mark.django_db
def test_builds_the_admin_tree_from_a_real_slice(ml_slice):
    run(str(ml_slice), "--countries", "ML")
    mali = Location.objects.get(geonames_id=2453866)
    assert (mali.name, mali.kind) == ("Mali", "country")
    region = Location.objects.get(geonames_id=2455517)
    assert (region.name, region.kind, region.parent) == ("Kayes", "admin1", mali)
    town = Location.objects.get(geonames_id=2455518)
    assert town.kind == "place"
    assert (town.admin1_name, town.country_code) == ("Kayes", "ML")
    assert town.parent.kind in ("admin1", "admin2")
    assert town.latitude == pytest.approx(14.44693)
    nioro = Location.objects.get(geonames_id=2452651)
    assert nioro.alternate_names.filter(name="Nioro du Sahel", language="").exists()
    airport = Location.objects.get(geonames_id=6297182)
    assert (airport.kind, airport.feature_code, airport.admin1_name) == (
        "site",
        "AIRP",
        "Tombouctou",
    )
    # Streams, wells and hills are not places where incidents are located.
    assert not Location.objects.filter(feature_class__in=["H", "T"]).exists()
    # Every Malian region exists even without its ADM1 row in the file.
    assert Location.objects.filter(kind="admin1", country_code="ML").count() == 11
    # Lower-case romanisations and airport codes are not kept as names.
    timbuktu = Location.objects.get(geonames_id=2449067)
    names = set(timbuktu.alternate_names.values_list("name", flat=True))
    assert "Tombouctou" in names
    assert "TOM" not in names and "tmbktw" not in names


@pytest.mark.django_db
def test_second_run_changes_nothing(ml_slice):
    first_output = run(str(ml_slice))
    before = table()
    assert "0 updated" in first_output and len(before) > 200
    second_output = run(str(ml_slice))
    assert table() == before
    assert "0 places created, 0 updated" in second_output
    assert "0 alternate names added" in second_output


@pytest.mark.django_db
def test_a_changed_row_is_updated_in_place(ml_slice, tmp_path):
    run(str(ml_slice))
    pk = Location.objects.get(geonames_id=2455518).pk
    changed = tmp_path / "ML-changed.txt.gz"
    lines = ml_slice.read_text(encoding="utf-8").splitlines(keepends=True)
    with gzip.open(changed, "wt", encoding="utf-8") as fh:
        for line in lines:
            if line.startswith("2455518\t"):
                cols = line.split("\t")
                cols[14] = "90000"
                line = "\t".join(cols)
            fh.write(line)
    output = run(str(changed))
    assert "0 places created, 1 updated" in output
    town = Location.objects.get(geonames_id=2455518)
    assert (town.pk, town.population) == (pk, 90000)


@pytest.mark.django_db
def test_countries_option_keeps_only_those(ml_slice):
    run(str(ml_slice), "--countries", "BF")
    assert not Location.objects.filter(country_code="ML").exists()


@pytest.mark.django_db
def test_a_file_that_is_not_a_dump_is_refused_with_its_line(tmp_path):
    bad = tmp_path / "notes.txt"
    bad.write_text("geonameid,name\n1,Kayes\n", encoding="utf-8")
    with pytest.raises(CommandError, match="line 1: expected 19"):
        run(str(bad))
    assert not Location.objects.exists()
    with pytest.raises(CommandError, match="No such file"):
        run(str(tmp_path / "missing.txt"))
