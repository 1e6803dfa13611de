"""Exported CSV cells are inert in every layout: no cell a spreadsheet opens runs as a formula,
no cell breaks its record, and the importer undoes the guard (issue 14 req 3)."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
import zipfile

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from incidents.exports import FULL_ACCESS, LAYOUTS, csv_bytes, neutralise
from incidents.exports.renderers import CSVRenderer
from incidents.importers.common import unneutralise
from incidents.models import Incident, Tag

from .factories import (
    ActorFactory,
    IncidentActorFactory,
    IncidentFactory,
    IncidentLocationFactory,
    IncidentSourceFactory,
    LocationFactory,
)

# An oracle written apart from the guard: what a spreadsheet skips, then what it runs.
BLANKS = "".join(c for c in map(chr, range(0x3001)) if c.isspace()) + "\u200b\ufeff"
SIGNS = "=+-@\uff1d\uff0b\uff0d\uff20"


def runs_as_formula(cell: str) -> bool:
    if cell[:1] in ("\t", "\r"):
        return True
    rest = cell.lstrip(BLANKS)
    if rest[:1] in ("\t", "\r") or not rest or rest[0] not in SIGNS:
        return False
    try:  # a plain number ("-11.4445") is a value
        float(cell)
        return not cell.isascii() or cell != cell.strip()
    except ValueError:
        return True


def _table(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("\r=1+1", "'\r=1+1"),
        (" =1+1", "' =1+1"),
        ("\u00a0=1+1", "'\u00a0=1+1"),
        ("\n@SUM(A1)", "'\n@SUM(A1)"),
        ("\u3000+1", "'\u3000+1"),
        ("\uff1dSUM(A1)", "'\uff1dSUM(A1)"),
        ("\uff0b1", "'\uff0b1"),
        ("\uff0d1", "'\uff0d1"),
        ("\uff20A1", "'\uff20A1"),
        (" \tcmd", "' \tcmd"),
        ("'=x", "''=x"),  # a quote of its own survives the round trip
        ("-11.4445", "-11.4445"),
        ("-\u0663", "'-\u0663"),  # Arabic-Indic digits are not a plain number
        ("Kayes = Kayes", "Kayes = Kayes"),
    ],
)
def test_formula_triggers_after_blanks_and_full_width_are_neutralised(cell, expected):
    assert neutralise(cell) == expected
    assert unneutralise(neutralise(cell)) == cell


@pytest.mark.django_db
@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_a_bare_carriage_return_cannot_start_a_record(layout):
    incident = IncidentFactory(summary="\r=1+1")
    IncidentLocationFactory(incident=incident, location__name="Kayes\r@cmd")
    rows = _table(b"".join(csv_bytes(Incident.objects.order_by("id"), layout, user=FULL_ACCESS)))
    # The header (and HXL's hashtag row) and the incident, nothing else.
    assert len(rows) == (3 if layout == "hxl" else 2)
    assert not any(runs_as_formula(cell) for row in rows for cell in row if cell)


def test_the_plain_csv_renderer_quotes_a_carriage_return():
    data = CSVRenderer().render([{"summary": "\r=1+1", "id": 1}])
    rows = _table(data)
    assert rows == [["summary", "id"], ["'\r=1+1", "1"]]


TEXT = st.text(
    alphabet=st.one_of(
        st.sampled_from(list("=+-@\t\r\n '\",;.0a") + list(SIGNS) + ["\u00a0", "\u3000", "\ufeff"]),
        st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
    ),
    max_size=10,
)


@pytest.mark.django_db
@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(summary=TEXT, place=TEXT, actor=TEXT, outlet=TEXT, tag=TEXT, admin1=TEXT)
def test_no_exported_cell_starts_a_formula_in_any_layout(
    summary, place, actor, outlet, tag, admin1
):
    with transaction.atomic():
        incident = IncidentFactory(summary=summary, admin1=admin1[:200], fatalities_low=3)
        IncidentLocationFactory(incident=incident, location=LocationFactory(name=place or "x"))
        IncidentLocationFactory(incident=incident, is_primary=False, location__name=admin1)
        for role in ("perpetrator", "suspected", "claimant", "target"):
            IncidentActorFactory(
                incident=incident,
                role=role,
                actor=ActorFactory(name=f"{actor}{role}", short_name=actor[:60]),
            )
        IncidentSourceFactory(incident=incident, article__outlet__name=outlet or "o")
        incident.tags.add(Tag.objects.create(name=tag or "t"))
        for layout in LAYOUTS:
            for language in ("en", "fr"):
                data = b"".join(
                    csv_bytes(
                        Incident.objects.order_by("id"), layout, user=FULL_ACCESS, language=language
                    )
                )
                rows = _table(data)
                header_rows = 2 if layout == "hxl" else 1  # HXL: the hashtag row too
                assert len(rows) == header_rows + (2 if layout == "acled" else 1), rows
                bad = [cell for row in rows for cell in row if runs_as_formula(cell)]
                assert bad == [], (layout, bad)
        transaction.set_rollback(True)


SOFFICE = shutil.which("soffice")


@pytest.mark.django_db
@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_libreoffice_opens_every_cell_as_text(layout, tmp_path):
    incident = IncidentFactory(summary="\r=1+1")
    IncidentLocationFactory(incident=incident, location__name="=SUM(1,2)")
    IncidentActorFactory(incident=incident, actor=ActorFactory(name="@A1", short_name="+A1"))
    IncidentSourceFactory(incident=incident, article__outlet__name=" -2+3")
    ours = tmp_path / "export.csv"
    ours.write_bytes(b"".join(csv_bytes(Incident.objects.all(), layout, user=FULL_ACCESS)))
    control = tmp_path / "control.csv"  # unguarded: proves LibreOffice does run such cells
    control.write_text("a,b\n=1+1,@SUM(1;2)\n", encoding="utf-8")
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            "--infilter=CSV:44,34,76,1",
            "--convert-to",
            "ods",
            "--outdir",
            str(tmp_path),
            str(ours),
            str(control),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )

    def content(name: str) -> str:
        with zipfile.ZipFile(tmp_path / f"{name}.ods") as ods:
            return ods.read("content.xml").decode()

    if "table:formula" not in content("control"):
        pytest.skip("this LibreOffice does not evaluate formulas in CSV files")
    sheet = content("export")
    assert "table:formula" not in sheet
    assert sheet.count("<table:table-row") >= 2 and "=SUM(1,2)" in sheet
