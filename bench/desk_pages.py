"""Time of the article review page and the browsable API list, each next to a reference measured
in the same run (the JSON list of the same page; the incident list page of the desk).

    DATABASE_URL=… .venv/bin/python bench/desk_pages.py [--runs 15]

Runs in-process through the Django test client (whole stack, no network) as the demo editor,
on whatever data the database holds (`make demo`, optionally `generate_incidents`): the example
article's review page, `/api/incidents/` as HTML (browsable API) and as JSON. Prints medians,
the response sizes and the load average.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.test import Client  # noqa: E402

from analysts.models import User  # noqa: E402
from sources.models import Article  # noqa: E402


def timed(client: Client, url: str, runs: int, **headers: str) -> tuple[float, int, int]:
    client.get(url, **headers)  # warm-up
    times, size, status = [], 0, 0
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(url, **headers)
        times.append(time.perf_counter() - start)
        size, status = len(response.content), response.status_code
    return statistics.median(times) * 1000, size, status


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(User.objects.get(username="editor"))
    article = Article.objects.filter(title__icontains="Kayes").first() or Article.objects.first()
    pages = {
        "review page (example article)": (f"/articles/{article.pk}/", {}),
        "desk incident list (reference)": ("/incidents/", {}),
        "browsable API /api/incidents/ (HTML)": ("/api/incidents/", {"HTTP_ACCEPT": "text/html"}),
        "/api/incidents/ JSON (reference)": ("/api/incidents/?format=json", {}),
    }
    print(f"load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}, {args.runs} runs")
    print("| page | median ms | bytes | status |\n|---|---:|---:|---:|")
    for name, (url, headers) in pages.items():
        ms, size, status = timed(client, url, args.runs, **headers)
        print(f"| {name} | {ms:.1f} | {size:,} | {status} |", flush=True)
    print(f"load average at the end {' '.join(f'{x:.1f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
