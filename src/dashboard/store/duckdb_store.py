"""DuckDB implementation of `Store`.

DuckDB lets one process write a file while no other process has it open, so readers and
the writer take turns (see RELIABILITY.md, "Readers and writers together"):

* One writer at a time. A writable store holds an OS lock on `<db>.lock` for its
  lifetime; a second writer process gets StoreBusyError at once. The kernel drops the
  lock when the process ends, however it ends, so a killed ingest leaves no stale lock.
* The writer opens the database file only for each operation (one `write` batch in one
  transaction, a query) and closes it after, so readers get in between batches. Closing
  checkpoints the write-ahead log into the file, with DuckDB's defaults, on purpose: a
  connection that opens a file with a WAL replays it, and the replayed rows stay in
  memory, unmerged into the file's row groups. Measured at 1M synthetic events (ten
  committed 50-article batches, load 3.5-5, 2026-12-07): the close took 0.16-0.27 s of a
  1.6-3.5 s batch (about 0.1 s of it the checkpoint, the rest ending the database
  instance), the COMMIT 0.03-0.05 s, the connect 0.01 s, and a reader's first open 14 ms.
  Letting the WAL grow instead (`checkpoint_threshold` 1 GB with `PRAGMA
  disable_checkpoint_on_shutdown`: 6-7 MB of WAL a batch) made every connect replay it,
  the writer's (0.1-0.5 s by the tenth batch) and each reader's (0.1-0.5 s instead of
  14 ms), and the batches' own work slower over the replayed rows (batch medians
  3.8 / 4.9 s against 2.8 / 2.1 s interleaved); a 20 MB threshold checkpointed at every
  third COMMIT (0.6-0.7 s) and still made readers replay up to 14 MB (0.12-0.27 s). So
  the checkpoint stays on close; durability is DuckDB's either way (a COMMIT is in the
  WAL before it returns).
* A read-only store never creates or changes anything, and picks up a database file
  that appears later. It keeps one read-only connection open between queries (each
  query runs on a cursor of it, so threads query at once), because opening the file
  costs about 10 ms and DuckDB's cache of it: about half of a filter query at 1M events.
* Whoever finds the file held (a reader during a batch, the writer during a query) waits
  and retries, for up to BUSY_TIMEOUT_SECONDS. While the writer waits or writes it holds
  `<db>.gate` (exclusively), and readers pass that gate (shared) before connecting: a
  stream of readers cannot keep the writer out, and a reader waits for at most one batch.
* The kept connection gives way to the writer: no query starts on it once the gate is
  held, and a watcher thread (running only while the connection is open) looks at the
  gate every WATCH_SECONDS and closes the connection as soon as its queries in progress
  end. So the writer waits at most WATCH_SECONDS plus the queries already running. The
  watcher also closes a connection nobody used for IDLE_SECONDS, so that an idle
  dashboard does not hold the file (another tool's writes, which know no gate, wait at
  most that long). A connection opened after a write sees it: DuckDB lets no one write
  while any connection is open, so every write falls between two connections.
* DuckDB's cache of the file goes with the connection, so a page may ask for columns it
  will read scattered (a search list's article bodies) to be read ahead in the
  background (`read_ahead`). That read is no query in progress: it waits while the
  store's queries run, and is stopped, not waited for, when the connection closes.
"""

from __future__ import annotations

import os
import random
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import pyarrow as pa

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no sidecar locks, DuckDB's own lock only
    fcntl = None

from dashboard.models import Extraction
from dashboard.store import article_counts, summaries, term_order
from dashboard.store.base import FACT_TABLES, Store, StoreBusyError, StoreError, WriteResult
from dashboard.store.migrate import MigrationResult, migrate
from dashboard.store.rows import ArticleRows, Row, article_sources, as_rows, with_article_source
from dashboard.store.schema import COLUMNS, column_list
from dashboard.store.sqlparams import marks
from dashboard.store.terms import rows_for_articles

