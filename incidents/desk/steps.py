"""The review steps the desk offers on an incident, over the services of `incidents.workflow`.

Each step names the workflow service it calls, the review statuses it starts from, the permission
rule (`incidents.permissions`) that must hold, and whether it needs a reason. The incident page
shows exactly the steps `available_steps` returns; the step view runs `run_step`, so a button is
shown only where the POST it makes would be accepted.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from incidents import permissions, workflow
from incidents.models import Incident
from incidents.models.incidents import ReviewStatus as S

# A reason is free text shown in the history and, for a retraction, to readers.
REASON_MAX_LENGTH = 2000


@dataclass(frozen=True)
class Step:
    slug: str  # the URL segment: /incidents/<id>/<slug>/
    label: object  # the button
    done: object  # the success message, formatted with %(pk)s
    from_statuses: tuple[str, ...]
    role_allowed: Callable[[object], bool]  # the role may take this step at all
    allowed: Callable[[object, Incident], bool]  # ... on this incident, in its status
    refusal: object  # why not, and what to do instead
    needs_reason: bool = False
    reason_prompt: object = ""
    style: str = ""  # the button's extra class: primary, danger


def _is_editor(user, incident: Incident) -> bool:
    return permissions.can_publish(user, incident)


def _may_withdraw(user, incident: Incident) -> bool:
    # The author takes work back; an editor sends it back with a reason instead, unless the
    # submission was their own.
    if not permissions.can_return_to_draft(user, incident):
        return False
    return not _is_editor(user, incident) or incident.submitted_by_id == user.pk


STEPS: dict[str, Step] = {
    step.slug: step
    for step in (
        Step(
            slug="submit",
            label=_("Submit for review"),
            done=_("Incident #%(pk)s is in review: an editor will publish it or send it back."),
            from_statuses=(S.DRAFT,),
            role_allowed=permissions.can_edit,
            allowed=permissions.can_submit,
            refusal=_("Only analysts and editors submit incidents for review."),
            style="primary",
        ),
        Step(
            slug="withdraw",
            label=_("Withdraw from review"),
            done=_("Incident #%(pk)s is a draft again."),
            from_statuses=(S.IN_REVIEW,),
            role_allowed=permissions.can_edit,
            allowed=_may_withdraw,
            refusal=_(
                "Only the analysts who work on it withdraw an incident; editors send it back."
            ),
        ),
        Step(
            slug="publish",
            label=_("Publish"),
            done=_("Incident #%(pk)s is published: viewers and the API now see it."),
            from_statuses=(S.IN_REVIEW,),
            role_allowed=permissions.can_publish,
            allowed=_is_editor,
            refusal=_("Only editors publish. Ask an editor to review it in the review queue."),
            style="primary",
        ),
        Step(
            slug="send-back",
            label=_("Send back to draft"),
            done=_("Incident #%(pk)s was sent back to draft with your reason."),
            from_statuses=(S.IN_REVIEW, S.RETRACTED),
            role_allowed=permissions.can_publish,
            allowed=lambda user, incident: (
                _is_editor(user, incident) and permissions.can_return_to_draft(user, incident)
            ),
            refusal=_("Only editors send incidents back to draft; you may withdraw your own."),
            needs_reason=True,
            reason_prompt=_("What should the analyst fix?"),
        ),
        Step(
            slug="retract",
            label=_("Retract"),
            done=_("Incident #%(pk)s is retracted; readers see your reason."),
            from_statuses=(S.PUBLISHED,),
            role_allowed=permissions.can_retract,
            allowed=permissions.can_retract,
            refusal=_("Only editors retract published incidents. Tell an editor what is wrong."),
            needs_reason=True,
            reason_prompt=_("Why is it retracted? Readers will see this."),
            style="danger",
        ),
    )
}


def available_steps(user, incident: Incident) -> list[Step]:
    """The steps `user` may take on `incident` in its current status (none on a merged one)."""
    if incident.merged_into_id is not None:
        return []
    return [
        step
        for step in STEPS.values()
        if incident.review_status in step.from_statuses and step.allowed(user, incident)
    ]


class StepRefused(Exception):  # noqa: N818 - a refusal the page shows, not a crash
    """The step was not taken; `message` says why and what to do. Nothing was saved."""

    def __init__(self, message: str, *, status: int = 409) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


def run_step(step: Step, incident: Incident, user, *, version: int, reason: str = "") -> Incident:
    """Take `step` on `incident` as `user`, if it is still at `version`.

    Checks, in the order a person needs the answers: the role (`StepRefused`, 403), a stale screen
    (`workflow.StaleEdit`: who changed what since `version`), the current status (the service's
    `TransitionError`), the reason (`StepRefused`, 400). The service then saves all or nothing,
    re-checking version and status under the row lock.
    """
    if not step.role_allowed(user):
        raise StepRefused(str(step.refusal), status=403)
    incident.refresh_from_db()
    if incident.version != version:
        raise workflow.stale_edit(incident.pk, version, {})
    if incident.review_status in step.from_statuses and not step.allowed(user, incident):
        raise StepRefused(str(step.refusal), status=403)
    reason = (reason or "").strip()
    if step.needs_reason and not reason:
        raise StepRefused(f"{step.reason_prompt} {_('A reason is required.')}", status=400)
    if len(reason) > REASON_MAX_LENGTH:
        message = _("Keep the reason under %(n)s characters.") % {"n": REASON_MAX_LENGTH}
        raise StepRefused(str(message), status=400)
    if step.slug == "submit":
        return workflow.submit(incident, user, expected_version=version)
    if step.slug == "publish":
        return workflow.publish(incident, user, expected_version=version)
    if step.slug == "retract":
        return workflow.retract(incident, user, reason, expected_version=version)
    # Withdraw and send back both return the incident to draft.
    return workflow.return_to_draft(incident, user, reason, expected_version=version)


@dataclass(frozen=True)
class HistoryStep:
    when: object  # datetime
    who: str
    status: str  # the review status after the step (its label)
    status_code: str
    reason: str


def step_history(incident: Incident) -> list[HistoryStep]:
    """The review steps and merges in the incident's history, newest first: its creation, each
    record whose review status differs from the record before it, and each merge."""
    records = (
        incident.history.select_related("history_user")
        .order_by("history_date", "history_id")
        .only("review_status", "history_date", "history_user", "history_change_reason")
    )
    labels = dict(S.choices)
    steps, previous = [], None
    for record in records:
        reason = record.history_change_reason or ""
        created = previous is None
        if created or record.review_status != previous or reason.startswith("Merged"):
            steps.append(
                HistoryStep(
                    when=record.history_date,
                    who=str(record.history_user) if record.history_user else "",
                    status=str(labels.get(record.review_status, record.review_status)),
                    status_code=record.review_status,
                    reason=reason or (str(_("Created")) if created else ""),
                )
            )
        previous = record.review_status
    return steps[::-1]
