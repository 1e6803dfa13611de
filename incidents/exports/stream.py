"""Stream a queryset as CSV (lines end in LF, as PostgreSQL's COPY writes them): a generator over `queryset.iterator(chunk_size=…)`, never the whole
file in memory. On PostgreSQL the `acled` layout's rows that are ACLED's own (imported and not
edited since) come straight from `COPY (…) TO STDOUT`; the rest go through the Python layout.
"""

from __future__ import annotations

import codecs
import csv
import datetime
from collections.abc import Iterator

from django.db import connection
from django.db.models import Exists, OuterRef, QuerySet
from django.http import StreamingHttpResponse
from django.utils.text import slugify

from incidents.models import Incident, IncidentReference

from .layouts import ACLED_COLUMNS, get_layout, neutralise
from .records import export_queryset, incident_record

CHUNK_SIZE = 2000
ROWS_PER_WRITE = 500


def iter_csv_rows(queryset: QuerySet, layout: str, language: str = "en") -> Iterator[list]:
    """The header, then every row of `layout` for the incidents of `queryset`, cells made safe."""
    chosen = get_layout(layout)
    yield chosen.header(language)
    for incident in export_queryset(queryset).iterator(chunk_size=CHUNK_SIZE):
        for row in chosen.rows(incident_record(incident), language):
            yield [neutralise(cell) for cell in row]


class _Buffer:
    """A file-like object whose write() hands the text back (csv.writer needs a file)."""

    def __init__(self) -> None:
        self.parts: list[str] = []

    def write(self, text: str) -> None:
        self.parts.append(text)

    def take(self) -> str:
        text = "".join(self.parts)
        self.parts.clear()
        return text


def _encode_rows(rows: Iterator[list], delimiter: str) -> Iterator[bytes]:
    buffer = _Buffer()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
    batch: list[list] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= ROWS_PER_WRITE:
            writer.writerows(batch)
            batch.clear()
            yield buffer.take().encode("utf-8")
    if batch:
        writer.writerows(batch)
        yield buffer.take().encode("utf-8")


def _sql_safe(expr: str) -> str:
    """The SQL twin of `layouts.neutralise`."""
    return (
        f"CASE WHEN left({expr}, 1) IN ('=', '+', '-', '@', chr(9), chr(13)) "
        f"AND {expr} !~ '^[+-]?[0-9]+(\\.[0-9]+)?$' THEN '''' || {expr} ELSE {expr} END"
    )


def _fresh_acled_filter() -> str:
    return "r.dataset = 'acled' AND r.last_modified IS NOT NULL AND i.updated_at <= r.last_modified"


def _copy_acled(queryset: QuerySet, delimiter: str) -> Iterator[bytes]:
    """ACLED's own rows via COPY, then the other incidents through the Python layout."""
    ids_sql, ids_params = queryset.order_by().values("pk").query.sql_with_params()
    inc = Incident._meta.db_table
    ref = IncidentReference._meta.db_table
    # NULLIF: COPY writes '' as "" but NULL as nothing, which is what csv.writer writes for ''.
    columns = ", ".join(_sql_safe(f"NULLIF(r.data->>'{c}', '')") for c in ACLED_COLUMNS)
    select = (
        f"SELECT {columns} FROM {inc} AS i JOIN {ref} AS r ON r.incident_id = i.id "
        f"WHERE {_fresh_acled_filter()} AND i.id IN ({ids_sql}) "
        "ORDER BY i.date_start DESC, i.id DESC"
    )
    delim = "E'\\t'" if delimiter == "\t" else f"'{delimiter}'"
    with connection.cursor() as cursor:
        raw = cursor.cursor
        copy_sql = raw.mogrify(select, ids_params)
        with raw.copy(f"COPY ({copy_sql}) TO STDOUT WITH (FORMAT csv, DELIMITER {delim})") as copy:
            for block in copy:
                yield bytes(block)
    fresh = IncidentReference.objects.filter(
        incident=OuterRef("pk"),
        dataset=IncidentReference.Dataset.ACLED,
        last_modified__isnull=False,
        last_modified__gte=OuterRef("updated_at"),
    )
    # NOT EXISTS, not NOT IN: PostgreSQL plans the latter as a quadratic scan on big sets.
    rest = queryset.filter(~Exists(fresh))
    rows = iter_csv_rows(rest, "acled")
    next(rows)  # the header was written already
    yield from _encode_rows(rows, delimiter)


def csv_bytes(
    queryset: QuerySet,
    layout: str,
    *,
    language: str = "en",
    bom: bool = False,
    delimiter: str = ",",
) -> Iterator[bytes]:
    """The encoded file, chunk by chunk (used by the response, the command and the bench)."""
    chosen = get_layout(layout)
    if bom:
        yield codecs.BOM_UTF8
    if layout == "acled" and connection.vendor == "postgresql":
        yield from _encode_rows(iter([chosen.header(language)]), delimiter)
        yield from _copy_acled(queryset, delimiter)
        return
    yield from _encode_rows(iter_csv_rows(queryset, layout, language), delimiter)


def filename_for(
    layout: str,
    date_after: datetime.date | str | None = None,
    date_before: datetime.date | str | None = None,
    prefix: str = "incidents",
) -> str:
    """`incidents-briefing-2025-07-01_2025-07-07`: the filter's date range in the name."""
    start = str(date_after) if date_after else "start"
    end = str(date_before) if date_before else datetime.date.today().isoformat()
    return slugify(f"{prefix}-{layout}") + f"-{start}_{end}"


def streaming_csv_response(
    queryset: QuerySet,
    layout: str,
    *,
    filename_hint: str,
    language: str = "en",
    bom: bool = False,
    delimiter: str = ",",
) -> StreamingHttpResponse:
    get_layout(layout)  # fail now, not halfway through the stream
    if delimiter not in (",", ";", "\t"):
        raise ValueError("delimiter must be ',', ';' or a tab")
    response = StreamingHttpResponse(
        csv_bytes(queryset, layout, language=language, bom=bom, delimiter=delimiter),
        content_type="text/csv; charset=utf-8",
    )
    name = filename_hint if filename_hint.endswith(".csv") else f"{filename_hint}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
