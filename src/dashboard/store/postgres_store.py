"""PostgreSQL implementation of `Store`, for a team sharing one database.

Connections come from a `psycopg_pool.ConnectionPool` (1 to 5 per process; checked before
use, so a restarted server is survived). Every `write` is one transaction, and several
processes may write at once:

* articles are inserted with `ON CONFLICT (id) DO NOTHING RETURNING id`, so of two writers
  storing the same article exactly one inserts it and only that one inserts its facts
  (fact ids are content hashes and include the article id, so they cannot collide with
  another article's);
* rows are inserted in id order, so two writers lock keys in the same order and cannot
  deadlock; a deadlock or serialization failure is still retried a few times.

A read-only store sets `default_transaction_read_only` on its connections; every store
plans without parallel workers (`max_parallel_workers_per_gather=0`) unless the URL's
`options` say otherwise. Before the
schema exists (nobody has migrated the database yet) a reader answers every query from an
empty in-memory DuckDB with the same schema, like the DuckDB store before its file exists.

The query layer writes `?` placeholders; `pyformat` translates them to psycopg's `%s`
(outside quoted literals, identifiers and comments) and doubles every literal `%`.
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import pandas as pd
import psycopg
from psycopg import errors as pg_errors
from psycopg.conninfo import conninfo_to_dict
from psycopg_pool import ConnectionPool, PoolTimeout

from dashboard.models import Extraction
from dashboard.store import article_counts, summaries
from dashboard.store.base import FACT_TABLES, Store, StoreError, StoreUnavailableError, WriteResult
from dashboard.store.migrate import MigrationResult, migrate
from dashboard.store.rows import ArticleRows, Row, article_sources, as_rows, with_article_source
from dashboard.store.schema import COLUMNS, column_list
from dashboard.store.terms import rows_for_articles

SCHEMES = ("postgresql://", "postgres://")
POOL_MIN = 1
POOL_MAX = 5
CONNECT_TIMEOUT = 10  # seconds to get a first connection (or one from a busy pool)
WRITE_ATTEMPTS = 5
_MAX_PARAMS = 30_000  # per INSERT statement (PostgreSQL allows 65 535)
# pg_advisory_xact_lock key serialising concurrent migrations ("dashboard" in ASCII)
_MIGRATION_LOCK = 0x64617368626F6172
# pg_advisory_xact_lock key serialising the incident step of concurrent writers
_INCIDENT_LOCK = 0x696E636964656E74
# pg_advisory_xact_lock key serialising writers' summary step ("summary" in ASCII)
_SUMMARY_LOCK = 0x73756D6D617279
_RETRYABLE = (pg_errors.DeadlockDetected, pg_errors.SerializationFailure)

# type OIDs of the columns `query` converts the way DuckDB's .df() does
_INT_OIDS = {20, 21, 23}  # int8, int2, int4
_FLOAT_OIDS = {700, 701, 1700}  # float4, float8, numeric
_DATETIME_OIDS = {1082, 1114, 1184}  # date, timestamp, timestamptz


def is_postgres_url(location: str) -> bool:
    return location.startswith(SCHEMES)


def redact(url: str) -> str:
    """The URL without its password, for messages and `Store.location`."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.rsplit("@", 1)
    user = netloc[0].split(":", 1)[0]
    return urlunsplit(parts._replace(netloc=f"{user}:***@{netloc[1]}"))


