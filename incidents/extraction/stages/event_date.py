"""Field resolution, the event date: the date the incident's sentences give, else the day it was
reported ("the army said Sunday"), else the publication date."""

from __future__ import annotations

import datetime
import re

from ..dates import DateMention
from ..normalize import fold
from ..taxonomy import PRECISION_DAY
from ..types import ProposedIncident
from .document import Document, EvidenceLog, IncidentDraft

_ALL_NIGHT = re.compile(
    r"\b(?:all night(?: long)?|throughout the night|all through the night|toute la nuit|"
    r"durant toute la nuit|pendant toute la nuit)\b"
)
_MORNING = re.compile(r"\b(?:morning|dawn|daybreak|matin|matinee|aube)\b")


def _around(d: DateMention, folded: str) -> str:
    return folded[max(0, d.start - 12) : d.end + 12]


def resolve_date(
    inc: ProposedIncident, d: IncidentDraft, doc: Document, evidence: EvidenceLog
) -> None:
    """Set the incident's date, its end and its precision (the event-date decision)."""
    if d.date is not None and d.date.date_start is not None:
        inc.date_start, inc.date_end, inc.date_precision = (
            d.date.date_start,
            d.date.date_end,
            d.date.precision,
        )
        evidence("date", d.date.start, d.date.end)
        if (
            d.date.precision == PRECISION_DAY
            and inc.date_start == inc.date_end
            and _MORNING.search(fold(d.date.text) + " " + _around(d.date, doc.folded))
            and any(_ALL_NIGHT.search(s.folded) for s in d.sents)
        ):
            # "All night long we heard gunfire. It was on Friday morning that we saw the dead":
            # the attack began the evening before.
            inc.date_start = inc.date_start - datetime.timedelta(days=1)
    elif d.report_date is not None and d.report_date.date_start is not None:
        # No event date: by convention the day it was reported ("the army said Sunday").
        inc.date_start, inc.date_end = d.report_date.date_start, d.report_date.date_end
        inc.date_precision = d.report_date.precision
        evidence("date", d.report_date.start, d.report_date.end)
    elif doc.published is not None:
        inc.date_start = inc.date_end = doc.published
        inc.date_precision = PRECISION_DAY
