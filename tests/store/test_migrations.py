"""Versioned migrations on both backends: fresh databases, databases from before migrations
existed, an added migration, a failing one, and the `dashboard migrate` command."""

from __future__ import annotations

import shutil

import duckdb
import pytest

from dashboard.cli import main
from dashboard.store import StoreError, open_store
from dashboard.store import migrate as migrate_module
from dashboard.store.migrate import BACKENDS, migrations, split_statements
from dashboard.store.schema import SCHEMA_VERSION

EXTRA = SCHEMA_VERSION + 1  # a version newer than the code's, written by a test


def _versions(location: str) -> list[int]:
    with open_store(location, read_only=True) as store:
        return store.query("SELECT version FROM schema_version ORDER BY version")[
            "version"
        ].tolist()


@pytest.fixture
def extra_migration(monkeypatch, tmp_path):
    """Install a copy of the migrations plus one newer version (EXTRA) for every backend;
    returns a function setting that file's SQL."""
    folder = tmp_path / "migrations"
    shutil.copytree(migrate_module.MIGRATIONS_DIR, folder)
    monkeypatch.setattr(migrate_module, "MIGRATIONS_DIR", folder)
    migrations.cache_clear()

    def set_sql(sql: str) -> None:
        for backend in BACKENDS:
            (folder / backend / f"{EXTRA:04d}_extra.sql").write_text(sql, encoding="utf-8")
        migrations.cache_clear()

    yield set_sql
    migrations.cache_clear()


def test_both_backends_have_the_same_versions():
    for backend in BACKENDS:
        assert [m.version for m in migrations(backend)] == list(range(1, SCHEMA_VERSION + 1))
    assert [m.name for m in migrations("duckdb")] == [m.name for m in migrations("postgresql")]


def test_split_statements_drops_comments_and_splits_at_line_end_semicolons():
    sql = "-- a comment; not a statement\nCREATE TABLE a (x INT);\n\nCREATE TABLE b (\n  y INT\n);"
    assert split_statements(sql) == ["CREATE TABLE a (x INT)", "CREATE TABLE b (\n  y INT\n)"]


def test_fresh_database_is_migrated_once(db_path):
    with open_store(db_path) as store:
        result = store.migrate()
    assert (result.before, result.after) == (0, SCHEMA_VERSION)
    assert result.applied == tuple(range(1, SCHEMA_VERSION + 1))
    with open_store(db_path) as store:
        again = store.migrate()
    assert (again.before, again.after, again.applied) == (SCHEMA_VERSION, SCHEMA_VERSION, ())
    assert _versions(db_path) == list(range(1, SCHEMA_VERSION + 1))


def test_read_only_store_does_not_migrate(db_path):
    with open_store(db_path, read_only=True) as store:
        assert not store.exists()
        with pytest.raises(StoreError, match="read-only"):
            store.migrate()
    with open_store(db_path, read_only=True) as store:
        assert not store.exists()


# The schema as the code before migrations created it (src/dashboard/store/schema.py DDL).
_LEGACY_DDL = [
    "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL, "
    "applied_at TIMESTAMP NOT NULL)",
    "CREATE TABLE IF NOT EXISTS articles (id VARCHAR PRIMARY KEY, source VARCHAR NOT NULL, "
    "title VARCHAR, outlet VARCHAR, published DATE, language VARCHAR, languages VARCHAR, "
    "body VARCHAR NOT NULL, url VARCHAR, ingested_at TIMESTAMP NOT NULL)",
    "CREATE TABLE IF NOT EXISTS places (id VARCHAR PRIMARY KEY, article_id VARCHAR NOT NULL "
    "REFERENCES articles (id), name VARCHAR NOT NULL, surface VARCHAR, lat DOUBLE PRECISION, "
    "lon DOUBLE PRECISION, kind VARCHAR, evidence VARCHAR NOT NULL)",
    "CREATE TABLE IF NOT EXISTS events (id VARCHAR PRIMARY KEY, article_id VARCHAR NOT NULL "
    'REFERENCES articles (id), type VARCHAR NOT NULL, "date" VARCHAR, date_start DATE, '
    "date_precision VARCHAR, place VARCHAR, lat DOUBLE PRECISION, lon DOUBLE PRECISION, "
    'actors VARCHAR, "count" BIGINT, count_qualifier VARCHAR, evidence VARCHAR NOT NULL, '
    "date_source VARCHAR)",
    "CREATE TABLE IF NOT EXISTS statements (id VARCHAR PRIMARY KEY, article_id VARCHAR NOT "
    "NULL REFERENCES articles (id), speaker VARCHAR NOT NULL, speaker_role VARCHAR, side "
    'VARCHAR, "date" VARCHAR, date_start DATE, quote VARCHAR, mode VARCHAR, evidence VARCHAR '
    "NOT NULL)",
    "INSERT INTO schema_version (version, applied_at) VALUES (1, now())",
]


