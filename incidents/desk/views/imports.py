"""The Import page (tabs Paste / File / URL / Feed / ACLED-UCDP) and the one job page.

Every tab starts its job with `sources.services.start_import` through its form of
`sources.forms`; the ACLED/UCDP tab opens the events upload (preview, then confirm) of
`incidents.importers.admin_views`. Who may watch a job is `ImportJob.objects.visible_to`. A
paste job opens its article's review page when done: the ingest service writes the stored
article's id into `params["article_id"]`, for a new article and the duplicate found alike.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from incidents import permissions
from incidents.importers.admin_views import import_events_view
from sources.forms import FeedPollForm, FileImportForm, PasteForm, UrlImportForm
from sources.models import Article, ImportJob, Outlet
from sources.services import start_import

FORMS = {"paste": PasteForm, "file": FileImportForm, "url": UrlImportForm, "feed": FeedPollForm}
TABS = [
    ("paste", gettext_lazy("Paste")),
    ("file", gettext_lazy("File")),
    ("url", gettext_lazy("URL")),
    ("feed", gettext_lazy("Feed")),
    ("events", gettext_lazy("ACLED / UCDP")),
]
JOB_ITEMS_SHOWN = 500


def _require_importer(request: HttpRequest) -> None:
    """Importing: the same rule as the admin and the API."""
    permissions.require(
        permissions.can_import(request.user), _("Only analysts and editors can import articles.")
    )


@login_required
@require_http_methods(["GET", "POST"])
def import_page(request: HttpRequest) -> HttpResponse:
    _require_importer(request)
    tab = request.POST.get("kind") if request.method == "POST" else request.GET.get("tab")
    tab = tab if tab in dict(TABS) else "paste"
    # The paste form keeps unprefixed names (text, outlet…): the shortest POST for scripts.
    forms = {name: cls(prefix=_prefix(name)) for name, cls in FORMS.items()}
    if request.method == "POST" and tab in FORMS:
        form = FORMS[tab](request.POST, request.FILES, prefix=_prefix(tab))
        forms[tab] = form
        if form.is_valid():
            upload = form.cleaned_data.get("file")
            try:
                job = start_import(
                    tab, user=request.user, params=form.import_params(), upload=upload
                )
            except ValidationError as exc:
                for message in exc.messages:
                    form.add_error(None, message)
            else:
                job.refresh_from_db()
                return _after_job(request, job)
    context = {
        "tabs": TABS,
        "active": tab,
        "forms": forms,
        "outlets": Outlet.objects.order_by("name").values_list("name", flat=True)[:500],
        "can_import_events": permissions.can_create(request.user),
    }
    return render(request, "desk/import.html", context)


def _prefix(tab: str) -> str | None:
    return None if tab == "paste" else tab


@login_required
def import_events(request: HttpRequest) -> HttpResponse:
    """The ACLED/UCDP tab: the events upload with its preview, for analysts and up."""
    _require_importer(request)
    permissions.require(
        permissions.can_create(request.user), _("Only analysts and editors import events.")
    )
    return import_events_view(request)


def article_for_job(job: ImportJob, user) -> Article | None:
    """The article a finished paste job stored or found as a duplicate, if this user may read it."""
    article_id = (job.params or {}).get("article_id")
    if job.kind != ImportJob.Kind.PASTE or not isinstance(article_id, int):
        return None
    return Article.objects.visible_to(user).filter(pk=article_id).first()


def _found_message(request: HttpRequest, job: ImportJob) -> None:
    if job.items_duplicate and not job.items_created:
        messages.warning(request, _("This article was already imported: here it is."))
    else:
        messages.success(request, _("Article imported. Review the proposed incidents."))


def _after_job(request: HttpRequest, job: ImportJob) -> HttpResponse:
    if not job.is_finished:
        messages.info(request, _("Import #%(id)s queued.") % {"id": job.pk})
        return redirect("desk:import_job", pk=job.pk)
    article = article_for_job(job, request.user)
    if article is not None:
        _found_message(request, job)
        return redirect("desk:article", pk=article.pk)
    if job.kind == ImportJob.Kind.PASTE:
        _failure_message(request, job)
    return redirect("desk:import_job", pk=job.pk)


def _failure_message(request: HttpRequest, job: ImportJob) -> None:
    if (job.params or {}).get("article_id"):
        # A duplicate of an article kept at a marking above the analyst's clearance.
        messages.error(request, _("This article is already stored, at a marking you cannot read."))
        return
    reason = job.message or "; ".join(e.get("message", "") for e in job.errors or []) or "?"
    messages.error(request, _("The import failed: %(reason)s") % {"reason": reason})


def _job(request: HttpRequest, pk: int) -> ImportJob:
    return get_object_or_404(ImportJob.objects.visible_to(request.user), pk=pk)


def _job_context(request: HttpRequest, job: ImportJob) -> dict:
    items = list(job.items.select_related("article").order_by("id")[:JOB_ITEMS_SHOWN])
    readable = set(
        Article.objects.visible_to(request.user)
        .filter(pk__in=[i.article_id for i in items if i.article_id])
        .values_list("pk", flat=True)
    )
    return {"job": job, "items": items, "readable": readable}


@login_required
def job_page(request: HttpRequest, pk: int) -> HttpResponse:
    """The one job page: progress while it runs, then counters, errors and items."""
    job = _job(request, pk)
    if request.GET.get("format") == "json":
        return JsonResponse(job.status_dict())
    if job.is_finished and request.GET.get("wait") != "0":
        article = article_for_job(job, request.user)
        if article is not None:
            _found_message(request, job)
            return redirect("desk:article", pk=article.pk)
    return render(request, "desk/import_job.html", _job_context(request, job))


@login_required
def job_status(request: HttpRequest, pk: int) -> HttpResponse:
    """Polled by htmx: the job's progress; a paste job opens its article once it exists."""
    job = _job(request, pk)
    if request.GET.get("format") == "json":
        return JsonResponse(job.status_dict())
    if job.is_finished:
        article = article_for_job(job, request.user)
        if article is not None:
            _found_message(request, job)
            response = HttpResponse(status=204)
            response["HX-Redirect"] = reverse("desk:article", args=[article.pk])
            return response
    return render(request, "desk/_job_status.html", _job_context(request, job))
