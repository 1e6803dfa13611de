"""The desk's only doors into other parts of the project: imports, review services, filters, CSV.

Pages call these small functions instead of importing the services directly, so that the lead can
see in one place what the desk depends on (see HELPERS.md "Shared interfaces"):

- `sources.services.start_import` (helper "ingest")
- `incidents.review` (helper "found")
- `incidents.filtersets.IncidentFilterSet` (helper "api") — the one filter definition
- `incidents.exports.streaming_csv_response` (helper "csv")

While a dependency has not landed on main yet, `ServiceUnavailable` is raised and the page says so
(never a silent fallback that would fork a rule). The two temporary stand-ins below for filters and
CSV exist only so the list and briefing pages can be exercised before "api" and "csv" land; they
are used only when the real module is missing and must be deleted once it is on main.
"""

from __future__ import annotations

import csv
import importlib
from types import ModuleType
from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.http import HttpRequest, StreamingHttpResponse
from django.urls import NoReverseMatch, reverse

from sources.models import Article, ImportJob, text_sha256


class ServiceUnavailable(RuntimeError):
    """A service the page needs is not installed yet (its branch has not landed)."""


def _optional(module: str) -> ModuleType | None:
    try:
        return importlib.import_module(module)
    except ModuleNotFoundError as exc:
        if exc.name and module.startswith(exc.name):
            return None
        raise


# --- ingestion (helper "ingest") ----------------------------------------------------------------


def start_import(kind: str, *, user, params: dict[str, Any]) -> ImportJob:
    services = _optional("sources.services")
    if services is None:
        raise ServiceUnavailable("sources.services.start_import")
    return services.start_import(kind, user=user, params=params)


def article_for_job(job: ImportJob, text: str = "") -> Article | None:
    """The article a finished paste job stored (or found as a duplicate).

    The job row records counters, not article ids, so look in the job's params first (in case the
    ingest service writes the id back), then by the text's hash, which is unique per article.
    """
    for key in ("article_id", "article"):
        value = (job.params or {}).get(key)
        if isinstance(value, int):
            article = Article.objects.filter(pk=value).first()
            if article:
                return article
    ids = (job.params or {}).get("article_ids")
    if isinstance(ids, list) and ids:
        article = Article.objects.filter(pk__in=ids).order_by("id").first()
        if article:
            return article
    text = text or (job.params or {}).get("text", "")
    if text:
        article = Article.objects.filter(text_hash=text_sha256(text)).first()
        if article:
            return article
        # The ingest service may strip a leading "date YYYY-MM-DD" header before storing.
        first, _, rest = text.lstrip().partition("\n")
        if first.lower().startswith("date ") and rest.strip():
            article = Article.objects.filter(text_hash=text_sha256(rest.strip())).first()
            if article:
                return article
    return (
        Article.objects.filter(added_by=job.created_by, created_at__gte=job.created_at)
        .order_by("id")
        .first()
        if job.created_by_id
        else None
    )


def job_page_url(job: ImportJob) -> str | None:
    """The ingest helper's job page (/jobs/<id>/), when its URLs are installed."""
    for name in ("sources:job-detail", "sources:job_detail", "job-detail", "job_detail"):
        try:
            return reverse(name, args=[job.pk])
        except NoReverseMatch:
            continue
    return None


# --- review (helper "found") --------------------------------------------------------------------


def review() -> ModuleType:
    module = _optional("incidents.review")
    if module is None:
        raise ServiceUnavailable("incidents.review")
    return module


def review_available() -> bool:
    return _optional("incidents.review") is not None


# --- filters (helper "api") ---------------------------------------------------------------------


class _StandInFilterSet(django_filters.FilterSet):
    """TEMPORARY stand-in used only while `incidents.filtersets` is missing. Delete on merge."""

    date_after = django_filters.DateFilter(field_name="date_start", lookup_expr="gte")
    date_before = django_filters.DateFilter(field_name="date_start", lookup_expr="lte")
    country = django_filters.CharFilter(field_name="country", lookup_expr="iexact")
    admin1 = django_filters.CharFilter(field_name="admin1", lookup_expr="iexact")
    event_type = django_filters.CharFilter(field_name="event_type")
    claim_status = django_filters.CharFilter(field_name="claim_status")
    review_status = django_filters.CharFilter(field_name="review_status")
    q = django_filters.CharFilter(method="search")

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(Q(summary__icontains=value) | Q(notes__icontains=value))


def incident_filterset(data, queryset: QuerySet, request: HttpRequest):
    module = _optional("incidents.filtersets")
    cls = module.IncidentFilterSet if module else _StandInFilterSet
    return cls(data, queryset=queryset, request=request)


# --- exports (helper "csv") ---------------------------------------------------------------------


class _Echo:
    def write(self, value: str) -> str:
        return value


def streaming_csv_response(
    queryset: QuerySet, layout: str, *, filename_hint: str, language: str = "en"
) -> StreamingHttpResponse:
    module = _optional("incidents.exports")
    if module is not None:
        return module.streaming_csv_response(
            queryset, layout, filename_hint=filename_hint, language=language
        )
    # TEMPORARY stand-in while `incidents.exports` is missing. Delete on merge.
    writer = csv.writer(_Echo())

    def rows():
        yield writer.writerow(
            ["id", "date", "country", "admin1", "event_type", "fatalities", "claim_status"]
        )
        for incident in queryset.with_list_data().iterator(chunk_size=500):
            yield writer.writerow(
                [
                    incident.pk,
                    incident.date_start.isoformat(),
                    incident.country,
                    incident.admin1,
                    incident.event_type,
                    "" if incident.fatalities_best is None else incident.fatalities_best,
                    incident.claim_status_text,
                ]
            )

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename_hint}.csv"'
    return response
