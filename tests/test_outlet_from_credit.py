"""The outlet of a pasted article the paster left empty: the dateline or agency credit."""

from __future__ import annotations

import pytest

from sources.models import Article
from vocabulary.textmeta import agency_credit

from .test_import_paste import paste


@pytest.mark.parametrize(
    ("text", "agency"),
    [
        ("NIAMEY, 3 mars (AFP) - Des hommes armés ont attaqué un poste.", "AFP"),
        ("BAMAKO, July 1 (Reuters) - Gunmen attacked a convoy.", "Reuters"),
        ("(AFP) - Une embuscade a visé un convoi.", "AFP"),
        ("Ouagadougou (Burkina) - Une attaque (AFP) a fait dix morts.", "AFP"),
        ("Une attaque a fait dix morts.\n\n© Agence France-Presse 2025", "AFP"),
        ("Une attaque a fait dix morts.\nAvec AFP", "AFP"),
        ("The APPROVED plan: AFPX reports nothing.", ""),
        ("Le maire a parlé à la presse, selon un reporter de l'AFP sur place.", ""),
    ],
)
def test_agency_credit(text, agency):
    assert agency_credit(text) == agency


@pytest.mark.django_db
def test_a_paste_without_outlet_takes_the_agency_of_its_dateline(
    analyst, django_capture_on_commit_callbacks
):
    paste(
        analyst,
        django_capture_on_commit_callbacks,
        text="GAO, 4 mars (AFP) - Des hommes armés ont attaqué un marché près de Gao.",
    )
    assert Article.objects.get().outlet.name == "AFP"


@pytest.mark.django_db
def test_the_paster_s_outlet_wins_over_the_credit(analyst, django_capture_on_commit_callbacks):
    paste(
        analyst,
        django_capture_on_commit_callbacks,
        text="GAO, 4 mars (AFP) - Des hommes armés ont attaqué un marché près de Gao.",
        outlet="Studio Tamani",
    )
    assert Article.objects.get().outlet.name == "Studio Tamani"


@pytest.mark.django_db
def test_no_credit_leaves_the_outlet_unknown(client, analyst, django_capture_on_commit_callbacks):
    paste(analyst, django_capture_on_commit_callbacks, text="Des hommes armés ont attaqué Gao.")
    article = Article.objects.get()
    assert article.outlet is None
    client.force_login(analyst)
    assert "Unknown outlet" in client.get(f"/articles/{article.pk}/").content.decode()