_TEXT = pa.string()
_FLOAT = pa.float64()
_DATE = pa.date32()
# Arrow types of every column; explicit so that all-NULL columns still insert cleanly and
# a wrongly typed value fails inside the transaction instead of being stored.
_ARROW_TYPES: dict[str, dict[str, pa.DataType]] = {
    "articles": {"published": _DATE, "ingested_at": pa.timestamp("us")},
    "places": {"lat": _FLOAT, "lon": _FLOAT},
    "events": {
        "date_start": _DATE,
        "lat": _FLOAT,
        "lon": _FLOAT,
        "count": pa.int64(),
        "geo_precision": pa.int32(),
        "published": _DATE,
    },
    "statements": {"date_start": _DATE, "published": _DATE},
    "article_terms": {"term_key": pa.int64(), "published": _DATE, "hits": pa.int32()},
    "article_words": {},
    "incidents": {
        "date_start": _DATE,
        "date_end": _DATE,
        "lat": _FLOAT,
        "lon": _FLOAT,
        "geo_precision": pa.int32(),
        "reports": pa.int32(),
        "outlets": pa.int32(),
        "languages": pa.int32(),
        "first_published": _DATE,
        "count_min": pa.int64(),
        "count_max": pa.int64(),
        "count_latest": pa.int64(),
        "conflict": pa.bool_(),
    },
    "incident_reports": {},
    # an attach's sources of the incidents it wrote (`incidents.derived.update`)
    "incident_sources": {"date_start": _DATE, "date_end": _DATE},
    "incident_terms": {"term_key": pa.int64()},
    "incident_words": {},
}
# the incident group tables (`incidents.group_deltas` inserts their changed rows)
_ARROW_TYPES.update(
    dict.fromkeys(
        (
            "sum_incident_groups",
            "sum_incident_language_groups",
            "sum_incident_outlet_groups",
            "sum_incident_actor_groups",
        ),
        {
            "lat": _FLOAT,
            "lon": _FLOAT,
            "outlets": pa.int32(),
            "incidents": pa.int64(),
            "date_first": _DATE,
            "date_last": _DATE,
            "conflicting": pa.int64(),
        },
    )
)


_SCHEMAS = {
    table: pa.schema([(c, types.get(c, _TEXT)) for c in COLUMNS[table]])
    for table, types in _ARROW_TYPES.items()
}


# Tables written newest first. DuckDB has no index a top-N can walk; it skips row groups
# by their min/max instead, so the incidents, kept in the Incidents page's default order
# (query.incidents ORDERS["newest"]), let a newest-first list with a filter on their
# sources stop after the first row groups (1M events, `lang=hy`: 65 -> 40 ms). New
# incidents come newest, so appending keeps the order roughly; a rebuild restores it.
_INSERT_ORDER: dict[str, list[tuple[str, str, str]]] = {
    "incidents": [
        ("date_start", "descending", "at_end"),
        ("outlets", "descending", "at_end"),
        ("incident_id", "ascending", "at_end"),
    ],
}


def _arrow_table(table: str, rows: Sequence[tuple]) -> pa.Table:
    """Rows (tuples in `COLUMNS` order) as an Arrow table, built column by column."""
    schema = _SCHEMAS[table]
    columns = list(zip(*rows, strict=True)) if rows else [()] * len(schema)
    arrays = [pa.array(col, type=f.type) for f, col in zip(schema, columns, strict=True)]
    return pa.Table.from_arrays(arrays, schema=schema)


def _is_lock_error(exc: Exception) -> bool:
    text = str(exc).lower()
    return "lock" in text or "conflicting" in text or "different configuration" in text


# How long a reader waits for the writer's batch, or the writer for readers' queries (or
# for the gate), before StoreBusyError. Waits are well under a second in practice.
BUSY_TIMEOUT_SECONDS = 30.0
_FIRST_PAUSE = 0.002
_MAX_PAUSE = 0.05
# How often a read-only store's open connection checks whether the writer waits, and how
# long it stays open unused (longer than a reader's pause between two filter changes, so
# that a dashboard in use keeps it; the writer never waits for this).
WATCH_SECONDS = 0.01
IDLE_SECONDS = 30.0
# A read ahead (`DuckDBStore.read_ahead`) reads this many rows at a time (a few
# milliseconds), and looks this often whether the store's queries have ended.
READ_AHEAD_ROWS = 16_384
READ_AHEAD_PAUSE = 0.002


