"""Field resolution, fatalities: the victims' toll, with attackers' deaths left out and a
perpetrator's claimed figure kept as the upper bound."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import NamedTuple

from .. import cues
from ..lexicon.common import ATTACKERS, MORE_NUMBERS, NUM, NUM2, PERSON, QUAL, WEEKDAYS
from ..types import (
    Fatalities,
)
from .document import IncidentDraft, SentenceMentions
from .numbers import fatality_of, parse_number

_FAT_AFTER = re.compile(
    rf"\b{QUAL}{NUM}\s+(?:(?:[a-z'-]+\s+){{0,3}}?)"
    r"(?:(?:were|was|have been|had been|are|ont ete|ont|sont|a ete|ete|been|reported|"
    r"people|persons|personnes|de|d')\s+){0,3}?" + cues.DEATH_WORD + r"\b"
)
_FAT_BEFORE = re.compile(
    rf"\b(?:killed|killing|kills|kill|massacred|slaughtered|executed|tuant|tue|tues|a tue|"
    r"ont tue|fait|faisant|left|leaving|toll (?:rose |rises |climbed )?(?:to|of|at)|"
    r"bilan (?:de|d'|provisoire de|s'eleve a|est de)|claimed the lives of|coute la vie a|"
    # "the toll on Thursday rose to 15", "le bilan s'est alourdi à 30"
    r"(?:toll|bilan)\b[^.;\d]{0,30}?\b(?:rose|rises|risen|climbed|increased|reached|"
    r"s'eleve|alourdi|passe|atteint)(?:\s+(?:to|at|a))?)"
    # "ont tué vendredi dix civils": a day between the verb and the count
    rf"(?:\s+(?:on\s+|ce\s+|le\s+)?(?:{'|'.join(WEEKDAYS)}|hier|yesterday))?"
    rf"\s+{QUAL}{NUM}\b(?P<rest>[^.;]{{0,40}})"
)
# A toll foreseen, not counted: "could rise to 20", "risque de s'alourdir", "feared dead".
_PROJECTION = re.compile(
    r"\b(?:could|may|might|would|expected to|likely to|feared|fears?|risk\w*|risque\w*|"
    r"pourrai\w*|craint\w*|projected|threaten\w*|menace\w*)\b[^.;]{0,25}$"
)
# A count with no noun of its own ("30 were killed") after the attackers were named.
_BARE_COUNT = re.compile(
    r"^\s*(?:of them\s+|d'entre eux\s+)?(?:were|was|have been|had been|ont ete|sont|a ete)\b"
)
_VICTIM_NOUN = re.compile(
    r"\b(?:soldiers|troops|civilians|villagers|people|gendarmes|policemen|soldats|militaires|"
    r"civils|villageois|personnes|gendarmes|policiers)\b"
)
# The army answering the attack: those it killed are the attackers ("repelled the attack,
# killing 30").
_REPELLED = re.compile(
    r"\b(?:repelled|repulsed|fought back|fended off|counter-?attack\w*|riposte\w*|repouss\w*|"
    r"contre-attaque\w*|mis en deroute|neutrali\w*)\b"
)
_BETWEEN = re.compile(
    rf"\bbetween\s+(?P<a>\d+)\s+and\s+(?P<b>\d+)\s+(?:[a-z]+\s+){{0,3}}?{cues.DEATH_WORD}"
)
_NOT_PEOPLE = re.compile(
    r"^\s*(?:towns?|villages?|km|kilomet\w*|miles?|years?|days?|hours?|percent|%|vehicles?|"
    r"motorbikes?|motorcycles?|positions?|localites|ans|jours|heures|vehicules|motos)\b"
)


def resolve_fatalities(
    d: IncidentDraft,
    evidence,
    *,
    state_perpetrator: bool = False,
    decide: Callable[[TollCandidate, list[TollCandidate], bool], bool] | None = None,
) -> Fatalities:
    """The victims' toll. Attackers killed or "neutralised" by the army are left out, unless the
    army is the perpetrator: then those it "neutralised" are the victims of its operation.

    Every count found is a ``TollCandidate``; the rules take the largest count that is not the
    attackers' and not the perpetrator's own claim. ``decide(candidate, all_candidates, rule)``, when
    given (the learned number decision), says whether a count is the victims' toll instead;
    its third argument is the rules' answer."""
    candidates: list[TollCandidate] = []
    no_toll: tuple[int, int] | None = None
    zero_toll: tuple[int, int] | None = None  # "sans faire de victimes", "no casualties"
    f, zt, s0 = "", None, 0

    def consider(value: int, fat: Fatalities, start: int, end: int, attackers: bool) -> None:
        if zt and zt.start() <= end - s0 and start - s0 <= zt.end():
            return  # "no one was killed" counts nobody
        # The perpetrator's own figure ("the group said it killed 9"): the claimed toll, kept
        # apart from the count of officials or independent sources.
        claimed = bool(_CLAIMED_COUNT.search(_clause_before(f, end - s0)))
        candidates.append(TollCandidate(value, fat, start, end, attackers, claimed, info))

    for info in d.sents:
        s0 = info.sent.start
        # "Dix civils, dont quatre VDP, ont été tués": the apposition is part of the count.
        f = _APPOSITION.sub(lambda m: " " * len(m.group()), info.folded)
        nt = cues.NO_TOLL.search(f)
        if nt and no_toll is None:
            no_toll = (s0 + nt.start(), s0 + nt.end())
        zt = cues.ZERO_TOLL.search(f)
        if zt and zero_toll is None:
            zero_toll = (s0 + zt.start(), s0 + zt.end())
        found: list[tuple[re.Match, str | None]] = []
        for m in _FAT_BEFORE.finditer(f):
            rest = m.group("rest")
            if _NOT_PEOPLE.match(rest):
                continue
            if re.match(rf"\s*(?:\w+\s+){{0,2}}{cues.WOUNDED_WORD}", rest):
                continue
            head = f[m.start() : m.start("qual") if m.group("qual") else m.start("num")]
            if re.match(r"(fait|faisant|left|leaving)\b", head) and not re.search(
                cues.DEATH_WORD, rest[:30]
            ):
                continue
            found.append((m, m.group("qual")))
        # The patterns that end on a death word run only where there is one (speed).
        deaths = _DEATH_RE.search(f) is not None
        for m in _FAT_AFTER.finditer(f) if deaths else ():
            between = f[m.end("num") : m.end()]
            if re.search(cues.WOUNDED_WORD, between) or _NOT_PEOPLE.match(between):
                continue
            # A "killed N" match ends at its count: what follows may hold a second toll.
            if any(m.start() < _count_end(o) and o.start() < m.end() for o, _q in found):
                continue
            found.append((m, m.group("qual")))
        for m, qual in found:
            value, kind = parse_number(m.group("num"))
            if not value or _PROJECTION.search(f[max(0, m.start() - 40) : m.start("num")]):
                continue
            fat = fatality_of(value, kind, qual)
            end = m.end()
            noun = f[m.end("num") : m.end()]
            if m.groupdict().get("rest") is not None:
                rest = re.match(r"\s+[a-z]+", m.group("rest"))
                end = m.end("num") + (rest.end() if rest else 0)
                noun = m.group("rest")[:30]
            attackers = (
                bool(
                    _ATTACKER_NOUN.match(noun)
                    # The side named after the counted noun ("trois morts parmi les soldats et
                    # quinze parmi les assaillants": the soldiers are the victims).
                    or _ATTACKER_SIDE.match(f[end : end + 40])
                    or _ATTACKER_SIDE_BEFORE.search(f[max(0, m.start("num") - 40) : m.start("num")])
                )
                or _attackers_by_context(f, m, noun)
            )
            consider(value, fat, s0 + m.start(), s0 + end, attackers)
        neutralised = "neutrali" in f
        for m in (m for p in _NEUTRALISED if neutralised for m in p.finditer(f)):
            value, kind = parse_number(m.group("num"))
            if value:
                fat = fatality_of(value, kind, m.group("qual"))
                consider(value, fat, s0 + m.start(), s0 + m.end(), True)
        for m in _FAT_SUM.finditer(f) if deaths and (" and " in f or " et " in f) else ():
            first, kind = parse_number(m.group("num"))
            second = MORE_NUMBERS.get(m.group("num2") or "", 1) if not (
                (m.group("num2") or "").isdigit()) else int(m.group("num2"))  # fmt: skip
            # "15 assailants were killed and two soldiers died" is two counts, not one toll:
            # the parts are counted apart, the attackers' left out.
            parts = m.group(0)[: m.start("num2") - m.start()]
            if re.search(ATTACKERS, m.group(0)) or _DEATH_RE.search(parts):
                continue
            if first and not re.search(cues.WOUNDED_WORD, m.group(0)):
                total = first + second
                consider(total, fatality_of(total, kind, m.group("qual")), s0 + m.start(),
                         s0 + m.end(), bool(_ATTACKER_NOUN.search(m.group(0))))  # fmt: skip
        for m in _FAT_ONE.finditer(f) if deaths else ():
            consider(1, Fatalities(1, 1, 1), s0 + m.start(), s0 + m.end(), False)
        for m in _BETWEEN.finditer(f):
            a, b = int(m.group("a")), int(m.group("b"))
            consider(b, Fatalities(a, a, b), s0 + m.start(), s0 + m.end(), False)
    best: tuple[int, Fatalities, int, int] | None = None
    claimed: tuple[int, Fatalities, int, int] | None = None
    for c in candidates:
        if c.claimed:
            if (not c.attackers or state_perpetrator) and (claimed is None or c.value > claimed[0]):
                claimed = (c.value, c.fat, c.start, c.end)
            continue
        toll = not c.attackers or state_perpetrator
        if decide is not None:
            toll = decide(c, candidates, toll)
        if toll and (best is None or c.value > best[0]):
            best = (c.value, c.fat, c.start, c.end)
    if best is not None:
        evidence("fatalities", best[2], best[3])
        fat = best[1]
        if claimed is not None and claimed[0] > max(fat.high or 0, fat.best or 0):
            # Competing figures: the official best estimate, the claim as the upper bound.
            fat = Fatalities(fat.low, fat.best, claimed[0])
        return fat
    if claimed is not None:
        evidence("fatalities", claimed[2], claimed[3])
        return claimed[1]
    if zero_toll is not None:
        # Said outright that nobody died: a toll of 0 (silence stays unknown, never 0).
        evidence("fatalities", *zero_toll)
        return Fatalities(0, 0, 0)
    if no_toll is not None:
        evidence("fatalities", *no_toll)
    return Fatalities()


