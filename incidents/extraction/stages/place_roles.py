"""Stage 2b, the place decision: each place mention is a place of the incident or only context
(a dateline, a capital standing for its government, a refuge, a reference point, a person's or a
group's name).

The mentions stage's rules give a first answer and their reason (``PlaceMention.rule_context``);
the learned model (``learned/``) scores every mention on its context features, the rule's answer
among them, and overrides the rule only where it is confident.
"""

from __future__ import annotations

from ..learned.features import place_features, place_name_counts
from ..learned.model import LearnedModel
from .document import Document


def decide_place_roles(doc: Document, model: LearnedModel | None) -> None:
    """Move each mention to ``places`` or ``context_places`` as the model decides."""
    decision = model.get("place") if model is not None else None
    if decision is None:
        return
    counts = place_name_counts(doc)
    for position, info in enumerate(doc.sentences):
        if not (info.places or info.context_places):
            continue
        places, context = [], []
        for pm in info.places:
            if all(p.kind == "country" for p in pm.candidates) and pm.candidates:
                places.append(pm)  # a country names the story's setting: the rules keep it
                continue
            keep = decision.decide(place_features(doc, info, position, pm, counts), rule=True)
            (places if keep else context).append(pm)
        for pm in info.context_places:
            take = decision.decide(place_features(doc, info, position, pm, counts), rule=False)
            (places if take else context).append(pm)
        places.sort(key=lambda pm: pm.start)
        info.places, info.context_places = places, context
