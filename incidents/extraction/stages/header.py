from __future__ import annotations

import re

from vocabulary import agencies, countries
from vocabulary.textmeta import detect_language

from ..lexicon.common import _DATELINE_DATE
from ..sentences import Sentence
from ..textindex import LineIndex


def detect_language_or_english(text: str) -> str:
    return detect_language(text) or "en"


# --- sentence analysis -----------------------------------------------------------------------


_COUNTRY_NAMES_RE = "(?:" + "|".join(map(re.escape, countries.COUNTRY_NAME_WORDS)) + ")"
# The wire credits, folded.
_WIRE = agencies.WIRE_CREDIT_RE.lower()
# A wire dateline that opens a line: "Bamako, Mali — ...", "Bamako, Nov 3 (AFP)", "NIAMEY (AFP) -".
_DATELINE_AFTER = re.compile(
    r"^\s*(?:,\s*" + _COUNTRY_NAMES_RE + r"\s*[-:]|,[^,\n]{0,30}\((?:" + _WIRE + r")\)|"
    r"\s*\((?:" + _WIRE + r")\))"
)


def is_headline(s: Sentence, text: str) -> bool:
    """A title: a whole line of its own without closing punctuation, followed by more text."""
    line_start = text.rfind("\n", 0, s.start) + 1
    line_end = text.find("\n", s.end)
    if line_end < 0 or text[line_start : s.start].strip() or text[s.end : line_end].strip():
        return False
    return not s.text.rstrip().endswith((".", "!", "?", "»", '"', "”", ":"))


_PHOTO_CREDIT = re.compile(
    r"\[(?:file|photo|archives?)\b[^\]]*\]|\((?:photo|file|archives?)\b[^)]*\)|\bphoto\s*:|"
    # "(AP Photo/Jane Doe)", "AFP via Getty", "REUTERS/John Doe"
    r"\((?:[\w.]+\s+){1,2}(?:photo|file)\b[^)]*\)|\bvia getty\b|\b(?:afp|reuters)/[A-Z]|"
    r"cr[ée]dit photo|©|getty images",
    re.IGNORECASE,
)


def is_caption(s: Sentence, text: str, lines: LineIndex, *, dated: bool = False) -> bool:
    """A photo caption: a line of its own with a photo credit, or a long undated line that,
    unlike the sentences of the story, does not end with a full stop."""
    line_start = lines.line_start(s.start)
    line_end = lines.line_end(s.end)
    line_end = len(text) if line_end < 0 else line_end
    # The length first: searching each sentence's whole line made a long line quadratic.
    if line_end - line_start < 400 and _PHOTO_CREDIT.search(text[line_start:line_end]):
        return True  # every sentence of a credited line ("… on Friday, Nov. 15. (AP Photo)")
    if not lines.blank(line_start, s.start) or not lines.blank(s.end, line_end):
        return False
    closed = s.text.rstrip().endswith((".", "!", "?", "»", '"', "”", ":", "…"))
    return not closed and not dated and len(s.text.split()) >= 8


def signature_start(text: str) -> int:
    """Start of a closing byline ("Boa, Ouagadougou", "RFI"): a short last line, no full stop."""
    stripped = text.rstrip()
    line_start = stripped.rfind("\n") + 1
    last = stripped[line_start:]
    if line_start and len(last.split()) <= 4 and not last.endswith((".", "!", "?", '"', "»", "”")):
        return line_start
    return len(text) + 1


_TITLE_DATELINE_AFTER = re.compile(
    r"^\s*,\s*(?:" + _DATELINE_DATE + r")?\s*(?:\([^)\n]{0,20}\)\s*)?-+\s"
)
# "BAMAKO, March 16 -", "NIAMEY —", "OUAGADOUGOU (Reuters)": an upper-case dateline.
_CAPS_DATELINE_AFTER = re.compile(r"^\s*(?:,[^\n]{0,30}?)?\s*(?:[-–—:]|\()")
