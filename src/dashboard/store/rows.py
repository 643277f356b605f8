"""Turn `Extraction`s into plain rows, independent of any database driver.

Fact ids are content hashes, so writing the same fact twice can never duplicate it and
two backends given the same input agree on every id.

`extraction_rows` builds one article's rows as tuples in `schema.COLUMNS` order (an
`ArticleRows`): cheap to build, to pickle from an ingest worker to the writer and to turn
into columns. The dict rows (`article_row`, `fact_rows`) are the same values by name.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime
from typing import Any, NamedTuple

from dashboard.models import Article, Event, Extraction, Place, Statement
from dashboard.store.base import FACT_TABLES
from dashboard.store.schema import ARTICLE_SOURCE, COLUMNS, SOURCED_FACTS
from dashboard.store.terms import search_rows

Row = dict[str, Any]

# json.dumps(..., ensure_ascii=False, sort_keys=True, default=str) without building an
# encoder per call: the same text, so the same ids
_ID_JSON = json.JSONEncoder(ensure_ascii=False, sort_keys=True, default=str).encode
_LIST_JSON = json.JSONEncoder(ensure_ascii=False).encode
_EVENT_FIELDS = tuple(Event.__dataclass_fields__)
_STATEMENT_FIELDS = tuple(Statement.__dataclass_fields__)


def fact_id(*parts: object) -> str:
    """Stable 20-hex-digit id of the given parts (None and "" differ)."""
    return hashlib.sha256(_ID_JSON(parts).encode("utf-8")).hexdigest()[:20]


def parse_day(value: str | None) -> date | None:
    """`YYYY-MM-DD` -> date; anything else (None, partial, malformed) -> None."""
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10]) if len(value) >= 10 else None
    except ValueError:
        return None


def period_start(value: str | None) -> date | None:
    """First day of a YYYY-MM-DD / YYYY-MM / YYYY period, so ranges can be filtered."""
    if not value:
        return None
    value = value.strip()
    try:
        if len(value) == 4:
            return date(int(value), 1, 1)
        if len(value) == 7:
            return date(int(value[:4]), int(value[5:7]), 1)
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def to_json_list(values: list[str] | None) -> str:
    return _LIST_JSON(list(values or []))


class ArticleRows(NamedTuple):
    """One article's rows, ready to insert: tuples in `schema.COLUMNS` order, facts with
    repeated ids dropped (first kept). `article` stops before `ingested_at`, which the
    store adds when it writes."""

    id: str
    source: str
    article: tuple
    places: list[tuple]
    events: list[tuple]
    statements: list[tuple]
    # the article's search rows (`article_terms`, `article_words`), see `store.terms`
    terms: list[tuple] = []
    words: tuple = ()

    def facts(self) -> int:
        return len(self.places) + len(self.events) + len(self.statements)


def article_values(article: Article) -> tuple:
    """The article's columns, `ingested_at` left out."""
    return (
        article.id,
        article.source,
        article.title,
        article.outlet,
        parse_day(article.published),
        article.language,
        to_json_list(article.languages),
        article.body,
        article.url,
    )


def place_values(article_id: str, place: Place) -> tuple:
    return (
        fact_id("place", article_id, place.name, place.evidence),
        article_id,
        place.name,
        place.surface,
        place.lat,
        place.lon,
        place.kind,
        place.evidence,
    )


# an article's outlet, language and publication date, as its facts carry them
# (`schema.ARTICLE_SOURCE`); unknown until the article is looked up
Source = tuple[str | None, str | None, date | None]
NO_SOURCE: Source = (None, None, None)


def article_source(article: Article) -> Source:
    """The `schema.ARTICLE_SOURCE` values of `article`'s facts."""
    return (article.outlet, article.language, parse_day(article.published))


def event_values(article_id: str, event: Event, source: Source = NO_SOURCE) -> tuple:
    # the id hashes every field, as dataclasses.asdict(event) would give them
    fields = {f: getattr(event, f) for f in _EVENT_FIELDS}
    return (
        fact_id("event", article_id, fields),
        article_id,
        event.type,
        event.date,
        period_start(event.date),
        event.date_precision,
        event.place,
        event.lat,
        event.lon,
        to_json_list(event.actors),
        event.count,
        event.count_qualifier,
        event.evidence,
        event.date_source,
        event.time_precision,
        event.geo_precision,
        event.place_source,
        to_json_list(event.evidence_all),
        *source,
    )


