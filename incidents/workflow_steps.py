"""The review steps a person takes, by name: submit, withdraw, publish, send back, retract.

THE step table of every surface: the desk's step buttons and review queue, the API's workflow
endpoints and the admin's buttons and bulk actions. `incidents.workflow` holds the transitions and
their version rule; each step here says which role takes it (`role_allows`: a 403 naming that
role), from which review statuses (`check_status`: a 409 naming the status), the rule of
`incidents.permissions` that must hold on the incident (`allowed`), whether it needs a reason, and
which transition runs it. Surfaces offer `available_steps` and take one with `Step.run`, so a
button is shown only where its POST would be accepted and a refusal reads the same everywhere.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import permissions, workflow
from .models import Incident
from .models.incidents import ReviewStatus as S

# A reason is free text shown in the history and, for a retraction, to readers.
REASON_MAX_LENGTH = 2000


@dataclass(frozen=True)
class Step:
    name: str  # the Python name: STEPS key, admin URL and button id, API action
    slug: str  # the URL segment: /incidents/<id>/<slug>/, /api/incidents/<id>/<slug>/
    label: object  # the button
    done: object  # the desk's success message, formatted with %(pk)s
    past: object  # past tense, for "Incident #3 published." in the admin
    from_statuses: tuple[str, ...]
    editors_only: bool  # the role: Editor (can_publish) or Analyst (can_edit)
    allowed: Callable[[object, Incident], bool]  # the rule on this incident, in its status
    refusal: object  # why not, and what to do instead
    needs_reason: bool = False
    reason_prompt: object = ""
    style: str = ""  # the desk button's extra class: primary, danger
    transition: Callable[..., Incident] = workflow.return_to_draft

    def role_allows(self, user) -> bool:
        """The role may take this step at all (else 403 with `refusal`); the status is a 409."""
        return permissions.can_publish(user) if self.editors_only else permissions.can_edit(user)

    def may(self, user, incident: Incident) -> bool:
        """Offer the step's button: this user may take it on this incident now."""
        return (
            incident.merged_into_id is None
            and incident.review_status in self.from_statuses
            and self.allowed(user, incident)
        )

    def check_status(self, incident: Incident) -> None:
        """TransitionError (409) saying why the incident's status refuses this step."""
        if incident.merged_into_id is not None:
            raise workflow.TransitionError(
                _("This incident was merged into #%(pk)s; take this step on that one.")
                % {"pk": incident.merged_into_id},
                code="merged",
            )
        if incident.review_status not in self.from_statuses:
            names = _(" or ").join(str(S(s).label).lower() for s in self.from_statuses)
            raise workflow.TransitionError(
                _(
                    "%(step)s: only an incident that is %(allowed)s can take this step; "
                    "this one is %(status)s."
                )
                % {
                    "step": self.label,
                    "allowed": names,
                    "status": incident.get_review_status_display().lower(),
                },
            )

    def run(
        self, incident: Incident, user, *, expected_version: int | None, reason: str = ""
    ) -> Incident:
        """Take the step through `incidents.workflow`, if the incident is still at
        `expected_version` (None only for the admin's bulk actions, decided on no one version).

        Checks, in the order a person needs the answers: the role (PermissionDenied), a stale
        screen (StaleEdit: who changed what since), the status (TransitionError), the rule on
        this incident (PermissionDenied), the reason (TransitionError, code `reason_*`). The
        transition then saves all or nothing, re-checking version and status under the row lock.
        """
        permissions.require(self.role_allows(user), str(self.refusal))
        incident.refresh_from_db()
        if expected_version is not None and incident.version != expected_version:
            raise workflow.stale_edit(incident.pk, expected_version, {}, reader=user)
        self.check_status(incident)
        permissions.require(self.allowed(user, incident), str(self.refusal))
        reason = (reason or "").strip()
        if self.needs_reason and not reason:
            raise workflow.TransitionError(
                f"{self.reason_prompt} {_('A reason is required.')}", code="reason_required"
            )
        if len(reason) > REASON_MAX_LENGTH:
            raise workflow.TransitionError(
                _("Keep the reason under %(n)s characters.") % {"n": REASON_MAX_LENGTH},
                code="reason_too_long",
            )
        if self.transition in (workflow.submit, workflow.publish):
            return self.transition(incident, user, expected_version=expected_version)
        return self.transition(incident, user, reason, expected_version=expected_version)


