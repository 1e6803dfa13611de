"""`python manage.py import_ucdp FILE [--dry-run]`: load a UCDP GED CSV as an ImportJob."""

from __future__ import annotations

from incidents.importers.command import ImportCommand


class Command(ImportCommand):
    help = "Import a UCDP GED CSV file; re-importing updates changed rows."
    kind = "ucdp"
