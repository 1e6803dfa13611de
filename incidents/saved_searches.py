"""Saved searches (`analysts.SavedFilter`) as the desk and the API create them: the query is
checked by the one filter definition before it is stored, and the owner follows it at once (their
Atom feed exists from the start; email and webhooks are switched on per subscription)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import QueryDict
from django.utils.translation import gettext as _

from analysts.models import SavedFilter, Team
from incidents.filtersets import IncidentFilterSet
from incidents.models import AlertSubscription, Incident

# Parameters of the list page that are not filters: never part of a saved search ("view" is
# the list/map toggle, "count" the API's exact-count switch).
NOT_FILTERS = (
    "page",
    "sort",
    "csrfmiddlewaretoken",
    "format",
    "page_size",
    "cursor",
    "view",
    "count",
)


def clean_query(query: str, user) -> str:
    """The filter part of `query` (a URL query string), validated; ValidationError says why."""
    query = (query or "").strip().lstrip("?")
    limit = settings.SAVED_SEARCH_MAX_QUERY_CHARS
    if len(query) > limit:
        raise ValidationError(
            _("The search is too long: %(size)d characters, at most %(limit)d.")
            % {"size": len(query), "limit": limit}
        )
    data = QueryDict(query, mutable=True)
    for name in NOT_FILTERS:
        data.pop(name, None)
    unknown = sorted(set(data) - set(IncidentFilterSet.base_filters))
    if unknown:
        raise ValidationError(_("Unknown filter: %(names)s.") % {"names": ", ".join(unknown)})
    for name in [name for name, values in data.lists() if not any(v.strip() for v in values)]:
        del data[name]
    filterset = IncidentFilterSet(data, queryset=Incident.objects.none(), reader=user)
    if not filterset.is_valid():
        reasons = "; ".join(
            f"{field}: {' '.join(errors)}" for field, errors in filterset.errors.items()
        )
        raise ValidationError(_("Some filters are not valid: %(reasons)s") % {"reasons": reasons})
    return data.urlencode()


def clean_team(team: Team | None, user) -> Team | None:
    """A search is shared only with a team its owner belongs to."""
    if team is not None and not user.teams.filter(pk=team.pk).exists():
        raise ValidationError(_("You can share a search only with a team you belong to."))
    return team


def save_search(user, name: str, query: str, team: Team | None = None) -> SavedFilter:
    """Store a new saved search (ValidationError for a bad name, query or team) and follow it."""
    name = (name or "").strip()
    if not name:
        raise ValidationError(_("Give the search a name."))
    if len(name) > SavedFilter._meta.get_field("name").max_length:
        raise ValidationError(_("The name is too long."))
    query = clean_query(query, user)
    team = clean_team(team, user)
    try:
        with transaction.atomic():
            search = SavedFilter.objects.create(user=user, name=name, query=query, team=team)
            subscription_for(user, search)
    except IntegrityError:
        raise ValidationError(
            _("You already have a saved search named “%(name)s”.") % {"name": name}
        ) from None
    return search


def subscription_for(user, search: SavedFilter) -> AlertSubscription:
    subscription, _created = AlertSubscription.objects.get_or_create(user=user, saved_search=search)
    return subscription


def menu(user) -> list[tuple[SavedFilter, AlertSubscription | None]]:
    """The saved searches `user` may use (theirs, then their teams'), each with their own
    subscription if they follow it: two queries."""
    searches = list(
        SavedFilter.objects.visible_to(user).select_related("user", "team").order_by("name", "id")
    )
    subscriptions = {
        s.saved_search_id: s
        for s in AlertSubscription.objects.filter(user=user, saved_search__in=searches)
    }
    mine = [s for s in searches if s.user_id == user.pk]
    shared = [s for s in searches if s.user_id != user.pk]
    return [(s, subscriptions.get(s.pk)) for s in mine + shared]
