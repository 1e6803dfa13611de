"""Event detection, dates: which dates of a sentence are the event's and which are a statement's,
a measure's or history's; and the comparisons of dates the segmentation needs."""

from __future__ import annotations

import datetime
import re

from .. import cues
from ..dates import DateMention
from .document import SentenceMentions

# --- segmentation ----------------------------------------------------------------------------


def explicit_date(info: SentenceMentions) -> DateMention | None:
    found = [
        d
        for d in info.dates
        if d.kind in ("absolute", "weekday", "relative", "anaphoric") and d.precision != "year"
    ]
    # "Le jour même et la veille, jeudi soir et vendredi soir": the days named outright say
    # more than the offsets they restate.
    named = [d for d in found if d.kind != "anaphoric"]
    return (named or found or [None])[0]


def resolve_anaphoric(d: DateMention, ref: datetime.date | None) -> DateMention:
    if d.kind != "anaphoric" or ref is None:
        return d
    day = ref + datetime.timedelta(days=d.offset_days)
    return DateMention(d.start, d.end, d.text, day, day, d.precision, "anaphoric", d.offset_days)


def same_date(a: DateMention | None, b: DateMention | None) -> bool:
    if a is None or b is None:
        return False
    return a.date_start == b.date_start and a.date_end == b.date_end


# A statement, a claim, a toll or a discovery and its day: "the government said on Tuesday",
# "announced in a statement Friday", "a annoncé l'armée dans un communiqué jeudi", "the toll on Thursday".
# Up to six words may stand between, as long as none reports the event itself ("said gunmen
# attacked the village on Friday" dates the attack).
_REPORT_WORD = (
    r"(?:said|says|told|announced|reported|confirmed|stated|added|declared|published|released|"
    r"discovered|found|issued|statement|toll|"
    # "JNIM claimed responsibility on Friday for Wednesday's attack": the claim's day (not
    # "claimed the lives of", which dates the deaths).
    r"claim(?:ed|s|ing)?(?!\s+(?:the\s+)?(?:\w+\s+)?lives)|annonc\w*|indiqu\w*|declar\w*|affirm\w*|precis\w*|"
    r"rapport\w*|confirm\w*|publi\w*|diffus\w*|revendiqu\w*|retrouv\w*|communique|bilan)"
)
_REPORT_BEFORE = re.compile(
    r"\b" + _REPORT_WORD + r"(?P<gap>(?:\s+[\w'-]+){0,6}?)\s+(?:(?:on|ce|le|this)\s+)?$"
)
_REPORT_AFTER = re.compile(
    r"^\s*,?\s*(?P<gap>(?:(?:the|l'|le|la|les)\s*)?(?:[\w'-]+\s+){0,3}?)(?:confirmed|said|"
    r"announced|told|claimed|reported|a annonce|a indique|ont rapporte|a confirme|ont annonce|"
    r"a declare|a precise|ont indique)\b"
)
# "BAMAKO, March 16 -": the date of a dateline.
_DATELINE_DATE_BEFORE = re.compile(r"^[A-ZÀ-Ý][A-ZÀ-Ý'’.\- ]{2,40},\s*(?:\w+\s+)?$")
# "Three days of national mourning from Thursday", "deuil national à partir du vendredi 22
# mars", "a curfew from Monday": the day a measure starts, not the day of the attack.
_MOURNING_BEFORE = re.compile(
    r"\b(?:mourning|deuil|funerals?|obseques|funerailles|curfew|couvre-feu|state of emergency|"
    r"etat d'urgence)\b[^.;]{0,40}?\b(?:from|starting|beginning|as of|until|a partir d[ue]|"
    r"des|depuis|jusqu'(?:au|a)|du|on|le|ce)\s+(?:(?:le|ce|this)\s+)?$"
)
# "Bamako, 12 mars - …": the same in title case, when the dash follows the date.
_TITLE_DATELINE_DATE_BEFORE = re.compile(r"^[A-ZÀ-Ý][\w'’.\- ]{2,40},\s*(?:\w+\s+)?$")
_DATELINE_DASH_AFTER = re.compile(r"^(?:,?\s*\d{4})?\s*(?:\([^)\n]{0,20}\)\s*)?-+\s")
# An old attack recalled to compare ("a similar attack", "the deadliest since", "in the same
# region where") is history; one told for itself ("In December 2016, an attack on X killed 12
# soldiers") is an incident of its own.
_COMPARISON = re.compile(
    r"\b(?:similar|same|where|deadliest|worst|bloodiest|recall\w*|reminiscent|like the|"
    r"semblable|similaire|rappel\w*|meme|deja|already|le plus meurtrier|la plus meurtriere|"
    r"plus lourd|since|depuis|comparable)\b"
)


