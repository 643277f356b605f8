"""Migration 0016: PostgreSQL reads the incidents whose span overlaps a date filter from
covering indexes (`incidents_span`, and `incidents_type_dates` with a type), with the
same answers as scanning the table and as DuckDB; `sum_figure_groups` holds one row per
type group and day; a version 15 database upgrades to both."""

from __future__ import annotations

import time
from datetime import date

import pandas as pd
import pytest
from older_db import back_to, raw
from test_summaries import assert_summaries_match_facts

from dashboard.query import Filters, summary
from dashboard.query import incidents as inc
from dashboard.store import figure_groups, open_store
from dashboard.store.postgres_store import pyformat

SPANS = (
    (date(2023, 9, 19), date(2023, 10, 15)),  # the exodus: the bench's slow view
    (date(2023, 9, 25), date(2023, 9, 25)),  # one day
    (None, date(2023, 1, 31)),
    (date(2023, 10, 1), None),
    (date(2019, 1, 1), date(2030, 12, 31)),  # every dated incident
    (date(2030, 1, 1), date(2030, 12, 31)),  # none
)


def _views(types: tuple[str, ...]) -> list[tuple[Filters, int]]:
    views = []
    for start, end in SPANS:
        for chosen in ((), types[:1], types[:2]):
            for n in (1, 2):
                views.append((Filters(date_from=start, date_to=end, types=chosen), n))
    return views


def _groups(store, views) -> list[list[tuple]]:
    """Each view's groups, sorted, with plain values (dates as dates, NaN as None)."""

    def cell(value):
        if isinstance(value, pd.Timestamp):
            return value.date()
        if value is None or (not isinstance(value, str) and pd.isna(value)):
            return None
        return value.item() if hasattr(value, "item") else value

    out = []
    for f, n in views:
        df = inc.incident_groups(store, f, n)
        out.append(
            sorted((tuple(cell(v) for v in r) for r in df.itertuples(index=False)), key=repr)
        )
    return out


def _types(location: str) -> tuple[str, ...]:
    with open_store(location, read_only=True) as store:
        found = store.query("SELECT type, COUNT(*) AS n FROM incidents GROUP BY type")
    return tuple(found.sort_values(["n", "type"], ascending=[False, True])["type"])


def test_span_views_answer_the_same_on_both_backends(duckdb_sample_db, pg_sample_db):
    views = _views(_types(duckdb_sample_db))
    with open_store(duckdb_sample_db, read_only=True) as duck:
        expected = _groups(duck, views)
    with open_store(pg_sample_db, read_only=True) as pg:
        assert _groups(pg, views) == expected
    assert sum(map(len, expected[:4])) and not expected[-1]


def _statements(location: str, views) -> list[tuple[str, list]]:
    """The SQL and parameters `incident_groups` sends for each view (not its questions
    to the catalog)."""
    sent: list[tuple[str, list]] = []
    with open_store(location, read_only=True) as store:
        real = store.query
        store.query = lambda sql, params=(): sent.append((sql, list(params))) or real(sql, params)
        for f, n in views:
            inc.incident_groups(store, f, n)
    return [(sql, p) for sql, p in sent if "FROM incidents i" in sql]


def test_span_filter_reads_the_covering_indexes_with_the_scans_answers(pg_sample_db):
    """With sequential scans and bitmaps off (the sample is too small for the planner to
    prefer an index), the span views are index-only scans of the covering indexes,
    answering as the table's scan does."""
    psycopg = pytest.importorskip("psycopg")
    types = _types(pg_sample_db)
    statements = _statements(pg_sample_db, _views(types))
    assert len(statements) == len(_views(types))

    def run(conn) -> list:
        return [
            sorted(map(repr, conn.execute(pyformat(sql), tuple(p)).fetchall()))
            for sql, p in statements
        ]

    with psycopg.connect(pg_sample_db, autocommit=True) as conn:
        # the pages all-visible, as autovacuum leaves them in time, so that an index-only
        # scan is the cheapest, not a toss-up with any index on a date (no rows change).
        # INDEX_CLEANUP ON: a page keeping the few dead items of the ingest's updates,
        # which VACUUM leaves to a later run when there are this few, is not all-visible;
        # again if need be, as bench/pg.py does (an autovacuum may be running meanwhile)
        for _ in range(20):
            conn.execute("VACUUM (ANALYZE, INDEX_CLEANUP ON) incidents")
            pages, visible = conn.execute(
                "SELECT relpages, relallvisible FROM pg_class WHERE relname = 'incidents'"
            ).fetchone()
            if visible == pages:
                break
            time.sleep(0.2)
        assert visible == pages
    with psycopg.connect(pg_sample_db) as conn:
        conn.execute("SET enable_indexscan = off")
        conn.execute("SET enable_indexonlyscan = off")
        conn.execute("SET enable_bitmapscan = off")
        scanned = run(conn)
        conn.execute("RESET ALL")
        conn.execute("SET enable_seqscan = off")
        conn.execute("SET enable_bitmapscan = off")
        indexed = run(conn)
        plans = {}
        for sql, p in statements[:6]:  # the exodus: no type, one type, two types
            plan = conn.execute(pyformat(f"EXPLAIN {sql}"), tuple(p)).fetchall()
            plans[sql] = "\n".join(r[0] for r in plan)
    assert indexed == scanned
    assert any(scanned)
    for sql, plan in plans.items():
        # of some types: either index (which, on a sample this small, is the planner's
        # toss); of all types: the span's
        typed = "WHERE i.type" in sql or "AND i.type" in sql
        indexes = ("incidents_span", "incidents_type_dates") if typed else ("incidents_span",)
        assert any(f"Index Only Scan using {index} " in plan for index in indexes), plan


