"""PostgreSQL's one-COPY `briefing` export writes, byte for byte, what the Python layout writes."""

import datetime

import pytest
from django.db import connection, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysts.markings import TLP
from incidents.exports import FULL_ACCESS, csv_bytes, iter_csv_rows
from incidents.exports.stream import _briefing_order, _encode_rows
from incidents.models import Incident

from .factories import (
    ActorFactory,
    ArticleFactory,
    ClaimEventFactory,
    IncidentActorFactory,
    IncidentFactory,
    IncidentLocationFactory,
    IncidentSourceFactory,
    LocationFactory,
)

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY is PostgreSQL's"),
]

NEWEST_FIRST = ("-date_start", "-id")


def _both(queryset, *, language="en", delimiter=",", user=FULL_ACCESS):
    fast = b"".join(
        csv_bytes(queryset, "briefing", user=user, language=language, delimiter=delimiter)
    )
    rows = iter_csv_rows(queryset, "briefing", language, user=user)
    slow = b"".join(_encode_rows(rows, delimiter))
    return fast, slow


def _incident(status, day, **fields):
    return IncidentFactory(claim_status=status, date_start=datetime.date(2025, 7, day), **fields)


@pytest.fixture
def desk_week():
    """Every branch of the claim text, the suspects, the places, the sources and the toll."""
    jnim = ActorFactory(name="JNIM: Group for Support of Islam and Muslims", short_name="JNIM")
    isgs = ActorFactory(name="Islamic State (Sahel)", short_name="IS Sahel")
    dozo = ActorFactory(name="Dozo", short_name="")
    twin = ActorFactory(name="Another JNIM", short_name="JNIM")  # the same label
    fama = ActorFactory(name="Military Forces of Mali (2021-)", short_name="FAMa", actor_type=1)

    claimed = _incident(
        "claimed",
        1,
        summary='=HYPERLINK("http://x")\r\nsecond line',
        fatalities_low=30,
        date_end=datetime.date(2025, 7, 3),
    )
    IncidentLocationFactory(incident=claimed, location__name="Kayes")
    IncidentLocationFactory(incident=claimed, is_primary=False, location__name="Diboli")
    for actor, role, group in [
        (jnim, "suspected", 1),
        (isgs, "suspected", 1),
        (dozo, "suspected", None),
        (twin, "suspected", 0),
        (jnim, "perpetrator", None),
        (twin, "perpetrator", None),
        (fama, "target", None),
        (jnim, "claimant", None),
    ]:
        IncidentActorFactory(incident=claimed, actor=actor, role=role, alternative_group=group)
    ClaimEventFactory(incident=claimed, actor=jnim, channel="az-Zallaqa")
    IncidentSourceFactory(incident=claimed, article__outlet__name="-AFP")
    IncidentSourceFactory(incident=claimed, article=ArticleFactory(outlet=None, url=""))
    IncidentSourceFactory(incident=claimed, article__outlet__name="RFI")

    two_claims = _incident("claimed", 2, fatalities_low=3, fatalities_best=4, fatalities_high=9)
    ClaimEventFactory(incident=two_claims, actor=jnim, date=None, channel="")
    ClaimEventFactory(incident=two_claims, actor=isgs, date=datetime.date(2025, 6, 1))
    ClaimEventFactory(incident=two_claims, actor=jnim)
    only_claimant = _incident("claimed", 2, fatalities_best=0)
    IncidentActorFactory(incident=only_claimant, actor=isgs, role="claimant")
    IncidentActorFactory(incident=only_claimant, actor=jnim, role="claimant")
    _incident("claimed", 2, fatalities_low=5, fatalities_best=5, fatalities_high=5)

    disputed = _incident("disputed", 3, sub_event_type="", country="BF", admin1="Sahel")
    ClaimEventFactory(incident=disputed, actor=None, kind="claim")
    ClaimEventFactory(incident=disputed, actor=None, kind="denial", made_by="Malian army")
    ClaimEventFactory(incident=disputed, actor=isgs, kind="denial")
    ClaimEventFactory(incident=disputed, actor=None, kind="denial")
    by_claimants = _incident("disputed", 3, country="")
    IncidentActorFactory(incident=by_claimants, actor=jnim, role="claimant")
    _incident("disputed", 3, country="XX")

    attributed = _incident("attributed", 4)
    ClaimEventFactory(incident=attributed, actor=jnim, kind="attribution", made_by="army")
    ClaimEventFactory(incident=attributed, actor=None, kind="attribution", made_by="mayor")
    ClaimEventFactory(incident=attributed, actor=jnim, kind="attribution", made_by="army")
    to_suspects = _incident("attributed", 4)
    for actor, group in [(isgs, 2), (jnim, 2), (dozo, None), (twin, None)]:
        IncidentActorFactory(
            incident=to_suspects, actor=actor, role="suspected", alternative_group=group
        )
    ClaimEventFactory(incident=to_suspects, actor=None, kind="attribution", made_by="")
    _incident("attributed", 4)

    unclaimed = _incident("unclaimed", 5)
    IncidentActorFactory(incident=unclaimed, actor=dozo, role="suspected")
    IncidentLocationFactory(
        incident=unclaimed, is_primary=False, location=LocationFactory(name="@Nioro")
    )
    IncidentLocationFactory(
        incident=unclaimed, is_primary=False, location=LocationFactory(name="Second")
    )
    _incident("unclaimed", 5, summary="\u00a0+cmd")
    unknown = _incident("unknown", 6, summary=" \uff1dSUM(A1)")
    IncidentActorFactory(incident=unknown, actor=jnim, role="suspected")
    IncidentActorFactory(incident=unknown, actor=isgs, role="suspected")
    _incident("unknown", 6, summary="-12")
    return claimed


