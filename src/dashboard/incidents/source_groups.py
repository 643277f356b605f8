"""Incident group counts per outlet and per actor (migration 0013), kept beside
`sum_incident_language_groups` for a Map, Overview or Incidents page view of one outlet or
one actor: such a view adds up that outlet's (actor's) rows, a few thousand, instead of
grouping the 17,000-67,000 incidents the filter leaves at 1M events (PostgreSQL 150-300 ms).

An incident counts once for each outlet that reported it and once for each actor any of
its reports names, as the language table counts it once per language. An actor is an
element of an event's actors list (JSON text): the few distinct lists in
`incident_sources` are parsed here, in Python, and joined as a VALUES table, which both
backends read alike. Written by `incidents.derived` in the same transaction as the
incidents (a rebuild recomputes them; an attach adds and subtracts the incidents it
wrote and replaced, `incidents.group_deltas`, and refills with this code only the groups
whose first or last date left), and filled by migration 0013's post step with the same
code.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Sequence
from typing import Any, Protocol


class Tx(Protocol):
    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple]: ...

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None: ...


TABLES = ("sum_incident_outlet_groups", "sum_incident_actor_groups")
_COUNTS = (
    "type, lat, lon, place, outlets, COUNT(*), MIN(date_start), MAX(date_start), "
    "SUM(CASE WHEN conflict THEN 1 ELSE 0 END)"
)
_TARGET = "(type, lat, lon, place, outlets, incidents, date_first, date_last, conflicting)"
_KEYS = "type, lat, lon, place, outlets"
OUTLET_SQL = (
    f"INSERT INTO sum_incident_outlet_groups (outlet, {_TARGET[1:]} "
    f"SELECT s.outlet, {_COUNTS} FROM incidents i "
    "JOIN (SELECT DISTINCT incident_id, outlet FROM incident_sources "
    "WHERE outlet IS NOT NULL{within}) s USING (incident_id)"
)
OUTLET_KEYS = f"GROUP BY s.outlet, {_KEYS}"
ACTOR_KEYS = f"GROUP BY s.actor, {_KEYS}"
_MAX_PAIRS = 5_000  # (list, actor) pairs per VALUES table: 10,000 parameters


def within(clause: str, params: Sequence[Any]) -> tuple[str, list[Any]]:
    """The condition, for a subquery over `incident_sources`, that keeps the rows of the
    incidents matching `clause` (on the incidents' columns), and its parameters: nothing
    for no clause. PostgreSQL does not push the outer query's incidents into a DISTINCT
    subquery, so without it an attach's recount of a few (type, place) pairs made the
    DISTINCT of every source row (a million at 1M events) in each of its statements;
    with it the subquery reads the sources of those incidents only, by index. DuckDB
    gives the same rows either way."""
    if not clause:
        return "", []
    return f"incident_id IN (SELECT incident_id FROM incidents WHERE {clause})", list(params)


def actor_pairs(tx: Tx, clause: str = "", params: Sequence[Any] = ()) -> list[tuple[str, str]]:
    """(actors list text, actor) for every distinct list of the sources of the incidents
    matching `clause` (or all) and each distinct actor it names."""
    sql = (
        "SELECT DISTINCT s.actors FROM incident_sources s WHERE s.actors IS NOT NULL "
        "AND s.actors <> '[]'"
    )
    if clause:  # an attach's (type, place) pairs: not every list of a large database
        sql += f" AND s.incident_id IN (SELECT incident_id FROM incidents WHERE {clause})"
    found = tx.rows(sql, list(params))
    pairs: set[tuple[str, str]] = set()
    for (text,) in found:
        pairs.update((text, n) for n in actor_names(text))
    return sorted(pairs)


@functools.lru_cache(maxsize=8192)
def actor_names(text: str | None) -> frozenset[str]:
    """The actors an actors list (JSON text) names: none for NULL, for text that is not a
    list the filter could match element by element, and for its elements that are not
    strings. Cached: a group recount reads tens of thousands of source rows holding a
    few thousand distinct lists (parsing each row took 0.3 s of a 1M-event batch)."""
    if not text:
        return frozenset()
    try:
        names = json.loads(text)
    except ValueError:
        return frozenset()
    if not isinstance(names, list):
        return frozenset()
    return frozenset(n for n in names if isinstance(n, str))


def _actor_sql(
    pairs: Sequence[tuple[str, str]], clause: str, params: Sequence[Any]
) -> tuple[str, list[Any]]:
    values = ", ".join("(?, ?)" for _ in pairs)
    inner, inner_params = within(clause, params)
    sql = (
        f"INSERT INTO sum_incident_actor_groups (actor, {_TARGET[1:]} "
        f"SELECT s.actor, {_COUNTS} FROM incidents i "
        "JOIN (SELECT DISTINCT x.incident_id, m.actor FROM incident_sources x "
        f"JOIN (VALUES {values}) AS m(actors, actor) ON m.actors = x.actors"
        f"{f' WHERE x.{inner}' if inner else ''}) s USING (incident_id)"
    )
    return sql, [*(v for pair in pairs for v in pair), *inner_params]


def fill(tx: Tx, clause: str = "", params: Sequence[Any] = ()) -> None:
    """Insert the rows of the incidents matching `clause` (a WHERE clause on the
    incidents' columns without the keyword, or all): the caller deleted the old ones."""
    fill_outlets(tx, clause, params)
    fill_actors(tx, clause, params)


def fill_outlets(tx: Tx, clause: str = "", params: Sequence[Any] = ()) -> None:
    """`fill` of `sum_incident_outlet_groups` alone."""
    where = f" WHERE {clause}" if clause else ""
    inner, inner_params = within(clause, params)
    outlets = OUTLET_SQL.format(within=f" AND {inner}" if inner else "")
    tx.execute(f"{outlets}{where} {OUTLET_KEYS}", [*inner_params, *params])


def fill_actors(tx: Tx, clause: str = "", params: Sequence[Any] = ()) -> None:
    """`fill` of `sum_incident_actor_groups` alone."""
    pairs = actor_pairs(tx, clause, params)
    # an actor's lists all in one statement, so that an incident is counted once per actor
    by_actor: dict[str, list[tuple[str, str]]] = {}
    for text, actor in pairs:
        by_actor.setdefault(actor, []).append((text, actor))
    batch: list[tuple[str, str]] = []
    for actor_pairs_ in by_actor.values():
        if batch and len(batch) + len(actor_pairs_) > _MAX_PAIRS:
            _insert_actors(tx, batch, clause, params)
            batch = []
        batch += actor_pairs_
    if batch:
        _insert_actors(tx, batch, clause, params)


def _insert_actors(tx: Tx, pairs: list[tuple[str, str]], clause: str, params: Sequence[Any]):
    sql, values = _actor_sql(pairs, clause, params)
    where = f" WHERE {clause}" if clause else ""
    tx.execute(f"{sql}{where} {ACTOR_KEYS}", [*values, *params])


def rebuild(tx: Tx) -> None:
    """Both tables from every stored incident."""
    for table in TABLES:
        tx.execute(f"DELETE FROM {table}")
    fill(tx)
