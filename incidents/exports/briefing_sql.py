"""The `briefing` layout as one SELECT for PostgreSQL's COPY: the SQL twin of
`layouts.briefing_rows` over `records.incident_record` (and `claims.claim_status_text`).

Set-based, as the `acled` layout's fast path is (see `bench/README.md`): each link table is read
once, grouped by incident into arrays, for the incidents of the export only (the `ids` CTE), and
hash-joined to them. The texts are then built per row in layers (`OFFSET 0` keeps PostgreSQL
from inlining a layer, which would compute a cell once per use). Python's `dict.fromkeys`
(duplicates dropped, first seen kept) costs nothing on the usual one-element arrays and a small
subquery on the others. Translated texts (claim status, toll) are the active language's: build
the SELECT inside `translation.override(language)`. `tests/test_export_briefing_sql.py` checks
that both sides write the same bytes.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from incidents import claims, corroboration
from incidents.models import IncidentActor
from vocabulary.countries import COUNTRIES, country_name

from .layouts import CONFIDENCE_WORDS, REVIEW_STATUS_WORDS, UNKNOWN_WORD

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

_LABEL = "NULLIF(coalesce(NULLIF(ac.short_name, ''), ac.name), '')"  # Actor.label, '' as NULL


def _literal(text: str) -> str:
    """An SQL string literal; `%` doubled, as the query goes through the cursor's mogrify."""
    return "'" + text.replace("'", "''").replace("%", "%%") + "'"


def _template(text: str, **values: str) -> str:
    """A translated "%(name)s" template as SQL: literals and the (non-NULL) `values` joined."""
    parts = re.split(r"%\((\w+)\)s", text)
    sql = [
        f"({values[part]})" if n % 2 else _literal(part.replace("%%", "%"))
        for n, part in enumerate(parts)
        if (values[part] if n % 2 else part)
    ]
    return " || ".join(sql) or "''"


def _dedupe(array: str) -> str:
    """`list(dict.fromkeys(array))`: free for the usual zero or one element."""
    return (
        f"CASE WHEN coalesce(cardinality({array}), 0) <= 1 THEN {array} ELSE ARRAY("
        f"SELECT u.x FROM unnest({array}) WITH ORDINALITY AS u(x, n) GROUP BY u.x "
        f"ORDER BY min(u.n)) END"
    )


def _join_and(array: str) -> str:
    """`claims._join_and` over an array without duplicates or empty strings."""
    array = f"({array})"
    many = _template(
        _("%(first)s and %(last)s"),
        first=f"array_to_string({array}[1:cardinality({array}) - 1], ', ')",
        last=f"{array}[cardinality({array})]",
    )
    return (
        f"CASE WHEN coalesce(cardinality({array}), 0) = 0 THEN '' "
        f"WHEN cardinality({array}) = 1 THEN {array}[1] ELSE {many} END"
    )


def _groups(separator: str) -> str:
    """The suspects' groups (`layouts._suspects`, `claim_picture.suspects`): the labels of one
    alternative group joined by `separator`, the groups in the order they first appear."""
    return f"""CASE WHEN act.suspects IS NULL THEN NULL
      WHEN cardinality(act.suspects) = 1 THEN act.suspects
      ELSE ARRAY(SELECT b.t FROM (
        SELECT string_agg(a.x, {_literal(separator)} ORDER BY a.n) AS t, min(a.n) AS p FROM (
          SELECT u.x, u.g, min(u.n) AS n
          FROM unnest(act.suspects, act.suspect_groups) WITH ORDINALITY AS u(x, g, n)
          GROUP BY u.x, u.g) AS a
        GROUP BY a.g) AS b ORDER BY b.p) END"""


# The suspects one by one, in group order (the attribution's fallback; rare, so a subquery).
_FLAT_SUSPECTS = """CASE WHEN cardinality(r.suspects) = 1 THEN r.suspects ELSE ARRAY(
      SELECT c.x FROM (
        SELECT u.x, min(ARRAY[gp.p, u.n]) AS k
        FROM unnest(r.suspects, r.suspect_groups) WITH ORDINALITY AS u(x, g, n)
        JOIN (SELECT v.g, min(v.n) AS p
              FROM unnest(r.suspects, r.suspect_groups) WITH ORDINALITY AS v(x, g, n)
              GROUP BY v.g) AS gp ON gp.g = u.g
        GROUP BY u.x) AS c ORDER BY c.k) END"""


