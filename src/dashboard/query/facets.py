"""The values a filter widget can offer, read from the data rather than hard-coded."""

from __future__ import annotations

import json
from dataclasses import dataclass

from dashboard.store import Store


@dataclass(frozen=True)
class Facets:
    types: tuple[str, ...] = ()
    outlets: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    speakers: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()


# (facet, table, column): every facet's values in one query, so one round trip
_SOURCES = (
    ("types", "events", "type"),
    ("outlets", "articles", "outlet"),
    ("languages", "articles", "language"),
    ("places", "places", "name"),
    ("speakers", "statements", "speaker"),
    ("actors", "events", "actors"),
)


# the same values from the summary tables (store.summaries), a few thousand rows
_SUMMARY_TABLES = {
    "events": "sum_event_groups",
    "articles": "sum_article_sources",
    "places": "sum_place_names",
    "statements": "sum_statement_months",
}
_SUMMARY_TABLES_OF = {"actors": "sum_event_actors"}


def facets(store: Store) -> Facets:
    """Distinct values of each filter (sorted as the database sorts them); actors are
    JSON lists, so their elements are collected and sorted here."""
    from dashboard.query.summary import summaries_ready

    cubed = summaries_ready(store)

    def table_of(name: str, table: str) -> str:
        if not cubed:
            return table
        return _SUMMARY_TABLES_OF.get(name) or _SUMMARY_TABLES[table]

    sql = " UNION ALL ".join(
        f"SELECT '{name}' AS facet, {column} AS v FROM {table_of(name, table)} "
        f"WHERE {column} IS NOT NULL GROUP BY {column}"
        for name, table, column in _SOURCES
    )
    df = store.query(f"{sql} ORDER BY facet, v")
    values: dict[str, list[str]] = {name: [] for name, _, _ in _SOURCES}
    for facet, v in df.itertuples(index=False, name=None):
        values[facet].append(str(v))
    actors: set[str] = set()
    for text in values.pop("actors"):
        actors.update(json.loads(text or "[]"))
    return Facets(**{k: tuple(v) for k, v in values.items()}, actors=tuple(sorted(actors)))
