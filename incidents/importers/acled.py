"""Read ACLED CSV exports into plain `Event`s. Pure Python, no Django.

Accepted variants (all seen in files researchers hold):
- the current 31-column export, and the pre-2023 layout (`data_id`, `event_id_no_cnty`, `iso3`,
  without `disorder_type`, `civilian_targeting`, `tags`);
- monadic exports, one row per actor sharing an `event_id_cnty`: merged into one event;
- actor types as numbers (`2`, interaction `27`) or text (`Rebel group`, `Rebel group-Civilians`);
- dates `2022-06-30`, `31 December 2020`, `16-Feb-21`; `,` `;` or tab delimiters, with or without BOM;
- a `country` that is a body of water (kept as ACLED names it, with no ISO country).

Fatalities: ACLED codes 0 both for "none" and for "unknown", and codes vague words low ("several"
→ 3). Its figure is kept verbatim in the reference data (and comes back in the `acled` export);
the incident gets `fatalities_low = fatalities_best = n` for n > 0 (shown "≥n": ACLED's count is a
floor), and stays unknown (null) for 0 unless ACLED's notes say outright that nobody died
(`NO_DEATHS` below), in which case 0 is a known count.

Our own `acled` export writes an incident with several locations as rows `ID`, `ID-1`, … whose
notes say "Split over N locations; incident total T fatalities." (`common.SPLIT_NOTE`): those rows
are read back as one event, with every place and the rows' fatalities summed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from incidents.extraction.taxonomy import EVENT_TYPES

from .common import (
    ACTOR_TYPE_CODES,
    MAX_FATALITIES,
    SPLIT_NOTE,
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

# ACLED's current export, in ACLED's order: the `acled` export layout writes exactly these.
ACLED_COLUMNS = [
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
]
# Present in every layout since ACLED's first public exports.
REQUIRED_COLUMNS = [
    "event_id_cnty",
    "event_date",
    "event_type",
    "sub_event_type",
    "actor1",
    "inter1",
    "country",
    "location",
    "latitude",
    "longitude",
    "fatalities",
]
LEGACY_COLUMNS = ["data_id", "event_id_no_cnty", "iso3"]

TIME_PRECISION = {1: "day", 2: "week", 3: "month"}
NO_DEATHS = re.compile(
    r"\b(no (one|body) (was )?(killed|hurt|injured)|no (fatalities|casualties|deaths)"
    r"|without (fatalities|casualties))\b",
    re.IGNORECASE,
)
DEMONSTRATION_SUBTYPES = {
    "Peaceful protest",
    "Protest with intervention",
    "Excessive force against protesters",
    "Violent demonstration",
}


def disorder_for(event_type: str, sub_event_type: str) -> str:
    """ACLED's disorder type for pre-2023 rows, which lack the column."""
    if event_type == "Strategic developments":
        return "Strategic developments"
    if event_type == "Protests" or sub_event_type in DEMONSTRATION_SUBTYPES:
        return "Demonstrations"
    return "Political violence"


def actor_type(value: str, what: str) -> int:
    code = _ACTOR_TYPE_SEEN.get(value)
    if code is not None:
        return code
    value = value.strip()
    if not value:
        return 0
    code = int(value) if value.isdigit() else ACTOR_TYPE_CODES.get(value.lower(), -1)
    if code not in range(0, 9):
        raise RowError(f"{what} is not an ACLED actor type: {value!r}")
    if len(_ACTOR_TYPE_SEEN) < 1000:
        _ACTOR_TYPE_SEEN[value] = code
    return code


# Cells already read as actor types: a file holds a dozen distinct spellings at most.
_ACTOR_TYPE_SEEN: dict[str, int] = {"": 0}
# The usual precision codes, read without int()'s general parsing.
_SMALL_INTS = {"1": 1, "2": 2, "3": 3}
_ACLED_KEYS = tuple(ACLED_COLUMNS)


def _split(value: str) -> list[str]:
    if not value:
        return []
    return [part.strip() for part in value.split(";") if part.strip()]


