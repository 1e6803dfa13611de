"""Canonical URLs: the same page reached through tracking links, AMP or case variants is one URL."""

import pytest

from sources.canonical import canonical_url

STORY = "https://www.example.org/africa/mali-attacks-2025"


@pytest.mark.parametrize(
    "variant",
    [
        "https://www.example.org/africa/mali-attacks-2025",
        "HTTPS://WWW.Example.ORG/africa/mali-attacks-2025",
        "https://www.example.org/africa/mali-attacks-2025/",
        "https://www.example.org:443/africa/mali-attacks-2025",
        "https://www.example.org/africa/mali-attacks-2025#comments",
        "https://www.example.org/africa/mali-attacks-2025?utm_source=tw&utm_medium=social",
        "https://www.example.org/africa/mali-attacks-2025?fbclid=IwAR0abc&gclid=xyz",
        "https://www.example.org/africa/mali-attacks-2025?amp=1",
        "https://www.example.org/africa/mali-attacks-2025/amp",
        "https://www.example.org/africa/mali-attacks-2025/amp/",
        "https://www.example.org/amp/africa/mali-attacks-2025",
        "https://amp.www.example.org/africa/mali-attacks-2025",
        "https://www.example.org/africa/mali-attacks-2025.amp",
    ],
)
def test_variants_of_one_story_share_its_canonical_url(variant):
    assert canonical_url(variant) == STORY


def test_meaningful_query_parameters_are_kept_in_a_stable_order():
    assert canonical_url("https://news.example.org/article?page=2&id=77&utm_campaign=x") == (
        "https://news.example.org/article?id=77&page=2"
    )


def test_different_stories_stay_different():
    assert canonical_url("https://example.org/a?id=1") != canonical_url(
        "https://example.org/a?id=2"
    )
    assert canonical_url("http://example.org/a") != canonical_url("https://example.org/a")


def test_amp_html_suffix_and_credentials_are_dropped():
    assert canonical_url("https://user:pw@example.org/story.amp.html") == (
        "https://example.org/story.html"
    )


def test_empty_url_stays_empty():
    assert canonical_url("  ") == ""
