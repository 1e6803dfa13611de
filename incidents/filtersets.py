"""The one definition of incident filters, reused by the API, the desk pages, the admin and exports.

    IncidentFilterSet(request.GET, queryset=Incident.objects.visible_to(user), request=request)

Whose search: `q` also matches the text of the articles an incident cites, and a readable incident
can cite an article its reader may not read (a GREEN incident, a RED embassy cable). So `q` looks
only into articles `Article.objects.visible_to(reader)` returns, the reader being `request.user`
or, without a request (the `export_incidents` command), `reader=` (a user, or
`incidents.exports.FULL_ACCESS` for the shell operator). Without either, no article is searched.

Every filter validates its value: a malformed or unknown value makes the form invalid, and the
API answers 400 naming the parameter (never a 500, never a silently ignored filter). Lists accept
comma-separated values (`country=ML,BF`, `role=suspected,claimant`); model choices (`actor`, `tag`)
are repeated (`actor=3&actor=7`).
"""

from __future__ import annotations

import datetime
import math

import django_filters as filters
from django import forms
from django.contrib.postgres.search import SearchVector
from django.db import connection
from django.db.models import Exists, F, FloatField, OuterRef, Q, QuerySet, Value
from django.db.models.functions import ACos, Cos, Least, Radians, Sin
from django.utils import timezone
from drf_spectacular.utils import extend_schema_field

from analysts.api.filters import (
    IdModelChoiceField,
    IdModelChoiceFilter,
    IdModelMultipleChoiceField,
    IdModelMultipleChoiceFilter,
    UTCIsoDateTimeFilter,
)
from analysts.markings import TLP
from analysts.search_limits import SEARCH_MAX_CHARS
from incidents import corroboration
from incidents.exports.records import readable_articles
from incidents.models import Actor, Incident, IncidentActor, IncidentLocation, Location, Tag
from incidents.models.incidents import (
    EVENT_TYPE_CHOICES,
    SUB_EVENT_TYPE_CHOICES,
    ClaimStatus,
    IncidentSource,
    ReviewStatus,
)
from sources import search

EARTH_RADIUS_KM = 6371.0
KM_PER_DEGREE = 111.32
# The configuration of every full-text search and its GIN indexes (`incidents/0004`,
# `sources/0003`): "simple" because articles and notes mix French and English.
SEARCH_CONFIG = search.SEARCH_CONFIG


def incident_search_vector() -> SearchVector:
    """The tsvector over an incident's own text; the GIN index is built on this exact expression."""
    return SearchVector("summary", "notes", config=SEARCH_CONFIG)


class ChoiceInFilter(filters.BaseInFilter, filters.ChoiceFilter):
    """`?claim_status=claimed,disputed`: every value must be one of the choices."""


class CountryListField(forms.CharField):
    def clean(self, value):
        value = super().clean(value)
        if not value:
            return []
        codes = [code.strip().upper() for code in value.split(",") if code.strip()]
        bad = [code for code in codes if len(code) != 2 or not code.isalpha()]
        if bad:
            # The value travels in params: django-filter formats messages with `%`.
            raise forms.ValidationError(
                "Use ISO 3166-1 alpha-2 codes such as ML or BF (got %(bad)s).",
                params={"bad": ", ".join(bad)},
            )
        return codes


@extend_schema_field(
    {
        "type": "string",
        "description": "ISO 3166-1 alpha-2 country codes, comma-separated.",
        "example": "ML,BF",
    }
)
class CountryFilter(filters.Filter):
    field_class = CountryListField


class FloatListField(forms.CharField):
    """A fixed number of comma-separated numbers within ranges, e.g. a bbox or a point and radius."""

    def __init__(self, *args, ranges: list[tuple[str, float, float]], **kwargs) -> None:
        self.ranges = ranges
        super().__init__(*args, **kwargs)

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        names = [name for name, _, _ in self.ranges]
        parts = value.split(",")
        if len(parts) != len(self.ranges):
            raise forms.ValidationError(f"Expected {len(names)} numbers: {','.join(names)}.")
        numbers = []
        for part, (name, low, high) in zip(parts, self.ranges, strict=True):
            try:
                number = float(part)
            except ValueError:
                raise forms.ValidationError(
                    "%(name)s is not a number: %(part)r.", params={"name": name, "part": part}
                ) from None
            if not math.isfinite(number) or not low <= number <= high:
                raise forms.ValidationError(f"{name} must be between {low} and {high}.")
            numbers.append(number)
        return numbers


