"""The summary tables (store.summaries) hold exactly what the facts give, however they were
written: one batch, many batches, re-ingest, `dashboard copy`, the migration that creates
them on a database that already had facts; on both backends. The query-level answers
(summary tables against the fact tables) are compared in tests/query/test_summary.py."""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import date

import pandas as pd
import pytest
from older_db import back_to
from store_tx import store_tx

from dashboard import query
from dashboard.query import Filters, summary
from dashboard.store import figure_groups, open_store, summaries
from dashboard.store.copy import copy_store
from dashboard.store.migrate import MIGRATIONS_DIR, split_statements


def _cell(value):
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    if hasattr(value, "item"):
        value = value.item()
    return round(value, 6) if isinstance(value, float) else value


def _contents(store, cube: summaries.Cube) -> list[tuple]:
    """A cube's rows merged by key (as every query aggregates them), sorted."""
    dims = [d[0] for d in cube.dims]
    aggs = []
    for name, _, agg, _ in cube.measures:
        fn = agg.split("(")[0]
        aggs.append(f"{'SUM' if fn in ('COUNT', 'SUM') else fn}({name}) AS {name}")
    df = store.query(
        f"SELECT {', '.join(dims)}, {', '.join(aggs)} FROM {cube.name} GROUP BY {', '.join(dims)}"
    )
    return sorted((tuple(_cell(v) for v in row) for row in df.itertuples(index=False)), key=repr)


def _expected(store, cube: summaries.Cube) -> list[tuple]:
    """The cube computed from every fact now."""
    cols = [d[0] for d in cube.dims] + [m[0] for m in cube.measures]
    df = store.query(f"SELECT {', '.join(cols)} FROM ({cube.select()}) x")
    return sorted((tuple(_cell(v) for v in row) for row in df.itertuples(index=False)), key=repr)


def _figure_groups(store) -> list[tuple]:
    df = store.query(f"SELECT {figure_groups.COLUMNS} FROM {figure_groups.TABLE}")
    return sorted((tuple(_cell(v) for v in row) for row in df.itertuples(index=False)), key=repr)


def _expected_figure_groups(store) -> list[tuple]:
    """The figures per type group and day computed from every counted event now (one
    row per group and day: a recomputed day leaves no second row)."""
    outlet = "COALESCE(NULLIF(a.outlet, ''), 'unknown outlet')"
    aggs = f'COUNT(*), MIN(e."count"), MAX(e."count"), COUNT(DISTINCT {outlet})'
    source = 'events e JOIN articles a ON a.id = e.article_id WHERE e."count" IS NOT NULL'
    parts = [f"SELECT e.type, e.date_start, {aggs} FROM {source} GROUP BY 1, 2"]
    for group in figure_groups.GROUPS:
        listed = ", ".join(f"'{t}'" for t in group)
        parts.append(
            f"SELECT '{','.join(group)}', e.date_start, {aggs} FROM {source} "
            f"AND e.type IN ({listed}) GROUP BY 2"
        )
    df = store.query(" UNION ALL ".join(parts))
    return sorted((tuple(_cell(v) for v in row) for row in df.itertuples(index=False)), key=repr)


def assert_summaries_match_facts(location: str) -> None:
    with open_store(location, read_only=True) as store:
        for cube in summaries.CUBES:
            assert _contents(store, cube) == _expected(store, cube), cube.name
        assert _figure_groups(store) == _expected_figure_groups(store)
        assert _figure_groups(store)  # the corpus has figures
        # one row per article in the per-article cubes, which `query.facts` reads as
        # they are (a write inserts a new article's rows instead of merging them)
        for cube in summaries.ARTICLE_COUNT_CUBES.values():
            rows, keys = store.query(f"SELECT COUNT(*), COUNT(DISTINCT k) FROM {cube.name}").iloc[0]
            assert rows == keys > 0, cube.name


def test_the_migration_files_create_the_cubes():
    for backend in ("duckdb", "postgresql"):
        text = (MIGRATIONS_DIR / backend / "0006_summaries.sql").read_text("utf-8")
        assert split_statements(text) == split_statements(summaries.migration_sql(backend))


def test_one_batch_and_many_batches_and_reingest(db_path, corpus):
    with open_store(db_path) as store:
        store.write(corpus[:1])
        store.write(corpus[1:3])
        for one in corpus[3:]:
            store.write([one])
        first = {c.name: _contents(store, c) for c in summaries.CUBES}
        assert any(first.values())
        assert store.write(corpus).new == 0  # re-ingest: nothing stored, nothing counted
        assert {c.name: _contents(store, c) for c in summaries.CUBES} == first
    assert_summaries_match_facts(db_path)


def _pending_rows(store) -> int:
    """Pending rows in all cubes (DuckDB's deferred deltas; PostgreSQL merges each)."""
    end = summaries.PENDING_END
    parts = [f"SELECT COUNT(*) AS n FROM {c.name} WHERE k < {end}" for c in summaries.CUBES]
    return int(store.query(f"SELECT SUM(n) AS n FROM ({' UNION ALL '.join(parts)}) x").iloc[0, 0])