def _event_from_row(row: dict[str, str], line: int) -> Event:
    ext_id = row["event_id_cnty"]
    if not ext_id:
        raise RowError("event_id_cnty is empty")
    event_type = row["event_type"]
    if event_type not in EVENT_TYPES:
        raise RowError(f"unknown event_type {event_type!r}")
    sub_event_type = row["sub_event_type"]
    if len(sub_event_type) > 60:
        raise RowError("sub_event_type is longer than 60 characters")
    get = row.get
    date = parse_date(row["event_date"])
    raw = get("time_precision") or "1"
    precision = _SMALL_INTS.get(raw) or parse_int(raw, "time_precision")
    if precision not in TIME_PRECISION:
        raise RowError(f"time_precision must be 1, 2 or 3, not {precision}")
    raw = get("geo_precision") or "1"
    geo = _SMALL_INTS.get(raw) or parse_int(raw, "geo_precision")
    if geo not in (1, 2, 3):
        raise RowError(f"geo_precision must be 1, 2 or 3, not {geo}")
    latitude = parse_float(row["latitude"], "latitude", -90, 90)
    longitude = parse_float(row["longitude"], "longitude", -180, 180)
    raw = row["fatalities"] or "0"
    fatalities = int(raw) if raw.isascii() and raw.isdigit() else parse_int(raw, "fatalities")
    if fatalities > MAX_FATALITIES:
        raise RowError(f"fatalities {raw!r} is above {MAX_FATALITIES:,}")
    actor1 = row["actor1"]
    if not actor1:
        raise RowError("actor1 is empty")
    actor2 = get("actor2", "")
    location = row["location"]
    if len(actor1) > 200 or len(actor2) > 200 or len(location) > 200:
        for column in ("actor1", "actor2", "location"):
            if len(get(column, "")) > 200:
                raise RowError(f"{column} is longer than 200 characters")
    inter1 = actor_type(row["inter1"], "inter1")
    inter2 = actor_type(get("inter2", ""), "inter2")
    if not inter1:
        raise RowError("inter1 is empty")
    if actor2 and not inter2:
        raise RowError("inter2 is empty while actor2 is set")
    disorder = get("disorder_type") or disorder_for(event_type, sub_event_type)
    notes = get("notes", "")
    cc = country_code(row["country"], get("iso", ""), get("iso3", ""))

    actors = [ActorSpec(actor1, inter1, "perpetrator", "ACLED actor1")]
    assoc = get("assoc_actor_1", "")
    if assoc:
        actors += [ActorSpec(n, inter1, "associated", "ACLED assoc_actor_1") for n in _split(assoc)]
    if actor2:
        actors.append(ActorSpec(actor2, inter2, "target", "ACLED actor2"))
        assoc = get("assoc_actor_2", "")
        if assoc:
            actors += [
                ActorSpec(n, inter2, "associated", "ACLED assoc_actor_2") for n in _split(assoc)
            ]

    admin1 = get("admin1", "")
    admin2 = get("admin2", "")
    year = get("year") or str(date.year)
    if tuple(row) == _ACLED_KEYS:
        # The current layout, columns in ACLED's order: the row is the reference data as is
        # (same keys, same order), so it is reused rather than copied column by column.
        data = row
    else:
        data = {column: get(column, "") for column in ACLED_COLUMNS}
        for legacy in LEGACY_COLUMNS:
            if get(legacy):
                data[legacy] = row[legacy]
    data["event_date"] = date.isoformat()
    data["disorder_type"] = disorder
    data["time_precision"] = str(precision)
    data["geo_precision"] = str(geo)
    data["year"] = year
    data["fatalities"] = str(fatalities)
    known_zero = fatalities == 0 and bool(NO_DEATHS.search(notes))
    count = fatalities if fatalities > 0 or known_zero else None
    return Event(
        external_id=ext_id,
        date_start=date,
        date_end=None,
        date_precision=TIME_PRECISION[precision],
        disorder_type=disorder,
        event_type=event_type,
        sub_event_type=sub_event_type,
        summary=notes or f"{sub_event_type or event_type} in {location}",
        civilian_targeting=bool(get("civilian_targeting")),
        place=PlaceSpec(
            name=location,
            country_code=cc,
            admin1=admin1,
            admin2=admin2,
            latitude=latitude,
            longitude=longitude,
            geo_precision=geo,
        ),
        actors=actors,
        fatalities_low=count,
        fatalities_best=count,
        fatalities_high=None,
        data=data,
        line=line,
    )


