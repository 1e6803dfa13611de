"""An ACLED-compatible read API: `GET /api/compat/acled/read` and `GET /api/compat/deleted/read`.

Research notebooks written against ACLED's API read the desk by changing one base URL (the
PyPI `acled` client: `ACLED_API_HOST=https://desk.example.org/api/compat`). The answer has
ACLED's shape, `{"status": 200, "success": true, "count": N, "data": [...]}`, with rows in
ACLED's column names and value forms (strings, as ACLED sends them), derived exactly as the
`acled` CSV layout derives them (`exports.layouts.acled_rows`: one row per incident location,
the toll shared out).

Query parameters follow ACLED's API guide: any ACLED column as a filter (`country` by name,
`iso`, `region`, `year`, `event_date`, `event_type`, `sub_event_type`, `actor1`, `actor2`,
`admin1`–`admin3`, `location`…), each with ACLED's default query type (`=` for codes, numbers
and dates, `LIKE` for names and texts, `>=` for `timestamp`) and `<column>_where` to choose
another (`=`, `LIKE`, `>`, `<`, `>=`, `<=`, `BETWEEN` with `a|b`); `:OR:` between values of one
column; `fields=a|b|c`, `limit` and `page`. Unknown parameters are refused (400), as everywhere
in the desk's API.

Who reads what: the desk's API tokens, also as `Authorization: Bearer <token>`; never in the
query string (ACLED's old `key=`/`email=` are refused with a 400 that says so). The rows are the
reader's visible incidents (`Incident.objects.visible_to`), published ones as in every export,
citing only the outlets of articles the reader may read.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.conf import settings
from django.db.models import QuerySet
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import permissions
from rest_framework.authentication import SessionAuthentication
from rest_framework.response import Response
from rest_framework.views import APIView

from analysts.api.base import TokenRateThrottle
from analysts.authentication import BearerTokenAuthentication, TokenAuthentication
from incidents.exports.filtering import filter_incidents
from incidents.exports.layouts import ACLED_COLUMNS, acled_rows
from incidents.exports.records import FULL_ACCESS, export_queryset, incident_record
from incidents.models import Incident
from incidents.permissions import can_export
from incidents.removals import removed_from_view

# ACLED's region numbers (its API guide), and the countries of the regions the desk covers.
ACLED_REGIONS = {
    1: "Western Africa",
    2: "Middle Africa",
    3: "Eastern Africa",
    4: "Southern Africa",
    5: "Northern Africa",
}
REGION_OF_COUNTRY = {
    **dict.fromkeys(
        [
            "BJ",
            "BF",
            "CV",
            "CI",
            "GM",
            "GH",
            "GN",
            "GW",
            "LR",
            "ML",
            "MR",
            "NE",
            "NG",
            "SN",
            "SL",
            "TG",
        ],
        1,
    ),  # fmt: skip
    **dict.fromkeys(["AO", "CM", "CF", "TD", "CG", "CD", "GQ", "GA", "ST"], 2),
    **dict.fromkeys(
        [
            "BI",
            "KM",
            "DJ",
            "ER",
            "ET",
            "KE",
            "MG",
            "MW",
            "MU",
            "MZ",
            "RW",
            "SC",
            "SO",
            "SS",
            "SD",
            "TZ",
            "UG",
            "ZM",
            "ZW",
        ],
        3,
    ),
    **dict.fromkeys(["BW", "SZ", "LS", "NA", "ZA"], 4),
    **dict.fromkeys(["DZ", "EG", "LY", "MA", "TN", "EH"], 5),
}
NUMBER_COLUMNS = frozenset(
    {"year", "time_precision", "iso", "latitude", "longitude", "geo_precision", "fatalities",
     "timestamp", "deleted_timestamp"}
)  # fmt: skip
# ACLED's default query type of each column that is not LIKE.
DEFAULT_WHERE = {
    **dict.fromkeys(NUMBER_COLUMNS, "="),
    "timestamp": ">=",
    "deleted_timestamp": ">=",
    "country": "=",
    "region": "=",
    "event_date": "=",
}
OPERATORS = frozenset({"=", "LIKE", ">", "<", ">=", "<=", "BETWEEN"})
CONTROL_PARAMS = frozenset({"fields", "limit", "page", "_format", "export_type", "format"})
# Credentials ACLED clients once sent in the URL: refused rather than ignored, so that a
# notebook learns at once that its key went nowhere (and a URL with a token is never logged).
CREDENTIAL_PARAMS = frozenset(
    {"key", "email", "token", "access_token", "api_key", "apikey", "password", "auth"}
)


class BearerTokenScheme(OpenApiAuthenticationExtension):
    """The schema names the Bearer form of the desk's tokens apart from `Token …`."""

    target_class = "analysts.authentication.BearerTokenAuthentication"
    name = "bearerAuth"

    def get_security_definition(self, auto_schema) -> dict:
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A desk API token (`idk_…`), as `Authorization: Bearer <token>`.",
        }


