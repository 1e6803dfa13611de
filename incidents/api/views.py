"""Incident, actor and location endpoints: thin viewsets over `analysts.api.base.BaseViewSet`."""

from __future__ import annotations

from django.db import transaction
from django.db.models import (
    Exists,
    OuterRef,
    Prefetch,
    QuerySet,
)
from django.http import Http404, HttpResponsePermanentRedirect
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer
from rest_framework.response import Response

from analysts.api.base import BaseViewSet
from incidents import permissions as rules
from incidents import workflow
from incidents.exports.renderers import CSVExportMixin
from incidents.filtersets import ActorFilterSet, IncidentFilterSet, LocationFilterSet
from incidents.merge import merged_target
from incidents.models import (
    Actor,
    ClaimEvent,
    Incident,
    IncidentActor,
    IncidentLocation,
    IncidentSource,
    Location,
)
from incidents.references import IncidentNames, incident_link_fields
from incidents.removals import removed_from_view
from sources.models import Article

from .concurrency import (
    PreconditionRequired,
    conflict_response,
    etag_for,
    parse_if_match,
    stale_response,
)
from .pagination import IncidentPagePagination, SyncCursorPagination
from .permissions import IncidentPermission
from .renderers import GeoJSONRenderer
from .representation import with_page_data, with_tag_names
from .serializers import (
    LOCATION_BRIEF_FIELDS,
    ActorSerializer,
    IncidentHistorySerializer,
    IncidentSerializer,
    IncidentSyncSerializer,
    IncidentWriteSerializer,
    LocationSerializer,
    RemovedIncidentSerializer,
    RemovedQuerySerializer,
    jsonable,
)
from .workflow_views import IncidentWorkflowMixin


def with_api_data(queryset: QuerySet[Incident], user) -> QuerySet[Incident]:
    """Incidents as model instances with everything the serializer's declared fields read (tags
    folded in as a JSON array, then one query each for actors, claim events, locations and
    sources; sources cite only articles the user may read): what
    `IncidentSerializer.generic_representation`, the reference for the JSON, needs. API responses
    are built from `representation.with_page_data` instead."""
    readable_articles = Article.objects.visible_to(user)
    actor_fields = ["actor__id", "actor__name", "actor__short_name", "actor__actor_type"]
    # `.only()` because building model instances is most of the cost of a page at scale.
    return with_tag_names(queryset).prefetch_related(
        Prefetch(
            "incident_actors",
            queryset=IncidentActor.objects.select_related("actor")
            .only("incident_id", "role", "alternative_group", "note", *actor_fields)
            .order_by("role", "id"),
        ),
        Prefetch(
            "claim_events",
            queryset=ClaimEvent.objects.select_related("actor")
            .only(
                "incident_id",
                "kind",
                "date",
                "channel",
                "made_by",
                "source_article_id",
                "quote",
                "credibility",
                *actor_fields,
            )
            .annotate(
                source_readable=Exists(readable_articles.filter(pk=OuterRef("source_article_id")))
            )
            .order_by("date", "id"),
        ),
        Prefetch(
            "incident_locations",
            queryset=IncidentLocation.objects.select_related("location")
            .only(
                "incident_id",
                "is_primary",
                "geo_precision",
                "note",
                *(f"location__{name}" for name in LOCATION_BRIEF_FIELDS),
            )
            .order_by("-is_primary", "id"),
        ),
        Prefetch(
            "sources",
            queryset=IncidentSource.objects.filter(article__in=readable_articles.values("pk"))
            .select_related("article__outlet", "article__same_story_as")
            .only(
                "incident_id",
                "quote",
                "note",
                "credibility",
                "fatalities_reported",
                "article__url",
                "article__title",
                "article__published_at",
                "article__wire_agency",
                "article__outlet__name",
                "article__outlet__reliability",
                "article__same_story_as__wire_agency",
            )
            .order_by("id"),
        ),
    )


