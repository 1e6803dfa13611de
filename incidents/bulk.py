"""Bulk actions over a selection of incidents: each incident goes through the same rules as one
(`workflow_steps` for review steps, `workflow.save_with_version` for edits, `merge`,
`assignment`), and the report says, per incident, done or refused and why.

A selection of more than `BULK_JOB_THRESHOLD` incidents runs as a `BulkJob` in a Celery worker
(`incidents.tasks.run_bulk_job`) with its progress on the desk; fewer run in the request.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from analysts.markings import TLP, TLP_RANK

from . import assignment, merge, workflow
from .models import BulkJob, Incident, Tag
from .workflow_steps import STEPS

# name → the label of its button; the review steps take the step table's own labels.
ACTIONS = {
    "submit": STEPS["submit"].label,
    "publish": STEPS["publish"].label,
    "send_back": STEPS["send_back"].label,
    "retract": STEPS["retract"].label,
    "assign": gettext_lazy("Assign"),
    "set_tlp": gettext_lazy("Set TLP"),
    "add_tag": gettext_lazy("Add tag"),
    "remove_tag": gettext_lazy("Remove tag"),
    "merge": gettext_lazy("Merge into one"),
}
REVIEW_STEPS = ("submit", "publish", "send_back", "retract")


class BulkError(Exception):
    """The whole request is refused (unknown action, missing parameter, too many rows)."""


@dataclass
class RowResult:
    id: int
    ok: bool
    message: str

    def as_dict(self) -> dict:
        return {"id": self.id, "ok": self.ok, "message": self.message}


def summary(results: Iterable[dict | RowResult]) -> tuple[int, int]:
    """(done, refused)."""
    rows = [r.as_dict() if isinstance(r, RowResult) else r for r in results]
    done = sum(1 for r in rows if r["ok"])
    return done, len(rows) - done


def clean_params(user, action: str, params: dict) -> dict:
    """Check what the action needs before touching any incident; JSON-safe for a job."""
    if action not in ACTIONS:
        raise BulkError(_("Unknown bulk action %(action)s.") % {"action": action})
    params = {key: str(value).strip() for key, value in params.items() if value is not None}
    if action in ("send_back", "retract") and not params.get("reason"):
        raise BulkError(str(STEPS[action].reason_prompt) + " " + _("A reason is required."))
    if action == "assign":
        assignee = params.get("assignee", "")
        if assignee and not (
            assignee.isdigit() and assignment.assignable_users().filter(pk=assignee).exists()
        ):
            raise BulkError(_("Choose an analyst to assign to."))
    if action == "set_tlp":
        if params.get("tlp") not in TLP.values:
            raise BulkError(_("Choose a TLP marking."))
        if not user.is_superuser and TLP_RANK[TLP(params["tlp"])] > TLP_RANK[TLP(user.clearance)]:
            raise BulkError(_("That marking is above your clearance: you could not read it back."))
    if action in ("add_tag", "remove_tag"):
        name = params.get("tag", "")
        if not name or len(name) > Tag._meta.get_field("name").max_length:
            raise BulkError(_("Name the tag (at most 60 characters)."))
    if action == "merge" and not params.get("into", "").isdigit():
        raise BulkError(_("Choose the incident to merge the others into."))
    return params


def _one(user, action: str, incident: Incident, params: dict, version: int | None) -> str:
    """Take `action` on one incident; returns the done message or raises the refusal."""
    if action in REVIEW_STEPS:
        step = STEPS[action]
        step.run(incident, user, expected_version=version, reason=params.get("reason", ""))
        return str(step.past)
    if action == "assign":
        assignee = None
        if params.get("assignee"):
            assignee = get_user_model().objects.get(pk=params["assignee"])
        assignment.assign_incident(incident, user, assignee, expected_version=version)
        return _("assigned to %(user)s") % {"user": assignee} if assignee else _("unassigned")
    if action == "merge":
        target = Incident.objects.visible_to(user).get(pk=params["into"])
        if target.pk == incident.pk:
            return _("kept: the others are merged into it")
        if version is not None and incident.version != version:
            raise workflow.stale_edit(incident.pk, version, {}, reader=user)
        merge.merge_incidents(target, incident, user, reason=_("bulk merge"))
        return _("merged into #%(pk)s") % {"pk": target.pk}
    version = incident.version if version is None else version
    if action == "set_tlp":
        workflow.save_with_version(incident, user, version, {"tlp": params["tlp"]})
        return _("marked %(tlp)s") % {"tlp": TLP(params["tlp"]).label}
    names = set(incident.tags.values_list("name", flat=True))
    if action == "add_tag":
        tag, _created = Tag.objects.get_or_create(name=params["tag"])
        if tag.name in names:
            return _("already tagged")
        tags = [*Tag.objects.filter(name__in=names), tag]
    else:
        if params["tag"] not in names:
            return _("was not tagged")
        tags = list(Tag.objects.filter(name__in=names - {params["tag"]}))
    workflow.save_with_version(incident, user, version, {"tags": tags})
    return _("tag added") if action == "add_tag" else _("tag removed")


def _refusal(error: Exception) -> str:
    if isinstance(error, workflow.StaleEdit):
        return error.message
    if isinstance(error, workflow.TransitionError):
        return error.message
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error) or _("You may not do this.")


def run(
    user,
    action: str,
    selection: list[tuple[int, int | None]],
    params: dict,
    *,
    progress: Callable[[list[RowResult]], None] | None = None,
) -> list[RowResult]:
    """Take `action` on each (incident id, the version the user saw or None) in turn. An
    incident the user may not read is refused like one that does not exist."""
    params = clean_params(user, action, params)
    visible = Incident.objects.visible_to(user).in_bulk([pk for pk, _ in selection])
    if action == "merge":
        # The target first, so that a refusal of it shows before the others are folded in.
        selection = sorted(selection, key=lambda row: str(row[0]) != params["into"])
    results: list[RowResult] = []
    for pk, version in selection:
        incident = visible.get(pk)
        if incident is None:
            results.append(RowResult(pk, False, _("Not found, or not yours to see.")))
        else:
            try:
                results.append(RowResult(pk, True, _one(user, action, incident, params, version)))
            except (
                PermissionDenied,
                workflow.TransitionError,
                workflow.StaleEdit,
                ValidationError,
                Incident.DoesNotExist,
                assignment.AssignmentError,
            ) as error:
                results.append(RowResult(pk, False, _refusal(error)))
        if progress is not None:
            progress(results)
    return results


def check_size(selection: list) -> None:
    if len(selection) > settings.BULK_MAX_ROWS:
        raise BulkError(
            _("Select at most %(max)s incidents at a time (you selected %(n)s).")
            % {"max": settings.BULK_MAX_ROWS, "n": len(selection)}
        )
    if not selection:
        raise BulkError(_("Select at least one incident."))


def needs_job(selection: list) -> bool:
    return len(selection) > settings.BULK_JOB_THRESHOLD


def start_job(user, action: str, selection: list[tuple[int, int | None]], params: dict) -> BulkJob:
    """Queue the action for a worker; the job page shows its progress."""
    from .tasks import run_bulk_job

    params = clean_params(user, action, params)
    job = BulkJob.objects.create(
        action=action,
        params=params,
        incident_ids=[[pk, version] for pk, version in selection],
        items_total=len(selection),
        created_by=user,
    )
    # After the commit: a worker must find the job's row.
    transaction.on_commit(lambda: run_bulk_job.delay(job.pk))
    return job


# Progress is written every so many rows: a job of thousands does not write each one.
PROGRESS_EVERY = 25


def run_job(job: BulkJob) -> None:
    """Run a queued job (the worker's side): resumes after the rows already reported."""
    done_ids = {row["id"] for row in job.results}
    remaining = [(pk, version) for pk, version in job.incident_ids if pk not in done_ids]
    BulkJob.objects.filter(pk=job.pk).update(status=BulkJob.Status.RUNNING)
    reported = list(job.results)

    def save_progress(results: list[RowResult], *, force: bool = False) -> None:
        if force or len(results) % PROGRESS_EVERY == 0:
            rows = reported + [r.as_dict() for r in results]
            BulkJob.objects.filter(pk=job.pk).update(results=rows, items_done=len(rows))

    try:
        # The report is written in the language of the person who asked for it.
        with translation.override(getattr(job.created_by, "language", "") or None):
            results = run(job.created_by, job.action, remaining, job.params, progress=save_progress)
    except BulkError as error:
        BulkJob.objects.filter(pk=job.pk).update(
            status=BulkJob.Status.FAILED, message=str(error), finished_at=timezone.now()
        )
        return
    save_progress(results, force=True)
    BulkJob.objects.filter(pk=job.pk).update(
        status=BulkJob.Status.DONE, finished_at=timezone.now(), items_done=F("items_total")
    )
