"""The review workflow and safe saving of incidents.

draft → in review → published → retracted, and back to draft from in review or retracted; who and
when are stamped on the incident and every step is a history record with its reason.

`save_with_version` is the only way surfaces should save an analyst's edit: it refuses an edit
based on an older version (`StaleEdit`, carrying what the other analyst changed) with a conditional
UPDATE … WHERE version = expected, so two sessions can never silently overwrite each other.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from . import history, permissions
from .models import Incident
from .models.incidents import ReviewStatus
from .references import mask_for, unname_hidden_incidents

S = ReviewStatus


class TransitionError(Exception):
    """A workflow step that is not possible from the incident's current state."""

    def __init__(self, message: str, *, code: str = "invalid_transition") -> None:
        super().__init__(message)
        self.message = message
        self.code = code


@dataclass
class StaleEdit(Exception):  # noqa: N818 - the name says what happened to the user's edit
    """The incident changed since the user opened it; nothing was saved."""

    current: Incident
    their_changes: list[history.FieldChange] = field(default_factory=list)
    your_changes: dict[str, Any] = field(default_factory=dict)
    expected_version: int = 0
    changed_by: list[str] = field(default_factory=list)
    # When the latest of their changes was saved (None when the history has no later record).
    changed_at: datetime.datetime | None = None

    def __post_init__(self) -> None:
        super().__init__(self.message)

    @property
    def conflicts(self) -> list[str]:
        """Fields both of you changed."""
        theirs = {c.field for c in self.their_changes}
        return sorted(theirs.intersection(self.your_changes))

    @property
    def message(self) -> str:
        who = ", ".join(self.changed_by) or "Someone"
        when = (
            f", last at {self.changed_at.astimezone(datetime.UTC):%Y-%m-%d %H:%M} UTC"
            if self.changed_at
            else ""
        )
        head = (
            f"{who} changed this incident after you opened it (version {self.expected_version} → "
            f"{self.current.version}{when}); your changes were not saved."
        )
        if not self.their_changes:
            return head + " Reload it to see the current version."
        return head + " Their changes: " + "; ".join(str(c) for c in self.their_changes) + "."

    def as_dict(self) -> dict[str, Any]:
        """For the API's 412 body."""
        return {
            "detail": self.message,
            "current_version": self.current.version,
            "their_changes": [c.as_dict() for c in self.their_changes],
            "changed_by": self.changed_by,
            "changed_at": self.changed_at.isoformat() if self.changed_at else None,
            "conflicts": self.conflicts,
        }


def _changes_after(
    incident_pk: int, version: int
) -> tuple[list[history.FieldChange], list[str], datetime.datetime | None]:
    records = Incident.history.filter(id=incident_pk)
    base = records.filter(version__lte=version).order_by("-version", "-history_date").first()
    later = list(
        records.filter(version__gt=version).select_related("history_user").order_by("history_date")
    )
    if not later:
        return [], [], None
    names = list(dict.fromkeys(str(r.history_user) for r in later if r.history_user))
    return history.diff_between(base, later[-1]), names, later[-1].history_date


def changes_since(incident_pk: int, version: int) -> tuple[list[history.FieldChange], list[str]]:
    """What changed on the incident after `version`, and by whom (from its history)."""
    changes, names, _ = _changes_after(incident_pk, version)
    return changes, names


def _claim(pk: int, *, version: int | None, statuses: Iterable[str] | None) -> bool:
    """Lock the row if it still is at `version` (and in one of `statuses`).

    The no-op UPDATE matches only if the condition holds and holds the row lock until commit, so a
    concurrent edit of the same version waits, then matches nothing (PostgreSQL re-checks the
    WHERE on the new row; SQLite serialises writers).
    """
    qs = Incident.objects.filter(pk=pk)
    if version is not None:
        qs = qs.filter(version=version)
    if statuses is not None:
        qs = qs.filter(review_status__in=list(statuses))
    return qs.update(version=F("version")) == 1


