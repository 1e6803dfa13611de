"""Full-text searches read their GIN indexes on PostgreSQL, not every row's text."""

import pytest
from django.db import connection

from incidents.exports import FULL_ACCESS
from incidents.filtersets import IncidentFilterSet
from incidents.models import Incident
from sources.api.filtersets import ArticleFilterSet
from sources.models import Article

from .factories import ArticleFactory, IncidentFactory, IncidentSourceFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="GIN indexes are PostgreSQL's"),
]


def _plan(queryset) -> str:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        # A few test rows: any plan is cheap, so leave the planner only bitmap scans (the way a
        # GIN index is read); without the index it would fall back to a disabled scan.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())


def test_article_search_finds_words_and_phrases_through_the_index():
    wanted = ArticleFactory(title="Attaque à Diéma", text="Des hommes armés ont attaqué le poste.")
    ArticleFactory(title="Clash in Mopti", text="Armed men attacked a post near Diéma town.")

    def search(words):
        return ArticleFilterSet({"q": words}, queryset=Article.objects.all()).qs

    assert {a.title for a in search("Diéma")} == {"Attaque à Diéma", "Clash in Mopti"}
    assert list(search('"attaque à diéma"')) == [wanted]
    assert list(search("Diéma -Mopti")) == [wanted]
    assert "article_search_gin" in _plan(search("Diéma"))


@pytest.mark.parametrize("reader", ["viewer", "analyst_in_team", "FULL_ACCESS"])
def test_incident_search_in_sources_uses_the_article_index(reader, request):
    # `q` looks only into the articles its reader may read (tests/test_tlp_search.py): search as
    # a viewer, as a team member (the team-restricted branch of the rule) and as the operator.
    reader = FULL_ACCESS if reader == "FULL_ACCESS" else request.getfixturevalue(reader)
    incident = IncidentFactory(summary="Attack on a post")
    IncidentSourceFactory(incident=incident, article__text="The attack near Nioro du Sahel.")
    found = IncidentFilterSet({"q": "Nioro"}, queryset=Incident.objects.all(), reader=reader).qs
    assert list(found) == [incident]
    assert "article_search_gin" in _plan(found)
