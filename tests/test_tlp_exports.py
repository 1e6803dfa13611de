"""TLP leaks in every CSV export: the API's `?format=csv`, the desk's Download CSV and the
admin's export actions (scene and personas: tests/tlp_scene.py).

Rows: exactly the incidents the persona reads. Cells: nothing of a hidden incident, and nothing
of the RED cable (outlet, URL) on the GREEN incident that cites it.
"""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from django.test import Client

from .tlp_scene import (
    ADMIN_PERSONAS,
    CABLE_TELLTALES,
    PERIOD,
    PERSONAS,
    READS,
    READS_CABLE,
    leaks,
)

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return body.decode("utf-8-sig")


def _export(surface: str, user, client_for, scene, layout: str):
    if surface == "api":
        return client_for(user).get(f"/api/incidents/?format=csv&layout={layout}")
    client = Client()
    client.force_login(user)
    if surface == "desk":
        return client.get(f"/incidents/export.csv?{urlencode(PERIOD)}")
    # The admin action, asked for every scene incident by id (hidden ones included).
    action = {"briefing": "export_briefing_csv", "acled": "export_acled_csv"}[layout]
    ids = [str(scene.incident(key).pk) for key in ("open", "red", "amber")]
    return client.post(
        "/admin/incidents/incident/", {"action": action, "_selected_action": ids, "index": 0}
    )


CASES = [
    (name, surface, layout)
    for name in PERSONAS
    for surface, layout in [
        ("api", "briefing"),
        ("api", "acled"),
        ("desk", "briefing"),
        ("admin", "briefing"),
        ("admin", "acled"),
    ]
    # Viewers have no admin: tests/test_tlp_admin.py checks that refusal.
    if surface != "admin" or name in ADMIN_PERSONAS
]


@pytest.mark.parametrize(("name", "surface", "layout"), CASES)
def test_export_rows_are_the_readable_incidents(
    request, client_for, tlp_scene, name, surface, layout
):
    response = _export(surface, request.getfixturevalue(name), client_for, tlp_scene, layout)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = _text(response)
    for key in ("open", "red", "amber"):
        assert (tlp_scene.incident(key).summary in text) is (key in READS[name]), key
    assert leaks(text, tlp_scene.incident_telltales_hidden_from(name)) == []


@pytest.mark.parametrize(("name", "surface", "layout"), CASES)
def test_export_cites_the_red_cable_only_to_whom_may_read_it(
    request, client_for, tlp_scene, name, surface, layout
):
    text = _text(_export(surface, request.getfixturevalue(name), client_for, tlp_scene, layout))
    assert "Open Wire" in text  # the GREEN wire story is cited for everyone
    if name in READS_CABLE:
        assert "Embassy Cables" in text
    else:
        assert leaks(text, CABLE_TELLTALES) == []
