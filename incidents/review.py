"""Review services: the engine proposes incidents from an article, an analyst decides.

    propose_for_article(article) -> list[Suggestion]
    accept_suggestion(suggestion, user, changes=None) -> Incident
    reject_suggestion(suggestion, user, reason="")
    attach_to_incident(suggestion, incident, user) -> IncidentSource
    likely_matches(suggestion, user=None) -> list[Incident]
    explain_matches(suggestion, user=None) -> list[Match] (with the date, place and actor why)

A suggestion's `data` is the engine's `ProposedIncident.to_dict(extra=True)`: the JSON contract
of `extract --json` plus the ids needed to create records (location_ids, location_details,
actor_ids by role, summary, sentence_spans). `changes` given to `accept_suggestion` uses the
same keys and wins over the proposal; its `location_details` may hold places missing from the
gazetteer (`{"new": true, "name", "latitude", "longitude", "precision"}`), added on accept.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from incidents import permissions
from incidents.extraction import ProposedIncident, extract
from incidents.extraction.taxonomy import CIVILIANS
from incidents.models import (
    Actor,
    ClaimEvent,
    EngineRun,
    Incident,
    IncidentActor,
    IncidentLocation,
    IncidentSource,
    Location,
    Suggestion,
)
from incidents.models.incidents import DatePrecision, GeoPrecision, ReviewStatus
from sources.models import Article

MATCH_DAYS = 1
# A report whose date the engine could not read can describe any day of the week before it.
MATCH_UNDATED_DAYS = 7
MATCH_KM = 25.0
_REGION_KINDS = {"country", "admin1", "admin2"}
_ROLES = {role.value for role in IncidentActor.Role}
# Keys of the JSON contract (and of the desk's `changes`) -> incident actor roles.
_ROLE_BY_LIST = {
    "perpetrators": IncidentActor.Role.PERPETRATOR,
    "suspected": IncidentActor.Role.SUSPECTED,
    "claimants": IncidentActor.Role.CLAIMANT,
    "targets": IncidentActor.Role.TARGET,
}
_CLAIM_KIND_BY_ROLE = {
    # status -> (role whose actors get a claim event, kind of that event)
    "claimed": (IncidentActor.Role.CLAIMANT, ClaimEvent.Kind.CLAIM),
    "disputed": (IncidentActor.Role.CLAIMANT, ClaimEvent.Kind.CLAIM),
    "attributed": (IncidentActor.Role.PERPETRATOR, ClaimEvent.Kind.ATTRIBUTION),
}


class ReviewError(ValidationError):
    """The suggestion cannot be decided this way (already decided, missing date…)."""


def _published(article: Article) -> datetime.date | None:
    return timezone.localtime(article.published_at).date() if article.published_at else None


# --- propose -------------------------------------------------------------------------------


def _proposal_key(data: dict[str, Any]) -> tuple:
    """What makes two proposals from one article the same incident: date and places."""
    places = data.get("location_ids") or [loc.get("name") for loc in data.get("locations") or []]
    return (data.get("date_start"), tuple(sorted(map(str, places))))


def propose_for_article(article: Article, *, only_if_new: bool = False) -> list[Suggestion]:
    """Run the engine over the article and store one `Suggestion` per proposed incident.

    Re-running (after an alias or a place was added) replaces the undecided suggestions and
    leaves decided ones alone, without proposing again what was already accepted or attached.
    ``only_if_new=True`` (the Celery task) keeps existing suggestions, so a retried task never
    duplicates them. Returns the article's undecided suggestions.
    """
    from incidents.engine_index import get_index
    from incidents.engine_model import get_model

    if only_if_new and article.suggestions.exists():
        EngineRun.mark(article.pk, EngineRun.State.DONE)
        return list(article.suggestions.filter(status=Suggestion.Status.PROPOSED))
    result = extract(
        # A prefix keeps every evidence span valid; the bound keeps one text from holding a
        # worker (or the review page's "propose again") for minutes.
        article.text[: settings.EXTRACTION_MAX_CHARS],
        index=get_index(),
        published=_published(article),
        language=article.language or None,
        model=get_model(),
    )
    with transaction.atomic():
        article.suggestions.filter(status=Suggestion.Status.PROPOSED).delete()
        decided = list(article.suggestions.order_by("position"))
        decided_keys = {_proposal_key(s.data) for s in decided}
        start = decided[-1].position + 1 if decided else 0
        fresh = [
            data
            for data in (proposed.to_dict(extra=True) for proposed in result.incidents)
            if _proposal_key(data) not in decided_keys
        ]
        created = Suggestion.objects.bulk_create(
            Suggestion(
                article=article,
                position=start + offset,
                data=data,
                # Which learned model proposed it ("L1-<hash8>"), shown on the review page.
                engine_version=result.model_version,
            )
            for offset, data in enumerate(fresh)
        )
        if result.language and not article.language:
            # The engine detected the language: keep it on the article for filters.
            Article.objects.filter(pk=article.pk, language="").update(language=result.language)
        EngineRun.mark(article.pk, EngineRun.State.DONE)
    return created


# --- accept / reject / attach ----------------------------------------------------------------


def _locked(suggestion: Suggestion) -> Suggestion:
    locked = Suggestion.objects.select_for_update().select_related("article").get(pk=suggestion.pk)
    if locked.status != Suggestion.Status.PROPOSED:
        raise ReviewError(
            f"Suggestion {locked.pk} was already decided ({locked.get_status_display()})."
        )
    return locked


def _date(value: Any) -> datetime.date | None:
    if value in (None, ""):
        return None
    return value if isinstance(value, datetime.date) else datetime.date.fromisoformat(value)


def _quote(article: Article, proposal: ProposedIncident) -> str:
    """The sentences the proposal rests on, as they stand in the article."""
    spans = proposal.sentence_spans or ([proposal.summary_span] if proposal.summary_span else [])
    text = article.text
    passages = [text[start:end].strip() for start, end in spans if 0 <= start < end <= len(text)]
    return "\n\n".join(dict.fromkeys(p for p in passages if p))


def _evidence_text(article: Article, proposal: ProposedIncident, field: str) -> str:
    for item in proposal.evidence:
        if item.field == field:
            return item.text or article.text[item.start : item.end]
    return ""


def _location_rows(proposal: ProposedIncident) -> list[tuple[int, int]]:
    """(location pk, precision) in the proposal's order, first one primary."""
    rows = [
        (int(loc.location_id), int(loc.precision or 1))
        for loc in proposal.locations
        if loc.location_id
    ]
    if not rows:
        rows = [(int(pk), 1) for pk in proposal.location_ids]
    seen: set[int] = set()
    return [(pk, precision) for pk, precision in rows if not (pk in seen or seen.add(pk))]


