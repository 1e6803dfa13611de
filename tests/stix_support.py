"""Helpers of the STIX tests: validate a bundle with the reference tools, export and import
through the commands, and what a reader compares between two incidents."""

from __future__ import annotations

import io
import json

import stix2
from django.core.management import call_command
from stix2validator import ValidationOptions, validate_instance

from incidents.models import (
    Actor,
    ActorAlias,
    ClaimEvent,
    Incident,
    IncidentActor,
    IncidentLocation,
    IncidentReference,
    IncidentSource,
    Location,
    LocationName,
    Suggestion,
)
from sources.models import Article, ImportJob, Outlet


def validate(bundle: dict) -> None:
    """`stix2-validator` in its strict-enough default: errors fail, warnings are allowed (the
    desk's `x_idesk_` custom properties and report-sourced relationships are warned about)."""
    results = validate_instance(bundle, ValidationOptions(version="2.1"))
    errors = [str(e) for result in [results] for e in result.errors]
    assert results.is_valid, errors
    parsed = stix2.parse(bundle, allow_custom=True)
    assert len(parsed.objects) == len(bundle["objects"])


def bundle_of(client, **params) -> dict:
    response = client.get("/api/incidents/", {"format": "stix", **params})
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"].startswith("application/stix+json")
    return json.loads(b"".join(response.streaming_content))


def of_type(bundle: dict, kind: str) -> list[dict]:
    return [o for o in bundle["objects"] if o["type"] == kind]


def export_bundle(path) -> dict:
    call_command("export_incidents", "--layout=stix", "-o", str(path), stderr=io.StringIO())
    return json.loads(path.read_text())


def import_file(path, *args) -> ImportJob:
    call_command("import_stix", str(path), *args, stdout=io.StringIO(), stderr=io.StringIO())
    return ImportJob.objects.order_by("-pk").first()


def picture(incident: Incident) -> dict:
    """What a reader compares: the record, its places, actors and sources."""
    return {
        "summary": incident.summary,
        "dates": (incident.date_start, incident.date_end, incident.date_precision),
        "event": (incident.disorder_type, incident.event_type, incident.sub_event_type),
        "where": (incident.country, incident.admin1, incident.primary_location.name),
        "toll": (incident.fatalities_low, incident.fatalities_best, incident.fatalities_high),
        "claim": incident.claim_status,
        "civilians": incident.civilian_targeting,
        "tlp": incident.tlp,
        "places": sorted(
            (
                link.location.name,
                link.location.country_code,
                round(link.location.latitude, 4),
                round(link.location.longitude, 4),
                link.is_primary,
                link.geo_precision,
                link.note,
            )
            for link in incident.incident_locations.select_related("location")
        ),  # fmt: skip
        "actors": sorted(
            (
                link.actor.name,
                link.actor.actor_type,
                link.role,
                link.alternative_group or 0,
                link.note,
            )
            for link in incident.incident_actors.select_related("actor")
        ),  # fmt: skip
        "sources": sorted(
            (s.article.outlet.name, s.article.url, s.article.title)
            for s in incident.sources.select_related("article__outlet")
        ),
    }


def fresh_desk() -> None:
    """Empty the incident tables (a fresh desk keeps only its accounts)."""
    for model in (
        Suggestion, IncidentSource, ClaimEvent, IncidentActor, IncidentLocation,
        IncidentReference, Incident, Article, Outlet, ActorAlias, Actor, LocationName, Location,
    ):  # fmt: skip
        # Raw deletes: no per-row collector queries for the gazetteer's 40,000 places.
        rows = model._base_manager.all()
        rows._raw_delete(rows.db)
