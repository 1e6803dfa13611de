"""The held-out extraction set is well formed, with the same checks as the development set."""

import json
from pathlib import Path

import pytest

from .extraction_cases import check_cases

TESTS = Path(__file__).resolve().parent
HOLDOUT = TESTS / "extraction_holdout"
DEVSET = TESTS / "extraction_cases"

GAZETTEER_DIR = check_cases.default_gazetteer()
GAZETTEER = check_cases.Gazetteer(GAZETTEER_DIR) if GAZETTEER_DIR.is_dir() else None
ANNOTATIONS = sorted(HOLDOUT.glob("*.json"))


def test_holdout_has_enough_varied_articles():
    docs = [json.loads(p.read_text(encoding="utf-8")) for p in ANNOTATIONS]
    assert len(docs) >= 10
    assert sum(d["language"] == "fr" for d in docs) >= 4
    assert sum(d["language"] == "en" for d in docs) >= 4
    assert 1 <= sum(not d["incidents"] for d in docs) <= 3
    assert sum(len(d["incidents"]) > 1 for d in docs) >= 2
    statuses = {i["claim_status"] for d in docs for i in d["incidents"]}
    assert {"claimed", "unclaimed", "attributed"} <= statuses


def test_holdout_articles_are_not_in_the_development_set():
    dev_urls = {
        json.loads(p.read_text(encoding="utf-8"))["source_url"] for p in DEVSET.glob("*.json")
    }
    dev_texts = {p.read_text(encoding="utf-8") for p in DEVSET.glob("*.txt")}
    for path in ANNOTATIONS:
        assert json.loads(path.read_text(encoding="utf-8"))["source_url"] not in dev_urls
        assert path.with_suffix(".txt").read_text(encoding="utf-8") not in dev_texts
    assert not {p.name for p in HOLDOUT.glob("*.txt")} & {p.name for p in DEVSET.glob("*.txt")}


def test_every_text_has_an_annotation():
    assert {p.stem for p in HOLDOUT.glob("*.txt")} == {p.stem for p in ANNOTATIONS}


@pytest.mark.parametrize("path", ANNOTATIONS, ids=lambda p: p.stem)
def test_annotation_is_valid(path):
    assert check_cases.check_case(path, GAZETTEER) == []


def test_check_cases_accepts_the_holdout_folder(capsys):
    assert check_cases.main([str(HOLDOUT), "--gazetteer", str(GAZETTEER_DIR)]) == 0
    assert f"{len(ANNOTATIONS)} cases" in capsys.readouterr().out
