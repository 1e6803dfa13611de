"""The `briefing` layout as one SELECT for PostgreSQL's COPY: the SQL twin of
`layouts.briefing_rows` over `records.incident_record` (and `claims.claim_status_text`).

Set-based, as the `acled` layout's fast path is (see `bench/README.md`): every link table is read
once, grouped by incident, for the incidents of the export only (the `ids` CTE), and joined to
them by hash; no per-incident subquery on the common path. Each rule of the Python side has its
twin here, named in the comments; `tests/test_export_briefing_sql.py` checks both write the same
bytes. Deduplication "in first-seen order" (Python's `dict.fromkeys`) is a GROUP BY keeping the
smallest position, then an aggregate ordered by it.
"""

from __future__ import annotations

from incidents import claims
from incidents.importers.common import country_name
from incidents.importers.countries import COUNTRIES
from incidents.models import IncidentActor

from .layouts import REVIEW_STATUS_WORDS, UNKNOWN_WORD

# The incident columns the layout reads, selected with the queryset's own WHERE clause.
BRIEFING_COLUMNS = (
    "id",
    "date_start",
    "date_end",
    "country",
    "admin1",
    "summary",
    "event_type",
    "sub_event_type",
    "claim_status",
    "fatalities_low",
    "fatalities_best",
    "fatalities_high",
    "review_status",
)

_LABEL = "NULLIF(coalesce(NULLIF(ac.short_name, ''), ac.name), '')"  # Actor.label
# A claim fact's place in `claim_picture` (claim events by date, then id; no date last, as
# PostgreSQL sorts NULL after every date) as one number, so that min() keeps the first.
_FACT_POS = (
    "(coalesce(ce.date - DATE '2000-01-01', 8000000) + 1000000)::bigint * 10000000000 + ce.id"
)


def _join_and(array: str) -> str:
    """`claims._join_and` over an array already without duplicates or empty strings."""
    array = f"({array})"
    return (
        f"CASE WHEN coalesce(cardinality({array}), 0) = 0 THEN '' "
        f"WHEN cardinality({array}) = 1 THEN {array}[1] "
        f"ELSE array_to_string({array}[1:cardinality({array}) - 1], ', ') || ' and ' || "
        f"{array}[cardinality({array})] END"
    )


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _claim_status_sql() -> str:
    """`claims.claim_status_text`, branch for branch."""
    suspects = "coalesce(sus.texts_text, '')"
    claimed_by = _join_and("CASE WHEN cl.claims IS NOT NULL THEN cl.claims ELSE act.claimants END")
    denied_by = _join_and("cl.denials")
    detail = (
        "CASE WHEN cf.named_count = 1 AND (coalesce(cf.channel, '') <> '' OR cf.date IS NOT NULL)"
        " THEN ' (' || concat_ws(', ', NULLIF(cf.channel, ''), cf.date::text) || ')' ELSE '' END"
    )
    # names = attributions' actors, else the suspects one by one (rare: a correlated subquery).
    flat_suspects = f"""(SELECT {_join_and("f.names")} FROM (
        SELECT array_agg(u.label ORDER BY u.pos) AS names FROM (
          SELECT z.label, min(ARRAY[g.pos, z.pos]) AS pos
          FROM links AS z JOIN groups AS g ON g.incident_id = z.incident_id AND g.grp = z.grp
          WHERE z.incident_id = i.id AND z.role = 'suspected' GROUP BY z.label
        ) AS u) AS f)"""
    attributed = f"""CASE WHEN cl.attributed IS NOT NULL THEN 'Attributed to ' ||
          {_join_and("cl.attributed")}
        WHEN sus.incident_id IS NOT NULL THEN 'Attributed to ' || {flat_suspects}
        ELSE 'Attributed' END
        || CASE WHEN cl.attributed_by IS NOT NULL THEN ' by ' || {_join_and("cl.attributed_by")}
           ELSE '' END"""
    return f"""CASE i.claim_status
      WHEN {_literal(claims.CLAIMED)} THEN CASE
        WHEN cl.named IS NOT NULL THEN 'Claimed by ' || {_join_and("cl.named")} || {detail}
        WHEN act.claimants IS NOT NULL THEN 'Claimed by ' || {_join_and("act.claimants")}
        ELSE 'Claimed (group not named)' END
      WHEN {_literal(claims.DISPUTED)} THEN CASE
        WHEN ({claimed_by}) = '' AND ({denied_by}) = '' THEN 'Disputed'
        ELSE 'Disputed: ' || concat_ws(', ', 'claimed by ' || NULLIF({claimed_by}, ''),
                                         'denied by ' || NULLIF({denied_by}, '')) END
      WHEN {_literal(claims.ATTRIBUTED)} THEN {attributed}
      WHEN {_literal(claims.UNCLAIMED)} THEN CASE WHEN {suspects} = '' THEN 'Unclaimed'
        ELSE 'Unclaimed, ' || {suspects} || ' suspected' END
      ELSE CASE WHEN {suspects} = '' THEN 'Claim unknown'
        ELSE 'Claim unknown, ' || {suspects} || ' suspected' END
    END"""