class CompatError(Exception):
    """A bad query: a 400 in ACLED's error shape."""


@dataclass(frozen=True)
class Condition:
    column: str
    operator: str
    values: tuple[str, ...]  # any of them matches (`:OR:`)

    def matches(self, row: dict[str, str]) -> bool:
        return any(self._one(row.get(self.column, ""), value) for value in self.values)

    def _one(self, cell: str, value: str) -> bool:
        if self.operator == "LIKE":
            return _like(value).search(cell) is not None
        if self.operator == "BETWEEN":
            low, sep, high = value.partition("|")
            if not sep:
                raise CompatError(f"{self.column}: BETWEEN takes two values, as low|high.")
            return self._compare(cell, low, ">=") and self._compare(cell, high, "<=")
        return self._compare(cell, value, self.operator)

    def _compare(self, cell: str, value: str, operator: str) -> bool:
        if self.column in NUMBER_COLUMNS:
            try:
                left, right = float(cell), float(value)
            except ValueError:
                return False
        elif self.column == "region" and value.strip().isdigit():
            left, right = cell.casefold(), ACLED_REGIONS.get(int(value), "").casefold()
        else:
            left, right = cell.casefold(), value.strip().casefold()
        return {
            "=": left == right,
            ">": left > right,
            "<": left < right,
            ">=": left >= right,
            "<=": left <= right,
        }[operator]


def _like(value: str) -> re.Pattern:
    """SQL LIKE as ACLED reads it: `%` and `_` wildcards, else a part of the text; any case."""
    if "%" not in value and "_" not in value:
        return re.compile(re.escape(value), re.IGNORECASE)
    pattern = "".join(
        ".*" if c == "%" else "." if c == "_" else re.escape(c) for c in value
    )  # fmt: skip
    return re.compile(f"^{pattern}$", re.IGNORECASE | re.DOTALL)


@dataclass
class Query:
    conditions: list[Condition]
    fields: list[str] | None
    limit: int
    page: int

    def condition(self, column: str) -> Condition | None:
        return next((c for c in self.conditions if c.column == column), None)


def parse_query(params, columns: list[str]) -> Query:
    """ACLED's query parameters over `columns`; CompatError names what is wrong."""
    credentials = sorted(CREDENTIAL_PARAMS & set(params))
    if credentials:
        raise CompatError(
            f"Credentials are never accepted in the query string ({', '.join(credentials)}): "
            "send your desk API token as the header `Authorization: Bearer <token>`."
        )
    operators: dict[str, str] = {}
    for name in params:
        if name.endswith("_where"):
            column = name[: -len("_where")]
            operator = params[name].strip().upper()
            if column not in columns:
                raise CompatError(f"{name}: {column} is not an ACLED column.")
            if operator not in OPERATORS:
                raise CompatError(f"{name}: use one of {', '.join(sorted(OPERATORS))}.")
            operators[column] = operator
    unknown = sorted(
        name
        for name in params
        if name not in columns and name not in CONTROL_PARAMS and not name.endswith("_where")
    )
    if unknown:
        raise CompatError(f"Unknown query parameters: {', '.join(unknown)}.")
    if params.get("_format", "json") != "json" or params.get("format", "json") != "json":
        raise CompatError("Only JSON is served here (_format=json).")
    conditions = []
    for column in columns:
        if column not in params:
            continue
        # `country=Mali:OR:country=Niger` (ACLED's OR), or just `country=Mali`.
        values = [part.split("=", 1)[1] if part.startswith(f"{column}=") else part
                  for part in params[column].split(":OR:")]  # fmt: skip
        operator = operators.get(column) or (
            "BETWEEN" if column == "event_date" and "|" in params[column] else None
        )
        operator = operator or DEFAULT_WHERE.get(column, "LIKE")
        conditions.append(Condition(column, operator, tuple(values)))
    fields = None
    if params.get("fields"):
        fields = [f.strip() for f in params["fields"].split("|") if f.strip()]
        wrong = [f for f in fields if f not in columns]
        if wrong:
            raise CompatError(f"fields: not ACLED columns: {', '.join(wrong)}.")
    return Query(conditions, fields, _whole(params, "limit", 5000), _whole(params, "page", 1))


