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
