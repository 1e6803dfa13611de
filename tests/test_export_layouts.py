"""The CSV layouts as plain functions: headers, values and cell safety, without a database."""

import datetime

import pytest

from incidents.exports.layouts import (
    ActorRecord,
    IncidentRecord,
    PlaceRecord,
    acled_header,
    acled_rows,
    briefing_header,
    briefing_rows,
    neutralise,
)
from incidents.importers.acled import ACLED_COLUMNS


def _record(**overrides) -> IncidentRecord:
    values = dict(
        id=7,
        date_start=datetime.date(2025, 7, 1),
        summary="Militants attacked army posts in Kayes.",
        event_type="Battles",
        sub_event_type="Armed clash",
        country="ML",
        admin1="Kayes",
        fatalities_text="≥30",
        fatalities_count=30,
        claim_status_text="Unclaimed, JNIM suspected",
        actors=[
            ActorRecord("Military Forces of Mali (2021-)", "FAMa", 1, "target"),
            ActorRecord("JNIM: Group for Support of Islam and Muslims", "JNIM", 2, "suspected"),
            ActorRecord("Islamic State (Sahel)", "IS Sahel", 2, "suspected"),
        ],
        places=[
            PlaceRecord("Kayes", "ML", "Kayes", "Kayes", 14.4469, -11.4445, 1),
            PlaceRecord("Diboli", "ML", "Kayes", "Kayes", 14.53, -11.38, 2),
        ],
        sources=[("AFP", "https://example.org/a"), ("Studio Tamani", "")],
        updated_at=datetime.datetime(2025, 7, 2, tzinfo=datetime.UTC),
    )
    values.update(overrides)
    return IncidentRecord(**values)


def test_briefing_headers_in_english_and_french():
    assert briefing_header("en")[:4] == ["Date", "Place", "Admin 1", "Country"]
    assert briefing_header("fr") == [
        "Date",
        "Lieu",
        "Région",
        "Pays",
        "Type d'événement",
        "Auteurs",
        "Auteurs présumés",
        "Revendication",
        "Morts",
        "Résumé",
        "Sources",
        "Statut de revue",
        "Rapports",
        "Sources indépendantes",
        "Bilans rapportés",
        "Meilleure cote",
        "Confiance",
    ]


def test_briefing_row_reads_like_a_briefing():
    (row,) = briefing_rows(_record())
    assert dict(zip(briefing_header("en"), row, strict=True)) == {
        "Date": "2025-07-01",
        "Place": "Kayes",
        "Admin 1": "Kayes",
        "Country": "Mali",
        "Event type": "Battles (Armed clash)",
        "Perpetrators": "",
        "Suspected": "JNIM, IS Sahel",
        "Claim status": "Unclaimed, JNIM suspected",
        "Fatalities": "≥30",
        "Summary": "Militants attacked army posts in Kayes.",
        "Sources": "AFP: https://example.org/a | Studio Tamani",
        "Review status": "Published",
        # The record's corroboration (none given here: `incidents.corroboration` fills it).
        "Reports": 0,
        "Independent sources": 0,
        "Reported tolls": "",
        "Best grade": "",
        "Confidence": "none",
    }


def test_briefing_row_says_how_well_the_incident_is_corroborated_in_the_reader_language():
    record = _record(
        sources_count=3,
        independent_sources=2,
        reported_tolls="12 (AFP, RFI); 15 (Studio Tamani)",
        best_grade="B2",
        confidence="high",
    )
    (en,) = briefing_rows(record, "en")
    (fr,) = briefing_rows(record, "fr")
    assert en[-5:] == [3, 2, "12 (AFP, RFI); 15 (Studio Tamani)", "B2", "high"]
    assert fr[-1] == "élevée"


def test_briefing_says_which_rows_are_not_published_in_the_reader_language():
    (en,) = briefing_rows(_record(review_status="draft"), "en")
    (fr,) = briefing_rows(_record(review_status="in_review"), "fr")
    column = briefing_header("en").index("Review status")
    assert en[column] == "Draft" and fr[column] == "En revue"


