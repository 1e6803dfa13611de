"""Role × desk page: each role is allowed exactly what it should be, refused the rest.

Pages that only read show what `visible_to` returns; an account without a role is refused
(403) or sees nothing; review actions (accept / reject a proposal) are the analysts'.
"""

import pytest
from django.test import Client

from incidents.models import Suggestion
from incidents.models.incidents import ReviewStatus as S

from .factories import IncidentFactory, SuggestionFactory, suggestion_data

pytestmark = pytest.mark.django_db

ROLES = ["outsider", "viewer", "analyst", "editor", "administrator"]
READERS = {"viewer", "analyst", "editor", "administrator"}
WRITERS = {"analyst", "editor", "administrator"}


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("kind", ["published", "draft"])
def test_incident_page(request, role, kind):
    incident = IncidentFactory(
        review_status=S.PUBLISHED if kind == "published" else S.DRAFT, summary="Kayes attack"
    )
    response = _client(request.getfixturevalue(role)).get(f"/incidents/{incident.pk}/")
    allowed = READERS if kind == "published" else WRITERS
    if role in allowed:
        assert response.status_code == 200 and "Kayes attack" in response.content.decode()
    else:
        assert response.status_code in (403, 404)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("url", ["/incidents/", "/briefing/"])
def test_lists_show_only_what_the_role_reads(request, role, url):
    IncidentFactory(review_status=S.PUBLISHED, summary="Published attack")
    IncidentFactory(review_status=S.DRAFT, summary="Draft attack")
    response = _client(request.getfixturevalue(role)).get(url)
    if response.status_code in (403, 404):
        assert role == "outsider"
        return
    assert response.status_code == 200
    page = response.content.decode()
    if url == "/incidents/":
        published, draft = (
            IncidentFactory._meta.model.objects.get(summary=text).pk
            for text in ("Published attack", "Draft attack")
        )
        assert (f"/incidents/{published}/" in page) is (role in READERS)
        assert (f"/incidents/{draft}/" in page) is (role in WRITERS)


@pytest.mark.parametrize("role", ROLES)
def test_paste_page_is_for_those_who_import(request, role):
    response = _client(request.getfixturevalue(role)).get("/import/")
    if role in WRITERS:
        assert response.status_code == 200
    else:
        assert response.status_code in (403, 404)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("decision", ["accept", "reject"])
def test_review_decisions_are_the_analysts(request, role, decision):
    suggestion = SuggestionFactory(data=suggestion_data())
    client = _client(request.getfixturevalue(role))
    response = client.post(f"/suggestions/{suggestion.pk}/{decision}/", {})
    suggestion.refresh_from_db()
    if role in WRITERS and decision == "reject":
        assert response.status_code in (200, 302)
        assert suggestion.status == Suggestion.Status.REJECTED
    elif role in WRITERS:
        # Past the permission check: an empty accept form is refused as invalid, not forbidden.
        assert response.status_code not in (403, 404)
    else:
        assert response.status_code in (403, 404)
        assert suggestion.status == Suggestion.Status.PROPOSED


@pytest.mark.parametrize("role", ROLES)
def test_article_page(request, role):
    suggestion = SuggestionFactory(data=suggestion_data())
    response = _client(request.getfixturevalue(role)).get(f"/articles/{suggestion.article_id}/")
    if role in READERS:
        assert response.status_code == 200
    else:
        assert response.status_code in (403, 404)
