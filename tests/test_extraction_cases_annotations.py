"""The extraction development set is well formed: shapes, evidence offsets, actors, GeoNames."""

import json
from pathlib import Path

import pytest

from .extraction_cases import check_cases

CASES = Path(__file__).resolve().parent / "extraction_cases"

GAZETTEER_DIR = check_cases.default_gazetteer()
GAZETTEER = check_cases.Gazetteer(GAZETTEER_DIR) if GAZETTEER_DIR.is_dir() else None
ANNOTATIONS = sorted(CASES.glob("*.json"))


def test_set_has_the_reference_and_enough_real_articles():
    slugs = {p.stem for p in ANNOTATIONS}
    assert "kayes-attacks-2025-07-01.en" in slugs
    docs = [json.loads(p.read_text(encoding="utf-8")) for p in ANNOTATIONS]
    assert len(docs) - 1 >= 15
    assert sum(d["language"] == "fr" for d in docs) >= 5
    assert sum(not d["incidents"] for d in docs) >= 2
    assert sum(len(d["incidents"]) > 1 for d in docs) >= 2
    statuses = {i["claim_status"] for d in docs for i in d["incidents"]}
    assert {"claimed", "unclaimed", "unknown", "attributed"} <= statuses


@pytest.mark.parametrize("path", ANNOTATIONS, ids=lambda p: p.stem)
def test_annotation_is_valid(path):
    assert check_cases.check_case(path, GAZETTEER) == []


def test_reference_case_matches_the_examples_readme():
    doc = json.loads((CASES / "kayes-attacks-2025-07-01.en.json").read_text(encoding="utf-8"))
    first, second, third = doc["incidents"]
    assert (first["date_start"], second["date_start"], third["date_start"]) == (
        "2025-07-01",
        "2025-06-02",
        "2025-06-01",
    )
    assert first["suspected"] == ["JNIM: Group for Support of Islam and Muslims"]
    assert first["claim_status"] == "unclaimed"
    assert {loc["name"] for loc in first["locations"]} == {
        "Kayes",
        "Nioro",
        "Sandaré",
        "Gogui",
        "Diboli",
    }
    assert third["fatalities"] == {"low": 30, "best": 30, "high": None}
    assert third["locations"][0]["precision"] == 3


def test_example_text_is_the_shared_copy():
    shared = CASES.parents[2] / "shared" / "examples" / "kayes-attacks-2025-07-01.en.txt"
    if not shared.exists():
        shared = Path("/work/shared/examples/kayes-attacks-2025-07-01.en.txt")
    if not shared.exists():
        pytest.skip("shared examples not available")
    ours = (CASES / "kayes-attacks-2025-07-01.en.txt").read_bytes()
    assert ours == shared.read_bytes()
