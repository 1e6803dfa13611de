"""The workflow steps a person takes, by name: submit, withdraw, publish, send back, retract.

`incidents.workflow` holds the transitions and their version rule; this table says, for each step a
surface offers (API endpoints, admin buttons and bulk actions), which role takes it, from which
review status, whether it needs a reason, and which transition runs it. Surfaces list the steps a
user may take with `available_steps` and take one with `Step.run`, so a refusal reads the same
everywhere ("Only editors publish incidents.").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from . import permissions, workflow
from .models import Incident
from .models.incidents import ReviewStatus

S = ReviewStatus


@dataclass(frozen=True)
class Step:
    name: str
    label: str  # the button's words
    done: str  # past tense, for "Incident #3 published."
    statuses: frozenset[str]
    editors_only: bool
    needs_reason: bool
    # Said when the role may not take the step at all.
    refusal: str
    transition: Callable[..., Incident]

    def role_allows(self, user, incident: Incident | None = None) -> bool:
        """The role part of the rule; the status part is `status_allows` (a 409, not a 403)."""
        if self.editors_only:
            return permissions.can_publish(user, incident)
        return permissions.can_edit(user)

    def status_allows(self, incident: Incident) -> bool:
        return incident.merged_into_id is None and incident.review_status in self.statuses

    def may(self, user, incident: Incident) -> bool:
        """Offer the step's button: this user may take it on this incident now."""
        if not self.status_allows(incident) or not self.role_allows(user, incident):
            return False
        # Withdraw / submit: an analyst may edit only drafts and incidents in review.
        return self.editors_only or permissions.can_edit(user, incident)

    def check_status(self, incident: Incident) -> None:
        """TransitionError (409) saying why the incident's status refuses this step."""
        if incident.merged_into_id is not None:
            raise workflow.TransitionError(
                f"This incident was merged into #{incident.merged_into_id}; "
                f"{self.label.lower()} that one.",
                code="merged",
            )
        if incident.review_status not in self.statuses:
            names = " or ".join(str(S(s).label).lower() for s in sorted(self.statuses))
            raise workflow.TransitionError(
                f"{self.label}: only an incident that is {names} can take this step; this one is "
                f"{incident.get_review_status_display().lower()}.",
            )

    def run(
        self, incident: Incident, user, *, expected_version: int | None, reason: str = ""
    ) -> Incident:
        """Take the step through `incidents.workflow`. Raises PermissionDenied (role),
        TransitionError (status, missing reason) or StaleEdit (someone saved in between)."""
        permissions.require(self.role_allows(user, incident), self.refusal)
        incident.refresh_from_db()
        self.check_status(incident)
        reason = (reason or "").strip()
        if self.needs_reason and not reason:
            raise workflow.TransitionError(
                f"{self.label}: say why (the reason is recorded in the history).",
                code="reason_required",
            )
        if self.transition in (workflow.retract, workflow.return_to_draft):
            return self.transition(incident, user, reason, expected_version=expected_version)
        return self.transition(incident, user, expected_version=expected_version)


STEPS: dict[str, Step] = {
    step.name: step
    for step in (
        Step(
            name="submit",
            label="Submit for review",
            done="submitted for review",
            statuses=frozenset({S.DRAFT}),
            editors_only=False,
            needs_reason=False,
            refusal="Only analysts and editors submit incidents for review.",
            transition=workflow.submit,
        ),
        Step(
            name="withdraw",
            label="Withdraw from review",
            done="withdrawn to draft",
            statuses=frozenset({S.IN_REVIEW}),
            editors_only=False,
            needs_reason=False,
            refusal="Only analysts and editors withdraw incidents from review.",
            transition=workflow.return_to_draft,
        ),
        Step(
            name="publish",
            label="Publish",
            done="published",
            statuses=frozenset({S.IN_REVIEW}),
            editors_only=True,
            needs_reason=False,
            refusal="Only editors publish incidents.",
            transition=workflow.publish,
        ),
        Step(
            name="send_back",
            label="Send back to draft",
            done="sent back to draft",
            statuses=frozenset({S.IN_REVIEW, S.RETRACTED}),
            editors_only=True,
            needs_reason=True,
            refusal=(
                "Only editors send incidents back to draft; the analyst who submitted it can "
                "withdraw it instead."
            ),
            transition=workflow.return_to_draft,
        ),
        Step(
            name="retract",
            label="Retract",
            done="retracted",
            statuses=frozenset({S.PUBLISHED}),
            editors_only=True,
            needs_reason=True,
            refusal="Only editors retract incidents.",
            transition=workflow.retract,
        ),
    )
}


def available_steps(user, incident: Incident) -> list[Step]:
    """The steps to offer `user` on `incident` in its current status, in STEPS order."""
    return [step for step in STEPS.values() if step.may(user, incident)]
