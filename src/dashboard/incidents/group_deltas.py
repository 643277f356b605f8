"""The incident group tables kept by adding and subtracting (issue 12): what an attach
does to `sum_incident_groups`, `sum_incident_language_groups`,
`sum_incident_outlet_groups` and `sum_incident_actor_groups` once it knows the incidents
it replaced and the ones it wrote.

Recounting every group row of the (type, place) pairs a batch touched read a quarter of
all incidents at 1M events (a busy place holds thousands), 0.7-1.3 s per table on
PostgreSQL, half of a batch. Instead the replaced incidents' contribution (their rows,
and their languages, outlets and actors from `incident_sources`, read before they are
deleted) is subtracted and the written ones' added, here in Python, on the few hundred
group rows they fall in:

- `incidents` and `conflicting` are counts: they add and subtract, and a row whose count
  reaches 0 is deleted;
- `date_first` and `date_last` are a MIN and a MAX: an added incident only widens them,
  but when a subtracted one held the row's first (last) day and no added one holds that
  day or an earlier (later) one, whether another incident of the row still holds it is
  not known here: the row is then recounted (`_recount`) from every stored incident of
  its group (type, lat, lon, place, outlets) and their sources, counted as the
  rebuild's SQL counts them, which is also what happens to a row that reads back
  otherwise than its deltas expect (a missing row, a count below 0). So the rows are
  exactly a rebuild's whatever the batches were.

Each table takes one DELETE ... RETURNING of the changed rows (two: keys with a place
and without) and one insert of their new values, whatever the batch changed; the
recounts of every table share one read of their groups' incidents, with their languages
and outlets from their own rows (migration 0017's lists), and one read of the actors of
the incidents of the groups whose actor rows are recounted. Keys and ids go as array
parameters (`UNNEST`), which DuckDB binds in milliseconds where a VALUES list or an IN
list of thousands of parameters took it 0.1-0.2 s a statement. A recount is needed for
about a quarter of the changed rows of a batch at 1M events (an incident whose new
reports add an outlet leaves its group, and was its first day's only incident), and
reads all incidents of those groups, busy places holding thousands: 28,000 incidents for
1,200 rows in the bench's first batch. Keeping the number of incidents on a row's first
and last day was measured and would avoid few of them: in two 200-article batches at 1M,
17 of 2,210 and 0 of 1,072 recounted rows kept both days (BENCHMARKS.md, "The group
recount of an incremental write").

The tables have no unique key (lat, lon and place are NULL for an unplaced incident, and
a unique index counts NULLs as distinct), so a changed row is deleted and inserted again
rather than upserted. That read-modify-write relies on one writer at a time doing it: a
DuckDB file has one writer (the store's writer lock), and PostgreSQL writers attach under
the incident advisory lock (`postgres_store._INCIDENT_LOCK`), held to the end of their
transaction, so the next writer reads the committed rows.
"""

from __future__ import annotations

import functools
import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol

from dashboard.incidents.source_groups import actor_names
from dashboard.store.schema import COLUMNS, INCIDENT_SOURCE_LISTS


class Tx(Protocol):
    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple]: ...

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None: ...

    def insert(self, table: str, columns: Sequence[str], rows: list[tuple]) -> None: ...


# each table with the source column an incident counts once per value of (None: once)
TABLES: dict[str, str | None] = {
    "sum_incident_groups": None,
    "sum_incident_language_groups": "language",
    "sum_incident_outlet_groups": "outlet",
    "sum_incident_actor_groups": "actor",
}
BASE = ("type", "lat", "lon", "place", "outlets")  # a map group and its outlet count
# (type, lat, lon, place, outlets) of one incident
Base = tuple[str, float | None, float | None, str | None, int]


@dataclass(frozen=True)
class Counted:
    """What one incident counts in a group row."""

    base: Base
    day: date | None  # date_start
    conflict: bool


@dataclass
class Contribution:
    """What some stored incidents count in the group tables: each one's group and, per
    source column, the values of its sources (an incident counts once per value)."""

    incidents: dict[str, Counted] = field(default_factory=dict)
    values: dict[str, dict[str, set[str]]] = field(
        default_factory=lambda: {f: defaultdict(set) for f in TABLES.values() if f}
    )
    # the (language, outlet, actors) of the source rows read or given, by incident: what
    # an incident grown in place had (`derived`), whose new reports' sources it lacks
    sources: dict[str, set[tuple]] = field(default_factory=lambda: defaultdict(set))


