"""CSV layouts as plain functions over plain data (no Django): headers, rows, cell safety.

A layout turns one `IncidentRecord` into one or more rows. `briefing` is the analyst's morning
table (English or French headers); `hxl` is the briefing with HXL hashtags for HDX; `acled` writes ACLED's 31 columns, one row per incident location
as ACLED does, the incident's fatalities shared out over those rows (the remainder of the integer
division on the primary location's row, the split said in the notes). An incident imported from ACLED and not edited since exports ACLED's own values, so
that a file round-trips; any other incident's ACLED row is derived from its fields.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from incidents.extraction.taxonomy import ACTOR_TYPES
from incidents.importers.acled import ACLED_COLUMNS
from incidents.importers.common import (
    PlaceSpec,
    iso_numeric,
    split_fatalities,
    starts_formula,
    with_split_note,
)
from vocabulary.countries import COUNTRIES, country_name


def neutralise(value: object) -> object:
    """Prefix `'` to a text cell a spreadsheet would run as a formula (`starts_formula`: a
    trigger after any leading blanks, full-width signs included); plain numbers pass."""
    if isinstance(value, str) and value and starts_formula(value):
        return "'" + value
    return value


# A place in ACLED's terms, the same whether a file is read (`importers`) or written (here).
PlaceRecord = PlaceSpec


@dataclass
class ActorRecord:
    name: str
    label: str
    actor_type: int
    role: str  # perpetrator, suspected, target, claimant, associated
    note: str = ""
    alternative_group: int | None = None


@dataclass
class IncidentRecord:
    id: int
    date_start: datetime.date
    summary: str
    event_type: str
    date_end: datetime.date | None = None
    date_precision: str = "day"
    disorder_type: str = "Political violence"
    sub_event_type: str = ""
    country: str = ""
    admin1: str = ""
    civilian_targeting: bool = False
    fatalities_text: str = "unknown"
    fatalities_count: int | None = None  # best, else low; None when unknown
    claim_status_text: str = ""
    actors: list[ActorRecord] = field(default_factory=list)
    places: list[PlaceRecord] = field(default_factory=list)
    sources: list[tuple[str, str]] = field(default_factory=list)  # (outlet, url)
    tags: list[str] = field(default_factory=list)
    updated_at: datetime.datetime | None = None
    acled_id: str = ""  # event_id_cnty when imported from ACLED
    acled_row: dict[str, str] | None = None  # ACLED's row, when not edited since the import
    review_status: str = "published"  # draft, in_review, published, retracted
    # Corroboration over the reader's sources (`incidents.corroboration`).
    sources_count: int = 0
    independent_sources: int = 0
    reported_tolls: str = ""  # "12 (AFP); 15 (RFI)"
    best_grade: str = ""  # "B2"
    confidence: str = "none"  # none, low, medium, high


# --- briefing ---------------------------------------------------------------------------------

BRIEFING_HEADERS = {
    "en": [
        "Date",
        "Place",
        "Admin 1",
        "Country",
        "Event type",
        "Perpetrators",
        "Suspected",
        "Claim status",
        "Fatalities",
        "Summary",
        "Sources",
        "Review status",
        "Reports",
        "Independent sources",
        "Reported tolls",
        "Best grade",
        "Confidence",
    ],
    "fr": [
        "Date",
        "Lieu",
        "Région",
        "Pays",
        "Type d'événement",
        "Auteurs",
        "Auteurs présumés",
        "Revendication",
        "Morts",
        "Résumé",
        "Sources",
        "Statut de revue",
        "Rapports",
        "Sources indépendantes",
        "Bilans rapportés",
        "Meilleure cote",
        "Confiance",
    ],
}
UNKNOWN_WORD = {"en": "unknown", "fr": "inconnu"}
# The words of `ReviewStatus`: a briefing shared with drafts in it says which rows they are.
REVIEW_STATUS_WORDS = {
    "en": {
        "draft": "Draft",
        "in_review": "In review",
        "published": "Published",
        "retracted": "Retracted",
    },
    "fr": {
        "draft": "Brouillon",
        "in_review": "En revue",
        "published": "Publié",
        "retracted": "Retiré",
    },
}


# The words of `corroboration.LEVEL_NAMES`.
CONFIDENCE_WORDS = {
    "en": {"none": "none", "low": "low", "medium": "medium", "high": "high"},
    "fr": {"none": "aucune", "low": "faible", "medium": "moyenne", "high": "élevée"},
}


def _labels(actors: Iterable[ActorRecord]) -> str:
    return ", ".join(dict.fromkeys(a.label for a in actors))


def _suspects(actors: list[ActorRecord]) -> str:
    groups: dict[object, list[str]] = {}
    for i, actor in enumerate(actors):
        groups.setdefault(actor.alternative_group or f"solo-{i}", []).append(actor.label)
    return ", ".join(" or ".join(dict.fromkeys(g)) for g in groups.values())


def briefing_header(language: str = "en") -> list[str]:
    return list(BRIEFING_HEADERS.get(language, BRIEFING_HEADERS["en"]))


def briefing_rows(record: IncidentRecord, language: str = "en") -> list[list[object]]:
    date = record.date_start.isoformat()
    if record.date_end and record.date_end != record.date_start:
        date = f"{date}/{record.date_end.isoformat()}"  # an ISO 8601 interval
    fatalities = record.fatalities_text
    if fatalities == "unknown":
        fatalities = UNKNOWN_WORD.get(language, "unknown")
    event = record.event_type
    if record.sub_event_type:
        event = f"{event} ({record.sub_event_type})"
    return [
        [
            date,
            record.places[0].name if record.places else "",
            record.admin1,
            country_name(record.country) or record.country,
            event,
            _labels(a for a in record.actors if a.role == "perpetrator"),
            _suspects([a for a in record.actors if a.role == "suspected"]),
            record.claim_status_text,
            fatalities,
            record.summary,
            " | ".join(f"{outlet}: {url}" if url else outlet for outlet, url in record.sources),
            REVIEW_STATUS_WORDS.get(language, REVIEW_STATUS_WORDS["en"]).get(
                record.review_status, record.review_status
            ),
            record.sources_count,
            record.independent_sources,
            record.reported_tolls,
            record.best_grade,
            CONFIDENCE_WORDS.get(language, CONFIDENCE_WORDS["en"]).get(
                record.confidence, record.confidence
            ),
        ]
    ]


# --- acled ------------------------------------------------------------------------------------

TIME_PRECISION_CODE = {"day": 1, "week": 2, "month": 3, "year": 3}


def _interaction(inter1: int, inter2: int) -> str:
    """ACLED's text interaction: "Rebel group-Civilians", "Protesters only" (lower code first)."""
    if not inter1:
        return ""
    if not inter2:
        return f"{ACTOR_TYPES[inter1]} only"
    low, high = sorted((inter1, inter2))
    return f"{ACTOR_TYPES[low]}-{ACTOR_TYPES[high]}"