@extend_schema_field(
    {
        "type": "string",
        "description": "Bounding box minlon,minlat,maxlon,maxlat (WGS84 degrees): "
        "records with a location inside.",
        "example": "-12.5,13.5,-10.5,15.5",
    }
)
class BboxFilter(filters.Filter):
    field_class = FloatListField

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault(
            "ranges",
            [
                ("minlon", -180, 180),
                ("minlat", -90, 90),
                ("maxlon", -180, 180),
                ("maxlat", -90, 90),
            ],
        )
        super().__init__(*args, **kwargs)


@extend_schema_field(
    {
        "type": "string",
        "description": "Radius lat,lon,km (km up to 2000): records with a location within km.",
        "example": "14.45,-11.44,50",
    }
)
class NearFilter(filters.Filter):
    field_class = FloatListField

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("ranges", [("lat", -90, 90), ("lon", -180, 180), ("km", 0, 2000)])
        super().__init__(*args, **kwargs)


@extend_schema_field(
    {
        "type": "string",
        "enum": ["true", "false"],
        "description": "true: two or more independent sources the reader may read; false: fewer.",
    }
)
class CorroboratedFilter(filters.TypedChoiceFilter):
    """`corroborated`: computed by a method, so the schema is said here (no model field)."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("choices", [("true", "true"), ("false", "false")])
        kwargs.setdefault("coerce", lambda value: value == "true")
        super().__init__(*args, **kwargs)


class AssigneeField(forms.CharField):
    def clean(self, value):
        value = super().clean(value)
        if value in ("", None, "me", "none"):
            return value
        if not str(value).isdigit():
            raise forms.ValidationError('Use "me", "none" or a user id.')
        return int(value)


class AssigneeFilter(filters.CharFilter):
    field_class = AssigneeField


def within_bbox_q(bbox: list[float], prefix: str = "") -> Q:
    minlon, minlat, maxlon, maxlat = bbox
    q = Q(**{f"{prefix}latitude__gte": minlat, f"{prefix}latitude__lte": maxlat})
    if minlon <= maxlon:
        return q & Q(**{f"{prefix}longitude__gte": minlon, f"{prefix}longitude__lte": maxlon})
    # A box across the antimeridian.
    return q & (Q(**{f"{prefix}longitude__gte": minlon}) | Q(**{f"{prefix}longitude__lte": maxlon}))


def locations_near(lat: float, lon: float, km: float) -> QuerySet[Location]:
    """Locations within `km` of a point: a cheap box first, then the great-circle distance."""
    dlat = km / KM_PER_DEGREE
    dlon = km / max(KM_PER_DEGREE * math.cos(math.radians(lat)), 1e-6)
    box = [max(lon - dlon, -180), max(lat - dlat, -90), min(lon + dlon, 180), min(lat + dlat, 90)]
    cosine = Sin(Value(math.radians(lat))) * Sin(Radians(F("latitude"))) + Cos(
        Value(math.radians(lat))
    ) * Cos(Radians(F("latitude"))) * Cos(Radians(F("longitude")) - Value(math.radians(lon)))
    return (
        Location.objects.filter(within_bbox_q(box))
        .annotate(distance_km=ACos(Least(cosine, Value(1.0)), output_field=FloatField()))
        .filter(distance_km__lte=km / EARTH_RADIUS_KM)
    )


def _located(queryset: QuerySet, locations: Q) -> QuerySet:
    """Incidents with at least one of their locations matching `locations` (a Q over Location)."""
    links = IncidentLocation.objects.filter(incident=OuterRef("pk")).filter(
        location__in=Location.objects.filter(locations).values("pk")
    )
    return queryset.filter(Exists(links))


class ActorChoicesField(IdModelMultipleChoiceField):
    """Actor ids, each named by `Actor.choice_label` wherever the choices are listed."""

    def label_from_instance(self, obj) -> str:
        return obj.choice_label


class ActorChoiceFilter(IdModelMultipleChoiceFilter):
    field_class = ActorChoicesField


class ActorChoiceField(IdModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.choice_label


class OneActorChoiceFilter(IdModelChoiceFilter):
    field_class = ActorChoiceField


class IncidentFilterSet(filters.FilterSet):
    date_after = filters.DateFilter(
        field_name="date_start",
        lookup_expr="gte",
        label="Incidents on or after this date (YYYY-MM-DD).",
    )
    date_before = filters.DateFilter(
        field_name="date_start",
        lookup_expr="lte",
        label="Incidents on or before this date (YYYY-MM-DD).",
    )
    last_days = filters.NumberFilter(
        method="filter_last_days",
        min_value=1,
        max_value=3660,
        label="Incidents of the last N days (on or after today minus N): a saved search "
        "that stays current.",
    )
    country = CountryFilter(
        method="filter_country", label="ISO 3166-1 alpha-2 country codes, comma-separated (ML,BF)."
    )
    admin1 = filters.CharFilter(
        field_name="admin1", lookup_expr="iexact", label="First-level region, e.g. Kayes."
    )
    admin2 = filters.CharFilter(
        method="filter_admin2", label="Second-level division (cercle, province), e.g. Kita."
    )
    location = IdModelChoiceFilter(
        queryset=Location.objects.all(),
        field_name="locations",
        method="filter_location",
        label="Gazetteer location id: incidents at that place.",
    )
    bbox = BboxFilter(
        method="filter_bbox",
        label="Bounding box minlon,minlat,maxlon,maxlat: incidents with a location inside.",
    )
    near = NearFilter(
        method="filter_near", label="Radius lat,lon,km: incidents with a location within km."
    )
    actor = ActorChoiceFilter(
        queryset=Actor.objects.all(),
        field_name="actors",
        method="filter_actor",
        label="Actor id (repeat for several); combined with `role` when given.",
    )
    role = ChoiceInFilter(
        choices=IncidentActor.Role.choices,
        method="filter_role",
        label="Actor role(s), comma-separated; with `actor`, that actor in one of these roles.",
    )
    claim_status = ChoiceInFilter(
        choices=ClaimStatus.choices, label="Claim status(es), comma-separated."
    )
    event_type = ChoiceInFilter(
        choices=EVENT_TYPE_CHOICES, label="ACLED event type(s), comma-separated."
    )
    sub_event_type = ChoiceInFilter(
        choices=SUB_EVENT_TYPE_CHOICES, label="ACLED sub-event type(s), comma-separated."
    )
    fatalities_min = filters.NumberFilter(
        field_name="fatalities_best",
        lookup_expr="gte",
        min_value=0,
        label="Best fatality estimate at least this (unknown tolls are left out).",
    )
    fatalities_max = filters.NumberFilter(
        field_name="fatalities_best",
        lookup_expr="lte",
        min_value=0,
        label="Best fatality estimate at most this (unknown tolls are left out).",
    )
    civilian_targeting = filters.TypedChoiceFilter(
        choices=[("true", "true"), ("false", "false")],
        coerce=lambda value: value == "true",
        label="true: civilians were targeted; false: they were not.",
    )
    review_status = ChoiceInFilter(
        choices=ReviewStatus.choices, label="Review status(es), comma-separated."
    )
    tlp = ChoiceInFilter(choices=TLP.choices, label="TLP marking(s), comma-separated.")
    tag = filters.ModelMultipleChoiceFilter(  # by name, not id
        queryset=Tag.objects.all(),
        to_field_name="name",
        field_name="tags__name",
        method="filter_tag",
        label="Tag name (repeat for several: any of them).",
    )
    updated_since = UTCIsoDateTimeFilter(
        field_name="updated_at",
        lookup_expr="gte",
        label="Changed at or after this ISO 8601 time: what changed since the last sync.",
    )
    q = filters.CharFilter(
        method="filter_q",
        max_length=SEARCH_MAX_CHARS,
        label="Free text over summary, notes and source articles (PostgreSQL full-text search).",
    )
    corroborated = CorroboratedFilter(
        method="filter_corroborated",
        label="true: two or more independent sources the reader may read; false: fewer.",
    )
    min_confidence = filters.ChoiceFilter(
        choices=[(name, name) for name in ("low", "medium", "high")],
        method="filter_min_confidence",
        label="Confidence at least low, medium or high (the rule: `incidents.corroboration`).",
    )
    assigned_to = AssigneeFilter(
        method="filter_assigned_to",
        label='"me" (the reader), "none" (unassigned) or a user id.',
    )
    ordering = filters.OrderingFilter(
        fields=["date_start", "updated_at", "fatalities_best", "id"],
        label="Sort by date_start, updated_at, fatalities_best or id (prefix - for descending).",
    )

    class Meta:
        model = Incident
        fields: list[str] = []

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None, reader=None):
        super().__init__(data, queryset, request=request, prefix=prefix)
        # Whose articles `q` may look into (see the module docstring).
        self.reader = reader if reader is not None else getattr(request, "user", None)

    def searchable_sources(self) -> QuerySet[IncidentSource]:
        """The evidence rows whose article text `q` may match: articles the reader may read."""
        sources = IncidentSource.objects.all()
        readable = readable_articles(self.reader)  # None: the shell operator reads everything
        return sources if readable is None else sources.filter(article__in=readable)

    # --- methods ------------------------------------------------------------------------------

    def filter_last_days(self, queryset, name, value):
        if value is None:
            return queryset
        since = timezone.localdate() - datetime.timedelta(days=int(value))
        return queryset.filter(date_start__gte=since)

    def filter_country(self, queryset, name, value):
        return queryset.filter(country__in=value) if value else queryset

    def filter_admin2(self, queryset, name, value):
        return _located(queryset, Q(admin2_name__iexact=value)) if value else queryset

    def filter_location(self, queryset, name, value):
        if not value:
            return queryset
        links = IncidentLocation.objects.filter(incident=OuterRef("pk"), location=value)
        return queryset.filter(Exists(links))

    def filter_bbox(self, queryset, name, value):
        return _located(queryset, within_bbox_q(value)) if value else queryset

    def filter_near(self, queryset, name, value):
        if not value:
            return queryset
        lat, lon, km = value
        return _located(queryset, Q(pk__in=locations_near(lat, lon, km).values("pk")))

    def filter_actor(self, queryset, name, value):
        if not value:
            return queryset
        links = IncidentActor.objects.filter(incident=OuterRef("pk"), actor__in=value)
        roles = self.form.cleaned_data.get("role")
        if roles:
            links = links.filter(role__in=roles)
        return queryset.filter(Exists(links))

    def filter_role(self, queryset, name, value):
        # With `actor`, filter_actor applies the roles to that actor's links.
        if not value or self.form.cleaned_data.get("actor"):
            return queryset
        links = IncidentActor.objects.filter(incident=OuterRef("pk"), role__in=value)
        return queryset.filter(Exists(links))

    def filter_tag(self, queryset, name, value: list[str]):
        if not value:
            return queryset
        through = Incident.tags.through
        return queryset.filter(
            Exists(through.objects.filter(incident=OuterRef("pk"), tag__in=value))
        )

    def _with_confidence(self, queryset):
        return corroboration.with_confidence(queryset, readable_articles(self.reader))

    def filter_corroborated(self, queryset, name, value):
        if value is None or value == "":
            return queryset
        queryset = self._with_confidence(queryset)
        threshold = corroboration.CORROBORATED
        if value:
            return queryset.filter(independent_sources__gte=threshold)
        return queryset.filter(independent_sources__lt=threshold)

    def filter_min_confidence(self, queryset, name, value):
        if not value:
            return queryset
        level = corroboration.LEVELS_BY_NAME[value]
        return self._with_confidence(queryset).filter(confidence_level__gte=level)

    def filter_assigned_to(self, queryset, name, value):
        if value == "none":
            return queryset.filter(assigned_to__isnull=True)
        if value == "me":
            reader = self.reader if getattr(self.reader, "pk", None) else None
            return queryset.filter(assigned_to=reader) if reader else queryset.none()
        return queryset.filter(assigned_to_id=value) if value else queryset

    def filter_q(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        if connection.vendor == "postgresql":
            query = search.search_query(value)
            # A UNION of two id sets: `match OR EXISTS(…)` or an OR of two IN lists makes
            # PostgreSQL walk the whole table (seconds at 1M) instead of using the GIN index.
            own_text = (
                Incident.objects.alias(document=incident_search_vector())
                .filter(document=query)
                .values("pk")
            )
            in_sources = (
                self.searchable_sources()
                .alias(document=search.article_search_vector("article__"))
                .filter(document=query)
                .values("incident_id")
            )
            return queryset.filter(pk__in=own_text.union(in_sources))
        # SQLite (trials, tests): every word must appear somewhere, case-insensitively.
        for word in value.split():
            in_sources = (
                self.searchable_sources()
                .filter(incident=OuterRef("pk"))
                .filter(Q(article__text__icontains=word) | Q(article__title__icontains=word))
            )
            queryset = queryset.filter(
                Q(summary__icontains=word) | Q(notes__icontains=word) | Exists(in_sources)
            )
        return queryset


class ActorFilterSet(filters.FilterSet):
    q = filters.CharFilter(
        method="filter_q", max_length=SEARCH_MAX_CHARS, label="Name, short name or alias contains."
    )
    actor_type = filters.TypedChoiceFilter(
        choices=Actor._meta.get_field("actor_type").choices, coerce=int, label="ACLED inter code."
    )
    country = CountryFilter(method="filter_country", label="ISO country codes, comma-separated.")
    affiliation = OneActorChoiceFilter(queryset=Actor.objects.all(), label="Parent actor id.")
    active = filters.TypedChoiceFilter(
        choices=[("true", "true"), ("false", "false")], coerce=lambda value: value == "true"
    )

    class Meta:
        model = Actor
        fields: list[str] = []

    def filter_q(self, queryset, name, value):
        return queryset.filter(pk__in=Actor.objects.search(value).values("pk"))

    def filter_country(self, queryset, name, value):
        return queryset.filter(country__in=value) if value else queryset


class LocationFilterSet(filters.FilterSet):
    q = filters.CharFilter(
        method="filter_q",
        max_length=SEARCH_MAX_CHARS,
        label="Gazetteer search: name, ASCII name or any alternate name contains.",
    )
    kind = ChoiceInFilter(choices=Location.Kind.choices, label="Kind(s), comma-separated.")
    country = CountryFilter(method="filter_country", label="ISO country codes, comma-separated.")
    admin1 = filters.CharFilter(
        field_name="admin1_name", lookup_expr="iexact", label="Region name."
    )
    admin2 = filters.CharFilter(
        field_name="admin2_name", lookup_expr="iexact", label="Admin2 name."
    )
    bbox = BboxFilter(method="filter_bbox", label="minlon,minlat,maxlon,maxlat.")
    near = NearFilter(method="filter_near", label="lat,lon,km.")
    geonames_id = filters.NumberFilter(min_value=1, label="GeoNames id.")

    class Meta:
        model = Location
        fields: list[str] = []

    def filter_q(self, queryset, name, value):
        return queryset.filter(pk__in=Location.objects.search(value).values("pk"))

    def filter_country(self, queryset, name, value):
        return queryset.filter(country_code__in=value) if value else queryset

    def filter_bbox(self, queryset, name, value):
        return queryset.filter(within_bbox_q(value)) if value else queryset

    def filter_near(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(pk__in=locations_near(*value).values("pk"))