@dataclass
class _Delta:
    """The change of one group row: incidents added and removed, and their days."""

    added: int = 0
    removed: int = 0
    conflicting: int = 0
    days_added: Counter[date] = field(default_factory=Counter)
    days_removed: Counter[date] = field(default_factory=Counter)

    def empty(self) -> bool:
        return (
            self.added == self.removed
            and not self.conflicting
            and self.days_added == self.days_removed
        )


_DIRTY = object()  # a row to recount from the incidents


def contribution(
    tx: Tx,
    incident_ids: Sequence[str],
    sources: Iterable[tuple] | None = None,
    carried: Contribution | None = None,
) -> Contribution:
    """What the stored incidents `incident_ids` count, as their rows read now and their
    sources: read from `incident_sources`, or, when the caller has them, its `sources`
    rows (`SOURCE_COLUMNS`: the rows an attach just inserted, by RETURNING) together
    with the values `carried` holds for an id (what an incident grown in place had, read
    before its new sources were inserted). A read of `incident_sources` by a list of ids
    scans the table on DuckDB (900,000 rows at 1M events): an attach's contribution after
    its write makes none."""
    if not incident_ids:
        return Contribution()
    sql = f"SELECT {_COUNTED} FROM incidents i WHERE i.incident_id IN ({_IDS})"
    if sources is None:
        return _counted(tx, sql, [sorted(incident_ids)])
    out = Contribution()
    found = _incidents(tx, sql, [sorted(incident_ids)], out)
    if carried is not None:
        for field_name, values in out.values.items():
            kept = carried.values[field_name]
            for incident_id in found:
                if incident_id in kept:
                    values[incident_id].update(kept[incident_id])
    _add_sources(sources, out)
    return out


# the columns of `incident_sources` a contribution counts, in `_add_sources`' order
SOURCE_COLUMNS = "incident_id, language, outlet, actors"
# an incident's columns `Counted` takes, after its id
_COUNTED = f"i.incident_id, {', '.join(f'i.{n}' for n in BASE)}, i.date_start, i.conflict"
# a list of ids as one array parameter: DuckDB binds an `IN (?, ?, ...)` of thousands of
# parameters in tens of milliseconds a statement, this in well under one
_IDS = "SELECT UNNEST(CAST(? AS VARCHAR[]))"
# an incident's languages and outlets of its sources, kept on its row (migration 0017)
_LISTS = ", ".join(f"i.{n}" for n in INCIDENT_SOURCE_LISTS)


@functools.lru_cache(maxsize=8192)
def listed(text: str | None) -> frozenset[str]:
    """The values of an incident's `source_languages` or `source_outlets` (a JSON list of
    text). Cached: a recount reads tens of thousands of rows holding a few hundred
    distinct lists."""
    return frozenset(json.loads(text)) if text else frozenset()


def _counted(tx: Tx, sql: str, params: Sequence[Any]) -> Contribution:
    """The contribution of the incidents `sql` selects (`_COUNTED`), with their sources."""
    out = Contribution()
    found = _incidents(tx, sql, params, out)
    if found:
        _sources(tx, found, out)
    return out


def _incidents(tx: Tx, sql: str, params: Sequence[Any], out: Contribution) -> list[str]:
    """The rows `sql` selects (`_COUNTED`, and `_LISTS` after it if it likes) into `out`;
    their ids."""
    found = tx.rows(sql, params)
    languages, outlets_of = out.values["language"], out.values["outlet"]
    for incident_id, type_, lat, lon, place, outlets, day, conflict, *lists in found:
        base = (type_, lat, lon, place, int(outlets))
        out.incidents[incident_id] = Counted(base, day, bool(conflict))
        if lists:  # `_LISTS`: its languages and outlets
            languages[incident_id].update(listed(lists[0]))
            outlets_of[incident_id].update(listed(lists[1]))
    return [row[0] for row in found]


