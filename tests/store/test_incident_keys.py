"""Migration 0019: on DuckDB the incidents' search rows carry `incidents.terms.KEY`, a
64-bit number of the incident id that an attach's delete tests instead of the id (the
table is in word order, so the delete scans it). Every write path keeps it right, the
delete by it removes exactly the replaced incidents' rows, PostgreSQL (B-trees on the
ids) has no such column, and a version 18 database upgrades on both backends."""

from __future__ import annotations

import duckdb
from older_db import back_to, raw
from store_tx import store_tx

from dashboard.incidents import terms
from dashboard.store import migrate, open_store
from dashboard.store.copy import copy_store

# the migration's SQL for the key (md5_number_upper: the first 8 bytes, little-endian)
_SQL_KEY = terms.KEY_SQL.replace("incident_id", "?")


def test_the_python_key_is_the_migrations_sql():
    con = duckdb.connect()
    ids = ["d88a82756a157c1311e4", "", "0" * 20, "incident-Ω", "ffffffffffffffffffff"]
    for incident_id in ids:
        held = con.execute(f"SELECT {_SQL_KEY}", [incident_id]).fetchone()[0]
        assert held == terms.incident_key(incident_id) >= 0
    sql = (migrate.MIGRATIONS_DIR / "duckdb" / "0019_incident_keys.sql").read_text("utf-8")
    assert sql.count(f"SET {terms.KEY} = {terms.KEY_SQL}") == 2  # the same in the migration


def _keys_right(store) -> int:
    """How many rows carry a key, after checking that each is its id's (DuckDB), or
    that the tables have no key (PostgreSQL); their rows are read as they are."""
    if store.location.startswith("postgresql"):
        found = store.query(
            "SELECT COUNT(*) AS n FROM information_schema.columns "
            f"WHERE column_name = '{terms.KEY}'"
        )
        assert int(found.iloc[0, 0]) == 0
        return 0
    checked = 0
    for table in terms.TABLES:
        rows = store.query(f"SELECT DISTINCT incident_id, {terms.KEY} AS k FROM {table}")
        for incident_id, key in rows.itertuples(index=False):
            assert key == terms.incident_key(incident_id), (table, incident_id)
        checked += len(rows)
    return checked


def _rows(store) -> tuple[set, set]:
    found = store.query("SELECT term_key, incident_id FROM incident_terms")
    texts = store.query("SELECT incident_id, words FROM incident_words")
    return set(found.itertuples(index=False)), set(texts.itertuples(index=False))


def test_every_write_path_keeps_the_key(db_path, corpus, tmp_path, monkeypatch):
    """Ingest in batches (the attach's deletes by key, then its rows), the sort of the
    appended tail, a rebuild and a copy; the rows those leave are the rebuild's."""
    from dashboard.store import term_order

    with open_store(db_path) as store:
        for start in range(0, len(corpus), 2):
            store.write(corpus[start : start + 2])
            _keys_right(store)
        incremental = _rows(store)
        monkeypatch.setattr(term_order, "MIN_UNSORTED", 1)  # DuckDB: the tail sorted
        store.write(corpus[:1])  # stored already: nothing attached, the tail sorted
        assert _rows(store) == incremental
        on_duckdb = not db_path.startswith("postgresql")
        if on_duckdb:
            unsorted = store.query(f"SELECT unsorted_rows FROM {terms.LAYOUT}")
            assert int(unsorted.iloc[0, 0]) == 0  # the tail was rewritten
        assert (_keys_right(store) > 0) == on_duckdb
        store.rebuild_incidents()
        assert _rows(store) == incremental
        _keys_right(store)
        copied = str(tmp_path / "copy.duckdb")
        with open_store(copied) as target:
            copy_store(store, target)
            assert _rows(target) == incremental
            assert _keys_right(target) > 0


def test_the_delete_takes_exactly_the_replaced_incidents_rows(db_path, corpus):
    with open_store(db_path) as store:
        store.write(corpus)
        before = _rows(store)
        ids = sorted({i for _, i in before[0]})
        gone, kept = ids[::3], set(ids) - set(ids[::3])
        with store_tx(store) as tx:
            terms.delete(tx, gone)
        after = _rows(store)
    assert after[0] == {(k, i) for k, i in before[0] if i in kept}
    assert after[1] == {(i, w) for i, w in before[1] if i in kept}


def test_rows_inserted_without_the_key_get_it(duckdb_file, corpus):
    """The DuckDB store's insert of search rows in `COLUMNS` alone (as another writer
    than `incidents.terms` may make them) adds their key."""
    from dashboard.store.schema import COLUMNS

    with open_store(duckdb_file) as store:
        store.write(corpus[:2])
        rows = _rows(store)
        with store_tx(store) as tx:
            for table in terms.TABLES:
                tx.execute(f"DELETE FROM {table}")
            tx.insert("incident_terms", COLUMNS["incident_terms"], sorted(rows[0]))
            tx.insert("incident_words", COLUMNS["incident_words"], sorted(rows[1]))
        assert _rows(store) == rows
        assert _keys_right(store) > 0


def test_a_migrations_rebuild_writes_the_key(duckdb_file, corpus):
    """A later migration's post step that rebuilds the rows through a plain transaction
    (no store) writes the key too, as the catalog shows the column."""
    with open_store(duckdb_file) as store:
        store.write(corpus)
        rows = _rows(store)
    execute, close = raw(duckdb_file)
    try:
        execute("BEGIN TRANSACTION")
        terms.rebuild(migrate._Tx(execute))
        execute("COMMIT")
    finally:
        close()
    with open_store(duckdb_file, read_only=True) as store:
        assert _rows(store) == rows
        assert _keys_right(store) > 0


def test_a_v18_database_upgrades(db_path, corpus):
    with open_store(db_path) as store:
        store.write(corpus)
        rows = _rows(store)
    on_duckdb = not db_path.startswith("postgresql")
    drops = [f"ALTER TABLE {t} DROP COLUMN {terms.KEY}" for t in terms.TABLES] if on_duckdb else []
    back_to(db_path, 18, drops)
    with open_store(db_path) as store:
        assert store.migrate().applied == (terms.KEY_VERSION,)
        assert _rows(store) == rows
        assert (_keys_right(store) > 0) == on_duckdb
        store.write(corpus[:2])  # the attach deletes by the migrated keys
        _keys_right(store)
