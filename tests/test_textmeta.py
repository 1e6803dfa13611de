"""Publication header, wire datelines and language detection (vocabulary.textmeta, pure)."""

from __future__ import annotations

import datetime

from vocabulary.textmeta import detect_language, parse_publication_header, read_publication_header


def test_leading_date_line_with_or_without_space():
    for text in (" date 2025-07-01 Suspected jihadists attacked", "date 2025-07-01\nSuspected"):
        published, body = read_publication_header(text)
        assert published == datetime.date(2025, 7, 1)
        assert body.startswith("Suspected")


def test_reuters_dateline_year_from_reference():
    published, body = read_publication_header(
        "BAMAKO, July 1 (Reuters) - Gunmen attacked", datetime.date(2025, 7, 3)
    )
    assert published == datetime.date(2025, 7, 1)
    assert body == "Gunmen attacked"


def test_dateline_after_reference_is_last_year():
    published, _ = read_publication_header(
        "BAMAKO, Dec 30 (Reuters) - x", datetime.date(2025, 1, 2)
    )
    assert published == datetime.date(2024, 12, 30)


def test_dateline_without_date_and_french_dateline():
    published, body = read_publication_header("NIAMEY (AFP) - Des hommes armés")
    assert published is None and body == "Des hommes armés"
    header = parse_publication_header("Ouagadougou, 2 juillet 2025 (AFP) - Une attaque")
    assert header.published == datetime.date(2025, 7, 2)
    assert header.dateline_place == "Ouagadougou"


def test_plain_text_has_no_header():
    assert read_publication_header("Suspected jihadists attacked") == (
        None,
        "Suspected jihadists attacked",
    )


def test_language_detection_is_deterministic():
    fr = "Des hommes armés non identifiés ont attaqué un poste de l'armée malienne mardi."
    en = "Suspected jihadists attacked military installations in several towns on Tuesday."
    assert [detect_language(fr) for _ in range(3)] == ["fr"] * 3
    assert detect_language(en) == "en"
    assert detect_language("1234 --") == ""
