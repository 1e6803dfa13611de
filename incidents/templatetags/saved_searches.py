"""`{% saved_searches_menu %}`: the incident list's saved-search menu and "Save this search",
in their own include so that the list template changes by one line."""

from __future__ import annotations

from django import template

from incidents import alerts, saved_searches

register = template.Library()


@register.inclusion_tag("desk/_saved_searches.html", takes_context=True)
def saved_searches_menu(context) -> dict:
    request = context["request"]
    user = request.user
    query = request.GET.copy()
    for name in saved_searches.NOT_FILTERS:
        query.pop(name, None)
    entries = [
        {
            "search": search,
            "subscription": subscription,
            "results_url": alerts.results_path(search),
            "feed_url": alerts.feed_path(subscription) if subscription else "",
            "mine": search.user_id == user.pk,
        }
        for search, subscription in saved_searches.menu(user)
    ]
    return {
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "entries": entries,
        "teams": list(user.teams.all()),
        "query": query.urlencode(),
        "has_filters": any(value for value in query.values()),
    }