def pyformat(sql: str) -> str:
    """`?` placeholders -> `%s`, and `%` -> `%%`, leaving `?` inside '…' literals, "…"
    identifiers and -- or /* */ comments alone."""
    out: list[str] = []
    i, n = 0, len(sql)
    while i < n:
        ch = sql[i]
        if ch in ("'", '"'):
            end = sql.find(ch, i + 1)
            end = n if end < 0 else end + 1  # a doubled quote is two adjacent literals
            out.append(sql[i:end].replace("%", "%%"))
            i = end
        elif sql.startswith("--", i):
            end = sql.find("\n", i)
            end = n if end < 0 else end
            out.append(sql[i:end].replace("%", "%%"))
            i = end
        elif sql.startswith("/*", i):
            end = sql.find("*/", i + 2)
            end = n if end < 0 else end + 2
            out.append(sql[i:end].replace("%", "%%"))
            i = end
        elif ch == "?":
            out.append("%s")
            i += 1
        elif ch == "%":
            out.append("%%")
            i += 1
        else:
            out.append(ch)
            i += 1
    return "".join(out)


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _frame(rows: list[tuple], description: Sequence[Any] | None) -> pd.DataFrame:
    """Rows as a DataFrame typed like DuckDB's: dates and timestamps as datetime64,
    integers as int64 (Int64 when some are NULL), numbers as float64."""
    if description is None:
        return pd.DataFrame()
    names = [d.name for d in description]
    df = (
        pd.DataFrame.from_records(rows, columns=names)
        if rows
        else pd.DataFrame({name: pd.Series([], dtype=object) for name in names})
    )
    for i, d in enumerate(description):  # by position: result names may repeat
        values = df.iloc[:, i]
        if d.type_code in _DATETIME_OIDS:
            values = pd.to_datetime(values)
            if getattr(values.dt, "tz", None) is not None:
                values = values.dt.tz_convert(None)
            df.isetitem(i, values.astype("datetime64[us]"))
        elif d.type_code in _INT_OIDS:
            df.isetitem(i, values.astype("Int64" if values.isna().any() else "int64"))
        elif d.type_code in _FLOAT_OIDS:
            df.isetitem(i, values.astype("float64"))
    return df


