"""Admin actions: download the selected (or, with "select all", the filtered) incidents as CSV.

Register them on the Incident admin with `actions = [*export_actions.ACTIONS]`.
"""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Max, Min, QuerySet
from django.http import HttpRequest, StreamingHttpResponse
from django.utils.translation import gettext_lazy as _

from incidents.models import Incident

from .stream import filename_for, streaming_csv_response


def _export(request: HttpRequest, queryset: QuerySet, layout: str, language: str = "en"):
    # The admin's queryset is narrowed again by the one visibility rule: an action never widens it.
    visible = Incident.objects.visible_to(request.user).filter(pk__in=queryset.values("pk"))
    span = visible.aggregate(first=Min("date_start"), last=Max("date_start"))
    hint = filename_for(layout, span["first"], span["last"])
    if language != "en":
        hint += f"-{language}"
    return streaming_csv_response(
        visible.order_by("-date_start", "-id"),
        layout,
        user=request.user,
        filename_hint=hint,
        language=language,
        bom=True,  # spreadsheets opening a download want the BOM to read UTF-8
    )


@admin.action(description=_("Download CSV – briefing (English)"))
def export_briefing_csv(modeladmin, request, queryset) -> StreamingHttpResponse:
    return _export(request, queryset, "briefing")


# Named in French whatever the page language: it is the choice of the French file.
@admin.action(description="Télécharger CSV – briefing (français)")
def export_briefing_csv_fr(modeladmin, request, queryset) -> StreamingHttpResponse:
    return _export(request, queryset, "briefing", "fr")


@admin.action(description=_("Download CSV – ACLED layout"))
def export_acled_csv(modeladmin, request, queryset) -> StreamingHttpResponse:
    return _export(request, queryset, "acled")


ACTIONS = [export_briefing_csv, export_briefing_csv_fr, export_acled_csv]
