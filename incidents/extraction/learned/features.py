"""Context features of each candidate, as ``{name: value}`` dicts (the learned model's input).

Features are cheap to compute from what the stages already found: the rule's own decision and
its reason, the mention's flags (region, town, near…), its sentence (an event trigger, a date, a
headline, its position in the story), the words just before and after it (folded), and what the
gazetteer says of its candidates (a capital, a region, a country, how populous). The same
functions serve the engine at run time and the trainer (``incidents/learning.py``), so the
model always sees the features it was trained on.
"""

from __future__ import annotations

import math
import re

from ..normalize import fold
from ..stages.document import Document, IncidentDraft, PlaceMention, SentenceMentions
from ..types import ActorEntry

_WORD = re.compile(r"[a-z0-9']+")
# Words a context window keeps as features: prepositions and cue words carry the signal; long
# tails of rare words would only memorise articles.
_MAX_WORD = 14
_NAME_AFTER = re.compile(r" [A-ZÀ-Ý][a-zà-ÿ'’-]+\b")


def _words(folded: str) -> list[str]:
    return [w for w in _WORD.findall(folded) if len(w) <= _MAX_WORD]


def place_name_counts(doc: Document) -> dict[str, int]:
    """How often each folded place name is mentioned in the story (as a place or as context)."""
    counts: dict[str, int] = {}
    for info in doc.sentences:
        for pm in (*info.places, *info.context_places):
            key = fold(pm.surface)
            counts[key] = counts.get(key, 0) + 1
    return counts


def place_features(
    doc: Document,
    info: SentenceMentions,
    position: int,
    pm: PlaceMention,
    counts: dict[str, int],
) -> dict[str, float]:
    """Features of one place mention: is it a place of the incident or only context?"""
    f: dict[str, float] = {"bias": 1.0}
    reason = pm.rule_context
    f["rule_place"] = 0.0 if reason else 1.0
    f[f"rule:{reason or 'place'}"] = 1.0
    for flag in ("region", "town", "unknown", "fuzzy", "admin_unit"):
        if getattr(pm, flag):
            f[flag] = 1.0
    if pm.precision > 1:
        f["near"] = 1.0
    f[f"lang:{doc.language}"] = 1.0
    # The sentence.
    if info.trigger:
        f["s:trigger"] = 1.0
    if info.background:
        f["s:background"] = 1.0
    if info.headline:
        f["s:headline"] = 1.0
    if info.counted:
        f["s:counted"] = 1.0
    if info.dates:
        f["s:dated"] = 1.0
    if info.actors:
        f["s:actor"] = 1.0
    if position == 0:
        f["s:first"] = 1.0
    elif position <= 2:
        f["s:early"] = 1.0
    f["s:position"] = min(position, 20) / 20.0
    # The mention's place in its sentence and line.
    text = doc.text
    if pm.start == info.sent.start:
        f["at_sentence_start"] = 1.0
    if pm.start >= doc.signature_from:
        f["in_signature"] = 1.0
    if doc.lines.blank(doc.lines.line_start(pm.start), pm.start):
        f["at_line_start"] = 1.0
    if pm.surface.isupper():
        f["all_caps"] = 1.0
    if text[pm.start - 1 : pm.start] == "(" or text[pm.end : pm.end + 1] == ")":
        f["in_brackets"] = 1.0
    nxt = text[pm.end : pm.end + 2]
    if nxt[:1] == ",":
        f["comma_after"] = 1.0
    before = _words(doc.folded[max(info.sent.start, pm.start - 40) : pm.start])
    after = _words(doc.folded[pm.end : min(info.sent.end, pm.end + 30)])
    if before:
        f[f"w-1:{before[-1]}"] = 1.0
        if len(before) > 1:
            f[f"w-2:{before[-2]}"] = 1.0
            f[f"w-2,-1:{before[-2]}_{before[-1]}"] = 1.0
    else:
        f["w-1:<s>"] = 1.0
    if after:
        f[f"w+1:{after[0]}"] = 1.0
        if len(after) > 1:
            f[f"w+2:{after[1]}"] = 1.0
    else:
        f["w+1:</s>"] = 1.0
    # A capitalised word right before or after it: a first name or a surname ("Souleymane
    # Maiga", "Amadou Koné"), part of a person's name rather than a village.
    prev = text[max(info.sent.start, pm.start - 25) : pm.start].split()
    if prev and prev[-1][:1].isupper() and prev[-1].isalpha():
        f["capitalised_before"] = 1.0
    if _NAME_AFTER.match(text, pm.end, min(info.sent.end, pm.end + 25)):
        f["capitalised_after"] = 1.0
    # Another place of the sentence that the rules take: a region or a reference point
    # ("dans la région de Tahoua", "près de Diffa") is then more likely context for it.
    others = [o for o in info.places if o is not pm and not o.region]
    if others:
        f["other_place_in_sentence"] = 1.0
        if pm.region:
            f["region_with_other_place"] = 1.0
        if pm.precision > 1:
            f["near_with_other_place"] = 1.0
    if (
        not info.trigger
        and pm.candidates
        and any(p.feature_code == "P.PPLC" for p in pm.candidates)
    ):
        f["capital_without_event"] = 1.0
    # What the gazetteer says.
    cands = pm.candidates
    if cands:
        kinds = {p.kind for p in cands}
        for kind in kinds:
            f[f"kind:{kind}"] = 1.0
        codes = {p.feature_code for p in cands}
        if "P.PPLC" in codes:
            f["capital"] = 1.0
        if "P.PPLA" in codes:
            f["admin1_seat"] = 1.0
        f["log_population"] = max(math.log10(p.population + 1) for p in cands) / 7.0
        f["log_candidates"] = math.log2(len(cands)) / 6.0
        if len({p.country_code for p in cands}) > 1:
            f["several_countries"] = 1.0
    else:
        f["no_candidate"] = 1.0
    n = counts.get(fold(pm.surface), 1)
    f["log_mentions"] = math.log2(n) / 4.0
    return f


