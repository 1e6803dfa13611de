from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class BulkJob(models.Model):
    """One bulk action over many incidents run by a Celery worker (`incidents.bulk`), with its
    progress and its per-incident report, polled by the desk's job page like an import job."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    action = models.CharField(verbose_name=_("action"), max_length=20)
    params = models.JSONField(verbose_name=_("params"), default=dict, blank=True)
    incident_ids = models.JSONField(verbose_name=_("incidents"), default=list)
    status = models.CharField(
        verbose_name=_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    items_total = models.PositiveIntegerField(verbose_name=_("items total"), default=0)
    items_done = models.PositiveIntegerField(verbose_name=_("items done"), default=0)
    # [{"id": 3, "ok": true, "message": "…"}], in the order taken.
    results = models.JSONField(verbose_name=_("results"), default=list, blank=True)
    message = models.TextField(verbose_name=_("message"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    created_at = models.DateTimeField(verbose_name=_("created at"), default=timezone.now)
    finished_at = models.DateTimeField(verbose_name=_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("bulk job")
        verbose_name_plural = _("bulk jobs")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Bulk {self.action} #{self.pk}"

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def progress_percent(self) -> int:
        if not self.items_total:
            return 100 if self.is_finished else 0
        return min(100, round(100 * self.items_done / self.items_total))