def _sides(record: IncidentRecord) -> tuple[list[ActorRecord], list[ActorRecord]]:
    side1: list[ActorRecord] = []
    side2: list[ActorRecord] = []
    for actor in record.actors:
        if actor.role in ("perpetrator", "suspected", "claimant"):
            side1.append(actor)
        elif actor.role == "target" or actor.note.endswith("assoc_actor_2"):
            side2.append(actor)
        else:
            side1.append(actor)
    # The named perpetrator leads; suspects come after (ACLED names one actor1).
    order = {"perpetrator": 0, "suspected": 1, "claimant": 2, "target": 0, "associated": 3}
    side1.sort(key=lambda a: order[a.role])
    side2.sort(key=lambda a: order[a.role])
    return side1, side2


def acled_header(language: str = "en") -> list[str]:
    return list(ACLED_COLUMNS)


def acled_rows(record: IncidentRecord, language: str = "en") -> list[list[object]]:
    if record.acled_row is not None:
        return [[record.acled_row.get(column, "") for column in ACLED_COLUMNS]]
    side1, side2 = _sides(record)
    names1 = list(dict.fromkeys(a.name for a in side1))
    names2 = list(dict.fromkeys(a.name for a in side2))
    inter1 = side1[0].actor_type if side1 else 0
    inter2 = side2[0].actor_type if side2 else 0
    base_id = record.acled_id or f"IDESK{record.id}"
    places = record.places or [PlaceRecord("", record.country)]
    # One row per location, as ACLED does, the toll shared out rather than repeated
    # (`importers.common.split_fatalities`; the notes say so, and the importer sums it back).
    shares = split_fatalities(record.fatalities_count, len(places))
    notes = with_split_note(record.summary, record.fatalities_count, len(places))
    rows = []
    for n, place in enumerate(places):
        country = place.country_code or record.country
        rows.append(
            [
                base_id if n == 0 else f"{base_id}-{n}",
                record.date_start.isoformat(),
                record.date_start.year,
                TIME_PRECISION_CODE.get(record.date_precision, 1),
                record.disorder_type,
                record.event_type,
                record.sub_event_type,
                names1[0] if names1 else "",
                "; ".join(names1[1:]),
                ACTOR_TYPES.get(inter1, ""),
                names2[0] if names2 else "",
                "; ".join(names2[1:]),
                ACTOR_TYPES.get(inter2, ""),
                _interaction(inter1, inter2),
                "Civilian targeting" if record.civilian_targeting else "",
                iso_numeric(country),
                "",
                country_name(country),
                place.admin1 or (record.admin1 if n == 0 else ""),
                place.admin2,
                "",
                place.name,
                "" if place.latitude is None else place.latitude,
                "" if place.longitude is None else place.longitude,
                place.geo_precision,
                "; ".join(dict.fromkeys(outlet for outlet, _url in record.sources)),
                "",
                notes,
                # ACLED's convention: 0 where the toll is unknown.
                shares[n] or 0,
                "; ".join(record.tags),
                int(record.updated_at.timestamp()) if record.updated_at else "",
            ]
        )
    return rows


