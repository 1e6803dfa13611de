"""Field resolution, the number decision: whether a count of dead is the incident's toll (the
victims'), or another number (the attackers' dead, a tally of earlier attacks, another incident's
toll). The rules' answer stands (``fatalities.resolve_fatalities``) unless the learned model
(``learned/``) is confident of the other, from the count's context features."""

from __future__ import annotations

from collections.abc import Callable

from ..learned.features import toll_features
from ..learned.model import Decision
from .document import Document, IncidentDraft
from .fatalities import TollCandidate


def toll_decider(doc: Document, draft: IncidentDraft) -> Callable | None:
    """The ``decide`` hook of ``resolve_fatalities`` for this draft, None for the rules."""
    decision = doc.learned.get("toll") if doc.learned is not None else None
    if not isinstance(decision, Decision):
        decision = None
    if decision is None and doc.record is None:
        return None

    def decide(c: TollCandidate, candidates: list[TollCandidate], rule: bool) -> bool:
        features = toll_features(doc, draft, c, candidates, rule)
        if doc.record is not None:
            doc.record.append(("toll", features, "toll" if rule else "other", str(c.value)))
        return rule if decision is None else decision.decide(features, rule)

    return decide
