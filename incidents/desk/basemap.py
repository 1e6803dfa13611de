"""The interactive map's offline basemap: Natural Earth countries and admin-1 regions as one small
GeoJSON file under static/ (`python manage.py build_basemap`). Pure Python, no Django.

It reuses the simplification of the static SVG maps (`boundaries/build.py`, Douglas-Peucker,
rounded coordinates) and keeps only the West Africa / Sahel extent the gazetteer covers, so that
the file stays small enough to load on a field laptop (about 300 kB). The output is sorted and
written byte for byte the same from the same input: a test rebuilds it and compares.
"""

from __future__ import annotations

import json
from pathlib import Path

from .boundaries.build import ADMIN1_TOLERANCE, COUNTRY_TOLERANCE, rings_of

COUNTRIES_FILE = "ne_50m_admin_0_africa.geojson"
ADMIN1_FILE = "ne_10m_admin_1_sahel.geojson"
OUTPUT = Path(__file__).resolve().parents[2] / "static" / "desk" / "map" / "basemap.geojson"

# West, south, east, north: West Africa and the Sahel with a margin; shapes outside are left out.
EXTENT = (-18.5, 3.0, 25.0, 28.0)
CREDIT = "Made with Natural Earth (public domain)"


def _bbox(rings: list) -> tuple[float, float, float, float]:
    xs = [x for ring in rings for x, _ in ring]
    ys = [y for ring in rings for _, y in ring]
    return min(xs), min(ys), max(xs), max(ys)


def _intersects(rings: list, extent: tuple[float, float, float, float]) -> bool:
    west, south, east, north = _bbox(rings)
    return west <= extent[2] and east >= extent[0] and south <= extent[3] and north >= extent[1]


def _ring_area_centroid(ring: list) -> tuple[float, float, float]:
    """Signed area and centroid of a closed ring (the shoelace formula)."""
    area = cx = cy = 0.0
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        cross = x1 * y2 - x2 * y1
        area += cross
        cx += (x1 + x2) * cross
        cy += (y1 + y2) * cross
    if abs(area) < 1e-12:
        x, y = ring[0]
        return 0.0, x, y
    return area / 2, cx / (3 * area), cy / (3 * area)


def label_point(rings: list) -> list[float]:
    """Where the name goes: the centroid of the largest ring (not of the islands)."""
    best = max((_ring_area_centroid(ring) for ring in rings), key=lambda a: abs(a[0]))
    return [round(best[1], 2), round(best[2], 2)]


def _feature(rings: list, properties: dict) -> dict:
    properties = {**properties, "label": label_point(rings)}
    return {
        "type": "Feature",
        "properties": properties,
        "geometry": {"type": "MultiPolygon", "coordinates": [[ring] for ring in rings]},
    }


def build(countries: dict, admin1: dict, extent=EXTENT) -> dict:
    """Natural Earth country and admin-1 FeatureCollections → the basemap FeatureCollection:
    countries first (`kind: country`, English and French names), then regions (`kind: admin1`)."""
    country_features = []
    for feature in countries["features"]:
        props = feature["properties"]
        iso = props["ISO_A2_EH"] if props["ISO_A2"] == "-99" else props["ISO_A2"]
        rings = rings_of(feature["geometry"], COUNTRY_TOLERANCE)
        if not rings or not _intersects(rings, extent):
            continue
        country_features.append(
            _feature(
                rings,
                {"kind": "country", "iso": iso, "name": props["NAME"], "name_fr": props["NAME_FR"]},
            )
        )
    region_features = []
    for feature in admin1["features"]:
        props = feature["properties"]
        rings = rings_of(feature["geometry"], ADMIN1_TOLERANCE)
        if not rings or not _intersects(rings, extent):
            continue
        region_features.append(
            _feature(
                rings,
                {
                    "kind": "admin1",
                    "iso": props["iso_a2"],
                    "code": props["iso_3166_2"],
                    "name": props["name"],
                },
            )
        )
    country_features.sort(key=lambda f: f["properties"]["iso"])
    region_features.sort(key=lambda f: f["properties"]["code"])
    return {
        "type": "FeatureCollection",
        "credit": CREDIT,
        "bbox": list(extent),
        "features": country_features + region_features,
    }


def build_from(source_dir: Path) -> bytes:
    """The basemap's bytes from the Natural Earth files in `source_dir`."""
    countries = json.loads((source_dir / COUNTRIES_FILE).read_text(encoding="utf-8"))
    admin1 = json.loads((source_dir / ADMIN1_FILE).read_text(encoding="utf-8"))
    collection = build(countries, admin1)
    return json.dumps(collection, separators=(",", ":"), ensure_ascii=False).encode() + b"\n"
