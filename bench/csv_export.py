"""CSV export speed and memory on PostgreSQL, against COPY TO STDOUT and DRF + a CSV renderer.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/idesk_csv_bench \
        /work/venv/bin/python bench/csv_export.py --rows 50000 --scale-to 1000000

Imports a synthetic ACLED file, optionally multiplies it in SQL up to --scale-to incidents, then
streams the acled and briefing layouts (COPY on PostgreSQL), the briefing layout through the
Python layouts on a slice, and measures the peak memory of each full export in a fresh
subprocess (VmHWM and tracemalloc). Wipes the database's incidents, unless --reuse: then it
measures the incidents already there, e.g. desk incidents from `manage.py generate_incidents`:

    .venv/bin/python manage.py generate_incidents 1000000
    .venv/bin/python bench/csv_export.py --reuse
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from acled_import import wipe  # noqa: E402
from acled_synthetic import write_file  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from incidents.exports import FULL_ACCESS, csv_bytes, iter_csv_rows  # noqa: E402
from incidents.exports.stream import _encode_rows  # noqa: E402
from incidents.importers.jobs import run_import  # noqa: E402
from incidents.models import Incident  # noqa: E402

CHILD = """
import os, sys, time, tracemalloc, json
def peak_rss():
    # VmHWM: this process's own high-water mark. (ru_maxrss can carry the parent's across exec.)
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
sys.path.insert(0, {root!r})
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
import django; django.setup()
setup_rss = peak_rss()
from incidents.exports import FULL_ACCESS, csv_bytes
from incidents.models import Incident
tracemalloc.start()
start = time.perf_counter(); size = 0; lines = 0
for chunk in csv_bytes(Incident.objects.all(), {layout!r}, user=FULL_ACCESS):
    size += len(chunk); lines += chunk.count(b"\\n")
elapsed = time.perf_counter() - start
print(json.dumps({{"rows": lines - 1, "seconds": elapsed, "bytes": size,
    "traced_peak": tracemalloc.get_traced_memory()[1],
    "maxrss": peak_rss(), "setup_rss": setup_rss}}))
