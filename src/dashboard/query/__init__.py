"""Read-side functions the pages call: DataFrames and dataclasses, no Streamlit.

All SQL here is standard and parameterised, so it runs unchanged on any `Store` backend.
"""

from __future__ import annotations

from dashboard.query.export import dumps_geojson, events_geojson, geojson_from_events, table
from dashboard.query.facets import Facets, facets
from dashboard.query.facts import (
    RELEVANCE,
    article,
    articles,
    count_articles,
    events,
    read_ahead_search,
    recent_articles,
    statements,
)
from dashboard.query.figures import (
    CASUALTY_TYPES,
    PEOPLE_TYPES,
    figure_places,
    figures,
    recent_figures,
)
from dashboard.query.filters import Filters
from dashboard.query.overview import Figure, Overview, latest_figure, overview
from dashboard.query.search import is_search

__all__ = [
    "RELEVANCE",
    "is_search",
    "CASUALTY_TYPES",
    "PEOPLE_TYPES",
    "figure_places",
    "figures",
    "Facets",
    "Figure",
    "Filters",
    "Overview",
    "article",
    "articles",
    "count_articles",
    "events",
    "dumps_geojson",
    "events_geojson",
    "geojson_from_events",
    "facets",
    "latest_figure",
    "overview",
    "read_ahead_search",
    "recent_articles",
    "recent_figures",
    "statements",
    "table",
]
