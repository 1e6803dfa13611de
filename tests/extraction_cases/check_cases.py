"""Validate the hand annotations of the extraction development set.

Usage (from the project root)::

    python tests/extraction_cases/check_cases.py [CASES_DIR] [--gazetteer DIR]

``CASES_DIR`` (or ``--cases DIR``) defaults to this folder; pass ``tests/extraction_holdout`` to
check the held-out set with the same rules.

Checks every ``<slug>.json`` against its ``<slug>.txt``: the ``extract --json`` shape of issue 4
(requirement 10), evidence offsets (``content[start:end] == text`` on the file as read by Python,
first ``date`` line included), standard actor names, the ACLED event taxonomy, dates and
fatalities, and that every GeoNames id exists in the real dumps with the same coordinates and a
matching admin1. Pure standard library; exits 1 and lists the problems when anything is wrong.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

ACTORS = {
    "JNIM: Group for Support of Islam and Muslims",
    "Islamic State (Sahel)",
    "Al Qaeda",
    "Islamic State",
    "Military Forces of Mali (2021-)",
    "Military Forces of Burkina Faso (2022-)",
    "Military Forces of Niger (2023-)",
    "Africa Corps",
    "Wagner Group",
    "VDP: Volunteers for the Defense of the Homeland",
    "FLA: Azawad Liberation Front",
    "Dan Na Ambassagou",
    "Unidentified Armed Group (Mali)",
    "Unidentified Armed Group (Burkina Faso)",
    "Unidentified Armed Group (Niger)",
    "Civilians (Mali)",
    "Civilians (Burkina Faso)",
    "Civilians (Niger)",
}

# ACLED event types and their sub-event types (violent and strategic ones used for the Sahel).
EVENT_TYPES = {
    "Battles": {
        "Armed clash",
        "Government regains territory",
        "Non-state actor overtakes territory",
    },
    "Explosions/Remote violence": {
        "Remote explosive/landmine/IED",
        "Air/drone strike",
        "Shelling/artillery/missile attack",
        "Suicide bomb",
        "Grenade",
        "Chemical weapon",
    },
    "Violence against civilians": {"Attack", "Abduction/forced disappearance", "Sexual violence"},
    "Strategic developments": {
        "Looting/property destruction",
        "Agreement",
        "Arrests",
        "Change to group/activity",
        "Disrupted weapons use",
        "Headquarters or base established",
        "Non-violent transfer of territory",
        "Other",
    },
}

TOP_KEYS = {"source_url", "outlet", "published", "language", "incidents"}
INCIDENT_KEYS = {
    "date_start",
    "date_end",
    "date_precision",
    "country",
    "admin1",
    "locations",
    "perpetrators",
    "suspected",
    "claimants",
    "targets",
    "claim_status",
    "fatalities",
    "event_type",
    "sub_event_type",
    "evidence",
}
LOCATION_KEYS = {"name", "latitude", "longitude", "geonames_id", "precision"}
FATALITY_KEYS = {"low", "best", "high"}
EVIDENCE_KEYS = {"field", "start", "end", "text"}
EVIDENCE_FIELDS = {
    "date",
    "location",
    "perpetrator",
    "suspected",
    "claimant",
    "target",
    "claim_status",
    "fatalities",
    "event_type",
}
CLAIM_STATUSES = {"unknown", "unclaimed", "claimed", "disputed", "attributed"}
PRECISIONS = {"day", "week", "month", "year"}
COUNTRIES = {"ML", "BF", "NE", "SN", "MR", "CI", "GN"}


def default_gazetteer() -> Path:
    """The shared GeoNames dumps: ../shared from the project root, else /work/shared."""
    for candidate in (
        HERE.parents[2] / "shared" / "data" / "gazetteer",
        Path("/work/shared/data/gazetteer"),
    ):
        if candidate.is_dir():
            return candidate
    return HERE.parents[2] / "shared" / "data" / "gazetteer"


class Gazetteer:
    """Lazily loaded GeoNames rows (id -> lat, lon, country, admin1 code) and admin1 names."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._rows: dict[str, dict[int, tuple[float, float, str]]] = {}
        self.admin1: dict[tuple[str, str], str] = {}
        with open(directory / "admin1CodesASCII.txt", encoding="utf-8") as fh:
            for line in fh:
                code, name, *_ = line.rstrip("\n").split("\t")
                cc, _, sub = code.partition(".")
                self.admin1[(cc, sub)] = name

    def row(self, country: str, geonames_id: int) -> tuple[float, float, str] | None:
        if country not in self._rows:
            rows: dict[int, tuple[float, float, str]] = {}
            with open(self.directory / f"{country}.txt", encoding="utf-8") as fh:
                for line in fh:
                    f = line.rstrip("\n").split("\t")
                    rows[int(f[0])] = (float(f[4]), float(f[5]), f[10])
            self._rows[country] = rows
        return self._rows[country].get(geonames_id)

    def admin1_names(self, country: str) -> set[str]:
        return {name for (cc, _), name in self.admin1.items() if cc == country}


