"""One synthetic sentence per engine rule added to reach issue 4's dev-set targets (not dev-set text)."""

from __future__ import annotations

import datetime

import pytest

from incidents.extraction import ActorEntry, PlaceEntry, build_index
from incidents.extraction.dates import find_dates
from incidents.extraction.normalize import fold

from .extraction_support import SATURDAY, incidents, place_entry, place_names


@pytest.fixture(scope="module")
def index():
    places = [
        place_entry(1, "Koro", "ML.04", "Mopti", 14.07, -3.08, "P.PPLA2"),
        place_entry(2, "Mopti", "ML.04", "Mopti", 14.49, -4.19, "P.PPLA"),
        place_entry(3, "Mopti Region", "ML.04", "Mopti", 14.6, -3.5, "A.ADM1", "admin1", ("Mopti",)),
        # Two homonyms: the one near the story's other place must win.
        place_entry(4, "Sanakoro", "ML.04", "Mopti", 14.10, -3.10),
        place_entry(5, "Sanakoro", "ML.03", "Kayes", 13.20, -11.0),
        place_entry(6, "Bamako", "ML.01", "Bamako", 12.65, -8.0, "P.PPLC"),
        place_entry(7, "Dialassagou", "ML.04", "Mopti", 14.2, -3.3),
        place_entry(8, "Segou Region", "ML.05", "Ségou", 13.5, -6.0, "A.ADM1", "admin1", ("Segou",)),
        place_entry(9, "Segou", "ML.05", "Ségou", 13.43, -6.26, "P.PPLA"),
        place_entry(10, "Beri", "ML.04", "Mopti", 14.3, -3.6),
        place_entry(11, "Tombouctou", "ML.06", "Tombouctou", 16.77, -3.0, "P.PPLA"),
        place_entry(12, "Tombouctou Region", "ML.06", "Tombouctou", 18.0, -3.0, "A.ADM1", "admin1",
                    ("région de Tombouctou",)),
        place_entry(13, "Douna", "ML.04", "Mopti", 14.15, -3.2),
        place_entry(14, "Diffa", "ML.07", "Gao", 16.0, 0.5),
        PlaceEntry(15, "Djibo", "djibo", [], "place", "BF", "BF.78", "Sahel", "", 14.1, -1.6, 0,
                   "P.PPLA2", 15),
    ]  # fmt: skip
    actors = [
        ActorEntry(10, "Military Forces of Mali (2021-)", "FAMa", 1, "ML", [("Malian army", "en")]),
        ActorEntry(11, "Unidentified Armed Group (Mali)", "UAG", 3, "ML"),
        ActorEntry(12, "Civilians (Mali)", "Civilians", 7, "ML"),
        ActorEntry(13, "JNIM: Group for Support of Islam and Muslims", "JNIM", 2, "ML",
                   [("JNIM", "en"), ("GSIM", "fr")]),
        ActorEntry(14, "Islamic State", "IS", 2, "", [("Islamic State group", "en")]),
        ActorEntry(15, "Islamic State (Sahel)", "IS Sahel", 2, "ML",
                   [("État islamique au Sahel", "fr")]),
        ActorEntry(16, "Al Qaeda", "Al Qaeda", 2, "", [("Al-Qaeda", "en")]),
        ActorEntry(17, "Civilians (Burkina Faso)", "Civilians", 7, "BF"),
        ActorEntry(18, "Military Forces of France (2017-)", "French army", 8, "FR",
                   [("armée française", "fr")]),
    ]  # fmt: skip
    return build_index(actors, places)


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


# --- second round: claims ---------------------------------------------------------------------


def test_a_misspelt_responsibility_is_still_a_claim(index):
    [inc] = incidents(
        "Gunmen attacked an army post in Koro on Friday. JNIM claimed responsiblity for it.",
        index,
    )
    assert (inc["claim_status"], inc["claimants"]) == (
        "claimed",
        ["JNIM: Group for Support of Islam and Muslims"],
    )


def test_a_group_saying_it_did_the_act_claims_it(index):
    [inc] = incidents("Le Jnim affirme avoir ciblé vendredi un convoi de l'armée à Koro.", index)
    assert inc["claim_status"] == "claimed"
    assert inc["claimants"] == ["JNIM: Group for Support of Islam and Muslims"]


def test_a_claim_for_both_attacks_reaches_the_two_incidents_before_it(index):
    text = (
        "An attack on an army post in Koro on Thursday killed five soldiers. On Friday, a soldier"
        " died in Douna when his vehicle struck a landmine. The Islamic State group claimed "
        "responsibility for both attacks."
    )
    found = incidents(text, index)
    assert [(i["claim_status"], i["claimants"]) for i in found] == [
        ("claimed", ["Islamic State"]),
        ("claimed", ["Islamic State"]),
    ]


