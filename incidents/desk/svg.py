"""Server-rendered SVG maps and charts for the desk. Pure Python: no Django, no network.

The maps are offline by design (analysts work without internet): outlines come from Natural Earth
(`boundaries/sahel.json`), points are incidents sized by fatalities. The charts are plain SVG so that
they print crisply on paper briefings. Every text written into the SVG is escaped here.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from html import escape

# One colour per ACLED event type; chosen to stay distinguishable when printed in grey too
# (different lightness), and used by the chart legend and the CSS of the incident list.
EVENT_TYPE_COLOURS: dict[str, str] = {
    "Battles": "#b2182b",
    "Explosions/Remote violence": "#f4a582",
    "Violence against civilians": "#542788",
    "Protests": "#4393c3",
    "Riots": "#92c5de",
    "Strategic developments": "#878787",
}
FALLBACK_COLOUR = "#444444"


@dataclass(frozen=True)
class BBox:
    """Longitude/latitude box: west, south, east, north (degrees)."""

    west: float
    south: float
    east: float
    north: float

    def padded(self, fraction: float = 0.08, minimum: float = 0.5) -> BBox:
        dx = max((self.east - self.west) * fraction, minimum)
        dy = max((self.north - self.south) * fraction, minimum)
        return BBox(self.west - dx, self.south - dy, self.east + dx, self.north + dy)

    def widened(self, min_span: float) -> BBox:
        """At least `min_span` degrees each way, about the same centre."""
        dx = max(min_span - (self.east - self.west), 0) / 2
        dy = max(min_span - (self.north - self.south), 0) / 2
        return BBox(self.west - dx, self.south - dy, self.east + dx, self.north + dy)

    def with_aspect(self, low: float, high: float) -> BBox:
        """Widened (never cropped) so that height / width, as projected, lies in [low, high]:
        a line of incidents along a road makes neither a ribbon nor a tower of a map."""
        kx = math.cos(math.radians((self.north + self.south) / 2))
        width = max((self.east - self.west) * kx, 1e-6)
        height = max(self.north - self.south, 1e-6)
        if height / width < low:
            extra = (low * width - height) / 2
            return BBox(self.west, self.south - extra, self.east, self.north + extra)
        if height / width > high:
            extra = (height / high - width) / kx / 2
            return BBox(self.west - extra, self.south, self.east + extra, self.north)
        return self

    @classmethod
    def around(cls, points: Iterable[tuple[float, float]]) -> BBox | None:
        points = list(points)
        if not points:
            return None
        lons = [p[0] for p in points]
        lats = [p[1] for p in points]
        return cls(min(lons), min(lats), max(lons), max(lats))


# Mali, Burkina Faso, Niger and their neighbours: the default frame of a "Sahel" briefing.
SAHEL_BBOX = BBox(-17.8, 8.5, 16.5, 25.5)


class Projection:
    """Equirectangular projection scaled by the cosine of the middle latitude.

    At Sahel latitudes (5°–25°) the distortion is small and, unlike Web Mercator, needs no tiles.
    The drawing keeps the box's true aspect ratio: `height` follows from `width`.
    """

    def __init__(self, bbox: BBox, width: float, padding: float = 8) -> None:
        self.bbox = bbox
        self.padding = padding
        self.kx = math.cos(math.radians((bbox.north + bbox.south) / 2))
        span_x = max((bbox.east - bbox.west) * self.kx, 1e-6)
        span_y = max(bbox.north - bbox.south, 1e-6)
        self.scale = (width - 2 * padding) / span_x
        self.width = width
        self.height = span_y * self.scale + 2 * padding

    def __call__(self, lon: float, lat: float) -> tuple[float, float]:
        x = self.padding + (lon - self.bbox.west) * self.kx * self.scale
        y = self.padding + (self.bbox.north - lat) * self.scale
        return x, y


@dataclass(frozen=True)
class Shape:
    """An outline to draw: rings of (lon, lat) points."""

    rings: Sequence[Sequence[Sequence[float]]]
    name: str = ""
    css_class: str = "country"
    label: bool = False


@dataclass(frozen=True)
class MapPoint:
    lon: float
    lat: float
    fatalities: int | None  # None: unknown toll, drawn hollow rather than as zero
    title: str = ""
    href: str = ""
    colour: str = FALLBACK_COLOUR
    unpublished: bool = False  # a draft shown on purpose: ringed, and named in the legend


def point_radius(fatalities: int | None) -> float:
    """Area grows with the toll (sqrt), capped so that one massacre does not hide a region."""
    if fatalities is None:
        return 5.0
    return round(min(4.0 + 2.2 * math.sqrt(max(fatalities, 0)), 30.0), 1)


def _path(rings: Sequence[Sequence[Sequence[float]]], project: Projection) -> str:
    parts = []
    for ring in rings:
        coords = [project(lon, lat) for lon, lat in ring]
        if len(coords) < 3:
            continue
        head = "M{:.1f} {:.1f}".format(*coords[0])
        tail = "".join("L{:.1f} {:.1f}".format(*c) for c in coords[1:])
        parts.append(head + tail + "Z")
    return "".join(parts)


def _ring_bbox(ring: Sequence[Sequence[float]]) -> BBox:
    return BBox(
        min(p[0] for p in ring),
        min(p[1] for p in ring),
        max(p[0] for p in ring),
        max(p[1] for p in ring),
    )


def _intersects(a: BBox, b: BBox) -> bool:
    return not (a.east < b.west or a.west > b.east or a.north < b.south or a.south > b.north)


def _label_anchor(shape: Shape) -> tuple[float, float] | None:
    """Centre of the largest ring's box: good enough for compact Sahel countries."""
    rings = [r for r in shape.rings if len(r) >= 3]
    if not rings:
        return None
    box = max(
        (_ring_bbox(r) for r in rings),
        key=lambda b: (b.east - b.west) * (b.north - b.south),
    )
    return (box.west + box.east) / 2, (box.south + box.north) / 2


