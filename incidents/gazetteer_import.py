"""Load GeoNames dumps into `Location` / `LocationName`: fast (bulk, batched) and idempotent.

Lines are parsed by the engine's pure reader (`incidents.extraction.gazetteer`); this module
decides what to keep, names regions from the admin code files and writes the rows.

Reads the real GeoNames files: the 19-column per-country dumps (``ML.txt``, optionally gzipped),
``admin1CodesASCII.txt``, ``admin2Codes.txt`` and ``countryInfo.txt``. Parsing is pure and
streaming; the database side compares every row with what is stored (keyed by GeoNames id) and
only inserts or updates what differs, so a second run writes nothing.

What is kept by default: the country, its admin1 regions and admin2 units (from the admin code
files, so a region exists even when its ADM1 row is missing from the dump), every populated place
(feature class P) and the sites where incidents happen (airports, military bases, installations,
mines, dams, bridges, border and customs posts, prisons). Streams, hills, wells… are left out:
they would only add false matches to the engine's gazetteer.

Alternate names: GeoNames' ``alternatenames`` column carries no language, so they are stored
with language "". Only Latin-script names are kept (the engine reads English and French copy),
IATA/ICAO-like codes ("TOM", "GATB") and lower-case romanisations ("mwpty") are skipped because
they collide with ordinary words.
Alternate names are additive: a re-import never deletes curated names (en/fr) added by analysts.
"""

from __future__ import annotations

import gzip
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from incidents.extraction.gazetteer import GeoNamesFormatError, parse_geonames_lines

__all__ = ["GeoNamesFormatError", "ImportStats", "import_geonames", "read_records", "store_records"]

COUNTRY_CODES = frozenset({"PCLI", "PCLD", "PCLF", "PCLS", "PCL", "PCLIX", "TERR"})
# Sites worth locating an incident at (GeoNames feature class S unless noted).
SITE_CODES = frozenset(
    {
        "AIRB",  # airbase
        "AIRF",  # airfield
        "AIRP",  # airport
        "AIRQ",  # abandoned airfield
        "MILB",  # military base
        "INSM",  # military installation
        "PSTB",  # border post
        "CSTM",  # customs post
        "PP",  # police post
        "PRN",  # prison
        "MN",  # mine
        "MNAU",  # gold mine
        "DAM",
        "BDG",  # bridge
        "FT",  # fort
    }
)
ADMIN_SUFFIX = re.compile(r"\s+Region$")
# Latin script only (Basic Latin … Latin Extended Additional), plus ordinary punctuation.
_LATIN = re.compile(r"^[\u0020-\u024F\u1E00-\u1EFF\u2019]+$")
_CODE = re.compile(r"^[A-Z0-9]{2,4}$")


@dataclass(slots=True)
class PlaceRecord:
    """One future `Location` row, with its alternate names and its parent's GeoNames id."""

    geonames_id: int
    name: str
    ascii_name: str
    kind: str
    country_code: str
    admin1_code: str = ""
    admin1_name: str = ""
    admin2_code: str = ""
    admin2_name: str = ""
    feature_class: str = ""
    feature_code: str = ""
    latitude: float | None = None
    longitude: float | None = None
    population: int = 0
    parent_geonames_id: int | None = None
    alternate_names: list[str] = field(default_factory=list)


def open_text(path: str | Path) -> io.TextIOBase:
    """Open a GeoNames file, gzipped or not, as UTF-8 text."""
    path = Path(path)
    if path.suffix == ".gz":
        return gzip.open(path, "rt", encoding="utf-8", newline="\n")
    return open(path, encoding="utf-8", newline="\n")


def parse_admin_codes(lines: Iterable[str]) -> dict[str, tuple[str, str, int | None]]:
    """``{"ML.03": ("Kayes", "Kayes", 2455517)}`` from admin1CodesASCII / admin2Codes files."""
    codes: dict[str, tuple[str, str, int | None]] = {}
    for raw in lines:
        cols = raw.rstrip("\r\n").split("\t")
        if len(cols) < 2 or not cols[0] or cols[0].startswith("#"):
            continue
        gid = int(cols[3]) if len(cols) > 3 and cols[3].isdigit() else None
        codes[cols[0]] = (cols[1], cols[2] if len(cols) > 2 else cols[1], gid)
    return codes


