"""Extraction benchmark: quality per field over the annotated sets and speed per 1,000 words.

    python bench/extraction.py [--set dev|holdout|blind|both|all] [--cases DIR]
                               [--gazetteer ../shared/data/gazetteer]
                               [--countries ML,BF,NE,SN,MR,CI,GN] [--aliases 2000] [--errors]

Builds the engine index from the GeoNames dumps (about 110,000 rows for the seven countries) and the
demo actors padded with synthetic aliases to ``--aliases``, runs ``extract`` on every case, prints
precision/recall per field and the time per 1,000 words (steady state, after one warm-up pass).

``--set dev`` (default) is the development set ``tests/extraction_cases`` the engine was tuned on;
``--set holdout`` is ``tests/extraction_holdout``, articles the engine was never tuned on (the honest
figure); ``--set blind`` is ``tests/extraction_blind``, a second held-out batch annotated and
committed before any engine run; ``--set both`` prints the dev and held-out tables and the two side
by side, ``--set all`` the three sets. ``--cases DIR`` measures any other folder of annotated cases
instead. ``--engine-root DIR`` runs the engine of another checkout (say a worktree of an older
commit) on the same cases with the same scoring, so two engines' figures sit side by side.

Beside the per-field table it prints F1 against issue 13's floors and two per-article figures: the
share of articles whose incident count is exact, and how many articles without an incident
produce none.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _engine_root(argv: list[str]) -> Path:
    """The checkout whose engine runs: ``--engine-root DIR`` if given (read before importing)."""
    for i, arg in enumerate(argv):
        if arg == "--engine-root" and i + 1 < len(argv):
            return Path(argv[i + 1]).resolve()
        if arg.startswith("--engine-root="):
            return Path(arg.split("=", 1)[1]).resolve()
    return ROOT


sys.path.insert(0, str(_engine_root(sys.argv[1:])))

from incidents.extraction import ActorEntry, build_index, extract  # noqa: E402
from incidents.extraction.gazetteer import places_from_geonames  # noqa: E402
from incidents.extraction.reference import load_actors_json  # noqa: E402
from incidents.extraction.scoring import FIELDS, Score, score_all  # noqa: E402

DEFAULT_GAZETTEER = ROOT.parent / "shared" / "data" / "gazetteer"
if not DEFAULT_GAZETTEER.exists():
    DEFAULT_GAZETTEER = Path("/work/shared/data/gazetteer")
MIN_CASES = 3
SETS = {
    "dev": ROOT / "tests" / "extraction_cases",
    "holdout": ROOT / "tests" / "extraction_holdout",
    "blind": ROOT / "tests" / "extraction_blind",
    "blind4": ROOT / "tests" / "extraction_blind4",
}
GROUPS = {"both": ("dev", "holdout"), "all": ("dev", "holdout", "blind")}
# Issue 13, requirement 5: the floors on never-seen articles (F1 per field, exact per article).
FLOORS = {
    "places": 0.85,
    "actors": 0.85,
    "dates": 0.85,
    "claim_status": 0.85,
    "fatalities": 0.80,
}
COUNT_FLOOR = 0.85


def load_cases(folder: Path) -> list[tuple[str, str, dict]]:
    cases = []
    for txt in sorted(folder.glob("*.txt")):
        annotation = txt.with_suffix(".json")
        if annotation.exists():
            cases.append(
                (
                    txt.stem,
                    txt.read_text(encoding="utf-8"),
                    json.loads(annotation.read_text(encoding="utf-8")),
                )
            )
    return cases


def padded_actors(total_aliases: int) -> list[ActorEntry]:
    """The demo actors plus synthetic actors until the alias count reaches ``total_aliases``."""
    actors = load_actors_json()
    count = sum(len(a.aliases) + 2 for a in actors)
    next_id = max(a.id for a in actors) + 1
    n = 0
    while count < total_aliases:
        aliases = [(f"Zq{n}x Brigade Kw{k}", "en") for k in range(8)]
        actors.append(ActorEntry(next_id, f"Synthetic Militia {n}", f"SM{n}", 3, "ML", aliases))
        next_id += 1
        count += len(aliases) + 2
        n += 1
    return actors


def build(gazetteer: Path, countries: list[str], aliases: int) -> tuple[object, dict]:
    files = [gazetteer / f"{cc}.txt" for cc in countries if (gazetteer / f"{cc}.txt").exists()]
    t0 = time.perf_counter()
    places = list(places_from_geonames(files, gazetteer / "admin1CodesASCII.txt"))
    t1 = time.perf_counter()
    actors = padded_actors(aliases)
    index = build_index(actors, places)
    t2 = time.perf_counter()
    alias_count = sum(len(a.aliases) + 2 for a in actors)
    return index, {
        "places": len(places),
        "aliases": alias_count,
        "keys": index.key_count,
        "parse_s": t1 - t0,
        "build_s": t2 - t1,
    }


def measure(
    index: object, cases: list[tuple[str, str, dict]], repeat: int
) -> tuple[Score, int, float, list[tuple[str, dict, dict]]]:
    """Score the engine on ``cases``; return the score, word count, seconds per pass, outputs."""

    def run_all():
        return [
            (name, extract(text, index=index, language=gold.get("language")).to_dict(), gold)
            for name, text, gold in cases
        ]

    results = run_all()  # warm-up: dateparser and regex caches load here
    words = sum(len(text.split()) for _n, text, _g in cases)
    t0 = time.perf_counter()
    for _ in range(repeat):
        run_all()
    elapsed = (time.perf_counter() - t0) / max(repeat, 1)
    return score_all(results), words, elapsed, results


def f1(counts: object) -> float:
    p, r = counts.precision, counts.recall
    return 2 * p * r / (p + r) if p + r else 0.0


def floors_report(score: Score, results: list[tuple[str, dict, dict]]) -> str:
    """F1 per field against the floors, the exact incident count and the empty articles."""
    lines = [f"{'field':<14}{'F1':>6}{'floor':>7}  met"]
    for name in FIELDS:
        value = f1(score.fields[name])
        floor = FLOORS.get(name)
        mark = "" if floor is None else ("yes" if value >= floor else "no")
        shown = "" if floor is None else f"{floor:.2f}"
        lines.append(f"{name:<14}{value:>6.2f}{shown:>7}  {mark}")
    exact = sum(
        len(pred.get("incidents") or []) == len(gold.get("incidents") or [])
        for _n, pred, gold in results
    )
    share = exact / len(results) if results else 0.0
    verdict = "yes" if share >= COUNT_FLOOR else "no"
    lines.append(
        f"incident count exact: {exact} of {len(results)} articles ({share:.2f}; "
        f"floor {COUNT_FLOOR:.2f}: {verdict})"
    )
    empty = [(n, pred) for n, pred, gold in results if not (gold.get("incidents") or [])]
    quiet = [n for n, pred in empty if not (pred.get("incidents") or [])]
    lines.append(
        f"articles without an incident producing none: {len(quiet)} of {len(empty)}"
        + "".join(f"\n  proposes incidents: {n}" for n, _p in empty if n not in quiet)
    )
    return "\n".join(lines)


def side_by_side(scores: dict[str, Score]) -> str:
    """One line per field: precision / recall of each named set."""
    names = list(scores)
    head = f"{'field':<14}" + "".join(f"{name + ' P / R':>18}" for name in names)
    lines = [head]
    for field in FIELDS:
        cells = "".join(
            f"{scores[n].fields[field].precision:>11.2f} / {scores[n].fields[field].recall:.2f}"
            for n in names
        )
        lines.append(f"{field:<14}{cells}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", choices=[*SETS, *GROUPS], default="dev")
    parser.add_argument("--cases", type=Path, help="another folder of annotated cases")
    parser.add_argument("--gazetteer", type=Path, default=DEFAULT_GAZETTEER)
    parser.add_argument("--countries", default="ML,BF,NE,SN,MR,CI,GN")
    parser.add_argument("--aliases", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--errors", action="store_true", help="list every field mismatch")
    parser.add_argument(
        "--engine-root", type=Path, help="run the engine of this checkout (scored the same way)"
    )
    args = parser.parse_args(argv)

    if args.cases is not None:
        folders = {args.cases.name: args.cases}
    elif args.set in GROUPS:
        folders = {name: SETS[name] for name in GROUPS[args.set]}
    else:
        folders = {args.set: SETS[args.set]}
    sets = {name: load_cases(folder) for name, folder in folders.items()}
    for name, cases in list(sets.items()):
        if len(cases) < MIN_CASES:
            print(f"only {len(cases)} annotated cases in {folders[name]}; nothing to measure yet")
            del sets[name]
    if not sets:
        return 0
    index, info = build(args.gazetteer, args.countries.split(","), args.aliases)
    print(f"engine: {Path(sys.modules[extract.__module__].__file__).parent}")
    print(
        f"index: {info['places']:,} places, {info['aliases']:,} actor names/aliases, "
        f"{info['keys']:,} keys; parse {info['parse_s']:.2f} s, build {info['build_s']:.2f} s"
    )
    scores: dict[str, Score] = {}
    for name, cases in sets.items():
        score, words, elapsed, results = measure(index, cases, args.repeat)
        scores[name] = score
        n_incidents = sum(len(gold.get("incidents") or []) for _n, _t, gold in cases)
        print(
            f"\n[{name}] {folders[name]}: {len(cases)} cases, {n_incidents} incidents, {words:,} words"
        )
        print(score.table())
        print(floors_report(score, results))
        print(
            f"speed: {1000 * elapsed / words * 1000:.1f} ms per 1,000 words "
            f"({1000 * elapsed / len(cases):.1f} ms per article)"
        )
        if args.errors:
            print("\n".join(score.errors))
    if len(scores) > 1:
        print("\n" + side_by_side(scores))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
