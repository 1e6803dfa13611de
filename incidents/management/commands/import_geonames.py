"""`python manage.py import_geonames FILE... [--countries ML,BF,NE] [--admin1 PATH] [--admin2 PATH]`."""

from __future__ import annotations

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from incidents.gazetteer_import import GeoNamesFormatError, import_geonames


class Command(BaseCommand):
    help = (
        "Load GeoNames country dumps (19-column format, .txt or .txt.gz) into the gazetteer: "
        "countries, admin1 and admin2 units, populated places and sites. Idempotent."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="+", help="GeoNames dumps, e.g. ML.txt BF.txt NE.txt")
        parser.add_argument(
            "--countries", default="", help="Comma-separated ISO codes to keep, e.g. ML,BF,NE"
        )
        parser.add_argument("--admin1", help="admin1CodesASCII.txt (names of regions)")
        parser.add_argument("--admin2", help="admin2Codes.txt (names of cercles, provinces…)")
        parser.add_argument("--country-info", help="countryInfo.txt (short country names)")

    def handle(self, *args, **options) -> None:
        paths = [Path(p) for p in options["files"]]
        extras = [options["admin1"], options["admin2"], options["country_info"]]
        for path in [*paths, *(Path(p) for p in extras if p)]:
            if not path.is_file():
                raise CommandError(f"No such file: {path}")
        started = time.monotonic()
        try:
            stats = import_geonames(
                paths,
                admin1_path=options["admin1"],
                admin2_path=options["admin2"],
                country_info_path=options["country_info"],
                countries=options["countries"].split(",") if options["countries"] else None,
            )
        except (GeoNamesFormatError, UnicodeDecodeError) as exc:
            raise CommandError(f"Not a GeoNames dump: {exc}") from exc
        self.stdout.write(f"GeoNames: {stats} in {time.monotonic() - started:.1f} s")