@pytest.mark.parametrize("merge_every_write", [False, True], ids=["pending", "settled"])
def test_pending_rows_and_their_merge_answer_the_same(
    db_path, corpus, backend, monkeypatch, merge_every_write
):
    """DuckDB appends each write's deltas as pending rows and merges a cube once they are
    many: the answers are the facts' with pending rows, after merges, and once every
    pending row is merged; the queries give what PostgreSQL's merged cubes give."""
    if merge_every_write:  # every write's pending rows merged at once (the thresholds met)
        monkeypatch.setattr(summaries, "PENDING_MIN", 0)
        monkeypatch.setattr(summaries, "PENDING_SHARE", 0)
    with open_store(db_path) as store:
        store.write(corpus[:2])
        for one in corpus[2:]:
            store.write([one])
        pending = _pending_rows(store)
        if backend == "duckdb" and not merge_every_write:
            assert pending > 0
        else:
            assert pending == 0
        assert store.write(corpus).new == 0
        answers = _answers(store)
    assert_summaries_match_facts(db_path)
    if backend == "duckdb":  # every cube merged by force: the same rows, none pending
        with open_store(db_path) as store:
            with store_tx(store) as tx:
                execute = tx.rows
                merged = [summaries.settle(execute, cube, force=True) for cube in summaries.CUBES]
            assert any(merged) != merge_every_write
            assert _pending_rows(store) == 0
            for cube in summaries.CUBES:  # one row per key, the key its dims'
                key = cube.key(d[0] for d in cube.dims)
                rows, keys, wrong = store.query(
                    f"SELECT COUNT(*), COUNT(DISTINCT k), COUNT(*) FILTER (WHERE k <> {key}) "
                    f"FROM {cube.name}"
                ).iloc[0]
                assert rows == keys and wrong == 0, cube.name
            assert _answers(store) == answers
        assert_summaries_match_facts(db_path)


def test_a_name_that_sorts_among_the_pending_rows_is_merged_as_itself(db_path, corpus, monkeypatch):
    """A place name starting with a control character puts its merged row among the
    pending ones (`k < PENDING_END`): merging it again keeps it under its own key, not
    that of the name without the character (stored too)."""
    monkeypatch.setattr(summaries, "PENDING_MIN", 0)
    monkeypatch.setattr(summaries, "PENDING_SHARE", 0)
    odd = [
        replace(one, places=[*one.places, *(replace(p, name="\x01" + p.name) for p in one.places)])
        for one in corpus
    ]
    with open_store(db_path) as store:
        for one in odd:
            store.write([one])
    assert_summaries_match_facts(db_path)


def test_copy_keeps_the_summaries(tmp_path, db_path, corpus):
    source = str(tmp_path / "source.duckdb")
    with open_store(source) as store:
        store.write(corpus)
    with open_store(source, read_only=True) as src, open_store(db_path) as target:
        copy_store(src, target, batch=3)  # facts arrive in several batches
        copy_store(src, target, batch=3)  # again: nothing new, nothing counted twice
    assert_summaries_match_facts(db_path)


def _back_to_v5(location: str) -> None:
    """Drop what migration 0006 created, as in a database written before it (and, on
    DuckDB, what 0007 created: it runs again after 0006)."""
    drops = [f"DROP TABLE {c.name}" for c in summaries.CUBES]
    if not location.startswith("postgresql"):
        drops.insert(0, "DROP TABLE search_layout")
    back_to(location, 5, drops)


FILTERS = [
    Filters(),
    Filters(types=("evacuation",), languages=("en",)),
    Filters(date_from=date(2023, 9, 1), date_to=date(2023, 9, 30)),
    Filters(outlets=("OC Media",)),
]


def _answers(store) -> list:
    out = [query.overview(store).events, query.facets(store)]
    for f in FILTERS:
        groups = summary.map_groups(store, f)
        out.append(sorted(map(repr, groups.itertuples(index=False))))
        for monthly in (False, True):
            timeline = summary.statement_timeline(store, f, monthly=monthly)
            out.append(sorted(map(repr, timeline.itertuples(index=False))))
        days = summary.figure_days(store, f, ("evacuation", "displacement"), {})
        out.append(days.to_dict("records"))
        people = {"evacuation": "people", "displacement": "people"}
        days = summary.figure_days(store, f, ("evacuation", "displacement", "casualties"), people)
        out.append(days.to_dict("records"))
        out.append(summary.count_events(store, f))
    out.append(summary.statement_span(store))
    out.append(summary.event_span(store))
    return out


def test_a_v5_database_upgrades_and_answers_the_same(db_path, corpus):
    with open_store(db_path) as store:
        store.write(corpus)
    _back_to_v5(db_path)
    with open_store(db_path, read_only=True) as old:
        assert not summary.summaries_ready(old)
        before = _answers(old)  # from the facts
    with open_store(db_path) as store:
        assert summaries.SUMMARY_VERSION in store.migrate().applied
    assert_summaries_match_facts(db_path)
    with open_store(db_path, read_only=True) as new:
        assert summary.summaries_ready(new)
        assert _answers(new) == before


def test_a_v14_database_upgrades_and_answers_the_same(db_path, corpus):
    """Migration 0015 fills the figures per type group and day from the stored facts;
    the daily range reads them afterwards, with the answers it gave before."""
    with open_store(db_path) as store:
        store.write(corpus)
    back_to(db_path, 14, [f"DROP TABLE {figure_groups.TABLE}"])
    with open_store(db_path, read_only=True) as old:
        assert not summary.figure_groups_ready(old)
        before = _answers(old)  # from the figure cubes
    with open_store(db_path) as store:
        assert figure_groups.VERSION in store.migrate().applied
    assert_summaries_match_facts(db_path)
    with open_store(db_path, read_only=True) as new:
        assert summary.figure_groups_ready(new)
        assert _answers(new) == before


@pytest.mark.parametrize("cube", summaries.CUBES, ids=lambda c: c.name)
def test_every_cube_is_picked_only_when_it_has_the_columns(cube):
    assert summaries.pick([cube], cube.dim_names) is cube
    assert summaries.pick([cube], {"no such column"}) is None
