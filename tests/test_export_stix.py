"""STIX 2.1 export: `/api/incidents/?format=stix` and `export_incidents --layout stix` give a
bundle that `stix2-validator` accepts and the `stix2` library parses, with one report per
incident, one object per actor, TLP 2.0 markings on every object, and nothing the reader may
not read (scene: tests/tlp_scene.py)."""

from __future__ import annotations

import json

import pytest

from analysts.markings import TLP
from incidents.exports.stix import TLP_MARKING_IDS
from incidents.models.incidents import ReviewStatus

from .factories import ActorAliasFactory, IncidentActorFactory, IncidentFactory
from .stix_support import bundle_of, of_type, validate
from .tlp_scene import PERIOD, TELLTALES, leaks

pytestmark = pytest.mark.django_db


def test_actors_carry_aliases_and_claims_are_relationships(db, viewer, client_for):
    incident = IncidentFactory(review_status=ReviewStatus.PUBLISHED, tlp=TLP.GREEN)
    link = IncidentActorFactory(incident=incident, role="perpetrator")
    ActorAliasFactory(actor=link.actor, alias="Nusrat al-Islam")
    bundle = bundle_of(client_for(viewer))
    validate(bundle)
    actors = [o for o in bundle["objects"] if o["type"] in {"intrusion-set", "identity"}]
    (group,) = [o for o in actors if o["name"] == link.actor.name]
    assert "Nusrat al-Islam" in (group.get("aliases") or group.get("x_idesk_aliases"))
    (relationship,) = of_type(bundle, "relationship")
    assert relationship["relationship_type"] == "attributed-to"
    assert relationship["target_ref"] == group["id"]
    assert relationship["object_marking_refs"] == [TLP_MARKING_IDS[TLP.GREEN]]
    green = [o for o in of_type(bundle, "marking-definition") if o["name"] == "TLP:GREEN"]
    assert green and green[0]["id"] == TLP_MARKING_IDS[TLP.GREEN]


def test_filters_and_the_sharing_default_apply(db, editor, client_for):
    IncidentFactory(review_status=ReviewStatus.PUBLISHED, country="BF")
    IncidentFactory(review_status=ReviewStatus.DRAFT, country="ML")
    client = client_for(editor)
    assert len(of_type(bundle_of(client), "report")) == 1  # published only by default
    assert len(of_type(bundle_of(client, country="ML"), "report")) == 0
    assert len(of_type(bundle_of(client, review_status="draft"), "report")) == 1
    response = client.get("/api/incidents/", {"format": "stix", "contry": "ML"})
    assert response.status_code == 400


@pytest.mark.parametrize("name", ["viewer", "analyst_in_team", "editor", "editor_in_team"])
def test_no_object_the_reader_may_not_read(request, tlp_scene, client_for, name):
    bundle = bundle_of(client_for(request.getfixturevalue(name)), **PERIOD)
    validate(bundle)
    text = json.dumps(bundle, ensure_ascii=False)
    assert leaks(text, tlp_scene.telltales_hidden_from(name)) == []
    reports = {r["description"] for r in of_type(bundle, "report")}
    assert len(reports) == len(tlp_scene.visible_ids(name))
    if name == "editor_in_team":
        assert leaks(text, TELLTALES["red"]) and "Embassy Cables" in text


def test_the_accept_header_asks_for_the_bundle_too(db, viewer, client_for):
    IncidentFactory(review_status=ReviewStatus.PUBLISHED)
    response = client_for(viewer).get("/api/incidents/", HTTP_ACCEPT="application/stix+json")
    assert response.status_code == 200
    bundle = json.loads(b"".join(response.streaming_content))
    assert bundle["type"] == "bundle" and len(of_type(bundle, "report")) == 1
