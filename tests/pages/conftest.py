"""The pages run on both backends: `sample_db` follows the test's `backend`."""

from __future__ import annotations

import pytest
import streamlit as st


@pytest.fixture
def sample_db(backend: str, request: pytest.FixtureRequest) -> str:
    """The sample corpus in a database of the test's backend (built once per session)."""
    if backend == "postgresql":
        return request.getfixturevalue("pg_sample_db")
    return request.getfixturevalue("duckdb_sample_db")


@pytest.fixture(autouse=True)
def _fresh_caches():
    """Every page test starts and ends with empty Streamlit caches (the store and query
    results of one test's database must not answer the next one's)."""
    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()
