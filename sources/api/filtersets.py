"""Article filters (sources never imports incidents, so they live here)."""

from __future__ import annotations

import django_filters as filters
from django.db import connection
from django.db.models import Q

from analysts.api.filters import (
    IdModelChoiceFilter,
    UTCIsoDateTimeFilter,
)
from analysts.markings import TLP
from analysts.search_limits import SEARCH_MAX_CHARS
from sources.models import Article, Feed, Outlet
from sources.search import article_search_vector, search_query


class ArticleFilterSet(filters.FilterSet):
    q = filters.CharFilter(
        method="filter_q",
        max_length=SEARCH_MAX_CHARS,
        label='Words in the title or text (PostgreSQL: whole words, "a phrase", or, -word).',
    )
    outlet = IdModelChoiceFilter(queryset=Outlet.objects.all(), label="Outlet id.")
    language = filters.CharFilter(max_length=8, label="Language code, e.g. fr.")
    published_after = UTCIsoDateTimeFilter(field_name="published_at", lookup_expr="gte")
    published_before = UTCIsoDateTimeFilter(field_name="published_at", lookup_expr="lte")
    tlp = filters.ChoiceFilter(choices=TLP.choices)

    class Meta:
        model = Article
        fields: list[str] = []

    def filter_q(self, queryset, name, value):
        if not value.strip():
            return queryset
        if connection.vendor == "postgresql":
            # The indexed full-text search (`sources.search`), as the incident filter's.
            return queryset.alias(document=article_search_vector()).filter(
                document=search_query(value)
            )
        for word in value.split():
            queryset = queryset.filter(Q(title__icontains=word) | Q(text__icontains=word))
        return queryset


class FeedFilterSet(filters.FilterSet):
    outlet = IdModelChoiceFilter(queryset=Outlet.objects.all(), label="Outlet id.")

    class Meta:
        model = Feed
        fields: list[str] = []