def stale_edit(
    pk: int, expected_version: int, your_changes: dict[str, Any], *, reader=None
) -> StaleEdit:
    """The refusal of an edit based on `expected_version`: the current row, what the others
    changed since (field, old → new), who and when. The admin, the desk and the API all show it.
    `reader` is who is refused: an incident they may not read (a duplicate merged into it) is
    not named in their changes."""
    current = Incident.objects.get(pk=pk)
    theirs, names, when = _changes_after(pk, expected_version)
    return StaleEdit(
        current=current,
        their_changes=unname_hidden_incidents(theirs, reader),
        your_changes=your_changes,
        expected_version=expected_version,
        changed_by=names,
        changed_at=when,
    )


def lock_version(
    pk: int,
    expected_version: int | None,
    your_changes: dict[str, Any],
    *,
    statuses: Iterable[str] | None = None,
    reader=None,
) -> None:
    """Lock the incident's row for this transaction if it is still at `expected_version` (and in
    one of `statuses`), or refuse: `StaleEdit` when someone saved a newer version,
    `TransitionError` when it is gone or its review status moved on.

    Must run inside `transaction.atomic()`; the save that follows raises the version
    (`Incident.save`). Writers that change more than fields and m2m (the API's nested actors,
    places and claims) call this, then write, in the same transaction.
    """
    if _claim(pk, version=expected_version, statuses=statuses):
        return
    current = Incident.objects.filter(pk=pk).first()
    if current is None:
        raise TransitionError("This incident no longer exists.", code="gone")
    if expected_version is not None and current.version != expected_version:
        raise stale_edit(pk, expected_version, your_changes, reader=reader)
    raise TransitionError(
        f"This incident is now {current.get_review_status_display().lower()}; "
        "reload it and try again.",
        code="status_changed",
    )


def _apply(
    incident: Incident,
    user,
    changes: dict[str, Any],
    *,
    expected_version: int | None,
    statuses: Iterable[str] | None = None,
    reason: str = "",
) -> Incident:
    """Claim the row, apply `changes` (fields and m2m) and save with one history record."""
    with transaction.atomic():
        lock_version(incident.pk, expected_version, changes, statuses=statuses, reader=user)
        obj = Incident.objects.get(pk=incident.pk)
        m2m = {}
        for name, value in changes.items():
            model_field = Incident._meta.get_field(name)
            if model_field.many_to_many:
                m2m[name] = value
            else:
                setattr(obj, model_field.attname if _is_id(name, model_field) else name, value)
        obj.updated_by = user
        obj._history_user = user
        obj._change_reason = reason
        obj.full_clean(
            exclude=[f for f in _field_names() if f not in changes], validate_unique=False
        )
        obj.save()
        for name, value in m2m.items():
            getattr(obj, name).set(value)
    # The caller's instance now shows what was saved.
    incident.refresh_from_db()
    return incident


def _is_id(name: str, model_field) -> bool:
    return model_field.is_relation and name.endswith("_id")


def _field_names() -> list[str]:
    return [f.name for f in Incident._meta.concrete_fields]


def save_with_version(
    incident: Incident,
    user,
    expected_version: int,
    changes: dict[str, Any],
    *,
    reason: str = "",
) -> Incident:
    """Apply `changes` ({field: value}, m2m fields take iterables) if the incident is still at
    `expected_version`; otherwise raise `StaleEdit` with what the other analyst changed.

    Checks `permissions.can_edit`. Editing a published incident is recorded as such.
    """
    current = Incident.objects.filter(pk=incident.pk).first() or incident
    permissions.require(
        permissions.can_edit(user, current), "You may not edit this incident in its current state."
    )
    unknown = (
        set(changes)
        - {f.name for f in Incident._meta.get_fields()}
        - {f.attname for f in Incident._meta.concrete_fields}
    )
    if unknown:
        raise ValueError(f"Unknown incident fields: {', '.join(sorted(unknown))}")
    protected = set(changes) & WORKFLOW_FIELDS
    if protected:
        raise TransitionError(
            "Review status, its stamps, version and merges change through the workflow only "
            f"({', '.join(sorted(protected))}).",
            code="workflow_field",
        )
    reason = reason or edit_reason(current)
    return _apply(incident, user, changes, expected_version=expected_version, reason=reason)


