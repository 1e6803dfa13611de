"""No lost updates: an edit based on an old version is refused and says what the other changed."""

import threading

import pytest
from django.conf import settings
from django.db import connection

from incidents.models import Incident
from incidents.workflow import StaleEdit, save_with_version

from .factories import IncidentFactory

pytestmark = pytest.mark.django_db


def test_second_of_two_sessions_is_refused_with_the_others_changes(analyst, editor):
    incident = IncidentFactory(summary="Attack on a post", fatalities_best=3)
    ali_copy = Incident.objects.get(pk=incident.pk)  # both open version N
    eda_copy = Incident.objects.get(pk=incident.pk)

    save_with_version(eda_copy, editor, eda_copy.version, {"fatalities_best": 7})
    with pytest.raises(StaleEdit) as refused:
        save_with_version(
            ali_copy, analyst, ali_copy.version, {"fatalities_best": 4, "notes": "Checked"}
        )

    stale = refused.value
    assert [(c.field, c.old, c.new) for c in stale.their_changes] == [("fatalities_best", 3, 7)]
    assert stale.changed_by == [str(editor)]
    assert stale.conflicts == ["fatalities_best"]
    assert "eda_editor changed this incident after you opened it" in stale.message
    assert "3 → 7" in stale.message
    saved = Incident.objects.get(pk=incident.pk)
    assert (saved.fatalities_best, saved.notes) == (7, "")


def test_a_fresh_reload_can_save(analyst, editor):
    incident = IncidentFactory()
    old = incident.version
    save_with_version(incident, editor, old, {"summary": "First"})
    with pytest.raises(StaleEdit):
        save_with_version(incident, analyst, old, {"summary": "Second"})
    save_with_version(incident, analyst, incident.version, {"summary": "Second"})
    assert Incident.objects.get(pk=incident.pk).summary == "Second"
    assert incident.version == old + 2


def test_every_save_raises_the_version():
    incident = IncidentFactory()
    first = incident.version
    incident.notes = "x"
    incident.save(update_fields=["notes"])
    assert Incident.objects.get(pk=incident.pk).version == first + 1


def test_stale_edit_lists_all_intermediate_changes_and_authors(analyst, editor):
    incident = IncidentFactory(summary="A", notes="")
    base = incident.version
    save_with_version(incident, analyst, base, {"summary": "B"})
    save_with_version(incident, editor, incident.version, {"notes": "Seen by editor"})
    with pytest.raises(StaleEdit) as refused:
        save_with_version(incident, analyst, base, {"summary": "C"})
    changes = {c.field: (c.old, c.new) for c in refused.value.their_changes}
    assert changes == {"summary": ("A", "B"), "notes": (None, "Seen by editor")}
    assert refused.value.changed_by == [str(analyst), str(editor)]


@pytest.mark.skipif(not settings.IS_POSTGRES, reason="real concurrent transactions need PostgreSQL")
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_transactions_exactly_one_wins(analyst, editor):
    incident = IncidentFactory(summary="Start")
    version = incident.version
    barrier = threading.Barrier(2)
    outcome = {}

    def edit(user, text):
        try:
            barrier.wait()
            save_with_version(
                Incident.objects.get(pk=incident.pk), user, version, {"summary": text}
            )
            outcome[text] = "saved"
        except StaleEdit:
            outcome[text] = "stale"
        finally:
            connection.close()

    threads = [
        threading.Thread(target=edit, args=(analyst, "Ali")),
        threading.Thread(target=edit, args=(editor, "Eda")),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcome.values()) == ["saved", "stale"]
    winner = next(k for k, v in outcome.items() if v == "saved")
    assert Incident.objects.get(pk=incident.pk).summary == winner
    assert Incident.objects.get(pk=incident.pk).version == version + 1
