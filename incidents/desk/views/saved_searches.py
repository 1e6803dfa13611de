"""Saved searches on the desk: save the list's current filters, follow a team's search, and each
subscriber's alert settings (email, webhook, Atom feed) with the delivery log."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from analysts.models import SavedFilter, Team
from analysts.visibility import has_desk_access
from incidents import alerts, saved_searches
from incidents.models import AlertSubscription

DELIVERY_LOG_ROWS = 50


def _require_desk_access(request: HttpRequest) -> None:
    if not has_desk_access(request.user):
        raise Http404


def _list_url(query: str = "") -> str:
    path = reverse("desk:incident_list")
    return f"{path}?{query}" if query else path


@login_required
@require_POST
def create(request: HttpRequest) -> HttpResponse:
    _require_desk_access(request)
    query = request.POST.get("query", "")
    team = None
    team_id = request.POST.get("team", "")
    if team_id:
        team = Team.objects.filter(pk=team_id).first() if team_id.isdigit() else None
        if team is None:
            messages.error(request, _("That team does not exist."))
            return redirect(_list_url(query))
    try:
        search = saved_searches.save_search(request.user, request.POST.get("name", ""), query, team)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(_list_url(query))
    messages.success(
        request,
        _("Saved the search “%(name)s”: it is in the saved-search menu, with its Atom feed.")
        % {"name": search.name},
    )
    return redirect(alerts.results_path(search))


@login_required
@require_POST
def follow(request: HttpRequest, pk: int) -> HttpResponse:
    _require_desk_access(request)
    search = get_object_or_404(SavedFilter.objects.visible_to(request.user), pk=pk)
    saved_searches.subscription_for(request.user, search)
    messages.success(request, _("You follow “%(name)s”.") % {"name": search.name})
    return redirect("desk:saved_search_alerts", pk=search.pk)


class AlertSettingsForm(forms.ModelForm):
    webhook_url = forms.URLField(
        label=gettext_lazy("Webhook URL"), required=False, max_length=500, assume_scheme="https"
    )

    class Meta:
        model = AlertSubscription
        fields = ["email", "webhook_url", "webhook_above_green", "webhook_active"]
        labels = {"email": gettext_lazy("Email alerts")}

    def clean_webhook_url(self) -> str:
        url = self.cleaned_data["webhook_url"]
        if url and not url.lower().startswith(("http://", "https://")):
            raise ValidationError(_("Use an http or https URL."))
        return url


@login_required
def alert_settings(request: HttpRequest, pk: int) -> HttpResponse:
    """The reader's own subscription to a saved search they may read; a 404 otherwise."""
    _require_desk_access(request)
    search = get_object_or_404(
        SavedFilter.objects.visible_to(request.user).select_related("team", "user"), pk=pk
    )
    subscription = get_object_or_404(AlertSubscription, user=request.user, saved_search=search)
    form = AlertSettingsForm(instance=subscription)
    status = 200
    if request.method == "POST":
        action = request.POST.get("action", "save")
        if action == "revoke-feed":
            subscription.revoke_feed()
            messages.success(
                request, _("The old feed address no longer works; here is the new one.")
            )
            return redirect("desk:saved_search_alerts", pk=search.pk)
        if action == "unfollow":
            subscription.delete()
            messages.success(request, _("You no longer follow “%(name)s”.") % {"name": search.name})
            return redirect(_list_url())
        if action == "delete" and search.user_id == request.user.pk:
            search.delete()
            messages.success(
                request, _("Deleted the saved search “%(name)s”.") % {"name": search.name}
            )
            return redirect(_list_url())
        was_active = subscription.webhook_active
        form = AlertSettingsForm(request.POST, instance=subscription)
        if form.is_valid():
            saved = form.save(commit=False)
            if saved.webhook_active and not was_active:
                saved.webhook_failures, saved.webhook_disabled_at = 0, None
            saved.save()
            messages.success(request, _("Alert settings saved."))
            return redirect("desk:saved_search_alerts", pk=search.pk)
        status = 400
    context = {
        "search": search,
        "subscription": subscription,
        "form": form,
        "feed_url": request.build_absolute_uri(alerts.feed_path(subscription)),
        "results_url": alerts.results_path(search),
        "deliveries": subscription.deliveries.select_related("incident")[:DELIVERY_LOG_ROWS],
        "signature_header": alerts.SIGNATURE_HEADER,
        "has_email": bool(request.user.email),
    }
    return render(request, "desk/saved_search_alerts.html", context, status=status)
