"""A huge feed costs a worker a second, not a minute: its bytes and its items are bounded."""

import time

import pytest

from sources.feeds import fetch_feed, parse_entries
from sources.fetch import TooLarge
from sources.models import Feed

from .servers import Reply

pytestmark = pytest.mark.django_db


def big_rss(items: int) -> str:
    """About 110 bytes an item: 40,000 items make the 4.4 MB feed that once parsed for 71 s."""
    body = "".join(
        f"<item><title>Attack {n}</title><link>https://news.example/a/{n}</link>"
        f"<guid>urn:wire:a{n}</guid></item>"
        for n in range(items)
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>Wire</title>{body}</channel></rss>"
    )


def big_atom(items: int) -> str:
    body = "".join(
        f"<entry><id>urn:a{n}</id><title>Raid {n}</title>"
        f'<link href="https://news.example/r/{n}"/><summary>Raid {n}.</summary></entry>'
        for n in range(items)
    )
    return f'<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom wire</title>{body}</feed>'


def test_a_40000_item_feed_is_read_quickly_and_only_its_first_items(
    allow_loopback, local_server, settings
):
    settings.IMPORT_MAX_FEED_ITEMS = 200
    document = big_rss(40_000)
    assert len(document) > 4_000_000
    local_server.routes["/big.xml"] = Reply(
        document, headers={"Content-Type": "application/rss+xml"}
    )
    feed = Feed.objects.create(url=local_server.url("/big.xml"))
    started = time.monotonic()
    entries = fetch_feed(feed)
    elapsed = time.monotonic() - started
    assert len(entries) == 200
    assert entries[0]["title"] == "Attack 0" and entries[-1]["title"] == "Attack 199"
    assert elapsed < 10, f"parsing took {elapsed:.1f} s"
    feed.refresh_from_db()
    assert (feed.title, feed.consecutive_failures) == ("Wire", 0)


def test_atom_entries_are_bounded_too(settings):
    settings.IMPORT_MAX_FEED_ITEMS = 5
    title, entries = parse_entries(big_atom(1_000).encode(), "application/atom+xml")
    assert title == "Atom wire"
    assert [entry["title"] for entry in entries] == [f"Raid {n}" for n in range(5)]


def test_a_feed_within_the_limit_is_read_whole(settings):
    settings.IMPORT_MAX_FEED_ITEMS = 200
    _, entries = parse_entries(big_rss(30).encode(), "application/rss+xml")
    assert len(entries) == 30


def test_a_feed_above_the_byte_limit_is_refused_with_its_error_on_the_feed(
    allow_loopback, local_server, settings
):
    settings.IMPORT_MAX_FEED_BYTES = 1024 * 1024
    local_server.routes["/big.xml"] = Reply(
        big_rss(20_000), headers={"Content-Type": "application/rss+xml"}
    )
    feed = Feed.objects.create(url=local_server.url("/big.xml"))
    with pytest.raises(TooLarge):
        fetch_feed(feed)
    feed.refresh_from_db()
    assert "too large" in feed.last_error and "1 MB" in feed.last_error
    assert feed.consecutive_failures == 1
