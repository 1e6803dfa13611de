"""`python manage.py export_incidents --layout acled|briefing [filters] -o FILE`."""

from __future__ import annotations

import sys

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from incidents.exports import csv_bytes
from incidents.exports.filtering import filter_incidents
from incidents.exports.layouts import LAYOUTS
from incidents.models import Incident


class Command(BaseCommand):
    help = "Export incidents as CSV, filtered like the API (streamed: flat memory)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--layout", choices=sorted(LAYOUTS), default="briefing")
        parser.add_argument("--language", choices=["en", "fr"], default="en")
        parser.add_argument("-o", "--output", default="-", help="File to write; - for stdout.")
        parser.add_argument("--bom", action="store_true", help="Start with a UTF-8 BOM (Excel).")
        parser.add_argument("--delimiter", choices=[",", ";"], default=",")
        parser.add_argument("--country")
        parser.add_argument("--date-after")
        parser.add_argument("--date-before")
        parser.add_argument(
            "--filter",
            action="append",
            default=[],
            metavar="KEY=VALUE",
            help="Any IncidentFilterSet filter, e.g. --filter review_status=published.",
        )

    def handle(self, *args, **opts) -> None:
        data: dict[str, str] = {}
        for key in ("country", "date_after", "date_before"):
            if opts[key]:
                data[key] = opts[key]
        for item in opts["filter"]:
            key, sep, value = item.partition("=")
            if not sep:
                raise CommandError(f"--filter expects KEY=VALUE, got {item!r}")
            data[key.strip()] = value.strip()
        # The command runs with the operator's full rights: every current incident.
        try:
            queryset = filter_incidents(Incident.objects.current(), data)
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from None
        chunks = csv_bytes(
            queryset,
            opts["layout"],
            language=opts["language"],
            bom=opts["bom"],
            delimiter=opts["delimiter"],
        )
        if opts["output"] == "-":
            for chunk in chunks:
                sys.stdout.buffer.write(chunk)
            return
        with open(opts["output"], "wb") as handle:
            for chunk in chunks:
                handle.write(chunk)
        self.stderr.write(f"Wrote {opts['output']}")
