"""The pages run on both backends: `sample_db` follows the test's `backend`."""

from __future__ import annotations

import pytest


@pytest.fixture
def sample_db(backend: str, request: pytest.FixtureRequest) -> str:
    """The sample corpus in a database of the test's backend (built once per session)."""
    if backend == "postgresql":
        return request.getfixturevalue("pg_sample_db")
    return request.getfixturevalue("duckdb_sample_db")
