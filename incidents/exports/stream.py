"""Stream a queryset as CSV (lines end in LF, as PostgreSQL's COPY writes them), never the whole
file in memory. On PostgreSQL each layout comes whole from one `COPY (SELECT …) TO STDOUT`:
`acled_select_sql` here (the SQL twin of `layouts.acled_rows`) and `briefing_sql` (the twin of
`layouts.briefing_rows`); elsewhere rows go through the Python layouts over
`queryset.iterator(chunk_size=…)`.

Every function here takes the reader as `user=` (or `records.FULL_ACCESS` for the operator): the
rows are `queryset`'s, the sources cited in them only those of articles the reader may read, in
the Python layouts and in the SQL alike.
"""

from __future__ import annotations

import codecs
import csv
import datetime
from collections.abc import Iterator

from django.core.exceptions import EmptyResultSet
from django.db import connection, transaction
from django.db.models import QuerySet
from django.http import StreamingHttpResponse
from django.utils import translation
from django.utils.text import slugify

from incidents.extraction.taxonomy import ACTOR_TYPES
from incidents.importers.common import (
    FORMULA_SIGNS,
    FORMULA_START,
    LEADING_BLANKS,
    PLAIN_NUMBER_SQL,
    iso_numeric,
)
from incidents.models import IncidentReference
from vocabulary.countries import COUNTRIES, country_name

from .briefing_sql import BRIEFING_COLUMNS, briefing_select_sql
from .layouts import ACLED_COLUMNS, TIME_PRECISION_CODE, get_layout, neutralise
from .records import export_queryset, incident_record, readable_articles

CHUNK_SIZE = 2000
ROWS_PER_WRITE = 500


def iter_csv_rows(queryset: QuerySet, layout: str, language: str = "en", *, user) -> Iterator[list]:
    """The header, then every row of `layout` for the incidents of `queryset`, cells made safe,
    citing only the sources `user` may read."""
    chosen = get_layout(layout)
    yield chosen.header(language)
    if chosen.tags is not None:
        yield chosen.tags(language)
    for incident in export_queryset(queryset, user=user).iterator(chunk_size=CHUNK_SIZE):
        # The readable texts (claim status, toll) in the file's language, not the reader's page.
        with translation.override(language):
            record = incident_record(incident)
        for row in chosen.rows(record, language):
            yield [neutralise(cell) for cell in row]


class _Buffer:
    """A file-like object whose write() hands the text back (csv.writer needs a file).

    csv.writer quotes a cell that holds a character of its line terminator, and nothing else
    that ends a line: with "\n" alone, a bare CR went out unquoted and a spreadsheet read it as
    the end of the record ("\r=1+1" became a row whose first cell is a formula). So the writer
    ends its rows in "\r\n", which makes it quote every cell holding a CR or an LF, and each
    row (one write() per row) gets its LF end back here, as PostgreSQL's COPY writes it.
    """

    def __init__(self) -> None:
        self.parts: list[str] = []

    def write(self, text: str) -> None:
        self.parts.append(text[:-2] + "\n" if text.endswith("\r\n") else text)

    def take(self) -> str:
        text = "".join(self.parts)
        self.parts.clear()
        return text


def csv_writer(buffer: _Buffer, delimiter: str = ","):
    """The one CSV writer of the exports: LF line ends, every cell with a CR or LF quoted."""
    return csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")


def _encode_rows(rows: Iterator[list], delimiter: str) -> Iterator[bytes]:
    buffer = _Buffer()
    writer = csv_writer(buffer, delimiter)
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


def _sql_text(text: str) -> str:
    """`text` as an SQL string literal (standard strings: only the quote is special)."""
    return "'" + text.replace("'", "''") + "'"


# The characters a cell that may start a formula can begin with (`starts_formula`): a cheap
# `ascii()` test first, so that the regular expressions run on those cells only.
_FIRST_CODES = ", ".join(str(ord(c)) for c in dict.fromkeys("'" + LEADING_BLANKS + FORMULA_SIGNS))
_FORMULA_START_SQL = _sql_text(FORMULA_START)
_PLAIN_NUMBER_SQL = _sql_text(PLAIN_NUMBER_SQL)


