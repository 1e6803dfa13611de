"""The typed data that flows through the stages of the engine.

``Document`` is one article as the stages see it: its text, the folded text (lower case, no
accents) that every pattern reads, its sentences, language and publication date. The mentions
stage fills each sentence's ``SentenceMentions`` (places, actors, countries, dates); the
segmentation stage groups sentences into ``IncidentDraft``s; field resolution turns each draft
into a ``ProposedIncident`` (``incidents.extraction.types``), logging its evidence.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from vocabulary.textmeta import PublicationHeader

from ..dates import DateMention
from ..sentences import Sentence
from ..taxonomy import (
    GEO_EXACT,
)
from ..textindex import LineIndex

if TYPE_CHECKING:
    from ..learned.model import LearnedModel
from ..types import ActorEntry, Evidence, PlaceEntry


@dataclass
class PlaceMention:
    """A gazetteer match (or a place name the gazetteer lacks) and what its context says."""

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
    # Why the rules take it as context ("dateline", "person"…), "" when they take it as a place
    # of the incident; a feature of the learned place decision.
    rule_context: str = ""


@dataclass
class SentenceMentions:
    """One sentence and its mentions: dates, places, actors, countries, vague regions."""

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
    """The sentences that tell one incident; ``anchor`` is the one that reports it first."""

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


@dataclass
class Document:
    """One article on its way through the stages."""

    text: str
    folded: str
    header: PublicationHeader
    published: datetime.date | None
    language: str
    lines: LineIndex
    # Where a closing byline starts (a town there is the author's, not the incident's).
    signature_from: int
    sentences: list[SentenceMentions] = field(default_factory=list)
    # The country the story is set in (its most named one), once the mentions are found.
    story_country: str = ""
    # The learned model deciding candidates' roles (None: the rules alone), and, when training,
    # where each decided candidate is written down: (decision, features, rule's answer, name).
    learned: LearnedModel | None = None
    record: list[tuple[str, dict[str, float], str, str]] | None = None

    @property
    def body_start(self) -> int:
        return self.header.body_start

    @property
    def mentions(self) -> list[PlaceMention | DateMention | tuple[int, int, ActorEntry]]:
        """Every place, actor and date mention of the body, sentence by sentence."""
        return [
            m for s in self.sentences for m in (*s.places, *s.context_places, *s.actors, *s.dates)
        ]


class EvidenceLog:
    """The evidence of one incident, in the order the fields are decided, each span once."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.items: list[Evidence] = []
        self._seen: set[tuple[str, int, int]] = set()  # the text follows from the span

    def __call__(self, fieldname: str, start: int, end: int) -> None:
        if (fieldname, start, end) not in self._seen:
            self._seen.add((fieldname, start, end))
            self.items.append(Evidence(fieldname, start, end, self.text[start:end]))
