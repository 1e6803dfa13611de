"""Streamed CSV downloads: the response, the command, the admin action and the API's format=csv."""

import csv
import datetime
import io

import pytest
from django.contrib.admin.sites import AdminSite
from django.core.management import call_command
from django.db import connection
from django.http import StreamingHttpResponse
from django.test import RequestFactory
from rest_framework import serializers, viewsets
from rest_framework.test import APIRequestFactory, force_authenticate

from incidents.exports import FULL_ACCESS, csv_bytes, iter_csv_rows, streaming_csv_response
from incidents.exports.admin_actions import export_acled_csv, export_briefing_csv_fr
from incidents.exports.filtering import filter_incidents
from incidents.exports.renderers import CSVExportMixin
from incidents.exports.stream import _encode_rows
from incidents.importers.jobs import run_import
from incidents.models import Incident

from .factories import (
    IncidentFactory,
    IncidentLocationFactory,
    IncidentSourceFactory,
    acled_csv,
    acled_row,
)

pytestmark = pytest.mark.django_db


def _body(response: StreamingHttpResponse) -> bytes:
    return b"".join(response.streaming_content)


def _table(data: bytes, delimiter: str = ",") -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=delimiter))


@pytest.fixture
def mali_week():
    first = IncidentFactory(
        date_start=datetime.date(2025, 7, 1),
        summary="=cmd|' /C calc'!A0",
        review_status="published",
        fatalities_low=30,
    )
    IncidentLocationFactory(incident=first, location__name="Kayes", location__admin1_name="Kayes")
    IncidentSourceFactory(incident=first, article__url="https://example.org/kayes")
    second = IncidentFactory(date_start=datetime.date(2025, 7, 3), review_status="draft")
    other = IncidentFactory(date_start=datetime.date(2025, 7, 2), country="BF", admin1="Sahel")
    return first, second, other


def test_streaming_response_names_the_file_and_writes_safe_cells(mali_week):
    response = streaming_csv_response(
        Incident.objects.all(),
        "briefing",
        user=FULL_ACCESS,
        filename_hint="incidents-briefing-2025-07-01_2025-07-07",
    )
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="incidents-briefing-2025-07-01_2025-07-07.csv"'
    )
    rows = _table(_body(response))
    assert rows[0][0] == "Date" and len(rows) == 4
    kayes = next(r for r in rows if r[1] == "Kayes")
    assert kayes[9] == "'=cmd|' /C calc'!A0"
    assert kayes[8] == "≥30"
    assert "https://example.org/kayes" in kayes[10]


def test_bom_and_semicolon_for_french_spreadsheets(mali_week):
    response = streaming_csv_response(
        Incident.objects.all(),
        "briefing",
        user=FULL_ACCESS,
        filename_hint="x",
        language="fr",
        bom=True,
        delimiter=";",
    )
    body = _body(response)
    assert body.startswith(b"\xef\xbb\xbf")
    assert _table(body, ";")[0][:4] == ["Date", "Lieu", "Région", "Pays"]


def test_iter_csv_rows_yields_header_then_rows(mali_week):
    rows = list(iter_csv_rows(Incident.objects.filter(country="BF"), "acled", user=FULL_ACCESS))
    assert rows[0][0] == "event_id_cnty"
    assert len(rows) == 2 and rows[1][17] == "Burkina Faso"


def test_unknown_layout_is_refused_before_streaming():
    with pytest.raises(ValueError, match="Unknown CSV layout"):
        streaming_csv_response(
            Incident.objects.none(), "excel", user=FULL_ACCESS, filename_hint="x"
        )


def test_command_exports_a_filtered_set(mali_week, tmp_path):
    out = tmp_path / "mali.csv"
    call_command(
        "export_incidents",
        "--layout=briefing",
        "--country=ML",
        "--date-after=2025-07-01",
        "--date-before=2025-07-02",
        "--filter=review_status=published",
        f"-o{out}",
        stderr=io.StringIO(),
    )
    rows = _table(out.read_bytes())
    assert [r[0] for r in rows[1:]] == ["2025-07-01"]


def test_admin_action_downloads_only_what_the_user_may_see(mali_week, analyst, viewer):
    request = RequestFactory().post("/admin/incidents/incident/")
    request.user = analyst
    response = export_briefing_csv_fr(None, request, Incident.objects.all())
    assert response["Content-Disposition"] == (
        'attachment; filename="incidents-briefing-2025-07-01_2025-07-03-fr.csv"'
    )
    body = _body(response)
    assert body.startswith(b"\xef\xbb\xbf")
    assert len(_table(body)) == 4
    request.user = viewer  # viewers only see published incidents
    rows = _table(_body(export_acled_csv(AdminSite(), request, Incident.objects.all())))
    assert [r[1] for r in rows[1:]] == ["2025-07-01"]


class _Incidents(serializers.ModelSerializer):
    class Meta:
        model = Incident
        fields = ["id", "date_start", "country"]


class _IncidentViewSet(CSVExportMixin, viewsets.ReadOnlyModelViewSet):
    """What the API's viewset looks like once it mixes CSV in."""

    serializer_class = _Incidents
    pagination_class = None

    def get_queryset(self):
        return Incident.objects.visible_to(self.request.user)

    def filter_queryset(self, queryset):
        keys = ("country", "date_after", "date_before", "review_status")
        data = {k: v for k, v in self.request.query_params.items() if k in keys}
        return filter_incidents(queryset, data)


def test_api_csv_export_equals_the_filtered_list(mali_week, analyst):
    view = _IncidentViewSet.as_view({"get": "list"})
    factory = APIRequestFactory()
    # With the statuses named: a CSV alone holds published incidents only (test_sharing_default).
    query = "country=ML&date_after=2025-07-01&date_before=2025-07-31&review_status=draft,published"
    json_request = factory.get(f"/api/incidents/?{query}")
    force_authenticate(json_request, analyst)
    listed = {item["id"] for item in view(json_request).data}
    csv_request = factory.get(f"/api/incidents/?{query}&format=csv&layout=acled")
    force_authenticate(csv_request, analyst)
    response = view(csv_request)
    assert response["Content-Disposition"].endswith('2025-07-01_2025-07-31.csv"')
    exported = {int(r[0].removeprefix("IDESK")) for r in _table(_body(response))[1:]}
    assert exported == listed and len(listed) == 2


@pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY is PostgreSQL's")
def test_copy_fast_path_writes_what_the_python_layout_writes(mali_week):
    rows = [
        acled_row(event_id_cnty=f"MLI{n}", notes=f"-{n} killed, a source said") for n in range(5)
    ]
    run_import("acled", acled_csv(rows).encode())
    queryset = Incident.objects.all()
    fast = b"".join(csv_bytes(queryset, "acled", user=FULL_ACCESS))
    slow = b"".join(_encode_rows(iter_csv_rows(queryset, "acled", user=FULL_ACCESS), ","))
    assert sorted(fast.splitlines()) == sorted(slow.splitlines())
    assert len(fast.splitlines()) == 1 + 5 + 3


def test_incident_admin_offers_the_csv_downloads(mali_week, staff_superuser, client):
    client.force_login(staff_superuser)
    ids = list(Incident.objects.filter(country="ML").values_list("pk", flat=True))
    response = client.post(
        "/admin/incidents/incident/",
        {"action": "export_briefing_csv", "_selected_action": ids},
    )
    assert response["Content-Disposition"].startswith('attachment; filename="incidents-briefing-')
    assert len(_table(_body(response))) == 1 + len(ids)
