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
  day or an earlier (later) one, whether another incident of the group still holds it is
  not known here: the rows of that group's (type, lat, lon, place, outlets) are then
  recounted from the incidents by the rebuild's own SQL (`refill`), which is also what
  happens to a row that reads back otherwise than its deltas expect (a missing row, a
  count below 0). So the rows are exactly a rebuild's whatever the batches were.

The tables have no unique key (lat, lon and place are NULL for an unplaced incident, and
a unique index counts NULLs as distinct), so a changed row is deleted and inserted again
rather than upserted. That read-modify-write relies on one writer at a time doing it: a
DuckDB file has one writer (the store's writer lock), and PostgreSQL writers attach under
the incident advisory lock (`postgres_store._INCIDENT_LOCK`), held to the end of their
transaction, so the next writer reads the committed rows.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol

from dashboard.incidents.source_groups import actor_names
from dashboard.store.schema import COLUMNS
from dashboard.store.sqlparams import chunks, marks


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
# a statement's rows recounted from the incidents matching `clause` (on their columns)
Refill = Callable[[Tx, str, Sequence[Any]], None]
_CHUNK = 2_000  # keys per statement: 12,000 parameters (PostgreSQL allows 65,535)


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


def contribution(tx: Tx, incident_ids: Sequence[str]) -> Contribution:
    """What the stored incidents `incident_ids` count, as their rows and sources read now."""
    out = Contribution()
    for part in chunks(sorted(incident_ids), _CHUNK):
        holes = marks(part)
        found = tx.rows(
            f"SELECT incident_id, {', '.join(BASE)}, date_start, conflict FROM incidents "
            f"WHERE incident_id IN ({holes})",
            list(part),
        )
        for incident_id, type_, lat, lon, place, outlets, day, conflict in found:
            base = (type_, lat, lon, place, int(outlets))
            out.incidents[incident_id] = Counted(base, day, bool(conflict))
        sources = tx.rows(
            "SELECT DISTINCT incident_id, language, outlet, actors FROM incident_sources "
            f"WHERE incident_id IN ({holes})",
            list(part),
        )
        for incident_id, language, outlet, actors in sources:
            if language is not None:
                out.values["language"][incident_id].add(language)
            if outlet is not None:
                out.values["outlet"][incident_id].add(outlet)
            out.values["actor"][incident_id].update(actor_names(actors))
    return out


def apply(tx: Tx, before: Contribution, after: Contribution, refill: Mapping[str, Refill]) -> None:
    """Subtract `before` (the replaced incidents, read before they were deleted) and add
    `after` (the written ones) in each group table; `refill[table]` inserts the rows of
    the incidents matching a clause (the caller's rebuild SQL)."""
    for table, source in TABLES.items():
        deltas = _deltas(before, after, source)
        if deltas:
            _apply_table(tx, table, source, deltas, refill[table])


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


def _apply_table(
    tx: Tx, table: str, source: str | None, deltas: dict[tuple, _Delta], refill: Refill
) -> None:
    names = ((source,) if source else ()) + BASE
    width = len(names)
    columns = COLUMNS[table]
    keys = sorted(deltas, key=_sort_key)
    # the rows the deltas change, deleted and read in one statement (each is a scan of
    # the table in DuckDB): the new ones are inserted below
    stored: dict[tuple, tuple] = {}
    listed = ", ".join(f"t.{c}" for c in columns)
    for values, params, on in _joins(keys, names):
        sql = f"DELETE FROM {table} t USING {values} WHERE {on} RETURNING {listed}"
        for row in tx.rows(sql, params):
            stored[tuple(row[:width])] = tuple(row[width:])
    rows: dict[tuple, tuple] = {}
    dirty: set[tuple] = set()
    for key in keys:
        merged = _merge(stored.get(key), deltas[key])
        if merged is _DIRTY:
            dirty.add(key[width - len(BASE) :])
        elif merged is not None:
            rows[key] = (*key, *merged)  # type: ignore[misc]
    # the groups recounted below lose all their rows there, of every value
    keep = [k for k in keys if k[width - len(BASE) :] not in dirty]
    tx.insert(table, columns, [rows[k] for k in keep if k in rows])
    groups: dict[tuple, list[str]] = defaultdict(list)  # incident ids per recounted group
    for values, params, on in _joins(sorted(dirty, key=_sort_key), BASE):
        tx.execute(f"DELETE FROM {table} t USING {values} WHERE {on}", params)
        on_incidents = on.replace("t.", "i.")
        found = tx.rows(
            f"SELECT i.incident_id, {', '.join(f'i.{n}' for n in BASE)} FROM incidents i "
            f"JOIN {values} ON {on_incidents}",
            params,
        )
        for incident_id, *base in found:
            groups[tuple(base)].append(incident_id)
    # the refill names the groups' incidents by id: an OR of the groups' keys took DuckDB
    # seconds, and a join in the refill's clause had PostgreSQL join it once per source
    # row; each group whole in one statement, so that it comes out as one row
    batch: list[str] = []
    for ids in groups.values():
        if batch and len(batch) + len(ids) > _REFILL_IDS:
            _refill(tx, refill, batch)
            batch = []
        batch += ids
    if batch:
        _refill(tx, refill, batch)


_REFILL_IDS = 10_000  # incident ids per refill: twice as many parameters (PG allows 65,535)


def _refill(tx: Tx, refill: Refill, ids: list[str]) -> None:
    refill(tx, f"incident_id IN ({marks(ids)})", ids)


def _sort_key(key: tuple) -> tuple:
    """An order of keys holding NULLs (a deterministic statement order)."""
    return tuple((v is None, v if v is not None else 0) for v in key)


# the key columns that are not text, and those that may be NULL (an unplaced incident's)
_CASTS = {"lat": "DOUBLE PRECISION", "lon": "DOUBLE PRECISION", "outlets": "INTEGER"}
_NULLABLE = frozenset({"lat", "lon", "place"})


def _values(keys: Sequence[tuple], names: Sequence[str]) -> tuple[str, list[Any]]:
    """`keys` as a VALUES table `k` with columns `names`, and its parameters. A join on it
    finds the rows of 500 keys in DuckDB in some 50 ms where `key_clause`'s 500-term OR
    took 0.9 s (the actor groups at 1M events); PostgreSQL probes its indexes with it."""
    row = "(" + ", ".join(f"CAST(? AS {_CASTS.get(n, 'VARCHAR')})" for n in names) + ")"
    table = f"(VALUES {', '.join(row for _ in keys)}) AS k({', '.join(names)})"
    return table, [v for key in keys for v in key]


def _on(names: Sequence[str], placed: bool) -> str:
    """The join of a group table `t` with `_values`' `k`: NULL matching NULL. The keys
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
    """`keys` as VALUES tables of up to `_CHUNK` keys, each with its parameters and its
    join condition on `t` (`_on`)."""
    at = list(names).index("place")
    for placed in (True, False):
        some = [k for k in keys if (k[at] is not None) == placed]
        for part in chunks(some, _CHUNK):
            values, params = _values(part, names)
            yield values, params, _on(names, placed)


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