def _is_editor(user, incident: Incident) -> bool:
    return permissions.can_publish(user, incident)


def _may_withdraw(user, incident: Incident) -> bool:
    # The author takes work back; an editor sends it back with a reason instead, unless the
    # submission was their own.
    if not permissions.can_return_to_draft(user, incident):
        return False
    return not _is_editor(user, incident) or incident.submitted_by_id == user.pk


def _may_send_back(user, incident: Incident) -> bool:
    return _is_editor(user, incident) and permissions.can_return_to_draft(user, incident)


STEPS: dict[str, Step] = {
    step.name: step
    for step in (
        Step(
            name="submit",
            slug="submit",
            label=gettext_lazy("Submit for review"),
            done=gettext_lazy(
                "Incident #%(pk)s is in review: an editor will publish it or send it back."
            ),
            past=gettext_lazy("submitted for review"),
            from_statuses=(S.DRAFT,),
            editors_only=False,
            allowed=permissions.can_submit,
            refusal=gettext_lazy("Only analysts and editors submit incidents for review."),
            style="primary",
            transition=workflow.submit,
        ),
        Step(
            name="withdraw",
            slug="withdraw",
            label=gettext_lazy("Withdraw from review"),
            done=gettext_lazy("Incident #%(pk)s is a draft again."),
            past=gettext_lazy("withdrawn to draft"),
            from_statuses=(S.IN_REVIEW,),
            editors_only=False,
            allowed=_may_withdraw,
            refusal=gettext_lazy(
                "Only the analysts who work on it withdraw an incident; editors send it back."
            ),
            transition=workflow.return_to_draft,
        ),
        Step(
            name="publish",
            slug="publish",
            label=gettext_lazy("Publish"),
            done=gettext_lazy("Incident #%(pk)s is published: viewers and the API now see it."),
            past=gettext_lazy("published"),
            from_statuses=(S.IN_REVIEW,),
            editors_only=True,
            allowed=_is_editor,
            refusal=gettext_lazy(
                "Only editors publish. Ask an editor to review it in the review queue."
            ),
            style="primary",
            transition=workflow.publish,
        ),
        Step(
            name="send_back",
            slug="send-back",
            label=gettext_lazy("Send back to draft"),
            done=gettext_lazy("Incident #%(pk)s was sent back to draft with your reason."),
            past=gettext_lazy("sent back to draft"),
            from_statuses=(S.IN_REVIEW, S.RETRACTED),
            editors_only=True,
            allowed=_may_send_back,
            refusal=gettext_lazy(
                "Only editors send incidents back to draft; you may withdraw your own."
            ),
            needs_reason=True,
            reason_prompt=gettext_lazy("What should the analyst fix?"),
            transition=workflow.return_to_draft,
        ),
        Step(
            name="retract",
            slug="retract",
            label=gettext_lazy("Retract"),
            done=gettext_lazy("Incident #%(pk)s is retracted; readers see your reason."),
            past=gettext_lazy("retracted"),
            from_statuses=(S.PUBLISHED,),
            editors_only=True,
            allowed=permissions.can_retract,
            refusal=gettext_lazy(
                "Only editors retract published incidents. Tell an editor what is wrong."
            ),
            needs_reason=True,
            reason_prompt=gettext_lazy("Why is it retracted? Readers will see this."),
            style="danger",
            transition=workflow.retract,
        ),
    )
}

# The desk's URLs name a step by its slug (send-back).
STEPS_BY_SLUG: dict[str, Step] = {step.slug: step for step in STEPS.values()}


def available_steps(user, incident: Incident) -> list[Step]:
    """The steps to offer `user` on `incident` in its current status, in STEPS order (none on a
    merged one)."""
    return [step for step in STEPS.values() if step.may(user, incident)]
