"""Issue 13, requirement 6: the error classes seen when the desk was tried on new articles.

Each class is tested on several synthetic English and French sentences written for it (no
annotated article's text), checked the way an analyst checks a proposal: the incident's place,
its date and the date's precision, the toll, the actor's name and role. The index holds the real
actor list and invented villages; some of them share a name with a person, so a rule that takes
any capitalised word found in the gazetteer for a place shows here.
"""

from __future__ import annotations

import datetime

import pytest

from incidents.extraction import build_index
from incidents.extraction.reference import load_actors_json

from .extraction_support import incidents, place_entry, place_names

# A Saturday: "on Wednesday" is 13 March, "on Friday" 15 March.
PUBLISHED = datetime.date(2024, 3, 16)
UAG_MALI = "Unidentified Armed Group (Mali)"
JNIM = "JNIM: Group for Support of Islam and Muslims"
IS_SAHEL = "Islamic State (Sahel)"
ANSAROUL = "Ansaroul Islam"
FAMA = "Military Forces of Mali (2021-)"


def gazetteer_places() -> list:
    """The invented gazetteer: villages, capitals, a town that names a region, a region."""
    return [
        place_entry(1, "Tinkare", "ML.04", "Mopti", 14.61, -2.91),
        place_entry(2, "Sagala", "ML.05", "Ségou", 13.71, -5.52),
        # Villages that are also people's names.
        place_entry(3, "Dembele", "ML.04", "Mopti", 14.2, -3.4),
        place_entry(4, "Kansaye", "ML.04", "Mopti", 14.3, -3.2),
        place_entry(5, "Moussa", "ML.05", "Ségou", 13.6, -5.9),
        # Capitals.
        place_entry(6, "Bamako", "ML.01", "Bamako", 12.65, -8.0, "P.PPLC"),
        place_entry(7, "Niamey", "NE.08", "Niamey", 13.51, 2.11, "P.PPLC", cc="NE"),
        place_entry(8, "Ouagadougou", "BF.53", "Centre", 12.37, -1.53, "P.PPLC", cc="BF"),
        place_entry(9, "Korobane", "NE.06", "Tillabéri Region", 14.2, 1.4, cc="NE"),
        place_entry(10, "Soumbara", "BF.78", "Sahel", 14.0, -1.2, cc="BF"),
        # A town that gives its name to a region (no region entry of its own), and a region.
        place_entry(11, "Douentza", "ML.04", "Mopti", 15.0, -2.95, "P.PPLA2"),
        place_entry(12, "Mopti", "ML.04", "Mopti", 14.49, -4.19, "P.PPLA"),
        place_entry(13, "Mopti Region", "ML.04", "Mopti", 14.6, -3.5, "A.ADM1", "admin1",
                    alts=("Mopti",)),
    ]  # fmt: skip


@pytest.fixture(scope="module")
def index():
    return build_index(load_actors_json(), gazetteer_places())


def _one(text: str, index) -> dict:
    found = incidents(text, index, PUBLISHED)
    assert len(found) == 1, found
    return found[0]


# --- 1. a person's name is not a place --------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Gunmen killed six civilians in Tinkare on Wednesday, army spokesman Colonel Souleymane "
        "Dembele said.",
        "Des hommes armés ont tué mercredi six civils à Tinkare, a déclaré le porte-parole de "
        "l'armée, le colonel Souleymane Dembele.",
        "Gunmen killed six civilians in Tinkare on Wednesday, including the village chief, "
        "Hamidou Kansaye.",
        "Des hommes armés ont tué mercredi six civils à Tinkare, dont le chef du village, "
        "Hamidou Kansaye.",
        "Gunmen killed six civilians in Tinkare on Wednesday, local official Moussa Guindo told AFP.",
        "Six civils ont été tués mercredi à Tinkare, selon l'élu local Hamidou Kansaye.",
    ],
)
def test_a_spokesmans_or_victims_name_that_is_a_village_is_not_a_place(index, text):
    inc = _one(text, index)
    assert place_names(inc) == ["Tinkare"]
    assert inc["fatalities"]["best"] == 6