@pytest.mark.parametrize("language", ["en", "fr"])
def test_desk_incidents_give_the_python_layouts_bytes(desk_week, language):
    fast, slow = _both(Incident.objects.order_by(*NEWEST_FIRST), language=language)
    assert fast == slow
    assert len(fast.decode().split("\n")) > Incident.objects.count()
    claimed = {"en": "Claimed by JNIM", "fr": "Revendiquée par JNIM"}[language]
    assert b"'=HYPERLINK" in fast and f"{claimed} (az-Zallaqa, 2025-07-01)".encode() in fast


def test_the_desks_oldest_first_order_and_a_semicolon(desk_week):
    fast, slow = _both(Incident.objects.order_by("date_start", "pk"), delimiter=";")
    assert fast == slow


def test_a_bulk_export_has_the_same_rows_in_the_databases_order(desk_week):
    fast, _ = _both(Incident.objects.all())
    _, slow = _both(Incident.objects.order_by(*NEWEST_FIRST))
    assert sorted(fast.split(b"\n")) == sorted(slow.split(b"\n"))


def test_a_filtered_set_and_a_readers_sources(desk_week, viewer):
    IncidentSourceFactory(
        incident=desk_week,
        article__outlet__name="Embassy",
        article__url="https://cables.example.org/red",
        article__tlp=TLP.RED,
    )
    queryset = Incident.objects.filter(date_start__lte=datetime.date(2025, 7, 3)).order_by("-id")
    fast, slow = _both(queryset, user=viewer)
    assert fast == slow
    assert b"Embassy" not in fast and b"cables.example.org" not in fast
    assert b"Embassy" in b"".join(csv_bytes(queryset, "briefing", user=FULL_ACCESS))
    fast, slow = _both(Incident.objects.none().order_by("id"))
    assert fast == slow and fast.count(b"\n") == 1


def test_an_order_sql_cannot_follow_goes_through_python(desk_week):
    assert _briefing_order(Incident.objects.order_by("primary_location__name")) is None
    fast, slow = _both(Incident.objects.order_by("primary_location__name", "id"))
    assert fast == slow


TEXT = st.text(
    alphabet=st.one_of(
        st.sampled_from(list("=+-@\t\r\n '\",;.\\0a\u00a0\u3000\ufeff\uff1d")),
        st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
    ),
    max_size=8,
)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(summary=TEXT, place=TEXT, label=TEXT, outlet=TEXT)
def test_random_text_gives_the_same_bytes_in_both_layouts(summary, place, label, outlet):
    with transaction.atomic():
        incident = IncidentFactory(summary=summary, fatalities_low=7)
        IncidentLocationFactory(incident=incident, location=LocationFactory(name=place))
        IncidentLocationFactory(incident=incident, is_primary=False)
        IncidentActorFactory(
            incident=incident,
            role="suspected",
            actor=ActorFactory(name=f"{label}!", short_name=label),
        )
        IncidentSourceFactory(incident=incident, article__outlet__name=outlet or "o")
        queryset = Incident.objects.order_by(*NEWEST_FIRST)
        for layout in ("briefing", "acled"):
            fast = b"".join(csv_bytes(queryset, layout, user=FULL_ACCESS))
            slow = b"".join(_encode_rows(iter_csv_rows(queryset, layout, user=FULL_ACCESS), ","))
            assert fast == slow, layout
        transaction.set_rollback(True)