class TollCandidate(NamedTuple):
    """One count of dead the patterns found, and what the rules saw in it."""

    value: int
    fat: Fatalities
    start: int
    end: int
    attackers: bool  # the attackers' dead ("15 assailants were killed")
    claimed: bool  # the perpetrator's own figure
    info: SentenceMentions


_DEATH_RE = re.compile(r"\b" + cues.DEATH_WORD)
_APPOSITION = re.compile(
    r",\s*(?:dont|including|among them|parmi (?:eux|elles|lesquels|lesquelles)|notamment)"
    r"\b[^,.;]{1,50},"
)
# A count in the perpetrator's claim: "JNIM said it killed", "affirme avoir tué", "in its claim".
_CLAIMED_COUNT = re.compile(
    cues.SELF_CLAIM_BODY + r"|\b(?:claim\w*|revendi\w*|saying (?:it|they)|disant avoir|"
    r"affirmant avoir|(?:selon|according to) (?:le|la|les|the) (?:groupe?|jihadist\w*|"
    r"djihadist\w*|terroris\w*|militants|assaillants|attackers))\b"
)
_CLAUSE_BREAK = re.compile(
    r"[.;]|\b(?:while|whereas|but|although|however|tandis que|alors que|mais|cependant|"
    r"toutefois|quant a)\b"
)


