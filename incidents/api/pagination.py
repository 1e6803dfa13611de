from __future__ import annotations

from rest_framework.pagination import CursorPagination

from analysts.api.base import MAX_PAGE_SIZE


class SyncCursorPagination(CursorPagination):
    """For synchronising: ordered by (updated_at, id), stable under inserts, flat on the last page.

    Start without a cursor (or with `updated_since`), follow `next` until it is null, keep the
    last page's `next`-less position by remembering the newest `updated_at` you saw.
    """

    ordering = ("updated_at", "id")
    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
