"""The HXL CSV (`?format=csv&layout=hxl`, `--layout hxl`, the desk's HXL link) as `libhxl` reads
it, and the GeoJSON for GIS (one feature per place, the briefing's properties, the toll shared
out as in the ACLED layout) as GDAL/OGR's `ogrinfo` — QGIS's reader — opens it."""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
from pathlib import Path

import hxl
import pytest
from django.core.management import call_command

from incidents.exports import FULL_ACCESS, iter_csv_rows
from incidents.exports.geojson import BRIEFING_PROPERTIES
from incidents.models import Incident
from incidents.models.incidents import ReviewStatus

from .factories import (
    ActorFactory,
    ArticleFactory,
    IncidentActorFactory,
    IncidentFactory,
    IncidentLocationFactory,
    IncidentSourceFactory,
    LocationFactory,
    OutletFactory,
)

pytestmark = pytest.mark.django_db

# HDX's conflict-event tags: each must head a column of the HXL file.
HDX_TAGS = [
    "#country+code",
    "#adm1+name",
    "#event+type",
    "#affected+killed",
    "#date+start",
    "#group+name+first",
]
# A libhxl schema: what a consumer of the file relies on.
SCHEMA = """#valid_tag,#valid_required,#valid_datatype,#valid_value+min,#valid_value+max,#valid_value+regex
#date+start,true,date,,,
#date+end,true,date,,,
#country+code,true,,,,^[A-Z]{3}$
#adm1+name,true,,,,
#event+type,true,,,,
#affected+killed,,number,0,,
#geo+lat,,number,-90,90,
#geo+lon,,number,-180,180,
#meta+id,true,number,,,
"""


@pytest.fixture
def split_incident(db):
    """Ten dead over three places in Kayes (4, 3 and 3 in the ACLED layout), and a second
    incident with a toll known only as a low figure and one place without coordinates."""
    incident = IncidentFactory(
        review_status=ReviewStatus.PUBLISHED, fatalities_best=10, fatalities_low=10,
        summary="Attacks on Kayes, Diboli and Sandaré.",
    )  # fmt: skip
    for n, (name, lat, lon) in enumerate(
        [("Kayes", 14.45, -11.44), ("Diboli", 14.3, -11.4), ("Sandaré", 14.7, -10.3)]
    ):
        IncidentLocationFactory(
            incident=incident,
            is_primary=n == 0,
            location=LocationFactory(name=name, admin1_name="Kayes", latitude=lat, longitude=lon),
        )
    IncidentActorFactory(incident=incident, actor=ActorFactory(name="JNIM"), role="perpetrator")
    IncidentSourceFactory(
        incident=incident, article=ArticleFactory(outlet=OutletFactory(name="AFP"))
    )
    other = IncidentFactory(
        review_status=ReviewStatus.PUBLISHED, fatalities_low=7, summary="Mopti."
    )
    IncidentLocationFactory(
        incident=other, location=LocationFactory(name="Sévaré", latitude=14.53, longitude=-4.1)
    )
    IncidentLocationFactory(
        incident=other,
        is_primary=False,
        location=LocationFactory(name="Somewhere", latitude=None, longitude=None),
    )
    return incident


def _hxl(path: Path):
    return hxl.data(str(path), hxl.InputOptions(allow_local=True))


def _validate(path: Path, tmp_path: Path) -> list[str]:
    schema_path = tmp_path / "schema.csv"
    schema_path.write_text(SCHEMA)
    errors: list[str] = []
    schema = hxl.schema(
        _hxl(schema_path), callback=lambda e: errors.append(f"{e.message}: {e.value}")
    )
    assert schema.validate(_hxl(path)), errors
    return errors


def test_the_api_hxl_csv_reads_in_libhxl(split_incident, viewer, client_for, tmp_path):
    response = client_for(viewer).get("/api/incidents/?format=csv&layout=hxl")
    assert response.status_code == 200
    path = tmp_path / "api.csv"
    path.write_bytes(b"".join(response.streaming_content))
    _validate(path, tmp_path)
    source = _hxl(path)
    tags = [column.display_tag for column in source.columns]
    assert all(tag in tags for tag in HDX_TAGS)
    rows = {row.get("#meta+id"): row for row in source}
    kayes = rows[str(split_incident.pk)]
    assert kayes.get("#country+code") == "MLI" and kayes.get("#country+name") == "Mali"
    assert kayes.get("#affected+killed") == "10" and kayes.get("#group+name+first") == "JNIM"
    assert kayes.get("#loc+name") == "Kayes" and kayes.get("#meta+source") == "AFP"
    assert sum(int(row.get("#affected+killed")) for row in rows.values()) == 17


