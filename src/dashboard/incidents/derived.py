"""The tables kept beside the incidents for the pages' views (migration 0009), written in
the same transaction as the incidents they describe:

- `incident_sources`: each incident's (language, outlet, actors) of its reports (the
  article's language and outlet, the event's actors list), so a language, outlet or actor
  filter is a semi-join on one table instead of a join through the reports, events and
  articles; with the incident's type and span (migration 0012), so that the semi-join
  reads only the sources of the view's types and days;
- `sum_incident_groups`: the incidents counted per (type, lat, lon, place, outlets), so
  the unfiltered, type and "at least n outlets" views of the Map, the Overview and the
  Incidents page add up some tens of thousands of rows instead of grouping every incident;
- `sum_incident_language_groups`: the same per language an incident was reported in (an
  incident counts once in each of its languages), for a view of one language;
- `incident_popups` (migration 0012): each incident's first `POPUP_REPORTS` reports in a
  map popup's order with what the popup shows, so the popups of a map's incidents read
  their few rows instead of joining and ranking every report of those incidents; with
  the incident's type and span, in that order (a rebuild's), so that DuckDB reads the
  rows of a map's types and days only;
- `incident_terms` and `incident_words` (migration 0018): the words of each incident's
  evidence, for the Incidents page's search (`incidents.terms`).

A rebuild recomputes them from scratch; an incremental attach recomputes the sources and
popups of the incidents it wrote, adds to those of the incidents it grew in place what
their new reports bring (`Growth`), and keeps the four group tables by subtracting what the
incidents it replaced counted and adding what the ones it wrote count
(`incidents.group_deltas`, which recounts from the incidents and their sources only the
rows whose first or last day left), so the rows are the same as a
rebuild's whatever the batches were. Migration 0009 fills its tables with the same code
(`backfill`), migration 0012 with the same SQL.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol

from dashboard.incidents import group_deltas, source_groups, terms
from dashboard.incidents.reports import Report, stored_day
from dashboard.store.schema import column_list
from dashboard.store.sqlparams import chunks, marks


class Tx(Protocol):
    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple]: ...

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None: ...


SOURCES_SQL = (
    "INSERT INTO incident_sources "
    "(incident_id, language, outlet, actors, type, date_start, date_end) "
    "SELECT DISTINCT r.incident_id, a.language, a.outlet, e.actors, i.type, i.date_start, "
    "i.date_end FROM incident_reports r JOIN incidents i ON i.incident_id = r.incident_id "
    "JOIN events e ON e.id = r.event_id JOIN articles a ON a.id = e.article_id"
)
# the same without the incident's type and span: the table as migration 0009 made it,
# which its backfill fills (0012 adds and fills those columns)
SOURCES_SQL_9 = (
    "INSERT INTO incident_sources (incident_id, language, outlet, actors) "
    "SELECT DISTINCT r.incident_id, a.language, a.outlet, e.actors FROM incident_reports r "
    "JOIN events e ON e.id = r.event_id JOIN articles a ON a.id = e.article_id"
)
GROUPS_SQL = (
    "INSERT INTO sum_incident_groups "
    "(type, lat, lon, place, outlets, incidents, date_first, date_last, conflicting) "
    "SELECT type, lat, lon, place, outlets, COUNT(*), MIN(date_start), MAX(date_start), "
    "SUM(CASE WHEN conflict THEN 1 ELSE 0 END) FROM incidents"
)
GROUP_KEYS = "GROUP BY type, lat, lon, place, outlets"
# the same per language the incidents were reported in (each incident once per language)
LANGUAGE_GROUPS_SQL = (
    "INSERT INTO sum_incident_language_groups "
    "(language, type, lat, lon, place, outlets, incidents, date_first, date_last, conflicting) "
    "SELECT s.language, type, lat, lon, place, outlets, COUNT(*), MIN(date_start), "
    "MAX(date_start), SUM(CASE WHEN conflict THEN 1 ELSE 0 END) FROM incidents i "
    "JOIN (SELECT DISTINCT incident_id, language FROM incident_sources "
    "WHERE language IS NOT NULL) s USING (incident_id)"
)
LANGUAGE_GROUP_KEYS = "GROUP BY s.language, type, lat, lon, place, outlets"


def language_groups_sql() -> tuple[str, list[Any]]:
    """The INSERT of every incident's language group rows, with its (no) parameters."""
    return f"{LANGUAGE_GROUPS_SQL} {LANGUAGE_GROUP_KEYS}", []


