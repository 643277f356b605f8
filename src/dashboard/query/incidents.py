"""Incidents for the pages: one row per real-world happening, and the reports behind it.

`incidents` applies the shared `Filters` the way `events` does: the date range to the
incident's span (any overlap), types to its type, and the article-side filters (outlets,
languages, places, actors, exact) to its reports, so "reported by outlet X" keeps every
incident X reported, with all its reports counted. The text is a search of the incident's
evidence, as the Articles page searches articles (`query.search`): whole words and
"quoted phrases", case and accents ignored, every word in one of its reports' sentences
and a phrase within one (`incidents.terms`, migration 0018; a database no writer has
migrated yet is read the old way, a substring of one report's evidence).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import pandas as pd

from dashboard.incidents.derived import POPUP_ORDER, POPUP_REPORTS
from dashboard.query.facts import LOCATED, UNLOCATED, event_where
from dashboard.query.filters import Filters, Where
from dashboard.query.search import Search, parse
from dashboard.store import Store
from dashboard.store.schema import COLUMNS, INCIDENT_SOURCE_LISTS, shown_columns
from dashboard.store.sqlparams import marks
from dashboard.store.terms import word_text

# an incident as the pages read it: not its lists of languages and outlets (filters only)
SHOWN_COLUMNS = shown_columns("incidents")
INCIDENT_SELECT = ", ".join(f"i.{c}" for c in SHOWN_COLUMNS)
# what a list of incidents shows: all but `figures`, each outlet's figure as JSON text,
# which an incident of the 2023 exodus holds by the thousand (the 2,000 most reported
# incidents at 1M events carry 11 MB of it, most of the time of reading them)
LISTED_COLUMNS = tuple(c for c in SHOWN_COLUMNS if c != "figures")
# a report as the popups and the Incidents page list it: its incident, then the columns
# the popup rows keep of it (incident_popups, after the incident's type, span and rank)
REPORT_COLUMNS = ("incident_id", *COLUMNS["incident_popups"][5:])
# the ids of a list, as a table (as `facts._IDS`)
_IDS = "SELECT UNNEST(CAST(? AS VARCHAR[]))"


def sources_ready(store: Store) -> bool:
    """Whether the database has `incident_sources` and the incident group counts (migration
    0009): a read-only store may open a database no writer has migrated yet, which the
    views then read the plain way. Asked of the catalog, as `summary.summaries_ready` is,
    and remembered once true."""
    return _table_ready(store, "sum_incident_language_groups")


def _table_ready(store: Store, table: str) -> bool:
    """Whether the database has `table`, asked of the catalog until it has (remembered
    on the store then: tables are never dropped)."""
    sql = "SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_name = ?"
    return _catalog_has(store, table, sql, table)


def _catalog_has(store: Store, key: str, sql: str, name: str) -> bool:
    """Whether the catalog query `sql` (a count, one parameter: `name`) finds something,
    remembered as `key` on the store once true."""
    seen: set[str] = getattr(store, "_incident_tables_ready", set())
    if key in seen:
        return True
    df = store.query(sql, [name])
    ready = bool(len(df)) and int(df.iloc[0, 0]) > 0
    if ready:
        store._incident_tables_ready = seen | {key}  # type: ignore[attr-defined]
    return ready


def popups_ready(store: Store) -> bool:
    """Whether the database keeps each incident's first reports (`incident_popups`) and
    its sources carry their incident's type and span (migration 0012); if not (a
    read-only store on a database no writer has migrated yet), the popups rank the
    reports themselves and the sources are read whatever their types and days."""
    return _table_ready(store, "incident_popups")


def lists_ready(store: Store) -> bool:
    """Whether each incident's row carries its languages and outlets (migration 0017),
    asked of the catalog as `sources_ready` is."""
    column = INCIDENT_SOURCE_LISTS[-1]
    sql = (
        "SELECT COUNT(*) AS n FROM information_schema.columns "
        "WHERE table_name = 'incidents' AND column_name = ?"
    )
    return _catalog_has(store, f"incidents.{column}", sql, column)


def terms_ready(store: Store) -> bool:
    """Whether the database keeps the words of each incident's evidence (migration 0018)."""
    return _table_ready(store, "incident_words")


def _ready(store: Store) -> tuple[bool, bool, bool, bool]:
    """`incident_where`'s `sources`, `spans`, `lists` and `terms`: what this database
    holds."""
    sources = sources_ready(store)
    return sources, sources and popups_ready(store), lists_ready(store), terms_ready(store)


