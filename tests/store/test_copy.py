"""`dashboard copy`: a local DuckDB file into the test's backend (PostgreSQL: the team
database), row for row, and again without duplicating anything."""

from __future__ import annotations

import pandas as pd

from dashboard.cli import main
from dashboard.query import table
from dashboard.store import TABLES, open_store


def _tables(location: str) -> dict[str, list]:
    with open_store(location, read_only=True) as store:
        out = {}
        for name in TABLES:
            df = table(store, name)
            out[name] = df.astype(object).where(pd.notna(df), None).values.tolist()
    return out


def test_copy_duckdb_file_into_backend_then_again(tmp_path, db_path, corpus, capsys):
    local = str(tmp_path / "local.duckdb")
    with open_store(local) as store:
        store.write(corpus)
    assert main(["copy", "--from", f"duckdb:{local}", "--to", db_path]) == 0
    out = capsys.readouterr().out
    assert "articles: 3 copied; places: 2 copied; events: 5 copied; statements: 2 copied" in out
    assert _tables(db_path) == _tables(local)  # ids, ingest times, JSON text: all as stored

    assert main(["copy", "--from", local, "--to", db_path, "--batch-size", "2"]) == 0
    assert "articles: 0 copied, 3 already there" in capsys.readouterr().out
    with open_store(db_path, read_only=True) as store:
        assert store.counts() == {"articles": 3, "places": 2, "events": 5, "statements": 2}


def test_copy_back_and_merge(tmp_path, populated_db, corpus):
    """The other direction, into a DuckDB file that already holds one of the articles."""
    local = str(tmp_path / "back.duckdb")
    with open_store(local) as store:
        store.write(corpus[:1])
    assert main(["copy", "--from", populated_db, "--to", f"duckdb:{local}"]) == 0
    with open_store(local, read_only=True) as store:
        assert store.counts() == {"articles": 3, "places": 2, "events": 5, "statements": 2}


def test_copy_from_missing_database_is_an_error(tmp_path, db_path, capsys):
    assert main(["copy", "--from", str(tmp_path / "none.duckdb"), "--to", db_path]) == 2
    assert "no database at" in capsys.readouterr().err
