"""The desk and the admin in French: what a francophone Sahel analyst reads once they pick FR.

Claim texts, fatality words, month names (Django's localisation, never "Jui" for both juin and
juillet) and plurals (ngettext: "1 nouvel article", "3 nouveaux articles").
"""

from __future__ import annotations

import datetime
import html

import pytest
from django.conf import settings
from django.utils import translation

from incidents.claims import ClaimFact, ClaimPicture, claim_status_text
from incidents.models import IncidentActor
from sources.models import ImportJob
from tests.desk_scene import incidents, kayes_article

from .factories import ActorFactory, ImportJobFactory, IncidentActorFactory, IncidentFactory

MALI_JUNE = "/briefing/?country=ML&date_after=2025-05-26&date_before=2025-07-06"


@pytest.fixture
def scene(db):
    scene = incidents()
    # A toll known only as a floor: "at least 30" reads "≥ 30" in French.
    raid = IncidentFactory(
        summary="A raid killed at least 30 soldiers in central Mali.",
        date_start=datetime.date(2025, 6, 1),
        country="ML",
        admin1="Mopti",
        claim_status="unclaimed",
        fatalities_low=30,
        fatalities_best=30,
        review_status="published",
    )
    jnim = scene["kayes"].incident_actors.get(role="suspected").actor
    fla = ActorFactory(name="Azawad Liberation Front", short_name="FLA", actor_type=2)
    IncidentActorFactory(incident=raid, actor=jnim, role=IncidentActor.Role.SUSPECTED)
    IncidentActorFactory(incident=raid, actor=fla, role=IncidentActor.Role.SUSPECTED)
    scene["raid"] = raid
    return scene