def _report_cue(before: str, after: str, *, opens: bool) -> bool:
    """``opens``: the date opens its sentence ("On Thursday, the army said…"); a date further
    on followed by "…, the military said" dates the event the sentence reports."""
    m = _REPORT_BEFORE.search(before)
    if m and not cues.TRIGGER.search(m.group("gap")) and not re.search(r"\d", m.group("gap")):
        return True
    m = _REPORT_AFTER.match(after)
    if m and m.group("gap").strip() and not opens:
        return False
    return bool(m and not cues.TRIGGER.search(m.group("gap")))


# "Later on Thursday, ISIL claimed responsibility for the attack": the day of the claim.
_LATER_CLAIM = re.compile(r"^(?:later|plus tard|earlier)\b")


def mark_report_dates(info: SentenceMentions, published: datetime.date | None) -> None:
    """Dates of a statement or a discovery, and background dates, are not event dates."""
    f, s0 = info.folded, info.sent.start
    claim = cues.CLAIMED.search(f) and not cues.UNCLAIMED.search(f)
    previous: DateMention | None = None
    since = False
    for d in info.dates:
        before = f[max(0, d.start - s0 - 60) : d.start - s0]
        after = f[d.end - s0 : d.end - s0 + 50]
        gap = f[previous.end - s0 : d.start - s0] if previous is not None else None
        if gap is not None and previous.kind in ("report", "background") and not gap.strip(" ,"):
            d.kind = previous.kind  # "publié ce samedi 25 novembre": one date, two mentions
        elif since and d.kind in ("absolute", "weekday", "relative") and ";" not in gap:
            # "since a January 5 report of deaths during clashes in November": all history.
            d.kind = "background"
        elif re.search(r"\b(?:since|depuis)\s+(?:(?:a|the|le|la|un|une)\s+)?$", before):
            d.kind = "background"
            since = True
        elif d.kind in ("absolute", "weekday", "relative") and (
            _MOURNING_BEFORE.search(before)
            or _report_cue(before, after, opens=not f[: d.start - s0].strip(" ,").split()[1:])
            or (claim and _LATER_CLAIM.match(f))
            or _DATELINE_DATE_BEFORE.match(info.sent.text[: d.start - s0])
            or (
                _TITLE_DATELINE_DATE_BEFORE.match(info.sent.text[: d.start - s0])
                and _DATELINE_DASH_AFTER.match(after)
            )
        ):
            d.kind = "report"
        elif (
            published is not None
            and d.date_end is not None
            and (published - d.date_end).days > 180
            and d.kind in ("absolute", "relative")
            and not (info.trigger and info.places and not _COMPARISON.search(f))
        ):
            d.kind = "background"  # a year-old event recalled is history, not news
        previous = d


def refines(date: DateMention, coarse: DateMention | None) -> bool:
    """True when ``date`` is a finer date inside the span of a week- or month-precise one."""
    if coarse is None or coarse.precision not in ("week", "month") or date.precision != "day":
        return False
    if None in (date.date_start, coarse.date_start, coarse.date_end):
        return False
    return coarse.date_start <= date.date_start <= coarse.date_end
