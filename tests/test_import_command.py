"""`manage.py import_articles`: queues the same jobs from the shell and, with --wait, summarises."""

import pytest
from django.core.management import CommandError, call_command

from config.celery import app
from sources.models import Article, ImportJob


@pytest.fixture
def eager():
    """Tasks run in this process at send time (the worker path is covered by test_worker_*)."""
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = False


@pytest.mark.django_db(transaction=True)
def test_import_files_and_wait_for_the_summary(tmp_path, eager, capsys):
    """Committed for real, so each job's task is sent (and run eagerly) as the command queues it."""
    (tmp_path / "one.txt").write_text(
        "BAMAKO, July 1 (Reuters) - Gunmen attacked an army camp in Kati on Tuesday."
    )
    (tmp_path / "two.csv").write_text(
        "text,published\nDes hommes armés ont attaqué Gao.,2025-07-02\nBroken row,someday\n"
    )
    (tmp_path / "ignored.pdf").write_bytes(b"%PDF")
    call_command(
        "import_articles", str(tmp_path), "--outlet", "Reuters", "--wait", "--timeout", "30"
    )
    out = capsys.readouterr().out
    assert ImportJob.objects.count() == 2
    assert "1 created, 0 duplicates, 0 failed" in out
    assert "1 created, 0 duplicates, 1 failed" in out
    assert "line 3: Line 3: published: 'someday' is not a date" in out
    assert set(Article.objects.values_list("outlet__name", flat=True)) == {"Reuters"}


def test_missing_path_is_an_error(db):
    with pytest.raises(CommandError, match="no such file"):
        call_command("import_articles", "/nonexistent/file.txt")
