"""Event detection and segmentation: which sentences report an incident, and which of them tell
the same one (same day, same place, summaries of several, claims that cover the next ones)."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from functools import lru_cache

from .. import cues
from ..dates import DateMention
from ..lexicon.common import COUNT_WORDS
from ..normalize import fold
from ..taxonomy import (
    CLAIM_CLAIMED,
)
from .document import IncidentDraft, SentenceMentions
from .event_type import EVENT_RULES
from .report_dates import explicit_date, mark_report_dates, refines, resolve_anaphoric, same_date


def sentence_kind(info: SentenceMentions) -> str | None:
    """The specific kind of event a sentence reports (IED, shelling, drone strike, abduction,
    an assault on a military position), or None when it does not say."""
    for pattern, _etype, sub in EVENT_RULES[:7]:
        if pattern.search(info.folded):
            return sub
    if info.trigger and cues.MILITARY_POSITION.search(info.folded):
        return "Armed clash"
    return None


def _draft_kind(d: IncidentDraft) -> str | None:
    return next((k for k in (sentence_kind(s) for s in d.sents) if k), None)


def place_keys(info: SentenceMentions, *, regions: bool = False) -> set[str]:
    """The sentence's place names (callers must not change the set: it is kept)."""
    keys = info.place_keys.get(regions)
    if keys is None:
        keys = info.place_keys[regions] = {
            fold_name(pm.surface)
            for pm in info.places
            if (regions or not pm.region) and not (pm.chosen and pm.chosen.kind == "country")
        }
    return keys


@lru_cache(maxsize=4096)
def fold_name(name: str) -> str:
    return fold(name)


# "An attack on a military base on Friday…": an indefinite event noun introduces a new event;
# "the attack"/"l'attaque" refers back to the one being told.
_INDEFINITE_EVENT = re.compile(
    r"(?:^|[\s,;])(?:an?|another|une?|une autre)\s+(?:\w+\s+){0,2}?(?:attack|ambush|raid|"
    r"assault|bombing|explosion|attaque|embuscade|assaut|attentat|explosion)\b"
)


def draft_places(d: IncidentDraft, *, regions: bool = False) -> set[str]:
    """The place names of the draft's sentences (callers must not change the set)."""
    counted, keys = d.place_keys.get(regions, (0, set()))
    for s in d.sents[counted:]:
        keys |= place_keys(s, regions=regions)
    d.place_keys[regions] = (len(d.sents), keys)
    return keys


_SAME_PLACE = re.compile(
    r"\b(?:in|at|near) the same (?:region|area|town|village|locality|province)\b|"
    r"\b(?:dans|a) (?:la|le) meme (?:region|zone|localite|ville|village|province)\b"
)
# "both attacks", "the two raids", "ces deux attaques": a definite count points back at
# incidents already reported; "two major attacks" introduces new ones.
_DEFINITE_BEFORE = re.compile(r"\b(?:the|these|those|les|ces)\s+$")
_PLURAL_EVENTS = re.compile(r"\b(attacks|assaults|raids|attaques|assauts|attentats|strikes)\b")


def _is_summary(info: SentenceMentions) -> bool:
    """A title, or a sentence reporting several attacks in several places at once."""
    if info.headline:
        return True
    return bool(_PLURAL_EVENTS.search(info.folded)) and len(place_keys(info)) >= 2


def segment(
    infos: list[SentenceMentions],
    published: datetime.date | None,
    decide_date: Callable | None = None,
    decide_same: Callable | None = None,
) -> list[IncidentDraft]:
    """``decide_date(info, kinds)`` and ``decide_same(...)`` are the learned decisions' hooks
    (``date_decision.py``, ``segment_decision.py``): they may overrule the rules' answer."""
    for info in infos:
        kinds = [d.kind for d in info.dates]
        mark_report_dates(info, published)
        if decide_date is not None:
            decide_date(info, kinds)
    drafts, summaries = _segment_body(infos, published, True, decide_same)
    if not drafts:
        # Nothing but summaries (a one-sentence story): they are the incidents themselves.
        drafts, summaries = _segment_body(infos, published, False, decide_same)
    for info, nearest in summaries:
        keys = place_keys(info, regions=True)
        owners = [d for d in drafts if keys & draft_places(d, regions=True)]
        if not owners:
            owners = [nearest or drafts[0]]
        if len(owners) == 1:
            owners[0].sents.append(info)  # a summary of this one incident: its places count
            if owners[0].date is None:
                owners[0].date = explicit_date(info)
        else:
            for d in owners:
                d.shared.append(info)
    # An incident told without a place happened where the story is set: the headline's places
    # (or those of the first summary sentence).
    setting = [pm for info, _n in summaries[:1] for pm in info.places]
    for d in drafts:
        if setting and not any(s.places or s.vague for s in d.sents) and not d.inherited:
            d.inherited = list(setting)
    return drafts


