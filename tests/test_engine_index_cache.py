"""The engine's index is saved on disk: a new process loads it instead of building it, a changed
table or a damaged file makes it rebuild, and each worker process warms it when it starts."""

from __future__ import annotations

import pytest
from celery.signals import worker_process_init

from incidents import engine_index
from incidents.extraction.index import ACTOR

from .factories import ActorAliasFactory, ActorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def cache_dir(settings, tmp_path):
    settings.ENGINE_INDEX_CACHE_DIR = str(tmp_path / "engine-index")
    engine_index.clear()
    yield tmp_path / "engine-index"
    engine_index.clear()


@pytest.fixture
def builds(monkeypatch):
    """How many times the index is built from the tables."""
    count = []
    real = engine_index.build_index
    monkeypatch.setattr(
        engine_index, "build_index", lambda *a, **kw: count.append(1) or real(*a, **kw)
    )
    return count


def new_process():
    engine_index.clear()  # what a fresh process has: no index in memory


def actor_ids(text: str) -> set[int]:
    index = engine_index.get_index()
    return {r[1] for _s, _e, payload in index.scan(text) for r in payload if r[0] == ACTOR}


def test_a_new_process_loads_the_saved_index_instead_of_building_it(cache_dir, builds):
    actor = ActorFactory(name="Katiba Serma", short_name="Serma")
    assert actor.pk in actor_ids("Katiba Serma attacked the post.")
    assert builds == [1]
    assert (cache_dir / "index.pickle").is_file()
    assert [p.name for p in cache_dir.iterdir()] == ["index.pickle"]  # no temporary file left

    new_process()
    assert actor.pk in actor_ids("Katiba Serma attacked the post.")
    assert builds == [1]  # loaded, not built


def test_a_changed_table_makes_the_next_process_rebuild(
    cache_dir, builds, django_capture_on_commit_callbacks
):
    actor = ActorFactory(name="Katiba Serma", short_name="Serma")
    engine_index.get_index()
    with django_capture_on_commit_callbacks(execute=True):
        ActorAliasFactory(actor=actor, alias="Ansar Gourma", language="fr")
    new_process()
    assert actor.pk in actor_ids("the Ansar Gourma brigade")
    assert builds == [1, 1]
    new_process()
    assert actor.pk in actor_ids("the Ansar Gourma brigade")
    assert builds == [1, 1]  # the rebuilt index replaced the stale file


def test_a_damaged_file_is_ignored_and_replaced(cache_dir, builds, caplog):
    actor = ActorFactory(name="Katiba Serma", short_name="Serma")
    engine_index.get_index()
    path = cache_dir / "index.pickle"
    path.write_bytes(path.read_bytes()[:1000])  # cut short, as by a full disk
    new_process()
    assert actor.pk in actor_ids("Katiba Serma attacked the post.")
    assert builds == [1, 1]
    assert "unreadable" in caplog.text
    new_process()
    engine_index.get_index()
    assert builds == [1, 1]


def test_a_file_of_another_database_or_engine_is_not_used(cache_dir, builds, monkeypatch):
    engine_index.get_index()
    real = engine_index._file_key
    monkeypatch.setattr(engine_index, "_file_key", lambda key: ("other engine", real(key)))
    new_process()
    engine_index.get_index()
    assert builds == [1, 1]


def test_no_folder_means_no_file(settings, tmp_path, builds):
    settings.ENGINE_INDEX_CACHE_DIR = ""
    new_process()
    engine_index.get_index()
    assert engine_index.cache_path() is None
    assert not list(tmp_path.iterdir())


def test_a_worker_process_warms_the_index_when_it_starts(cache_dir, builds, monkeypatch):
    import incidents.tasks  # noqa: F401  (connects the receiver, as the worker's autodiscovery does)

    actor = ActorFactory(name="Katiba Serma", short_name="Serma")
    new_process()
    closed = []
    monkeypatch.setattr("django.db.connections.close_all", lambda: closed.append(1))
    worker_process_init.send(sender=None)
    assert builds == [1] and closed == [1]
    assert actor.pk in actor_ids("Katiba Serma attacked the post.")
    assert builds == [1]  # the first task found it ready


def test_a_failed_warm_up_does_not_stop_the_worker(monkeypatch, caplog):
    from incidents.tasks import warm_engine_index

    def broken():
        raise RuntimeError("database not reachable")

    monkeypatch.setattr(engine_index, "warm", broken)
    monkeypatch.setattr("django.db.connections.close_all", lambda: None)
    warm_engine_index()
    assert "first task will build it" in caplog.text