# The class of an actor mention the rules give no role (named as a source, a parent group…).
BACKGROUND = "background"


def actor_features(
    doc: Document,
    draft: IncidentDraft,
    info: SentenceMentions,
    start: int,
    end: int,
    actor: ActorEntry,
    rule_role: str | None,
) -> dict[str, float]:
    """Features of one actor mention: perpetrator, target, claimant, suspected or background?"""
    f: dict[str, float] = {"bias": 1.0, f"rule:{rule_role or BACKGROUND}": 1.0}
    f[f"type:{actor.actor_type}"] = 1.0
    f[f"type:{actor.actor_type}|rule:{rule_role or BACKGROUND}"] = 1.0
    f[f"lang:{doc.language}"] = 1.0
    s0 = info.sent.start
    fold_s = info.folded
    if info is draft.anchor:
        f["s:anchor"] = 1.0
    if info in draft.shared:
        f["s:shared"] = 1.0
    if info.headline:
        f["s:headline"] = 1.0
    trig = info.trigger
    if trig is None:
        f["no_trigger"] = 1.0
    else:
        gap = start - (s0 + trig.start())
        f["before_trigger" if gap < 0 else "after_trigger"] = 1.0
        f["trigger_distance"] = min(abs(gap), 200) / 200.0
    before = _words(doc.folded[max(s0, start - 40) : start])
    after = _words(doc.folded[end : min(info.sent.end, end + 30)])
    if before:
        f[f"w-1:{before[-1]}"] = 1.0
        if len(before) > 1:
            f[f"w-2:{before[-2]}"] = 1.0
            f[f"w-2,-1:{before[-2]}_{before[-1]}"] = 1.0
    else:
        f["w-1:<s>"] = 1.0
    if after:
        f[f"w+1:{after[0]}"] = 1.0
        if len(after) > 1:
            f[f"w+2:{after[1]}"] = 1.0
    else:
        f["w+1:</s>"] = 1.0
    for name, cue in _ACTOR_CUES.items():
        m = cue.search(fold_s)
        if m:
            f[f"cue:{name}"] = 1.0
            f[f"cue:{name}:{'before' if s0 + m.start() < start else 'after'}"] = 1.0
    others = sum(1 for s in draft.sents for _a, _b, other in s.actors if other.id != actor.id)
    f["log_other_actors"] = math.log2(others + 1) / 4.0
    return f