def _suspected(singular: str, plural: str, bare: str) -> str:
    """`ngettext(...) % {"suspects": ...}` over the number of groups, or `bare` without any."""
    one = _template(ngettext(singular, plural, 1), suspects="t.suspects_text")
    many = _template(ngettext(singular, plural, 2), suspects="t.suspects_text")
    return (
        f"CASE WHEN coalesce(cardinality(t.groups), 0) = 0 THEN {_literal(bare)} "
        f"WHEN cardinality(t.groups) = 1 THEN {one} ELSE {many} END"
    )


def _claim_status() -> str:
    """`claims.claim_status_text`, branch for branch, over the texts of layer `t`."""
    by_claimants = _template(_("Claimed by %(actors)s%(detail)s"), actors="t.claimants", detail="")
    detail = (
        "CASE WHEN cardinality(t.named_raw) = 1 AND (coalesce(t.channels[1], '') <> '' "
        "OR t.dates[1] IS NOT NULL) THEN ' (' || concat_ws(', ', NULLIF(t.channels[1], ''), "
        "t.dates[1]::text) || ')' ELSE '' END"
    )
    parts = (
        f"concat_ws(', ', CASE WHEN t.claimed_by <> '' THEN "
        f"{_template(_('claimed by %(actors)s'), actors='t.claimed_by')} END, "
        f"CASE WHEN t.denied_by <> '' THEN "
        f"{_template(_('denied by %(actors)s'), actors='t.denied_by')} END)"
    )
    attribution = (
        f"CASE WHEN t.attributed IS NOT NULL THEN "
        f"{_template(_('Attributed to %(actors)s'), actors='t.attributed')} "
        f"ELSE {_literal(_('Attributed'))} END"
    )
    return f"""CASE t.claim_status
      WHEN {_literal(claims.CLAIMED)} THEN CASE
        WHEN t.named <> '' THEN {
        _template(_("Claimed by %(actors)s%(detail)s"), actors="t.named", detail=detail)
    }
        WHEN t.claimants <> '' THEN {by_claimants}
        ELSE {_literal(_("Claimed (group not named)"))} END
      WHEN {_literal(claims.DISPUTED)} THEN CASE
        WHEN t.claimed_by = '' AND t.denied_by = '' THEN {_literal(_("Disputed"))}
        ELSE {_template(_("Disputed: %(details)s"), details=parts)} END
      WHEN {_literal(claims.ATTRIBUTED)} THEN CASE WHEN t.attributed_by <> '' THEN {
        _template(
            _("%(attribution)s by %(source)s"), attribution=attribution, source="t.attributed_by"
        )
    } ELSE {attribution} END
      WHEN {_literal(claims.UNCLAIMED)} THEN {
        _suspected(
            "Unclaimed, %(suspects)s suspected",
            "Unclaimed, %(suspects)s suspected",
            _("Unclaimed"),
        )
    }
      ELSE {
        _suspected(
            "Claim unknown, %(suspects)s suspected",
            "Claim unknown, %(suspects)s suspected",
            _("Claim unknown"),
        )
    } END"""


def _fatalities(language: str) -> str:
    """`Incident.fatalities_text` as `layouts.briefing_rows` writes it."""
    unknown = _("unknown")
    if unknown == "unknown":
        unknown = UNKNOWN_WORD.get(language, "unknown")
    low, best, high = "r.fatalities_low", "r.fatalities_best", "r.fatalities_high"
    return f"""CASE WHEN {low} IS NULL AND {best} IS NULL AND {high} IS NULL THEN {_literal(unknown)}
      WHEN {high} IS NULL AND {low} IS NOT NULL AND ({best} IS NULL OR {best} = {low})
        THEN {_template(_("≥%(low)s"), low=f"{low}::text")}
      WHEN {low} IS NOT NULL AND {high} IS NOT NULL AND {low} <> {high}
        THEN {low} || '–' || {high}
      ELSE coalesce({best}, {low}, {high})::text END"""


