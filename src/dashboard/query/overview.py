"""The home page's summary of what the database holds."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pandas as pd

from dashboard.store import Store

FIGURE_TYPES = ("evacuation", "displacement")


@dataclass(frozen=True)
class Figure:
    """One counted event (e.g. people evacuated) with the sentence that states it."""

    type: str
    count: int
    count_qualifier: str | None
    date: str | None
    place: str | None
    evidence: str
    article_id: str
    outlet: str | None
    title: str | None
    url: str | None
    published: date | None


@dataclass(frozen=True)
class Overview:
    articles: int = 0
    outlets: int = 0
    languages: int = 0
    places: int = 0
    events: int = 0
    statements: int = 0
    date_from: date | None = None
    date_to: date | None = None
    events_by_type: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame({"type": [], "events": []})
    )
    latest_figure: Figure | None = None

    @property
    def empty(self) -> bool:
        return self.articles == 0


def to_date(value: Any) -> date | None:
    """A date from whatever a backend returned (date, Timestamp, NaN/NaT, None)."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or pd.isna(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    return value if isinstance(value, date) else None


def _clean(value: Any) -> Any:
    return None if value is None or (not isinstance(value, str) and pd.isna(value)) else value


def overview(store: Store) -> Overview:
    """Counts, published date range, events per type and the latest evacuation or
    displacement figure."""
    from dashboard.query.summary import summaries_ready

    if summaries_ready(store):  # the same counts from the summary tables
        head = store.query(
            "SELECT CAST(COALESCE(SUM(n), 0) AS BIGINT) AS articles, "
            "COUNT(DISTINCT outlet) AS outlets, COUNT(DISTINCT language) AS languages, "
            "MIN(first_day) AS date_from, MAX(last_day) AS date_to, "
            "(SELECT CAST(COALESCE(SUM(n), 0) AS BIGINT) FROM sum_place_names) AS places, "
            "(SELECT CAST(COALESCE(SUM(n), 0) AS BIGINT) FROM sum_event_groups) AS events, "
            "(SELECT CAST(COALESCE(SUM(n), 0) AS BIGINT) FROM sum_statement_months) "
            "AS statements FROM sum_article_sources"
        ).iloc[0]
        by_type = store.query(
            "SELECT type, CAST(SUM(n) AS BIGINT) AS events FROM sum_event_groups "
            "GROUP BY type ORDER BY events DESC, type"
        )
    else:
        head = store.query(
            "SELECT COUNT(*) AS articles, COUNT(DISTINCT outlet) AS outlets, "
            "COUNT(DISTINCT language) AS languages, MIN(published) AS date_from, "
            "MAX(published) AS date_to, "
            "(SELECT COUNT(*) FROM places) AS places, "
            "(SELECT COUNT(*) FROM events) AS events, "
            "(SELECT COUNT(*) FROM statements) AS statements "
            "FROM articles"
        ).iloc[0]
        by_type = store.query(
            "SELECT type, COUNT(*) AS events FROM events GROUP BY type ORDER BY events DESC, type"
        )
    return Overview(
        articles=int(head["articles"]),
        outlets=int(head["outlets"]),
        languages=int(head["languages"]),
        places=int(head["places"]),
        events=int(head["events"]),
        statements=int(head["statements"]),
        date_from=to_date(head["date_from"]),
        date_to=to_date(head["date_to"]),
        events_by_type=by_type,
        latest_figure=latest_figure(store),
    )


def latest_figure(store: Store, types: tuple[str, ...] = FIGURE_TYPES) -> Figure | None:
    """The most recent counted event of `types` (by event date, then publication)."""
    from dashboard.query.facts import _newest_first
    from dashboard.query.filters import Where

    w = Where()
    w.one_of("e.type", types)
    w.add('e."count" IS NOT NULL')
    df = _newest_first(
        store,
        'e.type, e."count", e.count_qualifier, e."date", e.place, e.evidence, '
        "e.article_id, a.outlet, a.title, a.url, a.published",
        "events e",
        w,
        'e.date_start DESC NULLS LAST, a.published DESC NULLS LAST, e."count" DESC, e.id',
        1,
    )
    if df.empty:
        return None
    row = {k: _clean(v) for k, v in df.iloc[0].to_dict().items()}
    return Figure(
        type=row["type"],
        count=int(row["count"]),
        count_qualifier=row["count_qualifier"],
        date=row["date"],
        place=row["place"],
        evidence=row["evidence"],
        article_id=row["article_id"],
        outlet=row["outlet"],
        title=row["title"],
        url=row["url"],
        published=to_date(row["published"]),
    )