def _sources(tx: Tx, incident_ids: Sequence[str], out: Contribution) -> None:
    """The languages, outlets and actors of `incident_ids`, from their sources, into `out`."""
    sources = tx.rows(
        f"SELECT DISTINCT {SOURCE_COLUMNS} FROM incident_sources WHERE incident_id IN ({_IDS})",
        [sorted(incident_ids)],
    )
    _add_sources(sources, out)


def _actors(tx: Tx, incident_ids: Sequence[str], out: Contribution) -> None:
    """The actors of `incident_ids`, from their sources that name any, into `out`."""
    if not incident_ids:
        return
    sources = tx.rows(
        "SELECT DISTINCT incident_id, actors FROM incident_sources WHERE incident_id IN "
        f"({_IDS}) AND actors IS NOT NULL AND actors <> '[]'",
        [list(incident_ids)],
    )
    actors_of = out.values["actor"]
    for incident_id, actors in sources:
        actors_of[incident_id].update(actor_names(actors))


def _add_sources(sources: Iterable[tuple], out: Contribution) -> None:
    """Source rows (`SOURCE_COLUMNS`) into `out`'s values."""
    languages, outlets, actors_of = (out.values[f] for f in ("language", "outlet", "actor"))
    rows = out.sources
    for incident_id, language, outlet, actors in sources:
        rows[incident_id].add((language, outlet, actors))
        if language is not None:
            languages[incident_id].add(language)
        if outlet is not None:
            outlets[incident_id].add(outlet)
        if actors:
            actors_of[incident_id].update(actor_names(actors))


def apply(tx: Tx, before: Contribution, after: Contribution) -> int:
    """Subtract `before` (the replaced incidents, read before they were deleted) and add
    `after` (the written ones) in each group table; how many rows had to be recounted
    from the incidents (`_recount`).

    Per table one statement takes out the rows the deltas change (two: the keys with and
    without a place) and one inserts their new values; the rows to recount, of every
    table, are counted from one read of their groups' incidents and those incidents'
    sources: a dozen statements a batch whatever it changed."""
    names = {t: ((s,) if s else ()) + BASE for t, s in TABLES.items()}
    rows: dict[str, dict[tuple, tuple]] = {t: {} for t in TABLES}
    dirty: dict[str, set[tuple]] = {t: set() for t in TABLES}
    for table, source in TABLES.items():
        deltas = _deltas(before, after, source)
        if not deltas:
            continue
        stored = _take(tx, table, names[table], sorted(deltas, key=_sort_key))
        for key, delta in deltas.items():
            merged = _merge(stored.get(key), delta)
            if merged is _DIRTY:
                dirty[table].add(key)
            elif merged is not None:
                rows[table][key] = merged  # type: ignore[assignment]
    if any(dirty.values()):
        for table, recounted in _recount(tx, dirty).items():
            rows[table].update(recounted)
    for table, held in rows.items():
        keys = sorted(held, key=_sort_key)
        tx.insert(table, COLUMNS[table], [(*key, *held[key]) for key in keys])
    return sum(len(keys) for keys in dirty.values())


def _deltas(before: Contribution, after: Contribution, source: str | None) -> dict:
    """Per group row key ((value,) + base), the change; the rows that do not change left
    out (an incident rewritten in the same group with the same day)."""
    out: dict[tuple, _Delta] = defaultdict(_Delta)
    for sign, part in ((-1, before), (1, after)):
        for incident_id, inc in part.incidents.items():
            values = [()] if source is None else [(v,) for v in part.values[source][incident_id]]
            for value in values:
                delta = out[(*value, *inc.base)]
                if sign > 0:
                    delta.added += 1
                else:
                    delta.removed += 1
                delta.conflicting += sign * int(inc.conflict)
                if inc.day is not None:
                    (delta.days_added if sign > 0 else delta.days_removed)[inc.day] += 1
    return {key: delta for key, delta in out.items() if not delta.empty()}