def test_file_from_before_migrations_is_version_1_and_keeps_its_data(duckdb_file, corpus):
    con = duckdb.connect(duckdb_file)
    for statement in _LEGACY_DDL:
        con.execute(statement)
    con.close()
    with open_store(duckdb_file) as store:
        assert store.migrate().applied == tuple(range(2, SCHEMA_VERSION + 1))
        store.write(corpus)
    with open_store(duckdb_file) as store:
        assert store.counts() == {"articles": 3, "places": 2, "events": 5, "statements": 2}
    assert _versions(duckdb_file) == list(range(1, SCHEMA_VERSION + 1))


def test_new_migration_upgrades_an_existing_database(db_path, corpus, extra_migration):
    with open_store(db_path) as store:
        store.write(corpus)
    extra_migration(
        "-- one more version\nCREATE TABLE notes (id VARCHAR PRIMARY KEY, body VARCHAR);\n"
    )
    assert main(["migrate", "--db", db_path]) == 0
    assert _versions(db_path) == list(range(1, EXTRA + 1))
    with open_store(db_path, read_only=True) as store:
        assert store.counts()["articles"] == 3
        assert store.query("SELECT COUNT(*) AS n FROM notes")["n"][0] == 0


def test_failing_migration_leaves_the_previous_version(db_path, extra_migration, capsys):
    open_store(db_path).close()
    extra_migration("CREATE TABLE notes (id VARCHAR);\nTHIS IS NOT SQL;\n")
    assert main(["migrate", "--db", db_path]) == 2
    assert f"{EXTRA:04d}_extra.sql failed, database left at v{SCHEMA_VERSION}" in (
        capsys.readouterr().err
    )
    assert _versions(db_path) == list(range(1, SCHEMA_VERSION + 1))
    with open_store(db_path, read_only=True) as store:
        tables = store.query(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = current_schema() AND table_name = 'notes'"
        )
    assert tables.empty  # the half-applied migration was rolled back


def test_migrate_command_reports_the_version(db_path, capsys):
    assert main(["migrate", "--db", db_path]) == 0
    applied = ", ".join(f"v{v}" for v in range(1, SCHEMA_VERSION + 1))
    assert f"schema v0 -> v{SCHEMA_VERSION} (applied {applied})" in capsys.readouterr().out
    assert main(["migrate", "--db", db_path]) == 0
    assert f"schema v{SCHEMA_VERSION}, up to date" in capsys.readouterr().out


def test_newer_database_is_refused_by_migrate(db_path, capsys):
    from datetime import datetime

    with open_store(db_path) as store:
        store.query(
            "INSERT INTO schema_version (version, applied_at) VALUES (?, ?)",
            [SCHEMA_VERSION + 5, datetime.now()],
        )
    assert main(["migrate", "--db", db_path]) == 2
    assert "newer than this code" in capsys.readouterr().err


def test_upgrade_to_incidents_groups_the_events_already_stored(db_path, corpus):
    """A database from before v4 (events, no incident tables) gets its incidents when
    the migration that creates them runs."""
    with open_store(db_path) as store:
        store.write(corpus)
        events = store.counts()["events"]
    # take it back to v3, as a database written before this version (and before v5)
    if db_path.startswith("postgresql"):
        import psycopg

        with psycopg.connect(db_path, autocommit=True) as conn:
            conn.execute("DROP TABLE fetched_urls")
            conn.execute("DROP TABLE sources")
            conn.execute("DROP TABLE incident_reports")
            conn.execute("DROP TABLE incidents")
            conn.execute("DELETE FROM schema_version WHERE version >= 4")
    else:
        con = duckdb.connect(db_path)
        con.execute("DROP TABLE search_layout")
        con.execute("DROP TABLE fetched_urls")
        con.execute("DROP TABLE sources")
        con.execute("DROP TABLE incident_reports")
        con.execute("DROP TABLE incidents")
        con.execute("DELETE FROM schema_version WHERE version >= 4")
        con.close()
    with open_store(db_path) as store:
        assert 4 in store.migrate().applied
        linked = store.query("SELECT COUNT(*) AS n FROM incident_reports")["n"][0]
        assert linked == events