def test_briefing_says_unknown_toll_in_the_reader_language_and_dates_ranges_in_iso():
    record = _record(
        fatalities_text="unknown", fatalities_count=None, date_end=datetime.date(2025, 7, 3)
    )
    (en,) = briefing_rows(record, "en")
    (fr,) = briefing_rows(record, "fr")
    assert en[8] == "unknown" and fr[8] == "inconnu"
    assert en[0] == "2025-07-01/2025-07-03"


def test_briefing_groups_alternative_suspects_with_or():
    actors = [
        ActorRecord("JNIM", "JNIM", 2, "suspected", alternative_group=1),
        ActorRecord("IS Sahel", "IS Sahel", 2, "suspected", alternative_group=1),
        ActorRecord("Dozo", "Dozo", 4, "perpetrator"),
    ]
    (row,) = briefing_rows(_record(actors=actors))
    assert row[5] == "Dozo"
    assert row[6] == "JNIM or IS Sahel"


def test_acled_header_is_acleds_31_columns():
    assert acled_header() == ACLED_COLUMNS
    assert len(ACLED_COLUMNS) == 31


def test_acled_layout_gives_one_row_per_location_with_acled_meanings():
    rows = acled_rows(_record())
    assert len(rows) == 2
    first = dict(zip(ACLED_COLUMNS, rows[0], strict=True))
    assert first["event_id_cnty"] == "IDESK7"
    assert first["event_date"] == "2025-07-01"
    assert first["year"] == 2025
    assert first["time_precision"] == 1
    assert first["actor1"] == "JNIM: Group for Support of Islam and Muslims"
    assert first["assoc_actor_1"] == "Islamic State (Sahel)"
    assert first["inter1"] == "Rebel group"
    assert first["actor2"] == "Military Forces of Mali (2021-)"
    assert first["inter2"] == "State forces"
    assert first["interaction"] == "State forces-Rebel group"
    assert (first["iso"], first["country"], first["location"]) == ("466", "Mali", "Kayes")
    assert (first["latitude"], first["longitude"]) == (14.4469, -11.4445)
    assert first["source"] == "AFP; Studio Tamani"
    second = dict(zip(ACLED_COLUMNS, rows[1], strict=True))
    assert second["event_id_cnty"] == "IDESK7-1"
    assert (second["location"], second["geo_precision"]) == ("Diboli", 2)
    # The 30 deaths are shared out over the two locations (ACLED counts each row), and the
    # notes of every row say so, so that a reader (and import_acled) can sum them back.
    assert (first["fatalities"], second["fatalities"]) == (15, 15)
    note = "Split over 2 locations; incident total 30 fatalities."
    assert first["notes"] == second["notes"] == f"Militants attacked army posts in Kayes. {note}"


def test_acled_layout_puts_the_remainder_of_a_split_toll_on_the_primary_location():
    places = [
        PlaceRecord(name, "ML", "Kayes", "Kayes", 14.0, -11.0, 1 if n == 0 else 2)
        for n, name in enumerate(["Kayes", "Diboli", "Nioro"])
    ]
    rows = acled_rows(_record(fatalities_count=10, places=places))
    assert [row[ACLED_COLUMNS.index("fatalities")] for row in rows] == [4, 3, 3]


def test_acled_layout_writes_acleds_zero_for_an_unknown_toll():
    (row, _) = acled_rows(_record(fatalities_text="unknown", fatalities_count=None))
    assert row[ACLED_COLUMNS.index("fatalities")] == 0


def test_acled_layout_returns_acleds_own_row_when_the_incident_is_unedited():
    stored = {c: f"value of {c}" for c in ACLED_COLUMNS}
    assert acled_rows(_record(acled_row=stored)) == [[f"value of {c}" for c in ACLED_COLUMNS]]


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+33 1 23", "'+33 1 23"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("-11.4445", "-11.4445"),  # a longitude stays a number
        ("+12", "+12"),
        ("Kayes", "Kayes"),
        ("", ""),
        (-4.2, -4.2),
    ],
)
def test_formula_cells_are_neutralised(cell, expected):
    assert neutralise(cell) == expected
