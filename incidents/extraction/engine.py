"""``extract``: article text -> proposed incidents with evidence (pure Python).

The pipeline, one stage per module of ``stages/`` (each decision is a named function there):

1. ``header.read_document``: publication header, dateline, language, sentences;
2. ``mentions.find_mentions``: places, actors, countries, dates in each sentence;
   ``place_roles.decide_place_roles``: the learned model's word on each place mention
   (a place of the incident, or context: dateline, capital, person's name…);
3. ``resolve_places.resolve_places``: one gazetteer entry per place mention;
4. ``segment.segment``: which sentences tell which incident (event detection, segmentation),
   with the learned model's word on each date (``date_decision``: the event's or a report's)
   and on each event sentence (``segment_decision``: the same incident or a new one);
5. ``build.build_incident``: field resolution, one ``ProposedIncident`` per incident (event date,
   places, actors and roles with the claim, fatalities, event type).
"""

from __future__ import annotations

import datetime

from .index import EngineIndex
from .learned.model import LearnedModel, shipped_model
from .stages.build import build_incident
from .stages.date_decision import date_decider
from .stages.header import read_document
from .stages.mentions import find_mentions
from .stages.place_roles import decide_place_roles
from .stages.resolve_places import resolve_places, story_country
from .stages.segment import segment
from .stages.segment_decision import segment_decider
from .types import ExtractionResult, ProposedIncident


def extract(
    text: str,
    *,
    index: EngineIndex,
    published: datetime.date | None = None,
    language: str | None = None,
    model: LearnedModel | None | str = "shipped",
    record: list | None = None,
) -> ExtractionResult:
    """Propose the incidents an article reports; evidence offsets index ``text`` itself.

    ``model`` is the learned model deciding candidates' roles: the one shipped in the package by
    default, another one (the desk's retrained model), or None for the rules alone. ``record``
    (training only) receives each decided candidate: (decision, features, rule's answer, name)."""
    if model == "shipped":
        model = shipped_model()
    doc, sentences = read_document(text, published, language)
    doc.learned, doc.record = model, record
    find_mentions(doc, sentences, index)
    decide_place_roles(doc, model)
    doc.story_country = story_country(doc.sentences)
    resolve_places(doc.sentences, index, doc.story_country)
    drafts = segment(doc.sentences, doc.published, date_decider(doc), segment_decider(doc))
    incidents = [build_incident(d, doc, index) for d in drafts]
    incidents = [i for i in incidents if is_reported_incident(i)]
    return ExtractionResult(
        published=doc.published,
        language=doc.language,
        incidents=incidents,
        model_version=model.version if model is not None else RULES_ONLY,
    )


# The version a result names when no learned model took part.
RULES_ONLY = "rules"


def is_reported_incident(i: ProposedIncident) -> bool:
    """False for commentary: a draft with neither a place nor a toll ("attacks continue"), or
    with no one acting or suffering, no date of its own and no toll ("juntas who seized control
    in a series of coups", "forming an army to combat terrorism")."""
    if not (i.locations or i.fatalities.best is not None):
        return False
    return bool(
        i.perpetrators
        or i.targets
        or i.claimants
        or i.suspected
        or i.fatalities.best is not None
        or any(e.field == "date" for e in i.evidence)
    )
