"""Database constraints an analyst relies on: fatality ranges and one row per article."""

import pytest
from django.db import IntegrityError, transaction

from sources.models import Article

from .factories import ArticleFactory, IncidentFactory


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("low", "best", "high"),
    [(10, 5, None), (None, 20, 10), (30, None, 12), (5, 10, 8)],
)
def test_fatalities_out_of_order_are_refused(low, best, high):
    with pytest.raises(IntegrityError), transaction.atomic():
        IncidentFactory(fatalities_low=low, fatalities_best=best, fatalities_high=high)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("low", "best", "high"),
    [(None, None, None), (30, 30, None), (10, 12, 15), (None, 7, None), (4, None, 9)],
)
def test_fatalities_in_order_or_unknown_are_kept(low, best, high):
    incident = IncidentFactory(fatalities_low=low, fatalities_best=best, fatalities_high=high)
    incident.refresh_from_db()
    assert (incident.fatalities_low, incident.fatalities_best, incident.fatalities_high) == (
        low,
        best,
        high,
    )


@pytest.mark.django_db
def test_same_text_twice_is_refused_even_with_other_spacing_and_case():
    ArticleFactory(text="Gunmen attacked Diboli early on Tuesday.")
    with pytest.raises(IntegrityError), transaction.atomic():
        ArticleFactory(text="  GUNMEN attacked   Diboli early on Tuesday. ")
    assert Article.objects.count() == 1


@pytest.mark.django_db
def test_same_url_twice_is_refused():
    ArticleFactory(url="https://example.org/mali-attacks")
    with pytest.raises(IntegrityError), transaction.atomic():
        ArticleFactory(url="https://example.org/mali-attacks")


@pytest.mark.django_db
def test_articles_without_url_may_coexist():
    ArticleFactory(url="")
    ArticleFactory(url="")
    assert Article.objects.filter(url="").count() == 2
