"""Incident paging: page numbers for people without the price of COUNT(*), a cursor for sync."""

from __future__ import annotations

from collections import OrderedDict

from rest_framework.exceptions import NotFound
from rest_framework.pagination import CursorPagination, PageNumberPagination
from rest_framework.response import Response

from analysts.api.base import MAX_PAGE_SIZE

# Far past any real desk, and within the bigint PostgreSQL takes for OFFSET.
MAX_OFFSET = 2**62


class IncidentPagePagination(PageNumberPagination):
    """`?page=3&page_size=100`. The total is counted only on request (`?count=true`).

    At a million incidents an exact COUNT(*) of a broad filter costs ten times the page itself,
    so pages find their `next` link by reading one row more than they show.
    """

    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
    extra_query_params = ("count",)

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        self.page_size_value = self.get_page_size(request)
        raw = request.query_params.get(self.page_query_param, "1")
        try:
            self.number = int(raw)
            if self.number < 1:
                raise ValueError
        except ValueError:
            raise NotFound("Invalid page: use a whole number from 1.") from None
        wants_count = request.query_params.get("count", "false")
        if wants_count not in {"true", "false"}:
            from rest_framework.exceptions import ValidationError

            raise ValidationError({"count": ["Use true or false."]})
        offset = (self.number - 1) * self.page_size_value
        if offset > MAX_OFFSET:
            # PostgreSQL's OFFSET is a bigint: a page number past it was a 500 (DataError).
            raise NotFound("Invalid page: past the last page.")
        rows = list(queryset[offset : offset + self.page_size_value + 1])
        if not rows and self.number > 1:
            raise NotFound("Invalid page: past the last page.")
        self.has_next = len(rows) > self.page_size_value
        self.total = queryset.count() if wants_count == "true" else None
        return rows[: self.page_size_value]

    def get_next_link(self):
        if not self.has_next:
            return None
        from rest_framework.utils.urls import replace_query_param

        url = self.request.build_absolute_uri()
        return replace_query_param(url, self.page_query_param, self.number + 1)

    def get_previous_link(self):
        if self.number <= 1:
            return None
        from rest_framework.utils.urls import remove_query_param, replace_query_param

        url = self.request.build_absolute_uri()
        if self.number == 2:
            return remove_query_param(url, self.page_query_param)
        return replace_query_param(url, self.page_query_param, self.number - 1)

    def get_paginated_response(self, data):
        return Response(
            OrderedDict(
                [
                    ("count", self.total),
                    ("next", self.get_next_link()),
                    ("previous", self.get_previous_link()),
                    ("results", data),
                ]
            )
        )

    def get_paginated_response_schema(self, schema):
        response = super().get_paginated_response_schema(schema)
        response["properties"]["count"] = {
            "type": "integer",
            "nullable": True,
            "example": 123,
            "description": "Total matching incidents; null unless requested with count=true.",
        }
        response["required"] = ["count", "next", "previous", "results"]
        return response

    def get_schema_operation_parameters(self, view):
        return [
            *super().get_schema_operation_parameters(view),
            {
                "name": "count",
                "required": False,
                "in": "query",
                "description": "true: also count every matching incident (slower at scale).",
                "schema": {"type": "string", "enum": ["true", "false"]},
            },
        ]

    def get_html_context(self):
        return {"previous_url": self.get_previous_link(), "next_url": self.get_next_link()}


class SyncCursorPagination(CursorPagination):
    """For synchronising: ordered by (updated_at, id), stable under inserts, flat on the last page.

    Start without a cursor (or with `updated_since`), follow `next` until it is null, keep the
    last page's `next`-less position by remembering the newest `updated_at` you saw.
    """

    ordering = ("updated_at", "id")
    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
