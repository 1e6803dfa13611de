"""Helpers for the extraction tests: scoring an annotated set (devset and held-out tests, each
with its own floors and its own rule for skipping when its set is missing), and building small
indexes and reading incidents for the one-sentence-per-rule tests.
"""

from __future__ import annotations

import datetime
import json
from pathlib import Path

from incidents.extraction import PlaceEntry, build_index, extract
from incidents.extraction.gazetteer import places_from_geonames
from incidents.extraction.normalize import fold
from incidents.extraction.reference import load_actors_json
from incidents.extraction.scoring import Score, score_all

GAZETTEER = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "gazetteer"
if not GAZETTEER.exists():
    GAZETTEER = Path("/work/shared/data/gazetteer")


def score_cases(cases: list[Path]) -> Score:
    """Run the engine (Mali, Burkina Faso and Niger gazetteer) over `<slug>.txt` files and score
    each against its `<slug>.json` annotation."""
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


def assert_field_floor(score: Score, floors: dict[str, tuple[float, float]], field: str) -> None:
    """The field's precision and recall reach its (precision, recall) floor; the failure message
    is the whole score table."""
    precision, recall = floors[field]
    counts = score.fields[field]
    assert counts.precision >= precision, score.table()
    assert counts.recall >= recall, score.table()


# The publication date the rule tests' synthetic sentences are read against.
SATURDAY = datetime.date(2024, 3, 16)


def no_incident_extras(score: Score, directory: Path) -> list[str]:
    """Incidents proposed for the articles of `directory` annotated with none (a scored
    "extra incident" on them), which should stay empty."""
    no_incident = [
        p.stem
        for p in directory.glob("*.json")
        if not json.loads(p.read_text(encoding="utf-8"))["incidents"]
    ]
    assert no_incident, f"{directory.name} has no article without incident"
    return [e for e in score.errors if e.split(":")[0] in no_incident]


def place_entry(pid, name, admin1_code, admin1, lat, lon, feature="P.PPL", kind="place", alts=(),
                cc="ML") -> PlaceEntry:  # fmt: skip
    """A gazetteer entry for a test index: Mali unless `cc` says otherwise; `alts` are other names."""
    return PlaceEntry(pid, name, fold(name), [(a, "") for a in alts], kind, cc, admin1_code,
                      admin1, "", lat, lon, 0, feature, pid)  # fmt: skip


def incidents(text: str, index, published: datetime.date = SATURDAY) -> list[dict]:
    """The engine's incidents for `text`, in the `extract --json` shape."""
    return extract(text, index=index, published=published).to_dict()["incidents"]


def place_names(incident: dict) -> list[str]:
    return [loc["name"] for loc in incident["locations"]]
