"""The engine over the annotated development set, with per-field floors (issue 4, req. 12).

Issue 4's targets are the floors where they apply (recall >= 0.9 and precision >= 0.85 on places
and actors, 0.85 exact dates, 0.9 claim status); the engine meets them all (figures of
bench/extraction.py, see bench/README.md). Fields without a target (incident count, fatalities,
event type) sit a little under the achieved 1.00 so that two slips fail no build but a real
regression does. The second tuning round was made on this set, so these figures are an upper
bound for unseen articles.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from incidents.extraction import build_index, extract
from incidents.extraction.gazetteer import places_from_geonames
from incidents.extraction.reference import load_actors_json
from incidents.extraction.scoring import score_all

CASES = Path(__file__).resolve().parent / "extraction_cases"
GAZETTEER = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "gazetteer"
if not GAZETTEER.exists():
    GAZETTEER = Path("/work/shared/data/gazetteer")

# field -> (precision floor, recall floor)
FLOORS = {
    "incidents": (0.93, 0.93),
    "dates": (0.85, 0.85),
    "places": (0.85, 0.9),
    "actors": (0.85, 0.9),
    "claim_status": (0.9, 0.9),
    "fatalities": (0.93, 0.93),
    "event_type": (0.93, 0.93),
}


@pytest.fixture(scope="module")
def score():
    cases = sorted(CASES.glob("*.txt"))
    if len(cases) < 3:
        pytest.skip("development set not available yet")
    import json

    files = [GAZETTEER / f"{cc}.txt" for cc in ("ML", "BF", "NE")]
    index = build_index(
        load_actors_json(), places_from_geonames(files, GAZETTEER / "admin1CodesASCII.txt")
    )
    triples = []
    for txt in cases:
        gold = json.loads(txt.with_suffix(".json").read_text(encoding="utf-8"))
        result = extract(txt.read_text(encoding="utf-8"), index=index)
        triples.append((txt.stem, result.to_dict(), gold))
    return score_all(triples)


@pytest.mark.parametrize("field", sorted(FLOORS))
def test_field_floor(score, field):
    precision, recall = FLOORS[field]
    counts = score.fields[field]
    assert counts.precision >= precision, score.table()
    assert counts.recall >= recall, score.table()