"""


def scale_to(target: int) -> None:
    """Copy the imported incidents (with references, places and actors) until `target` exist."""
    with connection.cursor() as cur:
        while (count := Incident.objects.count()) < target:
            batch = min(count, target - count)
            cur.execute("DROP TABLE IF EXISTS bench_map")
            cur.execute(
                "CREATE TEMP TABLE bench_map AS SELECT id AS old_id, "
                "nextval(pg_get_serial_sequence('incidents_incident','id')) AS new_id "
                "FROM incidents_incident ORDER BY id LIMIT %s",
                [batch],
            )
            cur.execute(
                "INSERT INTO incidents_incident (id, summary, date_start, date_end, date_precision,"
                " disorder_type, event_type, sub_event_type, primary_location_id, country, admin1,"
                " geo_precision, fatalities_low, fatalities_best, fatalities_high,"
                " civilian_targeting, claim_status, notes, review_status, retraction_reason, tlp,"
                " version, created_at, updated_at) SELECT m.new_id, summary, date_start, date_end,"
                " date_precision, disorder_type, event_type, sub_event_type, primary_location_id,"
                " country, admin1, geo_precision, fatalities_low, fatalities_best,"
                " fatalities_high, civilian_targeting, claim_status, notes, review_status,"
                " retraction_reason, tlp, version, created_at, updated_at"
                " FROM incidents_incident i JOIN bench_map m ON m.old_id = i.id"
            )
            cur.execute(
                "INSERT INTO incidents_incidentreference (incident_id, dataset, external_id,"
                " last_modified, data) SELECT m.new_id, dataset, external_id || 'x' || m.new_id,"
                " last_modified, jsonb_set(data, '{event_id_cnty}',"
                " to_jsonb(external_id || 'x' || m.new_id)) FROM incidents_incidentreference r"
                " JOIN bench_map m ON m.old_id = r.incident_id"
            )
            cur.execute(
                "INSERT INTO incidents_incidentlocation (incident_id, location_id, is_primary,"
                " geo_precision, note) SELECT m.new_id, location_id, is_primary, geo_precision,"
                " note FROM incidents_incidentlocation l JOIN bench_map m ON m.old_id = l.incident_id"
            )
        cur.execute("ANALYZE")


def drf_reference(rows: int) -> float:
    from rest_framework import serializers

    from incidents.exports.renderers import CSVRenderer

    class IncidentSerializer(serializers.ModelSerializer):
        class Meta:
            model = Incident
            fields = "__all__"

    start = time.perf_counter()
    queryset = Incident.objects.all()[:rows]
    data = IncidentSerializer(queryset, many=True).data
    CSVRenderer().render(data)
    return time.perf_counter() - start


def measure(queryset, layout: str) -> tuple[int, float]:
    """(rows, seconds) of the streamed export of `queryset` in `layout`."""
    start = time.perf_counter()
    lines = sum(chunk.count(b"\n") for chunk in csv_bytes(queryset, layout, user=FULL_ACCESS))
    return lines - 1, time.perf_counter() - start


def python_briefing(queryset) -> tuple[int, float]:
    """The briefing layout through the Python layouts (the path before `briefing_sql`)."""
    start = time.perf_counter()
    rows = iter_csv_rows(queryset, "briefing", user=FULL_ACCESS)
    lines = sum(chunk.count(b"\n") for chunk in _encode_rows(rows, ","))
    return lines - 1, time.perf_counter() - start


def child_memory(layout: str) -> dict:
    child = subprocess.run(
        [
            sys.executable,
            "-c",
            CHILD.format(root=str(Path(__file__).resolve().parent.parent), layout=layout),
        ],
        capture_output=True,
        text=True,
        check=True,
        env=os.environ,
    )
    return json.loads(child.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--scale-to", type=int, default=0)
    parser.add_argument("--drf-rows", type=int, default=10_000)
    parser.add_argument("--briefing-rows", type=int, default=20_000)
    parser.add_argument("--reuse", action="store_true", help="Keep the incidents already there.")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("Run on PostgreSQL: set DATABASE_URL.")
    call_command("migrate", verbosity=0)
    if not args.reuse:
        wipe()
        with tempfile.TemporaryDirectory() as tmp:
            outcome = run_import("acled", write_file(Path(tmp) / "acled.csv", args.rows))
            assert outcome.ok, outcome.summary()
    if args.scale_to:
        scale_to(args.scale_to)
    total = Incident.objects.count()

    load_before = os.getloadavg()
    # First, while this process is still small: a child's ru_maxrss can inherit its parent's.
    memory = {layout: child_memory(layout) for layout in ("acled", "briefing")}

    with connection.cursor() as cur:
        start = time.perf_counter()
        with cur.cursor.copy(
            "COPY (SELECT * FROM incidents_incident) TO STDOUT WITH (FORMAT csv)"
        ) as copy:
            for _block in copy:
                pass
        flat_s = time.perf_counter() - start

    everything = Incident.objects.all()
    newest_first = Incident.objects.order_by("-date_start", "-id")
    acled_rows, acled_s = measure(everything, "acled")
    acled_ordered_rows, acled_ordered_s = measure(newest_first, "acled")
    brief_rows, brief_s = measure(everything, "briefing")
    assert brief_rows == total, (brief_rows, total)
    brief_ordered_rows, brief_ordered_s = measure(newest_first, "briefing")
    sliced = Incident.objects.filter(pk__in=Incident.objects.values("pk")[: args.briefing_rows])
    python_rows, python_s = python_briefing(sliced.order_by("-date_start", "-id"))
    drf_s = drf_reference(args.drf_rows)
    load_after = os.getloadavg()

    def line(label: str, rows: int, seconds: float) -> None:
        print(f"{label:<44}: {rows / seconds:>9,.0f} rows/s ({rows} rows, {seconds:.2f} s)")

    print(f"incidents: {total}; load average before {load_before}, after {load_after}")
    line("COPY (incident table) TO STDOUT (reference)", total, flat_s)
    line("acled layout, bulk (COPY)", acled_rows, acled_s)
    line("acled layout, newest first (COPY)", acled_ordered_rows, acled_ordered_s)
    line("briefing layout, bulk (COPY)", brief_rows, brief_s)
    line("briefing layout, newest first (COPY)", brief_ordered_rows, brief_ordered_s)
    line("briefing layout through Python (a slice)", python_rows, python_s)
    line("DRF serializer + CSV renderer (reference)", args.drf_rows, drf_s)
    for layout, figures in memory.items():
        print(
            f"full {layout} export in a subprocess: {figures['rows']} rows in "
            f"{figures['seconds']:.1f} s, peak RSS (VmHWM) {figures['maxrss'] / 1e6:.0f} MB "
            f"(after django.setup() {figures['setup_rss'] / 1e6:.0f} MB), tracemalloc peak "
            f"{figures['traced_peak'] / 1e6:.1f} MB"
        )


if __name__ == "__main__":
    main()
