"""The incident JSON of the API (`api.representation`), chunk by chunk, for the exports that are
documents rather than rows: the STIX bundle and the GeoJSON file.

They read the same dicts as the API's JSON, so a reader gets exactly the sources and claim quotes
the API shows them (articles they may read only), and never a different derivation of a field.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from incidents.models import Incident

from .records import FULL_ACCESS

CHUNK_SIZE = 500


def reader_for(user):
    """The account the representation is built for: `FULL_ACCESS` (the shell operator, who holds
    the database credentials) reads as an unsaved superuser would, everything."""
    if user is FULL_ACCESS:
        return get_user_model()(username="(operator)", is_superuser=True, is_active=True)
    return user


def iter_incident_rows(
    queryset: QuerySet[Incident], *, user, chunk_size: int = CHUNK_SIZE
) -> Iterator[dict]:
    """The API JSON of every incident of `queryset`, in its order, `chunk_size` at a time (flat
    memory: ids first, then one page query per chunk, as the API's list pages do)."""
    from incidents.api.representation import incident_rows, with_page_data

    reader = reader_for(user)
    ids = list(queryset.values_list("pk", flat=True))
    for start in range(0, len(ids), chunk_size):
        chunk = ids[start : start + chunk_size]
        # Re-read through the reader's rule: the ids came from a visible queryset already, and the
        # rule is cheap; it keeps "visible_to on every read" true here too.
        page = with_page_data(Incident.objects.visible_to(reader).filter(pk__in=chunk), reader)
        by_id = {row["id"]: row for row in incident_rows(page, reader)}
        for pk in chunk:
            if pk in by_id:
                yield by_id[pk]


def stix_report_ids(incident_ids: list[int]) -> dict[int, str]:
    """The report id an incident imported from STIX came with (`IncidentReference`, `stix`)."""
    from incidents.models import IncidentReference

    rows = IncidentReference.objects.filter(
        dataset=IncidentReference.Dataset.STIX, incident_id__in=incident_ids
    ).order_by("external_id")
    known: dict[int, str] = {}
    for incident_id, external_id in rows.values_list("incident_id", "external_id"):
        known.setdefault(incident_id, external_id)
    return known


def actor_aliases(names: list[str]) -> dict[str, list[str]]:
    from incidents.models import ActorAlias

    aliases: dict[str, list[str]] = {}
    for start in range(0, len(names), 900):
        rows = ActorAlias.objects.filter(actor__name__in=names[start : start + 900]).order_by("id")
        for name, alias in rows.values_list("actor__name", "alias"):
            aliases.setdefault(name, []).append(alias)
    return aliases


def stix_bytes(queryset: QuerySet[Incident], *, user) -> Iterator[bytes]:
    """The STIX 2.1 bundle of `queryset` as `user` may read it, streamed (`exports.stix`)."""
    from .stix import encode_bundle, iter_bundle

    rows = iter_incident_rows(queryset, user=user)
    yield from encode_bundle(iter_bundle(rows, report_ids=stix_report_ids, aliases=actor_aliases))


def geojson_bytes(queryset: QuerySet[Incident], *, user) -> Iterator[bytes]:
    """A GeoJSON FeatureCollection of `queryset` (`exports.geojson`), streamed."""
    import json

    from django.core.serializers.json import DjangoJSONEncoder

    from .geojson import incident_features

    yield b'{"type": "FeatureCollection", "features": [\n'
    first = True
    for row in iter_incident_rows(queryset, user=user):
        for feature in incident_features(row):
            text = json.dumps(feature, cls=DjangoJSONEncoder, ensure_ascii=False)
            yield (text if first else ",\n" + text).encode()
            first = False
    yield b"\n]}\n"
