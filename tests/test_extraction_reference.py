"""The reference AFP article (shared/examples) gives the three incidents of the reference table."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from incidents.extraction import build_index, extract
from incidents.extraction.gazetteer import places_from_geonames
from incidents.extraction.reference import load_actors_json

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"
if not SHARED.exists():
    SHARED = Path("/work/shared")
GAZETTEER = SHARED / "data" / "gazetteer"
ARTICLE = SHARED / "examples" / "kayes-attacks-2025-07-01.en.txt"
MALI_ARMY = "Military Forces of Mali (2021-)"
UAG_MALI = "Unidentified Armed Group (Mali)"
JNIM = "JNIM: Group for Support of Islam and Muslims"


@pytest.fixture(scope="module")
def index():
    # Mali plus Senegal and Mauritania, so the context names (Dakar…) really are in the gazetteer.
    files = [GAZETTEER / f"{cc}.txt" for cc in ("ML", "SN", "MR")]
    places = places_from_geonames(files, GAZETTEER / "admin1CodesASCII.txt")
    return build_index(load_actors_json(), places)


@pytest.fixture(scope="module")
def result(index):
    return extract(ARTICLE.read_text(encoding="utf-8"), index=index)


@pytest.fixture(scope="module")
def incidents(result):
    return result.to_dict()["incidents"]


def test_header_gives_publication_date_and_language(result):
    assert result.published == datetime.date(2025, 7, 1)
    assert result.language == "en"


def test_three_incidents_and_no_background_ones(incidents):
    assert [i["date_start"] for i in incidents] == ["2025-07-01", "2025-06-02", "2025-06-01"]
    assert all(i["date_end"] == i["date_start"] for i in incidents)
    assert all(i["date_precision"] == "day" for i in incidents)


def test_kayes_attacks(incidents):
    kayes = incidents[0]
    assert kayes["country"] == "ML"
    assert kayes["admin1"] == "Kayes"
    assert [loc["geonames_id"] for loc in kayes["locations"]] == [
        2455518,  # Kayes
        2452651,  # Nioro (du Sahel)
        2451711,  # Sandaré
        2457077,  # Gogui
        2458925,  # Diboli
    ]
    assert all(loc["precision"] == 1 for loc in kayes["locations"])
    assert kayes["perpetrators"] == [UAG_MALI]
    assert kayes["suspected"] == [JNIM]
    assert kayes["claimants"] == []
    assert kayes["targets"] == [MALI_ARMY]
    assert kayes["claim_status"] == "unclaimed"
    assert kayes["fatalities"] == {"low": None, "best": None, "high": None}
    assert (kayes["event_type"], kayes["sub_event_type"]) == ("Battles", "Armed clash")


def test_context_places_and_background_actors_are_left_out(incidents):
    names = {loc["name"] for inc in incidents for loc in inc["locations"]}
    assert not names & {"Dakar", "Senegal", "Mauritania", "Republic of Senegal"}
    actors = {
        a for inc in incidents for k in ("perpetrators", "suspected", "targets") for a in inc[k]
    }
    assert "Al Qaeda" not in actors and "Islamic State" not in actors


def test_timbuktu_attack(incidents):
    timbuktu = incidents[1]
    assert timbuktu["admin1"] == "Tombouctou"
    assert [loc["geonames_id"] for loc in timbuktu["locations"]] == [2449067]
    assert timbuktu["claim_status"] == "claimed"
    assert timbuktu["claimants"] == []
    assert timbuktu["perpetrators"] == [UAG_MALI]
    assert timbuktu["targets"] == [MALI_ARMY]
    assert timbuktu["fatalities"]["best"] is None
    assert timbuktu["event_type"] == "Battles"


def test_raid_in_the_centre(incidents):
    raid = incidents[2]
    assert raid["country"] == "ML"
    assert raid["admin1"] is None
    [where] = raid["locations"]
    assert where["precision"] == 3 and where["geonames_id"] is None
    assert where["name"] == "centre of the country"
    assert raid["fatalities"] == {"low": 30, "best": 30, "high": None}
    assert raid["claim_status"] == "claimed"
    assert raid["targets"] == [MALI_ARMY]


def test_every_evidence_span_points_into_the_text(result):
    text = ARTICLE.read_text(encoding="utf-8")
    for incident in result.incidents:
        fields = {ev.field for ev in incident.evidence}
        assert {"date", "location", "perpetrator", "target", "claim_status"} <= fields
        for ev in incident.evidence:
            assert text[ev.start : ev.end] == ev.text
    first = result.incidents[0]
    assert any(ev.field == "date" and ev.text == "early Tuesday" for ev in first.evidence)
    assert first.claim_label == "Unclaimed, JNIM suspected"
    assert first.summary.startswith("Suspected jihadists attacked")