class _Tx:
    """An open transaction as `dashboard.incidents.build.Tx`."""

    # the incidents' search rows have no `incidents.terms.KEY` (B-trees find the ids)
    search_keyed = False

    def __init__(self, conn: psycopg.Connection) -> None:
        self._conn = conn

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple]:
        cur = self._conn.execute(pyformat(sql), tuple(params))
        return cur.fetchall() if cur.description else []

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        self._conn.execute(pyformat(sql), tuple(params))

    def insert(self, table: str, columns: Sequence[str], rows: list[tuple]) -> None:
        if not rows:
            return
        with (
            self._conn.cursor() as cur,
            cur.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row(row)


class PostgresStore(Store):
    """A PostgreSQL database given by a `postgresql://` URL (libpq syntax: user, password,
    host, port, database and `?sslmode=…` parameters). A writable store migrates the
    schema when it opens; the database itself must exist (`createdb`)."""

    def __init__(self, url: str, read_only: bool = False) -> None:
        self.location = redact(url)
        self.read_only = read_only
        self._url = url
        self._closed = False
        self._lock = threading.Lock()
        self._ready = False  # schema present (cached once true)
        self._fallback: Store | None = None
        self._migrated: MigrationResult | None = None
        kwargs: dict[str, Any] = {"autocommit": False}
        try:
            params = conninfo_to_dict(url)
        except psycopg.ProgrammingError as exc:
            raise StoreError(f"not a valid PostgreSQL URL: {self.location}: {exc}") from exc
        options = params.get("options") or ""
        if read_only:
            options = f"{options} -c default_transaction_read_only=on".strip()
        if "max_parallel_workers_per_gather" not in options:
            # The pages' queries read summaries and indexes and take tens of milliseconds;
            # starting parallel workers costs about as much, and on a shared server under
            # many readers the workers wait for cores (1M events, Incidents page filtered
            # by language: 57 -> 36 ms median). A URL's own options may set it back.
            options = f"{options} -c max_parallel_workers_per_gather=0".strip()
        if options:
            kwargs["options"] = options
        if "application_name" not in params:
            kwargs["application_name"] = "dashboard"
        if "connect_timeout" not in params:
            kwargs["connect_timeout"] = CONNECT_TIMEOUT
        try:  # one direct connection first: fails fast, with the server's own message
            psycopg.connect(url, **kwargs).close()
        except psycopg.Error as exc:
            raise StoreUnavailableError(
                f"cannot connect to {self.location}: {_first_line(exc)}"
            ) from exc
        self._pool = ConnectionPool(
            url,
            min_size=POOL_MIN,
            max_size=POOL_MAX,
            kwargs=kwargs,
            check=ConnectionPool.check_connection,
            timeout=CONNECT_TIMEOUT,
            open=False,
            name="dashboard",
        )
        try:
            self._pool.open(wait=True, timeout=CONNECT_TIMEOUT)
        except PoolTimeout as exc:
            self._pool.close()
            raise StoreUnavailableError(f"cannot connect to {self.location}: {exc}") from exc
        if not read_only:
            try:
                self._migrated = self._migrate()
                self._group_upgraded_events()
            except BaseException:
                self._pool.close()
                raise

    @contextmanager
    def _connection(self) -> Iterator[psycopg.Connection]:
        """A pooled connection: committed when the block ends, rolled back on error."""
        if self._closed:
            raise StoreError(f"{self.location} is closed")
        try:
            with self._pool.connection() as conn:
                yield conn
        except PoolTimeout as exc:
            raise StoreUnavailableError(f"no connection to {self.location}: {exc}") from exc

    def _migrate(self) -> MigrationResult:
        with self._connection() as conn, conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (_MIGRATION_LOCK,))

            def execute(sql: str, params: Sequence[Any]) -> list[tuple]:
                cur = conn.execute(pyformat(sql), tuple(params))
                return cur.fetchall() if cur.description else []

            result = migrate(execute, "postgresql", self.location)
        self._ready = True
        return result

    # -- Store API ---------------------------------------------------------------------

    def migrate(self) -> MigrationResult:
        if self._migrated is None:
            raise StoreError(f"{self.location} was opened read-only")
        return self._migrated

    def exists(self) -> bool:
        if self._ready:
            return True
        with self._connection() as conn:
            row = conn.execute(
                "SELECT to_regclass('schema_version') IS NOT NULL "
                "AND to_regclass('articles') IS NOT NULL"
            ).fetchone()
        self._ready = bool(row and row[0])
        return self._ready

    def data_version(self) -> float:
        """1 + the number of articles: rows are only ever added, and facts only together
        with their article, so this changes with every write that stores anything."""
        if not self.exists():
            return 0.0
        with self._connection() as conn:
            row = conn.execute("SELECT COUNT(*) FROM articles").fetchone()
        return 1.0 + float(row[0] if row else 0)

    def _empty(self) -> Store:
        """In-memory DuckDB with the schema, answering reads before the schema exists."""
        with self._lock:
            if self._fallback is None:
                from dashboard.store.duckdb_store import DuckDBStore

                self._fallback = DuckDBStore(":memory:")
            return self._fallback

    def query(self, sql: str, params: Sequence[Any] = ()) -> pd.DataFrame:
        if not self.exists():
            return self._empty().query(sql, params)
        with self._connection() as conn:
            cur = conn.execute(pyformat(sql), tuple(params))
            rows = cur.fetchall() if cur.description else []
            return _frame(rows, cur.description)

    def article_ids(self) -> set[str]:
        if not self.exists():
            return set()
        with self._connection() as conn:
            return {row[0] for row in conn.execute("SELECT id FROM articles").fetchall()}

    def write(self, extractions: Sequence[Extraction | ArticleRows]) -> WriteResult:
        self._check_writable()
        extractions = list(extractions)
        for attempt in range(WRITE_ATTEMPTS):
            try:
                with self._connection() as conn, conn.transaction():
                    return self._write_batch(conn, extractions)
            except _RETRYABLE:
                if attempt == WRITE_ATTEMPTS - 1:
                    raise
                time.sleep(0.05 * (attempt + 1) + random.random() * 0.05)
        raise AssertionError("unreachable")  # pragma: no cover

    def execute(self, statements: Sequence[tuple[str, Sequence[Any]]]) -> None:
        self._check_writable()
        with self._connection() as conn, conn.transaction():
            for sql, params in statements:
                conn.execute(pyformat(sql), tuple(params))

    def rebuild_incidents(self, rules=None):
        from dashboard.incidents.build import rebuild

        self._check_writable()
        with self._connection() as conn, conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (_INCIDENT_LOCK,))
            return rebuild(_Tx(conn), rules)

    def insert_rows(self, table: str, rows: Sequence[Row]) -> int:
        self._check_writable()
        with self._connection() as conn, conn.transaction():
            rows = with_article_source(
                table, rows, lambda ids: article_sources(_Tx(conn).rows, ids)
            )
            done = _insert(conn, table, sorted(rows, key=lambda r: r["id"]))
            if table == "articles":  # and their search rows, as `write` does
                inserted = set(done)
                fresh = {r["id"]: r for r in reversed(rows) if r["id"] in inserted}
                for name, values in rows_for_articles(fresh.values()).items():
                    _copy(conn, name, values)
            if table in article_counts.COLUMN and done:
                inserted = set(done)
                article_counts.add(
                    _executor(conn), table, [r["article_id"] for r in rows if r["id"] in inserted]
                )
            _summarise(conn, {table: done})
            return len(done)

    def _check_writable(self) -> None:
        if self.read_only:
            raise StoreError(f"{self.location} was opened read-only")

    def _write_batch(
        self, conn: psycopg.Connection, extractions: list[Extraction | ArticleRows]
    ) -> WriteResult:
        first: dict[str, ArticleRows] = {}
        for item in extractions:
            rows = as_rows(item)
            first.setdefault(rows.id, rows)
        now = datetime.now()
        # with their fact counts (store.article_counts): every fact of a new article is new
        articles = [
            _row("articles", (*r.article, now))
            | {c: len(getattr(r, t)) for t, c in article_counts.COLUMN.items()}
            for _, r in sorted(first.items())
        ]
        inserted = set(
            _insert(conn, "articles", articles, (*COLUMNS["articles"], *article_counts.COLUMNS))
        )
        new = [r for aid, r in first.items() if aid in inserted]
        new_ids = {"articles": sorted(inserted)}
        for t in FACT_TABLES:
            new_ids[t] = _insert(
                conn, t, [_row(t, values) for r in new for values in getattr(r, t)]
            )
        added = {t: len(new_ids[t]) for t in FACT_TABLES}
        _copy(conn, "article_terms", [t for r in new for t in r.terms])
        _copy(conn, "article_words", [r.words for r in new if r.words])
        _summarise(conn, new_ids)
        event_ids = [values[0] for r in new for values in r.events]
        if event_ids:
            from dashboard.incidents.build import attach

            # one writer at a time groups reports, so none misses another's incident
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (_INCIDENT_LOCK,))
            attach(_Tx(conn), event_ids)
        return WriteResult(
            new=len(new),
            unchanged=len(extractions) - len(new),
            facts=sum(added.values()),
            **added,
        )

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        self._pool.close()
        if self._fallback is not None:
            self._fallback.close()
            self._fallback = None


