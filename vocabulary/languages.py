"""The languages the engine reads (English and French) and the function words that tell them
apart (pure Python).

News copy is a third to a half function words, so counting them decides English against French
in microseconds; the statistical detector (langdetect, about a second to load its profiles) is
only needed when the count is not decisive: a very short text, or another language.

The lists keep to words the other language does not use (no "a", "on", "en", "son") and that
the nearby Romance and Germanic languages rarely use either (no "de", "la", "le", "que", "il",
"in", "die"), so a Spanish or German story scores low on both and goes to the detector.
"""

from __future__ import annotations

import re

# Lower case; apostrophes and accents as written ("l'" and "d'" are counted as words).
# fmt: off
FUNCTION_WORDS: dict[str, frozenset[str]] = {
    "en": frozenset({
        "the", "of", "and", "to", "was", "were", "is", "are", "been", "has", "have", "had",
        "said", "that", "with", "from", "by", "for", "at", "it", "its", "this", "which", "who",
        "they", "their", "them", "he", "she", "his", "her", "after", "but", "not", "would",
        "will", "also", "than", "about", "into", "over", "against", "while", "when", "where",
        "there", "these", "those",
    }),
    "fr": frozenset({
        "les", "des", "du", "une", "et", "est", "dans", "pour", "sur", "avec", "au", "aux", "ont",
        "été", "était", "avait", "qui", "ils", "elles", "elle", "cette", "ces", "pas", "sont",
        "selon", "leur", "leurs", "lors", "mais", "où", "nous", "vous", "ses", "après", "depuis",
        "ainsi", "aussi", "très", "l'", "d'", "qu'", "n'", "s'", "c'", "j'",
    }),
}
# fmt: on
ENGINE_LANGUAGES: tuple[str, ...] = tuple(FUNCTION_WORDS)

_WORD = re.compile(r"[^\W\d_]+(?:['’](?=[^\W\d_]))?")
# A decision needs this many function words of the winning language…
_MIN_HITS = 4
# …making at least this share of the words (below it the text is probably another language)…
_MIN_SHARE = 0.15
# …and this many times the other language's count.
_MIN_RATIO = 4


def function_word_language(text: str) -> str:
    """ "en" or "fr" when the function words decide it, "" when they do not (too few words, a
    mixed text, or another language)."""
    words = [w.lower().replace("’", "'") for w in _WORD.findall(text)]
    if not words:
        return ""
    hits = {lang: sum(w in vocab for w in words) for lang, vocab in FUNCTION_WORDS.items()}
    (best, best_hits), (_other, other_hits) = sorted(
        hits.items(), key=lambda item: item[1], reverse=True
    )
    if best_hits < _MIN_HITS or best_hits < _MIN_SHARE * len(words):
        return ""
    if best_hits < _MIN_RATIO * other_hits:
        return ""
    return best
