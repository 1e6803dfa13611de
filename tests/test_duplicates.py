"""Duplicates: exact ones create nothing; near-duplicates are linked as the same story."""

import pytest

from sources.dedup import jaccard, shingles
from sources.models import Article
from sources.signals import article_stored
from sources.storing import Outcome, store_article

from .factories import OutletFactory

WIRE = (
    "Suspected jihadists attacked military installations in several towns in western Mali early "
    "Tuesday, the military and residents said, in a new series of attacks in the junta-led "
    "country amid resurging violence in the wider Sahel region. For more than a decade Mali has "
    "faced attacks from groups linked to Al-Qaeda and the Islamic State group as well as "
    "separatist movements and criminal gangs. Mali's army said in a statement that seven of its "
    "positions in the west had been targeted in coordinated attacks carried out very early this "
    "morning. No death toll was given. Residents and a local politician confirmed the attacks in "
    "at least four towns, including Kayes, Nioro du Sahel and Sandare."
)


@pytest.mark.django_db
def test_same_url_in_another_form_is_a_duplicate():
    first = store_article(text=WIRE, url="https://example.org/mali/attacks")
    again = store_article(
        text="Completely different text of an updated page.",
        url="https://EXAMPLE.org/mali/attacks/?utm_source=x#top",
    )
    assert first.outcome is Outcome.CREATED
    assert again.outcome is Outcome.DUPLICATE
    assert again.article == first.article
    assert Article.objects.count() == 1


@pytest.mark.django_db
def test_same_text_with_other_spacing_and_case_is_a_duplicate():
    store_article(text=WIRE)
    again = store_article(text="  " + WIRE.upper().replace(" ", "   \n") + "\n")
    assert again.outcome is Outcome.DUPLICATE
    assert again.reason == "same text"
    assert Article.objects.count() == 1


@pytest.mark.django_db
def test_wire_story_republished_with_small_edits_is_the_same_story():
    original = store_article(
        text=WIRE, outlet=OutletFactory(name="AFP"), url="https://afp.example/1"
    ).article
    edited = WIRE.replace("early Tuesday", "on Tuesday morning").replace(
        "No death toll was given.", "No death toll was given by the authorities."
    )
    retelling = store_article(
        text="BAMAKO — " + edited, outlet=OutletFactory(name="Daily"), url="https://daily.example/2"
    )
    assert retelling.outcome is Outcome.CREATED
    assert retelling.article.same_story_as == original
    assert 0.8 <= retelling.article.similarity < 1
    third = store_article(text=edited + " Reporting by our correspondent.")
    # Every retelling points at the first telling, not at each other.
    assert third.article.same_story_as == original


@pytest.mark.django_db
def test_unrelated_article_is_not_linked():
    store_article(text=WIRE)
    other = store_article(
        text="Heavy rains flooded parts of Niamey on Sunday, displacing hundreds of families "
        "along the Niger river, the civil protection agency said in a statement."
    )
    assert other.article.same_story_as is None
    assert other.article.similarity is None


@pytest.mark.django_db
def test_threshold_is_a_setting(settings):
    store_article(text=WIRE)
    words = WIRE.split()
    shortened = " ".join(words[: len(words) * 3 // 4])
    similarity = jaccard(shingles(WIRE), shingles(shortened))
    assert 0.6 < similarity < 0.9
    settings.NEAR_DUPLICATE_THRESHOLD = similarity + 0.05
    assert store_article(text=shortened).article.same_story_as is None
    Article.objects.filter(text=shortened).delete()
    settings.NEAR_DUPLICATE_THRESHOLD = similarity - 0.05
    assert store_article(text=shortened).article.same_story_as is not None


@pytest.mark.django_db
def test_article_stored_is_sent_on_commit_once(django_capture_on_commit_callbacks):
    received = []

    def listener(sender, article, created, job_id, **kwargs):
        received.append((article.pk, created, job_id))

    article_stored.connect(listener)
    try:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            result = store_article(text=WIRE, job_id=7)
            store_article(text=WIRE, job_id=7)
        assert received == []  # nothing before the commit
        for callback in callbacks:
            callback()
    finally:
        article_stored.disconnect(listener)
    assert received == [(result.article.pk, True, 7)]
