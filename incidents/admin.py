"""The analysts' admin: incidents with their places, actors, claims and evidence on one page.

Permissions are Django's, given to the role groups by `analysts.roles`; the incident page adds
the object-level rules, read-only workflow fields and versioned saves of
`incidents.admin_rules.IncidentRulesAdminMixin`.

Filters: the incident changelist applies `incidents.filtersets.IncidentFilterSet` (the API's, the
desk's and the exports' one definition) to its query string, so `?country=ML&actor=3&role=suspected`
means here what it means in `/api/incidents/`; the sidebar's country and admin1 choices just write
those same parameters. A bad value is an error message over an empty list, never a 500.

Query budget: every list uses `Incident.objects.with_list_data()` / `list_select_related`, and
the inlines' related-object widgets reuse the rows their queryset already joined, so neither a
list nor an incident page issues one query per row. Visibility: every incident queryset, the
autocompletes included, goes through `Incident.objects.visible_to(request.user)`.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.contrib.admin.views.main import ChangeList
from django.contrib.admin.widgets import (
    AutocompleteSelect,
    ForeignKeyRawIdWidget,
    RelatedFieldWidgetWrapper,
)
from django.core.exceptions import ValidationError
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import QueryDict
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from analysts.admin_visibility import (
    MarkedLinksAdminMixin,
    MarkedRecordAdminMixin,
    ObjectPagesAdminMixin,
)
from sources.models import Article

from .admin_history import IncidentHistoryAdminMixin
from .admin_rules import IncidentRulesAdminMixin
from .admin_workflow import WORKFLOW_ACTIONS, IncidentWorkflowAdminMixin
from .exports.admin_actions import ACTIONS as EXPORT_ACTIONS
from .filtersets import IncidentFilterSet
from .models import (
    Actor,
    ActorAlias,
    ClaimEvent,
    Incident,
    IncidentActor,
    IncidentLocation,
    IncidentReference,
    IncidentSource,
    Location,
    LocationName,
    Suggestion,
    Tag,
)
from .models.incidents import IncidentQuerySet

# --- widgets that reuse objects the inline queryset already loaded -------------------------


class KnownObjectsMixin:
    """Label the selected value from a prefetched object instead of one query per inline row."""

    known_objects: dict[str, object]

    def known(self, value) -> object | None:
        return getattr(self, "known_objects", {}).get(str(value))


class KnownAutocompleteSelect(KnownObjectsMixin, AutocompleteSelect):
    def optgroups(self, name, value, attr=None):
        selected = [str(v) for v in value if str(v) not in self.choices.field.empty_values]
        objects = [self.known(v) for v in selected]
        if not selected or None in objects:
            return super().optgroups(name, value, attr)
        default = (None, [], 0)
        if not self.is_required:
            default[1].append(self.create_option(name, "", "", False, 0))
        for obj in objects:
            label = self.choices.field.label_from_instance(obj)
            default[1].append(
                self.create_option(name, obj.pk, label, set(selected), len(default[1]))
            )
        return [default]


class KnownRawIdWidget(KnownObjectsMixin, ForeignKeyRawIdWidget):
    def label_and_url_for_value(self, value):
        obj = self.known(value)
        if obj is None:
            return super().label_and_url_for_value(value)
        opts = obj._meta
        try:
            url = reverse(
                f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_change", args=(obj.pk,)
            )
        except NoReverseMatch:
            url = ""
        return Truncator(obj).words(14), url


class KnownObjectsFormSet(forms.BaseInlineFormSet):
    """Hands each form's widgets the related objects its instance already holds."""

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        instance = form.instance
        if instance.pk is None:
            return form
        for name, field in form.fields.items():
            widget = field.widget
            if isinstance(widget, RelatedFieldWidgetWrapper):
                widget = widget.widget
            if not isinstance(widget, KnownObjectsMixin):
                continue
            if instance._meta.get_field(name).is_cached(instance):
                related = getattr(instance, name)
                if related is not None:
                    widget.known_objects = {str(related.pk): related}
        return form


