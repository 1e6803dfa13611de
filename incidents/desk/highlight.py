"""Evidence highlighting: turn character spans into non-overlapping text segments. Pure Python.

The engine's evidence (Suggestion.data["evidence"]) is a list of {"field", "start", "end", "text"}.
Fields are grouped into the five categories an analyst sees in distinct colours.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

PLACE, ACTOR, DATE, CLAIM, FATALITIES, OTHER = (
    "place",
    "actor",
    "date",
    "claim",
    "fatalities",
    "other",
)
CATEGORIES = (PLACE, ACTOR, DATE, CLAIM, FATALITIES, OTHER)

# When spans overlap, the more specific category wins (a claim cue often contains an actor name,
# which the actor colour shows better).
_PRIORITY = {FATALITIES: 0, ACTOR: 1, PLACE: 2, DATE: 3, CLAIM: 4, OTHER: 5}


def category_of(field: str) -> str:
    """Map an evidence field name ("locations", "suspected", "date_start", …) to a category."""
    name = field.lower()
    if name.startswith(("location", "place", "admin", "country", "geo")):
        return PLACE
    if name.startswith(("perpetrator", "suspect", "claimant", "target", "actor")):
        return ACTOR
    if name.startswith(("date", "time")):
        return DATE
    if name.startswith(("claim", "denial", "attribution")):
        return CLAIM
    if name.startswith(("fatalit", "killed", "death", "toll")):
        return FATALITIES
    return OTHER


@dataclass(frozen=True)
class Segment:
    text: str
    category: str = ""  # "" for plain text
    fields: tuple[str, ...] = ()
    start: int = 0

    @property
    def is_mark(self) -> bool:
        return bool(self.category)


def segments(text: str, evidence: Iterable[Mapping]) -> list[Segment]:
    """Split `text` at every span boundary; each piece takes the highest-priority category
    covering it. Spans out of range or empty are ignored (engine and text may drift apart)."""
    spans = []
    for item in evidence:
        try:
            start, end = int(item["start"]), int(item["end"])
        except (KeyError, TypeError, ValueError):
            continue
        start, end = max(0, start), min(len(text), end)
        if start < end:
            field = str(item.get("field", ""))
            spans.append((start, end, category_of(field), field))
    if not spans:
        return [Segment(text)] if text else []
    cuts = sorted({0, len(text), *(s for s, _, _, _ in spans), *(e for _, e, _, _ in spans)})
    result: list[Segment] = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        covering = [sp for sp in spans if sp[0] <= a and sp[1] >= b]
        if covering:
            best = min(covering, key=lambda sp: _PRIORITY[sp[2]])[2]
            fields = tuple(dict.fromkeys(sp[3] for sp in covering))
            segment = Segment(text[a:b], best, fields, a)
        else:
            segment = Segment(text[a:b], start=a)
        # Merge with the previous piece when nothing changes, to keep the HTML small.
        if result and (result[-1].category, result[-1].fields) == (
            segment.category,
            segment.fields,
        ):
            prev = result[-1]
            result[-1] = Segment(prev.text + segment.text, prev.category, prev.fields, prev.start)
        else:
            result.append(segment)
    return result
