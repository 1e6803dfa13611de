"""The base every API viewset stands on: auth, role permission, visibility, paging, throttling.

It lives in `analysts` (which imports no other app) so that both `sources` and `incidents` build
their viewsets on it without breaking the layering. A viewset declares its queryset and serializer;
the base restricts the queryset with the model's own `visible_to(user)` when the model has one, so
the one visibility rule is applied to every list, detail and write.
"""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.db.models import Count, IntegerField, QuerySet, Subquery, Value
from django.template import loader
from django.utils.safestring import mark_safe
from django_filters import utils as filter_utils
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import exceptions, viewsets
from rest_framework.pagination import PageNumberPagination
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.throttling import UserRateThrottle

from .filters import IdModelMultipleChoiceField
from .permissions import ReadAnyWriteAnalyst
from .schema import WRITE_METHODS

MAX_PAGE_SIZE = 500


class StandardPagination(PageNumberPagination):
    """Page numbers for people: `?page=2&page_size=100`, at most 500 rows per page."""

    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE


class TokenRateThrottle(UserRateThrottle):
    """Throttle per API token (each token has its own budget), else per user, else per IP."""

    scope = "user"

    def get_cache_key(self, request, view):
        token_id = getattr(request.auth, "pk", None)
        if token_id is not None:
            return self.cache_format % {"scope": self.scope, "ident": f"token-{token_id}"}
        return super().get_cache_key(request, view)


# Query parameters that are not filters but are understood by every list endpoint.
GENERIC_PARAMS = frozenset({"page", "page_size", "cursor", "format"})


class StrictFilterBackend(DjangoFilterBackend):
    """django-filter, plus a 400 for a query parameter nobody reads.

    A misspelt filter (`contry=ML`) would otherwise be ignored silently and the client would
    sync the wrong data; invalid filter values already give a 400 naming the parameter.
    """

    def filter_queryset(self, request, queryset, view):
        filterset_class = self.get_filterset_class(view, queryset)
        known = set(GENERIC_PARAMS) | set(getattr(view, "extra_query_params", ()))
        known |= set(getattr(getattr(view, "paginator", None), "extra_query_params", ()))
        if filterset_class is not None:
            known |= set(filterset_class.base_filters)
        unknown = sorted(set(request.query_params) - known)
        if unknown:
            raise exceptions.ValidationError(
                {name: ["Unknown query parameter."] for name in unknown}
            )
        filterset = self.get_filterset(request, queryset, view)
        if filterset is None:
            return queryset
        deferred = []
        if _defers_checks(request, view):
            for name, field in filterset.form.fields.items():
                if isinstance(field, IdModelMultipleChoiceField):
                    field.defer_existence = True
                    deferred.append(name)
        if not filterset.is_valid() and self.raise_exception:
            raise filter_utils.translate_validation(filterset.errors)
        queryset = filterset.qs
        checks = []
        for name in deferred:
            ids = filterset.form.cleaned_data.get(name)
            if ids:
                check = ExistenceCheck(name, filterset.form.fields[name].queryset, ids)
                queryset = queryset.annotate(**{check.attr: check.count_expression()})
                checks.append(check)
        request.deferred_existence_checks = checks
        return queryset

    def to_html(self, request, queryset, view):
        """The browsable API's filter form, with a text box where a model choice would list
        every row: the gazetteer alone is tens of thousands of `<option>`s (megabytes a page)."""
        filterset = self.get_filterset(request, queryset, view)
        if filterset is None:
            return None
        for field in filterset.form.fields.values():
            if isinstance(field, forms.ModelMultipleChoiceField):
                field.widget = RepeatedTextInput()
            elif isinstance(field, forms.ModelChoiceField):
                field.widget = forms.TextInput()
        context = {"filter": filterset}
        return loader.get_template(self.template).render(context, request)


class RepeatedTextInput(forms.TextInput):
    """A text box per value of a repeatable parameter (`?actor=3&actor=7`), and an empty one."""

    allow_multiple_selected = True

    def value_from_datadict(self, data, files, name):
        return data.getlist(name) if hasattr(data, "getlist") else data.get(name)

    def render(self, name, value, attrs=None, renderer=None):
        values = [v for v in (value or []) if v not in ("", None)] + [""]
        attrs = attrs or {}
        boxes = []
        for index, item in enumerate(values):
            box_attrs = {**attrs, "id": f"{attrs['id']}_{index}"} if attrs.get("id") else attrs
            boxes.append(super().render(name, item, box_attrs, renderer))
        return mark_safe(" ".join(boxes))  # noqa: S308 - each box is rendered (escaped) by Django