MAX_PLACES = 20


def _coordinate(value: Any, name: str, limit: float) -> float | None:
    if value in (None, ""):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ReviewError(f"The {name} must be a number.") from None
    if not -limit <= number <= limit or math.isnan(number):
        raise ReviewError(f"The {name} must lie between -{limit:g} and {limit:g}.")
    return number


def _with_new_places(details: list[dict[str, Any]], data: dict[str, Any]) -> list[dict[str, Any]]:
    """The analyst's places, with those missing from the gazetteer ("new": true, a name and
    optional coordinates) added to it, so the incident can point at them."""
    if not isinstance(details, list) or len(details) > MAX_PLACES:
        raise ReviewError(f"An incident has at most {MAX_PLACES} places.")
    resolved = []
    for place in details:
        precision = int(place.get("precision") or GeoPrecision.EXACT)
        if precision not in GeoPrecision.values:
            raise ReviewError(f"Unknown place precision {precision}.")
        if not place.get("new"):
            resolved.append({**place, "precision": precision})
            continue
        name = " ".join(str(place.get("name") or "").split())
        if not name or len(name) > 200:
            raise ReviewError("A new place needs a name of at most 200 characters.")
        latitude = _coordinate(place.get("latitude"), "latitude", 90)
        longitude = _coordinate(place.get("longitude"), "longitude", 180)
        if (latitude is None) != (longitude is None):
            raise ReviewError(f"Give both the latitude and the longitude of {name}, or neither.")
        country = (data.get("country") or "").strip().upper()
        if len(country) != 2 or not country.isalpha():
            raise ReviewError(
                f"{name} is not in the gazetteer: set the incident's country (two letters) "
                "so it can be added."
            )
        location = Location.objects.filter(
            name__iexact=name, country_code=country, geonames_id__isnull=True
        ).first()
        if location is None:
            location = Location.objects.create(
                name=name,
                ascii_name=name,
                kind=Location.Kind.PLACE,
                country_code=country,
                admin1_name=(data.get("admin1") or "")[:200],
                latitude=latitude,
                longitude=longitude,
            )
        elif latitude is not None and location.latitude is None:
            Location.objects.filter(pk=location.pk).update(latitude=latitude, longitude=longitude)
        resolved.append({"name": name, "location_id": location.pk, "precision": precision})
    return resolved