_ACTOR_CUES = {
    "claim": re.compile(r"\b(?:claim\w*|revendi\w*)"),
    "suspect": re.compile(r"\b(?:suspect\w*|soupcon\w*|presume\w*|hallmarks|blamed|accus\w*)"),
    "source": re.compile(r"\b(?:according to|selon|said|a declare|a indique|told)\b"),
    "by": re.compile(r"\b(?:by|par)\b"),
    "victim": re.compile(r"\b(?:killed|tues?|morts?|dead|wounded|blesses?)\b"),
}


_SUMMARY = re.compile(
    r"\b(?:total|in all|au total|en tout|since|depuis|this year|cette annee|so far|jusqu'ici|"
    r"overall|cumul\w*|months?|mois|years?|ans|annee)\b"
)


def toll_features(
    doc: Document,
    draft: IncidentDraft,
    candidate,
    candidates: list,
    rule_toll: bool,
) -> dict[str, float]:
    """Features of one count of dead (a ``fatalities.TollCandidate``): the incident's toll?"""
    c = candidate
    info = c.info
    f: dict[str, float] = {"bias": 1.0, "rule_toll": 1.0 if rule_toll else 0.0}
    if c.attackers:
        f["rule:attackers"] = 1.0
    f[f"lang:{doc.language}"] = 1.0
    f["log_value"] = math.log10(c.value + 1) / 3.0
    if c.value == 1:
        f["value_one"] = 1.0
    if c.value >= 10 and c.value % 10 == 0:
        f["round_value"] = 1.0
    if c.fat.low != c.fat.best or c.fat.high != c.fat.best:
        f["approximate"] = 1.0
    values = [o.value for o in candidates if not o.claimed]
    if len(values) > 1:
        f["several_counts"] = 1.0
        f["largest"] = 1.0 if c.value == max(values) else 0.0
        if c.value == min(values):
            f["smallest"] = 1.0
        if c.value == sum(v for v in values if v != c.value):
            f["sum_of_others"] = 1.0
    first = min(candidates, key=lambda o: o.start)
    if first is c:
        f["first_count"] = 1.0
    if info is draft.anchor:
        f["s:anchor"] = 1.0
    if info.headline:
        f["s:headline"] = 1.0
    if info.counted:
        f["s:counted"] = 1.0
    if info.background:
        f["s:background"] = 1.0
    if info.trigger is not None:
        f["s:trigger"] = 1.0
    position = draft.sents.index(info) if info in draft.sents else 0
    f["s:position"] = min(position, 10) / 10.0
    if _SUMMARY.search(info.folded):
        f["s:summary_words"] = 1.0
    before = _words(doc.folded[max(info.sent.start, c.start - 40) : c.start])
    if before:
        f[f"w-1:{before[-1]}"] = 1.0
        if len(before) > 1:
            f[f"w-2:{before[-2]}"] = 1.0
    else:
        f["w-1:<s>"] = 1.0
    for word in _words(doc.folded[c.start : c.end])[:6]:
        if not word.isdigit():
            f[f"in:{word}"] = 1.0
    after = _words(doc.folded[c.end : min(info.sent.end, c.end + 30)])
    if after:
        f[f"w+1:{after[0]}"] = 1.0
    return f
