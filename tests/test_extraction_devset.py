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

from .extraction_support import assert_field_floor, score_cases

CASES = Path(__file__).resolve().parent / "extraction_cases"

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
    return score_cases(cases)


@pytest.mark.parametrize("field", sorted(FLOORS))
def test_field_floor(score, field):
    assert_field_floor(score, FLOORS, field)
