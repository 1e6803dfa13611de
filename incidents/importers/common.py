"""Plain data and helpers shared by the ACLED and UCDP readers. Pure Python, no Django.

A reader turns a CSV file into `Event`s (one per external id) plus per-line errors; the store
(`incidents.importers.store`) writes events to the database set-wise. Keeping the two apart lets
the readers be tested without a database and lets a dry run read everything without writing.
"""

from __future__ import annotations

import codecs
import csv
import datetime
import io
import math
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from incidents.extraction.taxonomy import ACTOR_TYPES
from vocabulary.countries import CODE_BY_ENGLISH_NAME, COUNTRIES
from vocabulary.months import MONTHS

# First characters a spreadsheet runs as a formula: the export guards them (`exports.layouts.
# neutralise`, and its SQL twin in `exports.stream`), the import undoes that guard
# (`unneutralise`). `starts_formula` is the one rule both sides use.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# The same signs typed on a CJK keyboard: spreadsheets read them as the ASCII ones.
FULLWIDTH_TRIGGERS = ("\uff1d", "\uff0b", "\uff0d", "\uff20")  # ＝ ＋ － ＠
# What a spreadsheet skips before it looks at the first sign: every Unicode space but the two
# triggers (str.isspace: blanks, NBSP, line breaks) and the invisible zero-width space and BOM.
LEADING_BLANKS = (
    "\n\x0b\x0c\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
    "\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\u200b\ufeff"
)
# Every trigger, as the one bracket expression Python's and PostgreSQL's regexes both read.
FORMULA_SIGNS = "\t\r=+@" + "".join(FULLWIDTH_TRIGGERS) + "-"
# A cell a spreadsheet would run: its first character that is not a blank is a trigger. The
# guard's own quote marks are looked through, so that a cell that starts with "'" and a formula
# keeps its quote through a round trip ("'=x" exports as "''=x", imports back as "'=x"). Plain
# numbers ("-11.4445", "+12"; ASCII digits only) are values, not formulas.
FORMULA_START = f"^'*[{LEADING_BLANKS}]*[{FORMULA_SIGNS}]"
_FORMULA_START = re.compile(FORMULA_START)
PLAIN_NUMBER_SQL = r"^[+-]?[0-9]+(\.[0-9]+)?$"
PLAIN_NUMBER = re.compile(r"[+-]?[0-9]+(\.[0-9]+)?\Z")


def starts_formula(value: str) -> bool:
    """Would a spreadsheet run `value` as a formula (the export then prefixes "'")?"""
    return _FORMULA_START.match(value) is not None and PLAIN_NUMBER.match(value) is None


# --- one incident over several ACLED rows ----------------------------------------------------
# ACLED gives an event one row per location. An incident with several locations is exported as
# that many rows, and the rows' fatalities must add up to the incident's toll, not repeat it:
# each row gets the integer share (total // rows), the primary location's row also the remainder
# (10 over 3: 4, 3, 3). The notes of every row say so (`split_note`), and the importer sums rows
# `ID`, `ID-1`, `ID-2`… that carry that note back into one incident (`acled.read_acled`).
SPLIT_NOTE = re.compile(
    r"(?:\A| )Split over (?P<rows>[0-9]+) locations; incident total "
    r"(?:(?P<total>[0-9]+) fatalit(?:y|ies)|unknown)\.\Z"
)


def split_fatalities(total: int | None, rows: int) -> list[int | None]:
    """The toll of each of `rows` rows, primary first: unknown stays unknown on every row."""
    if rows <= 1 or total is None:
        return [total] * max(rows, 1)
    share, remainder = divmod(total, rows)
    return [share + remainder] + [share] * (rows - 1)


def split_note(total: int | None, rows: int) -> str:
    """ "Split over 3 locations; incident total 10 fatalities." (the importer reads it back)."""
    if total is None:
        return f"Split over {rows} locations; incident total unknown."
    return f"Split over {rows} locations; incident total {total} fatalit{'y' if total == 1 else 'ies'}."


def with_split_note(summary: str, total: int | None, rows: int) -> str:
    """ACLED's notes for a row of an incident split over `rows` locations."""
    if rows <= 1:
        return summary
    note = split_note(total, rows)
    return f"{summary} {note}" if summary else note