def _sql_safe(column: str) -> str:
    """The SQL twin of `layouts.neutralise` for a text column, '' written as NULL.

    `column` must be a plain column reference (it is read several times). NULL rather than ''
    because COPY writes '' as `""` but NULL as nothing, which is what csv.writer writes for ''.
    The two regular expressions are `importers.common`'s, which Python's `re` reads the same.
    """
    return (
        f"CASE WHEN ascii({column}) IN ({_FIRST_CODES}) AND {column} ~ {_FORMULA_START_SQL} "
        f"AND {column} !~ {_PLAIN_NUMBER_SQL} THEN '''' || {column} "
        f"ELSE NULLIF({column}, '') END"
    )


def _sql_float(column: str) -> str:
    """A float as csv.writer writes it (Python's repr): 14.0 where PostgreSQL writes 14."""
    return (
        f"CASE WHEN {column} = trunc({column}) AND abs({column}) < 1e15 "
        f"THEN trunc({column})::bigint::text || '.0' ELSE {column}::text END"
    )


def _sql_map(expr: str, mapping: dict, default: str = "''") -> str:
    cases = " ".join(
        "WHEN {} THEN '{}'".format(
            key if isinstance(key, int) else "'" + key + "'", str(value).replace("'", "''")
        )
        for key, value in mapping.items()
    )
    return f"CASE {expr} {cases} ELSE {default} END"


_FRESH_COLUMNS = ", ".join(f"{c} text" for c in ACLED_COLUMNS)
# `layouts._sides`: which side an actor is on, and who leads it (a stable sort on the link id).
_ACTOR_SIDE = (
    "CASE WHEN ia.role IN ('perpetrator', 'suspected', 'claimant') THEN 1 "
    "WHEN ia.role = 'target' OR ia.note LIKE '%%assoc_actor_2' THEN 2 ELSE 1 END"
)
_ACTOR_ORDER = (
    "CASE ia.role WHEN 'perpetrator' THEN 0 WHEN 'suspected' THEN 1 WHEN 'claimant' THEN 2 "
    "WHEN 'target' THEN 0 ELSE 3 END"
)


# The incident columns the `acled` layout reads: `_copy_acled` selects them with the queryset's
# own WHERE clause, so filtering costs no extra pass over the table.
INCIDENT_COLUMNS = (
    "id",
    "date_start",
    "updated_at",
    "country",
    "admin1",
    "summary",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "date_precision",
    "civilian_targeting",
    "fatalities_best",
    "fatalities_low",
)


