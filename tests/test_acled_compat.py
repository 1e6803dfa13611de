"""The ACLED-compatible read API (`/api/compat/acled/read`, `/api/compat/deleted/read`): the
PyPI `acled` client reads the desk by pointing `ACLED_API_HOST` at it, gets the same events as
`/api/incidents/`, in ACLED's column names and value forms, as the reader may read them."""

from __future__ import annotations

import datetime
import json
import os
import subprocess
import sys
import textwrap

import pytest
from django.utils import timezone

from analysts.markings import TLP
from analysts.models import ApiToken
from incidents import workflow
from incidents.models.incidents import ReviewStatus

from .factories import (
    ActorFactory,
    ArticleFactory,
    IncidentActorFactory,
    IncidentFactory,
    IncidentLocationFactory,
    IncidentSourceFactory,
    LocationFactory,
    OutletFactory,
    TeamFactory,
)

READ = "/api/compat/acled/read"
DELETED = "/api/compat/deleted/read"


def _published(day: int, **fields):
    return IncidentFactory(
        review_status=ReviewStatus.PUBLISHED, date_start=datetime.date(2025, 7, day), **fields
    )


@pytest.fixture
def scene(db):
    """Four published incidents in Mali in July 2025 (one of them RED), and a draft."""
    kayes = _published(1, fatalities_best=10, admin1="Kayes")
    IncidentLocationFactory(
        incident=kayes,
        location=LocationFactory(
            name="Kayes", admin1_name="Kayes", latitude=14.45, longitude=-11.44
        ),
    )
    IncidentLocationFactory(
        incident=kayes,
        is_primary=False,
        location=LocationFactory(
            name="Diboli", admin1_name="Kayes", latitude=14.3, longitude=-11.4
        ),
    )
    jnim = ActorFactory(name="JNIM: Group for Support of Islam and Muslims", actor_type=2)
    IncidentActorFactory(incident=kayes, actor=jnim, role="perpetrator")
    IncidentActorFactory(
        incident=kayes,
        actor=ActorFactory(name="Military Forces of Mali", actor_type=1),
        role="target",
    )
    IncidentSourceFactory(incident=kayes, article=ArticleFactory(outlet=OutletFactory(name="AFP")))
    secret = ArticleFactory(
        outlet=OutletFactory(name="Embassy Cables"), tlp=TLP.RED, team=TeamFactory()
    )
    IncidentSourceFactory(incident=kayes, article=secret)
    mopti = _published(
        5, event_type="Violence against civilians", sub_event_type="Attack", admin1="Mopti"
    )
    IncidentLocationFactory(
        incident=mopti,
        location=LocationFactory(
            name="Bandiagara", admin1_name="Mopti", latitude=14.35, longitude=-3.61
        ),
    )
    late = _published(20)
    red = _published(2, tlp=TLP.RED, team=TeamFactory(), summary="Secret raid at Redwater")
    draft = IncidentFactory(review_status=ReviewStatus.DRAFT, date_start=datetime.date(2025, 7, 3))
    return {"kayes": kayes, "mopti": mopti, "late": late, "red": red, "draft": draft, "jnim": jnim}


def _token(user) -> str:
    _token_row, key = ApiToken.issue(user, "notebook")
    return key


def _read(client, key, path=READ, **params):
    return client.get(path, params, HTTP_AUTHORIZATION=f"Bearer {key}")


def test_answer_shape_rows_and_filters(scene, viewer, client):
    key = _token(viewer)
    response = _read(client, key, event_date="2025-07-01|2025-07-07", event_date_where="BETWEEN")
    assert response.status_code == 200, response.content
    answer = response.json()
    assert answer["status"] == 200 and answer["success"] is True
    rows = answer["data"]
    assert answer["count"] == len(rows) == 3  # Kayes (two places) and Bandiagara
    kayes = [r for r in rows if r["location"] in {"Kayes", "Diboli"}]
    assert sorted(r["event_id_cnty"] for r in kayes) == [
        f"IDESK{scene['kayes'].pk}",
        f"IDESK{scene['kayes'].pk}-1",
    ]
    assert {r["fatalities"] for r in kayes} == {"5"}  # shared out, as the acled layout does
    assert all(isinstance(v, str) for r in rows for v in r.values())
    primary = next(r for r in kayes if r["location"] == "Kayes")
    assert primary["actor1"].startswith("JNIM") and primary["actor2"] == "Military Forces of Mali"
    assert primary["country"] == "Mali" and primary["iso"] == "466"
    assert primary["region"] == "Western Africa" and primary["year"] == "2025"
    assert primary["source"] == "AFP"  # not the RED cable the viewer may not read

    def ids(**params) -> list[str]:
        return sorted(r["event_id_cnty"] for r in _read(client, key, **params).json()["data"])

    assert ids(actor1="jnim") == ids(location="Kayes:OR:location=Diboli")
    assert len(ids(actor1="jnim")) == 2
    assert ids(event_type="Violence against civilians") == [f"IDESK{scene['mopti'].pk}"]
    assert ids(admin1="Mop") == [f"IDESK{scene['mopti'].pk}"]
    assert len(ids(country="Mali", year="2025")) == 4
    assert ids(country="Niger") == []
    assert len(ids(iso="466", region="1")) == 4
    assert ids(event_date="2025-07-20") == [f"IDESK{scene['late'].pk}"]
    fields = _read(client, key, fields="event_id_cnty|fatalities", limit=2).json()["data"]
    assert [set(r) for r in fields] == [{"event_id_cnty", "fatalities"}] * 2
    page2 = _read(client, key, limit=2, page=2).json()["data"]
    assert len(page2) == 2 and page2[0]["event_id_cnty"] not in {r["event_id_cnty"] for r in fields}


