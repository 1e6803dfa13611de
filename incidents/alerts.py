"""Alerts on saved searches: find the new or changed incidents a subscriber may read, and deliver
each change once by email, webhook (and the Atom feed, `incidents.alert_feed`, which is a live view).

What matches is decided in one place, `matching_incidents`: the subscriber's visible incidents
(`Incident.objects.visible_to`), the saved query through `IncidentFilterSet` with the sharing
default (published incidents unless the query names review statuses), and only while the
subscriber may still read the saved search itself (a shared search they left the team of is
silent).

Never twice: `scan` writes one `AlertDelivery` per (subscription, channel, incident, version),
under a unique constraint, before anything is sent; senders claim a row in one UPDATE and send
only what they won. A row whose incident has moved on to a newer version is skipped (the newer
version has its own row), so a receiver never gets the same state twice.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import json
import logging
import random
import time

from django.conf import settings
from django.core.mail import EmailMessage
from django.db.models import F, QuerySet
from django.http import QueryDict
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext

from analysts.models import SavedFilter
from incidents.exports.filtering import with_sharing_default
from incidents.filtersets import IncidentFilterSet
from incidents.models import AlertDelivery, AlertSubscription, Incident
from sources import fetch

logger = logging.getLogger(__name__)

SIGNATURE_HEADER = "X-Desk-Signature"
TIMESTAMP_HEADER = "X-Desk-Timestamp"
DELIVERY_HEADER = "X-Desk-Delivery"
DIGEST_EVERY = datetime.timedelta(days=1)

Status = AlertDelivery.Status
Channel = AlertDelivery.Channel


def matching_incidents(subscription: AlertSubscription) -> QuerySet[Incident]:
    """The incidents of the saved search that its subscriber may read (see the module doc)."""
    user = subscription.user
    search = subscription.saved_search
    if not SavedFilter.objects.visible_to(user).filter(pk=search.pk).exists():
        return Incident.objects.none()
    data = with_sharing_default(QueryDict(search.query))
    queryset = Incident.objects.visible_to(user).current()
    filterset = IncidentFilterSet(data, queryset=queryset, reader=user)
    if not filterset.is_valid():
        return Incident.objects.none()
    return filterset.qs


def results_path(search: SavedFilter) -> str:
    """The desk list showing the saved search's results."""
    path = reverse("desk:incident_list")
    return f"{path}?{search.query}" if search.query else path


def feed_path(subscription: AlertSubscription) -> str:
    return reverse("saved_search_feed", args=[subscription.feed_token])


def absolute(path: str) -> str:
    return settings.SITE_URL + path


def alert_record(incident: Incident) -> dict:
    """What an alert says about one incident (webhook JSON, email lines): the incident's own
    fields only, never the text of its sources (which its reader may not be allowed to read)."""
    return {
        "id": incident.pk,
        "version": incident.version,
        "url": absolute(reverse("desk:incident", args=[incident.pk])),
        "api_url": absolute(reverse("api:incident-detail", args=[incident.pk])),
        "updated_at": incident.updated_at.isoformat(),
        "published_at": incident.published_at.isoformat() if incident.published_at else None,
        "review_status": incident.review_status,
        "tlp": incident.tlp,
        "date_start": incident.date_start.isoformat(),
        "date_end": incident.date_end.isoformat() if incident.date_end else None,
        "country": incident.country,
        "admin1": incident.admin1,
        "location": incident.primary_location.name if incident.primary_location else None,
        "event_type": incident.event_type,
        "sub_event_type": incident.sub_event_type,
        "fatalities_best": incident.fatalities_best,
        "claim_status": incident.claim_status,
        "summary": incident.summary,
        "actors": [
            {"id": link.actor_id, "name": link.actor.name, "role": link.role}
            for link in incident.incident_actors.all()
        ],
    }


def incident_title(incident: Incident) -> str:
    """One line naming an incident, in the active language: "#12 2025-07-01 Kayes, ML — Battles"."""
    place = ", ".join(part for part in (incident.admin1, incident.country) if part)
    return f"#{incident.pk} {incident.date_start:%Y-%m-%d} {place} — {gettext(incident.event_type)}"


# --- scanning -------------------------------------------------------------------------------


def wanted_channels(subscription: AlertSubscription) -> list[str]:
    channels = []
    if subscription.email != AlertSubscription.Email.OFF and subscription.user.email:
        channels.append(Channel.EMAIL)
    if subscription.webhook_enabled:
        channels.append(Channel.WEBHOOK)
    return channels