def _pause(delay: float) -> float:
    """Sleep about `delay` seconds (jittered so that waiters do not retry in step) and
    return the next, longer delay."""
    time.sleep(delay * random.uniform(0.5, 1.5))
    return min(delay * 2, _MAX_PAUSE)


class _FileLock:
    """An exclusive flock on a sidecar file. The kernel releases it when the process ends,
    however it ends, so no lock outlives a killed process. Without fcntl (Windows) it is
    a no-op and DuckDB's own file lock (with the retries) is all there is."""

    def __init__(self, path: str, create: bool) -> None:
        self.path = path
        self._fd: int | None = None
        if fcntl is None:
            return
        try:
            self._fd = os.open(path, os.O_RDWR | os.O_CREAT if create else os.O_RDONLY, 0o644)
        except OSError:
            if create:
                raise
            # no gate file: no writer has used this database since it was created

    def acquire(self, timeout: float, shared: bool = False) -> bool:
        """Take the lock (exclusive, or `shared` with other shared holders), waiting up
        to `timeout` seconds; False if it stayed held."""
        if self._fd is None:
            return True
        deadline = time.monotonic() + timeout
        delay = _FIRST_PAUSE
        mode = fcntl.LOCK_SH if shared else fcntl.LOCK_EX
        while True:
            try:
                fcntl.flock(self._fd, mode | fcntl.LOCK_NB)
                return True
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    return False
            delay = _pause(delay)

    def release(self) -> None:
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)

    def held_elsewhere(self) -> bool:
        """Whether another holder has the lock exclusively (a look, no wait)."""
        if self._fd is None:
            return False
        try:
            fcntl.flock(self._fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(self._fd, fcntl.LOCK_UN)
        return False

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # also releases the lock
            self._fd = None


class _ReadAhead:
    """One `DuckDBStore.read_ahead` running: a thread reading `columns` of `table` on a
    cursor of the kept connection, READ_AHEAD_ROWS rows at a time (by rowid, which DuckDB
    skips to), each batch only once no query of the store runs (`busy`), so that it takes
    the time between the pages' queries rather than theirs. The values read are thrown
    away; being stopped or any error ends it quietly (the queries that follow read the
    file themselves; an error is kept in `failed`)."""

    def __init__(
        self,
        cursor: duckdb.DuckDBPyConnection,
        table: str,
        columns: Sequence[str],
        busy: Callable[[], bool],
        name: str,
    ) -> None:
        self._cursor, self._busy = cursor, busy
        # MAX reads every value (of a text column; a number's may come from statistics,
        # but then it is a block or two)
        values = ", ".join(f'MAX("{c}")' for c in columns)
        self._sql = f"SELECT {values} FROM {table} WHERE rowid >= ? AND rowid < ?"
        self._table = table
        self._stop = threading.Event()
        self.failed: duckdb.Error | None = None  # what ended it early, unless stopped
        self.rows_read = 0
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            last = self._cursor.execute(f"SELECT MAX(rowid) FROM {self._table}").fetchone()
            end = -1 if last is None or last[0] is None else int(last[0])
            for start in range(0, end + 1, READ_AHEAD_ROWS):
                while self._busy():  # the pages' queries first
                    if self._stop.wait(READ_AHEAD_PAUSE):
                        return
                if self._stop.is_set():
                    return
                self._cursor.execute(self._sql, [start, start + READ_AHEAD_ROWS]).fetchall()
                self.rows_read = min(start + READ_AHEAD_ROWS, end + 1)
        except duckdb.Error as exc:
            if not self._stop.is_set():
                self.failed = exc
        finally:
            self._cursor.close()

    def running(self) -> bool:
        return self._thread.is_alive()

    def wait(self, timeout: float | None = None) -> bool:
        """Wait for it to end (tests, benchmarks); whether it has."""
        self._thread.join(timeout)
        return not self._thread.is_alive()

    def stop(self) -> None:
        """End it now: interrupt its batch and wait for its thread (which takes no lock of
        the store, so the store may hold its own), so that the connection can close under
        no query."""
        self._stop.set()
        while self._thread.is_alive():
            self._cursor.interrupt()  # again if it came before the batch started
            self._thread.join(timeout=0.01)


# Writable stores of this process per database, so that two in one process (two uploads
# in the app) share the writer lock, as they shared DuckDB's database instance before;
# the gate still makes their batches take turns.
_OWNERS: dict[str, tuple[_FileLock, int]] = {}
_OWNERS_LOCK = threading.Lock()


def _hold_writer_lock(location: str) -> str:
    key = os.path.realpath(location)
    with _OWNERS_LOCK:
        if key in _OWNERS:
            lock, users = _OWNERS[key]
            _OWNERS[key] = (lock, users + 1)
            return key
        lock = _FileLock(f"{location}.lock", create=True)
        if not lock.acquire(timeout=0):
            lock.close()
            raise StoreBusyError(f"{location} is in use by another writer process")
        _OWNERS[key] = (lock, 1)
        return key


def _drop_writer_lock(key: str) -> None:
    with _OWNERS_LOCK:
        lock, users = _OWNERS.pop(key)
        if users > 1:
            _OWNERS[key] = (lock, users - 1)
        else:
            lock.close()


class _OneQuery:
    """A connection standing in for a cursor: closed with it (see `_shared_cursor`)."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self._con = con

    def execute(self, sql: str, params: Sequence[Any] = ()) -> duckdb.DuckDBPyConnection:
        return self._con.execute(sql, params)

    def close(self) -> None:
        self._con.close()


def _not_stored(con: duckdb.DuckDBPyConnection, table: str, rows: Sequence[Row]) -> list[Row]:
    """The rows of `table` whose id is not stored yet (first of each id): what an insert
    adds, so that the summaries count exactly those."""
    fresh = {row["id"]: row for row in reversed(rows)}
    if fresh:
        found = con.execute(
            f"SELECT t.id FROM {table} t JOIN (SELECT UNNEST(CAST(? AS VARCHAR[])) AS id) w "
            "ON w.id = t.id",
            [list(fresh)],
        )
        for (stored,) in found.fetchall():
            fresh.pop(stored, None)
    return [row for row in rows if fresh.get(row["id"]) is row]


@contextmanager
def _transaction(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """One transaction on `con`: committed when the block ends, rolled back if it raises."""
    con.execute("BEGIN TRANSACTION").fetchall()
    try:
        yield
        con.execute("COMMIT").fetchall()
    except BaseException:
        con.execute("ROLLBACK").fetchall()
        raise


class _Tx:
    """The writer's open transaction as `dashboard.incidents.build.Tx`."""

    # the incidents' search rows carry `incidents.terms.KEY` (the schema is the newest)
    search_keyed = True

    def __init__(self, store: DuckDBStore, con: duckdb.DuckDBPyConnection) -> None:
        self._store, self._con = store, con

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple]:
        return self._con.execute(sql, list(params)).fetchall()

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        self._con.execute(sql, list(params)).fetchall()

    @staticmethod
    def pack(table: str, rows: list[tuple]) -> pa.Table:
        """`rows` as the Arrow table `insert` takes (made in the rebuild's workers)."""
        return _arrow_table(table, rows)

    @staticmethod
    def concat(tables: list[pa.Table]) -> pa.Table:
        return pa.concat_tables(tables)

    def insert(self, table: str, columns: Sequence[str], rows: list[tuple] | pa.Table) -> None:
        """Plain INSERT: the incident tables' rows are new or were deleted just before in
        this transaction, so there is no conflict to check for (which costs much). `rows`
        may come packed already (`pack`); a packed table may carry columns of DuckDB's own
        after `COLUMNS[table]` (the incidents' search rows' `incidents.terms.KEY`)."""
        own = COLUMNS[table]
        extra = tuple(columns[len(own) :])
        if tuple(columns[: len(own)]) != own or (extra and not isinstance(rows, pa.Table)):
            raise ValueError(f"rows for {table} must be in schema.COLUMNS order")
        if not len(rows):
            return
        data = rows if isinstance(rows, pa.Table) else _arrow_table(table, rows)
        if table in _INSERT_ORDER:
            data = data.sort_by(_INSERT_ORDER[table])
        self._con.register("_incoming", data)
        try:
            cols = ", ".join([column_list(table), *extra])
            values = cols
            from dashboard.incidents import terms as incident_terms

            if table in incident_terms.TABLES and incident_terms.KEY not in extra:
                # rows of the incidents' search that come without their number of the
                # id (migration 0019), which the attach's delete tests: computed here
                cols += f", {incident_terms.KEY}"
                values += f", {incident_terms.KEY_SQL}"
            self._con.execute(f"INSERT INTO {table} ({cols}) SELECT {values} FROM _incoming")
        finally:
            self._con.unregister("_incoming")


