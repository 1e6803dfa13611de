"""What is shared holds published incidents unless the reader asks for other review statuses.

The sharing surfaces — the briefing page with its map and chart, its CSV download, the desk CSV,
the API's `?format=csv` and the `export_incidents` command — apply one default
(`incidents.exports.filtering`). Analysts and editors, who may read drafts, see them there only
when they tick or name their statuses, and then they are marked. The JSON API list and the desk
list stay the working views: every status the reader may see.
"""

from __future__ import annotations

import csv
import datetime
import io
import re

import pytest
from django.core.management import call_command

from incidents.exports.filtering import SHARED_BY_DEFAULT, with_sharing_default
from incidents.models.incidents import ReviewStatus as S

from .factories import IncidentFactory, IncidentLocationFactory, LocationFactory

pytestmark = pytest.mark.django_db

PERIOD = "country=ML&date_after=2025-07-01&date_before=2025-07-07"
BRIEFING = f"/briefing/?{PERIOD}"
EDITORS = ["analyst", "editor"]


def _placed(summary: str, status: str, day: int, lon: float, lat: float, deaths: int):
    incident = IncidentFactory(
        summary=summary,
        review_status=status,
        date_start=datetime.date(2025, 7, day),
        fatalities_low=deaths,
        fatalities_best=deaths,
    )
    IncidentLocationFactory(
        incident=incident,
        location=LocationFactory(name=summary.split()[0], latitude=lat, longitude=lon),
    )
    incident.refresh_place_fields()
    return incident


@pytest.fixture
def week():
    return {
        "published": _placed("Kayes attack published", S.PUBLISHED, 1, -11.44, 14.45, 4),
        "draft": _placed("Nioro attack draft", S.DRAFT, 2, -9.59, 15.23, 7),
        "in_review": _placed("Diboli attack in review", S.IN_REVIEW, 3, -12.12, 14.45, 1),
    }


def _csv(response) -> list[dict[str, str]]:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))


def _summaries(rows) -> set[str]:
    return {row["Summary"] for row in rows}


def test_the_default_is_one_rule_that_a_chosen_status_overrides():
    assert SHARED_BY_DEFAULT == (S.PUBLISHED,)
    assert with_sharing_default({"country": "ML"}) == {
        "country": "ML",
        "review_status": "published",
    }
    assert with_sharing_default({"review_status": ""})["review_status"] == "published"
    asked = {"review_status": "draft,published"}
    assert with_sharing_default(asked) == asked


# --- the briefing page, its map and its chart -----------------------------------------------------


@pytest.mark.parametrize("role", EDITORS)
def test_briefing_shows_published_incidents_by_default(request, client, week, role):
    client.force_login(request.getfixturevalue(role))
    response = client.get(BRIEFING)
    assert response.status_code == 200
    context = response.context
    assert [i.pk for i in context["incidents"]] == [week["published"].pk]
    assert context["totals"]["n"] == 1 and context["totals"]["unpublished"] == 0
    page = response.content.decode()
    assert "Published incidents only." in page
    assert page.count('class="pt"') == 4  # one point on the map + the key's three sizes
    assert "pt-unpublished" not in page and "not published" not in page
    assert page.count('class="bar"') == 1  # the chart: one week, one event type
    # The ticked box says what is shown; the CSV link carries it.
    assert re.search(r'value="published" checked', page)
    assert not re.search(r'value="draft" checked', page)
    assert "review_status=published" in context["csv_query"]


@pytest.mark.parametrize("role", EDITORS)
def test_briefing_with_drafts_ticked_marks_them_on_the_list_the_map_and_the_header(
    request, client, week, role
):
    client.force_login(request.getfixturevalue(role))
    response = client.get(f"{BRIEFING}&review_status=published&review_status=draft")
    context = response.context
    assert {i.pk for i in context["incidents"]} == {week["published"].pk, week["draft"].pk}
    assert context["totals"]["unpublished"] == 1
    page = response.content.decode()
    # The list: a badge on the draft's row only.
    assert page.count('class="status status-draft unpublished"') == 1
    assert "1 incident not published" in page
    # The map: the draft ringed, and the key naming the ring.
    points = page[page.index('<g class="points">') : page.index('<g class="map-legend"')]
    assert points.count('class="pt-unpublished"') == 1 and points.count("<circle") == 3
    assert "not published" in page[page.index('<g class="map-legend"') :]
    # The chart counts both.
    assert ">2</text>" in page[page.index('class="desk-chart"') :]
    assert context["csv_query"].endswith("review_status=published%2Cdraft")


def test_briefing_accepts_the_comma_list_of_the_shared_filters(client, editor, week):
    client.force_login(editor)
    response = client.get(f"{BRIEFING}&review_status=draft,in_review")
    assert {i.pk for i in response.context["incidents"]} == {
        week["draft"].pk,
        week["in_review"].pk,
    }
    assert "Review status: Draft, In review." in response.content.decode()


