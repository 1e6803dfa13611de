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

from .. import cues
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


# --- dates: the event's, or a statement's (a report, a claim) ---------------------------------

# Verbs that tell the event and verbs that tell of a statement about it, folded, both languages.
_EVENT_VERB = re.compile(
    r"\b(?:attack\w*|kill\w*|ambush\w*|raid\w*|struck|strike|stormed|shot|abduct\w*|kidnap\w*|"
    r"explo\w*|clash\w*|fought|bomb\w*|attaqu\w*|tue\w*|tuant|embuscade|assaut|enlev\w*|"
    r"affront\w*|frapp\w*|pris d'assaut|incendi\w*|mitraill\w*)"
)
_STATEMENT_VERB = re.compile(
    r"\b(?:said|says|say|told|claim\w*|announc\w*|report\w*|confirm\w*|stated|statement|declar\w*|"
    r"revendiqu\w*|annonc\w*|indiqu\w*|affirm\w*|precis\w*|communique|bilan|selon|according)"
)
# Present tense or a perfect's auxiliary just before ("says", "has claimed", "a déclaré"):
# statements are told so in English; in French the perfect also tells the event.
_PRESENT = re.compile(r"\b(?:says|say|has|have|a|ont|indique|affirme|explique)\b")
_RELATIVE_WORD = re.compile(
    r"\b(?:yesterday|hier|last|dernier|derniere|earlier|plus tot|later|plus tard|veille|"
    r"lendemain|avant-hier|ago|il y a|this|ce|cette|next|prochain|today|aujourd'hui)\b"
)


def _nearest(pattern: re.Pattern, text: str, at: int) -> int | None:
    """The distance in characters from ``at`` to the nearest match of ``pattern`` in ``text``."""
    best = None
    for m in pattern.finditer(text):
        gap = m.start() - at if m.start() >= at else at - m.end()
        best = abs(gap) if best is None else min(best, abs(gap))
    return best


def date_features(
    doc: Document, info: SentenceMentions, d, original: str, rule_event: bool
) -> dict[str, float]:
    """Features of one date mention (a ``DateMention``): the event's date or a report's?"""
    f: dict[str, float] = {"bias": 1.0, "rule_event": 1.0 if rule_event else 0.0}
    f[f"kind:{original}"] = 1.0
    f[f"precision:{d.precision}"] = 1.0
    f[f"lang:{doc.language}"] = 1.0
    s0 = info.sent.start
    fold_s = info.folded
    at, end = d.start - s0, d.end - s0
    before, after = fold_s[max(0, at - 60) : at], fold_s[end : end + 60]
    for name, pattern in (("event", _EVENT_VERB), ("statement", _STATEMENT_VERB)):
        if pattern.search(before):
            f[f"{name}_before"] = 1.0
        if pattern.search(after):
            f[f"{name}_after"] = 1.0
        gap = _nearest(pattern, fold_s, at)
        if gap is not None:
            f[f"{name}_distance"] = min(gap, 120) / 120.0
        else:
            f[f"no_{name}_verb"] = 1.0
    ev, st = _nearest(_EVENT_VERB, fold_s, at), _nearest(_STATEMENT_VERB, fold_s, at)
    if ev is not None and (st is None or ev < st):
        f["nearest:event"] = 1.0
    elif st is not None:
        f["nearest:statement"] = 1.0
    if _PRESENT.search(" ".join(_words(before)[-3:])):
        f["tense:present_or_perfect"] = 1.0
    if cues.CLAIMED.search(fold_s) and not cues.UNCLAIMED.search(fold_s):
        f["s:claim"] = 1.0
    if _RELATIVE_WORD.search(fold(d.text)) or _RELATIVE_WORD.search(fold_s[max(0, at - 12) : at]):
        f["relative_word"] = 1.0
    # Position: opening its sentence, its rank among the sentence's dates, the sentence's place.
    if not fold_s[:at].strip(" ,").split()[1:]:
        f["opens_sentence"] = 1.0
    rank = next((i for i, x in enumerate(info.dates) if x is d), 0)
    f["rank_in_sentence"] = min(rank, 3) / 3.0
    if len(info.dates) > 1:
        f["several_dates"] = 1.0
    position = next((i for i, s in enumerate(doc.sentences) if s is info), 0)
    f["s:position"] = min(position, 20) / 20.0
    if position <= 1:
        f["s:first"] = 1.0
    if info.headline:
        f["s:headline"] = 1.0
    if info.trigger is not None:
        f["s:trigger"] = 1.0
        f["trigger_before" if s0 + info.trigger.start() < d.start else "trigger_after"] = 1.0
    # The place mention nearest to it: "attacked X on Friday" against "said in Bamako on Friday".
    if info.places:
        gap = min(abs(pm.start - d.start) for pm in info.places)
        f["place_distance"] = min(gap, 150) / 150.0
    else:
        f["no_place"] = 1.0
    if doc.published is not None and d.date_end is not None:
        days = (doc.published - d.date_end).days
        if days == 0:
            f["published_day"] = 1.0
        elif days < 0:
            f["after_publication"] = 1.0
        f["days_before_publication"] = min(max(days, 0), 14) / 14.0
    words_before = _words(before)
    words_after = _words(after)
    f[f"w-1:{words_before[-1]}" if words_before else "w-1:<s>"] = 1.0
    f[f"w+1:{words_after[0]}" if words_after else "w+1:</s>"] = 1.0
    return f


