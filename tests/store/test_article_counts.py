"""Each article's fact counts on its row (store.article_counts) equal what its facts give,
however the rows were written: batches, re-ingest, `dashboard copy` in small batches, and
the migration that adds them (and the search's word pairs) to a database written before
(version 8), whose article lists and phrase searches then answer exactly as they did when
counted from the facts and checked in the words; on both backends."""

from __future__ import annotations

from datetime import date

from older_db import migrations_up_to, raw

from dashboard import query
from dashboard.query import Filters
from dashboard.query.facts import counts_ready
from dashboard.store import article_counts, open_store, summaries
from dashboard.store.copy import frame_rows
from dashboard.store.migrate import backfill_search
from dashboard.store.schema import COLUMNS, column_list

FACTS = tuple(article_counts.COLUMN)


def _kept_and_counted(location: str) -> tuple[list, list]:
    """Every article's counts as kept on its row, and as counted from the facts."""
    counted = ", ".join(
        f"(SELECT COUNT(*) FROM {t} f WHERE f.article_id = a.id) AS {t}" for t in FACTS
    )
    with open_store(location, read_only=True) as store:
        kept = store.query(
            f"SELECT a.id, {', '.join(article_counts.COLUMNS)} FROM articles a ORDER BY a.id"
        )
        facts = store.query(f"SELECT a.id, {counted} FROM articles a ORDER BY a.id")
    return (
        [tuple(int(v) if i else v for i, v in enumerate(r)) for r in kept.itertuples(False)],
        [tuple(int(v) if i else v for i, v in enumerate(r)) for r in facts.itertuples(False)],
    )


def assert_counts_match_facts(location: str) -> None:
    kept, counted = _kept_and_counted(location)
    assert kept == counted
    assert any(sum(row[1:]) for row in kept)


def test_batches_and_reingest_keep_the_counts(db_path, corpus):
    with open_store(db_path) as store:
        store.write(corpus[:2])
        for one in corpus[2:]:
            store.write([one])
        assert store.write(corpus).new == 0  # nothing stored, nothing counted
    assert_counts_match_facts(db_path)


def test_copy_counts_the_facts_it_inserts(tmp_path, db_path, corpus):
    from dashboard.store.copy import copy_store

    source = str(tmp_path / "source.duckdb")
    with open_store(source) as store:
        store.write(corpus)
    with open_store(source, read_only=True) as src, open_store(db_path) as target:
        copy_store(src, target, batch=3)  # facts arrive in several batches
        copy_store(src, target, batch=3)  # again: nothing new, nothing counted twice
    assert_counts_match_facts(db_path)


# -- an upgrade from version 8 --------------------------------------------------------------

V8 = 8


def _create_v8(location: str, tmp_path) -> None:
    """An empty database at version 8 at `location` (the migrations up to it only)."""
    with migrations_up_to(V8, tmp_path / "migrations_v8"):
        open_store(location).close()


def _write_v8(source: str, target: str) -> None:
    """The rows of `source` (a current database) in `target` (at version 8), as the
    code of version 8 would have written them: search rows and summaries included."""
    execute, close = raw(target)
    try:
        with open_store(source, read_only=True) as src:
            for table in ("articles", *FACTS):
                rows = frame_rows(table, src.query(f"SELECT {column_list(table)} FROM {table}"))
                # the columns the table had then (later versions added some)
                had = {
                    r[0]
                    for r in execute(
                        "SELECT column_name FROM information_schema.columns WHERE table_name = ?",
                        (table,),
                    )
                }
                cols = [c for c in COLUMNS[table] if c in had]
                names = ", ".join(f'"{c}"' for c in cols)
                marks = ", ".join("?" for _ in cols)
                for row in rows:
                    execute(
                        f"INSERT INTO {table} ({names}) VALUES ({marks})", [row[c] for c in cols]
                    )
        backfill_search(execute)
        summaries.rebuild(execute, groups=False)  # no figure groups before 0015
    finally:
        close()


ORDERS = [(), (("events", False),), (("places", True), ("title", False))]
LISTS = [
    Filters(),
    Filters(types=("evacuation",)),
    Filters(languages=("en",), date_from=date(2023, 1, 1)),
    Filters(text="Stepanakert"),
    Filters(text="Stepanakert", languages=("en",)),
    # phrases: read from the word pairs, which the migration adds (before: the words)
    Filters(text='"Nikol Pashinyan"'),
    Filters(text='"Pashinyan said Armenia" war'),
    Filters(text='"Armenia Pashinyan"'),
]


def _lists(store) -> list:
    out = []
    for f in LISTS:
        for order in ORDERS:
            for limit in (3, None):
                df = query.articles(store, f, limit, order)
                out.append(df.drop(columns=["ingested_at"]).to_dict("records"))
    return out


def test_a_v8_database_upgrades_and_lists_the_same(tmp_path, db_path, corpus):
    source = str(tmp_path / "source.duckdb")
    with open_store(source) as store:
        store.write(corpus)
    with open_store(source, read_only=True) as store:
        current = _lists(store)
    _create_v8(db_path, tmp_path)
    _write_v8(source, db_path)
    with open_store(db_path, read_only=True) as old:
        assert not counts_ready(old)
        before = _lists(old)  # counted from the facts
    assert before == current
    with open_store(db_path) as store:
        assert article_counts.VERSION in store.migrate().applied
    assert_counts_match_facts(db_path)
    with open_store(db_path, read_only=True) as new:
        assert counts_ready(new)
        assert _lists(new) == before
