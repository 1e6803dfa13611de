"""Personal API tokens: created once-shown, listed, revoked (API and profile page); throttled per token."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from analysts.models import ApiToken

from .factories import IncidentFactory

pytestmark = pytest.mark.django_db


def with_key(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def test_create_returns_the_key_once_and_it_works(viewer, api_client):
    api_client.force_authenticate(viewer)
    response = api_client.post("/api/tokens/", {"name": "notebook"}, format="json")
    assert response.status_code == 201
    key = response.json()["key"]
    assert key.startswith("idk_")
    token = ApiToken.objects.get(pk=response.json()["id"])
    assert token.key_hash == ApiToken.hash_key(key) and key not in token.key_hash
    listed = api_client.get("/api/tokens/").json()["results"]
    assert [row["name"] for row in listed] == ["notebook"]
    assert "key" not in listed[0]
    assert with_key(key).get("/api/incidents/").status_code == 200


def test_duplicate_active_name_is_refused(viewer, api_client):
    api_client.force_authenticate(viewer)
    api_client.post("/api/tokens/", {"name": "dashboard"}, format="json")
    response = api_client.post("/api/tokens/", {"name": "dashboard"}, format="json")
    assert response.status_code == 400 and "name" in response.json()


def test_revoked_token_is_refused(viewer, api_client):
    token, key = ApiToken.issue(viewer, "partner sync")
    assert with_key(key).get("/api/incidents/").status_code == 200
    api_client.force_authenticate(viewer)
    assert api_client.delete(f"/api/tokens/{token.pk}/").status_code == 204
    response = with_key(key).get("/api/incidents/")
    assert response.status_code == 401
    assert api_client.get(f"/api/tokens/{token.pk}/").json()["is_active"] is False


def test_nobody_sees_or_revokes_another_users_token(viewer, analyst, api_client):
    token, key = ApiToken.issue(viewer, "mine")
    api_client.force_authenticate(analyst)
    assert api_client.get("/api/tokens/").json()["results"] == []
    assert api_client.delete(f"/api/tokens/{token.pk}/").status_code == 404
    assert with_key(key).get("/api/incidents/").status_code == 200


def test_wrong_key_is_refused(api_client):
    assert with_key("idk_not-a-real-key").get("/api/incidents/").status_code == 401


def test_viewer_token_reads_but_cannot_write(viewer, analyst):
    _, viewer_key = ApiToken.issue(viewer, "read")
    _, analyst_key = ApiToken.issue(analyst, "write")
    body = {"name": "Katiba Macina", "actor_type": 2}
    assert with_key(viewer_key).post("/api/actors/", body, format="json").status_code == 403
    assert with_key(analyst_key).post("/api/actors/", body, format="json").status_code == 201


def test_throttled_per_token(viewer, settings):
    from rest_framework.settings import api_settings
    from rest_framework.throttling import SimpleRateThrottle

    rates = {**api_settings.DEFAULT_THROTTLE_RATES, "user": "3/hour"}
    original = SimpleRateThrottle.THROTTLE_RATES
    SimpleRateThrottle.THROTTLE_RATES = rates
    try:
        first_token, first = ApiToken.issue(viewer, "first")
        second_token, second = ApiToken.issue(viewer, "second")
        for token in (first_token, second_token):  # ids repeat across rolled-back tests
            cache.delete(f"throttle_user_token-{token.pk}")
        statuses = [with_key(first).get("/api/incidents/").status_code for _ in range(4)]
        assert statuses == [200, 200, 200, 429]
        assert with_key(second).get("/api/incidents/").status_code == 200
    finally:
        SimpleRateThrottle.THROTTLE_RATES = original


# --- the profile page ------------------------------------------------------------------------


def test_profile_page_creates_shows_once_lists_and_revokes(viewer, client):
    client.force_login(viewer)
    created = client.post("/account/tokens/", {"name": "QGIS"})
    assert created.status_code == 200
    key = created.context["new_key"]
    assert key.startswith("idk_") and key in created.content.decode()
    again = client.get("/account/tokens/").content.decode()
    assert "QGIS" in again and key not in again
    token = ApiToken.objects.get(user=viewer, name="QGIS")
    assert with_key(key).get("/api/incidents/").status_code == 200
    client.post(f"/account/tokens/{token.pk}/revoke/")
    assert with_key(key).get("/api/incidents/").status_code == 401


def test_profile_page_rejects_a_blank_or_duplicate_name(viewer, client):
    client.force_login(viewer)
    assert client.post("/account/tokens/", {"name": ""}).status_code == 400
    client.post("/account/tokens/", {"name": "QGIS"})
    assert client.post("/account/tokens/", {"name": "QGIS"}).status_code == 400
    assert ApiToken.objects.filter(user=viewer).count() == 1


def test_profile_page_cannot_revoke_another_users_token(viewer, analyst, client):
    token, _ = ApiToken.issue(analyst, "theirs")
    client.force_login(viewer)
    assert client.post(f"/account/tokens/{token.pk}/revoke/").status_code == 404
    token.refresh_from_db()
    assert token.is_active


def test_incident_factory_is_readable_by_token(viewer):
    IncidentFactory(review_status="published")
    _, key = ApiToken.issue(viewer, "x")
    assert len(with_key(key).get("/api/incidents/").json()["results"]) == 1
