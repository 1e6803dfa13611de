from __future__ import annotations

import datetime
from bisect import bisect_left

from vocabulary.textmeta import parse_publication_header

from .index import EngineIndex
from .normalize import fold
from .sentences import Sentence, split_sentences
from .stages.build import build_incident
from .stages.header import detect_language_or_english, is_caption, is_headline, signature_start
from .stages.mentions import analyse_sentence
from .stages.places import is_person_name
from .stages.resolve_places import resolve_places, story_country
from .stages.segment import segment
from .textindex import LineIndex
from .types import (
    ExtractionResult,
)


def extract(
    text: str,
    *,
    index: EngineIndex,
    published: datetime.date | None = None,
    language: str | None = None,
) -> ExtractionResult:
    """Propose the incidents an article reports; evidence offsets index ``text`` itself."""
    header = parse_publication_header(text, published)
    if published is None:
        published = header.published
    body_start = header.body_start
    if not language:
        language = detect_language_or_english(text[body_start:])
    folded = fold(text)

    sentences = [s for s in split_sentences(text) if s.end > body_start]
    if sentences and sentences[0].start < body_start:
        first = sentences[0]
        sentences[0] = Sentence(body_start, first.end, text[body_start : first.end], 0)

    matches = index.scan(text, folded) if index.key_count else []
    match_starts = [start for start, _end, _payload in matches]
    lines = LineIndex(text)
    signature_from = signature_start(text)
    infos = [
        analyse_sentence(
            s,
            text,
            folded,
            # Only the matches that start inside the sentence (they are sorted by start).
            matches[bisect_left(match_starts, s.start) : bisect_left(match_starts, s.end)],
            index,
            published,
            language,
            signature_from,
            lines,
        )
        for s in sentences
    ]
    if infos and is_headline(infos[0].sent, text):
        infos[0].headline = True
    for info in infos[1:]:
        if is_caption(info.sent, text, lines, dated=bool(info.dates)):
            # A photo caption shows a scene elsewhere ("soldiers … near the town of Diffa").
            info.background = True
            info.context_places += info.places
            info.places = []
    # One sense per story: a name once written as a person's ("Ibrahim Traoré") is that person
    # in its other mentions too ("Traoré claimed…").
    persons = {
        fold(pm.surface)
        for info in infos
        for pm in info.context_places
        if is_person_name(text, info.sent, pm.start, pm.end)
    }
    if persons:
        for info in infos:
            named = [pm for pm in info.places if fold(pm.surface) in persons]
            info.places = [pm for pm in info.places if pm not in named]
            info.context_places += named
    story_cc = story_country(infos)
    resolve_places(infos, index, story_cc)
    drafts = segment(infos, published)
    incidents = [build_incident(d, text, folded, index, story_cc, published) for d in drafts]
    # An "incident" with neither a place nor a toll is commentary ("attacks continue").
    incidents = [i for i in incidents if i.locations or i.fatalities.best is not None]
    # Nor is one with no one acting or suffering, no date of its own and no toll ("juntas who
    # seized control in a series of coups", "forming an army to combat terrorism").
    incidents = [
        i
        for i in incidents
        if i.perpetrators
        or i.targets
        or i.claimants
        or i.suspected
        or i.fatalities.best is not None
        or any(e.field == "date" for e in i.evidence)
    ]
    return ExtractionResult(published=published, language=language, incidents=incidents)
