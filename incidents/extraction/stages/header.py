"""Stage 1, header and dateline: the article's publication header ("date YYYY-MM-DD", a wire
dateline), its language, its sentences, and the lines that are not the story (title, photo
captions, the closing byline)."""

from __future__ import annotations

import datetime
import re

from vocabulary import agencies, countries
from vocabulary.textmeta import detect_language, parse_publication_header

from ..normalize import fold
from ..sentences import Sentence, split_sentences
from ..textindex import LineIndex
from .document import Document


def detect_language_or_english(text: str) -> str:
    return detect_language(text) or "en"


def read_document(
    text: str, published: datetime.date | None = None, language: str | None = None
) -> tuple[Document, list[Sentence]]:
    """The article as a Document, and its body's sentences (the header left out)."""
    header = parse_publication_header(text, published)
    if published is None:
        published = header.published
    body_start = header.body_start
    if not language:
        language = detect_language_or_english(text[body_start:])
    doc = Document(
        text=text,
        folded=fold(text),
        header=header,
        published=published,
        language=language,
        lines=LineIndex(text),
        signature_from=signature_start(text),
    )
    sentences = [s for s in split_sentences(text) if s.end > body_start]
    if sentences and sentences[0].start < body_start:
        first = sentences[0]
        sentences[0] = Sentence(body_start, first.end, text[body_start : first.end], 0)
    return doc, sentences


_COUNTRY_NAMES_RE = "(?:" + "|".join(map(re.escape, countries.COUNTRY_NAME_WORDS)) + ")"
# The wire credits, folded.
_WIRE = agencies.WIRE_CREDIT_RE.lower()
# A wire dateline that opens a line: "Bamako, Mali — ...", "Bamako, Nov 3 (AFP)", "NIAMEY (AFP) -".
DATELINE_AFTER = re.compile(
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


# "Bamako, 12 mars -", "Niamey, March 3 (AFP) -", "Bamako, -": a dateline in any case (a comma,
# at most a date and an agency, then the dash).
DATELINE_DATE = (
    r"(?:(?:le\s+)?(?:[a-z]+\s+)?\d{1,2}(?:er|st|nd|rd|th)?\s+[a-z]+\.?(?:\s+\d{4})?|"
    r"[a-z]+\.?\s+\d{1,2}(?:,?\s+\d{4})?|\d{4}-\d\d-\d\d|\d{1,2}/\d{1,2}/\d{4})"
)
TITLE_DATELINE_AFTER = re.compile(
    r"^\s*,\s*(?:" + DATELINE_DATE + r")?\s*(?:\([^)\n]{0,20}\)\s*)?-+\s"
)
# "BAMAKO, March 16 -", "NIAMEY —", "OUAGADOUGOU (Reuters)": an upper-case dateline.
CAPS_DATELINE_AFTER = re.compile(r"^\s*(?:,[^\n]{0,30}?)?\s*(?:[-–—:]|\()")
