"""The incident list and page: visibility, shared filters, sorting, CSV and the place map."""

from __future__ import annotations

import csv
import io

import pytest

from tests.desk_scene import incidents


@pytest.fixture
def scene(db):
    return incidents()


def rows_of(response) -> list[int]:
    return [incident.pk for incident in response.context["page"].object_list]


def test_list_shows_only_what_visible_to_allows(client, analyst, staff_superuser, scene):
    client.force_login(analyst)
    ids = rows_of(client.get("/incidents/"))
    assert scene["secret"].pk not in ids
    assert set(ids) == {scene["kayes"].pk, scene["timbuktu"].pk, scene["djibo"].pk}
    client.force_login(staff_superuser)
    assert scene["secret"].pk in rows_of(client.get("/incidents/"))


def test_viewers_see_published_incidents_only(client, viewer, scene):
    scene["timbuktu"].review_status = "draft"
    scene["timbuktu"].save()
    client.force_login(viewer)
    ids = rows_of(client.get("/incidents/"))
    assert scene["timbuktu"].pk not in ids
    assert scene["kayes"].pk in ids
    assert client.get(f"/incidents/{scene['timbuktu'].pk}/").status_code == 404


def test_hidden_incident_page_is_a_404(client, analyst, scene):
    client.force_login(analyst)
    assert client.get(f"/incidents/{scene['secret'].pk}/").status_code == 404


def test_filters_are_passed_through_to_the_shared_filterset(client, analyst, scene):
    client.force_login(analyst)
    assert rows_of(client.get("/incidents/?country=BF")) == [scene["djibo"].pk]
    assert rows_of(client.get("/incidents/?claim_status=unclaimed")) == [scene["kayes"].pk]
    response = client.get("/incidents/?date_after=2025-06-15&country=ML")
    assert rows_of(response) == [scene["kayes"].pk]


def test_an_invalid_filter_is_reported_not_ignored(client, analyst, scene):
    client.force_login(analyst)
    response = client.get("/incidents/?date_after=yesterday")
    assert response.status_code == 400
    assert rows_of(response) == []
    assert "date_after" in response.content.decode()


def test_sorting_by_fatalities_and_date(client, analyst, scene):
    client.force_login(analyst)
    by_deaths = rows_of(client.get("/incidents/?sort=-fatalities"))
    assert by_deaths.index(scene["djibo"].pk) < by_deaths.index(scene["timbuktu"].pk)
    oldest_first = rows_of(client.get("/incidents/?sort=date"))
    assert oldest_first[0] == scene["timbuktu"].pk
    assert rows_of(client.get("/incidents/?sort=nonsense"))[0] == scene["kayes"].pk


def test_pagination_keeps_the_filters(client, analyst, scene):
    from tests.factories import IncidentFactory

    IncidentFactory.create_batch(55, country="NE", admin1="Tillabéri", review_status="published")
    client.force_login(analyst)
    response = client.get("/incidents/?country=NE")
    page = response.context["page"]
    assert page.paginator.count == 55 and len(page.object_list) == 50
    assert "country=NE&amp;page=2" in response.content.decode()
    assert len(client.get("/incidents/?country=NE&page=2").context["page"].object_list) == 5


def test_csv_download_keeps_the_filters_and_visibility(client, analyst, scene):
    client.force_login(analyst)
    response = client.get("/incidents/export.csv?country=ML")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(body)))
    assert len(rows) == 2  # Kayes and Timbuktu; the secret Kayes incident stays out
    assert not any("Secret" in value for row in rows for value in row.values())
    assert any("Unclaimed, JNIM suspected" in value for row in rows for value in row.values())


def test_incident_page_shows_sources_actors_timeline_and_map(client, analyst, scene):
    client.force_login(analyst)
    page = client.get(f"/incidents/{scene['djibo'].pk}/").content.decode()
    assert "Attributed to IS Sahel by Burkinabe army" in page
    assert "Suspected perpetrator" in page
    assert "<svg" in page and 'class="points"' in page
    kayes = client.get(f"/incidents/{scene['kayes'].pk}/").content.decode()
    assert "Suspected jihadists attacked military installations" in kayes  # the source quote
    assert "AFP (hallmarks)" in kayes


def test_merged_incident_redirects_to_its_target(client, analyst, scene):
    scene["timbuktu"].merged_into = scene["kayes"]
    scene["timbuktu"].save()
    client.force_login(analyst)
    response = client.get(f"/incidents/{scene['timbuktu'].pk}/")
    assert response.status_code == 302
    assert response["Location"] == f"/incidents/{scene['kayes'].pk}/"


def test_the_filter_form_submitted_with_all_actors_is_not_an_error(client, analyst, scene):
    # The form sends every field, "All" as an empty value: `actor=` must filter nothing.
    client.force_login(analyst)
    response = client.get("/incidents/?q=&country=BF&actor=&review_status=&fatalities_min=")
    assert response.status_code == 200
    assert rows_of(response) == [scene["djibo"].pk]
