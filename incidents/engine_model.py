"""The learned model the desk's engine uses: the one ``train_extraction`` installed
(``settings.EXTRACTION_MODEL_FILE``), else the one shipped in ``incidents/extraction/learned``.

The file is read again only when it changes (its modification time and size), so a model that
the nightly retraining installs reaches every process at its next article without a restart.
"""

from __future__ import annotations

import threading
from pathlib import Path

from django.conf import settings

from incidents.extraction.learned.model import LearnedModel, load_model, shipped_model

_lock = threading.Lock()
_cached: tuple[tuple, LearnedModel | None] | None = None


def installed_path() -> Path:
    return Path(settings.EXTRACTION_MODEL_FILE)


def get_model() -> LearnedModel | None:
    """The installed model if there is one (and it reads), else the shipped one."""
    global _cached
    path = installed_path()
    try:
        stat = path.stat()
        key: tuple = (str(path), stat.st_mtime_ns, stat.st_size)
    except OSError:
        key = ("shipped",)
    cached = _cached
    if cached is not None and cached[0] == key:
        return cached[1]
    with _lock:
        try:
            model = load_model(path) if key[0] != "shipped" else shipped_model()
        except (OSError, ValueError, KeyError):
            model = shipped_model()  # a damaged install never stops the engine
        _cached = (key, model)
        return model
