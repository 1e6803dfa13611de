"""Incident (a model row with its prefetched relations) → `IncidentRecord` (plain data).

Whose export: an incident the reader may see can cite an article they may not (a GREEN incident,
a RED embassy cable). Every export therefore names its reader, `user=`, and lists only the
sources whose article `Article.objects.visible_to(user)` returns. `FULL_ACCESS` stands for the
shell operator (the `export_incidents` command without `--as`, benches, tests), who holds the
database credentials and so reads everything anyway. There is no default: an export that forgets
its reader fails at once rather than printing a restricted outlet and URL.
"""

from __future__ import annotations

import enum

from django.db.models import Prefetch, QuerySet

from incidents import corroboration
from incidents.models import Incident, IncidentReference, IncidentSource
from sources.models import Article

from .layouts import ActorRecord, IncidentRecord, PlaceRecord


class Access(enum.Enum):
    FULL = "full"


#: `user=FULL_ACCESS`: the operator's export, every source of every incident in the queryset.
FULL_ACCESS = Access.FULL


def readable_articles(user) -> QuerySet | None:
    """The ids of the articles `user` may read, as a subquery; None for `FULL_ACCESS`."""
    if user is FULL_ACCESS:
        return None
    return Article.objects.visible_to(user).values("pk")


def export_sources(user) -> QuerySet:
    """An incident's evidence rows as an export lists them: readable articles only, by id."""
    sources = IncidentSource.objects.select_related(
        "article__outlet", "article__same_story_as"
    ).order_by("id")
    readable = readable_articles(user)
    return sources if readable is None else sources.filter(article__in=readable)


def export_queryset(queryset: QuerySet, *, user) -> QuerySet:
    """Everything a layout reads, in a constant number of queries per chunk, with the sources
    `user` may read (see the module docstring)."""
    return queryset.with_list_data().prefetch_related(
        Prefetch(
            "references",
            queryset=IncidentReference.objects.filter(dataset=IncidentReference.Dataset.ACLED),
            to_attr="acled_references",
        ),
        Prefetch("sources", queryset=export_sources(user), to_attr="export_sources"),
    )


def is_fresh(incident: Incident, reference: IncidentReference) -> bool:
    """Not edited since the import wrote it: ACLED's row is still the incident's description."""
    return reference.last_modified is not None and incident.updated_at <= reference.last_modified


def incident_record(incident: Incident) -> IncidentRecord:
    references = getattr(incident, "acled_references", None)
    if references is None:
        references = list(incident.references.filter(dataset=IncidentReference.Dataset.ACLED))
    reference = references[0] if references else None
    # The importer leaves at most one fresh ACLED reference per incident (`importers.store`);
    # after a merge the others are older than the incident.
    fresh = next((r for r in references if is_fresh(incident, r)), None)
    sources = getattr(incident, "export_sources", None)
    if sources is None:
        # Only export_queryset knows whose export this is: never fall back to every source.
        raise ValueError("Load incidents through export_queryset(queryset, user=...) first.")
    best = incident.fatalities_best
    corroborated = corroboration.corroborate(map(corroboration.fact_of, sources))
    return IncidentRecord(
        id=incident.pk,
        date_start=incident.date_start,
        date_end=incident.date_end,
        date_precision=incident.date_precision,
        disorder_type=incident.disorder_type,
        event_type=incident.event_type,
        sub_event_type=incident.sub_event_type,
        summary=incident.summary,
        country=incident.country,
        admin1=incident.admin1,
        civilian_targeting=incident.civilian_targeting,
        fatalities_text=incident.fatalities_text,
        fatalities_count=best if best is not None else incident.fatalities_low,
        claim_status_text=incident.claim_status_text,
        actors=[
            ActorRecord(
                name=link.actor.name,
                label=link.actor.label,
                actor_type=link.actor.actor_type,
                role=link.role,
                note=link.note,
                alternative_group=link.alternative_group,
            )
            for link in sorted(incident.incident_actors.all(), key=lambda link: link.pk)
        ],
        places=[
            PlaceRecord(
                name=link.location.name,
                country_code=link.location.country_code,
                admin1=link.location.admin1_name,
                admin2=link.location.admin2_name,
                latitude=link.location.latitude,
                longitude=link.location.longitude,
                geo_precision=link.geo_precision,
            )
            for link in incident.incident_locations.all()
        ],
        sources=[
            (s.article.outlet.name if s.article.outlet else "", s.article.url) for s in sources
        ],
        tags=[tag.name for tag in incident.tags.all()],
        updated_at=incident.updated_at,
        acled_id=reference.external_id if reference else "",
        acled_row=dict(fresh.data) if fresh else None,
        review_status=incident.review_status,
        sources_count=corroborated.sources_count,
        independent_sources=corroborated.independent_sources,
        reported_tolls=corroborated.tolls_text,
        best_grade=corroborated.best_grade,
        confidence=corroborated.confidence,
    )
