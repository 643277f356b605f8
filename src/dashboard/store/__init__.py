"""Storage of articles and facts behind a narrow `Store` interface (DuckDB for now)."""

from __future__ import annotations

from dashboard.paths import default_db
from dashboard.store.base import (
    FACT_TABLES,
    TABLES,
    Store,
    StoreBusyError,
    StoreError,
    WriteResult,
)
from dashboard.store.duckdb_store import DuckDBStore

__all__ = [
    "FACT_TABLES",
    "TABLES",
    "DuckDBStore",
    "Store",
    "StoreBusyError",
    "StoreError",
    "WriteResult",
    "open_store",
]


def open_store(db: str | None = None, read_only: bool = False) -> Store:
    """Open the database at `db` (default: `paths.default_db()`, i.e. DASHBOARD_DB).

    A writable store creates the file and schema; a read-only one tolerates a missing file
    and then answers every query with empty results.
    """
    location = db or default_db()
    if location.startswith(("postgres://", "postgresql://")):
        raise StoreError("the PostgreSQL backend is not implemented yet")
    return DuckDBStore(location, read_only=read_only)
