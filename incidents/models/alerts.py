"""Alerts on a saved search: who follows it and how (email, Atom feed, webhook), and one delivery
row per (subscription, channel, incident, version) so that no change is ever sent twice.

The delivery row is written (unique constraint) before anything is sent, and a sender claims it
(pending → sending) in one UPDATE before sending: a worker that dies after the claim leaves the
row in "sending", which is never sent again (at most once, never twice).
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from analysts.markings import TLP, TLP_RANK
from analysts.models import SavedFilter


def new_feed_token() -> str:
    return secrets.token_urlsafe(24)


def new_webhook_secret() -> str:
    return secrets.token_hex(32)


class AlertSubscription(models.Model):
    """One user following one saved search (their own, or one shared with their team)."""

    class Email(models.TextChoices):
        OFF = "off", _("No email")
        IMMEDIATE = "immediate", _("Immediately")
        DAILY = "daily", _("Daily digest")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="alert_subscriptions",
    )
    saved_search = models.ForeignKey(
        SavedFilter,
        verbose_name=_("saved search"),
        on_delete=models.CASCADE,
        related_name="subscriptions",
    )
    email = models.CharField(
        verbose_name=_("email"), max_length=16, choices=Email.choices, default=Email.OFF
    )
    # The Atom feed's secret address (/feeds/saved/<token>.atom); revoking replaces it.
    feed_token = models.CharField(
        verbose_name=_("feed token"), max_length=64, unique=True, default=new_feed_token
    )
    webhook_url = models.URLField(verbose_name=_("webhook URL"), max_length=500, blank=True)
    webhook_secret = models.CharField(
        verbose_name=_("webhook secret"), max_length=64, default=new_webhook_secret
    )
    webhook_above_green = models.BooleanField(
        verbose_name=_("send records above TLP:GREEN"),
        default=False,
        help_text=_("Off: AMBER and RED incidents never leave through this webhook."),
    )
    webhook_active = models.BooleanField(verbose_name=_("webhook active"), default=True)
    webhook_failures = models.PositiveIntegerField(
        verbose_name=_("consecutive failed deliveries"), default=0
    )
    webhook_disabled_at = models.DateTimeField(
        verbose_name=_("webhook disabled at"), null=True, blank=True
    )
    # Incidents changed after this time are looked at by the next scan (less an overlap).
    checked_until = models.DateTimeField(verbose_name=_("checked until"), default=timezone.now)
    last_digest_at = models.DateTimeField(verbose_name=_("last digest at"), null=True, blank=True)
    created_at = models.DateTimeField(verbose_name=_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("alert subscription")
        verbose_name_plural = _("alert subscriptions")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "saved_search"], name="unique_subscription_per_user_search"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.saved_search}"

    @property
    def webhook_enabled(self) -> bool:
        return bool(self.webhook_url) and self.webhook_active

    def webhook_may_carry(self, tlp: str) -> bool:
        """Above TLP:GREEN only with the owner's opt-in for this webhook."""
        return self.webhook_above_green or TLP_RANK[TLP(tlp)] <= TLP_RANK[TLP.GREEN]

    def revoke_feed(self) -> None:
        """The old feed address stops working at once; the new one is shown to the owner."""
        self.feed_token = new_feed_token()
        self.save(update_fields=["feed_token"])


class AlertDelivery(models.Model):
    """One change of one incident sent (or to send) on one channel of one subscription."""

    class Channel(models.TextChoices):
        EMAIL = "email", _("Email")
        WEBHOOK = "webhook", _("Webhook")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENDING = "sending", _("Sending")
        RETRYING = "retrying", _("Waiting to retry")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        SKIPPED = "skipped", _("Skipped (superseded or no longer readable)")

    subscription = models.ForeignKey(
        AlertSubscription,
        verbose_name=_("subscription"),
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    channel = models.CharField(verbose_name=_("channel"), max_length=16, choices=Channel.choices)
    incident = models.ForeignKey(
        "incidents.Incident",
        verbose_name=_("incident"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    incident_version = models.PositiveIntegerField(verbose_name=_("incident version"))
    status = models.CharField(
        verbose_name=_("status"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveIntegerField(verbose_name=_("attempts"), default=0)
    status_code = models.PositiveIntegerField(verbose_name=_("status code"), null=True, blank=True)
    error = models.TextField(verbose_name=_("error"), blank=True)
    # Every attempt: {"at": ISO time, "attempt": n, "status_code": int|None, "error": str}.
    log = models.JSONField(verbose_name=_("attempt log"), default=list, blank=True)
    created_at = models.DateTimeField(verbose_name=_("created at"), auto_now_add=True)
    sent_at = models.DateTimeField(verbose_name=_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("alert delivery")
        verbose_name_plural = _("alert deliveries")
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "channel", "incident", "incident_version"],
                name="unique_alert_per_change",
            )
        ]
        indexes = [
            models.Index(fields=["subscription", "channel", "status"], name="alert_pending_idx")
        ]

    def __str__(self) -> str:
        return f"#{self.incident_id} v{self.incident_version} {self.channel} {self.status}"

    def claim(self, *from_statuses: str) -> bool:
        """Move this row to "sending" if it is still in one of `from_statuses`; False when another
        worker (or an earlier run) already took it. One UPDATE, so two workers cannot both win."""
        statuses = from_statuses or (self.Status.PENDING,)
        won = (
            AlertDelivery.objects.filter(pk=self.pk, status__in=statuses).update(
                status=self.Status.SENDING
            )
            == 1
        )
        if won:
            self.status = self.Status.SENDING
        return won
