"""CSV export speed and memory on PostgreSQL, against COPY TO STDOUT and DRF + a CSV renderer.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/idesk_csv_bench \
        /work/venv/bin/python bench/csv_export.py --rows 50000 --scale-to 1000000

Imports a synthetic ACLED file, optionally multiplies it in SQL up to --scale-to incidents, then
streams the acled layout (and the briefing layout on a slice) and measures the peak memory of
the full export in a fresh subprocess (VmHWM and tracemalloc). Wipes the database's incidents.
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

from incidents.exports import FULL_ACCESS, csv_bytes  # noqa: E402
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
for chunk in csv_bytes(Incident.objects.all(), "acled", user=FULL_ACCESS):
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

    # First, while this process is still small: a child's ru_maxrss can inherit its parent's.
    child = subprocess.run(
        [sys.executable, "-c", CHILD.format(root=str(Path(__file__).resolve().parent.parent))],
        capture_output=True,
        text=True,
        check=True,
        env=os.environ,
    )
    memory = json.loads(child.stdout.strip().splitlines()[-1])

    start = time.perf_counter()
    lines = (
        sum(
            chunk.count(b"\n")
            for chunk in csv_bytes(Incident.objects.all(), "acled", user=FULL_ACCESS)
        )
        - 1
    )
    ours_s = time.perf_counter() - start
    assert lines == total, (lines, total)
    newest_first = Incident.objects.order_by("-date_start", "-id")
    start = time.perf_counter()
    for _chunk in csv_bytes(newest_first, "acled", user=FULL_ACCESS):
        pass
    ordered_s = time.perf_counter() - start

    with connection.cursor() as cur:
        start = time.perf_counter()
        with cur.cursor.copy(
            "COPY (SELECT * FROM incidents_incident) TO STDOUT WITH (FORMAT csv)"
        ) as copy:
            for _block in copy:
                pass
        flat_s = time.perf_counter() - start
        start = time.perf_counter()
        with cur.cursor.copy(
            "COPY (SELECT i.*, r.data FROM incidents_incident i JOIN incidents_incidentreference r"
            " ON r.incident_id = i.id) TO STDOUT WITH (FORMAT csv, HEADER true)"
        ) as copy:
            for _block in copy:
                pass
        copy_s = time.perf_counter() - start

    brief = Incident.objects.filter(pk__in=Incident.objects.values("pk")[: args.briefing_rows])
    start = time.perf_counter()
    for _chunk in csv_bytes(brief, "briefing", user=FULL_ACCESS):
        pass
    brief_s = time.perf_counter() - start
    drf_s = drf_reference(args.drf_rows)

    print(f"incidents: {total}")
    print(f"COPY (incident table) TO STDOUT: {total / flat_s:>9,.0f} rows/s ({flat_s:.2f} s)")
    print(f"COPY (incident+ref) TO STDOUT  : {total / copy_s:>9,.0f} rows/s ({copy_s:.2f} s)")
    print(f"export acled layout, streamed  : {total / ours_s:>9,.0f} rows/s ({ours_s:.2f} s)")
    print(
        f"  same, newest first (order_by) : {total / ordered_s:>9,.0f} rows/s ({ordered_s:.2f} s)"
    )
    print(
        f"export briefing layout (Python): {args.briefing_rows / brief_s:>9,.0f} rows/s "
        f"({args.briefing_rows} rows)"
    )
    print(
        f"DRF serializer + CSV renderer  : {args.drf_rows / drf_s:>9,.0f} rows/s "
        f"({args.drf_rows} rows)"
    )
    print(
        f"full acled export in a subprocess: {memory['rows']} rows in {memory['seconds']:.1f} s, "
        f"peak RSS {memory['maxrss'] / 1e6:.0f} MB (after django.setup() "
        f"{memory['setup_rss'] / 1e6:.0f} MB), tracemalloc peak "
        f"{memory['traced_peak'] / 1e6:.1f} MB"
    )


if __name__ == "__main__":
    main()
