"""`manage.py extract PATH --json` prints the reference incidents from the example article."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from .extraction_cases import check_cases

EXAMPLE = (
    Path(__file__).resolve().parent.parent
    / "incidents"
    / "demo"
    / "kayes-attacks-2025-07-01.en.txt"
)
MALI_ARMY = "Military Forces of Mali (2021-)"
UAG_MALI = "Unidentified Armed Group (Mali)"
JNIM = "JNIM: Group for Support of Islam and Muslims"


def run_extract(*args: str) -> dict:
    out = StringIO()
    call_command("extract", *args, "--json", stdout=out)
    return json.loads(out.getvalue())


@pytest.fixture
def result(demo_db, db) -> dict:
    return run_extract(str(EXAMPLE))


def test_reads_the_date_line_and_detects_english(result):
    assert result["published"] == "2025-07-01"
    assert result["language"] == "en"
    assert [i["date_start"] for i in result["incidents"]] == [
        "2025-07-01",
        "2025-06-02",
        "2025-06-01",
    ]


def test_keys_follow_the_contract(result):
    for incident in result["incidents"]:
        assert set(incident) == check_cases.INCIDENT_KEYS
        assert set(incident["fatalities"]) == check_cases.FATALITY_KEYS
        for item in incident["evidence"]:
            assert set(item) == check_cases.EVIDENCE_KEYS


def test_kayes_attacks_as_in_the_reference_table(result):
    text = EXAMPLE.read_text(encoding="utf-8")
    kayes = result["incidents"][0]
    assert (kayes["country"], kayes["admin1"], kayes["date_precision"]) == ("ML", "Kayes", "day")
    assert [loc["geonames_id"] for loc in kayes["locations"]] == [
        2455518,
        2452651,
        2451711,
        2457077,
        2458925,
    ]
    assert kayes["perpetrators"] == [UAG_MALI]
    assert kayes["suspected"] == [JNIM]
    assert kayes["targets"] == [MALI_ARMY]
    assert kayes["claim_status"] == "unclaimed"
    assert kayes["fatalities"] == {"low": None, "best": None, "high": None}
    assert kayes["event_type"] == "Battles"
    # Evidence offsets point into the file's own text.
    for item in kayes["evidence"]:
        assert text[item["start"] : item["end"]] == item["text"]


def test_timbuktu_and_the_raid_in_the_centre(result):
    timbuktu, raid = result["incidents"][1], result["incidents"][2]
    assert timbuktu["locations"][0]["geonames_id"] == 2449067
    assert timbuktu["claim_status"] == "claimed"
    assert timbuktu["targets"] == [MALI_ARMY]
    assert raid["country"] == "ML"
    assert all(loc["precision"] == 3 for loc in raid["locations"])
    assert raid["fatalities"]["low"] == 30 and raid["fatalities"]["high"] is None
    assert raid["claim_status"] == "claimed"


def test_published_option_overrides_the_date_line(demo_db, db, tmp_path):
    article = tmp_path / "body.txt"
    body = EXAMPLE.read_text(encoding="utf-8").split("2025-07-01", 1)[1]
    article.write_text(body, encoding="utf-8")
    result = run_extract(str(article), "--published", "2025-07-08", "--language", "en")
    assert result["published"] == "2025-07-08"
    # "early Tuesday" now resolves against the new publication date.
    assert result["incidents"][0]["date_start"] == "2025-07-08"


def test_bad_input_gets_a_clear_error(db, tmp_path):
    with pytest.raises(CommandError, match="No such file"):
        call_command("extract", str(tmp_path / "missing.txt"), "--json")
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("extract", str(EXAMPLE), "--published", "1 July", "--json")


def run_batch(*args: str) -> list[dict]:
    out = StringIO()
    call_command("extract", *args, stdout=out)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_several_files_print_one_json_line_each(demo_db, db, tmp_path):
    other = tmp_path / "quiet.txt"
    other.write_text("date 2025-07-02\nThe market reopened in Bamako.", encoding="utf-8")
    lines = run_batch(str(EXAMPLE), str(other))
    assert [line["path"] for line in lines] == [str(EXAMPLE), str(other)]
    assert lines[0]["incidents"] == run_extract(str(EXAMPLE))["incidents"]
    assert (lines[1]["published"], lines[1]["incidents"]) == ("2025-07-02", [])


def test_a_folder_is_read_in_name_order(demo_db, db, tmp_path):
    for name in ("b.txt", "a.txt"):
        (tmp_path / name).write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "notes.md").write_text("not an article", encoding="utf-8")
    lines = run_batch(str(tmp_path))
    assert [Path(line["path"]).name for line in lines] == ["a.txt", "b.txt"]
    assert all(len(line["incidents"]) == 3 for line in lines)


def test_jsonl_gives_one_file_the_batch_line(demo_db, db):
    [line] = run_batch(str(EXAMPLE), "--jsonl")
    assert line["path"] == str(EXAMPLE) and len(line["incidents"]) == 3


def test_a_bad_file_in_a_batch_gets_its_line_and_the_others_still_run(demo_db, db, tmp_path):
    bad = tmp_path / "latin1.txt"
    bad.write_bytes("Attaque à Mopti".encode("latin-1"))
    out = StringIO()
    with pytest.raises(CommandError, match="2 of 3 files could not be read"):
        call_command("extract", str(bad), str(tmp_path / "missing.txt"), str(EXAMPLE), stdout=out)
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert "not UTF-8" in lines[0]["error"]
    assert "No such file" in lines[1]["error"]
    assert len(lines[2]["incidents"]) == 3


def test_an_empty_folder_or_stdin_in_a_batch_is_refused_clearly(db, tmp_path):
    with pytest.raises(CommandError, match="No .txt files"):
        call_command("extract", str(tmp_path))
    with pytest.raises(CommandError, match="stdin"):
        call_command("extract", "-", str(EXAMPLE))