# --- sentences: one incident or a new one ---------------------------------------------------

_CONNECTIVE = re.compile(
    r"\b(?:meanwhile|elsewhere|separately|in a separate|another|also|the same day|earlier|later|"
    r"in addition|simultaneously|par ailleurs|ailleurs|dans une autre|une autre|autre attaque|"
    r"le meme jour|au meme moment|simultanement|plus tard|auparavant|en outre|de plus|aussi)\b"
)
# A sentence that goes on with the same story: a pronoun or a definite event noun up front.
_CONTINUES = re.compile(
    r"^(?:[\w-]+\s+){0,2}?(?:it|they|he|she|this|these|the (?:attack|assailants|attackers|"
    r"gunmen|raid|ambush|assault|victims|militants)|ils|elles|il|elle|ces|cette attaque|"
    r"l'attaque|les assaillants|les terroristes|les victimes|l'embuscade|l'assaut)\b"
)
_INDEFINITE = re.compile(
    r"(?:^|[\s,;])(?:an?|another|une?|une autre)\s+(?:\w+\s+){0,2}?(?:attack|ambush|raid|"
    r"assault|bombing|explosion|attaque|embuscade|assaut|attentat)\b"
)


def segment_features(
    doc: Document,
    current: IncidentDraft,
    info: SentenceMentions,
    date,
    rule_same: bool,
    separate: bool,
    current_places: set[str],
    places: set[str],
    kinds: tuple[str | None, str | None],
) -> dict[str, float]:
    """Features of an event sentence met while ``current`` is being told: the same incident?"""
    f: dict[str, float] = {"bias": 1.0, "rule_same": 1.0 if rule_same else 0.0}
    f[f"lang:{doc.language}"] = 1.0
    fold_s = info.folded
    if separate:
        f["cue:separate"] = 1.0
    m = _CONNECTIVE.search(fold_s)
    if m:
        f["connective"] = 1.0
        f[f"connective:{m.group(0)}"] = 1.0
    if _CONTINUES.match(fold_s):
        f["continues"] = 1.0
    if _INDEFINITE.search(fold_s):
        f["indefinite_event"] = 1.0
    # Places.
    if not places:
        f["no_place"] = 1.0
    elif places & current_places:
        f["same_place"] = 1.0
    else:
        f["new_place" if current_places else "first_place"] = 1.0
    # Dates.
    current_date = current.date
    if date is None:
        f["no_date"] = 1.0
    elif current_date is None:
        f["first_date"] = 1.0
    elif (date.date_start, date.date_end) == (current_date.date_start, current_date.date_end):
        f["same_date"] = 1.0
    else:
        f["new_date"] = 1.0
    # The kind of event and the trigger word.
    kind, before = kinds
    if kind and before:
        f["same_kind" if kind == before else "other_kind"] = 1.0
    if info.trigger is not None:
        word = _words(info.trigger.group(0))
        if word:
            f[f"trigger:{word[0]}"] = 1.0
    if info.actors:
        f["s:actor"] = 1.0
    # How far it is from the incident's last sentence, and how long that incident already is.
    last = current.sents[-1]
    gap = sum(1 for s in doc.sentences if last.sent.start < s.sent.start < info.sent.start)
    f["sentence_gap"] = min(gap, 10) / 10.0
    if gap == 0:
        f["adjacent"] = 1.0
    f["draft_length"] = min(len(current.sents), 10) / 10.0
    if current.anchor.headline:
        f["current_headline"] = 1.0
    return f
