"""Admin for outlets, articles, feeds and import jobs (with a paste view and re-run action)."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from analysts.admin_visibility import (
    MarkedLinksAdminMixin,
    MarkedRecordAdminMixin,
    ObjectPagesAdminMixin,
)

from .forms import PasteForm
from .models import Article, Feed, ImportItem, ImportJob, Outlet
from .services import cancel_import, rerun_import, start_import


@admin.register(Outlet)
class OutletAdmin(ObjectPagesAdminMixin, SimpleHistoryAdmin):
    list_display = ("name", "reliability", "country", "language", "article_count")
    list_filter = ("reliability", "country", "language")
    search_fields = ("name", "url")

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).annotate(_articles=Count("articles"))

    @admin.display(description=_("Articles"), ordering="_articles")
    def article_count(self, outlet: Outlet) -> int:
        return outlet._articles


class NearDuplicateFilter(admin.SimpleListFilter):
    title = _("duplicates")
    parameter_name = "duplicates"

    def lookups(self, request, model_admin):
        return [
            ("retelling", _("Same story as another article")),
            ("retold", _("Retold by other articles")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "retelling":
            return queryset.filter(same_story_as__isnull=False)
        if self.value() == "retold":
            return queryset.filter(retellings__isnull=False).distinct()
        return queryset


@admin.register(Article)
class ArticleAdmin(MarkedRecordAdminMixin, MarkedLinksAdminMixin, SimpleHistoryAdmin):
    """Articles the user may read (`Article.objects.visible_to`): the list, the autocompletes and,
    through `MarkedRecordAdminMixin`, the change, delete, history and revert pages (404 otherwise).
    The earlier telling (`same_story_as`) of a readable article may be hidden: then it is named
    neither in the list nor on the change page (`MarkedLinksAdminMixin`).
    """

    list_display = (
        "__str__",
        "outlet",
        "published_at",
        "language",
        "same_story",
        "retelling_count",
        "tlp",
        "assigned_to",
        "created_at",
    )
    # Outlets of readable articles only: an outlet named in the sidebar hints at what it published.
    list_filter = (
        NearDuplicateFilter,
        "language",
        "tlp",
        ("outlet", admin.RelatedOnlyFieldListFilter),
    )
    list_select_related = ("outlet", "same_story_as", "assigned_to")
    search_fields = ("title", "url")
    date_hierarchy = "published_at"
    raw_id_fields = ("same_story_as", "added_by")
    readonly_fields = ("text_hash", "wire_agency", "similarity", "created_at", "updated_at")
    hidden_link_displays = {"same_story_as": "same_story"}

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        # The one visibility rule, as everywhere else.
        readable = Article.objects.visible_to(request.user)
        return (
            super()
            .get_queryset(request)
            .visible_to(request.user)
            .annotate(
                _retellings=Count("retellings"),
                _same_story_visible=Exists(readable.filter(pk=OuterRef("same_story_as_id"))),
            )
        )

    @admin.display(description=_("Same story as"))
    def same_story(self, article: Article) -> str:
        if not article.same_story_as_id or not article._same_story_visible:
            return "—"
        url = reverse("admin:sources_article_change", args=[article.same_story_as_id])
        return format_html(
            '<a href="{}">{}</a> ({})',
            url,
            article.same_story_as,
            f"{article.similarity:.0%}" if article.similarity is not None else "?",
        )

    @admin.display(description=_("Retellings"), ordering="_retellings")
    def retelling_count(self, article: Article) -> int:
        return article._retellings


@admin.register(Feed)
class FeedAdmin(ObjectPagesAdminMixin, admin.ModelAdmin):
    list_display = (
        "__str__",
        "outlet",
        "language",
        "active",
        "poll_interval",
        "last_polled_at",
        "next_poll_at",
        "consecutive_failures",
        "error",
    )
    list_filter = ("active", "language", "outlet")
    search_fields = ("url", "title")
    readonly_fields = (
        "last_polled_at",
        "next_poll_at",
        "etag",
        "last_modified",
        "last_error",
        "consecutive_failures",
        "created_at",
    )
    actions = ["poll_now"]

    @admin.display(description=_("Last error"))
    def error(self, feed: Feed) -> str:
        return (feed.last_error[:120] + "…") if len(feed.last_error) > 120 else feed.last_error

    @admin.action(description=_("Poll the selected feeds now"))
    def poll_now(self, request: HttpRequest, queryset: QuerySet) -> None:
        from .tasks import poll_feed

        ids = list(queryset.filter(active=True).values_list("pk", flat=True))
        transaction.on_commit(lambda: [poll_feed.delay(pk) for pk in ids])
        self.message_user(
            request,
            ngettext("%(n)d feed poll queued.", "%(n)d feed polls queued.", len(ids))
            % {"n": len(ids)},
            messages.SUCCESS,
        )


class ImportItemInline(admin.TabularInline):
    model = ImportItem
    fields = ("label", "outcome", "article", "message")
    readonly_fields = fields
    extra = 0
    can_delete = False
    max_num = 0
    show_change_link = False

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).select_related("article")


@admin.register(ImportJob)
class ImportJobAdmin(ObjectPagesAdminMixin, admin.ModelAdmin):
    list_display = (
        "__str__",
        "kind",
        "status",
        "progress",
        "items_created",
        "items_duplicate",
        "items_failed",
        "created_by",
        "created_at",
        "page",
    )
    list_filter = ("status", "kind", "created_at")
    list_select_related = ("created_by",)
    search_fields = ("message", "celery_task_id")
    readonly_fields = (
        "kind",
        "status",
        "created_by",
        "params",
        "upload",
        "feed",
        "rerun_of",
        "progress",
        "items_total",
        "items_seen",
        "items_created",
        "items_updated",
        "items_duplicate",
        "items_failed",
        "error_list",
        "message",
        "celery_task_id",
        "worker",
        "heartbeat_at",
        "created_at",
        "started_at",
        "finished_at",
    )
    exclude = ("errors",)
    inlines = [ImportItemInline]
    actions = ["rerun", "cancel"]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).visible_to(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        # Jobs are started by the paste view, the import page, the shell and beat.
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False if obj is not None else super().has_change_permission(request, obj)

    @admin.display(description=_("Progress"))
    def progress(self, job: ImportJob) -> str:
        done = f"{job.items_seen}/{job.items_total}" if job.items_total else str(job.items_seen)
        percent = job.progress_percent
        if percent is None:
            return done
        return format_html(
            '<progress max="100" value="{}" title="{} %"></progress> {}', percent, percent, done
        )

    @admin.display(description=_("Errors"))
    def error_list(self, job: ImportJob) -> str:
        if not job.errors:
            return "—"
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                "<li><strong>{}</strong>: {}</li>",
                job.error_rows(),
            ),
        )

    @admin.display(description=_("Job page"))
    def page(self, job: ImportJob) -> str:
        return format_html(
            '<a href="{}">{}</a>', reverse("sources:job-detail", args=[job.pk]), _("open")
        )

    @admin.action(description=_("Re-run the selected jobs"))
    def rerun(self, request: HttpRequest, queryset: QuerySet) -> None:
        jobs = [rerun_import(job, user=request.user) for job in queryset]
        self.message_user(
            request,
            _("Queued again as: %s") % ", ".join(f"#{job.pk}" for job in jobs),
            messages.SUCCESS,
        )

    @admin.action(description=_("Cancel the selected jobs"))
    def cancel(self, request: HttpRequest, queryset: QuerySet) -> None:
        cancelled = sum(cancel_import(job) for job in queryset)
        self.message_user(
            request,
            ngettext("%(n)d job cancelled.", "%(n)d jobs cancelled.", cancelled) % {"n": cancelled},
            messages.SUCCESS,
        )

    def get_urls(self):
        return [
            path(
                "paste/",
                self.admin_site.admin_view(self.paste_view),
                name="sources_importjob_paste",
            ),
            *super().get_urls(),
        ]

    def paste_view(self, request: HttpRequest) -> HttpResponse:
        """Paste one article: text plus optional title, URL, outlet, date and language."""
        if not self.has_view_permission(request) or not request.user.is_analyst:
            return redirect("admin:index")
        form = PasteForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                job = start_import(
                    ImportJob.Kind.PASTE, user=request.user, params=form.import_params()
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                self.message_user(request, _("Import queued: %s") % job, messages.SUCCESS)
                return redirect("sources:job-detail", pk=job.pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "form": form,
            "title": _("Paste an article"),
        }
        return TemplateResponse(request, "admin/sources/importjob/paste.html", context)
