"""Paste an article: start a paste import, then go to its review page when the job is done.

The import is `sources.services.start_import`; the ingest service writes the stored article's id
into the job's `params["article_id"]`, for a new article and for the duplicate it found alike.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from incidents import permissions
from sources.models import Article, ImportJob, Outlet
from sources.services import start_import

from ..forms import PasteForm


def _require_importer(request: HttpRequest) -> None:
    """Pasting starts an import: the same rule as the import page, the admin and the API."""
    permissions.require(
        request.user.is_analyst,
        _("Only analysts and editors can import articles."),
    )


@login_required
def paste(request: HttpRequest) -> HttpResponse:
    _require_importer(request)
    form = PasteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = start_import("paste", user=request.user, params=form.import_params())
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            # With an eager or fast worker the job may already be done: go straight to the review.
            job.refresh_from_db()
            return _after_job(request, job)
    outlets = Outlet.objects.order_by("name").values_list("name", flat=True)[:500]
    return render(request, "desk/paste.html", {"form": form, "outlets": outlets})


def _own_job(request: HttpRequest, pk: int) -> ImportJob:
    job = get_object_or_404(ImportJob, pk=pk)
    if job.created_by_id != request.user.pk and not request.user.is_superuser:
        raise Http404
    return job


def article_for_job(job: ImportJob, user) -> Article | None:
    """The article a finished paste job stored or found as a duplicate, if this user may read it."""
    article_id = (job.params or {}).get("article_id")
    if not isinstance(article_id, int):
        return None
    return Article.objects.visible_to(user).filter(pk=article_id).first()


def _found_message(request: HttpRequest, job: ImportJob) -> None:
    if job.items_duplicate and not job.items_created:
        messages.warning(request, _("This article was already imported: here it is."))
    else:
        messages.success(request, _("Article imported. Review the proposed incidents."))


def _after_job(request: HttpRequest, job: ImportJob) -> HttpResponse:
    if not job.is_finished:
        messages.info(request, _("Import #%(id)s queued: reading the article…") % {"id": job.pk})
        return redirect("desk:paste_job", pk=job.pk)
    article = article_for_job(job, request.user)
    if article is not None:
        _found_message(request, job)
        return redirect("desk:article", pk=article.pk)
    _failure_message(request, job)
    return redirect("desk:paste_job", pk=job.pk)


def _failure_message(request: HttpRequest, job: ImportJob) -> None:
    if (job.params or {}).get("article_id"):
        # A duplicate of an article kept at a marking above the analyst's clearance.
        messages.error(request, _("This article is already stored, at a marking you cannot read."))
        return
    reason = job.message or "; ".join(e.get("message", "") for e in job.errors or []) or "?"
    messages.error(request, _("The import failed: %(reason)s") % {"reason": reason})


@login_required
def paste_job(request: HttpRequest, pk: int) -> HttpResponse:
    job = _own_job(request, pk)
    if job.is_finished and request.GET.get("wait") != "0":
        article = article_for_job(job, request.user)
        if article is not None:
            _found_message(request, job)
            return redirect("desk:article", pk=article.pk)
    return render(request, "desk/paste_wait.html", {"job": job})


@login_required
def paste_job_status(request: HttpRequest, pk: int) -> HttpResponse:
    """Polled by htmx: the job's progress, and a client-side redirect once the article exists."""
    job = _own_job(request, pk)
    if job.is_finished:
        article = article_for_job(job, request.user)
        if article is not None:
            _found_message(request, job)
            response = HttpResponse(status=204)
            response["HX-Redirect"] = reverse("desk:article", args=[article.pk])
            return response
    return render(request, "desk/_paste_status.html", {"job": job})