def scan(subscription: AlertSubscription, now: datetime.datetime | None = None) -> int:
    """Record a delivery row for each change since the last scan (with an overlap, so a change
    committed late is still seen) on each channel of the subscription. Returns rows written."""
    now = now or timezone.now()
    channels = wanted_channels(subscription)
    if not channels or not subscription.user.is_active:
        AlertSubscription.objects.filter(pk=subscription.pk).update(checked_until=now)
        return 0
    since = subscription.checked_until - datetime.timedelta(seconds=settings.ALERTS_OVERLAP_SECONDS)
    limit = settings.ALERTS_MAX_PER_SCAN
    changed = list(
        matching_incidents(subscription)
        .filter(updated_at__gt=since)
        .order_by("updated_at", "id")
        .values_list("pk", "version", "tlp", "updated_at")[:limit]
    )
    rows = [
        AlertDelivery(
            subscription=subscription, channel=channel, incident_id=pk, incident_version=version
        )
        for pk, version, tlp, _ in changed
        for channel in channels
        if channel != Channel.WEBHOOK or subscription.webhook_may_carry(tlp)
    ]
    # The unique constraint drops the changes an earlier (or a concurrent) scan recorded.
    AlertDelivery.objects.bulk_create(rows, ignore_conflicts=True)
    # A full batch: the rest is picked up from the last one seen, not skipped.
    checked_until = changed[-1][3] if len(changed) == limit else now
    AlertSubscription.objects.filter(pk=subscription.pk).update(checked_until=checked_until)
    return len(rows)


def email_due(subscription: AlertSubscription, now: datetime.datetime) -> bool:
    if subscription.email == AlertSubscription.Email.IMMEDIATE:
        return True
    if subscription.email == AlertSubscription.Email.DAILY:
        last = subscription.last_digest_at
        return last is None or now - last >= DIGEST_EVERY
    return False


def pending(subscription: AlertSubscription, channel: str) -> QuerySet[AlertDelivery]:
    return subscription.deliveries.filter(channel=channel, status=Status.PENDING)


def _still_current(subscription: AlertSubscription, claimed: list[AlertDelivery]) -> dict:
    """{delivery: incident} for the claimed rows still readable, matching and at their version;
    the others are marked skipped, with why."""
    incidents = {
        incident.pk: incident
        for incident in matching_incidents(subscription)
        .filter(pk__in=[d.incident_id for d in claimed])
        .with_list_data()
    }
    kept = {}
    for delivery in claimed:
        incident = incidents.get(delivery.incident_id)
        if incident is None:
            _finish(delivery, Status.SKIPPED, error="no longer readable or matching")
        elif incident.version != delivery.incident_version:
            _finish(delivery, Status.SKIPPED, error=f"superseded by version {incident.version}")
        else:
            kept[delivery] = incident
    return kept


def _finish(delivery: AlertDelivery, status: str, **fields) -> None:
    delivery.status = status
    for name, value in fields.items():
        setattr(delivery, name, value)
    if status == Status.SENT:
        delivery.sent_at = timezone.now()
    delivery.save(update_fields=["status", "sent_at", *fields])


# --- email ----------------------------------------------------------------------------------


def send_email(subscription: AlertSubscription) -> int:
    """One message with every pending change of the subscription (immediate alert or daily
    digest), in the subscriber's language. Returns the incidents sent."""
    now = timezone.now()
    claimed = [d for d in pending(subscription, Channel.EMAIL).order_by("id") if d.claim()]
    if subscription.email == AlertSubscription.Email.DAILY:
        AlertSubscription.objects.filter(pk=subscription.pk).update(last_digest_at=now)
    if not claimed:
        return 0
    kept = _still_current(subscription, claimed)
    if not kept:
        return 0
    user = subscription.user
    with translation.override(user.language or settings.LANGUAGE_CODE):
        subject, body = email_text(subscription, list(kept.values()))
    try:
        EmailMessage(subject, body, to=[user.email]).send()
    except Exception as exc:  # noqa: BLE001 - any backend error; never resent (at most once)
        logger.exception("alert email to %s failed", user.email)
        for delivery in kept:
            _finish(delivery, Status.FAILED, error=f"{type(exc).__name__}: {exc}", attempts=1)
        return 0
    for delivery in kept:
        _finish(delivery, Status.SENT, attempts=1)
    return len(kept)


def email_text(subscription: AlertSubscription, incidents: list[Incident]) -> tuple[str, str]:
    """Subject and body in the active language."""
    search = subscription.saved_search
    count = len(incidents)
    if subscription.email == AlertSubscription.Email.DAILY:
        subject = ngettext(
            "Daily digest of “%(name)s”: %(count)d new or changed incident",
            "Daily digest of “%(name)s”: %(count)d new or changed incidents",
            count,
        )
    else:
        subject = ngettext(
            "“%(name)s”: %(count)d new or changed incident",
            "“%(name)s”: %(count)d new or changed incidents",
            count,
        )
    subject = subject % {"name": search.name, "count": count}
    body = render_to_string(
        "alerts/email.txt",
        {
            "search": search,
            "subscription": subscription,
            "incidents": [(incident, incident_title(incident)) for incident in incidents],
            "results_url": absolute(results_path(search)),
            "site_url": settings.SITE_URL,
        },
    )
    return subject, body