def test_the_command_writes_hxl_in_french_with_the_same_tags(split_incident, tmp_path):
    path = tmp_path / "fr.csv"
    call_command(
        "export_incidents", "--layout=hxl", "--language=fr", "-o", str(path), stderr=io.StringIO()
    )
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("Date,Date de fin,Lieu")
    assert lines[1].startswith("#date+start,#date+end,#loc+name")
    _validate(path, tmp_path)


def test_the_hxl_tag_row_stays_under_the_header(split_incident):
    rows = list(iter_csv_rows(Incident.objects.order_by("id"), "hxl", user=FULL_ACCESS))
    assert rows[1][0] == "#date+start" and len(rows) == 4
    assert len({len(row) for row in rows}) == 1


def _features(data: bytes) -> list[dict]:
    return json.loads(data)["features"]


def test_geojson_features_carry_the_briefing_and_the_acled_split(
    split_incident, viewer, client_for
):
    features = _features(client_for(viewer).get("/api/incidents/?format=geojson").content)
    ours = [f["properties"] for f in features if f["properties"]["incident"] == split_incident.pk]
    assert {p["location_name"]: p["fatalities"] for p in ours} == {
        "Kayes": 4,
        "Diboli": 3,
        "Sandaré": 3,
    }
    acled = [
        row[28]
        for row in iter_csv_rows(
            Incident.objects.filter(pk=split_incident.pk), "acled", user=FULL_ACCESS
        )
    ][1:]
    assert sorted(p["fatalities"] for p in ours) == sorted(acled)
    briefing = dict(zip(
        BRIEFING_PROPERTIES,
        next(r for r in iter_csv_rows(Incident.objects.filter(pk=split_incident.pk), "briefing", user=FULL_ACCESS) if r[0] != "Date"),
        strict=True,
    ))  # fmt: skip
    for properties in ours:
        assert {k: properties[k] for k in briefing} == briefing
    # A toll known only as "at least 7" counts 7, shared over both places, as ACLED's rows do;
    # the place without coordinates keeps its share and has no point.
    (sevare,) = [f["properties"] for f in features if f["properties"]["location_name"] == "Sévaré"]
    assert (sevare["fatalities"], sevare["split_over"], sevare["incident_fatalities"]) == (4, 2, 7)


@pytest.mark.skipif(
    shutil.which("ogrinfo") is None,
    reason="GDAL's ogrinfo is not installed (apt-get install gdal-bin)",
)
def test_ogrinfo_opens_the_geojson_and_counts_the_features(split_incident, tmp_path):
    path = tmp_path / "incidents.geojson"
    call_command("export_incidents", "--layout=geojson", "-o", str(path), stderr=io.StringIO())
    done = subprocess.run(
        ["ogrinfo", "-ro", "-so", "-al", str(path)], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert re.search(r"Feature Count: 4\b", done.stdout), done.stdout
    assert "Geometry: Point" in done.stdout
    for field in ("fatalities: Integer", "perpetrators: String", "claim_status_text: String"):
        assert field in done.stdout, done.stdout


def test_the_desk_offers_hxl_stix_and_geojson(split_incident, viewer, client, tmp_path):
    client.force_login(viewer)
    page = client.get("/briefing/?date_after=2025-06-01&date_before=2025-07-31").content.decode()
    for link in ("layout=hxl", "/incidents/export.stix.json?", "/incidents/export.geojson?"):
        assert link in page
    hxl_file = tmp_path / "desk.csv"
    hxl_file.write_bytes(b"".join(client.get("/incidents/export.csv?layout=hxl").streaming_content))
    _validate(hxl_file, tmp_path)
    stix = json.loads(b"".join(client.get("/incidents/export.stix.json").streaming_content))
    assert len([o for o in stix["objects"] if o["type"] == "report"]) == 2
    geojson = _features(b"".join(client.get("/incidents/export.geojson").streaming_content))
    assert len(geojson) == 4
