"""DuckDB implementation of `Store`.

DuckDB lets one process write a file while no other process has it open. So a writer
holds its connection for its lifetime (the CLI, briefly), while a read-only store opens a
connection per query and closes it at once: the Streamlit app then never blocks an
`ingest`, and picks up a database file that appears after the app started.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import pyarrow as pa

from dashboard.models import Extraction
from dashboard.store.base import FACT_TABLES, Store, StoreBusyError, StoreError, WriteResult
from dashboard.store.rows import Row, article_row, fact_rows
from dashboard.store.schema import COLUMNS, DDL, SCHEMA_VERSION, column_list

_TEXT = pa.string()
_FLOAT = pa.float64()
_DATE = pa.date32()
# Arrow types of every column; explicit so that all-NULL columns still insert cleanly and
# a wrongly typed value fails inside the transaction instead of being stored.
_ARROW_TYPES: dict[str, dict[str, pa.DataType]] = {
    "articles": {"published": _DATE, "ingested_at": pa.timestamp("us")},
    "places": {"lat": _FLOAT, "lon": _FLOAT},
    "events": {"date_start": _DATE, "lat": _FLOAT, "lon": _FLOAT, "count": pa.int64()},
    "statements": {"date_start": _DATE},
}


def _arrow_table(table: str, rows: list[Row]) -> pa.Table:
    types = _ARROW_TYPES[table]
    schema = pa.schema([(c, types.get(c, _TEXT)) for c in COLUMNS[table]])
    return pa.Table.from_pylist(rows, schema=schema)


def _is_lock_error(exc: Exception) -> bool:
    text = str(exc).lower()
    return "lock" in text or "conflicting" in text or "different configuration" in text


class DuckDBStore(Store):
    """A DuckDB file; `read_only=True` never creates, locks or changes it."""

    def __init__(self, path: str | Path, read_only: bool = False) -> None:
        self.location = str(path)
        self.read_only = read_only
        self._lock = threading.Lock()
        self._con: duckdb.DuckDBPyConnection | None = None
        self._empty: duckdb.DuckDBPyConnection | None = None
        if not read_only:
            self._con = self._connect(read_only=False)
            self._create_schema(self._con)

    # -- connections -------------------------------------------------------------------

    def _connect(self, read_only: bool) -> duckdb.DuckDBPyConnection:
        if not read_only:
            Path(self.location).parent.mkdir(parents=True, exist_ok=True)
        try:
            return duckdb.connect(self.location, read_only=read_only)
        except duckdb.Error as exc:
            if _is_lock_error(exc):
                raise StoreBusyError(
                    f"{self.location} is in use by another process: {exc}"
                ) from exc
            raise StoreError(f"cannot open {self.location}: {exc}") from exc

    def _create_schema(self, con: duckdb.DuckDBPyConnection) -> None:
        for statement in DDL:
            con.execute(statement).fetchall()
        rows = con.execute("SELECT MAX(version) FROM schema_version").fetchall()
        stored = rows[0][0]
        if stored is None:
            con.execute(
                "INSERT INTO schema_version (version, applied_at) VALUES (?, ?)",
                [SCHEMA_VERSION, datetime.now()],
            ).fetchall()
        elif stored > SCHEMA_VERSION:
            raise StoreError(
                f"{self.location} has schema v{stored}, newer than this code (v{SCHEMA_VERSION})"
            )

    def _empty_db(self) -> duckdb.DuckDBPyConnection:
        """In-memory database with the schema, answering reads before the file exists."""
        if self._empty is None:
            self._empty = duckdb.connect(":memory:")
            self._create_schema(self._empty)
        return self._empty

    @contextmanager
    def _reader(self) -> Iterator[duckdb.DuckDBPyConnection]:
        if self._con is not None:
            with self._lock:
                yield self._con
            return
        if not self.exists():
            with self._lock:
                cursor = self._empty_db().cursor()
            try:
                yield cursor
            finally:
                cursor.close()
            return
        con = self._connect(read_only=True)
        try:
            yield con
        finally:
            con.close()

    # -- Store API ---------------------------------------------------------------------

    def exists(self) -> bool:
        return self._con is not None or Path(self.location).is_file()

    def query(self, sql: str, params: Sequence[Any] = ()) -> pd.DataFrame:
        with self._reader() as con:
            return con.execute(sql, list(params)).df()

    def article_ids(self) -> set[str]:
        with self._reader() as con:
            return {row[0] for row in con.execute("SELECT id FROM articles").fetchall()}

    def write(self, extractions: Sequence[Extraction]) -> WriteResult:
        if self._con is None:
            raise StoreError(f"{self.location} was opened read-only")
        with self._lock:
            con = self._con
            con.execute("BEGIN TRANSACTION").fetchall()
            try:
                result = self._write_batch(con, list(extractions))
                con.execute("COMMIT").fetchall()
            except BaseException:
                con.execute("ROLLBACK").fetchall()
                raise
        return result

    def _write_batch(
        self, con: duckdb.DuckDBPyConnection, extractions: list[Extraction]
    ) -> WriteResult:
        ids = list(dict.fromkeys(ex.article.id for ex in extractions))
        stored: set[str] = set()
        if ids:
            marks = ", ".join("?" for _ in ids)
            found = con.execute(f"SELECT id FROM articles WHERE id IN ({marks})", ids)
            stored = {row[0] for row in found.fetchall()}
        fresh: dict[str, Extraction] = {}
        for ex in extractions:
            if ex.article.id not in stored:
                fresh.setdefault(ex.article.id, ex)
        new = list(fresh.values())
        now = datetime.now()
        self._insert(con, "articles", [article_row(ex.article, now) for ex in new])
        added = {t: self._insert(con, t, fact_rows(t, new)) for t in FACT_TABLES}
        return WriteResult(
            new=len(new),
            unchanged=len(extractions) - len(new),
            facts=sum(added.values()),
            **added,
        )

    def _insert(self, con: duckdb.DuckDBPyConnection, table: str, rows: list[Row]) -> int:
        if not rows:
            return 0
        data = _arrow_table(table, rows)
        con.register("_incoming", data)
        try:
            cols = column_list(table)
            done = con.execute(
                f"INSERT INTO {table} ({cols}) SELECT {cols} FROM _incoming ON CONFLICT DO NOTHING"
            ).fetchall()
        finally:
            con.unregister("_incoming")
        return int(done[0][0]) if done else len(rows)

    def close(self) -> None:
        for con in (self._con, self._empty):
            if con is not None:
                con.close()
        self._con = self._empty = None
