"""`python manage.py export_incidents --layout acled|briefing|hxl|stix|geojson [--as USERNAME]
[filters] -o FILE`: the CSV layouts, a STIX 2.1 bundle (`stix`) or a GeoJSON file (`geojson`).

Whose export: without `--as`, the shell operator's — every current incident and every source, as
the operator, who holds the database credentials, can read them anyway. With `--as USERNAME`,
exactly what that user gets from the API or the desk: their visible incidents, citing only the
articles they may read (for a file handed on to that reader).

Either way the file holds published incidents unless `--filter review_status=...` asks for
others (`incidents.exports.filtering`, the sharing default of every CSV).
"""

from __future__ import annotations

import sys

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from incidents import permissions
from incidents.exports import FULL_ACCESS, csv_bytes
from incidents.exports.documents import geojson_bytes, stix_bytes
from incidents.exports.filtering import filter_incidents
from incidents.exports.layouts import LAYOUTS
from incidents.models import Incident

# The exports that are one JSON document rather than CSV rows.
DOCUMENTS = {"stix": stix_bytes, "geojson": geojson_bytes}


class Command(BaseCommand):
    help = (
        "Export incidents as CSV (briefing, hxl, acled), a STIX 2.1 bundle or GeoJSON, "
        "filtered like the API (streamed: flat memory)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--layout", choices=sorted([*LAYOUTS, *DOCUMENTS]), default="briefing")
        parser.add_argument(
            "--as",
            dest="as_user",
            metavar="USERNAME",
            help="Export what this user may read (incidents and cited sources); "
            "default: everything, as the shell operator.",
        )
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
            help="Any IncidentFilterSet filter, e.g. --filter review_status=draft,published "
            "(default: published incidents only).",
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
        reader, incidents = FULL_ACCESS, Incident.objects.current()
        if opts["as_user"]:
            reader = self._reader(opts["as_user"])
            incidents = Incident.objects.visible_to(reader).current()
        try:
            # `q` searches the articles the reader may read, as the rows cite them.
            queryset = filter_incidents(incidents, data, reader=reader)
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from None
        if opts["layout"] in DOCUMENTS:
            chunks = DOCUMENTS[opts["layout"]](queryset.order_by("-date_start", "-id"), user=reader)
        else:
            chunks = csv_bytes(
                queryset,
                opts["layout"],
                user=reader,
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

    def _reader(self, username: str):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user named {username!r}.")
        if not permissions.can_export(user):
            raise CommandError(f"{username} may not export incidents (inactive or no role).")
        return user
