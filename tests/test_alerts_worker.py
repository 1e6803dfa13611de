"""Alerts through a real Celery worker: a saved search's new incidents arrive by email and by a
signed webhook on the loopback server, once each (also after the worker restarts), and only
what the subscriber may read."""

from __future__ import annotations

import datetime
import hashlib
import hmac
import json

import pytest
from celery.contrib.testing.worker import start_worker
from django.core import mail
from django.utils import timezone

from analysts.markings import TLP
from analysts.models import SavedFilter
from config.celery import app
from incidents.models import AlertDelivery, AlertSubscription
from incidents.models.incidents import ReviewStatus
from incidents.tasks import scan_alerts

from .factories import ActorFactory, IncidentActorFactory, IncidentFactory, TeamFactory
from .servers import Reply
from .workers import purge_queue, wait_for

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def running_worker():
    return start_worker(
        app, pool="solo", perform_ping_check=False, loglevel="WARNING", shutdown_timeout=10
    )


def verify(secret: str, headers: dict[str, str], body: bytes) -> bool:
    """The receiver's check, as the README documents it."""
    timestamp = headers["X-Desk-Timestamp"]
    expected = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return hmac.compare_digest("sha256=" + expected.hexdigest(), headers["X-Desk-Signature"])


@pytest.fixture
def scene(analyst, settings, local_server):
    settings.WEBHOOK_URL_ALLOWLIST = ["127.0.0.1"]
    team = TeamFactory(name="Mali desk")
    analyst.teams.add(team)
    jnim = ActorFactory(name="JNIM")
    recent = timezone.localdate() - datetime.timedelta(days=2)

    def incident(summary: str, **fields):
        fields.setdefault("review_status", ReviewStatus.PUBLISHED)
        fields.setdefault("date_start", recent)
        made = IncidentFactory(summary=summary, **fields)
        IncidentActorFactory(incident=made, actor=jnim)
        return made

    search = SavedFilter.objects.create(
        user=analyst,
        name="Mali, JNIM, last 7 days",
        query=f"country=ML&actor={jnim.pk}&last_days=7",
    )
    local_server.routes["/hook"] = Reply("ok", headers={"Content-Type": "text/plain"})
    subscription = AlertSubscription.objects.create(
        user=analyst,
        saved_search=search,
        email=AlertSubscription.Email.IMMEDIATE,
        webhook_url=local_server.url("/hook"),
        # Only incidents changed from now on alert: nothing older floods the subscriber.
        checked_until=timezone.now() - datetime.timedelta(seconds=1),
    )
    return {
        "subscription": subscription,
        "team": team,
        "incident": incident,
        "other_team": TeamFactory(name="Niger desk"),
    }


def rescan_from_long_ago(subscription: AlertSubscription) -> None:
    """A scan that looks at the last hour again (as after a lost watermark), and its end."""
    start = timezone.now()
    AlertSubscription.objects.filter(pk=subscription.pk).update(
        checked_until=start - datetime.timedelta(hours=1)
    )
    scan_alerts.delay()
    wait_for(
        lambda: AlertSubscription.objects.get(pk=subscription.pk).checked_until >= start,
        30,
        "the scan ran",
    )


def _run_scan(server, expected_posts: int, expected_mails: int) -> None:
    scan_alerts.delay()
    wait_for(
        lambda: len(server.posts) >= expected_posts and len(mail.outbox) >= expected_mails,
        30,
        f"{expected_posts} webhook posts and {expected_mails} emails",
    )


def test_new_incidents_arrive_once_by_email_and_signed_webhook(scene, local_server, analyst):
    subscription, incident = scene["subscription"], scene["incident"]
    wanted = incident("JNIM attacked an army post near Kayes", tlp=TLP.CLEAR)
    team_amber = incident("Team-only report", tlp=TLP.AMBER, team=scene["team"])
    incident("Another team's report", tlp=TLP.AMBER, team=scene["other_team"])
    incident("A draft", review_status=ReviewStatus.DRAFT)
    incident("In Burkina Faso", country="BF")
    purge_queue()
    with running_worker():
        _run_scan(local_server, expected_posts=1, expected_mails=1)
        # What a scan found and sent, a second scan over the same hour does not send again.
        rescan_from_long_ago(subscription)
    # The email names both incidents the analyst may read, nothing else.
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [analyst.email]
    assert message.subject == "“Mali, JNIM, last 7 days”: 2 new or changed incidents"
    assert f"/incidents/{wanted.pk}/" in message.body
    assert f"/incidents/{team_amber.pk}/" in message.body
    for hidden in ("Another team's report", "A draft", "In Burkina Faso"):
        assert hidden not in message.body
    # The webhook carries only the CLEAR one (no opt-in above GREEN), signed.
    assert len(local_server.posts) == 1
    path, headers, body = local_server.posts[0]
    assert verify(subscription.webhook_secret, headers, body)
    assert not verify("another secret", headers, body)
    payload = json.loads(body)
    assert payload["incident"]["id"] == wanted.pk
    assert payload["saved_search"]["name"] == "Mali, JNIM, last 7 days"
    assert "sources" not in payload["incident"]

    # A restarted worker (a new one) and more scans send nothing again ...
    with running_worker():
        rescan_from_long_ago(subscription)
        assert len(local_server.posts) == 1 and len(mail.outbox) == 1
        # ... until the incident changes: that change is sent once.
        wanted.fatalities_best = 12
        wanted.save()
        _run_scan(local_server, expected_posts=2, expected_mails=2)
    assert len(local_server.posts) == 2 and len(mail.outbox) == 2
    assert json.loads(local_server.posts[1][2])["incident"]["fatalities_best"] == 12
    assert mail.outbox[1].subject == "“Mali, JNIM, last 7 days”: 1 new or changed incident"
    webhook_log = subscription.deliveries.filter(channel="webhook").order_by("id")
    assert [(d.incident_version, d.status, d.status_code) for d in webhook_log] == [
        (wanted.version - 1, "sent", 200),
        (wanted.version, "sent", 200),
    ]


def test_failing_webhook_retries_with_backoff_then_is_switched_off(scene, local_server, settings):
    settings.WEBHOOK_RETRY_BACKOFF = 0.05
    settings.WEBHOOK_MAX_ATTEMPTS = 3
    settings.WEBHOOK_DISABLE_AFTER = 2
    local_server.routes["/hook"] = Reply("down", status=503, headers={"Content-Type": "text/plain"})
    subscription = scene["subscription"]
    subscription.email = AlertSubscription.Email.OFF
    subscription.save()
    first = scene["incident"]("First")
    second = scene["incident"]("Second")
    purge_queue()
    with running_worker():
        scan_alerts.delay()
        wait_for(
            lambda: AlertDelivery.objects.filter(status="failed").count() == 2,
            40,
            "both deliveries failed for good",
        )
        subscription.refresh_from_db()
        assert not subscription.webhook_active
        assert subscription.webhook_disabled_at is not None
        # Switched off: a new incident is not posted at all.
        scene["incident"]("Third")
        rescan_from_long_ago(subscription)
    assert len(local_server.posts) == 6  # 2 deliveries × 3 attempts
    for delivery in AlertDelivery.objects.filter(incident__in=[first, second]):
        assert [entry["attempt"] for entry in delivery.log] == [1, 2, 3]
        assert {entry["status_code"] for entry in delivery.log} == {503}
    assert not AlertDelivery.objects.exclude(incident__in=[first, second]).exists()