class FastInlineMixin:
    """Inlines whose foreign keys render from the joined rows (see `KnownObjectsFormSet`)."""

    formset = KnownObjectsFormSet
    related_select: tuple[str, ...] = ()
    extra = 0

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        return qs.select_related(*self.related_select) if self.related_select else qs

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        db = kwargs.get("using")
        if "widget" not in kwargs:
            if db_field.name in self.get_autocomplete_fields(request):
                kwargs["widget"] = KnownAutocompleteSelect(db_field, self.admin_site, using=db)
            elif db_field.name in self.raw_id_fields:
                kwargs["widget"] = KnownRawIdWidget(
                    db_field.remote_field, self.admin_site, using=db
                )
        formfield = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if formfield is not None and hasattr(db_field.related_model, "choice_label"):
            # The selected actor reads as in the autocomplete's list ("Civilians (Mali)").
            formfield.label_from_instance = lambda obj: obj.choice_label
        return formfield


class ChoiceLabelAutocompleteView(AutocompleteJsonView):
    """The admin's autocompletes name a model that has a `choice_label` by it, as the desk's and
    the API's choices do: "Civilians (Mali)" and "Civilians (Niger)", not "Civilians" twice."""

    def serialize_result(self, obj, to_field_name):
        result = super().serialize_result(obj, to_field_name)
        if hasattr(obj, "choice_label"):
            result["text"] = obj.choice_label
        return result


# Django's AdminSite builds the autocomplete endpoint from this method; the default site is the
# project's only one, so the override is set on it rather than through a site subclass.
admin.site.autocomplete_view = lambda request: ChoiceLabelAutocompleteView.as_view(
    admin_site=admin.site
)(request)


# --- incident inlines ------------------------------------------------------------------------


class IncidentLocationFormSet(KnownObjectsFormSet):
    def clean(self) -> None:
        super().clean()
        primaries = [
            form
            for form in self.forms
            if form.cleaned_data
            and not form.cleaned_data.get("DELETE")
            and form.cleaned_data.get("is_primary")
        ]
        if len(primaries) > 1:
            raise ValidationError(_("Only one location can be the primary one."))


class IncidentLocationInline(FastInlineMixin, admin.TabularInline):
    model = IncidentLocation
    formset = IncidentLocationFormSet
    fields = ("location", "is_primary", "geo_precision", "note")
    autocomplete_fields = ("location",)
    related_select = ("location",)
    verbose_name = _("location")
    verbose_name_plural = _("locations (the primary one sets country, admin1 and precision)")


class IncidentActorInline(FastInlineMixin, admin.TabularInline):
    model = IncidentActor
    fields = ("actor", "role", "alternative_group", "note")
    autocomplete_fields = ("actor",)
    related_select = ("actor",)
    verbose_name = _("actor")
    verbose_name_plural = _("actors (perpetrators, suspects, targets, claimants)")


class ClaimEventInline(FastInlineMixin, admin.StackedInline):
    model = ClaimEvent
    fields = (
        ("kind", "actor", "date"),
        ("channel", "made_by", "credibility"),
        "source_article",
        "quote",
    )
    autocomplete_fields = ("actor",)
    raw_id_fields = ("source_article",)
    related_select = ("actor", "source_article")
    verbose_name = _("claim event")

    def get_queryset(self, request):
        # A quote from an article the user may not read never reaches the page (the claim
        # itself still counts in the incident's claim status).
        readable = Article.objects.visible_to(request.user).values("pk")
        return (
            super()
            .get_queryset(request)
            .filter(Q(source_article__isnull=True) | Q(source_article__in=readable))
        )

    verbose_name_plural = _("claim events (claims, denials, attributions, suspicions)")


