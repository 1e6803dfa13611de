"""POST /api/incidents/{id}/submit/, withdraw/, publish/, send-back/, retract/ and merge/.

Each is one of `incidents.workflow_steps.STEPS` (or `incidents.merge.merge_incidents`) behind the
same HTTP rules as the other writes: If-Match required (428), 412 with the StaleEdit body when
stale, 409 when the status refuses the step, 403 saying which role takes it, 200 with the
incident's JSON and its new ETag.
"""

from __future__ import annotations

from django.db import transaction
from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions
from rest_framework.decorators import action
from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from incidents import permissions as rules
from incidents import workflow
from incidents.merge import merge_incidents
from incidents.models import Incident
from incidents.references import mask_for
from incidents.workflow_steps import STEPS, Step

from .concurrency import PreconditionRequired, parse_if_match
from .serializers import IncidentSerializer
from .workflow_serializers import (
    ErrorSerializer,
    MergedConflictSerializer,
    MergeErrorSerializer,
    MergeRequestSerializer,
    ReasonErrorSerializer,
    ReasonSerializer,
    StaleEditSerializer,
)

IF_MATCH_REQUIRED = OpenApiParameter(
    "If-Match",
    str,
    OpenApiParameter.HEADER,
    required=True,
    description='The ETag from GET (e.g. "7"): the version you decided on.',
)


def _responses(step_forbidden: str, *, reason: bool, merge: bool = False) -> dict:
    bad_request = MergeErrorSerializer if merge else ReasonErrorSerializer
    return {
        200: OpenApiResponse(
            IncidentSerializer,
            description="Done: the incident as it is now; the `ETag` header is its new version.",
        ),
        400: OpenApiResponse(
            bad_request,
            description=(
                "The duplicate cannot be merged (unknown id, this incident itself, already "
                "merged, stricter marking), or a malformed body."
                if merge
                else (
                    "No reason given, or a malformed If-Match." if reason else "Malformed If-Match."
                )
            ),
        ),
        403: OpenApiResponse(ErrorSerializer, description=step_forbidden),
        404: OpenApiResponse(
            ErrorSerializer,
            description="No incident with this id that you may read"
            + (" (target or duplicate)." if merge else "."),
        ),
        409: OpenApiResponse(
            MergedConflictSerializer,
            description=(
                "The incident's review status refuses this step (`code` `invalid_transition` "
                "or `status_changed`), or it was merged into another one (`code` `merged`, "
                "`merged_into` and the `Location` header name it)."
            ),
        ),
        412: OpenApiResponse(
            StaleEditSerializer,
            description=(
                "Stale: someone changed the incident since your version; who, when and what. "
                "Nothing was done; the `ETag` header is the version to retry with."
            ),
        ),
        428: OpenApiResponse(ErrorSerializer, description="No If-Match header."),
    }


def _step_schema(step: Step, description: str):
    return extend_schema(
        summary=f"{step.label} ({'Editor' if step.editors_only else 'Analyst'} and above)",
        description=description,
        parameters=[IF_MATCH_REQUIRED],
        request=ReasonSerializer if step.needs_reason else None,
        responses=_responses(str(step.refusal), reason=step.needs_reason),
        filters=False,
    )


# JSON (and the browsable API's form): no GeoJSON or CSV for a write.
WORKFLOW_ACTION = {
    "detail": True,
    "methods": ["post"],
    "filter_backends": [],
    "pagination_class": None,
    "renderer_classes": [JSONRenderer, BrowsableAPIRenderer],
}