def test_bad_queries_are_refused_in_acleds_shape(scene, viewer, client):
    key = _token(viewer)
    for params, words in [
        ({"contry": "Mali"}, "contry"),
        ({"event_date_where": "NEAR"}, "event_date_where"),
        ({"event_date": "July", "event_date_where": "="}, "not a date"),
        ({"limit": "lots"}, "limit"),
        ({"fields": "event_id_cnty|colour"}, "colour"),
    ]:
        response = _read(client, key, **params)
        assert response.status_code == 400, params
        assert response.json()["success"] is False and words in response.json()["error"]["message"]


def test_tokens_only_in_the_authorization_header(scene, viewer, client):
    key = _token(viewer)
    assert client.get(READ).status_code == 401
    assert client.get(READ)["WWW-Authenticate"].startswith("Bearer")
    in_url = client.get(READ, {"key": key, "email": "vera@example.org"})
    assert in_url.status_code in (400, 401)
    in_url = client.get(READ, {"key": key}, HTTP_AUTHORIZATION=f"Bearer {key}")
    assert in_url.status_code == 400 and "query string" in in_url.json()["error"]["message"]
    assert client.get(READ, HTTP_AUTHORIZATION=f"Token {key}").status_code == 200
    assert client.get(READ, HTTP_AUTHORIZATION="Bearer idk_wrong").status_code == 401


def test_visibility_is_the_readers(scene, editor_in_team, viewer, client):
    scene["red"].team = editor_in_team.teams.first()
    scene["red"].save()
    seen_by_viewer = _read(client, _token(viewer)).json()["data"]
    seen_by_team = _read(client, _token(editor_in_team)).json()["data"]
    assert "Redwater" not in json.dumps(seen_by_viewer)
    assert "Redwater" in json.dumps(seen_by_team)
    # Published only, as every export: not even an editor gets the draft here.
    assert f"IDESK{scene['draft'].pk}" not in json.dumps(seen_by_team)


def test_deleted_lists_what_left_the_readers_view(scene, viewer, editor, client):
    key = _token(viewer)
    since = int(timezone.now().timestamp()) - 1
    workflow.retract(scene["kayes"], editor, "Wrong town.")
    rows = _read(client, key, DELETED, deleted_timestamp=str(since)).json()["data"]
    assert sorted(r["event_id_cnty"] for r in rows) == [
        f"IDESK{scene['kayes'].pk}",
        f"IDESK{scene['kayes'].pk}-1",
    ]
    assert all(int(r["deleted_timestamp"]) >= since for r in rows)
    later = int(timezone.now().timestamp()) + 60
    assert _read(client, key, DELETED, deleted_timestamp=str(later)).json()["data"] == []


CLIENT_SCRIPT = textwrap.dedent(
    """
    import json, os
    from acled import AcledClient
    from acled.auth import AuthMethod

    class DeskToken(AuthMethod):
        # The desk's API token, sent as ACLED's OAuth tokens are: in the Authorization header.
        def authenticate(self, session, params):
            session.headers["Authorization"] = "Bearer " + os.environ["DESK_TOKEN"]
            return params
        def refresh_if_needed(self, session): pass
        def force_refresh(self, session): pass
        def is_authenticated(self): return True

    client = AcledClient(auth_method=DeskToken())
    events = client.get_data(
        event_date="2025-07-01|2025-07-07", query_params={"event_date_where": "BETWEEN"}, limit=500
    )
    deleted = client.get_deleted_data(deleted_timestamp=0)
    print(json.dumps({"events": events, "deleted": deleted}, default=str))
    """
)


@pytest.mark.django_db(transaction=True)
def test_the_pypi_acled_client_reads_the_desk(scene, viewer, live_server, client_for):
    key = _token(viewer)
    env = {
        **os.environ,
        "ACLED_API_HOST": f"{live_server.url}/api/compat",
        "DESK_TOKEN": key,
        "ACLED_MAX_RETRIES": "0",
        "NO_PROXY": "127.0.0.1,localhost",
    }
    done = subprocess.run(
        [sys.executable, "-c", CLIENT_SCRIPT], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-3000:]
    answer = json.loads(done.stdout.strip().splitlines()[-1])
    from_client = {e["event_id_cnty"].split("-")[0] for e in answer["events"]}
    listed = client_for(viewer).get(
        "/api/incidents/", {"date_after": "2025-07-01", "date_before": "2025-07-07"}
    )
    assert from_client == {f"IDESK{row['id']}" for row in listed.json()["results"]}
    assert from_client == {f"IDESK{scene['kayes'].pk}", f"IDESK{scene['mopti'].pk}"}
    (kayes,) = [e for e in answer["events"] if e["location"] == "Kayes"]
    assert kayes["event_date"] == "2025-07-01" and kayes["fatalities"] == 5  # parsed by the client
    assert answer["deleted"] == []
