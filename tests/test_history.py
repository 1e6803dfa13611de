"""Audit history: who, when and what changed, as readable diffs for the admin and the API."""

import pytest

from incidents import history
from incidents.models import Tag
from incidents.models.incidents import ReviewStatus as S
from incidents.workflow import publish, save_with_version, submit

from .factories import ActorFactory, ArticleFactory, ClaimEventFactory, IncidentFactory

pytestmark = pytest.mark.django_db


def test_diff_names_fields_and_shows_readable_values(analyst):
    incident = IncidentFactory(event_type="Battles", fatalities_best=None, summary="Old")
    save_with_version(
        incident,
        analyst,
        incident.version,
        {"event_type": "Explosions/Remote violence", "fatalities_best": 12, "summary": "New"},
    )
    record = incident.history.latest("history_date")
    changes = history.diff(record)
    assert [(c.field, c.old, c.new) for c in changes] == [
        ("summary", "Old", "New"),
        ("event_type", "Battles", "Explosions/Remote violence"),
        ("fatalities_best", None, 12),
    ]
    assert str(changes[2]) == "fatalities best: — → 12"
    assert record.history_user == analyst


def test_a_long_text_changed_near_its_end_reads_from_where_it_changed(analyst):
    """A stale-edit message and the history print a summary edit: when the change is past the
    first 80 characters, both sides start just before it (not two identical beginnings)."""
    start = "A coordinated assault by jihadists targeted an army camp in Timbuktu (Tombouctou)"
    incident = IncidentFactory(summary=start + ".")
    save_with_version(incident, analyst, incident.version, {"summary": start + ", at dawn."})
    (change,) = history.diff(incident.history.latest("history_date"))
    assert (
        str(change) == "summary: …in Timbuktu (Tombouctou). → …in Timbuktu (Tombouctou), at dawn."
    )


def test_diff_of_status_uses_labels_and_tags_use_names(analyst, editor):
    incident = IncidentFactory()
    submit(incident, analyst)
    publish(incident, editor)
    published = incident.history.latest("history_date")
    status = [c for c in history.diff(published) if c.field == "review_status"]
    assert (status[0].old, status[0].new) == ("In review", "Published")

    incident.tags.add(Tag.objects.create(name="checkpoint"))  # recorded on its own
    tag_change = [
        c for c in history.diff(incident.history.latest("history_date")) if c.field == "tags"
    ]
    assert (tag_change[0].old, tag_change[0].new) == ([], ["checkpoint"])


def test_entries_list_history_newest_first_with_user_and_reason(analyst, editor):
    incident = IncidentFactory(review_status=S.DRAFT)
    submit(incident, analyst)
    entries = history.entries(incident)
    assert [(e["type"], e["user"], e["reason"]) for e in entries] == [
        ("changed", str(analyst), "Submitted for review"),
        ("created", None, ""),
    ]
    assert entries[1]["changes"] == []


@pytest.mark.parametrize(
    ("make", "change"),
    [
        (lambda: ActorFactory(description=""), {"description": "Sahel branch"}),
        (lambda: ArticleFactory(title="Old title"), {"title": "New title"}),
        (lambda: ClaimEventFactory(channel=""), {"channel": "Amaq"}),
    ],
)
def test_other_audited_records_keep_history_with_diffs(editor, make, change):
    obj = make()
    for name, value in change.items():
        setattr(obj, name, value)
    obj._history_user = editor
    obj.save()
    record = obj.history.latest("history_date")
    assert record.history_user == editor
    assert [(c.field, c.new) for c in history.diff(record)] == list(change.items())


def test_places_linked_with_a_version_are_in_its_record_not_the_next_editors_change(
    analyst, editor
):
    """An incident is saved, then its places are linked and its country, admin 1 and primary
    place derived from them. The next editor who changes only the summary is shown changing
    only the summary, in the history and in a stale-edit message."""
    from incidents.models import IncidentLocation

    from .factories import LocationFactory

    incident = IncidentFactory(summary="Gunmen attacked Diboli.")
    save_with_version(incident, analyst, incident.version, {"notes": "from the wire"})
    place = LocationFactory(name="Diboli", country_code="ML", admin1_name="Kayes")
    IncidentLocation.objects.create(incident=incident, location=place, is_primary=True)
    incident.refresh_place_fields()
    incident.refresh_from_db()
    assert incident.country == "ML"

    save_with_version(incident, editor, incident.version, {"summary": "Gunmen attacked a post."})
    (change,) = history.diff(incident.history.latest("history_date"))
    assert change.field == "summary"
