"""Corroboration at a glance: sources and independent ones (wire copies once), the tolls with who
reported each, the best Admiralty grade and the confidence, the same on the page, the API, the
filters and the briefing CSV, over the sources the reader may read."""

import csv
import io

import pytest
from django.db import connection

from analysts.markings import TLP
from incidents import corroboration
from incidents.corroboration import SourceFact, confidence_level, corroborate
from incidents.exports import FULL_ACCESS, csv_bytes, iter_csv_rows
from incidents.exports.stream import _encode_rows
from incidents.models import Incident

from .factories import ArticleFactory, IncidentFactory, IncidentSourceFactory, OutletFactory


def _fact(outlet, key, reliability="C", credibility=3, toll=None):
    return SourceFact(outlet, reliability, credibility, key, toll)


def test_copies_of_one_dispatch_count_once_and_tolls_name_who_reported_them():
    result = corroborate(
        [
            _fact("Le Monde", "AFP", toll=12),
            _fact("RFI", "AFP", toll=12),
            _fact("Studio Tamani", "#7", reliability="B", credibility=2, toll=15),
            _fact("Sahel Intelligence", "#7"),  # a near-duplicate of Studio Tamani's story
        ]
    )
    assert (result.sources_count, result.independent_sources) == (4, 2)
    assert result.tolls == [(12, ["Le Monde", "RFI"]), (15, ["Studio Tamani"])]
    assert result.toll_range == "12–15"
    assert result.tolls_text == "12 (Le Monde, RFI); 15 (Studio Tamani)"
    assert result.best_grade == "B2"
    assert result.confidence == "high" and result.corroborated


@pytest.mark.parametrize(
    ("independent", "strong", "level"),
    [(0, False, "none"), (1, False, "low"), (1, True, "medium"), (2, False, "medium")]
    + [(2, True, "high"), (3, False, "high")],
)
def test_the_confidence_rule(independent, strong, level):
    assert corroboration.LEVEL_NAMES[confidence_level(independent, strong)] == level


def test_an_incident_without_sources_has_no_confidence():
    result = corroborate([])
    assert (result.sources_count, result.best_grade, result.confidence) == (0, "", "none")


@pytest.fixture
def corroborated_scene(db):
    """Kayes: two AFP copies, a near-duplicate of a Studio Tamani story, and a RED cable;
    Nioro: one weak report; Gao: nothing."""
    afp_text = "BAMAKO (AFP) - Gunmen killed twelve soldiers in Kayes on Tuesday, {}."
    lemonde, rfi = OutletFactory(name="Le Monde", reliability="C"), OutletFactory(name="RFI")
    tamani = OutletFactory(name="Studio Tamani", reliability="B")
    kayes = IncidentFactory(summary="Kayes", review_status="published")
    IncidentSourceFactory(
        incident=kayes,
        article=ArticleFactory(outlet=lemonde, text=afp_text.format("Le Monde")),
        fatalities_reported=12,
    )
    IncidentSourceFactory(
        incident=kayes,
        article=ArticleFactory(outlet=rfi, text=afp_text.format("RFI")),
        fatalities_reported=12,
    )
    story = ArticleFactory(outlet=tamani, text="Studio Tamani: 15 soldiers died in Kayes.")
    IncidentSourceFactory(incident=kayes, article=story, credibility=2, fatalities_reported=15)
    retelling = ArticleFactory(text="Sahel: 15 soldiers died in Kayes.", same_story_as=story)
    IncidentSourceFactory(incident=kayes, article=retelling)
    cable = ArticleFactory(tlp=TLP.RED, text="Embassy cable: 40 dead in Kayes.")
    IncidentSourceFactory(incident=kayes, article=cable, fatalities_reported=40)
    nioro = IncidentFactory(summary="Nioro", review_status="published")
    IncidentSourceFactory(incident=nioro, article=ArticleFactory(text="Nioro attacked."))
    gao = IncidentFactory(summary="Gao", review_status="published")
    return kayes, nioro, gao


def test_the_wire_agency_is_read_from_the_text_on_save(corroborated_scene):
    kayes, _, _ = corroborated_scene
    agencies = sorted(kayes.sources.values_list("article__wire_agency", flat=True))
    assert agencies == ["", "", "", "AFP", "AFP"]