def acled_select_sql(
    incidents_sql: str, *, ordered: bool = True, articles_sql: str | None = None
) -> str:
    """One SELECT giving the whole `acled` layout, row for row what `layouts.acled_rows` gives.

    An incident imported from ACLED and not edited since gives ACLED's own row (its fresh
    reference's data); any other incident gives one row per location, derived from its fields,
    actors, sources and tags. The two kinds come from two branches of a UNION ALL: the first is a
    plain hash join of incidents and references (no per-row subquery: a million ACLED rows cost
    one pass over each table), the second does the per-incident work for the others only.
    `incidents_sql` selects `INCIDENT_COLUMNS` of the incidents to export and appears twice
    (once per branch). `ordered`: newest first, as the desk lists incidents; each branch is
    sorted on its own, so that PostgreSQL merges two sorted streams (and sorts the big one in
    parallel workers) instead of sorting the finished rows of both. `articles_sql` selects the ids of
    the articles the reader may read: the `source` column names only their outlets (None: every
    source, the operator's export). Both are SQL compiled by the ORM; their parameters go to the
    cursor in text order: incidents, incidents, articles.
    """
    inc_columns = ", ".join(INCIDENT_COLUMNS)
    ref = IncidentReference._meta.db_table
    countries = ", ".join(
        "('{}', '{}', '{}')".format(code, iso_numeric(code), country_name(code).replace("'", "''"))
        for code in COUNTRIES
    )
    fresh = ", ".join(f"{_sql_safe(f'x.{c}')} AS {c}" for c in ACLED_COLUMNS)
    t1 = _sql_map("act.t1", ACTOR_TYPES)
    t2 = _sql_map("act.t2", ACTOR_TYPES)
    low = _sql_map("least(act.t1, act.t2)", ACTOR_TYPES, "NULL")
    high = _sql_map("greatest(act.t1, act.t2)", ACTOR_TYPES, "NULL")
    text_cells = {
        "event_id_cnty": "coalesce(r.external_id, 'IDESK' || i.id) "
        "|| CASE WHEN coalesce(loc.n, 0) = 0 THEN '' ELSE '-' || loc.n END",
        "disorder_type": "i.disorder_type",
        "event_type": "i.event_type",
        "sub_event_type": "i.sub_event_type",
        "actor1": "act.n1[1]",
        "assoc_actor_1": "array_to_string(act.n1[2:], '; ')",
        "inter1": t1,
        "actor2": "act.n2[1]",
        "assoc_actor_2": "array_to_string(act.n2[2:], '; ')",
        "inter2": t2,
        "interaction": f"CASE WHEN coalesce(act.t1, 0) = 0 THEN '' "
        f"WHEN coalesce(act.t2, 0) = 0 THEN {t1} || ' only' ELSE {low} || '-' || {high} END",
        "civilian_targeting": "CASE WHEN i.civilian_targeting THEN 'Civilian targeting' END",
        "iso": "c.iso",
        "country": "c.name",
        "admin1": "CASE WHEN coalesce(loc.admin1_name, '') <> '' THEN loc.admin1_name "
        "WHEN coalesce(loc.n, 0) = 0 THEN i.admin1 END",
        "admin2": "loc.admin2_name",
        "location": "loc.name",
        "source": "src.outlets",
        # `importers.common.with_split_note`: the notes of an incident split over locations.
        "notes": "CASE WHEN coalesce(loc.parts, 1) <= 1 THEN i.summary ELSE concat_ws(' ', "
        "NULLIF(i.summary, ''), 'Split over ' || loc.parts || ' locations; incident total ' || "
        "CASE WHEN coalesce(i.fatalities_best, i.fatalities_low) IS NULL THEN 'unknown.' "
        "WHEN coalesce(i.fatalities_best, i.fatalities_low) = 1 THEN '1 fatality.' "
        "ELSE coalesce(i.fatalities_best, i.fatalities_low) || ' fatalities.' END) END",
        "tags": "tg.names",
    }
    # Numbers in the Python layout: never neutralised there, so not here either.
    number_cells = {
        "event_date": "i.date_start::text",
        "year": "extract(year FROM i.date_start)::int::text",
        "time_precision": _sql_map("i.date_precision", TIME_PRECISION_CODE, "'1'"),
        "latitude": _sql_float("loc.latitude"),
        "longitude": _sql_float("loc.longitude"),
        "geo_precision": "coalesce(loc.geo_precision, 1)::text",
        # `importers.common.split_fatalities`: the share of this row, the remainder on the first.
        "fatalities": "(coalesce(i.fatalities_best, i.fatalities_low, 0) / coalesce(loc.parts, 1)"
        " + CASE WHEN coalesce(loc.n, 0) = 0 THEN coalesce(i.fatalities_best, i.fatalities_low, 0)"
        " %% coalesce(loc.parts, 1) ELSE 0 END)::text",
        "timestamp": "floor(extract(epoch FROM i.updated_at))::bigint::text",
    }
    inner = ", ".join(
        f"{text_cells.get(c) or number_cells.get(c) or 'NULL::text'} AS {c}" for c in ACLED_COLUMNS
    )
    readable = f" AND s.article_id IN ({articles_sql})" if articles_sql is not None else ""
    derived = ", ".join(
        f"d.{c}" if c in number_cells else f"{_sql_safe(f'd.{c}')} AS {c}" for c in ACLED_COLUMNS
    )
    order = "ORDER BY 1 DESC, 2 DESC, 3" if ordered else ""
    # `records.is_fresh`: the import wrote the reference no earlier than the incident's last
    # change. The importer keeps at most one such ACLED reference per incident.
    fresh_ref = "r.incident_id = i.id AND r.dataset = 'acled' AND r.last_modified >= i.updated_at"
    return f"""
    WITH country(code, iso, name) AS (VALUES {countries})
    SELECT o.{", o.".join(ACLED_COLUMNS)} FROM ((
      SELECT i.date_start AS sort_date, i.id AS sort_id, 0::bigint AS n, {fresh}
      FROM ({incidents_sql}) AS i ({inc_columns})
      JOIN {ref} AS r ON {fresh_ref}
      CROSS JOIN LATERAL jsonb_to_record(r.data) AS x({_FRESH_COLUMNS})
      {order}
    ) UNION ALL (
      SELECT i.date_start, i.id, d.n, {derived}
      FROM ({incidents_sql}) AS i ({inc_columns})
      LEFT JOIN LATERAL (
        SELECT r.external_id FROM {ref} AS r
        WHERE r.incident_id = i.id AND r.dataset = 'acled'
        ORDER BY r.external_id LIMIT 1
      ) AS r ON true
      CROSS JOIN LATERAL (
        SELECT coalesce(loc.n, 0) AS n, {inner}
        FROM (SELECT 1) AS one
        LEFT JOIN LATERAL (
          SELECT row_number() OVER (ORDER BY il.is_primary DESC, il.id) - 1 AS n,
                 count(*) OVER () AS parts,
                 l.name, l.country_code, l.admin1_name, l.admin2_name, l.latitude,
                 l.longitude, il.geo_precision
          FROM incidents_incidentlocation AS il
          JOIN incidents_location AS l ON l.id = il.location_id
          WHERE il.incident_id = i.id
        ) AS loc ON true
        LEFT JOIN country AS c ON c.code = coalesce(NULLIF(loc.country_code, ''), i.country)
        LEFT JOIN LATERAL (
          SELECT array_agg(a.name ORDER BY a.pos) FILTER (WHERE a.side = 1) AS n1,
                 array_agg(a.name ORDER BY a.pos) FILTER (WHERE a.side = 2) AS n2,
                 (array_agg(a.actor_type ORDER BY a.pos) FILTER (WHERE a.side = 1))[1] AS t1,
                 (array_agg(a.actor_type ORDER BY a.pos) FILTER (WHERE a.side = 2))[1] AS t2
          FROM (
            SELECT {_ACTOR_SIDE} AS side, ac.name, ac.actor_type,
                   min(({_ACTOR_ORDER})::bigint * 1000000000000 + ia.id) AS pos
            FROM incidents_incidentactor AS ia
            JOIN incidents_actor AS ac ON ac.id = ia.actor_id
            WHERE ia.incident_id = i.id
            GROUP BY 1, 2, 3
          ) AS a
        ) AS act ON true
        LEFT JOIN LATERAL (
          SELECT string_agg(u.outlet, '; ' ORDER BY u.first) AS outlets FROM (
            SELECT coalesce(ou.name, '') AS outlet, min(s.id) AS first
            FROM incidents_incidentsource AS s
            JOIN sources_article AS ar ON ar.id = s.article_id
            LEFT JOIN sources_outlet AS ou ON ou.id = ar.outlet_id
            WHERE s.incident_id = i.id{readable} GROUP BY 1
          ) AS u
        ) AS src ON true
        LEFT JOIN LATERAL (
          SELECT string_agg(t.name, '; ' ORDER BY t.name) AS names
          FROM incidents_incident_tags AS it JOIN incidents_tag AS t ON t.id = it.tag_id
          WHERE it.incident_id = i.id
        ) AS tg ON true
      ) AS d
      WHERE NOT EXISTS (SELECT 1 FROM {ref} AS r WHERE {fresh_ref})
      {order}
    )) AS o
    {"ORDER BY o.sort_date DESC, o.sort_id DESC, o.n" if ordered else ""}"""


