"""The fourth blind extraction set is well formed, with the same checks as the earlier sets, and
none of its articles is in any of them. No scoring test: the set measures the next engine, which
must not be run on it before its first honest measurement."""

import json
from pathlib import Path

import pytest

from .extraction_cases import check_cases

TESTS = Path(__file__).resolve().parent
BLIND4 = TESTS / "extraction_blind4"
EARLIER_SETS = (
    TESTS / "extraction_cases",
    TESTS / "extraction_holdout",
    TESTS / "extraction_blind",
    TESTS / "extraction_blind3",
)

GAZETTEER_DIR = check_cases.default_gazetteer()
GAZETTEER = check_cases.Gazetteer(GAZETTEER_DIR) if GAZETTEER_DIR.is_dir() else None
ANNOTATIONS = sorted(BLIND4.glob("*.json"))
DOCS = {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in ANNOTATIONS}


def _body(text: str) -> str:
    """The article without its first 'date ...' line, whitespace folded, for overlap checks."""
    return " ".join(text.split("\n", 1)[-1].split())


def test_blind4_set_meets_the_issue_counts():
    docs = list(DOCS.values())
    assert len(docs) >= 30
    assert sum(d["language"] == "fr" for d in docs) >= 15
    niger_or_burkina = [
        slug
        for slug, d in DOCS.items()
        if slug.startswith(("niger-", "bf-"))
        or any(i["country"] in {"NE", "BF"} for i in d["incidents"])
    ]
    assert len(niger_or_burkina) >= 10
    assert sum(not d["incidents"] for d in docs) >= 4
    assert sum(len(d["incidents"]) > 1 for d in docs) >= 6
    statuses = {i["claim_status"] for d in docs for i in d["incidents"]}
    assert {"claimed", "unclaimed", "unknown"} <= statuses


def test_blind4_articles_are_not_in_the_earlier_sets():
    earlier = [p for folder in EARLIER_SETS for p in folder.glob("*.json")]
    earlier_urls = {json.loads(p.read_text(encoding="utf-8"))["source_url"] for p in earlier}
    earlier_bodies = [_body(p.with_suffix(".txt").read_text(encoding="utf-8")) for p in earlier]
    earlier_names = {p.stem for p in earlier}
    for slug, doc in DOCS.items():
        assert doc["source_url"] not in earlier_urls, slug
        assert slug not in earlier_names, slug
        body = _body((BLIND4 / f"{slug}.txt").read_text(encoding="utf-8"))
        # No text, and no long passage of one (an excerpt of the same wire story), repeats.
        for other in earlier_bodies:
            assert body != other, slug
            assert body[:200] not in other, slug
            assert other[:200] not in body, slug


def test_blind4_articles_are_distinct_from_each_other():
    urls = [d["source_url"] for d in DOCS.values()]
    assert len(urls) == len(set(urls))
    bodies = [_body((BLIND4 / f"{s}.txt").read_text(encoding="utf-8")) for s in DOCS]
    assert len(bodies) == len(set(bodies))


def test_every_text_has_an_annotation():
    assert {p.stem for p in BLIND4.glob("*.txt")} == {p.stem for p in ANNOTATIONS}


@pytest.mark.parametrize("path", ANNOTATIONS, ids=lambda p: p.stem)
def test_annotation_is_valid(path):
    assert check_cases.check_case(path, GAZETTEER) == []


def test_check_cases_accepts_the_blind4_folder(capsys):
    assert check_cases.main([str(BLIND4), "--gazetteer", str(GAZETTEER_DIR)]) == 0
    assert f"{len(ANNOTATIONS)} cases" in capsys.readouterr().out
