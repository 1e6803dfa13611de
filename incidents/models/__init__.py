from .actors import Actor, ActorAlias
from .alerts import AlertDelivery, AlertSubscription
from .bulk import BulkJob
from .incidents import (
    ClaimEvent,
    Incident,
    IncidentActor,
    IncidentLocation,
    IncidentReference,
    IncidentSource,
    Tag,
)
from .locations import Location, LocationName
from .suggestions import EngineRun, Suggestion

__all__ = [
    "Actor",
    "ActorAlias",
    "AlertDelivery",
    "AlertSubscription",
    "BulkJob",
    "ClaimEvent",
    "EngineRun",
    "Incident",
    "IncidentActor",
    "IncidentLocation",
    "IncidentReference",
    "IncidentSource",
    "Location",
    "LocationName",
    "Suggestion",
    "Tag",
]
