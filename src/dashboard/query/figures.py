"""Reported figures (how many people were evacuated, displaced, killed) with their source.

Every figure stays its own row: outlets disagree, and a page that sums or averages them
would hide exactly what a reader needs to see. The page draws the daily spread from these
rows; the query only selects them.
"""

from __future__ import annotations

import pandas as pd

from dashboard.query.filters import Filters, Where
from dashboard.store import Store

PEOPLE_TYPES = ("evacuation", "displacement")
CASUALTY_TYPES = ("casualties",)


def figures(
    store: Store,
    filters: Filters | None = None,
    types: tuple[str, ...] = PEOPLE_TYPES,
    limit: int | None = None,
) -> pd.DataFrame:
    """Counted events of `types`, oldest first (undated last). Uses date (on date_start),
    outlets, languages and places (event place); `filters.types` is ignored in favour of
    `types`, since the page decides which figures are comparable. `limit` keeps the
    first rows."""
    f = filters or Filters()
    w = Where()
    w.add('e."count" IS NOT NULL')
    w.one_of("e.type", types)
    w.between("e.date_start", f.date_from, f.date_to)
    w.one_of("a.outlet", f.outlets)
    w.one_of("a.language", f.languages)
    w.one_of("e.place", f.places)
    sql = (
        'SELECT e.id, e.article_id, e.type, e."date", e.date_start, e.date_precision, '
        'e.place, e."count", e.count_qualifier, e.evidence, '
        "a.outlet, a.title, a.url, a.published, a.language "
        "FROM events e JOIN articles a ON a.id = e.article_id"
        f'{w.sql} ORDER BY e.date_start NULLS LAST, a.outlet, e."count", e.id'
    )
    if limit is not None:
        return store.query(sql + " LIMIT ?", [*w.params, int(limit)])
    return store.query(sql, w.params)


def recent_figures(
    store: Store, filters: Filters | None, types: tuple[str, ...], limit: int
) -> pd.DataFrame:
    """The `limit` most recent figures (as `figures` returns them, newest first)."""
    from dashboard.query.facts import _newest_first, fact_sources_ready
    from dashboard.query.summary import figure_cut, figure_where

    sourced = fact_sources_ready(store)
    w = figure_where(filters or Filters(), types, joined=False, sourced=sourced)
    select = (
        'e.id, e.article_id, e.type, e."date", e.date_start, e.date_precision, '
        'e.place, e."count", e.count_qualifier, e.evidence, '
        "a.outlet, a.title, a.url, a.published, a.language"
    )
    order = 'e.date_start DESC NULLS LAST, a.outlet, e."count", e.id'
    cut = figure_cut(store, filters or Filters(), types, int(limit))
    return _newest_first(store, select, "events e", w, order, limit, cut, sourced)


def figure_places(store: Store, types: tuple[str, ...] = PEOPLE_TYPES) -> tuple[str, ...]:
    """Places that have a counted event of `types`: the place filter's useful choices.

    From the summaries when the database has them: the places with an event of `types`
    (a few thousand rows of `sum_event_groups`), each kept if the counted events' summary
    holds a row of it, found by place (an index lookup on PostgreSQL, where collecting
    the distinct places of every counted event cost 100-300 ms at 1M events)."""
    from dashboard.query.summary import summaries_ready

    w = Where()
    w.add("g.place IS NOT NULL")
    w.one_of("g.type", types)
    if summaries_ready(store):
        counted = Where()
        counted.add("s.place = p.place")
        counted.one_of("s.type", types)
        sql = (
            f"SELECT p.place FROM (SELECT DISTINCT g.place FROM sum_event_groups g{w.sql}) p "
            f"WHERE EXISTS (SELECT 1 FROM sum_figure_day_sources s{counted.sql}) ORDER BY p.place"
        )
        params = [*w.params, *counted.params]
    else:
        w.add('g."count" IS NOT NULL')
        sql = f"SELECT DISTINCT g.place FROM events g{w.sql} ORDER BY g.place"
        params = w.params
    df = store.query(sql, params)
    return tuple(str(v) for v in df["place"])
