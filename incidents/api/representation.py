"""Incidents as plain dicts, built from `values_list` rows instead of model instances: the one
place that builds an incident's JSON (list, sync, GeoJSON, detail and write responses alike).

A page of 100 incidents has ~800 nested rows (actor and place links with their actors and places,
claim events, sources). Building them as model instances through `prefetch_related` and walking
them with DRF fields cost most of a page's server time at a million incidents (SQL was 3–8 ms of
~40 ms). Here the page's incidents are read as they come from the paginator and their nested rows
with one `values_list` query per relation, keyed by incident id, and assembled into exactly the
JSON that `IncidentSerializer` declares (tests/test_api_serializers_fast.py compares both on a
varied page and on the detail endpoint, byte for byte). The schema still comes from
`IncidentSerializer`; only the data building is here.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from operator import attrgetter

from django.contrib.postgres.aggregates import JSONBAgg
from django.db import connections
from django.db.models import (
    Exists,
    Func,
    JSONField,
    OuterRef,
    QuerySet,
    Subquery,
)
from django.utils import timezone

from analysts.api.aggregates import JSONArrayAgg
from incidents import claims, corroboration
from incidents.models import ClaimEvent, Incident, IncidentActor, IncidentLocation, IncidentSource
from sources.models import Article

ROLES = tuple(IncidentActor.Role.values)
SUSPECTED = IncidentActor.Role.SUSPECTED.value
CLAIMANT = IncidentActor.Role.CLAIMANT.value

# Brief location fields: the JSON of a place in an incident (`LocationBriefSerializer` too).
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


def _readable_merge_targets(incidents: list[Incident], user) -> dict[int, int | None]:
    """The incident each duplicate was merged into, when `user` may read it (None otherwise): an
    id answering 404 would tell the reader that a hidden incident exists.

    One primary-key query for the page's merged rows only, and none when no row was merged. An
    annotation over the page query (`merged_into IN (readable incidents)`) cost a subquery per
    row: at 100,000 incidents it was most of a list page's time under load (bench/README.md)."""
    targets = {incident.merged_into_id for incident in incidents} - {None}
    readable = (
        set(Incident.objects.visible_to(user).filter(pk__in=targets).values_list("pk", flat=True))
        if targets
        else set()
    )
    return {
        incident.id: incident.merged_into_id if incident.merged_into_id in readable else None
        for incident in incidents
    }


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
    "assigned_to_id",
)


