"""IDOR sweep: every URL with an object id, enumerated from the URL resolver, asked by a second
account for an object it may not read.

The rule: for a record the account may not read, every URL answers exactly what it answers for an
id that does not exist, and that answer is 404 — or 403 where the project refuses the whole page
to the role whatever the id (e.g. the user and team admins for an analyst, or the desk's
moderation actions for a viewer). A 200, a redirect to the object, or any answer differing from
the unknown id's would confirm the hidden record exists (or act on it).

New routes are covered automatically: admin routes name their model (`model_admin`), API routes
their viewset's queryset model; any other route with an id must be added to `ROUTE_MODELS`, and
a model the sweep cannot hide something of must be listed in `SHARED_MODELS` with the reason.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from rest_framework.test import APIClient

from analysts.models import ApiToken, SavedFilter, Team, User
from incidents.models import Actor, AlertSubscription, BulkJob, Incident, Location, Tag
from incidents.models.suggestions import Suggestion
from sources.models import Article, Feed, ImportJob, Outlet

from .factories import ImportJobFactory, SuggestionFactory

pytestmark = pytest.mark.django_db

# Routes whose kwargs are not object ids of a project record.
NOT_OBJECT_IDS = {
    "format",
    "content_type_id",
    "uidb64",
    "token",
    "app_label",
    "url",
    # A workflow step's name (submit, publish…), not a record.
    "step",
    "step_name",
}
# Routes outside the resolver's model lookups: {route name: {kwarg: model}}.
ROUTE_MODELS = {
    "desk:import_job": {"pk": ImportJob},
    "desk:import_job_status": {"pk": ImportJob},
    "desk:bulk_job": {"pk": BulkJob},
    "desk:bulk_job_status": {"pk": BulkJob},
    "desk:incident_assign": {"pk": Incident},
    "desk:article": {"pk": Article},
    "desk:propose": {"pk": Article},
    "desk:accept": {"pk": Suggestion},
    "desk:reject": {"pk": Suggestion},
    "desk:attach": {"pk": Suggestion, "incident_pk": Incident},
    "desk:article_body": {"pk": Article},
    "desk:link_search": {"pk": Suggestion},
    "desk:incident": {"pk": Incident},
    "desk:incident_step": {"pk": Incident},
    "desk:merge_search": {"pk": Incident},
    "desk:merge_confirm": {"pk": Incident, "into": Incident},
    "desk:saved_search_follow": {"pk": SavedFilter},
    "desk:saved_search_alerts": {"pk": SavedFilter},
    "admin:incidents_incident_workflow": {"object_id": Incident},
    "analysts:token-revoke": {"pk": ApiToken},
    "admin:auth_user_password_change": {"id": User},
}
# Reference data every desk account reads (no marking, no owner): nothing to hide by id.
SHARED_MODELS = {
    Actor: "the actors' vocabulary",
    Location: "the gazetteer",
    Tag: "the tag vocabulary",
    Outlet: "the outlets' list (reliability grades)",
    Feed: "the feeds every analyst imports from",
}


def _routes() -> list[tuple[str, dict[str, type]]]:
    """(route name, {id kwarg: model}) for every named URL pattern with an object id."""
    found: dict[str, dict[str, type]] = {}

    def walk(resolver, namespace: str | None) -> None:
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                inner = pattern.namespace
                walk(pattern, f"{namespace}:{inner}" if namespace and inner else inner or namespace)
                continue
            assert isinstance(pattern, URLPattern)
            ids = set(pattern.pattern.regex.groupindex) - NOT_OBJECT_IDS
            if not ids or not pattern.name:
                continue
            name = f"{namespace}:{pattern.name}" if namespace else pattern.name
            found[name] = _models(name, pattern, ids)

    walk(get_resolver(), None)
    return sorted(found.items())


# Django's "view on site" redirect answers 404 for a model without `get_absolute_url`, which no
# project model has (`test_no_record_is_viewed_on_site` keeps it so).
# The old paste and job URLs only redirect to the Import page's (the same answer for any id,
# so nothing is confirmed): their targets are swept instead.
ROUTES_WITHOUT_RECORDS = {"admin:view_on_site", "desk:paste_job", "sources:job-detail"}
PROJECT_APPS = {"analysts", "sources", "incidents"}


def _models(name: str, pattern: URLPattern, ids: set[str]) -> dict[str, type]:
    if name in ROUTES_WITHOUT_RECORDS:
        return {}
    if name in ROUTE_MODELS:
        return ROUTE_MODELS[name]
    model_admin = getattr(pattern.callback, "model_admin", None)
    if model_admin is not None:
        if model_admin.model._meta.app_label not in PROJECT_APPS:
            return {}  # Django's own admins (auth groups): not the project's to change
        return dict.fromkeys(ids, model_admin.model)
    viewset = getattr(pattern.callback, "cls", None)
    queryset = getattr(viewset, "queryset", None)
    if queryset is not None:
        return dict.fromkeys(ids, queryset.model)
    raise AssertionError(
        f"{name}: which record do its ids {sorted(ids)} name? Add to ROUTE_MODELS."
    )


ROUTES = _routes()
MISSING_ID = 987654


@pytest.fixture
def world(tlp_scene, analyst, analyst_in_team, viewer):
    """For each model: (a record the attackers may not read, one they may).

    The attackers: `analyst_in_team` (cleared AMBER, team "Sahel desk") and `viewer` (GREEN).
    Hidden from them: the RED incident and cable of the TLP scene, a suggestion read out of the
    cable, and what belongs to another analyst (`analyst`): an import job, a token, a saved filter.
    """
    own = {user: ImportJobFactory(created_by=user) for user in (analyst_in_team, viewer)}
    bulk_jobs = {
        user: BulkJob.objects.create(action="submit", created_by=user)
        for user in (analyst_in_team, viewer, analyst)
    }
    tokens = {user: ApiToken.issue(user, "mine")[0] for user in (analyst_in_team, viewer)}
    filters = {
        user: SavedFilter.objects.create(user=user, name="mine", query="country=ML")
        for user in (analyst_in_team, viewer)
    }
    subscriptions = {
        user: AlertSubscription.objects.create(user=user, saved_search=filters[user])
        for user in (analyst_in_team, viewer)
    }
    hidden = {
        Incident: tlp_scene.red,
        Article: tlp_scene.cable,
        Suggestion: SuggestionFactory(article=tlp_scene.cable),
        ImportJob: ImportJobFactory(created_by=analyst),
        BulkJob: bulk_jobs[analyst],
        ApiToken: ApiToken.issue(analyst, "ali's")[0],
        SavedFilter: SavedFilter.objects.create(user=analyst, name="ali's", query="country=BF"),
        AlertSubscription: AlertSubscription.objects.create(
            user=analyst,
            saved_search=SavedFilter.objects.create(user=analyst, name="ali's alerts", query=""),
        ),
        User: analyst,
        Team: Team.objects.get(name="Red cell"),
    }
    visible = {
        Incident: tlp_scene.open,
        Article: tlp_scene.wire,
        Suggestion: SuggestionFactory(article=tlp_scene.wire),
    }

    def visible_for(model, user):
        per_user = {
            ImportJob: own,
            BulkJob: bulk_jobs,
            ApiToken: tokens,
            SavedFilter: filters,
            AlertSubscription: subscriptions,
            User: {user: user},
        }
        return per_user[model][user] if model in per_user else visible.get(model)

    return hidden, visible_for


def _client(route: str, user) -> Client:
    client = APIClient() if route.startswith("api:") else Client()
    client.force_login(user)
    return client


# The other parts of a route with an id: a step that would change the record if it were reached.
ROUTE_EXTRA_KWARGS = {
    "desk:incident_step": {"step": "submit"},
    "admin:incidents_incident_workflow": {"step_name": "submit"},
}


def _url(route: str, kwargs: dict) -> str:
    kwargs = {**ROUTE_EXTRA_KWARGS.get(route, {}), **kwargs}
    return reverse(route, kwargs={key: str(value) for key, value in kwargs.items()})


@pytest.mark.parametrize("attacker", ["analyst_in_team", "viewer"])
@pytest.mark.parametrize(("route", "models"), ROUTES, ids=[route for route, _ in ROUTES])
def test_a_record_the_account_may_not_read_answers_as_an_unknown_id(
    request, world, route, models, attacker
):
    if attacker == "viewer" and route.startswith("admin:"):
        pytest.skip("viewers are not staff: the whole admin sends them to its sign-in page")
    user = request.getfixturevalue(attacker)
    hidden, visible_for = world
    client = _client(route, user)
    for kwarg, model in models.items():
        if model in SHARED_MODELS:
            continue
        assert model in hidden, f"{route}: no hidden {model.__name__} in the sweep's world"
        others = {key: visible_for(m, user).pk for key, m in models.items() if key != kwarg}
        hidden_url = _url(route, {**others, kwarg: hidden[model].pk})
        missing_url = _url(route, {**others, kwarg: MISSING_ID})
        for method in ("get", "post"):
            answer = getattr(client, method)(hidden_url)
            unknown = getattr(client, method)(missing_url)
            if unknown.status_code == 405:  # the route takes no such method, whatever the id
                assert answer.status_code == 405, f"{method.upper()} {hidden_url}"
                continue
            assert answer.status_code == unknown.status_code, (
                f"{method.upper()} {hidden_url}: {answer.status_code}, "
                f"an unknown id: {unknown.status_code}"
            )
            assert answer.status_code in (403, 404), (
                f"{method.upper()} {hidden_url} answered {answer.status_code}"
            )


def test_no_record_is_viewed_on_site():
    from django.apps import apps

    for app in ("analysts", "sources", "incidents"):
        for model in apps.get_app_config(app).get_models():
            assert not hasattr(model, "get_absolute_url"), (
                f"{model.__name__}.get_absolute_url: admin:view_on_site now redirects to it; "
                "sweep that route too"
            )


def test_the_sweep_covers_the_id_routes():
    names = {route for route, _ in ROUTES}
    assert {"api:incident-detail", "api:incident-history", "desk:attach"} <= names
    assert {"admin:incidents_incident_change", "admin:sources_importjob_change"} <= names