LEGEND_GAP = 6  # between the map's frame and its key, which never overlays the map
CHAR_WIDTH = 5.6  # about one character of the 10px legend font


def map_svg(
    shapes: Sequence[Shape],
    points: Sequence[MapPoint],
    *,
    bbox: BBox,
    width: int = 640,
    title: str = "",
    legend: Sequence[tuple[str, int | None]] = (("1", 1), ("10", 10), ("50", 50), ("?", None)),
    legend_title: str = "Fatalities",
    unpublished_label: str = "not published",
    credit: str = "Made with Natural Earth",
) -> str:
    """An SVG map: outlines clipped to `bbox`, then points (largest first so small ones stay
    clickable), and below the frame the key (sizes; the ring of unpublished points when there
    are any) and the Natural Earth credit.

    The frame is inset by the largest point's radius so that no circle is cut by its edge; the
    key sits under the frame, so it never hides a point. `data-extent` on the root carries the
    box drawn (west south east north) for the page's tests and scripts."""
    biggest = max((point_radius(p.fatalities) for p in points), default=0)
    project = Projection(bbox, width, padding=max(8, biggest + HALO + 2))
    map_h = round(project.height)
    key, key_h = _map_legend(
        legend,
        legend_title,
        unpublished_label if any(p.unpublished for p in points) else "",
        top=map_h + LEGEND_GAP,
        width=width,
        credit=credit,
    )
    height = map_h + LEGEND_GAP + key_h
    extent = f"{bbox.west:.3f} {bbox.south:.3f} {bbox.east:.3f} {bbox.north:.3f}"
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="desk-map" role="img" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'data-extent="{extent}" data-frame-height="{map_h}" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
        f'<rect class="sea" x="0" y="0" width="{width}" height="{map_h}"/>',
        f'<clipPath id="map-clip"><rect x="0" y="0" width="{width}" height="{map_h}"/></clipPath>',
        '<g clip-path="url(#map-clip)">',
    ]
    visible = [s for s in shapes if any(_intersects(_ring_bbox(r), bbox) for r in s.rings if r)]
    for shape in visible:
        d = _path(shape.rings, project)
        if d:
            out.append(
                f'<path class="{escape(shape.css_class)}" d="{d}">'
                f"<title>{escape(shape.name)}</title></path>"
            )
    for shape in visible:
        anchor = _label_anchor(shape) if shape.label else None
        if anchor and bbox.west < anchor[0] < bbox.east and bbox.south < anchor[1] < bbox.north:
            x, y = project(*anchor)
            half = len(shape.name) * 3.5  # about half the label's width at 10px uppercase
            if x - half < 2 or x + half > width - 2:
                continue  # a label cut by the frame reads worse than none
            out.append(
                f'<text class="map-label" x="{x:.1f}" y="{y:.1f}" text-anchor="middle">'
                f"{escape(shape.name)}</text>"
            )
    ordered = sorted(points, key=lambda p: -point_radius(p.fatalities))
    out.append('<g class="points">')
    for point in ordered:
        x, y = project(point.lon, point.lat)
        marker = _marker(x, y, point_radius(point.fatalities), point)
        if point.href:
            marker = f'<a href="{escape(point.href)}">{marker}</a>'
        out.append(marker)
    out.append("</g></g>")
    out.append(key)
    out.append("</svg>")
    return "".join(out)


