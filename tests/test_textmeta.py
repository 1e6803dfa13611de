"""Publication header, wire datelines and language detection (vocabulary.textmeta, pure)."""

from __future__ import annotations

import datetime
import json
import subprocess
import sys
from pathlib import Path

from vocabulary.languages import function_word_language
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


ENGLISH_STORY = (
    "Gunmen killed twelve civilians in an attack on the village of Ouankoro in the Mopti region "
    "on Tuesday, local officials said. The attackers came on motorbikes and set fire to the "
    "market, according to a resident who asked not to be named."
)
FRENCH_STORY = (
    "Des hommes armés ont tué douze civils lors d'une attaque contre le village de Ouankoro, "
    "dans la région de Mopti, mardi, selon les autorités locales. Les assaillants sont venus à "
    "moto et ont incendié le marché, a indiqué un habitant qui a requis l'anonymat."
)


def test_english_and_french_stories_are_told_without_the_statistical_detector():
    # A new process, as `manage.py extract` is: langdetect's profiles take a second to load.
    script = (
        "import json, sys\n"
        "from vocabulary.textmeta import detect_language\n"
        "found = [detect_language(text) for text in json.loads(sys.argv[1])]\n"
        "print(json.dumps([found, 'langdetect' in sys.modules]))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, json.dumps([ENGLISH_STORY, FRENCH_STORY])],
        cwd=Path(__file__).resolve().parents[1],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == [["en", "fr"], False]


def test_other_languages_and_short_texts_still_go_to_the_detector():
    spanish = (
        "Hombres armados atacaron el martes un puesto del ejército en el centro de Malí y "
        "mataron a doce civiles, según fuentes locales. El gobierno condenó el ataque."
    )
    german = (
        "Bewaffnete Männer haben am Dienstag einen Armeeposten im Zentrum Malis angegriffen "
        "und zwölf Zivilisten getötet, wie lokale Quellen berichteten."
    )
    assert function_word_language(spanish) == "" and detect_language(spanish) == "es"
    assert function_word_language(german) == "" and detect_language(german) == "de"
    short = "Gunmen attacked an army post in central Mali on Tuesday."
    assert function_word_language(short) == "" and detect_language(short) == "en"


def test_a_french_quote_in_an_english_story_leaves_it_english():
    quoted = ENGLISH_STORY + ' "Ils sont venus à moto", he said.'
    assert function_word_language(quoted) == "en"