def parse_country_info(lines: Iterable[str]) -> dict[str, tuple[str, int | None]]:
    """``{"ML": ("Mali", 2453866)}`` from countryInfo.txt."""
    countries: dict[str, tuple[str, int | None]] = {}
    for raw in lines:
        if raw.startswith("#"):
            continue
        cols = raw.rstrip("\r\n").split("\t")
        if len(cols) > 16 and len(cols[0]) == 2:
            countries[cols[0]] = (cols[4], int(cols[16]) if cols[16].isdigit() else None)
    return countries


def kind_for(feature_class: str, feature_code: str) -> str | None:
    """The `Location.Kind` of a GeoNames feature, or None when it is not kept."""
    if feature_code in COUNTRY_CODES:
        return "country"
    if feature_code == "ADM1":
        return "admin1"
    if feature_code == "ADM2":
        return "admin2"
    if feature_class == "P":
        return "place"
    if feature_code in SITE_CODES:
        return "site"
    return None


def admin_display_name(name: str) -> str:
    """ "Tillabéri Region" -> "Tillabéri": the form ACLED and analysts write."""
    return ADMIN_SUFFIX.sub("", name)


def useful_alternates(names: Iterable[str], *exclude: str) -> list[str]:
    """Latin-script alternate names, minus codes and the row's own names, deduplicated."""
    seen = {e.casefold() for e in exclude}
    kept: list[str] = []
    for name in names:
        name = name.strip()
        if not name or len(name) > 200 or _CODE.match(name) or not _LATIN.match(name):
            continue
        if name == name.lower():
            # GeoNames' lower-case romanisations of Arabic/Chinese names ("mwpty"): not names
            # any newsroom writes, and short ones collide with ordinary words.
            continue
        key = name.casefold()
        if key in seen:
            continue
        seen.add(key)
        kept.append(name)
    return kept


