"""Event detection, the date decision: each date a sentence gives is the event's date or only a
statement's (a report, a claim, a toll announced). The rules answer first
(``report_dates.mark_report_dates`` marks statements' dates ``report``); the learned model
(``learned/``) scores each date on its context features (the verbs near it, its place in the
sentence, relative-date words, tense, the nearest place mention) and overrules the rules only
where it is confident. History (``background``) and anaphoric dates stay with the rules."""

from __future__ import annotations

from collections.abc import Callable

from ..learned.features import date_features
from ..learned.model import Decision
from .document import Document, SentenceMentions

# The kinds of date the decision weighs: dates of their own, neither history nor an offset.
CANDIDATES = ("absolute", "weekday", "relative")
REPORT = "report"


def date_decider(doc: Document) -> Callable[[SentenceMentions, list[str]], None] | None:
    """The ``decide_date`` hook of ``segment.segment`` for this document, None for the rules."""
    decision = doc.learned.get("date") if doc.learned is not None else None
    if not isinstance(decision, Decision):
        decision = None
    if decision is None and doc.record is None:
        return None

    def decide(info: SentenceMentions, kinds: list[str]) -> None:
        """``kinds``: each date's kind before the rules marked statements' dates."""
        for d, original in zip(info.dates, kinds, strict=True):
            if original not in CANDIDATES or d.precision == "year":
                continue
            if d.kind not in (original, REPORT):
                continue  # history or a measure's start: the rules' word stands
            rule_event = d.kind != REPORT
            features = date_features(doc, info, d, original, rule_event)
            if doc.record is not None:
                name = f"{d.start}:{d.end}:{d.date_start}:{d.date_end}"
                doc.record.append(("date", features, "event" if rule_event else REPORT, name))
            if decision is not None:
                d.kind = original if decision.decide(features, rule_event) else REPORT

    return decide
