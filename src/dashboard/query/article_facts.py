"""Every fact read from one article, for the article view that highlights their evidence.

A separate query (not `events()` filtered in pandas) because the view needs the places
too, and only one article's rows, each with the exact sentence it was read from.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from dashboard.query.facts import _parse_lists
from dashboard.store import Store


def _empty(*columns: str) -> pd.DataFrame:
    return pd.DataFrame({c: [] for c in columns})


@dataclass(frozen=True)
class ArticleFacts:
    """Places, events and statements of one article, in the order they appear in it."""

    places: pd.DataFrame = field(default_factory=lambda: _empty("name", "evidence"))
    events: pd.DataFrame = field(default_factory=lambda: _empty("type", "evidence"))
    statements: pd.DataFrame = field(default_factory=lambda: _empty("speaker", "evidence"))

    @property
    def empty(self) -> bool:
        return self.places.empty and self.events.empty and self.statements.empty


def article_facts(store: Store, article_id: str) -> ArticleFacts:
    """The facts of `article_id` (empty tables for an unknown id).

    Rows are ordered by where their evidence first occurs in the body, so the tables below
    the article read in the same order as the highlights."""
    order = "STRPOS(a.body, x.evidence), x.id"
    join = "JOIN articles a ON a.id = x.article_id WHERE x.article_id = ?"
    places = store.query(
        "SELECT x.id, x.name, x.surface, x.kind, x.lat, x.lon, x.evidence "
        f"FROM places x {join} ORDER BY {order}",
        [article_id],
    )
    events = store.query(
        'SELECT x.id, x.type, x."date", x.date_precision, x.time_precision, x.place, '
        'x.geo_precision, x.place_source, x.actors, x."count", x.count_qualifier, x.evidence '
        f"FROM events x {join} ORDER BY {order}",
        [article_id],
    )
    statements = store.query(
        'SELECT x.id, x.speaker, x.speaker_role, x.side, x."date", x.mode, x.quote, '
        f"x.evidence FROM statements x {join} ORDER BY {order}",
        [article_id],
    )
    return ArticleFacts(places=places, events=_parse_lists(events, "actors"), statements=statements)