class IncidentSourceInline(FastInlineMixin, admin.StackedInline):
    model = IncidentSource
    fields = (
        "article",
        "quote",
        "note",
        ("credibility", "fatalities_reported"),
        "added_by",
        "created_at",
    )
    readonly_fields = ("added_by", "created_at")
    raw_id_fields = ("article",)
    related_select = ("article", "added_by")
    verbose_name = _("source (evidence)")

    def get_queryset(self, request):
        # Same rule as `incidents.permissions.visible_sources`: unreadable articles stay hidden.
        readable = Article.objects.visible_to(request.user).values("pk")
        return super().get_queryset(request).filter(article__in=readable)

    verbose_name_plural = _("sources (articles with the quoted passages)")


class IncidentReferenceInline(admin.TabularInline):
    model = IncidentReference
    fields = ("dataset", "external_id", "last_modified")
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name_plural = _("external references (ACLED, UCDP…)")

    def has_add_permission(self, request, obj=None) -> bool:
        return False


# --- list filters: the one filter definition ---------------------------------------------------

# Filterset parameters the changelist hands to `IncidentFilterSet`. Not `q` (the admin's search box
# owns it) nor `ordering` (the column headers' `o` does).
FILTERSET_PARAMS = frozenset(IncidentFilterSet.base_filters) - {"q", "ordering"}


class FilterSetParameterFilter(admin.SimpleListFilter):
    """A sidebar list of choices that only writes a filterset parameter; the filterset applies it
    (so `?admin1=kayes` matches case-insensitively, `?country=ML,BF` both countries, as the API)."""

    def queryset(self, request, queryset):
        return queryset


class CountryFilter(FilterSetParameterFilter):
    title = _("country")
    parameter_name = "country"

    def lookups(self, request, model_admin):
        codes = list(
            model_admin.get_queryset(request)
            .exclude(country="")
            .order_by("country")
            .values_list("country", flat=True)
            .distinct()
        )
        names = dict(
            Location.objects.filter(kind=Location.Kind.COUNTRY, country_code__in=codes).values_list(
                "country_code", "name"
            )
        )
        return [(code, f"{names.get(code, code)} ({code})") for code in codes]


class Admin1Filter(FilterSetParameterFilter):
    title = _("admin1")
    parameter_name = "admin1"

    def lookups(self, request, model_admin):
        names = (
            model_admin.get_queryset(request)
            .exclude(admin1="")
            .order_by("admin1")
            .values_list("admin1", flat=True)
            .distinct()
        )
        return [(name, name) for name in names]


SIDEBAR_FILTERSET_PARAMS = frozenset({CountryFilter.parameter_name, Admin1Filter.parameter_name})


class FilterSetChangeList(ChangeList):
    """The changelist with `IncidentFilterSet` applied to its query string.

    Filterset parameters are kept out of the admin's own lookup parsing (which would reject
    `actor` or `role` as unknown fields) but stay in every link the page builds, so sorting,
    paging and the sidebar keep them. Errors are collected in `filter_errors` for a message.
    """

    def __init__(self, request, *args, **kwargs) -> None:
        self.filter_errors: list[str] = []
        # The template needs these even when the admin's own lookups fail to parse.
        self.filter_specs, self.has_filters, self.has_active_filters = [], False, False
        super().__init__(request, *args, **kwargs)

    def get_filters_params(self, params=None):
        lookup_params = super().get_filters_params(params)
        for name in FILTERSET_PARAMS - SIDEBAR_FILTERSET_PARAMS:
            lookup_params.pop(name, None)
        return lookup_params

    def filterset_data(self, request) -> QueryDict:
        data = QueryDict(mutable=True)
        for name in FILTERSET_PARAMS & set(request.GET):
            data.setlist(name, request.GET.getlist(name))
        return data

    def get_queryset(self, request, exclude_parameters=None) -> QuerySet:
        try:
            queryset = super().get_queryset(request, exclude_parameters)
        except IncorrectLookupParameters as exc:
            # Django would redirect to a "database installation" error page: say what is wrong.
            self.filter_errors.append(
                _(
                    "Unknown filter or bad value in the address (%(error)s). Known filters: %(names)s."
                )
                % {"error": exc, "names": ", ".join(sorted(FILTERSET_PARAMS))}
            )
            return self.root_queryset.none()
        data = self.filterset_data(request)
        if not data:
            return queryset
        if exclude_parameters:
            # Facet counts of a sidebar filter leave out that filter's own parameter.
            for name in exclude_parameters:
                data.pop(name, None)
        filterset = IncidentFilterSet(data, queryset=queryset, request=request)
        if not filterset.is_valid():
            for name, errors in filterset.errors.items():
                self.filter_errors.append(f"{name}: {' '.join(errors)}")
            return queryset.none()
        self.has_active_filters = True
        self.clear_all_filters_qs = self.get_query_string(
            remove=[*self.get_filters_params(), *FILTERSET_PARAMS]
        )
        return filterset.qs