# A popup lists an incident's first this many reports (the Map's `REPORTS_IN_POPUP`); the
# migration that created incident_popups (0012) kept as many.
POPUP_REPORTS = 8
# the popup's order: first published first, then by outlet, undated last; the event id
# decides the rest (`query.incidents.incident_reports` ranks the same way without them)
POPUP_ORDER = "a.published NULLS LAST, a.outlet NULLS LAST, e.id"
_POPUP_LIST = column_list("incident_popups")


# the order a rebuild writes them in: an incident map's types and days together
POPUPS_BY = "type, date_start, incident_id, rank"


def popups_sql(where: str = "") -> str:
    """The INSERT of the popup rows of the incidents whose reports `where` (on `r`, the
    reports) keeps: every incident's without it."""
    return (
        f"INSERT INTO incident_popups ({_POPUP_LIST}) SELECT {_POPUP_LIST} FROM ("
        "SELECT r.incident_id, i.type, i.date_start, i.date_end, ROW_NUMBER() OVER "
        f"(PARTITION BY r.incident_id ORDER BY {POPUP_ORDER}) AS rank, r.event_id, "
        'e.article_id, a.outlet, a.language, a.published, e."date", e.place, e."count", '
        "e.evidence, a.url, a.title FROM incident_reports r "
        "JOIN incidents i ON i.incident_id = r.incident_id "
        "JOIN events e ON e.id = r.event_id "
        f"JOIN articles a ON a.id = e.article_id{where}) t WHERE rank <= {POPUP_REPORTS}"
    )


_CHUNK = 500  # (type, place) pairs or ids per statement


def rebuild(tx: Tx) -> None:
    """Every table from every stored incident (the old rows are deleted here)."""
    backfill(tx)
    tx.execute("DELETE FROM incident_popups")  # migration 0012
    tx.execute(f"{popups_sql()} ORDER BY {POPUPS_BY}")
    source_groups.rebuild(tx)  # per outlet and per actor (migration 0013)
    terms.rebuild(tx)  # the search's words (migration 0018)


def backfill(tx: Tx, spans: bool = True) -> None:
    """The tables of migration 0009 from every stored incident (the old rows deleted):
    what that migration fills in a database that already had incidents (`store.migrate`
    POST_STEPS), so only these: a table of a later version is not there yet then, nor
    the sources' copy of their incident's type and span (`spans` False; 0012 adds it)."""
    tx.execute("DELETE FROM incident_sources")
    sources = SOURCES_SQL if spans else SOURCES_SQL_9
    tx.execute(f"{sources} ORDER BY a.language, a.outlet, e.actors, r.incident_id")
    tx.execute("DELETE FROM sum_incident_groups")
    tx.execute(f"{GROUPS_SQL} {GROUP_KEYS}")
    tx.execute("DELETE FROM sum_incident_language_groups")
    tx.execute(*language_groups_sql())


def contribution(tx: Tx, incident_ids: Sequence[str]) -> group_deltas.Contribution:
    """What stored incidents count in the group tables, read before they are replaced
    (`update` subtracts it)."""
    return group_deltas.contribution(tx, incident_ids)


def delete_sources(tx: Tx, incident_ids: Sequence[str]) -> None:
    """The sources, popup and search rows of incidents about to be replaced."""
    for part in chunks(list(incident_ids), _CHUNK):
        holes = marks(part)
        for table in ("incident_sources", "incident_popups"):
            tx.execute(f"DELETE FROM {table} WHERE incident_id IN ({holes})", list(part))
    terms.delete(tx, incident_ids)  # on DuckDB by a number of the id (migration 0019)


@dataclass(frozen=True)
class Growth:
    """What an attach added to a stored incident it grew in place."""

    reports: list[Report]  # the new ones
    start: date | None  # the incident's span as its new row gives it
    end: date | None

    @property
    def events(self) -> list[str]:
        return [r.event_id for r in self.reports]


def update(
    tx: Tx,
    incident_ids: Sequence[str],
    before: group_deltas.Contribution,
    grown: Mapping[str, Growth] | None = None,
) -> None:
    """After an attach wrote `incident_ids` (their old source and popup rows deleted)
    and grew the incidents `grown` (their links and rows written): the sources and
    popups of both, and the group rows changed by what the replaced and grown incidents
    counted (`before`) and what they count now."""
    # the sources inserted here are all those of the written incidents and the new ones
    # of the grown, whose others `before` read: what they count now without reading them
    sources: list[tuple] = []
    for part in chunks(list(incident_ids), _CHUNK):
        holes = marks(part)
        # the ids on both tables: with them on the reports only, PostgreSQL hashed every
        # incident (300,000 at 1M events) to join the few it needed
        where = f" WHERE r.incident_id IN ({holes}) AND i.incident_id IN ({holes})"
        sources += tx.rows(f"{SOURCES_SQL}{where}{_RETURNING}", [*part, *part])
        tx.execute(popups_sql(where), [*part, *part])
    terms.update(tx, incident_ids)
    grown = grown or {}
    for part in chunks(sorted(grown), _CHUNK):
        mine = {i: grown[i] for i in part}
        moved = _grow_popups(tx, mine)
        sources += _grow_sources(tx, mine, moved)
        terms.grow(tx, {i: g.events for i, g in mine.items()})
    # a written incident may reuse a replaced one's id: only the grown keep what they had
    kept = group_deltas.only(before, [i for i in grown if i in before.incidents])
    unread = [i for i in grown if i not in before.incidents]  # not read before: read now
    after = group_deltas.contribution(tx, [*incident_ids, *grown], sources, kept)
    if unread:
        group_deltas.add_read(tx, unread, after)
    group_deltas.apply(tx, before, after)


