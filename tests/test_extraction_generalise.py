"""Third round: general rules for the error types seen on unseen articles (held-out set).

Each test is a synthetic sentence written for its rule (no held-out text), and fails without it.
"""

from __future__ import annotations

import pytest

from incidents.extraction import ActorEntry, build_index
from vocabulary.textmeta import parse_publication_header

from .extraction_support import SATURDAY, incidents, place_entry, place_names


@pytest.fixture(scope="module")
def index():
    places = [
        place_entry(1, "Koro", "ML.04", "Mopti", 14.07, -3.08, "P.PPLA2"),
        place_entry(2, "Bamako", "ML.01", "Bamako", 12.65, -8.0, "P.PPLC"),
        place_entry(3, "Toure", "ML.05", "Ségou", 13.4, -6.1, alts=("Touré",)),
        place_entry(4, "Macina", "ML.05", "Ségou", 13.96, -5.36, "P.PPLA2"),
        place_entry(5, "Douna", "ML.04", "Mopti", 14.15, -3.2),
        place_entry(6, "Bankass", "ML.04", "Mopti", 14.08, -3.52, "P.PPLA2"),
        place_entry(7, "Mopti Region", "ML.04", "Mopti", 14.6, -3.5, "A.ADM1", "admin1", alts=("Mopti",)),
        # A namesake across the border, far from the story's places.
        place_entry(8, "Boulikessi", "BF.78", "Sahel", 14.2, -1.4, cc="BF"),
        place_entry(9, "Mondoro", "ML.04", "Mopti", 14.66, -1.95),
    ]  # fmt: skip
    actors = [
        ActorEntry(10, "Military Forces of Mali (2021-)", "FAMa", 1, "ML", [("Malian army", "en")]),
        ActorEntry(11, "Unidentified Armed Group (Mali)", "UAG", 3, "ML"),
        ActorEntry(12, "Civilians (Mali)", "Civilians", 7, "ML"),
        ActorEntry(16, "Al Qaeda", "Al Qaeda", 2, "", [("Al-Qaeda", "en")]),
        ActorEntry(13, "JNIM: Group for Support of Islam and Muslims", "JNIM", 2, "ML",
                   [("JNIM", "en")], affiliation_id=16),
        ActorEntry(14, "Katiba Macina", "Katiba Macina", 2, "ML",
                   [("Katiba du Macina", "fr")], affiliation_id=13),
        ActorEntry(15, "Islamic State (Sahel)", "IS Sahel", 2, "ML",
                   [("Islamic State in the Greater Sahara", "en")]),
        ActorEntry(17, "AQIM: Al Qaeda in the Islamic Maghreb", "AQIM", 2, "", [("AQMI", "fr")],
                   affiliation_id=16),
        ActorEntry(18, "Military Forces of France (2017-)", "French army", 8, "FR",
                   [("French forces", "en")]),
    ]  # fmt: skip
    return build_index(actors, places)


# --- places -----------------------------------------------------------------------------------


def test_an_upper_case_dateline_without_agency_is_the_header():
    header = parse_publication_header("BAMAKO, March 16 - Gunmen attacked Koro.", SATURDAY)
    assert (header.dateline_place, header.published) == ("BAMAKO", SATURDAY)
    assert header.body_start == len("BAMAKO, March 16 - ")


def test_an_upper_case_dateline_on_a_later_line_places_nothing(index):
    text = "Attack in Mali\nBAMAKO - Gunmen attacked an army post in Koro on Friday, killing two."
    [inc] = incidents(text, index)
    assert place_names(inc) == ["Koro"]


def test_a_spokesmans_surname_is_not_a_place(index):
    text = "Gunmen killed 12 civilians in Koro on Friday, army spokesman Souleymane Touré said."
    [inc] = incidents(text, index)
    assert place_names(inc) == ["Koro"]


def test_a_capital_named_as_the_seat_of_government_is_context(index):
    text = "Gunmen killed five soldiers in Koro on Friday, the government in Bamako said."
    [inc] = incidents(text, index)
    assert place_names(inc) == ["Koro"]