# --- 2. capitals and datelines are context ----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("Gunmen attacked an army post in Tinkare on Wednesday, the defence ministry in Bamako "
         "said.", "Tinkare"),
        ("NIAMEY (AFP) - Gunmen killed four soldiers in Korobane on Wednesday, the army said.",
         "Korobane"),
        ("Niamey, 14 mars (AFP) - Des hommes armés ont tué mercredi quatre soldats à Korobane.",
         "Korobane"),
        ("Des hommes armés ont attaqué mercredi un poste militaire à Soumbara, a annoncé le "
         "gouvernement à Ouagadougou.", "Soumbara"),
        ("Ouagadougou, March 14 - Gunmen killed eight civilians in Soumbara on Wednesday, the "
         "government said in Ouagadougou.", "Soumbara"),
        ("Des hommes armés ont tué mercredi huit civils à Sagala, à 300 km de Bamako.", "Sagala"),
    ],
)  # fmt: skip
def test_a_capital_or_dateline_is_not_the_incident_place(index, text, place):
    inc = _one(text, index)
    assert place_names(inc) == [place]


# --- 3. "dans la région de X" next to a named village is context ------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Des hommes armés ont attaqué mercredi le village de Tinkare, dans la région de Douentza, "
        "tuant sept civils.",
        "Gunmen attacked the village of Tinkare in the Douentza region on Wednesday, killing "
        "seven civilians.",
        "Sept civils ont été tués mercredi à Tinkare (région de Douentza) par des hommes armés.",
        "Des hommes armés ont attaqué mercredi le village de Tinkare, dans la région de Mopti, "
        "tuant sept civils.",
        "Gunmen attacked the village of Tinkare in the Mopti region on Wednesday, killing seven "
        "civilians.",
    ],
)
def test_the_region_phrase_beside_a_village_is_context(index, text):
    inc = _one(text, index)
    assert place_names(inc) == ["Tinkare"]
    assert inc["locations"][0]["precision"] == 1
    assert inc["admin1"] == "Mopti"


# --- 4. relative dates anchored on the right day ----------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Gunmen attacked an army post in Tinkare on Wednesday, killing five soldiers. JNIM claimed "
        "the attack on Friday.",
        "Gunmen attacked an army post in Tinkare on Wednesday, killing five soldiers. The group "
        "claimed responsibility on Friday.",
        "Des hommes armés ont attaqué mercredi un poste militaire à Tinkare, tuant cinq soldats. "
        "Le JNIM a revendiqué l'attaque vendredi.",
        "JNIM claimed responsibility on Friday for an attack on an army post in Tinkare that "
        "killed five soldiers on Wednesday.",
        "The group claimed on Friday the attack on an army post in Tinkare on Wednesday that "
        "killed five soldiers.",
    ],
)
def test_a_claims_weekday_is_not_the_attacks_date(index, text):
    inc = _one(text, index)
    assert inc["date_start"] == "2024-03-13"
    assert inc["date_precision"] == "day"


@pytest.mark.parametrize(
    ("text", "earlier"),
    [
        ("Le 12 mars, des hommes armés ont tué cinq civils à Tinkare. Deux jours plus tôt, ils "
         "avaient attaqué un poste militaire à Sagala, tuant trois soldats.", "2024-03-10"),
        ("On March 12, gunmen killed five civilians in Tinkare. Two days earlier, they had "
         "attacked an army post in Sagala, killing three soldiers.", "2024-03-10"),
        ("Le 12 mars, des hommes armés ont tué cinq civils à Tinkare. La veille, ils avaient "
         "attaqué un poste militaire à Sagala, tuant trois soldats.", "2024-03-11"),
    ],
)  # fmt: skip
def test_an_offset_counts_from_the_event_the_story_dates(index, text, earlier):
    found = incidents(text, index, PUBLISHED)
    by_place = {place_names(i)[0]: i for i in found if i["locations"]}
    assert by_place["Tinkare"]["date_start"] == "2024-03-12"
    assert by_place["Sagala"]["date_start"] == earlier