@transaction.atomic
def accept_suggestion(
    suggestion: Suggestion, user, changes: dict[str, Any] | None = None
) -> Incident:
    """Create the incident with its places, actors, claim events and evidence, all or nothing.

    ``changes`` (the analyst's edits, in `Suggestion.data`'s shape) win over the proposal; actor
    lists by role ("perpetrators", "suspected", "claimants", "targets") are names, short names or
    aliases from the actor table.
    """
    permissions.require(permissions.can_create(user), "You may not create incidents.")
    suggestion = _locked(suggestion)
    article = suggestion.article
    data = {**suggestion.data, **(changes or {})}
    proposal = ProposedIncident.from_dict(data)
    if proposal.date_start is None:
        raise ReviewError("The incident needs a date: set date_start before accepting.")
    if not proposal.event_type:
        raise ReviewError("The incident needs an event type before it is accepted.")
    if changes and "location_details" in changes:
        data["location_details"] = _with_new_places(data["location_details"], data)
        # The analyst's list is the whole list: removed places must not come back from the ids.
        data["location_ids"] = []
        proposal = ProposedIncident.from_dict(data)
    actor_ids: dict[str, list[int]] = {
        role: [int(pk) for pk in ids] for role, ids in proposal.actor_ids.items() if role in _ROLES
    }
    for key, role in _ROLE_BY_LIST.items():
        if changes and key in changes:
            actor_ids[role] = actor_ids_for_names(changes[key] or [])
    actors = Actor.objects.in_bulk({pk for ids in actor_ids.values() for pk in ids})
    civilians_targeted = any(
        actors[pk].actor_type == CIVILIANS for pk in actor_ids.get("target", []) if pk in actors
    )

    date_end = proposal.date_end
    incident = Incident(
        summary=proposal.summary or _quote(article, proposal)[:2000] or "(no summary)",
        date_start=proposal.date_start,
        date_end=date_end if date_end and date_end != proposal.date_start else None,
        date_precision=proposal.date_precision or DatePrecision.DAY,
        event_type=proposal.event_type,
        sub_event_type=proposal.sub_event_type or "",
        claim_status=proposal.claim_status,
        fatalities_low=proposal.fatalities.low,
        fatalities_best=proposal.fatalities.best,
        fatalities_high=proposal.fatalities.high,
        # The analyst's tick, not part of a proposal; else whether civilians were targeted.
        civilian_targeting=bool(data.get("civilian_targeting", civilians_targeted)),
        review_status=ReviewStatus.DRAFT,
        # An incident is as sensitive as the report it comes from.
        tlp=article.tlp,
        team_id=article.team_id,
        created_by=user,
        updated_by=user,
    )
    if proposal.disorder_type:
        incident.disorder_type = proposal.disorder_type
    incident.full_clean(exclude=["primary_location"])
    incident.save()

    locations = _location_rows(proposal)
    known = set(
        Location.objects.filter(pk__in=[pk for pk, _precision in locations]).values_list(
            "pk", flat=True
        )
    )
    if not known:
        # A vague place ("the centre of the country"): record the region, or the country,
        # at region-level precision rather than no place at all.
        region = _region_location(proposal)
        if region is not None:
            locations, known = [(region.pk, 3)], {region.pk}
    IncidentLocation.objects.bulk_create(
        IncidentLocation(
            incident=incident, location_id=pk, is_primary=index == 0, geo_precision=precision
        )
        for index, (pk, precision) in enumerate(p for p in locations if p[0] in known)
    )
    suspects = actor_ids.get(IncidentActor.Role.SUSPECTED, [])
    for role, ids in actor_ids.items():
        for pk in dict.fromkeys(ids):
            if pk not in actors:
                continue
            IncidentActor.objects.create(
                incident=incident,
                actor=actors[pk],
                role=role,
                # Several suspects from one article are alternatives ("JNIM or IS Sahel").
                alternative_group=1
                if role == IncidentActor.Role.SUSPECTED and len(suspects) > 1
                else None,
            )
    _claim_events(incident, article, proposal, actor_ids, actors)
    IncidentSource.objects.create(
        incident=incident, article=article, quote=_quote(article, proposal), added_by=user
    )
    incident.refresh_place_fields()
    overrides = {
        key: (changes[key] or "").upper() if key == "country" else changes[key] or ""
        for key in ("country", "admin1")
        if changes and key in changes
    }
    if overrides:
        # The analyst's reading of the region wins over the one derived from the places.
        Incident.objects.filter(pk=incident.pk).update(**overrides)

    suggestion.status = Suggestion.Status.ACCEPTED
    suggestion.incident = incident
    suggestion.decided_by = user
    suggestion.decided_at = timezone.now()
    if changes:
        suggestion.reason = "Accepted with changes: " + ", ".join(sorted(changes))
    suggestion.save(update_fields=["status", "incident", "decided_by", "decided_at", "reason"])
    return incident