def _confidence(language: str) -> str:
    """`corroboration.confidence_level` in the file's words (`layouts.CONFIDENCE_WORDS`), over
    layer `t`'s counts."""
    words = CONFIDENCE_WORDS.get(language, CONFIDENCE_WORDS["en"])
    word = {level: _literal(words[name]) for level, name in corroboration.LEVEL_NAMES.items()}
    return f"""CASE WHEN t.independent >= 3 OR (t.independent >= 2 AND t.strong)
        THEN {word[corroboration.HIGH]}
      WHEN t.independent >= 2 OR (t.independent >= 1 AND t.strong)
        THEN {word[corroboration.MEDIUM]}
      WHEN t.independent >= 1 THEN {word[corroboration.LOW]}
      ELSE {word[corroboration.NONE]} END"""


def briefing_select_sql(
    incidents_sql: str,
    *,
    language: str = "en",
    order_by: str = "",
    articles_sql: str | None = None,
    safe: Callable[[str], str],
) -> str:
    """One SELECT giving the whole `briefing` layout, row for row what `layouts.briefing_rows`
    gives. `incidents_sql` selects `BRIEFING_COLUMNS` of the incidents to export (it appears
    twice); `articles_sql` the ids of the articles the reader may read (None: every source).
    Parameters go to the cursor in text order: incidents, articles, incidents. `order_by`: an
    ORDER BY over the columns of `i` ("" for the database's order). `safe` is the formula guard
    (`stream._sql_safe`) of a text cell."""
    columns = ", ".join(BRIEFING_COLUMNS)
    countries = ", ".join(f"('{code}', {_literal(country_name(code))})" for code in COUNTRIES)
    roles = IncidentActor.Role
    readable = f" AND s.article_id IN ({articles_sql})" if articles_sql is not None else ""
    # `claims._suspects_text` joins a group with the translated " or ", the column in English.
    either = _(" or ")
    groups_tr = "r.groups_tr" if either != " or " else "r.groups"
    groups_tr_column = f"\n            {_groups(either)} AS groups_tr," if either != " or " else ""
    words = REVIEW_STATUS_WORDS.get(language, REVIEW_STATUS_WORDS["en"])
    review = " ".join(f"WHEN {_literal(k)} THEN {_literal(v)}" for k, v in words.items())
    text_cells = (
        "place",
        "admin1",
        "country",
        "event",
        "perpetrators",
        "suspected",
        "claim",
        "summary",
        "sources",
    )
    cells = ", ".join(
        ["d.date", *(safe(f"d.{c}") for c in text_cells[:7]), "d.fatalities"]
        + [safe(f"d.{c}") for c in text_cells[7:]]
        + [safe("d.review"), "d.reports", "d.independent"]
        + [safe(f"d.{c}") for c in ("tolls", "best_grade", "confidence")]
    )
    strong_reliability = "(" + ", ".join(map(_literal, corroboration.STRONG_RELIABILITY)) + ")"
    by_fact = "ORDER BY f.date, f.id"  # `claim_events` order: by date (none last), then id
    named = "f.kind = 'claim' AND f.label IS NOT NULL"
    return f"""
    WITH country(code, name) AS (VALUES {countries}),
    ids AS MATERIALIZED (SELECT q.id FROM ({incidents_sql}) AS q ({columns})),
    act AS (
      SELECT a.incident_id,
        array_agg(a.label ORDER BY a.id) FILTER (WHERE a.role = '{roles.PERPETRATOR}')
          AS perpetrators,
        array_agg(a.label ORDER BY a.id) FILTER (WHERE a.role = '{roles.CLAIMANT}') AS claimants,
        array_agg(a.label ORDER BY a.id) FILTER (WHERE a.role = '{roles.SUSPECTED}') AS suspects,
        array_agg(CASE WHEN coalesce(a.alternative_group, 0) = 0 THEN a.id
                       ELSE -a.alternative_group END ORDER BY a.id)
          FILTER (WHERE a.role = '{roles.SUSPECTED}') AS suspect_groups
      FROM (SELECT ia.id, ia.incident_id, ia.role, ia.alternative_group, {_LABEL} AS label
            FROM incidents_incidentactor AS ia JOIN incidents_actor AS ac ON ac.id = ia.actor_id
            WHERE ia.role IN ('{roles.PERPETRATOR}', '{roles.SUSPECTED}', '{roles.CLAIMANT}')
           ) AS a JOIN ids ON ids.id = a.incident_id
      WHERE a.label IS NOT NULL
      GROUP BY 1
    ),
    cl AS (
      SELECT f.incident_id,
        array_agg(f.label {by_fact}) FILTER (WHERE {named}) AS named,
        array_agg(f.channel {by_fact}) FILTER (WHERE {named}) AS channels,
        array_agg(f.date {by_fact}) FILTER (WHERE {named}) AS dates,
        array_agg(coalesce(f.label, {_literal(_("an unnamed group"))}) {by_fact})
          FILTER (WHERE f.kind = '{claims.CLAIM}') AS claims,
        array_agg(coalesce(f.label, NULLIF(f.made_by, ''), {_literal(_("an unnamed party"))})
          {by_fact}) FILTER (WHERE f.kind = '{claims.DENIAL}') AS denials,
        array_agg(f.label {by_fact})
          FILTER (WHERE f.kind = '{claims.ATTRIBUTION}' AND f.label IS NOT NULL) AS attributed,
        array_agg(f.made_by {by_fact})
          FILTER (WHERE f.kind = '{claims.ATTRIBUTION}' AND f.made_by <> '') AS attributed_by
      FROM (SELECT ce.id, ce.incident_id, ce.kind, ce.channel, ce.date, ce.made_by,
                   {_LABEL} AS label
            FROM incidents_claimevent AS ce LEFT JOIN incidents_actor AS ac ON ac.id = ce.actor_id
            WHERE ce.kind IN ('{claims.CLAIM}', '{claims.DENIAL}', '{claims.ATTRIBUTION}')
           ) AS f JOIN ids ON ids.id = f.incident_id
      GROUP BY 1
    ),
    -- `records.export_sources`: readable articles only, by evidence id; with what
    -- `corroboration.corroborate` reads of each (grade, independence key, toll).
    rs AS MATERIALIZED (
      SELECT s.id, s.incident_id, s.fatalities_reported AS toll, ar.url,
        coalesce(ou.name, '') AS outlet,
        coalesce(ou.reliability, 'F') AS reliability, s.credibility,
        coalesce(NULLIF(ar.wire_agency, ''), NULLIF(st.wire_agency, ''),
                 '#' || coalesce(ar.same_story_as_id, ar.id)::text) AS story
      FROM incidents_incidentsource AS s JOIN ids ON ids.id = s.incident_id
      JOIN sources_article AS ar ON ar.id = s.article_id
      LEFT JOIN sources_outlet AS ou ON ou.id = ar.outlet_id
      LEFT JOIN sources_article AS st ON st.id = ar.same_story_as_id
      WHERE true{readable}
    ),
    src AS (
      SELECT rs.incident_id, string_agg(CASE WHEN coalesce(rs.url, '') <> ''
          THEN rs.outlet || ': ' || rs.url ELSE rs.outlet END, ' | ' ORDER BY rs.id) AS text,
        count(*) AS reports, count(DISTINCT rs.story) AS independent,
        min(rs.reliability || rs.credibility::text) AS best_grade,
        bool_or(rs.reliability IN {strong_reliability}
                AND rs.credibility <= {corroboration.STRONG_CREDIBILITY}) AS strong
      FROM rs GROUP BY 1
    ),
    -- `Corroboration.tolls_text`: each toll, lowest first, with its outlets in citing order.
    tl AS (
      SELECT x.incident_id, string_agg(x.toll::text || coalesce(' (' || x.names || ')', ''),
          '; ' ORDER BY x.toll) AS text
      FROM (SELECT y.incident_id, y.toll,
              string_agg(NULLIF(y.outlet, ''), ', ' ORDER BY y.first) AS names
            FROM (SELECT rs.incident_id, rs.toll, rs.outlet, min(rs.id) AS first
                  FROM rs WHERE rs.toll IS NOT NULL GROUP BY 1, 2, 3) AS y
            GROUP BY 1, 2) AS x
      GROUP BY 1
    )
    SELECT {cells} FROM (
      -- layer 3: the cells
      SELECT t.date, t.place, t.admin1, t.country, t.event, t.perpetrators, t.suspected,
        {_claim_status()} AS claim, t.fatalities, t.summary, t.sources, t.review,
        t.reports, t.independent, t.tolls, t.best_grade, {_confidence(language)} AS confidence
      FROM (
        -- layer 2: the joined names
        SELECT r.*, {_fatalities(language)} AS fatalities,
          array_to_string(r.groups, ', ') AS suspected,
          {_join_and("r.named_d")} AS named, {_join_and("r.claimants_d")} AS claimants,
          {_join_and("CASE WHEN r.claims IS NOT NULL THEN r.claims_d ELSE r.claimants_d END")}
            AS claimed_by,
          {_join_and("r.denials_d")} AS denied_by,
          CASE WHEN r.attributed_raw IS NOT NULL THEN {_join_and("r.attributed_d")}
               WHEN r.suspects IS NOT NULL THEN {_join_and(_dedupe(_FLAT_SUSPECTS))} END
            AS attributed,
          {_join_and("r.attributed_by_d")} AS attributed_by,
          {_join_and(_dedupe(groups_tr))} AS suspects_text
        FROM (
          -- layer 1: each incident with its arrays
          SELECT i.id, i.claim_status, i.fatalities_low, i.fatalities_best, i.fatalities_high,
            i.date_start::text || CASE WHEN i.date_end IS NOT NULL
              AND i.date_end <> i.date_start THEN '/' || i.date_end::text ELSE '' END AS date,
            coalesce(pll.name, (SELECT l.name FROM incidents_incidentlocation AS il
              JOIN incidents_location AS l ON l.id = il.location_id
              WHERE il.incident_id = i.id ORDER BY il.is_primary DESC, il.id LIMIT 1)) AS place,
            i.admin1, coalesce(NULLIF(c.name, ''), i.country) AS country,
            i.event_type || CASE WHEN i.sub_event_type <> ''
              THEN ' (' || i.sub_event_type || ')' ELSE '' END AS event,
            array_to_string({_dedupe("act.perpetrators")}, ', ') AS perpetrators,
            {_groups(" or ")} AS groups,{groups_tr_column}
            act.suspects, act.suspect_groups, {_dedupe("act.claimants")} AS claimants_d,
            cl.named AS named_raw, {_dedupe("cl.named")} AS named_d, cl.channels, cl.dates,
            cl.claims, {_dedupe("cl.claims")} AS claims_d, {_dedupe("cl.denials")} AS denials_d,
            cl.attributed AS attributed_raw, {_dedupe("cl.attributed")} AS attributed_d,
            {_dedupe("cl.attributed_by")} AS attributed_by_d,
            i.summary, src.text AS sources,
            CASE i.review_status {review} ELSE i.review_status END AS review,
            coalesce(src.reports, 0) AS reports, coalesce(src.independent, 0) AS independent,
            tl.text AS tolls, src.best_grade, coalesce(src.strong, false) AS strong
          FROM ({incidents_sql}) AS i ({columns})
          LEFT JOIN incidents_incidentlocation AS pl ON pl.incident_id = i.id AND pl.is_primary
          LEFT JOIN incidents_location AS pll ON pll.id = pl.location_id
          LEFT JOIN country AS c ON c.code = i.country
          LEFT JOIN act ON act.incident_id = i.id
          LEFT JOIN cl ON cl.incident_id = i.id
          LEFT JOIN src ON src.incident_id = i.id
          LEFT JOIN tl ON tl.incident_id = i.id
          {order_by}
          OFFSET 0
        ) AS r OFFSET 0
      ) AS t OFFSET 0
    ) AS d"""
