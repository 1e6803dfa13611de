"""Incident list pages as plain dicts, built from `values_list` rows instead of model instances.

A page of 100 incidents has ~800 nested rows (actor and place links with their actors and places,
claim events, sources). Building them as model instances through `prefetch_related` and walking
them with DRF fields cost most of a page's server time at a million incidents (SQL was 3–8 ms of
~40 ms). Here the page's incidents are read as they come from the paginator and their nested rows
with one `values_list` query per relation, keyed by incident id, and assembled into exactly the
JSON that `IncidentSerializer` declares (tests/test_api_serializers_fast.py compares both on a
varied page, byte for byte). The schema still comes from `IncidentSerializer`; only the list's
data building is here. Detail and write responses keep the serializer's own path.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from operator import attrgetter

from django.db.models import Exists, JSONField, OuterRef, QuerySet, Subquery
from django.utils import timezone

from analysts.api.aggregates import JSONArrayAgg
from incidents import claims
from incidents.models import ClaimEvent, Incident, IncidentActor, IncidentLocation, IncidentSource
from sources.models import Article

ROLES = tuple(IncidentActor.Role.values)
SUSPECTED = IncidentActor.Role.SUSPECTED.value
CLAIMANT = IncidentActor.Role.CLAIMANT.value

# Brief location fields, in the serializer's order (LocationBriefSerializer).
LOCATION_FIELDS = (
    "id",
    "name",
    "kind",
    "country_code",
    "admin1_name",
    "admin2_name",
    "latitude",
    "longitude",
    "geonames_id",
)


def with_tag_names(queryset: QuerySet[Incident]) -> QuerySet[Incident]:
    """The page query with each incident's tag names folded in (one JSON aggregate, no query)."""
    through = Incident.tags.through
    names = (
        through.objects.filter(incident=OuterRef("pk"))
        .order_by()
        .values("incident")
        .annotate(names=JSONArrayAgg("tag__name"))
        .values("names")
    )
    return queryset.annotate(tag_names=Subquery(names, output_field=JSONField()))


class DateTimeText:
    """DRF's DateTimeField output (ISO 8601 in the current time zone, "Z" for UTC) without a
    field per value; the zone is read once per page."""

    def __init__(self) -> None:
        self.zone = timezone.get_current_timezone()

    def __call__(self, value: datetime.datetime | None) -> str | None:
        if value is None:
            return None
        text = value.astimezone(self.zone).isoformat()
        return text[:-6] + "Z" if text.endswith("+00:00") else text


def _iso(value: datetime.date | None) -> str | None:
    return None if value is None else value.isoformat()


def fatalities_text(low: int | None, best: int | None, high: int | None) -> str:
    """`Incident.fatalities_text` for plain values."""
    return Incident.fatalities_text.fget(_Tolls(low, best, high))


class _Tolls:
    __slots__ = ("fatalities_low", "fatalities_best", "fatalities_high")

    def __init__(self, low, best, high) -> None:
        self.fatalities_low, self.fatalities_best, self.fatalities_high = low, best, high


# Incident columns read from the page, in output order; (output name, attribute).
_SCALARS_HEAD = (
    ("id", "id"),
    ("summary", "summary"),
    ("date_start", "date_start"),
    ("date_end", "date_end"),
    ("date_precision", "date_precision"),
    ("disorder_type", "disorder_type"),
    ("event_type", "event_type"),
    ("sub_event_type", "sub_event_type"),
    ("country", "country"),
    ("admin1", "admin1"),
    ("primary_location", "primary_location_id"),
    ("geo_precision", "geo_precision"),
)
_read_head = attrgetter(*(attr for _, attr in _SCALARS_HEAD))
_read_rest = attrgetter(
    "claim_status",
    "fatalities_low",
    "fatalities_best",
    "fatalities_high",
    "fatalities_claimed",
    "civilian_targeting",
    "notes",
    "review_status",
    "published_at",
    "merged_into_id",
    "tlp",
    "team_id",
    "version",
    "created_at",
    "updated_at",
)


def _nested(incident_ids: list[int], user) -> tuple[dict, dict, dict, dict]:
    """Actors, claim events, places and sources of the page: one query each, keyed by incident."""
    actors: dict[int, list] = {pk: [] for pk in incident_ids}
    claim_events: dict[int, list] = {pk: [] for pk in incident_ids}
    places: dict[int, list] = {pk: [] for pk in incident_ids}
    sources: dict[int, list] = {pk: [] for pk in incident_ids}
    if not incident_ids:
        return actors, claim_events, places, sources
    # One call: the readable-articles rule is used by two queries.
    readable = Article.objects.visible_to(user)
    for row in (
        IncidentActor.objects.filter(incident_id__in=incident_ids)
        .order_by("role", "id")
        .values_list(
            "incident_id",
            "id",
            "role",
            "alternative_group",
            "note",
            "actor_id",
            "actor__name",
            "actor__short_name",
            "actor__actor_type",
        )
    ):
        actors[row[0]].append(row)
    for row in (
        ClaimEvent.objects.filter(incident_id__in=incident_ids)
        .annotate(source_readable=Exists(readable.filter(pk=OuterRef("source_article_id"))))
        .order_by("date", "id")
        .values_list(
            "incident_id",
            "id",
            "kind",
            "actor_id",
            "actor__name",
            "actor__short_name",
            "actor__actor_type",
            "date",
            "channel",
            "made_by",
            "source_article_id",
            "quote",
            "credibility",
            "source_readable",
        )
    ):
        claim_events[row[0]].append(row)
    for row in (
        IncidentLocation.objects.filter(incident_id__in=incident_ids)
        .order_by("-is_primary", "id")
        .values_list(
            "incident_id",
            "is_primary",
            "geo_precision",
            "note",
            *(f"location__{name}" for name in LOCATION_FIELDS),
        )
    ):
        places[row[0]].append(row)
    for row in (
        IncidentSource.objects.filter(
            incident_id__in=incident_ids, article__in=readable.values("pk")
        )
        .order_by("id")
        .values_list(
            "incident_id",
            "article_id",
            "article__url",
            "article__title",
            "article__outlet__name",
            "article__published_at",
            "quote",
            "note",
        )
    ):
        sources[row[0]].append(row)
    return actors, claim_events, places, sources