class DuckDBStore(Store):
    """A DuckDB file; `read_only=True` never creates, locks or changes it."""

    def __init__(self, path: str | Path, read_only: bool = False) -> None:
        self.location = str(path)
        self.read_only = read_only
        self._lock = threading.Lock()
        self._empty: duckdb.DuckDBPyConnection | None = None
        self._migrated: MigrationResult | None = None
        self._owner: str | None = None  # key of the writer lock, while this store is open
        self._gate: _FileLock | None = None
        # a read-only store's kept connection (see the module docstring): its queries in
        # progress, when it was last used, and the watcher that closes it
        self._shared: duckdb.DuckDBPyConnection | None = None
        self._users = 0
        self._last_used = 0.0
        self._retire = False  # close it when its last query ends: the writer waits
        self._watcher: threading.Thread | None = None
        self._probe: _FileLock | None = None  # the gate, looked at (never waited for)
        # `read_ahead` on the kept connection: what it was asked to read since it opened,
        # and the read running
        self._read_ahead: set[tuple[str, tuple[str, ...]]] = set()
        self._reading: _ReadAhead | None = None
        self._closed = threading.Event()
        # an in-memory database (PostgresStore's stand-in) lives as long as its connection
        self._con: duckdb.DuckDBPyConnection | None = None
        if not read_only:
            try:
                if self.location.startswith(":memory:"):
                    self._con = duckdb.connect(self.location)
                else:
                    Path(self.location).parent.mkdir(parents=True, exist_ok=True)
                    self._owner = _hold_writer_lock(self.location)
                    self._gate = _FileLock(f"{self.location}.gate", create=True)
                with self._writer() as con:
                    self._migrated = self._create_schema(con)
                self._group_upgraded_events()
            except BaseException:
                self.close()
                raise

    # -- connections -------------------------------------------------------------------

    def _connect(self, read_only: bool) -> duckdb.DuckDBPyConnection:
        """A connection, waiting (up to BUSY_TIMEOUT_SECONDS) while another process has
        the file; a reader first passes the writer's gate."""
        deadline = time.monotonic() + BUSY_TIMEOUT_SECONDS
        if read_only:
            gate = _FileLock(f"{self.location}.gate", create=False)
            try:
                if not gate.acquire(BUSY_TIMEOUT_SECONDS, shared=True):
                    raise StoreBusyError(f"{self.location} is being written for too long")
                gate.release()
            finally:
                gate.close()
        delay = _FIRST_PAUSE
        while True:
            try:
                return duckdb.connect(self.location, read_only=read_only)
            except duckdb.Error as exc:
                if not _is_lock_error(exc):
                    raise StoreError(f"cannot open {self.location}: {exc}") from exc
                if time.monotonic() >= deadline:
                    raise StoreBusyError(
                        f"{self.location} is in use by another process: {exc}"
                    ) from exc
            delay = _pause(delay)

    @contextmanager
    def _writer(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """The writer's connection for one operation, behind the gate; closed after (which
        checkpoints the write-ahead log into the file) so that readers can get in."""
        if self._con is not None:
            with self._lock:
                yield self._con
            return
        if self._gate is None:
            raise StoreError(f"{self.location} was opened read-only or is closed")
        with self._lock:
            if not self._gate.acquire(BUSY_TIMEOUT_SECONDS):
                raise StoreBusyError(f"{self.location} is in use by another writer")
            try:
                con = self._connect(read_only=False)
                try:
                    yield con
                finally:
                    con.close()
            finally:
                self._gate.release()

    def _create_schema(self, con: duckdb.DuckDBPyConnection) -> MigrationResult:
        """Apply pending migrations in one transaction (see `dashboard.store.migrate`)."""

        def execute(sql: str, params: Sequence[Any]) -> list[tuple]:
            return con.execute(sql, list(params)).fetchall()

        with _transaction(con):
            result = migrate(execute, "duckdb", self.location)
            if term_order.has_layout(con):  # a table upgraded to version 7 is sorted here
                term_order.keep_sorted(con)
            return result

    def _empty_db(self) -> duckdb.DuckDBPyConnection:
        """In-memory database with the schema, answering reads before the file exists."""
        if self._empty is None:
            self._empty = duckdb.connect(":memory:")
            self._create_schema(self._empty)
        return self._empty

    @contextmanager
    def _reader(self) -> Iterator[duckdb.DuckDBPyConnection]:
        if not self.read_only:
            with self._writer() as con:
                yield con
            return
        if not self.exists():
            with self._lock:
                cursor = self._empty_db().cursor()
            try:
                yield cursor
            finally:
                cursor.close()
            return
        cursor = self._shared_cursor()
        broken = False
        try:
            yield cursor
        except (duckdb.FatalException, duckdb.InternalException):
            broken = True  # DuckDB invalidates a database after these: open a new one
            raise
        finally:
            cursor.close()
            self._done_with_shared(broken)

    # -- the read-only store's kept connection -------------------------------------------

    def _writer_waiting(self) -> bool:
        """Whether a writer holds the gate (it is waiting for the file, or writing)."""
        if self._probe is None or self._probe._fd is None:
            # no gate file yet (no writer has used this database): look again each time
            if self._probe is not None:
                self._probe.close()
            self._probe = _FileLock(f"{self.location}.gate", create=False)
        return self._probe.held_elsewhere()

    def _shared_cursor(self) -> duckdb.DuckDBPyConnection:
        """A cursor of the kept connection, opening it (behind the gate, as any reader's
        connection) if it is closed or giving way to the writer."""
        with self._lock:
            if self._shared is not None and not self._retire and not self._writer_waiting():
                return self._lend(self._shared.cursor())
            if self._shared is not None:
                self._retire_shared()
        con = self._connect(read_only=True)  # waits at the gate until the writer is done
        with self._lock:
            if self._shared is None and not self._closed.is_set():
                self._shared, self._retire = con, False
                self._start_watcher()
            elif self._shared is None or self._retire:
                # the old connection still runs a query: this one serves one query only
                return self._lend(_OneQuery(con))
            else:  # another thread opened one meanwhile
                con.close()
            return self._lend(self._shared.cursor())

    def _lend(self, cursor):
        """Count `cursor`'s query as running on the kept connection (lock held)."""
        self._users += 1
        self._last_used = time.monotonic()
        return cursor

    def let_go(self) -> None:
        """Close the kept connection now (when its queries end); the next query opens a
        new one. What IDLE_SECONDS without a query does."""
        with self._lock:
            if self._shared is not None:
                self._retire_shared()

    def _done_with_shared(self, broken: bool = False) -> None:
        with self._lock:
            self._users -= 1
            if broken and self._shared is not None:
                self._retire = True
            if self._retire and self._users == 0:
                self._close_shared()

    def _retire_shared(self) -> None:
        """Close the kept connection now, or when its last query ends (lock held)."""
        self._retire = True
        if self._users == 0:
            self._close_shared()

    def _close_shared(self) -> None:
        self._stop_reading_ahead()
        if self._shared is not None:
            self._shared.close()
        self._shared, self._retire = None, False
        self._read_ahead.clear()

    def read_ahead(self, table: str, columns: Sequence[str]) -> None:
        """Read `columns` of `table` in the background (`_ReadAhead`), once per kept
        connection: DuckDB's cache of the file lives as long as the connection, so the
        queries after it find them in memory instead of reading the file again (from
        disk when the kernel has evicted the idle file). Only on a kept connection
        already open, with no writer at the gate: the hint never opens the file or waits
        for the writer itself. The read is no query in progress: letting go of the
        connection, giving way to the writer or closing the store stops it rather than
        waits for it. One at a time: a hint while another read runs is dropped."""
        key = (table, tuple(columns))
        with self._lock:
            if self._shared is None or self._retire or key in self._read_ahead:
                return
            if self._reading is not None and self._reading.running():
                return
            if self._writer_waiting():
                return
            self._read_ahead.add(key)
            self._reading = _ReadAhead(
                self._shared.cursor(),
                table,
                columns,
                busy=lambda: self._users > 0,
                name=f"duckdb-read-ahead {self.location}",
            )

    def _stop_reading_ahead(self) -> None:
        """Stop the read ahead, if one runs (lock held)."""
        if self._reading is not None:
            self._reading.stop()
            self._reading = None

    def _start_watcher(self) -> None:
        if self._watcher is not None and self._watcher.is_alive():
            return
        self._watcher = threading.Thread(
            target=self._watch, name=f"duckdb-reader-watch {self.location}", daemon=True
        )
        self._watcher.start()

    def _watch(self) -> None:
        """While the kept connection is open: close it once the writer waits (when its
        queries end) or when nobody used it for IDLE_SECONDS; then end."""
        while not self._closed.wait(WATCH_SECONDS):
            with self._lock:
                if self._shared is None:
                    self._watcher = None
                    return
                idle = self._users == 0 and time.monotonic() - self._last_used > IDLE_SECONDS
                if idle or (not self._retire and self._writer_waiting()):
                    self._retire_shared()

    # -- Store API ---------------------------------------------------------------------

    def exists(self) -> bool:
        return self._con is not None or self._gate is not None or Path(self.location).is_file()

    def data_version(self) -> float:
        paths = (self.location, f"{self.location}.wal")
        return max((Path(p).stat().st_mtime for p in paths if Path(p).is_file()), default=0.0)

    def query(self, sql: str, params: Sequence[Any] = ()) -> pd.DataFrame:
        with self._reader() as con:
            return con.execute(sql, list(params)).df()

    def article_ids(self) -> set[str]:
        with self._reader() as con:
            return {row[0] for row in con.execute("SELECT id FROM articles").fetchall()}

    def write(self, extractions: Sequence[Extraction | ArticleRows]) -> WriteResult:
        batch = [as_rows(item) for item in extractions]
        with self._writer() as con, _transaction(con):
            return self._write_batch(con, batch)

    def _write_batch(self, con: duckdb.DuckDBPyConnection, batch: list[ArticleRows]) -> WriteResult:
        ids = list(dict.fromkeys(rows.id for rows in batch))
        stored: set[str] = set()
        if ids:
            holes = marks(ids)
            found = con.execute(f"SELECT id FROM articles WHERE id IN ({holes})", ids)
            stored = {row[0] for row in found.fetchall()}
        fresh: dict[str, ArticleRows] = {}
        for rows in batch:
            if rows.id not in stored:
                fresh.setdefault(rows.id, rows)
        new = list(fresh.values())
        now = datetime.now()
        # with their fact counts (store.article_counts): every fact of a new article is new
        counts = {
            column: [len(getattr(rows, table)) for rows in new]
            for table, column in article_counts.COLUMN.items()
        }
        # Every row below is new: the articles were not stored (read in this transaction,
        # behind the writer's gate), fact ids include the article id, so facts of distinct
        # articles never collide, and an article's rows hold each id once (`ArticleRows`;
        # the fact counts above rely on it too). So plain INSERTs: DuckDB's ON CONFLICT
        # check cost 14-45 ms per fact table at 1M events, against 2-6 ms without it.
        self._insert(con, "articles", [(*rows.article, now) for rows in new], counts, fresh=True)
        added = {
            t: self._insert(
                con, t, [values for rows in new for values in getattr(rows, t)], fresh=True
            )
            for t in FACT_TABLES
        }
        self._insert(con, "article_terms", [t for rows in new for t in rows.terms])
        self._insert(con, "article_words", [rows.words for rows in new if rows.words], fresh=True)
        new_ids = {"articles": [rows.id for rows in new]}
        new_ids.update({t: [v[0] for rows in new for v in getattr(rows, t)] for t in FACT_TABLES})
        summaries.add(_Tx(self, con).rows, new_ids, defer=True)
        from dashboard.incidents import terms as incident_terms
        from dashboard.incidents.build import attach

        events = [values[0] for rows in new for values in rows.events]
        attach(_Tx(self, con), events, inserted=True)
        term_order.keep_sorted(con)
        incident_terms.keep_sorted(con)  # the incidents' search rows likewise
        return WriteResult(
            new=len(new),
            unchanged=len(batch) - len(new),
            facts=sum(added.values()),
            **added,
        )

    def _insert(
        self,
        con: duckdb.DuckDBPyConnection,
        table: str,
        rows: list[tuple],
        extra: dict[str, list[int]] | None = None,
        fresh: bool = False,
    ) -> int:
        """Insert `rows` (ids already stored skipped, unless the caller knows that none is:
        `fresh`), with `extra` integer columns beside `COLUMNS[table]` (the articles' fact
        counts); how many were inserted."""
        if not rows:
            return 0
        data = _arrow_table(table, rows)
        for name, values in (extra or {}).items():
            data = data.append_column(name, pa.array(values, type=pa.int32()))
        con.register("_incoming", data)
        # article_terms has no key to conflict on: its rows come only with a new article
        skip = "" if fresh or table == "article_terms" else " ON CONFLICT DO NOTHING"
        try:
            cols = ", ".join([column_list(table), *(extra or {})])
            done = con.execute(
                f"INSERT INTO {table} ({cols}) SELECT {cols} FROM _incoming{skip}"
            ).fetchall()
        finally:
            con.unregister("_incoming")
        added = int(done[0][0]) if done else len(rows)
        if table == "article_terms":
            term_order.appended(con, added)
        return added

    def rebuild_incidents(self, rules=None):
        from dashboard.incidents.build import rebuild

        with self._writer() as con, _transaction(con):
            return rebuild(_Tx(self, con), rules)

    def migrate(self) -> MigrationResult:
        if self._migrated is None:
            raise StoreError(f"{self.location} was opened read-only")
        return self._migrated

    def execute(self, statements: Sequence[tuple[str, Sequence[Any]]]) -> None:
        if self.read_only:
            raise StoreError(f"{self.location} was opened read-only")
        with self._writer() as con:
            con.execute("BEGIN TRANSACTION").fetchall()
            try:
                for sql, params in statements:
                    con.execute(sql, list(params)).fetchall()
                con.execute("COMMIT").fetchall()
            except BaseException:
                con.execute("ROLLBACK").fetchall()
                raise

    def insert_rows(self, table: str, rows: Sequence[Row]) -> int:
        columns = COLUMNS[table]
        with self._writer() as con, _transaction(con):
            rows = _not_stored(con, table, rows)
            rows = with_article_source(
                table, rows, lambda ids: article_sources(_Tx(self, con).rows, ids)
            )
            if table == "articles":  # and their search rows, as `write` does
                for name, values in rows_for_articles(rows).items():
                    self._insert(con, name, values)
            added = self._insert(con, table, [tuple(map(row.get, columns)) for row in rows])
            if table in article_counts.COLUMN:  # all of `rows` were inserted
                article_counts.add(_Tx(self, con).rows, table, [r["article_id"] for r in rows])
            summaries.add(_Tx(self, con).rows, {table: [row["id"] for row in rows]}, defer=True)
            term_order.keep_sorted(con)
            return added

    def close(self) -> None:
        self._closed.set()
        with self._lock:
            self._retire_shared()  # at once, or by the last query still running
            if self._probe is not None:
                self._probe.close()
                self._probe = None
        for con in (self._con, self._empty):
            if con is not None:
                con.close()
        self._con = self._empty = None
        if self._gate is not None:
            self._gate.close()
            self._gate = None
        if self._owner is not None:
            _drop_writer_lock(self._owner)
            self._owner = None
