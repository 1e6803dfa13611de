"""/api/saved-searches/ and /api/alert-subscriptions/: saved searches (private, or shared with a
team: its members read them, only the owner changes them) and how each user follows them."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, permissions, serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from analysts.api.base import BaseViewSet
from analysts.models import SavedFilter, Team
from analysts.visibility import has_desk_access
from incidents import alerts, saved_searches
from incidents.models import AlertDelivery, AlertSubscription
from incidents.references import IncidentNames


class HasDeskAccess(permissions.BasePermission):
    """Every role may save searches and follow them: alerts carry only what each reader reads."""

    def has_permission(self, request, view) -> bool:
        return has_desk_access(request.user)


class OwnerWrites(HasDeskAccess):
    def has_object_permission(self, request, view, obj) -> bool:
        return request.method in permissions.SAFE_METHODS or obj.user_id == request.user.pk


def _django_errors(exc: DjangoValidationError) -> serializers.ValidationError:
    return serializers.ValidationError(exc.messages)


class SavedSearchSerializer(serializers.ModelSerializer):
    owner = serializers.CharField(source="user.username", read_only=True)
    team = serializers.PrimaryKeyRelatedField(
        queryset=Team.objects.all(),
        allow_null=True,
        required=False,
        help_text="Team id to share with (one of yours); null: private.",
    )
    shared = serializers.BooleanField(source="is_shared", read_only=True)
    results_url = serializers.SerializerMethodField(help_text="The desk list of its results.")
    api_results_url = serializers.SerializerMethodField(help_text="The same, from the API.")

    class Meta:
        model = SavedFilter
        fields = [
            "id",
            "name",
            "query",
            "team",
            "shared",
            "owner",
            "results_url",
            "api_results_url",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "owner", "created_at", "updated_at"]

    def _absolute(self, path: str) -> str:
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else alerts.absolute(path)

    def get_results_url(self, search: SavedFilter) -> str:
        return self._absolute(alerts.results_path(search))

    def get_api_results_url(self, search: SavedFilter) -> str:
        path = "/api/incidents/"
        return self._absolute(f"{path}?{search.query}" if search.query else path)

    def validate_query(self, value: str) -> str:
        try:
            return saved_searches.clean_query(value, self.context["request"].user)
        except DjangoValidationError as exc:
            raise _django_errors(exc) from None

    def validate_team(self, value: Team | None) -> Team | None:
        try:
            return saved_searches.clean_team(value, self.context["request"].user)
        except DjangoValidationError as exc:
            raise _django_errors(exc) from None

    def validate_name(self, value: str) -> str:
        value = value.strip()
        user = self.context["request"].user
        others = SavedFilter.objects.filter(user=user, name=value)
        if self.instance is not None:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            raise serializers.ValidationError("You already have a saved search with this name.")
        return value

    def create(self, validated_data: dict) -> SavedFilter:
        user = self.context["request"].user
        try:
            return saved_searches.save_search(
                user,
                validated_data["name"],
                validated_data.get("query", ""),
                validated_data.get("team"),
            )
        except DjangoValidationError as exc:
            raise _django_errors(exc) from None


@extend_schema_view(
    list=extend_schema(summary="Your saved searches and those shared with your teams"),
    create=extend_schema(summary="Save a search (you follow it at once: see alert-subscriptions)"),
    update=extend_schema(summary="Change a saved search (owner only)"),
    partial_update=extend_schema(summary="Change a saved search (owner only)"),
    destroy=extend_schema(summary="Delete a saved search and every subscription to it"),
)
class SavedSearchViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    BaseViewSet,
):
    """Private searches are the owner's alone (another user gets a 404); shared ones are read by
    their team's members, changed by the owner only (403)."""

    queryset = SavedFilter.objects.select_related("user", "team").order_by("name", "id")
    serializer_class = SavedSearchSerializer
    permission_classes = [OwnerWrites]
    filter_backends = []


