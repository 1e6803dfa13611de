"""Requests per second of /api/incidents/ under gunicorn on loopback, measured with `wrk`.

    DATABASE_URL=postgres://…/idesk_api_bench python bench/api_load.py [--workers 2] [--seconds 20]
        [--connections 8] [--code DIR --code DIR2 …] [--rounds N]

Starts gunicorn (sync workers, DEBUG off, throttling raised out of the way), issues a token for a
viewer, runs `wrk` against a few URLs and prints requests/second, latency percentiles and errors
(non-2xx/3xx answers plus socket errors and timeouts).

The first URL is the reference: a one-row page of actors through the same stack (token, DRF,
middleware), with no incident query. `--code DIR` serves another checkout (say a worktree of the
code before a change) on the same database; several `--code` are run in turn, `--rounds` times, so
before and after share the machine's load.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

SERVER_ENV = {
    "DEBUG": "false",
    "SECRET_KEY": "bench-only-not-secret",
    "ALLOWED_HOSTS": "127.0.0.1",
    "SECURE_SSL_REDIRECT": "false",
    "API_THROTTLE_USER": "100000000/hour",
    "DATABASE_CONN_MAX_AGE": "600",
}


def issue_token() -> tuple[str, int]:
    import django

    django.setup()
    from analysts.markings import TLP
    from analysts.models import ApiToken, Role, User
    from incidents.models import Actor

    user, _ = User.objects.get_or_create(username="bench_load", defaults={"clearance": TLP.GREEN})
    user.grant_role(Role.VIEWER)
    ApiToken.objects.filter(user=user).delete()
    return ApiToken.issue(user, "load")[1], Actor.objects.get(short_name="JNIM").pk


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--code", type=Path, action="append", help="checkout to serve")
    parser.add_argument("--rounds", type=int, default=1)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed (apt-get install wrk)")
    key, jnim = issue_token()
    base = f"http://127.0.0.1:{args.port}"
    codes = [path.resolve() for path in args.code or [ROOT]]
    for round_number in range(1, args.rounds + 1):
        for code in codes:
            revision = subprocess.run(
                ["git", "-C", str(code), "log", "-1", "--format=%h"],
                capture_output=True,
                text=True,
            ).stdout.strip()
            print(f"\n### round {round_number}, code {code} ({revision or 'unknown'})")
            serve(code, args, base, key, jnim)


def serve(code: Path, args: argparse.Namespace, base: str, key: str, jnim: int) -> None:
    var_dir = tempfile.mkdtemp(prefix="api-load-var-")
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi:application",
            "--workers",
            str(args.workers),
            "--bind",
            f"127.0.0.1:{args.port}",
            "--log-level",
            "warning",
        ],
        cwd=code,
        # A var/ of its own: the served checkout's file cache would otherwise keep this run's
        # tens of thousands of throttle stamps under a token id that the tests reuse.
        env={**os.environ, **SERVER_ENV, "PYTHONPATH": str(code), "VAR_DIR": var_dir},
    )
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/api/schema/", timeout=2)
                break
            except OSError:
                time.sleep(0.2)
        urls = {
            "reference: actors, 1 per page": "/api/actors/?page_size=1",
            "issue's example, 100 per page": (
                f"/api/incidents/?country=ML&admin1=Kayes&actor={jnim}"
                "&role=suspected,claimant,perpetrator&date_after=2024-06-01&page_size=100"
            ),
            "sync first page, 100": "/api/incidents/sync/?page_size=100",
            "list first page, 100": "/api/incidents/?page_size=100",
            "issue's example, 20 per page": (
                f"/api/incidents/?country=ML&admin1=Kayes&actor={jnim}"
                "&role=suspected,claimant,perpetrator&date_after=2024-06-01&page_size=20"
            ),
        }
        print(
            f"gunicorn {args.workers} sync workers, wrk {args.connections} connections, "
            f"{args.seconds} s each, load average "
            f"{' '.join(f'{x:.1f}' for x in os.getloadavg())}\n"
        )
        print("| URL | requests/s | p50 | p99 | errors |")
        print("|---|---:|---:|---:|---|")
        for name, path in urls.items():
            result = subprocess.run(
                [
                    "wrk",
                    "-t2",
                    f"-c{args.connections}",
                    f"-d{args.seconds}s",
                    "--timeout",
                    "10s",
                    "--latency",
                    "-H",
                    f"Authorization: Token {key}",
                    base + path,
                ],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
            rps = re.search(r"Requests/sec:\s+([\d.]+)", result).group(1)
            p50 = re.search(r"50%\s+([\d.]+\w+)", result).group(1)
            p99 = re.search(r"99%\s+([\d.]+\w+)", result).group(1)
            errors = re.search(r"Non-2xx or 3xx responses: (\d+)", result)
            sockets = re.search(
                r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", result
            )
            count = (int(errors.group(1)) if errors else 0) + (
                sum(int(n) for n in sockets.groups()) if sockets else 0
            )
            print(f"| {name} | {rps} | {p50} | {p99} | {count} |", flush=True)
        print(f"\nload average at the end: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