ETAG_HEADER = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=False,
    description='The ETag from GET (e.g. "7"); or send `version` in the body. Required one way or the other.',
)
WRITE_RESPONSES = {
    400: OpenApiResponse(description="Invalid data; errors keyed by field path."),
    409: OpenApiResponse(
        description=(
            "The incident cannot take this edit: it was merged into another incident (`code` "
            "`merged`, `merged_into` and the `Location` header name the one to edit instead), "
            "or its review status changed."
        )
    ),
    412: OpenApiResponse(
        description=(
            "Stale: someone changed the incident since your version. The body says who "
            "(`changed_by`), when (`changed_at`), what (`their_changes`: field, label, old, new), "
            "which of your fields they also changed (`conflicts`) and `current_version`; the "
            "ETag header is the version to retry with."
        )
    ),
    428: OpenApiResponse(description="No version given (If-Match header or `version` field)."),
}
MERGED_REDIRECT = OpenApiResponse(
    description=(
        "The incident was merged into another one: `Location` is that incident's URL. "
        "Drop the id you asked for and keep the target."
    )
)
GEOJSON_RESPONSE = OpenApiResponse(
    OpenApiTypes.OBJECT, description="GeoJSON FeatureCollection, one Point per incident location."
)

CSV_RESPONSE = OpenApiResponse(
    OpenApiTypes.STR, description="CSV in the export layouts (streamed, every matching row)."
)
STIX_RESPONSE = OpenApiResponse(
    OpenApiTypes.OBJECT,
    description=(
        "`?format=stix`: a STIX 2.1 bundle of every matching incident (streamed): a `report` "
        "per incident with its sources as `external_references`, `location`s, actors as "
        "`intrusion-set` (armed groups) or `identity` with aliases, `relationship`s "
        "(`attributed-to` perpetrators, suspects and claimants; `targets`), and TLP 2.0 "
        "`marking-definition`s on every object. Published incidents unless `review_status` "
        "asks for others."
    ),
)
CSV_PARAMETERS = [
    OpenApiParameter(
        "layout",
        OpenApiTypes.STR,
        enum=["briefing", "hxl", "acled"],
        description=(
            "With format=csv: the column layout (default briefing). `hxl`: the briefing's "
            "columns with an HXL hashtag row under the header (HDX's conflict-event tags: "
            "`#date+start`, `#country+code`, `#adm1+name`, `#event+type`, `#group+name+first`, "
            "`#affected+killed`…)."
        ),
    ),
    OpenApiParameter(
        "language", OpenApiTypes.STR, enum=["en", "fr"], description="With format=csv."
    ),
    OpenApiParameter(
        "bom", OpenApiTypes.STR, enum=["1", "0"], description="With format=csv: BOM for Excel."
    ),
    OpenApiParameter(
        "delimiter", OpenApiTypes.STR, enum=[",", ";"], description="With format=csv."
    ),
]


class MergedIncident(Exception):  # noqa: N818 - a redirect, not an error
    """The incident asked for was merged into `target` (see `incidents.merge.merged_target`)."""

    def __init__(self, target: Incident) -> None:
        super().__init__(target.pk)
        self.target = target