class AlertDeliverySerializer(serializers.ModelSerializer):
    incident = serializers.SerializerMethodField(
        help_text="The incident the change was about; null once you may no longer read it."
    )

    class Meta:
        model = AlertDelivery
        fields = [
            "id",
            "channel",
            "incident",
            "incident_version",
            "status",
            "attempts",
            "status_code",
            "error",
            "log",
            "created_at",
            "sent_at",
        ]
        read_only_fields = fields

    @extend_schema_field({"type": "integer", "nullable": True})
    def get_incident(self, delivery: AlertDelivery) -> int | None:
        # The view gives the page's readable incidents (one query); named only when readable.
        names = self.context.get("incident_names")
        return names.id_or_none(delivery.incident_id) if names is not None else None


class AlertSubscriptionSerializer(serializers.ModelSerializer):
    saved_search = serializers.PrimaryKeyRelatedField(queryset=SavedFilter.objects.none())
    feed_url = serializers.SerializerMethodField(help_text="Atom feed; its token is your key.")
    webhook_secret = serializers.CharField(
        read_only=True, help_text="HMAC-SHA256 key of the X-Desk-Signature header."
    )

    class Meta:
        model = AlertSubscription
        fields = [
            "id",
            "saved_search",
            "email",
            "feed_url",
            "webhook_url",
            "webhook_secret",
            "webhook_above_green",
            "webhook_active",
            "webhook_failures",
            "webhook_disabled_at",
            "created_at",
        ]
        read_only_fields = ["id", "webhook_failures", "webhook_disabled_at", "created_at"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            # One may follow only the searches one may read.
            self.fields["saved_search"].queryset = SavedFilter.objects.visible_to(request.user)

    def get_feed_url(self, subscription: AlertSubscription) -> str:
        request = self.context.get("request")
        path = alerts.feed_path(subscription)
        return request.build_absolute_uri(path) if request else alerts.absolute(path)

    def validate_webhook_url(self, value: str) -> str:
        if value and not value.lower().startswith(("http://", "https://")):
            raise serializers.ValidationError("Use an http or https URL.")
        return value

    def validate(self, attrs: dict) -> dict:
        if self.instance is None:
            user = self.context["request"].user
            if AlertSubscription.objects.filter(
                user=user, saved_search=attrs["saved_search"]
            ).exists():
                raise serializers.ValidationError(
                    {"saved_search": ["You already follow this search."]}
                )
        elif "saved_search" in attrs and attrs["saved_search"] != self.instance.saved_search:
            raise serializers.ValidationError({"saved_search": ["Cannot be changed."]})
        # Switching a disabled webhook on again starts a fresh count of failures.
        if attrs.get("webhook_active") and self.instance and not self.instance.webhook_active:
            attrs["webhook_failures"] = 0
            attrs["webhook_disabled_at"] = None
        return attrs

    def create(self, validated_data: dict) -> AlertSubscription:
        validated_data["user"] = self.context["request"].user
        return super().create(validated_data)


@extend_schema_view(
    list=extend_schema(summary="The saved searches you follow, with their Atom feed address"),
    create=extend_schema(summary="Follow a saved search (yours or your team's)"),
    partial_update=extend_schema(summary="Email (off, immediate, daily), webhook settings"),
    destroy=extend_schema(summary="Stop following a saved search"),
)
class AlertSubscriptionViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    BaseViewSet,
):
    """Your own subscriptions only: nobody sees another's feed token, webhook or deliveries."""

    queryset = AlertSubscription.objects.select_related("saved_search").order_by("id")
    serializer_class = AlertSubscriptionSerializer
    permission_classes = [HasDeskAccess]
    filter_backends = []

    def get_queryset(self):
        return super().get_queryset().filter(user=self.request.user)

    @extend_schema(summary="Revoke the Atom feed address; a new one is returned", request=None)
    @action(detail=True, methods=["post"], url_path="revoke-feed")
    def revoke_feed(self, request, pk=None):
        subscription = self.get_object()
        subscription.revoke_feed()
        return Response(self.get_serializer(subscription).data, status=status.HTTP_200_OK)

    @extend_schema(
        summary="Delivery log: each change sent, with attempts, status code and time",
        responses=AlertDeliverySerializer(many=True),
    )
    @action(detail=True, methods=["get"])
    def deliveries(self, request, pk=None):
        subscription = self.get_object()
        page = self.paginate_queryset(subscription.deliveries.order_by("-id"))
        names = IncidentNames(request.user, (delivery.incident_id for delivery in page or []))
        data = AlertDeliverySerializer(page, many=True, context={"incident_names": names}).data
        return self.get_paginated_response(data)
