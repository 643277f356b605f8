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
from dashboard.store.schema import COLUMNS, column_list
from dashboard.store.sqlparams import ID_ARRAY, chunks


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
# decides the rest (`query.incidents.incident_reports` ranks the same way without them);
# over the joined tables (`a`, `e`) or over candidate rows' own columns (`_popups_ranked`)
_ORDER = "{a}published NULLS LAST, {a}outlet NULLS LAST, {event_id}"
POPUP_ORDER = _ORDER.format(a="a.", event_id="e.id")
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
    """The sources, popup and search rows of incidents about to be replaced: the ids as
    one array parameter (DuckDB binds an `IN (?, ...)` of hundreds of ids in tens of
    milliseconds, an array in well under one)."""
    if not incident_ids:
        return
    for table in ("incident_sources", "incident_popups"):
        tx.execute(f"DELETE FROM {table} WHERE incident_id IN {ID_ARRAY}", [list(incident_ids)])
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
    links: Sequence[tuple[str, str]] | None = None,
) -> None:
    """After an attach wrote `incident_ids` (their old source and popup rows deleted)
    and grew the incidents `grown` (their links and rows written): the sources and
    popups of both, and the group rows changed by what the replaced and grown incidents
    counted (`before`) and what they count now. `links` ((event_id, incident_id), the
    attach's) give the written incidents' reports; without them they are read.

    The rows are made here from one read of the reports' events and one of their
    articles, by key, rather than by INSERT ... SELECT joining the incidents' links with
    events and articles: each such join scans those tables (DuckDB; at 1M events 0.05-
    0.15 s a statement, and a batch made five of them). Only the popups' order is left
    to the database (`_popups_ranked`), whose collation orders the outlets."""
    grown = grown or {}
    written = list(incident_ids)
    members: dict[str, list[str]] = {i: [] for i in written}
    for event_id, incident_id in _links(tx, written) if links is None else links:
        if incident_id in members:
            members[incident_id].append(event_id)
    facts = _facts(tx, [*(e for i in written for e in members[i]), *_new_events(grown)])
    spans = _spans(tx, [*written, *grown])
    # the sources inserted here are all those of the written incidents and the new ones
    # of the grown, whose others `before` read: what they count now without reading them
    sources = {i: _distinct_sources(members[i], facts) for i in written}
    popups = [row for i in written for row in _popup_rows(i, spans[i], members[i], facts)]
    terms.update(tx, facts.evidence(written, members))
    texts = facts.texts
    for part in chunks(sorted(grown), _CHUNK):
        mine = {i: grown[i] for i in part}
        moved, redo = _grow_popups(tx, mine, spans, facts)
        popups += redo
        sources.update(_grow_sources(tx, mine, moved, before, facts))
        terms.grow(tx, {i: g.events for i, g in mine.items()}, texts)
    rows = [
        (i, *source, *spans[i])
        for i in sorted(sources)
        for source in sorted(sources[i], key=_order)
    ]
    tx.insert("incident_sources", COLUMNS["incident_sources"], rows)
    _insert_popups(tx, popups)
    # a written incident may reuse a replaced one's id: only the grown keep what they had
    kept = group_deltas.only(before, [i for i in grown if i in before.incidents])
    unread = [i for i in grown if i not in before.incidents]  # not read before: read now
    added = [(i, *source) for i in sources for source in sources[i]]
    after = group_deltas.contribution(tx, [*incident_ids, *grown], added, kept)
    if unread:
        group_deltas.add_read(tx, unread, after)
    group_deltas.apply(tx, before, after)


def _order(values: tuple) -> tuple:
    """An order of (language, outlet, actors) holding NULLs (a deterministic insert)."""
    return tuple((v is None, v or "") for v in values)


# what the rows made here take of a report's event and article
_EVENT_COLUMNS = 'id, article_id, actors, evidence, "date", place, "count"'
_ARTICLE_COLUMNS = "id, outlet, language, published, url, title"


@dataclass
class _Facts:
    """The events (by id: article_id, actors, evidence, date, place, count) of the
    reports an attach wrote or added, and their articles (by id: outlet, language,
    published, url, title)."""

    events: dict[str, tuple]
    articles: dict[str, tuple]

    @property
    def texts(self) -> dict[str, str]:
        """Each event's evidence, by id."""
        return {e: row[2] for e, row in self.events.items()}

    def evidence(self, ids: Sequence[str], members: Mapping[str, list[str]]) -> list[tuple]:
        """(incident_id, evidence) of the reports of `ids`, as `terms.update` reads them."""
        return [
            (i, self.events[e][2])
            for i in sorted(ids)
            for e in sorted(members[i])
            if e in self.events
        ]

    def report(self, event_id: str) -> tuple | None:
        """The event and its article: (article_id, actors, evidence, date, place, count,
        outlet, language, published, url, title); None without its article (no report,
        as in the rebuild's inner joins)."""
        event = self.events.get(event_id)
        if event is None:
            return None
        article = self.articles.get(event[0])
        return None if article is None else (*event, *article)