def search_where(search: Search) -> Where:
    """`i.incident_id IN (...)` the incidents whose evidence holds the search's words and
    phrases: the incidents holding every key (`Search.keys`: a two-word phrase is one
    key), the longer phrases then checked in the candidates' words."""
    required, _, unsettled = search.keys()
    if len(required) == 1:
        sql = "SELECT t.incident_id FROM incident_terms t WHERE t.term_key = ?"
    else:
        sql = (
            f"SELECT t.incident_id FROM incident_terms t WHERE t.term_key IN "
            f"({marks(required)}) GROUP BY t.incident_id HAVING COUNT(*) = {len(required)}"
        )
    params: list[object] = list(required)
    if unsettled:
        # naming both sides keeps DuckDB from matching every incident's words before the
        # join (as `Search.matches` does for articles)
        likes = " AND ".join("w.words LIKE ?" for _ in unsettled)
        sql = (
            f"SELECT m.incident_id FROM ({sql}) m JOIN incident_words w "
            "ON w.incident_id = m.incident_id "
            f"WHERE CASE WHEN w.incident_id = m.incident_id THEN {likes} ELSE FALSE END"
        )
        params += [f"%{word_text(p)}%" for p in unsettled]
    w = Where()
    w.add(f"i.incident_id IN ({sql})", *params)
    return w


def _span_where(f: Filters, alias: str, top: bool = False) -> Where:
    """An incident's dates overlapping the filter's and its type among its types, on the
    incident's columns (or a copy of them) under `alias`; for the `top` rows of a list,
    the types as equalities (`Where.any_of`: the Evacuations page's 12 key incidents of
    every other type, 8 of them, over the figures' whole span: DuckDB 23 -> 11 ms)."""
    w = Where()
    if f.date_from is not None:
        w.add(f"{alias}.date_end >= ?", f.date_from)
    if f.date_to is not None:
        w.add(f"{alias}.date_start <= ?", f.date_to)
    (w.any_of if top else w.one_of)(f"{alias}.type", f.types)
    return w


def incident_where(
    f: Filters,
    min_outlets: int = 1,
    sources: bool = False,
    spans: bool = False,
    lists: bool = False,
    terms: bool = False,
    top: bool = False,
) -> Where:
    """The WHERE clause of `incidents` (alias `i`). With `sources` (the database has
    `incident_sources`), a filter on languages, outlets and actors alone reads that
    table: a report whose article has the language and outlet and whose event names the
    actor is a source row having all three, so the answer is the join's through the
    reports, which the other report-side filters (places, text, exact) still take. An
    actor is matched in the few distinct actors lists (`sum_event_actors`, kept with the
    events) and their rows read by index, rather than every row's list read. With
    `spans` (the sources carry their incident's type and span, migration 0012), the
    sources read are also only those of the view's types and dates. With `lists` (each
    incident carries its languages and outlets, migration 0017), a filter on languages
    alone or on outlets alone tests the incident's own list: no semi-join, so a list in
    the incidents' order stops at its first rows (see the migration); but for a range
    of dates without types, which the sources' span indexes serve better. `top`: the
    clause of a list's first rows (see `_span_where`). With `terms` (the database keeps
    the incidents' words, migration 0018), the text is a word search (`search_where`);
    else a substring of a report's evidence, as before."""
    w = _span_where(f, "i", top)
    if min_outlets > 1:
        w.add("i.outlets >= ?", int(min_outlets))
    if terms and f.text is not None:
        found = parse(f.text)
        if found is not None:
            searched = search_where(found)
            w.clauses += searched.clauses
            w.params += searched.params
        f = replace(f, text=None)
    by_source = Filters(outlets=f.outlets, languages=f.languages, actors=f.actors)
    by_report = Filters(
        outlets=f.outlets,
        languages=f.languages,
        actors=f.actors,
        places=f.places,
        text=f.text,
        exact=f.exact,
    )
    if by_report == Filters():
        return w
    # a dated view of every type reads the sources by their span instead (PostgreSQL
    # indexes the sources' spans per language and outlet, the incidents' spans only
    # per type: an outlet's groups of the 2023 exodus, 16 ms that way, 73 by the lists)
    dated = f.date_from is not None or f.date_to is not None
    one_list = by_report in (Filters(languages=f.languages), Filters(outlets=f.outlets))
    if lists and one_list and (f.types or not dated or not sources):
        w.listed_in("i.source_languages", f.languages)
        w.listed_in("i.source_outlets", f.outlets)
        return w
    if sources and by_report == by_source:
        inner = _span_where(f, "s") if spans else Where()
        inner.one_of("s.language", f.languages)
        inner.one_of("s.outlet", f.outlets)
        if f.actors:
            lists = Where()
            lists.actors_in("g.actors", f.actors)
            inner.add(
                f"s.actors IN (SELECT g.actors FROM sum_event_actors g{lists.sql})",
                *lists.params,
            )
        w.add(
            f"i.incident_id IN (SELECT s.incident_id FROM incident_sources s{inner.sql})",
            *inner.params,
        )
        return w
    inner = event_where(by_report, joined=False)
    w.add(
        "i.incident_id IN (SELECT r.incident_id FROM incident_reports r "
        f"JOIN events e ON e.id = r.event_id{inner.sql})",
        *inner.params,
    )
    return w


