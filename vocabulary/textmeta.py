"""Text metadata of a pasted article: publication header, wire dateline, language (pure Python).

Shared by ingestion (``sources``) and the extraction engine; no Django here. The months and the
agencies come from this package's vocabularies.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from .agencies import WIRE_CREDIT_RE, agency_name
from .languages import function_word_language
from .months import SPELLINGS, month_number

_MONTH_RE = "|".join(sorted(SPELLINGS, key=len, reverse=True))

_DATE_HEADER = re.compile(r"\A\s*date\s+(\d{4})-(\d{2})-(\d{2})\b[ \t]*(?:\r?\n)?[ \t]*", re.I)
_AGENCIES = WIRE_CREDIT_RE
# PLACE[, date] (AGENCY) - ; the place is upper or title case, the dash any kind.
_DATELINE = re.compile(
    rf"\A\s*(?P<place>[A-ZÀ-Ý][\w'’.\- ]{{1,40}}?)"
    rf"(?:\s*,\s*(?P<date>(?:\w+\s+)?(?:(?P<d1>\d{{1,2}})(?:er|st|nd|rd|th)?\s+"
    rf"(?P<m1>{_MONTH_RE})|(?P<m2>{_MONTH_RE})\.?\s+(?P<d2>\d{{1,2}}))(?:,?\s+(?P<y>\d{{4}}))?))?"
    rf"\s*\((?P<agency>{_AGENCIES})\)\s*[-–—:]+\s*",
    re.I,
)
_BARE_AGENCY = re.compile(rf"\A\s*\((?P<agency>{_AGENCIES})\)\s*[-–—:]+\s*", re.I)
# The same without an agency when the place is in capitals: "BAMAKO, March 16 -", "NIAMEY —".
_CAPS_DATELINE = re.compile(
    rf"\A\s*(?P<place>[A-ZÀ-Ý][A-ZÀ-Ý'’.\- ]{{2,40}}?)"
    rf"(?:\s*,\s*(?P<date>(?:\w+\s+)?(?:(?P<d1>\d{{1,2}})(?:er|st|nd|rd|th)?\s+"
    rf"(?P<m1>(?i:{_MONTH_RE}))|(?P<m2>(?i:{_MONTH_RE}))\.?\s+(?P<d2>\d{{1,2}}))"
    rf"(?:,?\s+(?P<y>\d{{4}}))?))?"
    rf"\s+[-–—]+\s+"
)


@dataclass(frozen=True, slots=True)
class PublicationHeader:
    """What the start of an article says about itself; ``body_start`` indexes the body."""

    published: datetime.date | None
    body_start: int
    dateline_place: str = ""
    agency: str = ""


def _infer(month: int, day: int, year: int | None, reference: datetime.date | None):
    if year:
        try:
            return datetime.date(year, month, day)
        except ValueError:
            return None
    ref = reference or datetime.date.today()
    for y in (ref.year, ref.year - 1):
        try:
            candidate = datetime.date(y, month, day)
        except ValueError:
            continue
        # A dateline is never much later than the day the article reached us.
        if candidate <= ref + datetime.timedelta(days=2):
            return candidate
    return None


def parse_publication_header(
    text: str, reference: datetime.date | None = None
) -> PublicationHeader:
    """Find a leading ``date YYYY-MM-DD`` line and/or a wire dateline at the start of ``text``."""
    published = None
    pos = 0
    m = _DATE_HEADER.match(text)
    if m:
        try:
            published = datetime.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            pos = m.end()
        except ValueError:
            published = None
    rest = text[pos:]
    d = _DATELINE.match(rest) or _CAPS_DATELINE.match(rest)
    if d:
        place = d.group("place").strip()
        day = d.group("d1") or d.group("d2")
        month = d.group("m1") or d.group("m2")
        if day and month and published is None:
            year = int(d.group("y")) if d.group("y") else None
            published = _infer(month_number(month), int(day), year, reference)
        agency = d.groupdict().get("agency") or ""
        return PublicationHeader(published, pos + d.end(), place, agency)
    b = _BARE_AGENCY.match(rest)
    if b:
        return PublicationHeader(published, pos + b.end(), "", b.group("agency"))
    return PublicationHeader(published, pos)


def read_publication_header(
    text: str, reference: datetime.date | None = None
) -> tuple[datetime.date | None, str]:
    """``(publication date or None, body without the header)``.

    Reads a leading ``date YYYY-MM-DD`` (leading spaces allowed) and wire datelines such as
    ``BAMAKO, July 1 (Reuters) -``, ``NIAMEY (AFP) -`` or ``Ouagadougou, 2 juillet 2025 (AFP) -``.
    A dateline without a year takes the year that puts it on or just before ``reference``
    (default: today).
    """
    header = parse_publication_header(text, reference)
    return header.published, text[header.body_start :]


_CREDIT_IN_PARENS = re.compile(rf"\((?:avec\s+|with\s+)?(?P<agency>{_AGENCIES})\)", re.I)
_CLOSING_CREDIT = re.compile(
    rf"(?:^|\n)[ \t]*(?:©|\(c\)|source\s*:|avec|with|[-–—])?[ \t]*(?P<agency>{_AGENCIES})"
    rf"(?:[ \t]+\d{{4}})?[ \t.]*\Z",
    re.I,
)
# Where an agency credit is looked for: the dateline zone and the last line.
_CREDIT_HEAD = 400


def agency_credit(text: str) -> str:
    """The news agency an article credits, or "": its dateline ("NIAMEY (AFP) -"), a bare
    "(AFP) -" opening, a credit in parentheses near the start, or a closing "© AFP" line."""
    header = parse_publication_header(text)
    if header.agency:
        return agency_name(header.agency)
    head = _CREDIT_IN_PARENS.search(text[:_CREDIT_HEAD])
    if head:
        return agency_name(head.group("agency"))
    tail = _CLOSING_CREDIT.search(text.rstrip()[-200:])
    if tail:
        return agency_name(tail.group("agency"))
    return ""


_LANGDETECT_READY = False


def detect_language(text: str) -> str:
    """ISO 639-1 code of ``text`` ("en", "fr", …); deterministic (fixed seed); "" when unknown.

    English and French are told by their function words; the statistical detector, whose
    profiles take about a second to load, runs (and is imported) only when those do not decide:
    a short text, or another language."""
    global _LANGDETECT_READY
    sample = text[:5000]
    if not re.search(r"[^\W\d_]{2,}", sample):
        return ""
    decided = function_word_language(sample)
    if decided:
        return decided
    from langdetect import DetectorFactory, LangDetectException, detect

    if not _LANGDETECT_READY:
        DetectorFactory.seed = 0
        _LANGDETECT_READY = True
    try:
        return detect(sample)
    except LangDetectException:
        return ""
