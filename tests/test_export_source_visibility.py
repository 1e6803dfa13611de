"""Every export names its reader: the sources cited in a row are those of articles the reader
may read, in the Python layouts, in PostgreSQL's COPY and in the `export_incidents` command
(scene and personas: tests/tlp_scene.py; the HTTP surfaces: tests/test_tlp_exports.py).
"""

from __future__ import annotations

import csv
import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from incidents.exports import FULL_ACCESS, csv_bytes, iter_csv_rows
from incidents.exports.records import incident_record
from incidents.exports.stream import _encode_rows
from incidents.models import Incident

from .factories import UserFactory
from .tlp_scene import CABLE_TELLTALES, PERSONAS, READS_CABLE, leaks

pytestmark = pytest.mark.django_db

BRIEFING_SOURCES = 10  # the briefing's "Sources" column


def _sources_cell(rows: list[list], summary: str) -> str:
    (row,) = [row for row in rows if summary in row]
    return row[BRIEFING_SOURCES]


def test_an_export_without_a_reader_is_refused(tlp_scene):
    """No default: forgetting whose export it is must fail, not cite the RED cable."""
    with pytest.raises(TypeError):
        csv_bytes(Incident.objects.all(), "briefing")
    with pytest.raises(TypeError):
        list(iter_csv_rows(Incident.objects.all(), "briefing"))
    with pytest.raises(ValueError, match="export_queryset"):
        incident_record(tlp_scene.open)


@pytest.mark.parametrize("name", PERSONAS)
def test_briefing_rows_cite_the_readers_articles(request, tlp_scene, name):
    rows = list(
        iter_csv_rows(Incident.objects.all(), "briefing", user=request.getfixturevalue(name))
    )
    cell = _sources_cell(rows, tlp_scene.open.summary)
    assert "Open Wire: https://wire.example.org/kayes-1" in cell
    if name in READS_CABLE:
        assert "Embassy Cables: https://cables.example.org/red-1" in cell
    else:
        assert leaks(cell, CABLE_TELLTALES) == []


def test_the_operator_export_cites_every_source(tlp_scene):
    rows = list(iter_csv_rows(Incident.objects.all(), "briefing", user=FULL_ACCESS))
    cell = _sources_cell(rows, tlp_scene.open.summary)
    assert "Open Wire" in cell and "Embassy Cables" in cell


def _command(*args: str) -> str:
    out = io.StringIO()
    call_command("export_incidents", "--layout=briefing", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_command_exports_everything_for_the_shell_operator(tlp_scene, capsysbinary):
    call_command("export_incidents", "--layout=briefing", stderr=io.StringIO())
    text = capsysbinary.readouterr().out.decode()
    for incident in (tlp_scene.open, tlp_scene.red, tlp_scene.amber):
        assert incident.summary in text
    assert "Embassy Cables" in text


def test_command_as_a_user_exports_what_that_user_reads(tlp_scene, viewer, capsysbinary):
    call_command(
        "export_incidents", "--layout=briefing", f"--as={viewer.username}", stderr=io.StringIO()
    )
    rows = list(csv.reader(io.StringIO(capsysbinary.readouterr().out.decode())))
    assert [row[0] for row in rows[1:]] == [str(tlp_scene.open.date_start)]
    assert "Open Wire" in _sources_cell(rows, tlp_scene.open.summary)
    assert leaks(str(rows), tlp_scene.telltales_hidden_from("viewer")) == []


def test_command_refuses_an_unknown_or_roleless_reader(tlp_scene):
    with pytest.raises(CommandError, match="No user named"):
        _command("--as=nobody")
    roleless = UserFactory(username="no_role")
    with pytest.raises(CommandError, match="may not export"):
        _command(f"--as={roleless.username}")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY is PostgreSQL's")
@pytest.mark.parametrize("name", PERSONAS)
def test_copy_cites_the_same_sources_as_the_python_layout(request, tlp_scene, name):
    user = request.getfixturevalue(name)
    queryset = Incident.objects.visible_to(user).order_by("-date_start", "-id")
    fast = b"".join(csv_bytes(queryset, "acled", user=user))
    slow = b"".join(_encode_rows(iter_csv_rows(queryset, "acled", user=user), ","))
    assert fast == slow
    assert b"Open Wire" in fast
    assert (b"Embassy Cables" in fast) is (name in READS_CABLE)
