"""Field resolution, actors and roles: who is perpetrator, target, claimant or suspected in an
incident's sentences (``actor_roles``), and the parent organisations left out (``drop_parents``)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import NamedTuple

from .. import cues
from ..index import EngineIndex
from ..lexicon.common import ATTACKERS
from ..taxonomy import (
    CIVILIANS,
    ROLE_CLAIMANT,
    ROLE_PERPETRATOR,
    ROLE_SUSPECTED,
    ROLE_TARGET,
    STATE_FORCES,
)
from ..types import (
    ActorEntry,
)
from .document import IncidentDraft

# A named group the actor list lacks: "les rebelles du CSP", "fighters of the MSA".
NAMED_UNKNOWN_GROUP = re.compile(
    r"\b(?:rebelles|rebels|combattants|fighters|membres|members|militants|miliciens|"
    r"militiamen)\s+(?:du|de la|des|de l'|d'|of the|of)\s+[A-Z][A-Z-]{1,}\b"
)


def drop_parents(roles: dict, index: EngineIndex) -> None:
    """A parent organisation named beside its branch ("JNIM, al-Qaeda's branch in Mali") is
    background: the branch acts (the actor table's affiliations say who belongs to whom)."""
    named = {a.id for actors in roles.values() for a in actors}
    parents: set[int] = set()
    for actor_id in named:
        parent = index.actors[actor_id].affiliation_id if actor_id in index.actors else None
        while parent is not None and parent not in parents:
            parents.add(parent)
            parent = index.actors[parent].affiliation_id if parent in index.actors else None
    for role in (ROLE_PERPETRATOR, ROLE_CLAIMANT, ROLE_SUSPECTED):
        roles[role] = [a for a in roles[role] if a.id not in parents]


def dedupe(actors: list[ActorEntry]) -> list[ActorEntry]:
    out: list[ActorEntry] = []
    for a in actors:
        if a not in out:
            out.append(a)
    return out


def is_generic(actor: ActorEntry, index: EngineIndex) -> bool:
    return actor in index.unidentified_by_country.values()


def actor_roles(
    d: IncidentDraft,
    text: str,
    folded: str,
    index: EngineIndex,
    country: str,
    evidence,
    decide: Callable | None = None,
) -> dict:
    """Each actor's role in the incident. ``decide(draft, sentence, start, end, actor, role)``,
    when given, has the last word on each actor mention's role (the learned decision, see
    ``role_decision.py``); ``role`` is the rules' answer, None for background."""
    roles: dict[str, list[ActorEntry]] = {
        ROLE_PERPETRATOR: [],
        ROLE_SUSPECTED: [],
        ROLE_CLAIMANT: [],
        ROLE_TARGET: [],
    }

    def add(role: str, actor: ActorEntry | None, start: int, end: int) -> None:
        if actor is None:
            return
        if actor not in roles[role]:
            roles[role].append(actor)
        evidence(role, start, end)

    military = index.military_by_country.get(country)
    police = index.police_by_country.get(country) or military
    civilians = index.civilians_by_country.get(country)
    unidentified = index.unidentified_by_country.get(country)
    for info in d.sents + d.shared:
        s0 = info.sent.start
        f = info.folded
        trig = info.trigger
        trig_pos = s0 + trig.start() if trig else None
        susp = cues.SUSPECTED.search(f)
        claim = cues.CLAIMED.search(f) if not cues.UNCLAIMED.search(f) else None
        attributed = cues.ATTRIBUTED.search(f)
        self_claim = cues.SELF_CLAIM.search(f)
        army_op = _ARMY_OP.search(f)
        sc = SentenceCues(s0, f, susp, claim, attributed, self_claim, army_op, trig_pos)
        if self_claim and _ARMY_SUBJECT.search(f[: self_claim.start()]):
            add(ROLE_CLAIMANT, military, s0 + self_claim.start(), s0 + self_claim.end())
        elif army_op and trig and _ARMY_SUBJECT.search(f[: army_op.start()]):
            # "l'armée a opéré des frappes de drones": the country's army strikes.
            m = list(_ARMY_SUBJECT_WORD.finditer(f[: army_op.start()]))[-1]
            add(ROLE_PERPETRATOR, military, s0 + m.start(), s0 + m.end())
        for start, end, actor in info.actors:
            if actor.actor_type == CIVILIANS and civilians is not None:
                actor = civilians  # "civilians" names the civilians of the incident's country
            before = folded[max(s0, start - 40) : start]
            after = folded[end : min(info.sent.end, end + 40)]

            role = mention_role(sc, d, text, folded, start, end, actor, before, after)
            if decide is not None:
                role = decide(d, info, start, end, actor, role)
            if role is not None:
                add(role, actor, start, end)

        if not trig:
            continue
        for m in cues.GENERIC_PERPETRATOR.finditer(f):
            start = s0 + m.start()
            after = f[m.end() : m.end() + 30]
            if cues.SOURCE_AFTER.search(after):
                continue
            if susp and susp.start() < m.start():
                continue  # "bore the hallmarks of jihadists": a suspicion, not the perpetrator
            if re.search(r"\b(?:killed|kill|tue|tues|neutralised|neutralized|neutralise)\s*"
                         r"(?:\w+\s+){0,3}$", f[: m.start()]):  # fmt: skip
                continue  # "killed 20 terrorists": the attackers are the victims here
            add(ROLE_PERPETRATOR, unidentified, start, s0 + m.end())
        for pattern, actor in (
            (cues.MILITARY_TARGET, military),
            (cues.POLICE_TARGET, police),
            (cues.CIVILIAN_TARGET, civilians),
        ):
            for m in pattern.finditer(f):
                start = s0 + m.start()
                if start < trig_pos and not re.search(
                    r"\b(?:were|was|have been|has been|ont ete|a ete|sont|est)\s+(?:\w+\s+)?"
                    r"(?:killed|attacked|targeted|abducted|kidnapped|executed|tuee?s?|attaquee?s?|"
                    r"visee?s?|ciblee?s?|enlevee?s?|kidnappee?s?|executee?s?)",
                    f[m.end() : m.end() + 40]
                ):  # fmt: skip
                    continue
                if cues.SOURCE_AFTER.search(f[m.end() : m.end() + 30]):
                    continue
                span_start = min(start, trig_pos) if start - trig_pos < 40 else start
                add(ROLE_TARGET, actor, span_start, s0 + m.end())
                break
    return roles


class SentenceCues(NamedTuple):
    """What a sentence says once for all its actor mentions (cue matches, the trigger's place)."""

    s0: int
    f: str
    susp: re.Match | None
    claim: re.Match | None
    attributed: re.Match | None
    self_claim: re.Match | None
    army_op: re.Match | None
    trig_pos: int | None


def mention_role(
    sc: SentenceCues, d: IncidentDraft, text: str, folded: str, start: int, end: int,
    actor: ActorEntry, before: str, after: str,
) -> str | None:  # fmt: skip
    """The rules' role for one actor mention, None when it is background ("according to the
    army", an affiliation, a response to the attack…)."""
    s0, f, susp, claim, attributed, self_claim, army_op, trig_pos = sc
    of_group = _ATTACKERS_OF_GROUP.search(before)
    if (
        of_group
        and trig_pos is not None
        and start < trig_pos
        and start - len(before) + of_group.start() - s0 <= 40
    ) or _ATTACKERS_IDENTIFIED.search(before):
        # The attackers' own group, not a background affiliation.
        return ROLE_SUSPECTED if susp and susp.start() < start - s0 else ROLE_PERPETRATOR
    if cues.AFFILIATION_BEFORE.search(before) or cues.AFFILIATION_AFTER.search(after):
        return None
    if _POSSESSIVE_OF_ACTOR.match(text[end : end + 5]):
        return None  # "al Qaeda's Group for…": the parent organisation, not a second actor
    if actor.actor_type in (STATE_FORCES, 8) and _RESPONSE_BEFORE.search(folded[s0:start]):
        return None  # "un ratissage par l'armée": the response, not the attack
    if actor.actor_type == 8 and _SUPPORT.search(f):
        return None  # foreign forces that sent helicopters or reinforcements
    if cues.SOURCE_AFTER.search(after) or cues.SOURCE_BEFORE.search(before):
        return None
    apposition = cues.VICTIM_APPOSITION.search(before)
    if actor.actor_type not in (STATE_FORCES, CIVILIANS) and (
        apposition or cues.COUNTED_BEFORE.search(before) or cues.PASSIVE_VICTIM_AFTER.match(after)
    ):
        # Counted among the dead ("dix civils, dont quatre VDP", "four VDP were
        # killed"): the group is a victim, not the attacker.
        if apposition and cues.CIVILIAN_TARGET.search(folded[max(s0, start - 80) : start]):
            d.civilian_subset.add(actor.id)  # armed men counted as civilians
        return ROLE_TARGET
    if susp and start >= s0 + susp.start() - 30:
        return ROLE_SUSPECTED
    if attributed and start > s0 + attributed.start():
        return ROLE_PERPETRATOR  # "the army blamed X"
    # The army claims its own strikes ("l'armée affirme avoir frappé"), not others' attacks.
    own_claim = self_claim and start < s0 + self_claim.start()
    by = re.search(
        r"\b(?:by|par)\s+(?:the\s+|les?\s+|la\s+|l'|des\s+)?(?:(?:fighters|members|"
        r"militants|elements|men|combattants|membres|elements|hommes|jihadistes|"
        r"djihadistes|terroristes)\s+(?:of\s+|du\s+|de\s+la\s+|de\s+l'|des\s+|de\s+|d')"
        # a name in quotes: 'revendiquée par le « Groupe de soutien… »'
        r"(?:the\s+)?)?(?:\"\s*)?$",
        before,
    )
    if claim and (actor.actor_type != STATE_FORCES or own_claim):
        cpos = s0 + claim.start()
        # "X claimed…", "claimed by X", "ont été revendiquées par X" (the passive's
        # "par" may follow the matched cue: "a été revendiquée par le groupe jihadiste X").
        passive = "by" in claim.group(0) or "par" in claim.group(0)
        passive = passive or bool(_BY_AFTER.match(f, claim.end()))
        if start < cpos or passive or by:
            return ROLE_CLAIMANT
    if trig_pos is None:
        return None
    if actor.actor_type == STATE_FORCES:
        # In these reports the army is the usual victim; it acts in its own operations.
        if by or (start < trig_pos and army_op):
            return ROLE_PERPETRATOR
        else:
            return ROLE_TARGET
    elif actor.actor_type == CIVILIANS:
        return ROLE_TARGET
    elif start < trig_pos or by:
        return ROLE_PERPETRATOR
    elif army_op or actor.actor_type == 8:
        return ROLE_TARGET
    return None


# The attackers named as members of a group. As the subject of the attack, at the opening of its
# sentence: "gunmen affiliated with the X attacked", "des hommes armés liés au X ont tué" (a
# hedge, "believed to be linked to", makes X a suspect). Or in a sentence that identifies them:
# "the attackers belonged to X", "les assaillants appartiennent au X", "il s'agit d'éléments de
# l'X". Not "jihadists linked to al-Qaeda who took key cities" (history, deep in its sentence).
_OF = r"(?:to|with|au|aux|a la|a l'|a|du|de la|de l'|des|de|d')"
_ATTACKERS_OF_GROUP = re.compile(
    r"\b(?:" + ATTACKERS + r")\s+"
    r"(?:(?:believed|thought|said|suspected|presumed) to be\s+|reportedly\s+|presumes?\s+)?"
    r"(?:affiliated|linked|loyal|belonging|lie(?:e|s|es)?|affilie(?:e|s|es)?|appartenant|"
    r"se reclamant)\s*" + _OF + r"\s*(?:the\s+|l'|la\s+|le\s+)?$"
)
_ATTACKERS_IDENTIFIED = re.compile(
    r"(?:\b(?:the|these|les|ces)\s+(?:" + ATTACKERS + r")\s+(?:(?:were|are|all)\s+)?"
    r"(?:belong(?:ed)?|members of|fighters of|elements of|from|appart(?:iennent|enaient|enait|"
    r"ient)|etaient (?:des )?(?:elements|membres|combattants))\s*" + _OF + r"?"
    r"|\bil s'agi(?:t|rait)\s+(?:d'elements|de membres|de combattants|de jihadistes|"
    r"de djihadistes|de terroristes)\s+" + _OF + r")\s*(?:the\s+|l'|la\s+|le\s+)?$"
)
_ARMY_OP = re.compile(
    r"\b(air ?strikes?|drone strikes?|frappes?|neutralis\w*|neutraliz\w*|bombard\w*|"
    r"(?:killed|kill|tue|tues|abattu)\s+(?:\w+\s+){0,3}(?:terrorists|jihadists|militants|"
    r"terroristes|jihadistes|djihadistes|assaillants))\b"
)
# "l'armée assure avoir détruit…", "the military says it struck…": the country's army.
_ARMY_SUBJECT_WORD = re.compile(
    r"\b(?:l'armee|the army|the military|l'etat-major|les fama|the armed forces|"
    r"les forces armees)\b"
)
_ARMY_SUBJECT = re.compile(_ARMY_SUBJECT_WORD.pattern + r"\s*(?:\w+\s*){0,4}$")
_BY_AFTER = re.compile(r"\s+(?:by|par)\b")
# "al Qaeda's Group for Support of Islam and Muslims": an actor owning the next one.
_POSSESSIVE_OF_ACTOR = re.compile(r"^['’]s\s+[A-Z]")
# The army answering an attack (a sweep, a search, reinforcements) is not its perpetrator.
_RESPONSE_BEFORE = re.compile(
    r"\b(?:ratissage|recherches?|riposte|renforts?|traque|poursuite|sweep|search(?:es)?|"
    r"manhunt|reinforcements?|pursuit|counter-?attack|contre-attaque|repousse\w*|repelled|"
    r"fought back)\b[^.;]*$"
)
_SUPPORT = re.compile(
    r"\b(?:sent|dispatched|deployed|provided|support(?:ed|ing)?|backed|backing|assist\w*|"
    r"air support|reinforcements?|helicopters?|evacuat\w*|envoye\w*|depeche\w*|deploye\w*|"
    r"appui\w*|soutien|renforts?|helicopteres?|evacu\w*|aide)\b"
)
