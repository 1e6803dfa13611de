"""Pure building blocks of the engine: dates, index matching, GeoNames parsing, taxonomy."""

from __future__ import annotations

import datetime

import pytest

from incidents.extraction import ActorEntry, PlaceEntry, build_index, extract
from incidents.extraction.dates import find_dates
from incidents.extraction.gazetteer import GeoNamesFormatError, parse_geonames_lines
from incidents.extraction.normalize import fold
from incidents.extraction.taxonomy import disorder_type_for, event_type_of

TUESDAY = datetime.date(2025, 7, 1)


def dates(text: str, lang: str = "en", published: datetime.date = TUESDAY):
    return [(d.date_start, d.date_end, d.precision, d.kind) for d in
            find_dates(text, fold(text), 0, published, lang)]  # fmt: skip


def test_weekday_in_a_same_weekday_story_is_that_day():
    assert dates("attacked early Tuesday")[0][:3] == (TUESDAY, TUESDAY, "day")


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("On June 2, an assault", "en", datetime.date(2025, 6, 2)),
        ("le 2 juin, une attaque", "fr", datetime.date(2025, 6, 2)),
        ("dimanche dernier", "fr", datetime.date(2025, 6, 29)),
        ("mardi", "fr", TUESDAY),
        ("yesterday", "en", datetime.date(2025, 6, 30)),
        ("On December 30", "en", datetime.date(2024, 12, 30)),
    ],
)
def test_day_expressions(text, lang, expected):
    assert dates(text, lang)[0][0] == expected


def test_last_week_has_week_precision():
    start, end, precision, _ = dates("gunmen killed five people last week")[0]
    assert (start, end, precision) == (
        datetime.date(2025, 6, 23),
        datetime.date(2025, 6, 29),
        "week",
    )


def test_anaphoric_offsets():
    assert dates("That attack came a day after a raid")[0][3] == "anaphoric"
    found = find_dates("la veille", "la veille", 0, TUESDAY, "fr")[0]
    assert found.offset_days == -1
    found = find_dates("a day after", "a day after", 0, TUESDAY, "en")[0]
    assert found.offset_days == 1


def test_fold_keeps_length_and_strips_accents():
    text = "Ségou, l’armée Tombouctou — Kidal"
    assert len(fold(text)) == len(text)
    assert fold(text).startswith("segou, l'armee")


def small_index():
    places = [
        PlaceEntry(1, "Ségou", "Segou", kind="place", country_code="ML", admin1_code="ML.05",
                   admin1_name="Ségou", latitude=13.4, longitude=-6.2, feature_code="P.PPLA"),
    ]  # fmt: skip
    actors = [
        ActorEntry(10, "Military Forces of Mali (2021-)", "FAMa", 1, "ML",
                   [("armée malienne", "fr"), ("Malian army", "en")]),
        ActorEntry(11, "Unidentified Armed Group (Mali)", "UAG", 3, "ML"),
        ActorEntry(12, "Civilians (Mali)", "Civilians", 7, "ML"),
        ActorEntry(13, "Islamic State (Sahel)", "IS Sahel", 2, "ML", [("EIS", "fr")]),
    ]  # fmt: skip
    return build_index(actors, places)


def test_index_is_accent_and_case_insensitive_on_word_boundaries():
    index = small_index()
    text = "Des soldats de l'ARMEE MALIENNE à Segou; Ségouville n'est pas Ségou."
    found = [(text[s:e], [ref for ref in p]) for s, e, p in index.scan(text)]
    assert [f[0] for f in found] == ["ARMEE MALIENNE", "Segou", "Ségou"]


def test_short_acronyms_match_only_in_capitals():
    index = small_index()
    assert [text for text in ("EIS", "eis") if index.scan(f"Le {text} a frappé")] == ["EIS"]


def test_french_article_with_generic_perpetrators_and_toll():
    text = (
        "Des hommes armés non identifiés ont attaqué mardi le village de Ségou, tuant au moins "
        "12 civils, selon des sources locales. Aucune revendication n'a été faite. Cinq blessés."
    )
    result = extract(text, index=small_index(), published=TUESDAY)
    [incident] = result.to_dict()["incidents"]
    assert result.language == "fr"
    assert incident["date_start"] == "2025-07-01"
    assert incident["perpetrators"] == ["Unidentified Armed Group (Mali)"]
    assert incident["targets"] == ["Civilians (Mali)"]
    assert incident["fatalities"] == {"low": 12, "best": 12, "high": None}
    assert incident["claim_status"] == "unclaimed"
    assert (incident["event_type"], incident["sub_event_type"]) == (
        "Violence against civilians",
        "Attack",
    )


def test_commentary_gives_no_incident():
    text = "For more than a decade Mali has faced attacks from jihadist groups in recent years."
    assert extract(text, index=small_index(), published=TUESDAY).incidents == []


def test_geonames_parser_reads_rows_and_rejects_bad_lines():
    row = "\t".join(["2451711", "Sandaré", "Sandare", "Sandare,Sandaré", "14.7038", "-10.3057",
                     "P", "PPL", "ML", "", "03", "", "", "", "0", "", "150", "Africa/Bamako",
                     "2012-01-01"])  # fmt: skip
    [parsed] = parse_geonames_lines(["# comment", "", row])
    assert parsed["geonames_id"] == 2451711 and parsed["alternate_names"] == ["Sandare", "Sandaré"]
    with pytest.raises(GeoNamesFormatError, match="line 1"):
        list(parse_geonames_lines(["too\tfew"]))


def test_taxonomy_helpers():
    assert event_type_of("Remote explosive/landmine/IED") == "Explosions/Remote violence"
    assert disorder_type_for("Protests", "Excessive force against protesters") == (
        "Political violence; Demonstrations"
    )