@extend_schema_view(
    list=extend_schema(
        summary="Incidents (page numbers, newest first)",
        description=(
            "Filtered incidents with their actors, claim events, places and sources. "
            "`?format=geojson` returns a GeoJSON FeatureCollection instead (one Point per place, "
            "the briefing's properties, the toll shared out as in the ACLED layout); "
            "`?format=csv` a CSV and `?format=stix` a STIX 2.1 bundle "
            "of the published incidents unless `review_status` asks for others (JSON and GeoJSON "
            "list every status you may see, each record with its `review_status`). Unknown or "
            "malformed query parameters give 400 naming the parameter. Incidents merged into another one "
            "are left out (asking for one by id redirects to its target; `sync` lists them with "
            "`merged_into` set so that partners can drop them)."
        ),
        parameters=CSV_PARAMETERS,
        responses={
            (200, "application/json"): IncidentSerializer(many=True),
            (200, "application/geo+json"): GEOJSON_RESPONSE,
            (200, "text/csv"): CSV_RESPONSE,
            (200, "application/stix+json"): STIX_RESPONSE,
        },
    ),
    retrieve=extend_schema(
        summary="One incident; its ETag header carries the version for If-Match",
        description=(
            "A duplicate merged into another incident answers 301 with the target's URL in "
            "`Location` (404 when you may not read the target)."
        ),
        responses={
            (200, "application/json"): IncidentSerializer,
            (200, "application/geo+json"): GEOJSON_RESPONSE,
            301: MERGED_REDIRECT,
        },
    ),
    create=extend_schema(
        summary="Record an incident (Analyst, Editor, Administrator)",
        request=IncidentWriteSerializer,
        responses={201: IncidentSerializer, 400: WRITE_RESPONSES[400]},
    ),
    update=extend_schema(
        summary="Replace an incident (If-Match required)",
        request=IncidentWriteSerializer,
        parameters=[ETAG_HEADER],
        responses={200: IncidentSerializer, **WRITE_RESPONSES},
    ),
    partial_update=extend_schema(
        summary="Change some fields of an incident (If-Match required)",
        request=IncidentWriteSerializer,
        parameters=[ETAG_HEADER],
        responses={200: IncidentSerializer, **WRITE_RESPONSES},
    ),
)
class IncidentViewSet(
    IncidentWorkflowMixin,
    CSVExportMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    BaseViewSet,
):
    queryset = Incident.objects.all()
    serializer_class = IncidentSerializer
    filterset_class = IncidentFilterSet
    permission_classes = [IncidentPermission]
    pagination_class = IncidentPagePagination
    # Read by the CSV export (`?format=csv`), ignored by JSON and GeoJSON.
    extra_query_params = ("layout", "language", "bom", "delimiter")
    renderer_classes = [JSONRenderer, BrowsableAPIRenderer, GeoJSONRenderer]
    # `actor` ids are checked within the page query: a list page stays within six queries.
    defer_existence_checks_for = ("list", "sync")

    def get_queryset(self):
        # Merged duplicates only redirect; sync lists them (with `merged_into`) so that partners
        # drop them, and their own history stays readable.
        include_merged = self.action in {"sync", "history"}
        queryset = Incident.objects.visible_to(self.request.user, include_merged=include_merged)
        # The CSV and STIX exports load their own rows.
        csv = self.request.query_params.get("format") in {"csv", "stix"}
        if self.action in {"list", "sync", "retrieve"} and not csv:
            # Incidents built from plain values by the serializer (representation.py).
            queryset = with_page_data(queryset, self.request.user)
        return queryset

    def get_object(self) -> Incident:
        try:
            return super().get_object()
        except Http404:
            target = merged_target(self.kwargs.get(self.lookup_field), self.request.user)
            if target is None:
                raise
            raise MergedIncident(target) from None

    def get_serializer_class(self):
        if self.action in {"create", "update", "partial_update"}:
            return IncidentWriteSerializer
        return IncidentSerializer

    def _read_back(self, incident: Incident, status_code: int = 200) -> Response:
        fresh = with_page_data(Incident.objects.filter(pk=incident.pk), self.request.user).get()
        response = Response(
            IncidentSerializer(fresh, context=self.get_serializer_context()).data,
            status=status_code,
        )
        response["ETag"] = etag_for(fresh)
        return response

    def handle_exception(self, exc):
        if isinstance(exc, workflow.StaleEdit):
            return stale_response(exc)
        if isinstance(exc, MergedIncident):
            return self._merged_response(exc.target)
        if isinstance(exc, workflow.TransitionError):
            return conflict_response(exc)
        return super().handle_exception(exc)

    def _merged_response(self, target: Incident) -> Response | HttpResponsePermanentRedirect:
        url = self.request.build_absolute_uri(reverse("api:incident-detail", args=[target.pk]))
        if self.request.method in ("GET", "HEAD"):
            query = self.request.META.get("QUERY_STRING")
            return HttpResponsePermanentRedirect(f"{url}?{query}" if query else url)
        # A redirected PUT or PATCH would be replayed as a GET by many clients: refuse instead.
        response = Response(
            {
                "detail": (
                    f"Incident #{self.kwargs.get(self.lookup_field)} was merged into "
                    f"#{target.pk}; edit #{target.pk} instead."
                ),
                "code": "merged",
                "merged_into": target.pk,
            },
            status=status.HTTP_409_CONFLICT,
        )
        response["Location"] = url
        return response

    def retrieve(self, request, *args, **kwargs):
        incident = self.get_object()
        response = Response(self.get_serializer(incident).data)
        response["ETag"] = etag_for(incident)
        return response

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        incident = serializer.save()
        return self._read_back(incident, status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        partial = kwargs.pop("partial", False)
        incident = self.get_object()
        expected = parse_if_match(request.headers.get("If-Match"))
        serializer = self.get_serializer(incident, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        if expected is None:
            expected = serializer.validated_data.get("version")
        if expected is None:
            raise PreconditionRequired()
        # Values as sent: only their names are compared with the other analyst's changes.
        yours = {name: request.data.get(name) for name in serializer.validated_data}
        yours.pop("version", None)
        with transaction.atomic():
            # The shared rule: row locked at `expected`, or StaleEdit with the others' changes.
            workflow.lock_version(incident.pk, expected, yours, reader=request.user)
            incident.version = expected
            incident._history_user = request.user  # token requests bypass the history middleware
            incident._change_reason = workflow.edit_reason(incident)
            serializer.save()
        return self._read_back(incident)

    @extend_schema(
        summary="Sync: every change in (updated_at, id) order, cursor-paginated",
        description=(
            "For partners' systems: follow `next` until it is null; next time start with "
            "`updated_since` = the newest `updated_at` you stored. Same filters as the list. "
            "Unlike the list, sync includes merged duplicates: a row with `merged_into` set was "
            "merged into that incident (which appears as changed too): drop the duplicate. "
            "Incidents you may no longer read are listed by `/api/incidents/removed/`."
        ),
        responses={
            (200, "application/json"): IncidentSyncSerializer(many=True),
            (200, "application/geo+json"): GEOJSON_RESPONSE,
        },
    )
    @action(detail=False, methods=["get"], pagination_class=SyncCursorPagination)
    def sync(self, request, *args, **kwargs):
        return self.list(request, *args, **kwargs)

    @extend_schema(
        summary="Incidents that left your view since a time: drop them from a synced copy",
        description=(
            "Sync lists what you may read now; an incident you received before and may no "
            "longer read (retracted, sent back to review, re-marked beyond your clearance, "
            "deleted) stops appearing there. This lists those incidents, oldest change first, "
            "with the time of their last change: after each sync, ask with `since` = the time of "
            "your previous sync and drop them. Only incidents you could read before are named."
        ),
        parameters=[RemovedQuerySerializer],
        responses=RemovedIncidentSerializer(many=True),
        filters=False,
    )
    @action(
        detail=False,
        methods=["get"],
        pagination_class=None,
        filter_backends=[],
        renderer_classes=[JSONRenderer, BrowsableAPIRenderer],
    )
    def removed(self, request, *args, **kwargs):
        query = RemovedQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        rows = removed_from_view(request.user, query.validated_data.get("since"))
        return Response(RemovedIncidentSerializer(rows, many=True).data)

    @extend_schema(
        summary="Change history of an incident (oldest first, at most the last 500 versions)",
        responses=IncidentHistorySerializer(many=True),
        filters=False,
    )
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def history(self, request, *args, **kwargs):
        incident = self.get_object()
        # Earlier versions may hold draft text: only those who see drafts see history.
        if not rules.can_view_history(request.user, incident):
            raise PermissionDenied("Your role may not read incident history.")
        records = list(
            incident.history.select_related("history_user").order_by(
                "-history_date", "-history_id"
            )[:501]
        )[::-1]
        tracked = [
            field
            for field in Incident._meta.concrete_fields
            if field.name not in {"id", "updated_at", "version", "updated_by"}
        ]
        # Fields that point at other incidents (merged_into) name them only when readable.
        links = incident_link_fields()
        linked = [f for f in tracked if f in links]
        names = IncidentNames(
            request.user, {getattr(r, f.attname) for r in records for f in linked}
        )
        entries = []
        previous = None
        for record in records:
            changes = []
            if previous is not None:
                for field in tracked:
                    old, new = getattr(previous, field.attname), getattr(record, field.attname)
                    if old != new:
                        if field in linked:
                            old, new = names.id_or_none(old), names.id_or_none(new)
                        changes.append(
                            {"field": field.name, "old": jsonable(old), "new": jsonable(new)}
                        )
            entries.append(
                {
                    "history_id": record.history_id,
                    "history_date": record.history_date,
                    "history_type": record.history_type,
                    "user": record.history_user.username if record.history_user else None,
                    "version": record.version,
                    "review_status": record.review_status,
                    "changes": changes,
                }
            )
            previous = record
        entries = entries[-500:]
        return Response(IncidentHistorySerializer(entries, many=True).data)


@extend_schema_view(
    list=extend_schema(summary="Actors (armed groups, state forces, civilians) with aliases"),
    retrieve=extend_schema(summary="One actor"),
    create=extend_schema(summary="Add an actor (Analyst and above)"),
    update=extend_schema(summary="Replace an actor"),
    partial_update=extend_schema(summary="Change an actor"),
)
class ActorViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    BaseViewSet,
):
    queryset = Actor.objects.select_related("affiliation").prefetch_related("aliases")
    serializer_class = ActorSerializer
    filterset_class = ActorFilterSet


@extend_schema_view(
    list=extend_schema(summary="Gazetteer: search places with `q`"),
    retrieve=extend_schema(summary="One gazetteer location"),
)
class LocationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, BaseViewSet):
    queryset = Location.objects.prefetch_related("alternate_names")
    serializer_class = LocationSerializer
    filterset_class = LocationFilterSet