def actor_ids_for_names(names: Iterable[str]) -> list[int]:
    """Actor pks for standardised names, short names or aliases (case-insensitive)."""
    ids: list[int] = []
    for name in names:
        name = name.strip()
        if not name:
            continue
        actor = (
            Actor.objects.filter(name__iexact=name).first()
            or Actor.objects.filter(short_name__iexact=name).order_by("pk").first()
            or Actor.objects.filter(aliases__alias__iexact=name).order_by("pk").first()
        )
        if actor is None:
            raise ReviewError(
                f"Unknown actor {name!r}: add it, or an alias, to the actor table first."
            )
        if actor.pk not in ids:
            ids.append(actor.pk)
    return ids


def _region_location(proposal: ProposedIncident) -> Location | None:
    country = (proposal.country or "").upper()
    if not country:
        return None
    admin1 = proposal.admin1 or ""
    if admin1:
        region = Location.objects.filter(
            kind=Location.Kind.ADMIN1, country_code=country, name=admin1
        ).first()
        if region is not None:
            return region
    return Location.objects.filter(kind=Location.Kind.COUNTRY, country_code=country).first()


def _claim_events(
    incident: Incident,
    article: Article,
    proposal: ProposedIncident,
    actor_ids: dict[str, list[int]],
    actors: dict[int, Actor],
) -> None:
    """The claim history the article supports: claims, attributions and suspicions."""
    status = incident.claim_status
    quote = _evidence_text(article, proposal, "claim_status")
    common = {
        "incident": incident,
        "source_article": article,
        "date": _published(article),
        "quote": quote,
    }
    if status in _CLAIM_KIND_BY_ROLE:
        role, kind = _CLAIM_KIND_BY_ROLE[status]
        named = [actors[pk] for pk in actor_ids.get(role, []) if pk in actors]
        if kind == ClaimEvent.Kind.ATTRIBUTION:
            # Attribution goes to named groups, not to the generic "unidentified" actor.
            named = [a for a in named if not a.name.startswith("Unidentified")]
        for actor in named or [None]:
            # When the claim or attribution was made is not the article's date: leave it empty.
            ClaimEvent.objects.create(actor=actor, kind=kind, **{**common, "date": None})
    suspects = [
        actors[pk] for pk in actor_ids.get(IncidentActor.Role.SUSPECTED, []) if pk in actors
    ]
    for actor in suspects:
        ClaimEvent.objects.create(
            actor=actor,
            kind=ClaimEvent.Kind.SUSPICION,
            **{**common, "quote": _evidence_text(article, proposal, "suspected") or quote},
        )


