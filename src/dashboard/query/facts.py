"""Tables of events, statements and articles for the pages, each row with its source.

Every fact row carries the article's outlet, title, url and published date, because a
fact on screen is only useful next to the evidence and where it came from.
"""

from __future__ import annotations

import json

import pandas as pd

from dashboard.query.filters import Filters, Where
from dashboard.store import Store

_SOURCE_COLS = "a.outlet, a.title, a.url, a.published, a.language"
_ORDER_LIMIT = " LIMIT ?"


def _limit(sql: str, params: list, limit: int | None) -> tuple[str, list]:
    if limit is None:
        return sql, params
    return sql + _ORDER_LIMIT, [*params, int(limit)]


def _parse_lists(df: pd.DataFrame, column: str) -> pd.DataFrame:
    """JSON-text list column -> Python lists (empty list for NULL)."""
    if column in df.columns:
        df[column] = [json.loads(v) if isinstance(v, str) and v else [] for v in df[column]]
    return df


def events(store: Store, filters: Filters | None = None, limit: int | None = None) -> pd.DataFrame:
    """Events, newest first. Uses date (on date_start), types, outlets, languages, actors,
    places (event place) and text (evidence)."""
    f = filters or Filters()
    w = Where()
    w.between("e.date_start", f.date_from, f.date_to)
    w.one_of("e.type", f.types)
    w.one_of("a.outlet", f.outlets)
    w.one_of("a.language", f.languages)
    w.actors_in("e.actors", f.actors)
    w.one_of("e.place", f.places)
    w.text_in(["e.evidence"], f.text)
    sql = (
        'SELECT e.id, e.article_id, e.type, e."date", e.date_start, e.date_precision, '
        'e.place, e.lat, e.lon, e.actors, e."count", e.count_qualifier, e.evidence, '
        f"e.date_source, {_SOURCE_COLS} "
        "FROM events e JOIN articles a ON a.id = e.article_id"
        f"{w.sql} ORDER BY e.date_start DESC NULLS LAST, a.published DESC NULLS LAST, e.id"
    )
    return _parse_lists(store.query(*_limit(sql, w.params, limit)), "actors")


def statements(
    store: Store, filters: Filters | None = None, limit: int | None = None
) -> pd.DataFrame:
    """Statements, newest first. Uses date (on date_start), outlets, languages, speakers,
    places (article mentions the place) and text (evidence or quote)."""
    f = filters or Filters()
    w = Where()
    w.between("s.date_start", f.date_from, f.date_to)
    w.one_of("a.outlet", f.outlets)
    w.one_of("a.language", f.languages)
    w.one_of("s.speaker", f.speakers)
    if f.places:
        marks = ", ".join("?" for _ in f.places)
        w.add(f"s.article_id IN (SELECT article_id FROM places WHERE name IN ({marks}))", *f.places)
    w.text_in(["s.evidence", "s.quote"], f.text)
    sql = (
        'SELECT s.id, s.article_id, s.speaker, s.speaker_role, s.side, s."date", '
        f"s.date_start, s.quote, s.mode, s.evidence, {_SOURCE_COLS} "
        "FROM statements s JOIN articles a ON a.id = s.article_id"
        f"{w.sql} ORDER BY s.date_start DESC NULLS LAST, a.published DESC NULLS LAST, s.id"
    )
    return store.query(*_limit(sql, w.params, limit))


def articles(
    store: Store, filters: Filters | None = None, limit: int | None = None
) -> pd.DataFrame:
    """Articles, newest first, with fact counts. Uses date (on published), outlets,
    languages, text (title or body), and keeps articles having an event of `types`, an
    event with `actors`, a statement by `speakers` or a mention of `places`."""
    f = filters or Filters()
    w = Where()
    w.between("a.published", f.date_from, f.date_to)
    w.one_of("a.outlet", f.outlets)
    w.one_of("a.language", f.languages)
    w.text_in(["a.title", "a.body"], f.text)
    for column, table, values in (
        ("type", "events", f.types),
        ("speaker", "statements", f.speakers),
        ("name", "places", f.places),
    ):
        if values:
            marks = ", ".join("?" for _ in values)
            w.add(f"a.id IN (SELECT article_id FROM {table} WHERE {column} IN ({marks}))", *values)
    if f.actors:
        inner = Where()
        inner.actors_in("actors", f.actors)
        w.add(f"a.id IN (SELECT article_id FROM events{inner.sql})", *inner.params)
    sql = (
        "SELECT a.id, a.source, a.title, a.outlet, a.published, a.language, a.languages, "
        "a.url, a.ingested_at, "
        "(SELECT COUNT(*) FROM places p WHERE p.article_id = a.id) AS places, "
        "(SELECT COUNT(*) FROM events e WHERE e.article_id = a.id) AS events, "
        "(SELECT COUNT(*) FROM statements s WHERE s.article_id = a.id) AS statements "
        f"FROM articles a{w.sql} "
        "ORDER BY a.published DESC NULLS LAST, a.ingested_at DESC, a.id"
    )
    return _parse_lists(store.query(*_limit(sql, w.params, limit)), "languages")


def recent_articles(store: Store, limit: int = 10) -> pd.DataFrame:
    """The `limit` most recently published articles (undated ones last)."""
    return articles(store, None, limit)


def article(store: Store, article_id: str) -> dict | None:
    """One article with its body, for an evidence view; None if unknown."""
    df = store.query(
        "SELECT id, source, title, outlet, published, language, languages, body, url "
        "FROM articles WHERE id = ?",
        [article_id],
    )
    if df.empty:
        return None
    row = df.iloc[0].to_dict()
    row["languages"] = json.loads(row["languages"]) if row.get("languages") else []
    return row
