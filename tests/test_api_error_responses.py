"""Every status the API answers comes with the JSON body the schema documents (issue 14,
requirement 9): a real request per status, its body, and the schema's entry for that operation.
Errors are JSON whatever format was asked for, and writes answer JSON only."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings
from rest_framework.test import APIClient

from analysts.api.base import TokenRateThrottle
from incidents.models import Incident

from .factories import IncidentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def schema(api_client):
    return api_client.get("/api/schema/?format=json").json()


def documented(schema: dict, path: str, method: str) -> dict:
    return schema["paths"][path][method]["responses"]


def assert_json_error(response, status: int) -> dict:
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert isinstance(body, dict) and body
    return body


def test_400_names_the_invalid_filter(schema, viewer, client_for):
    body = assert_json_error(client_for(viewer).get("/api/incidents/?last_days=99999"), 400)
    assert "last_days" in body
    assert "400" in documented(schema, "/api/incidents/", "get")


def test_400_is_json_even_when_geojson_or_csv_was_asked(viewer, client_for):
    client = client_for(viewer)
    for fmt in ("geojson", "csv"):
        body = assert_json_error(client.get(f"/api/incidents/?format={fmt}&last_days=x"), 400)
        assert "last_days" in body


def test_401_without_credentials(schema):
    body = assert_json_error(APIClient().get("/api/incidents/"), 401)
    assert body["detail"]
    assert "401" in documented(schema, "/api/incidents/", "get")
    assert "401" in documented(schema, "/api/tokens/", "post")


def test_403_for_a_role_that_may_not_write(schema, viewer, client_for):
    response = client_for(viewer).post("/api/incidents/", {}, format="json")
    assert assert_json_error(response, 403)["detail"]
    assert "403" in documented(schema, "/api/incidents/", "post")


def test_404_on_an_unknown_id_and_an_unknown_api_path(schema, viewer, client_for):
    client = client_for(viewer)
    assert assert_json_error(client.get("/api/incidents/999999/"), 404)["detail"]
    assert assert_json_error(client.get("/api/actors/?page=999"), 404)["detail"]
    assert "404" in documented(schema, "/api/incidents/{id}/", "get")
    assert "404" in documented(schema, "/api/actors/", "get")


@pytest.mark.parametrize("debug", [False, True])
def test_an_unknown_api_path_is_a_json_404_and_a_desk_path_an_html_one(viewer, debug):
    client = Client()
    client.force_login(viewer)
    with override_settings(DEBUG=debug):
        for path in ("/api/no-such-thing/", "/api/incidents/1/no-such-action/"):
            assert assert_json_error(client.get(path), 404)["code"] == "not_found"
        assert client.get("/api/no-such-thing").status_code == 301  # APPEND_SLASH first
        page = client.get("/no-such-page/")
        assert page.status_code == 404 and page["Content-Type"].startswith("text/html")


def test_406_a_write_asking_for_geojson_creates_nothing(schema, analyst, client_for):
    before = Incident.objects.count()
    response = client_for(analyst).post(
        "/api/incidents/?format=geojson",
        {"date_start": "2025-07-01", "event_type": "Battles", "summary": "x"},
        format="json",
    )
    assert "JSON only" in assert_json_error(response, 406)["detail"]
    assert Incident.objects.count() == before
    assert "406" in documented(schema, "/api/incidents/", "post")
    assert "406" in documented(schema, "/api/incidents/{id}/", "patch")


def test_428_a_write_without_the_version(schema, analyst, client_for):
    incident = IncidentFactory()
    response = client_for(analyst).patch(
        f"/api/incidents/{incident.pk}/", {"summary": "changed"}, format="json"
    )
    assert assert_json_error(response, 428)["detail"]
    for status in ("409", "412", "428"):
        assert status in documented(schema, "/api/incidents/{id}/", "patch")


def test_429_when_the_token_is_throttled(schema, viewer, client_for, monkeypatch):
    monkeypatch.setattr(TokenRateThrottle, "get_rate", lambda self: "1/hour")
    client = client_for(viewer)
    assert client.get("/api/actors/").status_code == 200
    response = client.get("/api/actors/")
    assert assert_json_error(response, 429)["detail"]
    assert int(response["Retry-After"]) > 0
    assert "429" in documented(schema, "/api/actors/", "get")


def test_the_error_body_is_documented_once_as_a_component(schema):
    error = schema["components"]["schemas"]["ApiError"]
    assert set(error["properties"]) == {"detail", "code"}
    response = documented(schema, "/api/incidents/", "get")["400"]
    assert response["content"]["application/json"]["schema"]["$ref"].endswith("/ApiError")


def test_every_content_type_is_documented(schema):
    listed = documented(schema, "/api/incidents/", "get")["200"]["content"]
    assert {"application/json", "application/geo+json", "text/csv", "application/stix+json"} <= (
        set(listed)
    )
    synced = documented(schema, "/api/incidents/sync/", "get")["200"]["content"]
    assert {"application/json", "text/csv"} <= set(synced)


def test_csv_and_stix_answer_their_documented_types(viewer, client_for):
    client = client_for(viewer)
    assert client.get("/api/incidents/sync/?format=csv")["Content-Type"].startswith("text/csv")
    stix = client.get("/api/incidents/?format=stix")
    assert stix["Content-Type"].startswith("application/stix+json")


@pytest.mark.parametrize("page", ["99999999999999999999999", str(2**62)])
def test_a_page_number_past_any_real_page_is_a_404_not_a_500(viewer, client_for, page):
    """On PostgreSQL the offset of such a page overflowed its bigint: a DataError, a 500."""
    response = client_for(viewer).get("/api/incidents/", {"page": page})
    assert response.status_code == 404
    assert response.json()["detail"] == "Invalid page: past the last page."