def test_a_place_inside_a_group_name_is_not_an_incident_place(index):
    text = "Gunmen killed ten civilians in Koro on Friday. The brigade of Macina is suspected."
    [inc] = incidents(text, index)
    assert place_names(inc) == ["Koro"]


# --- dates and segmentation -------------------------------------------------------------------


def test_a_statement_day_a_few_words_from_its_verb_is_no_event_date(index):
    text = (
        "Gunmen attacked an army post in Koro on Wednesday, killing three soldiers. The army "
        "announced in a statement on Friday that the assault had killed three soldiers."
    )
    [inc] = incidents(text, index)
    assert inc["date_start"] == "2024-03-13"


def test_the_toll_of_a_later_day_is_no_new_incident(index):
    text = (
        "Gunmen attacked the army camp in Koro on Wednesday, killing 12 soldiers. The toll on "
        "Thursday rose to 15, the army said."
    )
    [inc] = incidents(text, index)
    assert (inc["date_start"], inc["fatalities"]["best"]) == ("2024-03-13", 15)


def test_a_possessive_day_dates_the_event_not_the_statement(index):
    text = "The government said on Tuesday that 20 soldiers were killed in Sunday's attack in Koro."
    [inc] = incidents(text, index)
    assert inc["date_start"] == "2024-03-10"


def test_a_day_opening_the_sentence_before_said_is_a_report_date(index):
    text = (
        "Gunmen attacked an army post in Koro on Wednesday, killing three soldiers. On Friday, "
        "the army said that the assault had killed three soldiers."
    )
    [inc] = incidents(text, index)
    assert inc["date_start"] == "2024-03-13"


def test_an_old_attack_told_for_itself_is_an_incident(index):
    text = (
        "Gunmen attacked an army post in Koro on Friday, killing three soldiers. In December "
        "2016, an attack on the army post of Douna killed 12 soldiers."
    )
    found = incidents(text, index)
    assert [(i["date_start"], place_names(i)) for i in found] == [
        ("2024-03-15", ["Koro"]),
        ("2016-12-01", ["Douna"]),
    ]


# --- fatalities -------------------------------------------------------------------------------


def test_perished_counts_the_dead(index):
    [inc] = incidents("Au moins 24 militaires ont péri mercredi dans l'attaque du camp de Koro.",
                      index)  # fmt: skip
    assert inc["fatalities"]["best"] == 24


def test_a_projected_toll_is_not_the_toll(index):
    text = (
        "Jihadists attacked the army camp of Koro on Sunday, killing 10 soldiers. The toll could "
        "rise to 20 dead, a local official said."
    )
    [inc] = incidents(text, index)
    assert inc["fatalities"]["best"] == 10


def test_those_killed_while_the_army_repelled_the_attack_are_attackers(index):
    text = (
        "Jihadists attacked the army camp of Koro on Sunday, killing four soldiers. The army "
        "repelled the attack, killing 30."
    )
    [inc] = incidents(text, index)
    assert inc["fatalities"]["best"] == 4


def test_a_day_between_the_verb_and_the_count(index):
    [inc] = incidents("Des hommes armés ont tué vendredi dix civils à Koro.", index)
    assert inc["fatalities"]["best"] == 10


# --- actors and claims ------------------------------------------------------------------------


def test_a_french_passive_makes_the_army_the_target(index):
    [inc] = incidents("Un camp militaire a été attaqué vendredi à Koro.", index)
    assert inc["targets"] == ["Military Forces of Mali (2021-)"]


def test_the_press_pointing_at_a_group_is_suspicion(index):
    text = (
        "Des hommes armés ont tué vendredi dix civils à Koro. Les regards se tournent vers les "
        "combattants de la Katiba du Macina."
    )
    [inc] = incidents(text, index)
    assert inc["suspected"] == ["Katiba Macina"]


