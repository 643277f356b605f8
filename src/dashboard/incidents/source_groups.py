"""Incident group counts per outlet and per actor (migration 0013), kept beside
`sum_incident_language_groups` for a Map, Overview or Incidents page view of one outlet or
one actor: such a view adds up that outlet's (actor's) rows, a few thousand, instead of
grouping the 17,000-67,000 incidents the filter leaves at 1M events (PostgreSQL 150-300 ms).

An incident counts once for each outlet that reported it and once for each actor any of
its reports names, as the language table counts it once per language. An actor is an
element of an event's actors list (JSON text): the few distinct lists in
`incident_sources` are parsed here, in Python, and joined as a VALUES table, which both
backends read alike. Written by `incidents.derived` in the same transaction as the
incidents (a rebuild recomputes them with this SQL; an attach adds and subtracts the
incidents it wrote and replaced, `incidents.group_deltas`, which counts an incident's
actors with `actor_names` as this SQL does), and filled by migration 0013's post step
with the same code.
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
    "WHERE outlet IS NOT NULL) s USING (incident_id)"
)
OUTLET_KEYS = f"GROUP BY s.outlet, {_KEYS}"
ACTOR_KEYS = f"GROUP BY s.actor, {_KEYS}"
_MAX_PAIRS = 5_000  # (list, actor) pairs per VALUES table: 10,000 parameters


def actor_pairs(tx: Tx) -> list[tuple[str, str]]:
    """(actors list text, actor) for every distinct list of the sources and each distinct
    actor it names."""
    found = tx.rows(
        "SELECT DISTINCT s.actors FROM incident_sources s WHERE s.actors IS NOT NULL "
        "AND s.actors <> '[]'"
    )
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


def _actor_sql(pairs: Sequence[tuple[str, str]]) -> tuple[str, list[Any]]:
    values = ", ".join("(?, ?)" for _ in pairs)
    sql = (
        f"INSERT INTO sum_incident_actor_groups (actor, {_TARGET[1:]} "
        f"SELECT s.actor, {_COUNTS} FROM incidents i "
        "JOIN (SELECT DISTINCT x.incident_id, m.actor FROM incident_sources x "
        f"JOIN (VALUES {values}) AS m(actors, actor) ON m.actors = x.actors) s "
        f"USING (incident_id) {ACTOR_KEYS}"
    )
    return sql, [v for pair in pairs for v in pair]


def fill(tx: Tx) -> None:
    """Insert the rows of every stored incident: the caller deleted the old ones."""
    tx.execute(f"{OUTLET_SQL} {OUTLET_KEYS}")
    # an actor's lists all in one statement, so that an incident is counted once per actor
    by_actor: dict[str, list[tuple[str, str]]] = {}
    for text, actor in actor_pairs(tx):
        by_actor.setdefault(actor, []).append((text, actor))
    batch: list[tuple[str, str]] = []
    for pairs in by_actor.values():
        if batch and len(batch) + len(pairs) > _MAX_PAIRS:
            tx.execute(*_actor_sql(batch))
            batch = []
        batch += pairs
    if batch:
        tx.execute(*_actor_sql(batch))


def rebuild(tx: Tx) -> None:
    """Both tables from every stored incident."""
    for table in TABLES:
        tx.execute(f"DELETE FROM {table}")
    fill(tx)
