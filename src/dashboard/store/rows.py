"""Turn `Extraction`s into plain rows, independent of any database driver.

Fact ids are content hashes, so writing the same fact twice can never duplicate it and
two backends given the same input agree on every id.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict
from datetime import date, datetime
from typing import Any

from dashboard.models import Article, Event, Extraction, Place, Statement

Row = dict[str, Any]


def fact_id(*parts: object) -> str:
    """Stable 20-hex-digit id of the given parts (None and "" differ)."""
    text = json.dumps(parts, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]


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
    return json.dumps(list(values or []), ensure_ascii=False)


def article_row(article: Article, ingested_at: datetime) -> Row:
    return {
        "id": article.id,
        "source": article.source,
        "title": article.title,
        "outlet": article.outlet,
        "published": parse_day(article.published),
        "language": article.language,
        "languages": to_json_list(article.languages),
        "body": article.body,
        "url": article.url,
        "ingested_at": ingested_at,
    }


def place_row(article_id: str, place: Place) -> Row:
    return {
        "id": fact_id("place", article_id, place.name, place.evidence),
        "article_id": article_id,
        **asdict(place),
    }


def event_row(article_id: str, event: Event) -> Row:
    return {
        "id": fact_id("event", article_id, asdict(event)),
        "article_id": article_id,
        "type": event.type,
        "date": event.date,
        "date_start": period_start(event.date),
        "date_precision": event.date_precision,
        "place": event.place,
        "lat": event.lat,
        "lon": event.lon,
        "actors": to_json_list(event.actors),
        "count": event.count,
        "count_qualifier": event.count_qualifier,
        "evidence": event.evidence,
        "date_source": event.date_source,
    }


def statement_row(article_id: str, statement: Statement) -> Row:
    return {
        "id": fact_id("statement", article_id, asdict(statement)),
        "article_id": article_id,
        "speaker": statement.speaker,
        "speaker_role": statement.speaker_role,
        "side": statement.side,
        "date": statement.date,
        "date_start": period_start(statement.date),
        "quote": statement.quote,
        "mode": statement.mode,
        "evidence": statement.evidence,
    }


def fact_rows(table: str, extractions: list[Extraction]) -> list[Row]:
    """Rows of one fact table for `extractions`, first occurrence of each id kept."""
    rows: dict[str, Row] = {}
    for ex in extractions:
        aid = ex.article.id
        if table == "places":
            built = [place_row(aid, p) for p in ex.places]
        elif table == "events":
            built = [event_row(aid, e) for e in ex.events]
        elif table == "statements":
            built = [statement_row(aid, s) for s in ex.statements]
        else:
            raise ValueError(f"not a fact table: {table}")
        for row in built:
            rows.setdefault(row["id"], row)
    return list(rows.values())