def test_blamed_on_unnamed_jihadists_is_no_attribution(index):
    [inc] = incidents("Two soldiers were killed in Koro on Friday in an attack blamed on jihadists.",
                      index)  # fmt: skip
    assert inc["claim_status"] == "unknown"


def test_a_group_named_on_the_uns_word_is_attributed(index):
    text = (
        "Des assaillants, membres du GSIM, ont attaqué vendredi le camp militaire de Koro, tuant "
        "au moins 12 civils, selon l'ONU."
    )
    [inc] = incidents(text, index)
    assert inc["claim_status"] == "attributed"
    assert inc["perpetrators"] == ["JNIM: Group for Support of Islam and Muslims"]


def test_the_armys_claim_contested_by_locals_is_disputed(index):
    text = (
        "L'armée assure avoir détruit vendredi des cibles terroristes à Koro par des frappes de "
        "drone. Des sources locales affirment quant à elles que ce sont des civils qui ont été tués."
    )
    [inc] = incidents(text, index)
    assert inc["claim_status"] == "disputed"
    assert inc["claimants"] == ["Military Forces of Mali (2021-)"]


def test_a_hedged_agent_is_only_suspected(index):
    text = (
        "Des hommes armés ont attaqué vendredi le camp militaire de Koro. Aucune revendication. "
        "Le camp aurait été pris par le groupe État islamique au Sahel, selon des sources locales."
    )
    [inc] = incidents(text, index)
    assert inc["suspected"] == ["Islamic State (Sahel)"]
    assert inc["perpetrators"] == ["Unidentified Armed Group (Mali)"]


# --- second round: segmentation and dates -----------------------------------------------------


def test_a_headline_summing_up_two_attacks_lends_its_claim_not_its_places(index):
    text = (
        "Le Jnim revendique l'assaut sur Koro et le pilonnage de Douna\n"
        "Vendredi, le camp militaire de Koro a été visé par un attentat à la voiture piégée. "
        "Simultanément, des obus de mortier ont été tirés contre le camp de Douna."
    )
    found = incidents(text, index)
    assert [place_names(i) for i in found] == [["Koro"], ["Douna"]]
    assert [i["claim_status"] for i in found] == ["claimed", "claimed"]


def test_a_sentence_reporting_attacks_in_two_places_does_not_merge_them(index):
    text = (
        "Le Jnim a revendiqué des attaques contre l'armée à Koro et Douna.\n"
        "Vendredi, le camp militaire de Koro a été visé par un attentat à la voiture piégée. "
        "Simultanément, des obus de mortier ont été tirés contre le camp de Douna."
    )
    found = incidents(text, index)
    assert [place_names(i) for i in found] == [["Koro"], ["Douna"]]


def test_an_indefinite_new_attack_after_a_report_day_is_another_incident(index):
    text = (
        "Two soldiers were killed near Koro when their vehicle hit a mine, the army said Saturday."
        " An attack on a military base on Thursday left ten soldiers dead in Douna."
    )
    found = incidents(text, index)
    assert [i["date_start"] for i in found] == ["2024-03-16", "2024-03-14"]


def test_a_weekday_refines_last_week(index):
    text = (
        "Des hommes armés ont enlevé la semaine dernière des femmes à Koro. Un premier groupe a "
        "été enlevé jeudi."
    )
    [inc] = incidents(text, index, published=datetime.date(2024, 3, 18))
    assert (inc["date_start"], inc["date_end"]) == ("2024-03-14", "2024-03-14")


def test_an_incident_without_a_place_happens_where_the_headline_says(index):
    text = (
        "Dix femmes enlevées à Koro\nDes hommes armés ont enlevé jeudi dix femmes. Au lendemain,"
        " douze autres femmes ont été enlevées dans la même localité de Koro."
    )
    found = incidents(text, index)
    assert [place_names(i) for i in found] == [["Koro"], ["Koro"]]


def test_same_day_new_place_and_kind_splits_even_with_the_day_repeated(index):
    text = (
        "Le Jnim affirme avoir ciblé ce vendredi à Koro un convoi avec un engin explosif. L'armée "
        "a diffusé un communiqué sur l'attaque, ce vendredi également, de son emprise à Douna."
    )
    found = incidents(text, index)
    assert [place_names(i) for i in found] == [["Koro"], ["Douna"]]


