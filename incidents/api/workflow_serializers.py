"""Request and error bodies of the workflow and merge endpoints (`workflow_views`), as serializers
so that the OpenAPI schema describes each body a client has to handle."""

from __future__ import annotations

from rest_framework import serializers

from analysts.api.filters import MAX_ID

REASON_MAX_LENGTH = 2000


class ReasonSerializer(serializers.Serializer):
    """Body of send-back and retract: the reason is recorded in the history (and, for a
    retraction, shown to readers)."""

    reason = serializers.CharField(
        max_length=REASON_MAX_LENGTH,
        trim_whitespace=True,
        help_text="Why: recorded in the incident's history; a retraction shows it to readers.",
    )


class MergeRequestSerializer(serializers.Serializer):
    duplicate = serializers.IntegerField(
        min_value=1,
        max_value=MAX_ID,
        help_text="Id of the duplicate incident to fold into this one; it becomes a redirect.",
    )
    reason = serializers.CharField(
        max_length=REASON_MAX_LENGTH,
        required=False,
        allow_blank=True,
        default="",
        help_text="Optional note recorded in both histories.",
    )


# --- error bodies ---------------------------------------------------------------------------------


class ErrorSerializer(serializers.Serializer):
    """403, 404, 409 and 428: what was refused and why."""

    detail = serializers.CharField(help_text="Says why, and what to do instead.")
    code = serializers.CharField(
        required=False,
        help_text=(
            "Machine-readable: `permission_denied`, `not_found`, `precondition_required`, "
            "`invalid_transition`, `status_changed`, `merged`, `gone`."
        ),
    )


class MergedConflictSerializer(ErrorSerializer):
    """409 for an incident merged into another one: `Location` names the one to act on."""

    merged_into = serializers.IntegerField(required=False)


class ReasonErrorSerializer(serializers.Serializer):
    """400: the reason is missing, blank or too long (or If-Match is malformed)."""

    reason = serializers.ListField(child=serializers.CharField(), required=False)
    If_Match = serializers.ListField(child=serializers.CharField(), required=False)

    def get_fields(self):
        fields = super().get_fields()
        fields["If-Match"] = fields.pop("If_Match")
        return fields


class MergeErrorSerializer(serializers.Serializer):
    """400: no such duplicate id, the incident itself, one already merged, or a duplicate with a
    stricter marking than the target."""

    duplicate = serializers.ListField(child=serializers.CharField(), required=False)
    reason = serializers.ListField(child=serializers.CharField(), required=False)


class FieldChangeBodySerializer(serializers.Serializer):
    field = serializers.CharField()
    label = serializers.CharField()
    old = serializers.JSONField(allow_null=True)
    new = serializers.JSONField(allow_null=True)


class StaleEditSerializer(serializers.Serializer):
    """412: someone saved the incident after the version you sent (`incidents.workflow.StaleEdit`);
    the `ETag` header is the version to retry with."""

    detail = serializers.CharField()
    code = serializers.CharField(help_text="`stale_version`.")
    current_version = serializers.IntegerField()
    their_changes = FieldChangeBodySerializer(many=True)
    changed_by = serializers.ListField(child=serializers.CharField())
    changed_at = serializers.DateTimeField(allow_null=True)
    conflicts = serializers.ListField(
        child=serializers.CharField(), help_text="Fields you both changed."
    )
