"""The interactive map in a real browser, with every request off the desk's own host refused:
a viewer's briefing zooms, opens a cluster and a popup, plays the weeks and searches an area; an
analyst switches the incident list to its map; the incident page maps its places; print keeps
the static map. The viewer never gets the TLP:RED point nor the draft."""

from __future__ import annotations

import datetime
from urllib.parse import urlparse

import pytest

from analysts.markings import TLP
from incidents.models import IncidentActor
from tests.factories import (
    ActorFactory,
    IncidentActorFactory,
    IncidentFactory,
    IncidentLocationFactory,
    LocationFactory,
)

from .conftest import log_in, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Three weeks, Monday 2 June to Sunday 22 June 2025.
BRIEFING = "/briefing/?country=ML&date_after=2025-06-02&date_before=2025-06-22"


def _incident(place, lat, lon, day, deaths=None, **fields):
    incident = IncidentFactory(
        summary=f"Gunmen attacked {place}.",
        date_start=datetime.date(2025, 6, day),
        fatalities_low=deaths,
        fatalities_best=deaths,
        fatalities_high=deaths,
        review_status=fields.pop("review_status", "published"),
        **fields,
    )
    location = LocationFactory(name=place, admin1_name="", latitude=lat, longitude=lon)
    IncidentLocationFactory(incident=incident, location=location)
    incident.refresh_place_fields()
    return incident


@pytest.fixture
def scene(db):
    jnim = ActorFactory(name="JNIM: Group for Support of Islam and Muslims", short_name="JNIM")
    mopti = [  # three villages a kilometre apart: one cluster until zoomed right in
        _incident("Sévaré", 14.49, -4.19, 3, 4),
        _incident("Socoura", 14.50, -4.20, 4, 2),
        _incident("Fatoma", 14.51, -4.18, 5, 1, event_type="Violence against civilians"),
    ]
    IncidentActorFactory(incident=mopti[0], actor=jnim, role=IncidentActor.Role.CLAIMANT)
    kayes = _incident("Kayes", 14.45, -11.44, 10, 20)
    gao = _incident("Gao", 16.27, -0.04, 12)
    timbuktu = _incident("Timbuktu", 16.77, -3.00, 18, 5)
    _incident("Ménaka", 15.92, 2.40, 20, 3, review_status="draft")
    _incident("Kidal", 18.44, 1.41, 19, 9, tlp=TLP.RED)
    return {"mopti": mopti, "kayes": kayes, "gao": gao, "timbuktu": timbuktu}


def _offline(page) -> list[str]:
    """Refuse (and note) every request that would leave the desk's own host."""
    refused: list[str] = []

    def route(route):
        host = urlparse(route.request.url).hostname
        if host in ("localhost", "127.0.0.1"):
            route.continue_()
        else:
            refused.append(route.request.url)
            route.abort()

    page.route("**/*", route)
    return refused


def _ready(page):
    page.locator(".imap.imap-ready").first.wait_for()
    _stable_points(page)  # the first fit to the points may still be animating
    return page.locator(".imap-status").first


def _zoom(page) -> float:
    return page.evaluate("window.deskMaps[0].map.getZoom()")


def _expect_move_end(page) -> None:
    """Arm a flag that the map sets when the next move (a drag and its inertia glide) ends."""
    page.evaluate(
        "() => { window.__mapIdle = false;"
        " window.deskMaps[0].map.once('moveend', () => { window.__mapIdle = true; }); }"
    )


_STABLE_POINTS = """() => new Promise((done) => {
  const read = () => Array.from(document.querySelectorAll('path.imap-point'), (p) => {
    const r = p.getBoundingClientRect();
    return [r.x + r.width / 2, r.y + r.height / 2, r.width];
  });
  let last = JSON.stringify(read());
  const check = () => requestAnimationFrame(() => requestAnimationFrame(() => {
    const now = JSON.stringify(read());
    if (now !== last) { last = now; check(); return; }
    done(JSON.parse(now));
  }));
  check();
})"""