def edit_reason(incident: Incident) -> str:
    """The history reason of a plain edit: editing what readers already saw is recorded as such."""
    return "Edited after publication" if incident.review_status == S.PUBLISHED else ""


WORKFLOW_FIELDS = frozenset(
    {
        "review_status",
        "submitted_at",
        "submitted_by",
        "published_at",
        "published_by",
        "retracted_at",
        "retracted_by",
        "retraction_reason",
        "merged_into",
        "version",
        "created_at",
        "created_by",
        "updated_at",
        "updated_by",
    }
)


def _check_state(incident: Incident, allowed: Iterable[str], action: str, user) -> None:
    if incident.merged_into_id is not None:
        raise TransitionError(
            mask_for(
                user,
                f"This incident was merged into #{incident.merged_into_id}; {action} that one.",
            ),
            code="merged",
        )
    if incident.review_status not in allowed:
        names = " or ".join(str(S(s).label).lower() for s in allowed)
        raise TransitionError(
            f"Only an incident that is {names} can be {action}; this one is "
            f"{incident.get_review_status_display().lower()}.",
        )


def submit(incident: Incident, user, *, expected_version: int | None = None) -> Incident:
    """Draft → in review (anyone who may edit it)."""
    incident.refresh_from_db()
    _check_state(incident, [S.DRAFT], "submitted for review", user)
    permissions.require(
        permissions.can_submit(user, incident), "You may not submit this incident for review."
    )
    changes = {"review_status": S.IN_REVIEW, "submitted_at": timezone.now(), "submitted_by": user}
    return _apply(
        incident,
        user,
        changes,
        expected_version=expected_version,
        statuses=[S.DRAFT],
        reason="Submitted for review",
    )


def publish(incident: Incident, user, *, expected_version: int | None = None) -> Incident:
    """In review → published (editors only)."""
    incident.refresh_from_db()
    permissions.require(permissions.can_publish(user, incident), "Only editors publish incidents.")
    _check_state(incident, [S.IN_REVIEW], "published", user)
    changes = {
        "review_status": S.PUBLISHED,
        "published_at": timezone.now(),
        "published_by": user,
        "retracted_at": None,
        "retracted_by": None,
        "retraction_reason": "",
    }
    return _apply(
        incident,
        user,
        changes,
        expected_version=expected_version,
        statuses=[S.IN_REVIEW],
        reason="Published",
    )


def retract(
    incident: Incident, user, reason: str, *, expected_version: int | None = None
) -> Incident:
    """Published → retracted (editors only), with a required reason shown to readers."""
    incident.refresh_from_db()
    permissions.require(permissions.can_retract(user, incident), "Only editors retract incidents.")
    _check_state(incident, [S.PUBLISHED], "retracted", user)
    reason = (reason or "").strip()
    if not reason:
        raise TransitionError("Say why the incident is retracted.", code="reason_required")
    changes = {
        "review_status": S.RETRACTED,
        "retracted_at": timezone.now(),
        "retracted_by": user,
        "retraction_reason": reason,
    }
    return _apply(
        incident,
        user,
        changes,
        expected_version=expected_version,
        statuses=[S.PUBLISHED],
        reason=f"Retracted: {reason}",
    )


def return_to_draft(
    incident: Incident, user, reason: str = "", *, expected_version: int | None = None
) -> Incident:
    """In review → draft (withdrawn, or sent back by an editor); retracted → draft (editors)."""
    incident.refresh_from_db()
    _check_state(incident, [S.IN_REVIEW, S.RETRACTED], "sent back to draft", user)
    permissions.require(
        permissions.can_return_to_draft(user, incident),
        "You may not send this incident back to draft.",
    )
    reason = (reason or "").strip()
    return _apply(
        incident,
        user,
        {"review_status": S.DRAFT},
        expected_version=expected_version,
        statuses=[S.IN_REVIEW, S.RETRACTED],
        reason=f"Back to draft: {reason}" if reason else "Back to draft",
    )


TRANSITIONS = {
    "submit": submit,
    "publish": publish,
    "retract": retract,
    "return_to_draft": return_to_draft,
}