def test_a_date_and_its_day_name_are_one_report_date(index):
    text = (
        "Dans un communiqué publié ce samedi 16 mars, le Jnim dit avoir attaqué le camp militaire "
        "de Koro. Des soldats ont été tués jeudi 14 mars lors de l'attaque."
    )
    [inc] = incidents(text, index)
    assert inc["date_start"] == "2024-03-14"


def test_dates_inside_a_since_clause_are_history(index):
    text = (
        "Gunmen killed two soldiers in Koro on Friday. These are the first deaths since a January "
        "5 report of six deaths during clashes in November and December."
    )
    assert [i["date_start"] for i in incidents(text, index)] == ["2024-03-15"]


def test_a_summary_of_two_operations_dates_the_incidents_that_follow(index):
    text = (
        "Le Jnim a publié samedi des détails sur les deux opérations menées le jeudi 14 mars. Le "
        "Jnim revendique une attaque à grande échelle. Le camp militaire de Koro a été visé."
    )
    [inc] = incidents(text, index)
    assert inc["date_start"] == "2024-03-14"


def test_habits_and_past_targets_are_background(index):
    text = (
        "Gunmen attacked an army post in Koro on Friday. The group regularly claims attacks and "
        "has in the past targeted the armée française."
    )
    [inc] = incidents(text, index)
    assert "Military Forces of France (2017-)" not in inc["targets"]


def test_named_days_beat_the_offset_they_restate(index):
    text = (
        "Gunmen attacked an army post in Koro on Friday. Le jour même et la veille, jeudi soir et "
        "vendredi soir, l'armée a opéré des frappes de drones à Douna."
    )
    found = incidents(text, index)
    assert (found[1]["date_start"], found[1]["date_end"]) == ("2024-03-14", "2024-03-15")


def test_gunfire_all_night_seen_in_the_morning_began_the_evening_before(index):
    text = (
        "Gunmen killed 20 civilians in Koro. All night long, we heard gunfire. It was on Friday "
        "morning that we saw the dead."
    )
    [inc] = incidents(text, index)
    assert (inc["date_start"], inc["date_end"]) == ("2024-03-14", "2024-03-15")


def test_commentary_with_no_actor_date_or_toll_is_no_incident(index):
    text = "The three juntas seized power in a series of coups and are forming an army in Koro."
    assert incidents(text, index) == []


# --- second round: actors ---------------------------------------------------------------------


def test_a_possessive_parent_organisation_is_not_a_suspect(index):
    text = (
        "Gunmen attacked an army camp in Koro on Friday. No group has claimed it, but suspected "
        "jihadists of al-Qaeda's Group for the Support of Islam and Muslims (JNIM) are suspected."
    )
    [inc] = incidents(text, index)
    assert inc["suspected"] == ["JNIM: Group for Support of Islam and Muslims"]


def test_a_rival_named_in_apposition_is_not_an_actor(index):
    text = (
        "Le camp militaire de Koro a été attaqué vendredi. Il aurait été pris par le groupe État "
        "islamique au Sahel, rival du Jnim."
    )
    [inc] = incidents(text, index)
    assert inc["suspected"] == ["Islamic State (Sahel)"]


def test_the_armys_sweep_after_an_abduction_is_no_perpetration(index):
    text = (
        "Des hommes armés ont enlevé vendredi dix femmes à Koro. Un ratissage a été entrepris "
        "par l'armée malienne pour retrouver les otages."
    )
    [inc] = incidents(text.replace("l'armée malienne", "Malian army"), index)
    assert inc["perpetrators"] == ["Unidentified Armed Group (Mali)"]


def test_civilians_are_those_of_the_incidents_country(index):
    text = "Gunmen killed 20 civilians in Djibo on Friday."
    [inc] = incidents(text, index)
    assert inc["targets"] == ["Civilians (Burkina Faso)"]


def test_abducted_women_are_civilian_targets(index):
    [inc] = incidents("Une trentaine de femmes ont été enlevées vendredi à Koro.", index)
    assert inc["targets"] == ["Civilians (Mali)"]


def test_the_army_as_subject_of_drone_strikes_is_the_perpetrator(index):
    text = "Vendredi, l'armée a opéré des frappes de drones à Koro qui ont tué treize civils."
    [inc] = incidents(text, index)
    assert inc["perpetrators"] == ["Military Forces of Mali (2021-)"]
    assert inc["event_type"] == "Explosions/Remote violence"


def test_a_group_outside_the_actor_list_is_not_an_unidentified_group(index):
    text = "Vendredi, les rebelles du CSP ont tué plusieurs dizaines de soldats maliens à Koro."
    [inc] = incidents(text, index)
    assert inc["perpetrators"] == []


