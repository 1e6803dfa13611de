"""Field resolution, the actor-role decision: each actor mention's role (perpetrator, target,
claimant, suspected or background) is the rules' answer (``actors.mention_role``) unless the
learned model (``learned/``) is confident of another one, from the mention's context features."""

from __future__ import annotations

from collections.abc import Callable

from ..learned.features import BACKGROUND, actor_features
from ..learned.model import ClassDecision
from ..types import ActorEntry
from .document import Document, IncidentDraft, SentenceMentions


def role_decider(doc: Document) -> Callable | None:
    """The ``decide`` hook of ``actors.actor_roles`` for this document, None for the rules."""
    decision = doc.learned.get("actor") if doc.learned is not None else None
    if not isinstance(decision, ClassDecision):
        decision = None
    if decision is None and doc.record is None:
        return None

    def decide(
        draft: IncidentDraft,
        info: SentenceMentions,
        start: int,
        end: int,
        actor: ActorEntry,
        role: str | None,
    ) -> str | None:
        features = actor_features(doc, draft, info, start, end, actor, role)
        rule = role or BACKGROUND
        if doc.record is not None:
            doc.record.append(("actor", features, rule, actor.name))
        if decision is None:
            return role
        choice = decision.decide(features, rule)
        return None if choice == BACKGROUND else choice

    return decide
