"""Streaming reader for GeoNames dump files (pure; reused by the ``import_geonames`` command).

The per-country dumps (``ML.txt``…) have 19 tab-separated columns and no header; the admin code
files (``admin1CodesASCII.txt``, ``admin2Codes.txt``) have ``CODE<TAB>name<TAB>asciiname<TAB>id``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from .types import PlaceEntry

GEONAMES_COLUMNS = 19

# Feature codes -> engine kinds. Everything of class P is a "place"; other classes map by code.
_COUNTRY_CODES = {"PCLI", "PCLD", "PCLF", "PCLS", "PCL", "PCLIX", "TERR"}
_ADMIN2_CODES = {"ADM2", "ADM3", "ADM4", "ADM5", "ADMD", "ADM2H", "ADM3H"}


class GeoNamesFormatError(ValueError):
    """A line that is not a GeoNames ``geoname`` row; the message names the line."""


def _int(value: str) -> int:
    return int(value) if value else 0


def _float(value: str) -> float | None:
    return float(value) if value else None


def parse_geonames_lines(lines: Iterable[str], *, source: str = "") -> Iterator[dict]:
    """Yield one dict per GeoNames row; blank and ``#`` lines are skipped.

    Keys: geonames_id, name, ascii_name, alternate_names (list[str]), latitude, longitude,
    feature_class, feature_code, country_code, cc2, admin1_code, admin2_code, admin3_code,
    admin4_code, population, elevation, timezone, modified.
    """
    for lineno, raw in enumerate(lines, 1):
        line = raw.rstrip("\n").rstrip("\r")
        if not line or line.startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) != GEONAMES_COLUMNS:
            raise GeoNamesFormatError(
                f"{source or 'input'} line {lineno}: expected {GEONAMES_COLUMNS} tab-separated "
                f"columns, found {len(cols)}"
            )
        try:
            yield {
                "geonames_id": int(cols[0]),
                "name": cols[1],
                "ascii_name": cols[2],
                "alternate_names": [n for n in cols[3].split(",") if n] if cols[3] else [],
                "latitude": float(cols[4]),
                "longitude": float(cols[5]),
                "feature_class": cols[6],
                "feature_code": cols[7],
                "country_code": cols[8],
                "cc2": cols[9],
                "admin1_code": cols[10],
                "admin2_code": cols[11],
                "admin3_code": cols[12],
                "admin4_code": cols[13],
                "population": _int(cols[14]),
                "elevation": _int(cols[15]) if cols[15].lstrip("-").isdigit() else None,
                "timezone": cols[17],
                "modified": cols[18],
            }
        except ValueError as exc:
            raise GeoNamesFormatError(f"{source or 'input'} line {lineno}: {exc}") from exc


def parse_admin_codes(lines: Iterable[str]) -> dict[str, str]:
    """``{"ML.03": "Kayes", "ML.03.1234": "Nioro", ...}`` from an admin code file."""
    names: dict[str, str] = {}
    for raw in lines:
        cols = raw.rstrip("\n").split("\t")
        if len(cols) >= 2 and cols[0] and not cols[0].startswith("#"):
            names[cols[0]] = cols[1]
    return names


def kind_for(feature_class: str, feature_code: str) -> str:
    """Engine kind (country|admin1|admin2|place|site) of a GeoNames feature."""
    if feature_code in _COUNTRY_CODES:
        return "country"
    if feature_code in ("ADM1", "ADM1H"):
        return "admin1"
    if feature_code in _ADMIN2_CODES:
        return "admin2"
    if feature_class == "P":
        return "place"
    return "site"


def place_from_row(
    row: dict, admin1_names: dict[str, str], admin2_names: dict[str, str] | None = None
) -> PlaceEntry:
    """Turn one parsed row into a ``PlaceEntry`` (its id is its GeoNames id)."""
    cc = row["country_code"]
    a1 = row["admin1_code"]
    a2 = row["admin2_code"]
    admin2_name = ""
    if admin2_names and a1 and a2:
        admin2_name = admin2_names.get(f"{cc}.{a1}.{a2}", "")
    return PlaceEntry(
        id=row["geonames_id"],
        name=row["name"],
        ascii_name=row["ascii_name"],
        alternate_names=[(alt, "") for alt in row["alternate_names"]],
        kind=kind_for(row["feature_class"], row["feature_code"]),
        country_code=cc,
        admin1_code=f"{cc}.{a1}" if a1 and a1 != "00" else "",
        admin1_name=admin1_names.get(f"{cc}.{a1}", "") if a1 else "",
        admin2_name=admin2_name,
        latitude=row["latitude"],
        longitude=row["longitude"],
        population=row["population"],
        feature_code=f"{row['feature_class']}.{row['feature_code']}",
        geonames_id=row["geonames_id"],
    )


def places_from_geonames(
    paths: Iterable[str | Path],
    admin1_path: str | Path | None = None,
    *,
    admin2_path: str | Path | None = None,
    countries: Iterable[str] | None = None,
    feature_classes: Iterable[str] | None = None,
) -> Iterator[PlaceEntry]:
    """Stream ``PlaceEntry`` rows from GeoNames country dumps, naming admin1/admin2 regions.

    ``countries`` keeps only those ISO codes; ``feature_classes`` (e.g. ``"PAS"``) only those
    GeoNames classes. Files are read line by line, so memory stays flat whatever their size.
    """
    admin1_names: dict[str, str] = {}
    if admin1_path:
        with open(admin1_path, encoding="utf-8") as fh:
            admin1_names = parse_admin_codes(fh)
    admin2_names: dict[str, str] = {}
    if admin2_path:
        with open(admin2_path, encoding="utf-8") as fh:
            admin2_names = parse_admin_codes(fh)
    wanted_countries = {c.upper() for c in countries} if countries else None
    wanted_classes = set(feature_classes) if feature_classes else None
    for path in paths:
        with open(path, encoding="utf-8") as fh:
            for row in parse_geonames_lines(fh, source=str(path)):
                if wanted_countries and row["country_code"] not in wanted_countries:
                    continue
                if wanted_classes and row["feature_class"] not in wanted_classes:
                    continue
                yield place_from_row(row, admin1_names, admin2_names)