# --- hxl -------------------------------------------------------------------------------------

# The briefing's columns for HDX and the humanitarian tools: each with its HXL hashtag (the row
# under the header), the tags of HDX's conflict-event feeds where they have one. Three briefing
# cells are split for machines: the date interval (start and end), the country (name and ISO
# alpha-3 code, as HDX writes `#country+code`) and the event (type and sub-type); the toll is a
# number (`#affected+killed`, empty when unknown) beside the briefing's words.
HXL_COLUMNS: list[tuple[str, str, str]] = [
    # (hashtag, English header, French header)
    ("#date+start", "Date", "Date"),
    ("#date+end", "End date", "Date de fin"),
    ("#loc+name", "Place", "Lieu"),
    ("#geo+lat", "Latitude", "Latitude"),
    ("#geo+lon", "Longitude", "Longitude"),
    ("#adm1+name", "Admin 1", "Région"),
    ("#country+name", "Country", "Pays"),
    ("#country+code", "Country code", "Code pays"),
    ("#event+type", "Event type", "Type d'événement"),
    ("#event+type+sub", "Sub-event type", "Sous-type d'événement"),
    ("#group+name+first", "Perpetrators", "Auteurs"),
    ("#group+name+suspected", "Suspected", "Auteurs présumés"),
    ("#status+claim", "Claim status", "Revendication"),
    ("#affected+killed", "Fatalities", "Morts"),
    ("#description+fatalities", "Fatalities (as reported)", "Morts (tels que rapportés)"),
    ("#description", "Summary", "Résumé"),
    ("#meta+source", "Sources", "Sources"),
    ("#status+review", "Review status", "Statut de revue"),
    ("#meta+reports+num", "Reports", "Rapports"),
    ("#meta+sources+independent+num", "Independent sources", "Sources indépendantes"),
    ("#description+fatalities+reported", "Reported tolls", "Bilans rapportés"),
    ("#meta+grade", "Best grade", "Meilleure cote"),
    ("#meta+confidence", "Confidence", "Confiance"),
    ("#meta+id", "Incident", "Incident"),
]


def hxl_header(language: str = "en") -> list[str]:
    return [fr if language == "fr" else en for _tag, en, fr in HXL_COLUMNS]


def hxl_hashtags(language: str = "en") -> list[str]:
    return [tag for tag, _en, _fr in HXL_COLUMNS]


def hxl_rows(record: IncidentRecord, language: str = "en") -> list[list[object]]:
    (briefing,) = briefing_rows(record, language)
    (date, place, admin1, country, _event, perpetrators, suspected, claim, toll, summary,
     sources, review, reports, independent, tolls, grade, confidence) = briefing  # fmt: skip
    primary = record.places[0] if record.places else None
    alpha3 = COUNTRIES[record.country][0] if record.country in COUNTRIES else ""
    return [
        [
            record.date_start.isoformat(),
            (record.date_end or record.date_start).isoformat(),
            place,
            "" if primary is None or primary.latitude is None else primary.latitude,
            "" if primary is None or primary.longitude is None else primary.longitude,
            admin1,
            country,
            alpha3,
            record.event_type,
            record.sub_event_type,
            perpetrators,
            suspected,
            claim,
            "" if record.fatalities_count is None else record.fatalities_count,
            toll,
            summary,
            sources,
            review,
            reports,
            independent,
            tolls,
            grade,
            confidence,
            record.id,
        ]
    ]


@dataclass(frozen=True)
class Layout:
    name: str
    header: Callable[[str], list[str]]
    rows: Callable[[IncidentRecord, str], list[list[object]]]
    # A second header row (HXL's hashtags), or None.
    tags: Callable[[str], list[str]] | None = None


LAYOUTS: dict[str, Layout] = {
    "briefing": Layout("briefing", briefing_header, briefing_rows),
    "acled": Layout("acled", acled_header, acled_rows),
    "hxl": Layout("hxl", hxl_header, hxl_rows, hxl_hashtags),
}


def get_layout(name: str) -> Layout:
    try:
        return LAYOUTS[name]
    except KeyError:
        raise ValueError(f"Unknown CSV layout {name!r}: choose {', '.join(LAYOUTS)}.") from None