def _defers_checks(request, view) -> bool:
    """Only where a page is read right after filtering, so that `verify_existence` runs."""
    return (
        getattr(view, "action", None) in getattr(view, "defer_existence_checks_for", ())
        and getattr(view, "paginator", None) is not None
        and request.query_params.get("format") != "csv"
    )


@dataclass
class ExistenceCheck:
    """`?actor=3&actor=7` must name existing actors (else 400). The page query carries the count
    of those that exist as a constant column (an uncorrelated subquery, evaluated once), so the
    check costs no query of its own unless the page is empty."""

    param: str
    queryset: QuerySet
    ids: list[int]

    @property
    def attr(self) -> str:
        return f"_existing_{self.param}"

    def count_expression(self) -> Subquery:
        found = (
            self.queryset.model._default_manager.filter(pk__in=self.ids)
            .order_by()
            .annotate(_all=Value(1))
            .values("_all")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return Subquery(found, output_field=IntegerField())

    def verify(self, page: list | None) -> None:
        found = getattr(page[0], self.attr) if page else None
        if found is None:
            found = self.queryset.filter(pk__in=self.ids).count()
        if found == len(self.ids):
            return
        existing = set(self.queryset.filter(pk__in=self.ids).values_list("pk", flat=True))
        missing = next(i for i in self.ids if i not in existing)
        raise exceptions.ValidationError(
            {self.param: [f"Select a valid choice. {missing} is not one of the available choices."]}
        )


class BaseViewSet(viewsets.GenericViewSet):
    """Thin base: each API viewset only names its queryset, serializer and filterset."""

    permission_classes = [ReadAnyWriteAnalyst]
    pagination_class = StandardPagination
    throttle_classes = [TokenRateThrottle]

    def finalize_response(self, request, response, *args, **kwargs):
        """Errors are JSON whatever format was asked for: a 429 or 400 rendered as GeoJSON or
        CSV would be an empty collection or a one-cell file that a client takes for data."""
        response = super().finalize_response(request, response, *args, **kwargs)
        if isinstance(response, Response) and response.status_code >= 400:
            response.accepted_renderer = JSONRenderer()
            response.accepted_media_type = "application/json"
        return response

    def perform_content_negotiation(self, request, force: bool = False):
        """Writes answer JSON (or the browsable API) only: `POST ?format=geojson` would render the
        created object through a list format, an empty FeatureCollection, as if nothing was
        made. 406 instead (documented by `analysts.api.schema.ApiSchema`)."""
        renderer, media_type = super().perform_content_negotiation(request, force)
        if not force and request.method in WRITE_METHODS and renderer.format not in {"json", "api"}:
            raise exceptions.NotAcceptable(
                "Writes answer JSON only: leave out format= or ask for application/json."
            )
        return renderer, media_type

    filter_backends = [StrictFilterBackend]
    # Query parameters a subclass reads itself (documented with extend_schema).
    extra_query_params: tuple[str, ...] = ()
    # Ids are bigint: a longer or signed "id" is a 404 at the router, not a database error.
    lookup_value_regex = "[0-9]{1,18}"
    # Actions whose id filters check existence inside the page query (see ExistenceCheck).
    defer_existence_checks_for: tuple[str, ...] = ()

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        for check in getattr(self.request, "deferred_existence_checks", ()):
            check.verify(page)
        return page

    def get_queryset(self):
        queryset = super().get_queryset()
        visible_to = getattr(queryset, "visible_to", None)
        if visible_to is not None:
            queryset = visible_to(self.request.user)
        return queryset


def not_found(request, exception=None):
    """Django's 404 page, except under /api/: a JSON body as every other API error has, so that
    a client mistyping a path reads `{"detail": …}` rather than an HTML page."""
    from django.http import JsonResponse
    from django.views.defaults import page_not_found

    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "No such API path.", "code": "not_found"}, status=404)
    return page_not_found(request, exception)
