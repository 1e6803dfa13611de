"""Importing ACLED files into incidents: idempotent re-imports, bad input, jobs, dry runs."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError

from incidents.models import (
    Actor,
    Incident,
    IncidentActor,
    IncidentReference,
    Location,
)
from sources.jobs import run_job
from sources.models import ImportJob

from .factories import ActorAliasFactory, ActorFactory, LocationFactory, acled_csv, acled_row

pytestmark = pytest.mark.django_db(transaction=False)


def _file(tmp_path, rows, name="acled.csv", **kwargs):
    path = tmp_path / name
    path.write_text(acled_csv(rows, **kwargs), encoding="utf-8")
    return path


def _import(path, *args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_acled", str(path), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_import_creates_incidents_actors_places_and_references(tmp_path):
    rows = [acled_row(), acled_row(event_id_cnty="MLI90002", location="Diboli", latitude="14.53")]
    out, _ = _import(_file(tmp_path, rows))
    assert "2 incidents were created, 0 updated, 0 unchanged, 0 rows rejected" in out
    incident = Incident.objects.get(references__external_id="MLI90001")
    assert incident.event_type == "Battles"
    assert (incident.country, incident.admin1) == ("ML", "Kayes")
    assert incident.primary_location.name == "Kayes"
    assert incident.actor_labels(IncidentActor.Role.PERPETRATOR) == ["JNIM"]
    assert incident.actor_labels(IncidentActor.Role.TARGET) == ["Military Forces of Mali (2021-)"]
    assert incident.fatalities_text == "≥12"
    assert Actor.objects.count() == 3
    assert Location.objects.filter(name__in=["Kayes", "Diboli"]).count() == 2
    job = ImportJob.objects.get()
    assert (job.kind, job.status, job.items_created) == ("acled", "succeeded", 2)


def test_reimport_updates_changed_rows_and_reports_unchanged_ones(tmp_path):
    rows = [acled_row(), acled_row(event_id_cnty="MLI90002")]
    _import(_file(tmp_path, rows))
    first_ids = set(Incident.objects.values_list("pk", flat=True))
    changed = [
        acled_row(fatalities="15", timestamp="1751600000"),
        acled_row(event_id_cnty="MLI90002"),
        acled_row(event_id_cnty="MLI90003"),
    ]
    out, _ = _import(_file(tmp_path, changed, name="next-week.csv"))
    assert "1 incident was created, 1 updated, 1 unchanged" in out
    assert Incident.objects.count() == 3
    assert first_ids < set(Incident.objects.values_list("pk", flat=True))
    updated = Incident.objects.get(references__external_id="MLI90001")
    assert updated.fatalities_best == 15
    assert updated.version == 2
    assert IncidentActor.objects.filter(incident=updated).count() == 3  # links rebuilt, not doubled
    out, _ = _import(_file(tmp_path, changed, name="next-week.csv"))
    assert "0 incidents were created, 0 updated, 3 unchanged" in out


def test_bad_rows_are_reported_and_the_rest_loads(tmp_path):
    rows = [acled_row(), acled_row(event_id_cnty="MLI90002", fatalities="many")]
    out, err = _import(_file(tmp_path, rows))
    assert "1 incident was created" in out and "1 row rejected" in out
    assert "line 3: fatalities is not a number: 'many'" in err
    job = ImportJob.objects.get()
    assert job.status == "partly_failed"
    assert job.errors == [{"item": 3, "message": "fatalities is not a number: 'many'"}]


def test_wrong_header_fails_the_job_and_writes_nothing(tmp_path):
    path = tmp_path / "articles.csv"
    path.write_text("url,title\nhttps://example.org,Attack\n")
    with pytest.raises(CommandError, match="lacks event_id_cnty"):
        _import(path)
    job = ImportJob.objects.get()
    assert job.status == "failed" and "Nothing was written" in job.message
    assert not Incident.objects.exists() and not Actor.objects.exists()


def test_unreadable_file_fails_and_writes_nothing(tmp_path):
    good = acled_csv([acled_row()]).encode()
    path = tmp_path / "latin1.csv"
    path.write_bytes(good + "MLI2,2025-07-01,caf\xe9\n".encode("latin-1"))
    with pytest.raises(CommandError, match="not UTF-8"):
        _import(path)
    with pytest.raises(CommandError, match="Cannot open"):
        _import(tmp_path / "missing.csv")
    assert not Incident.objects.exists() and not Location.objects.exists()


def test_dry_run_reports_without_writing(tmp_path):
    _import(_file(tmp_path, [acled_row()]))
    rows = [acled_row(fatalities="3"), acled_row(event_id_cnty="MLI9"), acled_row(event_date="?")]
    out, _ = _import(_file(tmp_path, rows, name="new.csv"), "--dry-run")
    assert "Dry run" in out
    assert "1 incident would be created, 1 updated, 0 unchanged, 1 row rejected" in out
    assert Incident.objects.count() == 1
    assert Incident.objects.get().fatalities_best == 12
    assert ImportJob.objects.count() == 1  # the dry run leaves no job behind


def test_existing_actors_aliases_and_gazetteer_entries_are_matched(tmp_path):
    jnim = ActorFactory(name="JNIM: Group for Support of Islam and Muslims", short_name="JNIM")
    fama = ActorFactory(name="FAMa", actor_type=1)
    ActorAliasFactory(actor=fama, alias="Military Forces of Mali (2021-)")
    kayes = LocationFactory(name="Kayes", admin1_name="Kayes", latitude=14.45, longitude=-11.44)
    out, _ = _import(_file(tmp_path, [acled_row()]))
    assert "actors 1 new, 2 matched; places 0 new, 1 matched" in out
    incident = Incident.objects.get()
    assert set(incident.actors.all()) >= {jnim, fama}
    assert incident.primary_location == kayes


def test_an_uploaded_file_runs_as_a_job_through_the_job_machinery(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    upload = SimpleUploadedFile("week.csv", acled_csv([acled_row()]).encode())
    job = ImportJob.objects.create(kind="acled")
    job.upload.save("week.csv", upload)
    assert run_job(job.pk) == "succeeded"
    job.refresh_from_db()
    assert (job.items_total, job.items_created, job.items_failed) == (1, 1, 0)
    assert job.started_at and job.finished_at


def test_reference_keeps_acleds_figure_for_an_unknown_toll(tmp_path):
    _import(_file(tmp_path, [acled_row(fatalities="0")]))
    incident = Incident.objects.get()
    assert incident.fatalities_text == "unknown"
    assert IncidentReference.objects.get().data["fatalities"] == "0"


def test_imported_incidents_are_readable_by_every_reader(tmp_path, viewer, api_client):
    """Imported rows take the model's own defaults: TLP:CLEAR, open to any role (a misspelt
    marking once hid them from everyone but superusers)."""
    _import(_file(tmp_path, [acled_row()]))
    incident = Incident.objects.get()
    assert incident.tlp == Incident._meta.get_field("tlp").default
    assert incident.claim_status == Incident._meta.get_field("claim_status").default
    assert list(Incident.objects.visible_to(viewer)) == [incident]
    api_client.force_authenticate(viewer)
    response = api_client.get("/api/incidents/")
    assert [row["id"] for row in response.json()["results"]] == [incident.pk]
