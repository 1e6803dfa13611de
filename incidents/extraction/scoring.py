"""Score engine output against hand annotations (pure; shared by the dev-set test and the bench).

Both sides are dicts in the ``extract --json`` shape. Predicted incidents are paired with annotated
ones (same date and/or shared location), then each field is counted:

- incidents: a predicted incident is a true positive when paired;
- places, actors: set overlap per pair (places by GeoNames id, else folded name; actors as
  ``(role, name)``); fields of unpaired incidents are false positives or negatives;
- dates (exact start and end), claim status, fatalities (``best``), event type: per annotated
  incident, correct only when paired and equal (recall); precision divides by predicted incidents.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from .normalize import fold_key

ROLE_KEYS = ("perpetrators", "suspected", "claimants", "targets")
FIELDS = ("incidents", "dates", "places", "actors", "claim_status", "fatalities", "event_type")


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    def add(self, other: Counts) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn


@dataclass
class Score:
    fields: dict[str, Counts] = field(default_factory=lambda: {f: Counts() for f in FIELDS})
    errors: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        for name, counts in other.fields.items():
            self.fields[name].add(counts)
        self.errors.extend(other.errors)

    def table(self) -> str:
        lines = [f"{'field':<14}{'precision':>10}{'recall':>8}{'tp':>6}{'fp':>6}{'fn':>6}"]
        for name, c in self.fields.items():
            lines.append(
                f"{name:<14}{c.precision:>10.2f}{c.recall:>8.2f}{c.tp:>6}{c.fp:>6}{c.fn:>6}"
            )
        return "\n".join(lines)


def _place_keys(incident: dict) -> set[str]:
    keys = set()
    for loc in incident.get("locations") or []:
        if loc.get("geonames_id"):
            keys.add(f"gn:{loc['geonames_id']}")
        else:
            keys.add(f"name:{fold_key(loc.get('name') or '')}")
    return keys


def _actor_keys(incident: dict) -> set[tuple[str, str]]:
    return {(role, name) for role in ROLE_KEYS for name in incident.get(role) or []}


def _similarity(pred: dict, gold: dict) -> float:
    same_day = pred.get("date_start") == gold.get("date_start")
    pk, gk = _place_keys(pred), _place_keys(gold)
    overlap = len(pk & gk) / len(pk | gk) if pk | gk else 0.0
    if not same_day and not overlap:
        return 0.0
    return 2.0 * same_day + overlap + 0.5 * (pred.get("event_type") == gold.get("event_type"))


def pair_incidents(pred: list[dict], gold: list[dict]) -> list[tuple[int | None, int | None]]:
    """Greedy best-first pairing; unpaired items come back with ``None`` on the other side."""
    candidates = sorted(
        (
            (_similarity(p, g), i, j)
            for i, p in enumerate(pred)
            for j, g in enumerate(gold)
            if _similarity(p, g) > 0
        ),
        reverse=True,
    )
    used_p: set[int] = set()
    used_g: set[int] = set()
    pairs: list[tuple[int | None, int | None]] = []
    for _s, i, j in candidates:
        if i in used_p or j in used_g:
            continue
        used_p.add(i)
        used_g.add(j)
        pairs.append((i, j))
    pairs += [(i, None) for i in range(len(pred)) if i not in used_p]
    pairs += [(None, j) for j in range(len(gold)) if j not in used_g]
    return pairs


def _set_counts(pred: set, gold: set) -> Counts:
    return Counts(tp=len(pred & gold), fp=len(pred - gold), fn=len(gold - pred))


def score_article(pred: dict, gold: dict, *, name: str = "") -> Score:
    """Score one article's predicted JSON against its annotation."""
    score = Score()
    f = score.fields
    pred_inc = pred.get("incidents") or []
    gold_inc = gold.get("incidents") or []
    for i, j in pair_incidents(pred_inc, gold_inc):
        p = pred_inc[i] if i is not None else {}
        g = gold_inc[j] if j is not None else {}
        f["places"].add(_set_counts(_place_keys(p), _place_keys(g)))
        f["actors"].add(_set_counts(_actor_keys(p), _actor_keys(g)))
        if i is None:
            f["incidents"].fn += 1
            for key in ("dates", "claim_status", "fatalities", "event_type"):
                f[key].fn += 1
            score.errors.append(f"{name}: missed incident {g.get('date_start')}")
            continue
        if j is None:
            f["incidents"].fp += 1
            for key in ("dates", "claim_status", "fatalities", "event_type"):
                f[key].fp += 1
            score.errors.append(f"{name}: extra incident {p.get('date_start')} {p.get('summary')}")
            continue
        f["incidents"].tp += 1
        checks = {
            "dates": (p.get("date_start"), p.get("date_end"))
            == (g.get("date_start"), g.get("date_end")),
            "claim_status": p.get("claim_status") == g.get("claim_status"),
            "fatalities": (p.get("fatalities") or {}).get("best")
            == (g.get("fatalities") or {}).get("best"),
            "event_type": (p.get("event_type"), p.get("sub_event_type"))
            == (g.get("event_type"), g.get("sub_event_type")),
        }
        for key, ok in checks.items():
            if ok:
                f[key].tp += 1
            else:
                f[key].fp += 1
                f[key].fn += 1
                score.errors.append(f"{name}[{j}]: {key} {_show(key, p)} != {_show(key, g)}")
        for kind, pk, gk in (
            ("places", _place_keys(p), _place_keys(g)),
            ("actors", _actor_keys(p), _actor_keys(g)),
        ):
            if pk != gk:
                score.errors.append(
                    f"{name}[{j}]: {kind} extra {sorted(pk - gk)} missing {sorted(gk - pk)}"
                )
    return score


def _show(key: str, inc: dict):
    if key == "dates":
        return (inc.get("date_start"), inc.get("date_end"))
    if key == "fatalities":
        return (inc.get("fatalities") or {}).get("best")
    if key == "event_type":
        return (inc.get("event_type"), inc.get("sub_event_type"))
    return inc.get(key)


def score_all(pairs: Iterable[tuple[str, dict, dict]]) -> Score:
    """Sum the scores of ``(name, predicted, annotated)`` triples."""
    total = Score()
    for name, pred, gold in pairs:
        total.add(score_article(pred, gold, name=name))
    return total