@transaction.atomic
def reject_suggestion(suggestion: Suggestion, user, reason: str = "") -> Suggestion:
    """Record who rejected the proposal and why; nothing else changes."""
    suggestion = _locked(suggestion)
    suggestion.status = Suggestion.Status.REJECTED
    suggestion.decided_by = user
    suggestion.decided_at = timezone.now()
    suggestion.reason = reason
    suggestion.save(update_fields=["status", "decided_by", "decided_at", "reason"])
    return suggestion


@transaction.atomic
def attach_to_incident(suggestion: Suggestion, incident: Incident, user) -> IncidentSource:
    """The article reports an incident already recorded: add it as a source instead."""
    # Adding evidence edits the incident: the same rule as any other edit.
    permissions.require(
        permissions.can_edit(user, incident), "You may not add sources to this incident."
    )
    suggestion = _locked(suggestion)
    article = suggestion.article
    source, created = IncidentSource.objects.get_or_create(
        incident=incident,
        article=article,
        defaults={
            "quote": _quote(article, ProposedIncident.from_dict(suggestion.data or {})),
            "added_by": user,
        },
    )
    suggestion.status = Suggestion.Status.ATTACHED
    suggestion.incident = incident
    suggestion.decided_by = user
    suggestion.decided_at = timezone.now()
    suggestion.save(update_fields=["status", "incident", "decided_by", "decided_at"])
    if created:
        # Touch the incident so API syncs (updated_since) see the new evidence.
        Incident.objects.filter(pk=incident.pk).update(updated_at=timezone.now())
    return source


# --- duplicates ------------------------------------------------------------------------------


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine), in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(a)))


def _points(locations: Iterable[Location]) -> list[tuple[float, float]]:
    return [(loc.latitude, loc.longitude) for loc in locations if loc.latitude is not None]


@dataclass(frozen=True)
class Match:
    """A recorded incident the proposal probably duplicates, and what made it one."""

    incident: Incident
    date: str
    place: str
    actor: str


def _match_date(
    incident: Incident,
    start: datetime.date | None,
    end: datetime.date | None,
    reported: datetime.date,
) -> str | None:
    """Why the dates agree, or None. Without a date of its own (an unparsed dateline), the
    report can describe anything in the week before it reached the desk."""
    inc_start, inc_end = incident.date_start, incident.date_end or incident.date_start
    if start is None:
        if (
            reported - datetime.timedelta(days=MATCH_UNDATED_DAYS) <= inc_end
            and inc_start <= reported
        ):
            return _("no date in the report; the incident is %(d)s, within a week before it") % {
                "d": inc_start.isoformat()
            }
        return None
    end = end or start
    gap = max((inc_start - end).days, (start - inc_end).days, 0)
    if gap > MATCH_DAYS:
        return None
    if gap == 0:
        return _("same date (%(d)s)") % {"d": inc_start.isoformat()}
    return _("%(d)s, one day from the report's %(r)s") % {
        "d": inc_start.isoformat(),
        "r": start.isoformat(),
    }


def _match_place(
    incident: Incident, location_ids: set[int], points, admin1s: set[str]
) -> str | None:
    places = [link.location for link in incident.incident_locations.all()]
    for loc in places:
        if loc.pk in location_ids:
            return _("same place (%(p)s)") % {"p": loc.name}
    best: tuple[float, Location] | None = None
    for loc in places:
        if loc.latitude is None:
            continue
        for lat, lon in points:
            km = distance_km(lat, lon, loc.latitude, loc.longitude)
            if km <= MATCH_KM and (best is None or km < best[0]):
                best = (km, loc)
    if best is not None:
        return _("%(p)s, %(km)d km away") % {"p": best[1].name, "km": round(best[0])}
    if not points and admin1s:
        # A proposal with only a region (no town, no coordinates): the same region will do.
        region = next(
            (a for a in (incident.admin1, *(p.admin1_name for p in places)) if a in admin1s), None
        )
        if region:
            return _("same region (%(r)s), the report names no town") % {"r": region}
    return None


