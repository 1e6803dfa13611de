"""Fourth round: general rules for the error types seen on the blind set.

Each test is a synthetic sentence written for its rule (no blind or held-out text), and fails
without it. The index holds the real actor list (``incidents/demo/actors.json``, whose aliases
are part of what is tested) and a few synthetic places.
"""

from __future__ import annotations

import pytest

from incidents.extraction import build_index
from incidents.extraction.reference import load_actors_json

from .extraction_support import incidents, place_entry, place_names

JNIM = "JNIM: Group for Support of Islam and Muslims"
VDP = "VDP: Volunteers for the Defense of the Homeland"


@pytest.fixture(scope="module")
def index():
    places = [
        place_entry(1, "Koro", "ML.04", "Mopti", 14.07, -3.08, "P.PPLA2"),
        place_entry(2, "Bamako", "ML.01", "Bamako", 12.65, -8.0, "P.PPLC"),
        place_entry(3, "Nampala", "ML.05", "Ségou", 15.28, -5.55),
        place_entry(4, "Belga", "ML.07", "Gao", 16.1, 0.2),
        place_entry(5, "Ségou", "ML.05", "Ségou", 13.43, -6.26, "P.PPLA"),
    ]  # fmt: skip
    return build_index(load_actors_json(), places)


def _actors(inc: dict) -> tuple[list, list, list]:
    return inc["perpetrators"], inc["claimants"], inc["targets"]


# --- actors -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Gunmen attacked an army post in Koro on Friday. The al-Qaeda-linked Group for Support of "
        "Islam and Muslims claimed the attack.",
        "Des hommes armés ont attaqué vendredi un poste militaire à Koro. Le Groupe pour le "
        "soutien à l'islam et aux musulmans a revendiqué l'attaque.",
        "Gunmen attacked an army post in Koro on Friday. The Nusrat al-Islam wal-Muslimin group "
        "claimed the attack.",
    ],
)
def test_variants_of_jnims_full_name_are_jnim(index, text):
    [inc] = incidents(text, index)
    assert inc["claimants"] == [JNIM]


def test_a_claimant_named_in_quotes_after_par_is_the_claimant(index):
    text = (
        "Des hommes armés ont attaqué vendredi un poste militaire à Koro. L'attaque a été "
        "revendiquée par le « Groupe de soutien à l'islam et aux musulmans »."
    )
    [inc] = incidents(text, index)
    assert inc["claimants"] == [JNIM]
    assert inc["perpetrators"] == [JNIM]


def test_the_passive_by_may_follow_the_claim_cue(index):
    text = (
        "Des hommes armés ont attaqué vendredi un poste militaire à Koro. L'attaque a été "
        "revendiquée par le groupe jihadiste GSIM."
    )
    [inc] = incidents(text, index)
    assert inc["claimants"] == [JNIM]


# --- places -----------------------------------------------------------------------------------


@pytest.mark.parametrize("credit", ["(Belga)", "(AFP/Belga)"])
def test_a_news_agency_in_parentheses_is_not_a_village(index, credit):
    text = f"Gunmen killed seven soldiers in Koro on Friday, the army said {credit}."
    [inc] = incidents(text, index)
    assert place_names(inc) == ["Koro"]


@pytest.mark.parametrize(
    "text",
    [
        "Gunmen attacked the village of Koro, some 100 km north of Ségou, on Friday, killing 12 "
        "civilians.",
        "Des hommes armés ont attaqué vendredi le village de Koro, situé à 40 km de Ségou, "
        "tuant douze civils.",
    ],
)
def test_a_far_distance_reference_is_not_the_incident_place(index, text):
    [inc] = incidents(text, index)
    assert place_names(inc) == ["Koro"]


def test_a_short_distance_reference_is_near_that_town(index):
    # A guard for the rule above (it passed before it): only far references are context.
    text = "Des hommes armés ont attaqué vendredi un poste à une quinzaine de km de Nampala."
    [inc] = incidents(text, index)
    assert place_names(inc) == ["Nampala"]
    assert inc["locations"][0]["precision"] == 2


