"""`Store.read_ahead`: DuckDB reads a search list's columns in the background once per
kept connection (so a search after a let-go finds them in its cache), gives way to the
store's queries, and never keeps the connection from closing; elsewhere it is a no-op."""

from __future__ import annotations

from dashboard import query
from dashboard.query import Filters
from dashboard.store import open_store


def _populated(path: str, corpus) -> str:
    with open_store(path) as store:
        store.write(corpus)
    return path


def test_a_read_ahead_changes_no_answer(reader, backend):
    before = query.articles(reader, Filters(text="Stepanakert"), 10)
    if backend == "duckdb":
        reader.let_go()
    query.articles(reader, Filters(), 10)  # the list before a search opens the connection
    query.read_ahead_search(reader)
    ahead = getattr(reader, "_reading", None)
    if backend == "duckdb":
        assert ahead is not None and ahead.wait(60)
        assert ahead.failed is None, ahead.failed  # the columns named exist
        assert ahead.rows_read == 3
    else:
        assert ahead is None  # PostgreSQL keeps its cache between connections: no-op
    after = query.articles(reader, Filters(text="Stepanakert"), 10)
    assert after.drop(columns="ingested_at").equals(before.drop(columns="ingested_at"))
    assert list(after["id"]) == ["art-en"] and after["match"].iloc[0].startswith("Azerbaijan")


def test_read_once_per_kept_connection(duckdb_file, corpus):
    with open_store(_populated(duckdb_file, corpus), read_only=True) as reader:
        query.read_ahead_search(reader)
        assert reader._shared is None and reader._reading is None  # opens nothing itself
        reader.counts()  # a page's query opens the kept connection
        query.read_ahead_search(reader)
        first = reader._reading
        assert first is not None and first.wait(60)
        query.read_ahead_search(reader)
        assert reader._reading is first  # not again on the same connection
        reader.let_go()
        assert reader._shared is None and reader._reading is None
        reader.counts()
        query.read_ahead_search(reader)  # a new connection has an empty cache: again
        assert reader._reading is not None and reader._reading is not first
        assert reader._reading.wait(60) and reader._reading.rows_read == 3


def test_a_writable_store_reads_nothing_ahead(duckdb_file, corpus):
    with open_store(_populated(duckdb_file, corpus)) as store:
        query.read_ahead_search(store)
        assert store._reading is None


def test_a_read_ahead_waits_for_the_queries_in_progress(duckdb_file, corpus):
    with open_store(_populated(duckdb_file, corpus), read_only=True) as reader:
        running = reader._shared_cursor()  # a page's query in progress
        query.read_ahead_search(reader)
        ahead = reader._reading
        assert not ahead.wait(0.2) and ahead.rows_read == 0  # it waits
        running.close()
        reader._done_with_shared()
        assert ahead.wait(60) and ahead.rows_read == 3 and ahead.failed is None


def test_letting_go_stops_a_read_ahead(duckdb_file, corpus):
    """The read ahead is no query in progress: the kept connection closes when the page's
    queries end, the read ahead stopped, not finished."""
    with open_store(_populated(duckdb_file, corpus), read_only=True) as reader:
        running = reader._shared_cursor()
        query.read_ahead_search(reader)
        ahead = reader._reading
        reader.let_go()  # as after IDLE_SECONDS, or the writer at the gate
        assert reader._shared is not None  # the query still runs
        running.close()
        reader._done_with_shared()
        assert reader._shared is None and reader._reading is None
        assert not ahead.running() and ahead.rows_read == 0 and ahead.failed is None
        # and on closing the store
        running = reader._shared_cursor()
        query.read_ahead_search(reader)
        ahead = reader._reading
        reader.close()
        running.close()
        reader._done_with_shared()
        assert reader._shared is None
        assert not ahead.running() and ahead.rows_read == 0 and ahead.failed is None


def test_no_read_ahead_while_the_writer_waits(duckdb_file, corpus):
    from dashboard.store.duckdb_store import _FileLock

    with open_store(_populated(duckdb_file, corpus), read_only=True) as reader:
        reader.counts()
        gate = _FileLock(f"{duckdb_file}.gate", create=True)
        try:
            assert gate.acquire(timeout=5)  # a writer at the gate
            query.read_ahead_search(reader)
            assert reader._reading is None
        finally:
            gate.close()
        reader.counts()
        query.read_ahead_search(reader)
        assert reader._reading is not None and reader._reading.wait(60)