# --- 5. "no casualties" is a toll of 0 --------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Des hommes armés ont attaqué mercredi un poste militaire à Tinkare, sans faire de "
        "victimes.",
        "Gunmen attacked an army post in Tinkare on Wednesday; there were no casualties.",
        "Gunmen attacked an army post in Tinkare on Wednesday, causing no casualties, the army "
        "said.",
        "L'attaque de mercredi contre le poste militaire de Tinkare n'a fait aucune victime.",
        "Gunmen attacked an army post in Tinkare on Wednesday. No one was killed, the army said.",
    ],
)
def test_no_casualties_is_a_toll_of_zero(index, text):
    inc = _one(text, index)
    assert place_names(inc) == ["Tinkare"]
    assert inc["fatalities"] == {"low": 0, "best": 0, "high": 0}


def test_an_attack_without_any_toll_word_still_has_no_toll(index):
    # The guard of the rule above: silence is no toll (null), never 0.
    inc = _one("Gunmen attacked an army post in Tinkare on Wednesday.", index)
    assert inc["fatalities"] == {"low": None, "best": None, "high": None}


# --- 6. attackers' deaths are not the victims' toll -------------------------------------------


@pytest.mark.parametrize(
    ("text", "toll"),
    [
        ("Gunmen attacked an army post in Tinkare on Wednesday, killing three soldiers. Fifteen "
         "assailants were killed as the army repelled the attack.", 3),
        ("Des hommes armés ont attaqué mercredi un poste militaire à Tinkare, tuant trois "
         "soldats ; quinze assaillants ont été tués.", 3),
        ("Gunmen attacked an army post in Tinkare on Wednesday; 15 assailants were killed and "
         "two soldiers died.", 2),
        ("Trois soldats ont été tués mercredi lors de l'attaque de Tinkare ; du côté des "
         "assaillants, quinze morts.", 3),
        ("L'attaque a fait mercredi trois morts parmi les soldats et quinze morts parmi les "
         "assaillants à Tinkare.", 3),
    ],
)  # fmt: skip
def test_attackers_deaths_are_kept_apart(index, text, toll):
    inc = _one(text, index)
    assert inc["fatalities"]["best"] == toll


@pytest.mark.parametrize(
    "text",
    [
        "Gunmen attacked an army post in Tinkare on Wednesday; 15 assailants were killed.",
        "Des hommes armés ont attaqué mercredi un poste militaire à Tinkare ; quinze assaillants "
        "ont été tués.",
    ],
)
def test_only_attackers_dead_leaves_the_victims_toll_empty(index, text):
    inc = _one(text, index)
    assert inc["fatalities"]["best"] is None


# --- 7. a named group is not "unidentified" ---------------------------------------------------


@pytest.mark.parametrize(
    ("text", "group"),
    [
        ("Fighters of the Islamic State Sahel Province attacked an army post in Tinkare on "
         "Wednesday, killing five soldiers.", IS_SAHEL),
        ("Des combattants de l'État islamique au Sahel ont attaqué mercredi un poste militaire "
         "à Tinkare, tuant cinq soldats.", IS_SAHEL),
        ("Ansarul Islam militants killed eight civilians in Soumbara on Wednesday.", ANSAROUL),
        ("Des jihadistes du JNIM ont tué mercredi cinq soldats à Tinkare.", JNIM),
        ("Gunmen from the JNIM attacked an army post in Tinkare on Wednesday, killing five "
         "soldiers.", JNIM),
        ("Gunmen affiliated with the Islamic State Sahel Province attacked an army post in "
         "Tinkare on Wednesday, killing five soldiers.", IS_SAHEL),
        ("Des hommes armés liés au JNIM ont tué mercredi cinq soldats à Tinkare.", JNIM),
        ("Gunmen attacked an army post in Tinkare on Wednesday, killing five soldiers. The "
         "attackers belonged to Ansarul Islam, a security source said.", ANSAROUL),
        ("Cinq soldats ont été tués mercredi à Tinkare par des jihadistes. Les assaillants "
         "appartiennent au JNIM, selon une source sécuritaire.", JNIM),
        ("Des hommes armés ont attaqué mercredi un poste militaire à Tinkare, tuant cinq "
         "soldats. Il s'agit d'éléments de l'État islamique au Sahel, selon une source locale.",
         IS_SAHEL),
    ],
)  # fmt: skip
def test_a_named_group_is_the_perpetrator(index, text, group):
    inc = _one(text, index)
    assert inc["perpetrators"] == [group]
    assert not any(p.startswith("Unidentified") for p in inc["perpetrators"])


