"""The engine's index follows the tables: a new alias or place name is found by the next scan."""

from __future__ import annotations

import pytest

from incidents import engine_index
from incidents.extraction.index import ACTOR, PLACE
from incidents.models import LocationName

from .factories import ActorAliasFactory, ActorFactory, LocationFactory


@pytest.fixture(autouse=True)
def fresh_index():
    engine_index.clear()
    yield
    engine_index.clear()


def found_ids(text: str, kind: int) -> set[int]:
    index = engine_index.get_index()
    return {ref[1] for _s, _e, payload in index.scan(text) for ref in payload if ref[0] == kind}


@pytest.mark.django_db
def test_a_new_alias_is_found_after_it_is_added(django_capture_on_commit_callbacks):
    actor = ActorFactory(name="Katiba Serma", short_name="Serma")
    text = "Fighters of the Ansar Gourma brigade attacked the post."
    first = engine_index.get_index()
    assert actor.pk not in found_ids(text, ACTOR)

    with django_capture_on_commit_callbacks(execute=True):
        ActorAliasFactory(actor=actor, alias="Ansar Gourma", language="fr")
    assert engine_index.get_index() is not first
    assert actor.pk in found_ids(text, ACTOR)


@pytest.mark.django_db
def test_a_renamed_alias_is_found_under_its_new_name(django_capture_on_commit_callbacks):
    actor = ActorFactory(name="Katiba Serma", short_name="Serma")
    alias = ActorAliasFactory(actor=actor, alias="Ansar Gourma", language="fr")
    assert actor.pk in found_ids("the Ansar Gourma brigade", ACTOR)

    # Same row count, same ids: only the version raised on commit says the table changed.
    with django_capture_on_commit_callbacks(execute=True):
        alias.alias = "Katiba Hayrou"
        alias.save()
    assert actor.pk in found_ids("the Katiba Hayrou brigade", ACTOR)
    assert actor.pk not in found_ids("the Ansar Gourma brigade", ACTOR)


@pytest.mark.django_db
def test_a_new_place_name_is_found(django_capture_on_commit_callbacks):
    place = LocationFactory(name="Boulkessi", ascii_name="Boulkessi", admin1_name="Mopti")
    assert place.pk not in found_ids("the camp at Boulkési was attacked", PLACE)
    with django_capture_on_commit_callbacks(execute=True):
        LocationName.objects.create(location=place, name="Boulkési", language="fr")
    assert place.pk in found_ids("the camp at Boulkési was attacked", PLACE)


@pytest.mark.django_db
def test_unchanged_tables_reuse_the_built_index():
    ActorFactory(name="Katiba Serma")
    assert engine_index.get_index() is engine_index.get_index()
