"""Reading ACLED's file variants into events, without a database."""

import datetime

import pytest

from incidents.importers.acled import read_acled
from incidents.importers.common import ImportFileError, parse_date

from .factories import acled_csv, acled_row

LEGACY_COLUMNS = [
    "data_id", "iso", "event_id_cnty", "event_id_no_cnty", "event_date", "year",
    "time_precision", "event_type", "sub_event_type", "actor1", "assoc_actor_1", "inter1",
    "actor2", "assoc_actor_2", "inter2", "interaction", "region", "country", "admin1", "admin2",
    "admin3", "location", "latitude", "longitude", "geo_precision", "source", "source_scale",
    "notes", "fatalities", "timestamp", "iso3",
]  # fmt: skip


def _read(text: str):
    return read_acled(iter(text.splitlines(keepends=True)))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2022-06-30", datetime.date(2022, 6, 30)),
        ("31 December 2020", datetime.date(2020, 12, 31)),
        ("16-Feb-21", datetime.date(2021, 2, 16)),
        ("03-Mar-99", datetime.date(1999, 3, 3)),
    ],
)
def test_acled_date_formats(text, expected):
    assert parse_date(text) == expected


def test_current_layout_with_text_actor_types():
    result = _read(acled_csv([acled_row()]))
    event = result.events["MLI90001"]
    assert result.errors == []
    assert event.date_start == datetime.date(2025, 7, 1)
    assert [(a.name, a.actor_type, a.role) for a in event.actors] == [
        ("JNIM: Group for Support of Islam and Muslims", 2, "perpetrator"),
        ("Military Forces of Mali (2021-)", 1, "target"),
        ("Africa Corps", 1, "associated"),
    ]
    assert event.place.country_code == "ML"
    assert (event.fatalities_low, event.fatalities_best, event.fatalities_high) == (12, 12, None)


def test_pre_2023_layout_with_numeric_codes_and_legacy_columns():
    row = acled_row(
        data_id="8812", event_id_no_cnty="90001", iso3="MLI", inter1="2", inter2="1",
        interaction="12", event_date="31 December 2020",
    )  # fmt: skip
    result = _read(acled_csv([row], LEGACY_COLUMNS))
    event = result.events["MLI90001"]
    assert result.errors == []
    assert event.date_start == datetime.date(2020, 12, 31)
    assert event.disorder_type == "Political violence"  # derived: the column did not exist
    assert [a.actor_type for a in event.actors] == [2, 1, 1]
    assert event.data["data_id"] == "8812" and event.data["iso3"] == "MLI"


def test_protests_in_the_old_layout_are_demonstrations():
    row = acled_row(event_type="Protests", sub_event_type="Peaceful protest", actor1="Protesters (Mali)",
                    inter1="6", actor2="", assoc_actor_2="", inter2="")  # fmt: skip
    event = _read(acled_csv([row], LEGACY_COLUMNS)).events["MLI90001"]
    assert event.disorder_type == "Demonstrations"
    assert [a.role for a in event.actors] == ["perpetrator"]


def test_monadic_rows_merge_into_one_event():
    first = acled_row(actor2="", assoc_actor_2="", inter2="", interaction="Rebel group only")
    second = acled_row(
        actor1="Military Forces of Mali (2021-)", inter1="State forces", actor2="", inter2=""
    )
    result = _read(acled_csv([first, second]))
    assert len(result.events) == 1 and result.merged == 1
    event = result.events["MLI90001"]
    assert [(a.name, a.role) for a in event.actors] == [
        ("JNIM: Group for Support of Islam and Muslims", "perpetrator"),
        ("Military Forces of Mali (2021-)", "target"),
    ]
    assert event.data["actor2"] == "Military Forces of Mali (2021-)"


def test_a_body_of_water_has_no_country_code_but_keeps_its_name():
    row = acled_row(country="Mediterranean Sea", iso="0", admin1="", location="Off Libya")
    event = _read(acled_csv([row])).events["MLI90001"]
    assert event.place.country_code == ""
    assert event.data["country"] == "Mediterranean Sea"


def test_fatality_zero_stays_unknown_unless_notes_say_nobody_died():
    unknown = acled_row(fatalities="0", notes="Clashes were reported near Kayes.")
    none = acled_row(event_id_cnty="MLI90002", fatalities="0",
                     notes="Shots were fired; no casualties were reported.")  # fmt: skip
    events = _read(acled_csv([unknown, none])).events
    assert events["MLI90001"].fatalities_best is None
    assert events["MLI90001"].data["fatalities"] == "0"  # ACLED's figure kept as ACLED's
    assert events["MLI90002"].fatalities_best == 0


def test_semicolon_delimited_file_with_bom():
    text = "\ufeff" + acled_csv([acled_row()], delimiter=";")
    assert list(_read(text).events) == ["MLI90001"]


def test_bad_rows_are_reported_by_line_and_the_rest_loads():
    rows = [
        acled_row(event_id_cnty="MLI1"),
        acled_row(event_id_cnty="MLI2", event_date="someday"),
        acled_row(event_id_cnty="MLI3", latitude="north"),
        acled_row(event_id_cnty="MLI4", event_type="Picnic"),
        acled_row(event_id_cnty="MLI5", inter1="Gangsters"),
        acled_row(event_id_cnty="MLI6"),
    ]
    result = _read(acled_csv(rows))
    assert sorted(result.events) == ["MLI1", "MLI6"]
    assert [line for line, _ in result.errors] == [3, 4, 5, 6]
    assert "unreadable date 'someday'" in result.errors[0][1]
    assert "latitude" in result.errors[1][1]
    assert "Picnic" in result.errors[2][1]
    assert "Gangsters" in result.errors[3][1]


def test_a_row_with_the_wrong_number_of_cells_is_rejected():
    text = acled_csv([acled_row()]) + "MLI7,2025-07-01,oops\n"
    result = _read(text)
    assert result.errors == [(3, "3 columns where the header has 31")]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty"),
        ("id,name\n1,x\n", "Not a file in the ACLED layout"),
        ("event_id_cnty,event_date\nMLI1,2025-01-01\n", "lacks event_type"),
    ],
)
def test_a_file_that_is_not_acled_is_refused(text, message):
    with pytest.raises(ImportFileError, match=message):
        _read(text)
