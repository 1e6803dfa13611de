"""Event detection, the segmentation decision: an event sentence met while an incident is being
told goes on with it (or with an earlier one), or starts a new incident. The rules answer first
(``segment._segment_body``: same day, same place, "in a separate attack"…); the learned model
(``learned/``) scores the sentence on its context features (a new place, a new date, another
kind of attack, connectives such as "meanwhile" or "par ailleurs", a pronoun carrying the story
on) and overrules the rules only where it is confident."""

from __future__ import annotations

from collections.abc import Callable

from ..dates import DateMention
from ..learned.features import segment_features
from ..learned.model import Decision
from .document import Document, IncidentDraft, SentenceMentions
from .segment import _draft_kind, draft_places, place_keys, sentence_kind


def segment_decider(doc: Document) -> Callable | None:
    """The ``decide_same`` hook of ``segment.segment`` for this document, None for the rules."""
    decision = doc.learned.get("segment") if doc.learned is not None else None
    if not isinstance(decision, Decision):
        decision = None
    if decision is None and doc.record is None:
        return None

    def decide(
        current: IncidentDraft,
        info: SentenceMentions,
        date: DateMention | None,
        rule_same: bool,
        separate: bool,
    ) -> bool:
        """True: the sentence tells an incident already begun; False: a new one."""
        features = segment_features(
            doc,
            current,
            info,
            date,
            rule_same,
            separate,
            draft_places(current),
            place_keys(info),
            (sentence_kind(info), _draft_kind(current)),
        )
        if doc.record is not None:
            spans = ";".join(f"{s.sent.start}:{s.sent.end}" for s in current.sents)
            name = f"{spans}|{info.sent.start}:{info.sent.end}"
            doc.record.append(("segment", features, "same" if rule_same else "new", name))
        return rule_same if decision is None else decision.decide(features, rule_same)

    return decide
