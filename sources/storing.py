"""The one place where articles are stored: every import path (paste, file, URL, feed) calls here.

Exact duplicates (same canonical URL, or same SHA-256 of the normalised text) create nothing and are
reported as duplicates; near-duplicates (the same wire story with small edits) are stored and linked
through `same_story_as` with their similarity, so analysts see them instead of an unrelated article.
"""

from __future__ import annotations

import datetime
import enum
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from .canonical import canonical_url
from .dedup import band_keys, jaccard, shingles
from .models import Article, ArticleBand, Outlet, text_sha256
from .signals import article_stored

# How many candidate articles sharing a band key are compared exactly, at most.
MAX_CANDIDATES = 50


class Outcome(enum.StrEnum):
    CREATED = "created"
    DUPLICATE = "duplicate"


class UnstorableArticle(ValueError):
    """The article cannot be stored as given; its import item fails with this message."""


class EmptyArticle(UnstorableArticle):
    """The article has no text to store."""


@dataclass
class StoreResult:
    article: Article
    outcome: Outcome
    reason: str = ""

    @property
    def created(self) -> bool:
        return self.outcome is Outcome.CREATED


def as_published_at(value: datetime.date | datetime.datetime | None) -> datetime.datetime | None:
    """A publication date as an aware datetime.

    A bare date becomes 12:00 UTC of that day, so it reads as the same calendar day in every time
    zone an analyst may use (UTC−11 to UTC+11), unlike midnight.
    """
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return value if timezone.is_aware(value) else timezone.make_aware(value, datetime.UTC)
    return datetime.datetime.combine(value, datetime.time(12, 0), tzinfo=datetime.UTC)


def outlet_named(name: str) -> Outlet | None:
    name = (name or "").strip()
    if not name:
        return None
    outlet, _ = Outlet.objects.get_or_create(name=name[:200])
    return outlet


def _existing(url: str, text_hash: str) -> tuple[Article, str] | None:
    if url:
        article = Article.objects.filter(url=url).first()
        if article:
            return article, "same URL"
    article = Article.objects.filter(text_hash=text_hash).first()
    if article:
        return article, "same text"
    return None


def _nearest(shingle_set: set[str], keys: list[int]) -> tuple[Article, float] | None:
    if not keys:
        return None
    candidate_ids = list(
        ArticleBand.objects.filter(key__in=keys)
        .values_list("article_id", flat=True)
        .distinct()[:MAX_CANDIDATES]
    )
    best: tuple[Article, float] | None = None
    for candidate in Article.objects.filter(pk__in=candidate_ids).only(
        "id", "text", "same_story_as_id"
    ):
        score = jaccard(shingle_set, shingles(candidate.text))
        if score >= settings.NEAR_DUPLICATE_THRESHOLD and (best is None or score > best[1]):
            best = (candidate, score)
    return best


def store_article(
    *,
    text: str,
    title: str = "",
    url: str = "",
    outlet: Outlet | None = None,
    published_at: datetime.date | datetime.datetime | None = None,
    language: str = "",
    byline: str = "",
    added_by=None,
    tlp: str | None = None,
    team=None,
    job_id: int | None = None,
) -> StoreResult:
    """Store one article unless it is already known; `article_stored` is sent on commit."""
    text = (text or "").strip()
    if not text:
        raise EmptyArticle("The article has no text.")
    url = canonical_url(url)
    limit = Article._meta.get_field("url").max_length
    if len(url) > limit:
        # Cut, it would be a broken link; stored whole, a database error for the whole item.
        raise UnstorableArticle(
            f"The article's address is {len(url):,} characters long; at most {limit:,} are kept."
        )
    text_hash = text_sha256(text)
    found = _existing(url, text_hash)
    if found:
        return StoreResult(found[0], Outcome.DUPLICATE, found[1])

    shingle_set = shingles(text)
    keys = band_keys(shingle_set)
    nearest = _nearest(shingle_set, keys)
    article = Article(
        url=url,
        outlet=outlet,
        title=(title or "").strip()[:500],
        byline=(byline or "").strip()[:300],
        published_at=as_published_at(published_at),
        language=(language or "")[:8],
        text=text,
        added_by=added_by,
        team=team,
    )
    if tlp:
        article.tlp = tlp
    if nearest:
        story, score = nearest
        # Link to the first telling, so every retelling of a story points at the same article.
        article.same_story_as_id = story.same_story_as_id or story.pk
        article.similarity = round(score, 4)
    try:
        # A savepoint: another worker may store the same URL or text between the check and here.
        with transaction.atomic():
            article.save()
    except IntegrityError:
        found = _existing(url, text_hash)
        if not found:
            raise
        return StoreResult(found[0], Outcome.DUPLICATE, found[1])
    ArticleBand.objects.bulk_create(
        [ArticleBand(article=article, key=key) for key in sorted(set(keys))]
    )
    transaction.on_commit(
        lambda: article_stored.send(sender=Article, article=article, created=True, job_id=job_id)
    )
    return StoreResult(article, Outcome.CREATED)
