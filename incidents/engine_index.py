"""The extraction engine's index, built from the actor and gazetteer tables.

Built once per process and reused; rebuilt when actors, aliases, places or their names change.
Two signals say "changed": a version number in the shared cache, raised on commit by the
receivers below (so a web process's edit reaches the workers), and a fingerprint of the four
tables (row counts and highest ids, one cheap query) that also catches bulk writes, which send
no signals, and transactions rolled back after the index was built.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Iterator

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from incidents.extraction import ActorEntry, EngineIndex, PlaceEntry, build_index
from incidents.models import Actor, ActorAlias, Location, LocationName

VERSION_KEY = "incidents:engine-index-version"
_lock = threading.Lock()
_cached: tuple[tuple, EngineIndex] | None = None


def actor_entries() -> list[ActorEntry]:
    """Active actors with their aliases, as the engine wants them (ids are `Actor` pks)."""
    aliases: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for actor_id, alias, language in ActorAlias.objects.values_list(
        "actor_id", "alias", "language"
    ):
        aliases[actor_id].append((alias, language))
    return [
        ActorEntry(
            id=pk,
            name=name,
            short_name=short_name,
            actor_type=actor_type,
            country=country,
            aliases=aliases.get(pk, []),
            affiliation_id=affiliation_id,
        )
        for pk, name, short_name, actor_type, country, affiliation_id in Actor.objects.filter(
            active=True
        ).values_list("pk", "name", "short_name", "actor_type", "country", "affiliation_id")
    ]


def place_entries() -> Iterator[PlaceEntry]:
    """Every gazetteer row with its alternate names (ids are `Location` pks)."""
    names: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for location_id, name, language in LocationName.objects.values_list(
        "location_id", "name", "language"
    ):
        names[location_id].append((name, language))
    rows = Location.objects.values_list(
        "pk",
        "name",
        "ascii_name",
        "kind",
        "country_code",
        "admin1_code",
        "admin1_name",
        "admin2_name",
        "latitude",
        "longitude",
        "population",
        "feature_class",
        "feature_code",
        "geonames_id",
        "parent_id",
    )
    for (
        pk,
        name,
        ascii_name,
        kind,
        cc,
        a1_code,
        a1_name,
        a2_name,
        lat,
        lon,
        population,
        feature_class,
        feature_code,
        geonames_id,
        parent_id,
    ) in rows.iterator(chunk_size=5000):
        yield PlaceEntry(
            id=pk,
            name=name,
            ascii_name=ascii_name,
            alternate_names=names.get(pk, []),
            kind=kind,
            country_code=cc,
            admin1_code=a1_code,
            admin1_name=a1_name,
            admin2_name=a2_name,
            latitude=lat,
            longitude=lon,
            population=population,
            # The engine ranks GeoNames "class.code" values such as "P.PPLA".
            feature_code=f"{feature_class}.{feature_code}" if feature_class else feature_code,
            geonames_id=geonames_id,
            parent_id=parent_id,
        )


def fingerprint() -> tuple:
    """Row counts and highest ids of the four tables, in one query."""
    parts = []
    for model in (Actor, ActorAlias, Location, LocationName):
        table = connection.ops.quote_name(model._meta.db_table)
        parts.append(f"(SELECT COUNT(*) FROM {table}), (SELECT MAX(id) FROM {table})")
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts))
        return tuple(cursor.fetchone())


def current_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, 1, timeout=None)
        version = cache.get(VERSION_KEY, 1)
    return version


def bump_version() -> None:
    """Tell every process to rebuild its index (call after bulk writes to the tables)."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # key missing: start the count
        cache.set(VERSION_KEY, current_version() + 1, timeout=None)


def get_index() -> EngineIndex:
    """The current index, rebuilt only when the tables changed since it was built."""
    global _cached
    key = (current_version(), fingerprint())
    cached = _cached
    if cached is not None and cached[0] == key:
        return cached[1]
    with _lock:
        if _cached is not None and _cached[0] == key:
            return _cached[1]
        index = build_index(actor_entries(), place_entries())
        _cached = (key, index)
        return index


def clear() -> None:
    """Forget this process's index (tests)."""
    global _cached
    _cached = None


@receiver(post_save, sender=Actor, dispatch_uid="engine-index-actor-saved")
@receiver(post_delete, sender=Actor, dispatch_uid="engine-index-actor-deleted")
@receiver(post_save, sender=ActorAlias, dispatch_uid="engine-index-alias-saved")
@receiver(post_delete, sender=ActorAlias, dispatch_uid="engine-index-alias-deleted")
@receiver(post_save, sender=Location, dispatch_uid="engine-index-location-saved")
@receiver(post_delete, sender=Location, dispatch_uid="engine-index-location-deleted")
@receiver(post_save, sender=LocationName, dispatch_uid="engine-index-name-saved")
@receiver(post_delete, sender=LocationName, dispatch_uid="engine-index-name-deleted")
def _tables_changed(sender, **kwargs) -> None:
    # After commit: a worker rebuilding before the commit would read the old rows.
    transaction.on_commit(bump_version)
