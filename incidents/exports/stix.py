"""STIX 2.1 bundles of incidents, for threat-intelligence platforms (OpenCTI, MISP).

Built as plain JSON from the API's incident dicts (`documents.iter_incident_rows`) rather than
through the `stix2` library: the bundle is streamed object by object (flat memory at any size),
ids are deterministic UUIDv5s that we choose, and a request does not pay for `stix2`'s
per-property checks. The tests parse every bundle with `stix2` and run `stix2-validator` on it.

What goes in (see `incident_objects`):

- one `report` per incident (`report_types: ["threat-report"]`, `published`, `object_refs`),
  its sources as `external_references` (outlet and URL; only articles the reader may read), the
  desk's own fields in the custom property `x_idesk_incident` so that `import_stix` reads them back;
- one `location` per place (coordinates, country, admin-1 as `administrative_area`);
- one `intrusion-set` per armed group (ACLED actor types 2–4) or `identity` per other actor
  (state forces, civilians…), with aliases; one object per actor across the bundle;
- one `relationship` per actor link: `attributed-to` for perpetrators, suspects and claimants
  (its description is the claim status text), `targets` for targets, `related-to` otherwise;
- TLP 2.0 `marking-definition`s: every object carries the marking of its record. An actor or a
  place shared by several records carries the least restrictive of their markings: the record
  marked so already discloses it at that level.

An incident imported from a STIX bundle keeps its report id (`IncidentReference`, dataset
`stix`), so that a partner's object comes back with the id the partner gave it.
"""

from __future__ import annotations

import datetime
import json
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.dateparse import parse_datetime

from analysts.markings import TLP, TLP_RANK
from incidents.extraction.taxonomy import ACTOR_TYPES

# Our namespace for UUIDv5 ids (chosen once; changing it would change every exported id).
STIX_NAMESPACE = uuid.UUID("4f1c6a2e-9d3b-5e7a-8c21-6b0f3d9e2a41")
# The OASIS TLP 2.0 marking definitions (cti-stix-common-objects, extension-definition
# "tlp-2.0"): fixed ids that every STIX consumer recognises.
TLP_EXTENSION = "extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d"
TLP_MARKING_IDS: dict[str, str] = {
    TLP.CLEAR: "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487",
    TLP.GREEN: "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb",
    TLP.AMBER: "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421",
    TLP.AMBER_STRICT: "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003",
    TLP.RED: "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1",
}
# STIX 1.0 TLP markings (`stix2.TLP_WHITE`…), read on import from older partners.
TLP1_MARKING_IDS: dict[str, str] = {
    TLP.CLEAR: "marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9",
    TLP.GREEN: "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da",
    TLP.AMBER: "marking-definition--f88d31f6-486f-44da-b317-01333bde0b82",
    TLP.RED: "marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed",
}
TLP_BY_MARKING_ID: dict[str, str] = {
    **{v: k for k, v in TLP1_MARKING_IDS.items()},
    **{v: k for k, v in TLP_MARKING_IDS.items()},
}
TLP_DEFINED = "2022-10-01T00:00:00.000Z"  # `created` of the OASIS TLP 2.0 definitions

# ACLED actor types that are armed groups pursuing aims of their own: STIX intrusion sets.
INTRUSION_SET_TYPES = frozenset({2, 3, 4})
IDENTITY_CLASS = {1: "organization", 5: "group", 6: "group", 7: "class", 8: "organization"}
# Actor roles on an incident → the relationship from the report to the actor.
RELATIONSHIP_BY_ROLE = {
    "perpetrator": "attributed-to",
    "suspected": "attributed-to",
    "claimant": "attributed-to",
    "target": "targets",
    "associated": "related-to",
}
CUSTOM = "x_idesk_incident"  # the desk's fields of a report, read back by `import_stix`
MEDIA_TYPE = "application/stix+json;version=2.1"


def stix_id(kind: str, *parts: object) -> str:
    """A deterministic id: the same thing gets the same id in every export."""
    return f"{kind}--{uuid.uuid5(STIX_NAMESPACE, '|'.join(str(p) for p in parts))}"


def producer_name() -> str:
    return settings.STIX_PRODUCER_NAME


def producer_id() -> str:
    return stix_id("identity", "producer", producer_name())


def timestamp(value: str | datetime.datetime | None) -> str | None:
    """STIX's timestamp form: UTC, milliseconds, `Z`."""
    if value is None:
        return None
    if isinstance(value, str):
        value = parse_datetime(value)
        if value is None:
            return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=datetime.UTC)
    value = value.astimezone(datetime.UTC)
    return value.strftime("%Y-%m-%dT%H:%M:%S.") + f"{value.microsecond // 1000:03d}Z"


def marking_definition(level: str) -> dict:
    return {
        "type": "marking-definition",
        "spec_version": "2.1",
        "id": TLP_MARKING_IDS[level],
        "created": TLP_DEFINED,
        "name": TLP(level).label,
        "extensions": {
            TLP_EXTENSION: {"extension_type": "property-extension", "tlp_2_0": level},
        },
    }


