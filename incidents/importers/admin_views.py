"""Admin upload of an ACLED or UCDP file: upload → preview (a dry run) → confirm → ImportJob.

The preview stores the upload on a queued ImportJob and shows what would be created, updated,
left unchanged and rejected (with line numbers); confirming runs that job. Mounted in
config/urls.py at admin/incidents/import-events/ behind `admin.site.admin_view`.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template import engines

from sources.models import ImportJob

from .jobs import run_import, run_job_now

TEMPLATE = """{% extends "admin/base_site.html" %}
{% block content %}
<h1>Import ACLED or UCDP events</h1>
{% if outcome %}
  <p>{{ outcome.summary }}</p>
  {% if outcome.errors %}<table><thead><tr><th>Line</th><th>Rejected because</th></tr></thead>
  <tbody>{% for line, message in errors %}<tr><td>{{ line }}</td><td>{{ message }}</td></tr>
  {% endfor %}</tbody></table>{% endif %}
  {% if outcome.warnings %}<table><thead><tr><th>Line</th><th>Loaded, but check</th></tr></thead>
  <tbody>{% for line, message in warnings %}<tr><td>{{ line }}</td><td>{{ message }}</td></tr>
  {% endfor %}</tbody></table>{% endif %}
  {% if job %}
  <form method="post">{% csrf_token %}<input type="hidden" name="job" value="{{ job.pk }}">
    <input type="submit" name="confirm" value="Import {{ file_name }}"></form>
  {% endif %}
{% else %}
  <form method="post" enctype="multipart/form-data">{% csrf_token %}{{ form.as_p }}
    <input type="submit" value="Preview"></form>
{% endif %}
{% endblock %}"""


EVENT_KINDS = (ImportJob.Kind.ACLED, ImportJob.Kind.UCDP)


class UploadForm(forms.Form):
    kind = forms.ChoiceField(
        choices=[(ImportJob.Kind.ACLED, "ACLED events CSV"), (ImportJob.Kind.UCDP, "UCDP GED CSV")]
    )
    file = forms.FileField()

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.IMPORT_MAX_FILE_BYTES:
            raise forms.ValidationError(
                f"The file is larger than {settings.IMPORT_MAX_FILE_BYTES // 1_000_000} MB; "
                "import it with `manage.py import_acled` instead."
            )
        return upload


def import_events_view(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("incidents.add_incident"):
        raise PermissionDenied
    context = {**admin.site.each_context(request), "title": "Import events"}
    if request.method == "POST" and "confirm" in request.POST:
        # Only a job the user may watch (their own preview; editors any): another analyst's
        # job id answers 404, as an unknown one.
        job = get_object_or_404(
            ImportJob.objects.visible_to(request.user).filter(kind__in=EVENT_KINDS),
            pk=_job_id(request.POST.get("job", "")),
            status=ImportJob.Status.PREVIEW,
        )
        # Preview → queued by one conditional update: of two clicks, one queues it; the job
        # machinery then claims it once, so the other finds nothing to run.
        ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.PREVIEW).update(
            status=ImportJob.Status.QUEUED
        )
        # The job machinery claims the job: a double click cannot run it twice.
        job = run_job_now(job)
        level = messages.SUCCESS if job.status == ImportJob.Status.SUCCEEDED else messages.WARNING
        messages.add_message(request, level, f"Import job #{job.pk}: {job.message}")
        return (
            redirect("admin:sources_importjob_changelist")
            if _has_job_admin()
            else redirect(request.path)
        )
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read()
        kind = form.cleaned_data["kind"]
        outcome = run_import(kind, data, dry_run=True)
        job = _job_for_preview(request, kind, upload, outcome) if outcome.ok else None
        context.update(
            outcome=outcome,
            errors=outcome.errors[:200],
            warnings=outcome.warnings[:200],
            job=job,
            file_name=upload.name,  # the name the analyst chose, not the storage path
        )
    context["form"] = form
    template = engines["django"].from_string(TEMPLATE)
    return HttpResponse(template.render(context, request))


def _job_id(value: str) -> int:
    """The posted job id; a malformed one answers 404 as an unknown one (never a 500)."""
    if not value.isdigit():
        raise Http404("No such import job.")
    return int(value)


def _job_for_preview(request: HttpRequest, kind: str, upload, outcome) -> ImportJob | None:
    """The queued job holding the upload, or None (with a message) when storing it fails."""
    upload.seek(0)
    job = ImportJob(
        kind=kind,
        created_by=request.user,
        status=ImportJob.Status.PREVIEW,
        params={"preview": outcome.summary()},
    )
    try:
        with transaction.atomic():
            # The file first, then the row: a failed write leaves no job without its file.
            job.upload.save(upload.name, upload, save=False)
            job.save()
    except OSError as exc:
        messages.error(
            request,
            f"The file could not be stored ({exc.strerror or exc}); nothing was imported. "
            "Try again, or ask an administrator to check the media storage.",
        )
        return None
    return job


def _has_job_admin() -> bool:
    from django.urls import NoReverseMatch, reverse

    try:
        reverse("admin:sources_importjob_changelist")
    except NoReverseMatch:
        return False
    return True
