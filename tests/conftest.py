"""Shared fixtures: a few named personas (as in Healthchecks' tests) and API clients."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from analysts.markings import TLP
from analysts.models import Role

from .factories import UserFactory


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


@pytest.fixture(autouse=True)
def _fresh_throttle_counts():
    """API throttling counts requests in the cache; each test starts with a full budget."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def client_for(db):
    """`client_for(user)`: an APIClient sending a real personal token of that user."""
    from analysts.models import ApiToken

    def make(user) -> APIClient:
        _, key = ApiToken.issue(user, f"test token {ApiToken.objects.count()}")
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
        return client

    return make