# The longest cell a row may hold: the csv module's own default limit. Longer cells (a runaway
# quote, a pasted document) reject their row; the parser itself is given room enough to read
# past them, so the rows after still load.
MAX_CELL_CHARS = 131_072
# A death toll above this is a typo or an attack on the database ("1e309"), not a count.
MAX_FATALITIES = 1_000_000


class ImportFileError(Exception):
    """The whole file is unusable (unreadable, wrong header): the job fails and nothing is written."""


class RowError(Exception):
    """One row is malformed: it is reported with its line number and the rest still loads."""


@dataclass
class ActorSpec:
    name: str
    actor_type: int
    role: str  # an IncidentActor.Role value
    note: str = ""


@dataclass
class PlaceSpec:
    name: str
    country_code: str  # "" for a body of water or an unknown country
    admin1: str = ""
    admin2: str = ""
    latitude: float | None = None
    longitude: float | None = None
    geo_precision: int = 1


@dataclass
class Event:
    """One external event, normalised to the fields of an Incident."""

    external_id: str
    date_start: datetime.date
    date_end: datetime.date | None
    date_precision: str
    disorder_type: str
    event_type: str
    sub_event_type: str
    summary: str
    civilian_targeting: bool
    place: PlaceSpec
    actors: list[ActorSpec]
    fatalities_low: int | None
    fatalities_best: int | None
    fatalities_high: int | None
    data: dict[str, str]  # the external row's columns, kept for round trips
    line: int = 0
    # The other locations of an incident our own export split over several rows (`SPLIT_NOTE`).
    extra_places: list[PlaceSpec] = field(default_factory=list)


@dataclass
class ReadResult:
    events: dict[str, Event] = field(default_factory=dict)
    errors: list[tuple[int, str]] = field(default_factory=list)
    # Rows that loaded but deserve a look (an event id repeated with another date or toll).
    warnings: list[tuple[int, str]] = field(default_factory=list)
    rows: int = 0
    merged: int = 0  # rows folded into an event already read (monadic exports)
    max_rows: int | None = None  # more data rows than this: the whole file is refused


def unneutralise(value: str) -> str:
    """Undo our own export's formula guard ("'=x" → "=x") so that a round trip is lossless."""
    if value[:1] == "'" and starts_formula(value[1:]):
        return value[1:]
    return value


_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode_text(raw: bytes) -> str:
    """The text of an upload: UTF-16 or UTF-8 as its byte-order mark says (UTF-8 without one).

    NUL characters are dropped: no CSV cell means one, and PostgreSQL refuses them in text.
    """
    encoding = next((name for bom, name in _BOMS if raw.startswith(bom)), "utf-8")
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError as exc:
        raise ImportFileError(
            f"The file is not {encoding.upper().removesuffix('-SIG')} text (byte {exc.start}); "
            "save it as CSV UTF-8."
        ) from None
    return text.replace("\x00", "")


def lines_from_bytes(raw: bytes) -> Iterator[str]:
    """Lines of an upload (see `decode_text`); a wrong encoding is a file error."""
    return iter(io.StringIO(decode_text(raw), newline=""))


def lines_from_path(path: str, max_bytes: int) -> Iterator[str]:
    """Lines of a file on the server, read whole (at most `max_bytes`) like an upload."""
    try:
        with open(path, "rb") as handle:
            raw = handle.read(max_bytes + 1)
    except OSError as exc:
        raise ImportFileError(f"Cannot open {path}: {exc.strerror}.") from None
    if len(raw) > max_bytes:
        raise ImportFileError(
            f"{path} is larger than the {max_bytes // (1024 * 1024)} MB limit of one import "
            "(IMPORT_MAX_EVENT_FILE_BYTES); split it."
        )
    return lines_from_bytes(raw)


def sniff_delimiter(header_line: str) -> str:
    counts = {d: header_line.count(d) for d in (",", ";", "\t")}
    return max(counts, key=counts.get)