def test_the_api_counts_only_the_sources_the_reader_may_read(
    corroborated_scene, viewer, staff_superuser, client_for
):
    kayes, nioro, gao = corroborated_scene
    as_viewer = client_for(viewer).get(f"/api/incidents/{kayes.pk}/").json()
    assert (as_viewer["sources_count"], as_viewer["independent_sources"]) == (4, 2)
    assert as_viewer["best_grade"] == "B2" and as_viewer["confidence"] == "high"
    assert as_viewer["reported_tolls"] == [
        {"fatalities": 12, "outlets": ["Le Monde", "RFI"]},
        {"fatalities": 15, "outlets": ["Studio Tamani"]},
    ]
    # The RED cable counts for those who may read it.
    as_admin = client_for(staff_superuser).get(f"/api/incidents/{kayes.pk}/").json()
    assert (as_admin["sources_count"], as_admin["independent_sources"]) == (5, 3)
    assert as_admin["reported_tolls"][-1]["fatalities"] == 40
    page = client_for(viewer).get("/api/incidents/?ordering=id").json()
    assert [(row["summary"], row["confidence"]) for row in page["results"]] == [
        ("Kayes", "high"),
        ("Nioro", "low"),
        ("Gao", "none"),
    ]


def test_filters_corroborated_and_min_confidence(corroborated_scene, viewer, client_for):
    client = client_for(viewer)

    def summaries(query):
        response = client.get(f"/api/incidents/?ordering=id&{query}")
        assert response.status_code == 200, response.content
        return [row["summary"] for row in response.json()["results"]]

    assert summaries("corroborated=true") == ["Kayes"]
    assert summaries("corroborated=false") == ["Nioro", "Gao"]
    assert summaries("min_confidence=low") == ["Kayes", "Nioro"]
    assert summaries("min_confidence=high") == ["Kayes"]
    assert client.get("/api/incidents/?min_confidence=certain").status_code == 400


def test_the_sql_annotation_agrees_with_the_python_rule(
    corroborated_scene, viewer, staff_superuser
):
    from incidents.exports.records import export_sources, readable_articles

    for reader in (viewer, staff_superuser, FULL_ACCESS):
        annotated = corroboration.with_confidence(
            Incident.objects.order_by("id"), readable_articles(reader)
        )
        for incident in annotated:
            sources = export_sources(reader).filter(incident=incident)
            expected = corroborate(corroboration.fact_of(s) for s in sources)
            assert incident.independent_sources == expected.independent_sources
            assert incident.confidence_level == expected.level


def test_the_incident_page_shows_the_corroboration_and_its_rule(corroborated_scene, viewer, client):
    kayes, _, _ = corroborated_scene
    client.force_login(viewer)
    html = client.get(f"/incidents/{kayes.pk}/").content.decode()
    assert "confidence: high" in html
    assert "4 reports" in html and "2 independent" in html
    assert "12–15" in html and "Le Monde, RFI" in html
    assert "Embassy cable" not in html and "40" not in html.split('id="corroboration"')[1][:800]
    assert "Copies of one wire dispatch" in html  # the rule, written on the page


def test_the_briefing_csv_has_the_corroboration_columns(corroborated_scene, viewer):
    rows = list(iter_csv_rows(Incident.objects.order_by("id"), "briefing", "en", user=viewer))
    header = rows[0]
    kayes = dict(zip(header, rows[1], strict=True))
    assert kayes["Reports"] == 4 and kayes["Independent sources"] == 2
    assert kayes["Reported tolls"] == "12 (Le Monde, RFI); 15 (Studio Tamani)"
    assert kayes["Best grade"] == "B2" and kayes["Confidence"] == "high"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY is PostgreSQL's")
@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("reader", ["viewer", "full"])
def test_the_sql_twin_writes_the_same_corroboration_bytes(
    corroborated_scene, viewer, language, reader
):
    user = viewer if reader == "viewer" else FULL_ACCESS
    queryset = Incident.objects.order_by("date_start", "id")
    fast = b"".join(csv_bytes(queryset, "briefing", user=user, language=language))
    slow = b"".join(_encode_rows(iter_csv_rows(queryset, "briefing", language, user=user), ","))
    assert fast == slow
    rows = list(csv.reader(io.StringIO(fast.decode("utf-8-sig"))))
    assert rows[0][-1] in ("Confidence", "Confiance")
