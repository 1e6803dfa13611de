"""Actor and gazetteer index: one Aho-Corasick automaton over every name and alias.

Built once (seconds for 100,000 places), then each article is scanned in one pass. Keys are
folded (lower case, no accents, hyphens as spaces); matches are kept only on word boundaries and
overlaps resolve to the longest match, so "Islamic State Sahel Province" beats "Sahel".
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from difflib import SequenceMatcher

import ahocorasick

from .normalize import fold, fold_key
from .taxonomy import CIVILIANS, STATE_FORCES
from .types import ActorEntry, PlaceEntry

# GeoNames classes that never locate an incident on their own (streams, hills, areas, forests…).
_NON_LOCATING_CLASSES = {"H", "T", "L", "V", "U", "R"}

# Names that collide with ordinary words in English or French news copy.
STOP_NAMES = {
    "all",
    "centre",
    "center",
    "est",
    "nord",
    "sud",
    "ouest",
    "mali",
    "the",
    "and",
    "dan",
    "ali",
    "camp",
    "base",
    "police",
    "army",
    "north",
    "south",
    "east",
    "west",
    "gold",
    "mine",
    "market",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "lundi",
    "mardi",
    "mercredi",
    "jeudi",
    "vendredi",
    "samedi",
    "dimanche",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "janvier",
    "fevrier",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "aout",
    "septembre",
    "octobre",
    "novembre",
    "decembre",
    "haram",
    "sahel",
    "saint",
    "sainte",
    "port",
    "bon",
    "bien",
    "mort",
    "morts",
    "tout",
    "tous",
    "plus",
    "elle",
    "les",
    "des",
    "une",
    "pour",
    "dans",
    "avec",
    "sur",
    "par",
    "son",
    "sont",
    "ont",
    "ete",
    "peu",
    "deux",
    "trois",
    "cinq",
    "six",
    "sept",
    "huit",
    "neuf",
    "dix",
    "one",
    "two",
    "three",
    "four",
    "five",
    "seven",
    "eight",
    "nine",
    "ten",
    "islam",
    "allah",
    "bamba",
    "garde",
    "front",
    "union",
    "liberte",
    "paix",
    "espoir",
}
# Country names are kept even though they are stop names elsewhere.
_COUNTRY_KINDS = {"country"}

ACTOR = 0
PLACE = 1


@dataclass
class EngineIndex:
    automaton: ahocorasick.Automaton
    payloads: list[tuple[tuple[int, int], ...]]
    actors: dict[int, ActorEntry]
    places: dict[int, PlaceEntry]
    # Helpers the engine needs often.
    countries: dict[str, PlaceEntry] = field(default_factory=dict)  # ISO -> country place
    admin1_by_code: dict[str, PlaceEntry] = field(default_factory=dict)  # "ML.03" -> place
    admin1_names: dict[str, str] = field(default_factory=dict)  # "ML.03" -> "Kayes"
    unidentified_by_country: dict[str, ActorEntry] = field(default_factory=dict)
    civilians_by_country: dict[str, ActorEntry] = field(default_factory=dict)
    military_by_country: dict[str, ActorEntry] = field(default_factory=dict)
    police_by_country: dict[str, ActorEntry] = field(default_factory=dict)
    case_sensitive_keys: dict[str, set[str]] = field(default_factory=dict)
    key_count: int = 0
    # Consonant skeleton -> (key, place ids) of populated places, for spelling variants
    # ("Natiaboni" / GeoNames "Natiaboani", "Diabaly" / "Diabali").
    skeletons: dict[str, list[tuple[str, tuple[int, ...]]]] = field(default_factory=dict)

    def fuzzy_places(self, name: str, *, min_ratio: float = 0.8) -> list[PlaceEntry]:
        """Populated places whose name is a close spelling variant of ``name`` (best first)."""
        key = fold_key(name)
        if len(key) < 5:
            return []  # short names have too many near neighbours
        found: list[tuple[float, PlaceEntry]] = []
        for other, ids in self.skeletons.get(skeleton(key), ()):
            if other == key:
                continue
            ratio = SequenceMatcher(None, key, other).ratio()
            if ratio >= min_ratio:
                found.extend((ratio, self.places[i]) for i in ids)
        found.sort(key=lambda item: -item[0])
        out: list[PlaceEntry] = []
        for _r, p in found:
            if p not in out:
                out.append(p)
        return out

    def scan(self, text: str, folded: str | None = None) -> list[tuple[int, int, tuple]]:
        """Word-bounded, longest-first non-overlapping matches: ``(start, end, payload)``."""
        hay = _match_form(folded if folded is not None else fold(text))
        n = len(hay)
        found: list[tuple[int, int, int]] = []
        for end_idx, (key_len, payload_idx) in self.automaton.iter(hay):
            start = end_idx - key_len + 1
            end = end_idx + 1
            if start > 0 and hay[start - 1].isalnum():
                continue
            if end < n and hay[end].isalnum():
                continue
            found.append((start, end, payload_idx))
        # Longest first, then leftmost: greedy selection of non-overlapping spans.
        found.sort(key=lambda m: (-(m[1] - m[0]), m[0]))
        taken: list[tuple[int, int, tuple]] = []
        occupied = bytearray(n + 1)
        for start, end, payload_idx in found:
            if any(occupied[start:end]):
                continue
            surface = text[start:end]
            key = hay[start:end]
            exact = self.case_sensitive_keys.get(key)
            if exact is not None and surface not in exact:
                continue
            occupied[start:end] = b"\x01" * (end - start)
            taken.append((start, end, self.payloads[payload_idx]))
        taken.sort(key=lambda m: m[0])
        return taken


_MATCH_TABLE = str.maketrans({"-": " ", "\n": " ", "\t": " ", "\r": " "})


_VOWELS = str.maketrans("", "", "aeiouy '-")


def skeleton(key: str) -> str:
    """First letter + consonants without repeats: spelling variants of one name share it."""
    if not key:
        return ""
    rest = key[1:].translate(_VOWELS)
    out = [key[0]]
    for ch in rest:
        if ch != out[-1]:
            out.append(ch)
    return "".join(out)


def _match_form(folded: str) -> str:
    return folded.translate(_MATCH_TABLE)


def _usable_place_key(key: str, kind: str) -> bool:
    if len(key) < 3 or not any("a" <= c <= "z" for c in key):
        return False
    if kind in _COUNTRY_KINDS:
        return True
    return key not in STOP_NAMES


def build_index(actors: Iterable[ActorEntry], places: Iterable[PlaceEntry]) -> EngineIndex:
    """Build the actor + gazetteer automaton (call once; rebuild when the tables change)."""
    keys: dict[str, list[tuple[int, int]]] = {}
    case_sensitive: dict[str, set[str]] = {}

    def add(name: str, ref: tuple[int, int]) -> None:
        key = fold_key(name)
        if not key:
            return
        bucket = keys.get(key)
        if bucket is None:
            keys[key] = [ref]
        elif ref not in bucket:
            bucket.append(ref)

    actor_map: dict[int, ActorEntry] = {}
    for actor in actors:
        actor_map[actor.id] = actor
        names = [actor.name, actor.short_name] + [alias for alias, _lang in actor.aliases]
        for name in names:
            if not name or len(fold_key(name)) < 2:
                continue
            stripped = name.strip()
            # Short all-capital acronyms ("EIS", "FLA") must match in capitals, or they hit words.
            # From four letters the press also writes them as a name ("Jnim", "Aqmi"): allowed.
            if stripped.isupper() and len(stripped) <= 5:
                forms = case_sensitive.setdefault(fold_key(stripped), set())
                forms.add(stripped)
                if len(stripped) >= 4 and stripped.isalpha():
                    forms.add(stripped.capitalize())
            add(name, (ACTOR, actor.id))

    place_map: dict[int, PlaceEntry] = {}
    countries: dict[str, PlaceEntry] = {}
    admin1_by_code: dict[str, PlaceEntry] = {}
    admin1_names: dict[str, str] = {}
    skel: dict[str, dict[str, list[int]]] = {}
    for place in places:
        klass = place.feature_code.split(".", 1)[0] if place.feature_code else ""
        if klass in _NON_LOCATING_CLASSES:
            continue
        place_map[place.id] = place
        if place.kind == "country":
            countries.setdefault(place.country_code, place)
        elif place.kind == "admin1" and place.admin1_code:
            admin1_by_code.setdefault(place.admin1_code, place)
        if place.admin1_code and place.admin1_name:
            admin1_names.setdefault(place.admin1_code, place.admin1_name)
        seen: set[str] = set()
        for name in [place.name, place.ascii_name] + [alt for alt, _ in place.alternate_names]:
            if not name:
                continue
            key = fold_key(name)
            if key in seen or not _usable_place_key(key, place.kind):
                continue
            seen.add(key)
            add(name, (PLACE, place.id))
            if klass == "P" and len(key) >= 5:
                skel.setdefault(skeleton(key), {}).setdefault(key, []).append(place.id)

    automaton = ahocorasick.Automaton()
    payloads: list[tuple[tuple[int, int], ...]] = []
    for key, refs in keys.items():
        automaton.add_word(key, (len(key), len(payloads)))
        payloads.append(tuple(refs))
    if payloads:
        automaton.make_automaton()

    index = EngineIndex(
        automaton=automaton,
        payloads=payloads,
        actors=actor_map,
        places=place_map,
        countries=countries,
        admin1_by_code=admin1_by_code,
        admin1_names=admin1_names,
        case_sensitive_keys=case_sensitive,
        key_count=len(payloads),
        skeletons={
            sk: [(key, tuple(ids)) for key, ids in by_key.items()] for sk, by_key in skel.items()
        },
    )
    for actor in actor_map.values():
        name = actor.name.lower()
        if not actor.country:
            continue
        if name.startswith("unidentified armed group"):
            index.unidentified_by_country.setdefault(actor.country, actor)
        elif actor.actor_type == CIVILIANS and name.startswith("civilians"):
            index.civilians_by_country.setdefault(actor.country, actor)
        elif actor.actor_type == STATE_FORCES and name.startswith("military forces"):
            index.military_by_country.setdefault(actor.country, actor)
        elif actor.actor_type == STATE_FORCES and name.startswith("police forces"):
            index.police_by_country.setdefault(actor.country, actor)
    return index
