from __future__ import annotations

import hashlib
import re
import unicodedata

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from analysts.markings import TLP, TLP_HELP
from vocabulary.textmeta import agency_credit


class Reliability(models.TextChoices):
    """Admiralty source reliability: it belongs to the outlet, not to each report."""

    A = "A", _("A – Completely reliable")
    B = "B", _("B – Usually reliable")
    C = "C", _("C – Fairly reliable")
    D = "D", _("D – Not usually reliable")
    E = "E", _("E – Unreliable")
    F = "F", _("F – Reliability cannot be judged")


class Outlet(models.Model):
    name = models.CharField(verbose_name=_("name"), max_length=200, unique=True)
    url = models.URLField(verbose_name=_("url"), blank=True)
    country = models.CharField(
        verbose_name=_("country"), max_length=2, blank=True, help_text=_("ISO 3166-1 alpha-2")
    )
    language = models.CharField(verbose_name=_("language"), max_length=8, blank=True)
    reliability = models.CharField(
        verbose_name=_("reliability"),
        max_length=1,
        choices=Reliability.choices,
        default=Reliability.F,
    )
    notes = models.TextField(verbose_name=_("notes"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("outlet")
        verbose_name_plural = _("outlets")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


def normalise_text(text: str) -> str:
    """The form hashed to recognise the same article text: NFC, case-folded, whitespace folded."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"')
    text = text.replace("\u201d", '"')
    return re.sub(r"\s+", " ", text).strip()


def text_sha256(text: str) -> str:
    return hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()


class ArticleQuerySet(models.QuerySet):
    def visible_to(self, user) -> ArticleQuerySet:
        """The one visibility rule for articles: TLP clearance and, for AMBER/RED, team."""
        from analysts.visibility import marking_q

        return self.filter(marking_q(user))


class Article(models.Model):
    url = models.URLField(
        verbose_name=_("url"), max_length=2000, blank=True, help_text=_("Canonical URL.")
    )
    outlet = models.ForeignKey(
        Outlet,
        verbose_name=_("outlet"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="articles",
    )
    title = models.CharField(verbose_name=_("title"), max_length=500, blank=True)
    byline = models.CharField(verbose_name=_("byline"), max_length=300, blank=True)
    published_at = models.DateTimeField(
        verbose_name=_("published at"), null=True, blank=True, db_index=True
    )
    language = models.CharField(verbose_name=_("language"), max_length=8, blank=True)
    text = models.TextField(verbose_name=_("text"))
    text_hash = models.CharField(
        verbose_name=_("text hash"),
        max_length=64,
        unique=True,
        editable=False,
        help_text=_("SHA-256 of the normalised text."),
    )
    same_story_as = models.ForeignKey(
        "self",
        verbose_name=_("same story as"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="retellings",
        help_text=_("Near-duplicate: the same wire story republished with small edits."),
    )
    similarity = models.FloatField(verbose_name=_("similarity"), null=True, blank=True)
    # The news agency the text credits ("AFP"), read from it on save: reports crediting the
    # same agency are copies of its dispatch, one source for corroboration.
    wire_agency = models.CharField(
        verbose_name=_("wire agency"), max_length=40, blank=True, editable=False
    )
    tlp = models.CharField(
        _("TLP"), max_length=16, choices=TLP.choices, default=TLP.CLEAR, help_text=TLP_HELP
    )
    team = models.ForeignKey(
        "analysts.Team",
        verbose_name=_("team"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The analyst who reviews this article's proposals."),
    )
    created_at = models.DateTimeField(
        verbose_name=_("created at"), default=timezone.now, db_index=True
    )
    updated_at = models.DateTimeField(verbose_name=_("updated at"), auto_now=True)

    objects = ArticleQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["text_hash"])

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        ordering = ["-published_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["url"], condition=~Q(url=""), name="unique_article_url_when_present"
            )
        ]

    def __str__(self) -> str:
        return self.title or (self.text[:80] + "…" if len(self.text) > 80 else self.text)

    def save(self, *args, **kwargs) -> None:
        self.text_hash = text_sha256(self.text)
        self.wire_agency = agency_credit(self.text)[:40]
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "wire_agency"}
        super().save(*args, **kwargs)


class Feed(models.Model):
    url = models.URLField(verbose_name=_("url"), max_length=2000, unique=True)
    title = models.CharField(verbose_name=_("title"), max_length=300, blank=True)
    outlet = models.ForeignKey(
        Outlet,
        verbose_name=_("outlet"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="feeds",
    )
    language = models.CharField(verbose_name=_("language"), max_length=8, blank=True)
    active = models.BooleanField(verbose_name=_("active"), default=True)
    fetch_full_text = models.BooleanField(
        verbose_name=_("fetch full text"),
        default=False,
        help_text=_("Fetch each entry's page for the full text."),
    )
    poll_interval = models.PositiveIntegerField(
        verbose_name=_("poll interval"), default=30, help_text=_("Minutes between polls.")
    )
    last_polled_at = models.DateTimeField(verbose_name=_("last polled at"), null=True, blank=True)
    next_poll_at = models.DateTimeField(
        verbose_name=_("next poll at"), null=True, blank=True, db_index=True
    )
    etag = models.CharField(verbose_name=_("etag"), max_length=300, blank=True)
    last_modified = models.CharField(verbose_name=_("last modified"), max_length=100, blank=True)
    last_error = models.TextField(verbose_name=_("last error"), blank=True)
    consecutive_failures = models.PositiveIntegerField(
        verbose_name=_("consecutive failures"), default=0
    )
    created_at = models.DateTimeField(verbose_name=_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("feed")
        verbose_name_plural = _("feeds")
        ordering = ["url"]

    def __str__(self) -> str:
        return self.title or self.url


class ImportJobQuerySet(models.QuerySet):
    def visible_to(self, user) -> ImportJobQuerySet:
        """Jobs a user may watch: their own; editors and superusers see every job."""
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser or getattr(user, "is_editor", False):
            return self.all()
        return self.filter(created_by=user)


class ImportJob(models.Model):
    class Kind(models.TextChoices):
        PASTE = "paste", _("Paste")
        FILE = "file", _("File")
        URL = "url", _("URL")
        FEED = "feed", _("Feed")
        CSV = "csv", _("CSV of articles")
        ACLED = "acled", _("ACLED events CSV")
        UCDP = "ucdp", _("UCDP GED events CSV")
        STIX = "stix", _("STIX 2.1 bundle")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        SUCCEEDED = "succeeded", _("Succeeded")
        PARTLY_FAILED = "partly_failed", _("Partly failed")
        FAILED = "failed", _("Failed")
        CANCELLED = "cancelled", _("Cancelled")
        # An ACLED/UCDP upload shown as a dry run in the admin, waiting for "Import": no worker
        # takes it, and it changes only when the analyst confirms (or cancels, or re-runs) it.
        PREVIEW = "preview", _("Preview, not imported")

    FINISHED = (Status.SUCCEEDED, Status.PARTLY_FAILED, Status.FAILED, Status.CANCELLED)

    kind = models.CharField(verbose_name=_("kind"), max_length=16, choices=Kind.choices)
    status = models.CharField(
        verbose_name=_("status"),
        max_length=16,
        choices=Status.choices,
        default=Status.QUEUED,
        db_index=True,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    params = models.JSONField(
        verbose_name=_("params"), default=dict, blank=True, help_text=_("What to import.")
    )
    upload = models.FileField(verbose_name=_("upload"), upload_to="imports/%Y/%m/", blank=True)
    feed = models.ForeignKey(
        Feed,
        verbose_name=_("feed"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="jobs",
    )
    items_total = models.PositiveIntegerField(verbose_name=_("items total"), null=True, blank=True)
    items_seen = models.PositiveIntegerField(verbose_name=_("items seen"), default=0)
    items_created = models.PositiveIntegerField(verbose_name=_("items created"), default=0)
    items_updated = models.PositiveIntegerField(verbose_name=_("items updated"), default=0)
    items_duplicate = models.PositiveIntegerField(verbose_name=_("items duplicate"), default=0)
    items_failed = models.PositiveIntegerField(verbose_name=_("items failed"), default=0)
    errors = models.JSONField(
        verbose_name=_("errors"),
        default=list,
        blank=True,
        help_text=_("[{'item': line number or URL, 'message': …}]"),
    )
    message = models.TextField(
        verbose_name=_("message"), blank=True, help_text=_("Why the whole job failed, if it did.")
    )
    celery_task_id = models.CharField(verbose_name=_("celery task id"), max_length=255, blank=True)
    worker = models.CharField(
        verbose_name=_("worker"),
        max_length=255,
        blank=True,
        help_text=_("host:pid of the process running the job."),
    )
    heartbeat_at = models.DateTimeField(
        verbose_name=_("heartbeat at"),
        null=True,
        blank=True,
        help_text=_("Last sign of life of the running job."),
    )
    rerun_of = models.ForeignKey(
        "self",
        verbose_name=_("rerun of"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reruns",
    )
    created_at = models.DateTimeField(
        verbose_name=_("created at"), default=timezone.now, db_index=True
    )
    started_at = models.DateTimeField(verbose_name=_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(verbose_name=_("finished at"), null=True, blank=True)

    objects = ImportJobQuerySet.as_manager()

    class Meta:
        verbose_name = _("import job")
        verbose_name_plural = _("import jobs")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} import #{self.pk}"

    @property
    def is_finished(self) -> bool:
        return self.status in self.FINISHED

    def error_rows(self) -> list[tuple[str, str]]:
        """The per-item errors as (where, why) for people: "Line 4" for a row of a file (the
        item is its line number), else the item itself (a URL, a feed entry)."""
        rows = []
        for error in self.errors or []:
            item = error.get("item", "")
            where = _("Line %(n)s") % {"n": item} if str(item).isdigit() else str(item)
            rows.append((where, error.get("message", "")))
        return rows

    @property
    def makes_incidents(self) -> bool:
        """Event files (ACLED, UCDP, STIX) make incidents; every other kind stores articles."""
        return self.kind in (self.Kind.ACLED, self.Kind.UCDP, self.Kind.STIX)

    @property
    def is_settled(self) -> bool:
        """Nothing will change it on its own: finished, or a preview awaiting its analyst.
        Pages poll a job only while it is not settled."""
        return self.is_finished or self.status == self.Status.PREVIEW

    @property
    def progress_percent(self) -> int | None:
        if not self.items_total:
            return 100 if self.is_finished else None
        return min(100, round(100 * self.items_seen / self.items_total))

    def status_dict(self) -> dict:
        """What the job page shows, as JSON for polling."""
        return {
            "id": self.pk,
            "kind": self.kind,
            "status": self.status,
            "status_display": self.get_status_display(),
            "finished": self.is_finished,
            "progress_percent": self.progress_percent,
            "items_total": self.items_total,
            "items_seen": self.items_seen,
            "items_created": self.items_created,
            "items_updated": self.items_updated,
            "items_duplicate": self.items_duplicate,
            "items_failed": self.items_failed,
            "errors": self.errors,
            "message": self.message,
            "created_at": self.created_at.isoformat(),
            "started_at": self.started_at.isoformat() if self.started_at else None,
            "finished_at": self.finished_at.isoformat() if self.finished_at else None,
        }


class ArticleBand(models.Model):
    """One LSH band key of an article's MinHash: articles sharing a key are near-duplicate candidates.

    Looked up by key only, so finding the candidates for a new article is one indexed query however
    many articles the desk holds; the decision itself is an exact Jaccard check (sources/dedup.py).
    """

    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="bands"
    )
    key = models.BigIntegerField(verbose_name=_("key"), db_index=True)

    class Meta:
        verbose_name = _("article band")
        verbose_name_plural = _("article bands")
        constraints = [
            models.UniqueConstraint(fields=["article", "key"], name="unique_article_band_key")
        ]

    def __str__(self) -> str:
        return f"{self.article_id}:{self.key}"


class ImportItem(models.Model):
    """One processed item of a job (a pasted text, a CSV line, a URL, a feed entry).

    The (job, key) constraint is what makes a job resumable: an item is stored in the same
    transaction as its article and its counters, so a redelivered or recovered job skips it.
    """

    class Outcome(models.TextChoices):
        CREATED = "created", _("Created")
        UPDATED = "updated", _("Updated")
        DUPLICATE = "duplicate", _("Duplicate")
        FAILED = "failed", _("Failed")

    job = models.ForeignKey(
        "ImportJob", verbose_name=_("job"), on_delete=models.CASCADE, related_name="items"
    )
    key = models.CharField(verbose_name=_("key"), max_length=255)
    label = models.CharField(
        verbose_name=_("label"),
        max_length=2000,
        help_text=_("Line number or URL shown to analysts."),
    )
    outcome = models.CharField(verbose_name=_("outcome"), max_length=16, choices=Outcome.choices)
    article = models.ForeignKey(
        Article,
        verbose_name=_("article"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    message = models.TextField(verbose_name=_("message"), blank=True)
    created_at = models.DateTimeField(verbose_name=_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("import item")
        verbose_name_plural = _("import items")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["job", "key"], name="unique_import_item_per_job")
        ]

    def __str__(self) -> str:
        return f"{self.label}: {self.outcome}"