def build_records(
    rows: Iterable[dict],
    *,
    admin1: dict[str, tuple[str, str, int | None]],
    admin2: dict[str, tuple[str, str, int | None]],
    country_info: dict[str, tuple[str, int | None]],
    countries: set[str] | None = None,
) -> list[PlaceRecord]:
    """Turn dump rows into `PlaceRecord`s: countries, regions, places and sites with parents.

    Countries, admin1 and admin2 units also come from the code files, so that a place's parent
    exists even when the dump lacks the ADM row (e.g. Mali's newer regions).
    """
    records: dict[int, PlaceRecord] = {}
    country_gid: dict[str, int] = {}
    admin1_gid: dict[str, int] = {}
    admin2_gid: dict[str, int] = {}
    places: list[dict] = []
    seen_countries: set[str] = set()

    def want(cc: str) -> bool:
        return countries is None or cc in countries

    for row in rows:
        cc = row["country_code"]
        if not want(cc):
            continue
        kind = kind_for(row["feature_class"], row["feature_code"])
        if kind is None:
            continue
        seen_countries.add(cc)
        if kind == "country":
            info_name = country_info.get(cc, (row["name"], None))[0]
            records[row["geonames_id"]] = PlaceRecord(
                geonames_id=row["geonames_id"],
                name=info_name,
                ascii_name=info_name if info_name != row["name"] else row["ascii_name"],
                kind=kind,
                country_code=cc,
                feature_class=row["feature_class"],
                feature_code=row["feature_code"],
                latitude=row["latitude"],
                longitude=row["longitude"],
                population=row["population"],
                alternate_names=useful_alternates(
                    [row["name"], *row["alternate_names"]], info_name, row["ascii_name"]
                ),
            )
            country_gid[cc] = row["geonames_id"]
        else:
            places.append(row)

    wanted = seen_countries if countries is None else countries
    # Countries named in countryInfo but without a PCLI row in the dump.
    for cc in sorted(wanted):
        if cc not in country_gid and cc in country_info and country_info[cc][1]:
            name, gid = country_info[cc]
            records[gid] = PlaceRecord(
                geonames_id=gid, name=name, ascii_name=name, kind="country", country_code=cc
            )
            country_gid[cc] = gid

    # Admin units from the code files first; dump rows then add coordinates and alternates.
    for code, (name, ascii_name, gid) in admin1.items():
        cc = code.split(".", 1)[0]
        if cc in wanted and gid:
            display = admin_display_name(name)
            records[gid] = PlaceRecord(
                geonames_id=gid,
                name=display,
                ascii_name=admin_display_name(ascii_name),
                kind="admin1",
                country_code=cc,
                admin1_code=code,
                admin1_name=display,
                feature_class="A",
                feature_code="ADM1",
                parent_geonames_id=country_gid.get(cc),
                alternate_names=useful_alternates([name], display),
            )
            admin1_gid[code] = gid
    for code, (name, ascii_name, gid) in admin2.items():
        cc, a1, _ = code.split(".", 2)
        a1_code = f"{cc}.{a1}"
        if cc in wanted and gid:
            records[gid] = PlaceRecord(
                geonames_id=gid,
                name=name,
                ascii_name=ascii_name,
                kind="admin2",
                country_code=cc,
                admin1_code=a1_code,
                admin1_name=_admin1_name(admin1, a1_code),
                admin2_code=code,
                admin2_name=name,
                feature_class="A",
                feature_code="ADM2",
                parent_geonames_id=admin1_gid.get(a1_code, country_gid.get(cc)),
            )
            admin2_gid[code] = gid

    for row in places:
        cc = row["country_code"]
        a1_code = (
            f"{cc}.{row['admin1_code']}"
            if row["admin1_code"] and row["admin1_code"] != "00"
            else ""
        )
        a2_code = f"{a1_code}.{row['admin2_code']}" if a1_code and row["admin2_code"] else ""
        a1_name = _admin1_name(admin1, a1_code)
        a2_name = admin2[a2_code][0] if a2_code in admin2 else ""
        kind = kind_for(row["feature_class"], row["feature_code"])
        existing = records.get(row["geonames_id"])
        if existing is not None and existing.kind in ("admin1", "admin2"):
            # The ADM row of a unit already named by the code file: keep that name.
            existing.latitude, existing.longitude = row["latitude"], row["longitude"]
            existing.population = row["population"]
            existing.ascii_name = existing.ascii_name or row["ascii_name"]
            existing.alternate_names = useful_alternates(
                [*existing.alternate_names, row["name"], *row["alternate_names"]],
                existing.name,
                existing.ascii_name,
            )
            continue
        if kind == "admin1":
            parent = country_gid.get(cc)
        elif kind == "admin2":
            parent = admin1_gid.get(a1_code) or country_gid.get(cc)
            a2_name = a2_name or row["name"]
        else:
            parent = admin2_gid.get(a2_code) or admin1_gid.get(a1_code) or country_gid.get(cc)
        name = admin_display_name(row["name"]) if kind == "admin1" else row["name"]
        records[row["geonames_id"]] = PlaceRecord(
            geonames_id=row["geonames_id"],
            name=name,
            ascii_name=row["ascii_name"],
            kind=kind or "place",
            country_code=cc,
            admin1_code=a1_code,
            admin1_name=name if kind == "admin1" else a1_name,
            admin2_code=a2_code,
            admin2_name=a2_name,
            feature_class=row["feature_class"],
            feature_code=row["feature_code"],
            latitude=row["latitude"],
            longitude=row["longitude"],
            population=row["population"],
            parent_geonames_id=parent if parent != row["geonames_id"] else None,
            alternate_names=useful_alternates(row["alternate_names"], name, row["ascii_name"]),
        )
    return list(records.values())


def _admin1_name(admin1: dict[str, tuple[str, str, int | None]], code: str) -> str:
    return admin_display_name(admin1[code][0]) if code in admin1 else ""


def read_records(
    paths: Iterable[str | Path],
    *,
    admin1_path: str | Path | None = None,
    admin2_path: str | Path | None = None,
    country_info_path: str | Path | None = None,
    countries: Iterable[str] | None = None,
) -> list[PlaceRecord]:
    """Read the files and return every record to store (pure: no database)."""
    admin1: dict[str, tuple[str, str, int | None]] = {}
    admin2: dict[str, tuple[str, str, int | None]] = {}
    country_info: dict[str, tuple[str, int | None]] = {}
    if admin1_path:
        with open_text(admin1_path) as fh:
            admin1 = parse_admin_codes(fh)
    if admin2_path:
        with open_text(admin2_path) as fh:
            admin2 = parse_admin_codes(fh)
    if country_info_path:
        with open_text(country_info_path) as fh:
            country_info = parse_country_info(fh)

    def rows() -> Iterator[dict]:
        for path in paths:
            with open_text(path) as fh:
                yield from parse_geonames_lines(fh, source=str(path))

    wanted = {c.strip().upper() for c in countries if c.strip()} if countries else None
    return build_records(
        rows(), admin1=admin1, admin2=admin2, country_info=country_info, countries=wanted
    )


# --- database side --------------------------------------------------------------------------