def test_a_parent_network_a_few_words_after_branch_of_is_background(index):
    text = (
        "JNIM, the Mali branch of the jihadist network Al-Qaeda, claimed the attack on the army "
        "camp of Koro on Friday."
    )
    [inc] = incidents(text, index)
    assert (inc["claim_status"], inc["claimants"]) == (
        "claimed",
        ["JNIM: Group for Support of Islam and Muslims"],
    )


@pytest.mark.parametrize(
    "sentence",
    [
        "There was no official claim of responsibility.",
        "The attack was not immediately claimed.",
        "Aucun mouvement n'a revendiqué l'attaque.",
        "L'attaque n'a pour l'heure pas été revendiquée.",
    ],
)
def test_unclaimed_in_other_words(index, sentence):
    [inc] = incidents("Gunmen attacked an army post in Koro on Friday. " + sentence, index)
    assert inc["claim_status"] == "unclaimed"


def test_a_group_named_by_the_government_through_its_fighters_is_attributed(index):
    text = (
        "Le gouvernement a annoncé jeudi que 15 soldats ont été tués mardi à Koro par les "
        "combattants de la Katiba du Macina."
    )
    [inc] = incidents(text, index)
    assert (inc["claim_status"], inc["perpetrators"]) == ("attributed", ["Katiba Macina"])


def test_foreign_forces_that_sent_support_are_no_perpetrators(index):
    text = (
        "Gunmen attacked the army camp of Koro on Friday. French forces sent helicopters, "
        "killing several assailants."
    )
    [inc] = incidents(text, index)
    assert "Military Forces of France (2017-)" not in inc["perpetrators"]


def test_a_parent_organisation_named_with_its_branch_is_background(index):
    text = "Al-Qaeda and its Sahel arm JNIM claimed the attack on the army camp of Koro on Friday."
    [inc] = incidents(text, index)
    assert (inc["claim_status"], inc["claimants"]) == (
        "claimed",
        ["JNIM: Group for Support of Islam and Muslims"],
    )


def test_a_claim_and_the_army_repelling_the_attack_is_no_dispute(index):
    text = (
        "Le JNIM a revendiqué l'attaque du camp militaire de Koro vendredi. L'armée dit avoir "
        "repoussé une attaque terroriste."
    )
    [inc] = incidents(text, index)
    assert (inc["claim_status"], inc["claimants"]) == (
        "claimed",
        ["JNIM: Group for Support of Islam and Muslims"],
    )


def test_a_night_between_two_dates_is_a_range(index):
    [inc] = incidents("Des hommes armés ont attaqué dans la nuit du 14 au 15 mars Koro.", index)
    assert (inc["date_start"], inc["date_end"]) == ("2024-03-14", "2024-03-15")


def test_an_administrative_unit_around_a_village_is_context(index):
    text = (
        "Des jihadistes ont attaqué vendredi le village de Ngourmakondou, dans le cercle de "
        "Bankass, tuant huit civils."
    )
    [inc] = incidents(text, index)
    assert place_names(inc) == ["Ngourmakondou"]
    assert inc["admin1"] == "Mopti"


def test_a_far_spelling_variant_keeps_the_name_as_written(index):
    text = "On Sunday, jihadists attacked army camps in Boulkessy and Mondoro, killing 20 soldiers."
    [inc] = incidents(text, index)
    assert sorted(place_names(inc)) == ["Boulkessy", "Mondoro"]
    assert [loc["geonames_id"] for loc in inc["locations"] if loc["name"] == "Boulkessy"] == [None]


def test_a_village_whose_namesake_is_across_the_border_keeps_its_name(index):
    text = "Gunmen killed six civilians in the Malian villages of Koro and Boulikessi on Friday."
    [inc] = incidents(text, index)
    assert sorted(place_names(inc)) == ["Boulikessi", "Koro"]


def test_a_name_once_a_persons_is_a_person_throughout(index):
    text = (
        "Gunmen killed six civilians in Koro on Friday. Colonel Assimi Touré condemned the attack."
        " Touré visited the wounded."
    )
    [inc] = incidents(text, index)
    assert place_names(inc) == ["Koro"]