def _merge_monadic(first: Event, other: Event) -> None:
    """Monadic exports give each actor its own row: the second actor becomes actor2."""
    named = {(a.name, a.role) for a in first.actors}
    other_side = [
        a
        for a in other.actors
        if a.note.startswith("ACLED actor1") or a.note.startswith("ACLED assoc_actor_1")
    ]
    has_actor2 = any(a.role == "target" for a in first.actors)
    for spec in other_side:
        if any(spec.name == a.name for a in first.actors):
            continue
        if not has_actor2 and spec.note == "ACLED actor1":
            first.actors.append(ActorSpec(spec.name, spec.actor_type, "target", "ACLED actor2"))
            first.data["actor2"] = spec.name
            first.data["inter2"] = other.data["inter1"]
            has_actor2 = True
        elif (spec.name, "associated") not in named:
            first.actors.append(
                ActorSpec(spec.name, spec.actor_type, "associated", "ACLED assoc_actor_2")
            )
            first.data["assoc_actor_2"] = "; ".join(
                filter(None, [first.data.get("assoc_actor_2", ""), spec.name])
            )


_SPLIT_PART_ID = re.compile(r"(.+)-[0-9]+\Z")


def _split_part_of(event: Event) -> str | None:
    """The base id of a row `ID-n` that our export wrote for an incident's n-th extra location
    (its notes carry `SPLIT_NOTE`); None for any other row."""
    match = _SPLIT_PART_ID.match(event.external_id)
    if match and SPLIT_NOTE.search(event.data.get("notes", "")):
        return match.group(1)
    return None


def _fold_split(base: Event, parts: list[Event]) -> None:
    """One incident again from the rows it was split into: its places, the sum of the rows'
    fatalities, its summary without the split note. The reference keeps the primary row."""
    note = SPLIT_NOTE.search(base.summary)
    if note is None:
        return
    base.summary = base.summary[: note.start()] or (
        f"{base.sub_event_type or base.event_type} in {base.place.name}"
    )
    base.extra_places.extend(part.place for part in parts)
    total = sum(int(e.data["fatalities"]) for e in (base, *parts))
    # ACLED's 0 is "none or unknown": the note tells which one the incident said.
    known = total > 0 or note.group("total") == "0" or bool(NO_DEATHS.search(base.summary))
    base.fatalities_low = base.fatalities_best = total if known else None


def _conflicts(first: Event, other: Event) -> list[str]:
    """What two rows of one event id disagree on, beyond the actors a monadic export splits."""
    seen = []
    if first.date_start != other.date_start:
        seen.append(f"date {first.date_start} / {other.date_start}")
    a, b = first.place, other.place
    if (a.name, a.country_code, a.latitude, a.longitude) != (
        b.name,
        b.country_code,
        b.latitude,
        b.longitude,
    ):
        seen.append(
            f"place {a.name} ({a.latitude}, {a.longitude}) / {b.name} ({b.latitude}, {b.longitude})"
        )
    if first.data.get("fatalities") != other.data.get("fatalities"):
        seen.append(f"fatalities {first.data.get('fatalities')} / {other.data.get('fatalities')}")
    return seen


def read_acled(lines: Iterable[str], *, max_rows: int | None = None) -> ReadResult:
    """Every event of the file, plus (line, reason) for each malformed row.

    Rows sharing an event id are one event (monadic exports); when they disagree on the date,
    the place or the toll, the first row's values are kept and a warning names both lines.
    Raises ImportFileError for an unreadable file, a header that is not ACLED's, or more than
    `max_rows` data rows.
    """
    result = ReadResult(max_rows=max_rows)
    parts: dict[str, list[Event]] = {}
    for event in read_events(
        lines, REQUIRED_COLUMNS, what="ACLED", event_from_row=_event_from_row, result=result
    ):
        known = result.events.get(event.external_id)
        base = _split_part_of(event) if known is None else None
        if base is not None:
            parts.setdefault(base, []).append(event)
        elif known is None:
            result.events[event.external_id] = event
        else:
            conflicts = _conflicts(known, event)
            if conflicts:
                result.warnings.append(
                    (
                        event.line,
                        f"event {event.external_id} repeats line {known.line} with another "
                        f"{', '.join(conflicts)}; line {known.line}'s values were kept",
                    )
                )
            _merge_monadic(known, event)
            result.merged += 1
    for base_id, rows in parts.items():
        base = result.events.get(base_id)
        if base is None or SPLIT_NOTE.search(base.summary) is None:
            # The incident's first row is not in the file: each row stands on its own.
            for event in rows:
                result.events.setdefault(event.external_id, event)
            continue
        _fold_split(base, rows)
        result.merged += len(rows)
    return result