def _summarise(conn: psycopg.Connection, new_ids: dict[str, list[str]]) -> None:
    """Fold the rows this transaction inserted into the summary tables, one writer at a
    time (two writers adding the same new key would still add up, but as two rows)."""
    if not any(new_ids.values()):
        return
    conn.execute("SELECT pg_advisory_xact_lock(%s)", (_SUMMARY_LOCK,))
    summaries.add(_executor(conn), new_ids)


def _executor(conn: psycopg.Connection) -> summaries.Execute:
    """`conn` as the store modules' Execute (statements with `?` placeholders)."""

    def execute(sql: str, params: Sequence[Any]) -> list[tuple]:
        cur = conn.execute(pyformat(sql), tuple(params))
        return cur.fetchall() if cur.description else []

    return execute


def _row(table: str, values: tuple) -> Row:
    return dict(zip(COLUMNS[table], values, strict=True))


def _insert(
    conn: psycopg.Connection, table: str, rows: list[Row], columns: Sequence[str] = ()
) -> list[str]:
    """Insert `rows` in order, skipping ids already stored; the ids actually inserted.
    `columns`: the rows' keys to insert, if more than `COLUMNS[table]`."""
    if not rows:
        return []
    columns = tuple(columns) or COLUMNS[table]
    names = ", ".join([column_list(table), *columns[len(COLUMNS[table]) :]])
    per_row = "(" + ", ".join(["%s"] * len(columns)) + ")"
    chunk = max(1, _MAX_PARAMS // len(columns))
    done: list[str] = []
    with conn.cursor() as cur:
        for start in range(0, len(rows), chunk):
            part = rows[start : start + chunk]
            cur.execute(
                f"INSERT INTO {table} ({names}) VALUES "
                + ", ".join([per_row] * len(part))
                + " ON CONFLICT (id) DO NOTHING RETURNING id",
                [row[c] for row in part for c in columns],
            )
            done.extend(r[0] for r in cur.fetchall())
    return done


def _copy(conn: psycopg.Connection, table: str, rows: list[tuple]) -> None:
    """Append `rows` (tuples in `COLUMNS` order) with COPY: the search rows of new
    articles, many per article, need no conflict check (they come only with an article
    this transaction inserted)."""
    if not rows:
        return
    with conn.cursor() as cur, cur.copy(f"COPY {table} ({column_list(table)}) FROM STDIN") as cp:
        for row in rows:
            cp.write_row(row)
