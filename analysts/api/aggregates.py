"""A portable JSON array aggregate, for folding a list into the row that needs it (one query)."""

from __future__ import annotations

from django.db.models import Aggregate, JSONField


class JSONArrayAgg(Aggregate):
    """A JSON array of values: JSON_GROUP_ARRAY on SQLite, JSONB_AGG on PostgreSQL (NULL there
    when no row matches: read it as an empty list)."""

    function = "JSON_GROUP_ARRAY"
    output_field = JSONField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, function="JSONB_AGG", **extra_context)
