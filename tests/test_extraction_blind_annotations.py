"""The blind extraction set is well formed, with the same checks as the development and held-out
sets, and none of its articles is in either of them."""

import json
from pathlib import Path

import pytest

from .extraction_cases import check_cases

TESTS = Path(__file__).resolve().parent
BLIND = TESTS / "extraction_blind"
EARLIER_SETS = (TESTS / "extraction_cases", TESTS / "extraction_holdout")

GAZETTEER_DIR = check_cases.default_gazetteer()
GAZETTEER = check_cases.Gazetteer(GAZETTEER_DIR) if GAZETTEER_DIR.is_dir() else None
ANNOTATIONS = sorted(BLIND.glob("*.json"))


def test_blind_set_has_enough_varied_articles():
    docs = [json.loads(p.read_text(encoding="utf-8")) for p in ANNOTATIONS]
    assert len(docs) >= 8
    assert sum(d["language"] == "fr" for d in docs) >= 4
    assert sum(d["language"] == "en" for d in docs) >= 4
    assert 1 <= sum(not d["incidents"] for d in docs) <= 2
    assert sum(len(d["incidents"]) > 1 for d in docs) >= 2
    statuses = {i["claim_status"] for d in docs for i in d["incidents"]}
    assert {"claimed", "unclaimed", "unknown"} <= statuses


def test_blind_articles_are_not_in_the_earlier_sets():
    earlier_urls = {
        json.loads(p.read_text(encoding="utf-8"))["source_url"]
        for folder in EARLIER_SETS
        for p in folder.glob("*.json")
    }
    earlier_texts = {p.read_text(encoding="utf-8") for f in EARLIER_SETS for p in f.glob("*.txt")}
    earlier_names = {p.name for folder in EARLIER_SETS for p in folder.glob("*.txt")}
    for path in ANNOTATIONS:
        assert json.loads(path.read_text(encoding="utf-8"))["source_url"] not in earlier_urls
        assert path.with_suffix(".txt").read_text(encoding="utf-8") not in earlier_texts
    assert not {p.name for p in BLIND.glob("*.txt")} & earlier_names


def test_every_text_has_an_annotation():
    assert {p.stem for p in BLIND.glob("*.txt")} == {p.stem for p in ANNOTATIONS}


@pytest.mark.parametrize("path", ANNOTATIONS, ids=lambda p: p.stem)
def test_annotation_is_valid(path):
    assert check_cases.check_case(path, GAZETTEER) == []


def test_check_cases_accepts_the_blind_folder(capsys):
    assert check_cases.main([str(BLIND), "--gazetteer", str(GAZETTEER_DIR)]) == 0
    assert f"{len(ANNOTATIONS)} cases" in capsys.readouterr().out
