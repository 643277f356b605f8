"""Storage of articles and facts behind a narrow `Store` interface: DuckDB (a local file,
the default) or PostgreSQL (a shared server, chosen by a `postgresql://` URL)."""

from __future__ import annotations

from dashboard.paths import default_db
from dashboard.store.base import (
    DERIVED_TABLES,
    FACT_TABLES,
    TABLES,
    Store,
    StoreBusyError,
    StoreError,
    StoreUnavailableError,
    WriteResult,
)
from dashboard.store.duckdb_store import DuckDBStore
from dashboard.store.migrate import MigrationResult

__all__ = [
    "DERIVED_TABLES",
    "FACT_TABLES",
    "TABLES",
    "DuckDBStore",
    "MigrationResult",
    "Store",
    "StoreBusyError",
    "StoreError",
    "StoreUnavailableError",
    "WriteResult",
    "backend_of",
    "open_store",
]

DUCKDB_PREFIX = "duckdb:"


def backend_of(location: str) -> str:
    """The backend of a location: "postgresql" for a postgresql:// or postgres:// URL,
    else "duckdb" (a file path, optionally written duckdb:PATH)."""
    if location.startswith(("postgres://", "postgresql://")):
        return "postgresql"
    return "duckdb"


def open_store(db: str | None = None, read_only: bool = False) -> Store:
    """Open the database at `db` (default: `paths.default_db()`, i.e. DASHBOARD_DB).

    `db` is a DuckDB file path (also written `duckdb:PATH`) or a `postgresql://` URL. A
    writable store applies pending schema migrations (creating the DuckDB file if
    needed); a read-only one never changes anything and, before there is a schema (a
    missing file, a database nobody migrated yet), answers every query with no rows.
    """
    location = db or default_db()
    if backend_of(location) == "postgresql":
        from dashboard.store.postgres_store import PostgresStore

        return PostgresStore(location, read_only=read_only)
    if location.startswith(DUCKDB_PREFIX):
        location = location[len(DUCKDB_PREFIX) :]
    return DuckDBStore(location, read_only=read_only)
