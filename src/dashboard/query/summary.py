"""Counts and aggregates computed in the database, so that a page over a million events
receives a few thousand rows at most, never every fact.

The pages use them once a filtered view is too large to draw point by point (see each
page's limit); they agree with what the same page computes in pandas from the full rows.
Counts skip the join to `articles` unless an outlet or language filter needs it, and
then use a semi-join on the few matching articles.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd

from dashboard.query.facts import (
    LOCATED,
    SIDE,
    _scalar,
    event_where,
    statement_where,
)
from dashboard.query.filters import Filters, Where
from dashboard.query.overview import to_date
from dashboard.store import Store


@dataclass(frozen=True)
class Span:
    """How many rows a table holds and the first and last date among them."""

    rows: int = 0
    first: date | None = None
    last: date | None = None

    @property
    def bounds(self) -> tuple[date | None, date | None]:
        return self.first, self.last


def _span(store: Store, sql: str, params: Sequence[Any] = ()) -> Span:
    df = store.query(sql, list(params))
    if df.empty:
        return Span()
    row = df.iloc[0]
    return Span(int(row["n"]), to_date(row["first"]), to_date(row["last"]))


def event_span(store: Store) -> Span:
    """Every event: how many, first and last `date_start` (the map's date range)."""
    return _span(
        store, "SELECT COUNT(*) AS n, MIN(date_start) AS first, MAX(date_start) AS last FROM events"
    )


def count_events(store: Store, filters: Filters | None = None) -> int:
    """How many events `events(store, filters)` returns."""
    w = event_where(filters or Filters(), joined=False)
    return _scalar(store, f"SELECT COUNT(*) AS n FROM events e{w.sql}", w.params)


def map_groups(store: Store, filters: Filters | None = None) -> pd.DataFrame:
    """The filtered events grouped by (lat, lon, type, place), with `events`, `first` and
    `last` (date_start) per group and `located` telling placeable groups apart.

    Events take their coordinates from a gazetteer, so there are few groups however many
    events: the map counts, sizes and aggregates from these rows (`map.build_map_groups`)."""
    w = event_where(filters or Filters(), joined=False)
    sql = (
        f"SELECT e.lat, e.lon, e.type, e.place, {LOCATED} AS located, "
        "COUNT(*) AS events, MIN(e.date_start) AS first, MAX(e.date_start) AS last "
        f"FROM events e{w.sql} GROUP BY e.lat, e.lon, e.type, e.place"
    )
    df = store.query(sql, w.params)
    df["located"] = df["located"].astype(bool)
    return df


# -- statements ----------------------------------------------------------------------


@dataclass(frozen=True)
class StatementSpan(Span):
    """`Span` of all statements plus how many each side has (as the page names sides)."""

    sides: tuple[tuple[str, int], ...] = ()


def statement_span(store: Store) -> StatementSpan:
    head = _span(
        store,
        "SELECT COUNT(*) AS n, MIN(date_start) AS first, MAX(date_start) AS last FROM statements",
    )
    by_side = store.query(f"SELECT {SIDE} AS side, COUNT(*) AS n FROM statements s GROUP BY 1")
    sides = tuple((str(s), int(n)) for s, n in by_side.itertuples(index=False, name=None))
    return StatementSpan(head.rows, head.first, head.last, sides)


def count_statements(
    store: Store, filters: Filters | None = None, sides: Sequence[str] = ()
) -> int:
    w = statement_where(filters or Filters(), sides, joined=False)
    return _scalar(store, f"SELECT COUNT(*) AS n FROM statements s{w.sql}", w.params)


def statement_timeline(
    store: Store,
    filters: Filters | None = None,
    sides: Sequence[str] = (),
    monthly: bool = False,
) -> pd.DataFrame:
    """Statements counted per (speaker, side, day or month): `statements` and how many of
    them are `direct` quotes; the timeline of a view too large to draw one point per
    statement. `period` is the day, or the first day of the month when `monthly`; it is
    missing (NaT) for the undated statements, so the counts add up to the whole view."""
    w = statement_where(filters or Filters(), sides, joined=False)
    if monthly:
        period = "EXTRACT(YEAR FROM s.date_start) AS y, EXTRACT(MONTH FROM s.date_start) AS m"
        keys = "y, m"
    else:
        period = "s.date_start AS period"
        keys = "period"
    sql = (
        f"SELECT s.speaker, {SIDE} AS side, {period}, COUNT(*) AS statements, "
        "SUM(CASE WHEN s.mode = 'direct' THEN 1 ELSE 0 END) AS direct "
        f"FROM statements s{w.sql} GROUP BY s.speaker, 2, {keys}"
    )
    df = store.query(sql, w.params)
    if monthly:
        dated = df["y"].notna()
        period = pd.Series(pd.NaT, index=df.index, dtype="datetime64[ns]")
        if dated.any():
            period[dated] = pd.to_datetime(
                {
                    "year": df.loc[dated, "y"].astype(int),
                    "month": df.loc[dated, "m"].astype(int),
                    "day": 1,
                }
            )
        df["period"] = period
        df = df.drop(columns=["y", "m"])
    else:
        df["period"] = pd.to_datetime(df["period"])
    df["statements"] = df["statements"].astype("int64")
    df["direct"] = df["direct"].fillna(0).astype("int64")
    return df


# -- reported figures ------------------------------------------------------------------


def figure_where(f: Filters, types: Sequence[str], joined: bool = True) -> Where:
    """The WHERE clause of `figures` (see there)."""
    from dashboard.query.facts import article_filter

    w = Where()
    w.add('e."count" IS NOT NULL')
    w.one_of("e.type", types)
    w.between("e.date_start", f.date_from, f.date_to)
    article_filter(w, f, "e.article_id", joined)
    w.one_of("e.place", f.places)
    return w


def figure_span(store: Store, types: Sequence[str]) -> Span:
    w = figure_where(Filters(), types, joined=False)
    return _span(
        store,
        f"SELECT COUNT(*) AS n, MIN(e.date_start) AS first, MAX(e.date_start) AS last "
        f"FROM events e{w.sql}",
        w.params,
    )


def count_figures(store: Store, filters: Filters | None, types: Sequence[str]) -> int:
    w = figure_where(filters or Filters(), types, joined=False)
    return _scalar(store, f"SELECT COUNT(*) AS n FROM events e{w.sql}", w.params)


def figure_days(
    store: Store,
    filters: Filters | None,
    types: Sequence[str],
    measures: Mapping[str, str],
) -> pd.DataFrame:
    """Per measure and day: lowest and highest figure, how many figures and outlets (the
    Evacuations page's `daily_range`, computed in the database). `measures` maps an event
    type to the measure it counts (types not in it are their own measure). Undated
    figures are one row per measure with no day (NaT), so `figures` adds up to the view."""
    f = filters or Filters()
    w = figure_where(f, types, joined=True)
    cases = " ".join("WHEN e.type = ? THEN ?" for _ in measures)
    case_params = [x for kv in measures.items() for x in kv]
    measure = f"CASE {cases} ELSE e.type END" if measures else "e.type"
    sql = (
        f'SELECT {measure} AS measure, e.date_start AS day, MIN(e."count") AS low, '
        'MAX(e."count") AS high, COUNT(*) AS figures, '
        "COUNT(DISTINCT COALESCE(NULLIF(a.outlet, ''), 'unknown outlet')) AS outlets "
        "FROM events e JOIN articles a ON a.id = e.article_id"
        f"{w.sql} GROUP BY 1, 2 ORDER BY 1, 2 NULLS LAST"
    )
    df = store.query(sql, [*case_params, *w.params])
    df["day"] = pd.to_datetime(df["day"])
    for c in ("low", "high", "figures", "outlets"):
        df[c] = df[c].astype("int64")
    return df
