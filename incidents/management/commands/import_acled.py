"""`python manage.py import_acled FILE [--dry-run]`: load an ACLED CSV export as an ImportJob."""

from __future__ import annotations

from incidents.importers.command import ImportCommand


class Command(ImportCommand):
    help = "Import an ACLED CSV export (any ACLED layout); re-importing updates changed rows."
    kind = "acled"
