"""`manage.py train_extraction` learns from the desk's reviews (issue 13, req. 3): accepted
suggestions as proposed, corrected ones with the analyst's values, rejected ones as negatives; it
installs a model only if it reads the frozen evaluation set no worse, and the review page names
the model that proposed each incident. Real database (the demo gazetteer)."""

from __future__ import annotations

import datetime
import itertools
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from incidents import engine_model
from incidents.models import Location, Suggestion
from incidents.review import accept_suggestion, propose_for_article, reject_suggestion

from .factories import ArticleFactory

pytest.importorskip("sklearn")
from incidents import learning  # noqa: E402

SEGOU_POST = (
    "Gunmen attacked an army post in Ségou on Tuesday, killing four soldiers, the government "
    "in Bamako said."
)
# The same story told twice, as two articles; the analyst decides each differently.
MOPTI_MARKET = "Des hommes armés ont attaqué mardi le marché de Mopti, tuant six civils."


@pytest.fixture
def installed(settings, tmp_path):
    settings.EXTRACTION_MODEL_FILE = tmp_path / "extraction" / "model.json"
    yield settings.EXTRACTION_MODEL_FILE


_copies = itertools.count(1)


def _article(text: str):
    """A stored report of ``text``; each copy is another outlet's (a text is stored once)."""
    published = timezone.make_aware(datetime.datetime(2025, 7, 2, 9, 0))
    text = f"{text}\n\n(Report {next(_copies)}.)"
    return ArticleFactory(title=text[:40], text=text, published_at=published, language="")


def _place(name: str) -> Location:
    return Location.objects.filter(name=name, kind="place").order_by("-population").first()


def _labels(article) -> dict[str, int]:
    """Each labelled place mention of the desk article: its next word -> its label."""
    [desk] = [a for a in learning.desk_articles() if a.name == f"desk/article-{article.pk}"]
    return {
        next(k.split(":", 1)[1] for k in f if k.startswith("w+1:")): y
        for f, y in learning.place_samples(desk)
    }


def test_the_desks_decisions_become_labels(demo_db, db, editor):
    accepted, corrected, rejected = (_article(SEGOU_POST) for _ in range(3))
    pending = _article(MOPTI_MARKET)
    for article in (accepted, corrected, rejected, pending):
        assert propose_for_article(article), article.text
    accept_suggestion(accepted.suggestions.get(), editor)
    # The analyst corrects the place: the attack was in Bamako (the story's other place).
    bamako = _place("Bamako")
    accept_suggestion(
        corrected.suggestions.get(),
        editor,
        {"location_details": [{"location_id": bamako.pk, "name": bamako.name, "precision": 1}]},
    )
    reject_suggestion(rejected.suggestions.get(), editor, "not an attack")

    names = {a.name for a in learning.desk_articles()}
    assert f"desk/article-{pending.pk}" not in names  # still waiting for a decision
    # "Ségou on", "Bamako said": accepted as proposed, Ségou is the place and Bamako context.
    assert _labels(accepted) == {"on": 1, "said": 0}
    assert _labels(corrected) == {"on": 0, "said": 1}  # the analyst's values count
    assert _labels(rejected) == {"on": 0, "said": 0}  # no incident: both are context


def test_train_installs_a_model_no_worse_and_the_review_page_names_it(
    demo_db, db, editor, installed, client
):
    article = _article(SEGOU_POST)
    propose_for_article(article)
    accept_suggestion(article.suggestions.get(), editor)

    out = StringIO()
    call_command("train_extraction", "--folds", "3", stdout=out)
    text = out.getvalue()
    assert "1 reviewed desk articles" in text
    assert "installed L1-" in text, text
    model = engine_model.get_model()
    assert installed.exists() and model.trained_on["desk_articles"] == 1
    assert f"installed {model.version}" in text

    fresh = _article(MOPTI_MARKET)
    [suggestion] = propose_for_article(fresh)
    assert suggestion.engine_version == model.version
    client.force_login(editor)
    page = client.get(reverse("desk:article", args=[fresh.pk]))
    assert f"Proposed by model {model.version}" in page.content.decode()


TOWNS = ("Ségou", "Mopti", "Kayes", "Gao", "Sikasso", "Koutiala", "Bougouni", "Kita")
ATTACKS = (
    "Gunmen attacked an army post in {town} on Tuesday, killing four soldiers.",
    "Des hommes armés ont attaqué mardi un poste de l'armée à {town}, tuant quatre soldats.",
    "At least six civilians were killed on Monday when jihadists raided {town}.",
)


def test_train_refuses_a_model_that_reads_the_frozen_set_worse(demo_db, db, editor, installed):
    """Analysts who reject every plain report of an attack in a town teach that a town named in
    an attack's sentence is only context: that model reads the annotated articles worse, so it
    is not installed and the model in use stays."""
    before = engine_model.get_model().version
    for town in TOWNS:
        for attack in ATTACKS:
            for _ in range(2):
                article = _article(attack.format(town=town))
                for suggestion in propose_for_article(article):
                    reject_suggestion(suggestion, editor, "background")
    assert Suggestion.objects.filter(status=Suggestion.Status.REJECTED).count() >= 40
    out = StringIO()
    call_command("train_extraction", "--folds", "3", stdout=out)
    assert "not installed" in out.getvalue(), out.getvalue()
    assert not installed.exists()
    assert engine_model.get_model().version == before


def test_nightly_retraining_is_off_by_default_and_a_setting_turns_it_on(settings):
    import os
    import subprocess
    import sys

    assert settings.EXTRACTION_RETRAIN_NIGHTLY is False
    assert "retrain-extraction" not in settings.CELERY_BEAT_SCHEDULE
    env = {**os.environ, "EXTRACTION_RETRAIN_NIGHTLY": "true", "EXTRACTION_RETRAIN_HOUR": "4"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    probe = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'config.settings'; "
        "django.setup(); from django.conf import settings; "
        "entry = settings.CELERY_BEAT_SCHEDULE['retrain-extraction']; "
        "print(entry['task'], sorted(entry['schedule'].hour))"
    )
    out = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True)
    assert out.stdout.split() == ["incidents.retrain_extraction", "[4]"], out.stderr


def test_the_nightly_task_retrains_and_reports_the_model_in_use(demo_db, db, editor, installed):
    from incidents.tasks import retrain_extraction

    article = _article(SEGOU_POST)
    propose_for_article(article)
    accept_suggestion(article.suggestions.get(), editor)
    version = retrain_extraction()
    assert version == engine_model.get_model().version
