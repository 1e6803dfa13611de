"""The hand-built incident representation (speed) says exactly what the declared fields say."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from rest_framework.test import APIRequestFactory

from incidents.api.serializers import IncidentSerializer
from incidents.api.views import with_api_data
from incidents.models import Incident, IncidentActor

from .factories import (
    ActorFactory,
    ArticleFactory,
    ClaimEventFactory,
    IncidentActorFactory,
    IncidentFactory,
    IncidentLocationFactory,
    IncidentSourceFactory,
    TagFactory,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("zone", ["UTC", "Africa/Bamako", "Europe/Paris"])
def test_fast_representation_equals_the_generic_one(editor, zone):
    incident = IncidentFactory(
        date_end=datetime.date(2025, 7, 2),
        fatalities_low=3,
        fatalities_best=4,
        published_at=timezone.now(),
        merged_into=IncidentFactory(),
    )
    parent = ActorFactory(name="Al Qaeda")
    IncidentActorFactory(
        incident=incident,
        actor=ActorFactory(affiliation=parent),
        role=IncidentActor.Role.SUSPECTED,
        alternative_group=1,
    )
    IncidentActorFactory(incident=incident, role=IncidentActor.Role.SUSPECTED, alternative_group=1)
    ClaimEventFactory(incident=incident, actor=None, kind="denial", date=None)
    IncidentLocationFactory(incident=incident)
    IncidentLocationFactory(incident=incident, is_primary=False, location__latitude=None)
    IncidentSourceFactory(incident=incident, article=ArticleFactory(outlet=None, published_at=None))
    IncidentSourceFactory(incident=incident)
    incident.tags.add(TagFactory(name="b"), TagFactory(name="a"))
    loaded = with_api_data(Incident.objects.filter(pk=incident.pk), editor).get()
    request = APIRequestFactory().get(f"/api/incidents/{incident.pk}/")
    request.user = editor
    serializer = IncidentSerializer(context={"request": request})
    with timezone.override(zone):
        fast = serializer.to_representation(loaded)
        generic = serializer.generic_representation(loaded)
    assert set(fast) == set(generic)
    for name in generic:
        assert fast[name] == generic[name], name