def _keys(location: str) -> set[str]:
    execute, close = raw(location)
    try:
        if location.startswith("postgresql"):
            rows = execute("SELECT indexname FROM pg_indexes WHERE schemaname = 'public'")
        else:
            rows = execute("SELECT index_name FROM duckdb_indexes()")
        return {r[0] for r in rows}
    finally:
        close()


def _back_to_v15(location: str) -> None:
    """Undo migration 0016 (a database written before it), and leave a second row for a
    type group and day, as a writer without the keys might have."""
    if location.startswith("postgresql"):
        drops = [
            "DROP INDEX incidents_span",
            "DROP INDEX incidents_type_dates",
            "CREATE INDEX incidents_type_dates ON incidents (type, date_start, date_end)",
            "DROP INDEX sum_figure_groups_day",
            "DROP INDEX sum_figure_groups_undated",
            "CREATE INDEX sum_figure_groups_types ON sum_figure_groups (types, date_start)",
        ]
    else:
        drops = ["DROP INDEX sum_figure_groups_day"]
    table = figure_groups.TABLE
    columns = figure_groups.COLUMNS
    drops.append(
        f"INSERT INTO {table} ({columns}) SELECT {columns} FROM {table} "
        f"WHERE date_start = (SELECT MIN(date_start) FROM {table})"
    )
    back_to(location, 15, drops)


def _answers(store, views) -> list:
    people = {"evacuation": "people", "displacement": "people"}
    days = summary.figure_days(store, Filters(), ("evacuation", "displacement"), people)
    return [_groups(store, views), days.to_dict("records")]


def test_a_v15_database_upgrades(db_path, corpus):
    """Migration 0016 on a version 15 database: the indexes are made, the figures per
    type group and day recomputed one row per group and day (a duplicate left before is
    gone), and the answers are those before the upgrade."""
    with open_store(db_path) as store:
        store.write(corpus)
    views = _views(_types(db_path))
    with open_store(db_path, read_only=True) as store:
        before = _answers(store, views)
    _back_to_v15(db_path)
    assert "sum_figure_groups_day" not in _keys(db_path)
    with open_store(db_path) as store:
        assert figure_groups.KEYED_VERSION in store.migrate().applied
        assert _answers(store, views) == before
    assert_summaries_match_facts(db_path)  # one row per group and day again
    keys = _keys(db_path)
    assert "sum_figure_groups_day" in keys
    if db_path.startswith("postgresql"):
        assert {"incidents_span", "incidents_type_dates", "sum_figure_groups_undated"} <= keys
    # the key refuses a second row for a group and day
    execute, close = raw(db_path)
    try:
        columns = figure_groups.COLUMNS
        with pytest.raises(Exception, match="(?i)duplicate|unique"):
            execute(
                f"INSERT INTO {figure_groups.TABLE} ({columns}) "
                f"SELECT {columns} FROM {figure_groups.TABLE} LIMIT 1"
            )
    finally:
        close()


def test_an_undated_figure_keeps_one_row_per_group(db_path, corpus):
    """Undated figures (a NULL day, which no primary key could hold) are one row per
    group however many batches add to them, on both backends."""
    from dashboard.models import Article, Event, Extraction

    def undated(i: int) -> Extraction:
        text = f"Some {100 + i} people were evacuated."
        article = Article(
            id=f"undated-{i}",
            source=f"u{i}.txt",
            body=text,
            title="Undated",
            outlet=f"Outlet {i}",
            published=None,
            language="en",
            languages=["en"],
        )
        event = Event("evacuation", text, count=100 + i, count_qualifier="exact")
        return Extraction(article, events=[event])

    with open_store(db_path) as store:
        store.write(corpus)
        store.write([undated(1)])
        store.write([undated(2), undated(3)])
        held = store.query(
            f"SELECT types, n, outlets FROM {figure_groups.TABLE} WHERE date_start IS NULL"
        )
    assert sorted(map(tuple, held.itertuples(index=False))) == [
        ("displacement,evacuation", 3, 3),
        ("evacuation", 3, 3),
    ]
    assert_summaries_match_facts(db_path)
