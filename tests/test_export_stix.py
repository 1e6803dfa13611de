"""STIX 2.1 export: `/api/incidents/?format=stix` and `export_incidents --layout stix` give a
bundle that `stix2-validator` accepts and the `stix2` library parses, with one report per
incident, one object per actor, TLP 2.0 markings on every object, and nothing the reader may
not read (scene: tests/tlp_scene.py)."""

from __future__ import annotations

import io
import json

import pytest
import stix2
from django.core.management import call_command
from stix2validator import ValidationOptions, validate_instance

from analysts.markings import TLP
from incidents.exports.stix import TLP_MARKING_IDS
from incidents.models import Incident
from incidents.models.incidents import ReviewStatus

from .factories import ActorAliasFactory, IncidentActorFactory, IncidentFactory
from .tlp_scene import PERIOD, TELLTALES, leaks

pytestmark = pytest.mark.django_db


def validate(bundle: dict) -> None:
    """`stix2-validator` in its strict-enough default: errors fail, warnings are allowed (the
    desk's `x_idesk_` custom properties and report-sourced relationships are warned about)."""
    results = validate_instance(bundle, ValidationOptions(version="2.1"))
    errors = [str(e) for result in [results] for e in result.errors]
    assert results.is_valid, errors
    parsed = stix2.parse(bundle, allow_custom=True)
    assert len(parsed.objects) == len(bundle["objects"])


def _bundle(client, **params) -> dict:
    response = client.get("/api/incidents/", {"format": "stix", **params})
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"].startswith("application/stix+json")
    return json.loads(b"".join(response.streaming_content))


def _of_type(bundle: dict, kind: str) -> list[dict]:
    return [o for o in bundle["objects"] if o["type"] == kind]


def test_the_demo_incidents_make_a_valid_bundle(demo_db, viewer, client_for):
    bundle = _bundle(client_for(viewer))
    validate(bundle)
    incidents = Incident.objects.filter(review_status=ReviewStatus.PUBLISHED)
    reports = _of_type(bundle, "report")
    assert len(reports) == incidents.count() == 3
    by_id = {o["id"]: o for o in bundle["objects"]}
    for report in reports:
        assert report["report_types"] == ["threat-report"]
        assert report["published"].endswith("Z")
        assert all(ref in by_id for ref in report["object_refs"])
        kinds = {by_id[ref]["type"] for ref in report["object_refs"]}
        assert "location" in kinds and "relationship" in kinds
        assert {"intrusion-set", "identity"} & kinds
    for location in _of_type(bundle, "location"):
        assert -90 <= location["latitude"] <= 90 and location["country"] == "ML"
        assert location["administrative_area"]
    names = [o["name"] for o in bundle["objects"] if o["type"] in {"intrusion-set", "identity"}]
    assert len(names) == len(set(names)), "one object per actor across the bundle"
    for obj in bundle["objects"]:
        if obj["type"] != "marking-definition":
            assert obj["object_marking_refs"] in ([TLP_MARKING_IDS[TLP.CLEAR]],)
    for report in reports:
        outlets = [r["source_name"] for r in report["external_references"][1:]]
        assert outlets == ["AFP"]  # the demo article (it has no URL)


def test_actors_carry_aliases_and_claims_are_relationships(db, viewer, client_for):
    incident = IncidentFactory(review_status=ReviewStatus.PUBLISHED, tlp=TLP.GREEN)
    link = IncidentActorFactory(incident=incident, role="perpetrator")
    ActorAliasFactory(actor=link.actor, alias="Nusrat al-Islam")
    bundle = _bundle(client_for(viewer))
    validate(bundle)
    actors = [o for o in bundle["objects"] if o["type"] in {"intrusion-set", "identity"}]
    (group,) = [o for o in actors if o["name"] == link.actor.name]
    assert "Nusrat al-Islam" in (group.get("aliases") or group.get("x_idesk_aliases"))
    (relationship,) = _of_type(bundle, "relationship")
    assert relationship["relationship_type"] == "attributed-to"
    assert relationship["target_ref"] == group["id"]
    assert relationship["object_marking_refs"] == [TLP_MARKING_IDS[TLP.GREEN]]
    green = [o for o in _of_type(bundle, "marking-definition") if o["name"] == "TLP:GREEN"]
    assert green and green[0]["id"] == TLP_MARKING_IDS[TLP.GREEN]


def test_filters_and_the_sharing_default_apply(db, editor, client_for):
    IncidentFactory(review_status=ReviewStatus.PUBLISHED, country="BF")
    IncidentFactory(review_status=ReviewStatus.DRAFT, country="ML")
    client = client_for(editor)
    assert len(_of_type(_bundle(client), "report")) == 1  # published only by default
    assert len(_of_type(_bundle(client, country="ML"), "report")) == 0
    assert len(_of_type(_bundle(client, review_status="draft"), "report")) == 1
    response = client.get("/api/incidents/", {"format": "stix", "contry": "ML"})
    assert response.status_code == 400


@pytest.mark.parametrize("name", ["viewer", "analyst_in_team", "editor", "editor_in_team"])
def test_no_object_the_reader_may_not_read(request, tlp_scene, client_for, name):
    bundle = _bundle(client_for(request.getfixturevalue(name)), **PERIOD)
    validate(bundle)
    text = json.dumps(bundle, ensure_ascii=False)
    assert leaks(text, tlp_scene.telltales_hidden_from(name)) == []
    reports = {r["description"] for r in _of_type(bundle, "report")}
    assert len(reports) == len(tlp_scene.visible_ids(name))
    if name == "editor_in_team":
        assert leaks(text, TELLTALES["red"]) and "Embassy Cables" in text


def test_the_command_writes_a_bundle(demo_db, tmp_path):
    out = tmp_path / "demo.json"
    call_command("export_incidents", "--layout=stix", "-o", str(out), stderr=io.StringIO())
    bundle = json.loads(out.read_text())
    validate(bundle)
    assert len(_of_type(bundle, "report")) == 3