def producer_identity() -> dict:
    return {
        "type": "identity",
        "spec_version": "2.1",
        "id": producer_id(),
        "created": TLP_DEFINED,
        "modified": TLP_DEFINED,
        "name": producer_name(),
        "identity_class": "system",
        "object_marking_refs": [TLP_MARKING_IDS[TLP.CLEAR]],
    }


def actor_stix_id(name: str, actor_type: int) -> str:
    kind = "intrusion-set" if actor_type in INTRUSION_SET_TYPES else "identity"
    return stix_id(kind, "actor", name)


def place_stix_id(place: dict) -> str:
    return stix_id(
        "location", "place", place["name"], place.get("country_code") or "",
        place.get("latitude"), place.get("longitude"),
    )  # fmt: skip


@dataclass
class SharedObject:
    """An actor or a place met in several records: built once, at the end of the bundle."""

    data: dict
    tlp: str
    created: str
    modified: str

    def seen_in(self, tlp: str, created: str, modified: str) -> None:
        if TLP_RANK[TLP(tlp)] < TLP_RANK[TLP(self.tlp)]:
            self.tlp = tlp
        self.created = min(self.created, created)
        self.modified = max(self.modified, modified)


def _common(kind: str, object_id: str, created: str, modified: str, tlp: str) -> dict:
    return {
        "type": kind,
        "spec_version": "2.1",
        "id": object_id,
        "created_by_ref": producer_id(),
        "created": created,
        "modified": modified,
        "object_marking_refs": [TLP_MARKING_IDS[tlp]],
    }


def actor_object(shared: SharedObject, aliases: list[str]) -> dict:
    actor = shared.data
    kind = actor["stix_id"].split("--", 1)[0]
    obj = _common(kind, actor["stix_id"], shared.created, shared.modified, shared.tlp)
    obj["name"] = actor["name"]
    names = [a for a in dict.fromkeys([actor.get("short_name") or "", *aliases]) if a]
    if kind == "intrusion-set":
        if names:
            obj["aliases"] = names
    else:
        obj["identity_class"] = IDENTITY_CLASS.get(actor["actor_type"], "unknown")
        if names:
            obj["x_idesk_aliases"] = names  # identity has no `aliases` property in STIX 2.1
    obj["x_idesk_actor_type"] = actor["actor_type"]
    obj["x_idesk_actor_type_name"] = ACTOR_TYPES.get(actor["actor_type"], "")
    if actor.get("short_name"):
        obj["x_idesk_short_name"] = actor["short_name"]
    return obj


def location_object(shared: SharedObject) -> dict:
    place = shared.data
    obj = _common("location", place["stix_id"], shared.created, shared.modified, shared.tlp)
    obj["name"] = place["name"]
    if place.get("latitude") is not None and place.get("longitude") is not None:
        obj["latitude"] = place["latitude"]
        obj["longitude"] = place["longitude"]
    if place.get("country_code"):
        obj["country"] = place["country_code"]
    if place.get("admin1_name"):
        obj["administrative_area"] = place["admin1_name"]
    if place.get("admin2_name"):
        obj["x_idesk_admin2"] = place["admin2_name"]
    if place.get("geonames_id"):
        obj["x_idesk_geonames_id"] = place["geonames_id"]
    if "latitude" not in obj and "country" not in obj:
        obj["region"] = "africa"  # STIX needs one of coordinates, country or region
    return obj


def _report_name(row: dict) -> str:
    places = [link["location"]["name"] for link in row.get("locations", [])]
    parts = [row.get("event_type") or "Incident", places[0] if places else row.get("country")]
    return " – ".join(p for p in parts if p) + f" ({row['date_start']})"


@dataclass
class BundleState:
    """What one bundle has met so far: shared objects by id, the markings in use."""

    actors: dict[str, SharedObject] = field(default_factory=dict)
    places: dict[str, SharedObject] = field(default_factory=dict)
    markings: set[str] = field(default_factory=set)


