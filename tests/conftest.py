"""Shared fixtures: a few named personas (as in Healthchecks' tests) and API clients."""

from __future__ import annotations

from pathlib import Path

import pytest
from rest_framework.test import APIClient

from analysts.markings import TLP
from analysts.models import Role

from .factories import UserFactory


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, request):
    """Tests marked `worker` run Celery workers in other threads and processes: on SQLite they
    need the test database in a file (an in-memory one is private to this process)."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    wants_file = any(item.get_closest_marker("worker") for item in request.session.items)
    if wants_file and database["ENGINE"] == "django.db.backends.sqlite3":
        name = settings.VAR_DIR / f"test_{Path(str(database['NAME'])).stem}.sqlite3"
        database.setdefault("TEST", {})["NAME"] = str(name)


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
def staff_superuser(db):
    return UserFactory(username="root_admin", is_staff=True, is_superuser=True)


@pytest.fixture
def api_client() -> APIClient:
    return APIClient()


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
