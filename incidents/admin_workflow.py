"""The review workflow and merging in the incident admin.

On the change page, a "Review" box above the form has one button per step the user may take in
the incident's current status (`incidents.workflow_steps.available_steps`); send back and retract
ask for the reason on a small page first. Every button carries the version the page was opened at,
so a step decided on an old screen is refused with the StaleEdit message.

On the changelist, bulk actions take one step on each selected incident; each refusal is reported
per incident and never undoes the others. "Merge selected" takes exactly two incidents and shows
them side by side so that the editor chooses which one is kept.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from . import permissions
from .merge import merge_incidents
from .models import Incident
from .workflow import StaleEdit, TransitionError
from .workflow_steps import STEPS, Step, available_steps

# One bulk action changes at most this many incidents (the selection can be "all 12,000").
BULK_LIMIT = 500
# Refusals listed one by one; beyond this, a count.
REFUSALS_SHOWN = 20


class BulkReasonForm(forms.Form):
    """The one reason of a bulk action (decided on the selection, not on one version)."""

    reason = forms.CharField(
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4, "cols": 70}),
        help_text="Recorded in the incident's history; a retraction shows it to readers.",
    )


class StepForm(forms.Form):
    # The version the page was opened at: a step decided on an old page is refused (StaleEdit).
    expected_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class StepReasonForm(BulkReasonForm, StepForm):
    pass


def _refusal(error: Exception) -> str:
    if isinstance(error, StaleEdit | TransitionError):
        return error.message
    return str(error) or "You may not take this step."


class IncidentWorkflowAdminMixin:
    """For `IncidentAdmin`: the step buttons, the bulk workflow actions and "Merge selected"."""

    change_form_template = "admin/incidents/incident/change_form.html"

    # --- permissions for the actions (Django's `allowed_permissions`) ---------------------------

    def has_publish_permission(self, request: HttpRequest) -> bool:
        return permissions.can_publish(request.user)

    def has_merge_permission(self, request: HttpRequest) -> bool:
        return permissions.can_merge(request.user)

    # --- the change page's buttons ---------------------------------------------------------------

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<path:object_id>/workflow/<str:step_name>/",
                self.admin_site.admin_view(self.workflow_step_view),
                name="{}_{}_workflow".format(*info),
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = dict(extra_context or {})
        incident = self.get_object(request, unquote(object_id))
        if incident is not None:
            extra_context["workflow_steps"] = [
                (step, self._step_url(incident, step))
                for step in available_steps(request.user, incident)
            ]
            extra_context["workflow_version"] = incident.version
        return super().change_view(request, object_id, form_url, extra_context)

    def _step_url(self, incident: Incident, step: Step) -> str:
        url = reverse("admin:incidents_incident_workflow", args=[incident.pk, step.name])
        return f"{url}?version={incident.version}" if step.needs_reason else url

    def workflow_step_view(
        self, request: HttpRequest, object_id: str, step_name: str
    ) -> HttpResponse:
        step = STEPS.get(step_name)
        incident = self.get_object(request, unquote(object_id))
        if step is None or incident is None:
            raise Http404("No such incident or step.")
        change_url = reverse("admin:incidents_incident_change", args=[incident.pk])
        if not step.needs_reason and request.method != "POST":
            return HttpResponseRedirect(change_url)
        if not step.role_allows(request.user):
            self.message_user(request, str(step.refusal), messages.ERROR)
            return HttpResponseRedirect(change_url)
        form_class = StepReasonForm if step.needs_reason else StepForm
        if request.method == "POST":
            form = form_class(request.POST)
        else:
            form = form_class(initial={"expected_version": request.GET.get("version")})
        if request.method == "POST" and not step.needs_reason and not form.is_valid():
            self.message_user(
                request,
                "Nothing done: the button did not say which version the page was opened at. "
                "Reload the page and try again.",
                messages.ERROR,
            )
            return HttpResponseRedirect(change_url)
        if request.method != "POST" or not form.is_valid():
            return TemplateResponse(
                request,
                "admin/incidents/incident/workflow_reason.html",
                {
                    **self.admin_site.each_context(request),
                    "opts": self.opts,
                    "title": f"{step.label}: {incident}",
                    "step": step,
                    "incident": incident,
                    "form": form,
                    "change_url": change_url,
                },
            )
        expected = form.cleaned_data.get("expected_version")
        try:
            step.run(
                incident,
                request.user,
                expected_version=expected,
                reason=form.cleaned_data.get("reason", ""),
            )
        except (PermissionDenied, TransitionError, StaleEdit) as error:
            self.message_user(request, f"Nothing done. {_refusal(error)}", messages.ERROR)
        else:
            self.message_user(request, f"Incident #{incident.pk} {step.past}.", messages.SUCCESS)
        return HttpResponseRedirect(change_url)

    # --- bulk actions ------------------------------------------------------------------------------

    def _take_step_on_each(
        self, request: HttpRequest, queryset: QuerySet, step: Step, reason: str = ""
    ) -> None:
        """One step on each incident, each in its own transaction; report per incident."""
        count = queryset.count()
        if count > BULK_LIMIT:
            self.message_user(
                request,
                f"{count} incidents selected: at most {BULK_LIMIT} at a time. Nothing done; "
                "narrow the list with the filters.",
                messages.ERROR,
            )
            return
        done, refused = [], []
        for incident in queryset.order_by("pk"):
            try:
                step.run(incident, request.user, expected_version=None, reason=reason)
            except (PermissionDenied, TransitionError, StaleEdit) as error:
                refused.append((incident.pk, _refusal(error)))
            else:
                done.append(incident.pk)
        if done:
            ids = ", ".join(f"#{pk}" for pk in done)
            noun = "incident" if len(done) == 1 else "incidents"
            self.message_user(request, f"{len(done)} {noun} {step.past}: {ids}.", messages.SUCCESS)
        for pk, why in refused[:REFUSALS_SHOWN]:
            self.message_user(request, f"#{pk} not {step.past}: {why}", messages.WARNING)
        if len(refused) > REFUSALS_SHOWN:
            self.message_user(
                request,
                f"…and {len(refused) - REFUSALS_SHOWN} more not {step.past}.",
                messages.WARNING,
            )

    def _take_step_with_reason(
        self, request: HttpRequest, queryset: QuerySet, step: Step, action: str
    ) -> TemplateResponse | None:
        """Ask one reason for all the selected incidents, then take the step on each."""
        form = BulkReasonForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            self._take_step_on_each(request, queryset, step, form.cleaned_data["reason"])
            return None
        return TemplateResponse(
            request,
            "admin/incidents/incident/workflow_bulk_reason.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "title": f"{step.label}: {queryset.count()} incidents",
                "step": step,
                "action": action,
                "incidents": queryset.order_by("pk")[:BULK_LIMIT],
                "form": form,
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            },
        )

    def submit_selected(self, request, queryset):
        self._take_step_on_each(request, queryset, STEPS["submit"])

    submit_selected.short_description = "Submit selected incidents for review"
    submit_selected.allowed_permissions = ("change",)

    def publish_selected(self, request, queryset):
        self._take_step_on_each(request, queryset, STEPS["publish"])

    publish_selected.short_description = "Publish selected incidents"
    publish_selected.allowed_permissions = ("publish",)

    def send_back_selected(self, request, queryset):
        return self._take_step_with_reason(
            request, queryset, STEPS["send_back"], "send_back_selected"
        )

    send_back_selected.short_description = "Send selected incidents back to draft…"
    send_back_selected.allowed_permissions = ("publish",)

    def retract_selected(self, request, queryset):
        return self._take_step_with_reason(request, queryset, STEPS["retract"], "retract_selected")

    retract_selected.short_description = "Retract selected incidents…"
    retract_selected.allowed_permissions = ("publish",)

    # --- merge -------------------------------------------------------------------------------------

    def merge_selected(self, request, queryset):
        incidents = list(queryset.order_by("pk")[:3])
        if len(incidents) != 2:
            self.message_user(
                request,
                f"Select exactly two incidents to merge (you selected {queryset.count()}).",
                messages.ERROR,
            )
            return None
        first, second = incidents
        if not permissions.can_merge(request.user, first, second):
            self.message_user(
                request,
                "Only editors merge incidents, and only incidents they may edit.",
                messages.ERROR,
            )
            return None
        keep = request.POST.get("keep") if "apply" in request.POST else None
        if keep in (str(first.pk), str(second.pk)):
            target, duplicate = (first, second) if keep == str(first.pk) else (second, first)
            try:
                merge_incidents(
                    target, duplicate, request.user, reason=request.POST.get("reason", "")[:2000]
                )
            except (PermissionDenied, TransitionError) as error:
                self.message_user(request, f"Not merged. {_refusal(error)}", messages.ERROR)
                return None
            url = reverse("admin:incidents_incident_change", args=[target.pk])
            self.message_user(
                request,
                format_html(
                    '#{} merged into <a href="{}">#{}</a>; #{} now points to it.',
                    duplicate.pk,
                    url,
                    target.pk,
                    duplicate.pk,
                ),
                messages.SUCCESS,
            )
            return HttpResponseRedirect(url)
        # The published one (else the older one) is the likelier keeper: readers cite it.
        suggested = min(
            incidents, key=lambda inc: (inc.review_status != "published", inc.created_at, inc.pk)
        )
        return TemplateResponse(
            request,
            "admin/incidents/incident/merge_confirmation.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "title": f"Merge #{first.pk} and #{second.pk}",
                "columns": [
                    {"incident": inc, "checked": inc.pk == suggested.pk} for inc in incidents
                ],
                "rows": _merge_rows(incidents),
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
                "must_choose": "apply" in request.POST,
            },
        )

    merge_selected.short_description = "Merge selected (exactly two)…"
    merge_selected.allowed_permissions = ("merge",)


WORKFLOW_ACTIONS = (
    "submit_selected",
    "publish_selected",
    "send_back_selected",
    "retract_selected",
    "merge_selected",
)


def _merge_rows(incidents: list[Incident]) -> list[tuple[str, list]]:
    """What an editor compares to decide which record to keep: (label, [value per incident])."""

    def actors(incident: Incident) -> str:
        links = incident.incident_actors.select_related("actor").order_by("role", "id")
        return "; ".join(f"{link.actor} ({link.get_role_display()})" for link in links) or "—"

    rows = [
        ("Review status", lambda inc: inc.get_review_status_display()),
        ("Date", lambda inc: inc.date_start),
        ("Place", lambda inc: inc.primary_location or f"{inc.admin1}, {inc.country}"),
        ("Event", lambda inc: f"{inc.event_type} – {inc.sub_event_type}"),
        ("Actors", actors),
        ("Claim", lambda inc: inc.claim_status_text),
        ("Fatalities", lambda inc: inc.fatalities_text),
        ("Sources", lambda inc: inc.sources.count()),
        ("Marking", lambda inc: inc.get_tlp_display()),
        ("Summary", lambda inc: inc.summary),
        ("Version", lambda inc: inc.version),
    ]
    return [(label, [value(inc) for inc in incidents]) for label, value in rows]
