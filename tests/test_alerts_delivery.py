"""Alert delivery rules, one call at a time: the SSRF guard with its own allowlist, the opt-in
above TLP:GREEN, a claimed delivery never sent again, the subscriber's language, the file backend."""

from __future__ import annotations

import datetime
import json

import pytest
from django.core import mail
from django.utils import timezone

from analysts.markings import TLP
from analysts.models import SavedFilter
from incidents import alerts
from incidents.models import AlertDelivery, AlertSubscription
from incidents.models.incidents import ReviewStatus

from .factories import IncidentFactory, TeamFactory
from .servers import Reply

pytestmark = pytest.mark.django_db


@pytest.fixture
def subscription(analyst, local_server):
    local_server.routes["/hook"] = Reply("ok", headers={"Content-Type": "text/plain"})
    search = SavedFilter.objects.create(user=analyst, name="Kayes", query="admin1=Kayes")
    return AlertSubscription.objects.create(
        user=analyst,
        saved_search=search,
        webhook_url=local_server.url("/hook"),
        checked_until=timezone.now() - datetime.timedelta(seconds=1),
    )


def _published(**fields):
    return IncidentFactory(review_status=ReviewStatus.PUBLISHED, **fields)


def _deliver_all(subscription) -> None:
    for delivery in subscription.deliveries.filter(channel="webhook"):
        alerts.deliver_webhook(delivery.pk)


def test_webhook_to_a_loopback_address_is_refused_unless_its_own_allowlist_names_it(
    subscription, local_server, settings
):
    # The URL imports' allowlist does not open the door to webhooks.
    settings.IMPORT_URL_ALLOWLIST = ["127.0.0.1"]
    settings.WEBHOOK_URL_ALLOWLIST = []
    _published()
    alerts.scan(subscription)
    _deliver_all(subscription)
    delivery = subscription.deliveries.get()
    assert delivery.status == AlertDelivery.Status.FAILED
    assert "loopback" in delivery.error and "WEBHOOK_URL_ALLOWLIST" in delivery.error
    assert local_server.posts == []


def test_records_above_green_leave_only_with_the_webhooks_opt_in(
    subscription, analyst, local_server, settings
):
    settings.WEBHOOK_URL_ALLOWLIST = ["127.0.0.1"]
    team = TeamFactory(name="Mali desk")
    analyst.teams.add(team)
    green = _published(tlp=TLP.GREEN)
    amber = _published(tlp=TLP.AMBER, team=team)
    alerts.scan(subscription)
    _deliver_all(subscription)
    assert [json.loads(body)["incident"]["id"] for _, _, body in local_server.posts] == [green.pk]
    subscription.webhook_above_green = True
    subscription.save()
    amber.save()  # a new version, scanned again
    alerts.scan(subscription)
    _deliver_all(subscription)
    assert [json.loads(body)["incident"]["id"] for _, _, body in local_server.posts] == [
        green.pk,
        amber.pk,
    ]


def test_a_claimed_delivery_is_never_sent_again(subscription, local_server, settings):
    """A worker that died after claiming a delivery (maybe after sending it) leaves it in
    "sending": the task redelivered to another worker sends nothing."""
    settings.WEBHOOK_URL_ALLOWLIST = ["127.0.0.1"]
    _published()
    alerts.scan(subscription)
    delivery = subscription.deliveries.get()
    assert delivery.claim()
    assert not AlertDelivery.objects.get(pk=delivery.pk).claim()
    assert alerts.deliver_webhook(delivery.pk) is None
    assert local_server.posts == []
    # Scanning again writes no second row for the same change.
    alerts.scan(subscription)
    assert subscription.deliveries.count() == 1


def test_a_superseded_change_is_skipped_not_sent_with_newer_data(
    subscription, local_server, settings
):
    settings.WEBHOOK_URL_ALLOWLIST = ["127.0.0.1"]
    incident = _published()
    alerts.scan(subscription)
    incident.save()  # changed again before the first delivery went out
    alerts.scan(subscription)
    _deliver_all(subscription)
    statuses = list(subscription.deliveries.order_by("incident_version").values_list("status"))
    assert statuses == [("skipped",), ("sent",)]
    assert len(local_server.posts) == 1


def test_email_follows_the_subscribers_language(subscription, analyst):
    analyst.language = "fr"
    analyst.save()
    subscription.email = AlertSubscription.Email.DAILY
    subscription.webhook_url = ""
    subscription.save()
    _published()
    alerts.scan(subscription)
    assert alerts.send_email(subscription) == 1
    message = mail.outbox[0]
    assert message.subject == "Synthèse quotidienne de « Kayes » : 1 incident nouveau ou modifié"
    assert "Combats" in message.body
    # The digest went out: the next one waits a day.
    subscription.refresh_from_db()
    assert not alerts.email_due(subscription, timezone.now())


def test_the_demo_writes_alert_emails_to_files_under_var(subscription, settings, tmp_path):
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = tmp_path
    subscription.email = AlertSubscription.Email.IMMEDIATE
    subscription.webhook_url = ""
    subscription.save()
    incident = _published()
    alerts.scan(subscription)
    alerts.send_email(subscription)
    (written,) = list(tmp_path.iterdir())
    assert f"/incidents/{incident.pk}/" in written.read_text()
