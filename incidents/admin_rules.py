"""The one rule, for the Incident admin: put `IncidentRulesAdminMixin` first in its bases.

    class IncidentAdmin(IncidentRulesAdminMixin, RolePermissionsMixin, SimpleHistoryAdmin): ...

It gives the admin object-level permissions from `incidents.permissions` (so the change form, the
history view and the revert view refuse what the user may not see or edit), a queryset from
`visible_to` (changelist, counts, autocompletes), workflow fields read-only, and optimistic locking:
a hidden `expected_version` field, a refused second save with the other analyst's changes, and a
refused save without the version (it could not be told from a stale one).
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import flatten_fieldsets
from django.http import HttpResponseRedirect
from django.utils.translation import gettext_lazy as _

from . import permissions
from .models import Incident
from .workflow import WORKFLOW_FIELDS, StaleEdit, save_with_version, stale_edit

# The admin's answer to a change posted without the version it was opened at (the API's 428).
MISSING_VERSION = _(
    "This form was sent without the version of the incident it was opened at, so saving it could "
    "silently undo another analyst's change. Nothing was saved: reload the incident and make "
    "your change again."
)


class VersionedIncidentForm(forms.ModelForm):
    # Not required by the field itself: a missing version gets MISSING_VERSION at the top of the
    # form (a hidden field's own "This field is required." would say nothing useful).
    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    # Who fills the form in (set by `IncidentRulesAdminMixin.get_form`): a refusal names no
    # incident they may not read.
    reader = None

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["expected_version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        expected = cleaned.get("expected_version")
        if self.instance.pk and expected is None and "expected_version" not in self.errors:
            raise forms.ValidationError(MISSING_VERSION, code="version_required")
        if self.instance.pk and expected is not None:
            current = Incident.objects.filter(pk=self.instance.pk).values_list("version", flat=True)
            current = current.first()
            if current is not None and current != expected:
                # The one refusal the API and the desk give too: who, when, and what they changed.
                stale = stale_edit(
                    self.instance.pk,
                    expected,
                    {name: None for name in self.changed_data},
                    reader=self.reader,
                )
                raise forms.ValidationError(stale.message, code="stale")
        return cleaned


class IncidentRulesAdminMixin:
    form = VersionedIncidentForm

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.reader = request.user  # a class made for this request by modelform_factory
        return form

    def get_queryset(self, request):
        qs = Incident.objects.visible_to(request.user, include_merged=True)
        ordering = self.get_ordering(request)
        return qs.order_by(*ordering) if ordering else qs

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        if obj is None or not fieldsets or not permissions.can_edit(request.user, obj):
            return fieldsets
        if "expected_version" not in flatten_fieldsets(fieldsets):
            name, options = fieldsets[0]
            fieldsets[0] = (name, {**options, "fields": [*options["fields"], "expected_version"]})
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        model_fields = {f.name for f in Incident._meta.get_fields()}
        return fields + sorted((WORKFLOW_FIELDS & model_fields) - set(fields))

    def has_view_permission(self, request, obj=None) -> bool:
        if obj is None:
            return permissions.can_view_list(request.user) and super().has_view_permission(request)
        return permissions.can_view(request.user, obj, include_merged=True)

    def has_change_permission(self, request, obj=None) -> bool:
        return permissions.can_edit(request.user, obj) and super().has_change_permission(request)

    def has_add_permission(self, request) -> bool:
        return permissions.can_create(request.user) and super().has_add_permission(request)

    def has_delete_permission(self, request, obj=None) -> bool:
        return permissions.can_delete(request.user, obj) and super().has_delete_permission(request)

    def has_view_history_permission(self, request, obj=None) -> bool:
        return obj is None or permissions.can_view_history(request.user, obj)

    def save_model(self, request, obj, form, change) -> None:
        if not change:
            obj.created_by = obj.updated_by = request.user
            obj._history_user = request.user
            obj.save()
            return
        # Never None here: the form refuses a change without its version (MISSING_VERSION).
        expected = form.cleaned_data["expected_version"]
        concrete = {f.name for f in Incident._meta.concrete_fields}
        changes = {
            name: getattr(obj, name)
            for name in form.changed_data
            if name in concrete and name not in WORKFLOW_FIELDS
        }
        saved = save_with_version(obj, request.user, expected, changes)
        obj.version = saved.version
        if changes.get("assigned_to") is not None and changes["assigned_to"] != request.user:
            from .assignment import notify_assignee

            notify_assignee(changes["assigned_to"], saved, request.user)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except StaleEdit as stale:
            # Lost the race between the form's check and the save: nothing was written.
            self.message_user(request, stale.message, level=messages.ERROR)
            return HttpResponseRedirect(request.path)
