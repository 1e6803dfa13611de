"""Article, outlet, feed and import-job endpoints (thin viewsets over the shared base)."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import BigIntegerField, Case, F, When
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from analysts.api.base import BaseViewSet
from sources.models import Article, Feed, ImportJob, Outlet
from sources.services import start_import

from .filtersets import ArticleFilterSet, FeedFilterSet
from .serializers import (
    ArticleListSerializer,
    ArticleSerializer,
    FeedSerializer,
    ImportJobCreateSerializer,
    ImportJobSerializer,
    OutletSerializer,
)


@extend_schema_view(
    list=extend_schema(summary="Articles you may read (TLP), newest first; text in the detail"),
    retrieve=extend_schema(summary="One article with its text"),
)
class ArticleViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, BaseViewSet):
    queryset = Article.objects.select_related("outlet")
    filterset_class = ArticleFilterSet

    def get_serializer_class(self):
        return ArticleListSerializer if self.action == "list" else ArticleSerializer

    def get_queryset(self):
        queryset = super().get_queryset()
        # The story this article repeats, when the reader may read that one too: an id of an
        # article hidden from them would tell them it exists.
        readable = Article.objects.visible_to(self.request.user).values("pk")
        queryset = queryset.annotate(
            readable_same_story_as=Case(
                When(same_story_as__in=readable, then=F("same_story_as")),
                default=None,
                output_field=BigIntegerField(),
            )
        )
        return queryset.defer("text") if self.action == "list" else queryset


class OutletViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    BaseViewSet,
):
    queryset = Outlet.objects.all()
    serializer_class = OutletSerializer
    filterset_fields = ["country", "reliability"]


class FeedViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    BaseViewSet,
):
    queryset = Feed.objects.all()
    serializer_class = FeedSerializer
    filterset_class = FeedFilterSet


@extend_schema_view(
    list=extend_schema(summary="Your import jobs (editors see everyone's)"),
    retrieve=extend_schema(summary="Poll one import job's status and per-item errors"),
    create=extend_schema(
        summary="Start a paste, URL or file import",
        request={
            "application/json": ImportJobCreateSerializer,
            "multipart/form-data": ImportJobCreateSerializer,
        },
        responses={202: ImportJobSerializer},
    ),
)
class ImportJobViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, BaseViewSet
):
    queryset = ImportJob.objects.all()
    filterset_fields = ["status", "kind"]
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self):
        queryset = super().get_queryset()
        user = self.request.user
        # Jobs carry pasted text and uploads: each analyst sees their own, editors all.
        if getattr(user, "is_editor", False):
            return queryset
        return queryset.filter(created_by=user.pk)

    def get_serializer_class(self):
        return ImportJobCreateSerializer if self.action == "create" else ImportJobSerializer

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        kind = data.pop("kind")
        upload = data.pop("file", None)
        try:
            job = start_import(kind, user=request.user, params=data, upload=upload)
        except DjangoValidationError as error:
            raise serializers.ValidationError({"non_field_errors": error.messages}) from None
        response = ImportJobSerializer(job, context=self.get_serializer_context()).data
        return Response(response, status=status.HTTP_202_ACCEPTED)
