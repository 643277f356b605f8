"""PostgreSQL for the benchmarks: a throwaway cluster (as the tests start one,
tests/pg_cluster.py) and a synthetic database loaded into it by bulk COPY.

    .venv/bin/python bench/pg.py --events 100000     # start, load, print the URL, stop

The synthetic database is built once as a DuckDB file (bench/synth.py, cached) and copied
table by table: the project's migrations create the schema, the indexes are dropped,
every table (search rows included) is streamed from DuckDB as CSV into `COPY ... FROM
STDIN`, then the indexes are created again and the tables analysed. Row for row the
same data as the DuckDB file, so both backends answer the same queries over the same
rows; a million events take a few minutes, most of it building the indexes.

The server gets the memory a small team server would have (shared_buffers 2 GB, work_mem
32 MB) and no JIT: compiling a plan costs more than the page queries themselves.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

_HERE = str(Path(__file__).resolve().parent)
sys.path[:] = [p for p in sys.path if str(Path(p or ".").resolve()) != _HERE] + [_HERE]

import common  # noqa: E402
import synth  # noqa: E402

SETTINGS = (
    "-c shared_buffers=2GB -c work_mem=32MB -c maintenance_work_mem=512MB "
    "-c effective_cache_size=8GB -c random_page_cost=1.1 -c jit=off "
    "-c max_wal_size=4GB -c checkpoint_timeout=30min"
)
TABLES = (
    "articles",
    "places",
    "events",
    "statements",
    "article_terms",
    "article_words",
    "incidents",
    "incident_reports",
    "incident_sources",
    "sum_incident_groups",
    "sum_incident_language_groups",
    "sum_incident_outlet_groups",
    "sum_incident_actor_groups",
    "incident_popups",
    "incident_terms",
    "incident_words",
)
_CHUNK = 1 << 20


@contextlib.contextmanager
def cluster() -> Iterator[str]:
    """A throwaway cluster's superuser URL for as long as the context lasts."""
    sys.path.insert(0, str(common.ROOT / "tests"))
    from pg_cluster import throwaway_cluster

    with throwaway_cluster(max_connections=200, settings=SETTINGS) as url:
        yield url


def _secondary_indexes(conn) -> list[tuple[str, str]]:
    """(name, CREATE statement) of every index that is not a primary key."""
    rows = conn.execute(
        "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.schemaname = 'public' "
        "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)"
    ).fetchall()
    return [(r[0], r[1]) for r in rows]


def load(admin_url: str, events: int, name: str | None = None) -> str:
    """A new database on the server of `admin_url` holding the synthetic database of
    `events` events; returns its URL."""
    import duckdb
    import psycopg

    from dashboard.store import article_counts, open_store, summaries
    from dashboard.store.postgres_store import pyformat
    from dashboard.store.schema import COLUMNS, column_list

    source = synth.ensure(events)
    name = name or f"synth_{synth.label(events)}_{uuid.uuid4().hex[:6]}"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(
            f"CREATE DATABASE {name} TEMPLATE template0 ENCODING 'UTF8' "
            "LC_COLLATE 'C' LC_CTYPE 'C.UTF-8'"
        )
    url = admin_url.rsplit("/", 1)[0] + f"/{name}"
    open_store(url).close()  # the project's schema, as migrations create it
    start = time.perf_counter()
    src = duckdb.connect(str(source), read_only=True)
    tmp = Path("/tmp") / f"bench-pg-{uuid.uuid4().hex[:8]}.csv"
    try:
        with psycopg.connect(url, autocommit=True) as conn:
            indexes = _secondary_indexes(conn)
            for index, _ in indexes:
                conn.execute(f"DROP INDEX {index}")
            for table in TABLES:
                if table not in COLUMNS:
                    raise KeyError(table)
                cols = column_list(table)
                if table == "articles":  # with their fact counts (store.article_counts)
                    cols = ", ".join([cols, *article_counts.COLUMNS])
                src.execute(
                    f"COPY (SELECT {cols} FROM {table}) TO '{tmp}' (FORMAT csv, HEADER false)"
                )
                with (
                    conn.cursor() as cur,
                    cur.copy(f"COPY {table} ({cols}) FROM STDIN (FORMAT csv)") as cp,
                    tmp.open("rb") as fh,
                ):
                    while chunk := fh.read(_CHUNK):
                        cp.write(chunk)
                print(f"  {table}: copied at {time.perf_counter() - start:.0f} s", flush=True)
            # the summary tables from the loaded facts, by the store's own SQL
            started = time.perf_counter()

            def execute(sql: str, params) -> list[tuple]:
                cur = conn.execute(pyformat(sql), tuple(params))
                return cur.fetchall() if cur.description else []

            summaries.rebuild(execute)
            print(f"  summaries in {time.perf_counter() - started:.0f} s", flush=True)
            for _, create in indexes:
                conn.execute(create)
            print(f"  indexes built at {time.perf_counter() - start:.0f} s", flush=True)
            # twice if need be: an autovacuum running meanwhile keeps pages from being
            # marked all-visible, and index-only scans (a search's count) need them so
            for _ in range(3):
                conn.execute("VACUUM (ANALYZE)")
                behind = conn.execute(
                    "SELECT COUNT(*) FROM pg_class WHERE relkind = 'r' AND relpages > 0 "
                    "AND relnamespace = 'public'::regnamespace AND relallvisible < relpages"
                ).fetchone()[0]
                if not behind:
                    break
    finally:
        src.close()
        tmp.unlink(missing_ok=True)
    print(f"  {url}: loaded in {time.perf_counter() - start:.0f} s", flush=True)
    return url


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=10_000)
    args = parser.parse_args(argv)
    with cluster() as admin:
        url = load(admin, args.events)
        from dashboard.store import open_store

        with open_store(url, read_only=True) as store:
            print(store.counts())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