def test_briefing_with_an_unknown_status_says_so_and_falls_back_to_published(client, editor, week):
    client.force_login(editor)
    response = client.get(f"{BRIEFING}&review_status=secret")
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert [i.pk for i in response.context["incidents"]] == [week["published"].pk]


def test_viewers_are_offered_no_review_status_and_never_see_drafts(client, viewer, week):
    client.force_login(viewer)
    response = client.get(f"{BRIEFING}&review_status=draft,published")
    assert [i.pk for i in response.context["incidents"]] == [week["published"].pk]
    assert 'name="review_status"' not in response.content.decode()


# --- the briefing's CSV download and the desk CSV -----------------------------------------------


@pytest.mark.parametrize("role", EDITORS)
def test_the_briefing_download_holds_what_the_page_shows_with_the_review_status(
    request, client, week, role
):
    client.force_login(request.getfixturevalue(role))
    for query, expected in [
        ("", {"Kayes attack published"}),
        ("&review_status=draft,published", {"Kayes attack published", "Nioro attack draft"}),
    ]:
        page = client.get(BRIEFING + query)
        rows = _csv(client.get(f"/incidents/export.csv?{page.context['csv_query']}"))
        assert _summaries(rows) == expected
        statuses = {row["Summary"]: row["Review status"] for row in rows}
        assert statuses["Kayes attack published"] == "Published"
        if "Nioro attack draft" in statuses:
            assert statuses["Nioro attack draft"] == "Draft"


@pytest.mark.parametrize("role", EDITORS)
def test_desk_csv_holds_published_incidents_unless_asked(request, client, week, role):
    client.force_login(request.getfixturevalue(role))
    assert _summaries(_csv(client.get("/incidents/export.csv"))) == {"Kayes attack published"}
    asked = _csv(client.get("/incidents/export.csv?review_status=in_review"))
    assert _summaries(asked) == {"Diboli attack in review"}
    assert asked[0]["Review status"] == "In review"


def test_the_desk_list_stays_the_working_list_and_says_what_its_csv_holds(client, analyst, week):
    client.force_login(analyst)
    response = client.get("/incidents/")
    assert response.context["page"].paginator.count == 3
    assert "Download CSV" in response.content.decode()
    assert "published incidents only" in response.content.decode()


def test_french_briefing_csv_names_the_review_status_in_french(client, editor, week):
    client.force_login(editor)
    response = client.get(
        "/incidents/export.csv?review_status=draft", headers={"accept-language": "fr"}
    )
    (row,) = _csv(response)
    assert row["Statut de revue"] == "Brouillon"


# --- the API ----------------------------------------------------------------------------------


@pytest.mark.parametrize("role", EDITORS)
def test_api_csv_holds_published_incidents_unless_asked(request, client_for, week, role):
    api = client_for(request.getfixturevalue(role))
    default = _csv(api.get(f"/api/incidents/?format=csv&{PERIOD}"))
    assert _summaries(default) == {"Kayes attack published"}
    asked = _csv(api.get(f"/api/incidents/?format=csv&{PERIOD}&review_status=draft,published"))
    assert _summaries(asked) == {"Kayes attack published", "Nioro attack draft"}
    acled = api.get(f"/api/incidents/?format=csv&layout=acled&{PERIOD}")
    assert {row["notes"] for row in _csv(acled)} == {"Kayes attack published"}
    bad = api.get("/api/incidents/?format=csv&review_status=secret")
    assert bad.status_code == 400 and b"review_status" in bad.content


@pytest.mark.parametrize("role", EDITORS)
def test_api_json_list_is_the_working_list_with_every_status(request, client_for, week, role):
    api = client_for(request.getfixturevalue(role))
    listed = api.get(f"/api/incidents/?{PERIOD}").json()["results"]
    assert {item["review_status"] for item in listed} == {"published", "draft", "in_review"}


# --- the export_incidents command -------------------------------------------------------------


@pytest.mark.parametrize("as_user", [None, "analyst", "editor"])
def test_export_command_holds_published_incidents_unless_asked(request, tmp_path, week, as_user):
    args = ["--as", request.getfixturevalue(as_user).username] if as_user else []
    default, asked = tmp_path / "default.csv", tmp_path / "asked.csv"
    call_command("export_incidents", *args, "-o", str(default))
    call_command("export_incidents", *args, "--filter", "review_status=draft", "-o", str(asked))
    read = lambda path: list(csv.DictReader(path.open(encoding="utf-8")))  # noqa: E731
    assert _summaries(read(default)) == {"Kayes attack published"}
    (draft,) = read(asked)
    assert draft["Summary"] == "Nioro attack draft" and draft["Review status"] == "Draft"


def test_the_briefing_says_what_it_shows_in_french(client, editor, week):
    client.force_login(editor)
    page = client.get(BRIEFING, headers={"accept-language": "fr"}).content.decode()
    assert "Incidents publiés uniquement." in page
    marked = client.get(f"{BRIEFING}&review_status=draft", headers={"accept-language": "fr"})
    page = marked.content.decode()
    assert "1 incident non publié" in page and "non publié</text>" in page
