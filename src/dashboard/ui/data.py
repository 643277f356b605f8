"""One read-only store per process and short-lived cached query results.

Results are cached per (database path, file modification time, filters) for a short ttl,
so a re-ingest shows up on the next rerun without restarting the app.
"""

from __future__ import annotations

import os

import pandas as pd
import streamlit as st

from dashboard import query
from dashboard.paths import default_db
from dashboard.store import Store, open_store

TTL_SECONDS = 60


def db_path() -> str:
    return default_db()


def db_version(path: str) -> float:
    """Changes whenever the database (or its write-ahead log) is written."""
    stamps = [os.stat(p).st_mtime for p in (path, f"{path}.wal") if os.path.exists(p)]
    return max(stamps, default=0.0)


@st.cache_resource(show_spinner=False)
def get_store(path: str) -> Store:
    return open_store(path, read_only=True)


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def overview(path: str, version: float) -> query.Overview:
    return query.overview(get_store(path))


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def recent_articles(path: str, version: float, limit: int = 10) -> pd.DataFrame:
    return query.recent_articles(get_store(path), limit)


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def events(path: str, version: float, filters: query.Filters) -> pd.DataFrame:
    return query.events(get_store(path), filters)


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def statements(path: str, version: float, filters: query.Filters) -> pd.DataFrame:
    return query.statements(get_store(path), filters)


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def articles(path: str, version: float, filters: query.Filters) -> pd.DataFrame:
    return query.articles(get_store(path), filters)


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def facets(path: str, version: float) -> query.Facets:
    return query.facets(get_store(path))


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def article(path: str, version: float, article_id: str) -> dict | None:
    return query.article(get_store(path), article_id)


def current() -> tuple[str, float]:
    """(database path, version) for the cache keys of this rerun."""
    path = db_path()
    return path, db_version(path)