HALO = 3.0  # how far the ring of an unpublished point stands off its circle


def _marker(x: float, y: float, r: float, point: MapPoint) -> str:
    """A point's circle (hollow when the toll is unknown), ringed when it is not published."""
    css = "pt pt-unknown" if point.fatalities is None else "pt"
    fill = "none" if point.fatalities is None else point.colour
    title = f"<title>{escape(point.title)}</title>"
    circle = (
        f'<circle class="{css}" cx="{x:.1f}" cy="{y:.1f}" r="{r}" '
        f'fill="{fill}" stroke="{point.colour}">{title}</circle>'
    )
    if not point.unpublished:
        return circle
    ring = f'<circle class="pt-ring" cx="{x:.1f}" cy="{y:.1f}" r="{r + HALO}" fill="none"/>'
    return f'<g class="pt-unpublished">{circle}{ring}</g>'


def _map_legend(
    legend: Sequence[tuple[str, int | None]],
    title: str,
    unpublished: str,
    *,
    top: float,
    width: int,
    credit: str,
) -> tuple[str, float]:
    """The key under the map, one row of entries wrapped to `width`: its markup and height."""
    if not legend and not unpublished:
        return _credit(credit, width - 6, top + 10), 14
    entries: list[tuple[float, str]] = []  # (width, markup drawn at x=0, centre line y=0)
    if title:
        entries.append((len(title) * CHAR_WIDTH + 8, f'<text x="0" y="4">{escape(title)}</text>'))
    for label, value in legend:
        r = point_radius(value)
        css = "pt pt-unknown" if value is None else "pt"
        fill = "none" if value is None else FALLBACK_COLOUR
        entries.append(
            (
                2 * r + 4 + len(label) * CHAR_WIDTH + 12,
                f'<circle class="{css}" cx="{r:.1f}" cy="0" r="{r}" fill="{fill}" '
                f'stroke="{FALLBACK_COLOUR}"/>'
                f'<text x="{2 * r + 4:.1f}" y="4">{escape(label)}</text>',
            )
        )
    if unpublished:
        r = point_radius(1)
        entries.append(
            (
                2 * (r + HALO) + 4 + len(unpublished) * CHAR_WIDTH + 12,
                f'<g class="pt-unpublished"><circle class="pt" cx="{r + HALO:.1f}" cy="0" '
                f'r="{r}" fill="{FALLBACK_COLOUR}" stroke="{FALLBACK_COLOUR}"/>'
                f'<circle class="pt-ring" cx="{r + HALO:.1f}" cy="0" r="{r + HALO}" '
                f'fill="none"/></g>'
                f'<text x="{2 * (r + HALO) + 4:.1f}" y="4">{escape(unpublished)}</text>',
            )
        )
    row_h = 2 * max([point_radius(v) for _, v in legend] + [point_radius(1) + HALO]) + 8
    rows: list[list[tuple[float, str]]] = [[]]
    used = 0.0
    for entry in entries:
        if rows[-1] and used + entry[0] > width - 12:
            rows.append([])
            used = 0.0
        rows[-1].append(entry)
        used += entry[0]
    box_h = row_h * len(rows) + 16  # the credit's line under the last row
    out = [
        f'<g class="map-legend" transform="translate(0,{top:.1f})">',
        f'<rect x="0" y="0" width="{width}" height="{box_h:.0f}" rx="3"/>',
    ]
    for n, row in enumerate(rows):
        x, y = 6.0, row_h * n + row_h / 2 + 2
        for entry_w, markup in row:
            out.append(f'<g transform="translate({x:.1f},{y:.1f})">{markup}</g>')
            x += entry_w
    out.append("</g>")
    out.append(_credit(credit, width - 6, top + box_h - 5))
    return "".join(out), box_h


def _credit(credit: str, x: float, y: float) -> str:
    return f'<text class="map-credit" x="{x}" y="{y:.1f}" text-anchor="end">{escape(credit)}</text>'


# --- charts -------------------------------------------------------------------------------------


