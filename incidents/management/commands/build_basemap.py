"""Rebuild the interactive map's offline basemap from the Natural Earth outlines.

python manage.py build_basemap [--source ../shared/data/boundaries] [--output FILE]
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from incidents.desk import basemap

DEFAULT_SOURCE = Path(settings.BASE_DIR).parent / "shared" / "data" / "boundaries"


class Command(BaseCommand):
    help = (
        "Build static/desk/map/basemap.geojson (countries and admin-1 regions of West Africa and "
        "the Sahel, simplified) from the Natural Earth files in --source."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
        parser.add_argument("--output", type=Path, default=basemap.OUTPUT)

    def handle(self, *args, source: Path, output: Path, **options) -> None:
        missing = [
            name
            for name in (basemap.COUNTRIES_FILE, basemap.ADMIN1_FILE)
            if not (source / name).is_file()
        ]
        if missing:
            raise CommandError(f"{source}: missing {', '.join(missing)} (see ../shared/README.md)")
        data = basemap.build_from(source)
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_bytes(data)
        self.stdout.write(f"{output}: {len(data):,} bytes")
