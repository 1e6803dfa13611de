from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..dates import DateMention
from ..sentences import Sentence
from ..taxonomy import (
    GEO_EXACT,
)
from ..types import (
    ActorEntry,
    PlaceEntry,
)


@dataclass
class PlaceMention:
    start: int
    end: int
    surface: str
    candidates: list[PlaceEntry]
    precision: int = GEO_EXACT
    region: bool = False
    town: bool = False  # "the town of X", "la ville de X"
    unknown: bool = False  # a place name absent from the gazetteer, kept as written
    fuzzy: bool = False  # candidates are spelling variants, not the name itself
    admin_unit: bool = False  # "le cercle de X", "the X district": context for a village
    chosen: PlaceEntry | None = None


@dataclass
class SentenceMentions:
    sent: Sentence
    folded: str
    trigger: re.Match | None = None
    background: bool = False
    counted: bool = False
    headline: bool = False  # the title line: a summary of the story, not an incident of its own
    dates: list[DateMention] = field(default_factory=list)
    places: list[PlaceMention] = field(default_factory=list)
    actors: list[tuple[int, int, ActorEntry]] = field(default_factory=list)
    countries: list[tuple[int, int, str]] = field(default_factory=list)
    vague: list[tuple[int, int, str, str]] = field(default_factory=list)  # start,end,text,cc
    # Places named only as context (dateline, an official's town…): they still help to tell
    # homonyms apart ("a village bordering Bamako").
    context_places: list[PlaceMention] = field(default_factory=list)
    # place_keys() by its ``regions`` flag, filled during segmentation (places are final then).
    place_keys: dict[bool, set[str]] = field(default_factory=dict, repr=False, compare=False)


@dataclass
class IncidentDraft:
    sents: list[SentenceMentions]
    date: DateMention | None
    anchor: SentenceMentions
    pending_claim: tuple[str, int, int] | None = None  # (status, start, end)
    # "in the same region": the places of the incident reported just before.
    inherited: list[PlaceMention] = field(default_factory=list)
    # Sentences that sum up several incidents ("both attacks were claimed by X", a headline
    # naming the places of two attacks): they lend their claim and named actors, not places.
    shared: list[SentenceMentions] = field(default_factory=list)
    # "…, the army said Sunday": the day of the report, used when the event has no date.
    report_date: DateMention | None = None
    # Actors counted among civilian victims ("dix civils, dont quatre VDP"): no armed opposition.
    civilian_subset: set[int] = field(default_factory=set)
    # draft_places() by its ``regions`` flag: (sentences counted, keys). Sentences are only
    # ever appended to a draft, so the keys grow with them instead of being recounted.
    place_keys: dict[bool, tuple[int, set[str]]] = field(
        default_factory=dict, repr=False, compare=False
    )
