"""Incident, actor and location serializers: nested reads in a fixed number of queries, validated writes."""

from __future__ import annotations

import datetime
import decimal

from django.contrib.auth import get_user_model
from django.db import models, transaction
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from analysts.markings import TEAM_RESTRICTED, TLP, TLP_RANK
from analysts.models import Team
from incidents import corroboration
from incidents.extraction.taxonomy import EVENT_TYPES
from incidents.models import (
    Actor,
    ActorAlias,
    ClaimEvent,
    Incident,
    IncidentActor,
    IncidentLocation,
    IncidentSource,
    Location,
    Tag,
)
from incidents.models.incidents import SUB_EVENT_TYPE_CHOICES
from sources.models import Article

from .representation import LOCATION_FIELDS, incident_rows

# --- small nested representations -------------------------------------------------------------


class ActorBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Actor
        fields = ["id", "name", "short_name", "label", "actor_type"]


# The same fields, in the same order, as the plain-dict rows of `representation`.
LOCATION_BRIEF_FIELDS = list(LOCATION_FIELDS)


class LocationBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Location
        fields = LOCATION_BRIEF_FIELDS


class IncidentActorSerializer(serializers.ModelSerializer):
    actor = ActorBriefSerializer(read_only=True)

    class Meta:
        model = IncidentActor
        fields = ["actor", "role", "alternative_group", "note"]


class IncidentLocationSerializer(serializers.ModelSerializer):
    location = LocationBriefSerializer(read_only=True)

    class Meta:
        model = IncidentLocation
        fields = ["location", "is_primary", "geo_precision", "note"]


def claim_source_hidden(event: ClaimEvent) -> bool:
    """The claim's source article is one the reader may not open (annotated by the API query)."""
    return event.source_article_id is not None and not getattr(event, "source_readable", True)


class ClaimEventSerializer(serializers.ModelSerializer):
    """A claim event; quote and article are blanked when the article is above the reader's
    clearance (the claim itself stays: it is part of the incident)."""

    actor = ActorBriefSerializer(read_only=True, allow_null=True)
    source_article = serializers.SerializerMethodField()
    quote = serializers.SerializerMethodField()
    source_hidden = serializers.SerializerMethodField()

    def get_source_article(self, event: ClaimEvent) -> int | None:
        return None if claim_source_hidden(event) else event.source_article_id

    def get_quote(self, event: ClaimEvent) -> str:
        return "" if claim_source_hidden(event) else event.quote

    def get_source_hidden(self, event: ClaimEvent) -> bool:
        return claim_source_hidden(event)

    class Meta:
        model = ClaimEvent
        fields = [
            "id",
            "kind",
            "actor",
            "date",
            "channel",
            "made_by",
            "source_article",
            "source_hidden",
            "quote",
            "credibility",
        ]


class IncidentSourceSerializer(serializers.ModelSerializer):
    article = serializers.IntegerField(source="article_id", read_only=True)
    url = serializers.CharField(source="article.url", read_only=True)
    title = serializers.CharField(source="article.title", read_only=True)
    published_at = serializers.DateTimeField(
        source="article.published_at", read_only=True, allow_null=True
    )
    outlet = serializers.CharField(
        source="article.outlet.name", read_only=True, default=None, allow_null=True
    )

    class Meta:
        model = IncidentSource
        fields = [
            "article",
            "url",
            "title",
            "outlet",
            "published_at",
            "quote",
            "note",
            "credibility",
            "fatalities_reported",
        ]


class ReportedTollSerializer(serializers.Serializer):
    fatalities = serializers.IntegerField()
    outlets = serializers.ListField(
        child=serializers.CharField(), help_text="The outlets of the readable reports giving it."
    )


