"""News agencies: the wire services a dateline credits, and other agencies' names.

A credit reads "NIAMEY (AFP) -", "(Reuters)", "© AFP"; the same names are also villages in
GeoNames (a "Belga" in the Gao region), so the engine must not take a credit for a place.
"""

from __future__ import annotations

import re

# The wire agencies whose credit a dateline or a closing line carries: name -> spellings.
WIRE_AGENCIES: dict[str, tuple[str, ...]] = {
    "AFP": ("AFP", "Agence France-Presse"),
    "Reuters": ("Reuters",),
    "AP": ("AP",),
    "Xinhua": ("Xinhua",),
    "Anadolu": ("Anadolu",),
    "APA": ("APA",),
    "ANP": ("ANP",),
    "AIB": ("AIB",),
    "RFI": ("RFI",),
    "dpa": ("dpa",),
}
# Other agencies and broadcasters a story may credit (lower case).
OTHER_AGENCIES: tuple[str, ...] = (
    "belga", "aa", "efe", "ansa", "ani", "map", "pana", "sputnik", "tass", "ria", "kuna", "wam",
    "lusa", "kyodo", "yonhap", "aps", "acp", "bbc", "ips", "upi", "irin",
)  # fmt: skip

# Lower-case spelling of a wire credit -> the agency's name ("agence france-presse" -> "AFP").
NAME_BY_SPELLING: dict[str, str] = {
    spelling.lower(): name for name, spellings in WIRE_AGENCIES.items() for spelling in spellings
}
# Every agency name a credit may hold, lower case (wire agencies and the others).
CREDIT_WORDS: frozenset[str] = frozenset(NAME_BY_SPELLING) | frozenset(OTHER_AGENCIES)
# A regular-expression alternation of the wire credits (longest first; match it ignoring case).
WIRE_CREDIT_RE: str = "|".join(
    re.escape(spelling) for spelling in sorted(NAME_BY_SPELLING, key=len, reverse=True)
)


def agency_name(credit: str) -> str:
    """The outlet name of an agency credit: "Agence France-Presse" and "afp" give "AFP"."""
    return NAME_BY_SPELLING.get(credit.strip().lower(), credit.strip())