def _is_generic(actor: Actor) -> bool:
    return actor.name.startswith("Unidentified")


def _match_actor(
    incident: Incident, actor_ids: set[int], proposal_actors: dict[int, Actor]
) -> str | None:
    links = list(incident.incident_actors.all())
    shared = sorted({link.actor.name for link in links if link.actor_id in actor_ids})
    if shared:
        return _("shared actor: %(a)s") % {"a": ", ".join(shared)}
    named_here = [a for pk, a in proposal_actors.items() if pk in actor_ids and not _is_generic(a)]
    named_there = [link.actor for link in links if not _is_generic(link.actor)]
    if not named_here or not named_there:
        # "Unidentified gunmen" in one report, "JNIM" in the other: not a contradiction.
        return _("no conflicting actor named")
    return None


def explain_matches(suggestion: Suggestion, user=None) -> list[Match]:
    """Recorded incidents this proposal probably duplicates, each with the date, place and
    actor that made it a match.

    A match: dates within a day (a report without a date: the week before it was published or
    received), the same place, one within 25 km, or the same region when the report names only
    a region; and a shared actor, unless one side names only unidentified actors or none.
    With ``user``, only incidents that user may see.
    """
    proposal = ProposedIncident.from_dict(suggestion.data or {})
    start = proposal.date_start
    end = proposal.date_end or start
    article = suggestion.article
    reported = _published(article) or timezone.localtime(article.created_at).date()
    location_ids = {pk for pk, _precision in _location_rows(proposal)}
    proposal_locations = list(Location.objects.filter(pk__in=location_ids))
    points = _points(loc for loc in proposal_locations if loc.kind not in _REGION_KINDS) + [
        (loc.latitude, loc.longitude)
        for loc in proposal.locations
        if loc.latitude is not None and loc.longitude is not None
    ]
    admin1s = {
        loc.admin1_name or loc.name
        for loc in proposal_locations
        if loc.kind == Location.Kind.ADMIN1
    }
    admin1s |= {loc.admin1_name for loc in proposal_locations if loc.admin1_name}
    if proposal.admin1:
        admin1s.add(proposal.admin1)
    actor_ids = {int(pk) for ids in proposal.actor_ids.values() for pk in ids}
    proposal_actors = Actor.objects.in_bulk(actor_ids)

    if start is None:
        low = reported - datetime.timedelta(days=MATCH_UNDATED_DAYS)
        high = reported
    else:
        low = start - datetime.timedelta(days=MATCH_DAYS)
        high = end + datetime.timedelta(days=MATCH_DAYS)
    candidates = Incident.objects.current().filter(
        date_start__lte=high, date_start__gte=low - datetime.timedelta(days=31)
    )
    if user is not None:
        candidates = candidates.visible_to(user)
    # Only what the rule reads: the places and actors of each candidate.
    candidates = candidates.select_related("primary_location").prefetch_related(
        Prefetch(
            "incident_locations", queryset=IncidentLocation.objects.select_related("location")
        ),
        Prefetch("incident_actors", queryset=IncidentActor.objects.select_related("actor")),
    )
    candidates = candidates.exclude(suggestions=suggestion)
    matches = []
    for incident in candidates:
        date = _match_date(incident, start, end, reported)
        if date is None:
            continue
        place = _match_place(incident, location_ids, points, admin1s)
        if place is None:
            continue
        actor = _match_actor(incident, actor_ids, proposal_actors)
        if actor is not None:
            matches.append(Match(incident, date, place, actor))
    return matches


def likely_matches(suggestion: Suggestion, user=None) -> list[Incident]:
    """The incidents of `explain_matches`, without the reasons."""
    return [match.incident for match in explain_matches(suggestion, user=user)]