# --- second round: fatalities -----------------------------------------------------------------


def test_the_attackers_tally_does_not_win_over_the_victims(index):
    text = (
        "Jihadists attacked an army post in Koro on Friday. The toll is two dead on the army side "
        "and five dead on the attackers' side."
    )
    [inc] = incidents(text, index)
    assert inc["fatalities"]["best"] == 2


def test_those_the_army_neutralised_in_its_own_strike_are_its_victims(index):
    text = (
        "L'armée a mené vendredi des frappes de drone à Koro. Bilan officiel : une vingtaine "
        "d'individus armés neutralisés."
    )
    [inc] = incidents(text, index)
    assert inc["fatalities"]["best"] == 20


def test_a_toll_in_two_parts_is_summed(index):
    text = (
        "Seven soldiers and a civilian driver were killed by a roadside bomb near Koro on Friday."
    )
    [inc] = incidents(text, index)
    assert inc["fatalities"]["best"] == 8


def test_a_single_victim_counts_one(index):
    text = "On Friday, a soldier died near Koro after his vehicle struck an explosive device."
    [inc] = incidents(text, index)
    assert inc["fatalities"]["best"] == 1


# --- second round: event type and places ------------------------------------------------------


def test_event_type_comes_from_the_incidents_own_sentences(index):
    text = (
        "L'armée assure avoir détruit vendredi des cibles terroristes à Koro. La localité a été "
        "visée par des tirs de drone qui ont tué des civils."
    )
    [inc] = incidents(text, index)
    assert inc["sub_event_type"] == "Air/drone strike"


def test_an_ambush_on_soldiers_with_abductions_is_a_clash(index):
    text = "Gunmen ambushed an army patrol near Koro on Friday and kidnapped three foreigners."
    [inc] = incidents(text, index)
    assert (inc["event_type"], inc["sub_event_type"]) == ("Battles", "Armed clash")


def test_a_photo_caption_places_nothing(index):
    text = (
        "Gunmen attacked an army post in Koro on Friday, killing five soldiers.\n"
        "Soldiers gather as they prepare to guard the road near the town of Diffa\n"
        "The army said the attackers fled."
    )
    [inc] = incidents(text, index)
    assert place_names(inc) == ["Koro"]


def test_a_match_ending_a_longer_name_is_the_whole_name(index):
    text = "A patrol came across armed men at Baley Beri on Friday, which resulted in a long fight."
    [inc] = incidents(text, index)
    assert place_names(inc) == ["Baley Beri"]


def test_region_de_x_names_the_region(index):
    text = "Vendredi, des frappes de drones ont tué treize civils dans la région de Tombouctou."
    [inc] = incidents(text, index)
    assert [(loc["name"], loc["precision"]) for loc in inc["locations"]] == [
        ("Tombouctou Region", 3)
    ]


def test_mortar_and_rocket_fire_reports_an_event(index):
    [inc] = incidents("Des obus de mortier ont été tirés vendredi contre le camp de Koro.", index)
    assert inc["sub_event_type"] == "Shelling/artillery/missile attack"


def test_an_armys_base_attacked_makes_the_army_the_target(index):
    [inc] = incidents("L'état-major a annoncé l'attaque vendredi de son emprise à Koro.", index)
    assert inc["targets"] == ["Military Forces of Mali (2021-)"]


def test_revendique_des_is_a_claim(index):
    [inc] = incidents(
        "Le Jnim revendique des tirs contre le camp militaire de Koro vendredi.", index
    )
    assert inc["claim_status"] == "claimed"


def test_an_indefinite_ambush_elsewhere_the_same_day_is_another_incident(index):
    text = (
        "Des hommes armés ont attaqué vendredi un poste de gendarmerie à Koro, tuant six "
        "gendarmes. Le même jour, une embuscade près de Douna a fait neuf morts parmi les soldats."
    )
    found = incidents(text, index)
    assert [place_names(i) for i in found] == [["Koro"], ["Douna"]]


def test_revendiquees_par_x_makes_x_the_claimant(index):
    text = "L'attaque du camp militaire de Koro, vendredi, a été revendiquée par le Jnim."
    [inc] = incidents(text, index)
    assert inc["claimants"] == ["JNIM: Group for Support of Islam and Muslims"]


def test_an_unpunctuated_dated_line_is_no_caption(index):
    text = (
        "Attack in Mali\nGunmen killed 12 civilians in the village of Koro in central Mali on "
        "Friday, officials said\nNo group has claimed responsibility."
    )
    [inc] = incidents(text, index)
    assert place_names(inc) == ["Koro"]
