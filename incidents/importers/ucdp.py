"""Read UCDP GED CSV files (versions 20.1 onwards) into plain `Event`s. Pure Python, no Django.

UCDP's codes mapped to Incident fields:
- `date_prec` 1 exact day → day; 2 (within 2–6 days) and 3 (week) → week; 4 → month; 5 → year.
- `where_prec` 1 exact place → 1; 2 (within 25 km) and 3 (admin2) → 2 "near or part of";
  4 (admin1), 5, 6 (country), 7 (waters or airspace) → 3 "region only".
- deaths `low` / `best` / `high` → fatalities_low / best / high: UCDP's figures are counts, so 0 stays 0.
- `type_of_violence` 1 state-based and 2 non-state conflict → Battles (Armed clash); 3 one-sided
  violence → Violence against civilians (Attack), side_b being civilians.
"""

from __future__ import annotations

from collections.abc import Iterable

from .common import (
    ActorSpec,
    Event,
    PlaceSpec,
    ReadResult,
    RowError,
    country_code,
    parse_date,
    parse_float,
    parse_int,
    read_events,
)

REQUIRED_COLUMNS = [
    "id",
    "type_of_violence",
    "side_a",
    "side_b",
    "where_prec",
    "latitude",
    "longitude",
    "country",
    "date_prec",
    "date_start",
    "date_end",
    "best",
    "high",
    "low",
]
KEPT_COLUMNS = REQUIRED_COLUMNS + [
    "relid",
    "year",
    "conflict_name",
    "dyad_name",
    "where_coordinates",
    "where_description",
    "adm_1",
    "adm_2",
    "region",
    "source_article",
    "deaths_a",
    "deaths_b",
    "deaths_civilians",
    "deaths_unknown",
]
DATE_PRECISION = {1: "day", 2: "week", 3: "week", 4: "month", 5: "year"}
GEO_PRECISION = {1: 1, 2: 2, 3: 2, 4: 3, 5: 3, 6: 3, 7: 3}
VIOLENCE = {
    1: ("Battles", "Armed clash"),
    2: ("Battles", "Armed clash"),
    3: ("Violence against civilians", "Attack"),
}


def _side_type(name: str, violence: int, side: str) -> int:
    if violence == 3 and side == "b":
        return 7  # civilians
    return 1 if name.startswith("Government of") else 2


def _clean_admin(value: str) -> str:
    # UCDP writes "Mopti region", "Douentza cercle": keep the name the gazetteer uses.
    for suffix in (" region", " province", " cercle", " department", " district", " state"):
        if value.lower().endswith(suffix):
            return value[: -len(suffix)]
    return value


def _event_from_row(row: dict[str, str], line: int) -> Event:
    ext_id = row["id"]
    if not ext_id:
        raise RowError("id is empty")
    violence = parse_int(row["type_of_violence"], "type_of_violence")
    if violence not in VIOLENCE:
        raise RowError(f"type_of_violence must be 1, 2 or 3, not {violence}")
    start = parse_date(row["date_start"][:10])
    end = parse_date(row["date_end"][:10]) if row["date_end"] else None
    if end is not None and end < start:
        raise RowError("date_end is before date_start")
    date_prec = parse_int(row["date_prec"], "date_prec")
    where_prec = parse_int(row["where_prec"], "where_prec")
    if date_prec not in DATE_PRECISION or where_prec not in GEO_PRECISION:
        raise RowError("date_prec must be 1–5 and where_prec 1–7")
    low = parse_int(row["low"], "low")
    best = parse_int(row["best"], "best")
    high = parse_int(row["high"], "high")
    if not 0 <= low <= best <= high:
        raise RowError(f"deaths must satisfy 0 ≤ low ≤ best ≤ high (got {low}, {best}, {high})")
    event_type, sub_event_type = VIOLENCE[violence]
    country = row["country"].split("(")[0].strip()
    place_name = row.get("where_coordinates", "").split("(")[0].strip() or country
    actors = [
        ActorSpec(
            row["side_a"], _side_type(row["side_a"], violence, "a"), "perpetrator", "UCDP side_a"
        )
    ]
    if row["side_b"]:
        actors.append(
            ActorSpec(
                row["side_b"], _side_type(row["side_b"], violence, "b"), "target", "UCDP side_b"
            )
        )
    return Event(
        external_id=ext_id,
        date_start=start,
        date_end=end if end and end != start else None,
        date_precision=DATE_PRECISION[date_prec],
        disorder_type="Political violence",
        event_type=event_type,
        sub_event_type=sub_event_type,
        summary=row.get("source_headline")
        or row.get("where_description")
        or (f"{row.get('dyad_name') or row['side_a']}: {sub_event_type} in {place_name}"),
        civilian_targeting=violence == 3,
        place=PlaceSpec(
            name=place_name,
            country_code=country_code(country),
            admin1=_clean_admin(row.get("adm_1", "")),
            admin2=_clean_admin(row.get("adm_2", "")),
            latitude=parse_float(row["latitude"], "latitude", -90, 90),
            longitude=parse_float(row["longitude"], "longitude", -180, 180),
            geo_precision=GEO_PRECISION[where_prec],
        ),
        actors=actors,
        fatalities_low=low,
        fatalities_best=best,
        fatalities_high=high,
        data={c: row.get(c, "") for c in KEPT_COLUMNS},
        line=line,
    )


def read_ucdp(lines: Iterable[str], *, max_rows: int | None = None) -> ReadResult:
    """Every event of the file, plus (line, reason) for each malformed or repeated row."""
    result = ReadResult(max_rows=max_rows)
    for event in read_events(
        lines, REQUIRED_COLUMNS, what="UCDP GED", event_from_row=_event_from_row, result=result
    ):
        known = result.events.get(event.external_id)
        if known is not None:
            result.errors.append(
                (
                    event.line,
                    f"id {event.external_id} already appears on line {known.line}; "
                    f"line {known.line} was kept",
                )
            )
            continue
        result.events[event.external_id] = event
    return result
