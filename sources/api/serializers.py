from __future__ import annotations

from django.core.validators import URLValidator
from rest_framework import serializers

from sources.models import Article, Feed, ImportJob, Outlet
from sources.services import check_paste_length


class OutletSerializer(serializers.ModelSerializer):
    # A plain string in the schema: an outlet may have no URL ("" is not an OpenAPI `uri`).
    url = serializers.CharField(
        allow_blank=True, required=False, max_length=200, validators=[URLValidator()]
    )

    class Meta:
        model = Outlet
        fields = ["id", "name", "url", "country", "language", "reliability", "notes"]


class ArticleListSerializer(serializers.ModelSerializer):
    url = serializers.CharField(read_only=True, help_text="Canonical URL; empty for pasted text.")
    outlet_name = serializers.CharField(
        source="outlet.name", read_only=True, default=None, allow_null=True
    )
    same_story_as = serializers.IntegerField(
        source="readable_same_story_as",
        read_only=True,
        allow_null=True,
        default=None,
        help_text="The earlier article telling the same story, if you may read it.",
    )

    class Meta:
        model = Article
        fields = [
            "id",
            "url",
            "outlet",
            "outlet_name",
            "title",
            "byline",
            "published_at",
            "language",
            "same_story_as",
            "similarity",
            "wire_agency",
            "tlp",
            "assigned_to",
            "created_at",
        ]
        read_only_fields = fields


class ArticleSerializer(ArticleListSerializer):
    class Meta(ArticleListSerializer.Meta):
        fields = [*ArticleListSerializer.Meta.fields, "text"]
        read_only_fields = fields


class FeedSerializer(serializers.ModelSerializer):
    class Meta:
        model = Feed
        fields = [
            "id",
            "url",
            "title",
            "outlet",
            "language",
            "active",
            "fetch_full_text",
            "poll_interval",
            "last_polled_at",
            "next_poll_at",
            "last_error",
            "consecutive_failures",
            "created_at",
        ]
        read_only_fields = [
            "last_polled_at",
            "next_poll_at",
            "last_error",
            "consecutive_failures",
            "created_at",
        ]
        extra_kwargs = {"poll_interval": {"min_value": 5, "max_value": 7 * 24 * 60}}


class ImportJobSerializer(serializers.ModelSerializer):
    progress_percent = serializers.IntegerField(read_only=True, allow_null=True)
    is_finished = serializers.BooleanField(read_only=True)

    class Meta:
        model = ImportJob
        fields = [
            "id",
            "kind",
            "status",
            "feed",
            "items_total",
            "items_seen",
            "items_created",
            "items_updated",
            "items_duplicate",
            "items_failed",
            "errors",
            "message",
            "progress_percent",
            "is_finished",
            "created_at",
            "started_at",
            "finished_at",
        ]
        read_only_fields = fields


class ImportJobCreateSerializer(serializers.Serializer):
    """Start an import: pasted text, URLs, or an uploaded file (multipart)."""

    KINDS = [ImportJob.Kind.PASTE, ImportJob.Kind.URL, ImportJob.Kind.FILE]

    kind = serializers.ChoiceField(choices=[(k.value, k.label) for k in KINDS])
    text = serializers.CharField(
        required=False,
        validators=[check_paste_length],
        help_text="kind=paste: the article text (at most IMPORT_MAX_PASTE_CHARS characters).",
    )
    title = serializers.CharField(required=False, allow_blank=True, max_length=500)
    url = serializers.URLField(
        required=False, max_length=2000, help_text="kind=paste: where the text comes from."
    )
    language = serializers.CharField(required=False, allow_blank=True, max_length=8)
    urls = serializers.ListField(
        child=serializers.URLField(max_length=2000),
        required=False,
        max_length=200,
        help_text="kind=url: the pages to fetch.",
    )
    file = serializers.FileField(required=False, help_text="kind=file (multipart/form-data).")

    def validate(self, attrs: dict) -> dict:
        needed = {"paste": "text", "url": "urls", "file": "file"}[attrs["kind"]]
        if not attrs.get(needed):
            raise serializers.ValidationError({needed: [f"Required when kind is {attrs['kind']}."]})
        return attrs
