"""Real Celery workers for tests: in this process (a thread) or as a killable subprocess.

Both use the configured broker (file-system by default, Redis via CELERY_BROKER_URL) and the test
database, whose name a subprocess receives through DATABASE_URL.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[1]


def test_database_url() -> str:
    """DATABASE_URL of the test database this process uses."""
    db = connection.settings_dict
    if db["ENGINE"] == "django.db.backends.sqlite3":
        name = str(db["NAME"])
        if "memory" in name:
            raise RuntimeError("worker tests need a file SQLite test database (see conftest.py)")
        return f"sqlite:///{name}"
    user = quote(db.get("USER") or "")
    password = f":{quote(db['PASSWORD'])}" if db.get("PASSWORD") else ""
    auth = f"{user}{password}@" if user else ""
    host = db.get("HOST") or "localhost"
    port = f":{db['PORT']}" if db.get("PORT") else ""
    return f"postgres://{auth}{host}{port}/{db['NAME']}"


def purge_queue() -> None:
    """Drop messages left in the broker by earlier runs, so a worker only sees this test's."""
    from config.celery import app

    app.control.purge()


class SubprocessWorker:
    """`celery -A config worker` in its own process group, so a test can SIGKILL all of it."""

    def __init__(
        self, name: str, env: dict[str, str] | None = None, pool: str = "solo", concurrency: int = 1
    ) -> None:
        self.name = name
        self.pool_options = [f"--pool={pool}", f"--concurrency={concurrency}"]
        self.env = {
            **os.environ,
            "DATABASE_URL": test_database_url(),
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "IMPORT_URL_ALLOWLIST": ",".join(settings.IMPORT_URL_ALLOWLIST),
            # The test database changes under the worker: no index saved between processes.
            "ENGINE_INDEX_CACHE_DIR": "",
            **(env or {}),
        }
        self.log = Path(settings.VAR_DIR) / f"test-worker-{name}.log"
        self.process: subprocess.Popen | None = None

    def start(self) -> SubprocessWorker:
        handle = self.log.open("wb")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                *self.pool_options,
                f"--hostname={self.name}@%h",
                "--loglevel=INFO",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=handle,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        handle.close()
        return self

    def kill(self) -> None:
        """SIGKILL the whole worker: no cleanup, no acknowledgement, no message restored."""
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()

    def output(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""


def wait_for(condition: Callable[[], bool], timeout: float, message: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"Timed out after {timeout:g} s waiting until {message}")
