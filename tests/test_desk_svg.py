"""The desk's SVG maps and charts (pure drawing code, no database)."""

from __future__ import annotations

import datetime
import xml.etree.ElementTree as ET

import pytest

from incidents.desk import geo
from incidents.desk.maps import weekly_counts
from incidents.desk.svg import (
    SAHEL_BBOX,
    BBox,
    ChartData,
    MapPoint,
    Projection,
    Shape,
    map_svg,
    nice_ceiling,
    point_radius,
    stacked_bar_chart,
)

NS = {"svg": "http://www.w3.org/2000/svg"}


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # also proves the SVG is well-formed XML


def test_projection_keeps_the_box_aspect_and_orientation():
    box = BBox(-12.0, 10.0, 4.0, 25.0)
    project = Projection(box, width=600, padding=0)
    assert project(-12.0, 25.0) == pytest.approx((0, 0))
    x_east, y_south = project(4.0, 10.0)
    assert x_east == pytest.approx(600)
    assert y_south == pytest.approx(project.height)
    # North is up and east is right.
    assert project(0, 20)[1] < project(0, 15)[1]
    assert project(-5, 15)[0] < project(0, 15)[0]


def test_unknown_toll_is_not_drawn_as_zero_and_radius_grows_with_deaths():
    assert point_radius(None) > point_radius(0)
    assert point_radius(1) < point_radius(10) < point_radius(100)
    assert point_radius(100_000) == 30.0  # capped


def test_map_draws_outlines_in_frame_and_points_largest_first():
    square = [[-10, 10], [0, 10], [0, 20], [-10, 20], [-10, 10]]
    far_away = [[100, 50], [101, 50], [101, 51], [100, 50]]
    svg = map_svg(
        [Shape([square], "Mali", label=True), Shape([far_away], "Elsewhere")],
        [
            MapPoint(-5, 15, 3, title="small <one>"),
            MapPoint(-4, 14, 80, title="big", href="/incidents/1/"),
            MapPoint(-6, 16, None, title="unknown toll"),
        ],
        bbox=BBox(-12, 8, 2, 22),
    )
    root = parse(svg)
    titles = [t.text for t in root.iter("{http://www.w3.org/2000/svg}title")]
    assert "Elsewhere" not in titles  # outside the frame: not drawn at all
    assert "small <one>" in titles  # escaped in the markup, intact once parsed
    points = root.find(".//svg:g[@class='points']", NS)
    radii = [float(c.get("r")) for c in points.iter("{http://www.w3.org/2000/svg}circle")]
    assert radii == sorted(radii, reverse=True)
    hollow = [
        c for c in points.iter("{http://www.w3.org/2000/svg}circle") if c.get("fill") == "none"
    ]
    assert len(hollow) == 1
    assert points.find("svg:a", NS).get("href") == "/incidents/1/"
    assert "Natural Earth" in svg


def test_country_outlines_of_the_project_cover_mali_and_its_regions():
    box = geo.country_bbox("ML")
    assert box is not None
    assert box.west == pytest.approx(-12.2, abs=0.3)
    assert box.north == pytest.approx(25.0, abs=0.3)
    names = {s.name for s in geo.shapes("ML") if s.css_class == "admin1"}
    assert {"Kayes", "Timbuktu", "Ménaka", "Bamako"} <= names
    assert geo.BOUNDARIES_FILE.stat().st_size < 1_000_000


def test_a_sahel_map_is_well_formed():
    root = parse(map_svg(geo.shapes(), [MapPoint(-11.44, 14.45, 12)], bbox=SAHEL_BBOX))
    assert len(root.findall(".//svg:path[@class='country']", NS)) >= 10


@pytest.mark.parametrize(
    ("value", "expected"), [(0, 1), (1, 1), (3, 5), (7, 10), (11, 20), (51, 100)]
)
def test_nice_ceiling(value, expected):
    assert nice_ceiling(value) == expected


def test_stacked_bars_have_one_rect_per_nonzero_count_and_totals():
    data = ChartData(["30 Jun", "7 Jul"], {"Battles": [2, 0], "Riots": [1, 3], "Protests": [0, 0]})
    root = parse(stacked_bar_chart(data, series_labels={"Battles": "Combats"}))
    bars = root.findall(".//svg:rect[@class='bar']", NS)
    assert len(bars) == 3
    totals = [t.text for t in root.findall(".//svg:text[@class='total']", NS)]
    assert totals == ["3", "3"]
    legend = [t.text for t in root.findall(".//svg:text[@class='legend']", NS)]
    assert legend == ["Combats", "Riots"]  # empty series are left out of the legend


def test_empty_chart_says_so():
    root = parse(stacked_bar_chart(ChartData(["30 Jun"], {"Battles": [0]}), empty_text="Nothing"))
    assert root.find(".//svg:text[@class='chart-empty']", NS).text == "Nothing"


def test_weekly_counts_bucket_by_monday_and_event_type():
    rows = [
        (datetime.date(2025, 7, 1), "Battles"),  # Tuesday → week of Monday 30 June
        (datetime.date(2025, 6, 30), "Battles"),
        (datetime.date(2025, 6, 2), "Riots"),
    ]
    weeks, series = weekly_counts(rows, datetime.date(2025, 6, 1), datetime.date(2025, 7, 6))
    assert weeks[0] == datetime.date(2025, 5, 26)
    assert weeks[-1] == datetime.date(2025, 6, 30)
    assert series["Battles"][-1] == 2
    assert series["Riots"][weeks.index(datetime.date(2025, 6, 2))] == 1
    assert sum(series["Protests"]) == 0
