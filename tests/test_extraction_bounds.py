"""One article never holds a worker for minutes: a bounded text, and a soft time limit that
fails the proposal cleanly with a message on the import job's page."""

import pytest
from celery.exceptions import SoftTimeLimitExceeded

from incidents.models import Suggestion
from incidents.tasks import engine_gave_up_message, propose_incidents
from sources.jobs import run_job
from sources.models import ImportItem
from sources.services import start_import

pytestmark = pytest.mark.django_db

STORY = (
    "BAMAKO, July 1 (Reuters) - Gunmen attacked an army post near Kayes in western Mali on "
    "Tuesday, killing four soldiers, the army said in a statement. "
)


def _pasted(text: str, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        job = start_import("paste", user=None, params={"text": text})
    run_job(job.pk)
    return ImportItem.objects.get(job=job)


def test_the_engine_reads_at_most_the_configured_characters(
    settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.EXTRACTION_MAX_CHARS = 500
    item = _pasted(STORY * 50, django_capture_on_commit_callbacks)
    seen = []
    import incidents.review

    real = incidents.review.extract
    monkeypatch.setattr(
        incidents.review, "extract", lambda text, **kw: seen.append(len(text)) or real(text, **kw)
    )
    propose_incidents(item.article_id)
    assert len(item.article.text) > 5_000
    assert seen == [500]


def test_a_soft_time_limit_fails_the_proposal_cleanly_with_a_message(
    settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.EXTRACTION_TIME_LIMIT = 90
    item = _pasted(STORY, django_capture_on_commit_callbacks)

    def too_slow(*args, **kwargs):
        raise SoftTimeLimitExceeded()

    monkeypatch.setattr("incidents.review.extract", too_slow)
    assert propose_incidents(item.article_id) == 0
    assert not Suggestion.objects.exists()
    item.refresh_from_db()
    assert item.message == engine_gave_up_message()
    assert "stopped after 90 s" in item.message and "Propose again" in item.message
    propose_incidents(item.article_id)  # a redelivered task does not repeat the message
    item.refresh_from_db()
    assert item.message.count("stopped after") == 1


def test_the_task_carries_a_soft_time_limit():
    assert propose_incidents.soft_time_limit > 0
    assert propose_incidents.time_limit > propose_incidents.soft_time_limit


def test_one_article_frees_its_worker_within_a_minute_by_default():
    """The defaults (not a test's override): the soft limit stops the engine, the hard limit
    the process, both within a minute, far above the half second the longest text takes."""
    from config import settings as defaults

    assert propose_incidents.soft_time_limit == defaults.EXTRACTION_TIME_LIMIT <= 30
    assert propose_incidents.time_limit <= 60
