"""Time to build incident list rows, the two ways (issue 5 req 8): nested lists read with one
`values_list` query each, or folded into the page query as JSON arrays (PostgreSQL).

    DATABASE_URL=postgres://…/idesk_api_bench python bench/api_rows.py [page size]

Runs the issue's example filter (Kayes, JNIM suspected/claimed, since 2024-06) as a viewer,
alternating the two ways 60 times so that both see the same machine load; checks that they give
the same rows. Only the page query and the row building are timed (no HTTP, auth or rendering).
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from analysts.markings import TLP  # noqa: E402
from analysts.models import Role, User  # noqa: E402
from incidents.api.representation import incident_rows, with_page_data, with_tag_names  # noqa: E402
from incidents.filtersets import IncidentFilterSet  # noqa: E402
from incidents.models import Actor, Incident  # noqa: E402


def main() -> None:
    size = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    user, _ = User.objects.get_or_create(username="bench_viewer", defaults={"clearance": TLP.GREEN})
    user.grant_role(Role.VIEWER)
    data = {
        "country": "ML",
        "admin1": "Kayes",
        "actor": str(Actor.objects.get(short_name="JNIM").pk),
        "role": "suspected,claimant,perpetrator",
        "date_after": "2024-06-01",
    }

    def page():
        queryset = Incident.objects.visible_to(user)
        return IncidentFilterSet(data, queryset=queryset).qs.order_by("-date_start", "-id")

    ways = {
        # The view reads one row more than it shows, to know whether there is a next page.
        "values_list query per nested list": lambda: incident_rows(
            list(with_tag_names(page())[: size + 1])[:size], user
        ),
        "folded into the page query": lambda: incident_rows(
            list(with_page_data(page(), user)[: size + 1])[:size], user
        ),
    }
    first, second = (way() for way in ways.values())
    assert first == second, "the two ways disagree"
    times: dict[str, list[float]] = {name: [] for name in ways}
    for _ in range(60):
        for name, way in ways.items():
            started = time.perf_counter()
            way()
            times[name].append((time.perf_counter() - started) * 1000)
    load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"{size} rows per page, {len(first)} read, load average {load}")
    for name, values in times.items():
        values.sort()
        p95 = values[int(round(0.95 * len(values))) - 1]
        print(f"  {name}: median {statistics.median(values):.1f} ms, p95 {p95:.1f} ms")


if __name__ == "__main__":
    main()