def _segment_body(infos, published, defer_summaries: bool, decide_same: Callable | None):
    drafts: list[IncidentDraft] = []
    summaries: list[tuple[SentenceMentions, IncidentDraft | None]] = []
    waiting: list[
        SentenceMentions
    ] = []  # summaries met before any incident: they go to the next one
    current: IncidentDraft | None = None
    pending: list = []  # [status, start, end, remaining]
    pending_date: DateMention | None = None
    for info in infos:
        f = info.folded
        if info.background or any(dm.precision == "year" for dm in info.dates):
            continue
        if any(d.kind == "background" for d in info.dates) and explicit_date(info) is None:
            continue  # "since a January 5 report", "in October 2017": history
        if info.counted:
            counted = cues.COUNTED_EVENTS.search(f)
            count = COUNT_WORDS.get(counted.group(1), 2)
            m = cues.CLAIMED.search(f)
            if m and not cues.UNCLAIMED.search(f):
                backward = counted.group(1) == "both" or _DEFINITE_BEFORE.search(
                    f[max(0, counted.start() - 8) : counted.start()]
                )
                if backward and drafts:
                    # "X claimed both attacks": the claim covers the last incidents reported.
                    for d in drafts[-count:]:
                        d.shared.append(info)
                    continue
                # "two major attacks claimed by jihadists": a claim that covers the next incidents.
                start = info.sent.start + counted.start()
                pending = [CLAIM_CLAIMED, start, info.sent.start + m.end(), count]
                if "by" in f[m.start() : m.end() + 4] or "par" in f[m.start() : m.end() + 5]:
                    pending[2] = _claim_by_end(info, m.end())
            elif explicit_date(info) is not None:
                # "les deux opérations menées le vendredi 24 novembre": the date of what follows.
                pending_date = explicit_date(info)
            continue
        places = place_keys(info)
        if defer_summaries and _is_summary(info):
            if current is None:
                waiting.append(info)
            else:
                summaries.append((info, current))
            continue
        # A sentence naming places of two different incidents already reported sums them up.
        if len(places) >= 2 and drafts:
            holders = [d for d in drafts if places & draft_places(d)]
            if len(holders) >= 2 and all(
                sum(k in draft_places(d) for d in holders) == 1 for k in places
            ):
                for d in holders:
                    d.shared.append(info)
                continue
        # A sentence that only names the places of an earlier incident belongs to it.
        owner = None
        if places and current is not None and not places & draft_places(current):
            owners = [d for d in drafts if places <= draft_places(d)]
            owner = owners[-1] if owners else None
        if not info.trigger:
            if owner is not None:
                owner.sents.append(info)
            elif current is not None:
                current.sents.append(info)
                if current.date is None:
                    # The lead had no date; a following sentence dates it ("It was on Friday
                    # morning that we saw the dead").
                    current.date = explicit_date(info)
            continue
        date = explicit_date(info)
        if date is not None and date.kind == "anaphoric":
            date = resolve_anaphoric(date, current.date.date_start if current and current.date
                                      else published)  # fmt: skip
        separate = bool(cues.NEW_INCIDENT.search(f))
        same_day = date is None or (current is not None and same_date(date, current.date))
        if current is not None and same_day and not separate and places and owner is None:
            # Same day, but a new place and a different kind of attack ("simultaneously, mortar
            # fire on the camp of B" after a car bomb in A): a separate incident.
            kind, before = sentence_kind(info), _draft_kind(current)
            # "Le même jour, une embuscade près de B": an indefinite new event elsewhere.
            other_kind = (kind and before and kind != before) or _INDEFINITE_EVENT.search(f)
            if other_kind and not places & draft_places(current) and draft_places(current):
                separate = True
                date = current.date
        reference = next((d for d in info.dates if d.kind == "reference"), None)
        if (
            date is None
            and reference is not None
            and not any(same_date(x.date, reference) for x in drafts)
        ):
            # "Sunday's attack" naming no incident told yet: the day of this one.
            date, reference = reference, None
        target = None
        current_date = current.date if current is not None else None
        if current is None:
            target = None
        elif owner is not None and date is None:
            target = owner
        elif reference is not None:
            target = next((d for d in drafts if same_date(d.date, reference)), current)
        elif date is None and not separate:
            target = current
        elif date is not None:
            if (
                current.date is None
                and not separate
                and not (current.report_date is not None and _INDEFINITE_EVENT.search(f))
            ):
                current.date = date  # the lead had no date; this sentence gives it
                target = current
            elif not separate and refines(date, current.date):
                current.date = date  # "last week" … "on Thursday": the finer date of that event
                target = current
            elif not separate or date is not current.date:
                target = next((d for d in drafts if same_date(d.date, date)), None)
                if target is None and separate is False and same_date(current.date, date):
                    target = current
                if separate and target is not None and places - draft_places(target):
                    target = None
        if decide_same is not None and current is not None:
            if not decide_same(current, info, date, target is not None, separate):
                current.date, target = current_date, None  # a new incident after all
            elif target is None:
                target = current
        if target is not None:
            target.sents.append(info)
            current = target
            continue
        previous = current
        if date is None and pending_date is not None:
            date, pending_date = pending_date, None
        current = IncidentDraft(sents=[info], date=date, anchor=info)
        if date is None:
            current.report_date = next((dm for dm in info.dates if dm.kind == "report"), None)
        summaries += [(w, current) for w in waiting]
        waiting = []
        if previous is not None and not places and _SAME_PLACE.search(f):
            current.inherited = [pm for s in previous.sents for pm in s.places] + list(
                previous.inherited
            )
        if pending and pending[3] > 0:
            current.pending_claim = (pending[0], pending[1], pending[2])
            pending[3] -= 1
        drafts.append(current)
    summaries += [(w, current) for w in waiting]
    return drafts, summaries


def _claim_by_end(info: SentenceMentions, pos: int) -> int:
    m = re.match(r"\s*(?:(?:by|par)\s+)?(?:the\s+|des\s+|les\s+)?[\w'-]+", info.folded[pos:])
    return info.sent.start + pos + (m.end() if m else 0)
