"""Full-text search over articles: one expression for the query and its GIN index.

`article_search_vector()` is what `ArticleFilterSet.q` and the incident filter's "words in a
source" (`incidents.filtersets`) search on PostgreSQL; migration `0003_article_search_index`
builds a GIN index on exactly the expression it compiles to, so a search reads the index instead
of every article's text. The 'simple' configuration: no stemming or stop words, names as written
(place names and group acronyms are what analysts search for), in English and French alike.
"""

from __future__ import annotations

from django.contrib.postgres.search import SearchQuery, SearchVector

SEARCH_CONFIG = "simple"


def article_search_vector(prefix: str = "") -> SearchVector:
    """An article's text and title as a tsvector; `prefix` reaches it through a relation
    (`"article__"` from an incident's sources)."""
    return SearchVector(f"{prefix}text", f"{prefix}title", config=SEARCH_CONFIG)


def search_query(words: str) -> SearchQuery:
    """What a person types: words, "quoted phrases", `or`, `-excluded`."""
    return SearchQuery(words, config=SEARCH_CONFIG, search_type="websearch")