# the pages' orders (the Incidents page's sort keys), undated last, ties newest first: a
# page lists the first rows of a view in its order without reading the rest
_NEWEST = "i.date_start DESC NULLS LAST, i.outlets DESC, i.incident_id"
ORDERS = {
    "newest": _NEWEST,
    "outlets": "i.outlets DESC, i.languages DESC, i.date_start DESC NULLS LAST, i.incident_id",
    "reports": f"i.reports DESC, {_NEWEST}",
    # conflict is never NULL: true first (an index on the column serves it)
    "conflicts": f"i.conflict DESC, i.outlets DESC, {_NEWEST}",
    "oldest": "i.date_start ASC NULLS LAST, i.outlets DESC, i.incident_id",
}


def incidents(
    store: Store,
    filters: Filters | None = None,
    min_outlets: int = 1,
    limit: int | None = None,
    located: bool | None = None,
    order: str = "newest",
    columns: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Incidents matching `filters` reported by at least `min_outlets` outlets in `order`
    (a key of `ORDERS`), with the columns of the `incidents` table (conflicts and figures
    as JSON text) or only `columns` of them (e.g. `LISTED_COLUMNS`); at most `limit`,
    and only placed (`located` True) or unplaced (False) ones if asked."""
    w = incident_where(filters or Filters(), min_outlets, *_ready(store), top=limit is not None)
    if located is not None:
        w.add(_located(located))
    select = INCIDENT_SELECT
    if columns is not None:
        unknown = sorted(set(columns) - set(SHOWN_COLUMNS))
        if unknown:
            raise ValueError(f"not columns of incidents: {', '.join(unknown)}")
        select = ", ".join(f"i.{c}" for c in columns)
    sql = f"SELECT {select} FROM incidents i{w.sql} ORDER BY {ORDERS[order]}"
    params = list(w.params)
    if limit is not None:
        sql += " LIMIT ?"
        params.append(int(limit))
    return store.query(sql, params)


def incident_by_id(store: Store, incident_id: str) -> pd.DataFrame:
    """The one incident of a link (no row if it is gone, e.g. after a rebuild)."""
    return store.query(
        f"SELECT {INCIDENT_SELECT} FROM incidents i WHERE i.incident_id = ?", [incident_id]
    )


def _located(located: bool) -> str:
    return (LOCATED if located else UNLOCATED).replace("e.", "i.")


# a stable order, so that the same view draws (and exports) its groups the same way on
# every run and backend, whichever plan the database picked; sorted here, not in the
# SQL, where an ORDER BY would steer the planner to another index
_GROUP_ORDER = ["type", "place", "lat", "lon"]


def incident_groups(
    store: Store, filters: Filters | None = None, min_outlets: int = 1
) -> pd.DataFrame:
    """The matching incidents grouped by (lat, lon, type, place), as `summary.map_groups`
    groups events, with how many have `conflicting` reports: a map of hundreds of thousands of incidents is drawn from these few
    rows, and the incidents themselves are read only when few enough to draw one by one."""
    f = filters or Filters()
    fast = sources_ready(store)
    counted = _group_counts(store, f) if fast else None
    if counted is not None:
        # no date or other report-side filter: add up the incidents counted per group and
        # outlets (and the one language's, outlet's or actor's, an incident counting once
        # in each)
        table, column, value = counted
        w = Where()
        if column:
            w.add(f"i.{column} = ?", value)
        w.one_of("i.type", f.types)
        if min_outlets > 1:
            w.add("i.outlets >= ?", int(min_outlets))
        sql = (
            f"SELECT i.lat, i.lon, i.type, i.place, {_located(True)} AS located, "
            "SUM(i.incidents) AS events, MIN(i.date_first) AS first, "
            "MAX(i.date_last) AS last, SUM(i.conflicting) AS conflicting "
            f"FROM {table} i{w.sql} GROUP BY i.lat, i.lon, i.type, i.place"
        )
    else:
        w = incident_where(f, min_outlets, *_ready(store))
        sql = (
            f"SELECT i.lat, i.lon, i.type, i.place, {_located(True)} AS located, "
            "COUNT(*) AS events, MIN(i.date_start) AS first, MAX(i.date_start) AS last, "
            "SUM(CASE WHEN i.conflict THEN 1 ELSE 0 END) AS conflicting "
            f"FROM incidents i{w.sql} GROUP BY i.lat, i.lon, i.type, i.place"
        )
    df = store.query(sql, w.params)
    for column in ("events", "conflicting"):
        df[column] = pd.to_numeric(df[column]).fillna(0).astype("int64")
    df["located"] = df["located"].astype(bool)
    return df.sort_values(_GROUP_ORDER, ignore_index=True, na_position="last")


# a view of one language, outlet or actor (and types) adds up that one's group counts
_COUNTED_BY = (
    ("languages", "sum_incident_language_groups", "language"),
    ("outlets", "sum_incident_outlet_groups", "outlet"),
    ("actors", "sum_incident_actor_groups", "actor"),
)


def _group_counts(store: Store, f: Filters) -> tuple[str, str | None, str | None] | None:
    """(table, key column, value) of the group counts that answer `f` without reading
    its incidents, or None: types alone read `sum_incident_groups`; one language, outlet
    or actor (and types) that one's table, the outlet and actor ones only once migration
    0013 made them."""
    chosen = [(getattr(f, name), table, col) for name, table, col in _COUNTED_BY]
    chosen = [c for c in chosen if c[0]]
    plain = Filters(types=f.types, languages=f.languages, outlets=f.outlets, actors=f.actors)
    if f != plain or len(chosen) > 1:
        return None
    if not chosen:
        return "sum_incident_groups", None, None
    (values, table, column) = chosen[0]
    if len(values) != 1 or (column != "language" and not source_groups_ready(store)):
        return None
    return table, column, values[0]


def source_groups_ready(store: Store) -> bool:
    """Whether the database has the per-outlet and per-actor group counts (migration
    0013); asked of the catalog once, as `sources_ready` is."""
    return _table_ready(store, "sum_incident_actor_groups")


def incident_reports(
    store: Store,
    incident_ids: Sequence[str],
    per_incident: int | None = None,
    within: Filters | None = None,
) -> pd.DataFrame:
    """Every report of the given incidents with its evidence and article, first published
    first: what a popup or a detail view lists. With `per_incident`, only each incident's
    first that many (published, then outlet, undated last: the popup's order), which is
    all a map's popups show: an incident of the 2023 exodus has dozens of reports, and a
    map of 1,300 of them would otherwise read and send 45,000. Up to `POPUP_REPORTS`
    of them are read from the rows kept for the popups (`incident_popups`), the
    incidents' ids joined as an array (a long IN list costs DuckDB more to plan than
    to read): a few thousand rows instead of every report of those incidents joined to
    its event and article and ranked. `within`: filters that every one of the incidents
    matches (those that listed them): their types and dates let DuckDB skip the kept
    rows of other types and times (kept in that order)."""
    ids = list(dict.fromkeys(incident_ids))
    if not ids:
        return pd.DataFrame({c: pd.Series([], dtype=object) for c in REPORT_COLUMNS})
    columns = ", ".join(f'"{c}"' if c in ("date", "count") else c for c in REPORT_COLUMNS)
    order = "ORDER BY incident_id, published NULLS LAST, event_id"
    if per_incident is not None and per_incident <= POPUP_REPORTS and popups_ready(store):
        w = Where([f"p.incident_id IN ({_IDS})", "p.rank <= ?"], [ids, int(per_incident)])
        if within is not None:  # the incidents' type and span clauses, on their copy
            hint = _span_where(within, "p")
            w.clauses += hint.clauses
            w.params += hint.params
        return store.query(f"SELECT {columns} FROM incident_popups p{w.sql} {order}", w.params)
    w = Where()
    w.one_of("r.incident_id", ids)
    select = (
        "SELECT r.incident_id, r.event_id, e.article_id, a.outlet, a.language, a.published, "
        'e."date", e.place, e."count", e.evidence, a.url, a.title'
    )
    joins = (
        "FROM incident_reports r JOIN events e ON e.id = r.event_id "
        f"JOIN articles a ON a.id = e.article_id{w.sql}"
    )
    if per_incident is None:
        return store.query(
            f"{select} {joins} ORDER BY r.incident_id, a.published NULLS LAST, e.id", w.params
        )
    ranked = (
        f"{select}, ROW_NUMBER() OVER (PARTITION BY r.incident_id "
        f"ORDER BY {POPUP_ORDER}) AS n {joins}"
    )
    return store.query(
        f"SELECT {columns} FROM ({ranked}) t WHERE n <= ? {order}",
        [*w.params, int(per_incident)],
    )