STORED_FIELDS = (
    "name",
    "ascii_name",
    "kind",
    "country_code",
    "parent_id",
    "admin1_code",
    "admin1_name",
    "admin2_code",
    "admin2_name",
    "feature_class",
    "feature_code",
    "latitude",
    "longitude",
    "population",
)
_LEVELS = (("country",), ("admin1",), ("admin2",), ("place", "site"))


@dataclass
class ImportStats:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    names_created: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.names_created)

    def __str__(self) -> str:
        return (
            f"{self.created} places created, {self.updated} updated, {self.unchanged} unchanged, "
            f"{self.names_created} alternate names added"
        )


def _values(record: PlaceRecord, parent_id: int | None) -> tuple:
    return (
        record.name[:200],
        record.ascii_name[:200],
        record.kind,
        record.country_code,
        parent_id,
        record.admin1_code[:20],
        record.admin1_name[:200],
        record.admin2_code[:80],
        record.admin2_name[:200],
        record.feature_class,
        record.feature_code,
        record.latitude,
        record.longitude,
        record.population,
    )


def store_records(records: list[PlaceRecord], *, batch_size: int = 2000) -> ImportStats:
    """Insert or update `Location` rows keyed by GeoNames id, then add missing alternate names.

    Parents are stored level by level (country, admin1, admin2, places) so each child can point
    at its parent's primary key without a second pass. Rows that already hold the same values are
    not written at all.
    """
    from django.db import transaction

    from incidents.models import Location, LocationName

    stats = ImportStats()
    if not records:
        return stats
    gids = {r.geonames_id for r in records}
    country_codes = {r.country_code for r in records}
    existing: dict[int, tuple] = {}
    gid_to_pk: dict[int, int] = {}
    for row in Location.objects.filter(geonames_id__isnull=False).values_list(
        "geonames_id", "pk", *STORED_FIELDS
    ):
        gid_to_pk[row[0]] = row[1]
        if row[0] in gids:
            existing[row[0]] = row[1:]

    with transaction.atomic():
        for kinds in _LEVELS:
            to_create: list[Location] = []
            to_update: list[Location] = []
            for record in records:
                if record.kind not in kinds:
                    continue
                parent_id = gid_to_pk.get(record.parent_geonames_id or 0)
                values = _values(record, parent_id)
                stored = existing.get(record.geonames_id)
                if stored is None:
                    to_create.append(
                        Location(
                            geonames_id=record.geonames_id,
                            **dict(zip(STORED_FIELDS, values, strict=True)),
                        )
                    )
                elif stored[1:] != values:
                    to_update.append(
                        Location(pk=stored[0], **dict(zip(STORED_FIELDS, values, strict=True)))
                    )
                else:
                    stats.unchanged += 1
            created = Location.objects.bulk_create(to_create, batch_size=batch_size)
            if created and created[0].pk is None:  # backends that cannot return ids
                created = Location.objects.filter(
                    geonames_id__in=[loc.geonames_id for loc in to_create]
                )
            for loc in created:
                gid_to_pk[loc.geonames_id] = loc.pk
            Location.objects.bulk_update(to_update, STORED_FIELDS, batch_size=500)
            stats.created += len(to_create)
            stats.updated += len(to_update)

        known_names = set(
            LocationName.objects.filter(location__country_code__in=country_codes).values_list(
                "location_id", "name", "language"
            )
        )
        new_names = []
        for record in records:
            pk = gid_to_pk[record.geonames_id]
            for alt in record.alternate_names:
                key = (pk, alt[:200], "")
                if key not in known_names:
                    known_names.add(key)
                    new_names.append(LocationName(location_id=pk, name=alt[:200], language=""))
        LocationName.objects.bulk_create(new_names, batch_size=batch_size, ignore_conflicts=True)
        stats.names_created = len(new_names)
        if stats.changed:
            # Bulk writes send no signals: tell the engine's index to rebuild, once committed.
            from incidents.engine_index import bump_version

            transaction.on_commit(bump_version)
    return stats


def import_geonames(
    paths: Iterable[str | Path],
    *,
    admin1_path: str | Path | None = None,
    admin2_path: str | Path | None = None,
    country_info_path: str | Path | None = None,
    countries: Iterable[str] | None = None,
) -> ImportStats:
    """Read GeoNames files and store them (the `import_geonames` command and `load_demo`)."""
    records = read_records(
        paths,
        admin1_path=admin1_path,
        admin2_path=admin2_path,
        country_info_path=country_info_path,
        countries=countries,
    )
    return store_records(records)