def read_table(
    lines: Iterable[str], required: Iterable[str], *, what: str
) -> tuple[list[str], Iterator[tuple[int, list[str]]]]:
    """Check the header and return it with (line number, cells) for every data row."""
    lines = iter(lines)
    try:
        first = next(lines)
    except StopIteration:
        raise ImportFileError(f"The file is empty: expected a {what} CSV with a header.") from None
    except UnicodeDecodeError as exc:
        raise ImportFileError(f"The file is not UTF-8 text: {exc.reason}.") from None
    first = first.lstrip("\ufeff")
    delimiter = sniff_delimiter(first)
    header = [h.strip().lower() for h in next(csv.reader([first], delimiter=delimiter))]
    missing = [c for c in required if c not in header]
    if missing:
        raise ImportFileError(
            f"Not a file in the {what} layout: the header lacks {', '.join(missing)} "
            f"(found: {', '.join(header[:12])}{'…' if len(header) > 12 else ''})."
        )
    # Room for any cell a file within the size caps can hold: an over-long cell is then one
    # rejected row (read_events) instead of a parser error that ends the file.
    if csv.field_size_limit() < 1 << 30:
        csv.field_size_limit(1 << 30)
    reader = csv.reader(lines, delimiter=delimiter)

    def rows() -> Iterator[tuple[int, list[str]]]:
        try:
            for cells in reader:
                # line_num counts physical lines, so a quoted newline keeps numbers honest.
                yield reader.line_num + 1, cells
        except UnicodeDecodeError as exc:
            raise ImportFileError(f"The file is not UTF-8 text: {exc.reason}.") from None
        except csv.Error as exc:
            raise ImportFileError(f"Line {reader.line_num + 1}: unreadable CSV ({exc}).") from None

    return header, rows()


def read_events(
    lines: Iterable[str],
    required: Iterable[str],
    *,
    what: str,
    event_from_row: Callable[[dict[str, str], int], Event],
    result: ReadResult,
) -> Iterator[Event]:
    """The event of every well-formed data row, in file order.

    Counts each non-blank row in `result.rows` and records (line, reason) in `result.errors` for a
    row of the wrong width or one that `event_from_row` rejects with RowError. Raises
    ImportFileError (from `read_table`) for an unreadable file or a header lacking `required`.
    """
    header, rows = read_table(lines, required, what=what)
    width = len(header)
    errors = result.errors
    for line, cells in rows:
        if len(cells) != width:
            if not cells or (len(cells) == 1 and not cells[0].strip()):
                continue
            _count_row(result, what)
            errors.append((line, f"{len(cells)} columns where the header has {width}"))
            continue
        _count_row(result, what)
        longest = max(map(len, cells), default=0)
        if longest > MAX_CELL_CHARS:
            column = header[[len(c) for c in cells].index(longest)]
            errors.append(
                (line, f"{column} is {longest:,} characters long (at most {MAX_CELL_CHARS:,})")
            )
            continue
        row = dict(zip(header, cells, strict=True))
        # Rare cells only: padding, or our own export's formula guard to undo. One C-level scan
        # of the joined row finds them, instead of a Python test per cell.
        joined = "\x00" + "\x00".join(cells) + "\x00"
        if "\x00'" in joined or "\x00 " in joined or " \x00" in joined:
            for name, value in row.items():
                if value[:1] in ("'", " ") or value[-1:] == " ":
                    row[name] = unneutralise(value.strip())
        try:
            event = event_from_row(row, line)
            check_lengths(event)
        except RowError as exc:
            result.errors.append((line, str(exc)))
            continue
        yield event


# The longest value each text column of an incident, its place and its actors holds (the
# models' max_length; tests/test_import_events_bad_input.py holds the two equal). A longer
# value is a rejected row: stored, it would be a database error failing the whole file.
MAX_LENGTHS = {
    "event id": 100,
    "disorder type": 40,
    "sub-event type": 60,
    "place name": 200,
    "admin1": 200,
    "admin2": 200,
    "actor name": 200,
}


_ID, _DISORDER, _SUB_EVENT = (
    MAX_LENGTHS[k] for k in ("event id", "disorder type", "sub-event type")
)
# The fast path's one bound for names: the smallest of theirs, so it never lets a long one by.
_NAME = min(MAX_LENGTHS[k] for k in ("place name", "admin1", "admin2", "actor name"))


def check_lengths(event: Event) -> None:
    """RowError naming the first value of `event` too long for its column."""
    place = event.place
    if (
        len(event.external_id) <= _ID
        and len(event.disorder_type) <= _DISORDER
        and len(event.sub_event_type) <= _SUB_EVENT
        and len(place.name) <= _NAME
        and len(place.admin1) <= _NAME
        and len(place.admin2) <= _NAME
        and not event.extra_places
        and all(len(actor.name) <= _NAME for actor in event.actors)
    ):
        return  # every row of a sound file: a few comparisons, not the list below
    places = [event.place, *event.extra_places]
    values = [
        ("event id", event.external_id),
        ("disorder type", event.disorder_type),
        ("sub-event type", event.sub_event_type),
        *(("place name", place.name) for place in places),
        *(("admin1", place.admin1) for place in places),
        *(("admin2", place.admin2) for place in places),
        *(("actor name", actor.name) for actor in event.actors),
    ]
    for what, value in values:
        limit = MAX_LENGTHS[what]
        if len(value) > limit:
            raise RowError(f"{what} {value[:30]!r}… is longer than {limit} characters")


