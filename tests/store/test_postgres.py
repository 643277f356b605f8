"""What only the PostgreSQL store does: placeholder translation, read-only sessions, a
pool shared by threads, concurrent writers, unreachable servers, hidden passwords."""

from __future__ import annotations

import threading
from dataclasses import replace

import psycopg
import pytest

from dashboard.store import StoreError, StoreUnavailableError, open_store
from dashboard.store.postgres_store import POOL_MAX, pyformat, redact


def test_pyformat_translates_placeholders_outside_literals_only():
    assert pyformat("SELECT a FROM t WHERE b = ? AND c IN (?, ?)") == (
        "SELECT a FROM t WHERE b = %s AND c IN (%s, %s)"
    )
    assert pyformat("SELECT '?', \"?\" FROM t WHERE x LIKE ? ESCAPE '\\'") == (
        "SELECT '?', \"?\" FROM t WHERE x LIKE %s ESCAPE '\\'"
    )
    assert pyformat("SELECT 'it''s ?' -- why?\n, ? /* ? */") == (
        "SELECT 'it''s ?' -- why?\n, %s /* ? */"
    )
    assert pyformat("SELECT 5 % 2, '100%' WHERE a = ?") == "SELECT 5 %% 2, '100%%' WHERE a = %s"


def test_redact_hides_only_the_password():
    assert redact("postgresql://u:secret@db:5432/x?sslmode=require") == (
        "postgresql://u:***@db:5432/x?sslmode=require"
    )
    assert redact("postgresql://u@db/x") == "postgresql://u@db/x"


def test_location_never_shows_the_password(pg_server, pg_url):
    with psycopg.connect(pg_server.admin_url, autocommit=True) as conn:
        conn.execute("CREATE ROLE reader_pw LOGIN PASSWORD 's3cret-pw'")
    url = pg_url.replace("postgres@", "reader_pw:s3cret-pw@")
    with open_store(url, read_only=True) as store:
        assert "s3cret-pw" not in store.location and "reader_pw:***@" in store.location


def test_like_escape_and_unicode_lower_work_as_in_duckdb(pg_url):
    with open_store(pg_url) as store:
        df = store.query(
            "SELECT LOWER('ИЛЬХАМ Ärger') AS low, "
            "'50%_off' LIKE ? ESCAPE '\\' AS lit, 'a' < 'B' AS bytewise",
            ["50\\%\\_off"],
        )
    assert df["low"][0] == "ильхам ärger"
    assert bool(df["lit"][0]) is True


def test_read_only_sessions_refuse_writes_even_through_raw_sql(pg_url, corpus):
    with open_store(pg_url) as store:
        store.write(corpus)
    with open_store(pg_url, read_only=True) as store:
        with pytest.raises(StoreError):
            store.write(corpus)
        with pytest.raises(psycopg.errors.ReadOnlySqlTransaction):
            store.query("DELETE FROM articles")
        assert store.counts()["articles"] == 3


def test_unreachable_server_is_a_clear_error():
    with pytest.raises(StoreUnavailableError, match="cannot connect"):
        open_store("postgresql://nobody:pw@127.0.0.1:9/none?connect_timeout=2", read_only=True)


def test_missing_database_is_a_clear_error(pg_server):
    with pytest.raises(StoreUnavailableError, match="does not exist"):
        open_store(pg_server.url_of("no_such_database"))


def test_one_pool_serves_many_threads(pg_url, corpus):
    with open_store(pg_url) as store:
        store.write(corpus)
    errors: list[BaseException] = []
    with open_store(pg_url, read_only=True) as store:

        def read() -> None:
            try:
                for _ in range(10):
                    assert store.counts()["articles"] == 3
            except BaseException as exc:  # reported below
                errors.append(exc)

        threads = [threading.Thread(target=read) for _ in range(POOL_MAX * 3)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=60)
    assert not errors


def test_concurrent_writers_in_threads_store_each_article_once(pg_url, corpus):
    """Eight writers, each with its own store (pool), write overlapping batches at once."""
    many = [
        replace(ex, article=replace(ex.article, id=f"{ex.article.id}-{n}"))
        for n in range(20)
        for ex in corpus
    ]
    open_store(pg_url).close()
    results, errors = [], []
    barrier = threading.Barrier(8)

    def writer(k: int) -> None:
        try:
            batch = many[k * 5 :] + many[: k * 5]  # the same articles, other orders
            with open_store(pg_url) as store:
                barrier.wait(timeout=30)
                results.append(store.write(list(reversed(batch)) if k % 2 else batch))
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(k,)) for k in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not errors, errors
    assert sum(r.new for r in results) == len(many)
    assert sum(r.facts for r in results) == 9 * 20
    with open_store(pg_url, read_only=True) as store:
        assert store.counts() == {"articles": 60, "places": 40, "events": 100, "statements": 40}


def test_sessions_plan_without_parallel_workers_unless_the_url_says(pg_url):
    """The pages' short queries run in one process (worker start-up costs what they
    save); a URL's own `options` decide otherwise."""
    with open_store(pg_url) as store:
        shown = store.query("SELECT current_setting('max_parallel_workers_per_gather') AS n")
        assert shown["n"].tolist() == ["0"]
    sep = "&" if "?" in pg_url else "?"
    own = f"{pg_url}{sep}options=-c%20max_parallel_workers_per_gather%3D2"
    with open_store(own, read_only=True) as store:
        shown = store.query("SELECT current_setting('max_parallel_workers_per_gather') AS n")
        assert shown["n"].tolist() == ["2"]
