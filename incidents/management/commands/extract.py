"""`python manage.py extract PATH [--published YYYY-MM-DD] [--language en|fr] --json`.

The command-line contract other tools depend on (issue 4, requirement 10): one JSON object
{"published", "language", "incidents": [...]} with the standardised actor names of the actor
table. Evidence offsets index the file's text as read.
"""

from __future__ import annotations

import datetime
import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sources.textmeta import read_publication_header


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--published must be YYYY-MM-DD, got {value!r}") from None


class Command(BaseCommand):
    help = "Propose the incidents an article reports (the engine over the database's indexes)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="A text file with the article ('-' for stdin).")
        parser.add_argument(
            "--published",
            help="Publication date YYYY-MM-DD (default: the leading 'date YYYY-MM-DD' line).",
        )
        parser.add_argument(
            "--language", choices=["en", "fr"], help="Language (default: detected)."
        )
        parser.add_argument("--json", action="store_true", help="Print the JSON contract.")

    def handle(self, *args, **options) -> None:
        from incidents.engine_index import get_index
        from incidents.extraction import extract

        text = self._read(options["path"])
        if options["published"]:
            published = _date(options["published"])
        else:
            published, _body = read_publication_header(text)
        result = extract(text, index=get_index(), published=published, language=options["language"])
        data = result.to_dict()
        if options["json"]:
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
            return
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
    def _read(path: str) -> str:
        if path == "-":
            import sys

            return sys.stdin.read()
        file = Path(path)
        if not file.is_file():
            raise CommandError(f"No such file: {path}")
        try:
            return file.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            raise CommandError(f"{path} is not UTF-8 text: {exc}") from exc
