"""The OpenAPI schema validates, documents every filter and enum, and the API keeps its promises:
a schemathesis run over every operation finds no 5xx and no response that breaks the schema."""

from __future__ import annotations

import pytest
import schemathesis
from django.core.cache import cache
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis import DataGenerationMethod, GenerationConfig
from schemathesis.checks import (
    ALL_CHECKS,
    content_type_conformance,
    negative_data_rejection,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from analysts.models import ApiToken
from incidents.filtersets import IncidentFilterSet
from incidents.models import IncidentActor
from incidents.models.incidents import ReviewStatus

from .factories import (
    ArticleFactory,
    ClaimEventFactory,
    FeedFactory,
    ImportJobFactory,
    IncidentActorFactory,
    IncidentFactory,
    IncidentLocationFactory,
    IncidentSourceFactory,
)

pytestmark = pytest.mark.django_db


def test_schema_validates_without_warnings(tmp_path):
    target = tmp_path / "schema.yml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    assert "/api/incidents/{id}/history/" in target.read_text()


def test_every_incident_filter_and_enum_is_documented(api_client):
    schema = api_client.get("/api/schema/?format=json").json()
    parameters = {p["name"]: p for p in schema["paths"]["/api/incidents/"]["get"]["parameters"]}
    assert set(IncidentFilterSet.base_filters) <= set(parameters)
    assert parameters["claim_status"]["schema"]["items"]["enum"] == sorted(
        ["unknown", "unclaimed", "claimed", "disputed", "attributed"]
    )
    assert "Battles" in parameters["event_type"]["schema"]["items"]["enum"]
    assert all(parameters[name].get("description") for name in IncidentFilterSet.base_filters)


def test_docs_are_served_from_local_static_files(api_client):
    for url in ("/api/docs/", "/api/redoc/"):
        page = api_client.get(url).content.decode()
        assert "/static/drf_spectacular_sidecar/" in page
        assert "cdn" not in page.lower()


@pytest.fixture
def some_data(editor):
    incident = IncidentFactory(review_status=ReviewStatus.PUBLISHED)
    IncidentActorFactory(incident=incident, role=IncidentActor.Role.SUSPECTED)
    ClaimEventFactory(incident=incident)
    IncidentLocationFactory(incident=incident)
    IncidentSourceFactory(incident=incident, article=ArticleFactory())
    FeedFactory()
    ImportJobFactory(created_by=editor)
    incident.history.update(history_user=editor)
    return incident


EXAMPLES_PER_OPERATION = 15
NEGATIVE_EXAMPLES_PER_OPERATION = 8


def conforms_to_schema(ctx, response, case):
    """schemathesis 3 validates against the first media type of a response; GeoJSON (the second)
    is checked here against its documented shape instead."""
    if response.headers.get("Content-Type", "").startswith("application/geo+json"):
        body = response.json
        if response.status_code < 400:
            assert body["type"] == "FeatureCollection"
            for feature in body["features"]:
                assert feature["geometry"]["type"] == "Point"
                longitude, latitude = feature["geometry"]["coordinates"]
                assert -180 <= longitude <= 180 and -90 <= latitude <= 90
        return None
    return response_schema_conformance(ctx, response, case)


@pytest.fixture
def keep_test_connection():
    """Django's WSGI handler closes the DB connection after each request, which would end the
    test's transaction; the test client disconnects the same signal for the same reason."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def _api_schema(**generation):
    return schemathesis.from_wsgi(
        "/api/schema/?format=json",
        get_wsgi_application(),
        # NUL bytes included: PostgreSQL refuses them in text, so any that reached a query
        # unchecked would be a 500 (the session store refuses such keys, analysts.sessions).
        generation_config=GenerationConfig(allow_x00=True),
        **generation,
    )


def _failures(schema, editor, checks, examples: int) -> tuple[int, list[str]]:
    """Run `checks` over every operation of `schema` with the editor's token; the failures."""
    token = {}

    @schema.auth()
    class EditorToken:
        """The editor's token, known to schemathesis as the real credentials: `ignored_auth`
        then sends each case again without them and with invalid ones, and expects a 401."""

        def get(self, case, context):
            return token["key"]

        def set(self, case, data, context):
            case.headers = {**(case.headers or {}), "Authorization": f"Token {data}"}
            case.cookies = {}

    failures: list[str] = []
    operations = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1
        # A token per operation: each starts with a full throttle budget, so examples are not
        # answered 429 for the examples of the operations before.
        issued, token["key"] = ApiToken.issue(editor, f"schemathesis {operations}")
        cache.delete(f"throttle_user_token-{issued.pk}")  # ids repeat across rolled-back tests

        @settings(
            max_examples=examples,
            deadline=None,
            database=None,
            derandomize=True,  # the same examples on every run: CI stays reproducible
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy())
        def check(case):
            try:
                case.call_and_validate(checks=checks)
            except AssertionError as failure:  # CheckFailed and its groups
                failures.append(f"{case.operation.verbose_name}: {str(failure)[:600]}")

        check()
    return operations, failures


def test_schemathesis_with_every_check_finds_nothing_on_any_operation(
    editor, some_data, keep_test_connection
):
    """Every check schemathesis has (server errors, undocumented statuses and content types,
    headers, response bodies against the schema, invalid input accepted, authentication
    declared but not enforced) over every operation of the schema, with a bounded number of
    examples each: no failure at all."""
    schema = _api_schema()
    checks = [c for c in ALL_CHECKS if c is not response_schema_conformance]
    checks.append(conforms_to_schema)
    operations, failures = _failures(schema, editor, checks, EXAMPLES_PER_OPERATION)
    documented = sum(
        1
        for methods in schema.raw_schema["paths"].values()
        for method in methods
        if method in {"get", "put", "post", "patch", "delete"}
    )
    assert operations == documented >= 50
    assert not failures, "\n\n".join(dict.fromkeys(failures))


def test_invalid_input_on_any_operation_is_refused_never_a_server_error(
    editor, some_data, keep_test_connection
):
    """Schemathesis's negative mode: bodies, queries, paths and headers that break the schema
    (wrong types, out-of-range numbers, missing fields). Each is refused with a documented 4xx
    (`negative_data_rejection`: invalid input is never accepted), never a 5xx nor an answer the
    schema does not describe."""
    schema = _api_schema(data_generation_methods=[DataGenerationMethod.negative])
    checks = [
        not_a_server_error,
        status_code_conformance,
        content_type_conformance,
        negative_data_rejection,
    ]
    operations, failures = _failures(schema, editor, checks, NEGATIVE_EXAMPLES_PER_OPERATION)
    assert operations >= 50
    assert not failures, "\n\n".join(dict.fromkeys(failures))