def _links(tx: Tx, incident_ids: Sequence[str]) -> list[tuple]:
    if not incident_ids:
        return []
    return tx.rows(
        f"SELECT event_id, incident_id FROM incident_reports WHERE incident_id IN {ID_ARRAY}",
        [list(incident_ids)],
    )


def _new_events(grown: Mapping[str, Growth]) -> list[str]:
    return [e for g in grown.values() for e in g.events]


def _facts(tx: Tx, event_ids: Sequence[str]) -> _Facts:
    """`_Facts` of `event_ids`: two statements, the ids as one array parameter (a lookup
    by key on PostgreSQL, one semi-join on DuckDB)."""
    events: dict[str, tuple] = {}
    articles: dict[str, tuple] = {}
    if event_ids:
        for row in tx.rows(
            f"SELECT {_EVENT_COLUMNS} FROM events WHERE id IN {ID_ARRAY}", [sorted(set(event_ids))]
        ):
            events[row[0]] = row[1:]
    wanted = sorted({row[0] for row in events.values() if row[0] is not None})
    if wanted:
        for row in tx.rows(
            f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE id IN {ID_ARRAY}", [wanted]
        ):
            articles[row[0]] = row[1:]
    return _Facts(events, articles)


def _spans(tx: Tx, incident_ids: Sequence[str]) -> dict[str, tuple]:
    """(type, date_start, date_end) of the stored incidents `incident_ids`, as written."""
    if not incident_ids:
        return {}
    return {
        row[0]: tuple(row[1:])
        for row in tx.rows(
            "SELECT incident_id, type, date_start, date_end FROM incidents "
            f"WHERE incident_id IN {ID_ARRAY}",
            [list(incident_ids)],
        )
    }


def _distinct_sources(event_ids: Sequence[str], facts: _Facts) -> set[tuple]:
    """The distinct (language, outlet, actors) of reports `event_ids`, as SOURCES_SQL's
    DISTINCT makes them."""
    out: set[tuple] = set()
    for event_id in event_ids:
        found = facts.report(event_id)
        if found is not None:
            out.add((found[7], found[6], found[1]))
    return out


def _popup_rows(incident_id: str, span: tuple, event_ids: Sequence[str], facts: _Facts) -> list:
    """The candidate popup rows (`_POPUP_LIST` but the rank) of an incident's reports
    `event_ids`: those whose publication day is among its first `POPUP_REPORTS` (ties
    kept: the database orders them, `_popups_ranked`), undated ones only to fill up."""
    rows = []
    for event_id in event_ids:
        found = facts.report(event_id)
        if found is None:
            continue
        article_id, _, evidence, day, place, count, outlet, language, published, url, title = found
        rows.append(
            (
                incident_id,
                *span,
                event_id,
                article_id,
                outlet,
                language,
                published,
                day,
                place,
                count,
                evidence,
                url,
                title,
            )
        )
    return _first_days(rows, _PUBLISHED)


def _first_days(rows: list[tuple], at: int) -> list[tuple]:
    """The rows of one incident whose day (column `at`) is among the first
    `POPUP_REPORTS` of them, ties kept, undated ones only if fewer are dated: every row the
    popup's order may rank within them (the order is the day first, undated last)."""
    if len(rows) <= POPUP_REPORTS:
        return rows
    days = sorted(_day_key(row[at]) for row in rows)
    last = days[POPUP_REPORTS - 1]
    return [row for row in rows if _day_key(row[at]) <= last]


def _day_key(day: Any) -> tuple:
    found = stored_day(day)
    return (found is None, found or date.min)


# the popups of candidate rows given as arrays (`_POPUP_LIST` but the rank, in that
# order): ranked by the database as `popups_sql` ranks them, so that the outlets compare
# in its collation, the first `POPUP_REPORTS` of each incident inserted
_RANKED_COLUMNS = tuple(c for c in COLUMNS["incident_popups"] if c != "rank")
_PUBLISHED = _RANKED_COLUMNS.index("published")  # a candidate row's publication day
_ARRAY_TYPES = {"date_start": "DATE", "date_end": "DATE", "published": "DATE", "count": "BIGINT"}
_RANKED_ARRAYS = ", ".join(
    f'UNNEST(CAST(? AS {_ARRAY_TYPES.get(c, "VARCHAR")}[])) AS "{c}"' for c in _RANKED_COLUMNS
)