def _subquery_sql(queryset: QuerySet) -> tuple[str, tuple]:
    """`queryset` (a `values_list`) as SQL and parameters for a subquery; one that can match
    nothing (`pk__in=[]`, which the ORM refuses to compile) as a SELECT of no row with as many
    columns."""
    try:
        sql, params = queryset.query.sql_with_params()
    except EmptyResultSet:
        nothing = queryset.model._base_manager.filter(pk__isnull=True)  # no row ever
        sql, params = nothing.values_list(*queryset.query.values_select).query.sql_with_params()
    return sql, tuple(params)


def _copy(select: str, params: tuple, delimiter: str) -> Iterator[bytes]:
    """`COPY (select) TO STDOUT` as CSV, streamed in blocks."""
    delim = "E'\\t'" if delimiter == "\t" else f"'{delimiter}'"
    with transaction.atomic(), connection.cursor() as cursor:
        # A bulk read: no JIT compile (hundreds of ms on mis-estimated plans), floats written
        # as Python writes them, and room to sort in memory rather than in temporary files.
        cursor.execute("SET LOCAL jit = off")
        cursor.execute("SET LOCAL extra_float_digits = 1")
        cursor.execute("SET LOCAL work_mem = '64MB'")
        raw = cursor.cursor
        copy_sql = raw.mogrify(select, params)
        with raw.copy(f"COPY ({copy_sql}) TO STDOUT WITH (FORMAT csv, DELIMITER {delim})") as copy:
            for block in copy:
                yield bytes(block)