@pytest.mark.parametrize(
    "text",
    [
        "Gunmen believed to be linked to JNIM attacked an army post in Tinkare on Wednesday, "
        "killing five soldiers.",
        "Des hommes armés ont tué mercredi cinq soldats à Tinkare. L'attaque porte la marque du "
        "JNIM.",
    ],
)
def test_a_group_only_suspected_is_suspected_beside_the_unidentified_attackers(index, text):
    # The guard of the rule above: a hedge keeps the named group a suspect (the convention).
    inc = _one(text, index)
    assert inc["suspected"] == [JNIM]
    assert inc["perpetrators"] == [UAG_MALI]


@pytest.mark.parametrize(
    "text",
    [
        "Gunmen attacked an army post in Tinkare on Wednesday, killing five soldiers. JNIM, which "
        "is linked to al-Qaeda, is active in the area.",
        "Gunmen attacked an army post in Tinkare on Wednesday, killing five soldiers. Militants "
        "linked to JNIM are present in the area.",
        "Gunmen attacked an army post in Tinkare on Wednesday, killing five soldiers. The violence "
        "spread south after an armed uprising, led by jihadists linked to JNIM who seized towns.",
    ],
)
def test_a_groups_background_affiliation_is_not_the_attacker(index, text):
    inc = _one(text, index)
    assert inc["perpetrators"] == [UAG_MALI]


# --- 8. approximate dates carry their precision -----------------------------------------------


@pytest.mark.parametrize(
    ("text", "precision", "start", "end"),
    [
        ("Des hommes armés ont tué ces derniers jours cinq civils à Tinkare.", "week",
         "2024-03-10", "2024-03-16"),
        ("Gunmen killed five civilians in Tinkare earlier this week.", "week",
         "2024-03-11", "2024-03-16"),
        ("Gunmen killed five civilians in Tinkare in mid-March.", "month",
         "2024-03-01", "2024-03-31"),
        ("Des hommes armés ont tué cinq civils à Tinkare à la mi-mars.", "month",
         "2024-03-01", "2024-03-31"),
        ("Ces derniers jours, des hommes armés ont tué cinq civils à Tinkare.", "week",
         "2024-03-10", "2024-03-16"),
        ("Gunmen killed five civilians in Tinkare in recent days.", "week",
         "2024-03-10", "2024-03-16"),
        ("Gunmen killed five civilians in Tinkare a few days ago.", "week",
         "2024-03-10", "2024-03-16"),
        ("Des hommes armés ont tué cinq civils à Tinkare il y a quelques jours.", "week",
         "2024-03-10", "2024-03-16"),
        ("Des hommes armés ont tué cinq civils à Tinkare en début de semaine.", "week",
         "2024-03-11", "2024-03-16"),
    ],
)  # fmt: skip
def test_an_approximate_date_is_not_an_exact_day(index, text, precision, start, end):
    inc = _one(text, index)
    assert inc["date_precision"] == precision
    assert (inc["date_start"], inc["date_end"]) == (start, end)