_RETURNING = f" RETURNING {group_deltas.SOURCE_COLUMNS}"


# the sources of incidents' new reports that they do not have yet
_NEW_SOURCES_SQL = (
    f"{SOURCES_SQL} WHERE r.incident_id IN ({{ids}}) AND i.incident_id IN ({{ids}}) "
    "AND r.event_id IN ({events}) AND NOT EXISTS (SELECT 1 FROM incident_sources s "
    "WHERE s.incident_id IN ({ids}) AND s.incident_id = r.incident_id "
    "AND s.language IS NOT DISTINCT FROM a.language AND s.outlet IS NOT DISTINCT FROM "
    "a.outlet AND s.actors IS NOT DISTINCT FROM e.actors)"
)


def _respan(table: str, ids: Sequence[str]) -> str:
    return (
        f"UPDATE {table} SET date_start = i.date_start, date_end = i.date_end "
        f"FROM incidents i WHERE {table}.incident_id IN ({marks(ids)}) "
        f"AND i.incident_id = {table}.incident_id"
    )


def _grow_sources(tx: Tx, grown: Mapping[str, Growth], moved: Sequence[str]) -> list[tuple]:
    """The sources of incidents grown in place: their span where it `moved` (copied
    from their written rows), and the (language, outlet, actors) of their new reports
    that they lacked, which it returns (`group_deltas.SOURCE_COLUMNS`); the sources of
    their stored reports stay."""
    if moved:
        tx.execute(_respan("incident_sources", moved), list(moved))
    ids = list(grown)
    events = [e for g in grown.values() for e in g.events]
    holes = marks(ids)
    sql = _NEW_SOURCES_SQL.format(ids=holes, events=marks(events)) + _RETURNING
    return tx.rows(sql, [*ids, *ids, *events, *ids])


def _grow_popups(tx: Tx, grown: Mapping[str, Growth]) -> list[str]:
    """The popups of incidents grown in place; the incidents whose span moved.

    A popup lists an incident's first `POPUP_REPORTS` reports, so only an incident with
    fewer, or a new report published no later than its last one, needs them again: the
    first of its stored popup reports and new reports. Otherwise its rows stay, their
    span moved with the incident's. (Ties on the day are left to the SQL's order, whose
    outlet comparison is the database's collation.)"""
    ids = list(grown)
    shown = tx.rows(
        "SELECT incident_id, rank, published, date_start, date_end FROM incident_popups "
        f"WHERE incident_id IN ({marks(ids)})",
        ids,
    )
    rows: dict[str, list[tuple]] = {i: [] for i in ids}
    for row in shown:
        rows[row[0]].append(row)
    redo: list[str] = []
    moved: list[str] = []
    for i, growth in grown.items():
        mine = rows[i]
        if mine and (stored_day(mine[0][3]), stored_day(mine[0][4])) != (growth.start, growth.end):
            moved.append(i)
        if len(mine) < POPUP_REPORTS:
            redo.append(i)
            continue
        last = stored_day(max(mine, key=lambda row: row[1])[2])
        if any(
            r.published is not None and (last is None or r.published <= last.toordinal())
            for r in growth.reports
        ):
            redo.append(i)
    if redo:
        holes = marks(redo)
        events = [
            row[0]
            for row in tx.rows(
                f"SELECT event_id FROM incident_popups WHERE incident_id IN ({holes})", redo
            )
        ] + [e for i in redo for e in grown[i].events]
        tx.execute(f"DELETE FROM incident_popups WHERE incident_id IN ({holes})", redo)
        where = (
            f" WHERE r.incident_id IN ({holes}) AND i.incident_id IN ({holes}) "
            f"AND r.event_id IN ({marks(events)})"
        )
        tx.execute(popups_sql(where), [*redo, *redo, *events])
    kept = [i for i in moved if i not in set(redo)]
    if kept:
        tx.execute(_respan("incident_popups", kept), kept)
    return moved
