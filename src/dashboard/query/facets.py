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


def _distinct(store: Store, table: str, column: str) -> tuple[str, ...]:
    df = store.query(
        f"SELECT DISTINCT {column} AS v FROM {table} WHERE {column} IS NOT NULL ORDER BY v"
    )
    return tuple(str(v) for v in df["v"])


def facets(store: Store) -> Facets:
    actors: set[str] = set()
    for text in store.query("SELECT DISTINCT actors FROM events WHERE actors IS NOT NULL")[
        "actors"
    ]:
        actors.update(json.loads(text or "[]"))
    return Facets(
        types=_distinct(store, "events", "type"),
        outlets=_distinct(store, "articles", "outlet"),
        languages=_distinct(store, "articles", "language"),
        places=_distinct(store, "places", "name"),
        speakers=_distinct(store, "statements", "speaker"),
        actors=tuple(sorted(actors)),
    )
