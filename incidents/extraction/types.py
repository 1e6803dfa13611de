"""Plain data types of the extraction engine (its interface with the Django side).

The Django side builds ``ActorEntry``/``PlaceEntry`` rows from its tables, calls ``build_index``
once, then ``extract`` per article, and turns each ``ProposedIncident`` into a suggestion.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from .taxonomy import CLAIM_UNKNOWN


@dataclass(slots=True)
class ActorEntry:
    """One actor of the actor table with its aliases ``(alias, language)``."""

    id: int
    name: str
    short_name: str = ""
    actor_type: int = 8
    country: str = ""
    aliases: list[tuple[str, str]] = field(default_factory=list)
    affiliation_id: int | None = None


@dataclass(slots=True)
class PlaceEntry:
    """One gazetteer row. ``kind`` is one of country|admin1|admin2|place|site."""

    id: int
    name: str
    ascii_name: str = ""
    alternate_names: list[tuple[str, str]] = field(default_factory=list)
    kind: str = "place"
    country_code: str = ""
    admin1_code: str = ""
    admin1_name: str = ""
    admin2_name: str = ""
    latitude: float | None = None
    longitude: float | None = None
    population: int = 0
    feature_code: str = ""
    geonames_id: int | None = None
    parent_id: int | None = None


@dataclass(slots=True)
class Evidence:
    """The words in the original text that support one proposed field."""

    field: str
    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"field": self.field, "start": self.start, "end": self.end, "text": self.text}


@dataclass(slots=True)
class ProposedLocation:
    name: str
    latitude: float | None
    longitude: float | None
    geonames_id: int | None
    precision: int
    location_id: int | None = None
    kind: str = "place"
    admin1: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "latitude": self.latitude,
            "longitude": self.longitude,
            "geonames_id": self.geonames_id,
            "precision": self.precision,
        }


@dataclass(slots=True)
class Fatalities:
    low: int | None = None
    best: int | None = None
    high: int | None = None

    def to_dict(self) -> dict[str, int | None]:
        return {"low": self.low, "best": self.best, "high": self.high}


@dataclass(slots=True)
class ProposedIncident:
    """One incident the engine proposes; ``to_dict`` gives the ``extract --json`` shape."""

    date_start: datetime.date | None = None
    date_end: datetime.date | None = None
    date_precision: str | None = None
    country: str | None = None
    admin1: str | None = None
    locations: list[ProposedLocation] = field(default_factory=list)
    perpetrators: list[str] = field(default_factory=list)
    suspected: list[str] = field(default_factory=list)
    claimants: list[str] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)
    claim_status: str = CLAIM_UNKNOWN
    fatalities: Fatalities = field(default_factory=Fatalities)
    event_type: str | None = None
    sub_event_type: str | None = None
    evidence: list[Evidence] = field(default_factory=list)
    # Not part of the JSON contract: what the Django side needs to create records.
    disorder_type: str | None = None
    location_ids: list[int] = field(default_factory=list)
    actor_ids: dict[str, list[int]] = field(default_factory=dict)
    summary: str = ""
    summary_span: tuple[int, int] | None = None
    sentence_spans: list[tuple[int, int]] = field(default_factory=list)
    claim_label: str = ""

    def to_dict(self, *, extra: bool = False) -> dict[str, Any]:
        """The JSON contract of ``extract --json``; ``extra=True`` adds the record-building keys."""
        data: dict[str, Any] = {
            "date_start": _iso(self.date_start),
            "date_end": _iso(self.date_end),
            "date_precision": self.date_precision,
            "country": self.country,
            "admin1": self.admin1,
            "locations": [loc.to_dict() for loc in self.locations],
            "perpetrators": list(self.perpetrators),
            "suspected": list(self.suspected),
            "claimants": list(self.claimants),
            "targets": list(self.targets),
            "claim_status": self.claim_status,
            "fatalities": self.fatalities.to_dict(),
            "event_type": self.event_type,
            "sub_event_type": self.sub_event_type,
            "evidence": [ev.to_dict() for ev in self.evidence],
        }
        if extra:
            data.update(
                {
                    "disorder_type": self.disorder_type,
                    "location_ids": list(self.location_ids),
                    "actor_ids": {role: list(ids) for role, ids in self.actor_ids.items()},
                    "summary": self.summary,
                    "summary_span": list(self.summary_span) if self.summary_span else None,
                    "sentence_spans": [list(span) for span in self.sentence_spans],
                    "claim_label": self.claim_label,
                    "location_details": [
                        {**loc.to_dict(), "location_id": loc.location_id, "kind": loc.kind}
                        for loc in self.locations
                    ],
                }
            )
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ProposedIncident:
        """Rebuild from ``to_dict(extra=True)`` output (e.g. a suggestion stored as JSON)."""
        details = data.get("location_details") or data.get("locations") or []
        span = data.get("summary_span")
        return cls(
            date_start=_date(data.get("date_start")),
            date_end=_date(data.get("date_end")),
            date_precision=data.get("date_precision"),
            country=data.get("country"),
            admin1=data.get("admin1"),
            locations=[
                ProposedLocation(
                    name=loc.get("name") or "",
                    latitude=loc.get("latitude"),
                    longitude=loc.get("longitude"),
                    geonames_id=loc.get("geonames_id"),
                    precision=loc.get("precision") or 1,
                    location_id=loc.get("location_id"),
                    kind=loc.get("kind") or "place",
                )
                for loc in details
            ],
            perpetrators=list(data.get("perpetrators") or []),
            suspected=list(data.get("suspected") or []),
            claimants=list(data.get("claimants") or []),
            targets=list(data.get("targets") or []),
            claim_status=data.get("claim_status") or CLAIM_UNKNOWN,
            fatalities=Fatalities(
                **{k: v for k, v in (data.get("fatalities") or {}).items() if k in _TOLL_KEYS}
            ),
            event_type=data.get("event_type"),
            sub_event_type=data.get("sub_event_type"),
            evidence=[
                Evidence(ev["field"], ev["start"], ev["end"], ev.get("text") or "")
                for ev in data.get("evidence") or []
                if isinstance(ev, dict)
            ],
            disorder_type=data.get("disorder_type"),
            location_ids=list(data.get("location_ids") or []),
            actor_ids={k: list(v) for k, v in (data.get("actor_ids") or {}).items()},
            summary=data.get("summary") or "",
            summary_span=tuple(span) if span else None,
            sentence_spans=[tuple(s) for s in data.get("sentence_spans") or []],
            claim_label=data.get("claim_label") or "",
        )


@dataclass(slots=True)
class ExtractionResult:
    published: datetime.date | None
    language: str
    incidents: list[ProposedIncident] = field(default_factory=list)
    # Which learned model decided (``L1-<hash8>``), or "rules": shown on the desk's review page.
    model_version: str = "rules"

    def to_dict(self, *, extra: bool = False) -> dict[str, Any]:
        return {
            "published": _iso(self.published),
            "language": self.language,
            "incidents": [inc.to_dict(extra=extra) for inc in self.incidents],
        }


_TOLL_KEYS = ("low", "best", "high")


def _iso(value: datetime.date | None) -> str | None:
    return value.isoformat() if value else None


def _date(value: str | datetime.date | None) -> datetime.date | None:
    if isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(value) if value else None