def _whole(params, name: str, default: int) -> int:
    raw = params.get(name)
    if raw in (None, ""):
        value = default
    else:
        try:
            value = int(raw)
        except ValueError:
            raise CompatError(f"{name}: a whole number, please.") from None
        if value < 1:
            raise CompatError(f"{name}: from 1.")
    if name == "limit":
        value = min(value, settings.COMPAT_ACLED_MAX_LIMIT)
    return value


def _date(value: str) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value.strip())
    except ValueError:
        raise CompatError(f"event_date: {value!r} is not a date (YYYY-MM-DD).") from None


def narrowed(queryset: QuerySet[Incident], query: Query) -> QuerySet[Incident]:
    """The database's share of the filtering: the date and the year (each row keeps its
    incident's date), so that a period asked for reads that period only."""
    event_date = query.condition("event_date")
    if event_date and len(event_date.values) == 1:
        value = event_date.values[0]
        if event_date.operator == "BETWEEN" and "|" in value:
            low, high = value.split("|", 1)
            queryset = queryset.filter(date_start__gte=_date(low), date_start__lte=_date(high))
        elif event_date.operator in {"=", ">", "<", ">=", "<="}:
            lookup = {"=": "", ">": "__gt", "<": "__lt", ">=": "__gte", "<=": "__lte"}
            queryset = queryset.filter(**{f"date_start{lookup[event_date.operator]}": _date(value)})
    year = query.condition("year")
    if year and year.operator == "=" and all(v.strip().isdigit() for v in year.values):
        years = [int(v) for v in year.values]
        if any(not 1 <= y <= 9999 for y in years):
            raise CompatError("year: a year between 1 and 9999.")
        queryset = queryset.filter(date_start__year__in=years)
    return queryset


def acled_dicts(queryset: QuerySet[Incident], *, user) -> Iterator[dict[str, str]]:
    """Every ACLED row of `queryset` as ACLED's API sends it: every value a string."""
    for incident in export_queryset(queryset, user=user).iterator(chunk_size=2000):
        for row in acled_rows(incident_record(incident)):
            data = {
                column: "" if cell is None else str(cell)
                for column, cell in zip(ACLED_COLUMNS, row, strict=True)
            }
            if not data["region"]:
                code = incident.country
                data["region"] = ACLED_REGIONS.get(REGION_OF_COUNTRY.get(code, 0), "")
            yield data


def page_of(rows: Iterator[dict], query: Query) -> list[dict]:
    skip = (query.page - 1) * query.limit
    found: list[dict] = []
    for row in rows:
        if not all(condition.matches(row) for condition in query.conditions):
            continue
        if skip:
            skip -= 1
            continue
        found.append({f: row[f] for f in query.fields} if query.fields else row)
        if len(found) >= query.limit:
            break
    return found


def acled_answer(data: list[dict]) -> dict:
    return {"status": 200, "success": True, "count": len(data), "messages": [], "data": data}


def error_answer(message: str, status: int = 400) -> Response:
    return Response(
        {"status": status, "success": False, "error": {"status": status, "message": message}},
        status=status,
    )


class CanRead(permissions.BasePermission):
    message = "Your account holds no role that reads incidents."

    def has_permission(self, request, view) -> bool:
        return bool(request.user and request.user.is_authenticated and can_export(request.user))


class CompatView(APIView):
    """Bearer first: a client without credentials is told `WWW-Authenticate: Bearer`."""

    authentication_classes = [BearerTokenAuthentication, TokenAuthentication, SessionAuthentication]
    permission_classes = [CanRead]
    throttle_classes = [TokenRateThrottle]
    columns: list[str] = []
    rows: Callable

    def get(self, request, *args, **kwargs) -> Response:
        try:
            query = parse_query(request.query_params, self.columns)
            data = page_of(self.rows(request.user, query), query)
        except CompatError as exc:
            return error_answer(str(exc))
        return Response(acled_answer(data))


