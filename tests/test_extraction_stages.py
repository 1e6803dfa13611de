"""The engine's stages one by one, on synthetic English and French sentences (pure Python)."""

from __future__ import annotations

import datetime

from incidents.extraction import ActorEntry, PlaceEntry, ProposedIncident, build_index, extract
from incidents.extraction.stages.header import read_document
from incidents.extraction.stages.mentions import find_mentions
from incidents.extraction.stages.numbers import fatality_of, parse_number
from incidents.extraction.stages.resolve_places import resolve_places, story_country
from incidents.extraction.stages.segment import segment

TUESDAY = datetime.date(2025, 7, 1)


def small_index():
    places = [
        PlaceEntry(1, "Ségou", "Segou", kind="place", country_code="ML", admin1_code="ML.05",
                   admin1_name="Ségou", latitude=13.4, longitude=-6.2, feature_code="P.PPLA"),
        PlaceEntry(2, "Djibo", "Djibo", kind="place", country_code="BF", admin1_code="BF.12",
                   admin1_name="Sahel", latitude=14.1, longitude=-1.6, feature_code="P.PPL"),
    ]  # fmt: skip
    actors = [
        ActorEntry(10, "Military Forces of Mali (2021-)", "FAMa", 1, "ML",
                   [("armée malienne", "fr"), ("Malian army", "en")]),
        ActorEntry(11, "Unidentified Armed Group (Mali)", "UAG", 3, "ML"),
        ActorEntry(12, "Civilians (Mali)", "Civilians", 7, "ML"),
    ]  # fmt: skip
    return build_index(actors, places)


def mentions(text: str, **kwargs):
    doc, sentences = read_document(text, **kwargs)
    find_mentions(doc, sentences, small_index())
    return doc


def test_header_stage_reads_the_dateline_language_and_body():
    doc, sentences = read_document("BAMAKO, 3 fév 2025 (AFP) - Des hommes armés ont attaqué Ségou.")
    assert doc.published == datetime.date(2025, 2, 3)
    assert doc.header.agency == "AFP" and doc.header.dateline_place == "BAMAKO"
    assert doc.language == "fr"
    assert doc.text[doc.body_start :].startswith("Des hommes")
    assert [s.text for s in sentences] == ["Des hommes armés ont attaqué Ségou."]


def test_mentions_stage_finds_places_actors_countries_and_dates_in_english():
    doc = mentions(
        "Gunmen attacked Ségou in Mali on Tuesday, the Malian army said.", published=TUESDAY
    )
    [sentence] = doc.sentences
    assert [pm.surface for pm in sentence.places] == ["Ségou"]
    assert [actor.short_name for _s, _e, actor in sentence.actors] == ["FAMa"]
    assert [cc for _s, _e, cc in sentence.countries] == ["ML", "ML"]  # "Mali", "Malian"
    assert [d.date_start for d in sentence.dates] == [TUESDAY]


def test_mentions_stage_takes_a_spokesmans_name_for_a_person_not_a_place():
    doc = mentions(
        "Army spokesman Djibo said soldiers repelled an attack near Ségou.", language="en"
    )
    [sentence] = doc.sentences
    assert [pm.surface for pm in sentence.places] == ["Ségou"]
    assert [pm.surface for pm in sentence.context_places] == ["Djibo"]


def test_place_resolution_and_segmentation_in_french():
    text = (
        "Mardi, des hommes armés ont attaqué le village de Ségou, au Mali. "
        "Une autre attaque a visé Djibo mercredi."
    )
    doc = mentions(text, published=datetime.date(2025, 7, 3))
    doc.story_country = story_country(doc.sentences)
    resolve_places(doc.sentences, small_index(), doc.story_country)
    assert doc.story_country == "ML"
    assert doc.sentences[0].places[0].chosen.id == 1
    drafts = segment(doc.sentences, doc.published)
    assert [d.date.date_start for d in drafts] == [
        datetime.date(2025, 7, 1),
        TUESDAY.replace(day=2),
    ]


def test_numbers_stage_reads_counts_in_both_languages():
    assert parse_number("une vingtaine") == (20, "approx")
    assert parse_number("dozens") == (24, "atleast")
    assert parse_number("douze") == (12, "exact")
    assert fatality_of(12, "exact", "au moins").to_dict() == {"low": 12, "best": 12, "high": None}
    assert fatality_of(12, "exact", "up to").to_dict() == {"low": None, "best": 12, "high": 12}


def test_proposed_incident_survives_its_json_round_trip():
    text = "Gunmen killed at least 12 civilians in Ségou on Tuesday, the Malian army said."
    [incident] = extract(text, index=small_index(), published=TUESDAY).incidents
    again = ProposedIncident.from_dict(incident.to_dict(extra=True))
    assert again.to_dict(extra=True) == incident.to_dict(extra=True)
    assert again.fatalities.best == 12 and again.locations[0].location_id == 1