def _stable_points(page) -> list[list[float]]:
    """The drawn points' centres (and widths) once two readings a frame apart agree: after the
    map's fit or zoom animation (which scales the drawn layer) and markercluster's redraw."""
    return page.evaluate(_STABLE_POINTS)


def _point_nearest(page, x: float, y: float) -> tuple[float, float]:
    """The centre of the drawn point nearest (x, y), once the map has stopped moving."""
    page.wait_for_function("window.__mapIdle === true")
    points = _stable_points(page)
    points.sort(key=lambda p: (p[0] - x) ** 2 + (p[1] - y) ** 2)
    return points[0][0], points[0][1]


def _boxes_overlap(a: dict, b: dict) -> bool:
    return not (
        a["x"] + a["width"] <= b["x"]
        or b["x"] + b["width"] <= a["x"]
        or a["y"] + a["height"] <= b["y"]
        or b["y"] + b["height"] <= a["y"]
    )


def test_viewer_zooms_opens_a_cluster_and_a_popup_and_plays_the_weeks(page, viewer, scene):
    refused = _offline(page)
    log_in(page, viewer.username)
    with page.expect_response(lambda r: "/incidents/map.json" in r.url) as answer:
        page.goto(BRIEFING)
    status = _ready(page)
    # Six published incidents; the draft and the TLP:RED one are not sent at all.
    assert status.inner_text() == "6 of 6 incidents shown"
    body = answer.value.text()
    assert "Kidal" not in body and "Ménaka" not in body
    canvas = page.locator(".imap-canvas")
    legend = page.locator(".imap-legend")
    assert not _boxes_overlap(canvas.bounding_box(), legend.bounding_box())
    assert legend.get_by_text("Violence against civilians").is_visible()
    screenshot(page, "map-1-briefing")

    # Zoom with the + button.
    before = _zoom(page)
    page.locator(".leaflet-control-zoom-in").click()
    page.wait_for_function(f"window.deskMaps[0].map.getZoom() > {before}")

    # The three Mopti villages are one cluster; clicking it zooms until they come apart.
    cluster = page.locator(".imap-cluster", has_text="3")
    assert cluster.count() == 1
    _expect_move_end(page)
    cluster.click()
    page.wait_for_function(
        "document.querySelectorAll('.imap-cluster').length === 0"
        " && document.querySelectorAll('path.imap-point').length >= 3"
    )
    page.wait_for_function("window.__mapIdle === true")  # a drag mid-zoom would be ignored
    assert _zoom(page) >= 11
    screenshot(page, "map-2-cluster-opened")

    # Drag one village to the top-left corner, beside the zoom buttons, and open its popup:
    # the map moves the popup clear of the buttons.
    point = page.locator("path.imap-point").first
    box = point.bounding_box()
    frame = canvas.bounding_box()
    target = (frame["x"] + 70, frame["y"] + 30)
    _expect_move_end(page)
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.down()
    page.mouse.move(*target, steps=8)
    # Hold still before letting go, as a person placing the map does: a release in full swing
    # makes Leaflet glide on (inertia), and the village would end up far off the map.
    page.wait_for_timeout(200)
    page.mouse.up()
    # Click where the dragged village now is, once the drag (and any glide after it) is over and
    # the clusters are redrawn: the redraw may reorder the points, so find it by position.
    page.mouse.click(*_point_nearest(page, *target))
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    text = popup.inner_text()
    assert "June 2025" in text and ("Sévaré" in text or "Socoura" in text or "Fatoma" in text)
    assert "Fatalities" in text and "Claim" in text
    page.wait_for_timeout(400)  # the auto-pan animation
    wrapper = page.locator(".leaflet-popup-content-wrapper").bounding_box()
    assert not _boxes_overlap(wrapper, page.locator(".leaflet-control-zoom").bounding_box())
    screenshot(page, "map-3-popup")
    link = popup.get_by_role("link", name="Open incident")
    assert link.get_attribute("href").startswith("/incidents/")

    # The time slider: one week at a time (3, then 2, then 1 incidents).
    page.get_by_role("button", name="Whole period").click()
    slider = page.locator(".imap-time input[type=range]")
    slider.focus()
    page.keyboard.press("Home")
    assert status.inner_text().startswith("3 of 6 incidents shown")
    assert "2 June 2025" in page.locator(".imap-week").inner_text()
    page.keyboard.press("ArrowRight")
    # Kayes and Gao are far from the zoomed-in view: the map says so and frames them on request.
    assert status.inner_text() == "2 of 6 incidents shown (2 outside this view)"
    screenshot(page, "map-4-week-2-outside")
    page.get_by_role("button", name="Zoom to the points").click()
    page.wait_for_function(
        "document.querySelector('.imap-status').textContent === '2 of 6 incidents shown'"
    )
    assert page.locator("path.imap-point").count() == 2
    assert not page.get_by_role("button", name="Zoom to the points").is_visible()
    screenshot(page, "map-4-week-2")
    slider.focus()
    page.keyboard.press("ArrowRight")
    assert status.inner_text().startswith("1 of 6 incidents shown")
    page.get_by_role("button", name="Whole period").click()
    assert status.inner_text().startswith("6 of 6 incidents shown")

    # Play walks the three weeks and stops on the last one.
    page.get_by_role("button", name="Play").click()
    assert page.locator(".imap-play").inner_text() == "Pause"
    assert status.inner_text().startswith("3 of 6 incidents shown")
    page.wait_for_function(
        "document.querySelector('.imap-play').textContent === 'Play'", timeout=10_000
    )
    assert slider.input_value() == "2"
    assert status.inner_text().startswith("1 of 6 incidents shown")

    # Search this area: the incident list, with the briefing's filters and the map's box.
    page.get_by_role("button", name="Whole period").click()
    page.evaluate("window.deskMaps[0].map.setView([14.47, -11.44], 8)")  # around Kayes
    page.get_by_role("button", name="Search this area").click()
    page.wait_for_url(lambda url: "/incidents/?" in url and "bbox=" in url)
    rows = page.locator("table.incidents tbody tr")
    assert rows.count() == 1 and "Kayes" in rows.first.inner_text()
    assert page.get_by_text("Inside the map area").is_visible()
    screenshot(page, "map-5-search-this-area")
    assert refused == []


