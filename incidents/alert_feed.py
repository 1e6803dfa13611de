"""The Atom feed of one saved search for one subscriber: `/feeds/saved/<token>.atom`.

The token is the subscriber's key to it (a feed reader cannot log in), so the feed shows exactly
what that subscriber may read now (`incidents.alerts.matching_incidents`), in their language.
Revoking the token (`AlertSubscription.revoke_feed`) makes the old address a 404 at once.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import translation
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext

from incidents import alerts
from incidents.models import AlertSubscription, Incident


class SavedSearchFeed(Feed):
    feed_type = Atom1Feed

    def __call__(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        subscription = self.get_object(request, *args, **kwargs)
        with translation.override(subscription.user.language or settings.LANGUAGE_CODE):
            response = super().__call__(request, *args, **kwargs)
        # A private address: no shared cache keeps a copy.
        response["Cache-Control"] = "private, max-age=60"
        response["X-Robots-Tag"] = "noindex"
        return response

    def get_object(self, request: HttpRequest, token: str) -> AlertSubscription:
        subscription = (
            AlertSubscription.objects.select_related("user", "saved_search")
            .filter(feed_token=token, user__is_active=True)
            .first()
        )
        if subscription is None:
            raise Http404
        return subscription

    def title(self, subscription: AlertSubscription) -> str:
        return gettext("Incident Desk: %(name)s") % {"name": subscription.saved_search.name}

    def link(self, subscription: AlertSubscription) -> str:
        return alerts.results_path(subscription.saved_search)

    def feed_url(self, subscription: AlertSubscription) -> str:
        return alerts.feed_path(subscription)

    def subtitle(self, subscription: AlertSubscription) -> str:
        return gettext("New and changed incidents of the saved search “%(name)s”.") % {
            "name": subscription.saved_search.name
        }

    def items(self, subscription: AlertSubscription) -> list[Incident]:
        return list(
            alerts.matching_incidents(subscription)
            .order_by("-updated_at", "-id")
            .with_list_data()[: settings.ALERTS_FEED_ITEMS]
        )

    def item_title(self, item: Incident) -> str:
        return alerts.incident_title(item)

    def item_description(self, item: Incident) -> str:
        parts = [
            item.summary,
            gettext("Fatalities: %(toll)s") % {"toll": item.fatalities_text},
            item.claim_status_text,
        ]
        return "\n".join(part for part in parts if part)

    def item_link(self, item: Incident) -> str:
        return reverse("desk:incident", args=[item.pk])  # made absolute with the request's host

    def item_guid(self, item: Incident) -> str:
        # One entry per version, whatever host served it: a changed incident shows up again.
        return f"tag:incident-desk,2025:incident/{item.pk}/v{item.version}"

    item_guid_is_permalink = False

    def item_updateddate(self, item: Incident):
        return item.updated_at

    def item_pubdate(self, item: Incident):
        return item.published_at or item.created_at
