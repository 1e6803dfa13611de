"""Near-duplicate detection: MinHash with LSH bands to find candidates, exact Jaccard to decide.

Pure functions; `sources.storing` keeps the band keys in `ArticleBand` to query candidates.
"""

from __future__ import annotations

import hashlib
import re

from .models import normalise_text

SHINGLE_WORDS = 5
NUM_PERM = 128
# A fixed LSH layout, independent of NEAR_DUPLICATE_THRESHOLD so stored keys stay comparable when
# the setting changes: 32 bands of 4 rows make texts with Jaccard 0.5 candidates 87 % of the time,
# 0.6 → 99 %, 0.8 → ~100 %, while 0.2 → 5 %. The threshold itself is applied by an exact check.
BANDS, ROWS = 32, 4
_WORD = re.compile(r"\w+", re.UNICODE)


def shingles(text: str) -> set[str]:
    """Word 5-grams of the normalised text (the whole text when it is shorter)."""
    words = _WORD.findall(normalise_text(text))
    if len(words) <= SHINGLE_WORDS:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + SHINGLE_WORDS]) for i in range(len(words) - SHINGLE_WORDS + 1)}


def jaccard(a: set[str], b: set[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def band_keys(shingle_set: set[str]) -> list[int]:
    """One signed 64-bit key per LSH band; similar texts (Jaccard ≥ 0.5) likely share one."""
    if not shingle_set:
        return []
    # Imported here: datasketch pulls in scipy (about a second), which no Django start, web
    # request or `manage.py extract` needs; only storing an article does.
    from datasketch import MinHash

    signature = MinHash(num_perm=NUM_PERM, seed=1)
    signature.update_batch([s.encode("utf-8") for s in shingle_set])
    keys = []
    for band in range(BANDS):
        chunk = signature.hashvalues[band * ROWS : (band + 1) * ROWS].tobytes()
        digest = hashlib.blake2b(band.to_bytes(2, "big") + chunk, digest_size=8).digest()
        keys.append(int.from_bytes(digest, "big", signed=True))
    return keys