def _popups_ranked() -> str:
    """The INSERT of the first `POPUP_REPORTS` of candidate rows given as arrays."""
    return (
        f"INSERT INTO incident_popups ({_POPUP_LIST}) SELECT {_POPUP_LIST} FROM ("
        "SELECT k.*, ROW_NUMBER() OVER (PARTITION BY incident_id ORDER BY "
        f"{_ORDER.format(a='', event_id='event_id')}) AS rank FROM (SELECT {_RANKED_ARRAYS}) k"
        f") t WHERE rank <= {POPUP_REPORTS}"
    )


def _insert_popups(tx: Tx, rows: list[tuple]) -> None:
    """Rank candidate popup rows (`_popup_rows`) and insert the first of each incident."""
    if rows:
        tx.execute(_popups_ranked(), [list(column) for column in zip(*rows, strict=True)])


def _respan(tx: Tx, table: str, ids: Sequence[str]) -> None:
    """Copy their incidents' span to the rows of `ids` in `table`."""
    tx.execute(
        f"UPDATE {table} SET date_start = i.date_start, date_end = i.date_end "
        f"FROM incidents i WHERE {table}.incident_id IN {ID_ARRAY} "
        f"AND i.incident_id = {table}.incident_id",
        [list(ids)],
    )


def _grow_sources(
    tx: Tx,
    grown: Mapping[str, Growth],
    moved: Sequence[str],
    before: group_deltas.Contribution,
    facts: _Facts,
) -> dict[str, set[tuple]]:
    """The sources of incidents grown in place: their span where it `moved` (copied
    from their written rows), and the (language, outlet, actors) of their new reports
    that they lacked, which it returns by incident (to be inserted); the sources of
    their stored reports stay. What they had is what `before` read of them (read now
    for one it did not)."""
    if moved:
        _respan(tx, "incident_sources", moved)
    had = {i: before.sources[i] for i in grown if i in before.incidents}
    unread = [i for i in grown if i not in before.incidents]
    if unread:
        for incident_id, *source in tx.rows(
            f"SELECT DISTINCT {group_deltas.SOURCE_COLUMNS} FROM incident_sources "
            f"WHERE incident_id IN {ID_ARRAY}",
            [unread],
        ):
            had.setdefault(incident_id, set()).add(tuple(source))
    out: dict[str, set[tuple]] = {}
    for incident_id, growth in grown.items():
        lacking = _distinct_sources(growth.events, facts) - had.get(incident_id, set())
        if lacking:
            out[incident_id] = lacking
    return out


def _grow_popups(
    tx: Tx, grown: Mapping[str, Growth], spans: Mapping[str, tuple], facts: _Facts
) -> tuple[list[str], list[tuple]]:
    """The popups of incidents grown in place: the incidents whose span moved, and the
    candidate rows (`_popup_rows`) of those whose popups are made again (their stored
    rows deleted here).

    A popup lists an incident's first `POPUP_REPORTS` reports, so only an incident with
    fewer, or a new report published no later than its last one, needs them again: the
    first of its stored popup reports and new reports. Otherwise its rows stay, their
    span moved with the incident's."""
    ids = list(grown)
    shown = tx.rows(
        f"SELECT {', '.join(_RANKED_COLUMNS)}, rank FROM incident_popups "
        f"WHERE incident_id IN {ID_ARRAY}",
        [ids],
    )
    rows: dict[str, list[tuple]] = {i: [] for i in ids}
    for row in shown:
        rows[row[0]].append(row)
    redo: list[str] = []
    moved: list[str] = []
    for i, growth in grown.items():
        mine = rows[i]
        if mine and (stored_day(mine[0][2]), stored_day(mine[0][3])) != (growth.start, growth.end):
            moved.append(i)
        if len(mine) < POPUP_REPORTS:
            redo.append(i)
            continue
        last = stored_day(max(mine, key=lambda row: row[-1])[_PUBLISHED])
        if any(
            r.published is not None and (last is None or r.published <= last.toordinal())
            for r in growth.reports
        ):
            redo.append(i)
    candidates: list[tuple] = []
    if redo:
        tx.execute(f"DELETE FROM incident_popups WHERE incident_id IN {ID_ARRAY}", [redo])
        for i in redo:
            stored = [(i, *spans[i], *row[4:-1]) for row in rows[i]]
            new = _popup_rows(i, spans[i], grown[i].events, facts)
            candidates += _first_days(stored + new, _PUBLISHED)
    kept = [i for i in moved if i not in set(redo)]
    if kept:
        _respan(tx, "incident_popups", kept)
    return moved, candidates
