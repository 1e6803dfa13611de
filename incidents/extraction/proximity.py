"""Distances between gazetteer places, and the story's anchor places for homonyms.

A homonym is resolved towards the other places of the story ("Boni" near the Douentza the story
also names). Comparing every mention with every anchor was quadratic in the article's length;
``Anchors`` keeps each distinct anchor once, sorted by latitude, and only measures the anchors
close enough in latitude to matter, which gives the same nearest distance whenever it is within
the asked radius.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right

from .types import PlaceEntry

EARTH_RADIUS_KM = 6371.0
# Degrees of latitude per km, with a margin: an anchor further away in latitude alone is
# certainly further than the radius (the distance is at least its north-south component).
_DEGREES_PER_KM = 180.0 / (math.pi * EARTH_RADIUS_KM) * 1.05


def distance_km(a: PlaceEntry, lat: float, lon: float) -> float:
    """Equirectangular distance, good enough at the Sahel's scale (1,000 km without coordinates)."""
    if a.latitude is None or a.longitude is None:
        return 1000.0
    dlat = math.radians(a.latitude - lat)
    dlon = math.radians(a.longitude - lon) * math.cos(math.radians((a.latitude + lat) / 2))
    return EARTH_RADIUS_KM * math.hypot(dlat, dlon)


class Anchors:
    """The places a story names unambiguously, as ``(folded name, place)`` pairs (places with
    coordinates), queried for the nearest anchor of another name."""

    def __init__(self, pairs: list[tuple[str, PlaceEntry]]) -> None:
        unique: dict[tuple[str, int], tuple[str, PlaceEntry]] = {}
        for key, place in pairs:
            unique.setdefault((key, id(place)), (key, place))
        self._items = sorted(unique.values(), key=lambda item: item[1].latitude)
        self._lats = [place.latitude for _key, place in self._items]
        self._keys = {key for key, _place in self._items}
        self._admin1_keys: dict[str, set[str]] = {}
        for key, place in self._items:
            self._admin1_keys.setdefault(place.admin1_code, set()).add(key)
        self._nearest: dict[tuple[int, str, float], float] = {}

    def has_other(self, key: str) -> bool:
        """Some anchor has another name than ``key``."""
        return len(self._keys) > 1 or (bool(self._keys) and key not in self._keys)

    def other_in_admin1(self, admin1_code: str, key: str) -> bool:
        """An anchor of another name than ``key`` lies in that admin1 region."""
        keys = self._admin1_keys.get(admin1_code)
        return bool(keys) and (len(keys) > 1 or key not in keys)

    def nearest(self, place: PlaceEntry, key: str, radius_km: float) -> float:
        """Distance from ``place`` to the nearest anchor named other than ``key`` when it is
        within ``radius_km`` (exactly the minimum over all anchors then); ``math.inf`` when no
        such anchor is that close. ``place`` must have a latitude."""
        cache_key = (id(place), key, radius_km)
        found = self._nearest.get(cache_key)
        if found is None:
            window = radius_km * _DEGREES_PER_KM
            lo = bisect_left(self._lats, place.latitude - window)
            hi = bisect_right(self._lats, place.latitude + window)
            found = math.inf
            for other_key, anchor in self._items[lo:hi]:
                if other_key != key:
                    found = min(found, distance_km(place, anchor.latitude, anchor.longitude))
            self._nearest[cache_key] = found
        return found