class IncidentWorkflowMixin:
    """The workflow and merge actions of `IncidentViewSet`."""

    def _if_match(self, request: Request) -> int:
        expected = parse_if_match(request.headers.get("If-Match"))
        if expected is None:
            raise PreconditionRequired(
                "Send an If-Match header with the ETag from GET: the version you decided on."
            )
        return expected

    def _take_step(self, request: Request, name: str) -> Response:
        step = STEPS[name]
        incident = self.get_object()
        # The role first: a 403 saying who takes this step beats a 428 or a 400 about the body.
        rules.require(step.role_allows(request.user), str(step.refusal))
        expected = self._if_match(request)
        reason = ""
        if step.needs_reason:
            body = ReasonSerializer(data=request.data)
            body.is_valid(raise_exception=True)
            reason = body.validated_data["reason"]
        step.run(incident, request.user, expected_version=expected, reason=reason)
        return self._read_back(incident)

    @_step_schema(STEPS["submit"], "Draft → in review. The incident goes to the editors' queue.")
    @action(**WORKFLOW_ACTION)
    def submit(self, request, *args, **kwargs):
        return self._take_step(request, "submit")

    @_step_schema(
        STEPS["withdraw"],
        "In review → draft: the analyst takes the incident back to keep working on it.",
    )
    @action(**WORKFLOW_ACTION)
    def withdraw(self, request, *args, **kwargs):
        return self._take_step(request, "withdraw")

    @_step_schema(STEPS["publish"], "In review → published: readers (Viewers, partners) see it.")
    @action(**WORKFLOW_ACTION)
    def publish(self, request, *args, **kwargs):
        return self._take_step(request, "publish")

    @_step_schema(
        STEPS["send_back"],
        "In review (or retracted) → draft, with the reason the analyst reads in the history.",
    )
    @action(url_path="send-back", **WORKFLOW_ACTION)
    def send_back(self, request, *args, **kwargs):
        return self._take_step(request, "send_back")

    @_step_schema(
        STEPS["retract"],
        "Published → retracted: found wrong after publication; the reason is shown to readers.",
    )
    @action(**WORKFLOW_ACTION)
    def retract(self, request, *args, **kwargs):
        return self._take_step(request, "retract")

    @extend_schema(
        summary="Merge a duplicate into this incident (Editor and above)",
        description=(
            "This incident (the target, at the version named by If-Match) gains the duplicate's "
            "actors, claim events, sources, places, tags and external references; the duplicate "
            "stays as a redirect to it (GET on it answers 301)."
        ),
        parameters=[IF_MATCH_REQUIRED],
        request=MergeRequestSerializer,
        responses=_responses("Only editors merge incidents.", reason=False, merge=True),
        filters=False,
    )
    @action(**WORKFLOW_ACTION)
    def merge(self, request, *args, **kwargs):
        target = self.get_object()
        rules.require(rules.can_merge(request.user, target), "Only editors merge incidents.")
        expected = self._if_match(request)
        body = MergeRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        duplicate = self._duplicate(request, body.validated_data["duplicate"])
        if duplicate.pk == target.pk:
            raise exceptions.ValidationError(
                {"duplicate": ["An incident cannot be merged into itself."]}
            )
        if duplicate.merged_into_id is not None:
            raise exceptions.ValidationError(
                {
                    "duplicate": [
                        mask_for(
                            request.user,
                            f"Incident #{duplicate.pk} was already merged into "
                            f"#{duplicate.merged_into_id}.",
                        )
                    ]
                }
            )
        rules.require(
            rules.can_merge(request.user, target, duplicate),
            f"You may not edit #{duplicate.pk} in its current state, so you may not merge it.",
        )
        # The version rule holds the target's row until the merge commits.
        with transaction.atomic():
            workflow.lock_version(
                target.pk, expected, {"merged": duplicate.pk}, reader=request.user
            )
            try:
                merge_incidents(
                    target, duplicate, request.user, reason=body.validated_data["reason"]
                )
            except workflow.TransitionError as refusal:
                raise exceptions.ValidationError({"duplicate": [refusal.message]}) from None
        return self._read_back(target)

    def _duplicate(self, request: Request, pk: int) -> Incident:
        """The duplicate, among the incidents the reader may see (merged ones included, so that
        "already merged" is said rather than "not found")."""
        duplicate = (
            Incident.objects.visible_to(request.user, include_merged=True).filter(pk=pk).first()
        )
        if duplicate is None:
            raise Http404(f"No incident #{pk} that you may read.")
        return duplicate