# --- incidents -------------------------------------------------------------------------------


@admin.register(Incident)
class IncidentAdmin(
    IncidentWorkflowAdminMixin,
    MarkedRecordAdminMixin,
    IncidentRulesAdminMixin,
    IncidentHistoryAdminMixin,
    SimpleHistoryAdmin,
):
    # MarkedRecordAdminMixin: the one object-page rule shared with the article admin (a hidden
    # incident's history and revert pages answer 404, as an unknown id does).
    list_display = (
        "date_start",
        "place",
        "admin1",
        "event_type",
        "perpetrators",
        "claim_status_label",
        "fatalities",
        "review_status",
    )
    list_display_links = ("date_start", "place")
    actions = (*WORKFLOW_ACTIONS, *EXPORT_ACTIONS)
    list_select_related = ("primary_location",)
    list_filter = (
        CountryFilter,
        Admin1Filter,
        "event_type",
        "claim_status",
        "review_status",
        "date_precision",
        "civilian_targeting",
    )
    date_hierarchy = "date_start"
    search_fields = (
        "=id",
        "summary",
        "notes",
        "admin1",
        "primary_location__name",
        "actors__name",
        "actors__short_name",
    )
    list_per_page = 50
    autocomplete_fields = ("tags",)
    # Plus every workflow field (stamps, status, version): `IncidentRulesAdminMixin` adds them.
    readonly_fields = (
        "primary_location",
        "country",
        "admin1",
        "geo_precision",
        "claim_status_label",
        "fatalities",
        "merged_into_link",
    )
    fieldsets = (
        (
            _("What happened"),
            {
                "fields": (
                    "summary",
                    ("date_start", "date_end", "date_precision"),
                    ("event_type", "sub_event_type", "disorder_type"),
                    "civilian_targeting",
                )
            },
        ),
        (
            _("Where (set from the locations below)"),
            {"fields": (("primary_location", "geo_precision"), ("country", "admin1"))},
        ),
        (
            _("Fatalities (empty = unknown, never 0 for unknown)"),
            {
                "fields": (
                    ("fatalities_low", "fatalities_best", "fatalities_high"),
                    "fatalities_claimed",
                    "fatalities",
                )
            },
        ),
        (_("Claim"), {"fields": ("claim_status", "claim_status_label")}),
        (
            _("Review and sharing"),
            {
                "fields": (
                    "review_status",
                    "assigned_to",
                    ("tlp", "team"),
                    "tags",
                    "notes",
                    "merged_into_link",
                )
            },
        ),
        (
            _("Record"),
            {
                "classes": ("collapse",),
                "fields": (
                    "version",
                    ("created_at", "created_by"),
                    ("updated_at", "updated_by"),
                    ("submitted_at", "submitted_by"),
                    ("published_at", "published_by"),
                    ("retracted_at", "retracted_by", "retraction_reason"),
                ),
            },
        ),
    )
    inlines = (
        IncidentLocationInline,
        IncidentActorInline,
        ClaimEventInline,
        IncidentSourceInline,
        IncidentReferenceInline,
    )

    def get_queryset(self, request) -> IncidentQuerySet:
        # The rules mixin gives `visible_to` (merged ones included, they redirect); with_list_data
        # on every page: the list columns and the change page's readonly claim status both read
        # actors and claim events, which prefetched cost four queries in all.
        readable = Incident.objects.visible_to(request.user)
        return (
            super()
            .get_queryset(request)
            .with_list_data()
            .annotate(_merged_into_visible=Exists(readable.filter(pk=OuterRef("merged_into_id"))))
        )

    def visible_objects(self, request):
        # Merged duplicates stay reachable in the admin (they point to their target).
        return Incident.objects.visible_to(request.user, include_merged=True)

    def get_changelist(self, request, **kwargs):
        return FilterSetChangeList

    def get_changelist_instance(self, request):
        changelist = super().get_changelist_instance(request)
        for error in dict.fromkeys(changelist.filter_errors):
            self.message_user(
                request, _("Filter not applied, no incident listed — %s") % error, messages.ERROR
            )
        return changelist

    def get_search_results(self, request, queryset, search_term):
        # Autocompletes (other apps' incident pickers) search only what the user may see: the
        # same rule as the list, applied whatever queryset the caller passed.
        queryset = queryset.visible_to(request.user, include_merged=True)
        return super().get_search_results(request, queryset, search_term)

    @admin.display(description=_("place"), ordering="primary_location__name")
    def place(self, obj: Incident) -> str:
        return obj.primary_location.name if obj.primary_location else "—"

    @admin.display(description=_("perpetrators"))
    def perpetrators(self, obj: Incident) -> str:
        text = ", ".join(obj.actor_labels(IncidentActor.Role.PERPETRATOR))
        suspects = ", ".join(obj.actor_labels(IncidentActor.Role.SUSPECTED))
        if suspects:
            text = f"{text} ({_('suspected')}: {suspects})" if text else f"{suspects}?"
        return text or "—"

    @admin.display(description=_("merged into"))
    def merged_into_link(self, obj: Incident) -> str:
        # The target is named only to those who may read it: a duplicate can be laxer than the
        # incident it was merged into, and its readers are not all cleared for that one.
        if not obj.merged_into_id:
            return "—"
        if not getattr(obj, "_merged_into_visible", False):
            return _("an incident you may not read")
        url = reverse("admin:incidents_incident_change", args=[obj.merged_into_id])
        return format_html('<a href="{}">{}</a>', url, obj.merged_into)

    @admin.display(description=_("claim status"), ordering="claim_status")
    def claim_status_label(self, obj: Incident) -> str:
        return obj.claim_status_text

    @admin.display(description=_("fatalities"), ordering="fatalities_best")
    def fatalities(self, obj: Incident) -> str:
        return obj.fatalities_text

    def save_formset(self, request, form, formset, change: bool) -> None:
        if formset.model is IncidentSource:
            for source in formset.save(commit=False):
                if source.pk is None:
                    source.added_by = request.user
                source.save()
            for source in formset.deleted_objects:
                source.delete()
            formset.save_m2m()
            return
        super().save_formset(request, form, formset, change)

    def save_related(self, request, form, formsets, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        # Country, admin1 and precision follow the primary location chosen in the inline.
        form.instance.refresh_place_fields()


# --- actors ----------------------------------------------------------------------------------


class ActorAliasInline(admin.TabularInline):
    model = ActorAlias
    fields = ("alias", "language")
    extra = 1
    verbose_name_plural = _("aliases (other names and spellings, with language)")


@admin.register(Actor)
class ActorAdmin(ObjectPagesAdminMixin, SimpleHistoryAdmin):
    list_display = ("name", "short_name", "actor_type", "affiliation", "country", "alias_list")
    list_select_related = ("affiliation",)
    list_filter = ("actor_type", "country", "active")
    search_fields = ("name", "short_name", "aliases__alias")
    autocomplete_fields = ("affiliation",)
    fields = ("name", "short_name", "actor_type", "affiliation", "country", "description", "active")
    inlines = (ActorAliasInline,)

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        match = getattr(request, "resolver_match", None)
        if match is not None and match.url_name == "incidents_actor_changelist":
            qs = qs.prefetch_related("aliases")
        return qs

    @admin.display(description=_("aliases"))
    def alias_list(self, obj: Actor) -> str:
        names = [alias.alias for alias in obj.aliases.all()]
        text = ", ".join(dict.fromkeys(names))
        return Truncator(text).chars(80) or "—"


# --- gazetteer -------------------------------------------------------------------------------


class LocationNameInline(admin.TabularInline):
    model = LocationName
    fields = ("name", "language")
    extra = 1
    verbose_name_plural = _("alternate names (other languages and spellings)")


@admin.register(Location)
class LocationAdmin(ObjectPagesAdminMixin, SimpleHistoryAdmin):
    list_display = (
        "name",
        "kind",
        "country_code",
        "admin1_name",
        "admin2_name",
        "feature_code",
        "population",
        "geonames_id",
    )
    list_filter = ("kind", "country_code", ("admin1_name", admin.AllValuesFieldListFilter))
    search_fields = ("name", "ascii_name", "alternate_names__name", "=geonames_id")
    show_full_result_count = False
    autocomplete_fields = ("parent",)
    fields = (
        ("name", "ascii_name"),
        ("kind", "country_code"),
        "parent",
        ("admin1_code", "admin1_name"),
        ("admin2_code", "admin2_name"),
        ("feature_class", "feature_code"),
        ("latitude", "longitude"),
        "population",
        "geonames_id",
    )
    inlines = (LocationNameInline,)

    def get_search_results(self, request, queryset, search_term):
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if search_term:
            # Towns before villages of the same name: admin units and bigger places first.
            queryset = queryset.order_by("kind", "-population", "name")
        return queryset, may_have_duplicates


# --- small tables ----------------------------------------------------------------------------


@admin.register(Tag)
class TagAdmin(ObjectPagesAdminMixin, admin.ModelAdmin):
    list_display = ("name", "incident_count")
    search_fields = ("name",)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_incidents=Count("incidents"))

    @admin.display(description=_("incidents"), ordering="_incidents")
    def incident_count(self, obj: Tag) -> int:
        return obj._incidents