def _merge(old: tuple | None, delta: _Delta) -> tuple | None | object:
    """The new (incidents, date_first, date_last, conflicting) of a row that held `old`
    (None: no row), None to delete it, or `_DIRTY` to recount it."""
    n, first, last, conflicting = old if old is not None else (0, None, None, 0)
    if old is None and delta.removed:
        return _DIRTY  # incidents left a row that is not there
    n += delta.added - delta.removed
    conflicting += delta.conflicting
    if n < 0 or not 0 <= conflicting <= n:
        return _DIRTY
    if n == 0:
        return None
    left = delta.days_removed - delta.days_added  # days fewer incidents hold now
    if left and (first is None or last is None):
        return _DIRTY  # a dated incident left a row without dates
    lowest = min(delta.days_added) if delta.days_added else None
    highest = max(delta.days_added) if delta.days_added else None
    if first is not None and left[first]:
        if lowest is None or lowest > first:
            return _DIRTY  # the first day left; another incident may still hold it
        first = lowest
    elif lowest is not None:
        first = lowest if first is None else min(first, lowest)
    if last is not None and left[last]:
        if highest is None or highest < last:
            return _DIRTY
        last = highest
    elif highest is not None:
        last = highest if last is None else max(last, highest)
    return (n, first, last, conflicting)


def _take(tx: Tx, table: str, names: Sequence[str], keys: Sequence[tuple]) -> dict[tuple, tuple]:
    """Delete the rows of `keys` (columns `names`) from `table`; what they held, by key
    (their new values are inserted afterwards). DuckDB scans the table once a statement
    (it has no index on them; 100,000-300,000 rows at 1M events, milliseconds)."""
    width = len(names)
    listed = ", ".join(f"t.{c}" for c in COLUMNS[table])
    stored: dict[tuple, tuple] = {}
    for keys_table, params, on in _joins(keys, names):
        sql = f"DELETE FROM {table} t USING {keys_table} WHERE {on} RETURNING {listed}"
        for row in tx.rows(sql, params):
            stored[tuple(row[:width])] = tuple(row[width:])
    return stored


def _recount(tx: Tx, dirty: Mapping[str, set[tuple]]) -> dict[str, dict[tuple, tuple]]:
    """The (incidents, date_first, date_last, conflicting) of the `dirty` keys of each
    table (a key without incidents left out: it has no row), counted from every stored
    incident of their groups (type, lat, lon, place, outlets) and those incidents'
    languages, outlets and actors, as a rebuild's SQL counts them (`derived`,
    `source_groups`): an incident once per group, and once per language, outlet or actor
    of its sources. In Python, from the same reads the deltas make (`Counted`), rather
    than by that SQL per table: the language, outlet and actor INSERTs each made the
    DISTINCT of their incidents' sources (0.1-0.2 s each at 1M events on DuckDB, up to
    1.5 s on PostgreSQL).

    The languages and outlets come from the incidents' own rows (`source_languages`,
    `source_outlets`, migration 0017: what their sources hold), read with them; only the
    incidents of the groups whose actor rows are dirty have their sources read, for
    their actors: reading every source of these groups' incidents (25,000 incidents at
    1M events, a 200-article batch) was 0.3-0.4 s of a batch."""
    bases = sorted({key[-len(BASE) :] for keys in dirty.values() for key in keys}, key=_sort_key)
    counted = Contribution()
    for keys_table, params, on in _joins(bases, BASE):
        on_incidents = on.replace("t.", "i.")
        sql = f"SELECT {_COUNTED}, {_LISTS} FROM incidents i JOIN {keys_table} ON {on_incidents}"
        _incidents(tx, sql, params, counted)
    actor_groups = {key[-len(BASE) :] for key in dirty["sum_incident_actor_groups"]}
    if actor_groups:
        named = sorted(i for i, inc in counted.incidents.items() if inc.base in actor_groups)
        _actors(tx, named, counted)
    # each dirty key's (incidents, first day, last day, conflicting), summed here rather
    # than by `_deltas`, which keeps a Counter of days for every key of these groups
    # (tens of thousands of source rows at 1M events)
    out: dict[str, dict[tuple, tuple]] = {t: {} for t, keys in dirty.items() if keys}
    for table, held in out.items():
        source, keys = TABLES[table], dirty[table]
        groups = {key[-len(BASE) :] for key in keys}
        values = counted.values[source] if source else {}
        for incident_id, inc in counted.incidents.items():
            if inc.base not in groups:
                continue
            for value in values.get(incident_id, ()) if source else (None,):
                key = inc.base if source is None else (value, *inc.base)
                if key not in keys:
                    continue
                n, first, last, conflicting = held.get(key, (0, None, None, 0))
                day = inc.day
                if day is not None:
                    first = day if first is None or day < first else first
                    last = day if last is None or day > last else last
                held[key] = (n + 1, first, last, conflicting + int(inc.conflict))
    return out


