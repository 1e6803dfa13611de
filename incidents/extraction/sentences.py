"""Sentence splitting with character offsets into the original text."""

from __future__ import annotations

import re
from dataclasses import dataclass

_ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "gen", "col", "lt", "capt", "sgt", "maj", "st", "no", "jan", "feb",
    "aug", "sept", "sep", "oct", "nov", "dec", "gov", "sen", "rep", "prof", "m", "mme", "cmdt",
    "u.s", "u.n", "vs", "etc", "approx", "km",
}  # fmt: skip
# End of sentence: . ! ? (and closing quotes), then space, then something that opens a sentence.
_BOUNDARY = re.compile(r"[.!?…]+[\"'”’»)]*(?=\s+[\"'“‘«(–—\-]?\s*[A-ZÀ-ÖØ-Þ0-9])")
_LINE = re.compile(r"[^\n]+")


@dataclass(slots=True)
class Sentence:
    start: int
    end: int
    text: str
    paragraph: int


def split_sentences(text: str) -> list[Sentence]:
    """Sentences of ``text`` in order; every line break also ends a sentence."""
    sentences: list[Sentence] = []
    for paragraph, line in enumerate(_LINE.finditer(text)):
        line_start = line.start()
        chunk = line.group()
        cut = 0
        for m in _BOUNDARY.finditer(chunk):
            word = re.search(r"([\w.]+)$", chunk[cut : m.start()])
            if m.group().startswith(".") and word:
                token = word.group(1).lower()
                if token in _ABBREVIATIONS or (len(token) == 1 and token.isalpha()):
                    continue
            _add(sentences, text, line_start + cut, line_start + m.end(), paragraph)
            cut = m.end()
        _add(sentences, text, line_start + cut, line_start + len(chunk), paragraph)
    return sentences


def _add(out: list[Sentence], text: str, start: int, end: int, paragraph: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append(Sentence(start, end, text[start:end], paragraph))