COMMON_PARAMETERS = [
    OpenApiParameter("fields", OpenApiTypes.STR, description="Columns to return: `a|b|c`."),
    OpenApiParameter("limit", OpenApiTypes.INT, description="Rows per page (default 5000)."),
    OpenApiParameter("page", OpenApiTypes.INT, description="Page number, from 1."),
]
ANSWER = OpenApiResponse(
    OpenApiTypes.OBJECT,
    description='ACLED\'s answer: `{"status": 200, "success": true, "count": N, "data": [...]}`.',
)


class AcledReadView(CompatView):
    columns = list(ACLED_COLUMNS)

    @extend_schema(
        summary="ACLED-compatible events (`acled/read`): ACLED's parameters and answer",
        description=__doc__,
        parameters=[
            *(
                OpenApiParameter(
                    column,
                    OpenApiTypes.STR,
                    description=f"Filter ({DEFAULT_WHERE.get(column, 'LIKE')} by default; "
                    f"`{column}_where` chooses another query type).",
                )
                for column in ACLED_COLUMNS
            ),
            OpenApiParameter(
                "event_date_where",
                OpenApiTypes.STR,
                enum=sorted(OPERATORS),
                description="e.g. BETWEEN with event_date=2025-07-01|2025-07-07.",
            ),
            *COMMON_PARAMETERS,
        ],
        responses={200: ANSWER, 400: ANSWER, 401: ANSWER},
        tags=["compat"],
    )
    def get(self, request, *args, **kwargs) -> Response:
        return super().get(request, *args, **kwargs)

    @staticmethod
    def rows(user, query: Query) -> Iterator[dict]:
        visible = Incident.objects.visible_to(user).current()
        queryset = filter_incidents(visible, {}, reader=user)  # published, as every export
        return acled_dicts(narrowed(queryset, query).order_by("-date_start", "-id"), user=user)


class DeletedReadView(CompatView):
    columns = ["event_id_cnty", "deleted_timestamp"]

    @extend_schema(
        summary="ACLED-compatible deletions (`deleted/read`): records to drop from a copy",
        description=(
            "The `event_id_cnty` and deletion time (Unix seconds) of every record you could "
            "read before and may not now (retracted, sent back, re-marked, deleted), as "
            "`/api/incidents/removed/` lists them. `deleted_timestamp` (>= by default) asks "
            "for those removed since a time."
        ),
        parameters=[
            OpenApiParameter("event_id_cnty", OpenApiTypes.STR, description="LIKE."),
            OpenApiParameter(
                "deleted_timestamp", OpenApiTypes.INT, description="Unix seconds, >=."
            ),
            *COMMON_PARAMETERS,
        ],
        responses={200: ANSWER, 400: ANSWER, 401: ANSWER},
        tags=["compat"],
    )
    def get(self, request, *args, **kwargs) -> Response:
        return super().get(request, *args, **kwargs)

    @staticmethod
    def rows(user, query: Query) -> Iterator[dict]:
        since = None
        stamp = query.condition("deleted_timestamp")
        if stamp and stamp.operator in {">=", ">", "="} and stamp.values[0].strip().isdigit():
            try:
                since = datetime.datetime.fromtimestamp(int(stamp.values[0]), tz=datetime.UTC)
            except (OverflowError, OSError, ValueError):
                raise CompatError("deleted_timestamp: Unix seconds, please.") from None
        removals = removed_from_view(user, since)
        # The ids the reader was given: the ACLED rows' own (`acled_rows`), for every row of an
        # incident that still exists; `IDESK<id>` for one that was deleted.
        ids: dict[int, list[str]] = {}
        existing = Incident.objects.filter(pk__in=[r.id for r in removals])
        for incident in export_queryset(existing, user=FULL_ACCESS):
            rows = acled_rows(incident_record(incident))
            ids[incident.pk] = [str(row[0]) for row in rows]
        for removal in removals:
            for event_id in ids.get(removal.id, [f"IDESK{removal.id}"]):
                yield {
                    "event_id_cnty": event_id,
                    "deleted_timestamp": str(int(removal.removed_at.timestamp())),
                }
