"""The store on a real DuckDB file and a real PostgreSQL database (`backend`): schema,
round trip, idempotence, transactions. DuckDB-only behaviour uses `duckdb_file`."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from dataclasses import replace
from datetime import date, datetime

import pytest

from dashboard.models import Event
from dashboard.store import StoreBusyError, StoreError, open_store
from dashboard.store.rows import fact_id, parse_day, period_start
from dashboard.store.schema import SCHEMA_VERSION


def _tables(location: str) -> set[str]:
    with open_store(location, read_only=True) as store:
        df = store.query(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
        )
    return set(df["table_name"])


def test_open_creates_schema_and_version(db_path):
    with open_store(db_path) as store:
        assert store.counts() == {"articles": 0, "places": 0, "events": 0, "statements": 0}
        version = store.query("SELECT version FROM schema_version")
    assert version["version"].tolist() == list(range(1, SCHEMA_VERSION + 1))
    assert {"articles", "places", "events", "statements", "schema_version"} <= _tables(db_path)


def test_write_then_read_back(db_path, corpus):
    with open_store(db_path) as store:
        result = store.write(corpus)
    assert (result.new, result.unchanged) == (3, 0)
    assert (result.places, result.events, result.statements) == (2, 5, 2)
    assert result.facts == 9
    with open_store(db_path, read_only=True) as store:
        assert store.counts() == {"articles": 3, "places": 2, "events": 5, "statements": 2}
        assert store.article_ids() == {"art-en", "art-ru", "art-hy"}
        row = store.query("SELECT * FROM articles WHERE id = ?", ["art-ru"]).iloc[0]
        assert row["published"].date() == date(2023, 9, 30)
        assert json.loads(row["languages"]) == ["ru", "en"]
        assert row["body"].startswith("В Армению")
        ev = store.query(
            'SELECT "date", date_start, date_precision, actors, "count" FROM events WHERE type = ?',
            ["humanitarian"],
        ).iloc[0]
        assert ev["date"] == "2023-10" and ev["date_start"].date() == date(2023, 10, 1)
        assert ev["date_precision"] == "month" and json.loads(ev["actors"]) == []


def test_rewrite_is_idempotent(db_path, corpus):
    with open_store(db_path) as store:
        store.write(corpus)
        before = store.counts()
        again = store.write(corpus)
        assert (again.new, again.unchanged, again.facts) == (0, 3, 0)
        assert store.counts() == before
    # a later process sees the same and rewrites nothing either
    with open_store(db_path) as store:
        assert store.write(corpus[:1]).unchanged == 1
        assert store.counts() == before


def test_changed_facts_of_stored_article_are_not_rewritten(db_path, corpus):
    with open_store(db_path) as store:
        store.write(corpus)
        altered = replace(corpus[0], events=[Event("protest", "Different evidence.")])
        assert store.write([altered]).unchanged == 1
        assert store.query("SELECT COUNT(*) AS n FROM events WHERE type = 'protest'")["n"][0] == 0


def test_duplicates_within_one_batch_are_stored_once(db_path, corpus):
    first = corpus[0]
    doubled = replace(first, places=first.places * 2, events=first.events * 2)
    with open_store(db_path) as store:
        result = store.write([doubled, first])
        assert (result.new, result.unchanged) == (1, 1)
        assert store.counts() == {"articles": 1, "places": 1, "events": 1, "statements": 1}


def test_failed_batch_rolls_back_and_keeps_previous_batch(db_path, corpus):
    with open_store(db_path) as store:
        store.write(corpus[:1])
        # the article and its places are inserted before the bad event count fails
        bad = replace(corpus[2], events=[Event("casualties", "x", count="lots")])  # type: ignore[arg-type]
        with pytest.raises(Exception):  # noqa: B017 - any driver error must roll back
            store.write([corpus[1], bad])
        assert store.counts()["articles"] == 1
        # the connection is still usable after the rollback
        assert store.write(corpus[1:2]).new == 1
    with open_store(db_path, read_only=True) as store:
        assert store.article_ids() == {"art-en", "art-ru"}
        assert store.counts()["events"] == 3


def test_read_only_on_missing_file_is_empty_and_creates_nothing(tmp_path):
    path = tmp_path / "sub" / "none.duckdb"
    with open_store(str(path), read_only=True) as store:
        assert not store.exists()
        assert store.counts()["articles"] == 0
        assert store.article_ids() == set()
    assert not path.exists() and not path.parent.exists()


def test_read_only_store_refuses_writes(populated_db, corpus):
    with open_store(populated_db, read_only=True) as store, pytest.raises(StoreError):
        store.write(corpus)


def test_reader_opened_before_the_file_sees_it_later(db_path, corpus):
    reader = open_store(db_path, read_only=True)
    assert reader.counts()["articles"] == 0
    with open_store(db_path) as writer:
        writer.write(corpus)
    assert reader.exists() and reader.counts()["articles"] == 3
    reader.close()


def test_newer_schema_is_refused(db_path):
    with open_store(db_path) as store:
        # a writable store runs any SQL through query(); only tests do this
        store.query(
            "INSERT INTO schema_version (version, applied_at) VALUES (?, ?)",
            [SCHEMA_VERSION + 1, datetime.now()],
        )
    with pytest.raises(StoreError, match="newer"):
        open_store(db_path)


def test_open_store_defaults_to_dashboard_db(monkeypatch, tmp_path, corpus):
    path = tmp_path / "env.duckdb"
    monkeypatch.setenv("DASHBOARD_DB", str(path))
    with open_store() as store:
        store.write(corpus[:1])
        assert store.location == str(path)
    assert path.is_file()


def test_second_writer_process_gets_busy_error(duckdb_file):
    db_path = duckdb_file
    with open_store(db_path):
        pass
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(
                f"""
                import sys, time
                from dashboard.store import open_store
                s = open_store({db_path!r})
                print("ready", flush=True)
                sys.stdin.read()
                """
            ),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "ready"
        with pytest.raises(StoreBusyError):
            open_store(db_path)
    finally:
        holder.communicate("", timeout=30)


def test_period_start_and_parse_day():
    assert period_start("2023-09-19") == date(2023, 9, 19)
    assert period_start("2023-09") == date(2023, 9, 1)
    assert period_start("2023") == date(2023, 1, 1)
    assert (
        period_start("2023-13") is None and period_start("") is None and period_start(None) is None
    )
    assert parse_day("2023-09-19") == date(2023, 9, 19)
    assert parse_day("2023-09") is None and parse_day("yesterday") is None


def test_fact_ids_are_stable_and_distinguish_content():
    assert fact_id("a", 1, None) == fact_id("a", 1, None)
    assert fact_id("a", None) != fact_id("a", "")
    assert len(fact_id("x")) == 20