_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})[ \-/]([A-Za-z]+)[ \-/](\d{2}|\d{4})$")


@lru_cache(maxsize=8192)
def parse_date(value: str) -> datetime.date:
    """ACLED's dates: `2022-06-30`, `31 December 2020`, or a spreadsheet's `16-Feb-21`."""
    value = value.strip()
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        pass
    match = _DAY_MONTH_YEAR.match(value)
    if match:
        day, month_name, year = match.groups()
        month = MONTHS.get(month_name[:3].lower())
        if month and (
            len(month_name) == 3 or month_name.lower().startswith(month_name[:3].lower())
        ):
            # Two-digit years from spreadsheets: ACLED's coverage starts in 1997.
            full_year = int(year) if len(year) == 4 else 2000 + int(year)
            if len(year) == 2 and full_year > datetime.date.today().year + 1:
                full_year -= 100
            try:
                return datetime.date(full_year, month, int(day))
            except ValueError:
                pass
    for fmt in ("%d/%m/%Y", "%m/%d/%Y"):
        try:
            return datetime.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise RowError(f"unreadable date {value!r}")


ACTOR_TYPE_CODES = {name.lower(): code for code, name in ACTOR_TYPES.items()}
ACTOR_TYPE_CODES.update({"external/other forces": 8, "other forces": 8, "sole": 0})

_COUNTRY_BY_NUMBER = {v[1]: k for k, v in COUNTRIES.items() if v[1]}
_COUNTRY_BY_ALPHA3 = {v[0]: k for k, v in COUNTRIES.items()}


@lru_cache(maxsize=4096)  # a file names a few dozen countries
def country_code(name: str, iso_numeric: str = "", iso3: str = "") -> str:
    """Alpha-2 code for ACLED's country; "" for a body of water ("Mediterranean Sea")."""
    code = CODE_BY_ENGLISH_NAME.get(name.strip().lower())
    if code:
        return code
    if iso3 and iso3.upper() in _COUNTRY_BY_ALPHA3:
        return _COUNTRY_BY_ALPHA3[iso3.upper()]
    if iso_numeric.strip().isdigit() and int(iso_numeric) in _COUNTRY_BY_NUMBER:
        return _COUNTRY_BY_NUMBER[int(iso_numeric)]
    return ""


def iso_numeric(code: str) -> str:
    return str(COUNTRIES[code][1]) if code in COUNTRIES and COUNTRIES[code][1] else ""


def _count_row(result: ReadResult, what: str) -> None:
    result.rows += 1
    if result.max_rows is not None and result.rows > result.max_rows:
        raise ImportFileError(
            f"The file has more than {result.max_rows:,} rows, the limit of one {what} import "
            "(IMPORT_MAX_EVENT_ROWS); split it."
        )


def parse_int(value: str, what: str, low: int = 0, high: int = MAX_FATALITIES) -> int:
    """A whole number between `low` and `high`; "12.0" and "1e3" are read, "1e309" is not."""
    value = value.strip()
    try:
        number = int(value)
    except ValueError:
        try:
            real = float(value)
        except ValueError:
            raise RowError(f"{what} is not a number: {value!r}") from None
        if not math.isfinite(real):
            raise RowError(f"{what} is not a finite number: {value!r}") from None
        if real != int(real):
            raise RowError(f"{what} is not a whole number: {value!r}") from None
        number = int(real)
    if number < low:
        raise RowError(f"{what} is {'negative' if number < 0 else 'too small'}: {value!r}")
    if number > high:
        raise RowError(f"{what} {value!r} is above {high:,}")
    return number


def parse_float(value: str, what: str, low: float, high: float) -> float:
    try:
        number = float(value.strip().replace(",", "."))
    except ValueError:
        raise RowError(f"{what} is not a number: {value!r}") from None
    if not low <= number <= high:
        raise RowError(f"{what} {number} is out of range")
    return number
