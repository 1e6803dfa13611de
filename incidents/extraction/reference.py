"""Load reference actor lists (``incidents/demo/actors.json``) as ``ActorEntry`` rows."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from .types import ActorEntry

DEMO_ACTORS = Path(__file__).resolve().parent.parent / "demo" / "actors.json"


def actors_from_records(records: Iterable[dict], *, first_id: int = 1) -> list[ActorEntry]:
    """Number the records from ``first_id`` and resolve ``affiliation`` names to ids."""
    records = list(records)
    ids = {rec["name"]: first_id + i for i, rec in enumerate(records)}
    entries = []
    for rec in records:
        affiliation = rec.get("affiliation")
        if affiliation and affiliation not in ids:
            raise ValueError(f"{rec['name']}: unknown affiliation {affiliation!r}")
        entries.append(
            ActorEntry(
                id=ids[rec["name"]],
                name=rec["name"],
                short_name=rec.get("short_name") or "",
                actor_type=int(rec.get("actor_type") or 8),
                country=rec.get("country") or "",
                aliases=[(alias, lang) for alias, lang in rec.get("aliases") or []],
                affiliation_id=ids[affiliation] if affiliation else None,
            )
        )
    return entries


def load_actors_json(path: str | Path = DEMO_ACTORS) -> list[ActorEntry]:
    with open(path, encoding="utf-8") as fh:
        return actors_from_records(json.load(fh))
