"""RSS/Atom feeds: conditional GET, parsing into plain entries, and backoff after failures."""

from __future__ import annotations

import calendar
import datetime
import hashlib
import io
import logging
import random
from typing import Any

import lxml.etree
from django.conf import settings
from django.utils import timezone

from .canonical import canonical_url
from .extract import fragment_to_text
from .fetch import FEED_TYPES, FetchError, TransientFetchError, fetch
from .models import Article, Feed

logger = logging.getLogger(__name__)
# A failing feed is polled again after interval × 2^failures, at most this long after.
MAX_BACKOFF = datetime.timedelta(hours=24)


class FeedNotModified(Exception):
    """The server answered 304: nothing new since the last poll."""


def _entry_date(entry: Any) -> str:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    if not parsed:
        return ""
    return datetime.datetime.fromtimestamp(calendar.timegm(parsed), tz=datetime.UTC).isoformat()


def _entry_text(entry: Any) -> str:
    contents = entry.get("content") or []
    html = contents[0].get("value", "") if contents else ""
    return fragment_to_text(html or entry.get("summary", "") or entry.get("description", ""))


_ITEM_TAGS = ("item", "entry")


def first_items(content: bytes, limit: int) -> tuple[bytes, int]:
    """The feed document with only its first `limit` items (RSS) or entries (Atom), and how many
    were left out.

    feedparser takes about 2 ms an item (40,000 items: over a minute); lxml trims the tree in a
    fraction of that, so a huge feed costs a worker a second, not a minute.
    """
    if content.count(b"<item") + content.count(b"<entry") + content.count(b":item") <= limit:
        return content, 0
    parser = lxml.etree.XMLParser(
        recover=True, resolve_entities=False, no_network=True, remove_comments=True
    )
    try:
        root = lxml.etree.fromstring(content, parser)
    except lxml.etree.XMLSyntaxError:
        root = None
    if root is None:
        return content, 0  # not XML: feedparser says why
    items = [
        element
        for element in root.iter(lxml.etree.Element)
        if lxml.etree.QName(element).localname in _ITEM_TAGS
    ]
    for element in items[limit:]:
        element.getparent().remove(element)
    return lxml.etree.tostring(root, xml_declaration=True, encoding="utf-8"), max(
        0, len(items) - limit
    )


def parse_entries(
    content: bytes, content_type: str = "", *, max_items: int | None = None
) -> tuple[str, list[dict[str, str]]]:
    """The feed's title and its entries as JSON-ready dicts (stored on the job to resume it).

    At most `max_items` entries (IMPORT_MAX_FEED_ITEMS), the first ones in the document.
    """
    limit = settings.IMPORT_MAX_FEED_ITEMS if max_items is None else max_items
    content, dropped = first_items(content, limit)
    if dropped:
        logger.warning("Feed with more than %s items: %s left out", limit, dropped)
    import feedparser  # here: its import (0.1 s) would otherwise weigh on every Django start

    # A file-like object: given a str, feedparser would treat it as a URL or a path to open.
    parsed = feedparser.parse(io.BytesIO(content), response_headers={"content-type": content_type})
    if parsed.get("bozo") and not parsed.entries:
        raise FetchError(f"Not a readable RSS or Atom feed ({parsed.get('bozo_exception')}).")
    entries = []
    for entry in parsed.entries[:limit]:
        link = entry.get("link", "")
        ident = entry.get("id") or link or entry.get("title", "")
        if not ident:
            continue
        entries.append(
            {
                "key": "entry:" + hashlib.sha256(ident.encode("utf-8")).hexdigest()[:40],
                "link": link,
                "title": fragment_to_text(entry.get("title", ""))[:500],
                "published": _entry_date(entry),
                "author": entry.get("author", "")[:300],
                "text": _entry_text(entry),
            }
        )
    return parsed.feed.get("title", ""), entries


def fetch_feed(feed: Feed) -> list[dict[str, str]]:
    """Poll `feed` with a conditional GET and record the outcome on it.

    Returns the entries; raises FeedNotModified on 304, and FetchError/TransientFetchError after
    recording the failure and backing off.
    """
    headers = {}
    if feed.etag:
        headers["If-None-Match"] = feed.etag
    if feed.last_modified:
        headers["If-Modified-Since"] = feed.last_modified
    try:
        result = fetch(
            feed.url, accept=FEED_TYPES, headers=headers, max_bytes=settings.IMPORT_MAX_FEED_BYTES
        )
        if result.not_modified:
            record_success(feed)
            raise FeedNotModified(feed.url)
        title, entries = parse_entries(result.content, result.headers.get("content-type", ""))
    except (FetchError, TransientFetchError) as exc:
        record_failure(feed, str(exc))
        raise
    record_success(
        feed,
        etag=result.headers.get("etag", ""),
        last_modified=result.headers.get("last-modified", ""),
        title=title,
    )
    return entries


def record_success(
    feed: Feed, *, etag: str | None = None, last_modified: str | None = None, title: str = ""
) -> None:
    now = timezone.now()
    feed.last_polled_at = now
    feed.next_poll_at = now + datetime.timedelta(minutes=feed.poll_interval)
    feed.last_error = ""
    feed.consecutive_failures = 0
    fields = ["last_polled_at", "next_poll_at", "last_error", "consecutive_failures"]
    if etag is not None:
        feed.etag = etag[:300]
        fields.append("etag")
    if last_modified is not None:
        feed.last_modified = last_modified[:100]
        fields.append("last_modified")
    if title and not feed.title:
        feed.title = title[:300]
        fields.append("title")
    feed.save(update_fields=fields)


def backoff_delay(feed: Feed) -> datetime.timedelta:
    """interval × 2^(failures−1), capped at a day, with up to 10 % jitter so feeds spread out."""
    base = datetime.timedelta(minutes=feed.poll_interval) * 2 ** max(
        0, min(feed.consecutive_failures - 1, 16)
    )
    delay = min(base, MAX_BACKOFF)
    return delay + delay * random.uniform(0, 0.1)


def record_failure(feed: Feed, message: str) -> None:
    now = timezone.now()
    feed.consecutive_failures += 1
    feed.last_polled_at = now
    feed.last_error = f"{now:%Y-%m-%d %H:%M} UTC (failure {feed.consecutive_failures}): {message}"
    feed.next_poll_at = now + backoff_delay(feed)
    feed.save(
        update_fields=["consecutive_failures", "last_polled_at", "last_error", "next_poll_at"]
    )


def new_entries(entries: list[dict[str, str]]) -> list[dict[str, str]]:
    """Entries whose link is not already an article (the common case on a feed's next poll)."""
    urls = {canonical_url(entry["link"]) for entry in entries if entry["link"]}
    known = set(Article.objects.filter(url__in=urls).values_list("url", flat=True))
    return [
        entry for entry in entries if not entry["link"] or canonical_url(entry["link"]) not in known
    ]
