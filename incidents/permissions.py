"""Who may do what with an incident: the one rule every surface calls.

Reading is `Incident.objects.visible_to(user)` (TLP, team, review status); the functions below add
the actions on top of it, from the Django model permissions the role groups carry (see
`analysts.roles`), so the admin's own permission checks and these agree:

| action            | Viewer | Analyst                    | Editor | Administrator |
|-------------------|--------|----------------------------|--------|---------------|
| view (published)  | yes    | yes (+ drafts, in review)  | yes    | yes           |
| create            | –      | yes                        | yes    | yes           |
| edit              | –      | drafts and in review       | all    | all           |
| submit for review | –      | yes                        | yes    | yes           |
| publish / retract | –      | –                          | yes    | yes           |
| merge             | –      | –                          | yes    | yes           |
| delete            | –      | –                          | yes    | yes           |
| export            | yes    | yes                        | yes    | yes           |
| history           | –      | yes                        | yes    | yes           |
| import, review    | –      | yes                        | yes    | yes           |

The desk's navigation (`incidents.desk.nav`) shows an entry only to those these let use it.

Surfaces: the admin's `has_*_permission(request, obj)`, the API's `IncidentPermission`, the desk
views and the exports call these; the list they start from is always `visible_to(user)`.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from rest_framework.permissions import SAFE_METHODS, BasePermission

from .models import Incident, IncidentSource
from .models.incidents import IncidentQuerySet, ReviewStatus

PUBLISH_PERM = "incidents.publish_incident"
MERGE_PERM = "incidents.merge_incident"

# Analysts edit work in progress; what readers already saw is the editors' to change.
ANALYST_EDITABLE = frozenset({ReviewStatus.DRAFT, ReviewStatus.IN_REVIEW})


def _active(user) -> bool:
    return user is not None and user.is_authenticated and user.is_active


def can_view(user, incident: Incident, *, include_merged: bool = False) -> bool:
    if not _active(user) or incident.pk is None:
        return False
    qs = Incident.objects.visible_to(user, include_merged=include_merged)
    return qs.filter(pk=incident.pk).exists()


def can_view_list(user) -> bool:
    """May open an incident list at all (what it contains is `visible_to`)."""
    return _active(user) and user.has_perm("incidents.view_incident")


def can_create(user) -> bool:
    return _active(user) and user.has_perm("incidents.add_incident")


def can_edit(user, incident: Incident | None = None) -> bool:
    """Without an incident: may edit some incidents (the admin's model-level question)."""
    if not _active(user) or not user.has_perm("incidents.change_incident"):
        return False
    if incident is None:
        return True
    if incident.merged_into_id is not None:
        return False
    if incident.review_status not in ANALYST_EDITABLE and not user.has_perm(PUBLISH_PERM):
        return False
    return can_view(user, incident)


def can_delete(user, incident: Incident | None = None) -> bool:
    if not _active(user) or not user.has_perm("incidents.delete_incident"):
        return False
    return incident is None or can_view(user, incident, include_merged=True)


def can_submit(user, incident: Incident) -> bool:
    return incident.review_status == ReviewStatus.DRAFT and can_edit(user, incident)


def can_publish(user, incident: Incident | None = None) -> bool:
    if not _active(user) or not user.has_perm(PUBLISH_PERM):
        return False
    return incident is None or (incident.merged_into_id is None and can_view(user, incident))


# Retracting and sending back are the same editorial power as publishing.
can_retract = can_publish


def can_return_to_draft(user, incident: Incident) -> bool:
    """In review → draft: the author withdraws or an editor sends it back; retracted → draft:
    editors only."""
    if incident.review_status == ReviewStatus.IN_REVIEW:
        return can_edit(user, incident)
    if incident.review_status == ReviewStatus.RETRACTED:
        return can_publish(user, incident)
    return False


def can_merge(user, target: Incident | None = None, duplicate: Incident | None = None) -> bool:
    if not _active(user) or not user.has_perm(MERGE_PERM):
        return False
    return all(can_edit(user, inc) for inc in (target, duplicate) if inc is not None)


def can_import(user) -> bool:
    """Import articles and see the import jobs: analysts and up, as in the admin and the API
    (`User.is_analyst` admits superusers)."""
    return _active(user) and getattr(user, "is_analyst", False)


def can_review(user) -> bool:
    """Review proposed incidents (accept, reject, add as a source): analysts and up, the same
    role that imports articles (`User.is_analyst` admits superusers)."""
    return _active(user) and getattr(user, "is_analyst", False)


def can_export(user) -> bool:
    """Exports contain exactly what `visible_to` returns; a role is enough."""
    return can_view_list(user)


def can_view_history(user, incident: Incident) -> bool:
    """Earlier versions may hold draft text: those who see drafts see history."""
    return (
        _active(user)
        and user.has_perm("incidents.change_incident")
        and can_view(user, incident, include_merged=True)
    )


def require(allowed: bool, message: str) -> None:
    """Raise Django's PermissionDenied (403 on every surface) unless `allowed`."""
    if not allowed:
        raise PermissionDenied(message)


def visible_incidents(user, *, include_merged: bool = False) -> IncidentQuerySet:
    """Shorthand for surfaces: the queryset to start every list, count and lookup from."""
    return Incident.objects.visible_to(user, include_merged=include_merged)


def visible_sources(incident: Incident, user) -> QuerySet[IncidentSource]:
    """The incident's evidence rows whose article `user` may read.

    An incident can be CLEAR while one of its sources is RED: the quote from the RED article must
    not reach a reader without clearance. Use this instead of `incident.sources.all()`.
    """
    from sources.models import Article

    return incident.sources.filter(
        article__in=Article.objects.visible_to(user).values("pk")
    ).select_related("article", "article__outlet", "article__same_story_as")


def visible_claim_events(incident: Incident, user) -> list:
    """The incident's claim events, with quote and source article blanked on those whose article
    `user` may not read (the fact of the claim stays: it is part of the incident). Each event gets
    `source_hidden` (bool). The masked objects are for display only: never save them.
    """
    from sources.models import Article

    readable = set(
        Article.objects.visible_to(user)
        .filter(claim_events__incident=incident)
        .values_list("pk", flat=True)
    )
    events = list(incident.claim_events.select_related("actor").all())
    for event in events:
        hidden = event.source_article_id is not None and event.source_article_id not in readable
        event.source_hidden = hidden
        if hidden:
            event.quote = ""
            event.source_article = None
            event._masked = True
    return events


class IncidentPermission(BasePermission):
    """DRF permission for incident endpoints. The viewset's queryset must be
    `Incident.objects.visible_to(request.user)`, so invisible ids are 404 before this runs."""

    message = (
        "Your role may read incidents but not change them: recording, submitting and editing "
        "need the Analyst role, publishing and merging the Editor role."
    )

    def has_permission(self, request, view) -> bool:
        if request.method in SAFE_METHODS:
            return can_view_list(request.user)
        if request.method == "POST" and getattr(view, "action", None) == "create":
            return can_create(request.user)
        return can_edit(request.user) or can_publish(request.user)

    def has_object_permission(self, request, view, obj) -> bool:
        if request.method in SAFE_METHODS:
            return True
        if request.method == "DELETE":
            return can_delete(request.user, obj)
        action = getattr(view, "action", None)
        if action in WORKFLOW_ACTIONS:
            # The step checks the role itself and says which one takes it; the incident's status
            # is a 409, not a 403 (`incidents.workflow_steps`, `incidents.api.workflow_views`).
            return True
        return can_edit(request.user, obj)


# API actions whose view checks the rule itself, with the refusal naming the role they need.
WORKFLOW_ACTIONS = frozenset({"submit", "withdraw", "publish", "send_back", "retract", "merge"})
