"""`python manage.py import_stix FILE`: a STIX bundle becomes draft incidents through an import
job, idempotent by STIX id, with per-object errors; the demo incidents' bundle re-imports into a
fresh desk as the same incidents, and exports again as the same bundle."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command

from analysts.markings import TLP
from incidents.exports.stix import TLP_MARKING_IDS
from incidents.models import (
    Incident,
)
from incidents.models.incidents import ReviewStatus
from sources.models import ImportJob

from .stix_support import import_file

pytestmark = pytest.mark.django_db


REPORT = {
    "type": "report",
    "spec_version": "2.1",
    "id": "report--6b6c5b2e-3c1f-4f0e-9d57-1f2a3b4c5d6e",
    "created": "2025-07-02T08:00:00.000Z",
    "modified": "2025-07-02T08:00:00.000Z",
    "name": "Attack on Kayes",
    "description": "Gunmen attacked the army camp in Kayes.",
    "published": "2025-07-02T08:00:00.000Z",
    "report_types": ["threat-report"],
    "object_refs": ["location--0f1e2d3c-4b5a-4978-8a6b-5c4d3e2f1a0b"],
    "object_marking_refs": [TLP_MARKING_IDS[TLP.AMBER]],
    "external_references": [{"source_name": "Partner Wire", "url": "https://wire.example.org/1"}],
    "x_idesk_incident": {"event_type": "Battles", "date_start": "2025-07-01"},
}
LOCATION = {
    "type": "location",
    "spec_version": "2.1",
    "id": "location--0f1e2d3c-4b5a-4978-8a6b-5c4d3e2f1a0b",
    "created": "2025-07-02T08:00:00.000Z",
    "modified": "2025-07-02T08:00:00.000Z",
    "name": "Kayes",
    "latitude": 14.45,
    "longitude": -11.44,
    "country": "ML",
}


def _bundle_file(tmp_path, objects) -> str:
    path = tmp_path / "partner.json"
    path.write_text(
        json.dumps(
            {
                "type": "bundle",
                "id": "bundle--1e2d3c4b-5a69-4788-9a0b-1c2d3e4f5a6b",
                "objects": objects,
            }
        )
    )
    return path


def test_malformed_objects_are_named_and_good_reports_imported(db, tmp_path, editor):
    broken_location = {
        **LOCATION,
        "id": "location--9f1e2d3c-4b5a-4978-8a6b-5c4d3e2f1a0b",
        "latitude": 140,
    }
    orphan = {**REPORT, "id": "report--7b6c5b2e-3c1f-4f0e-9d57-1f2a3b4c5d6e",
              "object_refs": ["location--9f1e2d3c-4b5a-4978-8a6b-5c4d3e2f1a0b"]}  # fmt: skip
    objects = [REPORT, LOCATION, broken_location, orphan, "not an object",
               {"type": "report", "id": "report--nope"}, {**REPORT, "id": "report--8b6c5b2e-3c1f-4f0e-9d57-1f2a3b4c5d6e", "published": None}]  # fmt: skip
    path = _bundle_file(tmp_path, objects)
    job = import_file(path, "--as", editor.username)
    assert job.status == ImportJob.Status.PARTLY_FAILED
    assert job.items_created == 1
    messages = {e["item"]: e["message"] for e in job.errors}
    assert (
        "coordinates out of range"
        in messages["object #3 (location--9f1e2d3c-4b5a-4978-8a6b-5c4d3e2f1a0b)"]
    )
    assert "does not hold" in messages["object #4 (report--7b6c5b2e-3c1f-4f0e-9d57-1f2a3b4c5d6e)"]
    assert messages["object #5"] == "not a JSON object"
    assert "not of the form" in messages["object #6 (report--nope)"]
    assert (
        "without published" in messages["object #7 (report--8b6c5b2e-3c1f-4f0e-9d57-1f2a3b4c5d6e)"]
    )
    incident = Incident.objects.get()
    assert incident.review_status == ReviewStatus.DRAFT and incident.tlp == TLP.AMBER
    assert incident.date_start.isoformat() == "2025-07-01"
    assert incident.primary_location.name == "Kayes"
    (source,) = incident.sources.select_related("article__outlet")
    assert (source.article.outlet.name, source.article.url) == (
        "Partner Wire",
        "https://wire.example.org/1",
    )
    assert source.article.tlp == TLP.AMBER and incident.created_by == editor


def test_a_newer_version_updates_the_draft(db, tmp_path):
    import_file(_bundle_file(tmp_path, [REPORT, LOCATION]))
    newer = {
        **REPORT,
        "modified": "2025-07-03T08:00:00.000Z",
        "description": "Corrected: the camp and the airport.",
    }
    job = import_file(_bundle_file(tmp_path, [newer, LOCATION]))
    assert job.items_updated == 1
    assert Incident.objects.get().summary == "Corrected: the camp and the airport."


@pytest.mark.parametrize(
    "content, words",
    [
        (b"\xff\xfe not text", "not UTF-8"),
        (b"{ nope", r"not JSON \(line 1"),
        (b'{"type": "indicator"}', "not a STIX bundle"),
        (b'{"type": "bundle", "objects": []}', "no report"),
    ],
)
def test_files_that_are_not_bundles_fail_the_job_whole(db, tmp_path, content, words):
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    with pytest.raises(CommandError, match=words):
        call_command("import_stix", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    assert not Incident.objects.exists()


def test_the_size_cap_refuses_a_large_bundle(db, tmp_path, settings):
    settings.IMPORT_MAX_STIX_BYTES = 100
    path = _bundle_file(tmp_path, [REPORT, LOCATION])
    with pytest.raises(CommandError, match="IMPORT_MAX_STIX_BYTES"):
        call_command("import_stix", str(path), stdout=io.StringIO(), stderr=io.StringIO())
