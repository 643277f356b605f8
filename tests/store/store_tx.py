"""A store's own write transaction, as the `Tx` an attach gets, for tests that call the
incident and summary writers directly."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def store_tx(store) -> Iterator[object]:
    """One write transaction of `store` (either backend), committed at the end."""
    if store.location.startswith("postgresql"):
        from dashboard.store.postgres_store import _Tx

        with store._connection() as conn, conn.transaction():
            yield _Tx(conn)
        return
    from dashboard.store.duckdb_store import _transaction
    from dashboard.store.duckdb_store import _Tx as _DuckTx

    with store._writer() as con, _transaction(con):
        yield _DuckTx(store, con)
