"""How well an incident is corroborated: its sources, the independent ones, the tolls they
report, the best Admiralty grade and a confidence level derived from these.

One rule, written twice for its two uses, kept in agreement by tests/test_corroboration.py:
- `corroborate(facts)`: plain Python over the sources a reader may read (the incident page, the
  API rows, the briefing CSV's Python side);
- `with_confidence(queryset, user)`: the same counts as SQL annotations, for the filters
  `corroborated` and `min_confidence` (`incidents.filtersets`).
The briefing CSV's PostgreSQL twin (`exports.briefing_sql`) writes the same cells.

Independence: wire copies of one dispatch are one source. Two reports are the same source when
they credit the same news agency (`Article.wire_agency`, read by `vocabulary.textmeta`) or when
near-duplicate detection found one to be a retelling of the other (`Article.same_story_as`,
`sources.dedup`); the key of a report is its agency, else its story's agency, else its story.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, Concat, NullIf
from django.utils.translation import gettext_lazy as _

# Confidence levels, lowest first; `min_confidence` takes their names.
NONE, LOW, MEDIUM, HIGH = 0, 1, 2, 3
LEVEL_NAMES = {NONE: "none", LOW: "low", MEDIUM: "medium", HIGH: "high"}
LEVELS_BY_NAME = {name: level for level, name in LEVEL_NAMES.items()}
LEVEL_LABELS = {NONE: _("none"), LOW: _("low"), MEDIUM: _("medium"), HIGH: _("high")}
# A strong source: an outlet usually reliable or better reporting what is probably true or
# confirmed (Admiralty "B2" or better).
STRONG_RELIABILITY = ("A", "B")
STRONG_CREDIBILITY = 2
CORROBORATED = 2  # independent sources that make an incident corroborated

RULE = _(
    "Confidence: high with three or more independent sources, or two with one graded B2 or "
    "better (a usually reliable outlet or better, reporting what is probably true or "
    "confirmed); medium with two independent sources, or one graded B2 or better; low with "
    "one source; none without a source. Copies of one wire dispatch (the same agency credit, "
    "or a near-duplicate text) count as one source."
)


@dataclass(frozen=True)
class SourceFact:
    """What corroboration reads of one cited report."""

    outlet: str
    reliability: str  # the outlet's A–F, "F" without an outlet
    credibility: int  # the report's 1–6
    key: str  # `independence_key`
    toll: int | None = None


@dataclass
class Corroboration:
    sources_count: int = 0
    independent_sources: int = 0
    best_grade: str = ""  # "B2"; "" without a source
    tolls: list[tuple[int, list[str]]] = field(default_factory=list)  # (toll, outlets), low first
    level: int = NONE

    @property
    def confidence(self) -> str:
        return LEVEL_NAMES[self.level]

    @property
    def confidence_label(self) -> str:
        return str(LEVEL_LABELS[self.level])

    @property
    def corroborated(self) -> bool:
        return self.independent_sources >= CORROBORATED

    @property
    def toll_range(self) -> str:
        """ "12", "12–15"; "" when no report gives a toll."""
        if not self.tolls:
            return ""
        low, high = self.tolls[0][0], self.tolls[-1][0]
        return str(low) if low == high else f"{low}–{high}"

    @property
    def tolls_text(self) -> str:
        """ "12 (AFP, RFI); 15 (Reuters)": who reported each toll."""
        return tolls_text(self.tolls)


def tolls_text(tolls) -> str:
    """ "12 (AFP, RFI); 15 (Reuters)" from (toll, outlets) pairs (a report without an outlet adds
    no name): the CSV's and the GeoJSON's one wording of the reported tolls."""
    cells = []
    for toll, outlets in tolls:
        names = ", ".join(name for name in outlets if name)
        cells.append(f"{toll} ({names})" if names else str(toll))
    return "; ".join(cells)


def independence_key(article_id: int, agency: str, story_id: int | None, story_agency: str) -> str:
    """One key per independent source (see the module docstring)."""
    return agency or story_agency or f"#{story_id or article_id}"


def confidence_level(independent: int, strong: bool) -> int:
    """`RULE`, as a number."""
    if independent >= 3 or (independent >= 2 and strong):
        return HIGH
    if independent >= 2 or (independent >= 1 and strong):
        return MEDIUM
    return LOW if independent >= 1 else NONE


def is_strong(reliability: str, credibility: int) -> bool:
    return reliability in STRONG_RELIABILITY and credibility <= STRONG_CREDIBILITY


def corroborate(facts: Iterable[SourceFact]) -> Corroboration:
    """The corroboration of an incident from the sources its reader may read."""
    facts = list(facts)
    if not facts:
        return Corroboration()
    keys = {fact.key for fact in facts}
    best = min(facts, key=lambda f: (f.reliability, f.credibility))
    tolls: dict[int, list[str]] = {}
    for fact in facts:
        if fact.toll is not None:
            outlets = tolls.setdefault(fact.toll, [])
            if fact.outlet not in outlets:
                outlets.append(fact.outlet)
    strong = any(is_strong(f.reliability, f.credibility) for f in facts)
    return Corroboration(
        sources_count=len(facts),
        independent_sources=len(keys),
        best_grade=f"{best.reliability}{best.credibility}",
        tolls=sorted(tolls.items()),
        level=confidence_level(len(keys), strong),
    )


def fact_of(source) -> SourceFact:
    """The fact of an `IncidentSource` loaded with `article__outlet` and `article__same_story_as`."""
    article = source.article
    story = article.same_story_as
    return SourceFact(
        outlet=article.outlet.name if article.outlet else "",
        reliability=article.outlet.reliability if article.outlet else "F",
        credibility=source.credibility,
        key=independence_key(
            article.pk,
            article.wire_agency,
            article.same_story_as_id,
            story.wire_agency if story else "",
        ),
        toll=source.fatalities_reported,
    )


# --- the same counts in SQL, for filters ------------------------------------------------------


def _readable_sources(readable: QuerySet | None) -> QuerySet:
    from incidents.models import IncidentSource

    sources = IncidentSource.objects.filter(incident_id=OuterRef("pk"))
    return sources if readable is None else sources.filter(article__in=readable)


def with_confidence(queryset: QuerySet, readable: QuerySet | None) -> QuerySet:
    """`independent_sources` and `confidence_level` of each incident, over the sources whose
    article is in `readable` (ids of the reader's articles; None: every source): `corroborate`
    as SQL."""
    story_key = Concat(
        Value("#"),
        Cast(Coalesce("article__same_story_as_id", "article_id"), CharField()),
        output_field=CharField(),
    )
    key = Coalesce(
        NullIf("article__wire_agency", Value("")),
        NullIf("article__same_story_as__wire_agency", Value("")),
        story_key,
        output_field=CharField(),
    )
    independent = (
        _readable_sources(readable)
        .order_by()
        .values("incident_id")
        .annotate(n=Count(key, distinct=True))
        .values("n")
    )
    strong = _readable_sources(readable).filter(
        article__outlet__reliability__in=STRONG_RELIABILITY,
        credibility__lte=STRONG_CREDIBILITY,
    )
    queryset = queryset.annotate(
        independent_sources=Coalesce(Subquery(independent, output_field=IntegerField()), Value(0)),
        has_strong_source=Exists(strong),
    )
    return queryset.annotate(
        confidence_level=Case(
            When(independent_sources__gte=3, then=Value(HIGH)),
            When(independent_sources__gte=2, has_strong_source=True, then=Value(HIGH)),
            When(independent_sources__gte=2, then=Value(MEDIUM)),
            When(independent_sources__gte=1, has_strong_source=True, then=Value(MEDIUM)),
            When(independent_sources__gte=1, then=Value(LOW)),
            default=Value(NONE),
            output_field=IntegerField(),
        )
    )
