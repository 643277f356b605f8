"""`incidents.group_deltas`: the four incident group tables kept by subtracting what the
replaced incidents counted and adding what the written ones count give exactly the rows
that counting every incident again gives, in the cases a subtraction can get wrong: an
incident that moves to another place or outlet count, the last incident of a group, a
group whose first or last day leaves, an incident that loses a language, an outlet or
its actors, or changes its conflict flag; on both backends.

Each case changes stored incidents (and their sources) the way an attach's rewrite
would, in one transaction of the store, between reading their contribution and applying
the deltas; the held rows are then compared with the rows the rebuild's SQL counts from
the same incidents and sources."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from sample_batches import ingest_in_batches
from store_tx import store_tx

from dashboard.incidents import derived, group_deltas, source_groups
from dashboard.store import open_store

TABLES = tuple(group_deltas.TABLES)


def _held(tx) -> dict[str, list[str]]:
    return {t: sorted(map(repr, tx.rows(f"SELECT * FROM {t}"))) for t in TABLES}


def _recounted(store) -> dict[str, list[str]]:
    """The group rows counted afresh from the stored incidents and sources (the rebuild's
    SQL), in a transaction rolled back after reading them."""
    rows: dict[str, list[str]] = {}

    class Done(Exception):
        pass

    with pytest.raises(Done), store_tx(store) as tx:
        for table in TABLES:
            tx.execute(f"DELETE FROM {table}")
        tx.execute(f"{derived.GROUPS_SQL} {derived.GROUP_KEYS}")
        tx.execute(*derived.language_groups_sql())
        source_groups.fill(tx)
        rows.update(_held(tx))
        raise Done
    return rows


_INGESTED: dict[str, str] = {}  # backend -> its database, ingested once for the module


@pytest.fixture
def store(backend: str, request: pytest.FixtureRequest, tmp_path_factory):
    """The sample corpus ingested in batches, once per backend: every case leaves the
    tables counted right (it asserts so), so the next case may start from them."""
    if backend not in _INGESTED:
        if backend == "postgresql":
            location = request.getfixturevalue("pg_server").new_database("deltas")
        else:
            location = str(tmp_path_factory.mktemp("deltas") / "deltas.duckdb")
        with open_store(location) as s:
            ingest_in_batches(s, 100, lambda _: None)
        _INGESTED[backend] = location
    with open_store(_INGESTED[backend]) as s:
        yield s


def _change(store, ids: list[str], mutate: Callable[[object], None]) -> int:
    """Read `ids`' contribution, `mutate` the stored incidents, apply the deltas; the
    number of group rows the deltas had to recount."""
    with store_tx(store) as tx:
        before = group_deltas.contribution(tx, ids)
        mutate(tx)
        after = group_deltas.contribution(tx, ids)
        recounted = group_deltas.apply(tx, before, after)
    with store_tx(store) as tx:
        held = _held(tx)
    assert held == _recounted(store)
    assert all(held.values())
    return recounted


def _relist(tx, incident_id: str) -> None:
    """The incident's lists of languages and outlets (migration 0017) made again from its
    sources, as an attach writes them with its row."""
    found = tx.rows(
        "SELECT DISTINCT language, outlet FROM incident_sources WHERE incident_id = ?",
        [incident_id],
    )
    lists = [sorted({row[n] for row in found if row[n] is not None}) for n in (0, 1)]
    tx.execute(
        "UPDATE incidents SET source_languages = ?, source_outlets = ? WHERE incident_id = ?",
        [*(json.dumps(v, ensure_ascii=False, separators=(",", ":")) for v in lists), incident_id],
    )


def _one(store, sql: str, params: list | None = None) -> tuple:
    with store_tx(store) as tx:
        found = tx.rows(sql, params or [])
    assert found, sql
    return found[0]


def test_the_sample_is_counted_alike(store):
    with store_tx(store) as tx:  # (one transaction at a time: the store's writer lock)
        held = _held(tx)
    assert held == _recounted(store)


def test_an_incident_moves_to_another_place_or_outlet_count(store):
    (moved,) = _one(
        store, "SELECT incident_id FROM incidents WHERE place IS NOT NULL ORDER BY incident_id"
    )
    (more,) = _one(store, "SELECT incident_id FROM incidents ORDER BY reports DESC, incident_id")

    def mutate(tx):
        tx.execute(
            "UPDATE incidents SET place = 'Nowhere', lat = 1.5, lon = 2.5 WHERE incident_id = ?",
            [moved],
        )
        tx.execute("UPDATE incidents SET outlets = outlets + 1 WHERE incident_id = ?", [more])
        # and one that loses its place: the NULL keys
        tx.execute(
            "UPDATE incidents SET place = NULL, lat = NULL, lon = NULL WHERE incident_id = "
            "(SELECT MAX(incident_id) FROM incidents WHERE place IS NOT NULL)"
        )

    (unplaced,) = _one(store, "SELECT MAX(incident_id) FROM incidents WHERE place IS NOT NULL")
    _change(store, [moved, more, unplaced], mutate)


def test_the_last_incident_of_a_group_leaves(store):
    key = _one(
        store,
        "SELECT type, lat, lon, place, outlets FROM sum_incident_groups WHERE incidents = 1 "
        "AND place IS NOT NULL ORDER BY type, place, outlets",
    )
    clause, params = group_deltas.key_clause([key], group_deltas.BASE)
    (alone,) = _one(store, f"SELECT incident_id FROM incidents WHERE {clause}", params)

    def mutate(tx):
        tx.execute("DELETE FROM incident_sources WHERE incident_id = ?", [alone])
        tx.execute("DELETE FROM incidents WHERE incident_id = ?", [alone])

    _change(store, [alone], mutate)
    with store_tx(store) as tx:
        assert not tx.rows(f"SELECT 1 FROM sum_incident_groups WHERE {clause}", params)


@pytest.mark.parametrize("end", ["date_first", "date_last"])
def test_a_groups_first_or_last_day_leaves(store, end):
    """The incident holding a group's first (last) day moves to the other end: whether
    another incident holds that day is not known from the deltas, so the group is
    recounted."""
    *key, first, last = _one(
        store,
        "SELECT type, lat, lon, place, outlets, date_first, date_last FROM sum_incident_groups "
        "WHERE incidents >= 2 AND date_first < date_last AND place IS NOT NULL "
        "ORDER BY incidents, type, place",
    )
    day, other = (first, last) if end == "date_first" else (last, first)
    clause, params = group_deltas.key_clause([tuple(key)], group_deltas.BASE)
    (leaving,) = _one(
        store,
        f"SELECT incident_id FROM incidents WHERE {clause} AND date_start = ? ORDER BY incident_id",
        [*params, day],
    )

    def mutate(tx):
        tx.execute("UPDATE incidents SET date_start = ? WHERE incident_id = ?", [other, leaving])

    assert _change(store, [leaving], mutate) > 0


@pytest.mark.parametrize("column", ["language", "outlet", "actors"])
def test_an_incident_loses_a_language_outlet_or_actor(store, column):
    incident_id, value = _one(
        store,
        f"SELECT incident_id, MIN({column}) FROM incident_sources WHERE {column} IS NOT NULL "
        f"AND {column} <> '[]' GROUP BY incident_id HAVING COUNT(DISTINCT {column}) >= 2 "
        "ORDER BY incident_id",
    )

    def mutate(tx):
        tx.execute(
            f"DELETE FROM incident_sources WHERE incident_id = ? AND {column} = ?",
            [incident_id, value],
        )
        _relist(tx, incident_id)

    _change(store, [incident_id], mutate)


def test_an_incident_changes_its_conflict_and_replaced_ones_come_back(store):
    """A conflict flag flipped, and a rewrite that changes nothing (its deltas cancel)."""
    with store_tx(store) as tx:
        ids = [r[0] for r in tx.rows("SELECT incident_id FROM incidents ORDER BY incident_id")]
    flipped, same = ids[0], ids[1:40]

    def mutate(tx):
        tx.execute("UPDATE incidents SET conflict = NOT conflict WHERE incident_id = ?", [flipped])

    assert _change(store, [flipped, *same], mutate) == 0
