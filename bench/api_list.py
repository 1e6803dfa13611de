"""Server time and SQL queries of /api/incidents/ pages at scale (issue 5, requirement 8).

    DATABASE_URL=postgres://…/idesk_api_bench python bench/api_list.py [--runs 50]

Fill the database first with `manage.py generate_incidents 1000000`. Requests go through the whole
Django stack in-process (middleware, token auth, DRF, serialisation; no network), so the figures
are server time. Each scenario is warmed up, then timed `--runs` times; SQL queries are counted
on one extra request. Prints a Markdown table for bench/README.md.
"""

from __future__ import annotations

import argparse
import base64
import datetime
import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("API_THROTTLE_USER", "100000000/hour")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.db.models import Max  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from analysts.markings import TLP  # noqa: E402
from analysts.models import ApiToken, Role, User  # noqa: E402
from incidents.models import Actor, Incident  # noqa: E402


def bench_user(role: str) -> str:
    user, _ = User.objects.get_or_create(
        username=f"bench_{role.lower()}", defaults={"clearance": TLP.GREEN}
    )
    user.grant_role(role)
    ApiToken.objects.filter(user=user).delete()
    return ApiToken.issue(user, "bench")[1]


def last_page_cursor(page_size: int) -> str:
    """A cursor positioned `page_size` rows before the newest change: the sync's last page."""
    tail = Incident.objects.order_by("-updated_at", "-id").values_list("updated_at", flat=True)
    position = tail[page_size - 1]
    return base64.b64encode(urlencode({"p": str(position)}).encode()).decode()


def measure(client: Client, url: str, runs: int, warmup: int = 3) -> dict:
    for _ in range(warmup):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code, response.content[:300])
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    body = response.json()
    rows = len(body.get("results", body.get("features", [])))
    times.sort()
    return {
        "median": statistics.median(times),
        "p95": times[max(0, int(round(0.95 * len(times))) - 1)],
        "queries": len(queries),
        "rows": rows,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument(
        "--only", default="", help="Comma-separated words: run the scenarios naming one of them."
    )
    parser.add_argument("--roles", default="viewer,analyst")
    args = parser.parse_args()

    total = Incident.objects.count()
    jnim = Actor.objects.get(short_name="JNIM")
    since = (
        Incident.objects.aggregate(latest=Max("updated_at"))["latest"] - datetime.timedelta(days=30)
    ).strftime("%Y-%m-%dT%H:%M:%SZ")
    scenarios = [
        ("page 1, no filter", "/api/incidents/?page_size=100"),
        (
            "Kayes + JNIM suspected/claimed since 2024-06 (issue's example)",
            f"/api/incidents/?country=ML&admin1=Kayes&actor={jnim.pk}"
            "&role=suspected,claimant,perpetrator&date_after=2024-06-01&page_size=100",
        ),
        (
            "event_type + fatalities_min + civilian_targeting",
            "/api/incidents/?event_type=Violence against civilians&fatalities_min=10"
            "&civilian_targeting=true&page_size=100",
        ),
        ("bbox (Mopti area)", "/api/incidents/?bbox=-4.5,14.2,-3.9,14.7&page_size=100"),
        ("q full-text (`Diafarabé`)", "/api/incidents/?q=Diafarab%C3%A9&page_size=100"),
        ("page size 20 (same filter as issue's example)", None),
        ("page size 500 (same filter)", None),
        ("sync, first page", "/api/incidents/sync/?page_size=100"),
        (
            "sync, updated_since last 30 days",
            f"/api/incidents/sync/?updated_since={since}&page_size=100",
        ),
        (
            "sync, last page (cursor)",
            f"/api/incidents/sync/?cursor={last_page_cursor(100)}&page_size=100",
        ),
        ("GeoJSON, issue's example", None),
    ]
    example = scenarios[1][1]
    scenarios[5] = (scenarios[5][0], example.replace("page_size=100", "page_size=20"))
    scenarios[6] = (scenarios[6][0], example.replace("page_size=100", "page_size=500"))
    scenarios[10] = (scenarios[10][0], example + "&format=geojson")

    print(
        f"{total:,} incidents, {connection.vendor}, {args.runs} timed runs per row, "
        f"load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}\n"
    )
    if args.only:
        words = [word.strip().lower() for word in args.only.split(",")]
        scenarios = [
            (name, url) for name, url in scenarios if any(w in name.lower() for w in words)
        ]
    roles = [Role[name.strip().upper()] for name in args.roles.split(",")]
    for role in roles:
        client = Client(HTTP_AUTHORIZATION=f"Token {bench_user(role)}")
        print(f"\n### as {role.value.lower()}\n")
        print("| scenario | rows | median ms | p95 ms | SQL queries |")
        print("|---|---:|---:|---:|---:|")
        for name, url in scenarios:
            result = measure(client, url, args.runs)
            print(
                f"| {name} | {result['rows']} | {result['median']:.1f} | {result['p95']:.1f} "
                f"| {result['queries']} |",
                flush=True,
            )
    print(f"\nload average at the end: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
