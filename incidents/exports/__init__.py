"""CSV exports: pure layouts (`layouts`), streamed responses (`stream`), and their edges —
the admin action, the DRF renderer and the `export_incidents` command."""

from .layouts import LAYOUTS, neutralise
from .records import FULL_ACCESS
from .stream import csv_bytes, filename_for, iter_csv_rows, streaming_csv_response

__all__ = [
    "FULL_ACCESS",
    "LAYOUTS",
    "csv_bytes",
    "filename_for",
    "iter_csv_rows",
    "neutralise",
    "streaming_csv_response",
]