def _tag_names(incidents: Sequence[Incident]) -> dict[int, list[str]]:
    if all(hasattr(incident, "tag_names") for incident in incidents):
        return {incident.id: sorted(incident.tag_names or []) for incident in incidents}
    # Not annotated (a page built elsewhere): one more query.
    through = Incident.tags.through
    names: dict[int, list[str]] = {incident.id: [] for incident in incidents}
    for incident_id, name in through.objects.filter(incident_id__in=list(names)).values_list(
        "incident_id", "tag__name"
    ):
        names[incident_id].append(name)
    return {pk: sorted(values) for pk, values in names.items()}


def incident_rows(incidents: Sequence[Incident], user) -> list[dict]:
    """`IncidentSerializer(incidents, many=True).data`, as plain dicts, in four queries (five
    when the page has no `tag_names` annotation, see `with_tag_names`)."""
    incidents = list(incidents)
    ids = [incident.id for incident in incidents]
    actors, claim_events, places, sources = _nested(ids, user)
    tags = _tag_names(incidents)
    stamp = DateTimeText()
    rows = []
    for incident in incidents:
        pk = incident.id
        head = _read_head(incident)
        (
            claim_status,
            low,
            best,
            high,
            claimed,
            civilian,
            notes,
            review_status,
            published_at,
            merged_into,
            tlp,
            team,
            version,
            created_at,
            updated_at,
        ) = _read_rest(incident)

        actor_list = []
        by_role: dict[str, list[str]] = {role: [] for role in ROLES}
        suspects: dict[object, list[str]] = {}
        for _, link_id, role, group, note, actor_id, name, short, actor_type in actors[pk]:
            label = short or name
            actor_list.append(
                {
                    "actor": {
                        "id": actor_id,
                        "name": name,
                        "short_name": short,
                        "label": label,
                        "actor_type": actor_type,
                    },
                    "role": role,
                    "alternative_group": group,
                    "note": note,
                }
            )
            by_role[role].append(label)
            if role == SUSPECTED:
                # As `Incident.claim_picture`: one either/or group per alternative group.
                suspects.setdefault(group or ("solo", link_id), []).append(label)

        event_list = []
        facts = []
        for (
            _,
            event_id,
            kind,
            actor_id,
            name,
            short,
            actor_type,
            date,
            channel,
            made_by,
            article_id,
            quote,
            credibility,
            readable,
        ) in claim_events[pk]:
            hidden = article_id is not None and not readable
            label = (short or name) if actor_id is not None else None
            event_list.append(
                {
                    "id": event_id,
                    "kind": kind,
                    "actor": None
                    if actor_id is None
                    else {
                        "id": actor_id,
                        "name": name,
                        "short_name": short,
                        "label": label,
                        "actor_type": actor_type,
                    },
                    "date": _iso(date),
                    "channel": channel,
                    "made_by": made_by,
                    "source_article": None if hidden else article_id,
                    "source_hidden": hidden,
                    "quote": "" if hidden else quote,
                    "credibility": credibility,
                }
            )
            facts.append(
                claims.ClaimFact(
                    kind=kind, actor=label, date=date, channel=channel, made_by=made_by
                )
            )
        status_text = claims.claim_status_text(
            claims.ClaimPicture(
                status=claim_status,
                facts=facts,
                claimants=by_role[CLAIMANT].copy(),
                suspects=list(suspects.values()),
            )
        )

        row = dict(zip([name for name, _ in _SCALARS_HEAD], head, strict=True))
        row["date_start"] = _iso(row["date_start"])
        row["date_end"] = _iso(row["date_end"])
        row["locations"] = [
            {
                "location": dict(zip(LOCATION_FIELDS, link[4:], strict=True)),
                "is_primary": link[1],
                "geo_precision": link[2],
                "note": link[3],
            }
            for link in places[pk]
        ]
        row["actors"] = actor_list
        row["actors_by_role"] = by_role
        row["claim_status"] = claim_status
        row["claim_status_text"] = status_text
        row["claim_events"] = event_list
        row["fatalities_low"] = low
        row["fatalities_best"] = best
        row["fatalities_high"] = high
        row["fatalities_claimed"] = claimed
        row["fatalities_text"] = fatalities_text(low, best, high)
        row["civilian_targeting"] = civilian
        row["tags"] = tags[pk]
        row["notes"] = notes
        row["sources"] = [
            {
                "article": article_id,
                "url": url,
                "title": title,
                "outlet": outlet,
                "published_at": stamp(published),
                "quote": quote,
                "note": note,
            }
            for _, article_id, url, title, outlet, published, quote, note in sources[pk]
        ]
        row["review_status"] = review_status
        row["published_at"] = stamp(published_at)
        row["merged_into"] = merged_into
        row["tlp"] = tlp
        row["team"] = team
        row["version"] = version
        row["created_at"] = stamp(created_at)
        row["updated_at"] = stamp(updated_at)
        rows.append(row)
    return rows
