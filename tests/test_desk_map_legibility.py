"""The briefing map reads at a glance: its key never hides a point, no circle is cut by the
frame, and it zooms to the incidents (with a margin, never to a field round one attack).

Checked on the SVG itself, parsed: circles, the key's box and the `data-extent` of the root.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass

import pytest

from incidents.desk import geo
from incidents.desk.svg import SAHEL_BBOX, MapPoint, map_svg

SVG = "{http://www.w3.org/2000/svg}"
LEGEND = [("1", 1), ("10", 10), ("50", 50), ("unknown", None)]

# West of Mali: Kayes, Nioro du Sahel, Diboli, Sandaré (one cluster, ~300 km across).
KAYES_CLUSTER = [(-11.44, 14.45), (-9.59, 15.23), (-12.12, 14.45), (-10.28, 14.68)]


@dataclass(frozen=True)
class Box:
    left: float
    top: float
    right: float
    bottom: float

    def meets_circle(self, cx: float, cy: float, r: float) -> bool:
        nearest_x = min(max(cx, self.left), self.right)
        nearest_y = min(max(cy, self.top), self.bottom)
        return (cx - nearest_x) ** 2 + (cy - nearest_y) ** 2 < r * r


def draw(points: list[MapPoint], country: str = "") -> ET.Element:
    svg = map_svg(
        geo.shapes(country, admin1_for=country),
        points,
        bbox=geo.incidents_extent([(p.lon, p.lat) for p in points], country),
        width=620,
        legend=LEGEND,
    )
    return ET.fromstring(svg)


def circles(root: ET.Element) -> list[tuple[float, float, float]]:
    group = root.find(f".//{SVG}g[@class='points']")
    return [
        (float(c.get("cx")), float(c.get("cy")), float(c.get("r")))
        for c in group.iter(f"{SVG}circle")
    ]


def legend_box(root: ET.Element) -> Box:
    group = root.find(f".//{SVG}g[@class='map-legend']")
    dy = float(group.get("transform").removeprefix("translate(0,").removesuffix(")"))
    rect = group.find(f"{SVG}rect")
    x, y = float(rect.get("x")), float(rect.get("y")) + dy
    return Box(x, y, x + float(rect.get("width")), y + float(rect.get("height")))


def extent(root: ET.Element) -> tuple[float, float, float, float]:
    west, south, east, north = (float(v) for v in root.get("data-extent").split())
    return west, south, east, north


def corners_and_middle() -> list[MapPoint]:
    """Big and small points in every corner of a box, where a key would go."""
    spots = [(-17, 9), (-17, 25), (16, 9), (16, 25), (0, 17), (-16.5, 9.4), (15.6, 9.3)]
    return [
        MapPoint(lon, lat, deaths)
        for (lon, lat), deaths in zip(spots, [300, 1, 80, 0, 12, 40, None], strict=True)
    ]


@pytest.mark.parametrize(
    "points",
    [
        corners_and_middle(),
        [MapPoint(lon, lat, 25) for lon, lat in KAYES_CLUSTER],
        [MapPoint(-11.44, 14.45, 500, unpublished=True)],
    ],
    ids=["corners", "cluster", "one-big-draft"],
)
def test_the_key_covers_no_point_and_no_point_is_cut_by_the_frame(points):
    root = draw(points)
    key = legend_box(root)
    frame_height = float(root.get("data-frame-height"))
    width = float(root.get("width"))
    drawn = circles(root)
    assert len(drawn) >= len(points)
    for cx, cy, r in drawn:
        assert not key.meets_circle(cx, cy, r), (cx, cy, r, key)
        assert 0 <= cx - r <= cx + r <= width
        assert 0 <= cy - r <= cy + r <= frame_height
    # The key is inside the drawing (not cut off by the viewBox).
    assert key.bottom <= float(root.get("height"))


def test_a_cluster_of_incidents_is_drawn_close_up_with_every_point_in_the_extent():
    root = draw([MapPoint(lon, lat, 3) for lon, lat in KAYES_CLUSTER], country="ML")
    west, south, east, north = extent(root)
    for lon, lat in KAYES_CLUSTER:
        assert west < lon < east and south < lat < north
    # Tighter than the Sahel and than Mali: about the Kayes region, with a margin.
    assert east - west < (SAHEL_BBOX.east - SAHEL_BBOX.west) / 4
    mali = geo.country_bbox("ML")
    assert east - west < (mali.east - mali.west) / 2
    margin = min(
        min(lon for lon, _ in KAYES_CLUSTER) - west, east - max(lon for lon, _ in KAYES_CLUSTER)
    )
    assert margin > 0.2  # degrees: no point sits on the edge


def test_one_incident_is_not_a_zoom_to_a_field():
    root = draw([MapPoint(-11.44, 14.45, 4)])
    west, south, east, north = extent(root)
    assert east - west >= geo.EXTENT_MIN_SPAN and north - south >= geo.EXTENT_MIN_SPAN
    assert west < -11.44 < east and south < 14.45 < north


def test_incidents_along_a_line_make_neither_a_ribbon_nor_a_tower():
    north_south = [MapPoint(-1.5, lat, 2) for lat in (12.0, 14.5, 17.0, 20.5)]
    east_west = [MapPoint(lon, 14.0, 2) for lon in (-12.0, -4.0, 4.0, 12.0)]
    for points in (north_south, east_west):
        root = draw(points)
        ratio = float(root.get("data-frame-height")) / float(root.get("width"))
        assert 0.45 <= ratio <= 1.05
        west, south, east, north = extent(root)
        assert all(west < p.lon < east and south < p.lat < north for p in points)


def test_without_incidents_the_map_shows_the_country_or_the_sahel():
    assert geo.incidents_extent([], "") == SAHEL_BBOX
    mali = geo.incidents_extent([], "ML")
    assert mali.west < -12 and mali.east > 4


def test_unpublished_points_are_ringed_and_the_key_says_so_only_then():
    published = draw([MapPoint(-11.44, 14.45, 4)])
    assert published.find(f".//{SVG}g[@class='pt-unpublished']") is None
    assert "not published" not in ET.tostring(published, encoding="unicode")
    mixed = draw([MapPoint(-11.44, 14.45, 4), MapPoint(-9.59, 15.23, 2, unpublished=True)])
    points = mixed.find(f".//{SVG}g[@class='points']")
    rings = points.findall(f".//{SVG}g[@class='pt-unpublished']")
    assert len(rings) == 1
    key = mixed.find(f".//{SVG}g[@class='map-legend']")
    texts = [t.text for t in key.iter(f"{SVG}text")]
    assert "not published" in texts
    assert key.find(f".//{SVG}g[@class='pt-unpublished']") is not None  # the same ring