def incident_objects(row: dict, state: BundleState, report_id: str | None = None) -> list[dict]:
    """The report of one incident and its relationships; its actors and places are noted in
    `state` (emitted once, at the end, by `shared_objects`)."""
    tlp = row.get("tlp") or TLP.CLEAR
    state.markings.add(tlp)
    created = timestamp(row.get("created_at")) or timestamp(row["updated_at"])
    modified = max(timestamp(row["updated_at"]), created)
    report_id = report_id or stix_id("report", producer_name(), "incident", row["id"])
    refs: list[str] = []
    places = []
    for link in row.get("locations", []):
        place = link["location"]
        place_id = place_stix_id(place)
        if place_id in state.places:
            state.places[place_id].seen_in(tlp, created, modified)
        else:
            state.places[place_id] = SharedObject(
                {**place, "stix_id": place_id}, tlp, created, modified
            )
        refs.append(place_id)
        places.append(
            {
                "location_ref": place_id,
                "is_primary": link["is_primary"],
                "geo_precision": link["geo_precision"],
                "note": link.get("note", ""),
            }
        )
    relationships = []
    for link in row.get("actors", []):
        actor = link["actor"]
        actor_id = actor_stix_id(actor["name"], actor["actor_type"])
        if actor_id in state.actors:
            state.actors[actor_id].seen_in(tlp, created, modified)
        else:
            state.actors[actor_id] = SharedObject(
                {**actor, "stix_id": actor_id}, tlp, created, modified
            )
        refs.append(actor_id)
        kind = RELATIONSHIP_BY_ROLE.get(link["role"], "related-to")
        relationship = _common(
            "relationship",
            stix_id(
                "relationship", report_id, link["role"], actor_id, link.get("alternative_group")
            ),
            created,
            modified,
            tlp,
        )
        relationship.update(
            {
                "relationship_type": kind,
                "source_ref": report_id,
                "target_ref": actor_id,
                "x_idesk_role": link["role"],
            }
        )
        if kind == "attributed-to" and row.get("claim_status_text"):
            relationship["description"] = row["claim_status_text"]
        if link.get("alternative_group"):
            relationship["x_idesk_alternative_group"] = link["alternative_group"]
        if link.get("note"):
            relationship["x_idesk_note"] = link["note"]
        relationships.append(relationship)
        refs.append(relationship["id"])
    report = _common("report", report_id, created, modified, tlp)
    report.update(
        {
            "name": _report_name(row),
            "description": row.get("summary") or "",
            "report_types": ["threat-report"],
            "published": timestamp(row.get("published_at")) or modified,
            "object_refs": list(dict.fromkeys(refs)) or [producer_id()],
            "external_references": _references(row),
            CUSTOM: _custom(row, places),
        }
    )
    if not report["description"]:
        del report["description"]
    return [*relationships, report]


def _references(row: dict) -> list[dict]:
    references = [{"source_name": producer_name(), "external_id": str(row["id"])}]
    for source in row.get("sources", []):
        reference = {"source_name": source.get("outlet") or "unknown outlet"}
        if source.get("url"):
            reference["url"] = source["url"]
        if source.get("title"):
            reference["description"] = source["title"]
        references.append(reference)
    return references


CUSTOM_FIELDS = (
    "date_start",
    "date_end",
    "date_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "country",
    "admin1",
    "fatalities_low",
    "fatalities_best",
    "fatalities_high",
    "fatalities_claimed",
    "fatalities_text",
    "civilian_targeting",
    "claim_status",
    "claim_status_text",
    "review_status",
    "tags",
)


def _custom(row: dict, places: list[dict]) -> dict:
    custom = {name: row.get(name) for name in CUSTOM_FIELDS}
    custom["places"] = places
    return {key: value for key, value in custom.items() if value not in (None, "", [])}


def shared_objects(state: BundleState, aliases: Callable[[list[str]], dict[str, list[str]]]):
    """The actors and places of the bundle, once each; `aliases(names)` → aliases by name."""
    names = [shared.data["name"] for shared in state.actors.values()]
    known = aliases(names) if names else {}
    for shared in state.actors.values():
        state.markings.add(shared.tlp)
        yield actor_object(shared, known.get(shared.data["name"], []))
    for shared in state.places.values():
        state.markings.add(shared.tlp)
        yield location_object(shared)


def iter_bundle(
    rows: Iterable[dict],
    *,
    report_ids: Callable[[list[int]], dict[int, str]] = lambda ids: {},
    aliases: Callable[[list[str]], dict[str, list[str]]] = lambda names: {},
    chunk_size: int = 500,
) -> Iterator[dict]:
    """Every object of the bundle, reports first, then actors, places and markings."""
    state = BundleState()
    yield producer_identity()
    batch: list[dict] = []

    def flush() -> Iterator[dict]:
        known = report_ids([row["id"] for row in batch])
        for row in batch:
            yield from incident_objects(row, state, known.get(row["id"]))
        batch.clear()

    for row in rows:
        batch.append(row)
        if len(batch) >= chunk_size:
            yield from flush()
    yield from flush()
    yield from shared_objects(state, aliases)
    state.markings.add(TLP.CLEAR)  # the producer identity's
    for level in TLP_MARKING_IDS:
        if level in state.markings:
            yield marking_definition(level)


def encode_bundle(objects: Iterable[dict], bundle_id: str | None = None) -> Iterator[bytes]:
    """A bundle's JSON, object by object."""
    bundle_id = bundle_id or f"bundle--{uuid.uuid4()}"
    yield f'{{"type": "bundle", "id": "{bundle_id}", "objects": [\n'.encode()
    first = True
    for obj in objects:
        text = json.dumps(obj, cls=DjangoJSONEncoder, ensure_ascii=False)
        yield (text if first else ",\n" + text).encode()
        first = False
    yield b"\n]}\n"
