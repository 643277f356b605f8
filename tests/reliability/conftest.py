"""Fixtures for the reliability tests (issue 5: bad input, crash safety, idempotency,
readers and writers together). Figures go to tests/artifacts/reliability.json."""

from __future__ import annotations

from pathlib import Path

import pytest
from reliability_helpers import (
    BIG_CORPUS,
    check_database,
    parse_summary,
    run_cli,
    save_figures,
    write_marked_corpus,
)


@pytest.fixture(scope="session", autouse=True)
def _reliability_figures():
    yield
    save_figures()


@pytest.fixture(scope="session")
def big_corpus(tmp_path_factory) -> Path:
    """A folder of BIG_CORPUS distinct small articles (sample copies with a marker)."""
    folder = tmp_path_factory.mktemp("big") / "articles"
    write_marked_corpus(folder, BIG_CORPUS)
    return folder


@pytest.fixture(scope="session")
def big_corpus_clean(big_corpus, tmp_path_factory) -> dict:
    """One uninterrupted `dashboard ingest` of the big corpus: its database, counts and
    reported summary, the reference for the crash and the readers-and-writers tests."""
    db = str(tmp_path_factory.mktemp("clean") / "clean.duckdb")
    done = run_cli("ingest", str(big_corpus), "--db", db, timeout=900)
    assert done.returncode == 0, done.stderr[-2000:]
    summary = parse_summary(done.stdout)
    assert summary["new"] == BIG_CORPUS and summary["failed"] == 0, summary
    return {"db": db, "counts": check_database(db), "summary": summary}