def nice_ceiling(value: float) -> int:
    """The next 'round' axis maximum: 1, 2, 5, 10, 20, 50, … (at least 1)."""
    if value <= 1:
        return 1
    magnitude = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 5, 10):
        if value <= step * magnitude:
            return int(step * magnitude)
    return int(10 * magnitude)  # pragma: no cover - unreachable, the loop ends at 10


@dataclass
class ChartData:
    """Counts per bucket (e.g. week) and series (e.g. event type)."""

    labels: list[str]
    series: dict[str, list[int]] = field(default_factory=dict)

    @property
    def totals(self) -> list[int]:
        return [sum(values[i] for values in self.series.values()) for i in range(len(self.labels))]


def stacked_bar_chart(
    data: ChartData,
    *,
    width: int = 640,
    height: int = 260,
    title: str = "",
    colours: dict[str, str] | None = None,
    series_labels: dict[str, str] | None = None,
    empty_text: str = "No incidents in this period",
) -> str:
    """Bars per bucket stacked by series, with totals above bars, a y axis and a legend."""
    colours = colours or EVENT_TYPE_COLOURS
    series_labels = series_labels or {}
    series = [(name, values) for name, values in data.series.items() if any(values)]
    legend_rows = math.ceil(len(series) / 3) if series else 0
    top, left, right, bottom = 22, 34, 8, 30 + 18 * legend_rows
    plot_w, plot_h = width - left - right, height - top - bottom
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="desk-chart" role="img" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
    ]
    totals = data.totals
    if not data.labels or not any(totals):
        out.append(
            f'<text class="chart-empty" x="{width / 2:.0f}" y="{height / 2:.0f}" '
            f'text-anchor="middle">{escape(empty_text)}</text></svg>'
        )
        return "".join(out)
    ymax = nice_ceiling(max(totals))
    ticks = _ticks(ymax)
    for tick in ticks:
        y = top + plot_h - plot_h * tick / ymax
        out.append(
            f'<line class="grid" x1="{left}" x2="{left + plot_w}" y1="{y:.1f}" y2="{y:.1f}"/>'
            f'<text class="tick" x="{left - 4}" y="{y + 4:.1f}" text-anchor="end">{tick}</text>'
        )
    n = len(data.labels)
    slot = plot_w / n
    bar_w = max(min(slot * 0.7, 60), 2)
    label_every = max(1, math.ceil(n / max(plot_w // 48, 1)))
    for i, label in enumerate(data.labels):
        x = left + slot * i + (slot - bar_w) / 2
        y = top + plot_h
        for name, values in series:
            count = values[i]
            if not count:
                continue
            h = plot_h * count / ymax
            y -= h
            colour = colours.get(name, FALLBACK_COLOUR)
            shown = series_labels.get(name, name)
            out.append(
                f'<rect class="bar" x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" height="{h:.1f}" '
                f'fill="{colour}"><title>{escape(label)}: {escape(shown)} {count}</title></rect>'
            )
        if totals[i]:
            out.append(
                f'<text class="total" x="{x + bar_w / 2:.1f}" y="{y - 3:.1f}" '
                f'text-anchor="middle">{totals[i]}</text>'
            )
        if i % label_every == 0:
            out.append(
                f'<text class="tick" x="{x + bar_w / 2:.1f}" y="{top + plot_h + 14}" '
                f'text-anchor="middle">{escape(label)}</text>'
            )
    out.append(
        f'<line class="axis" x1="{left}" x2="{left + plot_w}" '
        f'y1="{top + plot_h}" y2="{top + plot_h}"/>'
    )
    for index, (name, _values) in enumerate(series):
        col, row = index % 3, index // 3
        lx = left + col * (plot_w / 3)
        ly = top + plot_h + 26 + row * 18
        out.append(
            f'<rect class="swatch" x="{lx:.1f}" y="{ly:.1f}" width="11" height="11" '
            f'fill="{colours.get(name, FALLBACK_COLOUR)}"/>'
            f'<text class="legend" x="{lx + 15:.1f}" y="{ly + 10:.1f}">'
            f"{escape(series_labels.get(name, name))}</text>"
        )
    out.append("</svg>")
    return "".join(out)


def _ticks(ymax: int) -> list[int]:
    step = max(1, nice_ceiling(ymax / 4) if ymax > 4 else 1)
    while ymax / step > 5:
        step *= 2
    return list(range(0, ymax + 1, step))
