"""Analyst pages of `sources`: start an import, and watch a job (HTML and JSON)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from .forms import FileImportForm, PasteForm, UrlImportForm
from .models import ImportJob
from .services import start_import

FORMS = {"paste": PasteForm, "url": UrlImportForm, "file": FileImportForm}


def job_status(job: ImportJob) -> dict:
    """What the job page shows, as JSON for polling."""
    return {
        "id": job.pk,
        "kind": job.kind,
        "status": job.status,
        "status_display": job.get_status_display(),
        "finished": job.is_finished,
        "progress_percent": job.progress_percent,
        "items_total": job.items_total,
        "items_seen": job.items_seen,
        "items_created": job.items_created,
        "items_updated": job.items_updated,
        "items_duplicate": job.items_duplicate,
        "items_failed": job.items_failed,
        "errors": job.errors,
        "message": job.message,
        "created_at": job.created_at.isoformat(),
        "started_at": job.started_at.isoformat() if job.started_at else None,
        "finished_at": job.finished_at.isoformat() if job.finished_at else None,
    }


@login_required
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_object_or_404(ImportJob.objects.visible_to(request.user), pk=pk)
    if request.GET.get("format") == "json":
        return JsonResponse(job_status(job))
    items = job.items.select_related("article").order_by("id")
    return render(
        request,
        "sources/job_detail.html",
        {"job": job, "status": job_status(job), "items": items[:500], "refresh_seconds": 2},
    )


@login_required
@require_http_methods(["GET", "POST"])
def import_articles(request: HttpRequest) -> HttpResponse:
    """Paste, URL and file imports for analysts; each starts a job and opens its page."""
    if not request.user.is_analyst:
        raise PermissionDenied
    kind = request.POST.get("kind", "paste") if request.method == "POST" else None
    forms = {name: form_class(prefix=name) for name, form_class in FORMS.items()}
    if kind in FORMS:
        form = FORMS[kind](request.POST, request.FILES, prefix=kind)
        forms[kind] = form
        if form.is_valid():
            upload = form.cleaned_data.get("file")
            try:
                job = start_import(
                    kind, user=request.user, params=form.import_params(), upload=upload
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                return redirect("sources:job-detail", pk=job.pk)
    return render(request, "sources/import.html", {"forms": forms, "active": kind or "paste"})