def _count_end(m: re.Match) -> int:
    return m.end("num") if m.groupdict().get("rest") is not None else m.end()


def _clause_before(f: str, pos: int) -> str:
    """The clause a count at ``pos`` belongs to, up to it (at most 100 characters)."""
    head = f[max(0, pos - 100) : pos]
    breaks = list(_CLAUSE_BREAK.finditer(head))
    return head[breaks[-1].end() :] if breaks else head


def _attackers_by_context(f: str, m: re.Match, noun: str) -> bool:
    """A count whose people the sentence names before it: "the army repelled the attack,
    killing 30", "Among the assailants, 30 were killed"."""
    head = f[: m.start()]
    if _REPELLED.search(head):
        return not _VICTIM_NOUN.search(noun[:25])
    if _BARE_COUNT.match(noun) or _BARE_COUNT.match(f[m.end("num") : m.end("num") + 30]):
        named = [a.end() for a in re.finditer(ATTACKERS, head)]
        return bool(named) and not _VICTIM_NOUN.search(head[named[-1] :])
    return False


# The counted people are the attackers: "20 terrorists", "une vingtaine d'individus armés".
_ATTACKER_NOUN = re.compile(
    r"^\s*(?:[a-z]+\s+){0,2}?(?:d'|de\s+|des\s+)?(?:[a-z]+\s+)?" + ATTACKERS + r"\b"
)
# "five dead on the attackers' side", "cinq morts côté assaillants", "among the assailants".
_ATTACKER_SIDE = re.compile(
    r"^\s*(?:on|among|in|du|de|dans|parmi|cote|du cote)\s+(?:the\s+|les\s+|le\s+|des\s+)?"
    r"(?:side of the\s+|rangs des\s+|cote des\s+)?" + ATTACKERS
)
# The same side named before the count: "du côté des assaillants, quinze morts", "among the
# attackers, 15 dead".
_ATTACKER_SIDE_BEFORE = re.compile(
    r"\b(?:on the side of the|among the|du cote des|cote|parmi les|dans les rangs des)\s+"
    + ATTACKERS
    + r"(?:'s? side)?\s*,?\s*(?:(?:on|au|le) (?:compte|bilan)\s*,?\s*)?$"
)
_NEUTRALISED = [
    re.compile(rf"\b{QUAL}{NUM}\s+(?:d'|de\s+)?(?:[\w'«»\"]+\s+){{0,4}}?[«»\"\s]*neutrali[sz]\w*"),
    re.compile(rf"\bneutrali[sz]\w*\s+{QUAL}{NUM}\b"),
]
# "Seven Malian soldiers and a civilian driver were killed": one toll in two parts.
_FAT_SUM = re.compile(
    rf"\b{QUAL}{NUM}\s+(?:[a-z'-]+\s+){{1,3}}?(?:and|et)\s+{NUM2}\s+(?:[a-z'-]+\s+){{1,3}}?"
    r"(?:were\s+|have been\s+|had been\s+|ont ete\s+|sont\s+)?" + cues.DEATH_WORD + r"\b"
)
# "a French soldier died": a single victim.
_FAT_ONE = re.compile(
    rf"\b(?:a|an|one|un|une)\s+(?:[a-z-]+\s+){{0,2}}?{PERSON}\s+"
    r"(?:was\s+|has been\s+|a ete\s+|est\s+)?(?:killed|died|dead|tue|mort|decede|abattu)\b"
)
