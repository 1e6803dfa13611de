"""Shared fixtures: a few named personas (as in Healthchecks' tests) and API clients."""

from __future__ import annotations

from pathlib import Path

import pytest
from rest_framework.test import APIClient

from analysts.markings import TLP
from analysts.models import Role

# Helpers that assert on the tests' behalf get pytest's detailed assertion messages too.
pytest.register_assert_rewrite("tests.extraction_support")

from .factories import UserFactory  # noqa: E402


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, request):
    """Tests marked `worker` run Celery workers in other threads and processes, and tests marked
    `subprocess` run manage.py in another process: on SQLite they need the test database in a
    file (an in-memory one is private to this process)."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    wants_file = any(
        item.get_closest_marker("worker") or item.get_closest_marker("subprocess")
        for item in request.session.items
    )
    if wants_file and database["ENGINE"] == "django.db.backends.sqlite3":
        name = settings.VAR_DIR / f"test_{Path(str(database['NAME'])).stem}.sqlite3"
        database.setdefault("TEST", {})["NAME"] = str(name)


@pytest.fixture(autouse=True, scope="session")
def _no_engine_index_file():
    """Tests change the actor and place tables under a fingerprint that another run (or the
    developer's database) may share: no index saved between processes, except where a test
    points ENGINE_INDEX_CACHE_DIR at its own folder."""
    from django.conf import settings

    settings.ENGINE_INDEX_CACHE_DIR = ""


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # PBKDF2's deliberate slowness costs seconds per persona; tests need no brute-force resistance.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def viewer(db):
    user = UserFactory(username="vera_viewer", clearance=TLP.GREEN)
    user.grant_role(Role.VIEWER)
    return user


@pytest.fixture
def analyst(db):
    user = UserFactory(username="ali_analyst", clearance=TLP.AMBER, is_staff=True)
    user.grant_role(Role.ANALYST)
    return user


@pytest.fixture
def editor(db):
    user = UserFactory(username="eda_editor", clearance=TLP.RED, is_staff=True)
    user.grant_role(Role.EDITOR)
    return user


@pytest.fixture
def analyst_in_team(db):
    """Cleared AMBER and a member of team X ("Sahel desk"), which owns no restricted record of
    the TLP leak scene (tests/tlp_scene.py)."""
    from .factories import TeamFactory

    user = UserFactory(username="xena_analyst", clearance=TLP.AMBER, is_staff=True)
    user.grant_role(Role.ANALYST)
    user.teams.set([TeamFactory(name="Sahel desk")])
    return user


@pytest.fixture
def editor_in_team(db):
    """Cleared RED and a member of the teams owning the TLP leak scene's RED and AMBER records."""
    from .factories import TeamFactory
    from .tlp_scene import AMBER_TEAM, RED_TEAM

    user = UserFactory(username="tess_team_editor", clearance=TLP.RED, is_staff=True)
    user.grant_role(Role.EDITOR)
    user.teams.set([TeamFactory(name=RED_TEAM), TeamFactory(name=AMBER_TEAM)])
    return user


@pytest.fixture
def tlp_scene(db):
    """Published incidents marked RED, AMBER and GREEN (the GREEN one citing a RED article):
    see tests/tlp_scene.py."""
    from .tlp_scene import build

    return build()


@pytest.fixture
def administrator(db):
    user = UserFactory(username="adam_administrator", clearance=TLP.RED, is_staff=True)
    user.grant_role(Role.ADMINISTRATOR)
    return user


@pytest.fixture
def outsider(db):
    """Signed in, but holding no role: sees nothing."""
    return UserFactory(username="otto_outsider", clearance=TLP.RED)


@pytest.fixture
def staff_superuser(db):
    return UserFactory(username="root_admin", is_staff=True, is_superuser=True)


@pytest.fixture
def api_client() -> APIClient:
    return APIClient()


@pytest.fixture
def client_for(db):
    """`client_for(user)`: an APIClient sending a real personal token of that user."""
    from django.core.cache import cache

    from analysts.models import ApiToken

    def make(user) -> APIClient:
        token, key = ApiToken.issue(user, f"test token {ApiToken.objects.count()}")
        # Ids repeat across tests (rolled back): start each token with a full throttle budget.
        cache.delete(f"throttle_user_token-{token.pk}")
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
        return client

    return make


@pytest.fixture
def eager_celery(settings):
    """Celery tasks run inside the call that queues them (with `transaction=True` tests, where
    on-commit callbacks fire): an import is done by the time the page answers."""
    from config.celery import app

    # Read before the settings change: Celery loads its configuration from the settings on first
    # access, so reading after would record "eager" as the value to restore, for every later test.
    previous = app.conf.task_always_eager, app.conf.task_eager_propagates
    settings.CELERY_TASK_ALWAYS_EAGER = True
    settings.CELERY_TASK_EAGER_PROPAGATES = True
    app.conf.task_always_eager = True
    app.conf.task_eager_propagates = True
    yield
    app.conf.task_always_eager, app.conf.task_eager_propagates = previous


@pytest.fixture
def local_server():
    """A loopback HTTP server for URL and feed imports (see tests/servers.py)."""
    from .servers import LocalServer

    with LocalServer() as server:
        yield server


@pytest.fixture
def allow_loopback(settings):
    """Let imports fetch from the loopback test server, as an operator would allow-list a host."""
    settings.IMPORT_URL_ALLOWLIST = ["127.0.0.1"]
    settings.IMPORT_RETRY_BACKOFF = 0.05
    return settings


@pytest.fixture(scope="module")
def demo_db(django_db_setup, django_db_blocker):
    """`load_demo` once for a whole test module (it takes seconds), removed afterwards.

    Tests using it still run in their own transaction (`db`), so their writes roll back.
    """
    from io import StringIO

    from django.core.management import call_command

    from incidents import engine_index
    from incidents.models import (
        Actor,
        ActorAlias,
        ClaimEvent,
        Incident,
        IncidentActor,
        IncidentLocation,
        IncidentSource,
        Location,
        LocationName,
        Suggestion,
    )
    from sources.models import Article, Outlet

    with django_db_blocker.unblock():
        call_command("load_demo", stdout=StringIO())
        engine_index.clear()
        yield
        engine_index.clear()
        for model in (
            Suggestion,
            IncidentSource,
            ClaimEvent,
            ClaimEvent.history.model,
            IncidentActor,
            IncidentActor.history.model,
            IncidentLocation,
            Incident,
            Incident.history.model,
            Article,
            Article.history.model,
            Outlet,
            Outlet.history.model,
            ActorAlias,
            Actor,
            Actor.history.model,
            LocationName,
            Location,
        ):
            # Raw deletes: no per-row collector queries or history rows for 40,000 places.
            qs = model._base_manager.all()
            qs._raw_delete(qs.db)


@pytest.fixture(autouse=True)
def _language_reset():
    """A request in French leaves French active in this thread (LocaleMiddleware activates the
    reader's language and nothing deactivates it): each test starts and ends in the default."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)
