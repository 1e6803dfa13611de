"""Engine output snapshot: prove that a speed change leaves every result exactly as it was.

    python bench/extraction_snapshot.py save  before.json   # on the old engine
    python bench/extraction_snapshot.py check before.json   # on the new one: exit 1 on a change

Runs ``extract`` over the three annotated sets (``tests/extraction_cases``,
``tests/extraction_holdout``, ``tests/extraction_blind``, and no other folder), the reference
article, and a few longer texts made by joining the English and the French cases (a few thousand
words: long enough to exercise the cross-sentence passes, short enough for the old engine), with
two indexes: the benchmark's (seven GeoNames dumps, 2,000 actor names) and the tests' (Mali,
Burkina Faso and Niger dumps, the demo actors). Each output is the full ``to_dict()`` of the
result, so a changed offset, evidence snippet or order counts as a change.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.extraction import DEFAULT_GAZETTEER, build  # noqa: E402
from incidents.extraction import build_index, extract  # noqa: E402
from incidents.extraction.gazetteer import places_from_geonames  # noqa: E402
from incidents.extraction.reference import load_actors_json  # noqa: E402

# The three annotated sets, and only these: a fresh blind set must stay unseen by the engine.
SETS = ("extraction_cases", "extraction_holdout", "extraction_blind")
REFERENCE = ROOT / "incidents" / "demo" / "kayes-attacks-2025-07-01.en.txt"


def texts() -> dict[str, tuple[str, str | None]]:
    """name -> (text, language or None for detection)."""
    out: dict[str, tuple[str, str | None]] = {"reference": (REFERENCE.read_text("utf-8"), None)}
    by_language: dict[str, list[str]] = {"en": [], "fr": []}
    for folder in SETS:
        for txt in sorted((ROOT / "tests" / folder).glob("*.txt")):
            text = txt.read_text(encoding="utf-8")
            out[f"{folder}/{txt.stem}"] = (text, None)
            language = txt.stem.rsplit(".", 1)[-1]
            if language in by_language:
                by_language[language].append(text)
    for language, parts in by_language.items():
        joined = "\n\n".join(parts)
        for size in (5_000, 20_000):
            out[f"joined-{language}-{size}"] = (joined[:size], language)
        out[f"joined-{language}-all"] = (joined, language)
    return out


def indexes() -> dict[str, object]:
    bench_index, _info = build(DEFAULT_GAZETTEER, ["ML", "BF", "NE", "SN", "MR", "CI", "GN"], 2000)
    files = [DEFAULT_GAZETTEER / f"{cc}.txt" for cc in ("ML", "BF", "NE")]
    tests_index = build_index(
        load_actors_json(),
        places_from_geonames(files, DEFAULT_GAZETTEER / "admin1CodesASCII.txt"),
    )
    return {"bench": bench_index, "tests": tests_index}


def snapshot() -> dict[str, dict]:
    out: dict[str, dict] = {}
    cases = texts()
    for index_name, index in indexes().items():
        t0 = time.perf_counter()
        for name, (text, language) in cases.items():
            out[f"{index_name}:{name}"] = extract(text, index=index, language=language).to_dict()
        print(f"{index_name}: {len(cases)} texts in {time.perf_counter() - t0:.1f} s")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=["save", "check"])
    parser.add_argument("file", type=Path)
    args = parser.parse_args(argv)
    current = snapshot()
    if args.action == "save":
        args.file.write_text(json.dumps(current, ensure_ascii=False, sort_keys=True, indent=1))
        print(f"saved {len(current)} outputs to {args.file}")
        return 0
    saved = json.loads(args.file.read_text())
    changed = sorted(k for k in saved.keys() | current.keys() if saved.get(k) != current.get(k))
    for key in changed:
        print(f"CHANGED {key}")
    print(f"{len(current) - len(changed)} of {len(current)} outputs identical")
    return 1 if changed else 0


if __name__ == "__main__":
    raise SystemExit(main())
