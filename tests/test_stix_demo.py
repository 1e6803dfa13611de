"""The demo incidents as a STIX 2.1 bundle: it validates (`stix2-validator`), parses (`stix2`),
and re-imports into a fresh desk (`import_stix`) as the same incidents, idempotently.

Its own module: `demo_db` keeps the demo rows for the whole module."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command

from analysts.markings import TLP
from incidents.exports.stix import TLP_MARKING_IDS
from incidents.models import (
    Incident,
)
from incidents.models.incidents import ReviewStatus
from sources.models import ImportJob

from .stix_support import (
    bundle_of,
    export_bundle,
    fresh_desk,
    import_file,
    of_type,
    picture,
    validate,
)

pytestmark = pytest.mark.django_db


def test_the_demo_incidents_make_a_valid_bundle(demo_db, viewer, client_for):
    bundle = bundle_of(client_for(viewer))
    validate(bundle)
    incidents = Incident.objects.filter(review_status=ReviewStatus.PUBLISHED)
    reports = of_type(bundle, "report")
    assert len(reports) == incidents.count() == 3
    by_id = {o["id"]: o for o in bundle["objects"]}
    for report in reports:
        assert report["report_types"] == ["threat-report"]
        assert report["published"].endswith("Z")
        assert all(ref in by_id for ref in report["object_refs"])
        kinds = {by_id[ref]["type"] for ref in report["object_refs"]}
        assert "location" in kinds and "relationship" in kinds
        assert {"intrusion-set", "identity"} & kinds
    for location in of_type(bundle, "location"):
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


def test_the_command_writes_a_bundle(demo_db, tmp_path):
    out = tmp_path / "demo.json"
    call_command("export_incidents", "--layout=stix", "-o", str(out), stderr=io.StringIO())
    bundle = json.loads(out.read_text())
    validate(bundle)
    assert len(of_type(bundle, "report")) == 3


def test_the_demo_bundle_round_trips_into_a_fresh_desk(
    demo_db, tmp_path, django_capture_on_commit_callbacks
):
    before = {i.summary: picture(i) for i in Incident.objects.all()}
    assert len(before) == 3
    bundle = export_bundle(tmp_path / "demo.json")
    fresh_desk()
    assert not Incident.objects.exists()

    job = import_file(tmp_path / "demo.json")
    assert job.status == ImportJob.Status.SUCCEEDED, (job.message, job.errors)
    assert job.items_created == 3
    after = {i.summary: picture(i) for i in Incident.objects.all()}
    assert after == before
    assert set(Incident.objects.values_list("review_status", flat=True)) == {ReviewStatus.DRAFT}

    # Exported again, the bundle names the same reports, actors and places by the same ids.
    again = _export_drafts(tmp_path / "again.json")
    assert _ids(again, "report") == _ids(bundle, "report")
    assert _ids(again, "intrusion-set") == _ids(bundle, "intrusion-set")
    assert _ids(again, "location") == _ids(bundle, "location")

    # Idempotent by STIX id: a second run creates nothing.
    job = import_file(tmp_path / "demo.json")
    assert (job.items_created, job.items_duplicate) == (0, 3)
    assert Incident.objects.count() == 3


def _export_drafts(path) -> dict:
    call_command(
        "export_incidents", "--layout=stix", "--filter", "review_status=draft", "-o", str(path),
        stderr=io.StringIO(),
    )  # fmt: skip
    return json.loads(path.read_text())


def _ids(bundle: dict, kind: str) -> set[str]:
    return {o["id"] for o in bundle["objects"] if o["type"] == kind}