@pytest.fixture
def french(client):
    """A browser that chose FR (the language cookie the /i18n/ switch sets)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    return client


def page(response) -> str:
    assert response.status_code == 200
    return html.unescape(response.content.decode())


@pytest.mark.parametrize(
    ("picture", "expected"),
    [
        (ClaimPicture("unclaimed", suspects=[["JNIM"]]), "Non revendiquée, JNIM soupçonné"),
        (
            ClaimPicture("unclaimed", suspects=[["JNIM"], ["FLA"]]),
            "Non revendiquée, JNIM et FLA soupçonnés",
        ),
        (
            ClaimPicture("unknown", suspects=[["JNIM", "IS Sahel"]]),
            "Revendication inconnue, JNIM ou IS Sahel soupçonné",
        ),
        (
            ClaimPicture(
                "claimed",
                facts=[ClaimFact("claim", "JNIM", datetime.date(2025, 7, 1), "az-Zallaqa")],
            ),
            "Revendiquée par JNIM (az-Zallaqa, 2025-07-01)",
        ),
        (
            ClaimPicture(
                "disputed", facts=[ClaimFact("claim", "JNIM"), ClaimFact("denial", "IS Sahel")]
            ),
            "Contestée : revendiquée par JNIM, démentie par IS Sahel",
        ),
        (
            ClaimPicture(
                "attributed", facts=[ClaimFact("attribution", "JNIM", made_by="armée malienne")]
            ),
            "Attribuée à JNIM par armée malienne",
        ),
        (
            ClaimPicture("claimed", facts=[ClaimFact("claim", None)]),
            "Revendiquée (groupe non nommé)",
        ),
    ],
)
def test_claim_texts_in_french(picture, expected):
    with translation.override("fr"):
        assert claim_status_text(picture) == expected
    # The English text is untouched by the French catalogue.
    with translation.override("en"):
        assert "revendiqu" not in claim_status_text(picture).lower()


def test_incident_list_in_french(french, analyst, scene):
    french.force_login(analyst)
    text = page(french.get("/incidents/"))
    assert '<html lang="fr">' in text
    assert "Non revendiquée, JNIM soupçonné" in text  # Kayes
    assert "Non revendiquée, JNIM et FLA soupçonnés" in text  # the raid: two suspects
    assert "Revendiquée par JNIM (az-Zallaqa, 2025-06-03)" in text  # Timbuktu
    assert "Attribuée à IS Sahel par Burkinabe army" in text  # Djibo
    assert "inconnu" in text and "≥ 30" in text and "5–12" in text
    assert "Unclaimed," not in text and ">unknown<" not in text
    assert "Combats" in text  # the ACLED event type, stored in English, shown in French


def test_incident_page_in_french(french, analyst, scene):
    french.force_login(analyst)
    text = page(french.get(f"/incidents/{scene['kayes'].pk}/"))
    assert "1 juillet 2025" in text  # Django's month names
    assert "Non revendiquée, JNIM soupçonné" in text
    assert "Bilan" in text and "inconnu" in text
    assert "Soupçon" in text  # the claim event's kind
    raid = page(french.get(f"/incidents/{scene['raid'].pk}/"))
    assert "1 juin 2025" in raid and "≥ 30" in raid


def test_briefing_in_french(french, analyst, scene):
    french.force_login(analyst)
    text = page(french.get(MALI_JUNE))
    assert "26 mai 2025 – 6 juillet 2025" in text
    # Week labels of the chart: the localised abbreviations, juin and juillet told apart.
    assert "30 juin" in text and "Jui" not in text and "jui " not in text
    assert "Non revendiquée, JNIM soupçonné" in text
    assert "≥ 30" in text and "inconnu" in text
    assert "+ 1 incident au bilan inconnu" in text  # Kayes has no toll: singular
    assert "Non revendiquée (aucune revendication selon les sources)" in text  # claim breakdown
    assert "Cartes réalisées avec Natural Earth. Lieux issus de GeoNames (CC BY 4.0)." in text


def test_inbox_plurals_in_french(french, analyst, db):
    kayes_article()  # three proposals waiting
    ImportJobFactory(created_by=analyst, status=ImportJob.Status.SUCCEEDED, items_created=1)
    ImportJobFactory(
        created_by=analyst,
        status=ImportJob.Status.PARTLY_FAILED,
        items_created=3,
        items_duplicate=2,
        items_failed=1,
    )
    french.force_login(analyst)
    text = page(french.get("/"))
    assert "1 nouvel article" in text
    assert "3 nouveaux articles, 2 doublons, 1 échec" in text
    assert "0 doublon, 0 échec" in text  # French: zero is singular
    assert "propositions à examiner" in text
    assert "new article" not in text


def test_review_page_in_french(french, analyst, db):
    article, _ = kayes_article()
    french.force_login(analyst)
    text = page(french.get(f"/articles/{article.pk}/"))
    assert "1 juillet 2025" in text  # the article's publication date
    assert "éléments de preuve" in text  # blocktranslate count
    assert "Incidents proposés" in text
    assert "Non revendiquée (aucune revendication selon les sources)" in text  # claim choices


def test_language_switch_sets_french(client, analyst, scene):
    client.force_login(analyst)
    response = client.post("/i18n/setlang/", {"language": "fr", "next": "/incidents/"})
    assert response.status_code == 302
    assert "Non revendiquée, JNIM soupçonné" in page(client.get("/incidents/"))


def test_admin_in_french(french, staff_superuser, scene):
    french.force_login(staff_superuser)
    index = page(french.get("/admin/"))
    for name in ("Analystes", "Acteurs", "Lieux", "Médias", "Imports", "Jetons d’API"):
        assert name in index, name
    actors = page(french.get("/admin/incidents/actor/"))
    assert "acteur" in actors.lower() and "Select actor to change" not in actors
    listing = page(french.get("/admin/incidents/incident/"))
    assert "Non revendiquée" in listing  # the claim status filter's choices
    assert "Noms de lieux :" in listing  # the GeoNames credit in the admin footer
    change = page(french.get(f"/admin/incidents/incident/{scene['kayes'].pk}/change/"))
    assert "Date de début" in change and "Type d’événement" in change  # field verbose names
