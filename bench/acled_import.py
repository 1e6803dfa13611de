"""ACLED import speed on PostgreSQL, against raw COPY and django-import-export, in one run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/idesk_csv_bench \
        /work/venv/bin/python bench/acled_import.py --rows 100000 --iie-rows 2000

Needs the `bench` extra (django-import-export). Wipes the incidents of the database it is given.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from acled_synthetic import write_file  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from incidents.importers.acled import ACLED_COLUMNS  # noqa: E402
from incidents.importers.jobs import run_import  # noqa: E402


def wipe() -> None:
    with connection.cursor() as cur:
        cur.execute(
            "TRUNCATE incidents_incidentactor, incidents_incidentlocation, "
            "incidents_incidentreference, incidents_incident, incidents_actoralias, "
            "incidents_actor, incidents_location CASCADE"
        )


def raw_copy(path: Path) -> float:
    columns = ", ".join(f"{c} text" for c in ACLED_COLUMNS)
    with connection.cursor() as cur:
        cur.execute("DROP TABLE IF EXISTS bench_acled_flat")
        cur.execute(f"CREATE UNLOGGED TABLE bench_acled_flat ({columns})")
        start = time.perf_counter()
        with (
            cur.cursor.copy(
                "COPY bench_acled_flat FROM STDIN WITH (FORMAT csv, HEADER true)"
            ) as copy,
            path.open("rb") as handle,
        ):
            while block := handle.read(1 << 20):
                copy.write(block)
        elapsed = time.perf_counter() - start
        cur.execute("DROP TABLE bench_acled_flat")
    return elapsed


def import_export_reference(path: Path, rows: int) -> float:
    """django-import-export mapping the same file onto Incident (no actors or places)."""
    import tablib
    from import_export import fields, resources, widgets

    from incidents.models import Incident

    class IncidentResource(resources.ModelResource):
        date_start = fields.Field(attribute="date_start", column_name="event_date",
                                  widget=widgets.DateWidget("%Y-%m-%d"))  # fmt: skip
        summary = fields.Field(attribute="summary", column_name="notes")

        class Meta:
            model = Incident
            fields = ("event_type", "sub_event_type", "disorder_type", "admin1", "summary",
                      "date_start")  # fmt: skip
            import_id_fields = ()

    with path.open(encoding="utf-8") as handle:
        head = "".join(line for _, line in zip(range(rows + 1), handle, strict=False))
    dataset = tablib.Dataset().load(head, format="csv")
    start = time.perf_counter()
    result = IncidentResource().import_data(dataset, dry_run=False, use_transactions=True)
    elapsed = time.perf_counter() - start
    assert not result.has_errors(), result.row_errors()[:3]
    return elapsed


def phases(path: Path) -> None:
    """Where a first load's time goes: Python phases, then every SQL statement over 10 ms, then
    the commit (deferred foreign-key checks). The SQL lines and the commit are the floor no
    Python-side work can lower."""
    from django.db import transaction

    from incidents.importers import store
    from incidents.importers.acled import read_acled
    from incidents.importers.jobs import _lines_from_path

    sql_total = 0.0

    def timed_sql(execute, sql, params, many, context):
        nonlocal sql_total
        start = time.perf_counter()
        result = execute(sql, params, many, context)
        elapsed = time.perf_counter() - start
        if not sql.lstrip().startswith(("ANALYZE", "SELECT")):
            sql_total += elapsed  # every write, the small ones (new places, actors) included
            if elapsed > 0.05:
                print(f"  {elapsed:5.2f} s  SQL {' '.join(sql.split())[:70]}")
        return result

    def step(name, fn, *args):
        start = time.perf_counter()
        result = fn(*args)
        print(f"  {time.perf_counter() - start:5.2f} s  {name}")
        return result

    wipe()
    read = step("read and validate (Python)", lambda: read_acled(_lines_from_path(path)))
    events = list(read.events.values())
    report = store.StoreReport()
    with connection.execute_wrapper(timed_sql), transaction.atomic():
        actors = step("resolve actors", store.resolve_actors, events, report)
        places = step("resolve places", store.resolve_places, events, report)
        step("stage with COPY", store._stage, events, actors, places)
        step("classify", store._classify, "acled")
        step("write (set-based SQL)", store._write, "acled", "published")
        commit_start = time.perf_counter()
    commit = time.perf_counter() - commit_start
    print(f"  {commit:5.2f} s  commit (deferred foreign-key checks)")
    floor = sql_total + commit
    rows = len(events)
    print(f"SQL writes + commit alone: {floor:.2f} s = {rows / floor:,.0f} rows/s at most")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--iie-rows", type=int, default=2_000)
    parser.add_argument(
        "--phases", action="store_true", help="Also time each phase of a first load."
    )
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("Run on PostgreSQL: set DATABASE_URL.")
    call_command("migrate", verbosity=0)
    with tempfile.TemporaryDirectory() as tmp:
        path = write_file(Path(tmp) / "acled.csv", args.rows)
        size = path.stat().st_size / 1e6
        wipe()
        copy_s = raw_copy(path)
        start = time.perf_counter()
        outcome = run_import("acled", path)
        ours_s = time.perf_counter() - start
        assert outcome.ok and outcome.store.created == args.rows, outcome.summary()
        start = time.perf_counter()
        again = run_import("acled", path)
        again_s = time.perf_counter() - start
        assert again.store.unchanged == args.rows, again.summary()
        wipe()
        iie_s = import_export_reference(path, args.iie_rows)
        if args.phases:
            print(f"phases of a first load of {args.rows} rows:")
            phases(path)
        wipe()
    n = args.rows
    print(f"file: {n} rows, {size:.1f} MB (synthetic, ACLED's 31 columns)")
    print(f"raw COPY into a flat table  : {n / copy_s:>9,.0f} rows/s ({copy_s:.2f} s)")
    print(f"import_acled, first load    : {n / ours_s:>9,.0f} rows/s ({ours_s:.2f} s)")
    print(f"import_acled, re-load (same): {n / again_s:>9,.0f} rows/s ({again_s:.2f} s)")
    print(
        f"django-import-export        : {args.iie_rows / iie_s:>9,.0f} rows/s "
        f"({args.iie_rows} rows, {iie_s:.2f} s)"
    )


if __name__ == "__main__":
    main()