def statement_values(article_id: str, statement: Statement, source: Source = NO_SOURCE) -> tuple:
    fields = {f: getattr(statement, f) for f in _STATEMENT_FIELDS}
    return (
        fact_id("statement", article_id, fields),
        article_id,
        statement.speaker,
        statement.speaker_role,
        statement.side,
        statement.date,
        period_start(statement.date),
        statement.quote,
        statement.mode,
        statement.evidence,
        *source,
    )


def _unique(rows: list[tuple]) -> list[tuple]:
    """First row of each id, in order."""
    if len(rows) < 2:
        return rows
    first: dict[str, tuple] = {}
    for row in rows:
        first.setdefault(row[0], row)
    return list(first.values()) if len(first) < len(rows) else rows


def extraction_rows(ex: Extraction) -> ArticleRows:
    """Every row one extraction stores."""
    aid = ex.article.id
    values = article_values(ex.article)
    terms, words = search_rows(aid, ex.article.title, ex.article.body, values[4])
    source = article_source(ex.article)
    return ArticleRows(
        aid,
        ex.article.source,
        values,
        _unique([place_values(aid, p) for p in ex.places]),
        _unique([event_values(aid, e, source) for e in ex.events]),
        _unique([statement_values(aid, s, source) for s in ex.statements]),
        terms,
        words,
    )


def as_rows(item: Extraction | ArticleRows) -> ArticleRows:
    return item if isinstance(item, ArticleRows) else extraction_rows(item)


def article_row(article: Article, ingested_at: datetime) -> Row:
    return dict(zip(COLUMNS["articles"], (*article_values(article), ingested_at), strict=True))


def place_row(article_id: str, place: Place) -> Row:
    return dict(zip(COLUMNS["places"], place_values(article_id, place), strict=True))


def event_row(article_id: str, event: Event) -> Row:
    """The event's row; its article's columns (`ARTICLE_SOURCE`) are left empty, for
    `Store.insert_rows` fills them from the stored article."""
    return dict(zip(COLUMNS["events"], event_values(article_id, event), strict=True))


def statement_row(article_id: str, statement: Statement) -> Row:
    """The statement's row (article's columns empty, as `event_row`)."""
    return dict(zip(COLUMNS["statements"], statement_values(article_id, statement), strict=True))


def article_sources(
    rows: Callable[[str, Sequence], list[tuple]], ids: list[str]
) -> dict[str, Source]:
    """The stored `ARTICLE_SOURCE` values of the articles `ids`, by id; `rows` runs one
    query (`?` placeholders) in the writer's transaction."""
    found = rows(
        f"SELECT a.id, {', '.join('a.' + c for c in ARTICLE_SOURCE)} FROM articles a "
        "JOIN (SELECT UNNEST(CAST(? AS VARCHAR[])) AS id) w ON w.id = a.id",
        [ids],
    )
    return {row[0]: tuple(row[1:]) for row in found}


def with_article_source(
    table: str, rows: Sequence[Row], lookup: Callable[[list[str]], Mapping[str, Source]]
) -> list[Row]:
    """`rows` of `table` with their articles' outlet, language and publication date
    (`ARTICLE_SOURCE`), taken from `lookup` (article ids -> their stored values) whatever
    the rows say: a fact carries its article's values, never others (a copy from a
    database older than version 10 has none). Other tables' rows are returned as given."""
    if table not in SOURCED_FACTS or not rows:
        return list(rows)
    found = lookup(sorted({row["article_id"] for row in rows}))
    return [
        {**row, **dict(zip(ARTICLE_SOURCE, found.get(row["article_id"], NO_SOURCE), strict=True))}
        for row in rows
    ]


def fact_rows(table: str, extractions: list[Extraction]) -> list[Row]:
    """Rows of one fact table for `extractions`, first occurrence of each id kept."""
    if table not in FACT_TABLES:
        raise ValueError(f"not a fact table: {table}")
    rows: dict[str, Row] = {}
    columns = COLUMNS[table]
    for ex in extractions:
        for values in getattr(as_rows(ex), table):
            rows.setdefault(values[0], dict(zip(columns, values, strict=True)))
    return list(rows.values())