@admin.register(Suggestion)
class SuggestionAdmin(ObjectPagesAdminMixin, MarkedLinksAdminMixin, admin.ModelAdmin):
    """Engine proposals and their decisions (the review itself happens on the article page).

    A suggestion is as readable as its article: its proposal was read out of that article. The
    incident it was accepted into may be hidden from the same reader (a readable wire story cited
    by a RED incident): the suggestion stays listed, as on the desk's article page, since the
    analyst reviewing that article's proposals expects to find every one of them, decided ones
    included, but the incident is named nowhere: "restricted" in the list, a read-only
    "restricted" in place of the raw-id field on the change page (so saving keeps the link). Only
    readable incidents and articles can be chosen.
    """

    list_display = ("__str__", "article", "status", "incident_link", "decided_by", "decided_at")
    list_select_related = ("article", "incident", "decided_by")
    list_filter = ("status", "engine_version")
    search_fields = ("article__title", "reason")
    raw_id_fields = ("article", "incident")
    readonly_fields = ("data", "engine_version", "decided_by", "decided_at", "created_at")
    hidden_link_displays = {"incident": "incident_link"}

    def get_queryset(self, request):
        # Suggestions are as sensitive as their article: same visibility rule.
        readable = Incident.objects.visible_to(request.user)
        return (
            super()
            .get_queryset(request)
            .filter(article__in=Article.objects.visible_to(request.user))
            .annotate(_incident_visible=Exists(readable.filter(pk=OuterRef("incident_id"))))
        )

    @admin.display(description=_("incident"), ordering="incident")
    def incident_link(self, obj: Suggestion) -> str:
        if obj.incident_id is None:
            return "—"
        if not getattr(obj, "_incident_visible", False):
            return _("restricted")
        url = reverse("admin:incidents_incident_change", args=[obj.incident_id])
        return format_html('<a href="{}">{}</a>', url, obj.incident)
