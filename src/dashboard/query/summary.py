"""Counts and aggregates computed in the database, so that a page over a million events
receives a few thousand rows at most, never every fact.

The pages use them once a filtered view is too large to draw point by point (see each
page's limit); they agree with what the same page computes in pandas from the full rows.
Counts skip the join to `articles` unless an outlet or language filter needs it, and
then use a semi-join on the few matching articles.

Where the filters allow, they read the summary tables (`store.summaries`: the facts
counted per type, place, day, outlet, language...) instead of the facts: the smallest
summary that has every column the filters and groups need (`_cube`). A filter no summary
has (a text search, actors, a place mentioned by a statement's article) reads the facts.
Both give the same rows (tested on both backends).
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
    UNLOCATED,
    _scalar,
    event_where,
    fact_sources_ready,
    statement_where,
)
from dashboard.query.filters import Filters, Where
from dashboard.query.overview import to_date
from dashboard.store import Store
from dashboard.store import figure_groups as groups
from dashboard.store import summaries as cubes
from dashboard.store.summaries import Cube


@dataclass(frozen=True)
class Span:
    """How many rows a table holds and the first and last date among them."""

    rows: int = 0
    first: date | None = None
    last: date | None = None

    @property
    def bounds(self) -> tuple[date | None, date | None]:
        return self.first, self.last


def summaries_ready(store: Store) -> bool:
    """Whether the database has the summary tables (migration 0006): a read-only store
    may open a database that no writer has migrated yet. Asked of the catalog, not the
    version, so that a database whose version 6 was another branch's placeholder reads
    the facts instead of failing."""
    if getattr(store, "_summaries_ready", False):
        return True
    df = store.query(
        "SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_name = ?",
        [cubes.CUBES[-1].name],
    )
    ready = bool(len(df)) and int(df.iloc[0, 0]) > 0
    if ready:  # tables are never dropped: remember it
        store._summaries_ready = True  # type: ignore[attr-defined]
    return ready


def _cube(store: Store, family: Sequence[Cube], needed: set[str]) -> Cube | None:
    """The smallest summary of `family` with every `needed` column, if the database has
    summaries (None: read the facts)."""
    found = cubes.pick(family, needed)
    return found if found is not None and summaries_ready(store) else None


def _needed(f: Filters, *, dates: bool = True) -> set[str]:
    """The summary columns the outlet, language, type, place and date filters of `f` use."""
    needed = set()
    if dates and (f.date_from is not None or f.date_to is not None):
        needed.add("date_start")
    for column, values in (
        ("outlet", f.outlets),
        ("language", f.languages),
        ("type", f.types),
        ("place", f.places),
    ):
        if values:
            needed.add(column)
    return needed


def _cube_where(f: Filters, alias: str, cube: Cube, types: bool = True) -> Where:
    """`f`'s filters on a summary's columns (only those it has: see `_needed`)."""
    w = Where()
    if "date_start" in cube.dim_names:
        w.between(f"{alias}.date_start", f.date_from, f.date_to)
    if types:
        w.one_of(f"{alias}.type", f.types)
    w.one_of(f"{alias}.outlet", f.outlets)
    w.one_of(f"{alias}.language", f.languages)
    if "place" in cube.dim_names:
        w.one_of(f"{alias}.place", f.places)
    return w


def _span(store: Store, sql: str, params: Sequence[Any] = ()) -> Span:
    df = store.query(sql, list(params))
    if df.empty:
        return Span()
    row = df.iloc[0]
    return Span(int(row["n"]), to_date(row["first"]), to_date(row["last"]))


def event_span(store: Store) -> Span:
    """Every event: how many, first and last `date_start` (the map's date range)."""
    if _cube(store, cubes.EVENT_CUBES, set()) is not None:
        return _span(
            store,
            "SELECT CAST(COALESCE(SUM(n), 0) AS BIGINT) AS n, MIN(first_day) AS first, MAX(last_day) AS last "
            "FROM sum_event_groups",
        )
    return _span(
        store, "SELECT COUNT(*) AS n, MIN(date_start) AS first, MAX(date_start) AS last FROM events"
    )


def _event_cube(store: Store, f: Filters, needed: set[str] = frozenset()) -> Cube | None:
    """The summary that answers an event aggregate under `f` (None: read the events)."""
    if f.actors or (f.text and f.text.strip()):
        return None
    return _cube(store, cubes.EVENT_CUBES, {"type", "place", "lat", "lon", *_needed(f), *needed})


def _event_cube_where(f: Filters, cube: Cube) -> Where:
    w = _cube_where(f, "e", cube)
    if f.exact:
        w.add("e.exact")
    return w


def count_events(store: Store, filters: Filters | None = None) -> int:
    """How many events `events(store, filters)` returns."""
    f = filters or Filters()
    cube = _event_cube(store, f)
    if cube is not None:
        w = _event_cube_where(f, cube)
        sql = f"SELECT CAST(COALESCE(SUM(e.n), 0) AS BIGINT) AS n FROM {cube.name} e{w.sql}"
        return _scalar(store, sql, w.params)
    w = event_where(f, joined=False, sourced=fact_sources_ready(store))
    return _scalar(store, f"SELECT COUNT(*) AS n FROM events e{w.sql}", w.params)


def map_groups(store: Store, filters: Filters | None = None) -> pd.DataFrame:
    """The filtered events grouped by (lat, lon, type, place), with `events`, `first` and
    `last` (date_start) per group and `located` telling placeable groups apart.

    Events take their coordinates from a gazetteer, so there are few groups however many
    events: the map counts, sizes and aggregates from these rows (`map.build_map_groups`)."""
    f = filters or Filters()
    cube = _event_cube(store, f)
    if cube is not None:
        w = _event_cube_where(f, cube)
        first, last = (
            ("e.first_day", "e.last_day")
            if "date_start" not in cube.dim_names
            else ("e.date_start", "e.date_start")
        )
        sql = (
            f"SELECT e.lat, e.lon, e.type, e.place, {LOCATED} AS located, "
            f"CAST(SUM(e.n) AS BIGINT) AS events, MIN({first}) AS first, MAX({last}) AS last "
            f"FROM {cube.name} e{w.sql} GROUP BY e.lat, e.lon, e.type, e.place"
        )
    else:
        w = event_where(f, joined=False, sourced=fact_sources_ready(store))
        sql = (
            f"SELECT e.lat, e.lon, e.type, e.place, {LOCATED} AS located, "
            "COUNT(*) AS events, MIN(e.date_start) AS first, MAX(e.date_start) AS last "
            f"FROM events e{w.sql} GROUP BY e.lat, e.lon, e.type, e.place"
        )
    df = store.query(sql, w.params)
    df["events"] = df["events"].astype("int64")
    df["located"] = df["located"].astype(bool)
    return df


# -- statements ----------------------------------------------------------------------


@dataclass(frozen=True)
class StatementSpan(Span):
    """`Span` of all statements plus how many each side has (as the page names sides)."""

    sides: tuple[tuple[str, int], ...] = ()


def statement_span(store: Store) -> StatementSpan:
    cube = _cube(store, cubes.STATEMENT_CUBES, {"date_start"})
    if cube is not None:
        head = _span(
            store,
            "SELECT CAST(COALESCE(SUM(n), 0) AS BIGINT) AS n, MIN(date_start) AS first, "
            f"MAX(date_start) AS last FROM {cube.name}",
        )
        by_side = store.query(
            f"SELECT {SIDE} AS side, CAST(SUM(s.n) AS BIGINT) AS n "
            f"FROM {cubes.STATEMENT_CUBES[0].name} s GROUP BY 1 ORDER BY 2 DESC, 1"
        )
    else:
        head = _span(
            store,
            "SELECT COUNT(*) AS n, MIN(date_start) AS first, MAX(date_start) AS last "
            "FROM statements",
        )
        by_side = store.query(
            f"SELECT {SIDE} AS side, COUNT(*) AS n FROM statements s GROUP BY 1 ORDER BY 2 DESC, 1"
        )
    sides = tuple((str(s), int(n)) for s, n in by_side.itertuples(index=False, name=None))
    return StatementSpan(head.rows, head.first, head.last, sides)


def count_statements(
    store: Store, filters: Filters | None = None, sides: Sequence[str] = ()
) -> int:
    f = filters or Filters()
    cube = _statement_cube(store, f, set())
    if cube is not None:
        w = _statement_cube_where(f, sides, cube)
        sql = f"SELECT CAST(COALESCE(SUM(s.n), 0) AS BIGINT) AS n FROM {cube.name} s{w.sql}"
        return _scalar(store, sql, w.params)
    w = statement_where(f, sides, joined=False, sourced=fact_sources_ready(store))
    return _scalar(store, f"SELECT COUNT(*) AS n FROM statements s{w.sql}", w.params)


def _statement_cube(store: Store, f: Filters, needed: set[str]) -> Cube | None:
    """The summary that answers a statement aggregate under `f` (None: read the facts:
    a text search, or places, which are the article's mentions)."""
    if f.places or (f.text and f.text.strip()):
        return None
    if f.speakers:
        needed = {*needed, "speaker"}
    return _cube(store, cubes.STATEMENT_CUBES, {*_needed(f), *needed})


def _statement_cube_where(f: Filters, sides: Sequence[str], cube: Cube) -> Where:
    w = _cube_where(f, "s", cube, types=False)
    w.one_of("s.speaker", f.speakers)
    w.one_of(SIDE, sides)
    return w


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
    f = filters or Filters()
    cube = _statement_cube(store, f, {"month" if monthly else "date_start"})
    if cube is not None:
        w = _statement_cube_where(f, sides, cube)
        day = "s.month" if "month" in cube.dim_names else "s.date_start"
        table, n, direct = f"{cube.name} s", "SUM(s.n)", "SUM(s.direct)"
    else:
        w = statement_where(f, sides, joined=False, sourced=fact_sources_ready(store))
        day = "s.date_start"
        table, n, direct = (
            "statements s",
            "COUNT(*)",
            "SUM(CASE WHEN s.mode = 'direct' THEN 1 ELSE 0 END)",
        )
    if monthly:
        period = f"EXTRACT(YEAR FROM {day}) AS y, EXTRACT(MONTH FROM {day}) AS m"
        keys = "y, m"
    else:
        period = f"{day} AS period"
        keys = "period"
    sql = (
        f"SELECT s.speaker, {SIDE} AS side, {period}, CAST({n} AS BIGINT) AS statements, "
        f"CAST({direct} AS BIGINT) AS direct FROM {table}{w.sql} GROUP BY s.speaker, 2, {keys}"
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


def figure_where(
    f: Filters, types: Sequence[str], joined: bool = True, sourced: bool = False
) -> Where:
    """The WHERE clause of `figures` (see there; `sourced` as `facts.event_where`)."""
    from dashboard.query.facts import article_filter

    w = Where()
    w.add('e."count" IS NOT NULL')
    w.one_of("e.type", types)
    w.between("e.date_start", f.date_from, f.date_to)
    article_filter(w, f, "e.article_id", joined, sourced)
    w.one_of("e.place", f.places)
    return w


def _figure_cube(store: Store, f: Filters) -> Cube | None:
    return _cube(store, cubes.FIGURE_CUBES, {"type", "date_start", "outlet", *_needed(f)})


def _figure_cube_where(f: Filters, types: Sequence[str], cube: Cube) -> Where:
    w = _cube_where(f, "e", cube, types=False)
    w.one_of("e.type", types)
    return w


def figure_span(store: Store, types: Sequence[str]) -> Span:
    cube = _figure_cube(store, Filters())
    if cube is not None:
        w = _figure_cube_where(Filters(), types, cube)
        return _span(
            store,
            "SELECT CAST(COALESCE(SUM(e.n), 0) AS BIGINT) AS n, MIN(e.date_start) AS first, "
            f"MAX(e.date_start) AS last FROM {cube.name} e{w.sql}",
            w.params,
        )
    w = figure_where(Filters(), types, joined=False)
    return _span(
        store,
        f"SELECT COUNT(*) AS n, MIN(e.date_start) AS first, MAX(e.date_start) AS last "
        f"FROM events e{w.sql}",
        w.params,
    )


def count_figures(store: Store, filters: Filters | None, types: Sequence[str]) -> int:
    f = filters or Filters()
    cube = _figure_cube(store, f)
    if cube is not None:
        w = _figure_cube_where(f, types, cube)
        sql = f"SELECT CAST(COALESCE(SUM(e.n), 0) AS BIGINT) AS n FROM {cube.name} e{w.sql}"
        return _scalar(store, sql, w.params)
    w = figure_where(f, types, joined=False, sourced=fact_sources_ready(store))
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
    grouped = _figure_groups(store, f, types, measures)
    if grouped is not None:
        return _typed_days(store.query(*grouped))
    cases = " ".join("WHEN e.type = ? THEN ?" for _ in measures)
    case_params = [x for kv in measures.items() for x in kv]
    measure = f"CASE {cases} ELSE e.type END" if measures else "e.type"
    cube = _figure_cube(store, f)
    if cube is not None:
        w = _figure_cube_where(f, types, cube)
        source, outlet = f"{cube.name} e", "e.outlet"
        low, high, n = "MIN(e.low)", "MAX(e.high)", "SUM(e.n)"
    else:
        w = figure_where(f, types, joined=True)
        source, outlet = "events e JOIN articles a ON a.id = e.article_id", "a.outlet"
        low, high, n = 'MIN(e."count")', 'MAX(e."count")', "COUNT(*)"
    # per outlet first, then per day: the outlets are counted as groups, which PostgreSQL
    # hashes, where COUNT(DISTINCT ...) would sort every row
    per_outlet = (
        f"SELECT {measure} AS measure, e.date_start AS day, "
        f"COALESCE(NULLIF({outlet}, ''), 'unknown outlet') AS outlet, {low} AS low, "
        f"{high} AS high, {n} AS figures FROM {source}{w.sql} GROUP BY 1, 2, 3"
    )
    sql = (
        "SELECT measure, day, MIN(low) AS low, MAX(high) AS high, "
        "CAST(SUM(figures) AS BIGINT) AS figures, COUNT(*) AS outlets "
        f"FROM ({per_outlet}) o GROUP BY 1, 2 ORDER BY 1, 2 NULLS LAST"
    )
    return _typed_days(store.query(sql, [*case_params, *w.params]))


def _typed_days(df: pd.DataFrame) -> pd.DataFrame:
    df["day"] = pd.to_datetime(df["day"])
    for c in ("low", "high", "figures", "outlets"):
        df[c] = df[c].astype("int64")
    return df


def _figure_groups(
    store: Store, f: Filters, types: Sequence[str], measures: Mapping[str, str]
) -> tuple[str, list] | None:
    """`figure_days` from the figures per type group and day (`store.figure_groups`),
    as SQL and parameters: when no filter needs the outlet, language or place and each
    measure's types are a stored group (None: read the figure cubes). A measure is one
    group's rows as they are, so the outlets are counted once per day across its types."""
    if f.outlets or f.languages or f.places or not types or not figure_groups_ready(store):
        return None
    by_measure: dict[str, list[str]] = {}
    for t in dict.fromkeys(types):
        by_measure.setdefault(measures.get(t, t), []).append(t)
    keys = {m: groups.key(ts) for m, ts in by_measure.items()}
    if any(k is None for k in keys.values()):
        return None
    w = Where()
    w.one_of("g.types", tuple(keys.values()))
    w.between("g.date_start", f.date_from, f.date_to)
    cases = " ".join("WHEN g.types = ? THEN ?" for _ in keys)
    sql = (
        f"SELECT CASE {cases} END AS measure, g.date_start AS day, g.low, g.high, "
        f"g.n AS figures, g.outlets FROM {groups.TABLE} g{w.sql} ORDER BY 1, 2 NULLS LAST"
    )
    return sql, [*(x for m, k in keys.items() for x in (k, m)), *w.params]


def figure_groups_ready(store: Store) -> bool:
    """Whether the database has the figures per type group and day (migration 0015; a
    read-only store may open an older database), and the summaries are in use."""
    if not summaries_ready(store):
        return False
    from dashboard.query.incidents import _table_ready

    return _table_ready(store, groups.TABLE)


# -- the cut-off date of a newest-first list ---------------------------------------------

# SQL and parameters giving one row (`d`): the date of the limit-th newest fact, or no
# row when fewer than `limit` dated facts match (see facts._newest_first)
Cut = tuple[str, list]


def _cut(cube: Cube, alias: str, w: Where, limit: int) -> Cut:
    """The newest day of `cube` (rows `w`) by which the facts counted newest first reach
    `limit`: the date of the limit-th newest fact, read from the day rows instead of a
    top-N over every matching fact. Undated facts sort last, so they never count.

    The running sum is over the summary's rows themselves, not grouped per day first: a
    row's sum includes every row of its day (its peers), so the first row reaching the
    limit is on the cut day, and PostgreSQL walks the rows newest first down the
    summary's date index and stops there (a GROUP BY would aggregate every row first:
    1 ms against 50 at 1M events); DuckDB sorts the filtered rows either way."""
    dated = Where(list(w.clauses), list(w.params))
    dated.add(f"{alias}.date_start IS NOT NULL")
    running = (
        f"SELECT {alias}.date_start AS d, SUM({alias}.n) OVER "
        f"(ORDER BY {alias}.date_start DESC) AS upto FROM {cube.name} {alias}{dated.sql}"
    )
    return f"SELECT d FROM ({running}) t WHERE upto >= ? ORDER BY d DESC LIMIT 1", [
        *dated.params,
        int(limit),
    ]


def event_cut(store: Store, f: Filters, located: bool | None, limit: int) -> Cut | None:
    """`_cut` of `facts.events` under `f` (None: no day summary has its filters)."""
    cube = _event_cube(store, f, {"date_start"})
    if cube is None:
        return None
    w = _event_cube_where(f, cube)
    if located is not None:
        w.add(LOCATED if located else UNLOCATED)
    return _cut(cube, "e", w, limit)


def statement_cut(store: Store, f: Filters, sides: Sequence[str], limit: int) -> Cut | None:
    """`_cut` of `facts.statements` under `f` and `sides` (None: no summary has them)."""
    cube = _statement_cube(store, f, {"date_start"})
    if cube is None or "date_start" not in cube.dim_names:
        return None
    return _cut(cube, "s", _statement_cube_where(f, sides, cube), limit)


def figure_cut(store: Store, f: Filters, types: Sequence[str], limit: int) -> Cut | None:
    """`_cut` of `figures.recent_figures` under `f` and `types`."""
    cube = _figure_cube(store, f)
    if cube is None:
        return None
    return _cut(cube, "e", _figure_cube_where(f, types, cube), limit)
