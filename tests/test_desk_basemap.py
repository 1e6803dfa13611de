"""The interactive map's offline basemap and library: built reproducibly from Natural Earth,
small, and nothing on the map pages fetched from another host."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from incidents.desk import basemap

BOUNDARIES = Path(settings.BASE_DIR).parent / "shared" / "data" / "boundaries"
if not BOUNDARIES.is_dir():  # a git worktree beside the shared folder's usual place
    BOUNDARIES = Path("/work/shared/data/boundaries")
STATIC = Path(settings.BASE_DIR) / "static"


def test_build_basemap_rebuilds_the_shipped_file_byte_for_byte(tmp_path):
    target = tmp_path / "basemap.geojson"
    call_command("build_basemap", source=BOUNDARIES, output=target)
    assert target.read_bytes() == basemap.OUTPUT.read_bytes(), (
        "static/desk/map/basemap.geojson is out of date: run python manage.py build_basemap"
    )


def test_the_basemap_is_small_and_holds_countries_and_named_regions():
    data = basemap.OUTPUT.read_bytes()
    assert len(data) < 350_000
    collection = json.loads(data)
    assert "Natural Earth" in collection["credit"]
    countries = {
        f["properties"]["iso"]: f["properties"]
        for f in collection["features"]
        if f["properties"]["kind"] == "country"
    }
    assert {"ML", "BF", "NE", "MR", "SN", "CI", "GN"} <= set(countries)
    assert countries["ML"]["name_fr"] == "Mali" and countries["CI"]["name_fr"] == "Côte d'Ivoire"
    assert "ZA" not in countries and "KE" not in countries  # only the Sahel and West Africa
    regions = {
        f["properties"]["name"]
        for f in collection["features"]
        if f["properties"]["kind"] == "admin1" and f["properties"]["iso"] == "ML"
    }
    assert {"Kayes", "Mopti", "Gao", "Kidal", "Ménaka"} <= regions
    kayes = next(f for f in collection["features"] if f["properties"].get("code") == "ML-1")
    lon, lat = kayes["properties"]["label"]
    assert -12.5 < lon < -8.5 and 12 < lat < 16  # the name sits inside the region


def test_build_basemap_names_missing_input(tmp_path):
    with pytest.raises(CommandError, match="ne_50m_admin_0_africa.geojson"):
        call_command("build_basemap", source=tmp_path, output=tmp_path / "out.geojson")


def test_leaflet_is_vendored_with_its_licences():
    vendor = STATIC / "vendor" / "leaflet"
    for name in (
        "leaflet.js",
        "leaflet.css",
        "LICENSE",
        "markercluster/leaflet.markercluster.js",
        "markercluster/MarkerCluster.css",
        "markercluster/LICENSE",
    ):
        assert (vendor / name).is_file(), name
    assert "Agafonkin" in (vendor / "LICENSE").read_text()
    assert "1.9.4" in (vendor / "leaflet.js").read_text()[:200]


def test_the_map_pages_load_nothing_from_another_host():
    sources = [
        (Path(settings.BASE_DIR) / "templates" / "desk" / "_map.html").read_text(),
        (STATIC / "desk" / "map.js").read_text(),
    ]
    for text in sources:
        assert not re.search(r"""(src|href)=["']?(https?:)?//""", text)
        assert "tile" not in text.lower()  # no tile server: the basemap is the GeoJSON