class ActorsByRoleSerializer(serializers.Serializer):
    """Actor labels grouped by role: what a briefing line needs without walking the list."""

    perpetrator = serializers.ListField(child=serializers.CharField())
    suspected = serializers.ListField(child=serializers.CharField())
    target = serializers.ListField(child=serializers.CharField())
    claimant = serializers.ListField(child=serializers.CharField())
    associated = serializers.ListField(child=serializers.CharField())


# --- incidents: read ----------------------------------------------------------------------------


class IncidentListSerializer(serializers.ListSerializer):
    """Lists of incidents (API pages, sync, GeoJSON) built from plain values: see
    `incidents.api.representation`. Same JSON as the child serializer item by item, without a
    model instance per nested row; the child still defines the schema."""

    def to_representation(self, data) -> list[dict]:
        incidents = data.all() if isinstance(data, models.manager.BaseManager) else data
        request = self.context.get("request")
        return incident_rows(incidents, getattr(request, "user", None))


class IncidentSerializer(serializers.ModelSerializer):
    """An incident with its actors, claim events, places and sources (read)."""

    actors = IncidentActorSerializer(source="incident_actors", many=True, read_only=True)
    actors_by_role = serializers.SerializerMethodField()
    claim_events = ClaimEventSerializer(many=True, read_only=True)
    locations = IncidentLocationSerializer(source="incident_locations", many=True, read_only=True)
    sources = IncidentSourceSerializer(many=True, read_only=True)
    tags = serializers.SerializerMethodField()
    claim_status_text = serializers.CharField(read_only=True)
    # Declared so that the schema says "" is allowed (read-only model fields lose allow_blank).
    sub_event_type = serializers.ChoiceField(
        choices=SUB_EVENT_TYPE_CHOICES, allow_blank=True, read_only=True
    )
    fatalities_text = serializers.CharField(read_only=True)
    sources_count = serializers.SerializerMethodField(help_text="Reports cited that you may read.")
    independent_sources = serializers.SerializerMethodField(
        help_text="The same, wire copies of one dispatch counted once (agency credit or "
        "near-duplicate text)."
    )
    best_grade = serializers.SerializerMethodField(
        help_text="Best Admiralty grade of a report: outlet reliability A–F × report "
        'credibility 1–6, e.g. "B2"; "" without a source.'
    )
    reported_tolls = serializers.SerializerMethodField()
    confidence = serializers.SerializerMethodField(help_text=corroboration.RULE)

    class Meta:
        model = Incident
        fields = [
            "id",
            "summary",
            "date_start",
            "date_end",
            "date_precision",
            "disorder_type",
            "event_type",
            "sub_event_type",
            "country",
            "admin1",
            "primary_location",
            "geo_precision",
            "locations",
            "actors",
            "actors_by_role",
            "claim_status",
            "claim_status_text",
            "claim_events",
            "fatalities_low",
            "fatalities_best",
            "fatalities_high",
            "fatalities_claimed",
            "fatalities_text",
            "civilian_targeting",
            "tags",
            "notes",
            "sources",
            "sources_count",
            "independent_sources",
            "best_grade",
            "reported_tolls",
            "confidence",
            "review_status",
            "published_at",
            "merged_into",
            "tlp",
            "team",
            "assigned_to",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields
        list_serializer_class = IncidentListSerializer

    @extend_schema_field(ActorsByRoleSerializer)
    def get_actors_by_role(self, incident: Incident) -> dict[str, list[str]]:
        grouped = {role: [] for role in IncidentActor.Role.values}
        for link in incident.incident_actors.all():
            grouped[link.role].append(link.actor.label)
        return grouped

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_tags(self, incident: Incident) -> list[str]:
        # `tag_names` is annotated by the API queryset (one JSON aggregate, no extra query).
        names = getattr(incident, "tag_names", None)
        if names is None and not hasattr(incident, "tag_names"):
            names = [tag.name for tag in incident.tags.all()]
        return sorted(names or [])

    def _corroboration(self, incident: Incident) -> corroboration.Corroboration:
        # The generic path only (the reference): `with_api_data` prefetched readable sources.
        return corroboration.corroborate(corroboration.fact_of(s) for s in incident.sources.all())

    def get_sources_count(self, incident: Incident) -> int:
        return self._corroboration(incident).sources_count

    def get_independent_sources(self, incident: Incident) -> int:
        return self._corroboration(incident).independent_sources

    def get_best_grade(self, incident: Incident) -> str:
        return self._corroboration(incident).best_grade

    @extend_schema_field(ReportedTollSerializer(many=True))
    def get_reported_tolls(self, incident: Incident) -> list[dict]:
        tolls = self._corroboration(incident).tolls
        return [{"fatalities": toll, "outlets": outlets} for toll, outlets in tolls]

    @extend_schema_field(serializers.ChoiceField(choices=list(corroboration.LEVELS_BY_NAME)))
    def get_confidence(self, incident: Incident) -> str:
        return self._corroboration(incident).confidence

    def to_representation(self, incident: Incident) -> dict:
        """The declared fields' JSON, built by the one representation of an incident
        (`incidents.api.representation.incident_rows`), as lists are: the generic DRF path costs
        ~100 field calls per incident. tests/test_api_serializers_fast.py checks both against
        `generic_representation`, byte for byte, on detail and list responses."""
        request = self.context.get("request")
        return incident_rows([incident], getattr(request, "user", None))[0]

    def generic_representation(self, incident: Incident) -> dict:
        """DRF's own path over the declared fields (the reference; needs `with_api_data`)."""
        return super().to_representation(incident)


class IncidentSyncSerializer(IncidentSerializer):
    """The same incident, named apart so that the schema has a cursor-paginated list of it."""


class RemovedIncidentSerializer(serializers.Serializer):
    """An incident that left the reader's view (`incidents.removals`)."""

    id = serializers.IntegerField()
    removed_at = serializers.DateTimeField(help_text="Its last change.")
    reason = serializers.ChoiceField(
        choices=[
            ("deleted", "Deleted"),
            ("retracted", "Retracted: published, then found wrong"),
            ("withdrawn", "No longer shared with you (sent back to review, or re-marked)"),
        ]
    )


class RemovedQuerySerializer(serializers.Serializer):
    since = serializers.DateTimeField(
        required=False,
        help_text="Only incidents changed at or after this time (ISO 8601), e.g. your last sync.",
    )

    def validate_since(self, value: datetime.datetime) -> datetime.datetime:
        # UTC: an offset such as +19:56 is valid ISO 8601 but PostgreSQL refuses it.
        return value.astimezone(datetime.UTC)


# --- incidents: write ---------------------------------------------------------------------------


class IncidentActorWriteSerializer(serializers.Serializer):
    actor = serializers.PrimaryKeyRelatedField(queryset=Actor.objects.all())
    role = serializers.ChoiceField(choices=IncidentActor.Role.choices)
    alternative_group = serializers.IntegerField(
        required=False, allow_null=True, min_value=1, max_value=32767
    )
    note = serializers.CharField(required=False, allow_blank=True, max_length=300, default="")


class IncidentLocationWriteSerializer(serializers.Serializer):
    location = serializers.PrimaryKeyRelatedField(queryset=Location.objects.all())
    is_primary = serializers.BooleanField(required=False, default=False)
    geo_precision = serializers.ChoiceField(
        choices=IncidentLocation._meta.get_field("geo_precision").choices, required=False, default=1
    )
    note = serializers.CharField(required=False, allow_blank=True, max_length=300, default="")


class ClaimEventWriteSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ClaimEvent.Kind.choices)
    actor = serializers.PrimaryKeyRelatedField(
        queryset=Actor.objects.all(), required=False, allow_null=True
    )
    date = serializers.DateField(required=False, allow_null=True)
    channel = serializers.CharField(required=False, allow_blank=True, max_length=200, default="")
    made_by = serializers.CharField(required=False, allow_blank=True, max_length=200, default="")
    source_article = serializers.PrimaryKeyRelatedField(
        queryset=Article.objects.none(), required=False, allow_null=True
    )
    quote = serializers.CharField(required=False, allow_blank=True, default="")
    credibility = serializers.ChoiceField(
        choices=ClaimEvent._meta.get_field("credibility").choices, required=False, default=6
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        # Only articles the writer may read can be cited (the one visibility rule).
        self.fields["source_article"].queryset = Article.objects.visible_to(
            getattr(request, "user", None)
        )


class IncidentWriteSerializer(serializers.ModelSerializer):
    """Create or update an incident with its actors, places and claim events.

    Nested lists replace the incident's current rows when given and are left alone when omitted
    (PATCH). Review status changes go through the workflow, not through this serializer.
    """

    actors = IncidentActorWriteSerializer(many=True, required=False)
    locations = IncidentLocationWriteSerializer(many=True, required=False)
    claim_events = ClaimEventWriteSerializer(many=True, required=False)
    tags = serializers.ListField(
        child=serializers.CharField(max_length=60), required=False, help_text="Tag names."
    )
    team = serializers.PrimaryKeyRelatedField(
        queryset=Team.objects.all(), required=False, allow_null=True
    )
    assigned_to = serializers.PrimaryKeyRelatedField(
        queryset=get_user_model().objects.filter(is_active=True),
        required=False,
        allow_null=True,
        help_text="The analyst who works on it (a user id); null: nobody. They get an email.",
    )
    version = serializers.IntegerField(
        required=False,
        write_only=True,
        min_value=1,
        help_text="The version you edited (alternative to the If-Match header).",
    )

    class Meta:
        model = Incident
        fields = [
            "summary",
            "date_start",
            "date_end",
            "date_precision",
            "disorder_type",
            "event_type",
            "sub_event_type",
            "geo_precision",
            "fatalities_low",
            "fatalities_best",
            "fatalities_high",
            "fatalities_claimed",
            "civilian_targeting",
            "claim_status",
            "notes",
            "tlp",
            "team",
            "tags",
            "actors",
            "locations",
            "claim_events",
            "assigned_to",
            "version",
        ]

    def validate_assigned_to(self, assignee):
        from incidents import permissions

        if assignee is not None and not permissions.can_edit(assignee):
            raise serializers.ValidationError(f"{assignee} may not work on incidents.")
        return assignee

    def to_representation(self, instance: Incident) -> dict:
        """The incident in the shape this serializer accepts: the browsable API's PUT form starts
        from it. The model's `actors`, `tags` and `claim_events` are other things (actors without
        their role, tag rows, quotes from articles the user may not read), so the nested lists are
        built from the link rows, and `version` is included: a form cannot send If-Match."""
        from incidents.permissions import visible_claim_events

        data = {
            name: field.to_representation(value)
            for name, field in self.fields.items()
            if name not in self.NESTED_READS
            and (value := field.get_attribute(instance)) is not None
        }
        for name in self.fields:
            data.setdefault(name, None)
        user = getattr(self.context.get("request"), "user", None)
        data["tags"] = sorted(tag.name for tag in instance.tags.all())
        data["actors"] = [
            {
                "actor": link.actor_id,
                "role": link.role,
                "alternative_group": link.alternative_group,
                "note": link.note,
            }
            for link in instance.incident_actors.order_by("role", "id")
        ]
        data["locations"] = [
            {
                "location": link.location_id,
                "is_primary": link.is_primary,
                "geo_precision": link.geo_precision,
                "note": link.note,
            }
            for link in instance.incident_locations.order_by("-is_primary", "id")
        ]
        data["claim_events"] = [
            {
                "kind": event.kind,
                "actor": event.actor_id,
                "date": event.date.isoformat() if event.date else None,
                "channel": event.channel,
                "made_by": event.made_by,
                "source_article": event.source_article_id,
                "quote": event.quote,
                "credibility": event.credibility,
            }
            for event in visible_claim_events(instance, user)
        ]
        data["version"] = instance.version
        return data

    NESTED_READS = frozenset({"tags", "actors", "locations", "claim_events", "version"})

    def validate_tlp(self, value: str) -> str:
        user = self.context["request"].user
        if not user.is_superuser and TLP_RANK[TLP(value)] > TLP_RANK[TLP(user.clearance)]:
            raise serializers.ValidationError("Above your clearance: you could not read it back.")
        return value

    def validate_actors(self, links: list[dict]) -> list[dict]:
        seen = set()
        for index, link in enumerate(links):
            key = (link["actor"].pk, link["role"])
            if key in seen:
                raise serializers.ValidationError(
                    {index: {"actor": ["This actor is already listed with this role."]}}
                )
            seen.add(key)
        return links

    def validate_locations(self, links: list[dict]) -> list[dict]:
        seen = set()
        for index, link in enumerate(links):
            if link["location"].pk in seen:
                raise serializers.ValidationError(
                    {index: {"location": ["This location is already listed."]}}
                )
            seen.add(link["location"].pk)
        if sum(1 for link in links if link["is_primary"]) > 1:
            raise serializers.ValidationError("Only one location can be primary.")
        if links and not any(link["is_primary"] for link in links):
            links[0]["is_primary"] = True
        return links

    def validate(self, attrs: dict) -> dict:
        instance = self.instance

        def value(name):
            return attrs[name] if name in attrs else getattr(instance, name, None)

        errors: dict[str, str] = {}
        event_type, sub = value("event_type"), value("sub_event_type")
        if sub and event_type and sub not in EVENT_TYPES.get(event_type, []):
            errors["sub_event_type"] = f"“{sub}” is not a sub-event type of “{event_type}”."
        start, end = value("date_start"), value("date_end")
        if start and end and end < start:
            errors["date_end"] = "The end date is before the start date."
        low, best, high = (
            value("fatalities_low"),
            value("fatalities_best"),
            value("fatalities_high"),
        )
        if low is not None and best is not None and low > best:
            errors["fatalities_low"] = "Higher than the best estimate."
        if best is not None and high is not None and best > high:
            errors["fatalities_high"] = "Lower than the best estimate."
        if low is not None and high is not None and low > high:
            errors["fatalities_high"] = "Lower than the low estimate."
        tlp, team = value("tlp"), value("team")
        user = self.context["request"].user
        if tlp in TEAM_RESTRICTED:
            if team is None:
                errors["team"] = "AMBER and RED incidents need an owning team."
            elif not user.is_superuser and not user.teams.filter(pk=team.pk).exists():
                errors["team"] = "You are not a member of this team."
        if errors:
            raise serializers.ValidationError(errors)
        return attrs

    @transaction.atomic
    def create(self, validated_data: dict) -> Incident:
        nested = self._pop_nested(validated_data)
        validated_data.pop("version", None)
        user = self.context["request"].user
        incident = Incident.objects.create(**validated_data, created_by=user, updated_by=user)
        self._write_nested(incident, nested)
        return incident

    @transaction.atomic
    def update(self, instance: Incident, validated_data: dict) -> Incident:
        from incidents import assignment, permissions

        nested = self._pop_nested(validated_data)
        validated_data.pop("version", None)
        user = self.context["request"].user
        assignee = validated_data.get("assigned_to")
        newly_assigned = "assigned_to" in validated_data and (
            getattr(assignee, "pk", None) != instance.assigned_to_id
        )
        if newly_assigned and assignee is not None and not permissions.can_view(assignee, instance):
            raise serializers.ValidationError(
                {"assigned_to": f"{assignee} may not read this incident (its marking)."}
            )
        for name, value in validated_data.items():
            setattr(instance, name, value)
        instance.updated_by = user
        instance.save()
        self._write_nested(instance, nested)
        if newly_assigned and assignee is not None and assignee != user:
            transaction.on_commit(lambda: assignment.notify_assignee(assignee, instance, user))
        return instance

    @staticmethod
    def _pop_nested(data: dict) -> dict:
        return {
            name: data.pop(name)
            for name in ("actors", "locations", "claim_events", "tags")
            if name in data
        }

    @staticmethod
    def _write_nested(incident: Incident, nested: dict) -> None:
        if "actors" in nested:
            incident.incident_actors.all().delete()
            IncidentActor.objects.bulk_create(
                IncidentActor(incident=incident, **link) for link in nested["actors"]
            )
        if "locations" in nested:
            incident.incident_locations.all().delete()
            IncidentLocation.objects.bulk_create(
                IncidentLocation(incident=incident, **link) for link in nested["locations"]
            )
            incident.refresh_place_fields()
        if "claim_events" in nested:
            incident.claim_events.all().delete()
            ClaimEvent.objects.bulk_create(
                ClaimEvent(incident=incident, **event) for event in nested["claim_events"]
            )
        if "tags" in nested:
            names = sorted({name.strip() for name in nested["tags"] if name.strip()})
            tags = [Tag.objects.get_or_create(name=name)[0] for name in names]
            incident.tags.set(tags)


# --- history ------------------------------------------------------------------------------------


class FieldChangeSerializer(serializers.Serializer):
    field = serializers.CharField()
    old = serializers.JSONField(allow_null=True)
    new = serializers.JSONField(allow_null=True)


class IncidentHistorySerializer(serializers.Serializer):
    history_id = serializers.IntegerField()
    history_date = serializers.DateTimeField()
    history_type = serializers.ChoiceField(
        choices=[("+", "created"), ("~", "changed"), ("-", "deleted")]
    )
    user = serializers.CharField(allow_null=True)
    version = serializers.IntegerField()
    review_status = serializers.CharField()
    changes = FieldChangeSerializer(many=True)


def jsonable(value: object) -> object:
    """A history value as JSON writes it: dates ISO, decimals and the rest as text."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, datetime.date | datetime.datetime | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    return str(value)


# --- actors and locations -----------------------------------------------------------------------


class ActorAliasSerializer(serializers.ModelSerializer):
    class Meta:
        model = ActorAlias
        fields = ["alias", "language"]


class ActorSerializer(serializers.ModelSerializer):
    aliases = ActorAliasSerializer(many=True, read_only=True)
    affiliation_name = serializers.SerializerMethodField()
    label = serializers.CharField(read_only=True)

    class Meta:
        model = Actor
        fields = [
            "id",
            "name",
            "short_name",
            "label",
            "actor_type",
            "affiliation",
            "affiliation_name",
            "country",
            "description",
            "active",
            "aliases",
        ]

    def get_affiliation_name(self, actor: Actor) -> str | None:
        return actor.affiliation.name if actor.affiliation_id else None

    def validate_affiliation(self, value: Actor | None) -> Actor | None:
        if value is not None and self.instance is not None and value.pk == self.instance.pk:
            raise serializers.ValidationError("An actor cannot be its own parent.")
        return value


class LocationNameField(serializers.Serializer):
    name = serializers.CharField()
    language = serializers.CharField()


class LocationSerializer(serializers.ModelSerializer):
    alternate_names = LocationNameField(many=True, read_only=True)

    class Meta:
        model = Location
        fields = [
            "id",
            "name",
            "ascii_name",
            "kind",
            "country_code",
            "parent",
            "admin1_code",
            "admin1_name",
            "admin2_code",
            "admin2_name",
            "feature_class",
            "feature_code",
            "latitude",
            "longitude",
            "population",
            "geonames_id",
            "alternate_names",
        ]
        read_only_fields = fields
