"""Pure-Python extraction engine: article text -> proposed incidents (no Django here)."""

from .types import (
    ActorEntry,
    Evidence,
    ExtractionResult,
    Fatalities,
    PlaceEntry,
    ProposedIncident,
    ProposedLocation,
)

__all__ = [
    "ActorEntry",
    "Evidence",
    "ExtractionResult",
    "Fatalities",
    "PlaceEntry",
    "ProposedIncident",
    "ProposedLocation",
]