def _date(value: object, where: str, errors: list[str]) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        errors.append(f"{where}: not a YYYY-MM-DD date: {value!r}")
        return None


def check_case(json_path: Path, gaz: Gazetteer | None) -> list[str]:
    """Return the problems found in one annotation (empty when it is valid)."""
    errors: list[str] = []
    slug = json_path.name[: -len(".json")]
    txt_path = json_path.with_suffix(".txt")
    if not txt_path.exists():
        return [f"{slug}: missing {txt_path.name}"]
    with open(txt_path, encoding="utf-8") as fh:  # Python's own newline handling, as the engine
        content = fh.read()
    doc = json.loads(json_path.read_text(encoding="utf-8"))

    missing = TOP_KEYS - doc.keys()
    if missing:
        errors.append(f"{slug}: missing keys {sorted(missing)}")
    extra = doc.keys() - TOP_KEYS - {"notes"}
    if extra:
        errors.append(f"{slug}: unexpected keys {sorted(extra)}")
    first = content.lstrip().split("\n", 1)[0].split()
    if len(first) < 2 or first[0] != "date" or first[1] != doc.get("published"):
        errors.append(
            f"{slug}: first line 'date ...' differs from published={doc.get('published')}"
        )
    published = _date(doc.get("published"), f"{slug}.published", errors)
    lang = slug.rsplit(".", 1)[-1]
    if doc.get("language") not in {"en", "fr"} or doc.get("language") != lang:
        errors.append(f"{slug}: language {doc.get('language')!r} does not match the slug suffix")
    if not str(doc.get("source_url", "")).startswith("http") or not doc.get("outlet"):
        errors.append(f"{slug}: source_url and outlet are required")

    for n, inc in enumerate(doc.get("incidents", []), 1):
        w = f"{slug}#{n}"
        missing = INCIDENT_KEYS - inc.keys()
        if missing:
            errors.append(f"{w}: missing keys {sorted(missing)}")
            continue
        extra = inc.keys() - INCIDENT_KEYS - {"notes"}
        if extra:
            errors.append(f"{w}: unexpected keys {sorted(extra)}")
        start = _date(inc["date_start"], f"{w}.date_start", errors)
        end = _date(inc["date_end"], f"{w}.date_end", errors)
        if start and end and end < start:
            errors.append(f"{w}: date_end before date_start")
        if start and published and start > published:
            errors.append(f"{w}: incident starts after publication")
        if inc["date_precision"] not in PRECISIONS:
            errors.append(f"{w}: bad date_precision {inc['date_precision']!r}")
        country = inc["country"]
        if country not in COUNTRIES:
            errors.append(f"{w}: country {country!r} is not a Sahel ISO code in the gazetteer")
        if gaz and inc["admin1"] is not None and inc["admin1"] not in gaz.admin1_names(country):
            errors.append(f"{w}: admin1 {inc['admin1']!r} is not a GeoNames admin1 of {country}")

        if not inc["locations"]:
            errors.append(f"{w}: no location")
        admin1_seen: list[tuple[str, str]] = []
        for loc in inc["locations"]:
            if set(loc) != LOCATION_KEYS:
                errors.append(f"{w}: location keys {sorted(loc)}")
                continue
            if loc["precision"] not in (1, 2, 3):
                errors.append(f"{w}: location {loc['name']!r} precision must be 1, 2 or 3")
            gid = loc["geonames_id"]
            if gid is None:
                if loc["latitude"] is not None or loc["longitude"] is not None:
                    errors.append(f"{w}: {loc['name']!r} has coordinates but no geonames_id")
                if "notes" not in inc and "notes" not in doc:
                    errors.append(f"{w}: {loc['name']!r} absent from GeoNames needs a note")
                continue
            if gaz is None:
                continue
            row = gaz.row(country, gid)
            if row is None:
                errors.append(f"{w}: geonames_id {gid} ({loc['name']}) not in {country}.txt")
                continue
            lat, lon, adm = row
            if abs(lat - loc["latitude"]) > 1e-4 or abs(lon - loc["longitude"]) > 1e-4:
                errors.append(f"{w}: {loc['name']} coordinates differ from GeoNames {gid}")
            adm_name = gaz.admin1.get((country, adm))
            if adm_name is not None:
                admin1_seen.append((loc["name"], adm_name))
        # A place "between A and B" may straddle two regions: then the first-named region is the
        # incident's admin1 and a note says so; otherwise every place lies in the incident's admin1.
        if inc["admin1"] is not None and admin1_seen:
            off = [(name, adm) for name, adm in admin1_seen if adm != inc["admin1"]]
            if len(off) == len(admin1_seen) or (off and "notes" not in inc):
                for name, adm in off:
                    errors.append(f"{w}: {name} lies in {adm!r}, incident says {inc['admin1']!r}")

        for key in ("perpetrators", "suspected", "claimants", "targets"):
            for name in inc[key]:
                if name not in ACTORS:
                    errors.append(f"{w}: {key} has non-standard actor {name!r}")
        if not set(inc["claimants"]) <= set(inc["perpetrators"]):
            errors.append(f"{w}: every claimant must also be a perpetrator")
        status = inc["claim_status"]
        if status not in CLAIM_STATUSES:
            errors.append(f"{w}: bad claim_status {status!r}")
        if inc["claimants"] and status not in {"claimed", "disputed"}:
            errors.append(f"{w}: claimants given but status is {status!r}")

        fat = inc["fatalities"]
        if set(fat) != FATALITY_KEYS:
            errors.append(f"{w}: fatalities keys {sorted(fat)}")
        else:
            nums = [v for v in (fat["low"], fat["best"], fat["high"]) if v is not None]
            if any(not isinstance(v, int) or v < 0 for v in nums):
                errors.append(f"{w}: fatalities must be non-negative integers or null")
            elif nums != sorted(nums):
                errors.append(f"{w}: fatalities must satisfy low <= best <= high")

        subs = EVENT_TYPES.get(inc["event_type"])
        if subs is None or inc["sub_event_type"] not in subs:
            pair = f"{inc['event_type']!r}/{inc['sub_event_type']!r}"
            errors.append(f"{w}: {pair} is not in the ACLED taxonomy")

        fields = set()
        for ev in inc["evidence"]:
            if set(ev) != EVIDENCE_KEYS:
                errors.append(f"{w}: evidence keys {sorted(ev)}")
                continue
            fields.add(ev["field"])
            if ev["field"] not in EVIDENCE_FIELDS:
                errors.append(f"{w}: unknown evidence field {ev['field']!r}")
            if content[ev["start"] : ev["end"]] != ev["text"]:
                span = f"[{ev['start']}:{ev['end']}]"
                errors.append(f"{w}: evidence {ev['field']} {span} != {ev['text']!r}")
        for needed in ("date", "location"):
            if needed not in fields:
                errors.append(f"{w}: no evidence for {needed}")
    return errors


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gazetteer", type=Path, default=default_gazetteer())
    parser.add_argument("--cases", type=Path, default=HERE)
    parser.add_argument(
        "cases_dir", nargs="?", type=Path, help="folder of <slug>.txt/.json (overrides --cases)"
    )
    args = parser.parse_args(argv)
    if args.cases_dir is not None:
        args.cases = args.cases_dir
    if not args.cases.is_dir():
        parser.error(f"no such folder: {args.cases}")
    gaz = Gazetteer(args.gazetteer) if args.gazetteer.is_dir() else None
    if gaz is None:
        print(f"warning: no gazetteer at {args.gazetteer}, GeoNames skipped", file=sys.stderr)
    cases = sorted(args.cases.glob("*.json"))
    orphans = {p.stem for p in args.cases.glob("*.txt")} - {p.stem for p in cases}
    errors = [f"{o}: .txt without annotation" for o in sorted(orphans)]
    n_incidents = 0
    for path in cases:
        errors += check_case(path, gaz)
        n_incidents += len(json.loads(path.read_text(encoding="utf-8"))["incidents"])
    for e in errors:
        print(e)
    print(f"{len(cases)} cases, {n_incidents} incidents, {len(errors)} problems")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
