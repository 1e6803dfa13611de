"""ACLED and UCDP files with hostile cells: the bad row is named by its line, the good rows load.

Played through the three real entry points: the admin upload (preview, then confirm), the
`import_acled` / `import_ucdp` commands, and an upload job run by the job machinery. The NUL
byte cases matter on PostgreSQL, which refuses NUL in text and in JSON (run with DATABASE_URL).
"""

import csv
import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError

from incidents.models import Incident, IncidentReference
from sources.jobs import run_job
from sources.models import ImportJob

from .factories import acled_csv, acled_row
from .test_ucdp_import import COLUMNS as UCDP_COLUMNS
from .test_ucdp_import import _ged

pytestmark = pytest.mark.django_db

ADMIN_URL = "/admin/incidents/import-events/"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _acled(*rows):
    """Line 2 is a good row MLI1, then `rows`, then a good row MLI9 as the last line."""
    return acled_csv(
        [acled_row(event_id_cnty="MLI1"), *rows, acled_row(event_id_cnty="MLI9", location="Nioro")]
    )


def _ucdp(*rows):
    out = io.StringIO()
    writer = csv.DictWriter(out, UCDP_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows([_ged(id="1"), *rows, _ged(id="9")])
    return out.getvalue()


def _command(kind, tmp_path, data: bytes):
    path = tmp_path / f"{kind}.csv"
    path.write_bytes(data)
    out, err = io.StringIO(), io.StringIO()
    call_command(f"import_{kind}", str(path), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def _upload_job(kind, data: bytes) -> ImportJob:
    job = ImportJob(kind=kind)
    job.upload.save(f"{kind}.csv", ContentFile(data), save=True)
    run_job(job.pk)
    job.refresh_from_db()
    return job


def _loaded(kind="acled"):
    return set(IncidentReference.objects.filter(dataset=kind).values_list("external_id", flat=True))


# NUL bytes and encodings ------------------------------------------------------------------------


def test_a_nul_byte_in_notes_is_dropped_in_the_admin_preview_and_the_import(
    client, staff_superuser
):
    client.force_login(staff_superuser)
    text = _acled(acled_row(event_id_cnty="MLI2", notes="Gunmen\x00 attacked a post."))
    upload = SimpleUploadedFile("week.csv", text.encode(), content_type="text/csv")
    page = client.post(ADMIN_URL, {"kind": "acled", "file": upload}).content.decode()
    assert "3 incidents would be created" in page
    assert 'value="Import week.csv"' in page  # the analyst's file name, not the storage path
    job = ImportJob.objects.get()
    client.post(ADMIN_URL, {"job": job.pk, "confirm": "1"})
    job.refresh_from_db()
    assert job.status == "succeeded", job.message
    assert _loaded() == {"MLI1", "MLI2", "MLI9"}
    incident = Incident.objects.get(references__external_id="MLI2")
    assert incident.summary == "Gunmen attacked a post."


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-8-sig"])
def test_utf16_and_bom_files_are_decoded_by_their_byte_order_mark(tmp_path, encoding):
    text = _acled(acled_row(event_id_cnty="MLI2", location="Ségou", notes="Attaque\x00 à Ségou"))
    raw = text.encode(encoding)
    if encoding == "utf-16-be":
        raw = b"\xfe\xff" + raw
    out, _ = _command("acled", tmp_path, raw)
    assert "3 incidents were created" in out
    assert Incident.objects.get(references__external_id="MLI2").summary == "Attaque à Ségou"


def test_a_ucdp_file_with_a_nul_byte_loads_through_the_job(tmp_path):
    job = _upload_job("ucdp", _ucdp(_ged(id="2", source_headline="Raid\x00 on a market")).encode())
    assert job.status == "succeeded", job.message
    assert _loaded("ucdp") == {"1", "2", "9"}
    assert Incident.objects.get(references__external_id="2").summary == "Raid on a market"


# Numbers ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, reason",
    [
        ("1e309", "fatalities is not a finite number: '1e309'"),
        ("inf", "fatalities is not a finite number: 'inf'"),
        ("nan", "fatalities is not a finite number: 'nan'"),
        ("-3", "fatalities is negative: '-3'"),
        ("99999999999", "fatalities '99999999999' is above 1,000,000"),
    ],
)
def test_absurd_tolls_reject_their_row_and_the_others_load(tmp_path, value, reason):
    data = _acled(acled_row(event_id_cnty="MLI2", fatalities=value)).encode()
    out, err = _command("acled", tmp_path, data)
    assert f"line 3: {reason}" in err
    assert "2 incidents were created" in out and "1 row rejected" in out
    assert _loaded() == {"MLI1", "MLI9"}


def test_absurd_ucdp_tolls_reject_their_row_in_the_admin_preview(client, staff_superuser):
    client.force_login(staff_superuser)
    text = _ucdp(_ged(id="2", best="1e309", high="1e309"), _ged(id="3", low="-1"))
    upload = SimpleUploadedFile("ged.csv", text.encode(), content_type="text/csv")
    page = client.post(ADMIN_URL, {"kind": "ucdp", "file": upload}).content.decode()
    assert "<td>3</td><td>best is not a finite number: &#x27;1e309&#x27;</td>" in page
    assert "<td>4</td><td>low is negative: &#x27;-1&#x27;</td>" in page
    assert "2 incidents would be created" in page


# Over-long cells --------------------------------------------------------------------------------


def test_an_over_long_cell_rejects_its_row_and_the_rows_after_it_load():
    huge = "x" * 200_000  # above the csv module's 131,072-character default
    data = _acled(
        acled_row(event_id_cnty="MLI2", notes=huge), acled_row(event_id_cnty="MLI3")
    ).encode()
    job = _upload_job("acled", data)
    assert job.status == "partly_failed", job.message
    assert job.errors == [
        {"item": 3, "message": "notes is 200,000 characters long (at most 131,072)"}
    ]
    assert _loaded() == {"MLI1", "MLI3", "MLI9"}


def test_an_over_long_ucdp_cell_rejects_its_row(tmp_path):
    data = _ucdp(_ged(id="2", source_headline="y" * 150_000), _ged(id="3")).encode()
    out, err = _command("ucdp", tmp_path, data)
    assert "line 3: source_headline is 150,000 characters long" in err
    assert _loaded("ucdp") == {"1", "3", "9"}


# Values too long for their column: on PostgreSQL (which enforces varchar lengths) one such
# value failed the whole file with a DataError before `common.check_lengths`.
TOO_LONG = "Front " * 40  # 240 characters


@pytest.mark.parametrize(
    ("column", "value", "said"),
    [
        ("assoc_actor_1", f"Dozo hunters; {TOO_LONG}", "actor name"),
        ("assoc_actor_2", TOO_LONG, "actor name"),
        ("disorder_type", "Political violence" * 3, "disorder type"),
        ("admin1", TOO_LONG, "admin1"),
        ("admin2", TOO_LONG, "admin2"),
        ("event_id_cnty", "MLI" + "2" * 100, "event id"),
    ],
)
def test_a_value_too_long_for_its_column_rejects_its_acled_row(column, value, said):
    row = acled_row(**{"event_id_cnty": "MLI2", column: value})
    job = _upload_job("acled", _acled(row).encode())
    assert job.status == "partly_failed", job.message
    [error] = job.errors
    assert error["item"] == 3 and said in error["message"] and "longer than" in error["message"]
    assert _loaded() == {"MLI1", "MLI9"}


@pytest.mark.parametrize(
    ("column", "value", "said"),
    [
        ("side_a", TOO_LONG, "actor name"),
        ("where_coordinates", TOO_LONG, "place name"),
        ("adm_1", TOO_LONG, "admin1"),
        ("id", "5" * 101, "event id"),
    ],
)
def test_a_value_too_long_for_its_column_rejects_its_ucdp_row(tmp_path, column, value, said):
    data = _ucdp(_ged(**{"id": "2", column: value})).encode()
    out, err = _command("ucdp", tmp_path, data)
    assert f"line 3: {said}" in err and "longer than" in err
    assert _loaded("ucdp") == {"1", "9"}


def test_the_length_bounds_are_the_models_own():
    from incidents.importers.common import MAX_LENGTHS
    from incidents.models import Actor, Incident, Location

    def length(model, name):
        return model._meta.get_field(name).max_length

    assert {
        "event id": length(IncidentReference, "external_id"),
        "disorder type": length(Incident, "disorder_type"),
        "sub-event type": length(Incident, "sub_event_type"),
        "place name": length(Location, "name"),
        "admin1": min(length(Location, "admin1_name"), length(Incident, "admin1")),
        "admin2": length(Location, "admin2_name"),
        "actor name": length(Actor, "name"),
    } == MAX_LENGTHS


# Repeated event ids -----------------------------------------------------------------------------


def test_a_repeated_acled_id_with_another_date_and_toll_is_a_warning_naming_both_lines():
    data = _acled(
        acled_row(event_id_cnty="MLI1", event_date="2025-07-03", fatalities="40"),
    ).encode()
    job = _upload_job("acled", data)
    assert job.status == "succeeded"
    assert "1 warning (line 3)" in job.message
    [warning] = job.errors
    assert warning["item"] == 3 and warning["warning"] is True
    assert warning["message"] == (
        "Warning: event MLI1 repeats line 2 with another date 2025-07-01 / 2025-07-03, "
        "fatalities 12 / 40; line 2's values were kept"
    )
    assert Incident.objects.get(references__external_id="MLI1").fatalities_best == 12


def test_a_monadic_export_repeating_the_same_event_gives_no_warning():
    other_side = acled_row(event_id_cnty="MLI1", actor1="Military Forces of Mali (2021-)")
    job = _upload_job("acled", _acled(other_side).encode())
    assert job.status == "succeeded" and job.errors == []


def test_the_admin_preview_shows_the_warning(client, staff_superuser):
    client.force_login(staff_superuser)
    text = _acled(acled_row(event_id_cnty="MLI9", location="Kayes", latitude="14.4469"))
    upload = SimpleUploadedFile("week.csv", text.encode(), content_type="text/csv")
    page = client.post(ADMIN_URL, {"kind": "acled", "file": upload}).content.decode()
    assert "Loaded, but check" in page
    assert "<td>4</td><td>event MLI9 repeats line 3 with another place Kayes" in page


def test_a_repeated_ucdp_id_names_the_line_kept(tmp_path):
    _, err = _command("ucdp", tmp_path, _ucdp(_ged(id="1", best="8")).encode())
    assert "line 3: id 1 already appears on line 2; line 2 was kept" in err


# Size and row limits ----------------------------------------------------------------------------


def test_a_file_with_more_rows_than_the_limit_is_refused_whole(tmp_path, settings):
    settings.IMPORT_MAX_EVENT_ROWS = 2
    with pytest.raises(CommandError, match=r"more than 2 rows.*IMPORT_MAX_EVENT_ROWS"):
        _command("acled", tmp_path, _acled(acled_row(event_id_cnty="MLI2")).encode())
    assert not Incident.objects.exists()


def test_a_server_file_above_the_byte_limit_is_refused(tmp_path, settings):
    settings.IMPORT_MAX_EVENT_FILE_BYTES = 1000
    with pytest.raises(CommandError, match="larger than the 0 MB limit|IMPORT_MAX_EVENT_FILE"):
        _command("ucdp", tmp_path, _ucdp().encode() * 3)
    assert not Incident.objects.exists()


def test_an_admin_upload_above_the_file_limit_is_refused(client, staff_superuser, settings):
    settings.IMPORT_MAX_FILE_BYTES = 100
    client.force_login(staff_superuser)
    upload = SimpleUploadedFile("week.csv", _acled().encode(), content_type="text/csv")
    page = client.post(ADMIN_URL, {"kind": "acled", "file": upload}).content.decode()
    assert "The file is larger than" in page
    assert not ImportJob.objects.exists()
