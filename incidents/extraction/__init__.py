"""Pure-Python extraction engine: article text -> proposed incidents (no Django here)."""

from .engine import extract
from .index import EngineIndex, build_index
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
    "EngineIndex",
    "Evidence",
    "ExtractionResult",
    "Fatalities",
    "PlaceEntry",
    "ProposedIncident",
    "ProposedLocation",
    "build_index",
    "extract",
]