@pytest.mark.parametrize(
    "dateline", ["Bamako, 14 mars - ", "Bamako, - ", "Bamako, March 14 (AFP) - "]
)
def test_a_title_case_dateline_is_neither_place_nor_event_date(index, dateline):
    text = f"Attaque au Mali\n{dateline}Des hommes armés ont attaqué un poste à Nampala vendredi."
    [inc] = incidents(text, index)
    assert place_names(inc) == ["Nampala"]
    assert inc["date_start"] == "2024-03-15"


@pytest.mark.parametrize(
    "text",
    [
        "Au moins dix civils, dont quatre VDP, ont été tués vendredi à Koro par des hommes armés.",
        "At least ten civilians, including four VDP members, were killed on Friday in Koro by "
        "gunmen.",
        "Four VDP and six civilians were killed on Friday in Koro by gunmen.",
    ],
)
def test_a_militia_counted_among_the_victims_is_a_target(index, text):
    [inc] = incidents(text, index)
    perpetrators, _claimants, targets = _actors(inc)
    assert VDP in targets and VDP not in perpetrators
    assert inc["fatalities"]["best"] == 10


@pytest.mark.parametrize(
    "text",
    [
        "Au moins dix civils, dont quatre VDP, ont été tués vendredi à Koro par des hommes armés.",
        "Gunmen killed ten people on Friday in Koro, including four Volunteers for the Defense of "
        "the Homeland.",
    ],
)
def test_killing_civilians_among_whom_militiamen_is_violence_against_civilians(index, text):
    [inc] = incidents(text, index)
    assert (inc["event_type"], inc["sub_event_type"]) == ("Violence against civilians", "Attack")


def test_a_group_saying_it_killed_is_a_claimant_not_a_source(index):
    text = "Gunmen attacked an army post in Koro on Friday. JNIM said it killed nine soldiers."
    [inc] = incidents(text, index)
    assert inc["claimants"] == [JNIM]


# --- fatalities -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Gunmen attacked an army post in Koro on Friday. JNIM said it had killed 9 soldiers, while "
        "the ministry said 3 soldiers died.",
        "Des hommes armés ont attaqué vendredi un poste à Koro. Le JNIM a affirmé avoir tué 9 "
        "soldats, tandis que le ministère a fait état de 3 morts.",
    ],
)
def test_the_official_toll_is_the_best_estimate_the_claim_the_upper_bound(index, text):
    [inc] = incidents(text, index)
    assert inc["fatalities"] == {"low": 3, "best": 3, "high": 9}


def test_a_rounded_official_toll_beats_a_precise_claim(index):
    text = (
        "Gunmen attacked villages near Koro on Friday. Officials said more than 100 people were "
        "killed. The Islamic State group claimed the attack, saying it killed 107."
    )
    [inc] = incidents(text, index)
    assert inc["fatalities"] == {"low": 100, "best": 100, "high": 107}


# --- dates ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Des hommes armés ont attaqué lundi 4 mars un poste militaire à Koro, tuant 12 soldats.",
        "Gunmen attacked an army post in Koro on Monday, March 4, killing 12 soldiers.",
    ],
)
def test_a_weekday_with_an_explicit_day_is_that_day(index, text):
    # Published Saturday 16 March: "lundi" alone would be the 11th.
    [inc] = incidents(text, index)
    assert (inc["date_start"], inc["date_end"]) == ("2024-03-04", "2024-03-04")


@pytest.mark.parametrize(
    "text",
    [
        "Le gouvernement a décrété un deuil national de trois jours à partir du jeudi 14 mars, "
        "après l'attaque de lundi contre un poste militaire à Koro qui a fait 12 morts.",
        "Mali will observe three days of national mourning starting Thursday after gunmen "
        "killed 12 soldiers in an attack on an army post in Koro on Monday.",
    ],
)
def test_the_start_of_a_national_mourning_is_not_the_attacks_date(index, text):
    [inc] = incidents(text, index)
    assert inc["date_start"] == "2024-03-11"


def test_a_credited_photo_caption_line_is_no_incident(index):
    text = (
        "Gunmen attacked an army post in Koro on Monday, killing 12 soldiers.\n"
        "Protesters gather in Bamako on Friday, to denounce insecurity. (AP Photo/Jane Doe)\n"
        "The army said it was hunting the attackers."
    )
    [inc] = incidents(text, index)
    assert place_names(inc) == ["Koro"]