# --- webhooks -------------------------------------------------------------------------------


def signature(secret: str, timestamp: str, body: bytes) -> str:
    """The value of the X-Desk-Signature header: HMAC-SHA256 over "<timestamp>.<body>"."""
    mac = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


def webhook_body(delivery: AlertDelivery, incident: Incident) -> bytes:
    search = delivery.subscription.saved_search
    payload = {
        "event": "incident.changed" if incident.version > 1 else "incident.new",
        "delivery": delivery.pk,
        "saved_search": {
            "id": search.pk,
            "name": search.name,
            "results_url": absolute(results_path(search)),
        },
        "incident": alert_record(incident),
    }
    return json.dumps(payload, ensure_ascii=False, sort_keys=True).encode()


def retry_delay(attempt: int) -> float:
    """Exponential backoff with full jitter around it (0.5×–1.5×), so failed hooks spread out."""
    return settings.WEBHOOK_RETRY_BACKOFF * (2 ** (attempt - 1)) * random.uniform(0.5, 1.5)


def _retryable(status_code: int | None) -> bool:
    return status_code is None or status_code in (408, 425, 429) or status_code >= 500


def deliver_webhook(delivery_id: int) -> float | None:
    """POST one change. Returns the seconds to wait before the next attempt, or None when done
    (sent, failed for good, skipped, or taken by another worker)."""
    delivery = (
        AlertDelivery.objects.select_related("subscription__user", "subscription__saved_search")
        .filter(pk=delivery_id, channel=Channel.WEBHOOK)
        .first()
    )
    if delivery is None or not delivery.claim(Status.PENDING, Status.RETRYING):
        return None
    subscription = delivery.subscription
    if not subscription.webhook_enabled:
        _finish(delivery, Status.FAILED, error="webhook disabled")
        return None
    kept = _still_current(subscription, [delivery])
    if not kept:
        return None
    incident = kept[delivery]
    if not subscription.webhook_may_carry(incident.tlp):  # re-marked since the scan
        _finish(delivery, Status.SKIPPED, error=f"{incident.tlp} without the opt-in")
        return None
    body = webhook_body(delivery, incident)
    timestamp = str(int(time.time()))
    headers = {
        SIGNATURE_HEADER: signature(subscription.webhook_secret, timestamp, body),
        TIMESTAMP_HEADER: timestamp,
        DELIVERY_HEADER: str(delivery.pk),
        "User-Agent": "IncidentDesk-Webhook/1.0",
    }
    attempt = delivery.attempts + 1
    status_code, error, permanent = None, "", False
    try:
        result = fetch.post_json(
            subscription.webhook_url, body, headers=headers, timeout=settings.WEBHOOK_TIMEOUT
        )
        status_code = result.status
        if not 200 <= status_code < 300:
            error = f"HTTP {status_code}"
    except fetch.FetchError as exc:  # refused address, bad URL: retrying will not help
        error, permanent = str(exc), True
    except fetch.TransientFetchError as exc:
        error = str(exc)
    entry = {
        "at": timezone.now().isoformat(),
        "attempt": attempt,
        "status_code": status_code,
        "error": error,
    }
    fields = {"attempts": attempt, "status_code": status_code, "error": error}
    delivery.log = [*delivery.log, entry]
    fields["log"] = delivery.log
    if not error:
        _finish(delivery, Status.SENT, **fields)
        AlertSubscription.objects.filter(pk=subscription.pk).update(webhook_failures=0)
        return None
    if not permanent and _retryable(status_code) and attempt < settings.WEBHOOK_MAX_ATTEMPTS:
        _finish(delivery, Status.RETRYING, **fields)
        return retry_delay(attempt)
    _finish(delivery, Status.FAILED, **fields)
    _count_failure(subscription)
    return None


def _count_failure(subscription: AlertSubscription) -> None:
    """One more delivery failed for good; after WEBHOOK_DISABLE_AFTER in a row the webhook is
    switched off (the owner sees why and switches it on again)."""
    AlertSubscription.objects.filter(pk=subscription.pk).update(
        webhook_failures=F("webhook_failures") + 1
    )
    AlertSubscription.objects.filter(
        pk=subscription.pk,
        webhook_active=True,
        webhook_failures__gte=settings.WEBHOOK_DISABLE_AFTER,
    ).update(webhook_active=False, webhook_disabled_at=timezone.now())