def _sort_key(key: tuple) -> tuple:
    """An order of keys holding NULLs (a deterministic statement order)."""
    return tuple((v is None, v if v is not None else 0) for v in key)


# the key columns that are not text, and those that may be NULL (an unplaced incident's)
_CASTS = {"lat": "DOUBLE PRECISION", "lon": "DOUBLE PRECISION", "outlets": "INTEGER"}
_NULLABLE = frozenset({"lat", "lon", "place"})


def _keys(keys: Sequence[tuple], names: Sequence[str]) -> tuple[str, list[Any]]:
    """`keys` as a table `k` with columns `names`, and its parameters: one array a
    column, unnested side by side (both backends zip the UNNESTs of one SELECT list).
    A VALUES table of 2,000 keys (12,000 parameters) took DuckDB 0.1-0.2 s a statement
    to bind, the arrays a few milliseconds; PostgreSQL probes its indexes with either."""
    select = ", ".join(f"UNNEST(CAST(? AS {_CASTS.get(n, 'VARCHAR')}[])) AS {n}" for n in names)
    return f"(SELECT {select}) k", [list(column) for column in zip(*keys, strict=True)]


def _on(names: Sequence[str], placed: bool) -> str:
    """The join of a group table `t` with `_keys`' `k`: NULL matching NULL. The keys
    with a place and those without go in separate statements, so that the first join
    on `t.place = k.place`, which PostgreSQL's (type, place) indexes serve."""
    terms = []
    for n in names:
        if n == "place":
            terms.append("t.place = k.place" if placed else "t.place IS NULL")
        elif n in _NULLABLE:
            terms.append(f"t.{n} IS NOT DISTINCT FROM k.{n}")
        else:
            terms.append(f"t.{n} = k.{n}")
    return " AND ".join(terms)


def _joins(keys: Sequence[tuple], names: Sequence[str]) -> Iterable[tuple[str, list, str]]:
    """`keys` as key tables (`_keys`), those with a place and those without, each with
    its parameters and its join condition on `t` (`_on`)."""
    at = list(names).index("place")
    for placed in (True, False):
        some = [k for k in keys if (k[at] is not None) == placed]
        if some:
            keys_table, params = _keys(some, names)
            yield keys_table, params, _on(names, placed)


def key_clause(keys: Sequence[tuple], names: Sequence[str]) -> tuple[str, list[Any]]:
    """`(a = ? AND b IS NULL ...) OR ...`: the rows whose `names` hold one of `keys` (a
    NULL matched as IS NULL, so that an index on the columns serves every term)."""
    terms: list[str] = []
    params: list[Any] = []
    for key in keys:
        parts = []
        for name, value in zip(names, key, strict=True):
            if value is None:
                parts.append(f"{name} IS NULL")
            else:
                parts.append(f"{name} = ?")
                params.append(value)
        terms.append("(" + " AND ".join(parts) + ")")
    return "(" + " OR ".join(terms) + ")", params


def add_read(tx: Tx, incident_ids: Sequence[str], out: Contribution) -> None:
    """The sources of `incident_ids` read from `incident_sources` into `out` (incidents
    whose values an attach's `contribution` could not carry)."""
    _sources(tx, incident_ids, out)


def only(part: Contribution, incident_ids: Iterable[str]) -> Contribution:
    """The incidents `incident_ids` of `part` (their value sets copied)."""
    out = Contribution()
    for incident_id in incident_ids:
        out.incidents[incident_id] = part.incidents[incident_id]
        for name, values in part.values.items():
            if incident_id in values:
                out.values[name][incident_id] = set(values[incident_id])
        if incident_id in part.sources:
            out.sources[incident_id] = set(part.sources[incident_id])
    return out
