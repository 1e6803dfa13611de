"""Date expressions in English and French, resolved against the publication date.

Absolute expressions ("June 2", "2 juin 2025", "1er juillet") go through dateparser; the rules it
lacks are here: weekdays ("early Tuesday" in a Tuesday story is that day, "dimanche dernier"),
"last week" (week precision), "yesterday"/"hier", and anaphoric offsets against a date already
found ("a day after", "la veille", "le lendemain").
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from functools import lru_cache

from vocabulary import months

from .lexicon import common as lexicon
from .taxonomy import PRECISION_DAY, PRECISION_MONTH, PRECISION_WEEK, PRECISION_YEAR

MONTHS = months.MONTHS  # folded English and French month names and abbreviations
WEEKDAYS = lexicon.WEEKDAYS  # English and French weekday names -> 0 (Monday) to 6
NUMBER_WORDS = lexicon.SMALL_NUMBERS  # "two days earlier", "a day after"

_MONTH_RE = "|".join(sorted(MONTHS, key=len, reverse=True))
_WEEKDAY_RE = "|".join(WEEKDAYS)
_NUM_RE = r"\d+|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))

# All patterns run on folded text (lower case, no accents, plain apostrophes).
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")),
    ("numeric", re.compile(r"\b(\d{1,2})[/.](\d{1,2})[/.](\d{4})\b")),
    (
        # "dans la nuit du 18 au 19 juin", "on the night of June 18 to 19": a two-day range.
        "night_dates",
        re.compile(
            rf"\b(?:(?:dans|during|on)\s+)?(?:la|the)\s+(?:nuit|night)\s+(?:du|of|from)\s+"
            rf"(?:(?P<d1>\d{{1,2}})(?:er|st|nd|rd|th)?\s+(?:au|to|-)\s+(?P<d2>\d{{1,2}})"
            rf"(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<month>{_MONTH_RE})|(?P<month2>{_MONTH_RE})\s+"
            rf"(?P<d3>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:to|-)\s+(?P<d4>\d{{1,2}}))\b"
            rf"(?:,?\s+(?P<year>\d{{4}}))?"
        ),
    ),
    (
        "month_day",
        re.compile(
            rf"\b(?P<month>{_MONTH_RE})\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b"
            rf"(?:,?\s+(?P<year>\d{{4}}))?"
        ),
    ),
    (
        "day_month",
        re.compile(
            rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th|er)?\s+(?:of\s+)?(?P<month>{_MONTH_RE})\b\.?"
            rf"(?:,?\s+(?P<year>\d{{4}}))?"
        ),
    ),
    (
        "month_year",
        re.compile(
            rf"\b(?:(?:in|en|since|depuis|early|late|mid|debut|fin|mi)[\s-]+)?"
            rf"(?P<month>{_MONTH_RE})\s+(?P<year>\d{{4}})\b"
        ),
    ),
    (
        "month_only",
        re.compile(
            rf"\b(?P<prep>in|en|early|late|mid|debut|fin|mi|since|depuis|last|this|au mois de)"
            rf"[\s-]+(?P<month>{_MONTH_RE})\b(?!\s+\d)"
        ),
    ),
    (
        "night_of",
        re.compile(
            rf"\b(?:dans\s+)?la\s+nuit\s+(?:du|de)\s+(?P<wd>{_WEEKDAY_RE})"
            rf"(?:\s+(?P<day>\d{{1,2}}))?\s+(?:a|au)\s+(?:{_WEEKDAY_RE})(?:\s+\d{{1,2}})?"
            rf"(?:\s+(?P<month>{_MONTH_RE}))?"
        ),
    ),
    (
        "night_of_en",
        re.compile(
            rf"\b(?:(?:on|during)\s+)?(?:the\s+)?(?:night\s+(?:of|from)|overnight(?:\s+from)?)\s+"
            rf"(?P<wd>{_WEEKDAY_RE})\s+(?:to|into|and)\s+(?:{_WEEKDAY_RE})"
        ),
    ),
    (
        "ago",
        re.compile(
            rf"\b(?:il y a\s+(?P<n1>{_NUM_RE})\s+(?P<u1>jours?|semaines?|mois)|"
            rf"(?P<n2>{_NUM_RE})\s+(?P<u2>days?|weeks?|months?)\s+ago)\b"
        ),
    ),
    (
        "weekday",
        re.compile(
            rf"\b(?:(?P<pre>last|this|past|early|late|on|le|ce)\s+)?(?P<wd>{_WEEKDAY_RE})"
            rf"(?P<poss>'s)?(?:\s+(?P<post>dernier|passe|soir|matin|night|morning|evening|"
            rf"afternoon|apres-midi))?\b"
        ),
    ),
    (
        "relative",
        re.compile(
            r"\b(?P<rel>the day before yesterday|avant-hier|avant hier|yesterday|hier|"
            r"today|aujourd'hui|this morning|this afternoon|this evening|tonight|last night|"
            r"overnight|ce matin|cet apres-midi|ce soir|cette nuit|la nuit derniere|"
            r"last weekend|le week-end dernier|ce week-end|this weekend|"
            r"last week|la semaine derniere|la semaine passee|earlier this week|this week|"
            r"cette semaine|en debut de semaine|"
            r"ces derniers jours|ces jours-ci|ces jours derniers|il y a quelques jours|"
            r"in recent days|in the past few days|over the (?:past|last) (?:few )?days|"
            r"(?:a few|several) days ago|"
            r"last month|le mois dernier|earlier this month|this month|ce mois-ci|"
            r"last year|l'annee derniere|l'an dernier|this year|cette annee)\b"
        ),
    ),
    (
        "anaphoric",
        re.compile(
            rf"\b(?:(?P<verb>came|comes|come|happened|occurred|took place|followed|follows|"
            rf"intervient|est intervenue?|survient|a eu lieu)\s+)?"
            rf"(?:(?P<n>{_NUM_RE})\s+(?P<unit>days?|jours?|weeks?|semaines?)\s+"
            rf"(?P<dir>after|later|before|earlier|apres|plus tard|avant|plus tot)|"
            rf"(?P<word>the next day|the following day|the day after|the day before|"
            rf"the previous day|le lendemain|au lendemain|la veille|le jour suivant))\b"
        ),
    ),
    (
        "year",
        re.compile(r"\b(?P<prep>in|en|since|depuis|during|pendant)\s+(?P<year>(?:19|20)\d{2})\b"),
    ),
]


# Approximate days: the week before publication (precision week), never an exact day.
_RECENT_DAYS = (
    "ces derniers jours",
    "ces jours-ci",
    "ces jours derniers",
    "il y a quelques jours",
    "in recent days",
    "a few days ago",
    "several days ago",
)


@dataclass(slots=True)
class DateMention:
    start: int
    end: int
    text: str
    date_start: datetime.date | None
    date_end: datetime.date | None
    precision: str
    # absolute | weekday | relative | anaphoric | reference | background
    kind: str
    offset_days: int = 0  # for anaphoric mentions: signed offset against the referenced date


def _infer_year(month: int, day: int, published: datetime.date | None) -> datetime.date | None:
    base = published or datetime.date.today()
    for year in (base.year, base.year - 1):
        try:
            candidate = datetime.date(year, month, day)
        except ValueError:
            return None
        # A news report speaks of the past: a date well after publication is last year's.
        if candidate <= base + datetime.timedelta(days=2):
            return candidate
    return None


@lru_cache(maxsize=4096)
def _dateparser_parse(expr: str, language: str, base: datetime.date | None) -> datetime.date | None:
    import dateparser

    settings = {"PREFER_DATES_FROM": "past", "REQUIRE_PARTS": ["day", "month"]}
    if base is not None:
        settings["RELATIVE_BASE"] = datetime.datetime(base.year, base.month, base.day)
    languages = [language] if language in ("en", "fr") else ["en", "fr"]
    parsed = dateparser.parse(expr, languages=languages, settings=settings)
    return parsed.date() if parsed else None


def _month_range(year: int, month: int) -> tuple[datetime.date, datetime.date]:
    first = datetime.date(year, month, 1)
    nxt = datetime.date(year + (month == 12), month % 12 + 1, 1)
    return first, nxt - datetime.timedelta(days=1)


def _week_range(day: datetime.date) -> tuple[datetime.date, datetime.date]:
    monday = day - datetime.timedelta(days=day.weekday())
    return monday, monday + datetime.timedelta(days=6)


def _weekday_before(base: datetime.date, weekday: int, *, strictly: bool) -> datetime.date:
    delta = (base.weekday() - weekday) % 7
    if delta == 0 and strictly:
        delta = 7
    return base - datetime.timedelta(days=delta)


def _number(word: str) -> int:
    return int(word) if word.isdigit() else NUMBER_WORDS.get(word, 1)


def find_dates(
    text: str, folded: str, offset: int, published: datetime.date | None, language: str
) -> list[DateMention]:
    """Every date expression of one sentence (``text``/``folded`` with ``offset`` into the doc)."""
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    base = published
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(folded):
            s, e = m.span()
            if any(s < te and ts < e for ts, te in taken):
                continue
            mention = _resolve(kind, m, text[s:e], base, language)
            if mention is None:
                continue
            mention.start, mention.end = s + offset, e + offset
            found.append(mention)
            taken.append((s, e))
    found.sort(key=lambda d: d.start)
    return _join_ranges(_join_weekday_dates(found, text, folded, offset), text, folded, offset)


_WEEKDAY_DATE_GAP = re.compile(r"^,?\s*(?:le\s+|the\s+)?$")


def _join_weekday_dates(
    found: list[DateMention], text: str, folded: str, offset: int
) -> list[DateMention]:
    """ "lundi 28 janvier", "Monday, January 28": the explicit day names the date, not the last
    such weekday before publication (the story may come out weeks later)."""
    out: list[DateMention] = []
    for d in found:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.kind == "weekday"
            and prev.date_end == prev.date_start  # not a night range
            and d.kind == "absolute"
            and d.precision == PRECISION_DAY
            and _WEEKDAY_DATE_GAP.match(folded[prev.end - offset : d.start - offset])
        ):
            d.start = prev.start
            d.text = text[prev.start - offset : d.end - offset]
            out[-1] = d
            continue
        out.append(d)
    return out


_RANGE_JOIN = re.compile(r"^\s*(?:,\s*)?(?:et|and|to|au|a|through|jusqu'au|-)\s*(?:le\s+|on\s+)?$")


def _join_ranges(
    found: list[DateMention], text: str, folded: str, offset: int
) -> list[DateMention]:
    """ "jeudi soir et vendredi soir", "June 2 to June 3": one mention spanning both days."""
    out: list[DateMention] = []
    for d in found:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.precision == PRECISION_DAY == d.precision
            and prev.kind in ("absolute", "weekday")
            and d.kind in ("absolute", "weekday")
            and prev.date_start is not None
            and d.date_start is not None
            and 0 < (d.date_start - prev.date_start).days <= 7
            and _RANGE_JOIN.match(folded[prev.end - offset : d.start - offset])
        ):
            out[-1] = DateMention(
                prev.start,
                d.end,
                text[prev.start - offset : d.end - offset],
                prev.date_start,
                d.date_end,
                PRECISION_DAY,
                prev.kind,
            )
            continue
        out.append(d)
    return out


def _resolve(
    kind: str, m: re.Match, surface: str, base: datetime.date | None, language: str
) -> DateMention | None:
    def mk(ds, de, precision, mkind, offset_days=0):
        return DateMention(0, 0, surface, ds, de, precision, mkind, offset_days)

    if kind == "night_dates":
        month = MONTHS[m.group("month") or m.group("month2")]
        first, second = int(m.group("d1") or m.group("d3")), int(m.group("d2") or m.group("d4"))
        try:
            if m.group("year"):
                start = datetime.date(int(m.group("year")), month, first)
            else:
                start = _infer_year(month, first, base)
            if start is None or second != (start + datetime.timedelta(days=1)).day:
                return None
        except ValueError:
            return None
        return mk(start, start + datetime.timedelta(days=1), PRECISION_DAY, "absolute")
    if kind == "iso":
        try:
            d = datetime.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            return None
        return mk(d, d, PRECISION_DAY, "absolute")
    if kind == "numeric":
        d = _dateparser_parse(m.group(0), language, base)
        return mk(d, d, PRECISION_DAY, "absolute") if d else None
    if kind in ("month_day", "day_month"):
        month = MONTHS[m.group("month")]
        day = int(m.group("day"))
        if not 1 <= day <= 31:
            return None
        year = m.group("year")
        # "may 5" in English could be the modal verb "may": require a capital in the surface.
        if m.group("month") == "may" and not surface.lstrip()[:1].isupper() and kind == "month_day":
            return None
        # The day and the month are known: the date is that day of the year given, or of the
        # year that puts it on or before publication. dateparser (a second to load its
        # languages in a new process) is asked only when that is no date (29 February).
        try:
            d = datetime.date(int(year), month, day) if year else _infer_year(month, day, base)
        except ValueError:
            d = None
        if d is None:
            parsed = _dateparser_parse(m.group(0), language, base)
            if parsed is not None and (parsed.month, parsed.day) == (month, day):
                d = parsed
        if d is None:
            return None
        return mk(d, d, PRECISION_DAY, "absolute")
    if kind == "month_year":
        month = MONTHS[m.group("month")]
        ambiguous = ("may", "mar", "dec", "sep", "jan", "jun", "jul", "oct", "nov")
        if m.group("month") in ambiguous and not re.search(r"[A-Z]", surface):
            return None
        first, last = _month_range(int(m.group("year")), month)
        return mk(first, last, PRECISION_MONTH, "absolute")
    if kind == "month_only":
        name = m.group("month")
        if len(name) <= 4 and name not in ("mai", "juin", "mars"):
            return None  # abbreviations alone are too ambiguous ("in mar", "in oct")
        if name in ("may", "march") and not any(c.isupper() for c in surface[-len(name) :]):
            return None
        month = MONTHS[name]
        ref = base or datetime.date.today()
        year = ref.year if month <= ref.month else ref.year - 1
        first, last = _month_range(year, month)
        mkind = "background" if m.group("prep") in ("since", "depuis") else "absolute"
        return mk(first, last, PRECISION_MONTH, mkind)
    if kind in ("night_of", "night_of_en"):
        # "dans la nuit de samedi à dimanche": the night spans two days (a range).
        if base is None:
            return None
        if m.groupdict().get("day") and m.groupdict().get("month"):
            d = _infer_year(MONTHS[m.group("month")], int(m.group("day")), base)
        else:
            d = _weekday_before(base, WEEKDAYS[m.group("wd")], strictly=False)
            if d == base:
                d -= datetime.timedelta(days=7)  # the night ended at the latest on publication
        if d is None:
            return None
        return mk(d, d + datetime.timedelta(days=1), PRECISION_DAY, "weekday")
    if kind == "ago":
        if base is None:
            return None
        n = _number(m.group("n1") or m.group("n2"))
        unit = m.group("u1") or m.group("u2")
        if unit.startswith(("jour", "day")):
            d = base - datetime.timedelta(days=n)
            return mk(d, d, PRECISION_DAY, "relative")
        if unit.startswith(("semaine", "week")):
            ws, we = _week_range(base - datetime.timedelta(days=7 * n))
            return mk(ws, we, PRECISION_WEEK, "relative")
        month, year = base.month - n, base.year
        while month < 1:
            month, year = month + 12, year - 1
        first, last = _month_range(year, month)
        return mk(first, last, PRECISION_MONTH, "relative")
    if kind == "weekday":
        if base is None:
            return None
        weekday = WEEKDAYS[m.group("wd")]
        pre, post = m.group("pre"), m.group("post")
        strictly = pre in ("last", "past") or post in ("dernier", "passe")
        d = _weekday_before(base, weekday, strictly=strictly)
        mkind = "reference" if m.group("poss") else "weekday"
        return mk(d, d, PRECISION_DAY, mkind)
    if kind == "relative":
        if base is None:
            return None
        rel = m.group("rel")
        one = datetime.timedelta(days=1)
        if rel in ("the day before yesterday", "avant-hier", "avant hier"):
            return mk(base - 2 * one, base - 2 * one, PRECISION_DAY, "relative")
        if rel in ("yesterday", "hier", "last night", "la nuit derniere"):
            return mk(base - one, base - one, PRECISION_DAY, "relative")
        if rel in ("last week", "la semaine derniere", "la semaine passee"):
            ws, we = _week_range(base - 7 * one)
            return mk(ws, we, PRECISION_WEEK, "relative")
        if rel in ("last weekend", "le week-end dernier"):
            sat = _weekday_before(base, 5, strictly=True)
            return mk(sat, sat + one, PRECISION_WEEK, "relative")
        if rel in ("this weekend", "ce week-end"):
            sat = _weekday_before(base, 5, strictly=False)
            return mk(sat, sat + one, PRECISION_WEEK, "relative")
        if rel in ("earlier this week", "this week", "cette semaine", "en debut de semaine"):
            ws, _ = _week_range(base)
            return mk(ws, base, PRECISION_WEEK, "relative")
        if rel in _RECENT_DAYS or rel.startswith(("over the", "in the past")):
            # "ces derniers jours", "a few days ago": some day of the past week, not today.
            return mk(base - 6 * one, base, PRECISION_WEEK, "relative")
        if rel in ("last month", "le mois dernier"):
            prev = base.replace(day=1) - one
            first, last = _month_range(prev.year, prev.month)
            return mk(first, last, PRECISION_MONTH, "relative")
        if rel in ("earlier this month", "this month", "ce mois-ci"):
            return mk(base.replace(day=1), base, PRECISION_MONTH, "relative")
        if rel in ("last year", "l'annee derniere", "l'an dernier"):
            y = base.year - 1
            return mk(
                datetime.date(y, 1, 1), datetime.date(y, 12, 31), PRECISION_YEAR, "background"
            )
        if rel in ("this year", "cette annee"):
            return mk(datetime.date(base.year, 1, 1), base, PRECISION_YEAR, "background")
        return mk(base, base, PRECISION_DAY, "relative")  # today, this morning, tonight…
    if kind == "anaphoric":
        if m.group("word"):
            word = m.group("word")
            sign = -1 if word in ("the day before", "the previous day", "la veille") else 1
            return mk(None, None, PRECISION_DAY, "anaphoric", sign)
        n = _number(m.group("n"))
        unit = m.group("unit")
        days = n * (7 if unit.startswith(("week", "semaine")) else 1)
        direction = m.group("dir")
        sign = 1 if direction in ("after", "later", "apres", "plus tard") else -1
        # "That attack came a day after a raid": the raid is the earlier event.
        if m.group("verb") and direction in ("after", "apres"):
            sign = -1
        precision = PRECISION_DAY if days < 7 else PRECISION_WEEK
        return mk(None, None, precision, "anaphoric", sign * days)
    if kind == "year":
        y = int(m.group("year"))
        mkind = "background" if m.group("prep") in ("since", "depuis") else "absolute"
        return mk(datetime.date(y, 1, 1), datetime.date(y, 12, 31), PRECISION_YEAR, mkind)
    return None
