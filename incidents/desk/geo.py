"""Outlines for the offline maps, read once from `boundaries/sahel.json` (Natural Earth)."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from .svg import SAHEL_BBOX, BBox, Shape

BOUNDARIES_FILE = Path(__file__).with_name("boundaries") / "sahel.json"

# Countries with admin-1 outlines: the ones a briefing can be about.
BRIEFING_COUNTRIES = ("ML", "BF", "NE", "MR", "SN", "TD", "NG", "BJ", "TG", "CI", "GN", "GH", "DZ")


@lru_cache(maxsize=1)
def boundaries() -> dict:
    return json.loads(BOUNDARIES_FILE.read_text(encoding="utf-8"))


def country_names(language: str = "en") -> dict[str, str]:
    key = "name_fr" if language.startswith("fr") else "name"
    return {c["iso"]: c[key] for c in boundaries()["countries"]}


def country_bbox(iso: str) -> BBox | None:
    for country in boundaries()["countries"]:
        if country["iso"] == iso:
            return BBox.around(point for ring in country["rings"] for point in ring)
    return None


def shapes(focus_country: str = "", language: str = "en", admin1_for: str = "") -> list[Shape]:
    """Countries (the focus one highlighted and labelled) then admin-1 outlines.

    Admin-1 outlines are drawn for `admin1_for` (a country code), or for the focus country, or —
    on a regional map — for every country with outlines, thinly.
    """
    names = country_names(language)
    result = []
    for country in boundaries()["countries"]:
        iso = country["iso"]
        css = "country focus" if iso == focus_country else "country"
        result.append(Shape(country["rings"], names[iso], css, label=True))
    admin_country = admin1_for or focus_country
    for region in boundaries()["admin1"]:
        if admin_country and region["iso"] != admin_country:
            continue
        result.append(Shape(region["rings"], region["name"], "admin1"))
    return result


# A briefing map zooms to its incidents: a margin of PADDING of their spread each side, at least
# MIN_SPAN degrees (about 330 km: a region with its towns, not a field round one attack), and a
# shape between landscape and square so that it fits the page.
EXTENT_PADDING = 0.15
EXTENT_MIN_SPAN = 3.0
EXTENT_ASPECT = (0.5, 1.0)


def incidents_extent(points: list[tuple[float, float]], country: str = "") -> BBox:
    """The box a briefing map shows: its incidents' extent, else the country, else the Sahel."""
    around = BBox.around(points)
    if around is None:
        box = country_bbox(country) if country else None
        return box.padded(0.06, 0.4) if box else SAHEL_BBOX
    box = around.padded(EXTENT_PADDING, 0).widened(EXTENT_MIN_SPAN)
    return box.with_aspect(*EXTENT_ASPECT)


def frame(country: str = "", points: list[tuple[float, float]] | None = None) -> BBox:
    """The box a map shows: the country, else the points, else the Sahel."""
    if country:
        box = country_bbox(country)
        if box:
            return box.padded(0.06, 0.4)
    around = BBox.around(points or [])
    if around:
        return around.padded(0.3, 1.5)
    return SAHEL_BBOX