def test_print_keeps_the_static_map(page, viewer, scene):
    _offline(page)
    log_in(page, viewer.username)
    page.goto(BRIEFING)
    _ready(page)
    assert not page.locator(".map-static svg").is_visible()
    page.emulate_media(media="print")
    assert page.locator(".map-static svg").is_visible()
    assert not page.locator(".imap").is_visible()
    assert page.locator(".map-static svg g.points circle").count() == 6


def test_analyst_switches_the_list_to_its_map_and_the_filters_follow(page, analyst, scene):
    refused = _offline(page)
    log_in(page, analyst.username)
    page.goto("/incidents/?date_after=2025-06-01&date_before=2025-06-30")
    page.get_by_role("link", name="Map", exact=True).click()
    status = _ready(page)
    # The analyst reads the draft too (the list has no sharing default), not the RED one.
    assert status.inner_text() == "7 of 7 incidents shown"
    page.select_option("#f-type", "Violence against civilians")
    page.get_by_role("button", name="Filter").click()
    status = _ready(page)
    assert "view=map" in page.url
    assert status.inner_text() == "1 of 1 incident shown"
    screenshot(page, "map-6-list-map-view")
    page.get_by_role("link", name="List", exact=True).click()
    assert page.locator("table.incidents tbody tr").count() == 1

    page.goto(f"/incidents/{scene['kayes'].pk}/")
    _ready(page)
    page.locator("path.imap-point").first.click(force=True)
    popup = page.locator(".leaflet-popup-content")
    assert "Kayes" in popup.inner_text() and "20" in popup.inner_text()
    # Drawn at its size, 2 × (4 + 2.2 √20) px: a click as the page opened once froze the zoom
    # animation and left the point 16 times too big, covering the map.
    width = page.locator("path.imap-point").first.bounding_box()["width"]
    assert width == pytest.approx(27.6 + 1.2, abs=1.5)  # with its stroke
    screenshot(page, "map-7-incident-page")
    assert refused == []
