"""Merging a duplicate incident B into A: A gains B's actors, claim events, sources, locations,
tags and external references (without duplicate links); B keeps its row as a redirect to A.

Both histories record the merge. Readers who ask for B are pointed to A: `merged_target`.
"""

from __future__ import annotations

from django.db import transaction

from analysts.markings import TEAM_RESTRICTED, TLP_RANK

from . import permissions
from .models import (
    ClaimEvent,
    Incident,
    IncidentReference,
    Suggestion,
)
from .references import mask_for
from .workflow import TransitionError


def _marking_allows_merge(target: Incident, duplicate: Incident) -> bool:
    """B's facts must not become readable by people who could not read B."""
    if TLP_RANK[duplicate.tlp] > TLP_RANK[target.tlp]:
        return False
    return not (duplicate.tlp in TEAM_RESTRICTED and duplicate.team_id != target.team_id)


def _claim_key(event: ClaimEvent) -> tuple:
    return (event.kind, event.actor_id, event.date, event.channel.strip(), event.made_by.strip())


def merge_incidents(target: Incident, duplicate: Incident, user, *, reason: str = "") -> Incident:
    """Merge `duplicate` into `target` (editors only) and return the refreshed target.

    Raises PermissionDenied, or TransitionError for a merge that makes no sense (same incident,
    already merged, a stricter marking on the duplicate than on the target).
    """
    if target.pk == duplicate.pk:
        raise TransitionError("An incident cannot be merged into itself.", code="same")
    permissions.require(
        permissions.can_merge(user, target, duplicate), "Only editors merge incidents."
    )
    with transaction.atomic():
        # Lock both rows in a fixed order so two crossing merges cannot deadlock.
        rows = {
            inc.pk: inc
            for inc in Incident.objects.select_for_update()
            .filter(pk__in=[target.pk, duplicate.pk])
            .order_by("pk")
        }
        a, b = rows.get(target.pk), rows.get(duplicate.pk)
        if a is None or b is None:
            raise TransitionError("One of the incidents no longer exists.", code="gone")
        for inc in (a, b):
            if inc.merged_into_id is not None:
                raise TransitionError(
                    mask_for(
                        user, f"Incident #{inc.pk} was already merged into #{inc.merged_into_id}."
                    ),
                    code="merged",
                )
        if not _marking_allows_merge(a, b):
            raise TransitionError(
                f"#{b.pk} is {b.get_tlp_display()}"
                + (f" ({b.team})" if b.team_id else "")
                + f", stricter than #{a.pk} ({a.get_tlp_display()}): raise #{a.pk}'s marking "
                "first, or its readers would see what they may not.",
                code="marking",
            )
        _move_links(a, b, user)

        note = f" ({reason.strip()})" if reason and reason.strip() else ""
        b.merged_into = a
        b._history_user = user
        b._change_reason = f"Merged into #{a.pk}{note}"
        b.updated_by = user
        b.save()
        # Earlier duplicates of B now point straight at A: redirects never chain.
        for earlier in Incident.objects.filter(merged_into=b):
            earlier.merged_into = a
            earlier._history_user = user
            earlier._change_reason = f"Merged into #{a.pk} with #{b.pk}"
            earlier.save()
        a._history_user = user
        a.tags.add(*b.tags.all())  # its own history record; the merge record below comes last
        a._change_reason = f"Merged #{b.pk} into this incident{note}"
        a.updated_by = user
        a.save()
    target.refresh_from_db()
    duplicate.refresh_from_db()
    return target


def _move_links(a: Incident, b: Incident, user) -> None:
    """Re-point B's rows to A one by one (each a history record where the model keeps history);
    rows A already has are removed from B instead of duplicated."""
    have_actors = set(a.incident_actors.values_list("actor_id", "role"))
    for link in b.incident_actors.all():
        link._history_user = user
        link._change_reason = f"Merged from #{b.pk}"
        if (link.actor_id, link.role) in have_actors:
            link.delete()
            continue
        link.incident = a
        link.save()
        have_actors.add((link.actor_id, link.role))

    have_claims = {_claim_key(e) for e in a.claim_events.all()}
    for event in b.claim_events.all():
        event._history_user = user
        event._change_reason = f"Merged from #{b.pk}"
        if _claim_key(event) in have_claims:
            event.delete()
            continue
        event.incident = a
        event.save()
        have_claims.add(_claim_key(event))

    existing_sources = {s.article_id: s for s in a.sources.all()}
    for source in b.sources.all():
        kept = existing_sources.get(source.article_id)
        if kept is None:
            source.incident = a
            source.save(update_fields=["incident"])
            continue
        if not kept.quote and source.quote:  # keep the evidence B had and A lacked
            kept.quote = source.quote
            kept.save(update_fields=["quote"])
        source.delete()

    have_places = set(a.incident_locations.values_list("location_id", flat=True))
    for place in b.incident_locations.all():
        if place.location_id in have_places:
            place.delete()
            continue
        place.incident = a
        place.is_primary = False  # A keeps its own primary location
        place.save(update_fields=["incident", "is_primary"])
        have_places.add(place.location_id)

    # Re-imports of B's external row must update A, not recreate B.
    IncidentReference.objects.filter(incident=b).update(incident=a)
    Suggestion.objects.filter(incident=b).update(incident=a)


def merged_target(incident_or_pk: Incident | int | str, user) -> Incident | None:
    """Where a reader asking for a merged incident should go, or None.

    For the API's and the desk's detail views: when `visible_to(user)` has no incident with that
    id, call this; a result means "301 to this incident's URL", None means 404.
    """
    pk = getattr(incident_or_pk, "pk", incident_or_pk)
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        return None
    row = (
        Incident.objects.visible_to(user, include_merged=True)
        .filter(pk=pk, merged_into__isnull=False)
        .values_list("merged_into_id", flat=True)
        .first()
    )
    if row is None:
        return None
    # Follow the chain defensively (merges flatten it, old data may not be flat).
    seen = {pk}
    while row is not None and row not in seen:
        seen.add(row)
        target = Incident.objects.visible_to(user, include_merged=True).filter(pk=row).first()
        if target is None:
            return None
        if target.merged_into_id is None:
            return target
        row = target.merged_into_id
    return None