def _readable_sql(user) -> tuple[str | None, tuple]:
    articles = readable_articles(user)
    if articles is None:
        return None, ()
    return _subquery_sql(articles.order_by())


def _copy_acled(queryset: QuerySet, delimiter: str, user) -> Iterator[bytes]:
    """The whole `acled` layout from one `COPY (SELECT …) TO STDOUT`, streamed in blocks.

    A queryset with an explicit `order_by()` (the admin's, the analyst list's) comes newest first;
    one with only the model's default ordering (a bulk export) comes in the database's order.
    """
    incidents_sql, incidents_params = _subquery_sql(
        queryset.order_by().values_list(*INCIDENT_COLUMNS)
    )
    articles_sql, articles_params = _readable_sql(user)
    select = acled_select_sql(
        incidents_sql, ordered=bool(queryset.query.order_by), articles_sql=articles_sql
    )
    # Placeholders in text order: the incidents (once per branch), then the `src` join.
    yield from _copy(select, incidents_params * 2 + articles_params, delimiter)


def _briefing_order(queryset: QuerySet) -> str | None:
    """The queryset's explicit order as an ORDER BY of `briefing_select_sql`'s rows; "" for a
    bulk export (the database's order); None for an order SQL cannot follow here."""
    if queryset.query.extra_order_by:
        return None
    terms = []
    for term in queryset.query.order_by:
        if not isinstance(term, str):
            return None
        name = term.lstrip("-")
        name = "id" if name == "pk" else name
        if name not in BRIEFING_COLUMNS:
            return None
        terms.append(f"i.{name}{' DESC' if term.startswith('-') else ''}")
    return f"ORDER BY {', '.join(terms)}" if terms else ""


def _copy_briefing(
    queryset: QuerySet, order_by: str, language: str, delimiter: str, user
) -> Iterator[bytes]:
    """The whole `briefing` layout from one `COPY (SELECT …) TO STDOUT` (`briefing_sql`)."""
    incidents_sql, incidents_params = _subquery_sql(
        queryset.order_by().values_list(*BRIEFING_COLUMNS)
    )
    articles_sql, articles_params = _readable_sql(user)
    with translation.override(language):  # the claim texts and the toll in the file's language
        select = briefing_select_sql(
            incidents_sql,
            language=language,
            order_by=order_by,
            articles_sql=articles_sql,
            safe=_sql_safe,
        )
    # Placeholders in text order: the `ids` CTE, the `rs` CTE, the main FROM.
    yield from _copy(select, incidents_params + articles_params + incidents_params, delimiter)


def csv_bytes(
    queryset: QuerySet,
    layout: str,
    *,
    user,
    language: str = "en",
    bom: bool = False,
    delimiter: str = ",",
) -> Iterator[bytes]:
    """The encoded file, chunk by chunk (used by the response, the command and the bench), as
    `user` may read it (`records.FULL_ACCESS` for the operator)."""
    chosen = get_layout(layout)
    if bom:
        yield codecs.BOM_UTF8
    if layout == "acled" and connection.vendor == "postgresql":
        yield from _encode_rows(iter([chosen.header(language)]), delimiter)
        yield from _copy_acled(queryset, delimiter, user)
        return
    order_by = _briefing_order(queryset) if connection.vendor == "postgresql" else None
    # The SQL twin takes its claim and toll wording from the translation catalogue too
    # (`briefing_sql` is built under `translation.override(language)`).
    if layout == "briefing" and order_by is not None:
        yield from _encode_rows(iter([chosen.header(language)]), delimiter)
        yield from _copy_briefing(queryset, order_by, language, delimiter, user)
        return
    yield from _encode_rows(iter_csv_rows(queryset, layout, language, user=user), delimiter)


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
    user,
    filename_hint: str,
    language: str = "en",
    bom: bool = False,
    delimiter: str = ",",
) -> StreamingHttpResponse:
    get_layout(layout)  # fail now, not halfway through the stream
    if delimiter not in (",", ";", "\t"):
        raise ValueError("delimiter must be ',', ';' or a tab")
    response = StreamingHttpResponse(
        csv_bytes(queryset, layout, user=user, language=language, bom=bom, delimiter=delimiter),
        content_type="text/csv; charset=utf-8",
    )
    name = filename_hint if filename_hint.endswith(".csv") else f"{filename_hint}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
