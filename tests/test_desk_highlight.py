"""Evidence spans → highlighted segments of the article text."""

from __future__ import annotations

import pytest

from incidents.desk import vocabulary
from incidents.desk.highlight import ACTOR, CLAIM, DATE, FATALITIES, PLACE, category_of, segments


@pytest.mark.parametrize(
    ("field", "category"),
    [
        ("locations", PLACE),
        ("admin1", PLACE),
        ("perpetrators", ACTOR),
        ("suspected", ACTOR),
        ("targets", ACTOR),
        ("date_start", DATE),
        ("claim_status", CLAIM),
        ("fatalities", FATALITIES),
    ],
)
def test_fields_map_to_five_colours(field, category):
    assert category_of(field) == category


def test_segments_rebuild_the_text_and_mark_spans():
    text = "Suspected jihadists attacked Kayes early Tuesday."
    evidence = [
        {"field": "perpetrators", "start": 0, "end": 19},
        {"field": "locations", "start": 29, "end": 34},
        {"field": "date_start", "start": 35, "end": 48},
    ]
    result = segments(text, evidence)
    assert "".join(s.text for s in result) == text
    marked = [(s.text, s.category) for s in result if s.is_mark]
    assert marked == [("Suspected jihadists", ACTOR), ("Kayes", PLACE), ("early Tuesday", DATE)]


def test_overlapping_spans_prefer_the_specific_category():
    text = "the army blamed JNIM for it"
    evidence = [
        {"field": "claim_status", "start": 4, "end": 20},
        {"field": "suspected", "start": 16, "end": 20},
    ]
    result = segments(text, evidence)
    assert "".join(s.text for s in result) == text
    assert [(s.text, s.category) for s in result if s.is_mark] == [
        ("army blamed ", CLAIM),
        ("JNIM", ACTOR),
    ]


def test_bad_spans_are_ignored_not_fatal():
    text = "short"
    evidence = [
        {"field": "x", "start": 3, "end": 3},
        {"field": "y", "start": "a"},
        {"start": 2, "end": 99},
    ]
    result = segments(text, evidence)
    assert "".join(s.text for s in result) == text
    assert [s.text for s in result if s.is_mark] == ["ort"]


def test_every_acled_type_is_marked_for_translation():
    assert not vocabulary.MISSING
