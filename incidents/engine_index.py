"""The extraction engine's index, built from the actor and gazetteer tables.

Built once per process and reused; rebuilt when actors, aliases, places or their names change.
Two signals say "changed": a version number in the shared cache, raised on commit by the
receivers below (so a web process's edit reaches the workers), and a fingerprint of the four
tables (row counts and highest ids, one cheap query) that also catches bulk writes, which send
no signals, and transactions rolled back after the index was built.

Building takes seconds (a hundred thousand gazetteer rows), so the index is also saved to
``settings.ENGINE_INDEX_CACHE_DIR`` under that same key (plus the database and the engine code
that builds it): a new process (``manage.py extract``, a worker) loads it in a fraction of that.
The file is written to a temporary name and renamed, so a reader never sees half of it; a file
for another key, or one that cannot be read, is ignored and replaced.
"""

from __future__ import annotations

import gc
import hashlib
import logging
import os
import pickle
import tempfile
import threading
import time
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from incidents.extraction import ActorEntry, EngineIndex, PlaceEntry, build_index
from incidents.models import Actor, ActorAlias, Location, LocationName

logger = logging.getLogger(__name__)

VERSION_KEY = "incidents:engine-index-version"
CACHE_FILE = "index.pickle"
# Raise when the saved layout changes in a way the engine's source files do not show.
CACHE_FORMAT = 1
_ENGINE_DIR = Path(__file__).resolve().parent / "extraction"
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
        # Not 1: after the cache is emptied the count must not meet a saved index's old number.
        cache.add(VERSION_KEY, time.time_ns() // 1000, timeout=None)
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
        path = cache_path()
        file_key = _file_key(key)
        index = _load(path, file_key) if path is not None else None
        if index is None:
            index = build_index(actor_entries(), place_entries())
            if path is not None:
                _save(path, file_key, index)
        _cached = (key, index)
        return index


def warm() -> None:
    """Load the index and the engine's lazy parts (date parser, language profiles) now, so the
    first article does not pay for them (a worker process calls this when it starts), and the
    learned model the desk uses."""
    from incidents.engine_model import get_model
    from incidents.extraction import extract

    index, model = get_index(), get_model()
    for text in ("Des hommes armés ont attaqué mardi 3 juin un poste à Mopti.",
                 "Gunmen attacked an army post on Tuesday, June 3, killing four soldiers."):  # fmt: skip
        extract(text, index=index, model=model)


def cache_path() -> Path | None:
    """Where the index is saved between processes (None: not saved)."""
    folder = getattr(settings, "ENGINE_INDEX_CACHE_DIR", "")
    return Path(folder) / CACHE_FILE if folder else None


def _file_key(key: tuple) -> tuple:
    """The saved index's key: the tables' version and fingerprint, which database, and the code
    that builds and reads the index (a changed engine file makes the saved one stale)."""
    db = connection.settings_dict
    code = hashlib.sha256()
    for source in sorted(_ENGINE_DIR.glob("*.py")):
        code.update(source.name.encode() + b"\0" + source.read_bytes())
    database = (db["ENGINE"], str(db["NAME"]), str(db.get("HOST") or ""), str(db.get("PORT") or ""))
    return (CACHE_FORMAT, code.hexdigest(), database, key)


def _load(path: Path, file_key: tuple) -> EngineIndex | None:
    """The saved index when it was saved under ``file_key``, else None (missing, stale, or
    unreadable: a damaged file is only logged, the caller rebuilds and replaces it)."""
    collecting = gc.isenabled()
    try:
        with path.open("rb") as file:
            # The key comes first: a stale file is told apart without reading the index.
            if pickle.load(file) != file_key:
                return None
            # Hundreds of thousands of small objects, none of them garbage: without the cycle
            # collector running over them again and again, loading takes half the time.
            gc.disable()
            index = pickle.load(file)
    except FileNotFoundError:
        return None
    except Exception as exc:  # noqa: BLE001 - any damage means "rebuild", never a failure
        logger.warning("engine index cache %s unreadable (%s); rebuilding it", path, exc)
        return None
    finally:
        if collecting:
            gc.enable()
    if not isinstance(index, EngineIndex):
        logger.warning("engine index cache %s holds no index; rebuilding it", path)
        return None
    return index


def _save(path: Path, file_key: tuple, index: EngineIndex) -> None:
    """Write to a temporary file in the same folder, then rename: readers see the old file or
    the new one, never a part. A failure (read-only disk, full disk) is logged, not raised."""
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".index-", suffix=".tmp")
        with os.fdopen(fd, "wb") as file:
            pickle.dump(file_key, file, protocol=pickle.HIGHEST_PROTOCOL)
            pickle.dump(index, file, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
        tmp = None
    except OSError as exc:
        logger.warning("engine index cache %s not written: %s", path, exc)
    finally:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)


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