def _fatalities_sql(language: str) -> str:
    """`Incident.fatalities_text`, "unknown" in the reader's language (`layouts.briefing_rows`)."""
    unknown = _literal(UNKNOWN_WORD.get(language, "unknown"))
    low, best, high = "i.fatalities_low", "i.fatalities_best", "i.fatalities_high"
    return f"""CASE WHEN {low} IS NULL AND {best} IS NULL AND {high} IS NULL THEN {unknown}
      WHEN {high} IS NULL AND {low} IS NOT NULL AND ({best} IS NULL OR {best} = {low})
        THEN '≥' || {low}
      WHEN {low} IS NOT NULL AND {high} IS NOT NULL AND {low} <> {high}
        THEN {low} || '–' || {high}
      ELSE coalesce({best}, {low}, {high})::text END"""


def _review_status_sql(language: str) -> str:
    """`layouts.briefing_rows`' last column: the review status in the file's language."""
    words = REVIEW_STATUS_WORDS.get(language, REVIEW_STATUS_WORDS["en"])
    cases = " ".join(f"WHEN {_literal(code)} THEN {_literal(word)}" for code, word in words.items())
    return f"CASE i.review_status {cases} ELSE i.review_status END"


def briefing_select_sql(
    incidents_sql: str,
    *,
    language: str = "en",
    order_by: str = "",
    articles_sql: str | None = None,
    safe,
) -> str:
    """One SELECT giving the whole `briefing` layout, row for row what `layouts.briefing_rows`
    gives. `incidents_sql` selects `BRIEFING_COLUMNS` of the incidents to export (it appears
    twice); `articles_sql` the ids of the articles the reader may read (None: every source).
    Parameters go to the cursor in text order: incidents, articles, incidents. `order_by`: an
    ORDER BY over the columns of `i` ("" for the database's order). `safe` is the formula
    guard (`stream._sql_safe`) applied to every text cell."""
    columns = ", ".join(BRIEFING_COLUMNS)
    countries = ", ".join(
        "('{}', '{}')".format(code, country_name(code).replace("'", "''")) for code in COUNTRIES
    )
    roles = IncidentActor.Role
    readable = f" AND s.article_id IN ({articles_sql})" if articles_sql is not None else ""
    cells = {
        "place": "coalesce(pll.name, (SELECT l.name FROM incidents_incidentlocation AS il "
        "JOIN incidents_location AS l ON l.id = il.location_id "
        "WHERE il.incident_id = i.id ORDER BY il.is_primary DESC, il.id LIMIT 1))",
        "admin1": "i.admin1",
        "country": "coalesce(NULLIF(c.name, ''), i.country)",
        "event": "i.event_type || CASE WHEN i.sub_event_type <> '' "
        "THEN ' (' || i.sub_event_type || ')' ELSE '' END",
        "perpetrators": "act.perpetrators",
        "suspected": "sus.column_text",
        "claim": _claim_status_sql(),
        "summary": "i.summary",
        "sources": "src.text",
        "review_status": _review_status_sql(language),
    }
    inner = ", ".join(f"{expr} AS {name}" for name, expr in cells.items())
    date = (
        "i.date_start::text || CASE WHEN i.date_end IS NOT NULL AND i.date_end <> i.date_start "
        "THEN '/' || i.date_end::text ELSE '' END"
    )

    def out(name: str) -> str:
        return safe(f"d.{name}")

    return f"""
    WITH country(code, name) AS (VALUES {countries}),
    ids AS MATERIALIZED (SELECT q.id FROM ({incidents_sql}) AS q ({columns})),
    -- One row per (incident, role, suspects' group, label): `dict.fromkeys` on the labels.
    links AS (
      SELECT ia.incident_id, ia.role,
        CASE WHEN ia.role <> '{roles.SUSPECTED}' THEN 0
             WHEN coalesce(ia.alternative_group, 0) = 0 THEN ia.id
             ELSE -ia.alternative_group END AS grp,
        {_LABEL} AS label, min(ia.id) AS pos
      FROM incidents_incidentactor AS ia JOIN ids ON ids.id = ia.incident_id
      JOIN incidents_actor AS ac ON ac.id = ia.actor_id
      WHERE ia.role IN ('{roles.PERPETRATOR}', '{roles.SUSPECTED}', '{roles.CLAIMANT}')
      GROUP BY 1, 2, 3, 4
    ),
    -- `layouts._suspects` / `claim_picture.suspects`: "A or B" per alternative group.
    groups AS (
      SELECT incident_id, grp, string_agg(label, ' or ' ORDER BY pos) AS text, min(pos) AS pos
      FROM links WHERE role = '{roles.SUSPECTED}' AND label IS NOT NULL GROUP BY 1, 2
    ),
    sus AS (
      SELECT g.incident_id, string_agg(g.text, ', ' ORDER BY g.pos) AS column_text,
        {_join_and("array_agg(g.text ORDER BY g.pos) FILTER (WHERE g.first)")} AS texts_text
      FROM (SELECT incident_id, text, pos,
              pos = min(pos) OVER (PARTITION BY incident_id, text) AS first FROM groups) AS g
      GROUP BY g.incident_id
    ),
    act AS (
      SELECT incident_id,
        string_agg(label, ', ' ORDER BY pos) FILTER (WHERE role = '{roles.PERPETRATOR}')
          AS perpetrators,
        array_agg(label ORDER BY pos) FILTER (WHERE role = '{roles.CLAIMANT}') AS claimants
      FROM links WHERE role <> '{roles.SUSPECTED}' AND label IS NOT NULL GROUP BY 1
    ),
    facts AS (
      SELECT ce.incident_id, ce.kind, ce.channel, ce.date, ce.made_by, {_LABEL} AS label,
        {_FACT_POS} AS pos
      FROM incidents_claimevent AS ce JOIN ids ON ids.id = ce.incident_id
      LEFT JOIN incidents_actor AS ac ON ac.id = ce.actor_id
      WHERE ce.kind IN ('{claims.CLAIM}', '{claims.DENIAL}', '{claims.ATTRIBUTION}')
    ),
    -- The names `claim_status_text` joins, each list without duplicates, in fact order.
    facet AS (
      SELECT incident_id, facet, value, min(pos) AS pos FROM (
        SELECT incident_id, 'named' AS facet, label AS value, pos FROM facts
          WHERE kind = '{claims.CLAIM}' AND label IS NOT NULL
        UNION ALL SELECT incident_id, 'claim', coalesce(label, 'an unnamed group'), pos
          FROM facts WHERE kind = '{claims.CLAIM}'
        UNION ALL SELECT incident_id, 'denial',
          coalesce(label, NULLIF(made_by, ''), 'an unnamed party'), pos
          FROM facts WHERE kind = '{claims.DENIAL}'
        UNION ALL SELECT incident_id, 'attributed', label, pos FROM facts
          WHERE kind = '{claims.ATTRIBUTION}' AND label IS NOT NULL
        UNION ALL SELECT incident_id, 'attributed_by', made_by, pos FROM facts
          WHERE kind = '{claims.ATTRIBUTION}' AND made_by <> ''
      ) AS f GROUP BY 1, 2, 3
    ),
    cl AS (
      SELECT incident_id,
        array_agg(value ORDER BY pos) FILTER (WHERE facet = 'named') AS named,
        array_agg(value ORDER BY pos) FILTER (WHERE facet = 'claim') AS claims,
        array_agg(value ORDER BY pos) FILTER (WHERE facet = 'denial') AS denials,
        array_agg(value ORDER BY pos) FILTER (WHERE facet = 'attributed') AS attributed,
        array_agg(value ORDER BY pos) FILTER (WHERE facet = 'attributed_by') AS attributed_by
      FROM facet GROUP BY 1
    ),
    -- The first named claim's channel and date, shown when it is the only named one.
    cf AS (
      SELECT incident_id, count(*) AS named_count,
        (array_agg(channel ORDER BY pos))[1] AS channel, (array_agg(date ORDER BY pos))[1] AS date
      FROM facts WHERE kind = '{claims.CLAIM}' AND label IS NOT NULL GROUP BY 1
    ),
    -- `records.export_sources`: readable articles only, by evidence id.
    src AS (
      SELECT s.incident_id, string_agg(CASE WHEN coalesce(ar.url, '') <> ''
          THEN coalesce(ou.name, '') || ': ' || ar.url ELSE coalesce(ou.name, '') END,
          ' | ' ORDER BY s.id) AS text
      FROM incidents_incidentsource AS s JOIN ids ON ids.id = s.incident_id
      JOIN sources_article AS ar ON ar.id = s.article_id
      LEFT JOIN sources_outlet AS ou ON ou.id = ar.outlet_id
      WHERE true{readable}
      GROUP BY 1
    )
    SELECT d.date, {out("place")}, {out("admin1")}, {out("country")}, {out("event")},
      {out("perpetrators")}, {out("suspected")}, {out("claim")}, d.fatalities,
      {out("summary")}, {out("sources")}, d.review_status
    FROM (
      SELECT {date} AS date, {_fatalities_sql(language)} AS fatalities, {inner}
        {", " + ", ".join(f"i.{c} AS sort_{c}" for c in BRIEFING_COLUMNS) if order_by else ""}
      FROM ({incidents_sql}) AS i ({columns})
      LEFT JOIN incidents_incidentlocation AS pl ON pl.incident_id = i.id AND pl.is_primary
      LEFT JOIN incidents_location AS pll ON pll.id = pl.location_id
      LEFT JOIN country AS c ON c.code = i.country
      LEFT JOIN act ON act.incident_id = i.id
      LEFT JOIN sus ON sus.incident_id = i.id
      LEFT JOIN cl ON cl.incident_id = i.id
      LEFT JOIN cf ON cf.incident_id = i.id
      LEFT JOIN src ON src.incident_id = i.id
    ) AS d
    {order_by}"""
