"""Rebuild `sahel.json` from the Natural Earth files in ../shared/data/boundaries (stdlib only).

    python incidents/desk/boundaries/build.py ../shared/data/boundaries

Keeps the countries of West Africa and the Sahel (with their neighbours for context) and the
admin-1 outlines of the 13 Sahel-area countries, simplified (Douglas-Peucker) and rounded so that
the file stays well under 1 MB. Natural Earth is public domain ("Made with Natural Earth").
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

# Countries drawn on the maps; the map's bounding box decides what is actually visible.
COUNTRIES = {
    "ML", "BF", "NE", "MR", "SN", "DZ", "TD", "NG", "BJ", "TG", "CI", "GN", "GH",
    "GM", "GW", "SL", "LR", "MA", "EH", "LY", "CM", "CF", "SD", "TN", "EG",
}  # fmt: skip
COUNTRY_TOLERANCE = 0.03  # degrees, about 3 km: invisible at briefing scale
ADMIN1_TOLERANCE = 0.02
DECIMALS = 3


def _perp_distance(p, a, b) -> float:
    (x, y), (x1, y1), (x2, y2) = p, a, b
    dx, dy = x2 - x1, y2 - y1
    if dx == 0 and dy == 0:
        return ((x - x1) ** 2 + (y - y1) ** 2) ** 0.5
    return abs(dy * x - dx * y + x2 * y1 - y2 * x1) / (dx * dx + dy * dy) ** 0.5


def simplify(points: list, tolerance: float) -> list:
    """Douglas-Peucker, iterative (rings have thousands of points)."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        start, end = stack.pop()
        best, index = 0.0, None
        for i in range(start + 1, end):
            d = _perp_distance(points[i], points[start], points[end])
            if d > best:
                best, index = d, i
        if index is not None and best > tolerance:
            keep[index] = True
            stack.append((start, index))
            stack.append((index, end))
    return [p for p, k in zip(points, keep, strict=True) if k]


def rings_of(geometry: dict, tolerance: float) -> list:
    polygons = geometry["coordinates"]
    if geometry["type"] == "Polygon":
        polygons = [polygons]
    rings = []
    for polygon in polygons:
        outer = simplify(polygon[0], tolerance)
        if len(outer) >= 4:  # islands smaller than the tolerance disappear
            rings.append([[round(x, DECIMALS), round(y, DECIMALS)] for x, y in outer])
    return rings


def main(source_dir: str) -> None:
    source = Path(source_dir)
    countries = json.loads((source / "ne_50m_admin_0_africa.geojson").read_text())
    admin1 = json.loads((source / "ne_10m_admin_1_sahel.geojson").read_text())
    out = {"credit": "Made with Natural Earth (public domain)", "countries": [], "admin1": []}
    for feature in countries["features"]:
        props = feature["properties"]
        iso = props["ISO_A2_EH"] if props["ISO_A2"] == "-99" else props["ISO_A2"]
        if iso not in COUNTRIES:
            continue
        out["countries"].append(
            {
                "iso": iso,
                "name": props["NAME"],
                "name_fr": props["NAME_FR"],
                "rings": rings_of(feature["geometry"], COUNTRY_TOLERANCE),
            }
        )
    for feature in admin1["features"]:
        props = feature["properties"]
        out["admin1"].append(
            {
                "iso": props["iso_a2"],
                "code": props["iso_3166_2"],
                "name": props["name"],
                "rings": rings_of(feature["geometry"], ADMIN1_TOLERANCE),
            }
        )
    target = Path(__file__).with_name("sahel.json")
    target.write_text(json.dumps(out, separators=(",", ":"), ensure_ascii=False))
    print(f"{target}: {target.stat().st_size:,} bytes")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "../shared/data/boundaries")
