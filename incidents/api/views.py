"""Incident, actor and location endpoints: thin viewsets over `analysts.api.base.BaseViewSet`."""

from __future__ import annotations

from django.db import transaction
from django.db.models import (
    Aggregate,
    Exists,
    JSONField,
    OuterRef,
    Prefetch,
    QuerySet,
    Subquery,
)
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
from incidents.exports.renderers import CSVExportMixin
from incidents.filtersets import ActorFilterSet, IncidentFilterSet, LocationFilterSet
from incidents.models import (
    Actor,
    ClaimEvent,
    Incident,
    IncidentActor,
    IncidentLocation,
    IncidentSource,
    Location,
)
from sources.models import Article

from .concurrency import (
    PreconditionRequired,
    StaleVersion,
    claim_version,
    etag_for,
    parse_if_match,
)
from .pagination import IncidentPagePagination, SyncCursorPagination
from .permissions import IncidentPermission
from .renderers import GeoJSONRenderer
from .serializers import (
    LOCATION_BRIEF_FIELDS,
    ActorSerializer,
    IncidentHistorySerializer,
    IncidentSerializer,
    IncidentSyncSerializer,
    IncidentWriteSerializer,
    LocationSerializer,
    jsonable,
)


class JSONArrayAgg(Aggregate):
    """A JSON array of values: JSON_GROUP_ARRAY on SQLite, JSONB_AGG on PostgreSQL."""

    function = "JSON_GROUP_ARRAY"
    output_field = JSONField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, function="JSONB_AGG", **extra_context)


def with_api_data(queryset: QuerySet[Incident], user) -> QuerySet[Incident]:
    """Everything the incident serializer reads, in a fixed number of queries whatever the page:
    the page itself (tags folded in as a JSON array), then one query each for actors, claim
    events, locations and sources. Sources cite only articles the user may read."""
    through = Incident.tags.through
    tag_names = (
        through.objects.filter(incident=OuterRef("pk"))
        .order_by()
        .values("incident")
        .annotate(names=JSONArrayAgg("tag__name"))
        .values("names")
    )
    # One call: `visible_to` looks the user's teams up each time it is called.
    readable_articles = Article.objects.visible_to(user)
    actor_fields = ["actor__id", "actor__name", "actor__short_name", "actor__actor_type"]
    # `.only()` because building model instances is most of the cost of a page at scale.
    return queryset.annotate(
        tag_names=Subquery(tag_names, output_field=JSONField())
    ).prefetch_related(
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
            .select_related("article__outlet")
            .only(
                "incident_id",
                "quote",
                "note",
                "article__url",
                "article__title",
                "article__published_at",
                "article__outlet__name",
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
    412: OpenApiResponse(description="Stale: someone changed the incident since your version."),
    428: OpenApiResponse(description="No version given (If-Match header or `version` field)."),
}
GEOJSON_RESPONSE = OpenApiResponse(
    OpenApiTypes.OBJECT, description="GeoJSON FeatureCollection, one Point per incident location."
)

CSV_RESPONSE = OpenApiResponse(
    OpenApiTypes.STR, description="CSV in the export layouts (streamed, every matching row)."
)
CSV_PARAMETERS = [
    OpenApiParameter(
        "layout",
        OpenApiTypes.STR,
        enum=["briefing", "acled"],
        description="With format=csv: the column layout (default briefing).",
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


@extend_schema_view(
    list=extend_schema(
        summary="Incidents (page numbers, newest first)",
        description=(
            "Filtered incidents with their actors, claim events, places and sources. "
            "`?format=geojson` returns a GeoJSON FeatureCollection instead. Unknown or malformed "
            "query parameters give 400 naming the parameter."
        ),
        parameters=CSV_PARAMETERS,
        responses={
            (200, "application/json"): IncidentSerializer(many=True),
            (200, "application/geo+json"): GEOJSON_RESPONSE,
            (200, "text/csv"): CSV_RESPONSE,
        },
    ),
    retrieve=extend_schema(
        summary="One incident; its ETag header carries the version for If-Match",
        responses={
            (200, "application/json"): IncidentSerializer,
            (200, "application/geo+json"): GEOJSON_RESPONSE,
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

    def get_queryset(self):
        queryset = super().get_queryset()
        if self.action == "list":
            queryset = queryset.current()  # merged duplicates only redirect; sync still sees them
        csv = self.request.query_params.get("format") == "csv"  # the export loads its own rows
        if self.action in {"list", "retrieve", "sync"} and not csv:
            queryset = with_api_data(queryset, self.request.user)
        return queryset

    def get_serializer_class(self):
        if self.action in {"create", "update", "partial_update"}:
            return IncidentWriteSerializer
        return IncidentSerializer

    def _read_back(self, incident: Incident, status_code: int = 200) -> Response:
        fresh = with_api_data(Incident.objects.filter(pk=incident.pk), self.request.user).get()
        response = Response(
            IncidentSerializer(fresh, context=self.get_serializer_context()).data,
            status=status_code,
        )
        response["ETag"] = etag_for(fresh)
        return response

    def handle_exception(self, exc):
        if isinstance(exc, StaleVersion):
            # Tell the client which version is current, as a number and as the ETag to retry with.
            response = Response(
                {"detail": str(exc.default_detail), "current_version": exc.current_version},
                status=exc.status_code,
            )
            response["ETag"] = f'"{exc.current_version}"'
            return response
        return super().handle_exception(exc)

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
        with transaction.atomic():
            claim_version(incident, expected)
            incident._history_user = request.user  # token requests bypass the history middleware
            serializer.save()
        return self._read_back(incident)

    @extend_schema(
        summary="Sync: every change in (updated_at, id) order, cursor-paginated",
        description=(
            "For partners' systems: follow `next` until it is null; next time start with "
            "`updated_since` = the newest `updated_at` you stored. Includes merged duplicates "
            "(see `merged_into`). Same filters as the list."
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
        entries = []
        previous = None
        for record in records:
            changes = []
            if previous is not None:
                for field in tracked:
                    old, new = getattr(previous, field.attname), getattr(record, field.attname)
                    if old != new:
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
