"""`python manage.py extract PATH [PATH ...] [--published YYYY-MM-DD] [--language en|fr] --json`.

The command-line contract other tools depend on (issue 4, requirement 10): for one file, one JSON
object {"published", "language", "incidents": [...]} with the standardised actor names of the
actor table (``--json``, indented as it always was). Evidence offsets index the file's text as
read.

A batch runs in one process (the index is loaded once): several files, or a folder (its ``*.txt``
files, in name order), or ``--jsonl`` print JSON Lines, one compact object per file and line,
the same object plus ``"path"``. A file that cannot be read gives a line {"path", "error"}; the
others still run, and the command then exits with an error naming how many failed.

It starts in well under 2 s (tests/test_extract_startup.py): no system checks (they import every
URL module), the index from its disk cache, and the language told by function words.
"""

from __future__ import annotations

import datetime
import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError, connection

from vocabulary.languages import ENGINE_LANGUAGES
from vocabulary.textmeta import read_publication_header


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--published must be YYYY-MM-DD, got {value!r}") from None


class Command(BaseCommand):
    help = "Propose the incidents articles report (the engine over the database's indexes)."
    # The checks import every URL module and view (half a second) and say nothing about the
    # engine; `manage.py check` still runs them.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "paths",
            nargs="+",
            metavar="path",
            help="Text files with one article each, folders of *.txt files, or '-' for stdin.",
        )
        parser.add_argument(
            "--published",
            help="Publication date YYYY-MM-DD (default: the leading 'date YYYY-MM-DD' line).",
        )
        parser.add_argument(
            "--language", choices=ENGINE_LANGUAGES, help="Language (default: detected)."
        )
        parser.add_argument("--json", action="store_true", help="Print the JSON contract.")
        parser.add_argument(
            "--jsonl",
            action="store_true",
            help="One JSON object per line and file, with its path (the default for a batch).",
        )

    def handle(self, *args, **options) -> None:
        published = _date(options["published"]) if options["published"] else None
        files = self._files(options["paths"])
        batch = (
            options["jsonl"] or len(files) > 1 or any(Path(p).is_dir() for p in options["paths"])
        )
        if not batch:
            text = self._read(files[0])
            self._index()
            data = self._extract(text, published, options["language"])
            if options["json"]:
                self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
            else:
                self._summary(data)
            return
        self._index()
        failed = 0
        for path in files:
            try:
                data = {
                    "path": path,
                    **self._extract(self._read(path), published, options["language"]),
                }
            except CommandError as exc:
                failed += 1
                data = {"path": path, "error": str(exc)}
            self.stdout.write(json.dumps(data, ensure_ascii=False))
        if failed:
            raise CommandError(
                f"{failed} of {len(files)} files could not be read (see their lines)"
            )

    @staticmethod
    def _index():
        """The engine's index; a database that cannot give it is one clear error, not a
        traceback (most often: `migrate` never ran, so the tables are missing)."""
        from incidents.engine_index import get_index
        from incidents.models import Location

        try:
            return get_index()
        except DatabaseError as exc:
            try:
                migrated = Location._meta.db_table in connection.introspection.table_names()
            except DatabaseError:
                migrated = True  # not even listable: the database itself is the problem
            if not migrated:
                raise CommandError(
                    "The database has no incident tables: run `python manage.py migrate` "
                    "(and `python manage.py load_demo` for the demo gazetteer) first."
                ) from None
            first_line = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
            raise CommandError(f"Cannot read the database: {first_line}") from None

    @staticmethod
    def _extract(text: str, published: datetime.date | None, language: str | None) -> dict:
        from incidents.engine_index import get_index
        from incidents.engine_model import get_model
        from incidents.extraction import extract

        if published is None:
            published, _body = read_publication_header(text)
        return extract(
            text, index=get_index(), published=published, language=language, model=get_model()
        ).to_dict()

    def _summary(self, data: dict) -> None:
        self.stdout.write(
            f"Published {data['published'] or 'unknown'}, language {data['language']}: "
            f"{len(data['incidents'])} incident(s)"
        )
        for number, incident in enumerate(data["incidents"], 1):
            places = ", ".join(loc["name"] for loc in incident["locations"]) or "?"
            fatalities = incident["fatalities"]
            self.stdout.write(
                f"{number}. {incident['date_start']} {incident['event_type']} — {places} "
                f"({incident['country']}/{incident['admin1']}); perpetrators: "
                f"{', '.join(incident['perpetrators']) or '?'}; suspected: "
                f"{', '.join(incident['suspected']) or '-'}; targets: "
                f"{', '.join(incident['targets']) or '-'}; claim: {incident['claim_status']}; "
                f"fatalities: {fatalities['low']}/{fatalities['best']}/{fatalities['high']}"
            )

    @staticmethod
    def _files(paths: list[str]) -> list[str]:
        """The files to read: each path as given, a folder's ``*.txt`` files in name order."""
        if "-" in paths and len(paths) > 1:
            raise CommandError("'-' (stdin) cannot be combined with other paths")
        files: list[str] = []
        for path in paths:
            folder = Path(path)
            if path != "-" and folder.is_dir():
                found = sorted(str(p) for p in folder.glob("*.txt") if p.is_file())
                if not found:
                    raise CommandError(f"No .txt files in {path}")
                files += found
            else:
                files.append(path)
        return files

    @staticmethod
    def _read(path: str) -> str:
        if path == "-":
            return sys.stdin.read()
        file = Path(path)
        if not file.is_file():
            raise CommandError(f"No such file: {path}")
        try:
            return file.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            raise CommandError(f"{path} is not UTF-8 text: {exc}") from exc