ACTOR_COLUMNS = (
    "id",
    "role",
    "alternative_group",
    "note",
    "actor_id",
    "actor__name",
    "actor__short_name",
    "actor__actor_type",
)
CLAIM_COLUMNS = (
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
PLACE_COLUMNS = (
    "is_primary",
    "geo_precision",
    "note",
    *(f"location__{name}" for name in LOCATION_FIELDS),
)
SOURCE_COLUMNS = (
    "article_id",
    "article__url",
    "article__title",
    "article__outlet__name",
    "article__published_at",
    "quote",
    "note",
    "credibility",
    "fatalities_reported",
    # What `corroboration` reads besides: the grade and the independence key.
    "article__outlet__reliability",
    "article__wire_agency",
    "article__same_story_as_id",
    "article__same_story_as__wire_agency",
)
RELATIONS = ("actors", "claim_events", "places", "sources")


def _relations(user) -> dict[str, tuple[QuerySet, tuple[str, ...], tuple[str, ...]]]:
    """Each nested list: its rows (only what the user may read), their order, their columns."""
    # One call: the readable-articles rule is used by two relations.
    readable = Article.objects.visible_to(user)
    return {
        "actors": (IncidentActor.objects.all(), ("role", "id"), ACTOR_COLUMNS),
        "claim_events": (
            ClaimEvent.objects.annotate(
                source_readable=Exists(readable.filter(pk=OuterRef("source_article_id")))
            ),
            ("date", "id"),
            CLAIM_COLUMNS,
        ),
        "places": (IncidentLocation.objects.all(), ("-is_primary", "id"), PLACE_COLUMNS),
        "sources": (
            IncidentSource.objects.filter(article__in=readable.values("pk")),
            ("id",),
            SOURCE_COLUMNS,
        ),
    }


class JSONBBuildArray(Func):
    function = "JSONB_BUILD_ARRAY"
    output_field = JSONField()


def with_page_data(queryset: QuerySet[Incident], user) -> QuerySet[Incident]:
    """The list page query with everything its rows need folded in: tag names and, on
    PostgreSQL, each nested list as one JSON array per incident (correlated subqueries evaluated
    for the page's rows only). The page then costs one query in all: on a loaded machine every
    round trip to the database costs milliseconds, far more than building the arrays."""
    queryset = with_tag_names(queryset)
    if connections[queryset.db].vendor != "postgresql":
        return queryset
    annotations = {}
    for name, (rows, ordering, columns) in _relations(user).items():
        folded = (
            rows.filter(incident_id=OuterRef("pk"))
            .order_by()
            .values("incident_id")
            .annotate(rows=JSONBAgg(JSONBBuildArray(*columns), order_by=ordering))
            .values("rows")
        )
        annotations[f"_{name}_rows"] = Subquery(folded, output_field=JSONField())
    return queryset.annotate(**annotations)


def _nested(incidents: list[Incident], user) -> tuple[dict, dict, dict, dict]:
    """Actors, claim events, places and sources of the page, keyed by incident: from the page's
    JSON annotations when present (see `with_page_data`), else one query each."""
    ids = [incident.id for incident in incidents]
    if incidents and all(hasattr(incident, "_actors_rows") for incident in incidents):
        return _decode_folded(incidents)
    nested: list[dict[int, list]] = [{pk: [] for pk in ids} for _ in RELATIONS]
    if not ids:
        return tuple(nested)
    for by_incident, (rows, ordering, columns) in zip(
        nested, _relations(user).values(), strict=True
    ):
        for row in (
            rows.filter(incident_id__in=ids)
            .order_by(*ordering)
            .values_list("incident_id", *columns)
        ):
            by_incident[row[0]].append(row[1:])
    return tuple(nested)


_CLAIM_DATE = CLAIM_COLUMNS.index("date")
_LATITUDE = PLACE_COLUMNS.index("location__latitude")
_LONGITUDE = PLACE_COLUMNS.index("location__longitude")
_PUBLISHED = SOURCE_COLUMNS.index("article__published_at")


def _decode_folded(incidents: list[Incident]) -> tuple[dict, dict, dict, dict]:
    """JSON gives back what `values_list` gives, except dates and datetimes (ISO strings) and
    whole-number floats (read as ints: 14.0 comes back as 14)."""
    actors, claim_events, places, sources = {}, {}, {}, {}
    for incident in incidents:
        pk = incident.id
        actors[pk] = incident._actors_rows or []
        events = incident._claim_events_rows or []
        for event in events:
            if event[_CLAIM_DATE] is not None:
                event[_CLAIM_DATE] = datetime.date.fromisoformat(event[_CLAIM_DATE])
        claim_events[pk] = events
        links = incident._places_rows or []
        for link in links:
            for index in (_LATITUDE, _LONGITUDE):
                if link[index] is not None:
                    link[index] = float(link[index])
        places[pk] = links
        cited = incident._sources_rows or []
        for source in cited:
            if source[_PUBLISHED] is not None:
                source[_PUBLISHED] = datetime.datetime.fromisoformat(source[_PUBLISHED])
        sources[pk] = cited
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


def _source_fact(source: Sequence) -> corroboration.SourceFact:
    """A `SOURCE_COLUMNS` row as corroboration reads it."""
    (article_id, _url, _title, outlet, _published, _quote, _note, credibility, toll) = source[:9]
    reliability, agency, story_id, story_agency = source[9:]
    return corroboration.SourceFact(
        outlet=outlet or "",
        reliability=reliability or "F",
        credibility=credibility,
        key=corroboration.independence_key(article_id, agency, story_id, story_agency or ""),
        toll=toll,
    )


def corroboration_fields(result: corroboration.Corroboration) -> dict:
    """The API's corroboration fields (`IncidentSerializer` declares them)."""
    return {
        "sources_count": result.sources_count,
        "independent_sources": result.independent_sources,
        "best_grade": result.best_grade,
        "reported_tolls": [
            {"fatalities": toll, "outlets": outlets} for toll, outlets in result.tolls
        ],
        "confidence": result.confidence,
    }


def incident_rows(incidents: Sequence[Incident], user) -> list[dict]:
    """`IncidentSerializer(incidents, many=True).data`, as plain dicts: no query when the page
    comes from `with_page_data` on PostgreSQL, else one per nested list (and one for tags when
    the page has no `tag_names` annotation)."""
    incidents = list(incidents)
    actors, claim_events, places, sources = _nested(incidents, user)
    tags = _tag_names(incidents)
    merge_targets = _readable_merge_targets(incidents, user)
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
            assigned_to,
        ) = _read_rest(incident)

        actor_list = []
        by_role: dict[str, list[str]] = {role: [] for role in ROLES}
        suspects: dict[object, list[str]] = {}
        for link_id, role, group, note, actor_id, name, short, actor_type in actors[pk]:
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
                "location": dict(zip(LOCATION_FIELDS, link[3:], strict=True)),
                "is_primary": link[0],
                "geo_precision": link[1],
                "note": link[2],
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
                "article": source[0],
                "url": source[1],
                "title": source[2],
                "outlet": source[3],
                "published_at": stamp(source[4]),
                "quote": source[5],
                "note": source[6],
                "credibility": source[7],
                "fatalities_reported": source[8],
            }
            for source in sources[pk]
        ]
        row.update(corroboration_fields(corroboration.corroborate(map(_source_fact, sources[pk]))))
        row["review_status"] = review_status
        row["published_at"] = stamp(published_at)
        # Named only when readable (`_readable_merge_targets`); `merged_into` read above is
        # the raw column.
        row["merged_into"] = merge_targets[pk]
        row["tlp"] = tlp
        row["team"] = team
        row["assigned_to"] = assigned_to
        row["version"] = version
        row["created_at"] = stamp(created_at)
        row["updated_at"] = stamp(updated_at)
        rows.append(row)
    return rows
