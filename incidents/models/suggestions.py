from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Suggestion(models.Model):
    """An incident the engine proposes from an article, waiting for an analyst's decision."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected")
        ATTACHED = "attached", _("Added as source of an existing incident")

    article = models.ForeignKey(
        "sources.Article",
        verbose_name=_("article"),
        on_delete=models.CASCADE,
        related_name="suggestions",
    )
    position = models.PositiveSmallIntegerField(
        verbose_name=_("position"), help_text=_("Order within the article.")
    )
    data = models.JSONField(
        verbose_name=_("data"), help_text=_("The proposed incident with its evidence spans.")
    )
    status = models.CharField(
        verbose_name=_("status"),
        max_length=10,
        choices=Status.choices,
        default=Status.PROPOSED,
        db_index=True,
    )
    incident = models.ForeignKey(
        "incidents.Incident",
        verbose_name=_("incident"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="suggestions",
    )
    engine_version = models.CharField(verbose_name=_("engine version"), max_length=20, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(verbose_name=_("decided at"), null=True, blank=True)
    reason = models.TextField(verbose_name=_("reason"), blank=True)
    created_at = models.DateTimeField(verbose_name=_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("suggestion")
        verbose_name_plural = _("suggestions")
        ordering = ["article", "position"]
        constraints = [
            models.UniqueConstraint(fields=["article", "position"], name="unique_suggestion_slot")
        ]

    def __str__(self) -> str:
        return f"Suggestion {self.position + 1} from article {self.article_id}"


class EngineRun(models.Model):
    """Where the engine's reading of one article stands (queued, running, done, failed).

    The Celery task leaves no result behind (no result backend), so the review page would
    otherwise not know whether an article without proposals is still being read.
    """

    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Reading")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    article = models.OneToOneField(
        "sources.Article",
        on_delete=models.CASCADE,
        related_name="engine_run",
        verbose_name=_("article"),
    )
    state = models.CharField(_("state"), max_length=8, choices=State.choices, default=State.QUEUED)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)
    message = models.CharField(_("message"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("engine run")
        verbose_name_plural = _("engine runs")

    def __str__(self) -> str:
        return f"Engine run of article {self.article_id}: {self.state}"

    @classmethod
    def mark(cls, article_id: int, state: str, message: str = "") -> None:
        cls.objects.update_or_create(
            article_id=article_id,
            defaults={"state": state, "updated_at": timezone.now(), "message": message[:500]},
        )

    @property
    def is_pending(self) -> bool:
        return self.state in (self.State.QUEUED, self.State.RUNNING)
