"""Merge on the desk: "Merge into…" on the incident page, the search, the side-by-side comparison,
the confirmation and its refusals."""

from __future__ import annotations

import datetime

import pytest

from analysts.markings import TLP
from incidents import workflow
from incidents.models import Incident
from tests.factories import (
    ActorFactory,
    ArticleFactory,
    IncidentActorFactory,
    IncidentFactory,
    IncidentLocationFactory,
    IncidentSourceFactory,
    LocationFactory,
    TeamFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(db):
    """Two records of the Diboli attack of 1 July 2025, from two outlets."""
    diboli = LocationFactory(name="Diboli")
    kayes = LocationFactory(name="Kayes town")
    kept = IncidentFactory(
        summary="JNIM fighters attacked the army camp at Diboli.",
        admin1="Kayes",
        fatalities_best=12,
        review_status="published",
    )
    duplicate = IncidentFactory(
        summary="Gunmen stormed a military post near the Senegal border.",
        admin1="Kayes",
        date_start=datetime.date(2025, 7, 2),
        fatalities_best=15,
        review_status="in_review",
    )
    IncidentLocationFactory(incident=kept, location=diboli)
    IncidentLocationFactory(incident=duplicate, location=kayes)
    IncidentActorFactory(incident=kept, actor=ActorFactory(name="JNIM: Group", short_name="JNIM"))
    IncidentSourceFactory(incident=kept, article=ArticleFactory(title="AFP: Diboli camp attacked"))
    IncidentSourceFactory(
        incident=duplicate, article=ArticleFactory(title="Reuters: border post stormed")
    )
    other = IncidentFactory(summary="A convoy hit a mine near Gao.", country="ML", admin1="Gao")
    return {"kept": kept, "duplicate": duplicate, "other": other}


def test_editor_finds_merge_into_on_the_incident_page(client, editor, analyst, pair):
    client.force_login(editor)
    html = client.get(f"/incidents/{pair['duplicate'].pk}/").content.decode()
    assert f'href="/incidents/{pair["duplicate"].pk}/merge/"' in html
    assert "Merge into…" in html
    client.force_login(analyst)
    assert "Merge into…" not in client.get(f"/incidents/{pair['duplicate'].pk}/").content.decode()


@pytest.mark.parametrize("persona", ["analyst", "viewer"])
def test_non_editors_may_not_merge(request, client, persona, pair):
    client.force_login(request.getfixturevalue(persona))
    published = pair["kept"]
    assert client.get(f"/incidents/{published.pk}/merge/").status_code == 403
    url = f"/incidents/{published.pk}/merge/{pair['other'].pk}/"
    assert client.get(url).status_code in (403, 404)
    assert client.post(url, {}).status_code in (403, 404)
    assert Incident.objects.filter(merged_into__isnull=False).count() == 0


def candidates(client, incident, term: str = "") -> list[int]:
    response = client.get(f"/incidents/{incident.pk}/merge/", {"q": term})
    assert response.status_code == 200
    return [other.pk for other in response.context["candidates"]]


def test_search_by_id_date_text_and_place(client, editor, pair):
    client.force_login(editor)
    duplicate, kept, other = pair["duplicate"], pair["kept"], pair["other"]
    assert candidates(client, duplicate, f"#{kept.pk}") == [kept.pk]
    assert candidates(client, duplicate, str(other.pk)) == [other.pk]
    assert candidates(client, duplicate, "2025-07-01") == sorted([kept.pk, other.pk], reverse=True)
    assert candidates(client, duplicate, "army camp") == [kept.pk]
    assert candidates(client, duplicate, "Diboli") == [kept.pk]  # a place name
    assert candidates(client, duplicate, "Gao") == [other.pk]  # the region
    # Never the incident itself.
    assert candidates(client, duplicate, f"#{duplicate.pk}") == []
    # No term: the same country, a few days around.
    assert set(candidates(client, duplicate)) == {kept.pk, other.pk}


def test_search_leaves_out_what_the_editor_may_not_see(client, editor, pair):
    hidden = IncidentFactory(
        summary="Army camp at Diboli, secret cable.", tlp=TLP.RED, team=TeamFactory()
    )
    client.force_login(editor)
    assert hidden.pk not in candidates(client, pair["duplicate"], "Diboli")
    assert candidates(client, pair["duplicate"], f"#{hidden.pk}") == []
    assert client.get(f"/incidents/{pair['duplicate'].pk}/merge/{hidden.pk}/").status_code == 404


def test_a_too_long_search_is_cut_not_an_error(client, editor, pair):
    client.force_login(editor)
    response = client.get(f"/incidents/{pair['duplicate'].pk}/merge/", {"q": "x" * 5000})
    assert response.status_code == 200
    assert "Only the first 200 characters were searched." in response.content.decode()


def test_comparison_shows_both_records_side_by_side(client, editor, pair):
    client.force_login(editor)
    url = f"/incidents/{pair['duplicate'].pk}/merge/{pair['kept'].pk}/"
    html = client.get(url).content.decode()
    for fact in (
        "2025-07-01",
        "2025-07-02",  # dates
        "Diboli",
        "Kayes town",  # places
        "JNIM",  # actors
        "12",
        "15",  # fatalities
        "AFP: Diboli camp attacked",
        "Reuters: border post stormed",  # sources
        "Published",
        "In review",  # statuses
    ):
        assert fact in html, fact
    assert html.index("Merged away") < html.index("Kept")
    assert f'href="/incidents/{pair["kept"].pk}/merge/{pair["duplicate"].pk}/"' in html  # swap


def test_confirming_merges_and_lands_on_the_kept_incident(client, editor, pair):
    duplicate, kept = pair["duplicate"], pair["kept"]
    client.force_login(editor)
    response = client.post(
        f"/incidents/{duplicate.pk}/merge/{kept.pk}/",
        {
            f"version_{duplicate.pk}": duplicate.version,
            f"version_{kept.pk}": kept.version,
            "reason": "Same attack, two outlets",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == f"/incidents/{kept.pk}/"
    duplicate.refresh_from_db()
    assert duplicate.merged_into_id == kept.pk
    page = client.get(response["Location"]).content.decode()
    assert f"Incident #{duplicate.pk} was merged into this one" in page
    assert "Reuters: border post stormed" in page  # its source moved here
    assert f"Merged #{duplicate.pk} into this incident (Same attack, two outlets)" in page
    # The duplicate's address now leads to the kept incident.
    assert client.get(f"/incidents/{duplicate.pk}/")["Location"] == f"/incidents/{kept.pk}/"


def test_a_stale_comparison_is_refused_and_nothing_merged(client, editor, analyst, pair):
    duplicate, kept = pair["duplicate"], pair["kept"]
    shown = duplicate.version
    workflow.save_with_version(duplicate, analyst, shown, {"fatalities_best": 16})
    client.force_login(editor)
    response = client.post(
        f"/incidents/{duplicate.pk}/merge/{kept.pk}/",
        {f"version_{duplicate.pk}": shown, f"version_{kept.pk}": kept.version},
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "Nothing was merged" in html
    assert str(analyst) in html and "16" in html
    assert Incident.objects.get(pk=duplicate.pk).merged_into_id is None


def test_a_stricter_marking_is_refused_with_what_to_do(client, editor, pair):
    duplicate, kept = pair["duplicate"], pair["kept"]
    Incident.objects.filter(pk=duplicate.pk).update(tlp=TLP.GREEN)
    Incident.objects.filter(pk=kept.pk).update(tlp=TLP.CLEAR)
    duplicate.refresh_from_db()
    kept.refresh_from_db()
    client.force_login(editor)
    response = client.post(
        f"/incidents/{duplicate.pk}/merge/{kept.pk}/",
        {f"version_{duplicate.pk}": duplicate.version, f"version_{kept.pk}": kept.version},
    )
    assert response.status_code == 409
    assert "raise" in response.content.decode() and "marking" in response.content.decode()
    assert Incident.objects.get(pk=duplicate.pk).merged_into_id is None
