"""One synthetic sentence per engine rule added to reach issue 4's dev-set targets (not dev-set text)."""

from __future__ import annotations

import datetime

import pytest

from incidents.extraction import ActorEntry, PlaceEntry, build_index, extract
from incidents.extraction.dates import find_dates
from incidents.extraction.normalize import fold

SATURDAY = datetime.date(2024, 3, 16)


def _place(pid, name, admin1_code, admin1, lat, lon, feature="P.PPL", kind="place", alts=()):
    return PlaceEntry(pid, name, fold(name), [(a, "") for a in alts], kind, "ML", admin1_code,
                      admin1, "", lat, lon, 0, feature, pid)  # fmt: skip


@pytest.fixture(scope="module")
def index():
    places = [
        _place(1, "Koro", "ML.04", "Mopti", 14.07, -3.08, "P.PPLA2"),
        _place(2, "Mopti", "ML.04", "Mopti", 14.49, -4.19, "P.PPLA"),
        _place(3, "Mopti Region", "ML.04", "Mopti", 14.6, -3.5, "A.ADM1", "admin1", ("Mopti",)),
        # Two homonyms: the one near the story's other place must win.
        _place(4, "Sanakoro", "ML.04", "Mopti", 14.10, -3.10),
        _place(5, "Sanakoro", "ML.03", "Kayes", 13.20, -11.0),
        _place(6, "Bamako", "ML.01", "Bamako", 12.65, -8.0, "P.PPLC"),
        _place(7, "Dialassagou", "ML.04", "Mopti", 14.2, -3.3),
        _place(8, "Segou Region", "ML.05", "Ségou", 13.5, -6.0, "A.ADM1", "admin1", ("Segou",)),
        _place(9, "Segou", "ML.05", "Ségou", 13.43, -6.26, "P.PPLA"),
    ]
    actors = [
        ActorEntry(10, "Military Forces of Mali (2021-)", "FAMa", 1, "ML", [("Malian army", "en")]),
        ActorEntry(11, "Unidentified Armed Group (Mali)", "UAG", 3, "ML"),
        ActorEntry(12, "Civilians (Mali)", "Civilians", 7, "ML"),
        ActorEntry(13, "JNIM: Group for Support of Islam and Muslims", "JNIM", 2, "ML",
                   [("JNIM", "en"), ("GSIM", "fr")]),
    ]  # fmt: skip
    return build_index(actors, places)


def incidents(text, index, published=SATURDAY):
    return extract(text, index=index, published=published).to_dict()["incidents"]


def place_names(incident):
    return [loc["name"] for loc in incident["locations"]]


def test_acronyms_of_four_letters_also_match_in_title_case(index):
    [inc] = incidents("Le Jnim a revendiqué l'attaque du camp militaire de Koro vendredi.", index)
    assert inc["claimants"] == ["JNIM: Group for Support of Islam and Muslims"]


def test_an_officials_town_and_a_byline_are_not_incident_places(index):
    text = (
        "Gunmen killed four soldiers in an attack on an army post in Koro on Friday, a police "
        "official in the regional capital Mopti said.\nAuthor, Bamako"
    )
    [inc] = incidents(text, index)
    assert place_names(inc) == ["Koro"]


def test_dateline_town_is_context(index):
    text = "Bamako, Mali — Gunmen attacked an army post in Koro on Friday, killing two soldiers."
    [inc] = incidents(text, index)
    assert place_names(inc) == ["Koro"]


def test_region_named_in_the_story_keeps_that_sense_in_other_mentions(index):
    text = (
        "Ambush in Mopti\nAt least five soldiers were killed in an ambush on Friday in the region"
        " of Mopti, the army said."
    )
    [inc] = incidents(text, index)
    assert [loc["precision"] for loc in inc["locations"]] == [3]
    assert inc["admin1"] == "Mopti"


def test_homonym_nearest_to_the_other_places_of_the_story(index):
    text = "Gunmen attacked the villages of Koro and Sanakoro on Friday, killing six civilians."
    [inc] = incidents(text, index)
    assert [loc["geonames_id"] for loc in inc["locations"]] == [1, 4]


def test_spelling_variant_and_absent_place_are_found_from_cues(index):
    text = (
        "Des hommes armés ont attaqué vendredi la localité de Dialasagou et à Kerena-Baye, tuant "
        "six civils."
    )
    [inc] = incidents(text, index)
    assert place_names(inc) == ["Dialassagou", "Kerena-Baye"]
    assert inc["locations"][1]["geonames_id"] is None


def test_french_overnight_attack_is_a_two_day_range():
    text = "dans la nuit de jeudi à vendredi"
    [d] = find_dates(text, fold(text), 0, SATURDAY, "fr")
    assert (d.date_start, d.date_end) == (datetime.date(2024, 3, 14), datetime.date(2024, 3, 15))


def test_two_evenings_joined_by_and_are_one_range():
    text = "mercredi soir et jeudi soir"
    [d] = find_dates(text, fold(text), 0, SATURDAY, "fr")
    assert (d.date_start, d.date_end) == (datetime.date(2024, 3, 13), datetime.date(2024, 3, 14))


def test_il_y_a_un_mois_is_the_previous_calendar_month():
    text = "Il y a un mois"
    [d] = find_dates(text, fold(text), 0, SATURDAY, "fr")
    assert (d.date_start, d.date_end, d.precision) == (
        datetime.date(2024, 2, 1),
        datetime.date(2024, 2, 29),
        "month",
    )


def test_the_day_of_a_statement_is_not_the_event_date(index):
    text = (
        "Gunmen attacked an army post in Koro on Thursday, killing three soldiers. The Malian "
        "army confirmed the attack in a statement released on Saturday."
    )
    [inc] = incidents(text, index)
    assert inc["date_start"] == "2024-03-14"


def test_an_old_dated_event_is_background(index):
    text = (
        "Gunmen attacked an army post in Koro on Friday, killing three soldiers. In October 2019,"
        " a similar attack in Koro killed 20 soldiers."
    )
    assert [i["date_start"] for i in incidents(text, index)] == ["2024-03-15"]


def test_au_lendemain_starts_a_second_incident(index):
    text = (
        "Des hommes armés ont enlevé jeudi dix femmes à Koro. Au lendemain de cet enlèvement, "
        "douze autres femmes ont été enlevées à Koro."
    )
    assert [i["date_start"] for i in incidents(text, index)] == ["2024-03-14", "2024-03-15"]


def test_same_day_new_place_and_different_kind_is_a_separate_incident(index):
    text = (
        "Le JNIM a revendiqué vendredi un attentat à l'engin explosif contre un convoi à Koro. "
        "Simultanément, des jihadistes ont attaqué le camp militaire de Dialassagou."
    )
    found = incidents(text, index)
    assert [place_names(i) for i in found] == [["Koro"], ["Dialassagou"]]
    assert found[1]["event_type"] == "Battles"


def test_in_the_same_region_inherits_the_previous_place(index):
    text = (
        "An attack on an army post on Friday left ten soldiers dead in the Mopti region. On "
        "Saturday, a soldier died in the same region when his vehicle struck a landmine."
    )
    found = incidents(text, index)
    assert [i["date_start"] for i in found] == ["2024-03-15", "2024-03-16"]
    assert place_names(found[1]) == place_names(found[0])


def test_a_police_official_is_a_source_not_a_target(index):
    text = "Gunmen killed three soldiers in Koro on Friday, a police official said."
    [inc] = incidents(text, index)
    assert inc["targets"] == ["Military Forces of Mali (2021-)"]
